"""Choices of the official statistics (Brå, SCB, Kolada, SKR's kommungrupper)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Who publishes a series."""

    BRA = "bra", _("Brå (reported crimes)")
    SCB = "scb", _("SCB (Statistics Sweden)")
    KOLADA = "kolada", _("Kolada (RKA)")
    SKR = "skr", _("SKR")
    OTHER = "other", _("Other source")


class Level(models.TextChoices):
    """The geographic level of a value."""

    NATIONAL = "national", _("Whole country")
    COUNTY = "county", _("County")
    MUNICIPALITY = "municipality", _("Municipality")


#: ``region_code`` of the whole country (SCB's "00 Riket").
NATIONAL_CODE = "00"


class MunicipalityGroup(models.TextChoices):
    """SKR's kommungruppsindelning 2017 (nine groups in three main groups A, B and C)."""

    A1 = "A1", _("A1 Large cities")
    A2 = "A2", _("A2 Commuting municipalities near large cities")
    B3 = "B3", _("B3 Medium-sized towns")
    B4 = "B4", _("B4 Low-commuting municipalities near medium-sized towns")
    B5 = "B5", _("B5 Commuting municipalities near medium-sized towns")
    C6 = "C6", _("C6 Small towns")
    C7 = "C7", _("C7 Commuting municipalities near small towns")
    C8 = "C8", _("C8 Rural municipalities")
    C9 = "C9", _("C9 Rural municipalities with tourism")


class ImportKind(models.TextChoices):
    """The kinds of file the import understands."""

    BRA = "bra", _("Brå: reported crimes per municipality")
    SCB_POPULATION = "scb_population", _("SCB: population per municipality")
    KOLADA = "kolada", _("Kolada: key figures")
    GENERIC = "generic", _("Other series (choose the columns)")
    MUNICIPALITY_GROUPS = "groups", _("SKR: kommungrupper")


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview (nothing stored)")
    CONFIRMED = "confirmed", _("Confirmed")
    DISCARDED = "discarded", _("Discarded")


class RowOutcome(models.TextChoices):
    """What happens (or happened) to one row of an import."""

    NEW = "new", _("New")
    UPDATED = "updated", _("Updated")
    UNCHANGED = "unchanged", _("Unchanged")
    SKIPPED = "skipped", _("Not imported")
    UNMATCHED = "unmatched", _("Not matched")
    ERROR = "error", _("Error")
