"""Clean stage: NFC, Đ, unwrapped paragraphs, Markdown debris, and the map back to the source."""
from __future__ import annotations

import bisect
import unicodedata

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnotice.clean import CleanText, clean

# Same-length replacements the clean stage makes after NFC (see the module docstring).
_SAME = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u2010": "-", "\u2011": "-"})
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # dropped before NFC: what they part composes
# a character and its marks, with the invisible characters among them
_CLUSTER = regex.compile(rf"[^\p{{M}}{_INVISIBLE}][\p{{M}}{_INVISIBLE}]*|[\p{{M}}{_INVISIBLE}]+")
_NO_INVISIBLE = str.maketrans(dict.fromkeys(_INVISIBLE))


def fold(text: str) -> str:
    """Text with every run of whitespace folded to one space."""
    return " ".join(text.split())


PARAGRAPH_1 = [
    "Sau khi nghe báo cáo của các đơn vị và ý kiến phát biểu của các đại biểu dự họp,",
    "đồng chí Giám đốc Sở Y tế kết luận và chỉ đạo các nội dung chủ yếu để các đơn vị",
    "nghiêm túc triển khai thực hiện trong thời gian tới như sau:",
]
PARAGRAPH_2 = [
    "1. Trung tâm Y tế các huyện khẩn trương rà soát danh sách các trạm y tế chưa đạt",
    "chuẩn quốc gia về y tế xã, báo cáo Sở Y tế trước ngày 15/11/2024.",
]
PARAGRAPH_3 = ["2. Giao Phòng Nghiệp vụ Y tế theo dõi, đôn đốc việc thực hiện."]
EXPECTED = [" ".join(p) for p in (PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3)]


def assert_maps_back(c: CleanText) -> None:
    """Every non-space clean character comes from the source character cluster it maps to."""
    clusters = [m.span() for m in _CLUSTER.finditer(c.source)]
    starts = [a for a, _ in clusters]
    previous = 0
    for i, ch in enumerate(c.text):
        j = c.to_source(i)
        assert 0 <= j < len(c.source), (i, j)
        assert j >= previous, "the map must keep the order of characters"
        previous = j
        if ch.isspace():
            continue
        a, b = clusters[bisect.bisect_right(starts, j) - 1]
        cluster = c.source[a:b].translate(_NO_INVISIBLE)
        assert ch in unicodedata.normalize("NFC", cluster).translate(_SAME), (i, ch, c.source[a:b])
    assert c.to_source(len(c.text)) == len(c.source)


def test_decomposed_input_gives_nfc_text():
    nfc = "Sở Y tế đề nghị Trung tâm Y tế huyện Quỳnh Lưu báo cáo kết quả thực hiện."
    raw = unicodedata.normalize("NFD", nfc)
    assert raw != nfc
    c = clean(raw)
    assert c.text == nfc
    assert unicodedata.is_normalized("NFC", c.text)
    assert c.source == raw
    assert_maps_back(c)


def test_decomposed_offsets_point_at_the_source_clusters():
    nfc = "Giao Ủy ban nhân dân huyện Đức Thọ chủ trì."
    raw = unicodedata.normalize("NFD", nfc)
    c = clean(raw)
    start = c.text.index("Ủy ban")
    a, b = c.source_span(start, start + len("Ủy ban nhân dân"))
    assert unicodedata.normalize("NFC", raw[a:b]) == "Ủy ban nhân dân"


def test_marks_at_the_start_and_after_spaces_and_line_ends_map_back():
    # marks with no letter before them: first in the text, after a space, first on a line
    raw = "\u0301" + unicodedata.normalize("NFD", "Sở Nội vụ tổng hợp kết quả") + " \u0300và\n\u0323" \
        + unicodedata.normalize("NFD", "báo cáo Ủy ban nhân dân tỉnh.")
    c = clean(raw)
    assert unicodedata.is_normalized("NFC", c.text)
    assert "Sở Nội vụ tổng hợp kết quả" in c.text and "báo cáo Ủy ban nhân dân tỉnh." in c.text
    assert_maps_back(c)
    start = c.text.index("Ủy ban")
    a, b = c.source_span(start, start + len("Ủy ban nhân dân"))
    assert unicodedata.normalize("NFC", raw[a:b]) == "Ủy ban nhân dân"


