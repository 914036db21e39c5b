from typing import Any

from django.core.management.base import BaseCommand

from laget.geography.services import geography_load


class Command(BaseCommand):
    help = "Load (or refresh) Sweden's 21 counties, 290 municipalities and 7 police regions."

    def handle(self, *args: Any, **options: Any) -> None:
        result = geography_load()
        self.stdout.write(
            f"{result.counties} counties, {result.municipalities} municipalities, "
            f"{result.police_regions} police regions loaded."
        )
