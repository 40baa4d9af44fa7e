"""Exponential backoff with jitter."""

from __future__ import annotations

import random
from typing import Callable

BASE_SECONDS = 0.5
MAX_SECONDS = 30.0


def backoff_delay(
    attempt: int,
    base: float = BASE_SECONDS,
    cap: float = MAX_SECONDS,
    retry_after: float | None = None,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before retry number `attempt` (0-based).

    The ceiling doubles per attempt up to `cap`; the wait is drawn from its upper half
    ("equal jitter"), so clients that failed together spread out yet never retry at once.
    A server's Retry-After is honoured as a floor, within twice the cap.
    """
    ceiling = min(cap, base * 2 ** min(max(attempt, 0), 32))
    delay = ceiling / 2 + rand() * ceiling / 2
    if retry_after is not None and retry_after > delay:
        delay = min(retry_after, 2 * cap)
    return delay
