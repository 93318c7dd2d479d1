"""The morning digests through the nightly job, delivered to a real SMTP server.

aiosmtpd runs on 127.0.0.1 in the test (`tests/sync/fake_smtp.py`) with a throwaway
certificate: STARTTLS required, a login required (and taken only over TLS), or SMTPS.
The plan is the three-night plan of `nightly_plans.py` with a Team sheet (Ann, Bob, Cy,
Dana, each with an address), in a local folder; the plan digest goes to BOSS.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path

import openpyxl
import pytest

from sheets_sync.job import PlanOutcome, Stage, SyncJob
from tests.sync.digest_support import BOSS, digest_config, parts, plan_folder, write_plan
from tests.sync.fake_google import FakeGoogle
from tests.sync.fake_smtp import PASSWORD, USER, MailServer, free_port
from tests.sync.nightly_plans import NIGHTS, night_tabs
from tests.sync.sync_support import sync_config

OWNERS = {"ann@example.com", "bob@example.com", "cy@example.com"}


@pytest.fixture
def login(monkeypatch: pytest.MonkeyPatch) -> None:
    """The job's SMTP login in its environment, as whoever runs the job sets it."""
    monkeypatch.setenv("PMKIT_SMTP_USER", USER)
    monkeypatch.setenv("PMKIT_SMTP_PASSWORD", PASSWORD)


@pytest.fixture
def mail(tmp_path: Path) -> Iterator[MailServer]:
    """STARTTLS (required) and a login (required, over TLS only) on 127.0.0.1."""
    with MailServer(tmp_path) as server:
        yield server


def _run(config: object, night: int = 1, *, dry_run: bool = False) -> list[PlanOutcome]:
    return SyncJob(config, today=NIGHTS[night], dry_run=dry_run).run()  # type: ignore[arg-type]


