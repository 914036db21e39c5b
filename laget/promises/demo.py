"""The demo's citizen promises (called from laget.demo.services.demo_load)."""

from __future__ import annotations


def promises_demo_load() -> None:
    """Create the demo's citizen promises; safe to run again."""
