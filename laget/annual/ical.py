"""The calendar feed as iCalendar (RFC 5545) text, written with the ``icalendar`` package."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from laget.annual.selectors import Occurrence

PRODID = "-//Läget//Årshjul//SV"


def occurrence_uid(occurrence: Occurrence) -> str:
    """Stable per milestone and date, so calendar apps update an event instead of adding one."""
    return f"milestone-{occurrence.milestone.pk}-{occurrence.date:%Y%m%d}@laget"


def feed_calendar(occurrences: list[Occurrence], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    base = settings.SITE_URL.rstrip("/")
    for item in occurrences:
        milestone = item.milestone
        event = Event()
        event.add("uid", occurrence_uid(item))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)  # a date: an all-day event
        event.add("dtend", item.date + datetime.timedelta(days=1))
        event.add("summary", milestone.title)
        lines = [milestone.description] if milestone.description else []
        if milestone.responsible is not None:
            lines.append(
                _("Responsible: %(name)s")
                % {"name": milestone.responsible.get_full_name() or milestone.responsible}
            )
        lines.append(str(milestone.collaboration))
        event.add("description", "\n".join(lines))
        event.add(
            "url",
            base + reverse("annual:wheel", kwargs={"collaboration_id": milestone.collaboration_id}),
        )
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", milestone.title)
        alarm.add("trigger", datetime.timedelta(days=-milestone.remind_days))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
