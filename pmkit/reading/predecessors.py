"""Parsing a Predecessors cell: `ID[TYPE][±LAG[d|ed]]`, separated by `,` or `;`.

>>> [str(link) for link in parse_predecessors("3, 4SS; 5FF-1, 7FS+3ed").links]
['3', '4SS', '5FF-1', '7FS+3ed']

Spaces inside a link are allowed (`3 FS + 2 d`). A link that cannot be read is
named in `problems`, and the others in the cell are still used.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from pmkit.engine.model import Link, LinkType
from pmkit.reading.task_builder import new_link

__all__ = ["ParsedPredecessors", "parse_link", "parse_predecessors", "read_links"]

_SEPARATORS = re.compile(r"[,;]")
_TYPES = {"FS": LinkType.FS, "SS": LinkType.SS, "FF": LinkType.FF, "SF": LinkType.SF}
_SUFFIX = re.compile(
    r"""^\s*
    (?P<type>FS|SS|FF|SF)?\s*
    (?:(?P<sign>[+-])\s*(?P<lag>\d+(?:\.\d+)?)\s*
       (?P<unit>ed|edays?|elapsed\s+days?|d|days?|wd)?\.?)?
    \s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_ELAPSED_UNITS = ("e",)
_QUICK = re.compile(
    r"(?P<id>\w+?)\s*(?P<type>FS|SS|FF|SF)?\s*(?:(?P<sign>[+-])\s*(?P<lag>\d{1,4})\s*(?P<unit>ed|d)?)?",
    re.IGNORECASE,
)
_GENERIC = re.compile(r"^\s*(?P<id>[^\s+\-]+?)(?P<rest>\s*(?:FS|SS|FF|SF)?\s*(?:[+-].*)?)$", re.I)
_LAG_UNIT_HELP = "use d for working days or ed for calendar days"
_SHAPE_HELP = (
    "write an ID, then optionally FS, SS, FF or SF, then a lag like +2 or -1 "
    "(working days) or +3ed (calendar days)"
)

MAX_LAG_DAYS = 10_000


class PredecessorError(ValueError):
    """One link that cannot be read; the message names the bad piece."""


@dataclass(frozen=True, slots=True)
class ParsedPredecessors:
    links: tuple[Link, ...]
    problems: tuple[str, ...]


def _link_from_suffix(task_id: str, suffix: str, token: str) -> Link:
    match = _SUFFIX.match(suffix)
    if match is None:
        raise PredecessorError(_explain_suffix(suffix, token))
    link_type = _TYPES[match["type"].upper()] if match["type"] else LinkType.FS
    if match["sign"] is None:
        return Link(task_id, link_type)
    lag_text = match["lag"]
    if "." in lag_text and float(lag_text) != int(float(lag_text)):
        raise PredecessorError(f"'{token}': the lag {lag_text} must be whole days")
    lag = int(float(lag_text))
    if lag > MAX_LAG_DAYS:
        raise PredecessorError(f"'{token}': a lag of {lag} days is too long; is it a typo?")
    unit = (match["unit"] or "d").casefold()
    elapsed = unit.startswith(_ELAPSED_UNITS)
    return Link(task_id, link_type, -lag if match["sign"] == "-" else lag, elapsed)


def _explain_suffix(suffix: str, token: str) -> str:
    """Name the piece of a link after its ID that could not be read."""
    rest = suffix.strip()
    type_match = re.match(r"(FS|SS|FF|SF)\s*", rest, re.IGNORECASE)
    if type_match:
        rest = rest[type_match.end() :]
    if not rest:
        return f"'{token}' cannot be read; {_SHAPE_HELP}"
    if rest[0] not in "+-":
        if type_match is None and re.match(r"[A-Za-z]", rest):
            return f"'{token}': '{rest}' is not a link type (FS, SS, FF or SF); {_SHAPE_HELP}"
        return f"'{token}': '{rest}' cannot be read; {_SHAPE_HELP}"
    lag = re.match(r"([+-])\s*(\d+(?:\.\d+)?)?\s*(.*)$", rest)
    if lag is None or lag[2] is None:
        return f"'{token}': the lag after '{rest[0]}' is missing a number of days"
    unit = lag[3].strip()
    return f"'{token}': '{unit}' after the lag is not a unit ({_LAG_UNIT_HELP})"