def test_eth_is_replaced_by_d_with_stroke():
    c = clean("ÐẢNG BỘ TỈNH\nÐồng chí Ðinh Văn Ðức, Bí thư Ðảng ủy xã.")
    assert "\u00d0" not in c.text
    assert c.text == "ĐẢNG BỘ TỈNH\nĐồng chí Đinh Văn Đức, Bí thư Đảng ủy xã."


def test_odd_spaces_and_invisible_characters():
    c = clean("Sở\u00a0Tài\u200bchính và Sở Xây\u00addựng phối hợp.")
    assert c.text == "Sở Tàichính và Sở Xâydựng phối hợp."
    assert_maps_back(c)


def test_text_is_nfc_after_dropping_invisible_characters():
    c = clean("Tha\u00ad\u0301i Nguyên và Đa\u200b\u0300 Nẵng")
    assert unicodedata.is_normalized("NFC", c.text)


def test_plain_80_column_wraps_join_into_paragraphs():
    raw = "\n".join(PARAGRAPH_1 + PARAGRAPH_2 + PARAGRAPH_3) + "\n"
    c = clean(raw)
    assert c.text.split("\n") == EXPECTED
    assert_maps_back(c)


def test_blank_line_after_every_line_joins_into_paragraphs():
    # PDF extraction: every line is followed by a blank line; paragraphs by two
    raw = "\n\n".join(PARAGRAPH_1) + "\n\n\n\n" + "\n\n".join(PARAGRAPH_2) + "\n\n\n\n" + PARAGRAPH_3[0] + "\n\n"
    c = clean(raw)
    assert c.text.split("\n") == EXPECTED
    assert_maps_back(c)


def test_blank_line_between_paragraphs_style():
    raw = "\n".join(PARAGRAPH_1) + "\n\n" + "\n".join(PARAGRAPH_2) + "\n\n" + PARAGRAPH_3[0] + "\n"
    assert clean(raw).text.split("\n") == EXPECTED


def test_crlf_line_ends():
    raw = "\r\n".join(PARAGRAPH_1 + PARAGRAPH_2 + PARAGRAPH_3) + "\r\n"
    c = clean(raw)
    assert c.text.split("\n") == EXPECTED
    assert "\r" not in c.text


def test_lone_cr_and_mixed_line_ends_read_like_lf():
    lf = "\n".join(PARAGRAPH_1 + PARAGRAPH_2 + PARAGRAPH_3)
    for raw in (lf.replace("\n", "\r"), lf.replace("\n", "\r\n", 2), lf.replace("\n", "\r", 3) + "\r\n"):
        c = clean(raw)
        assert c.text.split("\n") == EXPECTED
        assert_maps_back(c)
    md = "| **THÔNG BÁO** |\r|\r\n**Nơi nhận:**\r- Như trên;\r\n"
    assert clean(md, markdown=True).text == clean(md.replace("\r\n", "\n").replace("\r", "\n"), markdown=True).text


def test_marker_line_after_a_short_line_starts_a_paragraph():
    raw = "\n".join([
        "Ủy ban nhân dân tỉnh yêu cầu các sở, ngành, địa phương tập trung triển khai thực",
        "hiện tốt các nhiệm vụ trọng tâm sau đây:",
        "1. Về công tác tiêm chủng",
        "- Trung tâm Kiểm soát bệnh tật tỉnh chủ trì tổ chức chiến dịch tiêm chủng bổ sung",
        "cho trẻ em dưới 5 tuổi tại các xã vùng sâu, vùng xa, hoàn thành trong quý II.",
        "a) Bệnh viện đa khoa tỉnh bảo đảm đủ vắc xin, vật tư.",
    ])
    lines = clean(raw).text.split("\n")
    assert lines[0].endswith("triển khai thực hiện tốt các nhiệm vụ trọng tâm sau đây:")
    assert lines[1] == "1. Về công tác tiêm chủng"
    assert lines[2].startswith("- Trung tâm Kiểm soát") and lines[2].endswith("hoàn thành trong quý II.")
    assert lines[3] == "a) Bệnh viện đa khoa tỉnh bảo đảm đủ vắc xin, vật tư."
    assert len(lines) == 4


def test_line_ending_mid_phrase_is_not_cut_by_a_number_on_the_next_line():
    raw = "\n".join([
        "Ủy ban nhân dân tỉnh giao Sở Kế hoạch và Đầu tư tổng hợp, báo cáo trước ngày",
        "15/12/2024 để trình Hội đồng nhân dân tỉnh tại kỳ họp thường lệ cuối năm.",
    ])
    assert "\n" not in clean(raw).text


