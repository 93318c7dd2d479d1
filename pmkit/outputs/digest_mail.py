"""The morning digest as an e-mail: multipart/alternative, plain text and HTML, safe headers.

Owner-typed text reaches the headers only through the Subject (the plan's name) and the
To address (a Team sheet Email). Both are made safe here, whatever they hold:

* **the Subject** (`header_text`): control characters — CR and LF above all, which would
  start a new header — and Unicode line and paragraph separators become spaces; a run of
  spaces is one; text longer than `MAX_SUBJECT` is cut with `…`. An RFC 2047 encoded
  word typed as text (`=?utf-8?b?…?=`) would be decoded by the header parser — in some
  Python versions into a CR LF and a header of the attacker's choosing — so its `=?` is
  split by a zero-width space: the reader sees what was typed. The policy (`SMTP`) then
  folds long lines and encodes what is not ASCII.
* **an address** (`safe_address`): one bare `local@domain`, no display name, no comma,
  no space or control character; anything else is refused (`EmailAddressError`).

Then the message is generated and parsed back (`check_headers`): any header but those
this module set refuses the message. `sender` comes from the sync config, checked there
with `safe_address` too.

>>> header_text("Launch\\r\\nBcc: x@example.com =?utf-8?b?QUJD?=")
'Launch Bcc: x@example.com =\\u200b?utf-8?b?QUJD?='
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from email import policy
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, getaddresses, make_msgid

from pmkit.engine.errors import EmailAddressError
from pmkit.outputs.digest import Digest
from pmkit.outputs.digest_html import render_html, render_subject, render_text

__all__ = [
    "HEADERS",
    "MAX_SUBJECT",
    "check_headers",
    "digest_message",
    "header_text",
    "safe_address",
    "safe_sender",
]

MAX_SUBJECT = 150
"""Characters a Subject keeps; the rest is cut (`…`)."""
HEADERS = frozenset(
    {
        "subject",
        "from",
        "to",
        "date",
        "message-id",
        "auto-submitted",
        "x-auto-response-suppress",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
    }
)
"""Every header a digest carries (those of its parts included): nothing else may appear."""
_ENCODED_WORD = "=?"
_ZERO_WIDTH_SPACE = "\u200b"
_BARE_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+$")


def header_text(text: str) -> str:
    """`text` as it can stand in a header: one line, no control characters, no encoded
    word, at most `MAX_SUBJECT` characters."""
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > MAX_SUBJECT:
        cleaned = cleaned[: MAX_SUBJECT - 1].rstrip() + "…"
    return cleaned.replace(_ENCODED_WORD, f"={_ZERO_WIDTH_SPACE}?")


def safe_address(text: str) -> str:
    """`text` when it is one bare address (`sam@example.com`), else `EmailAddressError`."""
    address = text.strip()
    if (
        not _BARE_ADDRESS.match(address)
        or _ENCODED_WORD in address
        or any(unicodedata.category(ch)[0] in "CZ" for ch in address)
    ):
        raise EmailAddressError(f"{text!r} is not one e-mail address like sam@example.com")
    try:
        Address(addr_spec=address)
    except (ValueError, IndexError) as exc:
        raise EmailAddressError(f"{text!r} is not one e-mail address like sam@example.com") from exc
    return address


def safe_sender(text: str) -> tuple[str, str]:
    """A From value (`pmkit <pm@example.com>` or `pm@example.com`) → (display name,
    address), or `EmailAddressError`."""
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text) or (
        _ENCODED_WORD in text
    ):
        raise EmailAddressError(f"{text!r} must be one line, like pmkit <pm@example.com>")
    found = getaddresses([text])
    if len(found) != 1 or not found[0][1]:
        raise EmailAddressError(f"{text!r} is not one sender like pmkit <pm@example.com>")
    name, address = found[0]
    return header_text(name), safe_address(address)


_WRITTEN = policy.SMTP.clone(max_line_length=998)
"""How a digest is written: SMTP line ends, a header folded only past RFC 5322's limit."""


def digest_message(
    digest: Digest, *, sender: str, recipient: str, now: datetime | None = None
) -> EmailMessage:
    """The e-mail of `digest` from `sender` (checked by `safe_sender`) to `recipient`:
    text and HTML alternatives, a unique Message-ID, marked as sent automatically (no
    out-of-office replies)."""
    name, from_address = safe_sender(sender)
    to_address = safe_address(recipient)
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = header_text(render_subject(digest))
    message["From"] = Address(display_name=name, addr_spec=from_address)
    message["To"] = Address(addr_spec=to_address)
    message["Date"] = format_datetime(now or datetime.now().astimezone())
    message["Message-ID"] = make_msgid("pmkit-digest", domain=from_address.rsplit("@", 1)[1])
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    message["X-Auto-Response-Suppress"] = "All"  # the same, for Exchange
    message.set_content(render_text(digest), cte="quoted-printable")
    message.add_alternative(render_html(digest), subtype="html", cte="quoted-printable")
    # The parts are encoded (quoted-printable lines of at most 76); the headers are folded
    # only when the message is written. Python's folding of a Subject with encoded words
    # (the " · ") may double a space or leave an empty encoded word, which some mail
    # programs show as it is: written on one line (at most 998 octets, RFC 5322), the
    # Subject arrives as it was set.
    message.policy = _WRITTEN
    check_headers(message)
    return message


def check_headers(message: EmailMessage) -> None:
    """Refuse `message` if, generated and parsed back, it has a header this module did
    not set, or a To other than the one it set: the last guard against injection."""
    try:
        generated = message.as_bytes()
    except MessageError as exc:  # a newer Python refuses to write such a header itself
        raise EmailAddressError(f"the digest e-mail would carry a broken header: {exc}") from None
    parsed = BytesParser(policy=policy.default).parsebytes(generated)
    names = {name.lower() for part in parsed.walk() for name in part}
    extra = names - HEADERS
    to = parsed.get_all("To") or []
    if extra or len(to) != 1 or str(to[0]) != str(message["To"]):
        raise EmailAddressError(
            f"the digest e-mail would carry headers it must not ({', '.join(sorted(extra))})"
        )
