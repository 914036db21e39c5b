"""What an export builder returns, and how it reports its progress (shared by the exporters)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: ``progress(percent, step)``: called while a file is made; ``step`` is a ``choices.ExportStep``.
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class ExportFile:
    """A finished export: its bytes, the file name to offer and its content type."""

    content: bytes
    filename: str
    content_type: str


def no_progress(percent: int, step: str) -> None:
    """The progress callback of an immediate download: nobody is watching."""
    return None
