"""The public site's own data: published lägesbild summaries.

The public site never reads a lägesbild (``SituationPicture``) itself. Publishing an adopted
picture freezes what may be shown — the suppressed category × area table of the public version
(``laget.situation.exports.public_table``) and an optional public text — into a
``PublishedSummary``. Later versions of the picture, or changes to its snapshot, change nothing
that has been published; unpublishing hides the row (it is kept, with who and when, because a
published text may already be an *allmän handling*).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.situation.choices import PeriodKind

MAX_PUBLIC_TEXT = 5000


class PublishedSummary(models.Model):
    """One adopted lägesbild's public summary as it was published (see the module)."""

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="published_summaries",
        verbose_name=_("collaboration"),
    )
    #: The adopted version it was published from. The summary is complete without it, so
    #: removing the version (gallring) leaves the published summary as it is.
    picture = models.ForeignKey(
        "situation.SituationPicture",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_summaries",
        verbose_name=_("situation picture"),
    )
    period_kind = models.CharField(_("period"), max_length=12, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    #: The public table, frozen: {"areas": [name | None], "threshold": n,
    #: "rows": [{"label": str, "cells": [int | None], "total": int | None}]}.
    table = models.JSONField(_("public table"), default=dict)
    public_text = models.TextField(_("public text"), blank=True, max_length=MAX_PUBLIC_TEXT)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )
    unpublished_at = models.DateTimeField(_("unpublished"), null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unpublished by"),
    )

    class Meta:
        ordering = ["-period_start", "-published_at"]
        verbose_name = _("published situation summary")
        verbose_name_plural = _("published situation summaries")
        constraints = [
            # A picture is published at most once at a time (unpublish, then publish again).
            models.UniqueConstraint(
                fields=["picture"],
                condition=models.Q(unpublished_at__isnull=True),
                name="unique_live_published_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collaboration} {self.period_start}"

    @property
    def is_published(self) -> bool:
        return self.unpublished_at is None
