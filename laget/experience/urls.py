from django.urls import path

from laget.experience import views

app_name = "experience"
urlpatterns = [
    path("erfarenhetsbank/", views.bank, name="bank"),
    path("erfarenhetsbank/<int:entry_id>/", views.entry_detail, name="detail"),
    path("erfarenhetsbank/<int:entry_id>/andra/", views.entry_update, name="update"),
    path("erfarenhetsbank/<int:entry_id>/publicera/", views.entry_publish, name="publish"),
    path("erfarenhetsbank/<int:entry_id>/aterkalla/", views.entry_withdraw, name="withdraw"),
    path(
        "samverkan/<int:collaboration_id>/erfarenhetsbank/",
        views.own_list,
        name="own_list",
    ),
    path(
        "samverkan/<int:collaboration_id>/erfarenhetsbank/atgard/<int:measure_id>/",
        views.entry_create,
        name="create",
    ),
]
