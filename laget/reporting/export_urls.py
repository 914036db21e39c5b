from django.urls import path

from laget.reporting import export_views

app_name = "report_exports"
urlpatterns = [
    path(
        "samverkan/<int:collaboration_id>/rapporter/export/csv/",
        export_views.report_csv,
        name="csv",
    ),
    path(
        "samverkan/<int:collaboration_id>/rapporter/export/xlsx/",
        export_views.report_xlsx,
        name="xlsx",
    ),
]
