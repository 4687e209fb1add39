"""Hostile inputs end in bounded work with the right outcome: a record or a clear ReadError.

The inputs are built by tests/hostile.py at a size that runs well under a
second; benchmarks/pathological.py times the same cases at two sizes 10x
apart (timings never go in tests).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from vnnotice import Notice, extract
from vnnotice.read import ReadError, read

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile import CASES, EXPECT, SMALL, numbered_docx, pdf, text_page  # noqa: E402

NEEDS = {"docx": "docx", "pdf": "pypdf"}


@pytest.mark.parametrize("case", list(CASES))
def test_each_hostile_case_gives_its_outcome(case: str) -> None:
    name, data = CASES[case](SMALL[case])
    if isinstance(data, bytes):
        pytest.importorskip(NEEDS[name.rsplit(".", 1)[1]])
    if EXPECT[case] == "read-error":
        with pytest.raises(ReadError) as info:
            extract(data, name=name)
        assert info.value.name == name and info.value.reason
        return
    notice = extract(data, name=name) if isinstance(data, bytes) else extract(data)
    Notice.model_validate_json(notice.model_dump_json())
    assert notice.text.strip()


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"start": "1000000000"}, "w:start 1000000000 is outside 0–32767"),
    ({"start": "abc"}, "w:start 'abc' is not a number"),
    ({"ilvl": "x"}, "w:ilvl 'x' is not a number"),
    ({"ilvl": "12"}, "w:ilvl 12 is outside 0–8"),
    ({"start": "-5"}, "w:start -5 is outside"),
])
def test_bad_word_numbering_is_a_clear_read_error(kwargs: dict, words: str) -> None:
    pytest.importorskip("docx")
    with pytest.raises(ReadError) as info:
        read(numbered_docx(3, **kwargs), name="ds.docx")
    assert words in info.value.reason and info.value.name == "ds.docx"


@pytest.mark.parametrize(("fmt", "start", "first"), [
    ("lowerLetter", "300", "300."), ("upperRoman", "5000", "5000."), ("lowerLetter", "27", "aa."), ("upperRoman", "14", "XIV."),
])
def test_word_counters_past_short_forms_are_decimal(fmt: str, start: str, first: str) -> None:
    pytest.importorskip("docx")
    text = read(numbered_docx(2, start=start, fmt=fmt), name="ds.docx").text
    assert text.splitlines()[1].startswith(first + " ")


def test_pdf_lines_that_differ_in_their_numbers_are_body_not_running_heads() -> None:
    pytest.importorskip("pypdf")
    pages = [text_page([f"Muc {k}", f"{k}.1 Phong Noi vu bao cao.", f"{k}.2 Phong Y te thuc hien."]) for k in range(1, 6)]
    text = read(pdf(pages), name="muc.pdf").text
    assert [line for line in text.splitlines() if line.startswith("Muc ")] == [f"Muc {k}" for k in range(1, 6)]
    assert "5.2 Phong Y te thuc hien." in text


def test_pdf_running_heads_whose_numbers_count_the_pages_are_dropped() -> None:
    pytest.importorskip("pypdf")
    pages = [text_page(["Bao cao so 12/BC-UBND", f"Trang {k}/4", f"Noi dung rieng cua trang {'abcd'[k - 1]}."])
             for k in range(1, 5)]
    text = read(pdf(pages), name="bc.pdf").text
    assert "Trang" not in text and "Bao cao so 12" not in text
    assert [line for line in text.splitlines() if line] == [f"Noi dung rieng cua trang {c}." for c in "abcd"]


def test_a_pdf_whose_every_line_looks_running_keeps_its_text() -> None:
    pytest.importorskip("pypdf")
    pages = [text_page(["Ban tin", "Phong Noi vu"]) for _ in range(3)]
    assert "Phong Noi vu" in read(pdf(pages), name="lap.pdf").text


def test_a_pdf_drawing_one_stream_on_every_page_is_refused_before_extraction() -> None:
    pytest.importorskip("pypdf")
    big = text_page(["THONG BAO"]) + b" 0 0 m" * 20000
    with pytest.raises(ReadError, match="shared by the pages"):
        read(pdf([big] * 4, shared=True), name="chung.pdf")
    assert read(pdf([text_page(["THONG BAO", "1. So Y te bao cao."])] * 4, shared=True), name="ok.pdf").text


def test_a_docx_part_padded_past_the_limit_is_refused() -> None:
    pytest.importorskip("docx")
    import zipfile

    from hostile import docx

    from vnnotice.formats import docx as reader

    padding = "<w:p/>" * (reader.MAX_XML_PART // 6 + 10)
    with pytest.raises(ReadError, match="more than"):
        read(docx(padding, compression=zipfile.ZIP_STORED), name="dem.docx")
    with pytest.raises(ReadError, match="padding or a zip bomb"):
        read(docx("<w:p/>" * 400_000), name="dem.docx")


@pytest.mark.parametrize("text", ["1. Sở Y tế \ud800 báo cáo.\n", "THÔNG BÁO\n\udcff\n2. Sở Nội vụ thực hiện.\n"])
def test_lone_surrogates_never_break_the_json_of_a_record(text: str) -> None:
    notice = extract(text, name="t\udcf4.txt")
    assert notice.source == "t\\xf4.txt"
    Notice.model_validate_json(notice.model_dump_json())


def test_a_read_error_survives_pickling() -> None:
    import pickle

    exc = pickle.loads(pickle.dumps(ReadError("a.docx", "bad list numbering")))
    assert (exc.name, exc.reason, str(exc)) == ("a.docx", "bad list numbering", "a.docx: bad list numbering")


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_an_aes_encrypted_pdf_with_an_empty_password_opens(algorithm: str) -> None:
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("cryptography")
    import io

    reader = pypdf.PdfReader(io.BytesIO(pdf([text_page(["THONG BAO", "1. So Y te bao cao ket qua."])])))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.encrypt("", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "1. So Y te bao cao ket qua." in read(buffer.getvalue(), name="aes.pdf").text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups as on Linux")
def test_a_converter_past_its_timeout_is_killed_with_what_it_started(tmp_path: Path) -> None:
    import os
    import time

    from vnnotice.formats.doc import ConvertError, run

    pids = tmp_path / "pids"
    script = f"sleep 60 & echo $! > {pids}; sleep 60"  # a child left behind, as soffice leaves soffice.bin
    started = time.monotonic()
    with pytest.raises(ConvertError, match="within 0.5 s"):
        run(["sh", "-c", script], timeout=0.5)
    assert time.monotonic() - started < 10
    child = int(pids.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0] if Path(f"/proc/{child}").exists() else "Z"
        if state == "Z":
            break
        time.sleep(0.05)
    else:
        pytest.fail("the converter's child outlived the timeout")
