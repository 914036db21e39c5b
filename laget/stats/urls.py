from django.urls import path

from laget.stats import views

app_name = "stats"
urlpatterns = [
    path("statistik/", views.index, name="index"),
    path("statistik/kommun/", views.municipality_jump, name="municipality_jump"),
    path("statistik/import/", views.import_upload, name="import"),
    path("statistik/import/<int:stats_batch_id>/", views.batch_detail, name="batch"),
    path(
        "statistik/import/<int:stats_batch_id>/bekrafta/", views.batch_confirm, name="batch_confirm"
    ),
    path(
        "statistik/import/<int:stats_batch_id>/kassera/", views.batch_discard, name="batch_discard"
    ),
    path(
        "statistik/kommun/<str:municipality_code>/",
        views.municipality_detail,
        name="municipality",
    ),
    path("statistik/lan/<str:scb_county_code>/", views.county_comparison, name="county"),
    path(
        "statistik/lan/<str:scb_county_code>/jamforelse.csv",
        views.county_comparison_csv,
        name="county_csv",
    ),
    path(
        "statistik/lan/<str:scb_county_code>/tratt.png",
        views.county_funnel_png,
        name="county_png",
    ),
]