def _sent_rows(tmp_path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(tmp_path / "history.sqlite") as db:
        return db.execute(
            "SELECT recipient, kind, delivery FROM digest_sends ORDER BY recipient"
        ).fetchall()


@pytest.mark.usefixtures("login")
def test_each_address_gets_one_digest_a_night_over_starttls(
    mail: MailServer, tmp_path: Path
) -> None:
    """Night 1: the plan digest to BOSS and each owner's week to their Team address, over
    STARTTLS with the login, text and HTML; a re-run that night sends none again; night 2
    sends the next ones, saying what changed."""
    folder = plan_folder(tmp_path)
    path = write_plan(folder / "relaunch.xlsx", 1)
    config = digest_config(tmp_path, folder, smtp=mail.url, ca_file=mail.cert)
    [outcome] = _run(config, 1)
    assert outcome.stage is Stage.DONE
    assert outcome.digest is not None
    arrived = mail.messages()
    assert sorted(a.recipients for a in arrived) == sorted((a,) for a in {BOSS} | OWNERS)
    assert all(a.tls and a.login == USER and a.mail_from == "pm@example.com" for a in arrived)
    assert mail.logins == [("PLAIN", True)]  # one login, over TLS
    by_address = {a.recipients[0]: a.parsed() for a in arrived}
    boss = by_address[BOSS]
    # the folder entry's name, "Shared", tells this Relaunch from another client's
    assert boss["Subject"] == "Relaunch (Shared): Green · first digest · nothing to act on"
    text = parts(boss)
    assert set(text) == {"text/plain", "text/html"}
    for body in text.values():
        assert "First run: nothing to compare yet." in body
    cy = parts(by_address["cy@example.com"])
    assert "Finish: Content" in cy["text/plain"]
    assert "Design" not in cy["text/plain"]  # Ann's task is not in Cy's week
    assert by_address["cy@example.com"]["Subject"].startswith("Your week on Relaunch (Shared): ")
    assert _sent_rows(tmp_path) == sorted(
        (address, "plan" if address == BOSS else "week", "smtp") for address in {BOSS} | OWNERS
    )

    [again] = _run(config, 1)
    assert len(mail.messages()) == 4  # nothing resent
    assert again.digest is not None
    assert (again.digest.sent, again.digest.earlier) == (0, 4)

    write_plan(path, 2)
    _run(config, 2)
    second = [a.parsed() for a in mail.messages()[4:]]
    assert {str(m["To"]) for m in second} >= {BOSS, "cy@example.com"}
    night_two = {str(m["To"]): parts(m)["text/plain"] for m in second}
    assert "11 changes since the last run (Mon 2 Mar 2026)." in night_two[BOSS]
    assert "Task 3 “Content” is now late" in night_two["cy@example.com"]
    assert "Task 3 “Content” is now late" not in night_two.get("bob@example.com", "")


HOSTILE_PLAN = (
    "Relaunch\r\nBcc: evil@example.com =?utf-8?b?DQpCY2M6IGV2aWxAZXhhbXBsZS5jb20=?= "
    + "very long " * 40
)
HOSTILE_TASK = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\nBcc: evil@example.com'


@pytest.mark.usefixtures("login")
def test_hostile_names_add_no_header_and_no_markup(mail: MailServer, tmp_path: Path) -> None:
    """A plan and task named with CR/LF, an encoded word hiding a Bcc, 400 characters and
    HTML: what arrives has exactly the digest's headers, one To, a one-line Subject, and
    the names as text; a Team address with a Bcc in it gets nothing."""
    folder = plan_folder(tmp_path)
    team: list[list[object]] = [
        ["Owner", "Email"],
        ["Ann", "ann@example.com"],
        ["Cy", "cy@example.com\nBcc: evil@example.com"],
    ]
    write_plan(folder / "x.xlsx", project=HOSTILE_PLAN, task_name=HOSTILE_TASK, team=team)
    _run(digest_config(tmp_path, folder, smtp=mail.url, ca_file=mail.cert))
    arrived = mail.messages()
    assert sorted(a.recipients for a in arrived) == [("ann@example.com",), (BOSS,)]
    allowed = {
        "subject", "from", "to", "date", "message-id", "auto-submitted",
        "x-auto-response-suppress", "mime-version", "content-type", "content-transfer-encoding",
    }  # fmt: skip
    for item in arrived:
        message = item.parsed()
        names = {name.lower() for part in message.walk() for name in part}
        assert names <= allowed
        assert len(message.get_all("To") or []) == 1
        assert message.get_all("Bcc") is None
        assert message.get_all("Cc") is None
        subject = str(message["Subject"])
        assert "\r" not in subject
        assert "\n" not in subject
        assert len(subject) <= 150
        assert b"evil@example.com" not in item.data.split(b"\r\n\r\n", 1)[0].replace(
            b"Relaunch Bcc: evil@example.com", b""
        )  # only as the plan's (one-line) name inside the Subject
    ann = parts(next(a for a in arrived if a.recipients == ("ann@example.com",)).parsed())
    assert "<script" not in ann["text/html"]
    assert "<img" not in ann["text/html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img" in ann["text/html"]
    assert " ".join(HOSTILE_TASK.split()) in " ".join(ann["text/plain"].split())


@pytest.mark.usefixtures("login")
def test_a_closed_port_is_retried_then_reported_and_every_plan_still_syncs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing listens on the port: the first plan's digests are tried 3 times, the next
    plan's once (the server is down tonight), each reported on its plan (its outputs
    written, its night recorded), never stopping the others."""
    folder = plan_folder(tmp_path)
    for name in ("a.xlsx", "b.xlsx"):
        write_plan(folder / name)
    config = digest_config(
        tmp_path, folder, smtp=f"smtp://127.0.0.1:{free_port()}", plans_extra="[sync]\nworkers = 1"
    )
    with caplog.at_level(logging.WARNING, logger="sheets_sync"):
        outcomes = _run(config)
    assert [o.stage for o in outcomes] == [Stage.DONE, Stage.DONE]
    for outcome in outcomes:
        assert outcome.digest_failed
        assert not outcome.failed
        assert outcome.message is not None
        assert "could not reach smtp://127.0.0.1" in outcome.message
    retries = [r.getMessage() for r in caplog.records if "retrying the digests" in r.getMessage()]
    # 3 tries for the first plan; the second, the server known down, tries once
    assert [line.split(":")[0] for line in retries] == ["Shared / a.xlsx"] * 2
    assert all("Traceback" not in r.getMessage() for r in caplog.records)
    for name in ("a.xlsx", "b.xlsx"):
        assert "Summary" in openpyxl.load_workbook(folder / name, read_only=True).sheetnames
    assert _sent_rows(tmp_path) == []


@pytest.mark.usefixtures("login")
def test_a_plan_the_server_keeps_refusing_does_not_stop_the_others(
    mail: MailServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The server answers 451 (try later) to every message of plan Alpha and 550 to
    Bob's address: Alpha is retried then reported, Bob's week is reported without a
    retry, and everything else of plan Beta arrives."""
    folder = plan_folder(tmp_path)
    write_plan(folder / "alpha.xlsx", project="Alpha")
    write_plan(folder / "beta.xlsx", project="Beta")

    def answer(envelope: object) -> str | None:
        content = getattr(envelope, "original_content", b"") or b""
        if b"Subject: Alpha" in content or b"Your week on Alpha" in content:
            return "451 4.3.0 try again later"
        if getattr(envelope, "rcpt_tos", []) == ["bob@example.com"]:
            return "550 5.1.1 no such mailbox"
        return None

    mail.answer = answer
    config = digest_config(tmp_path, folder, smtp=mail.url, ca_file=mail.cert)
    with caplog.at_level(logging.WARNING, logger="sheets_sync"):
        alpha, beta = _run(config)
    assert alpha.digest is not None
    assert alpha.digest.sent == 0
    assert alpha.message is not None
    assert "451 4.3.0 try again later" in alpha.message
    assert beta.digest is not None
    assert beta.digest.failed == (
        f"bob@example.com: {mail.url} answered 550 5.1.1 no such mailbox",
    )
    assert sorted(a.recipients[0] for a in mail.messages()) == sorted(
        {BOSS} | OWNERS - {"bob@example.com"}
    )
    retried = [r.getMessage() for r in caplog.records if "retrying the digests" in r.getMessage()]
    assert retried
    assert all(line.startswith("Shared / alpha.xlsx") for line in retried)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.usefixtures("login")
def test_smtps_sends_over_tls_from_the_first_byte(tmp_path: Path) -> None:
    """smtps:// (implicit TLS) with the login: every message arrives, encrypted."""
    folder = plan_folder(tmp_path)
    write_plan(folder / "relaunch.xlsx")
    with MailServer(tmp_path, implicit_tls=True) as server:
        [outcome] = _run(digest_config(tmp_path, folder, smtp=server.url, ca_file=server.cert))
        arrived = server.messages()
    assert outcome.digest is not None
    assert outcome.digest.sent == 4
    assert len(arrived) == 4
    assert all(a.tls and a.login == USER for a in arrived)


@pytest.mark.usefixtures("login")
def test_an_unknown_certificate_is_refused_not_retried(
    mail: MailServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Without the server's certificate authority (`ca_file`) nothing is sent, and the
    line says what to set."""
    folder = plan_folder(tmp_path)
    write_plan(folder / "relaunch.xlsx")
    with caplog.at_level(logging.WARNING, logger="sheets_sync"):
        [outcome] = _run(digest_config(tmp_path, folder, smtp=mail.url))
    assert outcome.message is not None
    assert "ca_file" in outcome.message
    assert not [r for r in caplog.records if "retrying the digests" in r.getMessage()]
    assert mail.messages() == []


def test_a_wrong_password_is_reported_once_and_never_printed(
    mail: MailServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """535 from the server: reported on the plan without retrying; the password appears
    in no log line and no message."""
    monkeypatch.setenv("PMKIT_SMTP_USER", USER)
    monkeypatch.setenv("PMKIT_SMTP_PASSWORD", "wrong-password-123")
    folder = plan_folder(tmp_path)
    write_plan(folder / "relaunch.xlsx")
    with caplog.at_level(logging.INFO, logger="sheets_sync"):
        [outcome] = _run(digest_config(tmp_path, folder, smtp=mail.url, ca_file=mail.cert))
    assert outcome.message is not None
    assert "refused the login" in outcome.message
    assert "PMKIT_SMTP_PASSWORD" in outcome.message
    assert not [r for r in caplog.records if "retrying the digests" in r.getMessage()]
    assert len(mail.logins) <= 2  # smtplib tries each mechanism offered once (PLAIN, LOGIN)
    assert all("wrong-password-123" not in r.getMessage() for r in caplog.records)
    assert "wrong-password-123" not in outcome.message


def _outside_address() -> str | None:
    """This machine's address on a network (not loopback), if it has one."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.254", 9))  # no packet is sent: only picks the route
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.usefixtures("login")
def test_no_password_goes_unencrypted_to_another_machine(tmp_path: Path) -> None:
    """A server off this machine that offers no STARTTLS never sees the login (nor any
    message); on loopback the same server gets both (nothing crosses a network)."""
    outside = _outside_address()
    if outside is None:
        pytest.skip("this machine has no network address besides loopback")
    folder = plan_folder(tmp_path)
    write_plan(folder / "relaunch.xlsx")
    with MailServer(tmp_path, host=outside, starttls=False) as server:
        [outcome] = _run(digest_config(tmp_path, folder, smtp=server.url))
        assert server.logins == []
        assert server.messages() == []
    assert outcome.message is not None
    assert "does not offer STARTTLS" in outcome.message
    with MailServer(tmp_path, starttls=False) as local:
        _run(digest_config(tmp_path, folder, smtp=local.url), 2)
        assert local.logins
        assert not any(tls for _, tls in local.logins)
        assert local.messages()


def test_dry_run_writes_eml_files_and_sends_nothing(
    mail: MailServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--dry-run: every message as an .eml file in ./pmkit-outbox, none sent, none
    recorded (and no login needed)."""
    monkeypatch.chdir(tmp_path)
    folder = plan_folder(tmp_path)
    write_plan(folder / "relaunch.xlsx")
    config = digest_config(tmp_path, folder, smtp=mail.url, ca_file=mail.cert)
    [outcome] = _run(config, dry_run=True)
    files = sorted((tmp_path / "pmkit-outbox").glob("*.eml"))
    assert len(files) == 4
    assert outcome.digest is not None
    assert outcome.digest.written == 4
    assert files[0].name.startswith("2026-03-02_Shared-relaunch.xlsx_")
    assert mail.messages() == []
    assert not (tmp_path / "history.sqlite").exists()


def test_outbox_writes_once_a_night(tmp_path: Path) -> None:
    """`[digest] outbox`: the messages go to the folder instead of a server, recorded, so
    a re-run the same night writes none again."""
    folder = plan_folder(tmp_path)
    write_plan(folder / "relaunch.xlsx")
    outbox = tmp_path / "out"
    config = digest_config(tmp_path, folder, smtp=None, extra=f'outbox = "{outbox}"')
    _run(config)
    first = {path: path.stat().st_mtime_ns for path in outbox.glob("*.eml")}
    _run(config)
    assert len(first) == 4
    assert {path: path.stat().st_mtime_ns for path in outbox.glob("*.eml")} == first
    assert [delivery for _, _, delivery in _sent_rows(tmp_path)] == ["outbox"] * 4


# --- the command line, the config, a Google plan, the history -------------------------------


def _config_file(tmp_path: Path, digest: str, plans: str) -> Path:
    path = tmp_path / "sync.toml"
    path.write_text(
        f'[history]\ndatabase = "{tmp_path / "history.sqlite"}"\n\n{digest}\n\n{plans}\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.usefixtures("login")
def test_pmkit_sync_exits_one_and_shows_the_digest_that_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit sync` with the mail server down: the plan's outputs are written, the table's
    Digest column says what was not sent, one log line says why, and the exit is 1."""
    from pmkit.cli import main

    folder = plan_folder(tmp_path)
    write_plan(folder / "relaunch.xlsx")
    config = _config_file(
        tmp_path,
        f'[digest]\nsmtp = "smtp://127.0.0.1:{free_port()}"\nsender = "pm@example.com"',
        f'[[plans]]\nname = "Shared"\nfolder = "{folder}"\nnotify = ["{BOSS}"]\n'
        "\n[google]\nmax_attempts = 1",
    )
    assert main(["sync", "--config", str(config)]) == 1
    out, err = capsys.readouterr()
    assert "Digest" in out
    assert "4 not sent" in out
    assert "morning digests were not all sent" in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("digest", "plans", "words"),
    [
        pytest.param(
            '[digest]\nsmtp = "smtp://127.0.0.1:25"\nsender = "pm@example.com"\n'
            'password = "hunter2"',
            "",
            "PMKIT_SMTP_PASSWORD",
            id="password-in-the-file",
        ),
        pytest.param(
            '[digest]\nsmtp = "smtp://me:hunter2@mail.example.com"\nsender = "pm@example.com"',
            "",
            "must not hold a user or password",
            id="login-in-the-url",
        ),
        pytest.param("", 'notify = ["a@example.com"]', "no [digest] section", id="notify-alone"),
        pytest.param(
            '[digest]\nsmtp = "smtp://mail.example.com"\nsender = "pm@example.com"',
            'notify = ["a@example.com, b@example.com"]',
            "is not one e-mail address",
            id="two-addresses-in-one",
        ),
        pytest.param(
            '[digest]\nsmtp = "smtp://mail.example.com"\nsender = "pm@example.com\\nBcc: x@y.z"',
            "",
            "must be one line",
            id="sender-with-a-header",
        ),
        pytest.param(
            '[digest]\nsmtp = "http://mail.example.com"\nsender = "pm@example.com"',
            "",
            "smtp://host:587",
            id="not-smtp",
        ),
    ],
)
def test_config_refuses_secrets_and_unsendable_addresses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], digest: str, plans: str, words: str
) -> None:
    """A login in the file, a notify list nothing can send, an address that is two, a
    sender with a header in it: the run does not start (exit 2, one line naming it)."""
    from pmkit.cli import main

    folder = plan_folder(tmp_path)
    config = _config_file(tmp_path, digest, f'[[plans]]\nname = "A"\nfolder = "{folder}"\n{plans}')
    assert main(["sync", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert words in err
    assert "hunter2" not in err
    assert len(err.strip().splitlines()) == 1


def test_half_a_login_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """PMKIT_SMTP_USER without PMKIT_SMTP_PASSWORD: exit 2 before any plan is read."""
    from pmkit.cli import main

    monkeypatch.setenv("PMKIT_SMTP_USER", USER)
    monkeypatch.delenv("PMKIT_SMTP_PASSWORD", raising=False)
    folder = plan_folder(tmp_path)
    write_plan(folder / "relaunch.xlsx")
    config = _config_file(
        tmp_path,
        '[digest]\nsmtp = "smtp://127.0.0.1:25"\nsender = "pm@example.com"',
        f'[[plans]]\nname = "A"\nfolder = "{folder}"\n',
    )
    assert main(["sync", "--config", str(config)]) == 2
    assert "PMKIT_SMTP_PASSWORD is not set" in capsys.readouterr().err
    assert "Summary" not in openpyxl.load_workbook(folder / "relaunch.xlsx").sheetnames


def test_a_google_plans_digest_links_to_its_cells(google: FakeGoogle, tmp_path: Path) -> None:
    """A Google plan: the digest opens the spreadsheet and each cell it names
    (`…/edit#gid=TAB&range=D2`), the tab being the Plan's own."""
    tabs = night_tabs(1)
    tabs["Team"] = [["Owner", "Email"], ["Ann", "ann@example.com"]]
    book = google.add_spreadsheet("plankey00001", "Relaunch sheet", tabs)
    gid = book.sheet_named("Plan").sheet_id
    outbox = tmp_path / "out"
    config = sync_config(
        google,
        tmp_path,
        '[[plans]]\nname = "Relaunch"\nspreadsheet = "plankey00001"\n'
        f'\n[digest]\nsender = "pm@example.com"\noutbox = "{outbox}"',
    )
    SyncJob(config, today=NIGHTS[1]).run()
    [eml] = outbox.glob("*.eml")
    html = parts(BytesParser(policy=policy.default).parsebytes(eml.read_bytes()))["text/html"]
    url = "https://docs.google.com/spreadsheets/d/plankey00001/edit"
    assert f'href="{url}#gid={gid}&amp;range=C2"' in html  # task 1's Owner cell
    assert f'href="{url}"' in html
    assert "the Google spreadsheet “Relaunch sheet”" in html


@pytest.mark.usefixtures("login")
def test_two_clients_plans_with_one_project_name_get_different_subjects(
    google: FakeGoogle, mail: MailServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Two clients' spreadsheets both call themselves "Online shop relaunch" (Settings):
    each digest's Subject and heading add the name the config gives the plan (Acme,
    Bolt) — the name its log lines and the portfolio give it — so the inbox tells them
    apart; an owner's week says it too."""
    for key, client in (("acmekey0001", "Acme"), ("boltkey0001", "Bolt")):
        tabs = night_tabs(1)
        tabs["Settings"] = [
            row if row[0] != "Project" else ["Project", "Online shop relaunch"]
            for row in tabs["Settings"]
        ]
        tabs["Team"] = [["Owner", "Email"], ["Ann", f"ann@{client.lower()}.example.com"]]
        google.add_spreadsheet(key, f"{client} plan", tabs)
    config = sync_config(
        google,
        tmp_path,
        '[[plans]]\nname = "Acme"\nspreadsheet = "acmekey0001"\nnotify = ["pm@example.com"]\n'
        '[[plans]]\nname = "Bolt"\nspreadsheet = "boltkey0001"\nnotify = ["pm@example.com"]\n'
        f'\n[digest]\nsender = "pm@example.com"\nsmtp = "{mail.url}"\nca_file = "{mail.cert}"',
    )
    with caplog.at_level(logging.INFO, logger="sheets_sync"):
        outcomes = SyncJob(config, today=NIGHTS[1]).run()
    assert sorted(o.name for o in outcomes) == ["Acme", "Bolt"]
    subjects = sorted(str(a.parsed()["Subject"]) for a in mail.messages())
    assert subjects == [
        "Online shop relaunch (Acme): Green · first digest · nothing to act on",
        "Online shop relaunch (Bolt): Green · first digest · nothing to act on",
        "Your week on Online shop relaunch (Acme): 1 to finish",
        "Your week on Online shop relaunch (Bolt): 1 to finish",
    ]
    pm = [a.parsed() for a in mail.messages() if a.recipients == ("pm@example.com",)]
    headings = sorted(parts(m)["text/plain"].splitlines()[2] for m in pm)
    assert headings == ["Online shop relaunch (Acme)", "Online shop relaunch (Bolt)"]
    logged = {r.getMessage().split(":")[0] for r in caplog.records if "digests" in r.getMessage()}
    assert logged == {"Acme", "Bolt"}  # the log names each plan as the Subject adds it


def test_a_version_4_history_gains_the_digest_table(tmp_path: Path) -> None:
    """Migrations 5 and 6 on a history of an older pmkit: its nights are kept, and digests
    are recorded and read back once per plan, night and address (any capitals)."""
    from datetime import date

    from sheets_sync.history import History

    path = str(tmp_path / "h.sqlite")
    History(path, upto=4).close()
    with sqlite3.connect(path) as db:  # a night as the previous pmkit wrote it
        db.execute(
            "INSERT INTO plan_runs (plan_key, run_date, plan_name, status, errors, warnings,"
            " infos, recorded_at) VALUES ('file:p', '2026-03-02', 'P', 'Green', 0, 0, 0,"
            " '2026-03-02 02:00:00')"
        )
    history = History(path)
    assert len(history.runs("file:p")) == 1
    history.record_digest(
        "file:p",
        date(2026, 3, 2),
        "Ann@Example.com",
        kind="week",
        delivery="smtp",
        message_id="<1@x>",
    )
    assert history.digests_sent("file:p", date(2026, 3, 2)) == {"ann@example.com"}
    assert history.digests_sent("file:p", date(2026, 3, 3)) == set()
