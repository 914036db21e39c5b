"""API routes of laget.programmes (issue 7)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["programmes"])
