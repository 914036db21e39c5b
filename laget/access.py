"""The one permission model of Läget. Every view, API endpoint, export and search uses it.

Deny by default. Every protected object belongs to a collaboration (samverkan) — or, for the
regional layer, to a county — and may carry an information class (``InformationClass``). What a
person may do follows from their active memberships, summarised once per request as a
:class:`Scope`. From the scope we derive both the queryset filters (``restrict``) and the
object-level predicates registered with *rules* (``user.has_perm("laget.manage_collaboration",
collaboration)``), so the rule is written once (STYLE.md §5).

Outside what a person may see, lookups answer 404 — never revealing whether an id exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

import rules
from django.db import models
from django.db.models import Q
from django.http import Http404

from laget.core.choices import InformationClass
from laget.organisations.choices import (
    MANAGER_ROLES,
    RESTRICTED_READER_ROLES,
    OrganisationKind,
    Role,
)

M = TypeVar("M", bound=models.Model)

VIEW = "view"
MANAGE = "manage"

#: For each protected model: the lookup path from the model to its collaboration
#: ("" for the collaboration itself). A model missing here cannot be read through ``restrict``
#: and the isolation test fails for any URL that exposes it.
TENANT_PATHS: dict[str, str] = {
    "organisations.Collaboration": "",
    "organisations.Group": "collaboration",
    "organisations.GroupMembership": "group__collaboration",
    "organisations.Decision": "collaboration",
    "organisations.Membership": "collaboration",
    "organisations.Organisation": "collaborations",
    "organisations.Unit": "organisation__collaborations",
    "geography.Area": "collaboration",
    "reporting.ReportTemplate": "collaboration",
    "reporting.Category": "template__collaboration",
    "reporting.Report": "collaboration",
    "reporting.ChecklistAnswer": "collaboration",
    "reporting.PersonalDataFinding": "report__collaboration",
    "situation.SituationSettings": "group__collaboration",
    "situation.SituationPicture": "collaboration",
    "situation.PartyPicture": "collaboration",
    "situation.PictureApproval": "picture__collaboration",
    "reporting.ImportBatch": "collaboration",
    "situation.Meeting": "collaboration",
    "situation.AgendaItem": "meeting__collaboration",
    "situation.ActionItem": "collaboration",
    "jobs.ExportJob": "collaboration",
    "planning.Problem": "collaboration",
    "planning.ProblemEvidence": "problem__collaboration",
    "planning.PriorityAssessment": "problem__collaboration",
    "planning.PriorityApproval": "problem__collaboration",
    "planning.CauseAnalysis": "problem__collaboration",
    "planning.Cause": "analysis__problem__collaboration",
    "planning.EventChainStep": "analysis__problem__collaboration",
    "planning.Hypothesis": "analysis__problem__collaboration",
    "annual.Milestone": "collaboration",
    "annual.ReminderSent": "milestone__collaboration",
    "planning.Goal": "collaboration",
    "planning.Indicator": "goal__collaboration",
    "planning.Measurement": "indicator__goal__collaboration",
    "planning.ActionPlan": "collaboration",
    "planning.Measure": "plan__collaboration",
    "planning.MeasureStep": "measure__plan__collaboration",
    "planning.PlanChange": "plan__collaboration",
    "planning.FollowUp": "measure__plan__collaboration",
    "planning.EffectFollowUp": "follow_up__measure__plan__collaboration",
    "public.PublishedSummary": "collaboration",  # issue 5: public
    "tips.Tip": "collaboration",  # issue 5: tips
    # issue 5: promises
    "promises.PromiseSettings": "collaboration",
    "promises.Promise": "collaboration",
    "promises.PromiseActivity": "promise__collaboration",
    "promises.ActivityUpdate": "activity__promise__collaboration",
    "promises.PromiseSignature": "promise__collaboration",
    "promises.PromiseFollowUp": "promise__collaboration",
    "agreements.SigningAuthority": "collaboration",  # issue 5: agreements
    "agreements.Agreement": "collaboration",  # issue 5: agreements
    "agreements.AgreementSignature": "agreement__collaboration",  # issue 5: agreements
    "dialogues.Dialogue": "collaboration",  # issue 5: dialogues
    "dialogues.SafetyWalk": "collaboration",  # issue 6: walks
    "dialogues.WalkRemark": "walk__collaboration",  # issue 6: walks
    # issue 6: surveys
    "surveys.Survey": "collaboration",
    "surveys.Question": "survey__collaboration",
    "surveys.Choice": "question__survey__collaboration",
    "surveys.Response": "survey__collaboration",
    "surveys.Answer": "response__survey__collaboration",
    "surveys.AccessCode": "survey__collaboration",
    "surveys.UsedFormToken": "survey__collaboration",
}

#: Roles that may import reports from a file. Reports are always stored as the importer's own,
#: for the importer's own organisation, so a housing company's rapportör can import the
#: company's log and a samordnare imports for their own organisation, never for another party.
IMPORTER_ROLES = frozenset({Role.REPORTER, *MANAGER_ROLES})
#: Roles that speak for their organisation (a party) in the joint lägesbild: they compile the
#: party's own picture, share it, and approve a joint version on the party's behalf.
PARTY_ROLES = frozenset({*MANAGER_ROLES, Role.POLICE})
#: Who approves a joint decision (the joint lägesbild, a joint priority) for each kind of party:
#: the municipality through its samordnare or administratör, the police through a polis.
JOINT_APPROVER_ROLES: dict[str, frozenset[str]] = {
    OrganisationKind.MUNICIPALITY: MANAGER_ROLES,
    OrganisationKind.POLICE: frozenset({Role.POLICE}),
}


@dataclass
class Scope:
    """What one person belongs to, computed from their active memberships."""

    is_superuser: bool = False
    roles: dict[int, set[str]] = field(default_factory=dict)  # collaboration id → roles
    organisations: dict[int, set[int]] = field(default_factory=dict)  # collaboration → orgs
    restricted_organisations: dict[int, set[int]] = field(default_factory=dict)
    counties: set[int] = field(default_factory=set)  # counties read as regional coordinator

    @property
    def collaboration_ids(self) -> set[int]:
        return set(self.roles)

    def managed_collaboration_ids(self) -> set[int]:
        return {cid for cid, roles in self.roles.items() if roles & MANAGER_ROLES}


def active_memberships(user: Any) -> list[Any]:
    """The person's active memberships by pk, with organisation and unit, cached on the user
    object for the rest of the request (like the scope, which is built from them).

    ``laget.reporting.services`` picks the reporting membership from these, and the audit log
    its organisation label, so a report costs no membership query beyond the scope's.
    """
    cached = getattr(user, "_laget_memberships", None)
    if cached is not None:
        return cached
    memberships = list(
        user.memberships.filter(is_active=True)
        .select_related("organisation", "unit")
        .order_by("pk")
    )
    user._laget_memberships = memberships
    if not hasattr(user, "_laget_audit_organisation"):
        # The audit log's organisation label (``laget.audit.recorder._actor_labels``): that of
        # the first active membership by pk, as the recorder would read it itself.
        first = memberships[0] if memberships else None
        user._laget_audit_organisation = first.organisation.name if first is not None else ""
    return memberships


def scope_for(user: Any) -> Scope:
    """The person's scope, cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, "_laget_scope", None)
    if cached is not None:
        return cached
    scope = Scope(is_superuser=user.is_superuser)
    for membership in active_memberships(user):
        collaboration_id = membership.collaboration_id
        organisation_id = membership.organisation_id
        role = membership.role
        if collaboration_id is not None:
            scope.roles.setdefault(collaboration_id, set()).add(role)
            scope.organisations.setdefault(collaboration_id, set()).add(organisation_id)
            if role in RESTRICTED_READER_ROLES:
                scope.restricted_organisations.setdefault(collaboration_id, set()).add(
                    organisation_id
                )
        elif membership.county_id is not None and role == Role.REGIONAL_COORDINATOR:
            scope.counties.add(membership.county_id)
    user._laget_scope = scope
    return scope


