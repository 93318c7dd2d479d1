"""Building MSPDI elements: the namespace, child elements, and Microsoft Project's value formats."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, time

from pmkit.mspdi.document import NAMESPACE

__all__ = [
    "DAY_FINISH",
    "DAY_START",
    "MINUTES_PER_DAY",
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


def qualified(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def add(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, qualified(tag))
    if text is not None:
        element.text = text
    return element


def at(day: date, at: time) -> str:
    return stamp(datetime.combine(day, at))


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def duration(days: int) -> str:
    return f"PT{days * MINUTES_PER_DAY // 60}H{days * MINUTES_PER_DAY % 60}M0S"


def money(value: float) -> str:
    return f"{value:.2f}"
