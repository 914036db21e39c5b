from django.urls import path

from laget.geography import views

app_name = "geography"
urlpatterns = [
    path("samverkan/<int:collaboration_id>/omraden/", views.area_list, name="area_list"),
    path("samverkan/<int:collaboration_id>/omraden/nytt/", views.area_create, name="area_create"),
    path(
        "samverkan/<int:collaboration_id>/omraden/<int:area_id>/",
        views.area_detail,
        name="area_detail",
    ),
    path(
        "samverkan/<int:collaboration_id>/omraden/<int:area_id>/andra/",
        views.area_update,
        name="area_update",
    ),
]
