from django.urls import path

from laget.planning import followup_views, plan_views, trace_views, views

app_name = "planning"
P = "samverkan/<int:collaboration_id>/planering/"
PROBLEM = P + "problem/<int:problem_id>/"
ANALYSIS = PROBLEM + "orsaksanalys/"
GOAL = P + "mal/<int:goal_id>/"
PLAN = P + "atgardsplan/<int:plan_id>/"
MEASURE = P + "atgard/<int:measure_id>/"
INDICATOR = P + "indikator/<int:indicator_id>/"
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
    # step 4: goals, indicators and the åtgärdsplan
    path(P + "mal/", plan_views.goal_list, name="goal_list"),
    path(P + "mal/smart/", plan_views.smart_check, name="smart_check"),
    path(PROBLEM + "mal/nytt/", plan_views.goal_create, name="goal_create"),
    path(GOAL, plan_views.goal_detail, name="goal_detail"),
    path(GOAL + "andra/", plan_views.goal_edit, name="goal_edit"),
    path(GOAL + "indikator/", plan_views.indicator_create, name="indicator_create"),
    path(INDICATOR, plan_views.indicator_detail, name="indicator_detail"),
    path(INDICATOR + "matning/", plan_views.measurement_add, name="measurement_add"),
    path(P + "atgardsplan/", plan_views.plan_list, name="plan_list"),
    path(PLAN, plan_views.plan_detail, name="plan_detail"),
    path(PLAN + "anta/", plan_views.plan_adopt, name="plan_adopt"),
    path(PLAN + "atgard/ny/", plan_views.measure_create, name="measure_create"),
    path(MEASURE, plan_views.measure_detail, name="measure_detail"),
    path(MEASURE + "moment/", plan_views.measure_step_add, name="measure_step_add"),
    path(
        MEASURE + "moment/<int:step_id>/",
        plan_views.measure_step_mark,
        name="measure_step_mark",
    ),
    # traceability (spårbarhet): one URL per kind whose id keyword names its own kind of object
    # (problem_id, cause_id …), so the isolation test fills each with an object of that kind
    path(
        P + "sparbarhet/problem/<int:problem_id>/",
        trace_views.trace_object,
        {"kind": "problem"},
        name="trace_problem",
    ),
    path(
        P + "sparbarhet/orsak/<int:cause_id>/",
        trace_views.trace_object,
        {"kind": "cause"},
        name="trace_cause",
    ),
    path(
        P + "sparbarhet/mal/<int:goal_id>/",
        trace_views.trace_object,
        {"kind": "goal"},
        name="trace_goal",
    ),
    path(
        P + "sparbarhet/indikator/<int:indicator_id>/",
        trace_views.trace_object,
        {"kind": "indicator"},
        name="trace_indicator",
    ),
    path(
        P + "sparbarhet/atgard/<int:measure_id>/",
        trace_views.trace_object,
        {"kind": "measure"},
        name="trace_measure",
    ),
    path(
        P + "sparbarhet/lagesbild/<int:picture_id>/kategori/<int:category_id>/",
        trace_views.trace_cell,
        name="trace_cell_all",
    ),
    path(
        P + "sparbarhet/lagesbild/<int:picture_id>/kategori/<int:category_id>/"
        "omrade/<int:area_id>/",
        trace_views.trace_cell,
        name="trace_cell",
    ),
]

# step 5: follow-up of measures (followup_views.py)
FOLLOW_UP = MEASURE + "uppfoljning/<int:followup_id>/"
urlpatterns += [
    path(MEASURE + "uppfoljning/ny/", followup_views.followup_create, name="followup_create"),
    path(MEASURE + "uppfoljning/effekt/", followup_views.effect_create, name="effect_create"),
    path(FOLLOW_UP, followup_views.followup_detail, name="followup_detail"),
    path(FOLLOW_UP + "diagram.png", followup_views.followup_chart, name="followup_chart"),
    path(PLAN + "uppfoljning/rapport.pdf", followup_views.report_pdf, name="report_pdf"),
    path(PLAN + "uppfoljning/rapport.docx", followup_views.report_docx, name="report_docx"),
    path(PLAN + "uppfoljning/sammanfattning/", followup_views.report_public, name="report_public"),
]
