from django.urls import path

from laget.situation import export_views

app_name = "situation_exports"

PICTURE = "samverkan/<int:collaboration_id>/lagesbild/version/<int:picture_id>/"
urlpatterns = [
    path(f"{PICTURE}export/word/", export_views.picture_docx, name="docx"),
    path(f"{PICTURE}export/pdf/", export_views.picture_pdf, name="pdf"),
    path(f"{PICTURE}export/tabell-csv/", export_views.table_csv, name="table_csv"),
    path(f"{PICTURE}export/tabell-xlsx/", export_views.table_xlsx, name="table_xlsx"),
    path(f"{PICTURE}export/geojson/", export_views.points_geojson, name="geojson"),
    path(f"{PICTURE}offentlig/", export_views.public_version, name="public"),
    path(f"{PICTURE}offentlig/pdf/", export_views.public_pdf, name="public_pdf"),
]
