"""Writes of the dialogue records: validate, then store in one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laget import access
from laget.analysis import pii
from laget.core.choices import InformationClass
from laget.core.errors import field_error
from laget.dialogues.choices import DialogueKind
from laget.dialogues.models import Dialogue
from laget.organisations.choices import Role
from laget.organisations.models import Collaboration, Organisation

#: Roles that record dialogues (samordnare, kommunpolis; an administrator may stand in).
EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR, Role.POLICE})
TEXT_FIELDS = ("title", "participant_groups", "purpose", "outcome", "feedback")


def may_edit(user: Any, collaboration: Collaboration) -> bool:
    scope = access.scope_for(user)
    return scope.is_superuser or bool(scope.roles.get(collaboration.pk, set()) & EDITOR_ROLES)


def _require_editor(user: Any, collaboration: Collaboration) -> None:
    if not may_edit(user, collaboration):
        raise ValidationError(
            _("Only coordinators, administrators and the police may record dialogues."),
            code="not_allowed",
        )


def _check(
    collaboration: Collaboration, organisation: Organisation, kind: str, texts: dict[str, str]
) -> None:
    if kind not in DialogueKind.values:
        raise field_error("kind", _("Unknown kind of dialogue."), "invalid")
    if not organisation.collaborations.filter(pk=collaboration.pk).exists():
        raise field_error(
            "organisation", _("The organisation is not a party of this collaboration."), "not_party"
        )
    for name, text in texts.items():
        # Dialogue notes are about views and groups; what individuals said stays out.
        if text and pii.find_personal_data(text):
            raise field_error(
                name,
                _(
                    "The text seems to contain personal data (an identity number, a phone "
                    "number, an e-mail address or a registration number). Remove it."
                ),
                "personal_data",
            )


@transaction.atomic
def dialogue_create(
    *,
    user: Any,
    collaboration: Collaboration,
    kind: str,
    title: str,
    held_on: datetime.date,
    organisation: Organisation,
    participants_count: int = 0,
    participant_groups: str = "",
    purpose: str = "",
    outcome: str = "",
    feedback: str = "",
    info_class: str = InformationClass.PARTNERS,
) -> Dialogue:
    """Record a dialogue; a date after today records a planned one (it counts once held)."""
    _require_editor(user, collaboration)
    texts = {
        "title": title,
        "participant_groups": participant_groups,
        "purpose": purpose,
        "outcome": outcome,
        "feedback": feedback,
    }
    _check(collaboration, organisation, kind, texts)
    dialogue = Dialogue(
        collaboration=collaboration,
        kind=kind,
        held_on=held_on,
        organisation=organisation,
        owner_organisation=organisation,
        participants_count=participants_count,
        info_class=info_class,
        created_by=user,
        **{name: value.strip() for name, value in texts.items()},
    )
    dialogue.full_clean()
    dialogue.save()
    return dialogue


@transaction.atomic
def dialogue_update(
    *,
    user: Any,
    dialogue: Dialogue,
    kind: str,
    title: str,
    held_on: datetime.date,
    organisation: Organisation,
    participants_count: int = 0,
    participant_groups: str = "",
    purpose: str = "",
    outcome: str = "",
    feedback: str = "",
    info_class: str | None = None,
) -> Dialogue:
    """Change a dialogue record (e.g. fill in the outcome once a planned dialogue is held)."""
    collaboration = dialogue.collaboration
    _require_editor(user, collaboration)
    texts = {
        "title": title,
        "participant_groups": participant_groups,
        "purpose": purpose,
        "outcome": outcome,
        "feedback": feedback,
    }
    _check(collaboration, organisation, kind, texts)
    for name, value in texts.items():
        setattr(dialogue, name, value.strip())
    dialogue.kind = kind
    dialogue.held_on = held_on
    dialogue.organisation = organisation
    dialogue.owner_organisation = organisation
    dialogue.participants_count = participants_count
    if info_class is not None:
        dialogue.info_class = info_class
    dialogue.full_clean()
    dialogue.save()
    return dialogue


@transaction.atomic
def dialogue_delete(*, user: Any, dialogue: Dialogue) -> None:
    _require_editor(user, dialogue.collaboration)
    dialogue.delete()
