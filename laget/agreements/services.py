"""Writes of the samverkansöverenskommelse: drafting, versions, signatures and signatories.

Every service validates meaning first, runs in a transaction and raises ``ValidationError``
with a code, so bad input never leaves a half-stored record. The rules follow the handbook:
the agreement describes the focus problems, their probable causes, measurable goals, the
organisation, documentation/follow-up and the period; the lokalpolisområdeschef and the
kommunstyrelsens ordförande (or documented delegates) sign; it is in force once both have.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from laget import access
from laget.agreements.choices import AgreementKind, AgreementStatus, SignatoryTitle
from laget.agreements.models import Agreement, AgreementSignature, SigningAuthority
from laget.agreements.selectors import signing_authority
from laget.analysis import pii
from laget.core.choices import InformationClass
from laget.core.errors import field_error
from laget.organisations.choices import MANAGER_ROLES, OrganisationKind, Role
from laget.organisations.models import Collaboration, Membership, Organisation
from laget.planning.choices import ProblemStatus
from laget.planning.models import Goal, Problem
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture

#: Roles that draft and edit the agreement (the samordnare prepares it with the kommunpolis).
EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR, Role.POLICE})
#: The free-text fields of an agreement (all pass the personal-data guard).
TEXT_FIELDS = (
    "title",
    "problem_picture",
    "causes_summary",
    "organisation_text",
    "follow_up_text",
    "communication_text",
    "breach_procedure",
)
#: The titles that may sign for each kind of organisation (delegates may sign for any).
TITLES_FOR_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.POLICE: frozenset({SignatoryTitle.LPO_CHIEF, SignatoryTitle.DELEGATE}),
    OrganisationKind.MUNICIPALITY: frozenset({SignatoryTitle.KS_CHAIR, SignatoryTitle.DELEGATE}),
}
OTHER_TITLES = frozenset({SignatoryTitle.OTHER_PARTY, SignatoryTitle.DELEGATE})
#: Statuses whose content may still change.
EDITABLE_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.SIGNING)


# --- who may do what ----------------------------------------------------------------------------


def may_edit(user: Any, collaboration: Collaboration) -> bool:
    """Coordinators, administrators and the police of the collaboration draft the agreement."""
    scope = access.scope_for(user)
    return scope.is_superuser or bool(scope.roles.get(collaboration.pk, set()) & EDITOR_ROLES)


def may_manage_authorities(user: Any, collaboration: Collaboration) -> bool:
    """The collaboration's coordinators and administrators keep the list of signatories."""
    scope = access.scope_for(user)
    return scope.is_superuser or bool(scope.roles.get(collaboration.pk, set()) & MANAGER_ROLES)


def _require_editor(user: Any, collaboration: Collaboration) -> None:
    if not may_edit(user, collaboration):
        raise ValidationError(
            _("Only coordinators, administrators and the police may change the agreement."),
            code="not_allowed",
        )


def _check_personal_data(**texts: str) -> None:
    """The agreement is shared between the parties and kept for years (and may become an
    allmän handling): it describes places, problems and roles, never individuals."""
    for name, text in texts.items():
        if text and pii.find_personal_data(text):
            raise field_error(
                name,
                _(
                    "The text seems to contain personal data (an identity number, a phone "
                    "number, an e-mail address or a registration number). Remove it."
                ),
                "personal_data",
            )


# --- what is missing ----------------------------------------------------------------------------


def agreement_missing(agreement: Agreement) -> list[str]:
    """The handbook's required contents that ``agreement`` still lacks, in translated words.

    Shown as a checklist on the agreement; sending for signature (and signing) is refused
    while the list is not empty.
    """
    missing: list[str] = []
    if agreement.period_start is None or agreement.period_end is None:
        missing.append(_("The period the agreement covers (start and end) is not set."))
    elif agreement.period_end < agreement.period_start:
        missing.append(_("The period ends before it starts."))
    if not agreement.problem_picture.strip():
        missing.append(_("The joint problem picture is empty."))
    problems = list(agreement.focus_problems.all()) if agreement.pk else []
    if not problems:
        missing.append(_("No focus area: link at least one prioritised problem."))
    for problem in problems:
        if problem.status != ProblemStatus.PRIORITISED:
            missing.append(
                _("The focus area “%(title)s” is not jointly prioritised by the parties.")
                % {"title": problem.title}
            )
    if not agreement.causes_summary.strip():
        missing.append(_("The probable underlying causes are not described."))
    if not agreement.pk or not agreement.goals.exists():
        missing.append(_("No goals: link at least one delimited, measurable goal."))
    if not agreement.organisation_text.strip():
        missing.append(_("The organisation and division of responsibilities are not described."))
    if not agreement.follow_up_text.strip():
        missing.append(_("How the work is followed up and documented is not described."))
    if not agreement.communication_text.strip():
        missing.append(_("How the work is communicated is not described."))
    if not agreement.breach_procedure.strip():
        missing.append(_("What the parties do if either falls short is not described."))
    party_kinds = set(agreement.parties.values_list("kind", flat=True)) if agreement.pk else set()
    kinds = access.joint_party_kinds(agreement.collaboration)
    if OrganisationKind.MUNICIPALITY not in party_kinds:
        missing.append(_("The municipality is not a party."))
    if OrganisationKind.POLICE in kinds and OrganisationKind.POLICE not in party_kinds:
        missing.append(_("The police is not a party."))
    return missing


