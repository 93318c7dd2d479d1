"""The Google Sheets boundary: gspread's HTTP client with our timeouts, retries and quotas.

Three calls are all the sync needs per plan: the spreadsheet's metadata, one
`values:batchGet`, one `spreadsheets:batchUpdate` (and a second, small `values:batchGet`
when a number's format decides what it means: `sheets_sync.sheets_plan`). They go
through gspread 6.2.1's `HTTPClient`, subclassed so that every request

* goes to `[google] endpoint` instead of Google's hosts when one is configured,
* waits for a slot in the shared per-minute read or write quota,
* carries a (connect, read) timeout, and
* is retried with bounded, jittered backoff on 429, 5xx, timeouts and dropped
  connections — except a write whose answer was lost, which is reported as
  `AmbiguousWriteError` so the caller can look before writing again.

gspread's own `BackOffHTTPClient` is not used: it retries without end. Library errors
are turned into `SyncError`s here, with messages that name the fix and no secrets.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from email.utils import parsedate_to_datetime
from typing import Any

import google.auth
import requests
from google.auth.credentials import AnonymousCredentials, Credentials
from google.auth.exceptions import DefaultCredentialsError, RefreshError, TransportError
from google.oauth2 import service_account
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from sheets_sync.config import GoogleConfig
from sheets_sync.errors import (
    AmbiguousWriteError,
    ConfigError,
    GoogleRequestError,
    GoogleUnavailableError,
    NotSharedError,
    QuotaError,
    SpreadsheetNotFoundError,
    SyncError,
)
from sheets_sync.ratelimit import QuotaLimiter
from sheets_sync.retry import RetryPolicy, Verdict, retry_call

__all__ = [
    "GOOGLE_HOSTS",
    "METADATA_FIELDS",
    "SCOPES",
    "SheetsClient",
    "encode_batch",
    "load_credentials",
]

log = logging.getLogger("sheets_sync")

SCOPES = (
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive.readonly",
)
GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com")
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
METADATA_FIELDS = (
    "spreadsheetId,properties(title,locale,timeZone),"
    "sheets(properties(sheetId,title,index,gridProperties),"
    "developerMetadata(metadataId,metadataKey,metadataValue),"
    "charts(chartId),merges,basicFilter(range),rowGroups(range))"
)
"""What the first call asks for: tabs and grids, pmkit's marks, charts, merges, filters,
row groups."""
_BATCH_UPDATE_URL = "https://sheets.googleapis.com/v4/spreadsheets/{key}:batchUpdate"


def encode_batch(requests: Sequence[Mapping[str, Any]]) -> bytes:
    """The body of a `spreadsheets:batchUpdate`, as sent: compact JSON (a tenth smaller
    than the spaced JSON gspread would send, which counts against Google's 10 MB)."""
    return json.dumps({"requests": requests}, separators=(",", ":"), allow_nan=False).encode()


def load_credentials(config: GoogleConfig) -> tuple[Credentials, str | None]:
    """The credentials the config names, and the account's email when known."""
    if config.credentials == "anonymous":
        return AnonymousCredentials(), None  # type: ignore[no-untyped-call]
    if config.credentials == "default":
        try:
            credentials, _project = google.auth.default(scopes=list(SCOPES))
        except DefaultCredentialsError as exc:
            raise ConfigError(
                "no default Google credentials on this machine: run "
                "`gcloud auth application-default login`, set GOOGLE_APPLICATION_CREDENTIALS, "
                "or name a service-account key file in [google] credentials"
            ) from exc
        return credentials, getattr(credentials, "service_account_email", None)
    try:
        credentials = service_account.Credentials.from_service_account_file(  # type: ignore[no-untyped-call]
            config.credentials, scopes=list(SCOPES)
        )
    except FileNotFoundError as exc:
        raise ConfigError(
            f"the service-account key file {config.credentials} does not exist"
        ) from exc
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(
            f"{config.credentials} is not a service-account key file "
            "(expected the JSON key Google gives when you add a key to a service account)"
        ) from exc
    return credentials, credentials.service_account_email


class _QuotaHTTPClient(HTTPClient):
    """gspread's HTTP client, pointed at the endpoint, limited, timed out and retried."""

    def __init__(self, credentials: Credentials, owner: SheetsClient) -> None:
        super().__init__(credentials)
        self.owner = owner
        config = owner.config
        self.set_timeout((config.connect_timeout_seconds, config.read_timeout_seconds))

    def request(  # noqa: PLR0917 (gspread's own signature)
        self,
        method: str,
        endpoint: str,
        params: Any = None,
        data: bytes | None = None,
        json: Mapping[str, Any] | None = None,
        files: Any = None,
        headers: Any = None,
    ) -> requests.Response:
        owner = self.owner
        url = owner.rewrite_url(endpoint)
        kind = "read" if method.lower() == "get" else "write"

        def send() -> requests.Response:
            if owner.limiter is not None:
                owner.limiter.acquire(kind)
            owner.count(kind)
            response: requests.Response = HTTPClient.request(
                self, method, url, params=params, data=data, json=json, files=files, headers=headers
            )
            return response

        return retry_call(
            send,
            owner.policy,
            lambda exc: _classify(exc, kind),
            on_retry=lambda exc, wait: log.warning(
                "retrying a %s request in %.1f s after %s", kind, wait, describe_failure(exc)
            ),
        )


def _classify(exc: BaseException, kind: str) -> Verdict:
    if isinstance(exc, APIError):
        status = exc.response.status_code
        if status in _RETRY_STATUSES:
            return Verdict.again(_retry_after_seconds(exc.response))
        return Verdict.fail()
    if isinstance(exc, requests.exceptions.ConnectTimeout | TransportError):
        return Verdict.again()  # nothing reached Google
    if isinstance(exc, requests.exceptions.RequestException):
        # A read can always be asked again; a write whose answer was lost may have applied.
        return Verdict.again() if kind == "read" or _never_sent(exc) else Verdict.fail()
    return Verdict.fail()


def _never_sent(exc: BaseException) -> bool:
    text = repr(exc)
    return "NewConnectionError" in text or "Connection refused" in text


def _retry_after_seconds(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            from datetime import UTC, datetime

            return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            return None


def describe_failure(exc: BaseException) -> str:
    """A short, secret-free description of a failed request (for logs)."""
    if isinstance(exc, APIError):
        error = exc.error if isinstance(exc.error, dict) else {}
        return f"{exc.response.status_code} {_status_word(error)}".strip()
    if isinstance(exc, requests.exceptions.Timeout):
        return "a timeout"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "a connection cut mid-answer"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "a dropped connection"
    return type(exc).__name__


def _status_word(error: Mapping[str, Any]) -> str:
    """Google's status (`UNAVAILABLE`), or '' when the answer was not Google's JSON."""
    status = str(error.get("status", ""))
    return status if status.replace("_", "").isalpha() and status.isupper() else ""


def _message(error: Mapping[str, Any]) -> str:
    """Google's message, first line only; nothing when the answer was not JSON (a proxy's page)."""
    if not _status_word(error):
        return "an answer that was not Google's (a proxy or a network page?)"
    lines = str(error.get("message", "")).splitlines()
    return lines[0][:300] if lines else ""


class SheetsClient:
    """The three Sheets calls a plan needs, safe to share between worker threads."""

    def __init__(
        self,
        config: GoogleConfig,
        limiter: QuotaLimiter | None = None,
        credentials: tuple[Credentials, str | None] | None = None,
    ) -> None:
        self.config = config
        self.limiter = limiter
        self.credentials, self.client_email = credentials or load_credentials(config)
        self.policy = RetryPolicy(
            max_attempts=config.max_attempts,
            base_seconds=config.backoff_seconds,
            max_backoff_seconds=config.max_backoff_seconds,
        )
        self._local = threading.local()
        self._lock = threading.Lock()
        self.requests_sent: Counter[str] = Counter()

    def rewrite_url(self, url: str) -> str:
        if self.config.endpoint:
            for host in GOOGLE_HOSTS:
                if url.startswith(host):
                    return self.config.endpoint + url[len(host) :]
        return url

    def count(self, kind: str) -> None:
        with self._lock:
            self.requests_sent[kind] += 1

    def _http(self) -> _QuotaHTTPClient:
        # One session (and connection pool) per worker thread: requests' Session is not
        # documented as thread-safe.
        client: _QuotaHTTPClient | None = getattr(self._local, "client", None)
        if client is None:
            client = _QuotaHTTPClient(self.credentials, self)
            self._local.client = client
        return client

    def fetch_metadata(self, key: str, fields: str = METADATA_FIELDS) -> dict[str, Any]:
        """Spreadsheet title and tabs (ids, titles, grid sizes, and whatever else the
        `fields` mask asks for); no cell data."""
        params: Any = {"includeGridData": "false", "fields": fields}
        return dict(
            self._call(
                key, "read the tabs of", lambda: self._http().fetch_sheet_metadata(key, params)
            )
        )

    def batch_get(
        self, key: str, ranges: Sequence[str], *, as_shown: bool = False
    ) -> list[dict[str, Any]]:
        """Every range's values in one call: numbers as numbers, dates as serial numbers;
        `as_shown`: each cell as the sheet shows it (`300%`), to learn its number format."""
        if not ranges:
            return []
        params = {
            "valueRenderOption": "FORMATTED_VALUE" if as_shown else "UNFORMATTED_VALUE",
            "dateTimeRenderOption": "SERIAL_NUMBER",
            "majorDimension": "ROWS",
        }
        answer = self._call(
            key,
            "read",
            lambda: self._http().values_batch_get(key, list(ranges), params=dict(params)),
        )
        return list(answer.get("valueRanges", []))

    def batch_update(self, key: str, body: bytes | Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """One atomic batchUpdate of `body`: its requests, or their `encode_batch` bytes."""
        data = body if isinstance(body, bytes) else encode_batch(body)
        url = _BATCH_UPDATE_URL.format(key=key)
        headers = {"Content-Type": "application/json; charset=UTF-8"}

        def send() -> Any:
            return self._http().request("post", url, data=data, headers=headers).json()

        return dict(self._call(key, "write the outputs of", send))

    def _call(self, key: str, action: str, operation: Any) -> Any:
        try:
            return operation()
        except SyncError:
            raise
        except APIError as exc:
            raise self._translate_api_error(exc, key, action) from None
        except RefreshError as exc:
            reason = str(exc.args[0] if exc.args else exc).splitlines()[0][:200]
            who = self.client_email or "these credentials"
            raise GoogleRequestError(
                f"could not get a Google access token for {who}: {reason}"
            ) from None
        except TransportError:
            raise GoogleUnavailableError(
                f"could not reach Google's token server to {action} spreadsheet {key}"
            ) from None
        except requests.exceptions.RequestException as exc:
            what = describe_failure(exc)
            if action.startswith("write") and not _never_sent(exc):
                raise AmbiguousWriteError(
                    f"the answer to the write of spreadsheet {key} was lost ({what}); "
                    "it may or may not have been applied"
                ) from None
            raise GoogleUnavailableError(
                f"could not {action} spreadsheet {key}: {what}, "
                f"after {self.policy.max_attempts} tries"
            ) from None

    def _translate_api_error(self, exc: APIError, key: str, action: str) -> SyncError:
        status = exc.response.status_code
        error = exc.error if isinstance(exc.error, dict) else {}
        message = _message(error)
        if status == 403:
            who = self.client_email
            fix = (
                f"share the sheet with {who} as an Editor"
                if who
                else "share the sheet as an Editor with the account this job runs as"
            )
            # A write comes after the reads: shared with us, then, as a Viewer or Commenter.
            access = (
                "it is shared with us read-only (as a Viewer or Commenter)"
                if action.startswith("write")
                else "it is not shared with us"
            )
            return NotSharedError(f"cannot {action} spreadsheet {key}: {access} — {fix}")
        if status == 404:
            return SpreadsheetNotFoundError(
                f"spreadsheet {key} was not found: check the key or URL in the config"
            )
        if status == 429:
            return QuotaError(
                f"Google's per-minute quota stayed exhausted while trying to {action} spreadsheet "
                f"{key} ({self.policy.max_attempts} tries); lower [google] "
                "read_requests_per_minute / write_requests_per_minute or ask Google for more quota"
            )
        if status >= 500:
            answer = f"{status} {_status_word(error)}".strip()
            return GoogleUnavailableError(
                f"Google answered {answer} while trying to {action} "
                f"spreadsheet {key}, {self.policy.max_attempts} times; try again later"
            )
        if status == 401:
            return GoogleRequestError(f"Google refused our credentials (401): {message}")
        return GoogleRequestError(
            f"Google refused to {action} spreadsheet {key} ({status}): {message}"
        )
