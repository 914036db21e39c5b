"""Hashing and verification of the audit chain (no database access in the hash itself)."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> Any:
    """Round-trip through JSON so stored and re-read values hash identically."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False, sort_keys=True))


def entry_hash(*, prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(
        {"prev": prev_hash, **fields}, default=str, ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""
