from django.urls import path

from laget.annual import views

app_name = "annual"
urlpatterns = [
    path("samverkan/<int:collaboration_id>/arshjul/", views.wheel, name="wheel"),
    path(
        "samverkan/<int:collaboration_id>/arshjul/ny/",
        views.milestone_create,
        name="milestone_create",
    ),
    path(
        "samverkan/<int:collaboration_id>/arshjul/standard/",
        views.defaults_add,
        name="defaults_add",
    ),
    path(
        "samverkan/<int:collaboration_id>/arshjul/<int:milestone_id>/",
        views.milestone_update,
        name="milestone_update",
    ),
    path(
        "samverkan/<int:collaboration_id>/arshjul/<int:milestone_id>/ta-bort/",
        views.milestone_delete,
        name="milestone_delete",
    ),
    path(
        "samverkan/<int:collaboration_id>/arshjul/kalender/ny/",
        views.feed_create,
        name="feed_create",
    ),
    path(
        "samverkan/<int:collaboration_id>/arshjul/kalender/aterkalla/",
        views.feed_revoke,
        name="feed_revoke",
    ),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
    path("samverkan/<int:collaboration_id>/lagkrav/", views.compliance, name="compliance"),
]
