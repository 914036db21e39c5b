from django.urls import path

from laget.reporting import import_views

app_name = "imports"
urlpatterns = [
    path(
        "samverkan/<int:collaboration_id>/rapporter/import/",
        import_views.import_upload,
        name="upload",
    ),
    path(
        "samverkan/<int:collaboration_id>/rapporter/import/<int:batch_id>/",
        import_views.import_batch,
        name="batch",
    ),
    path(
        "samverkan/<int:collaboration_id>/rapporter/import/<int:batch_id>/kolumner/",
        import_views.import_mapping,
        name="mapping",
    ),
    path(
        "samverkan/<int:collaboration_id>/rapporter/import/<int:batch_id>/importera/",
        import_views.import_confirm,
        name="confirm",
    ),
    path(
        "samverkan/<int:collaboration_id>/rapporter/import/<int:batch_id>/avbryt/",
        import_views.import_cancel,
        name="cancel",
    ),
]
