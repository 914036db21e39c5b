"""The demo's collaboration agreements (called from laget.demo.services.demo_load).

For Fagersta and Ludvika: two invented signatories (the lokalpolisområdeschef and the
kommunstyrelsens ordförande) with their signing authorities, and an agreement in force signed
by both, linking the collaboration's prioritised demo problems and goals. Fagersta also has an
earlier, first overarching version that the current one superseded. Everything goes through
the services, so the demo obeys the same rules as the pages.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from laget.accounts.models import User
from laget.agreements import services
from laget.agreements.choices import AgreementKind, SignatoryTitle
from laget.agreements.models import Agreement, AgreementSignature, SigningAuthority
from laget.organisations import services as org
from laget.organisations.choices import OrganisationKind, Role
from laget.organisations.models import Collaboration, Membership
from laget.planning.choices import ProblemStatus
from laget.planning.models import Goal, Problem
from laget.situation.choices import PictureStatus
from laget.situation.models import SituationPicture

if TYPE_CHECKING:
    from laget.demo.services import DemoLogin

#: (slug, LPO-chef first/last name, KS-ordförande first/last name) – invented people.
SIGNATORIES = {
    "fagersta": (("Henrik", "Dahlgren"), ("Birgitta", "Ekwall")),
    "ludvika": (("Magnus", "Forsberg"), ("Eva", "Lindholm")),
}


def _user(username: str, first: str, last: str) -> User:
    from laget.demo.services import _user as demo_user

    return demo_user(username, first, last)


def _member(user: User, organisation: Any, role: str, collaboration: Collaboration) -> None:
    if not Membership.objects.filter(
        user=user, organisation=organisation, collaboration=collaboration, is_active=True
    ).exists():
        org.membership_create(
            user=user, organisation=organisation, role=role, collaboration=collaboration
        )


def _fresh(username: str) -> User:
    """A new user object: the access scope is cached on the object, memberships may be new."""
    return User.objects.get(username=username)


def _authority(
    collaboration: Collaboration, organisation: Any, person: User, title: str, manager: User
) -> None:
    if SigningAuthority.objects.filter(
        collaboration=collaboration, organisation=organisation, user=person, is_active=True
    ).exists():
        return
    services.signing_authority_create(
        user=manager,
        collaboration=collaboration,
        organisation=organisation,
        person=person,
        title=title,
        valid_from=datetime.date(timezone.localdate().year - 2, 1, 1),
    )


def _content(collaboration: Collaboration, version: int) -> dict[str, Any]:
    name = collaboration.municipality.name
    problems = list(
        Problem.objects.filter(collaboration=collaboration, status=ProblemStatus.PRIORITISED)
    )
    picture = (
        SituationPicture.objects.filter(collaboration=collaboration, status=PictureStatus.ADOPTED)
        .order_by("-period_end")
        .first()
    )
    return {
        "problem_picture": (
            f"Den gemensamma lägesbilden för {name} visar otrygghet i centrum kvällstid, "
            "skadegörelse och klotter i bostadsområden samt ungdomar som samlas på platser där "
            "vuxennärvaron är låg. Kommunen och polisen delar bilden och följer den varje vecka."
        ),
        "situation_picture": picture,
        "focus_problems": problems,
        "causes_summary": (
            "Troliga bakomliggande orsaker är låg vuxennärvaro kvällstid, brister i belysning "
            "och fysisk miljö, få meningsfulla fritidsaktiviteter för unga samt att platsägare "
            "inte agerar samordnat."
        ),
        "goals": list(Goal.objects.filter(collaboration=collaboration, problem__in=problems)),
        "organisation_text": (
            "Styrgruppen (kommundirektör och LPO-chef) beslutar om inriktning och resurser. "
            "Samordnaren och kommunpolisen leder det operativa arbetet i lägesbildsgruppen. "
            "Varje förvaltning och polisen ansvarar för sina åtgärder i åtgärdsplanen."
        ),
        "follow_up_text": (
            "Lägesbilden tas fram varje vecka och åtgärdsplanen följs upp varje kvartal i "
            "styrgruppen. Arbetet dokumenteras i Läget; effekterna mäts mot målens indikatorer."
        ),
        "communication_text": (
            "Parterna kommunicerar gemensamt om arbetet på kommunens webbplats och i "
            "medborgarlöften. Inga uppgifter om enskilda lämnas ut."
        ),
        "breach_procedure": (
            "Om en part brister tas frågan upp i styrgruppen vid nästa möte; kvarstår bristen "
            "lyfts den till kommunstyrelsens ordförande och LPO-chefen."
        ),
        "title": f"Samverkansöverenskommelse {name}"
        + (" – första övergripande" if version == 1 and collaboration.slug == "fagersta" else ""),
    }


def _sign_both(agreement: Agreement, lpo: str, kso: str, police: Any, kommun: Any) -> None:
    services.agreement_sign(user=_fresh(lpo), agreement=agreement, organisation=police)
    services.agreement_sign(user=_fresh(kso), agreement=agreement, organisation=kommun)


def _version(
    collaboration: Collaboration,
    coordinator: User,
    *,
    kind: str,
    start: datetime.date,
    end: datetime.date,
    previous: Agreement | None,
) -> Agreement:
    content = _content(collaboration, 1 if previous is None else previous.version + 1)
    if previous is None:
        return services.agreement_create(
            user=coordinator,
            collaboration=collaboration,
            kind=kind,
            period_start=start,
            period_end=end,
            **content,
        )
    agreement = services.agreement_new_version(user=coordinator, agreement=previous)
    return services.agreement_update(
        user=coordinator,
        agreement=agreement,
        kind=kind,
        period_start=start,
        period_end=end,
        **content,
    )


def _collaboration_load(collaboration: Collaboration, logins: list[DemoLogin]) -> None:
    from laget.demo.services import DemoLogin

    slug = collaboration.slug
    kommun = collaboration.parties.get(kind=OrganisationKind.MUNICIPALITY)
    police = collaboration.parties.get(kind=OrganisationKind.POLICE)
    (lpo_first, lpo_last), (kso_first, kso_last) = SIGNATORIES[slug]
    lpo = _user(f"lpochef.{slug}", lpo_first, lpo_last)
    kso = _user(f"ksordf.{slug}", kso_first, kso_last)
    _member(lpo, police, Role.POLICE, collaboration)
    _member(kso, kommun, Role.STEERING_MEMBER, collaboration)
    coordinator = _fresh(f"samordnare.{slug}")
    _authority(collaboration, police, _fresh(lpo.username), SignatoryTitle.LPO_CHIEF, coordinator)
    _authority(collaboration, kommun, _fresh(kso.username), SignatoryTitle.KS_CHAIR, coordinator)
    for user, title in ((lpo, SignatoryTitle.LPO_CHIEF), (kso, SignatoryTitle.KS_CHAIR)):
        logins.append(
            DemoLogin(user.username, user.get_full_name(), str(title.label), collaboration.name)
        )
    if Agreement.objects.filter(collaboration=collaboration).exists():
        return
    year = timezone.localdate().year
    previous = None
    if slug == "fagersta":
        first = _version(
            collaboration,
            coordinator,
            kind=AgreementKind.OVERARCHING,
            start=datetime.date(year - 1, 3, 1),
            end=datetime.date(year, 12, 31),
            previous=None,
        )
        services.agreement_send_for_signature(user=coordinator, agreement=first)
        _sign_both(first, lpo.username, kso.username, police, kommun)
        _backdate(first, timezone.make_aware(datetime.datetime(year - 1, 2, 20, 10, 0)))
        previous = Agreement.objects.get(pk=first.pk)
    current = _version(
        collaboration,
        coordinator,
        kind=AgreementKind.FULL,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year + 1, 12, 31),
        previous=previous,
    )
    services.agreement_send_for_signature(user=coordinator, agreement=current)
    _sign_both(current, lpo.username, kso.username, police, kommun)
    # Signed in December, before the period began (the demo is built today).
    _backdate(current, timezone.make_aware(datetime.datetime(year - 1, 12, 15, 10, 0)))


def _backdate(agreement: Agreement, signed: datetime.datetime) -> None:
    """Date the demo's signatures in the past; only the demo writes history like this."""
    AgreementSignature.objects.filter(agreement=agreement).update(signed_at=signed)
    Agreement.objects.filter(pk=agreement.pk).update(in_force_at=signed)


def agreements_demo_load(logins: list[DemoLogin]) -> None:
    """Create the demo's collaboration agreements (and signatories, appended to ``logins``);
    safe to run again."""
    for slug in SIGNATORIES:
        collaboration = Collaboration.objects.filter(slug=slug).first()
        if collaboration is not None:
            _collaboration_load(collaboration, logins)
