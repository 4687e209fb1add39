"""Compiled ``regex`` patterns kept from one process to the next, as Python keeps compiled modules.

The ``regex`` package parses a pattern in Python: the stages' patterns take about a tenth of a
second to compile at the start of every process, a fifth of a one-document ``vnnotice extract``.
:func:`compile` gives the pattern ``regex.compile`` gives. The first process that compiles a
pattern keeps its compiled form (the form ``regex`` itself pickles a pattern to: the pattern, its
flags, its group names and its code) in a file of the user's cache folder, written when the process
ends; later processes build the pattern from that form without parsing it.

- The file is named after the versions of ``regex`` and Python, so an upgrade starts a new one; it
  is written whole (a new file renamed over the old) and ignored when it cannot be read.
- Only patterns without named lists, not locale-dependent, are kept. A file that would hold more
  than :data:`MAX_ENTRIES` (patterns of older versions, or built per document) is written anew with
  the patterns of the process that writes it.
- ``VNNOTICE_REGEX_CACHE`` names the folder (default ``$XDG_CACHE_HOME/vnnotice``, else
  ``~/.cache/vnnotice``); ``off`` (or ``0``) turns the cache off. An unwritable folder (or no home
  folder) only means that nothing is kept.
"""
from __future__ import annotations

import atexit
import copyreg
import marshal
import os
import sys
import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

ENV = "VNNOTICE_REGEX_CACHE"
MAX_ENTRIES = 2048

_Key = tuple[str, int, int]
_lock = threading.Lock()
_forms: dict[_Key, tuple] | None = None  # None: not read yet
_added = 0  # forms compiled by this process, not yet written
_used: set[_Key] = set()  # the keys this process compiled


def folder() -> Path | None:
    """The cache folder, None when the cache is off."""
    where = os.environ.get(ENV, "").strip()
    if where.lower() in ("0", "off", "false", "no"):
        return None
    if where:
        return Path(where)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative (which the XDG convention says to ignore)
        base = os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home folder to expand "~" to: nothing is kept (not a folder under the cwd)
        return None
    return Path(base) / "vnnotice"


def _file(where: Path) -> Path:
    return where / f"regex-{regex.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}.marshal"


def _read() -> dict[_Key, tuple]:
    where = folder()
    if where is None:
        return {}
    try:
        data = marshal.loads(_file(where).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _reduce(compiled: regex.Pattern) -> tuple[Any, tuple]:
    """(constructor, arguments) of a compiled pattern, as pickle takes them (``regex`` registers them)."""
    return copyreg.dispatch_table[type(compiled)](compiled)


def compile(pattern: str, flags: int = 0, **named_lists: Any) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, from the kept compiled form when there is one (a pattern with named
    lists is compiled as usual)."""
    global _added
    if named_lists:
        return regex.compile(pattern, flags, **named_lists)
    kept = forms()
    key = (pattern, int(flags), int(regex.DEFAULT_VERSION))
    if len(_used) <= MAX_ENTRIES:  # bounded, as the forms are: a long-running process may build many patterns
        _used.add(key)
    form = kept.get(key)
    if form is not None:
        try:
            return _build()(*form)
        except Exception:  # a form this engine does not take: compiled anew below  # noqa: BLE001, S110
            pass
    compiled = regex.compile(pattern, flags)
    form = _reduce(compiled)[1]
    if (isinstance(pattern, str) and len(kept) <= MAX_ENTRIES
            and not form[5] and not form[1] & regex.LOCALE):  # no named list, not locale-bound
        with _lock:
            kept[key] = form
            _added += 1
    return compiled


@lru_cache(maxsize=1)
def _build() -> Any:
    """What builds a pattern from its compiled form (the constructor pickle calls)."""
    return _reduce(regex.compile(""))[0]


def save() -> None:
    """Write the kept forms when this process compiled new ones (called when the process ends)."""
    global _added
    where = folder()
    if not _added or _forms is None or where is None:
        return
    with _lock:
        kept = _forms
        if len(kept) > MAX_ENTRIES:  # full (patterns of older versions, or built per document): this process's only
            kept = {key: kept[key] for key in list(_used)[:MAX_ENTRIES] if key in kept}
        body = marshal.dumps(kept)
        _added = 0
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".regex-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(body)
            os.replace(tmp, _file(where))
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # an unwritable folder: nothing is kept


atexit.register(save)


def forms() -> dict[_Key, Any]:
    """The kept compiled forms (read from the file on first use), by (pattern, flags, ``regex`` default version)."""
    global _forms
    if _forms is None:
        with _lock:
            if _forms is None:
                _forms = _read()
    return _forms
