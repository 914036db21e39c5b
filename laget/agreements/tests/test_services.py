"""The agreement's rules: the checklist, who may sign, both parties, versions and dates."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from laget.agreements import services
from laget.agreements.choices import AgreementStatus, SignatoryTitle
from laget.agreements.models import Agreement, AgreementSignature, SigningAuthority
from laget.agreements.selectors import agreement_in_force, signing_authority
from laget.agreements.tests.conftest import complete_content, fresh
from laget.planning.choices import ProblemStatus
from laget.planning.models import Problem

pytestmark = pytest.mark.django_db


def _codes(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    error = exc.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


# --- demo and selectors -------------------------------------------------------------------------


def test_the_demo_has_an_agreement_in_force_and_a_superseded_one(fagersta, ludvika):
    today = timezone.localdate()
    current = agreement_in_force(collaboration=fagersta, on=today)
    assert current is not None and current.version == 2
    assert current.signatures.count() == 2
    first = Agreement.objects.get(collaboration=fagersta, version=1)
    assert first.status == AgreementStatus.SUPERSEDED
    assert agreement_in_force(collaboration=ludvika, on=today).status == AgreementStatus.IN_FORCE


def test_agreement_in_force_respects_the_period(fagersta, current):
    assert agreement_in_force(collaboration=fagersta, on=current.period_end) == current
    after = current.period_end + datetime.timedelta(days=1)
    assert agreement_in_force(collaboration=fagersta, on=after) is None
    # Before the current version's period, the superseded first version still answers.
    before = current.period_start - datetime.timedelta(days=1)
    assert agreement_in_force(collaboration=fagersta, on=before).version == 1


def test_signing_authority_is_only_for_the_right_person_and_date(
    fagersta, lpo_chief, fagersta_police, police, kommun
):
    authority = signing_authority(user=lpo_chief, collaboration=fagersta)
    assert authority is not None and authority.title == SignatoryTitle.LPO_CHIEF
    assert signing_authority(user=lpo_chief, collaboration=fagersta, organisation=kommun) is None
    assert signing_authority(user=fagersta_police, collaboration=fagersta) is None
    past = authority.valid_from - datetime.timedelta(days=1)
    assert signing_authority(user=lpo_chief, collaboration=fagersta, on=past) is None


def test_a_former_member_cannot_sign(fagersta, police):
    user = fresh("lpochef.fagersta")
    user.memberships.update(is_active=False)
    assert signing_authority(user=fresh("lpochef.fagersta"), collaboration=fagersta) is None


# --- the checklist ------------------------------------------------------------------------------


def test_an_empty_draft_lists_every_missing_part(fagersta, fagersta_coordinator, current):
    agreement = services.agreement_new_version(user=fagersta_coordinator, agreement=current)
    agreement = services.agreement_update(
        user=fagersta_coordinator, agreement=agreement, title="Tom"
    )
    with translation.override("en"):
        missing = services.agreement_missing(agreement)
    text = " ".join(missing)
    for expected in (
        "period",
        "problem picture",
        "No focus area",
        "causes",
        "No goals",
        "organisation",
        "followed up",
        "communicated",
        "falls short",
    ):
        assert expected in text
    # The municipality and the police are always added as parties.
    assert "not a party" not in text


def test_a_complete_draft_has_nothing_missing(draft):
    assert services.agreement_missing(draft) == []


def test_a_focus_problem_that_is_not_prioritised_is_missing(fagersta, fagersta_coordinator, draft):
    proposed = Problem.objects.filter(collaboration=fagersta).exclude(
        status=ProblemStatus.PRIORITISED
    )
    assert proposed.exists()
    content = complete_content(fagersta)
    content["focus_problems"] = [*content["focus_problems"], proposed.first()]
    agreement = services.agreement_update(user=fagersta_coordinator, agreement=draft, **content)
    with translation.override("en"):
        missing = services.agreement_missing(agreement)
    assert missing == [
        f"The focus area “{proposed.first().title}” is not jointly prioritised by the parties."
    ]


# --- drafting -----------------------------------------------------------------------------------


def test_only_editors_draft(fagersta, fagersta_reporter, current):
    with pytest.raises(ValidationError) as exc:
        services.agreement_new_version(user=fagersta_reporter, agreement=current)
    assert _codes(exc) == {"not_allowed"}


def test_new_version_copies_the_content(fagersta, fagersta_coordinator, current):
    copy = services.agreement_new_version(user=fagersta_coordinator, agreement=current)
    assert copy.version == current.version + 1
    assert copy.previous == current
    assert copy.status == AgreementStatus.DRAFT
    assert copy.problem_picture == current.problem_picture
    assert set(copy.goals.all()) == set(current.goals.all())
    assert set(copy.focus_problems.all()) == set(current.focus_problems.all())
    assert set(copy.parties.all()) == set(current.parties.all())
    assert not copy.signatures.exists()


def test_only_one_unsigned_version_at_a_time(fagersta, fagersta_coordinator, current, draft):
    with pytest.raises(ValidationError) as exc:
        services.agreement_new_version(user=fagersta_coordinator, agreement=current)
    assert _codes(exc) == {"draft_exists"}
    with pytest.raises(ValidationError):
        services.agreement_create(
            user=fagersta_coordinator, collaboration=fagersta, title="Ännu en"
        )


def test_personal_data_is_refused_and_nothing_is_stored(fagersta, fagersta_coordinator, draft):
    content = complete_content(fagersta)
    content["organisation_text"] = "Ring 070-123 45 67 vid frågor."
    with pytest.raises(ValidationError) as exc:
        services.agreement_update(user=fagersta_coordinator, agreement=draft, **content)
    assert _codes(exc) == {"personal_data"}
    draft.refresh_from_db()
    assert draft.organisation_text == "Styrgruppen leder."


def test_a_period_ending_before_it_starts_is_refused(fagersta, fagersta_coordinator, draft):
    content = complete_content(fagersta)
    content["period_end"] = datetime.date(2026, 1, 1)
    with pytest.raises(ValidationError) as exc:
        services.agreement_update(user=fagersta_coordinator, agreement=draft, **content)
    assert _codes(exc) == {"order"}


def test_foreign_links_are_refused(fagersta, ludvika, fagersta_coordinator, draft):
    content = complete_content(fagersta)
    content["focus_problems"] = [Problem.objects.filter(collaboration=ludvika).first()]
    with pytest.raises(ValidationError) as exc:
        services.agreement_update(user=fagersta_coordinator, agreement=draft, **content)
    assert _codes(exc) == {"foreign"}
    assert set(draft.focus_problems.all()) == set(complete_content(fagersta)["focus_problems"])


def test_first_agreement_gets_the_joint_parties(ludvika, fagersta_coordinator):
    coordinator = fresh("samordnare.ludvika")
    Agreement.objects.filter(collaboration=ludvika).delete()
    agreement = services.agreement_create(user=coordinator, collaboration=ludvika, title="Första")
    assert agreement.version == 1
    assert set(agreement.parties.values_list("kind", flat=True)) == {"kommun", "polis"}
    # Another collaboration's coordinator may not.
    Agreement.objects.filter(collaboration=ludvika).delete()
    with pytest.raises(ValidationError):
        services.agreement_create(
            user=fagersta_coordinator, collaboration=ludvika, title="Främmande"
        )


# --- sending and signing ------------------------------------------------------------------------


def test_sending_is_refused_while_something_is_missing(fagersta, fagersta_coordinator, current):
    agreement = services.agreement_new_version(user=fagersta_coordinator, agreement=current)
    services.agreement_update(user=fagersta_coordinator, agreement=agreement, title="Tom")
    with pytest.raises(ValidationError) as exc:
        services.agreement_send_for_signature(user=fagersta_coordinator, agreement=agreement)
    assert _codes(exc) == {"incomplete"}
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_a_draft_cannot_be_signed(draft, lpo_chief, police):
    with pytest.raises(ValidationError) as exc:
        services.agreement_sign(user=lpo_chief, agreement=draft, organisation=police)
    assert _codes(exc) == {"not_signing"}


def test_both_parties_must_sign_before_it_is_in_force(
    fagersta, fagersta_coordinator, draft, lpo_chief, ks_chair, police, kommun, current
):
    services.agreement_send_for_signature(user=fagersta_coordinator, agreement=draft)
    agreement = services.agreement_sign(user=lpo_chief, agreement=draft, organisation=police)
    assert agreement.status == AgreementStatus.SIGNING
    assert services.missing_signatures(agreement) == ["kommun"]
    agreement = services.agreement_sign(user=ks_chair, agreement=draft, organisation=kommun)
    assert agreement.status == AgreementStatus.IN_FORCE
    assert agreement.in_force_at is not None
    current.refresh_from_db()
    assert current.status == AgreementStatus.SUPERSEDED
    assert agreement_in_force(collaboration=fagersta, on=datetime.date(2027, 6, 1)) == agreement


def test_people_without_authority_cannot_sign(
    fagersta, fagersta_coordinator, fagersta_police, draft, lpo_chief, police, kommun
):
    services.agreement_send_for_signature(user=fagersta_coordinator, agreement=draft)
    for user, organisation in (
        (fagersta_police, police),  # a police officer, but not the LPO-chef
        (fagersta_coordinator, kommun),  # the samordnare is not the KS chair
        (lpo_chief, kommun),  # the LPO-chef cannot sign for the municipality
    ):
        with pytest.raises(ValidationError) as exc:
            services.agreement_sign(user=user, agreement=draft, organisation=organisation)
        assert _codes(exc) == {"no_authority"}
    assert not AgreementSignature.objects.filter(agreement=draft).exists()


def test_an_ended_authority_cannot_sign(fagersta, fagersta_coordinator, draft, police):
    services.agreement_send_for_signature(user=fagersta_coordinator, agreement=draft)
    authority = SigningAuthority.objects.get(user__username="lpochef.fagersta")
    services.signing_authority_end(user=fagersta_coordinator, authority=authority)
    with pytest.raises(ValidationError) as exc:
        services.agreement_sign(
            user=fresh("lpochef.fagersta"), agreement=draft, organisation=police
        )
    assert _codes(exc) == {"no_authority"}


def test_nobody_signs_twice_for_a_party(fagersta, fagersta_coordinator, draft, lpo_chief, police):
    services.agreement_send_for_signature(user=fagersta_coordinator, agreement=draft)
    services.agreement_sign(user=lpo_chief, agreement=draft, organisation=police)
    with pytest.raises(ValidationError) as exc:
        services.agreement_sign(
            user=fresh("lpochef.fagersta"), agreement=draft, organisation=police
        )
    assert _codes(exc) == {"already_signed"}


def test_editing_after_the_first_signature_is_refused(
    fagersta, fagersta_coordinator, draft, lpo_chief, police
):
    services.agreement_send_for_signature(user=fagersta_coordinator, agreement=draft)
    services.agreement_sign(user=lpo_chief, agreement=draft, organisation=police)
    with pytest.raises(ValidationError) as exc:
        services.agreement_update(
            user=fagersta_coordinator, agreement=draft, **complete_content(fagersta)
        )
    assert _codes(exc) == {"signed"}
    with pytest.raises(ValidationError):
        services.agreement_return_to_draft(user=fagersta_coordinator, agreement=draft)


def test_a_delegate_signs_with_a_documented_delegation(
    fagersta, fagersta_coordinator, fagersta_admin, draft, kommun
):
    with pytest.raises(ValidationError) as exc:
        services.signing_authority_create(
            user=fagersta_coordinator,
            collaboration=fagersta,
            organisation=kommun,
            person=fagersta_admin,
            title=SignatoryTitle.DELEGATE,
        )
    assert _codes(exc) == {"required"}
    services.signing_authority_create(
        user=fagersta_coordinator,
        collaboration=fagersta,
        organisation=kommun,
        person=fagersta_admin,
        title=SignatoryTitle.DELEGATE,
        delegation_reference="KS 2026/123",
    )
    services.agreement_send_for_signature(user=fagersta_coordinator, agreement=draft)
    services.agreement_sign(user=fresh("admin.fagersta"), agreement=draft, organisation=kommun)
    assert draft.signatures.get().authority.delegation_reference == "KS 2026/123"


def test_authorities_need_a_fitting_title_and_a_member(
    fagersta, fagersta_coordinator, fagersta_reporter, fagersta_police, police, kommun
):
    cases = [
        (fagersta_police, police, SignatoryTitle.KS_CHAIR, "title"),
        (fagersta_police, kommun, SignatoryTitle.KS_CHAIR, "not_member"),
    ]
    for person, organisation, title, code in cases:
        with pytest.raises(ValidationError) as exc:
            services.signing_authority_create(
                user=fagersta_coordinator,
                collaboration=fagersta,
                organisation=organisation,
                person=person,
                title=title,
            )
        assert _codes(exc) == {code}
    with pytest.raises(ValidationError) as exc:
        services.signing_authority_create(
            user=fagersta_reporter,
            collaboration=fagersta,
            organisation=police,
            person=fagersta_police,
            title=SignatoryTitle.LPO_CHIEF,
        )
    assert _codes(exc) == {"not_allowed"}
    assert SigningAuthority.objects.filter(collaboration=fagersta).count() == 2


def test_expiry_after_the_period(fagersta, current):
    assert services.agreements_expire(collaboration=fagersta) == 0
    later = current.period_end + datetime.timedelta(days=1)
    assert services.agreements_expire(collaboration=fagersta, today=later) == 1
    current.refresh_from_db()
    assert current.status == AgreementStatus.EXPIRED


def test_only_unsigned_drafts_are_deleted(fagersta_coordinator, draft, current):
    with pytest.raises(ValidationError):
        services.agreement_delete(user=fagersta_coordinator, agreement=current)
    services.agreement_delete(user=fagersta_coordinator, agreement=draft)
    assert not Agreement.objects.filter(pk=draft.pk).exists()


def test_the_demo_is_idempotent_and_lists_the_signatories(fagersta):
    from laget.agreements.demo import agreements_demo_load
    from laget.dialogues.demo import dialogues_demo_load
    from laget.dialogues.models import Dialogue

    before = (Agreement.objects.count(), SigningAuthority.objects.count(), Dialogue.objects.count())
    logins: list = []
    agreements_demo_load(logins)
    dialogues_demo_load()
    after = (Agreement.objects.count(), SigningAuthority.objects.count(), Dialogue.objects.count())
    assert after == before
    assert {login.username for login in logins} == {
        "lpochef.fagersta",
        "ksordf.fagersta",
        "lpochef.ludvika",
        "ksordf.ludvika",
    }


def test_an_agreement_is_never_hidden_from_a_party(fagersta, fagersta_coordinator, draft):
    content = complete_content(fagersta)
    with pytest.raises(ValidationError) as exc:
        services.agreement_update(
            user=fagersta_coordinator, agreement=draft, info_class="own_organisation", **content
        )
    assert _codes(exc) == {"info_class"}
    draft.refresh_from_db()
    assert draft.info_class == "partners"
