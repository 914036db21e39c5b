from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from laget.audit.services import audit_chain_seal, audit_chain_verify


class Command(BaseCommand):
    help = (
        "Audit log tools. 'laget audit verify' seals any entries still waiting for their place "
        "in the hash chain and checks that the chain is unbroken ('--no-seal' only checks); "
        "'laget audit seal' only seals."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "seal"])
        parser.add_argument(
            "--no-seal",
            action="store_true",
            help="verify without sealing first (entries not yet sealed are only counted)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "seal" or not options["no_seal"]:
            sealed = audit_chain_seal()
            if options["action"] == "seal":
                self.stdout.write(self.style.SUCCESS(f"Sealed {sealed} audit entries."))
                return
        result = audit_chain_verify()
        if not result.ok:
            where = f"entry {result.broken_at}" if result.broken_at else "the end of the chain"
            raise CommandError(
                f"Audit chain BROKEN at {where} ({result.reason}); {result.checked} entries valid before it."
            )
        message = f"Audit chain OK: {result.checked} entries verified."
        if result.pending:
            message += f" {result.pending} entries are not sealed yet."
        self.stdout.write(self.style.SUCCESS(message))
