"""Rate limits for anonymous tips, per client, shared by the tip form and the Open311 API.

The counting is django-ratelimit's (fixed windows over Django's cache, atomic ``incr``): one
``group`` for both channels, so that a client cannot double its allowance by switching channel,
and one counter per configured window (``LAGET_TIPS_RATE_LIMIT``, e.g. 10 per 10 minutes and 30
per day). The client key is a salted SHA-256 digest of the address: the IP address is never
stored with a tip, nor logged, and not even kept in the cache in the clear.

django-ratelimit is used as a library only (not in INSTALLED_APPS): its system checks reject the
local-memory cache, which is the right default for the demo and a single-process server. With
several app servers set ``LAGET_CACHE_URL`` (e.g. Redis) so that all processes share the counts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

#: The one django-ratelimit group of both channels (form and Open311).
GROUP = "laget.tips"


@dataclass(frozen=True)
class Window:
    limit: int
    seconds: int


def windows() -> list[Window]:
    """The configured windows (``TIPS_RATE_LIMITS``: (count, seconds) pairs)."""
    return [Window(int(limit), int(seconds)) for limit, seconds in settings.TIPS_RATE_LIMITS]


def client_ip(request: HttpRequest) -> str:
    """The client's address as the web server saw it.

    ``REMOTE_ADDR`` only: behind a reverse proxy, the proxy must set it from the real client
    (e.g. gunicorn's ``--forwarded-allow-ips`` with the proxy's X-Forwarded-For), because a
    header sent by the client itself could be forged to escape the limit.
    """
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _client_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key: a salted digest of the client's address, never the address."""
    ip = client_ip(request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:tips:{ip}".encode()).hexdigest()[:32]


def allow(request: HttpRequest) -> bool:
    """Count one submission attempt from this client; False when it is over any window.

    Every attempt counts – valid, invalid or caught by the honeypot – so that a flood of bad
    requests is refused as well as a flood of good ones. The windows are wide enough for a
    citizen who corrects a form a few times. Every window is counted even when an earlier one
    already refuses, so that the day's count keeps growing during a flood.
    """
    over = [
        is_ratelimited(
            request,
            group=GROUP,
            key=_client_key,
            rate=f"{window.limit}/{window.seconds}s",
            increment=True,
        )
        for window in windows()
    ]
    return not any(over)


def retry_after() -> int:
    """Seconds a refused client should wait at most: the shortest window (HTTP Retry-After)."""
    return min((w.seconds for w in windows()), default=60)
