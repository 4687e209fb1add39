"""Inputs of a batch: files, folders, globs and ``.zip`` archives → named items.

An :class:`Item` names one document: a file, or a member of a zip archive
(named ``ARCHIVE.zip!MEMBER``). Folders are walked recursively and keep the
files whose suffix has a reader (:data:`vnnotice.read.READERS`) plus zip
archives; a zip archive keeps the members with a supported suffix. A file
named explicitly is always an item: if nothing can read it, it becomes an
error row, never a stop.

Nothing outside the inputs is read and nothing can hang or crash a batch:

* a link inside a folder is followed only when it points to a regular file
  inside that folder; a link out of it, a link to a folder and a special
  file (FIFO, device, socket) give an error row; ``**`` in a pattern never
  goes through a link to a folder (so a link loop is harmless);
* a folder that cannot be listed gives an error row;
* in a zip archive, a repeated member name and a nested archive give an
  error row each; an archive whose member names do not decode gives one;
* a file name that is not valid UTF-8 (a legacy code page) is shown with
  its undecodable bytes escaped (``Th\\xf4ng b\\xe1o.txt``) and read by its
  bytes.
"""
from __future__ import annotations

import fnmatch
import os
import re
import stat
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


def display_name(path: str) -> str:
    """``path`` as text: bytes of a file name that are not UTF-8 are written ``\\xNN`` (never a lone surrogate)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class Item:
    """One document of a batch: a file, or a member of a zip archive."""

    name: str  # shown in outputs: always valid text
    path: str  # what is opened (may hold the surrogate escapes of a non-UTF-8 file name)
    member: str | None = None
    error: str | None = None  # known before reading: unsupported type, broken archive, link out of a folder
    index: int | None = None  # position of the member in the archive's directory


def supported(name: str) -> bool:
    """True when a reader is registered for the suffix of ``name``."""
    return Path(name).suffix.lower() in READERS


def _zip_items(path: str, name: str) -> Iterator[Item]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except UnicodeDecodeError as exc:  # a member flagged UTF-8 whose name is not
        yield Item(name, path, error=f"unreadable zip archive: a member name does not decode ({exc.reason})")
        return
    except Exception as exc:  # BadZipFile, OSError, ValueError …: an error row, never a stop
        yield Item(name, path, error=f"unreadable zip archive: {exc}")
        return
    seen: set[str] = set()
    for index, info in enumerate(infos):
        if info.is_dir():
            continue
        member = display_name(info.filename)
        label = f"{name}{MEMBER_SEP}{member}"
        if info.filename.lower().endswith(ZIP_SUFFIX):
            yield Item(label, path, info.filename, error="nested zip archive: not opened (unpack it first)", index=index)
        elif not supported(info.filename):
            continue
        elif info.filename in seen:
            yield Item(f"{label} (repeated member #{index})", path, info.filename,
                       error="the archive holds another member of the same name: only the first is read", index=index)
        else:
            seen.add(info.filename)
            yield Item(label, path, info.filename, index=index)


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _checked(path: str, root: str | None) -> Item | None:
    """An error item when ``path`` (found under the folder ``root``, or named itself) must not be read."""
    name = display_name(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        return Item(name, path, error=f"unreadable: {type(exc).__name__}: {exc.strerror or exc}")
    if root is not None and os.path.islink(path):
        real = os.path.realpath(path)
        if not _inside(real, root):
            return Item(name, path, error="a link out of the input folder: not followed")
    if stat.S_ISDIR(st.st_mode):
        return Item(name, path, error="a link to a folder: not followed")
    if not stat.S_ISREG(st.st_mode):
        return Item(name, path, error=f"{_file_kind(st.st_mode)}, not a regular file: refused")
    return None


def _walk(folder: str) -> Iterator[Item | str]:
    """Paths of the readable files below ``folder``, and error items for what is refused."""
    root = os.path.realpath(folder)
    failed: list[OSError] = []
    for top, dirs, files in os.walk(folder, onerror=failed.append):
        while failed:
            exc = failed.pop()
            where = display_name(exc.filename if isinstance(exc.filename, str) else top)
            yield Item(where, where, error=f"unreadable folder: {type(exc).__name__}: {exc.strerror or exc}")
        dirs.sort()
        for sub in [d for d in dirs if os.path.islink(os.path.join(top, d))]:
            dirs.remove(sub)  # os.walk would not go down a link anyway: say so
            path = os.path.join(top, sub)
            yield Item(display_name(path), path, error="a link to a folder: not followed")
        for name in sorted(files):
            if supported(name) or name.lower().endswith(ZIP_SUFFIX):
                path = os.path.join(top, name)
                yield _checked(path, root) or path
    while failed:  # the folder itself
        exc = failed.pop()
        where = display_name(exc.filename if isinstance(exc.filename, str) else folder)
        yield Item(where, where, error=f"unreadable folder: {type(exc).__name__}: {exc.strerror or exc}")


def _file_items(path: str) -> Iterator[Item]:
    name = display_name(path)
    if path.lower().endswith(ZIP_SUFFIX):
        yield from _zip_items(path, name)
    elif supported(path):
        yield Item(name, path)
    else:
        suffix = display_name(Path(path).suffix) or "(no suffix)"
        yield Item(name, path, error=f"unsupported file type {suffix!r}; supported: {', '.join(sorted(READERS))}, .zip")


def _component(part: str) -> str:
    if part == "**":
        return r"(?:(?!\.)[^/]+/)*"
    body = fnmatch.translate(part)[4:-3]  # '(?s:' … ')\Z'
    hidden = "" if part.startswith(".") else r"(?!\.)"
    return f"{hidden}{body}/"


def glob_root(pattern: str) -> str:
    """The folder a glob pattern searches: its leading components without wildcards."""
    fixed = []
    for part in pattern.split(os.sep):
        if _GLOB_CHARS & set(part):
            break
        fixed.append(part)
    return os.sep.join(fixed) or (os.sep if pattern.startswith(os.sep) else ".")


def glob_paths(pattern: str) -> list[str]:
    """The matches of a glob pattern, sorted; ``**`` goes down folders but never through a link to one."""
    parts = pattern.split(os.sep)
    fixed: list[str] = []
    for part in parts:
        if _GLOB_CHARS & set(part):
            break
        fixed.append(part)
    rest = parts[len(fixed):]
    base = os.sep.join(fixed) if fixed else "."
    if fixed == [""]:
        base = os.sep
    regex = re.compile("".join(_component(p) for p in rest)[:-1] + r"\Z", re.S)
    deep = "**" in rest
    out = []
    for top, dirs, files in os.walk(base):
        rel_top = os.path.relpath(top, base)
        rel_top = "" if rel_top == "." else rel_top.replace(os.sep, "/") + "/"
        depth = rel_top.count("/")
        for name in dirs + files:
            if regex.match(rel_top + name):
                path = os.path.join(top, name)
                out.append(path[2:] if not fixed and path.startswith("." + os.sep) else path)
        if not deep and depth + 1 >= len(rest):
            dirs.clear()
        else:
            dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(top, d))]
    return sorted(out)


def _paths(arg: str) -> list[str]:
    """The paths one argument names: itself, or the matches of a glob pattern."""
    if os.path.lexists(arg):
        return [arg]
    if _GLOB_CHARS & set(arg):
        matches = glob_paths(arg)
        if not matches:
            raise UsageError(f"{display_name(arg)}: the pattern matches nothing")
        return matches
    raise UsageError(f"{display_name(arg)}: no such file or folder")


def check(args: Iterable[str]) -> None:
    """Raise :class:`UsageError` if an argument names nothing."""
    for arg in args:
        _paths(arg)


def iter_items(args: Iterable[str]) -> Iterator[Item]:
    """Every document the arguments name, in order (folders sorted)."""
    for arg in args:
        pattern = not os.path.lexists(arg)
        root = os.path.realpath(glob_root(arg)) if pattern else None  # links out of a pattern's folder: refused
        for path in _paths(arg):
            if os.path.isdir(path) and not os.path.islink(path):
                for found in _walk(path):
                    yield from [found] if isinstance(found, Item) else _file_items(found)
            elif os.path.isdir(path):  # a link to a folder named itself (or matched by a pattern)
                yield Item(display_name(path), path, error="a link to a folder: not followed")
            else:
                refused = _checked(path, root)
                yield from [refused] if refused else _file_items(path)


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

    def _file(self, path: str) -> bytes:
        """A regular file's bytes: opened without blocking (a FIFO swapped in), size checked on the open file."""
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise OSError(f"{_file_kind(st.st_mode)}, not a regular file: refused")
            self._check(st.st_size)
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read(self.max_bytes + 1)
            self._check(len(data))
            return data
        finally:
            os.close(fd)

    def __call__(self, item: Item) -> bytes:
        """The bytes of ``item`` (raises ``TooLarge``, ``OSError``, ``zipfile.BadZipFile``, ``zlib.error`` …)."""
        if item.member is None:
            return self._file(item.path)
        if self._archive is None or self._archive.filename != item.path:
            self.close()
            self._archive = zipfile.ZipFile(item.path)
        info = self._archive.infolist()[item.index] if item.index is not None else self._archive.getinfo(item.member)
        self._check(info.file_size)
        with self._archive.open(info) as member:
            data = member.read(self.max_bytes + 1)
        self._check(len(data))
        return data

    def close(self) -> None:
        """Close the open archive, if any."""
        if self._archive is not None:
            self._archive.close()
            self._archive = None


def unread_reason(exc: BaseException) -> str:
    """The error row of an input whose bytes could not be read (``exc`` raised by :class:`Loader`)."""
    if isinstance(exc, TooLarge):
        return str(exc)
    return f"unreadable: {type(exc).__name__}: {exc}"


def read_item(loader: Loader, item: Item) -> tuple[bytes | None, str | None]:
    """``(bytes, None)``, or ``(None, reason)`` for an input that cannot be read (never raises for one input)."""
    if item.error:
        return None, item.error
    try:
        return loader(item), None
    except Exception as exc:  # OSError, BadZipFile, zlib.error …: an error row, never a stop
        return None, unread_reason(exc)
