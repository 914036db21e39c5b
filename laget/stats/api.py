"""API routes of laget.stats (issue 7)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["stats"])