# --- drafting -----------------------------------------------------------------------------------


def _joint_parties(collaboration: Collaboration) -> list[Organisation]:
    """The parties that always sign: the municipality and the police of the collaboration."""
    kinds = access.joint_party_kinds(collaboration)
    return list(collaboration.parties.filter(kind__in=kinds))


def _check_links(
    collaboration: Collaboration,
    *,
    parties: Iterable[Organisation],
    focus_problems: Iterable[Problem],
    goals: Iterable[Goal],
    situation_picture: SituationPicture | None,
) -> tuple[list[Organisation], list[Problem], list[Goal]]:
    party_list = list(parties)
    member_ids = set(collaboration.parties.values_list("pk", flat=True))
    if any(p.pk not in member_ids for p in party_list):
        raise field_error(
            "parties", _("An organisation is not a party of this collaboration."), "not_party"
        )
    problem_list = list(focus_problems)
    if any(p.collaboration_id != collaboration.pk for p in problem_list):
        raise field_error(
            "focus_problems", _("A problem belongs to another collaboration."), "foreign"
        )
    goal_list = list(goals)
    if any(g.collaboration_id != collaboration.pk for g in goal_list):
        raise field_error("goals", _("A goal belongs to another collaboration."), "foreign")
    if situation_picture is not None:
        if situation_picture.collaboration_id != collaboration.pk:
            raise field_error(
                "situation_picture",
                _("The situation picture belongs to another collaboration."),
                "foreign",
            )
        if situation_picture.status != PictureStatus.ADOPTED:
            raise field_error(
                "situation_picture",
                _("Only an adopted situation picture can be linked."),
                "not_adopted",
            )
    for party in _joint_parties(collaboration):
        if party.pk not in {p.pk for p in party_list}:
            party_list.append(party)
    return party_list, problem_list, goal_list


#: The agreement is a joint document both parties sign, so every party must be able to read it.
JOINT_CLASSES = (InformationClass.PUBLIC, InformationClass.PARTNERS)


def _check_info_class(info_class: str | None) -> None:
    if info_class is not None and info_class not in JOINT_CLASSES:
        raise field_error(
            "info_class",
            _("An agreement is read by every party: choose public or collaboration partners."),
            "info_class",
        )


def _check_period(period_start: datetime.date | None, period_end: datetime.date | None) -> None:
    if period_start and period_end and period_end < period_start:
        raise field_error("period_end", _("The period cannot end before it starts."), "order")


def _owner(user: Any, collaboration: Collaboration) -> Organisation:
    """The organisation that owns a new version: the drafter's own party in the collaboration."""
    for membership in access.active_memberships(user):
        if membership.collaboration_id == collaboration.pk:
            return membership.organisation
    municipality = collaboration.parties.filter(kind=OrganisationKind.MUNICIPALITY).first()
    if municipality is None:
        raise ValidationError(_("The collaboration has no municipality party."), code="no_owner")
    return municipality


def _lock(collaboration: Collaboration) -> None:
    """Serialise new versions of one collaboration (the check for an open draft and the next
    version number must not race)."""
    Collaboration.objects.select_for_update().filter(pk=collaboration.pk).first()


def _next_version(collaboration: Collaboration) -> int:
    last = Agreement.objects.filter(collaboration=collaboration).aggregate(v=Max("version"))["v"]
    return (last or 0) + 1


