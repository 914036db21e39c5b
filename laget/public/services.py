"""Writes of the public site: publishing and unpublishing a lägesbild's public summary.

Only a coordinator or administrator of the collaboration publishes, and only an *adopted*
(fastställd) lägesbild: what the parties have not agreed on is never published. The summary
freezes the public version's table (small counts suppressed exactly as the public export does)
so the public site never has to read the picture again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.analysis import pii
from laget.core.errors import field_error
from laget.public.models import MAX_PUBLIC_TEXT, PublishedSummary
from laget.situation import exports
from laget.situation.export_files import picture_snapshot
from laget.situation.models import SituationPicture


def may_publish(user: Any, collaboration: Any) -> bool:
    """Coordinators and administrators of the collaboration speak for it in public."""
    return user.has_perm("laget.manage_collaboration", collaboration)


def _require_publisher(user: Any, collaboration: Any) -> None:
    if not may_publish(user, collaboration):
        raise ValidationError(
            _("Only a coordinator or administrator of the collaboration may publish."),
            code="not_allowed",
        )


def check_public_text(text: str, field: str = "public_text") -> str:
    """The text stripped, or a ValidationError when it is too long or names a person."""
    text = (text or "").strip()
    if len(text) > MAX_PUBLIC_TEXT:
        raise field_error(
            field,
            _("The text is too long (at most %(max)s characters).") % {"max": MAX_PUBLIC_TEXT},
            "max_length",
        )
    if text and pii.find_personal_data(text):
        raise field_error(
            field,
            _(
                "The text seems to contain personal data (an identity number, a phone number, "
                "an e-mail address or a registration number). Public texts describe places and "
                "situations, never people: remove it."
            ),
            "personal_data",
        )
    return text


def frozen_table(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The public version's table as JSON (areas without a name stay None, translated later)."""
    table = exports.public_table(snapshot)
    return {
        "areas": [a["name"] or None for a in snapshot.get("areas", [])],
        "threshold": table.threshold,
        "rows": [
            {"label": row["label"], "cells": list(row["cells"]), "total": row["total"]}
            for row in table.rows
        ],
    }


@transaction.atomic
def summary_publish(
    *, user: Any, picture: SituationPicture, public_text: str = ""
) -> PublishedSummary:
    """Publish the adopted ``picture``'s public summary on the public site."""
    collaboration = picture.collaboration
    _require_publisher(user, collaboration)
    if not picture.is_adopted:
        raise ValidationError(
            _("Only an adopted situation picture can be published."), code="not_adopted"
        )
    if PublishedSummary.objects.filter(picture=picture, unpublished_at__isnull=True).exists():
        raise ValidationError(
            _("This situation picture is already published."), code="already_published"
        )
    text = check_public_text(public_text)
    snapshot = picture_snapshot(user=user, picture=picture)
    summary = PublishedSummary(
        collaboration=collaboration,
        picture=picture,
        period_kind=picture.period_kind,
        period_start=picture.period_start,
        period_end=picture.period_end,
        table=frozen_table(snapshot),
        public_text=text,
        published_at=timezone.now(),
        published_by=user,
    )
    summary.full_clean()
    summary.save()
    return summary


@transaction.atomic
def summary_unpublish(*, user: Any, summary: PublishedSummary) -> PublishedSummary:
    """Take the summary off the public site (the row is kept with who and when)."""
    _require_publisher(user, summary.collaboration)
    if not summary.is_published:
        raise ValidationError(_("The summary is not published."), code="not_published")
    summary.unpublished_at = timezone.now()
    summary.unpublished_by = user
    summary.save(update_fields=["unpublished_at", "unpublished_by"])
    return summary
