"""Pages of the medborgarlöften: permissions per persona, forms and their errors."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from laget.organisations.choices import OrganisationKind
from laget.promises.choices import ActivityStatus, PromiseStatus
from laget.promises.models import ActivityUpdate, Promise, PromiseSettings
from laget.promises.tests.conftest import party, prioritised

pytestmark = pytest.mark.django_db


def url(name: str, promise: Promise | None = None, **kwargs) -> str:
    if promise is not None:
        kwargs.setdefault("collaboration_id", promise.collaboration_id)
        kwargs["promise_id"] = promise.pk
    return reverse(f"promises:{name}", kwargs=kwargs)


def active(fagersta) -> Promise:
    return fagersta.promises.get(status=PromiseStatus.ACTIVE)


def test_list_shows_promises_and_overdue_to_coordinators(
    fagersta, fagersta_coordinator, fagersta_reporter, client_for
):
    promise = active(fagersta)
    activity = promise.activities.order_by("position").first()
    ActivityUpdate.objects.filter(activity__promise=promise).delete()
    promise.published_at = timezone.now() - datetime.timedelta(days=90)
    promise.save()
    activity.starts_on = timezone.localdate() - datetime.timedelta(days=60)
    activity.save()
    page = client_for(fagersta_coordinator).get(url("list", collaboration_id=fagersta.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-promise-id="{promise.pk}"' in html
    assert 'id="promise-overdue"' in html
    assert 'data-overdue-kind="updates"' in html
    # a reporter sees the list but no flags and no new-button
    page = client_for(fagersta_reporter).get(url("list", collaboration_id=fagersta.pk))
    assert page.status_code == 200
    assert 'id="promise-overdue"' not in page.content.decode()
    assert 'id="new-promise"' not in page.content.decode()
    # the collaboration page shows the flags to the coordinator too
    page = client_for(fagersta_coordinator).get(
        reverse("organisations:overview", kwargs={"collaboration_id": fagersta.pk})
    )
    assert 'id="promise-overdue"' in page.content.decode()


def test_outsiders_get_404(fagersta, ludvika_coordinator, client_for):
    promise = active(fagersta)
    client = client_for(ludvika_coordinator)
    assert client.get(url("detail", promise)).status_code == 404
    assert client.get(url("list", collaboration_id=fagersta.pk)).status_code == 404


def test_create_from_problem(fagersta, fagersta_coordinator, client_for):
    client = client_for(fagersta_coordinator)
    create = url("create", collaboration_id=fagersta.pk)
    assert client.get(create).status_code == 200
    problem = prioritised(fagersta)
    start = timezone.localdate()
    response = client.post(
        create,
        {
            "problem": problem.pk,
            "period_start": start.isoformat(),
            "period_end": (start + datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "at least one month" in response.content.decode() or "minst" in (
        response.content.decode()
    )
    response = client.post(
        create,
        {
            "problem": problem.pk,
            "period_start": start.isoformat(),
            "period_end": (start + datetime.timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 302
    promise = Promise.objects.filter(collaboration=fagersta).order_by("-pk").first()
    assert promise.status == PromiseStatus.DRAFT and promise.title == problem.title
    page = client.get(url("detail", promise)).content.decode()
    assert 'id="gates"' in page and 'data-gate="activities" data-ok="0"' in page


def test_reporter_may_not_write(fagersta, fagersta_reporter, client_for):
    client = client_for(fagersta_reporter)
    assert client.get(url("create", collaboration_id=fagersta.pk)).status_code == 403
    assert client.get(url("settings", collaboration_id=fagersta.pk)).status_code == 403
    promise = active(fagersta)
    activity = promise.activities.first()
    response = client.post(
        url("activity_detail", collaboration_id=fagersta.pk, activity_id=activity.pk),
        {"status": "done"},
    )
    assert response.status_code == 403
    assert client.post(url("renew", promise), {}).status_code == 403


def test_activity_update_form_requires_reason(fagersta, fagersta_police, client_for):
    promise = active(fagersta)
    activity = promise.activities.order_by("position").first()
    client = client_for(fagersta_police)
    target = url("activity_detail", collaboration_id=fagersta.pk, activity_id=activity.pk)
    before = activity.updates.count()
    response = client.post(target, {"status": ActivityStatus.DROPPED, "public_text": ""})
    assert response.status_code == 400
    assert activity.updates.count() == before
    response = client.post(
        target,
        {
            "status": ActivityStatus.DROPPED,
            "public_text": "Ersätts av en annan insats.",
            "internal_note": "Intern",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DROPPED


def test_settings_page(fagersta, fagersta_coordinator, fagersta_police, client_for):
    target = url("settings", collaboration_id=fagersta.pk)
    assert client_for(fagersta_police).get(target).status_code == 403
    client = client_for(fagersta_coordinator)
    assert client.get(target).status_code == 200
    assert client.post(target, {}).status_code == 302
    assert PromiseSettings.objects.get(collaboration=fagersta).gates_block is False


def test_signing_through_the_pages(fagersta, fagersta_coordinator, client_for, lpochef, ksordf):
    client = client_for(fagersta_coordinator)
    start = timezone.localdate() + datetime.timedelta(days=10)
    client.post(
        url("create", collaboration_id=fagersta.pk),
        {
            "problem": prioritised(fagersta).pk,
            "period_start": start.isoformat(),
            "period_end": (start + datetime.timedelta(days=90)).isoformat(),
        },
    )
    promise = Promise.objects.filter(collaboration=fagersta).order_by("-pk").first()
    # ready is refused while gates are missing
    client.post(url("ready", promise))
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.DRAFT
    measure = fagersta.action_plans.first().measures.first()
    assert (
        client.post(url("activity_from_measure", promise), {"measure": measure.pk}).status_code
        == 302
    )
    data = {
        "title": promise.title,
        "period_start": promise.period_start.isoformat(),
        "period_end": promise.period_end.isoformat(),
        "problems": [prioritised(fagersta).pk],
        "introduction": "Inledning.",
        "situation_summary": "Lägesbild.",
        "effects": "Effekter.",
        "how_to_follow": "Följ oss.",
        "update_interval_days": 30,
    }
    assert client.post(url("edit", promise), data).status_code == 302
    client.post(url("ready", promise))
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.READY
    # the coordinator has no signing authority: no sign form, a POST is refused
    assert 'id="sign-form"' not in client.get(url("detail", promise)).content.decode()
    client.post(url("sign", promise), {"organisation": party(fagersta, "kommun").pk})
    assert not promise.signatures.exists()
    for user, kind in ((ksordf, OrganisationKind.MUNICIPALITY), (lpochef, OrganisationKind.POLICE)):
        signer = client_for(user)
        assert 'id="sign-form"' in signer.get(url("detail", promise)).content.decode()
        signer.post(url("sign", promise), {"organisation": party(fagersta, kind).pk})
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.ACTIVE and promise.published_at
    # signed: the edit page no longer offers the form
    page = client.get(url("edit", promise)).content.decode()
    assert 'id="not-editable"' in page and 'id="promise-form"' not in page


def test_follow_up_page_shows_the_tally_and_refuses_too_early(
    fagersta, fagersta_coordinator, client_for
):
    promise = active(fagersta)
    client = client_for(fagersta_coordinator)
    page = client.get(url("follow_up", promise))
    assert page.status_code == 200
    assert 'data-status="changed" data-count="1"' in page.content.decode()
    response = client.post(url("follow_up", promise), {"summary": "A", "outcome": "B"})
    assert response.status_code == 400  # the demo's current period is not in its last month
    assert not hasattr(Promise.objects.get(pk=promise.pk), "follow_up")


def test_renew_page_requires_a_justification(fagersta, fagersta_coordinator, client_for):
    promise = active(fagersta)
    client = client_for(fagersta_coordinator)
    assert client.get(url("renew", promise)).status_code == 200
    start = promise.period_end + datetime.timedelta(days=1)
    data = {
        "renewal_justification": "",
        "period_start": start.isoformat(),
        "period_end": (start + datetime.timedelta(days=90)).isoformat(),
    }
    assert client.post(url("renew", promise), data).status_code == 400
    assert not promise.renewals.exists()
    data["renewal_justification"] = "Behovet kvarstår enligt lägesbilden."
    assert client.post(url("renew", promise), data).status_code == 302
    renewal = promise.renewals.get()
    assert renewal.status == PromiseStatus.DRAFT
    assert 'data-gate="renewal_justification" data-ok="1"' in (
        client.get(url("detail", renewal)).content.decode()
    )
