from django.urls import path

from laget.dialogues import views

app_name = "dialogues"
BASE = "samverkan/<int:collaboration_id>/dialoger/"

urlpatterns = [
    path(BASE, views.dialogue_list, name="list"),
    path(BASE + "ny/", views.dialogue_create, name="create"),
    path(BASE + "<int:dialogue_id>/", views.dialogue_detail, name="detail"),
    path(BASE + "<int:dialogue_id>/andra/", views.dialogue_update, name="update"),
    path(BASE + "<int:dialogue_id>/ta-bort/", views.dialogue_delete, name="delete"),
]
