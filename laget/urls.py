from django.contrib import admin
from django.urls import include, path

from laget.api.api import api

urlpatterns = [
    path("", include("laget.core.urls")),
    path("konto/", include("laget.accounts.urls")),
    path("", include("laget.organisations.urls")),
    path("", include("laget.geography.urls")),
    path("granskningslogg/", include("laget.audit.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
