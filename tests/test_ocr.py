"""OCR of scans: reading order of word boxes (two-column header, skew, paragraph gaps), hOCR parsing,
and, where Tesseract with its Vietnamese model is installed, pages drawn here read end to end."""
from __future__ import annotations

import io
import math
from pathlib import Path

import pytest

from vnnotice.formats import ocr
from vnnotice.formats.ocr import Word, page_lines, parse_hocr
from vnnotice.read import READERS, ReadError, read
from vnnotice.stages import extract

MISSING = ocr.missing()
needs_ocr = pytest.mark.skipif(MISSING is not None, reason=f"OCR is not installed here: {MISSING}")
SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
SERIF_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
needs_serif = pytest.mark.skipif(not (SERIF.exists() and SERIF_BOLD.exists()),
                                 reason="the DejaVu Serif fonts (Debian fonts-dejavu-core) draw the test pages")

# --- reading order from word boxes (no Tesseract needed) ---

H = 30  # text height in pixels


def _words(rows: list[tuple[int, list[tuple[int, str]]]], slope: float = 0.0) -> list[Word]:
    """Words of rows ``(top, [(left, text) …])``; each word is 20 px per letter wide; a row is a line,
    unless two of its words are far apart (Tesseract puts columns in separate lines)."""
    out, line = [], 0
    for top, items in rows:
        previous = None
        for left, text in items:
            if previous is not None and left - previous > 3 * H:
                line += 1
            right = left + 20 * len(text)
            shift = round(slope * (left + right) / 2)
            out.append(Word(text, left, top + shift, right, top + H + shift, 95.0, line, slope))
            previous = right
        line += 1
    return out


def _header_page(slope: float = 0.0) -> list[Word]:
    return _words([
        (100, [(150, "ỦY"), (220, "BAN"), (310, "NHÂN"), (420, "DÂN"), (800, "CỘNG"), (910, "HÒA"), (1000, "XÃ")]),
        (140, [(180, "TỈNH"), (290, "LÂM"), (380, "ĐỒNG"), (860, "Độc"), (940, "lập")]),
        (200, [(170, "Số:"), (250, "15/TB-UBND"), (820, "Lâm"), (900, "Đồng,"), (1020, "ngày"), (1120, "3/4/2025")]),
        (300, [(500, "THÔNG"), (640, "BÁO")]),
        (340, [(150, "Ủy"), (210, "ban"), (290, "nhân"), (390, "dân"), (470, "tỉnh"), (570, "kết"), (640, "luận:")]),
    ], slope)


def test_header_columns_are_read_left_then_right():
    assert page_lines(_header_page()) == [
        "ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 15/TB-UBND",
        "CỘNG HÒA XÃ", "Độc lập", "Lâm Đồng, ngày 3/4/2025", "",
        "THÔNG BÁO", "Ủy ban nhân dân tỉnh kết luận:"]


@pytest.mark.parametrize("degrees", [-2.0, 1.5, 2.5])
def test_a_skewed_page_gives_the_lines_of_a_straight_one(degrees: float):
    assert page_lines(_header_page(math.tan(math.radians(degrees)))) == page_lines(_header_page())


def test_one_wide_space_in_the_body_is_not_a_column():
    words = _words([
        (100, [(150, "1."), (200, "Sở"), (260, "Xây"), (340, "dựng"), (700, "rà"), (760, "soát")]),
        (140, [(150, "các"), (230, "công"), (340, "trình.")]),
        (180, [(150, "2."), (200, "Sở"), (260, "Công"), (370, "Thương")]),
    ])
    assert page_lines(words) == ["1. Sở Xây dựng rà soát", "các công trình.", "2. Sở Công Thương"]


def test_signature_block_columns():
    words = _words([
        (100, [(150, "Nơi"), (230, "nhận:"), (900, "KT."), (980, "GIÁM"), (1100, "ĐỐC")]),
        (140, [(150, "-"), (180, "Như"), (260, "trên;"), (880, "PHÓ"), (970, "GIÁM"), (1090, "ĐỐC")]),
        (180, [(150, "-"), (180, "Lưu:"), (280, "VT.")]),
        (220, [(900, "Trần"), (1000, "Văn"), (1080, "Bình")]),
    ])
    # the space left for the signature is a gap in the right-hand column, as the PDF reader marks it
    assert page_lines(words) == ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "",
                                 "Trần Văn Bình"]


