from django.urls import include, path

from laget.public import views

app_name = "public"

PUBLIC = "offentligt/<slug:municipality>/"
PROMISE = f"{PUBLIC}medborgarloften/<int:public_promise_id>/"

#: The coordinator's publishing buttons: signed in, in their own namespace, so that the
#: isolation test treats them as internal pages (``public:publishing:…``).
publishing_patterns = (
    [
        path(
            "samverkan/<int:collaboration_id>/lagesbild/version/<int:picture_id>/publicera/",
            views.summary_publish,
            name="summary_publish",
        ),
        path(
            "samverkan/<int:collaboration_id>/offentligt/sammanfattning/<int:summary_id>/"
            "avpublicera/",
            views.summary_unpublish,
            name="summary_unpublish",
        ),
    ],
    "publishing",
)

urlpatterns = [
    path("offentligt/", views.index, name="index"),
    path(PUBLIC, views.municipality, name="municipality"),
    path(PROMISE, views.promise_detail, name="promise"),
    path(f"{PROMISE}affisch.pdf", views.promise_poster, name="promise_poster"),
    path(f"{PUBLIC}arkiv/", views.archive, name="archive"),
    path(f"{PUBLIC}lagesbild/", views.summary_list, name="summary_list"),
    path(f"{PUBLIC}lagesbild/<int:summary_id>/", views.summary_detail, name="summary"),
    path(f"{PUBLIC}karta/", views.map_page, name="map"),
    path(f"{PUBLIC}karta/rutor.geojson", views.map_geojson, name="map_geojson"),
    path("", include(publishing_patterns)),
]
