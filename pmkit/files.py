"""Replacing files without losing the owner's: the one way every pmkit command writes one.

Every file pmkit writes — the report, *Set baseline*, the Excel dashboard, the nightly
sync's output sheets, the template, the sample, an imported plan — goes through here:

1. Before any work, the target is checked (`in_place_target`, `new_target`): a symbolic
   link is written through to the file it points at (the link stays); a read-only file,
   a folder where the file or its backup should be, and an existing file pmkit did not
   write (without --force) are refused.
2. The new content goes to a hidden temporary file in the target's own folder
   (`.~pmkit-…`), so the final rename is atomic: nobody ever sees half a file.
3. `commit`, just before that rename, checks that the file being replaced still holds
   the bytes pmkit read (`SourceFile`: size, modification time and SHA-256). An owner
   who saved it meanwhile keeps their save and pmkit refuses. Writing in place, the
   original is then copied to a backup (`plan.bak.xlsx`), atomically too.
4. The new file takes the permissions of the file it replaces; a new file gets what the
   umask gives, as any program's new file does.

A run killed mid-write leaves its temporary file; the next run in that folder removes
it, but only when it is provably pmkit's: the name says which process on which machine
wrote it, and that process is gone.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import shutil
import socket
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pmkit.engine.errors import PlanFileNotFoundError, WriteRefusedError
from pmkit.engine.model import SourceFile

__all__ = [
    "Target",
    "backup_path",
    "changed_since_read",
    "check_unchanged",
    "commit",
    "in_place_target",
    "new_target",
    "read_source",
    "remove_stale_temporaries",
    "source_stamp",
    "temporary_path",
    "write_file",
]

_TEMPORARY_PREFIX = ".~pmkit-"
_TEMPORARY_NAME = re.compile(r"^\.~pmkit-([0-9a-f]{8})-(\d+)-[0-9a-f]{8}-")
_CHUNK_BYTES = 4 * 2**20


def _host_tag() -> str:
    """Eight hex digits naming this machine (a synced folder may be shared by several)."""
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class Target:
    """Where a write goes, checked before any work is done.

    `path` is the real file (a symbolic link resolved), `shown` the name the owner gave;
    `replaces` is the stamp of the file there now (None: there is none); `backup` is
    where the original is copied first (in place only).
    """

    path: Path
    shown: Path
    replaces: SourceFile | None = None
    backup: Path | None = None


def backup_path(path: Path) -> Path:
    """`plan.xlsx` → `plan.bak.xlsx` (the extension stays, so Excel opens it)."""
    return path.with_name(f"{path.stem}.bak{path.suffix}")


# -- stamps --------------------------------------------------------------------------------


def read_source(path: Path, max_bytes: int) -> tuple[bytes, SourceFile]:
    """The file's bytes and their stamp, read once (the caller checks `max_bytes` first)."""
    with path.open("rb") as stream:
        before = os.fstat(stream.fileno())
        data = stream.read(max_bytes + 1)
    return data, SourceFile(
        str(path), before.st_size, before.st_mtime_ns, hashlib.sha256(data).hexdigest()
    )


def source_stamp(path: Path) -> SourceFile:
    """The stamp of the file at `path` as it is now."""
    with path.open("rb") as stream:
        status = os.fstat(stream.fileno())
        digest = _digest(stream)
    return SourceFile(str(path), status.st_size, status.st_mtime_ns, digest)


