from django.urls import path

from laget.organisations import views
from laget.regional import views as regional_views

app_name = "organisations"
urlpatterns = [
    path("samverkan/<int:collaboration_id>/", views.overview, name="overview"),
    path(
        "samverkan/<int:collaboration_id>/parter/",
        views.organisation_list,
        name="organisation_list",
    ),
    path("samverkan/<int:collaboration_id>/parter/ny/", views.party_create, name="party_create"),
    path(
        "samverkan/<int:collaboration_id>/parter/befintlig/",
        views.party_add,
        name="party_add",
    ),
    path(
        "samverkan/<int:collaboration_id>/parter/<int:organisation_id>/verksamheter/ny/",
        views.unit_create,
        name="unit_create",
    ),
    path("samverkan/<int:collaboration_id>/grupper/", views.group_list, name="group_list"),
    path("samverkan/<int:collaboration_id>/grupper/ny/", views.group_create, name="group_create"),
    path(
        "samverkan/<int:collaboration_id>/grupper/<int:group_id>/",
        views.group_detail,
        name="group_detail",
    ),
    path(
        "samverkan/<int:collaboration_id>/grupper/<int:group_id>/andra/",
        views.group_update,
        name="group_update",
    ),
    path(
        "samverkan/<int:collaboration_id>/grupper/<int:group_id>/ledamoter/ny/",
        views.group_seat_add,
        name="group_seat_add",
    ),
    path(
        "samverkan/<int:collaboration_id>/grupper/<int:group_id>/ledamoter/<int:seat_id>/ta-bort/",
        views.group_seat_remove,
        name="group_seat_remove",
    ),
    path(
        "samverkan/<int:collaboration_id>/personer/", views.membership_list, name="membership_list"
    ),
    path(
        "samverkan/<int:collaboration_id>/personer/ny/",
        views.membership_create,
        name="membership_create",
    ),
    path(
        "samverkan/<int:collaboration_id>/personer/<int:membership_id>/avsluta/",
        views.membership_end,
        name="membership_end",
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
    # issue 7: the county overview moved to laget.regional (the name stays organisations:county)
    path("lan/<str:county_code>/", regional_views.county_overview, name="county"),
]
