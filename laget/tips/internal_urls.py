"""Internal pages of citizen tips: the moderation queue (namespace ``tips``)."""

from django.urls import path

from laget.tips import views

app_name = "tips"
urlpatterns = [
    path("samverkan/<int:collaboration_id>/medborgarrapporter/", views.queue, name="queue"),
    path(
        "samverkan/<int:collaboration_id>/medborgarrapporter/<int:tip_id>/",
        views.tip_detail,
        name="detail",
    ),
    path(
        "samverkan/<int:collaboration_id>/medborgarrapporter/<int:tip_id>/godkann/",
        views.tip_approve,
        name="approve",
    ),
    path(
        "samverkan/<int:collaboration_id>/medborgarrapporter/<int:tip_id>/avvisa/",
        views.tip_reject,
        name="reject",
    ),
    path(
        "samverkan/<int:collaboration_id>/medborgarrapporter/<int:tip_id>/stang/",
        views.tip_close,
        name="close",
    ),
]
