"""Choices of the programmes app: a regional programme run by a länsstyrelse (issue 7).

Modelled on *Skåne tillsammans mot brott* (2018–2020): signatories, development areas
(utvecklingsområden) each with a working group (arbetsgrupp), semi-annual activity plans
(aktivitetsplaner) and expected results, assessed as result or process goals.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("programme", "Draft")
    ACTIVE = "active", pgettext_lazy("programme", "Active")
    ENDED = "ended", pgettext_lazy("programme", "Ended")


class DocumentKind(models.TextChoices):
    """The programme's constituent documents."""

    DECLARATION = "declaration", _("Declaration of intent (programförklaring)")
    ACTION_PROGRAMME = "action_programme", _("Action programme (handlingsprogram)")
    AGREEMENT = "agreement", _("Agreement")
    EVALUATION = "evaluation", _("Evaluation")
    OTHER = "other", _("Other document")


class PlanStatus(models.TextChoices):
    """An activity plan version: drafted by the convener, submitted, quality-assured by the
    county board's coordinator (or returned), presented to the steering group (styrgrupp)."""

    DRAFT = "draft", pgettext_lazy("activity plan", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("activity plan", "Submitted")
    RETURNED = "returned", pgettext_lazy("activity plan", "Returned for changes")
    QUALITY_ASSURED = "quality_assured", pgettext_lazy("activity plan", "Quality-assured")
    PRESENTED = "presented", pgettext_lazy("activity plan", "Presented to the steering group")


class ActivityKind(models.TextChoices):
    SEMINAR = "seminar", _("Seminar")
    CONFERENCE = "conference", _("Conference")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    SITE_VISIT = "site_visit", _("Site visit")
    SUPERVISION = "supervision", _("Supervision")
    WEBCAST = "webcast", _("Webcast")
    CAMPAIGN = "campaign", _("Campaign")
    STUDY_VISIT = "study_visit", _("Study visit")
    LIAISON_MEETING = "liaison_meeting", _("Liaison meeting")
    TRAINING = "training", _("Training")
    PROCUREMENT = "procurement", _("Procurement")
    PUBLICATION = "publication", _("Publication or product")
    SURVEY = "survey", _("Survey")
    EVALUATION = "evaluation", _("Evaluation commission")
    OTHER = "other", _("Other activity")


class ActivityMode(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    DIGITAL = "digital", _("Digital")
    WEBCAST = "webcast", _("Webcast")
    HYBRID = "hybrid", _("Hybrid")
    RECORDED = "recorded", _("Recorded")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("programme activity", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("programme activity", "In progress")
    DONE = "done", pgettext_lazy("programme activity", "Done")
    POSTPONED = "postponed", pgettext_lazy("programme activity", "Postponed")
    CANCELLED = "cancelled", pgettext_lazy("programme activity", "Cancelled")
    REPLACED = "replaced", pgettext_lazy("programme activity", "Replaced")


#: Statuses of an activity still to be carried out: copied into a renewed plan version.
OPEN_ACTIVITY_STATUSES = (
    ActivityStatus.PLANNED,
    ActivityStatus.IN_PROGRESS,
    ActivityStatus.POSTPONED,
)


class DeviationKind(models.TextChoices):
    """Why an activity slipped. The evaluation of the Skåne programme asks that deviations
    "must be documented carefully"; these are the reasons it found."""

    PANDEMIC = "pandemic", _("Pandemic")
    NATIONAL_ASSIGNMENT = "national_assignment", _("National assignment")
    PARTNER_REPRIORITISATION = "partner_reprioritisation", _("Partner reprioritisation")
    STAFF_TURNOVER = "staff_turnover", _("Staff turnover")
    DELAYED_DECISION = "delayed_decision", _("Delayed decision")
    OTHER = "other", _("Other reason")


class GoalType(models.TextChoices):
    """Resultatmål says what shall have changed; processmål what shall have been done."""

    RESULT = "result", _("Result goal (resultatmål)")
    PROCESS = "process", _("Process goal (processmål)")


class Assessment(models.TextChoices):
    NOT_ASSESSED = "", _("Not yet assessed")
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    CANNOT_ASSESS = "cannot_assess", _("Cannot be assessed")


class Judgement(models.TextChoices):
    """A person's yes/no judgement that may not have been made yet."""

    UNKNOWN = "", _("Not judged")
    YES = "yes", _("Yes")
    NO = "no", _("No")


class DecisionKind(models.TextChoices):
    """What the steering group (styrgrupp) recorded at a meeting."""

    DECISION = "decision", _("Decision")
    ADJUSTMENT = "adjustment", _("Adjustment")
