"""`pmkit sync` on the command line: exit codes, the final table, clean logs."""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path

import pytest

from pmkit.cli import main
from tests.sync.fake_google import FakeGoogle, Fault, generate_service_account_key
from tests.sync.portfolio_plans import owners_own_portfolio
from tests.sync.sample_plans import PLAN_HEADER, plan_tabs

EMAIL = "nightly@demo.iam.gserviceaccount.com"


def _config(google: FakeGoogle, tmp_path: Path, keys: list[str], credentials: str) -> Path:
    plans = "".join(f'[[plans]]\nname = "Plan {k}"\nspreadsheet = "{k}"\n' for k in keys)
    path = tmp_path / "sync.toml"
    path.write_text(
        f'[google]\ncredentials = "{credentials}"\nendpoint = "{google.url}"\n'
        "backoff_seconds = 0.01\nmax_attempts = 2\n"
        f'[history]\ndatabase = "{tmp_path / "h.sqlite"}"\n{plans}'
    )
    return path


def test_all_synced_exits_zero_with_a_table(
    google: FakeGoogle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every plan synced: exit 0, and the table shows plan, status and slip."""
    google.add_spreadsheet("plankey00001", "A", plan_tabs(5))
    config = _config(google, tmp_path, ["plankey00001"], "anonymous")
    assert main(["sync", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    for word in ("Plan plankey00001", "Status", "Slip", "Flags", "Red"):
        assert word in out


def test_failures_exit_one_and_log_one_line_each(
    google: FakeGoogle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not shared, not found and quota: exit 1; each says what to do, no traceback, no key."""
    info, public_key = generate_service_account_key(f"{google.url}/token", EMAIL)
    google.register_service_account(EMAIL, public_key)
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(info))
    google.add_spreadsheet("plankey00001", "Shared", plan_tabs(5), shared_with=frozenset({EMAIL}))
    google.add_spreadsheet("plankey00002", "Private", plan_tabs(5), shared_with=frozenset())
    google.add_spreadsheet("plankey00003", "Busy", plan_tabs(5))
    google.faults.append(Fault("plankey00003/values:batchGet", "status", 429, times=99))
    keys = ["plankey00001", "plankey00002", "plankey00003", "plankey00404"]
    config = _config(google, tmp_path, keys, str(key_file))
    assert main(["sync", "--config", str(config)]) == 1
    captured = capsys.readouterr()
    log = captured.err
    assert f"share the sheet with {EMAIL}" in log
    assert "plankey00404 was not found" in log
    assert "per-minute quota" in log
    assert "3 of 4 plans failed" in log
    assert "Traceback" not in log + captured.out
    assert "PRIVATE KEY" not in log + captured.out
    assert "ya29." not in log + captured.out  # no access token


