"""The Holiday Country setting → public holidays, from the `holidays` package.

Looked up here, at the reading edge, so the engine core only ever sees dates. The
package is imported lazily: it costs time to load, and xlwings Lite may not have it.

The template offers `COMMON_COUNTRIES` in a dropdown, as `United States (US)`; any other
code the package knows may be typed (`country_code` reads both).

>>> country_code("United Kingdom: England (GB-ENG)"), country_code(" us-ca ")
('GB-ENG', 'US-CA')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from pmkit.engine.model import Holiday

__all__ = [
    "COMMON_COUNTRIES",
    "HolidaysUnavailableError",
    "UnknownCountryError",
    "country_choice",
    "country_code",
    "holiday_years",
    "public_holidays",
]

YEARS_BEFORE = 1
YEARS_AFTER = 10
_OUTLIER_YEARS = 30


COMMON_COUNTRIES: tuple[tuple[str, str], ...] = (
    ("AR", "Argentina"),
    ("AU", "Australia"),
    ("AU-NSW", "Australia: New South Wales"),
    ("AU-QLD", "Australia: Queensland"),
    ("AU-VIC", "Australia: Victoria"),
    ("AU-WA", "Australia: Western Australia"),
    ("AT", "Austria"),
    ("BE", "Belgium"),
    ("BR", "Brazil"),
    ("CA", "Canada"),
    ("CA-AB", "Canada: Alberta"),
    ("CA-BC", "Canada: British Columbia"),
    ("CA-ON", "Canada: Ontario"),
    ("CA-QC", "Canada: Quebec"),
    ("CZ", "Czechia"),
    ("DK", "Denmark"),
    ("FI", "Finland"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("DE-BY", "Germany: Bavaria"),
    ("DE-NW", "Germany: North Rhine-Westphalia"),
    ("GR", "Greece"),
    ("HK", "Hong Kong"),
    ("IN", "India"),
    ("IE", "Ireland"),
    ("IL", "Israel"),
    ("IT", "Italy"),
    ("JP", "Japan"),
    ("MY", "Malaysia"),
    ("MX", "Mexico"),
    ("NL", "Netherlands"),
    ("NZ", "New Zealand"),
    ("NG", "Nigeria"),
    ("NO", "Norway"),
    ("PH", "Philippines"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("SG", "Singapore"),
    ("ZA", "South Africa"),
    ("ES", "Spain"),
    ("SE", "Sweden"),
    ("CH", "Switzerland"),
    ("AE", "United Arab Emirates"),
    ("GB-ENG", "United Kingdom: England"),
    ("GB-NIR", "United Kingdom: Northern Ireland"),
    ("GB-SCT", "United Kingdom: Scotland"),
    ("GB-WLS", "United Kingdom: Wales"),
    ("US", "United States"),
    ("US-CA", "United States: California"),
    ("US-NY", "United States: New York"),
    ("US-TX", "United States: Texas"),
)
"""The Holiday Country dropdown of the template, by name: the countries (and the regions
whose holidays differ most) small businesses using pmkit most often work in. A fixed
list, not the package's whole one, so the template does not change with the package's
version; any code the package knows can still be typed (a test checks these are known)."""

_CODE_IN_CHOICE = re.compile(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,4})?)\s*\)\s*$")


def country_choice(code: str, name: str) -> str:
    """How the dropdown shows a country: `United States (US)`."""
    return f"{name} ({code})"


def country_code(value: str) -> str:
    """The code of a Holiday Country as typed (`us-ca`) or picked (`Canada (CA)`)."""
    found = _CODE_IN_CHOICE.search(value)
    return (found.group(1) if found else value).strip().upper()


class UnknownCountryError(ValueError):
    """A Holiday Country the `holidays` package does not know; the message says so."""


class HolidaysUnavailableError(UnknownCountryError):
    """The `holidays` package is not installed where pmkit runs (xlwings Lite)."""


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
    try:
        import holidays
    except ImportError as exc:
        raise HolidaysUnavailableError(
            f"{code} is set, but the holidays package is not installed here (xlwings Lite: "
            "add the line holidays to requirements.txt), so its public holidays are not "
            "counted"
        ) from exc

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
