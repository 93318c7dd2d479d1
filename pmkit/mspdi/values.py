"""MSPDI value formats: ISO-8601 durations, date-times, lag formats, booleans.

Microsoft Project writes durations as `PT16H0M0S` (working time, in hours of the
project's MinutesPerDay), lags in tenths of a minute with a separate `LagFormat`,
and every date as a local date-time without a zone (`2014-10-17T08:00:00`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time

__all__ = [
    "ELAPSED_FORMATS",
    "PERCENT_FORMATS",
    "LagFormat",
    "minutes_from_iso_duration",
    "parse_bool",
    "parse_datetime",
    "parse_float",
    "parse_int",
    "parse_time",
]

_ISO_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<years>\d+(?:\.\d+)?)Y)?(?:(?P<months>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)

# LagFormat / DurationFormat codes (MSPDI): the `e` variants count elapsed time.
# 3 m, 4 em, 5 h, 6 eh, 7 d, 8 ed, 9 w, 10 ew, 11 mo, 12 emo, 19 %, 20 e%, and the
# same plus 32 for estimated values (35 m? … 52 e%?).
ELAPSED_FORMATS: frozenset[int] = frozenset({4, 6, 8, 10, 12, 20, 36, 38, 40, 42, 44, 52})
PERCENT_FORMATS: frozenset[int] = frozenset({19, 20, 51, 52})
MINUTES_PER_ELAPSED_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class LagFormat:
    """How a `LinkLag` is meant: elapsed or working time, or a percent of the predecessor."""

    code: int

    @property
    def elapsed(self) -> bool:
        return self.code in ELAPSED_FORMATS

    @property
    def percent(self) -> bool:
        return self.code in PERCENT_FORMATS


def minutes_from_iso_duration(text: str) -> float | None:
    """`PT16H30M0S` → 990.0 minutes; None when `text` is not an ISO-8601 duration.

    Days count 24 hours, as ISO-8601 says; Microsoft Project itself writes hours only.
    Years and months are refused (None): their length in minutes is not defined.
    """
    match = _ISO_DURATION.match(text.strip())
    if match is None or text.strip() in {"P", "-P", "PT", "-PT"}:
        return None
    if match["years"] or match["months"]:
        return None
    minutes = (
        float(match["days"] or 0) * MINUTES_PER_ELAPSED_DAY
        + float(match["hours"] or 0) * 60
        + float(match["minutes"] or 0)
        + float(match["seconds"] or 0) / 60
    )
    return -minutes if match["sign"] else minutes


def parse_datetime(text: str) -> datetime | None:
    """`2014-10-17T08:00:00` → a naive datetime; a bare date means midnight; None if unreadable."""
    text = text.strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            return datetime.combine(date.fromisoformat(text[:10]), time())
        except ValueError:
            return None
    return value.replace(tzinfo=None)


def parse_time(text: str | None) -> time | None:
    """`08:00:00` → 08:00; None if absent or unreadable."""
    if not text:
        return None
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        return None


def parse_int(text: str | None) -> int | None:
    if text is None or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        try:
            number = float(text.strip())
        except ValueError:
            return None
        return int(number) if number.is_integer() else None


def parse_float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        number = float(text.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_bool(text: str | None) -> bool:
    """MSPDI booleans are `1`/`0` (and, from some tools, `true`/`false`)."""
    return text is not None and text.strip().lower() in {"1", "true"}