FULL_LINE = "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành và Ủy ban nhân dân các xã, phường triển khai ngay."


@pytest.mark.parametrize("before, after", [
    ("Kết luận của Chủ tịch UBND tỉnh về chuyển đổi số", "1. Giao Sở Khoa học và Công nghệ chủ trì triển khai."),
    ("V/v đẩy mạnh thanh toán không dùng tiền mặt trong giao dịch số", "2. Sở Tài chính hướng dẫn các đơn vị thực hiện."),
    ("Tình hình thực hiện nhiệm vụ trong tháng", "1. Ủy ban nhân dân các xã rà soát, báo cáo kết quả."),
])
def test_an_item_after_a_short_line_ending_in_a_number_word_starts_a_paragraph(before: str, after: str):
    """'số', 'tháng' … at the end of a wrapped line go on with a number ('Quyết định số' / '66/QĐ-UBND'); a short
    line (a title, a heading) that ends so is followed by an item."""
    assert clean("\n".join([before, after, FULL_LINE, ""])).text.split("\n")[:2] == [before, after]


@pytest.mark.parametrize("before, after", [
    ("Thông báo kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc về chuyển đổi số",
     "1. Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở triển khai nền tảng."),
    ("Ủy ban nhân dân tỉnh yêu cầu các sở, ngành tập trung phát triển hạ tầng, dữ liệu số",
     "2. Sở Tài chính hướng dẫn các đơn vị sử dụng kinh phí đúng quy định hiện hành."),
])
def test_an_item_after_a_full_line_ending_in_số_as_a_noun_starts_a_paragraph(before: str, after: str):
    """After 'số' a number is a symbol ('15/QĐ-UBND'): '1. Giao …' is an item even after a wrapped line."""
    assert clean("\n".join([before, after, FULL_LINE, ""])).text.split("\n")[:2] == [before, after]


@pytest.mark.parametrize("before, after", [
    ("Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, các đơn vị rà soát hồ sơ, hoàn thành trong tháng",
     "12. Kết quả rà soát gửi về Sở Tài chính để tổng hợp."),
    ("Các xã, phường tổng hợp kết quả thực hiện, gửi báo cáo về Sở Nội vụ để tổng hợp chậm nhất trước ngày",
     "15. Hồ sơ gửi qua hệ thống quản lý văn bản điều hành."),
    ("Trung tâm Y tế các huyện, thị xã, thành phố thực hiện theo hướng dẫn tại khoản 2 Điều",
     "3. Nghị định số 30/2020/NĐ-CP của Chính phủ."),
])
def test_a_number_that_goes_on_the_line_is_still_joined(before: str, after: str):
    """At the end of a full (wrapped) line, or after a word naming a part of a text, the number goes on."""
    assert clean("\n".join([before, after, FULL_LINE, ""])).text.split("\n")[0] == before + " " + after


SYMBOL_BREAK = [
    "Theo báo cáo của Sở Kế hoạch và Đầu tư, việc triển khai Quyết định số 66/QĐ-",
    "UBND ngày 10/01/2022 của Ủy ban nhân dân tỉnh về việc giao chỉ tiêu kế hoạch",
    "năm 2022 còn chậm so với yêu cầu đề ra, tỷ lệ giải ngân vốn đầu tư công thấp.",
]


@pytest.mark.parametrize("sep,markdown", [("\n", False), ("\n\n", False), ("\n", True)],
                         ids=["plain", "blank-lines", "markdown"])
def test_symbol_broken_at_its_hyphen_is_rejoined(sep: str, markdown: bool):
    c = clean(sep.join(SYMBOL_BREAK) + "\n", markdown=markdown)
    assert "Quyết định số 66/QĐ-UBND ngày 10/01/2022" in c.text
    assert "\n" not in c.text
    assert_maps_back(c)


def test_dash_bullet_after_a_terminal_line_is_not_joined():
    raw = "\n".join([
        "Ủy ban nhân dân tỉnh yêu cầu các sở, ngành tập trung thực hiện các nội dung sau.",
        "- Sở Y tế chỉ đạo các bệnh viện bảo đảm thuốc, vật tư.",
    ])
    assert clean(raw).text.split("\n")[1] == "- Sở Y tế chỉ đạo các bệnh viện bảo đảm thuốc, vật tư."


