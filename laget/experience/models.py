"""The experience bank (erfarenhetsbank): followed-up measures shared across municipalities.

An :class:`Entry` is a frozen copy of what a collaboration learnt from one measure of its
åtgärdsplan: what was done, where (described for other municipalities, without area names),
for which problem, the follow-up result and the effect, what it cost, and a contact *role*.
Later edits of the measure never reach the entry. Published entries are read by every signed-in
person of any municipality; drafts and withdrawn entries only by the owning collaboration
(``laget.access.restrict_experience``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.experience.choices import EffectAssessment, EntryStatus
from laget.planning.choices import MeasureKind, PreventionLevel

MAX_TEXT = 4000
MAX_SHORT = 1000


class Entry(models.Model):
    """One experience (erfarenhet) from a followed-up measure."""

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="experience_entries",
        verbose_name=_("collaboration"),
    )
    #: The municipality the experience comes from (public reference data, shown to everyone).
    municipality = models.ForeignKey(
        "geography.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    #: The measure it was copied from; only a reference for the owner, never read for display.
    measure = models.ForeignKey(
        "planning.Measure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experience_entries",
        verbose_name=_("measure"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    what_done = models.TextField(_("what was done"), max_length=MAX_TEXT)
    where = models.TextField(_("where"), max_length=MAX_SHORT)
    problem = models.TextField(_("the problem"), max_length=MAX_TEXT)
    category_key = models.SlugField(_("category key"), max_length=50, blank=True)
    category_label = models.CharField(_("category"), max_length=200, blank=True)
    measure_kind = models.CharField(
        _("kind of measure"), max_length=15, choices=MeasureKind.choices
    )
    prevention_level = models.CharField(
        _("prevention level"), max_length=10, choices=PreventionLevel.choices
    )
    result = models.TextField(_("follow-up result"), max_length=MAX_TEXT)
    effect = models.CharField(
        _("effect"), max_length=10, choices=EffectAssessment.choices, blank=True
    )
    effect_text = models.TextField(_("effect assessment"), blank=True, max_length=MAX_TEXT)
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    cost_sek = models.PositiveIntegerField(_("cost (SEK)"), null=True, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    no_personal_data = models.BooleanField(_("the texts contain no personal data"), default=False)
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
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == EntryStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == EntryStatus.PUBLISHED
