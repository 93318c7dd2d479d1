"""Reading plan files (placeholder until the reader lands)."""

from __future__ import annotations

from pathlib import Path

from pmkit.model import Plan

__all__ = ["read_plan"]


def read_plan(path: str | Path) -> Plan:
    raise NotImplementedError("the workbook reader is being written")
