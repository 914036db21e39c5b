"""The pages of step 1: reading them, managing groups, parties and people, and who may do what.

Assertions look at context, database state and URLs rather than at translated text, so they hold
in every language.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from laget.accounts.models import User
from laget.organisations.choices import GroupKind, GroupRole, OrganisationKind, Role
from laget.organisations.models import Group, GroupMembership, Membership, Organisation, Unit

NEW_EMAIL = "anna.berg@fagersta.example"


def _url(name: str, collaboration, **kwargs) -> str:
    return reverse(f"organisations:{name}", kwargs={"collaboration_id": collaboration.pk, **kwargs})


def _message_levels(response) -> list[int]:
    return [m.level for m in get_messages(response.wsgi_request)]


@pytest.fixture
def est(fagersta) -> Group:
    return fagersta.groups.get(name="EST-gruppen")


@pytest.fixture
def coordinator_client(client_for, fagersta_coordinator) -> Client:
    return client_for(fagersta_coordinator)


# --- existing pages still render with their context ---------------------------------------------


def test_it_shows_the_overview(coordinator_client, fagersta, est, django_assert_max_num_queries):
    # 15 for the page itself, 2 for the overdue medborgarlöften, 1 for the tips awaiting review.
    with django_assert_max_num_queries(18):
        response = coordinator_client.get(_url("overview", fagersta))
    assert response.context["collaboration"] == fagersta
    assert {o.name for o in response.context["organisations"]} >= {"Fagersta kommun"}
    assert est in list(response.context["groups"])
    assert _url("group_detail", fagersta, group_id=est.pk) in response.content.decode()
    assert [d.title for d in response.context["decisions"]][-1] == "Beslut om samverkan"


def test_it_lists_groups_with_their_seats_in_few_queries(
    coordinator_client, fagersta, est, fagersta_coordinator, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = coordinator_client.get(_url("group_list", fagersta))
    groups = list(response.context["groups"])
    assert {g.name for g in groups} == set(fagersta.groups.values_list("name", flat=True))
    assert fagersta_coordinator in [s.user for s in groups[groups.index(est)].seats.all()]
    content = response.content.decode()
    assert _url("group_create", fagersta) in content
    assert _url("group_detail", fagersta, group_id=est.pk) in content


def test_it_lists_people_with_roles_in_few_queries(
    coordinator_client, fagersta, fagersta_reporter, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        response = coordinator_client.get(_url("membership_list", fagersta))
    memberships = list(response.context["memberships"])
    assert len(memberships) == fagersta.memberships.count()
    reporter = next(m for m in memberships if m.user == fagersta_reporter)
    assert (reporter.role, reporter.unit.name, reporter.is_active) == (
        Role.REPORTER,
        "Fältassistenter",
        True,
    )
    content = response.content.decode()
    assert _url("membership_create", fagersta) in content
    assert _url("membership_end", fagersta, membership_id=reporter.pk) in content


def test_it_lists_parties_and_units_in_few_queries(
    coordinator_client, fagersta, fagersta_municipality, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = coordinator_client.get(_url("organisation_list", fagersta))
    organisations = list(response.context["organisations"])
    assert set(organisations) == set(fagersta.parties.all())
    municipality = organisations[organisations.index(fagersta_municipality)]
    assert "Fritidsgården" in [u.name for u in municipality.units.all()]
    content = response.content.decode()
    assert _url("party_create", fagersta) in content
    assert _url("unit_create", fagersta, organisation_id=fagersta_municipality.pk) in content


def test_it_lists_decisions_in_few_queries(
    coordinator_client, fagersta, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        response = coordinator_client.get(_url("decision_list", fagersta))
    titles = [d.title for d in response.context["decisions"]]
    assert "Beslut om samverkan" in titles
    assert _url("decision_create", fagersta) in response.content.decode()


def test_it_shows_a_decision_with_a_link_to_its_group(coordinator_client, fagersta):
    decision = fagersta.decisions.get(title="Beslut om samverkan")
    response = coordinator_client.get(_url("decision_detail", fagersta, decision_id=decision.pk))
    assert response.context["decision"] == decision
    assert _url("group_detail", fagersta, group_id=decision.group_id) in response.content.decode()


def test_it_still_records_a_decision(coordinator_client, fagersta, fagersta_municipality):
    response = coordinator_client.post(
        _url("decision_create", fagersta),
        {
            "title": "Beslut om arbetsgrupp",
            "text": "En arbetsgrupp för centrum inrättas.",
            "decided_on": "2026-03-01",
            "decided_by": "Styrgruppen",
            "owner_organisation": fagersta_municipality.pk,
            "info_class": "partners",
        },
    )
    decision = fagersta.decisions.get(title="Beslut om arbetsgrupp")
    assert response.url == _url("decision_detail", fagersta, decision_id=decision.pk)


def test_it_shows_the_county_workspace(client_for, county_officer, fagersta):
    response = client_for(county_officer).get(
        reverse("organisations:county", kwargs={"county_code": "19"})
    )
    rows = {row.municipality.code: row for row in response.context["rows"]}
    assert rows["1982"].collaboration == fagersta
    assert rows["1982"].has_situation_group is True
    assert rows["1962"].collaboration is None


def test_it_shows_a_group_with_its_members_and_decisions(
    client_for, fagersta_reporter, fagersta, fagersta_police
):
    styrgrupp = fagersta.groups.get(kind=GroupKind.STEERING)
    response = client_for(fagersta_reporter).get(
        _url("group_detail", fagersta, group_id=styrgrupp.pk)
    )
    assert response.context["group"] == styrgrupp
    assert fagersta_police in [s.user for s in response.context["seats"]]
    # the beslut om samverkan, and the demo's åtgärdsplan adopted by the steering group since
    plan = fagersta.action_plans.get(status="adopted")
    assert [d.title for d in response.context["decisions"]] == [
        plan.adoption_decision.title,
        "Beslut om samverkan",
    ]
    content = response.content.decode()
    assert _url("group_update", fagersta, group_id=styrgrupp.pk) not in content
    assert _url("group_seat_add", fagersta, group_id=styrgrupp.pk) not in content


def test_it_hides_manage_buttons_from_a_reporter(client_for, fagersta_reporter, fagersta):
    client = client_for(fagersta_reporter)
    pages = {
        "group_list": "group_create",
        "membership_list": "membership_create",
        "organisation_list": "party_create",
    }
    for page, manage in pages.items():
        response = client.get(_url(page, fagersta))
        assert response.context["nav"].can_manage is False
        assert _url(manage, fagersta) not in response.content.decode()


# --- groups -------------------------------------------------------------------------------------


def test_it_creates_a_group(coordinator_client, fagersta):
    response = coordinator_client.post(
        _url("group_create", fagersta),
        {
            "kind": GroupKind.WORKING,
            "name": "Arbetsgrupp Brandbergen",
            "meeting_cadence": "Varje månad",
        },
    )
    group = fagersta.groups.get(name="Arbetsgrupp Brandbergen")
    assert (group.kind, group.meeting_cadence) == (GroupKind.WORKING, "Varje månad")
    assert response.url == _url("group_detail", fagersta, group_id=group.pk)
    assert _message_levels(response) == [SUCCESS]


def test_it_rejects_a_duplicate_group_name_on_the_form(coordinator_client, fagersta):
    before = Group.objects.count()
    response = coordinator_client.post(
        _url("group_create", fagersta), {"kind": GroupKind.WORKING, "name": "EST-gruppen"}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("name", code="duplicate")
    assert Group.objects.count() == before


def test_it_edits_a_group(coordinator_client, fagersta, est):
    form = coordinator_client.get(_url("group_update", fagersta, group_id=est.pk)).context["form"]
    assert form.initial["name"] == "EST-gruppen"
    response = coordinator_client.post(
        _url("group_update", fagersta, group_id=est.pk),
        {"kind": GroupKind.SITUATION, "name": "EST", "purpose": "Lägesbild", "meeting_cadence": ""},
    )
    est.refresh_from_db()
    assert (est.name, est.purpose, est.meeting_cadence) == ("EST", "Lägesbild", "")
    assert response.url == _url("group_detail", fagersta, group_id=est.pk)


def test_it_gives_a_seat_to_a_member(coordinator_client, fagersta, est, fagersta_reporter):
    candidates = (
        coordinator_client.get(_url("group_seat_add", fagersta, group_id=est.pk))
        .context["form"]
        .fields["user"]
        .queryset
    )
    assert fagersta_reporter in candidates
    response = coordinator_client.post(
        _url("group_seat_add", fagersta, group_id=est.pk),
        {"user": fagersta_reporter.pk, "role": GroupRole.CHAIR},
    )
    assert est.seats.get(user=fagersta_reporter).role == GroupRole.CHAIR
    assert response.url == _url("group_detail", fagersta, group_id=est.pk)


def test_it_rejects_a_seat_for_someone_outside_the_collaboration(
    coordinator_client, fagersta, est, ludvika_coordinator
):
    response = coordinator_client.post(
        _url("group_seat_add", fagersta, group_id=est.pk),
        {"user": ludvika_coordinator.pk, "role": GroupRole.MEMBER},
    )
    assert response.context["form"].has_error("user", code="invalid_choice")
    assert not GroupMembership.objects.filter(user=ludvika_coordinator, group=est).exists()


def test_it_answers_404_for_a_group_of_another_collaboration(
    coordinator_client, fagersta, ludvika, fagersta_reporter
):
    fas = ludvika.groups.get(name="FAS-gruppen")
    for name in ("group_detail", "group_update", "group_seat_add"):
        assert coordinator_client.get(_url(name, fagersta, group_id=fas.pk)).status_code == 404
    response = coordinator_client.post(
        _url("group_seat_add", fagersta, group_id=fas.pk),
        {"user": fagersta_reporter.pk, "role": GroupRole.MEMBER},
    )
    assert response.status_code == 404
    assert not fas.seats.filter(user=fagersta_reporter).exists()


def test_it_removes_a_seat_after_confirmation(coordinator_client, fagersta, est, fagersta_police):
    seat = est.seats.get(user=fagersta_police)
    url = _url("group_seat_remove", fagersta, group_id=est.pk, seat_id=seat.pk)
    confirm = coordinator_client.get(url)
    assert confirm.context["cancel_url"] == _url("group_detail", fagersta, group_id=est.pk)
    assert GroupMembership.objects.filter(pk=seat.pk).exists()  # GET changes nothing
    response = coordinator_client.post(url)
    assert not GroupMembership.objects.filter(pk=seat.pk).exists()
    assert response.url == _url("group_detail", fagersta, group_id=est.pk)


def test_it_answers_404_for_a_seat_of_another_group(coordinator_client, fagersta, est):
    other_seat = GroupMembership.objects.filter(group__collaboration=fagersta).exclude(group=est)[0]
    url = _url("group_seat_remove", fagersta, group_id=est.pk, seat_id=other_seat.pk)
    assert coordinator_client.post(url).status_code == 404
    assert GroupMembership.objects.filter(pk=other_seat.pk).exists()


# --- parties and units --------------------------------------------------------------------------


def test_it_adds_a_new_organisation_as_party(coordinator_client, fagersta):
    response = coordinator_client.post(
        _url("party_create", fagersta),
        {"name": "Fagersta föreningsråd", "kind": OrganisationKind.ASSOCIATION},
    )
    assert fagersta.parties.filter(name="Fagersta föreningsråd").exists()
    assert response.url == _url("organisation_list", fagersta)


def test_it_rejects_a_party_name_that_is_taken(coordinator_client, fagersta):
    before = Organisation.objects.count()
    response = coordinator_client.post(
        _url("party_create", fagersta), {"name": "Fagersta kommun", "kind": "kommun"}
    )
    assert response.context["create_form"].has_error("name", code="duplicate")
    assert Organisation.objects.count() == before


def test_it_adds_the_police_of_the_neighbouring_collaboration(
    client_for, norberg_coordinator, norberg, fagersta_police_org
):
    client = client_for(norberg_coordinator)
    offered = client.get(_url("party_create", norberg)).context["add_form"]
    assert fagersta_police_org in offered.fields["organisation"].queryset
    response = client.post(_url("party_add", norberg), {"organisation": fagersta_police_org.pk})
    assert norberg.parties.filter(pk=fagersta_police_org.pk).exists()
    assert response.url == _url("organisation_list", norberg)


def test_it_rejects_an_organisation_from_another_county_on_the_form(
    coordinator_client, fagersta, ludvika_municipality
):
    response = coordinator_client.post(
        _url("party_add", fagersta), {"organisation": ludvika_municipality.pk}
    )
    assert response.context["add_form"].has_error("organisation", code="invalid_choice")
    assert not fagersta.parties.filter(pk=ludvika_municipality.pk).exists()


def test_it_adds_a_unit_to_a_party(coordinator_client, fagersta, fagersta_municipality):
    response = coordinator_client.post(
        _url("unit_create", fagersta, organisation_id=fagersta_municipality.pk),
        {"name": "Biblioteket"},
    )
    assert fagersta_municipality.units.filter(name="Biblioteket").exists()
    assert response.url == _url("organisation_list", fagersta)


def test_it_rejects_a_duplicate_unit_on_the_form(
    coordinator_client, fagersta, fagersta_municipality
):
    before = Unit.objects.count()
    response = coordinator_client.post(
        _url("unit_create", fagersta, organisation_id=fagersta_municipality.pk),
        {"name": "Skola"},
    )
    assert response.context["form"].has_error("name", code="duplicate")
    assert Unit.objects.count() == before


def test_it_answers_404_for_a_unit_of_an_organisation_that_is_not_a_party(
    coordinator_client, fagersta, norberg, ludvika_municipality
):
    norbergs_kommun = norberg.parties.get()
    for organisation in (ludvika_municipality, norbergs_kommun):
        url = _url("unit_create", fagersta, organisation_id=organisation.pk)
        assert coordinator_client.post(url, {"name": "Ny"}).status_code == 404
        assert not organisation.units.filter(name="Ny").exists()


# --- people and roles ---------------------------------------------------------------------------


def _person(organisation, **extra) -> dict:
    return {
        "email": NEW_EMAIL,
        "first_name": "Anna",
        "last_name": "Berg",
        "organisation": organisation.pk,
        "unit": "",
        "role": Role.REPORTER,
        **extra,
    }


def test_it_adds_a_new_person_who_can_then_choose_a_password(
    coordinator_client, fagersta, fagersta_municipality, django_capture_on_commit_callbacks
):
    unit = fagersta_municipality.units.get(name="Fritidsgården")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            _url("membership_create", fagersta), _person(fagersta_municipality, unit=unit.pk)
        )
    assert response.url == _url("membership_list", fagersta)
    membership = Membership.objects.get(user__email=NEW_EMAIL)
    assert (membership.collaboration, membership.unit, membership.role) == (
        fagersta,
        unit,
        Role.REPORTER,
    )
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    invited = Client()
    set_password = invited.get(link, follow=True)
    assert set_password.context["validlink"] is True
    invited.post(
        set_password.redirect_chain[-1][0],
        {"new_password1": "Ett långt lösenord 2026", "new_password2": "Ett långt lösenord 2026"},
    )
    assert User.objects.get(email=NEW_EMAIL).check_password("Ett långt lösenord 2026")


def test_it_adds_an_existing_account_without_mailing_it(
    coordinator_client,
    fagersta,
    fagersta_municipality,
    ludvika_coordinator,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            _url("membership_create", fagersta),
            _person(fagersta_municipality, email=ludvika_coordinator.email),
        )
    assert fagersta.memberships.filter(user=ludvika_coordinator, is_active=True).exists()
    assert mail.outbox == []


def test_it_rejects_a_unit_of_another_organisation_on_the_form(
    coordinator_client,
    fagersta,
    fagersta_municipality,
    fagersta_police_org,
    django_capture_on_commit_callbacks,
):
    police_unit = fagersta_police_org.units.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            _url("membership_create", fagersta),
            _person(fagersta_municipality, unit=police_unit.pk),
        )
    assert response.context["form"].has_error("unit", code="unit")
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    assert mail.outbox == []


def test_it_rejects_a_unit_of_another_collaboration_on_the_form(
    coordinator_client, fagersta, fagersta_municipality, ludvika_municipality
):
    ludvika_unit = ludvika_municipality.units.first()
    response = coordinator_client.post(
        _url("membership_create", fagersta), _person(fagersta_municipality, unit=ludvika_unit.pk)
    )
    assert response.context["form"].has_error("unit", code="invalid_choice")
    assert not User.objects.filter(email=NEW_EMAIL).exists()


def test_it_rejects_an_organisation_that_is_not_a_party_on_the_form(
    coordinator_client, fagersta, ludvika_municipality
):
    response = coordinator_client.post(
        _url("membership_create", fagersta), _person(ludvika_municipality)
    )
    assert response.context["form"].has_error("organisation", code="invalid_choice")
    assert not User.objects.filter(email=NEW_EMAIL).exists()


def test_it_offers_no_regional_role_and_the_administrator_role_to_administrators_only(
    coordinator_client, client_for, fagersta_admin, fagersta, fagersta_municipality
):
    coordinator_roles = dict(
        coordinator_client.get(_url("membership_create", fagersta))
        .context["form"]
        .fields["role"]
        .choices
    )
    admin_roles = dict(
        client_for(fagersta_admin)
        .get(_url("membership_create", fagersta))
        .context["form"]
        .fields["role"]
        .choices
    )
    assert Role.REGIONAL_COORDINATOR not in coordinator_roles | admin_roles
    assert Role.ADMINISTRATOR not in coordinator_roles
    assert Role.ADMINISTRATOR in admin_roles
    response = coordinator_client.post(
        _url("membership_create", fagersta),
        _person(fagersta_municipality, role=Role.REGIONAL_COORDINATOR),
    )
    assert response.context["form"].has_error("role", code="invalid_choice")
    assert not User.objects.filter(email=NEW_EMAIL).exists()


def test_it_ends_a_membership_after_confirmation(coordinator_client, fagersta, fagersta_reporter):
    membership = fagersta.memberships.get(user=fagersta_reporter)
    url = _url("membership_end", fagersta, membership_id=membership.pk)
    assert coordinator_client.get(url).context["cancel_url"] == _url("membership_list", fagersta)
    membership.refresh_from_db()
    assert membership.is_active  # GET changes nothing
    response = coordinator_client.post(url)
    membership.refresh_from_db()
    assert membership.is_active is False
    assert response.url == _url("membership_list", fagersta)
    assert _message_levels(response) == [SUCCESS]


def test_it_refuses_an_administrator_ending_their_own_last_administrator_membership(
    client_for, fagersta_admin, fagersta
):
    membership = fagersta.memberships.get(user=fagersta_admin, role=Role.ADMINISTRATOR)
    response = client_for(fagersta_admin).post(
        _url("membership_end", fagersta, membership_id=membership.pk)
    )
    membership.refresh_from_db()
    assert membership.is_active
    assert response.url == _url("membership_list", fagersta)
    assert _message_levels(response) == [ERROR]


# --- who may do what ----------------------------------------------------------------------------


@pytest.fixture
def manage_urls(fagersta, est, fagersta_municipality, fagersta_reporter) -> list[str]:
    seat = est.seats.first()
    membership = fagersta.memberships.get(user=fagersta_reporter)
    return [
        _url("group_create", fagersta),
        _url("group_update", fagersta, group_id=est.pk),
        _url("group_seat_add", fagersta, group_id=est.pk),
        _url("group_seat_remove", fagersta, group_id=est.pk, seat_id=seat.pk),
        _url("party_create", fagersta),
        _url("party_add", fagersta),
        _url("unit_create", fagersta, organisation_id=fagersta_municipality.pk),
        _url("membership_create", fagersta),
        _url("membership_end", fagersta, membership_id=membership.pk),
    ]


def _state() -> tuple[int, ...]:
    return (
        Group.objects.count(),
        GroupMembership.objects.count(),
        Organisation.objects.count(),
        Unit.objects.count(),
        Membership.objects.filter(is_active=True).count(),
        User.objects.count(),
    )


@pytest.mark.parametrize("persona", ["fagersta_reporter", "ludvika_coordinator", "county_officer"])
def test_it_answers_404_on_manage_pages_to_those_without_manage_rights(
    request, client_for, persona, manage_urls, fagersta_municipality
):
    client = client_for(request.getfixturevalue(persona))
    before = _state()
    payload = {"name": "X", "kind": "annan", **_person(fagersta_municipality)}
    for url in manage_urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, payload).status_code == 404, url
    assert _state() == before


def test_it_answers_404_on_fagersta_pages_to_the_ludvika_coordinator(
    client_for, ludvika_coordinator, fagersta, est
):
    client = client_for(ludvika_coordinator)
    for name in ("overview", "group_list", "membership_list", "organisation_list"):
        assert client.get(_url(name, fagersta)).status_code == 404
    assert client.get(_url("group_detail", fagersta, group_id=est.pk)).status_code == 404


def test_it_sends_anonymous_visitors_to_the_login_page(client, manage_urls):
    for url in manage_urls:
        response = client.get(url)
        assert response.url.startswith(reverse("accounts:login"))


def test_it_lets_an_administrator_manage_too(client_for, fagersta_admin, fagersta):
    response = client_for(fagersta_admin).post(
        _url("group_create", fagersta), {"kind": GroupKind.STEERING, "name": "Ny styrgrupp"}
    )
    assert response.url.startswith(_url("group_list", fagersta))
    assert fagersta.groups.filter(name="Ny styrgrupp").exists()
