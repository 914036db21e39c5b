"""``laget tips_forget_emails``: blank old feedback addresses of citizen tips (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from laget.tips.services import EMAIL_RETENTION_DAYS, tips_forget_emails


class Command(BaseCommand):
    help = "Blank the feedback e-mail of citizen tips older than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=EMAIL_RETENTION_DAYS,
            help=f"Keep addresses of tips younger than this many days (default {EMAIL_RETENTION_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = tips_forget_emails(older_than_days=options["days"])
        self.stdout.write(f"{count} tip e-mail address(es) blanked.")
