"""Choices of laget.regional (issue 7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionalPeriodKind(models.TextChoices):
    """How long a regional lägesbild period is: the county compiles by month, quarter or year."""

    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class RegionalStatus(models.TextChoices):
    """A regional lägesbild is a draft until a regional coordinator adopts it; then it is
    frozen, and compiling again makes version n + 1."""

    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