def test_a_paragraph_gap_is_a_blank_line():
    words = _words([(100, [(150, "Dòng"), (260, "một")]), (140, [(150, "dòng"), (260, "hai")]),
                    (180, [(150, "dòng"), (260, "ba")]), (300, [(150, "Đoạn"), (260, "mới")])])
    assert page_lines(words) == ["Dòng một", "dòng hai", "dòng ba", "", "Đoạn mới"]


def test_hocr_words_lines_and_slopes():
    hocr = ("<html><body><div class='ocr_page' title='image \"x\"; bbox 0 0 1654 2339; ppageno 0'>"
            "<span class='ocr_line' title='bbox 10 10 300 40; baseline -0.026 -3; x_size 30'>"
            "<span class='ocrx_word' title='bbox 10 10 90 40; x_wconf 91'>Số:</span> "
            "<span class='ocrx_word' title='bbox 100 10 300 40; x_wconf 87'>15/TB&#45;UBND</span></span>"
            "<span class='ocr_line' title='bbox 10 60 200 90; baseline 0 0'>"
            "<span class='ocrx_word' title='bbox 10 60 200 90; x_wconf 96'>Lâm</span></span></div></body></html>")
    size, words = parse_hocr(hocr)
    assert size == (1654, 2339)
    assert [(w.text, w.line, w.conf, w.slope) for w in words] == [
        ("Số:", 0, 91.0, -0.026), ("15/TB-UBND", 0, 87.0, -0.026), ("Lâm", 1, 96.0, 0.0)]


def test_image_suffixes_have_a_reader():
    assert {".png", ".jpg", ".jpeg", ".tif", ".tiff"} <= set(READERS)


def test_without_ocr_an_image_is_a_clear_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda _name: None)
    with pytest.raises(ReadError) as info:
        read(b"\x89PNG\r\n\x1a\n" + bytes(64), name="scan.png")
    assert info.value.name == "scan.png" and "tesseract" in info.value.reason


# --- pages drawn here, read by Tesseract ---

HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 27/TB-UBND"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                "Lâm Đồng, ngày 14 tháng 5 năm 2025"]
BODY = [
    "THÔNG BÁO",
    "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh về phòng, chống sạt lở đất mùa mưa",
    "",
    "Ngày 12/5/2025, Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp về phòng,",
    "chống sạt lở đất. Sau khi nghe báo cáo, Chủ tịch kết luận như sau:",
    "1. Sở Xây dựng chủ trì, phối hợp với Ủy ban nhân dân các xã rà soát các",
    "khu dân cư ven sườn đồi, hoàn thành trước ngày 30/5/2025.",
    "2. Sở Tài chính bố trí kinh phí di dời các hộ dân ở vùng nguy hiểm theo",
    "Quyết định số 845/QĐ-UBND ngày 02/4/2025 của Ủy ban nhân dân tỉnh.",
    "3. Công an tỉnh bảo đảm an toàn giao thông trên các tuyến đèo; báo cáo",
    "kết quả về Ủy ban nhân dân tỉnh trước ngày 15/6/2025.",
]
SIGN_LEFT = ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
SIGN_RIGHT = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Phúc"]
DPI = 200


def _page(angle: float = 0.0, turn: int = 0):  # turn: degrees counterclockwise
    """An A4 page at 200 dpi, set in DejaVu Serif the way an office sets a notice."""
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    regular, bold = ImageFont.truetype(str(SERIF), 30), ImageFont.truetype(str(SERIF_BOLD), 30)
    step = 48

    def column(lines: list[str], centre: int, top: int, strong: int) -> None:
        for k, line in enumerate(lines):
            font = bold if k < strong else regular
            width = draw.textlength(line, font=font)
            draw.text((centre - width / 2, top + k * step), line, font=font, fill=0)

    column(HEADER_LEFT, 460, 160, 2)
    column(HEADER_RIGHT, 1130, 160, 1)
    top = 160 + 5 * step
    for k, line in enumerate(BODY):
        if k < 2:
            column([line], 827, top, 1 if k == 0 else 0)
        elif line:
            draw.text((240, top), line, font=regular, fill=0)
        top += step
    column(SIGN_LEFT, 420, top + step, 0)
    column(SIGN_RIGHT, 1150, top + step, 2)
    if angle:
        page = page.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    if turn:
        page = page.rotate(turn, expand=True)
    return page


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(DPI, DPI))
    return out.getvalue()


