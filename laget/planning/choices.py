"""Choices of the planning app: problem status, the prioritisation criteria, cause analysis."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemStatus(models.TextChoices):
    """A problem (fokusområde) is proposed until both parties approve it as *prioriterat*.

    A *bortprioriterat* problem keeps the reason, so the choice can be explained later.
    """

    PROPOSED = "proposed", _("Proposed")
    PRIORITISED = "prioritised", _("Prioritised")
    DEPRIORITISED = "deprioritised", _("Deprioritised")
    CLOSED = "closed", _("Closed")


class ProblemOrigin(models.TextChoices):
    """Where a problem came from: a meeting's decision, an alert of a lägesbild, or by hand."""

    MEETING = "meeting", _("Meeting decision")
    ALERT = "alert", _("Alert in a situation picture")
    MANUAL = "manual", _("Entered by hand")


class EvidenceKind(models.TextChoices):
    REPORT = "report", _("Situation report")
    PICTURE_CELL = "picture_cell", _("Situation picture entry")
    STATISTICS = "statistics", _("Statistics")


class Criterion(models.TextChoices):
    """The prioritisation matrix's criteria (Brå's handbook, TPL-13), scored 0–3 per problem."""

    EXTENSIVE = "extensive", _("Most extensive")
    INCREASED = "increased", _("Increased most")
    HIGH_COMPARED = "high_compared", _("High compared with others")
    COSTLY = "costly", _("Most costly")
    VISIBLE = "visible", _("Most visible (signal crimes)")
    INSECURITY = "insecurity", _("Causes most insecurity")
    INFLUENCE = "influence", _("Possible to influence")
    RESOURCES = "resources", _("Resources available")


#: The score scale of the matrix: 0 (not at all) … 3 (to a high degree).
SCORES = [
    (0, _("0 – not at all")),
    (1, _("1 – to a small degree")),
    (2, _("2 – to some degree")),
    (3, _("3 – to a high degree")),
]
MAX_SCORE = 3


class Party(models.TextChoices):
    """The two parties whose joint decision makes a problem *prioriterat*."""

    MUNICIPALITY = "municipality", _("Municipality")
    POLICE = "police", _("Police")


class AnalysisStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    COMPLETED = "completed", _("Completed")


class Perspective(models.TextChoices):
    """The three perspectives of the cause analysis (the problem triangle's sides)."""

    PLACE = "place", _("Place / situation")
    VICTIM = "victim", _("Victim / target")
    OFFENDER = "offender", _("Offender")


class HypothesisStatus(models.TextChoices):
    UNTESTED = "untested", _("Not tested")
    SUPPORTED = "supported", _("Supported")
    REJECTED = "rejected", _("Rejected")


#: How many "why?" levels a cause tree may have (the five whys).
MAX_CAUSE_DEPTH = 5
