"""The sync config: the example parses, paths resolve, mistakes are one clear line."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest

from pmkit.engine.model import Settings
from sheets_sync.config import (
    _OVERRIDES,
    PortfolioConfig,
    SourceKind,
    load_config,
    parse_config,
    parse_work_week,
    spreadsheet_key,
)
from sheets_sync.errors import ConfigError

MINIMAL = '[[plans]]\nname = "A"\nspreadsheet = "1AbCdEfGhIjKlMnOp"\n'


def test_example_config_parses() -> None:
    """The commented example shipped with the package is a valid config."""
    text = files("sheets_sync").joinpath("example-config.toml").read_text(encoding="utf-8")
    config = parse_config(text, base=Path("/srv/pmkit"))
    assert {plan.kind for plan in config.plans} == set(SourceKind)
    assert config.google.credentials.endswith("service-account.json")
    assert config.portfolio == PortfolioConfig(spreadsheet="1PoRtFoLiOaBcDeFgHiJkLmNoP")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", None, id="none"),
        pytest.param(
            '[portfolio]\nspreadsheet = "https://docs.google.com/spreadsheets/d/1PoRtFoLiO/edit"\n',
            PortfolioConfig(spreadsheet="1PoRtFoLiO"),
            id="url",
        ),
        pytest.param(
            '[portfolio]\nfile = "reports/portfolio.xlsx"\n',
            PortfolioConfig(file=Path("/srv/pmkit/reports/portfolio.xlsx")),
            id="relative-file",
        ),
    ],
)
def test_portfolio_config(text: str, expected: PortfolioConfig | None) -> None:
    """[portfolio] names a spreadsheet (key or URL) or a workbook (relative to the config)."""
    assert parse_config(text + MINIMAL, base=Path("/srv/pmkit")).portfolio == expected


def test_spec_smallest_config_parses(tmp_path: Path) -> None:
    """The smallest config docs/sync.md shows, as written there."""
    text = """
[google]
credentials = "~/.config/pmkit/service-account.json"

[history]
database = "~/.local/share/pmkit/history.sqlite"

[[plans]]
name = "Website relaunch"
spreadsheet = "1AbC...xyz"

[[plans]]
name = "Client plans"
drive_folder = "0FoLdEr...id"

[[plans]]
name = "Shared drive workbooks"
folder = "~/OneDrive/Plans"
""".replace("1AbC...xyz", "1AbCdefghXyz").replace("0FoLdEr...id", "0FoLdErid")
    path = tmp_path / "sync.toml"
    path.write_text(text)
    config = load_config(path)
    assert config.history.database == str(Path("~/.local/share/pmkit/history.sqlite").expanduser())
    assert [p.kind for p in config.plans] == list(SourceKind)
    assert config.plans[2].target == str(Path("~/OneDrive/Plans").expanduser())


def test_overrides_reach_the_settings() -> None:
    """status_date and Settings overrides are applied on top of the plan's own."""
    text = MINIMAL + 'status_date = 2026-03-13\nslip_tolerance_days = 3\nwork_week = "Sun-Thu"\n'
    (plan,) = parse_config(text).plans
    settings = plan.apply_overrides(Settings())
    assert settings.status_date == date(2026, 3, 13)
    assert settings.slip_tolerance_days == 3
    assert settings.work_week == frozenset({6, 0, 1, 2, 3})


def test_every_override_is_a_real_setting() -> None:
    """Override keys name Settings fields, so none is silently ignored."""
    assert set(_OVERRIDES) <= {f.name for f in fields(Settings)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("[[plans]]\nname = 'A'\n", "exactly one of", id="no-source"),
        pytest.param(MINIMAL + "colour = 'red'\n", "unknown key 'colour'", id="typo"),
        pytest.param("[google]\ncredentals = 'x'\n" + MINIMAL, "unknown key", id="google-typo"),
        pytest.param("", "lists no plans", id="no-plans"),
        pytest.param(MINIMAL + MINIMAL, "unique", id="duplicate-names"),
        pytest.param(MINIMAL + "slip_tolerance_days = 'x'\n", "wrong type", id="bad-type"),
        pytest.param("[google]\nendpoint = 'localhost'\n" + MINIMAL, "endpoint", id="endpoint"),
        pytest.param("[history]\ndatabase = 'mysql://x'\n" + MINIMAL, "postgresql", id="db"),
        pytest.param("[sync]\nworkers = 0\n" + MINIMAL, "workers", id="workers"),
        pytest.param("not = [toml", "not valid TOML", id="toml"),
        pytest.param(
            "[portfolio]\nspreadsheet = '1PoRtFoLiOxyz'\nfile = 'p.xlsx'\n" + MINIMAL,
            "exactly one of",
            id="portfolio-both",
        ),
        pytest.param("[portfolio]\n" + MINIMAL, "exactly one of", id="portfolio-empty"),
        pytest.param("[portfolio]\nfile = 'p.csv'\n" + MINIMAL, "xlsx", id="portfolio-csv"),
        pytest.param(
            "[portfolio]\nsheet = 'x'\n" + MINIMAL, "unknown key 'sheet'", id="portfolio-typo"
        ),
    ],
)
def test_config_mistakes_are_clear(text: str, message: str) -> None:
    """Each mistake is a ConfigError naming what is wrong."""
    with pytest.raises(ConfigError, match=message):
        parse_config(text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("1AbCdEfGhIjKlMnOp", "1AbCdEfGhIjKlMnOp", id="key"),
        pytest.param(
            "https://docs.google.com/spreadsheets/d/1AbC-dEf_GhIj/edit#gid=0",
            "1AbC-dEf_GhIj",
            id="url",
        ),
    ],
)
def test_spreadsheet_key(text: str, key: str) -> None:
    """Keys and full URLs both name a spreadsheet."""
    assert spreadsheet_key(text) == key


def test_spreadsheet_key_refuses_junk() -> None:
    """Something that is neither a key nor a URL is refused."""
    with pytest.raises(ConfigError):
        spreadsheet_key("my sheet")


@pytest.mark.parametrize(
    ("text", "days"),
    [
        pytest.param("Mon-Fri", {0, 1, 2, 3, 4}, id="mon-fri"),
        pytest.param("Mon,Wed,Fri", {0, 2, 4}, id="list"),
        pytest.param("Sat-Mon", {5, 6, 0}, id="wraps"),
    ],
)
def test_parse_work_week(text: str, days: set[int]) -> None:
    """Work weeks as ranges, lists, and ranges across the weekend."""
    assert parse_work_week(text) == frozenset(days)


def test_example_is_valid_toml_with_comments() -> None:
    """The example explains its keys (comments), not only lists them."""
    text = files("sheets_sync").joinpath("example-config.toml").read_text(encoding="utf-8")
    tomllib.loads(text)
    assert text.count("#") > 20
