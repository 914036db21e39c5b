"""The parties' own lägesbilder, the joint one's divergences and its dual approval."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from laget import access
from laget.core.choices import InformationClass
from laget.organisations.models import Organisation
from laget.reporting.models import Category
from laget.situation import parties, services
from laget.situation.choices import PartyPictureStatus, PictureStatus
from laget.situation.models import PartyFigure, PartyPicture, PictureApproval, SituationPicture

EN = {"Accept-Language": "en"}


@pytest.fixture
def kommun():
    return Organisation.objects.get(name="Fagersta kommun")


@pytest.fixture
def polis():
    return Organisation.objects.get(name="Polisen – LPO Fagersta")


@pytest.fixture
def draft(known, est_group, week, fagersta_coordinator):
    return services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)


def _save(user, group, period, organisation, figures, assessment=""):
    return parties.party_picture_save(
        user=user,
        group=group,
        period=period,
        organisation=organisation,
        assessment=assessment,
        figures=figures,
    )


# --- dual approval -----------------------------------------------------------------------------


def test_the_municipality_alone_does_not_adopt_the_joint_picture(
    draft, fagersta_coordinator, fagersta_police
):
    after_kommun = parties.situation_approve(user=fagersta_coordinator, picture=draft)
    assert after_kommun.status == PictureStatus.DRAFT
    assert [a.organisation.name for a in draft.approvals.all()] == ["Fagersta kommun"]
    with pytest.raises(ValidationError) as twice:
        parties.situation_approve(user=fagersta_coordinator, picture=draft)
    assert twice.value.code == "approved"
    adopted = parties.situation_approve(user=fagersta_police, picture=draft)
    assert adopted.status == PictureStatus.ADOPTED and adopted.adopted_by == fagersta_police


def test_the_police_alone_does_not_adopt_it_either(draft, fagersta_police):
    assert parties.situation_approve(user=fagersta_police, picture=draft).status == "draft"


def test_a_reporter_or_an_outsider_cannot_approve(draft, fagersta_reporter, ludvika_coordinator):
    for user in (fagersta_reporter, ludvika_coordinator):
        with pytest.raises(ValidationError) as exc:
            parties.situation_approve(user=user, picture=draft)
        assert exc.value.code == "not_party"
    assert not PictureApproval.objects.filter(picture=draft).exists()


def test_changing_the_draft_withdraws_the_approvals(
    draft, est_group, week, fagersta_coordinator, fagersta_police
):
    parties.situation_approve(user=fagersta_coordinator, picture=draft)
    services.situation_compile(user=fagersta_coordinator, group=est_group, period=week)
    assert not draft.approvals.exists()
    parties.situation_approve(user=fagersta_police, picture=draft)
    services.situation_write(
        user=fagersta_coordinator,
        group=est_group,
        period=week,
        assessment="Ny text.",
        priorities="",
    )
    assert not draft.approvals.exists()
    parties.situation_approve(user=fagersta_coordinator, picture=draft)
    draft.refresh_from_db()
    assert draft.status == PictureStatus.DRAFT  # the police's approval was withdrawn


def test_without_a_police_party_the_municipality_adopts_alone(
    draft, fagersta, polis, fagersta_coordinator
):
    fagersta.parties.remove(polis)
    adopted = parties.situation_approve(user=fagersta_coordinator, picture=draft)
    assert adopted.status == PictureStatus.ADOPTED


# --- the parties' own pictures -----------------------------------------------------------------


def test_a_party_picture_is_private_until_shared(
    draft,
    est_group,
    week,
    category,
    kommun,
    polis,
    fagersta_coordinator,
    fagersta_police,
    fagersta_reporter,
    ludvika_coordinator,
):
    klotter = category("klotter")
    own = _save(
        fagersta_police,
        est_group,
        week,
        polis,
        [parties.FigureInput(klotter.pk, 9, "green", "decreased")],
        "Färre anmälningar om klotter.",
    )
    assert own.status == PartyPictureStatus.DRAFT
    assert own.info_class == InformationClass.RESTRICTED
    readable = PartyPicture.objects.filter(pk=own.pk)
    assert access.restrict(fagersta_police, readable).exists()
    for outsider in (fagersta_coordinator, fagersta_reporter, ludvika_coordinator):
        assert not access.restrict(outsider, readable).exists()

    shared = parties.party_picture_share(user=fagersta_police, picture=own)
    assert shared.info_class == InformationClass.PARTNERS and shared.shared_by == fagersta_police
    assert access.restrict(fagersta_reporter, readable).exists()
    assert not access.restrict(ludvika_coordinator, readable).exists()
    with pytest.raises(ValidationError):
        parties.party_picture_share(user=fagersta_police, picture=shared)


def test_sharing_puts_the_picture_and_its_divergences_into_the_joint_draft(
    draft, est_group, week, category, kommun, polis, fagersta_coordinator, fagersta_police
):
    klotter, brand = category("klotter"), category("brand")
    parties.situation_approve(user=fagersta_coordinator, picture=draft)
    mine = _save(
        fagersta_coordinator,
        est_group,
        week,
        kommun,
        [
            parties.FigureInput(klotter.pk, 20, "red", "increased"),
            parties.FigureInput(brand.pk, 0, "", ""),
        ],
    )
    theirs = _save(
        fagersta_police,
        est_group,
        week,
        polis,
        [
            parties.FigureInput(klotter.pk, 9, "green", "decreased"),
            parties.FigureInput(brand.pk, 3, "yellow", ""),
        ],
    )
    parties.party_picture_share(user=fagersta_coordinator, picture=mine)
    parties.party_picture_share(user=fagersta_police, picture=theirs)
    draft.refresh_from_db()
    section = draft.snapshot["parties"]
    assert [p["name"] for p in section["parties"]] == ["Fagersta kommun", "Polisen – LPO Fagersta"]
    kinds = {(d["category"], d["kind"]) for d in section["divergences"]}
    assert kinds == {(klotter.pk, "assessment"), (klotter.pk, "trend"), (brand.pk, "only_one")}
    assert not draft.approvals.exists()  # the joint draft changed: approve again

    adopted = parties.situation_approve(user=fagersta_coordinator, picture=draft)
    adopted = parties.situation_approve(user=fagersta_police, picture=adopted)
    # a later change of the police's picture is a new version; the adopted one keeps v1
    second = _save(
        fagersta_police, est_group, week, polis, [parties.FigureInput(klotter.pk, 12, "red", "")]
    )
    assert second.version == 2 and second.status == PartyPictureStatus.DRAFT
    parties.party_picture_share(user=fagersta_police, picture=second)
    adopted.refresh_from_db()
    versions = {p["name"]: p["version"] for p in adopted.snapshot["parties"]["parties"]}
    assert versions["Polisen – LPO Fagersta"] == 1
    assert [
        p.pk for p in parties.party_pictures_since(user=fagersta_coordinator, picture=adopted)
    ] == [second.pk]


def test_the_figures_start_from_the_partys_own_reports(
    known, week, category, kommun, fagersta, fagersta_coordinator
):
    categories = parties.party_categories(user=fagersta_coordinator, collaboration=fagersta)
    prefill = parties.party_prefill(
        user=fagersta_coordinator,
        collaboration=fagersta,
        organisation=kommun,
        period=week,
        categories=categories,
    )
    klotter = prefill[category("klotter").pk]
    assert klotter.count == 7 * 2 + 6 and klotter.assessment == "red"
    assert prefill[category("glaskross").pk].count == 3


def test_bad_figures_store_nothing(est_group, week, polis, ludvika, fagersta_police, category):
    foreign = Category.objects.filter(template__collaboration=ludvika).first()
    klotter = category("klotter")
    for figures, text in [
        ([parties.FigureInput(foreign.pk, 1)], ""),
        ([parties.FigureInput(klotter.pk, -1)], ""),
        ([parties.FigureInput(klotter.pk, 1, "purple")], ""),
        ([parties.FigureInput(klotter.pk, 1, "", "sideways")], ""),
        ([parties.FigureInput(klotter.pk, 1), parties.FigureInput(klotter.pk, 2)], ""),
        ([parties.FigureInput(klotter.pk, 1)], "Ring 070-123 45 67 om detta."),
    ]:
        with pytest.raises(ValidationError):
            _save(fagersta_police, est_group, week, polis, figures, text)
    assert not PartyPicture.objects.exists() and not PartyFigure.objects.exists()


def test_only_those_who_speak_for_the_party_compile_its_picture(
    est_group, week, kommun, polis, fagersta_reporter, fagersta_police, category
):
    for user, organisation in ((fagersta_reporter, kommun), (fagersta_police, kommun)):
        with pytest.raises(ValidationError) as exc:
            _save(user, est_group, week, organisation, [])
        assert exc.value.code == "not_party"


# --- the pages ---------------------------------------------------------------------------------


def _party_url(group, week, organisation):
    return reverse(
        "situation:party",
        kwargs={
            "collaboration_id": group.collaboration_id,
            "group_id": group.pk,
            "period": week.start.isoformat(),
            "organisation_id": organisation.pk,
        },
    )


def test_the_police_enter_their_figures_and_share_them_through_the_pages(
    draft, est_group, week, category, kommun, polis, fagersta_police, fagersta_reporter, client_for
):
    klotter = category("klotter")
    client = client_for(fagersta_police)
    url = _party_url(est_group, week, polis)
    form = client.get(url, headers=EN).context["form"]
    assert len(form.rows()) == len(form.categories) > 10
    response = client.post(
        url,
        {
            f"count_{klotter.pk}": "9",
            f"assessment_{klotter.pk}": "green",
            f"trend_{klotter.pk}": "decreased",
            "assessment": "Lugnare vecka.",
        },
    )
    assert response.status_code == 302
    own = PartyPicture.objects.get(owner_organisation=polis)
    assert [(f.category_id, f.count) for f in own.figures.all()] == [(klotter.pk, 9)]

    bad = client.post(url, {f"count_{klotter.pk}": "-3"}, headers=EN)
    assert bad.status_code == 200 and bad.context["form"].errors
    assert own.figures.get().count == 9

    share = reverse(
        "situation:party_share",
        kwargs={"collaboration_id": est_group.collaboration_id, "party_picture_id": own.pk},
    )
    assert client.post(share).status_code == 302
    own.refresh_from_db()
    assert own.is_shared
    page = client_for(fagersta_reporter).get(
        reverse(
            "situation:period",
            kwargs={
                "collaboration_id": est_group.collaboration_id,
                "group_id": est_group.pk,
                "period": week.start.isoformat(),
            },
        ),
        headers=EN,
    )
    view = page.context["party_view"]
    assert [p["name"] for p in view.parties] == ["Polisen – LPO Fagersta"]
    assert "Polisen – LPO Fagersta" in page.content.decode()
    assert page.context["own_pictures"] == []  # a reporter speaks for no party


def test_nobody_opens_another_partys_picture_form(
    est_group, week, kommun, polis, fagersta_police, fagersta_reporter, client_for
):
    assert client_for(fagersta_police).get(_party_url(est_group, week, kommun)).status_code == 404
    assert client_for(fagersta_reporter).get(_party_url(est_group, week, kommun)).status_code == 404


def test_the_joint_page_lists_the_approvals(
    draft, est_group, week, fagersta_coordinator, client_for
):
    parties.situation_approve(user=fagersta_coordinator, picture=draft)
    response = client_for(fagersta_coordinator).get(
        reverse(
            "situation:picture",
            kwargs={"collaboration_id": draft.collaboration_id, "picture_id": draft.pk},
        ),
        headers=EN,
    )
    text = response.content.decode()
    assert "Approved" in text and "Awaited" in text
    assert SituationPicture.objects.get(pk=draft.pk).status == PictureStatus.DRAFT


def test_the_joint_approvers_are_the_same_for_the_lagesbild_and_a_priority(
    fagersta, kommun, polis, fagersta_coordinator, fagersta_police, fagersta_reporter
):
    """One rule (``access.joint_approver_organisation``) serves both joint decisions."""
    from laget.planning import services as planning

    assert access.joint_party_kinds(fagersta) == ["kommun", "polis"]
    for user, expected in (
        (fagersta_coordinator, {"kommun": kommun, "polis": None}),
        (fagersta_police, {"kommun": None, "polis": polis}),
        (fagersta_reporter, {"kommun": None, "polis": None}),
    ):
        found = {k: access.joint_approver_organisation(user, fagersta, k) for k in expected}
        assert found == expected
        parties = planning.approvable_parties(user, fagersta)
        assert parties == [p for p, k in planning.PARTY_KINDS.items() if expected[k]]
