"""Writes of the experience bank: a draft from a followed-up measure, publish, withdraw.

A draft is prefilled from the measure (:func:`prefill`) but never with the names of the
collaboration's areas or people: the texts are written for other municipalities, and the author
edits them and confirms that they contain no personal data before publishing. Every text is run
through the personal-data guard (``laget.analysis.pii``) on every save, and names of the
collaboration's members are refused as well, so the contact is a role, not a person. Once
published an entry is a frozen copy: later edits of the measure do not reach it, and the entry
itself can no longer be edited, only withdrawn.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.analysis import pii
from laget.core.errors import field_error
from laget.experience.choices import EffectAssessment, EntryStatus
from laget.experience.models import MAX_SHORT, MAX_TEXT, Entry
from laget.geography.choices import AreaKind
from laget.organisations.choices import Role
from laget.organisations.models import Collaboration, Membership
from laget.planning.models import FollowUp, FollowUpKind, Measure

#: The texts of an entry, checked for personal data and names on every save.
TEXT_FIELDS = (
    "title",
    "what_done",
    "where",
    "problem",
    "result",
    "effect_text",
    "contact_role",
)


@dataclass
class EntryInput:
    """The editable content of an entry (the form's fields)."""

    title: str = ""
    what_done: str = ""
    where: str = ""
    problem: str = ""
    category_key: str = ""
    category_label: str = ""
    measure_kind: str = ""
    prevention_level: str = ""
    result: str = ""
    effect: str = ""
    effect_text: str = ""
    hours: int | None = None
    cost_sek: int | None = None
    contact_role: str = ""
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None


def may_manage(user: Any, collaboration: Collaboration) -> bool:
    return bool(user.has_perm("laget.manage_collaboration", collaboration))


def _require_manager(user: Any, collaboration: Collaboration) -> None:
    if not may_manage(user, collaboration):
        raise PermissionDenied


def is_followed_up(measure: Measure) -> bool:
    return measure.follow_ups.exists()


# --- prefill ------------------------------------------------------------------------------------


def _strip_names(text: str, collaboration: Collaboration) -> str:
    """Replace the collaboration's area names (also in the genitive, "Brandbergens") and its
    own name with neutral words: an entry is read in every municipality."""
    names = sorted({*collaboration.areas.values_list("name", flat=True)}, key=len, reverse=True)
    for name in names:
        if name:
            text = re.sub(rf"\b{re.escape(name)}\w*", _("[the area]"), text, flags=re.IGNORECASE)
    if collaboration.name:
        text = re.sub(re.escape(collaboration.name), _("the collaboration"), text, flags=re.I)
    return text.strip()


def _where(measure: Measure) -> str:
    """The kinds of the problem's areas and the municipality, e.g. "Town centre (Fagersta)"."""
    kinds = sorted({str(AreaKind(a.kind).label) for a in measure.problem.areas.all()})
    municipality = measure.plan.collaboration.municipality.name
    if not kinds:
        return _("%(municipality)s municipality") % {"municipality": municipality}
    return _("%(kinds)s in %(municipality)s municipality") % {
        "kinds": ", ".join(kinds),
        "municipality": municipality,
    }


def _contact_role(user: Any, collaboration: Collaboration) -> str:
    membership = (
        Membership.objects.filter(user=user, collaboration=collaboration, is_active=True)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return ""
    return f"{Role(membership.role).label}, {membership.organisation.name}"


def _result(follow_ups: list[FollowUp]) -> str:
    from laget.planning.followup import follow_up_summary

    return "\n".join(follow_up_summary(f) for f in reversed(follow_ups))


def _effect_text(follow_ups: list[FollowUp]) -> str:
    from laget.planning.followup import verdict_sentences

    for follow_up in follow_ups:
        if follow_up.kind == FollowUpKind.EFFECT and hasattr(follow_up, "effect"):
            return " ".join(verdict_sentences(follow_up.effect.result))
    return ""


def prefill(*, user: Any, measure: Measure) -> EntryInput:
    """The content of a new entry from the measure, its problem and its follow-ups (latest
    first). Area names and the collaboration's name are replaced; no person is copied (the
    measure's responsible person is left out, the contact is the author's role)."""
    collaboration = measure.plan.collaboration
    follow_ups = list(measure.follow_ups.select_related("effect").order_by("-followed_up_on"))
    used = [f for f in follow_ups if f.hours is not None or f.cost_sek is not None]
    steps = [s.text for s in measure.steps.order_by("position")]
    what = measure.description
    if steps:
        what = "\n".join(filter(None, [what, _("Steps: %(steps)s") % {"steps": "; ".join(steps)}]))
    problem = measure.problem
    category = problem.category
    return EntryInput(
        title=_strip_names(measure.title, collaboration),
        what_done=_strip_names(what or measure.title, collaboration),
        where=_where(measure),
        problem=_strip_names(
            "\n".join(filter(None, [problem.title, problem.description])), collaboration
        ),
        category_key=category.key if category else "",
        category_label=category.name if category else "",
        measure_kind=measure.kind,
        prevention_level=measure.prevention_level,
        result=_strip_names(_result(follow_ups), collaboration),
        effect_text=_strip_names(_effect_text(follow_ups), collaboration),
        hours=next((f.hours for f in used if f.hours is not None), measure.hours),
        cost_sek=next((f.cost_sek for f in used if f.cost_sek is not None), measure.cost_sek),
        contact_role=_contact_role(user, collaboration),
        period_start=measure.start,
        period_end=follow_ups[0].followed_up_on if follow_ups else measure.end,
    )


# --- checks -------------------------------------------------------------------------------------


def _member_names(collaboration: Collaboration) -> list[str]:
    """Full names of the collaboration's members ("Förnamn Efternamn")."""
    names = []
    for first, last in Membership.objects.filter(collaboration=collaboration).values_list(
        "user__first_name", "user__last_name"
    ):
        if first.strip() and last.strip():
            names.append(f"{first.strip()} {last.strip()}")
    return names


def _check(data: EntryInput, collaboration: Collaboration) -> None:
    """Every text: required ones present, lengths, no personal data, no member's name."""
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    required = ("title", "what_done", "where", "problem", "result", "contact_role")
    for field in required:
        if not str(getattr(data, field) or "").strip():
            add(field, _("This field is required."), "required")
    limits = {"title": 200, "contact_role": 200, "where": MAX_SHORT, "category_label": 200}
    names = [n.lower() for n in _member_names(collaboration)]
    for field in TEXT_FIELDS:
        value = str(getattr(data, field) or "")
        limit = limits.get(field, MAX_TEXT)
        if len(value) > limit:
            add(
                field,
                _("At most %(max)s characters (this text has %(n)s).")
                % {"max": limit, "n": len(value)},
                "too_long",
            )
        if value and pii.find_personal_data(value):
            add(
                field,
                _(
                    "The text seems to contain personal data (an identity number, a phone "
                    "number, an e-mail address or a registration number). The experience bank "
                    "is read in every municipality: remove it."
                ),
                "personal_data",
            )
        elif any(name in value.lower() for name in names):
            add(
                field,
                _(
                    "The text names a person of the collaboration. Describe roles "
                    "(e.g. “crime prevention coordinator”), not people."
                ),
                "person_name",
            )
    from laget.planning.choices import MeasureKind, PreventionLevel

    if data.measure_kind not in MeasureKind.values:
        add("measure_kind", _("Choose the kind of measure."), "invalid")
    if data.prevention_level not in PreventionLevel.values:
        add("prevention_level", _("Choose the prevention level."), "invalid")
    if data.effect and data.effect not in EffectAssessment.values:
        add("effect", _("Choose an effect assessment."), "invalid")
    if data.period_start is None:
        add("period_start", _("This field is required."), "required")
    if data.period_end is None:
        add("period_end", _("This field is required."), "required")
    if data.period_start and data.period_end and data.period_end < data.period_start:
        add("period_end", _("The period cannot end before it starts."), "period")
    for field in ("hours", "cost_sek"):
        value = getattr(data, field)
        if value is not None and value < 0:
            add(field, _("Enter a number of zero or more."), "negative")
    if errors:
        raise ValidationError(errors)


def _apply(entry: Entry, data: EntryInput) -> None:
    for field, value in asdict(data).items():
        if isinstance(value, str):
            value = value.strip()
        setattr(entry, field, value)


# --- writes -------------------------------------------------------------------------------------


@transaction.atomic
def entry_create(*, user: Any, measure: Measure, data: EntryInput) -> Entry:
    """A draft entry from ``measure``; only a followed-up measure can be shared."""
    collaboration = measure.plan.collaboration
    _require_manager(user, collaboration)
    if not is_followed_up(measure):
        raise ValidationError(
            _(
                "Only a measure that has been followed up can be shared in the experience "
                "bank. Record a follow-up of the measure first."
            ),
            code="not_followed_up",
        )
    _check(data, collaboration)
    entry = Entry(
        collaboration=collaboration,
        municipality=collaboration.municipality,
        measure=measure,
        created_by=user,
    )
    _apply(entry, data)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def entry_update(*, user: Any, entry: Entry, data: EntryInput) -> Entry:
    """Change a draft (a published entry is frozen: withdraw it and share a new one)."""
    _require_manager(user, entry.collaboration)
    if not entry.is_draft:
        raise ValidationError(
            _("Only a draft can be changed. A published entry is a frozen copy."),
            code="not_draft",
        )
    _check(data, entry.collaboration)
    _apply(entry, data)
    entry.no_personal_data = False  # changed texts must be confirmed again
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def entry_publish(*, user: Any, entry: Entry, no_personal_data: bool) -> Entry:
    """Publish a draft to every municipality, after the author's confirmation."""
    _require_manager(user, entry.collaboration)
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_draft:
        raise ValidationError(_("Only a draft can be published."), code="not_draft")
    if not no_personal_data:
        raise field_error(
            "no_personal_data",
            _("Confirm that the texts contain no personal data and name no person."),
            "not_confirmed",
        )
    data = EntryInput(**{f: getattr(entry, f) for f in EntryInput.__dataclass_fields__})
    _check(data, entry.collaboration)  # the guard runs again: rules may have tightened
    entry.status = EntryStatus.PUBLISHED
    entry.no_personal_data = True
    entry.published_at = timezone.now()
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def entry_withdraw(*, user: Any, entry: Entry, reason: str = "") -> Entry:
    """Take a published entry out of the bank (it stays with its collaboration)."""
    _require_manager(user, entry.collaboration)
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_published:
        raise ValidationError(_("Only a published entry can be withdrawn."), code="not_published")
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise field_error("reason", _("At most 500 characters."), "too_long")
    if reason and pii.find_personal_data(reason):
        raise field_error("reason", _("The text seems to contain personal data. Remove it."), "pd")
    entry.status = EntryStatus.WITHDRAWN
    entry.withdrawn_at = timezone.now()
    entry.withdrawn_reason = reason
    entry.full_clean()
    entry.save()
    return entry
