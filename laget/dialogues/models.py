"""Records of medarbetardialoger and medborgardialoger.

The police method builds a medborgarlöfte on dialogues: staff dialogues on *what* the problems
are and *how* to act, and a dialogue with citizens. The medborgarlöfte gates count the dialogues
held in a cycle, so each is recorded with its date, who held it, how many took part (never
names) and what came out of it. A date in the future records a planned dialogue; only held
ones (``held_on`` today or earlier) count. Issue 6 extends this with surveys and walks.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.core.choices import InformationClass
from laget.dialogues.choices import DialogueKind, RemarkStatus

MAX_TEXT = 5000
#: A remark is a protocol row: a place and what is wrong there, not an essay.
MAX_REMARK = 2000


class Dialogue(models.Model):
    """One dialogue (held or planned) of a collaboration."""

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="dialogues",
        verbose_name=_("collaboration"),
    )
    kind = models.CharField(_("kind"), max_length=15, choices=DialogueKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("held by"),
    )
    #: The organisation that owns the record (for the information class); the one that held it.
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning organisation"),
    )
    info_class = models.CharField(
        _("information class"),
        max_length=20,
        choices=InformationClass.choices,
        default=InformationClass.PARTNERS,
    )
    participants_count = models.PositiveIntegerField(_("number of participants"), default=0)
    participant_groups = models.CharField(
        _("participant groups"),
        max_length=500,
        blank=True,
        help_text=_("Units or groups that took part, never names."),
    )
    purpose = models.TextField(_("purpose"), blank=True, max_length=MAX_TEXT)
    outcome = models.TextField(_("outcome"), blank=True, max_length=MAX_TEXT)
    feedback = models.TextField(_("feedback given"), blank=True, max_length=MAX_TEXT)
    feedback_given_on = models.DateField(_("feedback given on"), null=True, blank=True)
    # --- Citizen dialogues: the nine-point planning checklist (spec §3.10). Point 2 (purpose,
    # goals, limits) is the ``purpose`` field above; the other eight live here as plain fields on
    # the dialogue (not a separate table) so that one access path and one form cover them.
    plan_responsible = models.TextField(
        _("responsible for planning and execution"), blank=True, max_length=MAX_TEXT
    )
    plan_target_group = models.TextField(
        _("target group and barriers"), blank=True, max_length=MAX_TEXT
    )
    plan_influence = models.TextField(
        _("influence and degree of participation"), blank=True, max_length=MAX_TEXT
    )
    #: A list of ``DialogueForm`` values (open meeting, survey, citizen panel …).
    plan_forms = models.JSONField(_("form of the dialogue"), default=list, blank=True)
    plan_forum = models.TextField(_("forum or meeting place"), blank=True, max_length=MAX_TEXT)
    plan_questions = models.TextField(_("questions"), blank=True, max_length=MAX_TEXT)
    plan_documentation = models.TextField(
        _("how answers are documented and analysed"), blank=True, max_length=MAX_TEXT
    )
    plan_feedback = models.TextField(_("feedback plan"), blank=True, max_length=MAX_TEXT)
    invitations_sent_on = models.DateField(_("invitations sent on"), null=True, blank=True)
    # --- Staff dialogues (VAD/HUR): the agenda, prefilled from spec §3.3/§3.4, and the head
    # count per unit of the parties ({unit pk as text: count}) – never names.
    agenda = models.TextField(_("agenda"), blank=True, max_length=MAX_TEXT)
    participants_by_unit = models.JSONField(_("participants by unit"), default=dict, blank=True)
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
        ordering = ["-held_on", "-pk"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class SafetyWalk(models.Model):
    """A trygghetsvandring: planned until walked, with its route, head counts and remarks.

    Participants are counted by group (``participants`` maps a ``ParticipantGroup`` value to a
    count) – the protocol never needs names, so none are stored.
    """

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="safety_walks",
        verbose_name=_("collaboration"),
    )
    area = models.ForeignKey(
        "geography.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("area"),
    )
    title = models.CharField(_("title"), max_length=200)
    planned_on = models.DateTimeField(_("planned for"))
    walked_on = models.DateField(_("walked on"), null=True, blank=True)
    #: A GeoJSON LineString (WGS 84) drawn on the map; the description is the fallback.
    route = models.JSONField(_("route"), null=True, blank=True)
    route_description = models.TextField(_("route description"), blank=True, max_length=MAX_TEXT)
    organiser = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organiser"),
    )
    #: The organisation that owns the record (for the information class): the organiser.
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning organisation"),
    )
    participants = models.JSONField(_("participants by group"), default=dict, blank=True)
    summary = models.TextField(_("summary"), blank=True, max_length=MAX_TEXT)
    info_class = models.CharField(
        _("information class"),
        max_length=20,
        choices=InformationClass.choices,
        default=InformationClass.PARTNERS,
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
        ordering = ["-planned_on", "-pk"]
        verbose_name = _("safety walk")
        verbose_name_plural = _("safety walks")

    def __str__(self) -> str:
        return f"{self.title} ({self.planned_on:%Y-%m-%d})"

    @property
    def participants_total(self) -> int:
        return sum(int(v) for v in (self.participants or {}).values())


class WalkRemark(models.Model):
    """One row of the protocol: NR, ANMÄRKNING, PROBLEMÄGARE, ÅTGÄRDAT – and a point on the map."""

    walk = models.ForeignKey(
        SafetyWalk, on_delete=models.CASCADE, related_name="remarks", verbose_name=_("safety walk")
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("remark"), max_length=MAX_REMARK)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    problem_owner = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("problem owner"),
    )
    #: A problem owner outside the collaboration, e.g. "Fastighetsägaren".
    problem_owner_text = models.CharField(_("other problem owner"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=RemarkStatus.choices, default=RemarkStatus.OPEN
    )
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True, max_length=MAX_TEXT)
    report = models.ForeignKey(
        "reporting.Report",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("report"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["walk", "number"]
        verbose_name = _("safety walk remark")
        verbose_name_plural = _("safety walk remarks")
        constraints = [
            models.UniqueConstraint(fields=["walk", "number"], name="walk_remark_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:40]}"

    @property
    def problem_owner_name(self) -> str:
        if self.problem_owner_id:
            return self.problem_owner.name
        return self.problem_owner_text
