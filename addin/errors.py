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

from pmkit.engine.errors import PmkitError

__all__ = ["answers_in_cells", "cell_message"]

_F = TypeVar("_F", bound=Callable[..., Any])

_LONGEST_MESSAGE = 400  # Excel shows up to 32,767 characters; a message should stay short


def cell_message(function_name: str, error: BaseException) -> str:
    """The text a cell shows for `error` raised while computing `function_name`.

    >>> from pmkit.engine.errors import TaskNotFoundError
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
    message = f"{function_name}: {' '.join(text.split())}"
    if len(message) > _LONGEST_MESSAGE:
        message = message[: _LONGEST_MESSAGE - 1] + "…"
    return message


def answers_in_cells(function_name: str) -> Callable[[_F], _F]:
    """Decorate a cell function so that every exception becomes its cell message.

    The wrapper keeps the signature, docstring and annotations (`functools.wraps`), so
    xlwings still sees the real arguments.
    """

    def decorate(function: _F) -> _F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except Exception as error:  # the boundary: nothing may escape into a cell
                return cell_message(function_name, error)

        # Excel's function wizard shows the docstring as it is: one clean paragraph.
        wrapper.__doc__ = " ".join(inspect.cleandoc(function.__doc__ or "").split())
        return wrapper  # type: ignore[return-value]

    return decorate
