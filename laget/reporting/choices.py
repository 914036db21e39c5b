from django.db import models
from django.utils.translation import gettext_lazy as _


class TemplatePreset(models.TextChoices):
    EST = "est", _("EST (effective coordination for safety)")
    SOCIAL_RISKS = "sociala_risker", _("Social risks")
    CUSTOM = "custom", _("Own template")


class Assessment(models.TextChoices):
    """The traffic light a reporter gives the situation in a category this period."""

    GREEN = "green", _("Green – calm")
    YELLOW = "yellow", _("Yellow – watch")
    RED = "red", _("Red – serious")


class Trend(models.TextChoices):
    """Change compared with the previous period, as the reporter sees it."""

    INCREASED = "increased", _("Increased")
    UNCHANGED = "unchanged", _("Unchanged")
    DECREASED = "decreased", _("Decreased")


class ReportSource(models.TextChoices):
    WEB = "web", _("Report form")
    CHECKLIST = "checklist", _("Weekly checklist")
    IMPORT = "import", _("File import")
    API = "api", _("API")


class PersonalDataAction(models.TextChoices):
    """What happened to personal data found in a report's free text."""

    JUSTIFIED = "justified", _("Kept with a reason")
    REDACTED = "redacted", _("Redacted by a coordinator")


class ImportStatus(models.TextChoices):
    """Where a file import is: checked, previewed, stored (confirmed once) or given up.

    Large files are checked and imported by a background task (``checking``, ``importing``).
    """

    CHECKING = "checking", _("Being checked")
    PREVIEW = "preview", _("Preview")
    IMPORTING = "importing", _("Being imported")
    CONFIRMED = "confirmed", _("Imported")
    CANCELLED = "cancelled", _("Cancelled")