def _digest(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(_CHUNK_BYTES):
        digest.update(chunk)
    return digest.hexdigest()


def check_unchanged(origin: SourceFile, *, shown: Path | None = None) -> None:
    """Refuse when the file no longer holds the bytes pmkit read (size, time, then digest)."""
    path = Path(origin.path)
    name = (shown or path).name
    try:
        now = source_stamp(path)
    except FileNotFoundError:
        raise WriteRefusedError(
            f"{name} was moved or deleted while pmkit was working; nothing was written"
        ) from None
    except OSError as exc:
        raise WriteRefusedError(f"{name} cannot be read again: {exc.strerror or exc}") from exc
    if (now.size, now.modified_ns, now.sha256) != (origin.size, origin.modified_ns, origin.sha256):
        raise changed_since_read(name)


def changed_since_read(name: str) -> WriteRefusedError:
    """The refusal when a file no longer holds the bytes pmkit read."""
    return WriteRefusedError(
        f"{name} was not changed: it was saved again while pmkit was working (it no longer "
        "holds what pmkit read), and pmkit never writes over a newer save. Run pmkit again"
    )


# -- targets -------------------------------------------------------------------------------


def in_place_target(path: Path, origin: SourceFile | None = None) -> Target:
    """The plan itself as a target: its real file, writable, with room for its backup."""
    try:
        real = path.resolve(strict=True)
        status = real.stat()
    except FileNotFoundError:
        raise PlanFileNotFoundError(f"{path}: no such file") from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links
        raise WriteRefusedError(f"{path.name} cannot be opened: {exc}") from exc
    if not stat.S_ISREG(status.st_mode):
        raise WriteRefusedError(f"{path.name} is not a file pmkit can write into")
    _refuse_read_only(path, real, status)
    backup = backup_path(real)
    if os.path.lexists(backup) and (backup.is_symlink() or not backup.is_file()):
        kind = "a folder" if backup.is_dir() else "not a plain file"
        raise WriteRefusedError(
            f"{path.name} was not changed: its backup would go to {backup.name}, which is "
            f"{kind}; move {backup.name} out of the way and run again"
        )
    stamp = origin if origin is not None else source_stamp(real)
    if Path(stamp.path).resolve() != real:
        stamp = SourceFile(str(real), stamp.size, stamp.modified_ns, stamp.sha256)
    return Target(real, path, stamp, backup)


def new_target(
    path: Path,
    *,
    force: bool = False,
    ours: Callable[[Path], bool] | None = None,
    what: str = "report",
) -> Target:
    """A separate output file: an existing one is replaced only with `force`, or when
    `ours` says pmkit wrote it (a `what`); a read-only file or a folder in its place is
    always refused."""
    if not path.parent.is_dir():
        raise WriteRefusedError(f"cannot write {path}: the folder {path.parent} does not exist")
    if not os.path.lexists(path):
        return Target(path, path)
    try:
        real = path.resolve(strict=True)
        status = real.stat()
    except FileNotFoundError:  # a link to nothing: write where it points
        return Target(path.resolve(), path)
    except (OSError, RuntimeError) as exc:
        raise WriteRefusedError(f"cannot write {path}: {exc}") from exc
    if stat.S_ISDIR(status.st_mode):
        raise WriteRefusedError(f"cannot write {path}: it is a folder")
    if not stat.S_ISREG(status.st_mode):
        raise WriteRefusedError(f"cannot write {path}: it is not a plain file")
    _refuse_read_only(path, real, status)
    if not force and not (ours is not None and ours(real)):
        whose = "" if ours is None else f" and is not a {what} pmkit wrote"
        raise WriteRefusedError(
            f"{path} already exists{whose}; nothing was written. Choose another name, or "
            "add --force to replace it"
        )
    return Target(real, path, source_stamp(real))


def _refuse_read_only(shown: Path, real: Path, status: os.stat_result) -> None:
    if not status.st_mode & stat.S_IWUSR or not os.access(real, os.W_OK):
        raise WriteRefusedError(
            f"{shown.name} is read-only, so pmkit leaves it alone; make it writable if pmkit "
            "should write into it, or write a copy with -o"
        )


# -- temporary files -----------------------------------------------------------------------


def temporary_path(target: Path) -> Path:
    """A new empty file beside `target` (same folder, so the final rename is atomic),
    created with the permissions the umask gives; stale ones of killed runs go first."""
    folder = target.parent
    remove_stale_temporaries(folder)
    prefix = f"{_TEMPORARY_PREFIX}{_host_tag()}-{os.getpid()}-"
    for _ in range(100):
        path = folder / f"{prefix}{secrets.token_hex(4)}-{target.stem}{target.suffix}"
        try:
            handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise WriteRefusedError(f"cannot write in {folder}: {exc.strerror}") from exc
        os.close(handle)
        return path
    raise WriteRefusedError(f"cannot write in {folder}: no free temporary name")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete temporary files of pmkit runs on this machine whose process has ended."""
    removed: list[Path] = []
    host = _host_tag()
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _TEMPORARY_NAME.match(name)
        if match is None or match.group(1) != host:
            continue
        pid = int(match.group(2))
        path = folder / name
        if pid == os.getpid() or _running(pid, path):
            continue  # this run's own (another thread's), or a run still going
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


_WINDOWS_STALE_SECONDS = 12 * 3600


def _running(pid: int, path: Path) -> bool:
    if os.name == "nt":
        # Windows has no harmless "is it alive" signal (os.kill would stop the process):
        # a temporary file half a day old is taken as left by a run that ended.
        try:
            return time.time() - path.stat().st_mtime < _WINDOWS_STALE_SECONDS
        except OSError:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        return True
    return True


# -- the replace ---------------------------------------------------------------------------


def write_file(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write `data` as the file `path` the one safe way: the target checked (`new_target`:
    an existing file replaced only with `force`), a temporary file beside it, `commit`."""
    target = new_target(path, force=force)
    temporary = temporary_path(target.path)
    try:
        temporary.write_bytes(data)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return commit(temporary, target)


def commit(temporary: Path, target: Target) -> Path:
    """Atomically put `temporary` at `target.path`, after the last checks and the backup.

    Raises `WriteRefusedError` (the temporary file deleted, the target untouched) when
    the target changed since it was stamped, or appeared when there was none.
    """
    try:
        _flush(temporary)
        if target.replaces is not None:
            check_unchanged(target.replaces, shown=target.shown)
            shutil.copymode(target.path, temporary)
            if target.backup is not None:
                _back_up(target.path, target.backup, shown=target.shown)
            _replace(temporary, target)
        else:
            _create(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target.path


def _flush(path: Path) -> None:
    """Make the new bytes durable before they replace the owner's file."""
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems (and Windows on a read-only handle) cannot; not fatal
    finally:
        os.close(handle)


def _back_up(source: Path, backup: Path, *, shown: Path) -> None:
    temporary = temporary_path(backup)
    try:
        shutil.copyfile(source, temporary)
        shutil.copystat(source, temporary)
        os.replace(temporary, backup)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise WriteRefusedError(
            f"{shown.name} was not changed: its backup {backup.name} could not be written "
            f"({exc.strerror or exc})"
        ) from exc


def _replace(temporary: Path, target: Target) -> None:
    try:
        os.replace(temporary, target.path)
    except OSError as exc:
        raise WriteRefusedError(
            f"{target.shown.name} was not changed: {exc.strerror}. If it is open in Excel, "
            "close it and try again"
        ) from exc


def _create(temporary: Path, target: Target) -> None:
    """A new file: never over one that appeared meanwhile (a hard link fails if it exists)."""
    try:
        os.link(temporary, target.path)
    except FileExistsError:
        raise WriteRefusedError(
            f"{target.shown} appeared while pmkit was working; nothing was written over it"
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.EACCES):
            raise WriteRefusedError(f"cannot write {target.shown}: {exc.strerror}") from exc
        # No hard links here (FAT, some network shares): check, then rename.
        if os.path.lexists(target.path):
            raise WriteRefusedError(
                f"{target.shown} appeared while pmkit was working; nothing was written over it"
            ) from None
        _replace(temporary, target)
        return
    temporary.unlink(missing_ok=True)
