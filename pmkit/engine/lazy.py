"""`Deferred`: a read-only sequence computed the first time it is read.

`pmkit.analyze` decides every finding at once but groups and words them only when a
front end reads them: a cell function that asks for the slip never pays for sentences,
and the details folded into a grouped finding are worded when someone opens them. Equal
to (and hashed as) the tuple of what it holds, so it stands in for a tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar, overload

__all__ = ["Deferred"]

T = TypeVar("T")


class Deferred(Sequence[T]):
    """The items `make()` returns, computed on first use and kept.

    `nonempty=True` promises there is at least one, so truth needs no computing.
    """

    __slots__ = ("_items", "_make", "_nonempty")

    def __init__(self, make: Callable[[], Sequence[T]], *, nonempty: bool = False) -> None:
        self._make: Callable[[], Sequence[T]] | None = make
        self._items: tuple[T, ...] = ()
        self._nonempty = nonempty

    def _done(self) -> tuple[T, ...]:
        make = self._make
        if make is not None:
            self._items = tuple(make())
            self._make = None
        return self._items

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._done()[index]

    def __len__(self) -> int:
        return len(self._done())

    def __iter__(self) -> Iterator[T]:
        return iter(self._done())

    def __bool__(self) -> bool:
        return self._nonempty or bool(self._done())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self._done() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._done())

    def __repr__(self) -> str:
        return repr(self._done())
