"""The demo's regional programmes (called from laget.demo.services.demo_load)."""

from __future__ import annotations


def demo_load() -> None:
    """Create (or find) the demo data of this app; idempotent."""
