"""The compiled hot modules (mypyc, ``vnnotice/_native``) and the import hook that chooses them or pure Python.

The hook's choices are tested on a copy of the package with a manifest written here (the installed
package is never edited); the compiled build itself, when this install has one, is compared with pure
Python (``VNNOTICE_PURE=1``) on every corpus document, in other processes.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import vnnotice
from vnnotice import _native

REPO = Path(__file__).resolve().parents[1]
SUFFIX = EXTENSION_SUFFIXES[0]  # this Python's (".cpython-311-x86_64-linux-gnu.so")
BUILT = vnnotice.build_info()
needs_build = pytest.mark.skipif(
    not BUILT["compiled"],
    reason=f"the hot modules do not run compiled here ({BUILT['reason']}); the README install compiles them "
           "when a C compiler is there")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (_native.PURE, "_VNNOTICE_STALE_WARNED")}
    return {**env, **extra}


def _run(code: str, where: Path, **env: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-W", "default", "-c", code], cwd=where, capture_output=True, text=True,
                          env=_env(PYTHONPATH=str(where), **env), timeout=300)
    return done


PROBE = """\
import json, warnings, vnnotice
import vnnotice.kind, vnnotice.layout
info = vnnotice.build_info(); vnnotice.build_info()
print(json.dumps({"info": info, "kind": vnnotice.kind.__file__, "layout": vnnotice.layout.__file__}))
"""


def _copy(tmp_path: Path) -> Path:
    """A copy of the package without any build in its ``_native`` folder."""
    shutil.copytree(REPO / "vnnotice", tmp_path / "vnnotice", ignore=shutil.ignore_patterns("__pycache__"))
    _clear(tmp_path / "vnnotice" / "_native")
    return tmp_path


def _clear(native: Path) -> None:
    for path in native.iterdir():
        if path.name != "__init__.py":
            path.unlink()


def _fake_build(root: Path, python: str = sys.implementation.cache_tag, suffix: str = SUFFIX,
                modules: tuple[str, ...] = ("kind", "layout")) -> None:
    """A manifest for ``modules`` with the hashes of the copy's sources, and (empty) files in its place."""
    native = root / "vnnotice" / "_native"
    manifest = {"python": python, "ext_suffix": suffix, "mypy": "0.test",
                "modules": {f"vnnotice.{m}": {"file": f"{m}{suffix}", "sha256": hashlib.sha256(
                    (root / "vnnotice" / f"{m}.py").read_bytes()).hexdigest()} for m in modules},
                "libraries": {f"vnnotice._native.{m}__mypyc": {"file": f"{m}__mypyc{suffix}", "per_module": True}
                              for m in modules}}
    (native / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for m in modules:
        (native / f"{m}{suffix}").write_bytes(b"")
        (native / f"{m}__mypyc{suffix}").write_bytes(b"")


def _probe(root: Path, **env: str) -> tuple[dict, str]:
    done = _run(PROBE, root, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1]), done.stderr


def _pure(result: dict, root: Path) -> bool:
    return (result["kind"] == str(root / "vnnotice" / "kind.py")
            and result["layout"] == str(root / "vnnotice" / "layout.py") and not result["info"]["compiled"])


def test_without_a_build_the_modules_are_pure_and_nothing_is_said(tmp_path):
    root = _copy(tmp_path)
    result, err = _probe(root)
    assert _pure(result, root)
    assert result["info"]["reason"].startswith("not compiled") and result["info"]["modules"] == []
    assert "Warning" not in err


def test_a_failed_compile_is_told_by_build_info_not_by_a_warning(tmp_path):
    root = _copy(tmp_path)
    (root / "vnnotice" / "_native" / "failed.txt").write_text("the C compiler failed: gcc not found\n")
    result, err = _probe(root)
    assert _pure(result, root) and "gcc not found" in result["info"]["reason"]
    assert "Warning" not in err


def test_this_install_did_not_fall_back_to_pure_python_on_a_type_error():
    """A compile that failed on a mypy error is the code's fault, not the machine's: every install would then
    run pure Python without a word. The hot modules stay mypy-clean under [tool.mypy] (pyproject.toml)."""
    reason = BUILT["reason"]
    if not reason.startswith("not compiled: compiling failed"):
        pytest.skip(f"no failed compile in this install ({reason})")
    assert "mypy" not in reason, reason


def test_this_install_did_not_lose_its_profile_guided_build_to_a_failure():
    """setup.py builds profile-guided with GCC, else plainly and says why in the manifest: a failure of the
    instrumented build, of its run over the training documents, or of the build with the profile is the
    code's fault (the machine's reasons are another compiler, VNNOTICE_PGO=0, no training documents)."""
    if not BUILT["compiled"]:
        pytest.skip(f"not compiled here ({BUILT['reason']})")
    profile = BUILT["profile"] or ""
    assert "failed" not in profile, profile
    assert (", profile-guided: " in _native.describe()) == BUILT["profile_guided"]


