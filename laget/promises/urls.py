from django.urls import path

from laget.promises import views

app_name = "promises"
P = "samverkan/<int:collaboration_id>/medborgarloften/"
PROMISE = P + "<int:promise_id>/"
ACTIVITY = P + "aktivitet/<int:activity_id>/"
urlpatterns = [
    path(P, views.promise_list, name="list"),
    path(P + "nytt/", views.promise_create, name="create"),
    path(P + "installningar/", views.promise_settings, name="settings"),
    path(PROMISE, views.promise_detail, name="detail"),
    path(PROMISE + "andra/", views.promise_edit, name="edit"),
    path(PROMISE + "klar/", views.promise_ready, name="ready"),
    path(PROMISE + "utkast/", views.promise_back_to_draft, name="back_to_draft"),
    path(PROMISE + "aterkalla/", views.promise_withdraw, name="withdraw"),
    path(PROMISE + "underteckna/", views.promise_sign, name="sign"),
    path(PROMISE + "aktivitet/ny/", views.activity_add, name="activity_add"),
    path(
        PROMISE + "aktivitet/fran-atgard/",
        views.activity_from_measure,
        name="activity_from_measure",
    ),
    path(ACTIVITY, views.activity_detail, name="activity_detail"),
    path(ACTIVITY + "andra/", views.activity_edit, name="activity_edit"),
    path(ACTIVITY + "ta-bort/", views.activity_remove, name="activity_remove"),
    path(PROMISE + "uppfoljning/", views.follow_up, name="follow_up"),
    path(PROMISE + "fornya/", views.promise_renew, name="renew"),
]
