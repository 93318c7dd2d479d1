"""Building MSPDI elements: the namespace, child elements, and Microsoft Project's value formats."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, time

from pmkit.mspdi.document import NAMESPACE

__all__ = [
    "DAY_FINISH",
    "DAY_START",
    "MINUTES_PER_DAY",
    "NAME_MAX_LENGTH",
    "add",
    "at",
    "duration",
    "money",
    "qualified",
    "stamp",
]

MINUTES_PER_DAY = 480
DAY_START = time(8, 0)
DAY_FINISH = time(17, 0)


NAME_MAX_LENGTH = 512
"""The schema's limit on names (tasks, resources, calendars, exceptions)."""
# Characters XML 1.0 cannot carry at all (a workbook cell may hold them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def qualified(tag: str) -> str:
    """`Task` → `{http://schemas.microsoft.com/project}Task`."""
    return f"{{{NAMESPACE}}}{tag}"


def add(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    """A child element, with `text` cleaned of characters XML cannot hold (names capped)."""
    element = ET.SubElement(parent, qualified(tag))
    if text is not None:
        cleaned = _NOT_XML.sub("", text)
        element.text = cleaned[:NAME_MAX_LENGTH] if tag == "Name" else cleaned
    return element


def at(day: date, clock: time) -> str:
    """A day at a time of day, as MSPDI writes it: `2026-03-02T08:00:00`."""
    return stamp(datetime.combine(day, clock))


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def duration(days: int) -> str:
    return f"PT{days * MINUTES_PER_DAY // 60}H{days * MINUTES_PER_DAY % 60}M0S"


def money(value: float) -> str:
    return f"{value:.2f}"
