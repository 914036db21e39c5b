from django.urls import path

from laget.situation import meeting_views as views

app_name = "meetings"
M = "samverkan/<int:collaboration_id>/moten/<int:meeting_id>/"
urlpatterns = [
    path(
        "samverkan/<int:collaboration_id>/lagesbild/grupp/<int:group_id>/moten/",
        views.meeting_list,
        name="list",
    ),
    path(
        "samverkan/<int:collaboration_id>/lagesbild/grupp/<int:group_id>/moten/nytt/",
        views.meeting_create,
        name="create",
    ),
    path(M, views.meeting_detail, name="detail"),
    path(M + "protokoll/", views.meeting_minutes, name="minutes"),
    path(M + "narvaro/", views.meeting_attendance, name="attendance"),
    path(M + "punkt/<int:item_id>/", views.item_decide, name="decide"),
    path(M + "atgard/<int:action_id>/", views.action_status, name="action_status"),
    path(
        "samverkan/<int:collaboration_id>/eskaleringar/", views.escalation_list, name="escalations"
    ),
    path(
        "samverkan/<int:collaboration_id>/eskaleringar/<int:escalation_id>/svar/",
        views.escalation_answer,
        name="escalation_answer",
    ),
]
