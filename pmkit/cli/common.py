"""Pieces shared by the command modules."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any, TextIO, TypeAlias, cast

from pmkit.engine.schema import PLAN_YEARS

__all__ = [
    "Command",
    "Subcommands",
    "add_format_option",
    "add_status_date_option",
    "json_line",
    "json_text",
    "parse_date_option",
    "single_line",
    "terminal_safe",
    "terminal_text",
    "write_json",
]

Command = Callable[[argparse.Namespace], int]
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


_TERMINAL_CODES = {
    code: f"\\u{code:04x}"
    for code in (
        *range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20),  # C0 controls but tab and line ends
        *range(0x7F, 0xA0),  # DEL and the C1 controls (0x9B starts a command too)
        *range(0x202A, 0x202F), *range(0x2066, 0x206A),  # bidirectional overrides
    )
}  # fmt: skip
"""What a terminal would act on rather than show, as the `\\u001b` text that shows it
(the escape JSON reads back as the same character)."""


_LINE_BREAKS = re.compile("\r\n|[\r\n\v\f\x85\u2028\u2029]")


def single_line(text: str) -> str:
    """`text` on one line, each line break in it shown as ` ↵ `: a cell typed with
    Alt+Enter keeps its row of a text table or list, as the owner can still see."""
    return _LINE_BREAKS.sub(" ↵ ", text) if _LINE_BREAKS.search(text) else text


def terminal_safe(text: str) -> str:
    """`text` with what a terminal would act on rather than show (escape codes, other
    control characters, bidirectional overrides) written as text: `\u001b[2J` shows as
    those characters instead of clearing the screen. For owner text a front end prints
    through a library that writes its own escape codes (rich), so the stream cannot be
    wrapped (`terminal_text`)."""
    return text.translate(_TERMINAL_CODES)


class _TerminalText:
    """A text stream that writes what a terminal would act on as text (`terminal_safe`)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def terminal_text() -> Iterator[None]:
    """While it lasts, what is printed shows control characters and bidirectional overrides
    as text: a plan from someone else may hold escape codes in a cell (`_x001B_`), which
    would otherwise retitle, recolour or reorder the owner's terminal."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = cast("TextIO", _TerminalText(out))
    sys.stderr = cast("TextIO", _TerminalText(err))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def parse_date_option(text: str) -> date:
    """`--status-date 2026-03-13` → a date, or a clear argparse error."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-03-13, got {text!r}") from None
    first, last = PLAN_YEARS
    if not first <= day.year <= last:
        raise argparse.ArgumentTypeError(f"{text} is not a date a plan can use ({first} to {last})")
    return day


def add_status_date_option(parser: argparse.ArgumentParser) -> None:
    """`--status-date YYYY-MM-DD`, the same on every command that measures progress."""
    parser.add_argument(
        "--status-date",
        type=parse_date_option,
        metavar="YYYY-MM-DD",
        help="measure progress on this date (default: the Status Date setting, else today)",
    )


def add_format_option(parser: argparse.ArgumentParser, *formats: str) -> None:
    """`--format text|json|…`: text for people (the default), the others for programs."""
    parser.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        help=f"{formats[0]} for people (default); {', '.join(formats[1:])} for programs",
    )


_BATCH = 2048  # items per piece written
_ONE_LINE = json.JSONEncoder()  # compact: the C encoder (with indent, Python 3.11 uses Python's)
json_line = _ONE_LINE.encode
"""One item as compact JSON text, as `json_text` writes it."""


def json_text(data: Mapping[str, Any], encoded: Mapping[str, list[str]] | None = None) -> str:
    """`data` as JSON laid out for reading and for tools: a key per line, and a list's
    items (tasks, findings) one per line, each as compact JSON. `encoded` gives a key's
    items already written as JSON text (`pmkit.engine.results.task_json_lines`).

    The C encoder writes each item; `indent=2` would send 50,000 tasks through the pure
    Python encoder at five times the cost, and `json.dump` writes each of its millions of
    pieces separately.
    """
    return "".join(_json_pieces(data, encoded or {}))


def write_json(
    data: Mapping[str, Any], out: TextIO, encoded: Mapping[str, list[str]] | None = None
) -> None:
    """`json_text(data, encoded)`, written a few large pieces at a time."""
    for piece in _json_pieces(data, encoded or {}):
        out.write(piece)


def _json_pieces(data: Mapping[str, Any], encoded: Mapping[str, list[str]]) -> Iterator[str]:
    yield "{"
    for number, (key, value) in enumerate(data.items()):
        yield f"{',' if number else ''}\n  {_ONE_LINE.encode(key)}: "
        items = encoded.get(key)
        if items is None and isinstance(value, list) and value:
            items = list(map(_ONE_LINE.encode, value))
        if items:
            yield "[\n    "
            for start in range(0, len(items), _BATCH):  # never the whole list in one copy
                yield (",\n    " if start else "") + ",\n    ".join(items[start : start + _BATCH])
            yield "\n  ]"
        else:
            yield _laid_out(value, "  ")
    yield "\n}\n"


def _laid_out(value: Any, indent: str) -> str:
    """A value nested in `data` (the project, the workload): a key or an item per line
    where it holds containers, and a dict or list of plain values on one line, each piece
    by the C encoder (`json.dumps(indent=2)` took Python's: 0.7 s of a 50,000-task
    plan's workload, about a fifth of `pmkit schedule --format json`)."""
    inner = indent + "  "
    if isinstance(value, dict) and any(isinstance(item, dict | list) for item in value.values()):
        lines = [
            f"{inner}{_ONE_LINE.encode(key)}: {_laid_out(item, inner)}"
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(lines) + f"\n{indent}}}"
    if isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
        lines = [inner + _laid_out(item, inner) for item in value]
        return "[\n" + ",\n".join(lines) + f"\n{indent}]"
    return _ONE_LINE.encode(value)
