"""Bounded retries with full jitter, for the answers Google says to retry.

Google's advice for 429 and 5xx answers is exponential backoff with random jitter; a
job that runs unattended must also stop trying, so attempts and total time are capped.
The caller decides which failures are worth another try (`classify`).

>>> retry_call(lambda: 42, RetryPolicy(), classify=lambda exc: Verdict.fail())
42
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["RetryPolicy", "Verdict", "backoff_seconds", "retry_call"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 5
    base_seconds: float = 1.0
    max_backoff_seconds: float = 32.0
    max_total_seconds: float = 300.0


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a failure is worth another try, and the least wait the server asked for."""

    retry: bool
    after_seconds: float | None = None

    @classmethod
    def again(cls, after_seconds: float | None = None) -> Verdict:
        return cls(True, after_seconds)

    @classmethod
    def fail(cls) -> Verdict:
        return cls(False)


def backoff_seconds(attempt: int, policy: RetryPolicy, draw: Callable[[], float]) -> float:
    """Full jitter: a random wait up to base × 2^attempt, capped (attempt 0 is the first retry)."""
    ceiling = min(policy.max_backoff_seconds, policy.base_seconds * 2.0**attempt)
    return draw() * ceiling


def retry_call(
    operation: Callable[[], T],
    policy: RetryPolicy,
    classify: Callable[[BaseException], Verdict],
    *,
    on_retry: Callable[[BaseException, float], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    draw: Callable[[], float] = random.random,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Run `operation`; retry what `classify` allows, within the policy; else re-raise."""
    started = clock()
    attempt = 0
    while True:
        try:
            return operation()
        except Exception as exc:
            verdict = classify(exc)
            attempt += 1
            if not verdict.retry or attempt >= policy.max_attempts:
                raise
            wait = backoff_seconds(attempt - 1, policy, draw)
            if verdict.after_seconds is not None:
                wait = max(wait, verdict.after_seconds)
            if clock() - started + wait > policy.max_total_seconds:
                raise
            if on_retry is not None:
                on_retry(exc, wait)
            sleep(wait)
