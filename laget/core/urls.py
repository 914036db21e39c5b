from django.urls import path

from laget.core import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("om/", views.about, name="about"),
    path("samverkan/<int:collaboration_id>/steg/<int:step>/", views.step, name="step"),
]
