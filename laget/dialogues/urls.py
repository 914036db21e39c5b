from django.urls import path

from laget.dialogues import views

app_name = "dialogues"
BASE = "samverkan/<int:collaboration_id>/dialoger/"
WALKS = BASE + "trygghetsvandringar/"
WALK = WALKS + "<int:walk_id>/"
REMARK = WALK + "anmarkningar/<int:remark_id>/"

urlpatterns = [
    path(BASE, views.dialogue_list, name="list"),
    path(BASE + "ny/", views.dialogue_create, name="create"),
    path(BASE + "<int:dialogue_id>/", views.dialogue_detail, name="detail"),
    path(BASE + "<int:dialogue_id>/andra/", views.dialogue_update, name="update"),
    path(BASE + "<int:dialogue_id>/ta-bort/", views.dialogue_delete, name="delete"),
    # issue 6: the citizen-dialogue checklist / the staff dialogue's agenda and units
    path(BASE + "<int:dialogue_id>/planering/", views.dialogue_plan, name="plan"),
    path(BASE + "<int:dialogue_id>/bjud-in/", views.dialogue_invite, name="invite"),
    # issue 6: trygghetsvandringar
    path(WALKS, views.walk_list, name="walk_list"),
    path(WALKS + "ny/", views.walk_create, name="walk_create"),
    path(WALK, views.walk_detail, name="walk_detail"),
    path(WALK + "andra/", views.walk_update, name="walk_update"),
    path(WALK + "genomford/", views.walk_mark_walked, name="walk_walked"),
    path(WALK + "protokoll.pdf", views.walk_protocol, name="walk_protocol"),
    path(WALK + "anmarkningar/ny/", views.remark_create, name="remark_create"),
    path(REMARK + "andra/", views.remark_update, name="remark_update"),
    path(REMARK + "status/", views.remark_status, name="remark_status"),
    path(REMARK + "rapport/", views.remark_report, name="remark_report"),
]