def test_unknown_slip_and_no_baseline_are_told_apart(
    google: FakeGoogle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The table and the log say "unknown" for a plan whose forecast is unknown and "no
    baseline" for one without a baseline, as `pmkit report` does (both said "—")."""
    broken = plan_tabs(5)
    broken["Plan"][3][PLAN_HEADER.index("Duration")] = ""
    google.add_spreadsheet("plankey00001", "Broken", broken)
    unbased = plan_tabs(5)
    kept = [i for i, name in enumerate(PLAN_HEADER) if not name.startswith("Baseline")]
    unbased["Plan"] = [[row[i] for i in kept] for row in unbased["Plan"]]
    google.add_spreadsheet("plankey00002", "Unbased", unbased)
    config = _config(google, tmp_path, ["plankey00001", "plankey00002"], "anonymous")
    assert main(["sync", "--config", str(config)]) == 0
    captured = capsys.readouterr()
    assert "Plan plankey00001: synced; Red, slip unknown, " in captured.err
    assert "Plan plankey00002: synced; Green, no baseline, " in captured.err
    table = captured.out
    assert "unknown" in table
    assert "no baseline" in table
    assert "—" not in table


def test_a_plan_past_its_agreed_finish_reads_how_late_at_least(
    google: FakeGoogle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its agreed finish was Tue 17 Mar; on Fri 20 Mar task 3 cannot be scheduled: the
    log and the table say the slip is at least 3 working days, not a bare "unknown"."""
    late = plan_tabs(3)
    assert late["Plan"][3][PLAN_HEADER.index("Baseline Finish")] == date(2026, 3, 17)
    late["Plan"][3][PLAN_HEADER.index("Duration")] = "five days"
    google.add_spreadsheet("plankey00001", "Late", late)
    config = _config(google, tmp_path, ["plankey00001"], "anonymous")
    assert main(["sync", "--config", str(config)]) == 0
    captured = capsys.readouterr()
    assert "Plan plankey00001: synced; Red, slip ≥ +3 d, " in captured.err
    assert "≥ +3 d" in captured.out


def test_a_workbook_gone_from_its_folder_is_a_row_of_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook synced last night and gone from its folder tonight: a row *not found*
    and a warning naming where it was; not a failure (exit 0)."""
    from sheets_sync import terminal
    from sheets_sync.job import SyncJob
    from tests.builders import write_workbook

    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("acme", "bolt"):
        write_workbook(folder / f"{name}.xlsx", plan_tabs(5))
    config = tmp_path / "sync.toml"
    config.write_text(
        f'[history]\ndatabase = "{tmp_path / "h.sqlite"}"\n'
        f'[[plans]]\nname = "Clients"\nfolder = "{folder}"\n'
    )
    monkeypatch.setenv("COLUMNS", "200")  # one line per row of the table
    for night, gone in ((date(2026, 3, 19), False), (date(2026, 3, 20), True)):
        if gone:
            (folder / "acme.xlsx").unlink()
        monkeypatch.setattr(terminal, "SyncJob", functools.partial(SyncJob, today=night))
        assert main(["sync", "--config", str(config)]) == 0
    captured = capsys.readouterr()
    assert (
        f"Clients / acme.xlsx: not found tonight: acme.xlsx is no longer in the folder {folder}"
        in captured.err
    )
    row = next(line for line in captured.out.splitlines()[::-1] if "acme.xlsx" in line)
    assert "not found" in row


def test_missing_config_is_one_line_exit_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A config that cannot be read stops before any plan, with one line: a ConfigError is a
    PmkitError, which the command line words in its one place (not an internal error)."""
    assert main(["sync", "--config", str(tmp_path / "nope.toml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("pmkit: cannot read the config file")


def test_only_and_dry_run(
    google: FakeGoogle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--only picks one plan; --dry-run writes nothing and says so."""
    for key in ("plankey00001", "plankey00002"):
        google.add_spreadsheet(key, key, plan_tabs(4))
    config = _config(google, tmp_path, ["plankey00001", "plankey00002"], "anonymous")
    code = main(["sync", "--config", str(config), "--only", "plan PLANKEY00002", "--dry-run"])
    assert code == 0
    assert {r.spreadsheet_id for r in google.log} == {"plankey00002"}
    assert all(r.kind == "read" for r in google.log)
    assert "dry run" in capsys.readouterr().out


def test_unknown_only_name_is_a_config_error(
    google: FakeGoogle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--only with a name not in the config lists the names there are."""
    config = _config(google, tmp_path, ["plankey00001"], "anonymous")
    assert main(["sync", "--config", str(config), "--only", "Nope"]) == 2
    assert "Plan plankey00001" in capsys.readouterr().err


def test_shard_option_reaches_the_job(
    google: FakeGoogle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--shard 0/2 and 1/2 between them sync every plan once."""
    keys = [f"plankey{n:05d}" for n in range(6)]
    for key in keys:
        google.add_spreadsheet(key, key, plan_tabs(3))
    config = _config(google, tmp_path, keys, "anonymous")
    assert main(["sync", "--config", str(config), "--shard", "0/2"]) == 0
    assert main(["sync", "--config", str(config), "--shard", "1/2"]) == 0
    writes = sorted(r.spreadsheet_id or "" for r in google.log if r.kind == "write")
    assert writes == keys
    capsys.readouterr()


def test_unusable_key_file_stops_the_run(
    google: FakeGoogle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A key file that is not a key stops before any plan: one line, exit 2."""
    google.add_spreadsheet("plankey00001", "A", plan_tabs(3))
    key_file = tmp_path / "key.json"
    key_file.write_text('{"type": "service_account", "private_key": "-----BEGIN nonsense"}')
    config = _config(google, tmp_path, ["plankey00001"], str(key_file))
    assert main(["sync", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "is not a service-account key file" in err
    assert "nonsense" not in err
    assert google.log == []


def test_public_api_of_the_sync_package() -> None:
    """The package exports exactly its documented names, and the CLI plugs in as `sync`."""
    from importlib.metadata import entry_points

    import sheets_sync

    assert sorted(sheets_sync.__all__) == [
        "PlanOutcome",
        "Shard",
        "SyncConfig",
        "SyncError",
        "SyncJob",
        "load_config",
        "parse_config",
        "resolve_shard",
    ]
    names = {e.name: e.value for e in entry_points(group="pmkit.commands")}
    assert names["sync"] == "sheets_sync.cli:register"


def test_portfolio_line_and_exit_codes(
    google: FakeGoogle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A written portfolio is one line under the table (exit 0); one refused makes the run
    exit 1 while the plans are synced; `--portfolio-only` writes it alone."""
    google.add_spreadsheet("plankey00001", "A", plan_tabs(4))
    google.add_spreadsheet("portfoliokey01", "Portfolio", {"Sheet1": []})
    google.add_spreadsheet("theirportfolio1", "Theirs", {"Portfolio": [["my list"]]})
    config = _config(google, tmp_path, ["plankey00001"], "anonymous")
    base = config.read_text()
    config.write_text(base + '[portfolio]\nspreadsheet = "portfoliokey01"\n')
    assert main(["sync", "--config", str(config)]) == 0
    captured = capsys.readouterr()
    assert "Portfolio: 1 plan and 0 people written to portfoliokey01" in captured.out
    # the log line says it in the same words (it said "1 plan(s) and 0 people")
    assert "portfolio: 1 plan and 0 people written to portfoliokey01" in captured.err
    assert main(["sync", "--config", str(config), "--portfolio-only"]) == 0
    assert "Portfolio: 1 plan and" in capsys.readouterr().out
    config.write_text(base + '[portfolio]\nspreadsheet = "theirportfolio1"\n')
    assert main(["sync", "--config", str(config)]) == 1
    captured = capsys.readouterr()
    assert "portfolio: refused: the portfolio spreadsheet 'Theirs' was not changed" in captured.err
    assert "Traceback" not in captured.err


def test_portfolio_only_refused_exits_two_leaving_it_untouched(
    google: FakeGoogle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--portfolio-only` writes nothing but the portfolio: refused (a tab or sheet of the
    owner's named `Portfolio`), it exits 2 as any command refusing its file, which stays
    byte-identical; a whole run refused the same way exits 1 (its plans were synced)."""
    google.add_spreadsheet("plankey00001", "A", plan_tabs(4))
    google.add_spreadsheet("theirportfolio1", "Theirs", {"Portfolio": [["my list"]]})
    config = _config(google, tmp_path, ["plankey00001"], "anonymous")
    base = config.read_text()
    config.write_text(base + '[portfolio]\nspreadsheet = "theirportfolio1"\n')
    before = google.sheet_bytes("theirportfolio1", "Portfolio")
    assert main(["sync", "--config", str(config)]) == 1
    assert main(["sync", "--config", str(config), "--portfolio-only"]) == 2
    assert google.sheet_bytes("theirportfolio1", "Portfolio") == before

    mine = tmp_path / "mine.xlsx"
    original = owners_own_portfolio(mine)
    config.write_text(base + f'[portfolio]\nfile = "{mine}"\n')
    assert main(["sync", "--config", str(config), "--portfolio-only"]) == 2
    assert mine.read_bytes() == original
    err = capsys.readouterr().err
    assert "mine.xlsx was not changed: it has its own sheet 'Portfolio'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("extra", "options", "message"),
    [
        pytest.param("", ["--portfolio-only"], "no [portfolio] section", id="no-portfolio"),
        pytest.param(
            '[portfolio]\nfile = "p.xlsx"\n',
            ["--portfolio-only", "--shard", "0/2"],
            "without --dry-run, --only or --shard",
            id="with-shard",
        ),
    ],
)
def test_portfolio_only_mistakes_are_one_line(
    google: FakeGoogle,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: str,
    options: list[str],
    message: str,
) -> None:
    """`--portfolio-only` without a [portfolio], or with options that pick plans: exit 2."""
    config = _config(google, tmp_path, ["plankey00001"], "anonymous")
    config.write_text(config.read_text() + extra)
    assert main(["sync", "--config", str(config), *options]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err


def test_escape_codes_in_owner_text_are_shown_as_text(
    google: FakeGoogle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan named with an escape code (a screen-clearing `ESC [2J`): the table and the log
    line show it as `\\u001b[2J`, never the code a terminal would act on. rich strips a bell
    but not an escape, so the command line's stream wrapper cannot serve rich's output."""
    google.add_spreadsheet("plankey00001", "A", plan_tabs(5))
    config = _config(google, tmp_path, ["plankey00001"], "anonymous")
    text = config.read_text().replace('name = "Plan plankey00001"', 'name = "Plan \\u001b[2J"')
    config.write_text(text)
    assert main(["sync", "--config", str(config)]) == 0
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err
    assert "Plan \\u001b[2J" in captured.out
    assert "Plan \\u001b[2J: " in captured.err
