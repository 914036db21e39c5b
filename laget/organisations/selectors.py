"""Reads for collaborations, organisations, groups, memberships and decisions.

Every selector takes the acting user and returns only what the access module allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from laget import access
from laget.core.cycle import step as cycle_step
from laget.organisations.choices import OrganisationKind, Role
from laget.organisations.models import (
    Collaboration,
    Decision,
    Group,
    GroupMembership,
    Membership,
    Organisation,
    Unit,
)


def collaboration_list(*, user: Any) -> QuerySet[Collaboration]:
    return access.restrict(
        user,
        Collaboration.objects.select_related("municipality__county").prefetch_related(
            "local_police_areas"
        ),
    ).order_by("name")


def organisation_list(*, user: Any, collaboration: Collaboration) -> QuerySet[Organisation]:
    return access.restrict(
        user,
        Organisation.objects.filter(collaborations=collaboration).prefetch_related(
            Prefetch("units", queryset=Unit.objects.order_by("name"))
        ),
    ).order_by("kind", "name")


def group_list(*, user: Any, collaboration: Collaboration) -> QuerySet[Group]:
    seats = GroupMembership.objects.select_related("user").order_by("role", "user__last_name")
    return access.restrict(
        user,
        Group.objects.filter(collaboration=collaboration)
        .annotate(seat_count=Count("seats"))
        .prefetch_related(Prefetch("seats", queryset=seats)),
    )


def membership_list(*, user: Any, collaboration: Collaboration) -> QuerySet[Membership]:
    return access.restrict(
        user,
        Membership.objects.filter(collaboration=collaboration).select_related(
            "user", "organisation", "unit"
        ),
    ).order_by("organisation__name", "user__last_name", "role")


def decision_list(
    *, user: Any, collaboration: Collaboration, group: Group | None = None
) -> QuerySet[Decision]:
    decisions = Decision.objects.filter(collaboration=collaboration)
    if group is not None:
        decisions = decisions.filter(group=group)
    return access.restrict(user, decisions.select_related("group", "owner_organisation"))


def group_seat_list(*, user: Any, group: Group) -> QuerySet[GroupMembership]:
    """The seats of one group, chairs and conveners first."""
    return access.restrict(
        user, GroupMembership.objects.filter(group=group).select_related("user")
    ).order_by("role", "user__last_name", "user__first_name")


def seat_candidate_list(*, user: Any, group: Group) -> QuerySet[Any]:
    """People who may be given a seat in the group: active members without a seat in it."""
    members = access.restrict(
        user, Membership.objects.filter(collaboration_id=group.collaboration_id, is_active=True)
    )
    return (
        get_user_model()
        .objects.filter(pk__in=members.values("user_id"))
        .exclude(group_seats__group=group)
        .order_by("last_name", "first_name", "username")
    )


def unit_list(*, user: Any, collaboration: Collaboration) -> QuerySet[Unit]:
    """The units of every party of the collaboration."""
    return (
        access.restrict(user, Unit.objects.filter(organisation__collaborations=collaboration))
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def eligible_parties(*, collaboration: Collaboration) -> QuerySet[Organisation]:
    """Existing organisations that may also become parties of ``collaboration``.

    Those that are already parties of another collaboration in the same county (a local police
    area often serves several municipalities, and the police should stay one organisation) and
    the county administrative board serving that county. Deliberately not narrowed to the
    user's scope: the rule itself is what ``party_add`` validates against.
    """
    county_id = collaboration.municipality.county_id
    return (
        Organisation.objects.filter(
            Q(collaborations__municipality__county_id=county_id) | Q(county_id=county_id)
        )
        .exclude(collaborations=collaboration)
        .distinct()
        .order_by("kind", "name")
    )


def party_candidate_list(*, user: Any, collaboration: Collaboration) -> QuerySet[Organisation]:
    """The eligible parties a manager can choose among; nothing for anyone else.

    This shows the names of organisations outside the user's own collaborations, so it is only
    offered to those who manage this one.
    """
    managed = access.restrict(
        user, Collaboration.objects.filter(pk=collaboration.pk), access.MANAGE
    )
    if not managed.exists():
        return Organisation.objects.none()
    return eligible_parties(collaboration=collaboration)


def user_organisations(*, user: Any, collaboration: Collaboration) -> QuerySet[Organisation]:
    """The organisations the person acts for in this collaboration (for owner choices)."""
    if getattr(user, "is_superuser", False):
        return Organisation.objects.filter(collaborations=collaboration)
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__collaboration=collaboration,
        memberships__is_active=True,
    ).distinct()


@dataclass(frozen=True)
class ChecklistItem:
    text: str
    done: bool


@dataclass(frozen=True)
class StepLink:
    title: Any
    url: str
    detail: Any = ""


@dataclass(frozen=True)
class StepStatus:
    items: list[ChecklistItem]
    links: list[StepLink]


def step_status(*, collaboration: Collaboration, step: int, can_manage: bool = False) -> StepStatus:
    """The book's checklist for a step, with items confirmed by recorded data where possible.

    ``can_manage`` adds the links to pages only coordinators and administrators may open.
    """
    definition = cycle_step(step)
    texts = list(definition.done_when) if definition else []
    done = [False] * len(texts)
    links: list[StepLink] = []
    cid = {"collaboration_id": collaboration.pk}
    if step == 1:
        kinds = set(collaboration.parties.values_list("kind", flat=True))
        has_decision = collaboration.decisions.exists()
        has_groups = collaboration.groups.filter(seats__isnull=False).exists()
        coordinators = collaboration.memberships.filter(
            is_active=True, role=Role.COORDINATOR
        ).exists()
        done[0] = has_decision
        done[1] = {OrganisationKind.MUNICIPALITY, OrganisationKind.POLICE} <= kinds
        done[2] = has_groups and coordinators
        links = [
            StepLink(_("Decisions"), reverse("organisations:decision_list", kwargs=cid)),
            StepLink(
                _("Parties and units"), reverse("organisations:organisation_list", kwargs=cid)
            ),
            StepLink(_("Groups"), reverse("organisations:group_list", kwargs=cid)),
            StepLink(_("People and roles"), reverse("organisations:membership_list", kwargs=cid)),
        ]
    elif step == 2:
        from laget.situation.choices import PictureStatus

        done[0] = (
            collaboration.situation_pictures.filter(status=PictureStatus.ADOPTED).exists()
            or collaboration.party_pictures.exists()  # a party's own picture
        )
        links = [
            StepLink(
                _("Weekly report"),
                reverse("reporting:checklist", kwargs=cid),
                _("Answer every category for an area: something happened, or nothing to report."),
            ),
            StepLink(_("New report"), reverse("reporting:report_create", kwargs=cid)),
            StepLink(_("My reports"), reverse("reporting:my_reports", kwargs=cid)),
            StepLink(
                _("Situation picture"),
                reverse("situation:index", kwargs=cid),
                _("The period's reports compiled: table, alerts, map and hotspots."),
            ),
            StepLink(
                _("Areas"),
                reverse("geography:area_list", kwargs=cid),
                _("The places that reports and the situation picture refer to."),
            ),
        ]
        if can_manage:
            links += [
                StepLink(_("Reports"), reverse("reporting:report_list", kwargs=cid)),
                StepLink(
                    _("Weekly reports per area and unit"),
                    reverse("reporting:checklist_overview", kwargs=cid),
                ),
                StepLink(_("Report templates"), reverse("reporting:template_list", kwargs=cid)),
            ]
    elif step == 3:
        from laget.planning.choices import AnalysisStatus, ProblemStatus
        from laget.situation.choices import PictureStatus

        # two pictures joined into one: a joint lägesbild adopted by two parties' approvals
        done[0] = (
            collaboration.situation_pictures.filter(status=PictureStatus.ADOPTED)
            .annotate(parties=Count("approvals"))
            .filter(parties__gte=2)
            .exists()
        )
        prioritised = collaboration.problems.filter(status=ProblemStatus.PRIORITISED)
        done[1] = prioritised.exists()
        done[3] = (
            done[1]
            and not prioritised.exclude(cause_analysis__status=AnalysisStatus.COMPLETED).exists()
        )
        links = [
            StepLink(
                _("Situation picture"),
                reverse("situation:index", kwargs=cid),
                _("Joint situation pictures and the parties' own, adopted version by version."),
            ),
            StepLink(
                _("Problems"),
                reverse("planning:problem_list", kwargs=cid),
                _("Problems from the situation picture, prioritised jointly, with cause analyses."),
            ),
            StepLink(_("Prioritisation matrix"), reverse("planning:matrix", kwargs=cid)),
            StepLink(
                _("Items raised to the steering group or council"),
                reverse("meetings:escalations", kwargs=cid),
            ),
        ]
    elif step in (4, 5):
        from laget.annual.selectors import adopted_action_plan, has_follow_up_planned

        annual_links = [
            StepLink(
                _("Annual wheel"),
                reverse("annual:wheel", kwargs=cid),
                _("Recurring milestones: situation picture refresh, budget, follow-up reports."),
            ),
            StepLink(
                _("Requirements of the law"),
                reverse("annual:compliance", kwargs=cid),
                _("Lag 2023:196: situation picture, action plan and coordination function."),
            ),
        ]
        if step == 4:
            # "åtgärdsplaner är upprättade och antagna av styrgruppen"
            done[3] = adopted_action_plan(collaboration=collaboration) is not None
            # "uppföljning är inplanerad": a follow-up milestone in the årshjul
            done[5] = has_follow_up_planned(collaboration=collaboration)
        links = annual_links
    return StepStatus([ChecklistItem(t, d) for t, d in zip(texts, done, strict=True)], links)
