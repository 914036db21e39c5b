"""Reads for the UI shell: navigation and the per-role start page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from laget import access
from laget.core.cycle import STEPS
from laget.organisations.choices import MANAGER_ROLES, Role


@dataclass(frozen=True)
class Navigation:
    collaborations: list[Any]
    counties: list[Any]
    current: Any | None
    steps: tuple[Any, ...]
    can_manage: bool
    is_admin: bool
    is_member: bool = False  # of the current collaboration: may report there


def navigation_for(user: Any, *, request: HttpRequest | None = None) -> Navigation | None:
    """The collaborations and county workspaces the person can open, and the current one."""
    if not getattr(user, "is_authenticated", False):
        return None
    from laget.geography.models import County
    from laget.organisations.models import Collaboration

    collaborations = list(
        access.restrict(user, Collaboration.objects.select_related("municipality")).order_by("name")
    )
    counties = list(County.objects.filter(pk__in=access.readable_county_ids(user)).order_by("code"))
    current = None
    match = getattr(request, "resolver_match", None) if request is not None else None
    wanted = match.kwargs.get("collaboration_id") if match is not None else None
    if wanted is not None:
        current = next((c for c in collaborations if str(c.pk) == str(wanted)), None)
    elif len(collaborations) == 1:
        current = collaborations[0]
    scope = access.scope_for(user)
    can_manage = current is not None and (
        scope.is_superuser or bool(scope.roles.get(current.pk, set()) & MANAGER_ROLES)
    )
    is_admin = scope.is_superuser or any(Role.ADMINISTRATOR in r for r in scope.roles.values())
    is_member = current is not None and current.pk in scope.collaboration_ids
    return Navigation(collaborations, counties, current, STEPS, can_manage, is_admin, is_member)


@dataclass(frozen=True)
class Task:
    """One thing the person should do now, shown on the start page."""

    title: Promise | str
    detail: Promise | str
    url: str
    priority: int = 2  # 1 = urgent


def start_tasks(user: Any) -> list[Task]:
    """What this person should do now, derived from their roles and the state of their data."""
    from laget.organisations.models import Collaboration, Group

    tasks: list[Task] = []
    scope = access.scope_for(user)
    collaborations = access.restrict(user, Collaboration.objects.select_related("municipality"))
    for collaboration in collaborations:
        roles = scope.roles.get(collaboration.pk, set())
        overview = reverse("organisations:overview", kwargs={"collaboration_id": collaboration.pk})
        if roles & MANAGER_ROLES or scope.is_superuser:
            if not collaboration.decisions.exists():
                tasks.append(
                    Task(
                        _("Record the decision to collaborate"),
                        _(
                            "%(name)s has no recorded joint decision by the municipality and the police."
                        )
                        % {"name": collaboration.name},
                        reverse(
                            "organisations:decision_create",
                            kwargs={"collaboration_id": collaboration.pk},
                        ),
                        1,
                    )
                )
            missing = collaboration.areas.filter(is_active=True, boundary__isnull=True).count()
            if missing:
                tasks.append(
                    Task(
                        _("Draw the boundaries of your areas"),
                        ngettext(
                            "%(count)s area in %(name)s has no boundary, so map points cannot be assigned to it.",
                            "%(count)s areas in %(name)s have no boundary, so map points cannot be assigned to them.",
                            missing,
                        )
                        % {"count": missing, "name": collaboration.name},
                        reverse(
                            "geography:area_list", kwargs={"collaboration_id": collaboration.pk}
                        ),
                    )
                )
            from laget.annual.selectors import due_soon

            for occurrence in due_soon(user=user, collaboration=collaboration):
                tasks.append(
                    Task(
                        _("Coming up: %(title)s") % {"title": occurrence.milestone.title},
                        _("%(name)s: %(title)s is due on %(date)s (annual wheel).")
                        % {
                            "name": collaboration.name,
                            "title": occurrence.milestone.title,
                            "date": occurrence.date.isoformat(),
                        },
                        reverse("annual:wheel", kwargs={"collaboration_id": collaboration.pk}),
                    )
                )
            empty = Group.objects.filter(collaboration=collaboration, seats__isnull=True).count()
            if empty:
                tasks.append(
                    Task(
                        _("Appoint members to groups"),
                        ngettext(
                            "%(count)s group in %(name)s has no members.",
                            "%(count)s groups in %(name)s have no members.",
                            empty,
                        )
                        % {"count": empty, "name": collaboration.name},
                        reverse(
                            "organisations:group_list",
                            kwargs={"collaboration_id": collaboration.pk},
                        ),
                    )
                )
        if Role.REPORTER in roles:
            tasks.append(
                Task(
                    _("Report this week's situation"),
                    _(
                        "The weekly report for %(name)s: one answer per category for your area, "
                        "“Nothing to report” included."
                    )
                    % {"name": collaboration.name},
                    reverse("reporting:checklist", kwargs={"collaboration_id": collaboration.pk}),
                )
            )
            tasks.append(
                Task(
                    _("My reports"),
                    _("What you have reported in %(name)s and what has happened to it.")
                    % {"name": collaboration.name},
                    reverse("reporting:my_reports", kwargs={"collaboration_id": collaboration.pk}),
                )
            )
        if roles & {Role.GROUP_MEMBER, Role.STEERING_MEMBER, Role.POLICE}:
            tasks.append(
                Task(
                    _("See your groups and decisions"),
                    _("Groups, members and recorded decisions in %(name)s.")
                    % {"name": collaboration.name},
                    overview,
                )
            )
    from laget.geography.models import County

    for county in County.objects.filter(pk__in=scope.counties):
        tasks.append(
            Task(
                _("Review the county"),
                _("The state of the collaborations in %(county)s.") % {"county": county},
                reverse("organisations:county", kwargs={"county_code": county.code}),
                1,
            )
        )
    from laget.programmes.models import ProgrammeMember  # issue 7: read-only participants

    if ProgrammeMember.objects.filter(user=user).exists():
        tasks.append(
            Task(
                _("Regional programmes you take part in"),
                _("Development areas, activity plans and the steering-group pack."),
                reverse("programmes:mine"),
                2,
            )
        )
    return sorted(tasks, key=lambda t: t.priority)
