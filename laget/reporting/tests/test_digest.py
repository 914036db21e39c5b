"""The weekly digest: reporters hear what came of their unit's reports, by e-mail."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from laget.organisations.models import Membership
from laget.reporting.digest import digest_send, last_complete_week
from laget.reporting.models import Report


def test_last_complete_week_is_the_monday_before_this_weeks_monday():
    assert last_complete_week(datetime.date(2026, 11, 22)) == datetime.date(2026, 11, 9)  # a Sunday
    assert last_complete_week(datetime.date(2026, 11, 23)) == datetime.date(
        2026, 11, 16
    )  # a Monday


def test_each_reporter_gets_their_units_reports_of_the_week_without_free_text(fagersta):
    week = last_complete_week()
    mail.outbox = []
    result = digest_send(collaboration=fagersta, period_start=week)
    reporters = Membership.objects.filter(
        collaboration=fagersta, role="rapportor", is_active=True, unit__isnull=False
    ).select_related("user", "unit")
    expected = {
        m.user.email
        for m in reporters
        if Report.objects.filter(collaboration=fagersta, unit=m.unit, period_start=week).exists()
    }
    assert expected, "the demo has reports from reporters' units in the last complete week"
    assert result.sent == len(mail.outbox) == len(expected)
    assert {message.to[0] for message in mail.outbox} == expected
    message = mail.outbox[0]
    assert f"vecka {week.isocalendar()[1]}" in message.subject  # Swedish by default
    membership = next(m for m in reporters if m.user.email == message.to[0])
    reports = Report.objects.filter(collaboration=fagersta, unit=membership.unit, period_start=week)
    for report in reports:
        assert report.category_label in message.body
        if report.text:
            assert report.text not in message.body


def test_a_unit_without_reports_that_week_gets_no_mail(fagersta):
    mail.outbox = []
    long_ago = datetime.date(2020, 1, 6)
    result = digest_send(collaboration=fagersta, period_start=long_ago)
    assert result.sent == 0
    assert mail.outbox == []


def test_the_command_sends_for_every_collaboration_and_rejects_a_bad_week(fagersta, ludvika):
    mail.outbox = []
    call_command("send_digests")
    recipients = {m.to[0] for m in mail.outbox}
    assert any(r.endswith("@demo.invalid") for r in recipients)
    for email in recipients:
        assert Membership.objects.filter(user__email=email, role="rapportor").exists()
    with pytest.raises(CommandError):
        call_command("send_digests", "--week", "not-a-date")
