from django.urls import path

from laget.organisations import views

app_name = "organisations"
urlpatterns = [
    path("samverkan/<int:collaboration_id>/", views.overview, name="overview"),
    path(
        "samverkan/<int:collaboration_id>/parter/",
        views.organisation_list,
        name="organisation_list",
    ),
    path("samverkan/<int:collaboration_id>/grupper/", views.group_list, name="group_list"),
    path(
        "samverkan/<int:collaboration_id>/personer/", views.membership_list, name="membership_list"
    ),
    path("samverkan/<int:collaboration_id>/beslut/", views.decision_list, name="decision_list"),
    path(
        "samverkan/<int:collaboration_id>/beslut/nytt/",
        views.decision_create,
        name="decision_create",
    ),
    path(
        "samverkan/<int:collaboration_id>/beslut/<int:decision_id>/",
        views.decision_detail,
        name="decision_detail",
    ),
    path("lan/<str:county_code>/", views.county, name="county"),
]
