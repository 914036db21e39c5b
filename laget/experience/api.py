"""API routes of laget.experience (issue 7)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["experience"])
