"""Rate limits for requests that cost someone else something (an email sent, a guess tried).

Each limit keeps, in the `throttle` cache, the times of the recent requests it allowed: a
sliding window, so a burst at the end of one hour and another at the start of the next do not
add up to twice the limit. The cache is Django's database cache (settings.CACHES), shared by
every web process and by the tests' database, so the count holds across gunicorn's workers.
A refused request is not counted: the window frees up as the allowed ones age out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

CACHE = "throttle"


@dataclass(frozen=True)
class Limit:
    """At most `count` requests per `window` for each key of `scope`."""

    scope: str
    count: int
    window: timedelta

    def key(self, value: str) -> str:
        # Hashed: emails and addresses stay out of the cache table, and every key fits in it.
        digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()
        return f"throttle:{self.scope}:{digest}"


def allow(checks: list[tuple[Limit, str]], *, now: datetime | None = None) -> bool:
    """Whether a request is within every limit for its value; if so, count it against each.

    One transaction, so on SQLite (where a transaction takes the write lock at once) two
    processes cannot both read the same count; on PostgreSQL two simultaneous requests may both
    pass at the edge, which a limit meant to slow guessing and spam can bear.
    """
    now = now or timezone.now()
    cache = caches[CACHE]
    with transaction.atomic():
        seen: dict[str, list[float]] = {}
        for limit, value in checks:
            key = limit.key(value)
            since = (now - limit.window).timestamp()
            recent = [at for at in cache.get(key, []) if at > since]
            if len(recent) >= limit.count:
                return False
            seen[key] = recent
        for limit, value in checks:
            key = limit.key(value)
            cache.set(key, [*seen[key], now.timestamp()], timeout=int(limit.window.total_seconds()))
    return True


def reset(limit: Limit, value: str) -> None:
    caches[CACHE].delete(limit.key(value))
