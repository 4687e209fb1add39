"""Read stage: str, path or bytes → decoded source text and its format."""
from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from vnnotice.read import DEFAULT_MAX_BYTES, FOLDER_REASON, ReadError, read

SENTENCE = "Ủy ban nhân dân tỉnh đề nghị các sở, ngành khẩn trương thực hiện, báo cáo trước ngày 15/11/2024."
DOC = f"THÔNG BÁO\nKết luận của Giám đốc Sở Y tế\n{SENTENCE}\n"


def test_str_with_newlines_is_the_document_text():
    src = read(DOC)
    assert src.text == DOC
    assert src.format == "text"
    assert src.encoding is None and src.name is None


def test_long_one_line_str_is_the_document_text():
    text = "Ủy ban nhân dân tỉnh đề nghị các sở, ngành khẩn trương thực hiện. " * 5  # no '/' and no newline
    assert 255 < len(text.encode("utf-8")) and len(text) <= 1024
    assert read(text).text == text


def test_str_naming_an_existing_file_reads_the_file(tmp_path: Path):
    path = tmp_path / "thong-bao.txt"
    path.write_text(DOC, encoding="utf-8")
    src = read(str(path))
    assert src.text == DOC
    assert src.name == str(path)
    assert src.encoding == "utf-8"


def test_path_and_bytes_give_the_same_text(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes(DOC.encode("utf-8"))
    assert read(path).text == read(DOC.encode("utf-8")).text == DOC


def test_bytes_with_a_name_use_the_reader_of_its_suffix():
    src = read("**Số:** 12/TB-SYT\n".encode("utf-8"), name="x.md")
    assert src.format == "markdown"
    assert src.name == "x.md"


def test_utf8_bom_is_removed():
    src = read(codecs.BOM_UTF8 + DOC.encode("utf-8"))
    assert src.text == DOC
    assert not src.text.startswith("\ufeff")


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
                         ids=["le", "be"])
def test_utf16_with_bom(tmp_path: Path, bom: bytes, codec: str):
    path = tmp_path / "doc.txt"
    path.write_bytes(bom + DOC.encode(codec))
    src = read(path)
    assert src.text == DOC
    assert src.encoding.startswith("utf-16")


def test_utf16_be_without_bom():
    assert read(DOC.encode("utf-16-be")).text == DOC


def test_utf16_le_without_bom_starting_with_a_vietnamese_letter():
    assert read(SENTENCE.encode("utf-16-le")).text == SENTENCE


def test_windows_1258_bytes(encode_cp1258):
    data = encode_cp1258(SENTENCE)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    src = read(data)
    assert src.encoding == "cp1258"
    # Windows-1258 stores tone marks as combining characters: NFC gives the sentence back
    assert unicodedata.normalize("NFC", src.text) == SENTENCE


def test_windows_1258_file(tmp_path: Path, encode_cp1258):
    path = tmp_path / "cong-van.txt"
    path.write_bytes(encode_cp1258(DOC))
    assert unicodedata.normalize("NFC", read(path).text) == DOC


def test_markdown_file_keeps_its_markup_for_the_clean_stage(tmp_path: Path):
    path = tmp_path / "doc.md"
    path.write_text("**THÔNG BÁO**\n| Số: 5/TB-UBND |\n", encoding="utf-8")
    src = read(path)
    assert src.format == "markdown"
    assert src.text == "**THÔNG BÁO**\n| Số: 5/TB-UBND |\n"


HTML = """<!DOCTYPE html><html><head><title>Tiêu đề trang</title>
<style>p { color: red; }</style><script>var secret = "không hiển thị";</script></head>
<body><p>THÔNG BÁO</p><div>Sở Y tế đề nghị các đơn vị<br>báo cáo &amp; tổng hợp.</div>
<script type="text/javascript">document.write("quảng cáo")</script><p>Hạn cuối: ngày 15/11/2024.</p></body></html>"""


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html_file_gives_visible_text(tmp_path: Path, suffix: str):
    path = tmp_path / f"page{suffix}"
    path.write_text(HTML, encoding="utf-8")
    src = read(path)
    assert src.format == "html"
    assert _lines(src.text) == ["THÔNG BÁO", "Sở Y tế đề nghị các đơn vị", "báo cáo & tổng hợp.", "Hạn cuối: ngày 15/11/2024."]
    for hidden in ("secret", "không hiển thị", "quảng cáo", "color", "Tiêu đề trang", "<"):
        assert hidden not in src.text


def test_html_given_as_str_is_sniffed():
    src = read(HTML)
    assert src.format == "html"
    assert "quảng cáo" not in src.text and "THÔNG BÁO" in src.text


@pytest.mark.parametrize("suffix", [".xlsx", ".pptx", ".gif", ""])
def test_unsupported_suffix_names_the_file_and_the_reason(tmp_path: Path, suffix: str):
    path = tmp_path / f"van-ban{suffix}"
    path.write_bytes(b"%PDF-1.7 binary")
    with pytest.raises(ReadError) as info:
        read(path)
    err = info.value
    assert err.name == str(path)
    assert "unsupported" in err.reason
    assert (suffix or "no suffix") in err.reason
    assert str(path) in str(err)


def test_missing_file(tmp_path: Path):
    path = tmp_path / "khong-co.txt"
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.name == str(path)
    assert "no such file" in info.value.reason


def test_missing_file_given_as_str(tmp_path: Path):
    with pytest.raises(ReadError):
        read(str(tmp_path / "khong-co.txt"))


def test_directory_is_not_a_document(tmp_path: Path):
    for given in (tmp_path, str(tmp_path)):
        with pytest.raises(ReadError) as info:
            read(given)
        assert info.value.name == str(tmp_path)
        assert info.value.reason == FOLDER_REASON and "vnnotice batch" in FOLDER_REASON


def test_empty_file(tmp_path: Path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.reason == "empty file"
    assert info.value.name == str(path)


def test_file_above_max_bytes(tmp_path: Path):
    path = tmp_path / "lon.txt"
    path.write_text(DOC, encoding="utf-8")
    size = len(DOC.encode("utf-8"))
    with pytest.raises(ReadError) as info:
        read(path, max_bytes=size - 1)
    assert str(size) in info.value.reason and "limit" in info.value.reason
    assert read(path, max_bytes=size).text == DOC


def test_bytes_above_max_bytes():
    with pytest.raises(ReadError, match="above the size limit"):
        read(b"x" * 101, max_bytes=100)


def test_default_size_limit_is_generous():
    assert DEFAULT_MAX_BYTES >= 10 * 1024 * 1024


@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"\x00\x01\x02\x03\xff\xfe" * 50],
                         ids=["all-bytes", "nul-noise"])
def test_binary_bytes_are_refused(data: bytes):
    with pytest.raises(ReadError, match="binary|undecodable|does not decode"):
        read(data)


def test_binary_file_with_a_text_suffix_names_the_file(tmp_path: Path):
    path = tmp_path / "anh.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.name == str(path)


def test_nul_padded_binary_is_refused():
    png_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    with pytest.raises(ReadError):
        read(png_like)


def test_read_error_is_a_value_error():
    assert issubclass(ReadError, ValueError)
