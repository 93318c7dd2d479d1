"""A small LRU of analysed plans, keyed by what the cells hold.

Excel recalculates each `=PM_SLIP(Plan[#All], A2)` cell separately and hands every call
a fresh copy of the table, so a sheet of a thousand such cells would schedule the plan
a thousand times. Instead each call turns the table into a tuple of row tuples and
hashes it (about 0.4 ms for 1,000 × 20 cells); an unchanged table finds its analysis
here and the call costs that hash plus a dictionary lookup.

The key is the hash, not the table: comparing a 20,000-cell key on every hit would
double the cost. Python's 64-bit hash makes an accidental collision between two real
tables vanishingly unlikely; the known quirk that `hash(-1) == hash(-2)` only concerns
negative numbers, which no Plan column accepts. Values that Python holds equal but
the reader does not — `TRUE` and `1`, `FALSE` and `0` — would share a hash, so the key
also hashes the type of every cell. Standard library only.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from itertools import chain
from typing import Generic, TypeVar

__all__ = ["LruCache", "content_key"]

_V = TypeVar("_V")


def content_key(*parts: Hashable) -> int:
    """One integer standing for every part (tables as tuples of row tuples, dates, options)
    and for the type of every value in it, so a `TRUE` cell and a `1` cell differ.

    Raises TypeError when a cell holds something unhashable (a list, a dict).
    """
    return hash((parts, tuple(map(_types, parts))))


def _types(part: object) -> object:
    """The type of `part`, or of each cell when it is a table (rows of cells).

    One C-level pass over the cells: about as long again as hashing them.
    """
    if type(part) is tuple and part and type(part[0]) is tuple:
        return tuple(map(type, chain.from_iterable(part)))
    return type(part)


class LruCache(Generic[_V]):
    """At most `max_entries` values; the least recently used goes first.

    >>> cache: LruCache[str] = LruCache(2)
    >>> cache.get_or_compute(1, lambda: "one")
    'one'
    """

    __slots__ = ("_entries", "hits", "max_entries", "misses")

    def __init__(self, max_entries: int = 8) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, got {max_entries}")
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, _V] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], _V]) -> _V:
        """The value cached under `key`, computing and storing it on a miss.

        A `compute` that raises stores nothing, so the next call tries again.
        """
        entries = self._entries
        try:
            value = entries[key]
        except KeyError:
            self.misses += 1
            value = compute()
            entries[key] = value
            if len(entries) > self.max_entries:
                entries.popitem(last=False)
            return value
        self.hits += 1
        entries.move_to_end(key)
        return value

    def clear(self) -> None:
        self._entries.clear()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)
