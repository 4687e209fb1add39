"""The hot modules compiled with mypyc, loaded only when they were built from the sources beside them.

An install compiles the modules ``setup.py`` lists (``COMPILED``) when it can: their extension
modules (one mypyc shim per module and the shared library it loads) and ``manifest.json`` (the
SHA-256 of each compiled module's source, the Python the build is for) are written to this folder,
never next to the ``.py`` files. ``import vnnotice`` puts :class:`Finder` first on ``sys.meta_path``;
on the first import of a compiled module it decides, once per process, for all of them together
(compiled modules call each other natively, so they are loaded all or none):

- compiled, when the manifest is for the running Python, every file it names is here and every
  source still has its hash;
- pure Python otherwise: silently when there is no build (installed without a C compiler, with
  ``VNNOTICE_COMPILE=0``, or from a plain checkout) or the build is for another Python; with one
  :class:`StaleBuildWarning` when a source changed since the build (an edit in an editable
  install), which says how to rebuild;
- pure Python whatever is built when ``VNNOTICE_PURE=1``.

:func:`build_info` tells which is in use and why. Both give identical records.
"""
from __future__ import annotations

import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec
from typing import Any

FOLDER = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(FOLDER)  # the vnnotice package: the compiled modules' sources
MANIFEST = "manifest.json"
PURE = "VNNOTICE_PURE"
_WARNED = "_VNNOTICE_STALE_WARNED"  # set once warned: worker processes started from here do not warn again


class StaleBuildWarning(UserWarning):
    """The compiled modules were built from other sources than those installed: pure Python is used."""


_state: dict[str, Any] | None = None  # the decision, made on first use


def _read_manifest(folder: str) -> dict[str, Any] | None:
    import json

    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _failure(folder: str) -> str:
    try:
        with open(os.path.join(folder, "failed.txt"), encoding="utf-8") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def _sha256(path: str) -> str | None:
    import hashlib

    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


def decide(folder: str = FOLDER, package: str = PACKAGE) -> dict[str, Any]:
    """Whether the build in ``folder`` may be used for the sources in ``package``, and why (no side effect)."""
    state: dict[str, Any] = {"compiled": False, "modules": [], "reason": "", "stale": False, "mypy": None,
                             "profile_guided": False, "profile": None, "folder": folder, "specs": {}}
    if os.environ.get(PURE, "").strip().lower() not in ("", "0", "no", "off", "false"):
        state["reason"] = f"{PURE} is set"
        return state
    manifest = _read_manifest(folder)
    if manifest is None:
        failed = _failure(folder)
        state["reason"] = (f"not compiled: compiling failed at install ({failed})" if failed
                           else "not compiled (no build in this install)")
        return state
    state["mypy"] = manifest.get("mypy")
    state["profile_guided"] = manifest.get("profile_guided") is True
    state["profile"] = manifest.get("profile")
    if (manifest.get("python") != sys.implementation.cache_tag
            or manifest.get("ext_suffix") not in EXTENSION_SUFFIXES):
        state["reason"] = (f"the build is for another Python ({manifest.get('python')}, "
                           f"this is {sys.implementation.cache_tag}): reinstall to compile for this one")
        return state
    modules: dict[str, Any] = manifest.get("modules") or {}
    libraries: dict[str, Any] = manifest.get("libraries") or {}
    changed = [name for name, entry in sorted(modules.items())
               if _sha256(os.path.join(package, name.rpartition(".")[2] + ".py")) != entry.get("sha256")]
    missing = [entry.get("file") for entry in [*modules.values(), *libraries.values()]
               if not os.path.isfile(os.path.join(folder, str(entry.get("file"))))]
    if changed or missing or not modules:
        state["stale"] = True
        what = (f"{', '.join(n.rpartition('.')[2] + '.py' for n in changed)} changed since the build" if changed
                else f"the build is incomplete ({', '.join(map(str, missing)) or 'no module'} missing)")
        state["reason"] = f"the compiled modules are out of date: {what}"
        return state
    specs = state["specs"]
    for name, entry in modules.items():
        specs[name] = (os.path.join(folder, entry["file"]), None)
    for name, entry in libraries.items():
        # mypyc sets each module's __file__ (before its body runs: deadlines reads its data folder from it)
        # from its shared library's __file__: the library is made to look as if it sat beside the sources
        # (one module per library) or above the package (one library for several)
        beside = package if entry.get("per_module") else os.path.dirname(package)
        specs[name] = (os.path.join(folder, entry["file"]), os.path.join(beside, entry["file"]))
    state["compiled"] = True
    state["modules"] = sorted(modules)
    state["reason"] = f"compiled with mypyc {state['mypy']}"
    return state


