"""`PredecessorLink` elements → pmkit links, translating Microsoft Project UIDs to task IDs.

Link types: 0 FF, 1 FS, 2 SF, 3 SS. `LinkLag` is in tenths of a minute; its
`LagFormat` says whether the lag counts elapsed or working time (or a percent of the
predecessor's duration). A link to or from a summary task becomes links to or from
each task beneath it, which is exact for finish-to-start.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import Link, LinkType
from pmkit.mspdi.days import MAX_DAYS, DayRules, whole_days_nearest
from pmkit.mspdi.document import ProjectDocument
from pmkit.mspdi.outline import OutlineRow
from pmkit.mspdi.values import LagFormat, parse_bool, parse_float, parse_int

__all__ = ["LINK_TYPES", "read_links"]

LINK_TYPES: Mapping[int, LinkType] = {
    0: LinkType.FF,
    1: LinkType.FS,
    2: LinkType.SF,
    3: LinkType.SS,
}
_WORKING_DAYS_FORMAT = 7


def read_links(
    document: ProjectDocument,
    row: OutlineRow,
    *,
    rows_by_uid: Mapping[int, OutlineRow],
    leaves: Mapping[int, list[int]],
    durations: Mapping[int, int | None],
    rules: DayRules,
) -> tuple[list[tuple[int, Link]], list[Issue]]:
    """`row`'s own predecessor links as (successor UID, link) pairs, and findings."""
    pairs: list[tuple[int, Link]] = []
    issues: list[Issue] = []
    for element in document.children(row.element, "PredecessorLink"):
        link, predecessor_uid, problems = _read_link(
            document, element, row=row, rows_by_uid=rows_by_uid, durations=durations, rules=rules
        )
        issues.extend(problems)
        if link is None or predecessor_uid is None:
            continue
        predecessor = rows_by_uid[predecessor_uid]
        sources = (
            leaves.get(predecessor_uid, [predecessor_uid])
            if predecessor.summary
            else [predecessor_uid]
        )
        targets = leaves.get(row.uid, []) if row.summary else [row.uid]
        if predecessor.summary or row.summary:
            issues.append(_summary_link_note(row, predecessor, link))
        for source in sources:
            for target in targets:
                if source != target or not (predecessor.summary or row.summary):
                    pairs.append((target, _with_predecessor(link, rows_by_uid[source].id)))
    return pairs, issues


def _with_predecessor(link: Link, predecessor: str) -> Link:
    return Link(predecessor, link.type, link.lag_days, link.elapsed)


def _read_link(
    document: ProjectDocument,
    element: ET.Element,
    *,
    row: OutlineRow,
    rows_by_uid: Mapping[int, OutlineRow],
    durations: Mapping[int, int | None],
    rules: DayRules,
) -> tuple[Link | None, int | None, list[Issue]]:
    issues: list[Issue] = []
    uid_text = document.text(element, "PredecessorUID")
    uid = parse_int(uid_text)
    if parse_bool(document.text(element, "CrossProject")):
        name = document.text(element, "CrossProjectName") or "another project"
        issues.append(
            _issue(
                Severity.WARNING,
                Code.UNKNOWN_PREDECESSOR,
                row,
                f"{row.label} follows a task in {name}; links between projects are not read",
            )
        )
        return None, None, issues
    if uid is None or uid not in rows_by_uid:
        issues.append(
            _issue(
                Severity.ERROR,
                Code.UNKNOWN_PREDECESSOR,
                row,
                f"{row.label} has a predecessor with UID "
                f"{uid_text or '(blank)'}, which is not a task in this file; "
                "the link was left out",
            )
        )
        return None, None, issues
    type_code = parse_int(document.text(element, "Type"))
    link_type = LINK_TYPES.get(type_code if type_code is not None else 1)
    if link_type is None:
        issues.append(
            _issue(
                Severity.WARNING,
                Code.BAD_PREDECESSOR,
                row,
                f"{row.label} has a link of unknown type {type_code}; read as finish-to-start",
            )
        )
        link_type = LinkType.FS
    lag_tenths = parse_float(document.text(element, "LinkLag")) or 0.0
    lag_format = LagFormat(parse_int(document.text(element, "LagFormat")) or _WORKING_DAYS_FORMAT)
    if lag_format.percent:
        predecessor_days = durations.get(uid) or 0
        lag_days = predecessor_days * lag_tenths / 100
        if lag_tenths:
            issues.append(
                _issue(
                    Severity.WARNING,
                    Code.BAD_PREDECESSOR,
                    row,
                    f"{row.label} has a lag of {lag_tenths:g}% of task "
                    f"{rows_by_uid[uid].id}'s duration, read as {lag_days:g} working days",
                )
            )
    elif lag_format.elapsed:
        lag_days = lag_tenths / 10 / (24 * 60)
    else:
        lag_days = rules.days_from_minutes(lag_tenths / 10)
    whole = whole_days_nearest(lag_days)
    if abs(whole) > MAX_DAYS:
        issues.append(
            _issue(
                Severity.ERROR,
                Code.BAD_PREDECESSOR,
                row,
                f"{row.label} has a lag of {lag_days:,.0f} days on the link from "
                f"{rows_by_uid[uid].id}, beyond any plan; the link was left out",
            )
        )
        return None, None, issues
    if abs(whole - lag_days) > 1e-6:
        issues.append(
            _issue(
                Severity.WARNING,
                Code.ROUNDED_DURATION,
                row,
                f"{row.label} has a lag of {lag_days:g} days on the link from "
                f"{rows_by_uid[uid].id}, rounded to {whole} whole days",
            )
        )
    return Link("", link_type, whole, lag_format.elapsed and not lag_format.percent), uid, issues


def _summary_link_note(row: OutlineRow, predecessor: OutlineRow, link: Link) -> Issue:
    # A summary finishes with its last task and starts with its first: finishes from a
    # summary and starts into one carry over exactly; the other ends only approximately.
    exact = (not predecessor.summary or link.type in {LinkType.FS, LinkType.FF}) and (
        not row.summary or link.type in {LinkType.FS, LinkType.SS}
    )
    which = (
        predecessor.label_as("summary task") if predecessor.summary else f"task {predecessor.id}"
    )
    target = row.label_as("summary task") if row.summary else f"task {row.id}"
    return _issue(
        Severity.INFO if exact else Severity.WARNING,
        Code.BAD_PREDECESSOR,
        row,
        f"The {link.type.value} link from {which} to {target} was read as links "
        "between the tasks beneath the summary"
        + ("" if exact else "; check the dates, as pmkit has no summary tasks"),
    )


def _issue(severity: Severity, code: Code, row: OutlineRow, message: str) -> Issue:
    return Issue(severity, code, row.location, row.id, message)
