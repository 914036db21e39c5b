"""Problems (fokusområden), their prioritisation and their cause analysis (orsaksanalys).

The handbook's path from the joint lägesbild to action: the parties name the *problems* the
picture shows, score them in a *prioriteringsmatris* (TPL-13) and jointly decide which to
prioritise — the municipality and the police must both approve. Every prioritised problem then
gets an *orsaksanalys*: the problem triangle (place, victim, offender, with guardians, handlers
and place managers), a cause tree asking "varför?" up to five levels deep, an event chain and a
table of hypotheses. Causes carry a stable number (1, 1.2, 1.2.1) that later measures refer to.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.core.choices import InformationClass
from laget.planning.choices import (
    AnalysisStatus,
    Criterion,
    EvidenceKind,
    HypothesisStatus,
    Party,
    Perspective,
    ProblemOrigin,
    ProblemStatus,
)

MAX_TEXT = 5000


class Problem(models.Model):
    """A problem (fokusområde) the collaboration may choose to work on (ENT-20)."""

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="problems",
        verbose_name=_("collaboration"),
    )
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="problems",
        verbose_name=_("owning organisation"),
    )
    info_class = models.CharField(
        _("information class"),
        max_length=20,
        choices=InformationClass.choices,
        default=InformationClass.PARTNERS,
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=MAX_TEXT)
    category = models.ForeignKey(
        "reporting.Category",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    areas = models.ManyToManyField(
        "geography.Area", blank=True, related_name="+", verbose_name=_("areas")
    )
    time_pattern = models.CharField(_("when it happens"), max_length=300, blank=True)
    affected_group = models.CharField(_("affected group"), max_length=300, blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=ProblemOrigin.choices, default=ProblemOrigin.MANUAL
    )
    agenda_item = models.ForeignKey(
        "situation.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
        verbose_name=_("agenda item"),
    )
    alert_picture = models.ForeignKey(
        "situation.SituationPicture",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("situation picture of the alert"),
    )
    alert_key = models.CharField(_("alert"), max_length=100, blank=True)
    alert_text = models.CharField(_("alert text"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=ProblemStatus.choices, default=ProblemStatus.PROPOSED
    )
    status_reason = models.TextField(_("reason"), blank=True, max_length=MAX_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self) -> str:
        return self.title


class ProblemEvidence(models.Model):
    """What a problem rests on: a report, a lägesbild cell, or a reference to statistics."""

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("problem")
    )
    kind = models.CharField(_("kind"), max_length=15, choices=EvidenceKind.choices)
    report = models.ForeignKey(
        "reporting.Report",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("report"),
    )
    picture = models.ForeignKey(
        "situation.SituationPicture",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("situation picture"),
    )
    category = models.ForeignKey(
        "reporting.Category",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    area = models.ForeignKey(
        "geography.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area"),
    )
    text = models.CharField(_("reference"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["problem", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.problem} – {self.get_kind_display()}"


class PriorityAssessment(models.Model):
    """One criterion of the prioritisation matrix scored for one problem, with a motivation."""

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("problem")
    )
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    motivation = models.CharField(_("motivation"), max_length=1000, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["problem", "criterion"]
        verbose_name = _("priority assessment")
        verbose_name_plural = _("priority assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["problem", "criterion"], name="unique_priority_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.problem} – {self.get_criterion_display()}: {self.score}"


class PriorityApproval(models.Model):
    """One party's approval of the joint priority (kommun and polis decide together)."""

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("problem")
    )
    party = models.CharField(_("party"), max_length=15, choices=Party.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), auto_now_add=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["problem", "party"]
        verbose_name = _("priority approval")
        verbose_name_plural = _("priority approvals")
        constraints = [
            models.UniqueConstraint(fields=["problem", "party"], name="unique_priority_approval")
        ]

    def __str__(self) -> str:
        return f"{self.problem} – {self.get_party_display()}"


class CauseAnalysis(models.Model):
    """The orsaksanalys of one prioritised problem (ENT-21) with its problem triangle.

    The evaluation asked who decides that an analysis is made and who makes it: both are
    recorded (``decided_by``/``decided_on`` and ``performed_by``).
    """

    problem = models.OneToOneField(
        Problem, on_delete=models.CASCADE, related_name="cause_analysis", verbose_name=_("problem")
    )
    decided_by = models.CharField(_("decided by"), max_length=300)
    decided_on = models.DateField(_("decided on"))
    performed_by = models.CharField(_("performed by"), max_length=500)
    place = models.TextField(_("place / situation"), blank=True, max_length=MAX_TEXT)
    victim = models.TextField(_("victim / target"), blank=True, max_length=MAX_TEXT)
    offender = models.TextField(_("offender"), blank=True, max_length=MAX_TEXT)
    place_managers = models.TextField(_("place managers"), blank=True, max_length=MAX_TEXT)
    guardians = models.TextField(_("guardians"), blank=True, max_length=MAX_TEXT)
    handlers = models.TextField(_("handlers"), blank=True, max_length=MAX_TEXT)
    status = models.CharField(
        _("status"), max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("cause analysis")
        verbose_name_plural = _("cause analyses")

    def __str__(self) -> str:
        return str(self.problem)


class Cause(models.Model):
    """A cause (orsak) in the analysis's tree: each child answers "varför?" about its parent.

    ``number`` is stable: "1", "1.2", "1.2.1" … given when the cause is added and never reused,
    so measures in the åtgärdsplan can refer to it.
    """

    analysis = models.ForeignKey(
        CauseAnalysis, on_delete=models.CASCADE, related_name="causes", verbose_name=_("analysis")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("because of"),
    )
    number = models.CharField(_("number"), max_length=20)
    position = models.PositiveIntegerField(_("position"))
    depth = models.PositiveSmallIntegerField(_("level"))
    text = models.CharField(_("cause"), max_length=1000)
    perspective = models.CharField(
        _("perspective"), max_length=10, choices=Perspective.choices, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["analysis", "depth", "position"]
        verbose_name = _("cause")
        verbose_name_plural = _("causes")
        constraints = [
            models.UniqueConstraint(fields=["analysis", "number"], name="unique_cause_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text}"


class EventChainStep(models.Model):
    """One step of the event chain (händelsekedja) leading up to the problem (ENT-23)."""

    analysis = models.ForeignKey(
        CauseAnalysis,
        on_delete=models.CASCADE,
        related_name="event_steps",
        verbose_name=_("analysis"),
    )
    position = models.PositiveIntegerField(_("position"))
    text = models.CharField(_("what happens"), max_length=1000)
    preventable = models.BooleanField(_("can be prevented here"), default=False)

    class Meta:
        ordering = ["analysis", "position"]
        verbose_name = _("event chain step")
        verbose_name_plural = _("event chain steps")

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class Hypothesis(models.Model):
    """A row of the hypothesis table: problem | hypothesis about the cause | test | result."""

    analysis = models.ForeignKey(
        CauseAnalysis,
        on_delete=models.CASCADE,
        related_name="hypotheses",
        verbose_name=_("analysis"),
    )
    cause = models.ForeignKey(
        Cause,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hypotheses",
        verbose_name=_("cause"),
    )
    problem_text = models.CharField(_("problem"), max_length=1000)
    hypothesis = models.CharField(_("hypothesis about the cause"), max_length=1000)
    test = models.CharField(_("test"), max_length=1000)
    result = models.CharField(_("result"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=HypothesisStatus.choices,
        default=HypothesisStatus.UNTESTED,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["analysis", "pk"]
        verbose_name = _("hypothesis")
        verbose_name_plural = _("hypotheses")

    def __str__(self) -> str:
        return self.hypothesis
