"""The Google boundary: credentials, JWT exchange, Drive, error messages, the fake's wire format."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import gspread
import pytest
import requests

from sheets_sync.config import GoogleConfig
from sheets_sync.drive import list_folder_spreadsheets
from sheets_sync.errors import ConfigError, GoogleRequestError, NotSharedError, QuotaError
from sheets_sync.google_client import SheetsClient, load_credentials
from sheets_sync.job import Stage, SyncJob
from tests.sync.fake_google import FakeGoogle, Fault, generate_service_account_key
from tests.sync.sample_plans import plan_tabs
from tests.sync.sync_support import TODAY, spreadsheet_plans, sync_config

EMAIL = "pmkit-sync@demo.iam.gserviceaccount.com"


def _client(google: FakeGoogle, **options: Any) -> SheetsClient:
    config = GoogleConfig(
        credentials=options.pop("credentials", "anonymous"),
        endpoint=google.url,
        backoff_seconds=0.01,
        max_backoff_seconds=0.02,
        read_timeout_seconds=2,
        **options,
    )
    return SheetsClient(config)


def _key_file(google: FakeGoogle, tmp_path: Path) -> Path:
    info, public_key = generate_service_account_key(f"{google.url}/token", EMAIL)
    google.register_service_account(EMAIL, public_key)
    path = tmp_path / "service-account.json"
    path.write_text(json.dumps(info))
    return path


def test_service_account_key_goes_through_a_jwt_exchange(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """A key made in the test signs a JWT; the fake verifies it and its token opens the sheet."""
    google.require_auth = True
    google.add_spreadsheet("privatekey01", "Private", plan_tabs(4), shared_with=frozenset({EMAIL}))
    key_file = _key_file(google, tmp_path)
    config = sync_config(
        google, tmp_path, spreadsheet_plans("privatekey01"), credentials=str(key_file)
    )
    (outcome,) = SyncJob(config, today=TODAY).run()
    assert outcome.stage is Stage.DONE
    kinds = [r.kind for r in google.log]
    assert kinds[0] == "token"
    assert kinds.count("token") == 1
    assert google.tokens
    assert set(google.tokens.values()) == {EMAIL}


def test_a_forged_key_is_refused(google: FakeGoogle, tmp_path: Path) -> None:
    """A JWT signed with a key the fake does not know gets no token, and says so."""
    info, _ = generate_service_account_key(f"{google.url}/token", EMAIL)
    _, other_public = generate_service_account_key(f"{google.url}/token", EMAIL)
    google.register_service_account(EMAIL, other_public)
    path = tmp_path / "key.json"
    path.write_text(json.dumps(info))
    client = _client(google, credentials=str(path))
    with pytest.raises(GoogleRequestError, match=f"access token for {EMAIL}"):
        client.fetch_metadata("anykey00001")


def test_not_shared_names_the_service_account(google: FakeGoogle, tmp_path: Path) -> None:
    """A 403 says which account to share the sheet with."""
    google.add_spreadsheet("privatekey01", "Private", plan_tabs(4), shared_with=frozenset())
    client = _client(google, credentials=str(_key_file(google, tmp_path)))
    with pytest.raises(NotSharedError, match=f"share the sheet with {EMAIL}"):
        client.fetch_metadata("privatekey01")


def test_a_plan_shared_read_only_says_so(google: FakeGoogle, tmp_path: Path) -> None:
    """A plan shared with the job as a Viewer is read, then its write is refused: the line
    says it is shared read-only and to make the account an Editor (not "not shared")."""
    google.require_auth = True
    google.add_spreadsheet(
        "viewonly0001", "Acme", plan_tabs(4), shared_with=frozenset(), viewers=frozenset({EMAIL})
    )
    before = google.sheet_bytes("viewonly0001", "Plan")
    config = sync_config(
        google,
        tmp_path,
        spreadsheet_plans("viewonly0001"),
        credentials=str(_key_file(google, tmp_path)),
    )
    (outcome,) = SyncJob(config, today=TODAY).run()
    assert outcome.stage is Stage.FAILED
    assert outcome.message is not None
    assert "not shared" not in outcome.message
    assert "read-only" in outcome.message
    assert f"share the sheet with {EMAIL} as an Editor" in outcome.message
    assert [tab.title for tab in google.spreadsheets["viewonly0001"].sheets] == list(plan_tabs(4))
    assert google.sheet_bytes("viewonly0001", "Plan") == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("{not json", "is not a service-account key file", id="not-json"),
        pytest.param('{"type": "service_account"}', "is not a service-account key", id="no-key"),
    ],
)
def test_bad_key_files_are_config_errors(tmp_path: Path, text: str, message: str) -> None:
    """A broken key file is one clear line, without its contents."""
    path = tmp_path / "key.json"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_credentials(GoogleConfig(credentials=str(path)))
    assert "{" not in str(caught.value)


def test_missing_key_file_is_a_config_error(tmp_path: Path) -> None:
    """A key path that does not exist says so."""
    with pytest.raises(ConfigError, match="does not exist"):
        load_credentials(GoogleConfig(credentials=str(tmp_path / "nope.json")))


def test_quota_that_stays_exhausted_is_reported(google: FakeGoogle) -> None:
    """429 on every try ends as a QuotaError naming the settings to change."""
    google.add_spreadsheet("plankey00001", "P", plan_tabs(3))
    google.faults.append(Fault("GET /v4/", "status", 429, times=99))
    with pytest.raises(QuotaError, match="read_requests_per_minute"):
        _client(google, max_attempts=3).fetch_metadata("plankey00001")
    assert len(google.log) == 3


def test_drive_listing_skips_trashed_and_follows_pages(
    google: FakeGoogle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only live spreadsheets in the folder come back, across several pages."""
    monkeypatch.setattr("sheets_sync.drive._PAGE_SIZE", 2)
    for n in range(7):
        google.add_spreadsheet(
            f"inkey{n:07d}", f"Plan {n}", {}, parents=("FOLDER",), trashed=n == 3
        )
    google.add_spreadsheet("elsewhere01", "Other", {}, parents=("OTHER",))
    from tests.sync.fake_google import DriveFile

    google.drive_files.append(DriveFile("docid00001", "Notes", "application/pdf", ("FOLDER",)))
    found = list_folder_spreadsheets(_client(google), "FOLDER")
    assert [item.key for item in found] == [f"inkey{n:07d}" for n in (0, 1, 2, 4, 5, 6)]
    pages = [r.query.get("pageToken") for r in google.log]
    assert pages == [None, ["2"], ["4"]]


