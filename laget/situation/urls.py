from django.urls import path

from laget.situation import views

app_name = "situation"
urlpatterns = [
    path("samverkan/<int:collaboration_id>/lagesbild/", views.index, name="index"),
    path(
        "samverkan/<int:collaboration_id>/lagesbild/grupp/<int:group_id>/",
        views.group_picture,
        name="group",
    ),
    path(
        "samverkan/<int:collaboration_id>/lagesbild/grupp/<int:group_id>/alla/",
        views.picture_list,
        name="picture_list",
    ),
    path(
        "samverkan/<int:collaboration_id>/lagesbild/grupp/<int:group_id>/installningar/",
        views.settings,
        name="settings",
    ),
    path(
        "samverkan/<int:collaboration_id>/lagesbild/grupp/<int:group_id>/period/<str:period>/",
        views.group_picture,
        name="period",
    ),
    path(
        "samverkan/<int:collaboration_id>/lagesbild/grupp/<int:group_id>/period/<str:period>/"
        "sammanstall/",
        views.picture_compile,
        name="compile",
    ),
    path(
        "samverkan/<int:collaboration_id>/lagesbild/grupp/<int:group_id>/period/<str:period>/"
        "bedomning/",
        views.picture_write,
        name="write",
    ),
    path(
        "samverkan/<int:collaboration_id>/lagesbild/version/<int:picture_id>/",
        views.picture_detail,
        name="picture",
    ),
    path(
        "samverkan/<int:collaboration_id>/lagesbild/version/<int:picture_id>/faststall/",
        views.picture_adopt,
        name="adopt",
    ),
    path(
        "samverkan/<int:collaboration_id>/lagesbild/grupp/<int:group_id>/period/<str:period>/"
        "part/<int:organisation_id>/",
        views.party_picture,
        name="party",
    ),
    path(
        "samverkan/<int:collaboration_id>/lagesbild/part/<int:party_picture_id>/",
        views.party_picture_detail,
        name="party_detail",
    ),
    path(
        "samverkan/<int:collaboration_id>/lagesbild/part/<int:party_picture_id>/dela/",
        views.party_picture_share,
        name="party_share",
    ),
]
