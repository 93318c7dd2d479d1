"""Pausing Python's cyclic garbage collector around work that builds many objects.

Reading, scheduling and analysing a plan allocate tens of thousands of small objects
that form no reference cycles (rows, links, findings). While they pile up, the cyclic
collector walks all of them again and again — half the run time at 10,000 tasks — and
frees nothing that reference counting would not free anyway. Standard library only.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; re-enable it after, if it was on.

    Nesting is safe: an inner block leaves the collector as the outer one set it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