def test_drive_folder_entry_syncs_every_spreadsheet(google: FakeGoogle, tmp_path: Path) -> None:
    """A drive_folder entry becomes one plan per spreadsheet, named after it."""
    for n in range(3):
        google.add_spreadsheet(f"inkey{n:07d}", f"Client {n}", plan_tabs(4), parents=("FOLDER",))
    plans = '[[plans]]\nname = "Clients"\ndrive_folder = "https://drive.google.com/drive/folders/FOLDER"\n'
    outcomes = SyncJob(sync_config(google, tmp_path, plans), today=TODAY).run()
    assert [(o.name, o.stage) for o in outcomes] == [
        (f"Clients / Client {n}", Stage.DONE) for n in range(3)
    ]


def test_drive_spreadsheet_trashed_is_said_not_dropped(google: FakeGoogle, tmp_path: Path) -> None:
    """A spreadsheet of a Drive folder the next night no longer in it (trashed): the run
    says so by its name, with what may have happened, rather than drop the client."""
    for n in range(2):
        google.add_spreadsheet(f"inkey{n:07d}", f"Client {n}", plan_tabs(4), parents=("FOLDER",))
    config = sync_config(google, tmp_path, '[[plans]]\nname = "Clients"\ndrive_folder = "FOLDER"\n')
    SyncJob(config, today=TODAY).run()
    google.drive_files[1].trashed = True
    outcomes = SyncJob(config, today=TODAY + timedelta(days=3)).run()
    assert [(o.name, o.stage, o.message) for o in outcomes] == [
        (
            "Clients / Client 1",
            Stage.MISSING,
            "it is no longer in the Drive folder FOLDER (moved, deleted, or no longer shared "
            "with pmkit's account?)",
        ),
        ("Clients / Client 0", Stage.DONE, None),
    ]