def test_symbol_broken_in_a_narrow_header_column_is_rejoined():
    raw = "\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH NINH BÌNH", "Số: 125/KH-", "UBND", "",
        "Căn cứ Luật Phòng, chống thiên tai năm 2013; Ủy ban nhân dân tỉnh ban hành Kế hoạch",
        "triển khai công tác phòng, chống thiên tai trên địa bàn tỉnh năm 2024 như sau:",
    ])
    assert "Số: 125/KH-UBND" in clean(raw).text


def test_markdown_debris_is_removed():
    raw = "\n".join([
        "# **THÔNG BÁO**",
        "| Số: 12/TB-SYT | *Hà Nội, ngày 1 tháng 2 năm 2024* |",
        "---------------",
        "Nội dung **quan trọng** của văn bản.",
        "***",
        "|",
        "## Kết luận",
    ])
    c = clean(raw, markdown=True)
    assert c.text.split("\n") == [
        "THÔNG BÁO",
        "Số: 12/TB-SYT Hà Nội, ngày 1 tháng 2 năm 2024",
        "Nội dung quan trọng của văn bản.",
        "Kết luận",
    ]
    for debris in ("*", "|", "#", "---"):
        assert debris not in c.text
    assert_maps_back(c)


def test_bold_markers_are_removed_from_plain_text_too():
    assert clean("**Nơi nhận:**\n- Như trên;").text == "Nơi nhận:\n- Như trên;"


def test_markdown_dash_bullets_are_kept():
    c = clean("Yêu cầu:\n- Sở Y tế rà soát;\n+ Trung tâm Y tế huyện báo cáo.", markdown=True)
    assert c.text.split("\n")[1:] == ["- Sở Y tế rà soát;", "+ Trung tâm Y tế huyện báo cáo."]


PAGE_WRAPPED = [
    "Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan",
    "tham mưu bố trí kinh phí thực hiện các nhiệm vụ nêu trên theo đúng quy định hiện hành,",
    "bảo đảm tiết kiệm, hiệu quả, đúng mục đích; định kỳ hằng quý tổng hợp tình hình sử dụng",
    "kinh phí, báo cáo Ủy ban nhân dân tỉnh để theo dõi, chỉ đạo kịp thời các vướng mắc phát",
    "sinh trong quá trình thực hiện.",
]


@pytest.mark.parametrize("page", ["2", "- 3 -", "Trang 4", "  12  ", "Trang 5/9"])
@pytest.mark.parametrize("sep", ["\n", "\n\n"], ids=["plain", "blank-lines"])
def test_page_numbers_alone_on_a_line_are_dropped(page: str, sep: str):
    raw = sep.join(PAGE_WRAPPED[:2] + [page] + PAGE_WRAPPED[2:])
    c = clean(raw)
    assert page.strip() not in c.text.replace("Ủy ban nhân dân tỉnh", "")
    assert fold(c.text) == " ".join(PAGE_WRAPPED)
    assert_maps_back(c)


def test_page_number_inside_a_sentence_keeps_one_paragraph():
    raw = "\n".join(PAGE_WRAPPED[:2] + ["2"] + PAGE_WRAPPED[2:])
    assert "\n" not in clean(raw).text


def test_markdown_table_separator_row_is_removed():
    c = clean("| Số: 12/TB-SYT | Hà Nội, ngày 1/2/2024 |\n|---|:---:|\n| Nội dung | Ghi chú |", markdown=True)
    assert "-" not in c.text.replace("TB-SYT", "")


def test_numbers_inside_a_line_are_kept():
    assert "15 ngày" in clean("Thời hạn thực hiện là\n15 ngày kể từ ngày ký.").text


def test_runs_of_spaces_collapse_with_an_exact_map():
    raw = "Sở   Y tế    đề nghị\tcác đơn vị    thực hiện."
    c = clean(raw)
    assert c.text == "Sở Y tế đề nghị các đơn vị thực hiện."
    assert_maps_back(c)
    start = c.text.index("đề nghị")
    a, b = c.source_span(start, start + len("đề nghị"))
    assert raw[a:b] == "đề nghị"


def test_source_span_of_words_in_wrapped_markdown():
    raw = "**THÔNG BÁO**\nSở Y tế **đề nghị** các đơn vị\nthực hiện nghiêm túc.\n"
    c = clean(raw, markdown=True)
    for word in ("THÔNG BÁO", "đề nghị", "thực hiện nghiêm túc."):
        s = c.text.index(word)
        a, b = c.source_span(s, s + len(word))
        assert raw[a:b] == word