def test_the_manifest_tells_whether_the_build_is_profile_guided(tmp_path):
    root = _copy(tmp_path)
    _fake_build(root)
    native, package = root / "vnnotice" / "_native", root / "vnnotice"
    state = _native.decide(str(native), str(package))
    assert state["compiled"] and state["profile_guided"] is False and state["profile"] is None  # (an older build)
    manifest = json.loads((native / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(profile_guided=True, profile="profile-guided: 2 runs over 40 documents of corpus/")
    (native / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    state = _native.decide(str(native), str(package))
    assert state["compiled"] and state["profile_guided"] is True and state["profile"].startswith("profile-guided")


def test_a_changed_source_gives_pure_modules_and_one_warning_that_says_how_to_rebuild(tmp_path):
    root = _copy(tmp_path)
    _fake_build(root)  # empty files: loading any of them would fail, so a pure result shows they were not loaded
    with (root / "vnnotice" / "layout.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# an edit after the build\n")
    result, err = _probe(root)
    assert _pure(result, root)  # kind.py is unchanged but is pure too: all or none
    assert result["info"]["reason"] == "the compiled modules are out of date: layout.py changed since the build"
    assert err.count("StaleBuildWarning") == 1 and "pip install -e ." in err and "VNNOTICE_PURE=1" in err


def test_the_stale_warning_is_not_repeated_by_the_processes_started_from_a_warned_one(tmp_path):
    root = _copy(tmp_path)
    _fake_build(root)
    (root / "vnnotice" / "kind.py").write_text((root / "vnnotice" / "kind.py").read_text() + "\n# edited\n")
    code = ("import multiprocessing as mp, vnnotice\nvnnotice.build_info()\n"
            "def child():\n    import vnnotice\n    return vnnotice.build_info()['reason']\n"
            "if __name__ == '__main__':\n"
            "    with mp.get_context('spawn').Pool(1) as pool:\n        print(pool.apply(child))\n")
    (root / "run.py").write_text(code)
    done = subprocess.run([sys.executable, "-W", "default", "run.py"], cwd=root, capture_output=True, text=True,
                          env=_env(PYTHONPATH=str(root)), timeout=300)
    assert done.returncode == 0, done.stderr
    assert "kind.py changed" in done.stdout and done.stderr.count("StaleBuildWarning") == 1


def test_an_incomplete_build_is_stale(tmp_path):
    root = _copy(tmp_path)
    _fake_build(root)
    (root / "vnnotice" / "_native" / f"layout__mypyc{SUFFIX}").unlink()
    result, err = _probe(root)
    assert _pure(result, root) and "incomplete" in result["info"]["reason"]
    assert err.count("StaleBuildWarning") == 1


def test_a_build_for_another_python_is_ignored_silently(tmp_path):
    root = _copy(tmp_path)
    _fake_build(root, python="cpython-39", suffix=".cpython-39-x86_64-linux-gnu.so")
    result, err = _probe(root)
    assert _pure(result, root) and "another Python (cpython-39" in result["info"]["reason"]
    assert "Warning" not in err


def test_vnnotice_pure_wins_over_a_build_that_matches(tmp_path):
    root = _copy(tmp_path)
    _fake_build(root)
    result, err = _probe(root, VNNOTICE_PURE="1")
    assert _pure(result, root) and result["info"]["reason"] == "VNNOTICE_PURE is set" and "Warning" not in err
    # without it, the hook does load the (here empty, unloadable) build, and says what to do
    done = _run("import vnnotice.kind", root)
    assert done.returncode != 0 and "VNNOTICE_PURE=1" in done.stderr and "kind" in done.stderr


def test_the_hook_answers_only_for_the_compiled_modules(tmp_path):
    root = _copy(tmp_path)
    _fake_build(root, modules=("kind",))
    done = _run("import vnnotice, vnnotice.layout, json, sys\n"
                "print(json.dumps([vnnotice.layout.__file__, 'json' in sys.modules]))", root)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [str(root / "vnnotice" / "layout.py"), True]


def test_an_unknown_compile_setting_stops_the_install_naming_it():
    pytest.importorskip("setuptools")
    done = subprocess.run([sys.executable, "setup.py", "--name"], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env=_env(VNNOTICE_COMPILE="maybe"))
    assert done.returncode != 0 and "VNNOTICE_COMPILE='maybe'" in done.stderr and "require" in done.stderr
    done = subprocess.run([sys.executable, "setup.py", "--name"], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env=_env(VNNOTICE_COMPILE="0"))
    assert done.returncode == 0 and done.stdout.split()[-1] == "vnnotice"


def test_the_compiled_list_is_the_one_of_setup_py():
    text = (REPO / "setup.py").read_text(encoding="utf-8")
    assert "COMPILED: tuple[str, ...] = (" in text
    if BUILT["compiled"]:
        listed = text.split("COMPILED: tuple[str, ...] = (", 1)[1].split(")", 1)[0]
        assert sorted(BUILT["modules"]) == sorted(f"vnnotice.{m.strip().strip(chr(34))}" for m in listed.split(",")
                                                 if m.strip())


@needs_build
def test_the_compiled_modules_are_loaded_from_their_own_folder():
    code = ("import json, importlib, vnnotice\ninfo = vnnotice.build_info()\n"
            "print(json.dumps({m: importlib.import_module(m).__file__ for m in info['modules']}))")
    done = _run(code, REPO)
    assert done.returncode == 0, done.stderr
    files = json.loads(done.stdout.splitlines()[-1])
    assert files and all(Path(f).parent == REPO / "vnnotice" / "_native" or Path(f).parent.name == "_native"
                         for f in files.values())
    package = Path(vnnotice.__file__).parent
    assert not [p.name for p in package.iterdir() if p.suffix in (".so", ".pyd")], "an extension beside the sources"


@needs_build
@pytest.mark.skipif(os.name == "nt", reason="setup.py hides the functions for a Unix-style compiler only")
def test_each_compiled_library_exports_its_init_function_and_hides_the_rest():
    # (setup.py's UNIX_FLAGS: the calls inside a library then bind directly, not through the PLT)
    import ctypes

    libraries = sorted(Path(_native.__file__).parent.glob(f"*__mypyc{SUFFIX}"))
    assert [p.name.split("__mypyc")[0] for p in libraries] == sorted(m.rpartition(".")[2] for m in BUILT["modules"])
    for path in libraries:
        module = path.name.split("__mypyc")[0]
        library = ctypes.CDLL(str(path))
        assert hasattr(library, f"PyInit_{module}__mypyc"), path.name
        assert not hasattr(library, f"CPyDef_vnnotice___{module}_____top_level__"), path.name


@needs_build
@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_worker_processes_use_the_compiled_build(method, tmp_path):
    code = ("import multiprocessing as mp, json\n"
            "def child():\n    import vnnotice, importlib\n    info = vnnotice.build_info()\n"
            "    return info['compiled'], [importlib.import_module(m).__file__ for m in info['modules']]\n"
            "if __name__ == '__main__':\n"
            f"    with mp.get_context({method!r}).Pool(1) as pool:\n        print(json.dumps(pool.apply(child)))\n")
    (tmp_path / "run.py").write_text(code)  # a file: spawned workers import the parent's __main__
    done = subprocess.run([sys.executable, str(tmp_path / "run.py")], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env=_env())
    assert done.returncode == 0, done.stderr
    compiled, files = json.loads(done.stdout.splitlines()[-1])
    assert compiled and files and all("_native" in f for f in files)


@needs_build
def test_the_worker_pool_of_the_batch_and_the_service_uses_the_compiled_build():
    from vnnotice.batch.workers import WorkerPool

    with WorkerPool(1) as pool:  # workers are separate python processes, not forks
        info = pool.submit("vnnotice._native:build_info").result(timeout=120)
    assert info["compiled"] and info["modules"] == BUILT["modules"]


@needs_build
def test_compiled_and_pure_give_identical_records_on_the_corpus(tmp_path):
    """Every document of corpus/ (and of ../shared/corpus when present): Notice JSON compiled == pure."""
    script = str(REPO / "benchmarks" / "same_output.py")
    saved = subprocess.run([sys.executable, script, "save", str(tmp_path)], cwd=REPO, capture_output=True,
                           text=True, timeout=1800, env=_env(VNNOTICE_PURE="1"))
    assert saved.returncode == 0, saved.stderr
    checked = subprocess.run([sys.executable, script, "check", str(tmp_path), "--diff", "2"], cwd=REPO,
                             capture_output=True, text=True, timeout=1800, env=_env())
    assert checked.returncode == 0, checked.stdout[-4000:] + checked.stderr[-2000:]
    count = len(list(tmp_path.iterdir()))
    assert count >= 26 and f"{count}/{count} identical" in checked.stdout


def test_the_version_says_which_build_runs():
    done = subprocess.run([sys.executable, "-m", "vnnotice", "--version"], cwd=REPO, capture_output=True,
                          text=True, timeout=120)  # this process's environment, as BUILT was found in it
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()[:2]
    assert first == vnnotice.__version__
    assert second.startswith("compiled with mypyc" if BUILT["compiled"] else "pure Python (")
    pure = subprocess.run([sys.executable, "-m", "vnnotice", "--version"], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env=_env(VNNOTICE_PURE="1"))
    assert pure.stdout.splitlines()[1] == "pure Python (VNNOTICE_PURE is set)"