@transaction.atomic
def agreement_create(
    *,
    user: Any,
    collaboration: Collaboration,
    title: str,
    kind: str = AgreementKind.FULL,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    parties: Iterable[Organisation] = (),
    problem_picture: str = "",
    situation_picture: SituationPicture | None = None,
    focus_problems: Iterable[Problem] = (),
    causes_summary: str = "",
    goals: Iterable[Goal] = (),
    organisation_text: str = "",
    follow_up_text: str = "",
    communication_text: str = "",
    breach_procedure: str = "",
    info_class: str = InformationClass.PARTNERS,
) -> Agreement:
    """Draft a new version of the collaboration's agreement (its first, or a fresh start).

    The municipality and the police are always parties; others may be added.
    """
    _require_editor(user, collaboration)
    _lock(collaboration)
    if Agreement.objects.filter(collaboration=collaboration, status__in=EDITABLE_STATUSES).exists():
        raise ValidationError(
            _("A draft of the agreement already exists: change it instead of starting another."),
            code="draft_exists",
        )
    texts = {
        "title": title,
        "problem_picture": problem_picture,
        "causes_summary": causes_summary,
        "organisation_text": organisation_text,
        "follow_up_text": follow_up_text,
        "communication_text": communication_text,
        "breach_procedure": breach_procedure,
    }
    _check_personal_data(**texts)
    _check_period(period_start, period_end)
    _check_info_class(info_class)
    party_list, problem_list, goal_list = _check_links(
        collaboration,
        parties=parties,
        focus_problems=focus_problems,
        goals=goals,
        situation_picture=situation_picture,
    )
    agreement = Agreement(
        collaboration=collaboration,
        owner_organisation=_owner(user, collaboration),
        info_class=info_class,
        version=_next_version(collaboration),
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        situation_picture=situation_picture,
        created_by=user,
        **{name: value.strip() for name, value in texts.items()},
    )
    agreement.full_clean()
    agreement.save()
    agreement.parties.set(party_list)
    agreement.focus_problems.set(problem_list)
    agreement.goals.set(goal_list)
    return agreement


def _require_editable(agreement: Agreement) -> None:
    if agreement.status not in EDITABLE_STATUSES or agreement.signatures.exists():
        raise ValidationError(
            _(
                "The agreement has been signed and can no longer be changed: create a new "
                "version instead."
            ),
            code="signed",
        )


@transaction.atomic
def agreement_update(
    *,
    user: Any,
    agreement: Agreement,
    title: str,
    kind: str = AgreementKind.FULL,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    parties: Iterable[Organisation] = (),
    problem_picture: str = "",
    situation_picture: SituationPicture | None = None,
    focus_problems: Iterable[Problem] = (),
    causes_summary: str = "",
    goals: Iterable[Goal] = (),
    organisation_text: str = "",
    follow_up_text: str = "",
    communication_text: str = "",
    breach_procedure: str = "",
    info_class: str | None = None,
) -> Agreement:
    """Change the content of an unsigned version. From the first signature it is frozen."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    collaboration = agreement.collaboration
    _require_editor(user, collaboration)
    _require_editable(agreement)
    texts = {
        "title": title,
        "problem_picture": problem_picture,
        "causes_summary": causes_summary,
        "organisation_text": organisation_text,
        "follow_up_text": follow_up_text,
        "communication_text": communication_text,
        "breach_procedure": breach_procedure,
    }
    _check_personal_data(**texts)
    _check_period(period_start, period_end)
    _check_info_class(info_class)
    party_list, problem_list, goal_list = _check_links(
        collaboration,
        parties=parties,
        focus_problems=focus_problems,
        goals=goals,
        situation_picture=situation_picture,
    )
    for name, value in texts.items():
        setattr(agreement, name, value.strip())
    agreement.kind = kind
    agreement.period_start = period_start
    agreement.period_end = period_end
    agreement.situation_picture = situation_picture
    if info_class is not None:
        agreement.info_class = info_class
    agreement.full_clean()
    agreement.save()
    agreement.parties.set(party_list)
    agreement.focus_problems.set(problem_list)
    agreement.goals.set(goal_list)
    return agreement


@transaction.atomic
def agreement_send_for_signature(*, user: Any, agreement: Agreement) -> Agreement:
    """Freeze the draft's checklist: refused while anything required is missing."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_editor(user, agreement.collaboration)
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent for signature."), code="not_draft")
    missing = agreement_missing(agreement)
    if missing:
        raise ValidationError(
            _("The agreement is not complete: %(missing)s") % {"missing": " ".join(missing)},
            code="incomplete",
        )
    agreement.status = AgreementStatus.SIGNING
    agreement.sent_for_signature_at = timezone.now()
    agreement.save(update_fields=["status", "sent_for_signature_at", "updated_at"])
    return agreement


