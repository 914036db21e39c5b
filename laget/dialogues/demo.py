"""The demo's dialogues (called from laget.demo.services.demo_load)."""

from __future__ import annotations


def dialogues_demo_load() -> None:
    """Create the demo's dialogues; safe to run again."""