def parse_link(token: str, known_ids: Container[str] = ()) -> Link:
    """One link such as `3FS+2`; `known_ids` settles ids that contain `-` or end in `SS`.

    >>> parse_link("5FF-1")
    Link(predecessor='5', type=<LinkType.FF: 'FF'>, lag_days=-1, elapsed=False)
    """
    token = token.strip()
    if token.isdigit():
        return new_link(token)
    if token in known_ids:
        return new_link(token)
    if (quick := _QUICK.fullmatch(token)) and quick["id"] in known_ids:
        # The common shape (`12SS+2`), read with one regex; the id settles the split.
        link_type = _TYPES[quick["type"].upper()] if quick["type"] else LinkType.FS
        lag = int(quick["lag"] or 0)
        elapsed = (quick["unit"] or "d")[0] in "eE"
        return new_link(quick["id"], link_type, -lag if quick["sign"] == "-" else lag, elapsed)
    match = _GENERIC.match(token)
    if match is None:
        if token[:1] in "+-":
            raise PredecessorError(f"'{token}' has a lag but no task ID before it")
        raise PredecessorError(f"'{token}' cannot be read; {_SHAPE_HELP}")
    generic_id = match["id"]
    if generic_id not in known_ids:
        # An id such as `T-1` or `PASS` swallows what looks like a lag or a type:
        # prefer a split whose id is a task of this plan.
        for cut in _cut_points(token):
            candidate = token[:cut].strip()
            if candidate in known_ids:
                try:
                    return _link_from_suffix(candidate, token[cut:], token)
                except PredecessorError:
                    continue
        digits = re.match(r"\d+", token)
        if digits and digits[0] in known_ids and digits[0] != generic_id:
            # `3XX+` in a plan with task 3: the owner meant task 3; say what is wrong after it.
            raise PredecessorError(_explain_suffix(token[digits.end() :], token))
    return _link_from_suffix(generic_id, match["rest"], token)


def _cut_points(token: str) -> list[int]:
    cuts = [i for i, char in enumerate(token) if char in "+-" and i > 0]
    upper = token.upper()
    cuts += [i for i in range(1, len(token) - 1) if upper[i : i + 2] in _TYPES]
    return sorted(set(cuts), reverse=True)


def parse_predecessors(
    text: str, known_ids: Container[str] = (), memo: dict[str, Link] | None = None
) -> ParsedPredecessors:
    """A whole cell → its links, and a message for each piece that could not be read.

    `memo` (token → link) may be shared across the cells of one plan: each task is the
    predecessor of a few others, so most tokens repeat and are read once.
    """
    problems: list[str] = []
    links = read_links(text, known_ids, {} if memo is None else memo, problems)
    return ParsedPredecessors(links, tuple(problems))


def read_links(
    text: str, known_ids: Container[str], memo: dict[str, Link], problems: list[str]
) -> tuple[Link, ...]:
    """`parse_predecessors` for a Plan column's cells, one after another: the links, each
    piece that cannot be read added to `problems` (no object made per cell)."""
    if text.isdigit():  # one finish-to-start link: the commonest cell
        link = memo.get(text)
        if link is None:
            link = memo[text] = new_link(text)
        return (link,)
    links: list[Link] = []
    for piece in text.split(",") if ";" not in text else _SEPARATORS.split(text):
        token = piece.strip()
        link = memo.get(token)
        if link is None:
            if not token:
                continue  # `3,` or `3,,4`: an empty piece is harmless
            try:
                link = new_link(token) if token.isdigit() else parse_link(token, known_ids)
            except PredecessorError as exc:
                problems.append(str(exc))
                continue
            memo[token] = link
        links.append(link)
    return tuple(links)
