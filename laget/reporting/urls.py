from django.urls import path

from laget.reporting import views

app_name = "reporting"

R = "samverkan/<int:collaboration_id>/rapporter/"
T = R + "mallar/<int:template_id>/"

urlpatterns = [
    path(R, views.report_list, name="report_list"),
    path(R + "ny/", views.report_create, name="report_create"),
    path(R + "mina/", views.my_reports, name="my_reports"),
    path(R + "<int:report_id>/", views.report_detail, name="report_detail"),
    path(
        R + "<int:report_id>/samma-handelse/",
        views.report_link_duplicate,
        name="report_link_duplicate",
    ),
    path(R + "<int:report_id>/maskera/", views.report_redact, name="report_redact"),
    path(R + "veckorapport/", views.checklist, name="checklist"),
    path(R + "veckorapport/status/", views.checklist_status, name="checklist_status"),
    path(R + "veckorapport/oversikt/", views.checklist_overview, name="checklist_overview"),
    path(R + "mallar/", views.template_list, name="template_list"),
    path(R + "mallar/ny/", views.template_create, name="template_create"),
    path(T, views.template_detail, name="template_detail"),
    path(T + "anvand/", views.template_activate, name="template_activate"),
    path(T + "kategorier/ny/", views.category_add, name="category_add"),
    path(T + "kategorier/<int:category_id>/andra/", views.category_update, name="category_update"),
    path(
        T + "kategorier/<int:category_id>/avveckla/",
        views.category_retire,
        name="category_retire",
    ),
]
