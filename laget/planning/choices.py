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


# --- goals, indicators and the åtgärdsplan (step 4) ---------------------------------------------


class GoalType(models.TextChoices):
    """The handbook's kinds of goal: effect goals on the problem, down to process and production."""

    EFFECT = "effect", _("Effect goal (effektmål)")
    SUB = "sub", _("Sub-goal (delmål)")
    OPERATIONAL = "operational", _("Operational goal (operativt mål)")
    PROCESS = "process", _("Process goal (processmål)")
    PRODUCTION = "production", _("Production goal (produktionsmål)")


class IndicatorSource(models.TextChoices):
    """Where an indicator's values come from; situation picture counts are computed."""

    SITUATION_COUNT = "situation_count", _("Situation picture counts (category and area)")
    STATISTICS = "statistics", _("Imported statistics")
    SURVEY = "survey", _("Survey question")
    MANUAL = "manual", _("Manual entry")


class Frequency(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Yearly")


class PlanStatus(models.TextChoices):
    """An åtgärdsplan is a draft until the steering group adopts it."""

    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class MeasureKind(models.TextChoices):
    """Situational measures change the place or situation; social ones attitudes and behaviour."""

    SITUATIONAL = "situational", _("Situational")
    SOCIAL = "social", _("Social")


class PreventionLevel(models.TextChoices):
    PRIMARY = "primary", _("Primary – aimed at everyone or most people")
    SECONDARY = "secondary", _("Secondary – aimed at people, activities or places at risk")
    TERTIARY = "tertiary", _("Tertiary – preventing reoffending and repeat victimisation")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class MeasureMode(models.TextChoices):
    """A one-off effort (e.g. on a high-risk weekend) or part of ordinary work."""

    ONE_OFF = "one_off", _("One-off effort")
    ORDINARY = "ordinary", _("Part of ordinary work")


class TrafficLight(models.TextChoices):
    """The follow-up "gubbe" of the åtgärdsplan (TPL-26); see ``TRAFFIC_LIGHT_HELP``."""

    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


#: What each light means, in the handbook's words (TPL-26); shown as help text.
TRAFFIC_LIGHT_HELP = {
    TrafficLight.GREEN: _(
        "The work has been carried out in full, in the way it was intended and with a good "
        "effect on the problem."
    ),
    TrafficLight.YELLOW: _(
        "The work has been carried out well but has not had the expected effect on the "
        "problems, or it has not been carried out exactly as intended."
    ),
    TrafficLight.RED: _(
        "The work has not been carried out at all or in a completely different way than "
        "planned, or, even if carried out as planned, it has had no effect on the problems."
    ),
}
