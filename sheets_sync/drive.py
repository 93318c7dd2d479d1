"""Listing the Google spreadsheets in a Drive folder (Drive v3 `files.list`).

Uses google-api-python-client with its bundled discovery document (no network fetch
for it), the same credentials, endpoint and retries as the Sheets calls. Trashed files
are left out by the query, and every page is followed.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Any

import httplib2  # type: ignore[import-untyped]
from google.auth.credentials import AnonymousCredentials
from google_auth_httplib2 import AuthorizedHttp  # type: ignore[import-untyped]
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from sheets_sync.errors import (
    GoogleRequestError,
    GoogleUnavailableError,
    NotSharedError,
    SpreadsheetNotFoundError,
)
from sheets_sync.google_client import SheetsClient
from sheets_sync.retry import Verdict, retry_call

__all__ = ["SPREADSHEET_MIME_TYPE", "DriveSpreadsheet", "list_folder_spreadsheets"]

SPREADSHEET_MIME_TYPE = "application/vnd.google-apps.spreadsheet"
_PAGE_SIZE = 1000


@dataclass(frozen=True, slots=True)
class DriveSpreadsheet:
    key: str
    title: str


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _service(client: SheetsClient) -> Any:
    config = client.config
    http = httplib2.Http(
        timeout=int(max(config.connect_timeout_seconds, config.read_timeout_seconds))
    )
    if not isinstance(client.credentials, AnonymousCredentials):
        http = AuthorizedHttp(client.credentials, http=http)
    options = {"api_endpoint": f"{config.endpoint}/drive/v3/"} if config.endpoint else None
    return build(
        "drive",
        "v3",
        http=http,
        client_options=options,
        cache_discovery=False,
        static_discovery=True,
    )


def _classify(exc: BaseException) -> Verdict:
    if isinstance(exc, HttpError):
        return Verdict.again() if exc.status_code in (429, 500, 502, 503, 504) else Verdict.fail()
    if isinstance(exc, OSError | socket.timeout | httplib2.HttpLib2Error):
        return Verdict.again()  # files.list only reads: always safe to ask again
    return Verdict.fail()


def list_folder_spreadsheets(client: SheetsClient, folder_id: str) -> list[DriveSpreadsheet]:
    """Every spreadsheet directly in the folder (not trashed), in Drive's order."""
    service = _service(client)
    query = (
        f"{_quote(folder_id)} in parents and trashed = false "
        f"and mimeType = {_quote(SPREADSHEET_MIME_TYPE)}"
    )
    found: list[DriveSpreadsheet] = []
    page_token: str | None = None
    while True:
        request = service.files().list(
            q=query,
            pageSize=_PAGE_SIZE,
            pageToken=page_token,
            fields="nextPageToken, files(id, name)",
            supportsAllDrives=True,
            includeItemsFromAllDrives=True,
            corpora="allDrives",  # folders on shared drives too
        )
        try:
            page = retry_call(request.execute, client.policy, _classify)
        except HttpError as exc:
            raise _translate(exc, folder_id, client.client_email) from None
        except (OSError, httplib2.HttpLib2Error) as exc:
            raise GoogleUnavailableError(
                f"could not list Drive folder {folder_id}: {type(exc).__name__}, "
                f"after {client.policy.max_attempts} tries"
            ) from None
        found.extend(
            DriveSpreadsheet(item["id"], item.get("name", item["id"]))
            for item in page.get("files", [])
        )
        page_token = page.get("nextPageToken")
        if not page_token:
            return found


def _translate(exc: HttpError, folder_id: str, email: str | None) -> Exception:
    status = exc.status_code
    if status == 403:
        who = email or "the account this job runs as"
        return NotSharedError(f"cannot list Drive folder {folder_id}: share the folder with {who}")
    if status == 404:
        return SpreadsheetNotFoundError(f"Drive folder {folder_id} was not found")
    if status >= 500 or status == 429:
        return GoogleUnavailableError(f"Google Drive answered {status} listing folder {folder_id}")
    reason = str(exc.reason or "").splitlines()[0][:200] if exc.reason else ""
    return GoogleRequestError(
        f"Google Drive refused to list folder {folder_id} ({status}): {reason}"
    )
