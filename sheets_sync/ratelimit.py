"""Keeping within Google's per-minute read and write quotas, across concurrent workers.

A sliding window per quota: a request may go when fewer than `limit` requests went in
the last window; otherwise it waits until the oldest one leaves the window. The window
is a little longer than a minute (`margin_seconds`) because a request reaches Google a
moment after it leaves here; with that margin no minute on Google's side ever sees more
than `limit`, whatever the network does within the margin.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["QuotaLimiter", "SlidingWindowLimiter"]


class SlidingWindowLimiter:
    """At most `limit` acquisitions in any `window_seconds + margin_seconds`; thread-safe."""

    def __init__(
        self,
        limit: int,
        window_seconds: float = 60.0,
        margin_seconds: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if limit < 1:
            raise ValueError(f"a quota limit must be ≥ 1, got {limit}")
        self.limit = limit
        self.span_seconds = window_seconds + margin_seconds
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()
        self.waited_seconds = 0.0

    def acquire(self) -> float:
        """Block until a request may go; return how long this call waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                while self._sent and self._sent[0] <= now - self.span_seconds:
                    self._sent.popleft()
                if len(self._sent) < self.limit:
                    self._sent.append(now)
                    self.waited_seconds += waited
                    return waited
                pause = self._sent[0] + self.span_seconds - now
            self._sleep(pause)
            waited += pause


@dataclass(frozen=True, slots=True)
class QuotaLimiter:
    """The read and the write quota of one Google project, shared by every worker."""

    read: SlidingWindowLimiter
    write: SlidingWindowLimiter

    @classmethod
    def per_minute(cls, reads: int, writes: int, window_seconds: float = 60.0) -> QuotaLimiter:
        return cls(
            SlidingWindowLimiter(reads, window_seconds),
            SlidingWindowLimiter(writes, window_seconds),
        )

    def acquire(self, kind: str) -> float:
        """Wait for a `read` or `write` slot."""
        return (self.read if kind == "read" else self.write).acquire()
