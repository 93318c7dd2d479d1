"""Bounded jittered retries and the sliding-window quota limiter, on a fake clock."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from sheets_sync.ratelimit import QuotaLimiter, SlidingWindowLimiter
from sheets_sync.retry import RetryPolicy, Verdict, backoff_seconds, retry_call


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _flaky(failures: int) -> tuple[list[int], Callable[[], str]]:
    calls: list[int] = []

    def operation() -> str:
        calls.append(1)
        if len(calls) <= failures:
            raise ConnectionError("dropped")
        return "ok"

    return calls, operation


def test_retries_until_success() -> None:
    """Two failures then success: three calls, two waits."""
    clock = Clock()
    calls, operation = _flaky(2)
    result = retry_call(
        operation,
        RetryPolicy(),
        lambda e: Verdict.again(),
        sleep=clock.sleep,
        clock=clock,
        draw=lambda: 0.5,
    )
    assert result == "ok"
    assert len(calls) == 3
    assert clock.sleeps == [0.5, 1.0]


def test_stops_after_max_attempts() -> None:
    """A failure that never ends is re-raised after max_attempts calls."""
    clock = Clock()
    calls, operation = _flaky(99)
    with pytest.raises(ConnectionError):
        retry_call(
            operation,
            RetryPolicy(max_attempts=4),
            lambda e: Verdict.again(),
            sleep=clock.sleep,
            clock=clock,
        )
    assert len(calls) == 4


def test_stops_at_the_time_budget() -> None:
    """No wait is started that would pass max_total_seconds."""
    clock = Clock()
    _calls, operation = _flaky(99)
    policy = RetryPolicy(max_attempts=100, base_seconds=10, max_total_seconds=25)
    with pytest.raises(ConnectionError):
        retry_call(
            operation,
            policy,
            lambda e: Verdict.again(),
            sleep=clock.sleep,
            clock=clock,
            draw=lambda: 1.0,
        )
    assert sum(clock.sleeps) <= 25


def test_not_retried_when_classified_fatal() -> None:
    """A failure the classifier refuses is raised at once."""
    calls, operation = _flaky(1)
    with pytest.raises(ConnectionError):
        retry_call(operation, RetryPolicy(), lambda e: Verdict.fail())
    assert len(calls) == 1


def test_server_wait_is_honoured() -> None:
    """A Retry-After longer than the backoff is waited in full."""
    clock = Clock()
    _, operation = _flaky(1)
    retry_call(
        operation,
        RetryPolicy(),
        lambda e: Verdict.again(7.0),
        sleep=clock.sleep,
        clock=clock,
        draw=lambda: 0.1,
    )
    assert clock.sleeps == [7.0]


@pytest.mark.parametrize("attempt", [pytest.param(n, id=f"attempt-{n}") for n in range(10)])
def test_backoff_is_capped_and_jittered(attempt: int) -> None:
    """Full jitter: between 0 and min(cap, base × 2^attempt)."""
    policy = RetryPolicy(base_seconds=1, max_backoff_seconds=32)
    assert backoff_seconds(attempt, policy, lambda: 1.0) == min(32, 2**attempt)
    assert backoff_seconds(attempt, policy, lambda: 0.0) == 0


def test_limiter_allows_limit_per_window_then_waits() -> None:
    """The fourth request in a 3-per-window limiter waits for the first to leave."""
    clock = Clock()
    limiter = SlidingWindowLimiter(
        3, window_seconds=60, margin_seconds=1, clock=clock, sleep=clock.sleep
    )
    waits = [limiter.acquire() for _ in range(3)]
    clock.now = 10
    waits.append(limiter.acquire())
    assert waits == [0, 0, 0, 51]


def test_limiter_never_exceeds_the_limit_in_any_window() -> None:
    """Across threads, no 61-second window holds more than the limit."""
    clock_lock = threading.Lock()
    now = [0.0]
    sent: list[float] = []

    def clock() -> float:
        with clock_lock:
            return now[0]

    def sleep(seconds: float) -> None:
        with clock_lock:
            now[0] += seconds

    limiter = SlidingWindowLimiter(5, clock=clock, sleep=sleep)

    def worker() -> None:
        for _ in range(5):
            limiter.acquire()
            with clock_lock:
                sent.append(now[0])

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent.sort()
    assert len(sent) == 20
    assert all(len([t for t in sent if start <= t < start + 60]) <= 5 for start in sent)


def test_quota_limiter_keeps_reads_and_writes_apart() -> None:
    """Reads do not use up the write quota."""
    quota = QuotaLimiter.per_minute(reads=2, writes=1)
    assert quota.acquire("read") == 0
    assert quota.acquire("read") == 0
    assert quota.acquire("write") == 0
