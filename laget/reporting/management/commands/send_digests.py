import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from laget.reporting.digest import digest_send_all, last_complete_week
from laget.reporting.services import period_start_for


class Command(BaseCommand):
    help = "E-mail each unit's reporters what came of their reports (default: last complete week)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--week", help="Any date in the week, YYYY-MM-DD.")

    def handle(self, *args: Any, **options: Any) -> None:
        week = last_complete_week()
        if options["week"]:
            try:
                week = period_start_for(datetime.date.fromisoformat(options["week"]))
            except ValueError as exc:
                raise CommandError("--week must be a date, YYYY-MM-DD.") from exc
        result = digest_send_all(period_start=week)
        self.stdout.write(
            f"Week of {week}: {result.sent} digests sent to reporters of {result.units} units."
        )
