"""Rate limits for anonymous tips, per client IP, shared by the tip form and the Open311 API.

Written here rather than with django-ratelimit because the two channels must share one
counter per client (a client cannot double its allowance by switching channel); it is fixed windows over Django's cache (``cache.add`` + ``cache.incr``, atomic in
Redis and in the local-memory cache), a dozen lines. The IP address is only ever used as a
salted SHA-256 digest in the cache key: it is never stored with a tip, nor logged.

Production with several app servers needs a shared cache (``LAGET_CACHE_URL``, e.g. Redis);
with the default local-memory cache each process counts on its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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


def _key(ip: str, window: Window) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:tips:{ip}".encode()).hexdigest()[:32]
    return f"laget:tips:rate:{window.seconds}:{digest}"


def allow(request: HttpRequest) -> bool:
    """Count one submission attempt from this client; False when it is over any window.

    Every attempt counts – valid, invalid or caught by the honeypot – so that a flood of bad
    requests is refused as well as a flood of good ones. The windows are wide enough for a
    citizen who corrects a form a few times.
    """
    ip = client_ip(request)
    allowed = True
    for window in windows():
        key = _key(ip, window)
        if cache.add(key, 1, timeout=window.seconds):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=window.seconds)
                count = 1
        if count > window.limit:
            allowed = False
    return allowed


def retry_after() -> int:
    """Seconds a refused client should wait at most: the shortest window (HTTP Retry-After)."""
    return min((w.seconds for w in windows()), default=60)