@transaction.atomic
def agreement_return_to_draft(*, user: Any, agreement: Agreement) -> Agreement:
    """Take an unsigned version back to draft (e.g. to correct it before anyone signs)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_editor(user, agreement.collaboration)
    if agreement.status != AgreementStatus.SIGNING:
        raise ValidationError(_("The agreement is not out for signature."), code="not_signing")
    _require_editable(agreement)
    agreement.status = AgreementStatus.DRAFT
    agreement.sent_for_signature_at = None
    agreement.save(update_fields=["status", "sent_for_signature_at", "updated_at"])
    return agreement


# --- signing ------------------------------------------------------------------------------------


def signable_organisations(user: Any, agreement: Agreement) -> list[Organisation]:
    """The parties of ``agreement`` that ``user`` may sign for now (none unless it is out for
    signature)."""
    if agreement.status != AgreementStatus.SIGNING:
        return []
    signed = set(agreement.signatures.values_list("organisation_id", flat=True))
    result = []
    for organisation in agreement.parties.all():
        if organisation.pk in signed:
            continue
        if signing_authority(
            user=user, collaboration=agreement.collaboration, organisation=organisation
        ):
            result.append(organisation)
    return result


def missing_signatures(agreement: Agreement) -> list[str]:
    """The kinds of joint party (``access.joint_party_kinds``) that have not signed yet."""
    signed = set(agreement.signatures.values_list("organisation__kind", flat=True))
    return [k for k in access.joint_party_kinds(agreement.collaboration) if k not in signed]


@transaction.atomic
def agreement_sign(*, user: Any, agreement: Agreement, organisation: Organisation) -> Agreement:
    """Sign ``agreement`` for ``organisation``. It comes into force once the municipality and
    the police have both signed; the version it replaces is then superseded."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    collaboration = agreement.collaboration
    if agreement.status != AgreementStatus.SIGNING:
        raise ValidationError(_("The agreement is not out for signature."), code="not_signing")
    if not agreement.parties.filter(pk=organisation.pk).exists():
        raise field_error(
            "organisation", _("The organisation is not a party of the agreement."), "not_party"
        )
    authority = signing_authority(user=user, collaboration=collaboration, organisation=organisation)
    if authority is None:
        raise ValidationError(
            _(
                "You may not sign for %(organisation)s: only a person with a registered "
                "signing authority (the lokalpolisområdeschef, the kommunstyrelsens ordförande "
                "or a documented delegate) may."
            )
            % {"organisation": organisation.name},
            code="no_authority",
        )
    if agreement.signatures.filter(organisation=organisation).exists():
        raise ValidationError(
            _("%(organisation)s has already signed.") % {"organisation": organisation.name},
            code="already_signed",
        )
    if agreement_missing(agreement):
        raise ValidationError(_("The agreement is not complete."), code="incomplete")
    signature = AgreementSignature(
        agreement=agreement, organisation=organisation, authority=authority, signed_by=user
    )
    signature.full_clean()
    signature.save()
    if not missing_signatures(agreement):
        now = timezone.now()
        agreement.status = AgreementStatus.IN_FORCE
        agreement.in_force_at = now
        agreement.save(update_fields=["status", "in_force_at", "updated_at"])
        for older in Agreement.objects.filter(
            collaboration=collaboration,
            version__lt=agreement.version,
            status__in=(AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED),
        ):
            older.status = AgreementStatus.SUPERSEDED
            older.save(update_fields=["status", "updated_at"])
        agreements_expire(collaboration=collaboration)
    return agreement


@transaction.atomic
def agreements_expire(*, collaboration: Collaboration, today: datetime.date | None = None) -> int:
    """Mark versions in force whose period has ended as expired; returns how many changed."""
    today = today or timezone.localdate()
    expired = 0
    for agreement in Agreement.objects.filter(
        collaboration=collaboration, status=AgreementStatus.IN_FORCE, period_end__lt=today
    ):
        agreement.status = AgreementStatus.EXPIRED
        agreement.save(update_fields=["status", "updated_at"])
        expired += 1
    return expired


# --- versions -----------------------------------------------------------------------------------


