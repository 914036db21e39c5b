"""The demo's citizen tips (called from laget.demo.services.demo_load)."""

from __future__ import annotations


def tips_demo_load() -> None:
    """Create the demo's citizen tips; safe to run again."""
