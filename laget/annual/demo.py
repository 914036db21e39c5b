"""The demo's årshjul: Fagersta and Ludvika get the standard annual wheel."""

from __future__ import annotations

from django.utils import translation

from laget.accounts.models import User
from laget.annual.choices import MilestoneKind
from laget.annual.services import milestones_add_defaults
from laget.organisations.models import Collaboration

#: Who answers for which kind of milestone in the demo (username prefix); the rest fall to the
#: coordinator. The administrator (kommunens förvaltning) handles the budget.
RESPONSIBLE = {MilestoneKind.BUDGET: "admin"}


def annual_demo_load() -> None:
    """Give the demo collaborations the standard årshjul (in Swedish); safe to run again."""
    for slug in ("fagersta", "ludvika"):
        collaboration = Collaboration.objects.filter(slug=slug).first()
        coordinator = User.objects.filter(username=f"samordnare.{slug}").first()
        if collaboration is None or coordinator is None:
            continue
        with translation.override("sv"):
            created = milestones_add_defaults(
                collaboration=collaboration, created_by=coordinator, responsible=coordinator
            )
        for milestone in created:
            prefix = RESPONSIBLE.get(milestone.kind)
            person = User.objects.filter(username=f"{prefix}.{slug}").first() if prefix else None
            if person is not None:
                milestone.responsible = person
                milestone.save(update_fields=["responsible"])