def _scanned_pdf(*images) -> bytes:
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=list(images[1:]))
    return out.getvalue()


def _check_notice(notice) -> None:
    assert notice.number == "27/TB-UBND"
    assert notice.doc_type == "THÔNG BÁO"
    assert str(notice.issued) == "2025-05-14"
    assert notice.place == "Lâm Đồng"
    assert [d.marker for d in notice.directives] == ["1.", "2.", "3."]
    assert [str(d.due) for d in notice.deadlines] == ["2025-05-30", "2025-06-15"]
    assert notice.signature is not None and notice.signature.name == "Nguyễn Văn Phúc"
    for d in notice.directives:  # offsets point into the clean text
        assert notice.text[d.span[0]:d.span[1]].startswith(d.marker)


@needs_ocr
@needs_serif
def test_scanned_pdf_reads_like_the_text():
    notice = extract(_scanned_pdf(_page()), name="tb.pdf")
    _check_notice(notice)
    assert [p.page for p in notice.ocr_pages] == [1]
    assert notice.ocr_pages[0].confidence > ocr.LOW_CONFIDENCE
    assert not any("OCR" in w for w in notice.warnings)


@needs_ocr
@needs_serif
def test_png_photo_of_a_page_is_read():
    src = read(_png(_page()), name="tb.png")
    assert src.format == "image" and len(src.ocr) == 1
    lines = src.text.splitlines()
    assert lines[:3] == HEADER_LEFT and lines[3:6] == HEADER_RIGHT


@needs_ocr
@needs_serif
def test_askew_scan_reads_like_a_straight_one():
    straight = read(_scanned_pdf(_page()), name="a.pdf")
    askew = read(_scanned_pdf(_page(angle=1.5)), name="b.pdf")
    assert abs(askew.ocr[0].skew + 1.5) < 0.3
    assert askew.text.splitlines()[:6] == straight.text.splitlines()[:6]
    _check_notice(extract(_scanned_pdf(_page(angle=-1.5)), name="c.pdf"))


@needs_ocr
@needs_serif
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_turned_page_is_turned_back(turn: int):
    src = read(_png(_page(turn=turn)), name="nguoc.png")
    assert src.ocr[0].rotated == turn  # turned back clockwise by as much as it was turned the other way
    assert src.text.splitlines()[:3] == HEADER_LEFT


@needs_ocr
@needs_serif
def test_multi_page_tiff_running_head_and_page_number_dropped():
    from PIL import Image, ImageDraw, ImageFont

    second = Image.new("L", (1654, 2339), 255)
    font = ImageFont.truetype(str(SERIF), 30)
    ImageDraw.Draw(second).text((240, 300), "4. Sở Y tế bảo đảm thuốc men cho các điểm sơ tán.", font=font, fill=0)
    pages = [_page(), second]
    for n, page in enumerate(pages, 1):
        draw = ImageDraw.Draw(page)
        draw.text((240, 70), "Ủy ban nhân dân tỉnh Lâm Đồng", font=ImageFont.truetype(str(SERIF), 24), fill=0)
        draw.text((800, 2200), f"- {n} -", font=font, fill=0)
    out = io.BytesIO()
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], dpi=(DPI, DPI), compression="tiff_lzw")
    src = read(out.getvalue(), name="hai-trang.tif")
    assert [p.number for p in src.ocr] == [1, 2]
    assert "- 1 -" not in src.text and "- 2 -" not in src.text and "tỉnh Lâm Đồng\n" not in src.text
    assert src.text.splitlines()[:3] == HEADER_LEFT
    assert src.text.rstrip().endswith("4. Sở Y tế bảo đảm thuốc men cho các điểm sơ tán.")


@needs_ocr
def test_blank_scan_is_refused_clearly():
    from PIL import Image

    with pytest.raises(ReadError, match="OCR found no text"):
        read(_scanned_pdf(Image.new("L", (800, 1100), 255)), name="trang.pdf")


@needs_ocr
@needs_serif
def test_batch_worker_reads_a_scan():
    import json

    from vnnotice.batch.engines import work

    result = work("tb.png", _png(_page()))
    notice = json.loads(result["notice"])
    assert notice["number"] == "27/TB-UBND" and [p["page"] for p in notice["ocr_pages"]] == [1]


