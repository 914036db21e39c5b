"""Medborgarlöften (citizen promises): the public promise and the non-public plan behind it.

A promise has six public sections in a fixed order (the police method's template):
1 inledning med syfte (``introduction``), 2 den gemensamma lägesbilden, fokusområdet och hur
det tagits fram (``situation_summary``), 3 aktiviteter och tidsperiod (the activities and the
period), 4 effekter som eftersträvas (``effects``), 5 hur medborgarna kan följa arbetet
(``how_to_follow``), 6 underskrifter (the signatures).

What may be shown publicly and what may not is decided by field name: the public site reads
promises only through ``selectors.public_promises`` and reads only the fields listed in
``PUBLIC_PROMISE_FIELDS``/``PUBLIC_ACTIVITY_FIELDS``/``PUBLIC_UPDATE_FIELDS``. The activity
plan's ``responsible``, ``resources`` and ``follow_up_plan``, an update's ``internal_note`` and a
follow-up report's ``lessons`` are never public.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.promises.choices import ActivityStatus, PromiseStatus

MAX_TEXT = 5000

#: The fields of a promise that the public site may read.
PUBLIC_PROMISE_FIELDS = (
    "title",
    "period_start",
    "period_end",
    "introduction",
    "situation_summary",
    "effects",
    "how_to_follow",
    "published_at",
    "status",
)
#: The public fields of an activity.
PUBLIC_ACTIVITY_FIELDS = (
    "position",
    "title",
    "public_description",
    "organisation",
    "starts_on",
    "ends_on",
    "status",
)
#: The public fields of an activity update.
PUBLIC_UPDATE_FIELDS = ("status", "public_text", "reported_on")
#: The public fields of a follow-up report.
PUBLIC_FOLLOW_UP_FIELDS = ("summary", "outcome", "created_at")


class PromiseSettings(models.Model):
    """Per-collaboration settings of the promise work, created on demand."""

    collaboration = models.OneToOneField(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="promise_settings",
        verbose_name=_("collaboration"),
    )
    gates_block = models.BooleanField(
        _("missing gates block signing"),
        default=True,
        help_text=_(
            "If set, a promise cannot be made ready or signed while a gate of the method is "
            "missing. If not set, it can, but the promise and the audit log record the warnings."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("promise settings")
        verbose_name_plural = _("promise settings")

    def __str__(self) -> str:
        return str(self.collaboration)


class Promise(models.Model):
    """A medborgarlöfte (ENT-30): the parties' public promise for one period."""

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="promises",
        verbose_name=_("collaboration"),
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=PromiseStatus.choices, default=PromiseStatus.DRAFT
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    introduction = models.TextField(_("introduction and purpose"), blank=True, max_length=MAX_TEXT)
    situation_summary = models.TextField(
        _("the joint situation picture, the focus area and how it was arrived at"),
        blank=True,
        max_length=MAX_TEXT,
    )
    effects = models.TextField(_("effects sought"), blank=True, max_length=MAX_TEXT)
    how_to_follow = models.TextField(
        _("how citizens can follow the work"), blank=True, max_length=MAX_TEXT
    )
    problems = models.ManyToManyField(
        "planning.Problem",
        blank=True,
        related_name="promises",
        verbose_name=_("focus problems"),
    )
    indicators = models.ManyToManyField(
        "planning.Indicator",
        blank=True,
        related_name="promises",
        verbose_name=_("indicators"),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="promises",
        verbose_name=_("samverkansöverenskommelse"),
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
        verbose_name=_("renews"),
    )
    renewal_justification = models.TextField(
        _("why the need remains"), blank=True, max_length=MAX_TEXT
    )
    update_interval_days = models.PositiveSmallIntegerField(
        _("progress updates due every (days)"), default=30
    )
    diarienummer = models.CharField(_("diarienummer"), max_length=50, blank=True)
    ready_at = models.DateTimeField(_("made ready"), null=True, blank=True)
    signed_with_warnings = models.JSONField(
        _("signed with missing gates"), default=list, blank=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
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
        ordering = ["-period_start", "-pk"]
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in (PromiseStatus.ACTIVE, PromiseStatus.COMPLETED) and bool(
            self.published_at
        )


class PromiseActivity(models.Model):
    """One activity of a promise: public description and period, plus the non-public plan."""

    promise = models.ForeignKey(
        Promise, on_delete=models.CASCADE, related_name="activities", verbose_name=_("promise")
    )
    position = models.PositiveIntegerField(_("position"))
    title = models.CharField(_("activity"), max_length=200)
    public_description = models.TextField(_("public description"), blank=True, max_length=MAX_TEXT)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("party"),
    )
    measure = models.ForeignKey(
        "planning.Measure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="promise_activities",
        verbose_name=_("measure in the action plan"),
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    # Non-public activity plan: never read by the public site.
    responsible = models.CharField(_("responsible"), max_length=300, blank=True)
    resources = models.TextField(_("resources"), blank=True, max_length=MAX_TEXT)
    follow_up_plan = models.TextField(_("how it is followed up"), blank=True, max_length=MAX_TEXT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["promise", "position", "pk"]
        verbose_name = _("promise activity")
        verbose_name_plural = _("promise activities")

    def __str__(self) -> str:
        return self.title


class ActivityUpdate(models.Model):
    """A progress update of an activity; the activity's status follows its latest update."""

    activity = models.ForeignKey(
        PromiseActivity,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("activity"),
    )
    status = models.CharField(_("status"), max_length=10, choices=ActivityStatus.choices)
    public_text = models.TextField(_("public text"), blank=True, max_length=MAX_TEXT)
    internal_note = models.TextField(_("internal note"), blank=True, max_length=MAX_TEXT)
    reported_on = models.DateField(_("reported on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reported by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["activity", "-reported_on", "-pk"]
        verbose_name = _("activity update")
        verbose_name_plural = _("activity updates")

    def __str__(self) -> str:
        return f"{self.activity} – {self.get_status_display()}"


class PromiseSignature(models.Model):
    """One party's signature, given by a holder of a signing authority for that party."""

    promise = models.ForeignKey(
        Promise, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("promise")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("party"),
    )
    authority = models.ForeignKey(
        "agreements.SigningAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signing authority"),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signer_name = models.CharField(_("name"), max_length=200)
    signer_title = models.CharField(_("title"), max_length=200)
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)

    class Meta:
        ordering = ["promise", "signed_at", "pk"]
        verbose_name = _("promise signature")
        verbose_name_plural = _("promise signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["promise", "organisation"], name="unique_promise_signature"
            )
        ]

    def __str__(self) -> str:
        return f"{self.promise} – {self.organisation}"


class PromiseFollowUp(models.Model):
    """The end-of-period follow-up report: public summary and outcome, non-public lessons."""

    promise = models.OneToOneField(
        Promise, on_delete=models.CASCADE, related_name="follow_up", verbose_name=_("promise")
    )
    summary = models.TextField(_("what was done"), max_length=MAX_TEXT)
    outcome = models.TextField(_("how it went and the effects"), max_length=MAX_TEXT)
    lessons = models.TextField(_("lessons (not public)"), blank=True, max_length=MAX_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("promise follow-up report")
        verbose_name_plural = _("promise follow-up reports")

    def __str__(self) -> str:
        return str(self.promise)