def test_empty_and_blank_inputs():
    for raw in ("", "\n\n  \n", "|\n|\n", "**"):
        c = clean(raw, markdown=True)
        assert c.text == ""
        assert c.to_source(0) == len(raw)
        assert c.source_span(0, 0) == (len(raw), len(raw))


def test_corpus_documents_map_back(corpus_docs):
    for path in corpus_docs:
        raw = path.read_text(encoding="utf-8")
        c = clean(raw, markdown=path.suffix == ".md")
        assert unicodedata.is_normalized("NFC", c.text), path.name
        assert "\u00d0" not in c.text
        assert_maps_back(c)


# ---- property tests -------------------------------------------------------

_PIECES = [
    "Ủy", "ban", "nhân", "dân", "tỉnh", "Sở", "Y", "tế", "báo", "cáo", "trước", "ngày", "15/11/2024", "Quyết",
    "định", "số", "66/QĐ-", "UBND", "THÔNG BÁO", "1.", "a)", "-", "+", "(1)", "**", "*", "|", "#", "---", "Ð",
    "Đ", "\u00a0", "\u200b", "\u00ad", ".", ",", ":", ";", "./.", "2", "Trang 3", "\t", "\r\n", "\r",
    "\u0301", "\u0323", "\u0302", "\u2010", "\u2028",
]
_SEPARATORS = [" ", "\n", "\n\n", "", "  "]


@st.composite
def vietnamese_ish(draw) -> str:
    """Documents of Vietnamese words, markers, Markdown debris and odd characters, some of them decomposed."""
    pieces = draw(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS), st.booleans()),
                           max_size=80))
    return "".join((unicodedata.normalize("NFD", p) if nfd else p) + sep for p, sep, nfd in pieces)


def test_invisible_between_letter_and_mark_composes():
    c = clean("Ủy\u200b\u0301 ")  # a zero-width space between 'y' and its acute accent
    assert c.text == "Ủý"
    assert [c.to_source(i) for i in range(3)] == [0, 1, 5]
    assert_maps_back(c)


@settings(max_examples=150, deadline=None)
@given(vietnamese_ish(), st.booleans())
def test_property_offset_map_on_vietnamese_ish_text(raw: str, markdown: bool):
    c = clean(raw, markdown=markdown)
    assert "\r" not in c.text and "\u00d0" not in c.text
    assert not c.text.startswith((" ", "\n")) and not c.text.endswith((" ", "\n"))
    assert_maps_back(c)
    if c.text:
        a, b = c.source_span(0, len(c.text))
        assert 0 <= a < b <= len(raw)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.booleans())
def test_property_any_str_is_cleaned_without_error(raw: str, markdown: bool):
    c = clean(raw, markdown=markdown)
    assert c.source == raw
    assert all(0 <= c.to_source(i) < len(raw) for i in range(len(c.text)))
    assert c.to_source(len(c.text)) == len(raw)
    for start in range(0, len(c.text), 7):
        a, b = c.source_span(start, min(len(c.text), start + 5))
        assert 0 <= a <= b <= len(raw)


@pytest.mark.parametrize("raw,expect", [
    ("\ufb2a", [0, 0]),  # Hebrew shin with shin dot: excluded from composition, two characters in NFC
    ("Sở \u0958 xã", [0, 1, 2, 3, 3, 4, 5, 6]),  # Devanagari qa: the same, between words
    ("x\ufb2a\u05b0y", [0, 1, 2, 2, 3]),  # with a mark after it: a cluster of two gives three
    ("Vie\u0302\u0323t \u2adc", [0, 1, 2, 5, 6, 7, 7]),  # a decomposed word before it: shorter, then longer
])
def test_a_character_that_nfc_makes_longer_maps_each_of_its_characters_to_itself(raw, expect):
    c = clean(raw)
    assert [c.to_source(i) for i in range(len(c.text))] == expect
    assert c.text == unicodedata.normalize("NFC", raw)


