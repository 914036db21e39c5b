"""The demo's public site (called from laget.demo.services.demo_load)."""

from __future__ import annotations


def public_demo_load() -> None:
    """Create the demo's public site; safe to run again."""
