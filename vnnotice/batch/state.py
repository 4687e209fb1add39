"""Resumable state of a batch: the pipeline id, input keys and the journal.

The journal (``OUT/journal.jsonl``) holds one line per finished input,
written with a single ``write`` and ``fsync``: a run killed at any moment
leaves at most a torn last line, which the next run cuts off before it
appends. An input is done when the journal holds its key: the SHA-256 of its
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
    return hashlib.sha256(f"{name}\0{fingerprint}\0{pipeline}".encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    """Where the journal holds an input's result, and what it was."""

    offset: int
    length: int
    ok: bool
    transient: bool


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        raise JournalBusy("another batch is writing to this output folder") from exc


class Journal:
    """Append-only JSON Lines journal of finished inputs, locked while open."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / JOURNAL
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            _lock(self._fd)
            self.entries: dict[str, Entry] = self._load()
        except BaseException:
            os.close(self._fd)
            raise

    def _load(self) -> dict[str, Entry]:
        """Index the journal by key (last line wins) and cut off a torn last line."""
        entries: dict[str, Entry] = {}
        offset = 0
        with open(self.path, "rb") as handle:
            for line in handle:
                if not line.endswith(b"\n"):
                    break
                meta = self._meta(line)
                if meta is not None:
                    entries[meta["key"]] = Entry(offset, len(line), meta["status"] == "ok", bool(meta.get("transient")))
                offset += len(line)
        if offset != os.fstat(self._fd).st_size:
            os.ftruncate(self._fd, offset)
            os.fsync(self._fd)
        return entries

    @staticmethod
    def _meta(line: bytes) -> dict[str, Any] | None:
        if not line.startswith(_META_PREFIX):
            return None
        try:
            meta, _ = _DECODER.raw_decode(line.decode("utf-8"), len(_META_PREFIX))
        except (ValueError, UnicodeDecodeError):
            return None
        return meta if isinstance(meta, dict) and "key" in meta and "status" in meta else None

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

    def read(self, key: str) -> tuple[dict[str, Any], str | None]:
        """The journal line of ``key``: its meta data and the notice's JSON (None for an error row)."""
        entry = self.entries[key]
        line = os.pread(self._fd, entry.length, entry.offset).decode("utf-8")
        meta, end = _DECODER.raw_decode(line, len(_META_PREFIX))
        rest = line[end:].rstrip("\n")
        return meta, rest[len(_NOTICE_FIELD):-1] if rest.startswith(_NOTICE_FIELD) else None

    def close(self) -> None:
        """Release the lock and close the file."""
        os.close(self._fd)

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
