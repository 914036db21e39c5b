"""The permission matrix of the agreement and dialogue pages, persona by persona.

Members read (the partners class); coordinators, administrators and the police draft and
record; only coordinators and administrators manage signatories; outsiders get 404 and the
anonymous visitor is sent to the login page.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from laget.accounts.models import User
from laget.agreements.choices import AgreementStatus
from laget.agreements.models import Agreement
from laget.dialogues.models import Dialogue
from laget.organisations.models import Collaboration

pytestmark = pytest.mark.django_db

PERSONAS = [
    "samordnare.fagersta",
    "admin.fagersta",
    "polis.fagersta",
    "rapportor.fagersta",
    "regional.vastmanland",
    "samordnare.ludvika",
    "regional.dalarna",
    None,
]
#: page → the personas that get 200 (the others in Fagersta's county and collaboration 403).
READERS = {
    "samordnare.fagersta",
    "admin.fagersta",
    "polis.fagersta",
    "rapportor.fagersta",
    "regional.vastmanland",
}
EDITORS = {"samordnare.fagersta", "admin.fagersta", "polis.fagersta"}
OUTSIDERS = {"samordnare.ludvika", "regional.dalarna"}


def _pages(fagersta: Collaboration) -> dict[str, tuple[str, set[str]]]:
    agreement = Agreement.objects.get(collaboration=fagersta, status=AgreementStatus.IN_FORCE)
    dialogue = Dialogue.objects.filter(collaboration=fagersta).first()
    c = fagersta.pk
    return {
        "agreement list": (reverse("agreements:list", args=[c]), READERS),
        "agreement detail": (reverse("agreements:detail", args=[c, agreement.pk]), READERS),
        "agreement pdf": (reverse("agreements:pdf", args=[c, agreement.pk]), READERS),
        "agreement create": (reverse("agreements:create", args=[c]), EDITORS),
        "agreement update": (reverse("agreements:update", args=[c, agreement.pk]), EDITORS),
        "signatories": (reverse("agreements:authorities", args=[c]), READERS),
        "dialogue list": (reverse("dialogues:list", args=[c]), READERS),
        "dialogue detail": (reverse("dialogues:detail", args=[c, dialogue.pk]), READERS),
        "dialogue create": (reverse("dialogues:create", args=[c]), EDITORS),
        "dialogue update": (reverse("dialogues:update", args=[c, dialogue.pk]), EDITORS),
    }


@pytest.mark.parametrize("username", PERSONAS)
def test_each_persona_gets_what_the_matrix_says(
    username: str | None, fagersta: Collaboration, client_for: Any
) -> None:
    client = Client() if username is None else client_for(User.objects.get(username=username))
    for name, (url, allowed) in _pages(fagersta).items():
        status = client.get(url).status_code
        if username is None:
            expected = 302  # to the login page
        elif username in allowed:
            expected = 200
        elif username in OUTSIDERS:
            expected = 404
        else:
            expected = 403
        assert status == expected, f"{username} {name}: {status}"
