"""Resumable state of a batch: the pipeline id, input keys and the journal.

The journal (``OUT/journal.jsonl``) holds one line per finished input,
written with a single ``write`` and ``fsync``: a run killed at any moment
leaves at most a torn last line, which the next run cuts off before it
appends; any other line that does not parse is ignored (its input is done
again). One batch at a time writes to a folder: it holds an advisory lock
on ``OUT/journal.lock``, which names its process; a lock whose process is
gone (held only by orphans of a killed batch) is stale and replaced. An input is done when the journal holds its key: the SHA-256 of its
name, its content hash and the pipeline id (package version plus a hash of
the package's code and data files), so a changed file or a changed pipeline
is extracted again (front ends such as the CLI or the service do not count).
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__

JOURNAL = "journal.jsonl"
_PACKAGE = Path(__file__).resolve().parents[1]
_META_PREFIX = b'{"meta":'
_NOTICE_FIELD = ',"notice":'
_DECODER = json.JSONDecoder()


class JournalBusy(RuntimeError):
    """Another batch is writing to the same output folder."""


#: files and folders of the package that do not change what ``extract`` returns (front ends)
_NOT_PIPELINE = frozenset({"batch", "cli.py", "__main__.py", "service", "service.py", "evaluate.py", "export.py",
                           "pipeline.py", "examples", "static"})


@cache
def pipeline_id(registry: str | None = None) -> str:
    """``VERSION+HASH``: the package version and a hash of the code and data files ``extract`` runs.

    With a ``registry`` (a file or a folder of ``vnnotice batch --registry``)
    its files are hashed too: the links of a batch depend on them.
    """
    digest = hashlib.sha256()
    if registry is not None:
        root = Path(registry)
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.is_file():
                digest.update(b"registry\0" + path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for path in sorted(_PACKAGE.rglob("*")):
        rel = path.relative_to(_PACKAGE)
        if not path.is_file() or rel.parts[0] in _NOT_PIPELINE or "__pycache__" in rel.parts or path.suffix == ".pyc":
            continue
        digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:16]}"


def content_hash(data: bytes) -> str:
    """SHA-256 of an input's bytes, hex."""
    return hashlib.sha256(data).hexdigest()


def input_key(name: str, fingerprint: str, pipeline: str) -> str:
    """Key of one input: its name, its content hash (or unread reason) and the pipeline id."""
    return hashlib.sha256(f"{name}\0{fingerprint}\0{pipeline}".encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Entry:
    """Where the journal holds an input's result, and what it was."""

    offset: int
    length: int
    ok: bool
    transient: bool


LOCK = "journal.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user
        return True
    return True


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _lock(folder: Path) -> int:
    """Take the folder's lock (a file naming the holder's pid); replace it when its holder is dead."""
    path = folder / LOCK
    for _ in range(3):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if _try_lock(fd):
            if os.fstat(fd).st_ino != os.stat(path).st_ino:  # replaced meanwhile by another batch
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            return fd
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        if holder.isdigit() and not _alive(int(holder)):
            # the batch that took it is gone; what holds it still are orphans of that batch (its
            # workers), which never write: a new lock file frees the folder
            path.unlink(missing_ok=True)
            continue
        raise JournalBusy(f"another batch is writing to this output folder (process {holder or '?'})")
    raise JournalBusy("another batch is writing to this output folder")


class Journal:
    """Append-only JSON Lines journal of finished inputs, locked while open."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / JOURNAL
        self._lock_fd = _lock(folder)
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        except BaseException:
            os.close(self._lock_fd)
            raise
        self.names: set[tuple[str, str | None]] = set()  # (name, pipeline) of every line
        try:
            self.entries: dict[str, Entry] = self._load()
        except BaseException:
            self.close()
            raise

    def _load(self) -> dict[str, Entry]:
        """Index the journal by key (last line wins), skip lines that do not parse, cut off a torn last line."""
        entries: dict[str, Entry] = {}
        offset = 0
        with open(self.path, "rb") as handle:
            for line in handle:
                if not line.endswith(b"\n"):
                    break
                meta = self._meta(line)
                if meta is not None:
                    entries[meta["key"]] = Entry(offset, len(line), meta["status"] == "ok", bool(meta.get("transient")))
                    self.names.add((meta.get("name"), meta.get("pipeline")))
                offset += len(line)
        if offset != os.fstat(self._fd).st_size:
            os.ftruncate(self._fd, offset)
            os.fsync(self._fd)
        return entries

    @staticmethod
    def _meta(line: bytes) -> dict[str, Any] | None:
        """The meta data of a whole, well-formed line (a torn or garbled one gives None)."""
        if not line.startswith(_META_PREFIX):
            return None
        try:
            record = json.loads(line)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None
        meta = record.get("meta") if isinstance(record, dict) else None
        if not isinstance(meta, dict) or not isinstance(meta.get("key"), str) or meta.get("status") not in ("ok", "error"):
            return None
        notice = record.get("notice")
        if (meta["status"] == "ok") != isinstance(notice, dict) or (meta["status"] == "error" and "reason" not in meta):
            return None
        return meta

    def done(self, key: str, *, retry_failed: bool = False) -> bool:
        """True when ``key`` has a result that need not be computed again."""
        entry = self.entries.get(key)
        return entry is not None and not entry.transient and (entry.ok or not retry_failed)

    def append(self, meta: dict[str, Any], notice_json: str | None) -> None:
        """Write one result as one line, durably (``fsync``)."""
        head = json.dumps(meta, ensure_ascii=False)
        body = f"{_NOTICE_FIELD}{notice_json}}}" if notice_json is not None else "}"
        line = f'{{"meta":{head}{body}\n'.encode("utf-8")
        offset = os.lseek(self._fd, 0, os.SEEK_END)
        view = memoryview(line)
        while view:
            view = view[os.write(self._fd, view):]
        os.fsync(self._fd)
        self.entries[meta["key"]] = Entry(offset, len(line), meta["status"] == "ok", bool(meta.get("transient")))
        self.names.add((meta.get("name"), meta.get("pipeline")))

    def known(self, name: str, pipeline: str) -> bool:
        """True when the journal holds a line for an input of this name made by this pipeline (any content)."""
        return (name, pipeline) in self.names

    def read(self, key: str) -> tuple[dict[str, Any], str | None]:
        """The journal line of ``key``: its meta data and the notice's JSON (None for an error row)."""
        entry = self.entries[key]
        line = os.pread(self._fd, entry.length, entry.offset).decode("utf-8")
        meta, end = _DECODER.raw_decode(line, len(_META_PREFIX))
        rest = line[end:].rstrip("\n")
        return meta, rest[len(_NOTICE_FIELD):-1] if rest.startswith(_NOTICE_FIELD) else None

    def forget(self, key: str) -> None:
        """Drop ``key`` from the index (its line is unusable): the next run does its input again."""
        self.entries.pop(key, None)

    def close(self) -> None:
        """Close the file and release the lock."""
        if getattr(self, "_fd", None) is not None:
            os.close(self._fd)
            self._fd = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
