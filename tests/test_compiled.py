"""Compiled patterns kept across processes (vnnotice.compiled): the same patterns, a file that stays put."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from vnnotice import compiled

REPO = Path(__file__).resolve().parents[1]

# (pattern, flags, texts): patterns of the kinds the stages compile
PATTERNS = [
    (r"(?P<num>\d{1,5})/(?P<year>(?:19|20)\d\d)/(?P<sym>[\p{Lu}Đ]+-[\p{Lu}Đ]+)", 0,
     ["Quyết định số 66/2025/QĐ-UBND", "số 12/2024/NĐ-CP ngày 5/1/2024", "không có số"]),
    (r"(?:chậm\s+nhất|trước)\s*(?:ngày\s+)?$", regex.I | regex.REVERSE,
     ["báo cáo TRƯỚC ngày ", "chậm  nhất", "trong tháng "]),
    (r"""(?P<head>Sở|Phòng)  # the head word
         \h+(?P<rest>\p{Lu}[\p{L}\h]*)""", regex.VERBOSE,
     ["Giao Sở Y tế chủ trì", "Phòng Tài chính - Kế hoạch", "sở y tế"]),
    (r"[\p{L}\p{N}&]+\.?", regex.V1, ["UBND tỉnh Bắc Ninh.", "Sở KH&ĐT", "..."]),
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder for this test; the module's state as in a new process."""
    monkeypatch.setenv(compiled.ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(compiled, "_forms", None)
    monkeypatch.setattr(compiled, "_added", 0)
    monkeypatch.setattr(compiled, "_used", set())
    return tmp_path / "cache"


def _new_process(monkeypatch) -> None:
    monkeypatch.setattr(compiled, "_forms", None)
    monkeypatch.setattr(compiled, "_added", 0)
    monkeypatch.setattr(compiled, "_used", set())


def _results(p: regex.Pattern, texts: list[str]) -> list:
    return [[(m.span(), m.groupdict(), m.group()) for m in p.finditer(t)] for t in texts]


def test_a_kept_pattern_is_the_pattern_regex_compiles(cache, monkeypatch):
    first = [compiled.compile(p, f) for p, f, _ in PATTERNS]
    compiled.save()
    assert len(list(cache.iterdir())) == 1
    _new_process(monkeypatch)

    kept, parse = {p for p, _, _ in PATTERNS}, regex.compile

    def no_parse(pattern, *args, **kwargs):
        assert pattern not in kept, "a kept pattern was parsed again"
        return parse(pattern, *args, **kwargs)

    monkeypatch.setattr(regex, "compile", no_parse)
    again = [compiled.compile(p, f) for p, f, _ in PATTERNS]
    monkeypatch.undo()
    for (pattern, flags, texts), a, b in zip(PATTERNS, first, again):
        fresh = regex.compile(pattern, flags)
        assert (b.pattern, b.flags, b.groupindex) == (fresh.pattern, fresh.flags, fresh.groupindex)
        assert _results(b, texts) == _results(fresh, texts) == _results(a, texts)


def test_an_unreadable_file_is_compiled_over(cache, monkeypatch):
    compiled.compile(*PATTERNS[0][:2])
    compiled.save()
    (path,) = cache.iterdir()
    path.write_bytes(b"\x00not marshal")
    _new_process(monkeypatch)
    p = compiled.compile(*PATTERNS[0][:2])
    assert p.search("số 66/2025/QĐ-UBND").group("sym") == "QĐ-UBND"
    compiled.save()  # rewritten whole
    _new_process(monkeypatch)
    assert (PATTERNS[0][0], 0, int(regex.DEFAULT_VERSION)) in compiled.forms()


def test_off_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(compiled.ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _new_process(monkeypatch)
    assert compiled.folder() is None
    assert compiled.compile(r"\d+").fullmatch("2026")
    compiled.save()
    assert list(tmp_path.iterdir()) == []


def test_the_folder_is_never_relative_to_the_working_folder(monkeypatch):
    monkeypatch.delenv(compiled.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/someone")
    assert compiled.folder() == Path("/var/cache/someone/vnnotice")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as the XDG convention says
    monkeypatch.setenv("HOME", "/home/someone")
    assert compiled.folder() == Path("/home/someone/.cache/vnnotice")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no home folder to be found
    assert compiled.folder() is None


def test_named_lists_and_a_full_file_are_compiled_as_usual(cache, monkeypatch):
    p = compiled.compile(r"\L<units>", units=["Sở Y tế", "Sở Tài chính"])  # a named list: its values are needed
    assert p.search("Giao Sở Tài chính chủ trì").group() == "Sở Tài chính" and compiled.forms() == {}
    compiled.compile(r"a+")
    compiled.save()
    _new_process(monkeypatch)
    monkeypatch.setattr(compiled, "MAX_ENTRIES", 2)
    for p in (r"b+", r"c+", r"a+"):  # over the limit with the one kept: this process's patterns are written
        compiled.compile(p)
    compiled.save()
    _new_process(monkeypatch)
    assert len(compiled.forms()) == 2 and {k[0] for k in compiled.forms()} <= {"a+", "b+", "c+"}


def test_the_stages_compile_the_same_patterns_in_every_process(tmp_path):
    # patterns built from vocabularies must not depend on the order of a set (hash seeds differ by process):
    # else each process would add its own copies to the file
    env = {**os.environ, compiled.ENV: str(tmp_path), "PYTHONPATH": str(REPO)}
    code = ("import json, vnnotice.stages as s, vnnotice.compiled as c\ns.warm_up()\nc.save()\n"
            "print(json.dumps(len(c.forms())))")
    counts = []
    for seed in ("1", "2", "3"):
        done = subprocess.run([sys.executable, "-c", code], env={**env, "PYTHONHASHSEED": seed},
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        counts.append(json.loads(done.stdout.splitlines()[-1]))
    assert counts[0] > 50 and counts[0] == counts[1] == counts[2]
