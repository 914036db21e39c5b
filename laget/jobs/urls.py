from django.urls import path

from laget.jobs import views

app_name = "jobs"

JOB = "samverkan/<int:collaboration_id>/export/<int:job_id>/"
urlpatterns = [
    path(JOB, views.job_detail, name="detail"),
    path(f"{JOB}fil/", views.job_download, name="download"),
]
