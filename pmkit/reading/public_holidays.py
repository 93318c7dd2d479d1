"""The Holiday Country setting → public holidays, from the `holidays` package.

Looked up here, at the reading edge, so the engine core only ever sees dates. The
package is imported lazily: it costs time to load and most plans don't set a country.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pmkit.engine.model import Holiday

__all__ = ["UnknownCountryError", "holiday_years", "public_holidays"]

YEARS_BEFORE = 1
YEARS_AFTER = 10
_OUTLIER_YEARS = 30


class UnknownCountryError(ValueError):
    """A Holiday Country the `holidays` package does not know; the message says so."""


def holiday_years(dates: Iterable[date | None], today: date | None = None) -> range:
    """A generous span of years: the plan's earliest date − 1 to its latest + 10.

    A typo such as 1900-01-05 should not stretch the span over a century (nor leave the
    real years out), so dates more than 30 years from the plan's middle date are ignored.
    """
    known = sorted(day for day in dates if day is not None)
    if not known:
        anchor = today or date.today()
        return range(anchor.year - YEARS_BEFORE, anchor.year + YEARS_AFTER + 1)
    middle = known[len(known) // 2].year
    years = [day.year for day in known if abs(day.year - middle) <= _OUTLIER_YEARS]
    return range(min(years) - YEARS_BEFORE, max(years) + YEARS_AFTER + 1)


def public_holidays(code: str, years: range) -> list[Holiday]:
    """The public holidays of `code` (`US`, `GB-ENG`, `DE-BY`, `US-CA`) in `years`.

    Two holidays on one day are joined into one name (`A; B`).
    """
    import holidays

    country, _, subdivision = code.strip().upper().partition("-")
    if not country.isalpha():
        raise UnknownCountryError(
            f"'{code}' is not a country code; use one like US, GB-ENG or DE-BY"
        )
    try:
        found = holidays.country_holidays(
            country, subdiv=subdivision or None, years=list(years), language="en_US"
        )
    except NotImplementedError as exc:
        known = holidays.list_supported_countries()
        if country not in known:
            raise UnknownCountryError(
                f"'{code}' is not a country pmkit knows holidays for; use an ISO code "
                "such as US, GB-ENG, DE-BY or AU-NSW"
            ) from exc
        subdivisions = ", ".join(f"{country}-{name}" for name in known[country][:8])
        raise UnknownCountryError(
            f"'{code}': {country} has no region '{subdivision}'; use one such as {subdivisions}"
        ) from exc
    except Exception as exc:  # the package validates its arguments in several ways
        raise UnknownCountryError(f"'{code}' cannot be looked up: {exc}") from exc
    return [
        Holiday(day, "; ".join(name.split("; ")) if name else "")
        for day, name in sorted(found.items())
    ]
