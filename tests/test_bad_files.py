"""A corpus of bad files: each gives its own clear error naming the file and the reason,
and a batch over all of them still processes the good document among them."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from vnnotice import extract, extract_many
from vnnotice.read import ReadError

GOOD = "THÔNG BÁO\nKết luận của Giám đốc Sở Y tế\n1. Sở Y tế báo cáo UBND tỉnh trước ngày 05/11/2024.\n"


def _docx_bytes() -> bytes:
    docx = pytest.importorskip("docx")
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("1. Sở Y tế báo cáo UBND tỉnh trước ngày 05/11/2024.")
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes() -> bytes:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


# name → (bytes maker, words the error must contain)
BAD = {
    "empty.txt": (lambda: b"", "empty file"),
    "binary.txt": (lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(400), "binary data"),
    "truncated.docx": (lambda: _docx_bytes()[:300], "not a readable DOCX"),
    "not-a-zip.docx": (lambda: b"PK\x03\x04 this is not really a zip", "not a readable DOCX"),
    "truncated.pdf": (lambda: _pdf_bytes()[:120], "not a readable PDF"),
    "scanned.pdf": (_pdf_bytes, "no text layer"),
    "bomb.docx": (_zip_bomb, "zip bomb"),
    "text-named.pdf": (lambda: GOOD.encode("utf-8"), "PDF"),
    "table.xlsx": (lambda: b"PK\x03\x04", "unsupported file type"),
    "undecodable.txt": (lambda: b"S\xe1 \x81\x8d\x8e\x8f\x90 \xff\xfe\xfa" * 20 + b"\x81", "undecodable bytes"),
}


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    for name, (make, _) in BAD.items():
        (folder / name).write_bytes(make())
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", list(BAD))
def test_each_bad_file_gives_its_own_clear_error(bad_dir: Path, name: str) -> None:
    path = bad_dir / name
    with pytest.raises(ReadError) as caught:
        extract(path)
    assert caught.value.name == str(path)
    assert BAD[name][1].lower() in caught.value.reason.lower(), caught.value.reason
    assert str(path) in str(caught.value)


def test_file_above_the_size_limit(bad_dir: Path) -> None:
    with pytest.raises(ReadError, match="above the size limit"):
        extract(bad_dir / "good.txt", max_bytes=10)


def test_a_batch_never_stops_for_a_bad_file(bad_dir: Path) -> None:
    paths = sorted(bad_dir.iterdir())
    notices = list(extract_many(paths))
    assert [n.source for n in notices] == [str(p) for p in paths]
    good = [n for n in notices if n.source.endswith("good.txt")][0]
    assert good.directives and not any(w.startswith("unreadable") for w in good.warnings)
    bad = [n for n in notices if not n.source.endswith("good.txt")]
    assert all(n.warnings and n.warnings[0].startswith("unreadable:") for n in bad)
