from django.urls import path

from laget.programmes import views

app_name = "programmes"
P = "lan/<str:county_code>/program/"
PROGRAMME = P + "<int:programme_id>/"
AREA = P + "omrade/<int:dev_area_id>/"
PLAN = P + "aktivitetsplan/<int:activity_plan_id>/"
urlpatterns = [
    path("program/mina/", views.my_programmes, name="mine"),
    path(PROGRAMME + "deltagare/ny/", views.participant_add, name="participant_add"),
    path(
        P + "deltagare/<int:prog_participant_id>/ta-bort/",
        views.participant_remove,
        name="participant_remove",
    ),
    path(P, views.programme_list, name="list"),
    path(P + "nytt/", views.programme_create, name="create"),
    path(PROGRAMME, views.programme_detail, name="detail"),
    path(PROGRAMME + "andra/", views.programme_edit, name="edit"),
    path(PROGRAMME + "dokument/nytt/", views.document_add, name="document_add"),
    path(PROGRAMME + "undertecknare/ny/", views.signatory_add, name="signatory_add"),
    path(PROGRAMME + "beslut/nytt/", views.decision_add, name="decision_add"),
    path(P + "beslut/<int:sg_decision_id>/andra/", views.decision_edit, name="decision_edit"),
    path(P + "beslut/<int:sg_decision_id>/ta-bort/", views.decision_delete, name="decision_delete"),
    path(P + "dokument/<int:prog_document_id>/andra/", views.document_edit, name="document_edit"),
    path(
        P + "dokument/<int:prog_document_id>/ta-bort/",
        views.document_delete,
        name="document_delete",
    ),
    path(P + "medlem/<int:wg_member_id>/andra/", views.member_edit, name="member_edit"),
    path(P + "mote/<int:wg_meeting_id>/andra/", views.meeting_edit, name="meeting_edit"),
    path(P + "mote/<int:wg_meeting_id>/ta-bort/", views.meeting_delete, name="meeting_delete"),
    path(P + "aktivitet/<int:prog_activity_id>/andra/", views.activity_edit, name="activity_edit"),
    path(
        P + "aktivitet/<int:prog_activity_id>/ta-bort/",
        views.activity_delete,
        name="activity_delete",
    ),
    path(PROGRAMME + "styrgruppsunderlag/", views.pack_download, name="pack"),
    path(PROGRAMME + "omrade/nytt/", views.area_create, name="area_create"),
    path(
        P + "undertecknare/<int:prog_signatory_id>/andra/",
        views.signatory_edit,
        name="signatory_edit",
    ),
    path(AREA, views.area_detail, name="area"),
    path(AREA + "andra/", views.area_edit, name="area_edit"),
    path(AREA + "medlem/ny/", views.member_add, name="member_add"),
    path(AREA + "mote/nytt/", views.meeting_add, name="meeting_add"),
    path(AREA + "aktivitetsplan/ny/", views.plan_create, name="plan_create"),
    path(AREA + "resultat/nytt/", views.result_create, name="result_create"),
    path(P + "medlem/<int:wg_member_id>/avslutad/", views.member_end, name="member_end"),
    path(PLAN + "skicka-in/", views.plan_submit, name="plan_submit"),
    path(PLAN + "kvalitetssakra/", views.plan_quality_assure, name="plan_quality_assure"),
    path(PLAN + "atervisa/", views.plan_return, name="plan_return"),
    path(PLAN + "presentera/", views.plan_present, name="plan_present"),
    path(PLAN + "aktivitet/ny/", views.activity_add, name="activity_add"),
    path(P + "aktivitet/<int:prog_activity_id>/", views.activity_update, name="activity_update"),
    path(P + "resultat/<int:prog_result_id>/", views.result_edit, name="result_edit"),
]
