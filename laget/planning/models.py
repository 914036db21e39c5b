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
    Frequency,
    GoalType,
    HypothesisStatus,
    IndicatorSource,
    MeasureKind,
    MeasureMode,
    MeasureStatus,
    Party,
    Perspective,
    PlanStatus,
    PreventionLevel,
    ProblemOrigin,
    ProblemStatus,
    TrafficLight,
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


# --- step 4: goals, indicators and the åtgärdsplan ----------------------------------------------


class Goal(models.Model):
    """A goal (mål) for a prioritised problem (ENT-26), checked against SMART (TPL-20).

    The structured fields (indicator, place, baseline, target, deadline) count for the SMART
    check as much as the words do. ``smart_letters`` stores the letters covered when the goal
    was last saved ("BERÖRDA PARAMETRAR"); the check is advisory, so a goal that lacks letters
    is still saved and its page shows what is missing.
    """

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("collaboration"),
    )
    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="goals", verbose_name=_("problem")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("parent goal"),
    )
    goal_type = models.CharField(_("type of goal"), max_length=15, choices=GoalType.choices)
    text = models.TextField(_("goal"), max_length=MAX_TEXT)
    indicator = models.CharField(_("what is measured"), max_length=300, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    baseline = models.FloatField(_("baseline value"), null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=100, blank=True)
    target = models.FloatField(_("target value"), null=True, blank=True)
    deadline = models.DateField(_("to be reached by"), null=True, blank=True)
    causes = models.ManyToManyField(
        Cause, blank=True, related_name="goals", verbose_name=_("causes")
    )
    smart_letters = models.CharField(_("SMART letters covered"), max_length=5, blank=True)
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
        ordering = ["problem", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text[:80]


class Indicator(models.Model):
    """How a goal is measured (ENT-27): definition, source, baseline, target and frequency.

    A ``situation_count`` indicator sums the situation reports of a category (and optionally an
    area) per period; its measurements are computed, never typed in.
    """

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal")
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), blank=True, max_length=MAX_TEXT)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=IndicatorSource.choices)
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
    source_reference = models.CharField(
        _("statistics reference or survey question"), max_length=500, blank=True
    )
    baseline_value = models.FloatField(_("baseline value"), null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=100, blank=True)
    target_value = models.FloatField(_("target value"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTH
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["goal", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    """One value of an indicator for one period, typed in or computed from reports."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.FloatField(_("value"))
    source_note = models.CharField(_("source note"), max_length=300, blank=True)
    computed = models.BooleanField(_("computed"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="unique_measurement_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start}: {self.value}"


class ActionPlan(models.Model):
    """The åtgärdsplan of a collaboration for one year (ENT-29), adopted by the steering group.

    ``version`` counts adoptions: the first adoption is version 1, and a re-adoption after
    changes (which include measures added outside the adopted plan) makes the next version.
    """

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="action_plans",
        verbose_name=_("collaboration"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    adoption_decision = models.ForeignKey(
        "organisations.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("adoption decision"),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
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
        ordering = ["-year", "-pk"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "year"], name="unique_plan_year")
        ]

    def __str__(self) -> str:
        return self.title or str(self.year)

    @property
    def is_adopted(self) -> bool:
        return self.status == PlanStatus.ADOPTED


class Measure(models.Model):
    """A measure (åtgärd) of the plan (ENT-28), always aimed at at least one cause."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan")
    )
    problem = models.ForeignKey(
        Problem, on_delete=models.PROTECT, related_name="measures", verbose_name=_("problem")
    )
    causes = models.ManyToManyField(Cause, related_name="measures", verbose_name=_("causes"))
    title = models.CharField(_("measure"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=MAX_TEXT)
    kind = models.CharField(_("kind"), max_length=15, choices=MeasureKind.choices)
    prevention_level = models.CharField(
        _("prevention level"), max_length=10, choices=PreventionLevel.choices
    )
    responsible_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    responsible_person = models.CharField(_("responsible person"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("to be done by"))
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    cost_sek = models.PositiveIntegerField(_("cost (SEK)"), null=True, blank=True)
    operational_goals = models.ManyToManyField(
        Goal, blank=True, related_name="measures", verbose_name=_("operational goals")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    status_reason = models.TextField(_("reason"), blank=True, max_length=MAX_TEXT)
    traffic_light = models.CharField(
        _("follow-up light"), max_length=10, choices=TrafficLight.choices, blank=True
    )
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    mode = models.CharField(
        _("one-off or ordinary"),
        max_length=10,
        choices=MeasureMode.choices,
        default=MeasureMode.ORDINARY,
    )
    #: False for a measure added after the plan's last adoption, until the next adoption.
    in_adopted_plan = models.BooleanField(_("in the adopted plan"), default=False)
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
        ordering = ["plan", "start", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.title

    @property
    def outside_adopted_plan(self) -> bool:
        """Added after the plan was adopted and not adopted yet ("utanför antagen plan")."""
        return self.plan.is_adopted and not self.in_adopted_plan


class MeasureStep(models.Model):
    """A moment of a measure (ENT-30), in order, ticked when done."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="steps", verbose_name=_("measure")
    )
    position = models.PositiveIntegerField(_("position"))
    text = models.CharField(_("step"), max_length=500)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["measure", "position"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class PlanChange(models.Model):
    """The change log of a plan: who changed what (field → old → new), when and why.

    A change to an adopted plan must say why ("varför ändras planen?"); the handbook asks the
    follow-up to show "vilka åtgärder som fick ändras, på vilket sätt och varför".
    """

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="changes", verbose_name=_("plan")
    )
    measure = models.ForeignKey(
        Measure,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
        verbose_name=_("measure"),
    )
    summary = models.CharField(_("what"), max_length=300)
    changes = models.JSONField(_("changed fields"), default=list, blank=True)
    reason = models.TextField(_("why"), blank=True, max_length=MAX_TEXT)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    plan_adopted = models.BooleanField(_("plan adopted at the time"), default=False)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")

    def __str__(self) -> str:
        return self.summary


# --- step 5: follow-up (uppföljning) ------------------------------------------------------------


class FollowUpKind(models.TextChoices):
    """The three kinds of follow-up the handbook asks for (ENT-34)."""

    PRODUCTION = "production", _("Production – what was delivered")
    PROCESS = "process", _("Process – how the work went")
    EFFECT = "effect", _("Effect – what changed in the indicator")


class FollowUp(models.Model):
    """One follow-up (uppföljning) of a measure at a date (ENT-34).

    *Production* says what was delivered ("12 belysningspunkter": ``delivered_count`` and
    ``delivered_unit``); *process* says whether the work went as planned, what deviated and what
    it used (hours, SEK); *effect* is written by an effect follow-up (:class:`EffectFollowUp`),
    which holds the computed numbers. ``traffic_light`` is the measure's light at that time.
    The text is shared between the parties; it reaches the public summary only when ``public``.
    """

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("measure")
    )
    kind = models.CharField(_("kind of follow-up"), max_length=12, choices=FollowUpKind.choices)
    followed_up_on = models.DateField(_("date"))
    text = models.TextField(_("text"), blank=True, max_length=MAX_TEXT)
    delivered_count = models.PositiveIntegerField(_("number delivered"), null=True, blank=True)
    delivered_unit = models.CharField(_("of what"), max_length=100, blank=True)
    as_planned = models.BooleanField(_("carried out as planned"), null=True, blank=True)
    deviations = models.TextField(_("deviations"), blank=True, max_length=MAX_TEXT)
    hours = models.PositiveIntegerField(_("hours used"), null=True, blank=True)
    cost_sek = models.PositiveIntegerField(_("cost used (SEK)"), null=True, blank=True)
    traffic_light = models.CharField(
        _("traffic light at the time"), max_length=10, choices=TrafficLight.choices, blank=True
    )
    public = models.BooleanField(_("may be shown in the public summary"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["measure", "-followed_up_on", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.followed_up_on}"


class EffectFollowUp(models.Model):
    """The numbers behind an effect follow-up: a before/after count of an indicator's reports.

    The *before* window ends the day before the intervention period starts; the *after* window
    starts after it ends and has the same length. An optional comparison area of the same
    collaboration is counted the same way. ``result`` is the snapshot computed when the
    follow-up was run (weekly counts, sums, rate ratios and intervals, the verdict code), so the
    follow-up keeps showing what the group saw even if reports are corrected later.
    """

    follow_up = models.OneToOneField(
        FollowUp, on_delete=models.CASCADE, related_name="effect", verbose_name=_("follow-up")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    comparison_area = models.ForeignKey(
        "geography.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("comparison area"),
    )
    intervention_start = models.DateField(_("intervention from"))
    intervention_end = models.DateField(_("intervention until"))
    before_start = models.DateField(_("before from"))
    after_start = models.DateField(_("after from"))
    weeks = models.PositiveSmallIntegerField(_("weeks in each window"))
    result = models.JSONField(_("result"), default=dict)

    class Meta:
        verbose_name = _("effect follow-up")
        verbose_name_plural = _("effect follow-ups")

    def __str__(self) -> str:
        return f"{self.indicator} {self.intervention_start}–{self.intervention_end}"
