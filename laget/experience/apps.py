from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperienceConfig(AppConfig):
    name = "laget.experience"
    label = "experience"
    verbose_name = _("Experience bank")