@pytest.mark.parametrize("raw,markdown", [
    ("Ủy ban nhân dân tỉnh yêu cầu:\n\n**1.**\n\nSở Y tế chủ trì tổ chức tập huấn.\n\n**2.**\n\nSở Tài chính bố trí kinh phí.", True),
    ("Ủy ban nhân dân tỉnh yêu cầu:\n1.\nSở Y tế chủ trì tổ chức tập huấn.\n2.\nSở Tài chính bố trí kinh phí.", False),
    ("Ủy ban nhân dân tỉnh yêu cầu:\n| 1. |\n| Sở Y tế chủ trì tổ chức tập huấn. |\n| 2) |\n| Sở Tài chính bố trí kinh phí. |", True),
])
def test_a_marker_alone_on_its_line_goes_on_with_the_next_line(raw: str, markdown: bool):
    lines = clean(raw, markdown=markdown).text.split("\n")
    assert lines[1] == "1. Sở Y tế chủ trì tổ chức tập huấn."
    assert lines[2] in ("2. Sở Tài chính bố trí kinh phí.", "2) Sở Tài chính bố trí kinh phí.")
    assert len(lines) == 3


@pytest.mark.parametrize("bare,then", [("II.", "TỔ CHỨC THỰC HIỆN"), ("a)", "Bệnh viện tỉnh chuẩn bị thuốc."),
                                       ("(3)", "Rà soát danh mục kỹ thuật."), ("3.3.", "Sở Xây dựng kiểm tra.")])
def test_bare_markers_of_every_kind(bare: str, then: str):
    raw = f"Các đơn vị thực hiện như sau:\n{bare}\n{then}"
    assert clean(raw).text.split("\n") == ["Các đơn vị thực hiện như sau:", f"{bare} {then}"]


def test_two_bare_markers_in_a_row_are_not_joined():
    assert clean("Các đơn vị thực hiện như sau:\n1.\n2.\nSở Y tế.").text.split("\n")[1] == "1."


@pytest.mark.parametrize("markdown", [False, True])
def test_a_deep_marker_at_the_start_of_a_wrapped_line_starts_a_paragraph(markdown: bool):
    raw = "\n".join([
        "3. Về công tác tập huấn",
        "3.1. Trung tâm Kiểm soát bệnh tật tỉnh tổ chức tập huấn cho cán bộ y tế cơ sở về",
        "giám sát dịch bệnh, hoàn thành trong quý II năm 2025 theo kế hoạch đã phê duyệt và",
        "báo cáo kết quả về Sở Y tế trước ngày 30/6/2025 để tổng hợp, báo cáo UBND tỉnh",
        "1.2.3 Các bệnh viện tuyến tỉnh cử cán bộ tham gia hỗ trợ chuyên môn cho tuyến xã và",
        "1.5 tỷ đồng được bố trí cho hoạt động này từ nguồn ngân sách tỉnh năm 2025 theo",
        "mục 2.1 của Kế hoạch.",
    ])
    lines = clean(raw, markdown=markdown).text.split("\n")
    assert [line[:5] for line in lines] == ["3. Về", "3.1. ", "1.2.3"]
    assert lines[2].endswith("tuyến xã và 1.5 tỷ đồng được bố trí cho hoạt động này từ nguồn ngân sách tỉnh năm 2025 theo mục 2.1 của Kế hoạch.")


def _chars() -> list[str]:
    """Characters of every kind the line tests meet: ASCII, Latin, Vietnamese, Greek (a final sigma),
    digits of other scripts, punctuation, spaces."""
    picked = [chr(c) for c in range(0x250)] + [chr(c) for c in range(0x1EA0, 0x1F00)]
    picked += list("ΣσςΑαİıſKℌ٣३²½—–…“”‘’•") + ["\u3000", "\u2003", "\U0001d400"]
    return picked


def test_the_line_tests_by_code_point_answer_as_the_string_methods() -> None:
    from vnnotice import clean as C

    chars = _chars()
    for ch in chars:
        assert C._is_upper(ch) == ch.isupper(), repr(ch)
        for nxt in ("", ")", ".", "a", " ", "Đ"):
            text = ch + nxt
            assert C._goes_on_small(text) == (text[0].islower() and text[1:2] not in ")."), repr(text)