@transaction.atomic
def agreement_new_version(*, user: Any, agreement: Agreement) -> Agreement:
    """Start version n+1 as a draft copying the content (and links) of ``agreement``.

    Only one unsigned version at a time, so the parties never sign two competing texts.
    """
    collaboration = agreement.collaboration
    _require_editor(user, collaboration)
    if agreement.status in EDITABLE_STATUSES:
        raise ValidationError(
            _("This version is not signed yet: change it instead of creating a new one."),
            code="not_signed",
        )
    _lock(collaboration)
    if Agreement.objects.filter(collaboration=collaboration, status__in=EDITABLE_STATUSES).exists():
        raise ValidationError(
            _("A draft of the agreement already exists: change it instead of starting another."),
            code="draft_exists",
        )
    copy = Agreement(
        collaboration=collaboration,
        owner_organisation=_owner(user, collaboration),
        info_class=agreement.info_class,
        version=_next_version(collaboration),
        previous=agreement,
        kind=agreement.kind,
        period_start=agreement.period_start,
        period_end=agreement.period_end,
        situation_picture=agreement.situation_picture,
        created_by=user,
        **{name: getattr(agreement, name) for name in TEXT_FIELDS},
    )
    copy.full_clean()
    copy.save()
    copy.parties.set(agreement.parties.all())
    copy.focus_problems.set(agreement.focus_problems.all())
    copy.goals.set(agreement.goals.all())
    return copy


@transaction.atomic
def agreement_delete(*, user: Any, agreement: Agreement) -> None:
    """Discard an unsigned draft (signed versions are kept for good)."""
    _require_editor(user, agreement.collaboration)
    if agreement.status != AgreementStatus.DRAFT or agreement.signatures.exists():
        raise ValidationError(_("Only an unsigned draft can be deleted."), code="not_draft")
    agreement.delete()


# --- signing authorities ------------------------------------------------------------------------


@transaction.atomic
def signing_authority_create(
    *,
    user: Any,
    collaboration: Collaboration,
    organisation: Organisation,
    person: Any,
    title: str,
    delegation_reference: str = "",
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> SigningAuthority:
    """Register who may sign for ``organisation``: the title must fit the organisation (the
    LPO-chef signs for the police, the KS chair for the municipality), and a delegate needs the
    reference of the delegation decision."""
    if not may_manage_authorities(user, collaboration):
        raise ValidationError(
            _("Only coordinators and administrators may manage the signatories."),
            code="not_allowed",
        )
    if not collaboration.parties.filter(pk=organisation.pk).exists():
        raise field_error(
            "organisation", _("The organisation is not a party of this collaboration."), "not_party"
        )
    if not Membership.objects.filter(
        user=person, collaboration=collaboration, organisation=organisation, is_active=True
    ).exists():
        raise field_error(
            "person",
            _("The person is not an active member of the organisation in this collaboration."),
            "not_member",
        )
    allowed = TITLES_FOR_KIND.get(organisation.kind, OTHER_TITLES)
    if title not in allowed:
        raise field_error(
            "title", _("This title cannot sign for this kind of organisation."), "title"
        )
    reference = delegation_reference.strip()
    if title == SignatoryTitle.DELEGATE and not reference:
        raise field_error(
            "delegation_reference",
            _("A delegate needs the reference of the documented delegation."),
            "required",
        )
    _check_personal_data(delegation_reference=reference)
    valid_from = valid_from or timezone.localdate()
    if valid_until is not None and valid_until < valid_from:
        raise field_error("valid_until", _("The authority cannot end before it starts."), "order")
    authority = SigningAuthority(
        collaboration=collaboration,
        organisation=organisation,
        user=person,
        title=title,
        delegation_reference=reference,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=user,
    )
    authority.full_clean()
    authority.save()
    return authority


@transaction.atomic
def signing_authority_end(
    *, user: Any, authority: SigningAuthority, on: datetime.date | None = None
) -> SigningAuthority:
    """End an authority (signatures already made stay valid: they are history)."""
    if not may_manage_authorities(user, authority.collaboration):
        raise ValidationError(
            _("Only coordinators and administrators may manage the signatories."),
            code="not_allowed",
        )
    if not authority.is_active:
        raise ValidationError(_("The signing authority has already ended."), code="ended")
    on = on or timezone.localdate()
    authority.is_active = False
    if authority.valid_until is None or authority.valid_until > on:
        authority.valid_until = max(on, authority.valid_from)
    authority.save(update_fields=["is_active", "valid_until"])
    return authority
