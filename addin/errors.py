"""The one place where anything raised under a cell function or a button becomes a sentence.

A cell never shows a Python traceback: `PM_SLIP: task 99 is not in the plan` (and a
button's message box says `Refresh report: … has no Plan sheet …`). A
`PmkitError` carries a sentence written for the owner; anything else is a bug, said
as such in one line. Standard library only (it also runs in xlwings Lite).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from pmkit import PmkitError

__all__ = [
    "CELL_TEXT_LIMIT",
    "MESSAGE_BOX_LIMIT",
    "answers_in_cells",
    "cap_text",
    "cell_message",
]

_F = TypeVar("_F", bound=Callable[..., Any])

CELL_TEXT_LIMIT = 120
"""The longest text a cell function answers: Excel holds 32,767 characters, a cell shows a line."""
MESSAGE_BOX_LIMIT = 400
"""The longest message a button shows in its message box."""


def cap_text(text: str, limit: int = CELL_TEXT_LIMIT) -> str:
    """`text` cut to `limit` characters, ending in "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cell_message(function_name: str, error: BaseException, limit: int = CELL_TEXT_LIMIT) -> str:
    """The text a cell shows for `error` raised while computing `function_name`.

    >>> from pmkit import TaskNotFoundError
    >>> cell_message("PM_SLIP", TaskNotFoundError("task 99 is not in the plan"))
    'PM_SLIP: task 99 is not in the plan'
    """
    if isinstance(error, PmkitError):
        text = str(error)
    elif isinstance(error, RecursionError | MemoryError):
        text = "the plan is too large to compute in Excel; use `pmkit report` instead"
    else:
        text = (
            f"unexpected internal error ({type(error).__name__}); please report it "
            "with the workbook"
        )
    return cap_text(f"{function_name}: {' '.join(text.split())}", limit)


def answers_in_cells(function_name: str) -> Callable[[_F], _F]:
    """Decorate a cell function so that every exception becomes its cell message, and no
    text answer (a message, "Forecast unknown: …", a spilled list's text) passes
    `CELL_TEXT_LIMIT`. Spilled tables keep their cells whole, as the report does.

    The wrapper keeps the signature, docstring and annotations (`functools.wraps`), so
    xlwings still sees the real arguments.
    """

    def decorate(function: _F) -> _F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                answer = function(*args, **kwargs)
            except Exception as error:  # the boundary: nothing may escape into a cell
                return cell_message(function_name, error)
            if isinstance(answer, str):
                return cap_text(answer)
            if isinstance(answer, list) and not any(isinstance(item, list) for item in answer):
                return [cap_text(item) if isinstance(item, str) else item for item in answer]
            return answer

        # Excel's function wizard shows the docstring as it is: one clean paragraph.
        wrapper.__doc__ = " ".join(inspect.cleandoc(function.__doc__ or "").split())
        return wrapper  # type: ignore[return-value]

    return decorate
