"""Helpers for the morning-digest tests: plans with a Team sheet, configs, what arrived."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from sheets_sync.config import SyncConfig, parse_config
from tests.builders import write_workbook
from tests.sync.nightly_plans import night_tabs

__all__ = [
    "BOSS",
    "TEAM",
    "digest_config",
    "parts",
    "plan_folder",
    "write_plan",
]

BOSS = "boss@example.com"
TEAM: list[list[object]] = [
    ["Owner", "Email", "Capacity"],
    ["Ann", "ann@example.com", 1],
    ["Bob", "bob@example.com", 1],
    ["Cy", "cy@example.com", 1],
    ["Dana", "dana@example.com", 1],
]


def write_plan(
    path: Path,
    night: int = 1,
    *,
    project: str | None = None,
    task_name: str | None = None,
    team: list[list[object]] | None = None,
) -> Path:
    """The three-night plan of `nightly_plans` as it stands on `night`, with a Team sheet;
    `project` renames it (Settings), `task_name` renames task 1 (Ann's)."""
    tabs = night_tabs(night)
    tabs["Team"] = team if team is not None else TEAM
    if project is not None:
        tabs["Settings"] = [
            row if row[0] != "Project" else ["Project", project] for row in tabs["Settings"]
        ]
    if task_name is not None:
        tabs["Plan"][1][1] = task_name
    return write_workbook(path, tabs)


def plan_folder(tmp_path: Path, name: str = "plans") -> Path:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    return folder


def digest_config(
    tmp_path: Path,
    folder: Path,
    *,
    smtp: str | None,
    ca_file: Path | None = None,
    notify: tuple[str, ...] = (BOSS,),
    extra: str = "",
    plans: str | None = None,
    plans_extra: str = "",
) -> SyncConfig:
    """A config syncing the workbooks of `folder`, with fast retries (3 tries)."""
    lines = ["[digest]", 'sender = "pmkit <pm@example.com>"']
    if smtp is not None:
        lines.append(f'smtp = "{smtp}"')
    if ca_file is not None:
        lines.append(f'ca_file = "{ca_file}"')
    lines.append("timeout_seconds = 5")
    lines.append(extra)
    listed = ", ".join(f'"{address}"' for address in notify)
    entries = plans or f'[[plans]]\nname = "Shared"\nfolder = "{folder}"\nnotify = [{listed}]\n'
    text = f"""
[google]
max_attempts = 3
backoff_seconds = 0.01
max_backoff_seconds = 0.02

[history]
database = "{tmp_path / "history.sqlite"}"

{chr(10).join(lines)}

{plans_extra}

{entries}
"""
    return parse_config(text, base=tmp_path)


def parts(message: EmailMessage) -> dict[str, str]:
    """The text of each part of a multipart/alternative message, by content type."""
    assert message.get_content_type() == "multipart/alternative"
    found: dict[str, str] = {}
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        found[part.get_content_type()] = str(part.get_content())
    return found
