from django.urls import path

from laget.regional import views

app_name = "regional"
C = "lan/<str:county_code>/"
R = C + "lagesbild/<int:regional_picture_id>/"
V = "samverkan/<int:collaboration_id>/lagesbild/version/<int:picture_id>/"
urlpatterns = [
    # The county overview keeps its name organisations:county (laget/organisations/urls.py).
    path(C + "oversikt.csv", views.overview_csv, name="overview_csv"),
    path(C + "oversikt.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path(C + "lagesbild/", views.picture_list, name="picture_list"),
    path(R, views.picture_detail, name="picture_detail"),
    path(R + "faststall/", views.picture_adopt, name="picture_adopt"),
    path(R + "pdf/", views.picture_pdf, name="picture_pdf"),
    path(R + "docx/", views.picture_docx, name="picture_docx"),
    path(V + "dela-med-lan/", views.picture_share, name="picture_share"),
    path(V + "sluta-dela-med-lan/", views.picture_unshare, name="picture_unshare"),
]