def _path(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def collaboration_q(user: Any, *, prefix: str = "", action: str = VIEW) -> Q:
    """Filter on the collaboration found at ``prefix`` for the given action."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Q()
    pk = _path(prefix, "pk") if prefix else "pk"
    if action == MANAGE:
        return Q(**{f"{pk}__in": scope.managed_collaboration_ids()})
    q = Q(**{f"{pk}__in": scope.collaboration_ids})
    if scope.counties:
        q |= Q(**{f"{_path(prefix, 'municipality__county')}__in": scope.counties})
    return q


def information_q(user: Any, *, prefix: str = "collaboration") -> Q:
    """Filter on ``info_class`` and ``owner_organisation`` for objects that carry a class."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Q()
    shared = Q(
        info_class__in=[InformationClass.PUBLIC, InformationClass.PARTNERS]
    ) & collaboration_q(user, prefix=prefix)
    own = Q(pk__in=[])
    for collaboration_id, organisation_ids in scope.organisations.items():
        own |= Q(
            **{_path(prefix, "pk"): collaboration_id, "owner_organisation__in": organisation_ids}
        )
    restricted = Q(pk__in=[])
    for collaboration_id, organisation_ids in scope.restricted_organisations.items():
        restricted |= Q(
            **{_path(prefix, "pk"): collaboration_id, "owner_organisation__in": organisation_ids}
        )
    return (
        shared
        | (Q(info_class=InformationClass.OWN_ORGANISATION) & own)
        | (Q(info_class=InformationClass.RESTRICTED) & restricted)
    )


def restrict(user: Any, queryset: models.QuerySet[M], action: str = VIEW) -> models.QuerySet[M]:
    """Narrow ``queryset`` to what ``user`` may see (or manage). Deny by default."""
    model = queryset.model
    label = model._meta.label
    if label not in TENANT_PATHS:
        return queryset.none()
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    prefix = TENANT_PATHS[label]
    q = collaboration_q(user, prefix=prefix, action=action)
    if _has_field(model, "info_class"):
        # For MANAGE too: managing a collaboration never opens another organisation's
        # *egen organisation* or *begränsad* objects (manage is never wider than view).
        q &= information_q(user, prefix=prefix)
    queryset = queryset.filter(q)
    if "collaborations" in prefix:
        queryset = queryset.distinct()  # a many-to-many path can repeat rows
    return queryset


def access_object(user: Any, model: type[M], pk: Any, action: str = VIEW) -> M:
    """Fetch one object the user may see (or manage), else 404. Restricted reads are logged."""
    try:
        obj = restrict(user, model._default_manager.all(), action).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if getattr(obj, "info_class", None) == InformationClass.RESTRICTED:
        from laget.audit.recorder import record_read

        record_read(user=user, instance=obj)
    return obj


def access_county(user: Any, code: str) -> Any:
    """The county workspace for a regional coordinator of that county (or a superuser)."""
    from laget.geography.models import County

    scope = scope_for(user)
    county = County.objects.filter(code=code).first()
    if county is None:
        raise Http404
    if not (scope.is_superuser or county.pk in scope.counties):
        raise Http404
    return county


def readable_county_ids(user: Any) -> set[int]:
    scope = scope_for(user)
    if scope.is_superuser:
        from laget.geography.models import County

        return set(County.objects.values_list("pk", flat=True))
    return set(scope.counties)


def represented_party_ids(user: Any, collaboration: Any) -> set[int]:
    """The organisations ``user`` speaks for in ``collaboration`` (``PARTY_ROLES``)."""
    if collaboration is None or not getattr(user, "is_authenticated", False):
        return set()
    return {
        m.organisation_id
        for m in active_memberships(user)
        if m.collaboration_id == collaboration.pk and m.role in PARTY_ROLES
    }


def joint_party_kinds(collaboration: Any) -> list[str]:
    """The kinds of party whose approvals make a joint decision: the municipality, and the
    police when the collaboration has a police party (Lag 2023:196's joint work)."""
    kinds = [str(OrganisationKind.MUNICIPALITY)]
    if collaboration.parties.filter(kind=OrganisationKind.POLICE).exists():
        kinds.append(str(OrganisationKind.POLICE))
    return kinds


def joint_approver_organisation(user: Any, collaboration: Any, kind: str) -> Any | None:
    """The party of ``kind`` through which ``user`` approves joint decisions, or None.

    Read from the cached memberships (``active_memberships``), so it costs no query.
    """
    roles = JOINT_APPROVER_ROLES.get(kind, frozenset())
    if not getattr(user, "is_authenticated", False):
        return None
    for membership in active_memberships(user):
        if (
            membership.collaboration_id == collaboration.pk
            and membership.role in roles
            and membership.organisation.kind == kind
        ):
            return membership.organisation
    return None


# --- rules predicates, derived from the same scope ---------------------------------------------


@rules.predicate
def is_collaboration_member(user: Any, collaboration: Any) -> bool:
    if collaboration is None:
        return False
    scope = scope_for(user)
    return scope.is_superuser or collaboration.pk in scope.collaboration_ids


@rules.predicate
def reads_collaboration_county(user: Any, collaboration: Any) -> bool:
    """Regional coordinators read the collaborations of their county (as ``collaboration_q``)."""
    if collaboration is None:
        return False
    scope = scope_for(user)
    if not scope.counties:
        return False
    from laget.geography.models import Municipality

    return Municipality.objects.filter(
        pk=collaboration.municipality_id, county__in=scope.counties
    ).exists()


@rules.predicate
def is_collaboration_manager(user: Any, collaboration: Any) -> bool:
    if collaboration is None:
        return False
    scope = scope_for(user)
    return scope.is_superuser or collaboration.pk in scope.managed_collaboration_ids()


@rules.predicate
def may_import_reports(user: Any, collaboration: Any) -> bool:
    if collaboration is None:
        return False
    scope = scope_for(user)
    return scope.is_superuser or bool(scope.roles.get(collaboration.pk, set()) & IMPORTER_ROLES)


@rules.predicate
def is_collaboration_administrator(user: Any, collaboration: Any) -> bool:
    if collaboration is None:
        return False
    scope = scope_for(user)
    return scope.is_superuser or Role.ADMINISTRATOR in scope.roles.get(collaboration.pk, set())


@rules.predicate
def reads_county(user: Any, county: Any) -> bool:
    if county is None:
        return False
    scope = scope_for(user)
    return scope.is_superuser or county.pk in scope.counties


rules.add_perm("laget.view_collaboration", is_collaboration_member | reads_collaboration_county)
rules.add_perm("laget.manage_collaboration", is_collaboration_manager)
rules.add_perm("laget.administer_collaboration", is_collaboration_administrator)
rules.add_perm("laget.import_reports", may_import_reports)


@rules.predicate
def represents_a_party(user: Any, collaboration: Any) -> bool:
    return bool(represented_party_ids(user, collaboration))


rules.add_perm("laget.represent_party", represents_a_party)
rules.add_perm("laget.view_county", reads_county)


# --- issue 7: regional ---------------------------------------------------------------------------


def restrict_county(user: Any, queryset: models.QuerySet[M], *, path: str = "county") -> Any:
    """Narrow a county-level queryset (``regional.SharedFigure``, ``regional.RegionalPicture``)
    to the counties ``user`` reads as regional coordinator (all for a superuser). Deny by
    default: nobody else — no municipality, no police, no visitor — reads the county level."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if scope_for(user).is_superuser:
        return queryset
    return queryset.filter(**{f"{path}__in": scope_for(user).counties})


# --- issue 7: experience ---------------------------------------------------------------------


def restrict_experience(user: Any, queryset: models.QuerySet[M], action: str = VIEW) -> Any:
    """Narrow experience-bank entries (``experience.Entry``): the bank is shared, so every
    signed-in person reads the *published* entries of every municipality; drafts and withdrawn
    entries are read only by members of the owning collaboration (not by the county). MANAGE
    (edit, publish, withdraw) is for the collaboration's managers (``MANAGER_ROLES``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    scope = scope_for(user)
    if scope.is_superuser:
        return queryset
    if action == MANAGE:
        return queryset.filter(collaboration__in=scope.managed_collaboration_ids())
    return queryset.filter(Q(status="published") | Q(collaboration__in=scope.collaboration_ids))


# --- issue 7: stats -------------------------------------------------------------------------
# Official statistics are public facts that belong to no collaboration: every signed-in person
# reads them; regional coordinators (of any county) and superusers import them.


def may_read_stats(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_import_stats(user: Any) -> bool:
    if not may_read_stats(user):
        return False
    scope = scope_for(user)
    return scope.is_superuser or bool(scope.counties)


# --- issue 7: programmes -------------------------------------------------------------------------
# A regional programme (``programmes.Programme``) is managed by its county's regional
# coordinators (and superusers). Named participants beyond the county board
# (``programmes.ProgrammeMember``, e.g. a convener at Kommunförbundet) read it, never change it.


def readable_programme_q(user: Any, *, prefix: str = "") -> Q:
    """Filter on the programme found at ``prefix``: those of the counties the user reads as
    regional coordinator, plus those naming the user as a participant. Deny by default."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    scope = scope_for(user)
    if scope.is_superuser:
        return Q()
    return Q(**{_path(prefix, "county__in"): scope.counties}) | Q(
        **{_path(prefix, "participants__user"): user}
    )


@rules.predicate
def reads_programme(user: Any, programme: Any) -> bool:
    if programme is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    scope = scope_for(user)
    if scope.is_superuser or programme.county_id in scope.counties:
        return True
    return programme.participants.filter(user=user).exists()


@rules.predicate
def manages_programme(user: Any, programme: Any) -> bool:
    if programme is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    scope = scope_for(user)
    return scope.is_superuser or programme.county_id in scope.counties


rules.add_perm("laget.view_programme", reads_programme)
rules.add_perm("laget.manage_programme", manages_programme)
