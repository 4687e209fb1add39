"""What importing vnnotice loads: the default path does not pull in spaCy, the service, the OCR stack or the
batch engines, and the public names stay where they were.

Each check runs in a fresh interpreter (``sys.modules`` of the test process holds whatever other tests loaded).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: Packages and modules the default extraction of a text document has no use for.
NOT_ON_THE_DEFAULT_PATH = (
    "spacy", "vnnotice.pipeline",  # the spaCy component
    "vnnotice.service", "fastapi", "starlette", "uvicorn",  # the HTTP service
    "vnnotice.formats.ocr", "PIL", "pypdfium2",  # the OCR stack
    "vnnotice.formats.pdf", "pypdf", "vnnotice.formats.docx", "docx",  # readers of other formats
    "vnnotice.batch", "dask", "distributed", "duckdb", "pyarrow",  # batch runs
    "vnnotice.train", "sklearn", "scipy", "numpy",  # training
    "underthesea",
)

LETTER = """ỦY BAN NHÂN DÂN TỈNH BẮC NINH
SỞ TÀI CHÍNH
Số: 78/STC-NS
Bắc Ninh, ngày 03 tháng 3 năm 2026

Kính gửi: Ủy ban nhân dân các xã, phường.

1. Ủy ban nhân dân các xã, phường rà soát và báo cáo kết quả trước ngày 25 tháng 3.
2. Phòng Quản lý ngân sách chủ trì theo dõi, tổng hợp.

GIÁM ĐỐC
Trần Văn Hùng
"""


def _loaded(code: str, *names: str) -> list[str]:
    """The ``names`` (and their submodules) in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    probe = (f"{code}\nimport json, sys\nnames = {list(names)!r}\n"
             "print(json.dumps(sorted(m for m in sys.modules if any(m == n or m.startswith(n + '.') for n in names))))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_import_vnnotice_loads_none_of_the_optional_stacks():
    assert _loaded("import vnnotice", *NOT_ON_THE_DEFAULT_PATH) == []


def test_import_vnnotice_leaves_the_stages_until_a_name_is_used():
    # the stages, their vocabularies and pydantic are loaded by the first use of a public name
    assert _loaded("import vnnotice", "vnnotice.stages", "vnnotice.records", "pydantic", "regex") == []
    assert _loaded("import vnnotice\nvnnotice.Notice", "vnnotice.records") == ["vnnotice.records"]


def test_extracting_a_text_document_loads_none_of_the_optional_stacks():
    code = f"import vnnotice\nnotice = vnnotice.extract({LETTER!r})\nassert notice.directives"
    # nor multiprocessing (one process), the fuzzy matcher (no registry given) or the appendix reader (no table)
    extra = ("concurrent.futures.process", "multiprocessing", "rapidfuzz", "vnnotice.appendix")
    assert _loaded(code, *NOT_ON_THE_DEFAULT_PATH, *extra) == []


def test_the_command_line_loads_a_command_s_module_only_for_that_command(tmp_path):
    doc = tmp_path / "cong-van.txt"
    doc.write_text(LETTER, encoding="utf-8")
    run = "from vnnotice.cli import app\ntry:\n    app({args}, prog_name='vnnotice')\nexcept SystemExit:\n    pass"
    assert _loaded(run.format(args=["extract", str(doc), "--out", str(tmp_path / "out")]), *NOT_ON_THE_DEFAULT_PATH) == []
    assert (tmp_path / "out" / "cong-van.json").is_file()
    assert "vnnotice.batch" in _loaded(run.format(args=["batch", "--help"]), "vnnotice.batch")


def test_the_public_names_are_those_of_their_modules():
    import vnnotice
    from vnnotice import read, records, stages

    assert vnnotice.extract is stages.extract and vnnotice.extract_many is stages.extract_many
    assert vnnotice.ReadError is read.ReadError
    for name in ("Notice", "Directive", "Citation", "Deadline", "UnitMention", "RegistryLink", "Signature"):
        assert getattr(vnnotice, name) is getattr(records, name)
    assert set(vnnotice.__all__) <= set(dir(vnnotice))
    namespace: dict = {}
    exec("from vnnotice import *", namespace)
    assert {n for n in vnnotice.__all__} <= set(namespace)


def test_a_submodule_is_an_attribute_and_a_wrong_name_an_attribute_error():
    import vnnotice

    assert vnnotice.registry.Registry.__module__ == "vnnotice.registry"
    with pytest.raises(AttributeError, match="no attribute 'extrakt'"):
        vnnotice.extrakt  # noqa: B018
    assert not hasattr(vnnotice, "_private_name")
