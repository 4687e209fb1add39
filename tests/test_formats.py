"""DOCX, PDF and .doc readers: Word numbering, tables, running heads, clear errors, LibreOffice round trips."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
pypdf = pytest.importorskip("pypdf")

from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls  # noqa: E402

from vnnotice.evaluate import score_pair  # noqa: E402
from vnnotice.export import to_gold  # noqa: E402
from vnnotice.formats import doc as doc_format  # noqa: E402
from vnnotice.formats.docx import Level, Numbering, format_number  # noqa: E402
from vnnotice.formats import ocr  # noqa: E402
from vnnotice.formats.pdf import NO_TEXT, NO_TEXT_OCR, strip_running_lines  # noqa: E402
from vnnotice.read import READERS, ReadError, read  # noqa: E402
from vnnotice.stages import extract  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SOFFICE = doc_format.soffice()
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                   "the DOCX/PDF round-trip tests need it to convert the corpus")
# A proportional font with precomposed Vietnamese letters: with a font that lacks them, LibreOffice
# draws marks as separate glyphs and keeps the true text only in /ActualText, which pypdf does not read.
TEXT_FILTER = "Text (encoded):UTF8,LF,DejaVu Serif,vi-VN"
SCORED = ("directives", "citations", "deadlines")


def _has_font(family: str) -> bool:
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", family], capture_output=True, text=True, check=False).stdout
    return bool(found.strip())


needs_serif = pytest.mark.skipif(SOFFICE is not None and not _has_font("DejaVu Serif"),
                                 reason="the font DejaVu Serif is not installed: LibreOffice's PDFs would keep "
                                        "Vietnamese letters only in /ActualText, which pypdf does not read")

HEADER = ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH ĐỊNH", "Số: 41/TB-UBND"]
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Bình Định, ngày 06 tháng 3 năm 2025"]
TITLE = ["THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác phòng, chống hạn hán"]
INTRO = "Sau khi nghe báo cáo của các sở, ngành, Chủ tịch UBND tỉnh kết luận như sau:"
# (level, text): level 0 "%1.", level 1 "%2)", level 2 bullet "-"
ITEMS = [
    (0, "Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các địa phương:"),
    (1, "Rà soát nguồn nước tưới cho vụ Hè Thu, hoàn thành trước ngày 20/3/2025;"),
    (2, "Kiểm tra các hồ chứa có dung tích dưới 3 triệu m3;"),
    (2, "Lập kế hoạch điều tiết nước theo từng đợt."),
    (1, "Báo cáo UBND tỉnh kết quả thực hiện trước ngày 31/3/2025."),
    (0, "Sở Tài chính tham mưu bố trí kinh phí chống hạn theo Quyết định số 512/QĐ-UBND ngày 15/02/2025 "
        "của UBND tỉnh."),
    (0, "UBND các huyện, thị xã, thành phố triển khai ngay các biện pháp tiết kiệm nước:"),
    (1, "Vận động nhân dân chuyển đổi cây trồng phù hợp;"),
    (1, "Báo cáo tình hình hạn hán hằng tuần về Sở Nông nghiệp và Phát triển nông thôn."),
]
PLAIN_MARKERS = {0: lambda n: f"{n}.", 1: lambda n: f"{'abcdefghij'[n - 1]})", 2: lambda n: "-"}
SIGNATURE = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Thành"]

NUMBERING_XML = (
    f'<w:numbering {nsdecls("w")}>'
    '<w:abstractNum w:abstractNumId="7">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>'
    '</w:abstractNum>'
    '<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>'
    '</w:numbering>'
)


def _plain_twin() -> str:
    counters = {0: 0, 1: 0, 2: 0}
    lines = HEADER + MOTTO + TITLE + [INTRO]
    for level, text in ITEMS:
        counters[level] += 1
        for deeper in range(level + 1, 3):
            counters[deeper] = 0
        lines.append(f"{PLAIN_MARKERS[level](counters[level])} {text}")
    return "\n".join(lines + SIGNATURE) + "\n"


def _numbered_docx(*, header_table: bool = False) -> bytes:
    """A notice whose directives are numbered by Word (no '1.' in the runs)."""
    document = docx.Document()
    numbering_part = document.part.numbering_part
    numbering_part._element = parse_xml(NUMBERING_XML)
    if header_table:
        table = document.add_table(rows=1, cols=2)
        for cell, lines in zip(table.rows[0].cells, (HEADER, MOTTO)):
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    else:
        for line in HEADER + MOTTO:
            document.add_paragraph(line)
    for line in TITLE + [INTRO]:
        document.add_paragraph(line)
    for level, text in ITEMS:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr>'))
    for line in SIGNATURE:
        document.add_paragraph(line)
    section = document.sections[0]
    section.header.paragraphs[0].text = "TIÊU ĐỀ TRANG LẶP LẠI"
    section.footer.paragraphs[0].text = "Chân trang 1"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _tree(notice) -> list[tuple[str, str | None, str, str]]:
    return [(d.id, d.parent, d.marker, " ".join(d.text.split())) for d in notice.directives]


# --- DOCX ---

def test_readers_are_registered_by_suffix():
    assert {".docx", ".pdf", ".doc"} <= set(READERS)


def test_word_numbering_becomes_markers():
    text = read(_numbered_docx(), name="tb.docx").text
    lines = text.splitlines()
    assert "1. Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các địa phương:" in lines
    assert "a) Rà soát nguồn nước tưới cho vụ Hè Thu, hoàn thành trước ngày 20/3/2025;" in lines
    assert "- Kiểm tra các hồ chứa có dung tích dưới 3 triệu m3;" in lines
    assert "b) Báo cáo UBND tỉnh kết quả thực hiện trước ngày 31/3/2025." in lines
    assert any(line.startswith("2. Sở Tài chính") for line in lines)
    assert "a) Vận động nhân dân chuyển đổi cây trồng phù hợp;" in lines  # level 1 restarted under "3."


def test_headers_and_footers_are_dropped():
    text = read(_numbered_docx(), name="tb.docx").text
    assert "TIÊU ĐỀ TRANG" not in text and "Chân trang" not in text


def test_word_numbered_docx_gives_the_tree_of_its_plain_text_twin():
    from_docx = extract(_numbered_docx(), name="tb.docx")
    from_text = extract(_plain_twin().encode("utf-8"), name="tb.txt")
    assert len(from_text.directives) == len(ITEMS)
    assert _tree(from_docx) == _tree(from_text)
    assert [d.parent for d in from_docx.directives][:3] == [None, "d1", "d1.1"]


def test_layout_table_gives_its_cells_in_order():
    text = read(_numbered_docx(header_table=True), name="tb.docx").text
    head = text.splitlines()[:6]
    assert head == HEADER + MOTTO


def test_data_table_row_is_one_line_of_cells():
    document = docx.Document()
    document.add_paragraph("Danh sách đơn vị:")
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, (("STT", "Đơn vị", "Thời hạn"), ("1", "Sở Y tế", "30/6/2025"))):
        for cell, value in zip(row.cells, values):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    assert read(out.getvalue(), name="ds.docx").text.splitlines() == [
        "Danh sách đơn vị:", "STT | Đơn vị | Thời hạn", "1 | Sở Y tế | 30/6/2025"]


def test_run_in_a_tcvn3_font_is_converted():
    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("Th«ng b¸o kÕt luËn")
    run.font.name = ".VnTime"
    heading = document.add_paragraph().add_run("ñy ban nh©n d©n")
    heading.font.name = ".VnTimeH"
    out = io.BytesIO()
    document.save(out)
    assert read(out.getvalue(), name="cu.docx").text.splitlines() == ["Thông báo kết luận", "ỦY BAN NHÂN DÂN"]


@pytest.mark.parametrize("fmt,n,out", [("decimal", 3, "3"), ("lowerLetter", 2, "b"), ("lowerLetter", 27, "aa"),
                                       ("upperRoman", 14, "XIV"), ("lowerRoman", 4, "iv"), ("decimalZero", 5, "05")])
def test_number_formats(fmt: str, n: int, out: str):
    assert format_number(n, fmt) == out


def test_numbering_counters_restart_and_start_values():
    numbering = Numbering(levels={"1": {0: Level("upperRoman", "%1.", 1), 1: Level("decimal", "(%2)", 3)}})
    got = [numbering.marker("1", lvl) for lvl in (0, 1, 1, 0, 1)]
    assert got == ["I.", "(3)", "(4)", "II.", "(3)"]
    assert numbering.marker("9", 0) is None


def test_truncated_docx_is_a_clear_error():
    data = _numbered_docx()
    with pytest.raises(ReadError) as info:
        read(data[: len(data) // 2], name="hong.docx")
    assert info.value.name == "hong.docx" and "not a readable DOCX" in info.value.reason


def test_non_zip_docx_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "gia.docx"
    path.write_bytes("Đây không phải tệp Word".encode("utf-8"))
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.name == str(path) and "not a readable DOCX" in info.value.reason


def test_zip_without_a_document_is_a_clear_error():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "không có word/document.xml")
    with pytest.raises(ReadError, match="not a readable DOCX"):
        read(out.getvalue(), name="rong.docx")


def test_docx_bytes_without_a_name_are_sniffed():
    assert read(_numbered_docx()).format == "docx"


# --- PDF ---

def _blank_pdf(pages: int = 2) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_without_text_layer_is_refused_clearly(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_blank_pdf())
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.name == str(path)
    if ocr.missing() is None:  # the blank pages are read by OCR, which finds nothing
        assert info.value.reason == NO_TEXT_OCR == "no text layer, and OCR found no text on its pages"
    else:
        assert info.value.reason == f"{NO_TEXT}: {ocr.NOT_INSTALLED}"
        assert NO_TEXT == "no text layer (scanned PDF?) and no OCR"


def test_scanned_pdf_without_ocr_says_what_to_install(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda _name: None)
    with pytest.raises(ReadError) as info:
        read(_blank_pdf(), name="scan.pdf")
    assert info.value.reason == f"{NO_TEXT}: {ocr.NOT_INSTALLED}" and "tesseract-ocr-vie" in info.value.reason


@pytest.mark.parametrize("data", [b"%PDF-1.7 hong", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", b"not a pdf at all"],
                         ids=["header-only", "truncated", "garbage"])
def test_broken_pdf_is_a_clear_error(data: bytes):
    with pytest.raises(ReadError) as info:
        read(data, name="hong.pdf")
    assert info.value.name == "hong.pdf"
    assert "PDF" in info.value.reason


def test_running_heads_and_page_numbers_are_dropped():
    body = [["1. Sở Y tế chủ trì rà soát", "danh mục thuốc thiết yếu;"],
            ["2. Bệnh viện tỉnh bảo đảm", "đủ cơ số thuốc cấp cứu;"],
            ["3. Trung tâm Kiểm soát bệnh tật", "báo cáo trước ngày 15/6."]]
    pages = [["SỞ Y TẾ TỈNH QUẢNG TRỊ", *lines, f"Trang {n}/3"] for n, lines in enumerate(body, 1)]
    pages[1].insert(0, "- 2 -")
    kept = strip_running_lines(pages)
    assert kept == body


def test_a_line_on_one_page_only_is_kept():
    pages = [["Quyết định số 12/QĐ-UBND", "nội dung"], ["nội dung khác", "2"]]
    assert strip_running_lines(pages) == [["Quyết định số 12/QĐ-UBND", "nội dung"], ["nội dung khác"]]


# --- .doc ---

def test_doc_without_libreoffice_says_so(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(doc_format.shutil, "which", lambda _name: None)
    with pytest.raises(ReadError) as info:
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), name="cu.doc")
    assert info.value.reason == ".doc needs LibreOffice (soffice) to convert; not found"


@needs_soffice
def test_doc_is_read_through_libreoffice():
    word97 = doc_format.convert(_numbered_docx(), ".docx", "doc")
    src = read(word97, name="cu.doc")
    assert src.format == "doc"
    assert "1. Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các địa phương:" in src.text.splitlines()


# --- LibreOffice round trips of the corpus ---

def _corpus_pairs() -> list[tuple[Path, Path]]:
    own = [(p, REPO / "corpus" / "gold" / f"{p.stem}.json") for p in sorted((REPO / "corpus" / "docs").glob("*.txt"))]
    shared = [(p, SHARED / "gold" / f"{p.stem}.json") for p in sorted((SHARED / "seeds").glob("*.txt"))] \
        if SHARED.exists() else []
    return [(doc, gold) for doc, gold in own[:5] + shared if gold.exists()]


def _scores(gold: dict, notice) -> dict[str, float]:
    counts = score_pair(gold, to_gold(notice))
    return {k: counts[k].f1 for k in SCORED}


@needs_soffice
@pytest.mark.parametrize("target", ["docx", pytest.param("pdf", marks=needs_serif)])
@pytest.mark.parametrize("doc,gold", _corpus_pairs(), ids=lambda p: p.stem if isinstance(p, Path) else None)
def test_converted_document_scores_like_its_text(doc: Path, gold: Path, target: str):
    truth = json.loads(gold.read_text(encoding="utf-8"))
    converted = doc_format.convert(doc.read_bytes(), ".txt", target, infilter=TEXT_FILTER)
    base = _scores(truth, extract(doc))
    got = _scores(truth, extract(converted, name=f"{doc.stem}.{target}"))
    for field in SCORED:
        assert abs(got[field] - base[field]) <= 0.01, (field, got, base)


@needs_soffice
@needs_serif
def test_converted_pdf_text_keeps_the_letters():
    doc = REPO / "corpus" / "docs" / "04-cd-ubnd-ret-dam.txt"
    text = read(doc_format.convert(doc.read_bytes(), ".txt", "pdf", infilter=TEXT_FILTER), name="cd.pdf").text
    words = set(unicodedata.normalize("NFC", doc.read_text(encoding="utf-8")).split())
    assert len(set(text.split()) - words) <= 2


def test_soffice_is_found_on_path_when_installed():
    assert (SOFFICE is None) == (shutil.which("soffice") is None and shutil.which("libreoffice") is None)


def test_numbering_given_by_the_paragraph_style():
    document = docx.Document()
    for text in ("Rà soát hồ sơ;", "Báo cáo kết quả."):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("Gửi đúng hạn.", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    assert read(out.getvalue(), name="ds.docx").text.splitlines() == [
        "1. Rà soát hồ sơ;", "2. Báo cáo kết quả.", "- Gửi đúng hạn."]


def test_docx_zip_bomb_is_refused_before_unpacking():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    from vnnotice.read import ReadError, read

    with pytest.raises(ReadError, match="zip bomb"):
        read(buffer.getvalue(), name="bomb.docx")
