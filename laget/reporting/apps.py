from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "laget.reporting"
    label = "reporting"
    verbose_name = _("Situation reports")
