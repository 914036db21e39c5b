"""Services of the medborgarlöften: drafting, gates, dual signature, updates, follow-up, renewal."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from laget.accounts.models import User
from laget.agreements.models import Agreement
from laget.audit.models import AuditEntry
from laget.dialogues.models import Dialogue
from laget.organisations.choices import OrganisationKind
from laget.organisations.models import Collaboration
from laget.planning.choices import ProblemStatus
from laget.planning.models import Measure, Problem
from laget.promises import selectors, services
from laget.promises.choices import ActivityStatus, PromiseStatus
from laget.promises.models import (
    ActivityUpdate,
    Promise,
    PromiseActivity,
    PromiseFollowUp,
    PromiseSettings,
    PromiseSignature,
)
from laget.promises.tests.conftest import TEXTS, make_draft, party, prioritised

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def sign_both(promise: Promise, lpochef: User, ksordf: User) -> Promise:
    services.promise_mark_ready(user=promise.created_by, promise=promise)
    services.promise_sign(user=ksordf, promise=promise)
    services.promise_sign(user=lpochef, promise=promise)
    promise.refresh_from_db()
    return promise


def active_promise(
    user: User, collaboration: Collaboration, lpochef: User, ksordf: User, **kwargs
) -> Promise:
    start = kwargs.pop("start", TODAY() - datetime.timedelta(days=10))
    return sign_both(make_draft(user, collaboration, start=start, **kwargs), lpochef, ksordf)


# --- drafting -----------------------------------------------------------------------------------


def test_draft_from_prioritised_problem_prefills_texts(fagersta, fagersta_coordinator):
    problem = prioritised(fagersta)
    start = TODAY()
    promise = services.promise_create_from_problem(
        user=fagersta_coordinator,
        problem=problem,
        period_start=start,
        period_end=start + datetime.timedelta(days=90),
    )
    assert promise.status == PromiseStatus.DRAFT
    assert promise.title == problem.title
    assert list(promise.problems.all()) == [problem]
    assert "lägesbild" in promise.situation_summary.lower() or problem.description[:20] in (
        promise.situation_summary
    )
    assert promise.agreement is not None  # the demo's agreement in force


def test_draft_refuses_a_problem_that_is_not_prioritised(fagersta, fagersta_coordinator):
    proposed = Problem.objects.filter(collaboration=fagersta, status=ProblemStatus.PROPOSED).first()
    before = Promise.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.promise_create_from_problem(
            user=fagersta_coordinator,
            problem=proposed,
            period_start=TODAY(),
            period_end=TODAY() + datetime.timedelta(days=90),
        )
    assert exc.value.error_dict["problems"][0].code == "not_prioritised"
    assert Promise.objects.count() == before


def test_draft_refuses_another_collaborations_problem(fagersta, ludvika, fagersta_coordinator):
    with pytest.raises(ValidationError):
        services.promise_create(
            user=fagersta_coordinator,
            collaboration=fagersta,
            title="X",
            period_start=TODAY(),
            period_end=TODAY() + datetime.timedelta(days=90),
            problems=[prioritised(ludvika)],
        )


@pytest.mark.parametrize(
    ("days", "code"),
    [(-1, "end_before_start"), (10, "too_short"), (420, "too_long")],
)
def test_draft_refuses_bad_periods(fagersta, fagersta_coordinator, days, code):
    before = Promise.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.promise_create(
            user=fagersta_coordinator,
            collaboration=fagersta,
            title="X",
            period_start=TODAY(),
            period_end=TODAY() + datetime.timedelta(days=days),
        )
    assert exc.value.error_dict["period_end"][0].code == code
    assert Promise.objects.count() == before


@pytest.mark.parametrize("days", [89, 364])
def test_three_months_and_a_year_are_accepted(fagersta, fagersta_coordinator, days):
    promise = services.promise_create(
        user=fagersta_coordinator,
        collaboration=fagersta,
        title="X",
        period_start=TODAY(),
        period_end=TODAY() + datetime.timedelta(days=days),
    )
    assert promise.pk


def test_reporter_may_not_draft(fagersta, fagersta_reporter):
    with pytest.raises(ValidationError) as exc:
        make_draft(fagersta_reporter, fagersta)
    assert exc.value.code == "not_allowed"


def test_public_texts_pass_the_personal_data_guard(fagersta, fagersta_coordinator):
    before = Promise.objects.count()
    with pytest.raises(ValidationError) as exc:
        make_draft(fagersta_coordinator, fagersta, effects="Ring 070-123 45 67 om du undrar.")
    assert exc.value.error_dict["effects"][0].code == "personal_data"
    assert Promise.objects.count() == before


def test_activity_from_measure_prefills_and_refuses_duplicates(
    draft, fagersta_coordinator, fagersta_measure
):
    activity = services.activity_add_from_measure(
        user=fagersta_coordinator, promise=draft, measure=fagersta_measure
    )
    assert activity.measure == fagersta_measure
    assert activity.title == fagersta_measure.title
    assert activity.organisation == fagersta_measure.responsible_organisation
    assert draft.period_start <= activity.starts_on <= activity.ends_on <= draft.period_end
    assert activity.responsible == fagersta_measure.responsible_person
    assert activity.follow_up_plan
    with pytest.raises(ValidationError):
        services.activity_add_from_measure(
            user=fagersta_coordinator, promise=draft, measure=fagersta_measure
        )


def test_activity_refuses_another_collaborations_measure_and_non_party(
    draft, fagersta_coordinator, ludvika
):
    measure = Measure.objects.filter(plan__collaboration=ludvika).first()
    with pytest.raises(ValidationError):
        services.activity_add_from_measure(
            user=fagersta_coordinator, promise=draft, measure=measure
        )
    with pytest.raises(ValidationError) as exc:
        services.activity_add(
            user=fagersta_coordinator,
            promise=draft,
            title="X",
            organisation=ludvika.parties.first(),
            starts_on=draft.period_start,
            ends_on=draft.period_end,
        )
    assert exc.value.error_dict["organisation"][0].code == "not_party"
    assert draft.activities.count() == 1


# --- gates --------------------------------------------------------------------------------------


def gate_map(promise: Promise) -> dict[str, bool]:
    return {g.key: g.ok for g in services.promise_gates(promise)}


def test_all_gates_met_for_the_demo_state(draft):
    gates = gate_map(draft)
    assert all(gates.values()), gates


@pytest.mark.parametrize("kind", ["staff_what", "staff_how", "citizen"])
def test_each_dialogue_gate_can_be_missing(draft, fagersta, kind):
    Dialogue.objects.filter(collaboration=fagersta, kind=kind).delete()
    gates = gate_map(draft)
    assert gates[kind] is False
    assert all(ok for key, ok in gates.items() if key != kind)


def test_planned_dialogues_do_not_count(draft, fagersta):
    Dialogue.objects.filter(collaboration=fagersta, kind="citizen").update(
        held_on=TODAY() + datetime.timedelta(days=5)
    )
    assert gate_map(draft)["citizen"] is False


def test_cycle_window_of_a_first_promise_is_twelve_months(draft, fagersta):
    start, end = services.cycle_window(draft)
    assert start == draft.period_start - datetime.timedelta(days=365)
    assert end == TODAY()
    # a dialogue older than the window does not count
    Dialogue.objects.filter(collaboration=fagersta, kind="citizen").update(
        held_on=start - datetime.timedelta(days=1)
    )
    assert gate_map(draft)["citizen"] is False


def test_missing_sections_activities_problems_and_agreement(fagersta, fagersta_coordinator):
    promise = make_draft(fagersta_coordinator, fagersta, activity=False, effects="")
    promise.problems.clear()
    Agreement.objects.filter(collaboration=fagersta).update(status="draft")
    gates = gate_map(promise)
    assert gates["sections"] is False
    assert gates["activities"] is False
    assert gates["follow_up_plan"] is False
    assert gates["problems"] is False
    assert gates["agreement"] is False
    with translation.override("en"):
        texts = {g.key: g.text for g in services.promise_gates(promise)}
    assert "effects sought" in texts["sections"]
    # every gate links to where it is fixed; only the agreement gate is advisory
    gates = services.promise_gates(promise)
    assert all(g.fix_url for g in gates)
    assert [g.key for g in gates if not g.blocking] == ["agreement"]


def test_missing_gate_blocks_ready_when_the_setting_blocks(draft, fagersta):
    Dialogue.objects.filter(collaboration=fagersta, kind="citizen").delete()
    with pytest.raises(ValidationError) as exc:
        services.promise_mark_ready(user=draft.created_by, promise=draft)
    assert exc.value.error_list[0].code == "gate_missing"
    draft.refresh_from_db()
    assert draft.status == PromiseStatus.DRAFT


def test_missing_agreement_only_warns(draft, fagersta):
    Agreement.objects.filter(collaboration=fagersta).update(status="draft")
    promise = services.promise_mark_ready(user=draft.created_by, promise=draft)
    assert promise.status == PromiseStatus.READY
    assert len(promise.signed_with_warnings) == 1


def test_warn_setting_lets_it_through_and_records_the_warnings(
    draft, fagersta, fagersta_coordinator, lpochef, ksordf
):
    services.settings_update(user=fagersta_coordinator, collaboration=fagersta, gates_block=False)
    Dialogue.objects.filter(collaboration=fagersta, kind="citizen").delete()
    before = AuditEntry.objects.filter(model_label="promises.Promise").count()
    promise = sign_both(draft, lpochef, ksordf)
    assert promise.status == PromiseStatus.ACTIVE
    assert promise.signed_with_warnings
    entries = AuditEntry.objects.filter(model_label="promises.Promise").order_by("pk")
    assert entries.count() > before
    assert any("citizen" in str(e.data) for e in entries)


def test_only_coordinators_change_the_setting(fagersta, fagersta_police):
    with pytest.raises(ValidationError):
        services.settings_update(user=fagersta_police, collaboration=fagersta, gates_block=False)
    assert not PromiseSettings.objects.filter(collaboration=fagersta, gates_block=False).exists()


# --- signing ------------------------------------------------------------------------------------


def test_dual_signature_activates_and_publishes(draft, lpochef, ksordf, fagersta):
    services.promise_mark_ready(user=draft.created_by, promise=draft)
    services.promise_sign(user=ksordf, promise=draft)
    draft.refresh_from_db()
    assert draft.status == PromiseStatus.READY
    assert draft.published_at is None
    assert not selectors.public_promises(collaboration=fagersta).filter(pk=draft.pk).exists()
    services.promise_sign(user=lpochef, promise=draft)
    draft.refresh_from_db()
    assert draft.status == PromiseStatus.ACTIVE
    assert draft.published_at is not None
    assert selectors.public_promises(collaboration=fagersta).filter(pk=draft.pk).exists()
    signatures = {s.organisation.kind: s for s in draft.signatures.all()}
    assert signatures[OrganisationKind.POLICE].signer_title
    assert signatures[OrganisationKind.MUNICIPALITY].authority.user == ksordf


def test_a_draft_cannot_be_signed(draft, ksordf):
    with pytest.raises(ValidationError) as exc:
        services.promise_sign(user=ksordf, promise=draft)
    assert exc.value.code == "not_ready"


def test_only_signing_authorities_may_sign(draft, fagersta_coordinator, fagersta_police, fagersta):
    services.promise_mark_ready(user=draft.created_by, promise=draft)
    for user in (fagersta_coordinator, fagersta_police):
        with pytest.raises(ValidationError) as exc:
            services.promise_sign(user=user, promise=draft)
        assert exc.value.code == "no_authority"
    with pytest.raises(ValidationError):
        services.promise_sign(
            user=fagersta_coordinator,
            promise=draft,
            organisation=party(fagersta, OrganisationKind.MUNICIPALITY),
        )
    assert not PromiseSignature.objects.filter(promise=draft).exists()


def test_a_party_signs_once_and_not_for_the_other(draft, ksordf, fagersta):
    services.promise_mark_ready(user=draft.created_by, promise=draft)
    services.promise_sign(user=ksordf, promise=draft)
    with pytest.raises(ValidationError):
        services.promise_sign(user=ksordf, promise=draft)
    with pytest.raises(ValidationError) as exc:
        services.promise_sign(
            user=ksordf, promise=draft, organisation=party(fagersta, OrganisationKind.POLICE)
        )
    assert exc.value.code == "no_authority"
    assert draft.signatures.count() == 1


def test_no_edits_after_the_first_signature(draft, ksordf, fagersta_coordinator, fagersta):
    services.promise_mark_ready(user=draft.created_by, promise=draft)
    services.promise_sign(user=ksordf, promise=draft)
    with pytest.raises(ValidationError) as exc:
        services.promise_update(
            user=fagersta_coordinator,
            promise=draft,
            title="Nytt namn",
            period_start=draft.period_start,
            period_end=draft.period_end,
            problems=[prioritised(fagersta)],
            **TEXTS,
        )
    assert exc.value.code == "signed"
    with pytest.raises(ValidationError):
        services.activity_add(
            user=fagersta_coordinator,
            promise=draft,
            title="X",
            organisation=party(fagersta, OrganisationKind.POLICE),
            starts_on=draft.period_start,
            ends_on=draft.period_end,
        )
    draft.refresh_from_db()
    assert draft.title == "Tryggare Brandbergen"


# --- progress updates ---------------------------------------------------------------------------


def test_updates_need_a_public_reason_for_changed_and_dropped(
    fagersta, fagersta_coordinator, lpochef, ksordf
):
    promise = active_promise(fagersta_coordinator, fagersta, lpochef, ksordf)
    activity = promise.activities.get()
    for status in (ActivityStatus.CHANGED, ActivityStatus.DROPPED):
        with pytest.raises(ValidationError) as exc:
            services.activity_update_create(
                user=fagersta_coordinator, activity=activity, status=status, public_text="  "
            )
        assert exc.value.error_dict["public_text"][0].code == "reason_required"
    assert not ActivityUpdate.objects.filter(activity=activity).exists()
    update = services.activity_update_create(
        user=fagersta_coordinator,
        activity=activity,
        status=ActivityStatus.CHANGED,
        public_text="Armaturerna levereras senare; vi sätter upp tillfällig belysning.",
        internal_note="Leverantören är försenad; hemligt avtalsärende.",
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CHANGED
    public = list(selectors.public_activity_updates(promise=promise))
    assert [u.pk for u in public] == [update.pk]
    assert "internal_note" in public[0].get_deferred_fields()


def test_updates_only_on_active_promises_and_no_future_dates(
    draft, fagersta, fagersta_coordinator, lpochef, ksordf
):
    with pytest.raises(ValidationError) as exc:
        services.activity_update_create(
            user=fagersta_coordinator,
            activity=draft.activities.get(),
            status=ActivityStatus.ONGOING,
        )
    assert exc.value.code == "not_active"
    promise = active_promise(fagersta_coordinator, fagersta, lpochef, ksordf)
    with pytest.raises(ValidationError):
        services.activity_update_create(
            user=fagersta_coordinator,
            activity=promise.activities.get(),
            status=ActivityStatus.DONE,
            reported_on=TODAY() + datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.activity_update_create(
            user=fagersta_coordinator, activity=promise.activities.get(), status="planned"
        )


def test_public_selectors_hide_drafts_and_non_public_fields(draft, fagersta):
    assert not selectors.public_promises(collaboration=fagersta).filter(pk=draft.pk).exists()
    assert not selectors.public_activities(promise=draft).exists()
    assert selectors.public_follow_up(promise=draft) is None
    assert selectors.public_signatures(promise=draft) == []
    public = selectors.public_promises(collaboration=fagersta).first()
    assert public is not None  # the demo's
    deferred = public.get_deferred_fields()
    assert {"renewal_justification", "signed_with_warnings", "diarienummer"} <= deferred
    activity = selectors.public_activities(promise=public).first()
    assert {"responsible", "resources", "follow_up_plan"} <= activity.get_deferred_fields()


# --- overdue, follow-up, completion -------------------------------------------------------------


def test_overdue_updates_and_missing_follow_up_are_flagged(
    fagersta, fagersta_coordinator, lpochef, ksordf
):
    promise = active_promise(fagersta_coordinator, fagersta, lpochef, ksordf)
    today = TODAY()
    items = selectors.promise_overdue_items(collaboration=fagersta, today=today)
    assert promise.pk not in {i.promise.pk for i in items}
    later = today + datetime.timedelta(days=promise.update_interval_days + 1)
    items = selectors.promise_overdue_items(collaboration=fagersta, today=later)
    assert any(i.promise.pk == promise.pk and i.kind == "updates" for i in items)
    services.activity_update_create(
        user=fagersta_coordinator, activity=promise.activities.get(), status="ongoing"
    )
    items = selectors.promise_overdue_items(collaboration=fagersta, today=today)
    assert not any(i.promise.pk == promise.pk for i in items)
    after_end = promise.period_end + datetime.timedelta(days=1)
    items = selectors.promise_overdue_items(collaboration=fagersta, today=after_end)
    assert any(i.promise.pk == promise.pk and i.kind == "follow_up" for i in items)
    assert promise in selectors.overdue_promises(collaboration=fagersta, today=after_end)


def test_follow_up_window_and_completion(fagersta, fagersta_coordinator, lpochef, ksordf):
    promise = active_promise(fagersta_coordinator, fagersta, lpochef, ksordf)
    with pytest.raises(ValidationError) as exc:
        services.follow_up_write(
            user=fagersta_coordinator, promise=promise, summary="A", outcome="B"
        )
    assert exc.value.code == "too_early"
    assert not PromiseFollowUp.objects.filter(promise=promise).exists()
    last_month = promise.period_end - datetime.timedelta(days=5)
    with pytest.raises(ValidationError):
        services.follow_up_write(
            user=fagersta_coordinator, promise=promise, summary="", outcome="B", today=last_month
        )
    services.follow_up_write(
        user=fagersta_coordinator,
        promise=promise,
        summary="Vi gjorde det vi lovade.",
        outcome="Skadegörelsen minskade.",
        lessons="Beställ armaturer tidigare.",
        today=last_month,
    )
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.ACTIVE  # the period has not ended
    after = promise.period_end + datetime.timedelta(days=1)
    assert services.promises_complete_due(today=after) >= 1
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.COMPLETED
    public = selectors.public_follow_up(promise=promise)
    assert public.summary == "Vi gjorde det vi lovade."
    assert "lessons" in public.get_deferred_fields()


# --- renewal ------------------------------------------------------------------------------------


@pytest.mark.parametrize("months", [3, 12])
def test_renewal_chain(fagersta, fagersta_coordinator, lpochef, ksordf, months):
    promise = active_promise(fagersta_coordinator, fagersta, lpochef, ksordf, months=months)
    activity = promise.activities.get()
    done = PromiseActivity.objects.create(
        promise=promise,
        position=2,
        title="Klar aktivitet",
        organisation=activity.organisation,
        starts_on=activity.starts_on,
        ends_on=activity.ends_on,
        status=ActivityStatus.DONE,
    )
    length = promise.period_end - promise.period_start
    start = promise.period_end + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.promise_renew(
            user=fagersta_coordinator,
            promise=promise,
            renewal_justification=" ",
            period_start=start,
            period_end=start + length,
        )
    assert exc.value.error_dict["renewal_justification"][0].code == "required"
    renewal = services.promise_renew(
        user=fagersta_coordinator,
        promise=promise,
        renewal_justification="Lägesbilden visar att skadegörelsen fortsätter.",
        period_start=start,
        period_end=start + length,
    )
    assert renewal.previous == promise
    assert renewal.status == PromiseStatus.DRAFT
    assert renewal.introduction == promise.introduction
    titles = list(renewal.activities.values_list("title", flat=True))
    assert activity.title in titles and done.title not in titles
    assert services.cycle_window(renewal)[0] == promise.period_start
    with pytest.raises(ValidationError) as exc:
        services.promise_renew(
            user=fagersta_coordinator,
            promise=promise,
            renewal_justification="Igen",
            period_start=start,
            period_end=start + length,
        )
    assert exc.value.code == "already_renewed"
    # the renewal's gates count only dialogues of the new cycle
    Dialogue.objects.filter(collaboration=fagersta, held_on__gte=promise.period_start).delete()
    assert gate_map(renewal)["citizen"] is False
    Dialogue.objects.create(
        collaboration=fagersta,
        kind="citizen",
        title="Medborgardialog",
        held_on=TODAY(),
        organisation=activity.organisation,
        owner_organisation=activity.organisation,
    )
    for kind in ("staff_what", "staff_how"):
        Dialogue.objects.create(
            collaboration=fagersta,
            kind=kind,
            title="Medarbetardialog",
            held_on=TODAY(),
            organisation=activity.organisation,
            owner_organisation=activity.organisation,
        )
    assert all(gate_map(renewal).values())
    sign_both(renewal, lpochef, ksordf)
    promise.refresh_from_db()
    renewal.refresh_from_db()
    assert renewal.status == PromiseStatus.ACTIVE
    assert promise.status == PromiseStatus.COMPLETED


def test_a_draft_cannot_be_renewed(draft, fagersta_coordinator):
    with pytest.raises(ValidationError) as exc:
        services.promise_renew(
            user=fagersta_coordinator,
            promise=draft,
            renewal_justification="x",
            period_start=draft.period_end,
            period_end=draft.period_end + datetime.timedelta(days=90),
        )
    assert exc.value.code == "not_renewable"


def test_the_weekly_overdue_email_goes_to_coordinators_on_mondays(
    fagersta, fagersta_coordinator, lpochef, ksordf, mailoutbox
):
    promise = active_promise(fagersta_coordinator, fagersta, lpochef, ksordf)
    later = TODAY() + datetime.timedelta(days=promise.update_interval_days + 2)
    monday = later + datetime.timedelta(days=(7 - later.weekday()) % 7)
    tuesday = monday + datetime.timedelta(days=1)
    assert services.overdue_reminders_send(today=tuesday) == 0
    assert services.overdue_reminders_send(today=monday) >= 1
    message = next(m for m in mailoutbox if fagersta_coordinator.email in m.to)
    assert promise.activities.get().title in message.body


def test_back_to_draft_and_withdraw_only_before_signing(draft, ksordf, fagersta_coordinator):
    services.promise_mark_ready(user=fagersta_coordinator, promise=draft)
    promise = services.promise_back_to_draft(user=fagersta_coordinator, promise=draft)
    assert promise.status == PromiseStatus.DRAFT
    services.promise_mark_ready(user=fagersta_coordinator, promise=promise)
    services.promise_sign(user=ksordf, promise=promise)
    with pytest.raises(ValidationError):
        services.promise_back_to_draft(user=fagersta_coordinator, promise=promise)
    with pytest.raises(ValidationError) as exc:
        services.promise_withdraw(user=fagersta_coordinator, promise=promise)
    assert exc.value.code == "signed"
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.READY


def test_withdrawn_draft_stays_and_is_never_public(draft, fagersta, fagersta_coordinator):
    services.promise_withdraw(user=fagersta_coordinator, promise=draft)
    draft.refresh_from_db()
    assert draft.status == PromiseStatus.WITHDRAWN
    assert not selectors.public_promises(collaboration=fagersta).filter(pk=draft.pk).exists()
