"""Public pages of citizen tips (namespace ``public_tips``: no login)."""

from django.urls import path

from laget.tips import public_views

app_name = "public_tips"
urlpatterns = [
    path("offentligt/<slug:municipality>/tipsa/", public_views.tip_form, name="form"),
    path(
        "offentligt/<slug:municipality>/tipsa/tack/<str:public_id>/",
        public_views.thanks,
        name="thanks",
    ),
    path(
        "offentligt/<slug:municipality>/tipsa/<str:public_id>/",
        public_views.status,
        name="status",
    ),
]