def test_the_heading_and_page_number_tests_by_code_point_answer_as_before() -> None:
    import random

    from vnnotice import clean as C

    def heading(text: str) -> bool:  # the test as it read the characters as strings
        if "a" <= text[-1] <= "z" or "a" <= text[1:2] <= "z" or "a" <= text[-2:-1] <= "z" \
                or "a" <= text[2:3] <= "z":
            return False
        return text.upper() == text and text.lower() != text

    def page_number(text: str) -> bool:
        last = text[-1]
        if last < "\x80":
            if last != "-" and not "0" <= last <= "9":
                return False
        elif not C._is_digit(last):
            return False
        first = text[0]
        if first.isalpha():
            if not text.startswith(("Trang", "trang")):
                return False
        elif text.isdigit() and text.isascii():
            return len(text) <= 3
        return C._PAGE_NUMBER.match(text) is not None

    rng = random.Random(26)
    chars = _chars() + list("0123456789- ") * 20 + ["Trang ", "trang ", "/"] * 10
    texts = ["A", "a", "Ab", "AB", "ABc", "ABCd", "12", "- 3 -", "Trang 4/9", "trang 2", "Trang", "٣", "1٣", "Σ"]
    texts += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 8))) for _ in range(20000)]
    for text in texts:
        assert C._is_heading(text) == heading(text), repr(text)
        assert C._is_page_number(text) == page_number(text), repr(text)


