from django.urls import path

from laget.planning import views

app_name = "planning"
P = "samverkan/<int:collaboration_id>/planering/"
PROBLEM = P + "problem/<int:problem_id>/"
ANALYSIS = PROBLEM + "orsaksanalys/"
urlpatterns = [
    path(P + "problem/", views.problem_list, name="problem_list"),
    path(P + "problem/nytt/", views.problem_create, name="problem_create"),
    path(
        P + "problem/fran-mote/<int:agenda_item_id>/",
        views.problem_from_agenda_item,
        name="problem_from_agenda_item",
    ),
    path(
        P + "problem/fran-larm/<int:picture_id>/<int:alert_index>/",
        views.problem_from_alert,
        name="problem_from_alert",
    ),
    path(P + "prioritering/", views.priority_matrix, name="matrix"),
    path(PROBLEM, views.problem_detail, name="problem_detail"),
    path(PROBLEM + "andra/", views.problem_edit, name="problem_edit"),
    path(PROBLEM + "prioritering/", views.priority_assess, name="assess"),
    path(PROBLEM + "godkann/", views.priority_approve, name="approve"),
    path(PROBLEM + "status/", views.problem_status, name="status"),
    path(PROBLEM + "underlag/", views.evidence_add, name="evidence_add"),
    path(ANALYSIS, views.analysis_page, name="analysis"),
    path(ANALYSIS + "orsak/", views.cause_add, name="cause_add"),
    path(ANALYSIS + "orsak/<int:cause_id>/varfor/", views.cause_add, name="cause_why"),
    path(ANALYSIS + "kedja/", views.event_step_add, name="event_step_add"),
    path(ANALYSIS + "hypotes/", views.hypothesis_add, name="hypothesis_add"),
    path(
        ANALYSIS + "hypotes/<int:hypothesis_id>/",
        views.hypothesis_result,
        name="hypothesis_result",
    ),
]
