"""Hashing and verification of the audit chain (no database access in the hash itself).

Two kinds of entry live in one chain:

* **sealed in two steps** (every entry written since the chain learnt to seal): when recorded,
  an entry gets ``content_hash``, the SHA-256 of its canonical content; after its transaction
  has committed it is *sealed*, i.e. given the next position ``seq`` in the chain,
  ``prev_hash`` (the hash of the entry before it) and ``hash = SHA-256(prev_hash +
  content_hash)``. PostgreSQL computes the link in SQL (``laget_audit_seal()``), so the link
  hash is defined on the two hex strings and nothing else;
* **legacy** (``content_hash`` empty): hashed in one step when written, ``hash =
  entry_hash(prev_hash, fields)``, with ``prev`` inside the hashed JSON.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> Any:
    """Round-trip through JSON so stored and re-read values hash identically."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False, sort_keys=True))


def entry_hash(*, prev_hash: str, fields: dict[str, Any]) -> str:
    """The one-step hash of a legacy entry."""
    payload = json.dumps(
        {"prev": prev_hash, **fields}, default=str, ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def content_hash(fields: dict[str, Any]) -> str:
    """The SHA-256 of an entry's own content (everything but its place in the chain)."""
    payload = json.dumps(fields, default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def link_hash(*, prev_hash: str, content: str) -> str:
    """The hash that seals an entry after ``prev_hash``: SHA-256 of the two hex strings.

    Must equal ``encode(sha256(convert_to(prev_hash || content, 'UTF8')), 'hex')`` in
    PostgreSQL (the seal function in ``audit/migrations/0002_seal.py``).
    """
    return hashlib.sha256(f"{prev_hash}{content}".encode()).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""
    #: Entries recorded but not sealed yet (their transaction is still open, or the seal after
    #: its commit has not run): complete, but not yet protected by the chain.
    pending: int = 0
