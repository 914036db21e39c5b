"""``run_action``: a POST button's service call, its refusal or success as a message."""

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from laget.core.actions import run_action


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_becomes_an_error_message_and_success_a_success_message():
    request = _request()

    def refuse():
        raise ValidationError(["Nej.", "Inte så."])

    assert run_action(request, refuse, "Klart.") is False
    assert run_action(request, lambda: None, "Klart.") is True
    shown = [(m.level_tag, m.message) for m in get_messages(request)]
    assert shown == [("error", "Nej. Inte så."), ("success", "Klart.")]