def test_runs_of_spaces_found_by_find_are_the_runs_of_the_pattern() -> None:
    import random

    from vnnotice import clean as C

    spaces = regex.compile("  +")

    def collapse(text: str) -> tuple[str, list[int], list[int]]:  # as the pattern's runs give it
        out, starts, origins, pos, last = [], [], [], 0, 0
        for m in spaces.finditer(text):
            seg = text[last:m.start() + 1]
            starts.append(pos)
            origins.append(last)
            out.append(seg)
            pos += len(seg)
            last = m.end()
        starts.append(pos)
        origins.append(last)
        out.append(text[last:])
        return "".join(out), starts, origins

    rng = random.Random(28)
    pieces = [" ", " ", "  ", "   ", "a", "Đề", "\n", "\u00a0", "x y"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        first = text.find("  ")
        if first < 0:
            continue
        got = C._collapse_spaces(text, text, (), first)
        assert (got.text, got._maps[0].starts, got._maps[0].origins) == collapse(text), repr(text)


def test_the_common_markers_told_without_the_pattern_are_markers() -> None:
    import random

    from vnnotice import clean as C

    rng = random.Random(30)
    pieces = ["-", "+", "•", "–", "—", "1", "2", "0", "9", "٣", ".", ")", " ", "\u00a0", "a", "Đ", "(", "/", "*", "I", "V",
              "X", "L", "C", "K", "T", "M", "Q", "U", "N", "Kính gửi", "Nơi nhận", "TUQ", "đ", "\t"]
    texts = ["- Sở", "1. Sở", "12) Ban", "1.5 tỷ", "1.2 Về", "123. x", "1.", "12)", "1)2", "-", "•\u00a0x", "1.٣"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(20000)]
    told = 0
    for text in texts:
        if C._common_marker(text):
            told += 1
            assert C._MARKER_START.match(text) is not None, repr(text)
    assert told > 100


def test_a_two_character_mark_is_found_where_str_find_finds_it() -> None:
    import random

    from vnnotice import clean as C

    rng = random.Random(32)
    for _ in range(3000):
        text = "".join(rng.choice(["*", "_", "a", "Đ", "\n", "**", "__"]) for _ in range(rng.randint(0, 16)))
        pos = rng.randint(0, len(text))
        for mark in ("**", "__", "*", "|"):
            i = text.find(mark, pos)
            assert C._find(text, mark, pos, len(text) + 1) == (len(text) + 1 if i < 0 else i), (text, mark, pos)


def test_the_last_word_and_the_terminal_test_read_back_as_before() -> None:
    import random

    from vnnotice import clean as C

    rng = random.Random(34)
    pieces = ["a", "Đề", "số", " ", "  ", "\t", "\u00a0", "\u2003", "\x1c", ",", ".", "…", ")", "”", "’", "'", '"', "]",
              "?", "x" * 20, ":", ";", "!"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        if text.strip():
            assert C._last_word(text) == text[-24:].rsplit(None, 1)[-1], repr(text)
        last = text[-1]
        before = last in C._TERMINAL if last not in C._CLOSERS else text[-24:].rstrip(C._CLOSERS)[-1:] in C._TERMINAL
        assert C._is_terminal(text) == before, repr(text)
    assert set(C._CLOSERS) == set("'\")]”’") and C._TERMINAL == frozenset(".:;!?…")


def test_the_lines_ruled_out_without_a_pattern_are_those_the_patterns_rule_out() -> None:
    import random

    from vnnotice import clean as C

    rng = random.Random(36)
    pieces = ["-", "+", "•", "–", "—", "1", "2", "0", "9", "٣", "۵", ".", ")", "(", "/", " ", "\t", "\x1c", "\u00a0",
              "Ba ", "Bốn ", "Bảy ", "Năm ", "Sáu ", "Tám ", "Chín ", "Mười ", "Thứ ", "TL. ", "Q. ", "Công điện gửi",
              "Đồng kính gửi", "Ch", "Cô", "Bố", "Mư", "Nă", "Ph", "Sá", "Tá", "Th", "Ki", "Kí", "Đi", "Đồ",
              "B", "M", "N", "H", "K", "Q", "P", "A", "Z", "i", "là",
              "a", "i", "v", "x", "đ", "Đ", "I", "V", "X", "C", "L", "S", "T", "Trang ", "trang ", "%", ",", "*", "|",
              "Sở", "ạ", "=", "_", "\n", "Ủ", "U", "A", "P", "Q", "G", "Một ", "Hai ", "Kính ", "Nơi ", "Điều ", "TM. ", "KT. ",
              "Phần ", "PHẦN ", "Công ", "Đồng ", "Thứ ", "là", ": ", "[", "]", "×", "ǅ", "\u1e9e"]
    texts = ["-", "X", "18/11/2025", "1/ Sở", "1/Sở", "12/ A", "2025", "1158", "12", "(%)", "sung.", "a)", "(a)", "(1)",
             "II.", "2025.", "1.2", "96,8", "- 3 -", "1 0 1 100,00", "-2", "- Sở", "12- ", "٣.", "1٣.", "---", "--"]
    markers = ["Một là:", "Hai là,", "Ba là:", "Bốn là:", "Năm là:", "Sáu là:", "Bảy là:", "Tám là:", "Chín là:",
               "Mười là:", "Thứ nhất", "Thứ hai,", "PHẦN I", "Phần thứ", "Điều 5", "Nơi nhận:", "Kính gửi:",
               "Đồng kính gửi", "Công điện gửi", "TM. UBND", "KT. CHỦ", "TL. BỘ", "TUQ. X", "Q. CT", "[12]", "IV. A",
               "C) x", "L. x", "(iv) x", "(a) x", "a/ Sở", "1/ Sở", "* x", "*. x", "(12)", "XII) A", "1.2. Sở", "- x"]
    for text in markers:
        assert C._MARKER_START.match(text) is not None and not C._no_marker(text), text
    texts += markers
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(40000)]
    told = [0, 0, 0, 0]
    for text in texts:
        if C._no_marker(text):
            told[0] += 1
            assert C._MARKER_START.match(text) is None, repr(text)
        if text.strip() and text[-1] in ".)" or "0" <= text[-1] <= "9" or C._is_digit(text[-1]):
            if not C._may_start_bare_marker(text):
                told[1] += 1
                assert C._BARE_MARKER.match(text) is None, repr(text)
        if 32 < ord(text[0]) < 128 and not text[0].isalpha() and C._no_page_number(text):
            told[2] += 1
            assert C._PAGE_NUMBER.match(text) is None, repr(text)
        stripped = text.strip()
        if stripped and stripped[0] in "-=_" and stripped[-1] in "-=_" and len(stripped) < 3:
            assert C._RULE.match(text) is None, repr(text)  # (a rule has three rule characters at least)
        if text[-1] == "-":
            told[3] += 1
            assert C._hyphen_break(text) == (C._HYPHEN_BREAK.search(text[-24:]) is not None), repr(text)
    assert min(told) > 300, told


def test_nfc_checked_piece_by_piece_is_nfc_of_the_whole_text() -> None:
    import random
    import unicodedata

    from vnnotice import clean as C

    rng = random.Random(38)
    words = ["Sở", "giao", "thông", "\n", "vận", "tải", " ", "Hà Nội", "\n\n"]
    odd = ["e\u0301", "\u0301", "A\u030a", "\u212b", "\u1100\u1161", "\u0323\u0302"]  # not NFC, or not alone
    for _ in range(60):
        words_n = rng.randint(1, 6000)
        text = "".join(rng.choice(words) for _ in range(words_n))
        for _ in range(rng.randint(0, 2)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(odd) + text[at:]
        assert C._is_nfc(text) == unicodedata.is_normalized("NFC", text)


def test_white_space_is_told_by_code_point_as_str_isspace_tells_it():
    from vnnotice.clean import space_code

    assert [c for c in range(0x110000) if space_code(c) != chr(c).isspace()] == []