def test_known_misreadings_are_repaired():
    pages = [["căn cứ Quyết định số 12/QĐÐ-", "UBND ngày 3/3/2025;", "a) Rà soát hồ sơ;", "b) Lập danh sách;",
              "c) Kiểm tra hiện trường;", "đ) Báo cáo kết quả;"],
             ["d) Tổng hợp ý kiến;", "e) Trình phê duyệt;", "g) Lưu trữ;", "h) Công khai;", "¡ Đánh giá."]]
    assert ocr.repair(pages) == [
        ["căn cứ Quyết định số 12/QĐ-", "UBND ngày 3/3/2025;", "a) Rà soát hồ sơ;", "b) Lập danh sách;",
         "c) Kiểm tra hiện trường;", "d) Báo cáo kết quả;"],
        ["đ) Tổng hợp ý kiến;", "e) Trình phê duyệt;", "g) Lưu trữ;", "h) Công khai;", "i) Đánh giá."]]


def test_a_true_d_and_dd_pair_is_kept():
    lines = [["c) Một;", "d) Hai;", "đ) Ba;", "a) Danh sách khác;", "d) Mục lẻ."]]
    assert ocr.repair(lines) == lines


def test_roman_heading_misread_is_repaired_only_when_it_is_the_next_one():
    pages = [["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "T1. NỘI DUNG", "1. Nhiệm vụ", "IIl. TỔ CHỨC THỰC HIỆN"],
             ["|V. KINH PHÍ", "1I. KHÔNG PHẢI TIẾP THEO"]]
    assert ocr.repair(pages) == [["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "II. NỘI DUNG", "1. Nhiệm vụ",
                                  "III. TỔ CHỨC THỰC HIỆN"], ["IV. KINH PHÍ", "1I. KHÔNG PHẢI TIẾP THEO"]]


def test_a_speck_read_as_punctuation_is_left_out():
    words = _words([(100, [(500, "THÔNG"), (640, "BÁO")]), (140, [(150, "Kính"), (260, "gửi:")])])
    speck = Word("-", 150, 112, 158, 118, 0.0, 99, 0.0)
    dash = Word("-", 150, 182, 165, 186, 91.0, 100, 0.0)
    assert page_lines(words + [speck, dash])[:2] == ["THÔNG BÁO", "Kính gửi:"]


def test_accents_vietnamese_does_not_use_are_dropped():
    pages = [["Bộ Ÿ tế và Sở Giáo dục phối hợp;", "kiểm tra ở xã Ïa Grai, thôn Ðắk Rơ Wa."]]
    assert ocr.repair(pages) == [["Bộ Y tế và Sở Giáo dục phối hợp;", "kiểm tra ở xã Ia Grai, thôn Đắk Rơ Wa."]]


@needs_ocr
def test_broken_image_is_a_clear_error():
    with pytest.raises(ReadError) as info:
        read(b"\x89PNG\r\n\x1a\n" + bytes(64), name="hong.png")
    assert info.value.name == "hong.png" and "not a readable image" in info.value.reason


@needs_ocr
def test_an_unidentified_image_gives_the_same_reason_every_time():
    # Pillow's own message names the in-memory buffer (an address), which would make batch rows differ
    reasons = set()
    for _ in range(2):
        with pytest.raises(ReadError) as info:
            read(b"GIF89a" + bytes(40), name="anh.png")
        reasons.add(info.value.reason)
    assert len(reasons) == 1 and "0x" not in reasons.pop()


def test_a_date_read_with_a_space_inside_a_number_is_joined():
    pages = [["báo cáo trước ngày 05/1 1/2022 và ngày 1 8/12/2023;", "từ 16/1 2/2025 đến ngày 3 1/1/2026.",
              "mục 1 1/2022 và ngày 4 5/1/2024 giữ nguyên."]]
    assert ocr.repair(pages) == [["báo cáo trước ngày 05/11/2022 và ngày 18/12/2023;",
                                  "từ 16/12/2025 đến ngày 31/1/2026.", "mục 1 1/2022 và ngày 4 5/1/2024 giữ nguyên."]]


def test_a_vowel_read_twice_with_two_tones_is_read_once():
    pages = [["PHẦẨN II", "NHIỆỆM VỤ TRỌNG TÂM", "nhà máy xoong nồi, quốc lộ, người ở."]]
    assert ocr.repair(pages) == [["PHẦN II", "NHIỆM VỤ TRỌNG TÂM", "nhà máy xoong nồi, quốc lộ, người ở."]]
