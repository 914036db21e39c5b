"""``laget send_reminders``: e-mail the årshjul's reminders that are due (run daily by cron)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from laget.annual.services import reminders_send


class Command(BaseCommand):
    help = "E-mail reminders about milestones of the annual wheel that are due (once each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD); for testing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        count = reminders_send(today=today)
        self.stdout.write(f"{count} reminder(s) sent for {today.isoformat()}.")
        # issue 5: promises – the coordinators' weekly list of overdue medborgarlöfte items.
        from laget.promises.services import overdue_reminders_send

        overdue = overdue_reminders_send(today=today)
        self.stdout.write(f"{overdue} medborgarlöfte reminder(s) sent.")
