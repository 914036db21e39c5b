"""The anonymous answering pages: a public URL namespace (no login)."""

from django.urls import path

from laget.surveys import public_views

app_name = "public_surveys"
urlpatterns = [
    path("enkat/<str:survey_token>/", public_views.answer, name="answer"),
    path("enkat/<str:survey_token>/tack/", public_views.thanks, name="thanks"),
]
