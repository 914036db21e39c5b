"""Models of laget.programmes (issue 7): a regional crime-prevention programme.

A länsstyrelse runs a programme such as *Skåne tillsammans mot brott*: organisations sign it
(signatories, whose heads form the steering group, styrgrupp), it names development areas
(utvecklingsområden), each with a working group (arbetsgrupp) led by a convener (sammankallande
part), semi-annual activity plans (aktivitetsplaner) and expected results (resultatmål or
processmål). Every object belongs to the programme's county; only that county's regional
coordinators (and superusers) manage it; named participants beyond the county board
(``ProgrammeMember``) read the programme, its areas and the pack (``laget.programmes.selectors``,
``access.readable_programme_q``).

History is kept rather than overwritten: working-group members have start and end dates, an
activity plan is renewed as a new version, and each change of an activity's status is logged
with its deviation reason.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.programmes.choices import (
    ActivityKind,
    ActivityMode,
    ActivityStatus,
    Assessment,
    DecisionKind,
    DeviationKind,
    DocumentKind,
    GoalType,
    Judgement,
    PlanStatus,
    ProgrammeStatus,
)


class Programme(models.Model):
    """A regional programme of one county, e.g. "Dalarna tillsammans mot brott"."""

    county = models.ForeignKey(
        "geography.County",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("county"),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    national_link = models.TextField(
        _("link to the national programme"),
        blank=True,
        help_text=_("How the programme relates to the national crime-prevention programme."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    description = models.TextField(_("description"), blank=True)
    plan_cadence_months = models.PositiveSmallIntegerField(
        _("activity plan cadence (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("An activity plan older than this is flagged as not updated on time."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-period_start", "name"]
        verbose_name = _("regional programme")
        verbose_name_plural = _("regional programmes")

    def __str__(self) -> str:
        return self.name


class ProgrammeDocument(models.Model):
    """A constituent document: programförklaring, handlingsprogram …, with its date."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="documents", verbose_name=_("programme")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    adopted_on = models.DateField(_("signed or adopted on"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=200, blank=True)

    class Meta:
        ordering = ["adopted_on", "pk"]
        verbose_name = _("programme document")
        verbose_name_plural = _("programme documents")

    def __str__(self) -> str:
        return self.title


