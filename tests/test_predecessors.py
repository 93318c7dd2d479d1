"""Parsing Predecessors cells: `ID[TYPE][±LAG[d|ed]]` separated by `,` or `;`."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmkit.engine.model import Link, LinkType
from pmkit.reading.predecessors import parse_link, parse_predecessors
from tests.strategies import any_links


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("3", [Link("3")], id="plain"),
        pytest.param("3FS+2", [Link("3", LinkType.FS, 2)], id="fs-lag"),
        pytest.param("4SS", [Link("4", LinkType.SS)], id="ss"),
        pytest.param("5FF-1", [Link("5", LinkType.FF, -1)], id="ff-lead"),
        pytest.param("6SF", [Link("6", LinkType.SF)], id="sf"),
        pytest.param("7FS+3ed", [Link("7", LinkType.FS, 3, elapsed=True)], id="elapsed"),
        pytest.param("3 FS + 2 d", [Link("3", LinkType.FS, 2)], id="spaces-and-unit"),
        pytest.param("3ss", [Link("3", LinkType.SS)], id="lower-case"),
        pytest.param("3+2", [Link("3", LinkType.FS, 2)], id="lag-without-type"),
        pytest.param("3-2", [Link("3", LinkType.FS, -2)], id="lead-without-type"),
        pytest.param("3+2days", [Link("3", LinkType.FS, 2)], id="days-word"),
        pytest.param("3FS+4 edays", [Link("3", LinkType.FS, 4, elapsed=True)], id="edays"),
        pytest.param(
            "3, 4SS; 5FF-1",
            [Link("3"), Link("4", LinkType.SS), Link("5", LinkType.FF, -1)],
            id="both-separators",
        ),
        pytest.param("3,,4,", [Link("3"), Link("4")], id="empty-pieces-ignored"),
        pytest.param("A1SS+2", [Link("A1", LinkType.SS, 2)], id="text-id"),
    ],
)
def test_good_predecessors(text: str, expected: list[Link]) -> None:
    """Every form docs/reading.md lists is read, with spaces allowed anywhere."""
    parsed = parse_predecessors(text, {"3", "4", "5", "6", "7", "A1"})
    assert list(parsed.links) == expected
    assert parsed.problems == ()


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        pytest.param("3XX+", "'XX+' is not a link type", id="unknown-type"),
        pytest.param("+5", "no task ID", id="lag-without-id"),
        pytest.param("3FS+2x", "'x' after the lag is not a unit", id="bad-unit"),
        pytest.param("3FS+", "missing a number", id="sign-without-number"),
        pytest.param("3FS+2.5", "whole days", id="fractional-lag"),
        pytest.param("3FS+50%", "'%'", id="percent-lag"),
    ],
)
def test_bad_tokens_name_the_bad_piece(text: str, piece: str) -> None:
    """A token that cannot be read is a problem naming the bad piece, and yields no link."""
    parsed = parse_predecessors(text, {"3"})
    assert parsed.links == ()
    [problem] = parsed.problems
    assert piece in problem
    assert text in problem


def test_good_links_survive_a_bad_one() -> None:
    """One bad piece does not cost the other links in the cell."""
    parsed = parse_predecessors("1, 3XX+, 2SS", {"1", "2", "3"})
    assert parsed.links == (Link("1"), Link("2", LinkType.SS))
    assert len(parsed.problems) == 1


@pytest.mark.parametrize(
    ("token", "known", "expected"),
    [
        pytest.param("T-1", {"T-1"}, Link("T-1"), id="dash-id"),
        pytest.param("T-1FS+2", {"T-1"}, Link("T-1", LinkType.FS, 2), id="dash-id-with-lag"),
        pytest.param("PASS", {"PASS", "PA"}, Link("PASS"), id="id-ending-in-ss"),
        pytest.param("PASS", {"PA"}, Link("PA", LinkType.SS), id="ss-link"),
        pytest.param("A-3", set(), Link("A", LinkType.FS, -3), id="lead-when-unknown"),
    ],
)
def test_known_ids_settle_ambiguous_tokens(token: str, known: set[str], expected: Link) -> None:
    """An id with `-` or ending in SS is read as that task when the plan has it."""
    assert parse_link(token, known) == expected


@given(st.lists(any_links, min_size=1, max_size=6), st.sampled_from([",", ";", ", ", " ; "]))
def test_written_links_read_back(written: list[Link], separator: str) -> None:
    """A link written the way pmkit writes it (`str(link)`) reads back as the same link."""
    text = separator.join(str(link) for link in written)
    known = {link.predecessor for link in written}
    parsed = parse_predecessors(text, known)
    assert parsed.problems == ()
    assert list(parsed.links) == written
