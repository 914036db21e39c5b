from django.urls import path

from laget.agreements import views

app_name = "agreements"
BASE = "samverkan/<int:collaboration_id>/overenskommelser/"
ONE = BASE + "<int:agreement_id>/"

urlpatterns = [
    path(BASE, views.agreement_list, name="list"),
    path(BASE + "ny/", views.agreement_create, name="create"),
    path(BASE + "firmatecknare/", views.authority_list, name="authorities"),
    path(
        BASE + "firmatecknare/<int:authority_id>/avsluta/",
        views.authority_end,
        name="authority_end",
    ),
    path(ONE, views.agreement_detail, name="detail"),
    path(ONE + "andra/", views.agreement_update, name="update"),
    path(ONE + "skicka/", views.agreement_send, name="send"),
    path(ONE + "utkast/", views.agreement_to_draft, name="to_draft"),
    path(ONE + "underteckna/", views.agreement_sign, name="sign"),
    path(ONE + "ny-version/", views.agreement_new_version, name="new_version"),
    path(ONE + "ta-bort/", views.agreement_delete, name="delete"),
    path(ONE + "pdf/", views.agreement_pdf, name="pdf"),
]