def test_gspread_session_uses_the_endpoint(google: FakeGoogle) -> None:
    """Plain gspread, pointed at the fake by our client, reads values as Google does."""
    google.add_spreadsheet(
        "plankey00001", "P", {"Plan": [["ID", "Task", "", ""], [1, "A"], [], []]}
    )
    client = _client(google)
    answer = client.batch_get("plankey00001", ["'Plan'"])
    assert answer == [
        {"range": "Plan!A1:Z1000", "majorDimension": "ROWS", "values": [["ID", "Task"], [1, "A"]]}
    ]
    assert isinstance(client._http(), gspread.http_client.HTTPClient)


# --- the fake's own fidelity -----------------------------------------------------------------


def _request(google: FakeGoogle, method: str, path: str, **kwargs: Any) -> requests.Response:
    return requests.request(method, google.url + path, timeout=5, **kwargs)


def test_fake_error_envelope_and_trimming(google: FakeGoogle) -> None:
    """Errors come in Google's envelope; empty trailing cells and rows are trimmed."""
    google.add_spreadsheet(
        "k0000000001", "P", {"Plan": [["a", "", "c", "", ""], ["", ""], ["x"], []]}
    )
    answer = _request(google, "GET", "/v4/spreadsheets/k0000000001/values/Plan!A1:E4").json()
    assert answer["values"] == [["a", "", "c"], [], ["x"]]
    missing = _request(google, "GET", "/v4/spreadsheets/k0000000001/values/Nope")
    assert missing.status_code == 400
    assert missing.json() == {
        "error": {
            "code": 400,
            "message": "Unable to parse range: Nope",
            "status": "INVALID_ARGUMENT",
        }
    }


def test_fake_raw_versus_user_entered(google: FakeGoogle) -> None:
    """USER_ENTERED parses formulas, numbers and dates; RAW keeps text as text."""
    google.add_spreadsheet("k0000000001", "P", {"Plan": [[]]})
    row = [["=1+1", "12", "2026-03-01", "'007"]]
    for option, at in (("RAW", "A1"), ("USER_ENTERED", "A2")):
        _request(
            google,
            "PUT",
            f"/v4/spreadsheets/k0000000001/values/Plan!{at}",
            params={"valueInputOption": option},
            json={"values": row},
        )
    formulas = google.values("k0000000001", "Plan", render="FORMULA")
    assert formulas[0] == ["=1+1", "12", "2026-03-01", "'007"]
    assert formulas[1] == ["=1+1", 12, 46082, "007"]
    missing = _request(
        google, "PUT", "/v4/spreadsheets/k0000000001/values/Plan!A3", json={"values": row}
    )
    assert missing.status_code == 400


def test_fake_batch_update_is_all_or_nothing(google: FakeGoogle) -> None:
    """A batch whose second request fails leaves the spreadsheet untouched."""
    google.add_spreadsheet("k0000000001", "P", {"Plan": [["ID"]]})
    before = google.sheet_bytes("k0000000001", "Plan")
    body = {
        "requests": [
            {"addSheet": {"properties": {"title": "New"}}},
            {"addSheet": {"properties": {"title": "plan"}}},
        ]
    }
    answer = _request(google, "POST", "/v4/spreadsheets/k0000000001:batchUpdate", json=body)
    assert answer.status_code == 400
    assert "already exists" in answer.json()["error"]["message"]
    assert [s.title for s in google.spreadsheets["k0000000001"].sheets] == ["Plan"]
    assert google.sheet_bytes("k0000000001", "Plan") == before


def test_fake_quota_answers_429(google: FakeGoogle) -> None:
    """Past the per-minute read quota the fake answers RESOURCE_EXHAUSTED."""
    google.add_spreadsheet("k0000000001", "P", {"Plan": [["ID"]]})
    google.read_quota_per_minute = 2
    codes = [_request(google, "GET", "/v4/spreadsheets/k0000000001").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert google.quota_rejections == 1


def test_a_sheet_listed_twice_is_synced_once(google: FakeGoogle, tmp_path: Path) -> None:
    """A spreadsheet named directly and also in a listed Drive folder is one plan."""
    google.add_spreadsheet("inkey0000001", "Client 1", plan_tabs(4), parents=("FOLDER",))
    plans = (
        '[[plans]]\nname = "Direct"\nspreadsheet = "inkey0000001"\n'
        '[[plans]]\nname = "Clients"\ndrive_folder = "FOLDER"\n'
    )
    outcomes = SyncJob(sync_config(google, tmp_path, plans), today=TODAY).run()
    assert [o.name for o in outcomes] == ["Direct"]
    assert [r.kind for r in google.log].count("write") == 1
