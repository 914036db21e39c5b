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
from laget.dialogues.choices import DialogueKind

MAX_TEXT = 5000


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
