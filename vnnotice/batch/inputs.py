"""Inputs of a batch: files, folders, globs and ``.zip`` archives → named items.

An :class:`Item` names one document: a file, or a member of a zip archive
(named ``ARCHIVE.zip!MEMBER``). Folders are walked recursively and keep the
files whose suffix has a reader (:data:`vnnotice.read.READERS`) plus zip
archives; a zip archive keeps the members with a supported suffix. A file
named explicitly is always an item: if nothing can read it, it becomes an
error row, never a stop.
"""
from __future__ import annotations

import glob
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..read import DEFAULT_MAX_BYTES, READERS

ZIP_SUFFIX = ".zip"
#: separator between an archive's path and a member's name in item names
MEMBER_SEP = "!"
_GLOB_CHARS = frozenset("*?[")


class UsageError(ValueError):
    """A command-line input that names nothing (missing path, empty glob)."""


@dataclass(frozen=True)
class Item:
    """One document of a batch: a file, or a member of a zip archive."""

    name: str
    path: str
    member: str | None = None
    error: str | None = None  # known before reading: unsupported type, broken archive


def supported(name: str) -> bool:
    """True when a reader is registered for the suffix of ``name``."""
    return Path(name).suffix.lower() in READERS


def _zip_items(path: str) -> Iterator[Item]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir() and supported(i.filename)]
    except (zipfile.BadZipFile, OSError) as exc:
        yield Item(path, path, error=f"unreadable zip archive: {exc}")
        return
    for info in infos:
        yield Item(f"{path}{MEMBER_SEP}{info.filename}", path, info.filename)


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if supported(name) or name.lower().endswith(ZIP_SUFFIX):
                yield os.path.join(root, name)


def _file_items(path: str) -> Iterator[Item]:
    if path.lower().endswith(ZIP_SUFFIX):
        yield from _zip_items(path)
    elif supported(path):
        yield Item(path, path)
    else:
        suffix = Path(path).suffix or "(no suffix)"
        yield Item(path, path, error=f"unsupported file type {suffix!r}; supported: {', '.join(sorted(READERS))}, .zip")


def _paths(arg: str) -> list[str]:
    """The paths one argument names: itself, or the matches of a glob pattern."""
    if os.path.exists(arg):
        return [arg]
    if _GLOB_CHARS & set(arg):
        matches = sorted(glob.glob(arg, recursive=True))
        if not matches:
            raise UsageError(f"{arg}: the pattern matches nothing")
        return matches
    raise UsageError(f"{arg}: no such file or folder")


def check(args: Iterable[str]) -> None:
    """Raise :class:`UsageError` if an argument names nothing."""
    for arg in args:
        _paths(arg)


def iter_items(args: Iterable[str]) -> Iterator[Item]:
    """Every document the arguments name, in order (folders sorted)."""
    for arg in args:
        for path in _paths(arg):
            if os.path.isdir(path):
                for found in _walk(path):
                    yield from _file_items(found)
            else:
                yield from _file_items(path)


class TooLarge(ValueError):
    """An input above the size limit, refused before its bytes are read."""


class Loader:
    """Reads the bytes of items, keeping the last zip archive open (members come in a row)."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._archive: zipfile.ZipFile | None = None

    def _check(self, size: int) -> None:
        if size > self.max_bytes:
            raise TooLarge(f"{size} bytes is above the size limit of {self.max_bytes}")

    def __call__(self, item: Item) -> bytes:
        """The bytes of ``item`` (raises ``TooLarge``, ``OSError``, ``zipfile.BadZipFile``, ``zlib.error`` …)."""
        if item.member is None:
            self._check(os.path.getsize(item.path))
            with open(item.path, "rb") as handle:
                return handle.read()
        if self._archive is None or self._archive.filename != item.path:
            self.close()
            self._archive = zipfile.ZipFile(item.path)
        self._check(self._archive.getinfo(item.member).file_size)
        return self._archive.read(item.member)

    def close(self) -> None:
        """Close the open archive, if any."""
        if self._archive is not None:
            self._archive.close()
            self._archive = None
