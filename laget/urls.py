from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from laget.api.api import api
from laget.core.views import health

urlpatterns = [
    # First: the API takes the most requests, and Django tries the patterns in order (no web
    # address starts with api/v1/, so the order changes nothing else).
    path("api/v1/", api.urls),
    path("", include("laget.core.urls")),
    path("halsa/", health, name="health"),
    path("konto/", include("laget.accounts.urls")),
    path("", include("laget.organisations.urls")),
    path("", include("laget.geography.urls")),
    path("", include("laget.situation.urls")),
    path("", include("laget.situation.meeting_urls")),
    path("", include("laget.situation.export_urls")),
    path("", include("laget.reporting.urls")),
    path("", include("laget.reporting.import_urls")),
    path("", include("laget.reporting.export_urls")),
    path("", include("laget.planning.urls")),
    path("", include("laget.jobs.urls")),
    path("", include("laget.annual.urls")),
    path("", include("laget.agreements.urls")),
    path("", include("laget.dialogues.urls")),
    path("", include("laget.surveys.urls")),
    path("", include("laget.surveys.public_urls")),  # issue 6: surveys (public answering)
    path("", include("laget.promises.urls")),
    path("", include("laget.tips.urls")),
    path("", include("laget.public.urls")),
    path("", include("laget.stats.urls")),  # issue 7
    path("", include("laget.regional.urls")),  # issue 7
    path("", include("laget.programmes.urls")),  # issue 7
    path("", include("laget.experience.urls")),  # issue 7
    path("granskningslogg/", include("laget.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]

if settings.OIDC_RP_CLIENT_ID:
    # Single sign-on through the organisation's identity provider (docs/deployment.md).
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
