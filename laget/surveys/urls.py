from django.urls import path

from laget.surveys import views

app_name = "surveys"
_S = "samverkan/<int:collaboration_id>/undersokningar/"
_ONE = _S + "<int:survey_id>/"
urlpatterns = [
    path(_S, views.survey_list, name="list"),
    path(_S + "ny/", views.survey_create, name="create"),
    path(_ONE, views.survey_detail, name="detail"),
    path(_ONE + "andra/", views.survey_edit, name="edit"),
    path(_ONE + "fragor/ny/", views.question_add, name="question_add"),
    path(_ONE + "fragebank/", views.bank_add, name="bank_add"),
    path(_ONE + "fragor/<int:question_id>/flytta/", views.question_move, name="question_move"),
    path(_ONE + "fragor/<int:question_id>/ta-bort/", views.question_remove, name="question_remove"),
    path(_ONE + "oppna/", views.survey_open, name="open"),
    path(_ONE + "stang/", views.survey_close, name="close"),
    path(_ONE + "koder/", views.codes_generate, name="codes"),
    path(_ONE + "ny-omgang/", views.new_round, name="new_round"),
    path(_ONE + "resultat/", views.results, name="results"),
    path(_ONE + "svar/<int:answer_id>/", views.answer_code, name="answer_code"),
    path(_ONE + "oversattningar/", views.translations, name="translations"),
    path(_ONE + "indikator/", views.indicator_value, name="indicator"),
]
