"""Creating the demo data through the same services users go through. Idempotent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation

from laget.accounts.models import User
from laget.agreements.demo import agreements_demo_load
from laget.annual.demo import annual_demo_load
from laget.core.choices import InformationClass
from laget.demo import data
from laget.demo.planning import demo_planning_load
from laget.demo.reports import demo_reports_load
from laget.dialogues.demo import dialogues_demo_load
from laget.experience.demo import demo_load as experience_demo_load
from laget.geography.models import County, LocalPoliceArea, Municipality, PoliceRegion
from laget.geography.services import area_create, geography_load, local_police_area_create
from laget.organisations import services as org
from laget.organisations.choices import Role
from laget.organisations.models import Collaboration, Group, Organisation
from laget.planning.followup_demo import followup_demo_load
from laget.programmes.demo import demo_load as programmes_demo_load
from laget.promises.demo import promises_demo_load
from laget.public.demo import public_demo_load
from laget.regional.demo import demo_load as regional_demo_load
from laget.reporting.services import template_create_from_preset
from laget.stats.demo import demo_load as stats_demo_load
from laget.surveys.demo import surveys_demo_load
from laget.tips.demo import tips_demo_load


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    role: str
    workspace: str


def _user(username: str, first: str, last: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username, first_name=first, last_name=last, email=f"{username}@demo.invalid"
        )
        user.set_password(data.DEMO_PASSWORD)
        user.full_clean()
        user.save()
    return user


def _lpo(name: str) -> LocalPoliceArea:
    existing = LocalPoliceArea.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return local_police_area_create(
        name=name,
        police_region=PoliceRegion.objects.get(name="Bergslagen"),
        municipalities=list(Municipality.objects.filter(code__in=data.LOCAL_POLICE_AREAS[name])),
    )


def _collaboration(spec: dict, logins: list[DemoLogin]) -> None:
    if Collaboration.objects.filter(slug=spec["slug"]).exists():
        collaboration = Collaboration.objects.get(slug=spec["slug"])
    else:
        collaboration = org.collaboration_create(
            name=spec["name"],
            slug=spec["slug"],
            municipality=Municipality.objects.get(code=spec["municipality"]),
            local_police_areas=[_lpo(spec["lpo"])],
            description=spec["description"],
        )
        organisations = []
        for name, kind, units in spec["organisations"]:
            organisation = org.organisation_create(
                name=name, kind=kind, collaborations=[collaboration]
            )
            for unit in units:
                org.unit_create(organisation=organisation, name=unit)
            organisations.append(organisation)
        for kind, name, cadence, purpose in spec["groups"]:
            org.group_create(
                collaboration=collaboration,
                kind=kind,
                name=name,
                purpose=purpose,
                meeting_cadence=cadence,
            )
        for name, kind, boundary in spec["areas"]:
            area_create(collaboration=collaboration, name=name, kind=kind, boundary=boundary)
        for suffix, first, last, role, org_index, unit_name, seats in data.PEOPLE[spec["people"]]:
            user = _user(f"{suffix}.{spec['slug']}", first, last)
            organisation = organisations[org_index]
            unit = organisation.units.filter(name=unit_name).first() if unit_name else None
            org.membership_create(
                user=user,
                organisation=organisation,
                role=role,
                collaboration=collaboration,
                unit=unit,
            )
            for group_name in seats:
                org.group_seat_add(
                    group=Group.objects.get(collaboration=collaboration, name=group_name), user=user
                )
        municipality_org, police_org = organisations[0], organisations[1]
        styrgrupp = collaboration.groups.get(kind="styrgrupp")
        org.decision_create(
            collaboration=collaboration,
            owner_organisation=municipality_org,
            group=styrgrupp,
            title="Beslut om samverkan",
            text=(
                f"Kommunstyrelsens ordförande i {collaboration.municipality.name} och chefen för "
                f"lokalpolisområde {spec['lpo']} beslutar gemensamt att inleda samverkan i lokalt "
                "brottsförebyggande arbete enligt Brå:s, Polisens och SKR:s modell. En styrgrupp och "
                "en lägesbildsgrupp inrättas."
            ),
            decided_on=datetime.date(2026, 2, 3),
            decided_by="Kommunstyrelsens ordförande och LPO-chef",
            info_class=InformationClass.PUBLIC,
        )
        org.decision_create(
            collaboration=collaboration,
            owner_organisation=police_org,
            title="Polisens underlag till lägesbilden – intern bedömning",
            text="Polisens interna bedömning av utvecklingen i centrum. Delas i aggregerad form.",
            decided_on=datetime.date(2026, 10, 12),
            decided_by="LPO-chef",
            info_class=InformationClass.RESTRICTED,
        )
    if not collaboration.report_templates.exists():
        template_create_from_preset(collaboration=collaboration, preset=spec["template"])
    for m in collaboration.memberships.select_related("user").order_by("id"):
        logins.append(
            DemoLogin(
                m.user.username, m.user.get_full_name(), m.get_role_display(), collaboration.name
            )
        )


@transaction.atomic
def demo_load() -> list[DemoLogin]:
    """Create (or find) the whole demo and return the logins to print.

    The demo is Swedish whatever language happens to be active (a test that switched to English
    must not leave English choice texts in the demo's surveys): everything runs in Swedish.
    """
    with translation.override("sv"):
        return _demo_load()


def _demo_load() -> list[DemoLogin]:
    if Municipality.objects.count() < 290:
        geography_load()
    logins: list[DemoLogin] = []
    for spec in data.COLLABORATIONS:
        _collaboration(spec, logins)
    demo_reports_load(logins=logins)
    for code, org_name, slug, first, last in data.COUNTIES:
        county = County.objects.get(code=code)
        organisation = Organisation.objects.filter(name=org_name).first()
        if organisation is None:
            organisation = org.organisation_create(
                name=org_name, kind="lansstyrelse", collaborations=[], county=county
            )
        user = _user(f"regional.{slug}", first, last)
        if not user.memberships.filter(county=county).exists():
            org.membership_create(
                user=user, organisation=organisation, role=Role.REGIONAL_COORDINATOR, county=county
            )
        logins.append(
            DemoLogin(
                user.username,
                user.get_full_name(),
                str(Role.REGIONAL_COORDINATOR.label),
                str(county),
            )
        )
    demo_planning_load()
    annual_demo_load()
    followup_demo_load()
    agreements_demo_load(logins)
    dialogues_demo_load()
    surveys_demo_load()
    promises_demo_load()
    tips_demo_load()
    public_demo_load()
    stats_demo_load()  # issue 7: synthetic series for Dalarna and Västmanland
    regional_demo_load()  # issue 7: shared lägesbilder, the regional lägesbild for Dalarna
    programmes_demo_load()  # issue 7: a regional programme
    experience_demo_load()  # issue 7: experience-bank entries
    return logins
