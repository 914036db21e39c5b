"""The moderation queue: who sees it, the decisions, form errors."""

import pytest
from django.core import mail
from django.urls import reverse

from laget.tips import services
from laget.tips.choices import TipStatus
from laget.tips.models import Tip
from laget.tips.tests.places import FAGERSTA_CENTRUM

pytestmark = pytest.mark.django_db
EN = {"Accept-Language": "en"}


def _tip(collaboration, **changes):
    data = {
        "collaboration": collaboration,
        "service": "klotter",
        "text": "Klotter på muren vid skolan, kvällstid.",
        "lat": FAGERSTA_CENTRUM[0],
        "lon": FAGERSTA_CENTRUM[1],
    }
    data.update(changes)
    return services.tip_submit(**data)


def _queue(collaboration):
    return reverse("tips:queue", kwargs={"collaboration_id": collaboration.pk})


def _action(name, tip):
    return reverse(
        f"tips:{name}", kwargs={"collaboration_id": tip.collaboration_id, "tip_id": tip.pk}
    )


def test_moderators_see_the_pending_tips_newest_first(
    client_for, fagersta, fagersta_coordinator, fagersta_police
):
    older = _tip(fagersta, text="Äldre tips om klotter.")
    newer = _tip(fagersta, text="Nyare tips om klotter.")
    for user in (fagersta_coordinator, fagersta_police):
        page = client_for(user).get(_queue(fagersta), headers=EN)
        assert page.status_code == 200
        html = page.content.decode()
        assert html.index(newer.public_id) < html.index(older.public_id)
        assert "Centrum" in html  # the area found from the point


def test_reporters_are_refused_and_outsiders_get_404(
    client_for, fagersta, fagersta_reporter, ludvika_coordinator, county_officer, client
):
    tip = _tip(fagersta)
    assert client_for(fagersta_reporter).get(_queue(fagersta)).status_code == 403
    assert client_for(fagersta_reporter).get(_action("detail", tip)).status_code == 403
    assert client_for(county_officer).get(_queue(fagersta)).status_code == 403
    assert client_for(ludvika_coordinator).get(_queue(fagersta)).status_code == 404
    assert client_for(ludvika_coordinator).get(_action("detail", tip)).status_code == 404
    response = client_for(ludvika_coordinator).post(_action("approve", tip), {"public_text": ""})
    assert response.status_code == 404
    assert client.get(_queue(fagersta)).status_code == 302  # to the login page
    tip.refresh_from_db()
    assert tip.status == TipStatus.PENDING


def test_a_tip_of_another_collaboration_is_404_under_this_one(
    client_for, fagersta, ludvika, ludvika_coordinator
):
    ludvika_tip = _tip(ludvika, lat="60.1490", lon="15.1880")
    url = reverse("tips:detail", kwargs={"collaboration_id": fagersta.pk, "tip_id": ludvika_tip.pk})
    assert client_for(ludvika_coordinator).get(url).status_code == 404


def test_the_detail_shows_the_original_text_but_never_the_email(
    client_for, fagersta, fagersta_coordinator
):
    tip = _tip(fagersta, email="medborgare@example.se")
    html = client_for(fagersta_coordinator).get(_action("detail", tip), headers=EN).content.decode()
    assert tip.text in html
    assert "medborgare@example.se" not in html
    assert "data-approve-form" in html and "data-reject-form" in html


def test_approve_with_an_edited_public_text_then_close(client_for, fagersta, fagersta_coordinator):
    tip = _tip(fagersta, email="medborgare@example.se")
    client = client_for(fagersta_coordinator)
    response = client.post(_action("approve", tip), {"public_text": "Klotter vid skolan."})
    assert response.status_code == 302
    tip.refresh_from_db()
    assert tip.status == TipStatus.APPROVED and tip.public_text == "Klotter vid skolan."
    assert tip.text.startswith("Klotter på muren")
    response = client.post(_action("close", tip), {"public_response": "Sanerat av kommunen."})
    assert response.status_code == 302
    tip.refresh_from_db()
    assert tip.status == TipStatus.CLOSED and tip.email == ""
    assert len(mail.outbox) == 2


def test_reject_needs_a_reason_and_shows_the_error(client_for, fagersta, fagersta_police):
    tip = _tip(fagersta)
    client = client_for(fagersta_police)
    response = client.post(_action("reject", tip), {"reason": ""}, headers=EN)
    assert response.status_code == 400
    assert "The tip has not been rejected" in response.content.decode()
    tip.refresh_from_db()
    assert tip.status == TipStatus.PENDING
    assert client.post(_action("reject", tip), {"reason": "Dubblett"}).status_code == 302
    tip.refresh_from_db()
    assert tip.status == TipStatus.REJECTED and tip.moderation_note == "Dubblett"


def test_personal_data_in_the_public_text_is_refused(client_for, fagersta, fagersta_coordinator):
    tip = _tip(fagersta)
    response = client_for(fagersta_coordinator).post(
        _action("approve", tip), {"public_text": "Ring 070-123 45 67"}, headers=EN
    )
    assert response.status_code == 400
    assert "personal data" in response.content.decode()
    assert Tip.objects.get(pk=tip.pk).status == TipStatus.PENDING


def test_decisions_are_post_only(client_for, fagersta, fagersta_coordinator):
    tip = _tip(fagersta)
    for name in ("approve", "reject", "close"):
        assert client_for(fagersta_coordinator).get(_action(name, tip)).status_code == 405


def test_the_collaboration_page_links_the_queue_for_moderators_only(
    client_for, fagersta, fagersta_coordinator, fagersta_reporter
):
    _tip(fagersta)
    url = reverse("organisations:overview", kwargs={"collaboration_id": fagersta.pk})
    coordinator_page = client_for(fagersta_coordinator).get(url, headers=EN).content.decode()
    assert _queue(fagersta) in coordinator_page and "data-tips-pending" in coordinator_page
    reporter_page = client_for(fagersta_reporter).get(url, headers=EN).content.decode()
    assert _queue(fagersta) not in reporter_page
    assert 'id="link-tip-form"' in reporter_page
