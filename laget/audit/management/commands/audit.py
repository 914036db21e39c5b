from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from laget.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Audit log tools. 'laget audit verify' checks that the hash chain is unbroken."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_chain_verify()
        if not result.ok:
            where = f"entry {result.broken_at}" if result.broken_at else "the end of the chain"
            raise CommandError(
                f"Audit chain BROKEN at {where} ({result.reason}); {result.checked} entries valid before it."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain OK: {result.checked} entries verified."))
