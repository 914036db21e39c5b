"""The demo's collaboration agreements (called from laget.demo.services.demo_load)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from laget.demo.services import DemoLogin


def agreements_demo_load(logins: list[DemoLogin]) -> None:
    """Create the demo's collaboration agreements (and signatories, appended to ``logins``);
    safe to run again."""