def state() -> dict[str, Any]:
    """The decision of this process (made on first use; warns once when the build is stale)."""
    global _state
    if _state is None:
        _state = decide()
        if _state["stale"] and not os.environ.get(_WARNED):
            os.environ[_WARNED] = "1"
            import warnings

            warnings.warn(f"vnnotice: {_state['reason']}; the pure Python modules are used (same output, slower). "
                          "Rebuild with `pip install -e .` in the checkout (or reinstall), or set VNNOTICE_PURE=1 "
                          "to use pure Python without this warning.", StaleBuildWarning, stacklevel=1)
    return _state


class _Loader(ExtensionFileLoader):
    """Loads a compiled module; a build that cannot be loaded (a library of another system) says what to do."""

    def create_module(self, spec: ModuleSpec) -> Any:
        try:
            return super().create_module(spec)
        except ImportError as exc:
            if type(exc) is not ImportError or exc.path != self.path:
                raise  # raised by the module's own code (a missing dependency): as in pure Python
            raise ImportError(f"vnnotice: the compiled module {spec.name} cannot be loaded ({exc}); set "
                              f"{PURE}=1 to use pure Python, or reinstall vnnotice to rebuild it",
                              name=spec.name, path=self.path) from exc


class _LibraryLoader(_Loader):
    """Loads a mypyc shared library and gives it the ``__file__`` the modules' own ``__file__`` derives from."""

    def __init__(self, name: str, path: str, shown: str) -> None:
        super().__init__(name, path)
        self.shown = shown

    def create_module(self, spec: ModuleSpec) -> Any:
        module = super().create_module(spec)
        module.__file__ = self.shown
        return module


_files: frozenset[str] | None = None  # the names in this folder


def _has_file(name: str) -> bool:
    """Whether this folder holds an extension module for ``name`` (for any Python)."""
    global _files
    if _files is None:
        try:
            _files = frozenset(os.listdir(FOLDER))
        except OSError:
            _files = frozenset()
    last = name.rpartition(".")[2]
    return any(last + suffix in _files for suffix in EXTENSION_SUFFIXES)


class Finder:
    """The meta path finder of the compiled modules (and their shared libraries); None for every other name."""

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if not name.startswith("vnnotice.") or (_state is None and not _has_file(name)):
            return None  # the manifest is read at the first import of a module with a compiled file
        found = (_state or state())["specs"].get(name)
        if found is None:
            return None
        where, shown = found
        loader = _Loader(name, where) if shown is None else _LibraryLoader(name, where, shown)
        return ModuleSpec(name, loader, origin=where)

    @classmethod
    def invalidate_caches(cls) -> None:
        pass


def install() -> None:
    """Put :class:`Finder` first on ``sys.meta_path`` (once)."""
    if not any(f is Finder for f in sys.meta_path):
        sys.meta_path.insert(0, Finder)


def build_info() -> dict[str, Any]:
    """Which build of the hot modules this process uses.

    ``compiled`` (bool), ``modules`` (the compiled modules' names, empty when pure), ``reason`` (why:
    "compiled with mypyc 2.4.1", "VNNOTICE_PURE is set", "not compiled (…)", "… out of date: units.py
    changed since the build"), ``mypy`` (the version that compiled the build, if any), ``profile_guided``
    (whether the build was profile-guided, see ``setup.py``), ``profile`` (what the build did about the
    profile, or why it did not use one) and ``folder`` (where the build is looked for).
    """
    info = dict(state())
    info.pop("specs")
    info.pop("stale")
    return info


def describe() -> str:
    """One line for ``vnnotice --version`` and the benchmarks: compiled (which modules) or pure (why)."""
    info = build_info()
    if info["compiled"]:
        guided = ", profile-guided" if info["profile_guided"] else ""
        return f"compiled with mypyc {info['mypy']}{guided}: {', '.join(m.rpartition('.')[2] for m in info['modules'])}"
    return f"pure Python ({info['reason']})"