class Signatory(models.Model):
    """An organisation that signed the programme; its head sits in the steering group."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("programme"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programme_signatures",
        verbose_name=_("organisation in Läget"),
    )
    organisation_name = models.CharField(_("organisation"), max_length=150)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_operational_plan = models.BooleanField(
        _("written into its own verksamhetsplan"), default=False
    )
    steering_role = models.CharField(
        _("steering-group representative (role)"),
        max_length=150,
        blank=True,
        help_text=_("A role, not a name, e.g. “Landshövding (ordförande)”."),
    )
    withdrawn_on = models.DateField(_("withdrew on"), null=True, blank=True)

    class Meta:
        ordering = ["organisation_name"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation_name"], name="programmes_signatory_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.organisation_name


class DevelopmentArea(models.Model):
    """An utvecklingsområde with its working group (arbetsgrupp): one group per area."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="areas", verbose_name=_("programme")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    aliases = models.CharField(_("short name or aliases"), max_length=200, blank=True)
    rationale = models.TextField(_("rationale and knowledge base"), blank=True)
    national_dependencies = models.TextField(_("dependencies on national assignments"), blank=True)
    convener = models.ForeignKey(
        Signatory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="convened_areas",
        verbose_name=_("convener (sammankallande part)"),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("development area")
        verbose_name_plural = _("development areas")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="programmes_area_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class WorkingGroupMember(models.Model):
    """A seat in an area's working group over time (turnover is new rows with dates)."""

    area = models.ForeignKey(
        DevelopmentArea,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("development area"),
    )
    signatory = models.ForeignKey(
        Signatory,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="working_group_seats",
        verbose_name=_("signatory organisation"),
    )
    other_organisation = models.CharField(
        _("other organisation"),
        max_length=150,
        blank=True,
        help_text=_("Only for an organisation that has not signed the programme."),
    )
    function_title = models.CharField(_("function title"), max_length=150)
    appointed_by = models.CharField(_("appointed by"), max_length=150, blank=True)
    anchored_with_manager = models.BooleanField(_("anchored with line manager"), default=False)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    hours_unregulated = models.BooleanField(_("time unregulated"), default=False)
    controls_own_time = models.BooleanField(_("controls own time"), default=False)
    representation_scope = models.CharField(
        _("represents"),
        max_length=150,
        blank=True,
        help_text=_("E.g. “own unit only” or “the whole police area”."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")

    def __str__(self) -> str:
        return f"{self.organisation_name}: {self.function_title}"

    @property
    def organisation_name(self) -> str:
        return self.signatory.organisation_name if self.signatory else self.other_organisation


class WorkingGroupMeeting(models.Model):
    """A meeting of an area's working group, with its minutes."""

    area = models.ForeignKey(
        DevelopmentArea,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("development area"),
    )
    held_on = models.DateField(_("date"))
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("working group meeting")
        verbose_name_plural = _("working group meetings")

    def __str__(self) -> str:
        return str(self.held_on)


class ActivityPlan(models.Model):
    """One version of an area's aktivitetsplan (renewed about twice a year)."""

    area = models.ForeignKey(
        DevelopmentArea,
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("development area"),
    )
    version = models.PositiveSmallIntegerField(_("version"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    quality_assured_at = models.DateTimeField(_("quality-assured"), null=True, blank=True)
    quality_assured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quality-assured by"),
    )
    presented_on = models.DateField(_("presented to the steering group on"), null=True, blank=True)
    return_comment = models.TextField(_("comment on return"), blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("activity plan")
        verbose_name_plural = _("activity plans")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "version"], name="programmes_plan_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} – v{self.version}"


class Activity(models.Model):
    """What the working group will do, when, and who contributes."""

    plan = models.ForeignKey(
        ActivityPlan,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("activity plan"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    planned_date = models.DateField(_("planned date"))
    new_date = models.DateField(
        _("new date"), null=True, blank=True, help_text=_("For a postponed activity.")
    )
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    mode = models.CharField(
        _("mode"), max_length=10, choices=ActivityMode.choices, default=ActivityMode.PHYSICAL
    )
    location = models.CharField(_("location"), max_length=150, blank=True)
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    senders = models.CharField(_("sender organisations"), max_length=300, blank=True)
    contributions = models.TextField(_("each representative's contribution"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    deviation_kind = models.CharField(
        _("reason for the deviation"), max_length=30, choices=DeviationKind.choices, blank=True
    )
    deviation_text = models.TextField(_("deviation explained"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )

    class Meta:
        ordering = ["planned_date", "pk"]
        verbose_name = _("programme activity")
        verbose_name_plural = _("programme activities")

    def __str__(self) -> str:
        return self.title


class ActivityChange(models.Model):
    """The deviation log: one row per status update of an activity."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="changes", verbose_name=_("activity")
    )
    status = models.CharField(_("status"), max_length=12, choices=ActivityStatus.choices)
    new_date = models.DateField(_("new date"), null=True, blank=True)
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    deviation_kind = models.CharField(
        _("reason for the deviation"), max_length=30, choices=DeviationKind.choices, blank=True
    )
    deviation_text = models.TextField(_("deviation explained"), blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("activity change")
        verbose_name_plural = _("activity changes")

    def __str__(self) -> str:
        return f"{self.activity}: {self.status}"


class ExpectedResult(models.Model):
    """An expected result of an area: a resultatmål or a processmål, with its assessment."""

    area = models.ForeignKey(
        DevelopmentArea,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("development area"),
    )
    goal_type = models.CharField(_("goal type"), max_length=10, choices=GoalType.choices)
    text = models.TextField(_("expected result"))
    definitions = models.TextField(
        _("definitions of key terms"),
        blank=True,
        help_text=_("What do words such as “collaboration structure” mean here?"),
    )
    indicator = models.CharField(_("indicator or success criterion"), max_length=300, blank=True)
    baseline = models.CharField(_("baseline"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    unambiguous = models.CharField(
        _("unambiguous and coherent?"), max_length=3, choices=Judgement.choices, blank=True
    )
    assessment = models.CharField(
        _("assessment"), max_length=15, choices=Assessment.choices, blank=True
    )
    justification = models.TextField(_("justification of the assessment"), blank=True)
    continuation_owner = models.CharField(
        _("owner after the programme"), max_length=200, blank=True
    )

    class Meta:
        ordering = ["goal_type", "pk"]
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")

    def __str__(self) -> str:
        return self.text[:80]


class SteeringGroupPack(models.Model):
    """A styrgruppsunderlag as issued: its content snapshot, to show changes in the next one."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="packs", verbose_name=_("programme")
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    snapshot = models.JSONField(_("content"), default=dict)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("steering-group pack")
        verbose_name_plural = _("steering-group packs")

    def __str__(self) -> str:
        return f"{self.programme} – {self.issued_at:%Y-%m-%d}"


class SteeringGroupDecision(models.Model):
    """The decision log: a decision or an adjustment of the steering group (styrgrupp) at a
    meeting, optionally about one development area or one activity."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("programme")
    )
    meeting_date = models.DateField(_("steering-group meeting"))
    kind = models.CharField(
        _("kind"), max_length=12, choices=DecisionKind.choices, default=DecisionKind.DECISION
    )
    text = models.TextField(_("decision"))
    area = models.ForeignKey(
        DevelopmentArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("development area"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("activity"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-meeting_date", "-pk"]
        verbose_name = _("steering-group decision")
        verbose_name_plural = _("steering-group decisions")

    def __str__(self) -> str:
        return f"{self.meeting_date}: {self.text[:60]}"


class ProgrammeMember(models.Model):
    """A named participant beyond the county board (e.g. a convener at Kommunförbundet) who
    reads the programme, its areas and the steering-group pack, but changes nothing."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("programme"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="programme_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role in the programme"),
        max_length=150,
        blank=True,
        help_text=_("E.g. “Convener of the working group on exit, Kommunförbundet”."),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = _("programme participant")
        verbose_name_plural = _("programme participants")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"], name="programmes_member_unique_user"
            )
        ]

    def __str__(self) -> str:
        return self.user.get_username()
