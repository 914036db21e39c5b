"""``laget refresh_indicators``: compute the situation picture counts of every indicator.

Run it from cron (e.g. nightly); opening an indicator's page computes it too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from laget.planning.choices import IndicatorSource
from laget.planning.models import Indicator
from laget.planning.plans import indicator_refresh


class Command(BaseCommand):
    help = "Compute the measurements of indicators counted from the situation reports."

    def handle(self, *args: Any, **options: Any) -> None:
        indicators = Indicator.objects.filter(
            source=IndicatorSource.SITUATION_COUNT, category__isnull=False
        ).select_related("goal")
        refreshed = 0
        for indicator in indicators.iterator():
            indicator_refresh(indicator=indicator)
            refreshed += 1
        if options["verbosity"] > 0:
            self.stdout.write(f"Refreshed {refreshed} indicator(s).")
