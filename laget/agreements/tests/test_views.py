"""Pages of the agreement: who may read, draft, sign and manage signatories; the PDF."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse

from laget.agreements import services
from laget.agreements.choices import AgreementStatus, SignatoryTitle
from laget.agreements.models import Agreement, SigningAuthority
from laget.agreements.tests.conftest import complete_content, fresh

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _url(name: str, agreement: Agreement | None = None, **kwargs: Any) -> str:
    if agreement is not None:
        kwargs = {
            "collaboration_id": agreement.collaboration_id,
            "agreement_id": agreement.pk,
            **kwargs,
        }
    return reverse(f"agreements:{name}", kwargs=kwargs)


def _form_data(content: dict[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in content.items() if k not in ("focus_problems", "goals")}
    data["focus_problems"] = [p.pk for p in content["focus_problems"]]
    data["goals"] = [g.pk for g in content["goals"]]
    data["kind"] = "full"
    data["info_class"] = "partners"
    data["period_start"] = content["period_start"].isoformat()
    data["period_end"] = content["period_end"].isoformat()
    return data


def test_members_read_the_list_and_the_agreement(client_for, fagersta, fagersta_reporter, current):
    client = client_for(fagersta_reporter)
    response = client.get(_url("list", collaboration_id=fagersta.pk))
    assert response.status_code == 200
    assert f'data-agreement="{current.pk}"' in response.content.decode()
    response = client.get(_url("detail", current), **EN)
    text = response.content.decode()
    assert response.status_code == 200
    assert current.problem_picture in text
    assert 'data-signature="' in text
    assert "agreement-new-version" not in text  # a reporter may not draft
    assert client.get(_url("create", collaboration_id=fagersta.pk)).status_code == 403


def test_outsiders_get_404(client_for, ludvika_coordinator, current):
    client = client_for(ludvika_coordinator)
    assert client.get(_url("detail", current)).status_code == 404
    assert client.get(_url("pdf", current)).status_code == 404
    assert client.post(_url("new_version", current)).status_code == 404
    assert Agreement.objects.filter(collaboration=current.collaboration).count() == 2


def test_a_coordinator_drafts_completes_and_sends(
    client_for, fagersta, fagersta_coordinator, current
):
    client = client_for(fagersta_coordinator)
    response = client.post(_url("new_version", current))
    draft = Agreement.objects.get(collaboration=fagersta, status=AgreementStatus.DRAFT)
    assert response.status_code == 302 and response.url == _url("detail", draft)
    # Form errors: no title → the form says so and nothing changes.
    response = client.post(_url("update", draft), {"kind": "full", "info_class": "partners"}, **EN)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    # Personal data: refused on the field.
    data = _form_data(complete_content(fagersta))
    response = client.post(
        _url("update", draft), {**data, "causes_summary": "Mejla anna@example.se"}, **EN
    )
    assert response.status_code == 200 and "personal data" in response.content.decode()
    draft.refresh_from_db()
    assert draft.causes_summary == current.causes_summary
    # Complete it and send it.
    response = client.post(_url("update", draft), data)
    assert response.status_code == 302
    response = client.get(_url("detail", draft))
    assert 'id="agreement-complete"' in response.content.decode()
    client.post(_url("send", draft))
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.SIGNING


def test_the_checklist_shows_what_is_missing_and_sending_fails(
    client_for, fagersta, fagersta_coordinator, current
):
    client = client_for(fagersta_coordinator)
    draft = services.agreement_new_version(user=fagersta_coordinator, agreement=current)
    services.agreement_update(user=fagersta_coordinator, agreement=draft, title="Tom")
    response = client.get(_url("detail", draft), **EN)
    assert response.content.decode().count("data-missing") >= 8
    response = client.post(_url("send", draft), follow=True, **EN)
    assert "The agreement is not complete" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.DRAFT


def test_signing_through_the_page(
    client_for, fagersta, fagersta_coordinator, draft, police, kommun
):
    services.agreement_send_for_signature(user=fagersta_coordinator, agreement=draft)
    # The coordinator has no signing authority: no form, and a POST is forbidden.
    response = client_for(fagersta_coordinator).get(_url("detail", draft))
    assert "agreement-sign-form" not in response.content.decode()
    assert "agreement-who-signs" in response.content.decode()
    response = client_for(fagersta_coordinator).post(
        _url("sign", draft), {"organisation": kommun.pk}
    )
    assert response.status_code == 403
    lpo = client_for(fresh("lpochef.fagersta"))
    response = lpo.get(_url("detail", draft))
    assert 'id="agreement-sign-form"' in response.content.decode()
    assert lpo.post(_url("sign", draft), {"organisation": police.pk}).status_code == 302
    client_for(fresh("ksordf.fagersta")).post(_url("sign", draft), {"organisation": kommun.pk})
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.IN_FORCE
    # The frozen version's edit page explains instead of offering a form.
    response = client_for(fagersta_coordinator).get(_url("update", draft))
    assert response.status_code == 200
    assert 'id="agreement-frozen"' in response.content.decode()
    response = client_for(fagersta_coordinator).post(
        _url("update", draft), _form_data(complete_content(fagersta))
    )
    draft.refresh_from_db()
    assert draft.title == "Ny överenskommelse"  # unchanged: the POST found no form to save


def test_the_pdf_has_the_sections_and_signatures(client_for, fagersta_reporter, current):
    from pypdf import PdfReader

    response = client_for(fagersta_reporter).get(_url("pdf", current), **EN)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Joint problem picture",
        "Focus areas",
        "Goals",
        "Follow-up and documentation",
        "If a party falls short",
        "Signatures",
        "Henrik Dahlgren",
        "Birgitta Ekwall",
        "(lokalpolisomr",  # the title in English, with the Swedish term
        "Information class",
        "Version 2",
    ):
        assert expected in text, expected


def test_signatories_page(
    client_for, fagersta, fagersta_coordinator, fagersta_reporter, fagersta_admin
):
    url = _url("authorities", collaboration_id=fagersta.pk)
    response = client_for(fagersta_reporter).get(url)
    assert response.status_code == 200
    assert "authority-form" not in response.content.decode()
    assert client_for(fagersta_reporter).post(url, {}).status_code == 403
    kommun = fagersta.parties.get(kind="kommun")
    client = client_for(fagersta_coordinator)
    data = {
        "organisation": kommun.pk,
        "person": fagersta_admin.pk,
        "title": SignatoryTitle.DELEGATE,
        "valid_from": "2026-01-01",
    }
    response = client.post(url, data, **EN)
    assert response.status_code == 200
    assert "delegation" in response.content.decode()
    assert not SigningAuthority.objects.filter(user=fagersta_admin).exists()
    response = client.post(url, {**data, "delegation_reference": "KS 2026/9"})
    assert response.status_code == 302
    authority = SigningAuthority.objects.get(user=fagersta_admin)
    response = client.post(
        _url("authority_end", collaboration_id=fagersta.pk, authority_id=authority.pk)
    )
    authority.refresh_from_db()
    assert response.status_code == 302 and not authority.is_active


def test_the_pages_take_a_bounded_number_of_queries(
    client_for, fagersta, fagersta_reporter, current, django_assert_max_num_queries
):
    client = client_for(fagersta_reporter)
    client.get(_url("list", collaboration_id=fagersta.pk))  # warm the session
    for url, limit in (
        (_url("list", collaboration_id=fagersta.pk), 14),
        (_url("detail", current), 20),
        (_url("authorities", collaboration_id=fagersta.pk), 8),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
