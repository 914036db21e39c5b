"""The lägesbild (situation picture) of a lägesbildsgrupp, and the group's settings for it.

A *lägesbild period* is the stretch of time one lägesbild covers: a week (Monday–Sunday), two
weeks (fortnights counted from a fixed Monday, so they line up across groups) or a calendar
month, chosen per group in :class:`SituationSettings`. The period is identified by its first
day. ``laget.analysis.compile`` defines the periods and their comparisons.

A lägesbild is compiled from the period's reports into a *snapshot* (JSON) and stays a draft
while the coordinator writes the assessment and the group's priorities. When the group adopts it
(*fastställer*) that version is frozen; any later change makes version n + 1, so an adopted
version can always be read as it was decided.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.core.choices import InformationClass
from laget.reporting.choices import Assessment, Trend
from laget.situation.choices import (
    ActionStatus,
    AgendaKind,
    MeetingDecision,
    PartyPictureStatus,
    PeriodKind,
    PictureStatus,
)

MAX_TEXT = 10_000


class SituationSettings(models.Model):
    """A lägesbildsgrupp's settings for its lägesbild (per-group policy is data, not a setting)."""

    group = models.OneToOneField(
        "organisations.Group",
        on_delete=models.CASCADE,
        related_name="situation_settings",
        verbose_name=_("group"),
    )
    period_kind = models.CharField(
        _("period"), max_length=12, choices=PeriodKind.choices, default=PeriodKind.WEEK
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("situation picture settings")
        verbose_name_plural = _("situation picture settings")

    def __str__(self) -> str:
        return f"{self.group} ({self.get_period_kind_display()})"


class SituationPicture(models.Model):
    """One version of a group's lägesbild for one period (see the module's docstring)."""

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="situation_pictures",
        verbose_name=_("collaboration"),
    )
    group = models.ForeignKey(
        "organisations.Group",
        on_delete=models.PROTECT,
        related_name="situation_pictures",
        verbose_name=_("group"),
    )
    period_kind = models.CharField(_("period"), max_length=12, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=PictureStatus.choices, default=PictureStatus.DRAFT
    )
    snapshot = models.JSONField(_("compiled figures"), default=dict, blank=True)
    compiled_at = models.DateTimeField(_("compiled"), null=True, blank=True)
    assessment = models.TextField(_("coordinator's assessment"), blank=True, max_length=MAX_TEXT)
    priorities = models.TextField(_("the group's priorities"), blank=True, max_length=MAX_TEXT)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="situation_pictures",
        verbose_name=_("owning organisation"),
    )
    info_class = models.CharField(
        _("information class"),
        max_length=20,
        choices=InformationClass.choices,
        default=InformationClass.PARTNERS,
    )
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("adopted by"),
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
    # issue 7: shared with the länsstyrelse (laget.regional.services.picture_share)
    shared_with_county_at = models.DateTimeField(_("shared with the county"), null=True, blank=True)
    shared_with_county_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("shared with the county by"),
    )

    class Meta:
        ordering = ["-period_start", "-version"]
        verbose_name = _("situation picture")
        verbose_name_plural = _("situation pictures")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "period_kind", "period_start", "version"],
                name="unique_situation_picture_version",
            ),
            # At most one draft per period: edits go into it until it is adopted.
            models.UniqueConstraint(
                fields=["group", "period_kind", "period_start"],
                condition=models.Q(status=PictureStatus.DRAFT),
                name="unique_situation_picture_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.period_start} v{self.version}"

    @property
    def is_adopted(self) -> bool:
        return self.status == PictureStatus.ADOPTED


class PictureApproval(models.Model):
    """One party's approval of a joint lägesbild version.

    The joint lägesbild is adopted (*fastställd*) when the municipality and the police — every
    party of those kinds in the collaboration — have approved the same version. Recompiling the
    figures or changing the texts withdraws the approvals given so far.
    """

    picture = models.ForeignKey(
        SituationPicture,
        on_delete=models.CASCADE,
        related_name="approvals",
        verbose_name=_("situation picture"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("party"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), auto_now_add=True)

    class Meta:
        ordering = ["approved_at", "pk"]
        verbose_name = _("approval of a situation picture")
        verbose_name_plural = _("approvals of situation pictures")
        constraints = [
            models.UniqueConstraint(
                fields=["picture", "organisation"], name="unique_picture_approval"
            )
        ]

    def __str__(self) -> str:
        return f"{self.picture} – {self.organisation}"


class PartyPicture(models.Model):
    """A party's own lägesbild (the municipality's, the police's) of one group's period.

    It holds the party's figures per category — counts, assessment and trend, aggregated: never
    individual data — and the party's written assessment. While it is a draft only the party's
    coordinators, police and administrators read it (*begränsad*); sharing it makes it part of
    the joint lägesbild (*samverkansparter*), which records where the parties' pictures diverge.
    A shared version is frozen; a later change makes version n + 1.
    """

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="party_pictures",
        verbose_name=_("collaboration"),
    )
    group = models.ForeignKey(
        "organisations.Group",
        on_delete=models.PROTECT,
        related_name="party_pictures",
        verbose_name=_("group"),
    )
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="party_pictures",
        verbose_name=_("party"),
    )
    period_kind = models.CharField(_("period"), max_length=12, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PartyPictureStatus.choices,
        default=PartyPictureStatus.DRAFT,
    )
    info_class = models.CharField(
        _("information class"),
        max_length=20,
        choices=InformationClass.choices,
        default=InformationClass.RESTRICTED,
    )
    assessment = models.TextField(_("the party's assessment"), blank=True, max_length=MAX_TEXT)
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("shared by"),
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
        ordering = ["-period_start", "owner_organisation", "-version"]
        verbose_name = _("party's own situation picture")
        verbose_name_plural = _("parties' own situation pictures")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "period_kind", "period_start", "owner_organisation", "version"],
                name="unique_party_picture_version",
            ),
            models.UniqueConstraint(
                fields=["group", "period_kind", "period_start", "owner_organisation"],
                condition=models.Q(status=PartyPictureStatus.DRAFT),
                name="unique_party_picture_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_organisation} {self.period_start} v{self.version}"

    @property
    def is_shared(self) -> bool:
        return self.status == PartyPictureStatus.SHARED


class PartyFigure(models.Model):
    """A party's aggregated figure for one category in its own lägesbild."""

    picture = models.ForeignKey(
        PartyPicture, on_delete=models.CASCADE, related_name="figures", verbose_name=_("picture")
    )
    category = models.ForeignKey(
        "reporting.Category",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    count = models.PositiveIntegerField(_("number"), null=True, blank=True)
    assessment = models.CharField(
        _("assessment"), max_length=10, choices=Assessment.choices, blank=True
    )
    trend = models.CharField(_("trend"), max_length=10, choices=Trend.choices, blank=True)

    class Meta:
        ordering = ["picture", "pk"]
        verbose_name = _("party's figure")
        verbose_name_plural = _("party's figures")
        constraints = [
            models.UniqueConstraint(fields=["picture", "category"], name="unique_party_figure")
        ]

    def __str__(self) -> str:
        return f"{self.picture}: {self.category_id}"


class Meeting(models.Model):
    """A meeting (möte) of a lägesbildsgrupp about one lägesbild, and its minutes (protokoll).

    The agenda is generated from the lägesbild's snapshot in priority order — alerts, red, yellow,
    the rest — followed by the open action items of the group's earlier meetings, so the
    meeting's time goes to what matters (``laget.situation.meetings.meeting_create``).
    """

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("collaboration"),
    )
    group = models.ForeignKey(
        "organisations.Group",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("group"),
    )
    picture = models.ForeignKey(
        SituationPicture,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("situation picture"),
    )
    held_on = models.DateField(_("date"))
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("attendees")
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

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.group} {self.held_on}"


class AgendaItem(models.Model):
    """One item on a meeting's agenda and the group's decision on it.

    Items from the lägesbild name a category and (optionally) an area: the category × area cell
    whose reports the decision answers, which is how a report's trail finds it. Carried items
    name the open action item they follow up.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=AgendaKind.choices)
    title = models.CharField(_("title"), max_length=300)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
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
    carried_action = models.ForeignKey(
        "ActionItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        verbose_name=_("action item carried over"),
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=MeetingDecision.choices, blank=True
    )
    escalated_to = models.ForeignKey(
        "organisations.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_items",
        verbose_name=_("raised to"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=MAX_TEXT)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class ActionItem(models.Model):
    """An action item (åtgärdspunkt) decided at a meeting; open ones go on the next agenda."""

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("collaboration"),
    )
    agenda_item = models.OneToOneField(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="action",
        verbose_name=_("agenda item"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    response = models.OneToOneField(
        "organisations.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answered_action",
        verbose_name=_("answer"),
        help_text=_(
            "The decision of the steering group or local crime prevention council on an "
            "escalated item; it goes back to the group's next meeting."
        ),
    )

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return str(self.agenda_item.title)
