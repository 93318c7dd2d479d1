"""A fake Google Sheets v4 + Drive v3 + OAuth token server for the sync tests.

A stdlib threaded HTTP server on 127.0.0.1 (port 0). The real gspread client and the
real google-api-python-client talk to it over HTTP through the `[google] endpoint`
setting; nothing in Python is mocked. It speaks Google's wire format for the calls
they make:

    GET  /v4/spreadsheets/{id}                      metadata (includeGridData=false)
    GET  /v4/spreadsheets/{id}/values:batchGet      ranges, valueRenderOption, dateTimeRenderOption
    GET  /v4/spreadsheets/{id}/values/{range}
    PUT  /v4/spreadsheets/{id}/values/{range}       valueInputOption=RAW|USER_ENTERED
    POST /v4/spreadsheets/{id}/values:batchUpdate
    POST /v4/spreadsheets/{id}:batchUpdate          atomic: all requests or none
    GET  /drive/v3/files                            q (parents, trashed, mimeType), paging
    POST /token                                     JWT bearer assertion (RS256) → access token

Errors come in Google's envelope `{"error": {"code", "message", "status"}}`. Per-minute
read and write quotas answer 429 RESOURCE_EXHAUSTED. Bodies and `fields` masks are
checked against the Sheets v4 discovery document (`fake_schema.py`); a body over 10 MB
and a spreadsheet over 10 million cells are refused, as at Google. `faults` is a plan of injected
failures (status codes, a connection reset mid-response, a slow answer); `log` records
every request.
"""

from __future__ import annotations

import json
import secrets
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.hazmat.primitives.asymmetric import rsa

from tests.sync.fake_drive_auth import (
    DriveError,
    DriveFile,
    OAuthError,
    generate_service_account_key,
    list_files,
    verify_assertion,
)
from tests.sync.fake_schema import check_field_mask
from tests.sync.fake_sheets import ApiError, FakeSpreadsheet, parse_field_mask, select_fields

__all__ = [
    "DriveFile",
    "FakeGoogle",
    "Fault",
    "RequestRecord",
    "generate_service_account_key",
]

SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
MAX_REQUEST_BYTES = 10_485_760
"""Google's limit on one request body."""
_MESSAGES = {
    429: "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute per user' "
    "of service 'sheets.googleapis.com'.",
    500: "Internal error encountered.",
    502: "Bad Gateway",
    503: "The service is currently unavailable.",
}


@dataclass
class Fault:
    """An injected failure for requests whose `"METHOD path"` contains `match`.

    kind: "status" (answer `status`), "html" (answer `status` with a proxy's HTML page),
    "reset" (cut the connection after sending half of the answer; with `apply` the
    request takes effect first), "slow" (wait `delay_s` before answering, then answer
    normally). `skip` matching requests pass first.
    """

    match: str
    kind: str = "status"
    status: int = 503
    times: int = 1
    skip: int = 0
    delay_s: float = 0.0
    apply: bool = True


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str
    query: dict[str, list[str]]
    status: int
    kind: str  # read, write, drive, token
    spreadsheet_id: str | None
    fault: str | None
    at: float


@dataclass
class FakeGoogle:
    """The fake's state; use as a context manager to serve it on 127.0.0.1."""

    read_quota_per_minute: int | None = None
    write_quota_per_minute: int | None = None
    quota_window_s: float = 60.0
    latency_s: float = 0.0
    require_auth: bool = False
    spreadsheets: dict[str, FakeSpreadsheet] = field(default_factory=dict)
    drive_files: list[DriveFile] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    log: list[RequestRecord] = field(default_factory=list)
    quota_rejections: int = 0
    service_accounts: dict[str, rsa.RSAPublicKey] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    _windows: dict[str, deque[float]] = field(default_factory=dict)
    _server: ThreadingHTTPServer | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> FakeGoogle:
        fake = self

        class Handler(_Handler):
            google = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # --- seeding and inspection --------------------------------------------------------------

    def add_spreadsheet(
        self,
        spreadsheet_id: str,
        title: str,
        sheets: Mapping[str, Sequence[Sequence[object]]],
        *,
        shared_with: frozenset[str] | None = None,
        viewers: frozenset[str] = frozenset(),
        parents: tuple[str, ...] = (),
        trashed: bool = False,
    ) -> FakeSpreadsheet:
        """A spreadsheet of `sheets`; `shared_with` the accounts that may edit it (None:
        anyone), `viewers` those it is shared with read-only, as a Viewer or Commenter."""
        book = FakeSpreadsheet(spreadsheet_id, title, shared_with=shared_with, viewers=viewers)
        for name, rows in sheets.items():
            book.add_sheet(name, rows)
        with self.lock:
            self.spreadsheets[spreadsheet_id] = book
            self.drive_files.append(
                DriveFile(spreadsheet_id, title, parents=parents, trashed=trashed)
            )
        return book

    def register_service_account(self, email: str, public_key: rsa.RSAPublicKey) -> None:
        self.service_accounts[email] = public_key

    def sheet_bytes(self, spreadsheet_id: str, title: str) -> bytes:
        """A canonical dump of one tab (cells, formats, grid, sizes, charts, metadata,
        merges, filters, banding, ...): equal bytes = untouched tab."""
        with self.lock:
            sheet = self.spreadsheets[spreadsheet_id].sheet_named(title)
            data = {
                "objects": sheet.objects(),
                "cells": sorted([list(rc), cell] for rc, cell in sheet.cells.items()),
            }
        return json.dumps(data, sort_keys=True).encode()

    def values(
        self, spreadsheet_id: str, title: str, render: str = "UNFORMATTED_VALUE"
    ) -> list[list[Any]]:
        with self.lock:
            book = self.spreadsheets[spreadsheet_id]
            values: list[list[Any]] = book.read_values(title, render, "SERIAL_NUMBER").get(
                "values", []
            )
            return values

    def cells(self, spreadsheet_id: str, title: str) -> dict[tuple[int, int], dict[str, Any]]:
        with self.lock:
            return dict(self.spreadsheets[spreadsheet_id].sheet_named(title).cells)

    def calls_for(self, spreadsheet_id: str) -> list[RequestRecord]:
        with self.lock:
            return [r for r in self.log if r.spreadsheet_id == spreadsheet_id]

    # --- request handling (called from the handler threads) ----------------------------------

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and fault.match in f"{method} {path}":
                    if fault.skip > 0:
                        fault.skip -= 1
                        continue
                    fault.times -= 1
                    return fault
        return None

    def charge_quota(self, kind: str) -> None:
        limit = {"read": self.read_quota_per_minute, "write": self.write_quota_per_minute}.get(kind)
        if limit is None:
            return
        with self.lock:
            now = time.monotonic()
            window = self._windows.setdefault(kind, deque())
            while window and window[0] <= now - self.quota_window_s:
                window.popleft()
            if len(window) >= limit:
                self.quota_rejections += 1
                noun = "Read" if kind == "read" else "Write"
                raise ApiError(
                    429,
                    f"Quota exceeded for quota metric '{noun} requests' and limit "
                    f"'{noun} requests per minute per user' of service 'sheets.googleapis.com'.",
                )
            window.append(now)

    def caller(self, authorization: str | None) -> str | None:
        if not authorization or not authorization.startswith("Bearer "):
            if self.require_auth:
                raise ApiError(401, "Request is missing required authentication credential.")
            return None
        with self.lock:
            email = self.tokens.get(authorization.removeprefix("Bearer "))
        if email is None:
            raise ApiError(401, "Request had invalid authentication credentials.")
        return email

    def open_book(self, spreadsheet_id: str, caller: str | None, *, write: bool) -> FakeSpreadsheet:
        book = self.spreadsheets.get(spreadsheet_id)
        if book is None:
            raise ApiError(404, "Requested entity was not found.")
        viewer = caller in book.viewers
        editor = book.shared_with is None or caller in book.shared_with
        if not (editor or viewer) or (write and viewer and not editor):
            raise ApiError(403, "The caller does not have permission")
        return book

    def exchange_token(self, form: dict[str, list[str]], token_url: str) -> dict[str, Any]:
        email = verify_assertion(form, token_url, self.service_accounts)
        token = "ya29.fake-" + secrets.token_urlsafe(16)
        with self.lock:
            self.tokens[token] = email
        return {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def list_files(self, query: dict[str, list[str]]) -> dict[str, Any]:
        with self.lock:
            files = list(self.drive_files)
        return list_files(files, query)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    google: FakeGoogle

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def _serve(self, method: str) -> None:
        google = self.google
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        kind = _kind(method, path)
        book_id = path.split("/")[3].split(":")[0] if path.startswith("/v4/spreadsheets/") else None
        if google.latency_s:
            time.sleep(google.latency_s)
        fault = google.take_fault(method, path)
        status, body = 200, b""
        try:
            if fault and fault.kind == "html":
                self._record(method, path, query, fault.status, kind, book_id, fault)
                self._send(fault.status, b"<html><body>502 Bad Gateway</body></html>", "text/html")
                return
            if fault and fault.kind == "status":
                code = fault.status
                raise ApiError(code, _MESSAGES.get(code, "Backend Error"))
            if fault and fault.kind == "slow":
                time.sleep(fault.delay_s)
            if fault and fault.kind == "reset" and not fault.apply:
                self._record(method, path, query, 0, kind, book_id, fault)
                self._reset(b"")
                return
            status, answer = 200, self._answer(method, path, query, raw, kind, book_id)
            body = json.dumps(answer).encode()
        except ApiError as exc:
            status, body = exc.code, json.dumps(exc.envelope()).encode()
        except OAuthError as exc:
            status, body = 400, json.dumps(exc.body).encode()
        except DriveError as exc:
            status, body = exc.code, json.dumps(exc.body).encode()
        self._record(method, path, query, status, kind, book_id, fault)
        if fault and fault.kind == "reset":
            self._reset(body, status)
            return
        self._send(status, body, "application/json; charset=UTF-8")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (a timeout): nothing to answer
            self.close_connection = True

    def _answer(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        raw: bytes,
        kind: str,
        book_id: str | None,
    ) -> dict[str, Any]:
        google = self.google
        if path == "/token" and method == "POST":
            form = parse_qs(raw.decode())
            host = self.headers.get("Host", "")
            return google.exchange_token(form, f"http://{host}/token")
        caller = google.caller(self.headers.get("Authorization"))
        if path == "/drive/v3/files" and method == "GET":
            return google.list_files(query)
        if book_id is None:
            raise ApiError(404, f"Method not found: {method} {path}")
        google.charge_quota(kind)
        if len(raw) > MAX_REQUEST_BYTES:
            raise ApiError(
                400, f"Request payload size exceeds the limit: {MAX_REQUEST_BYTES} bytes."
            )
        body = json.loads(raw) if raw else {}
        option = (query.get("valueRenderOption") or ["FORMATTED_VALUE"])[0]
        dates = (query.get("dateTimeRenderOption") or ["SERIAL_NUMBER"])[0]
        with google.lock:
            book = google.open_book(book_id, caller, write=method != "GET")
            rest = path[len(f"/v4/spreadsheets/{book_id}") :]
            if rest == "" and method == "GET":
                fields = (query.get("fields") or [""])[0].replace(" ", "")
                if fields:
                    check_field_mask(fields, "Spreadsheet")
                metadata = book.metadata()
                return select_fields(metadata, parse_field_mask(fields)) if fields else metadata
            if rest == ":batchUpdate" and method == "POST":
                replies = book.batch_update(body)
                return {"spreadsheetId": book_id, "replies": replies}
            if rest == "/values:batchGet" and method == "GET":
                ranges = query.get("ranges", [])
                value_ranges = [book.read_values(r, option, dates) for r in ranges]
                return {"spreadsheetId": book_id, "valueRanges": value_ranges}
            if rest == "/values:batchUpdate" and method == "POST":
                input_option = body.get("valueInputOption", "")
                for item in body.get("data", []):
                    book.write_values(item["range"], item.get("values", []), input_option)
                return {"spreadsheetId": book_id, "totalUpdatedSheets": len(body.get("data", []))}
            if rest.startswith("/values/") and method == "GET":
                return book.read_values(rest[len("/values/") :], option, dates)
            if rest.startswith("/values/") and method == "PUT":
                input_option = (query.get("valueInputOption") or [""])[0]
                return book.write_values(
                    rest[len("/values/") :], body.get("values", []), input_option
                )
        raise ApiError(404, f"Method not found: {method} {path}")

    def _record(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        status: int,
        kind: str,
        book_id: str | None,
        fault: Fault | None,
    ) -> None:
        record = RequestRecord(
            method,
            path,
            query,
            status,
            kind,
            book_id,
            fault.kind if fault else None,
            time.monotonic(),
        )
        with self.google.lock:
            self.google.log.append(record)

    def _reset(self, body: bytes, status: int = 200) -> None:
        """Send the head and half the body, then abort the TCP connection (RST)."""
        try:
            if body:
                head = (
                    f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode()
                self.wfile.write(head + body[: len(body) // 2])
                self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True


def _kind(method: str, path: str) -> str:
    if path == "/token":
        return "token"
    if path.startswith("/drive/"):
        return "drive"
    return "read" if method == "GET" else "write"
