"""Segment stage: markers, nesting by order of appearance, inline enumerations, scope."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnotice.segment import _FIRST_CHARS, LEADING, Node, leading_marker, segment

# (paragraph, kind, marker as written, number group)
MARKERS = [
    ("PHẦN II. TỔ CHỨC THỰC HIỆN", "part", "PHẦN II", "II"),
    ("Phần thứ hai: NHIỆM VỤ CỤ THỂ", "part", "Phần thứ hai", "thứ hai"),
    ("Một là: tăng cường công tác kiểm tra", "word_ordinal", "Một là:", "Một"),
    ("Hai là, nâng cao chất lượng dịch vụ", "word_ordinal", "Hai là,", "Hai"),
    ("1. Một là: tăng cường kỷ luật", "word_ordinal", "1. Một là:", "Một"),
    ("Thứ nhất, các sở rà soát thủ tục", "thu_ordinal", "Thứ nhất,", "nhất"),
    ("Thứ tư: hoàn thiện thể chế", "thu_ordinal", "Thứ tư:", "tư"),
    ("Điều 3. Chánh Văn phòng UBND tỉnh", "article", "Điều 3.", "3"),
    ("Hoạt động 2: Tổ chức hội nghị tập huấn", "activity", "Hoạt động 2:", "2"),
    ("Tiểu dự án 3. Hỗ trợ sinh kế", "activity", "Tiểu dự án 3.", "3"),
    ("II. NHIỆM VỤ VÀ GIẢI PHÁP", "roman", "II.", "II"),
    ("IV) Tổ chức thực hiện", "roman", "IV)", "IV"),
    ("A. PHẦN CHUNG", "upper_letter", "A.", "A"),
    ("1.2. Sở Y tế chủ trì", "arabic_deep", "1.2.", "1.2"),
    ("2.1.3 Sở Tài chính bố trí", "arabic_deep", "2.1.3", "2.1.3"),
    ("3. Sở Y tế chủ trì", "arabic", "3.", "3"),
    ("12.Sở Nội vụ thẩm định", "arabic", "12.", "12"),
    ("3) Sở Xây dựng kiểm tra", "arabic_paren", "3)", "3"),
    ("2/ Công an xã tăng cường tuần tra", "arabic_slash", "2/", "2"),
    ("b/ Phối hợp với Ban Chỉ huy Quân sự xã", "letter_slash", "b/", "b"),
    ("(3) Sở Công Thương theo dõi", "paren_arabic", "(3)", "3"),
    ("(ii) hướng dẫn các địa phương", "paren_roman", "(ii)", "ii"),
    ("b) Trung tâm Y tế huyện báo cáo", "letter_paren", "b)", "b"),
    ("đ) Các xã tổ chức ra quân", "letter_paren", "đ)", "đ"),
    ("(c) Công an tỉnh chủ trì", "paren_letter", "(c)", "c"),
    ("c. Các trường học phối hợp", "letter_dot", "c.", "c"),
    ("- Sở Y tế chủ trì", "dash", "-", None),
    ("– Sở Y tế chủ trì", "dash", "–", None),
    ("+ Trung tâm Y tế thực hiện", "plus", "+", None),
    ("* Các đơn vị lưu ý", "star", "*", None),
    ("• Các đơn vị lưu ý", "bullet", "•", None),
]


@pytest.mark.parametrize("para,kind,marker,number", MARKERS, ids=[m[0][:14] for m in MARKERS])
def test_leading_marker_kind(para: str, kind: str, marker: str, number):
    found = leading_marker(para)
    assert found is not None
    assert found.kind == kind
    assert found.group("m").strip() == marker
    assert found.groupdict().get("n") == number


def test_every_marker_kind_has_a_case():
    assert {kind for kind, _ in LEADING} == {m[1] for m in MARKERS}


def test_every_marker_kind_says_its_first_characters():
    assert set(_FIRST_CHARS) == {kind for kind, _ in LEADING}


def _every_pattern(text: str):
    """The marker as found by trying every pattern of LEADING in turn."""
    for kind, pattern in LEADING:
        m = pattern.match(text)
        if m:
            return kind, m.group()
    return None


_MARKERISH = st.text(alphabet="0123456789.()-–—+*•IVXLCivxabcdđĐABKPTMHNSC :,là thứnhấtPHẦNĐiều ", max_size=24)


@settings(max_examples=400, deadline=None)
@given(_MARKERISH | st.text(max_size=12))
def test_first_character_dispatch_finds_what_every_pattern_finds(text: str):
    found = leading_marker(text)
    assert (found and (found.kind, found.group())) == (_every_pattern(text) or None) or (found is None and _every_pattern(text) is None)


# a number, white space of any kind, a word (an ordinal or not), then what an ordinal's 'là:' may be
_NUMBERED_WORDS = st.builds(lambda n, space, word, rest: f"{n}.{space}{word}{rest}",
                            st.sampled_from(["1", "12", "3", "1.2"]), st.text(alphabet=" \t\u00a0\u2003\n", max_size=3),
                            st.sampled_from(["Một", "Hai", "Ba", "Bốn", "Mười", "Sở", "Ban", "Bảo", "một", "Hải", ""]),
                            st.text(alphabet=" là:,.", max_size=6))


@settings(max_examples=300, deadline=None)
@given(_NUMBERED_WORDS)
def test_ordinal_after_a_number_found_as_every_pattern_finds(text: str):
    found = leading_marker(text)
    assert (found.kind, found.group()) == _every_pattern(text) if found else _every_pattern(text) is None


@pytest.mark.parametrize("para,kind", [
    ("1. Hai là: các sở tăng cường kiểm tra", "word_ordinal"),
    ("2.\u00a0Ba là, rà soát các dự án", "word_ordinal"),
    ("3.  Bốn là: bố trí kinh phí", "word_ordinal"),
    ("4. Bảo đảm là: nhiệm vụ thường xuyên", "arabic"),
    ("5. Sở Nội vụ là cơ quan thường trực", "arabic"),
])
def test_ordinal_word_after_a_number(para: str, kind: str):
    found = leading_marker(para)
    assert found is not None and found.kind == kind


# the first characters of the markers read without their pattern, then digits, stops, brackets, letters and
# white space of every kind the pattern engine may see otherwise than the quick reading (outside ASCII, controls)
_QUICK_TEXT = st.builds(lambda first, rest: first + rest, st.sampled_from(list("-–—ađz0129")),
                        st.text(alphabet="0123456789٣１.)( \t\n\xa0\u2003\u3000\x1c\x1f\x85\x7f!~aĐđ-", max_size=8))


@settings(max_examples=600, deadline=None)
@given(_QUICK_TEXT)
def test_markers_read_without_their_pattern_are_what_the_pattern_matches(text: str):
    """A dash, 'a)' or '1.' read by the quick reading gives the pattern's match (marker, number, end), or
    leaves the text to the pattern."""
    from vnnotice.segment import _QUICK, _UNSURE, _quick_marker

    for kind, pattern in LEADING:
        if text[0] not in _QUICK.get(kind, ""):
            continue
        quick = _quick_marker(kind, text)
        if quick is _UNSURE:
            continue
        m = pattern.match(text)
        assert (quick and (quick.group(), quick.group("m"), quick.number, quick.end())) == \
            (m and (m.group(), m.group("m"), m.groupdict().get("n"), m.end()))


@pytest.mark.parametrize("text", ["- Sở Y tế", "–\u00a0Sở", "a)\tCác xã", "3.\u2003Sở", "2.\x1cA", "1٣. Sở", "1.٣ Sở"])
def test_markers_the_quick_reading_leaves_to_the_pattern(text: str):
    """White space other than plain spaces, and digits outside ASCII, are read by the pattern."""
    found = leading_marker(text)
    kind = next((k for k, pattern in LEADING if pattern.match(text)), None)
    assert (found and (found.kind, found.group())) == (kind and (kind, next(p for k, p in LEADING if k == kind).match(text).group()))


@pytest.mark.parametrize("para", [
    "Sở Y tế chủ trì", "2024 là năm tăng tốc", "10.000 hộ dân được hỗ trợ", "1.500 tỷ đồng", "I. ", "Điều chỉnh kế hoạch",
    "Thứ trưởng Bộ Y tế chủ trì", "Một số nội dung", "Phần lớn các xã", "-", "(1)",
])
def test_no_leading_marker(para: str):
    assert leading_marker(para) is None


def tree(text: str) -> list[tuple[str, str | None, str, str]]:
    """(id, parent id, marker, first words of the item) of the body ``text``."""
    nodes = segment(text, (0, len(text)))
    return [(n.id, n.parent.id if n.parent else None, n.marker, text[n.text_start:n.end].split("\n")[0][:25])
            for n in nodes]


def test_letters_above_dashes_in_one_document():
    text = """Sau khi nghe báo cáo, Giám đốc Sở kết luận như sau:
1. Về công tác khám chữa bệnh
a) Bệnh viện đa khoa tỉnh rà soát quy trình tiếp đón người bệnh.
- Hoàn thành trước ngày 30/6/2024.
- Báo cáo kết quả về Sở Y tế.
b) Trung tâm Y tế các huyện tăng cường khám sàng lọc.
2. Về công tác dược
a) Phòng Nghiệp vụ Dược kiểm tra các nhà thuốc.
- Ưu tiên các nhà thuốc vùng ven."""
    assert [(i, p, m) for i, p, m, _ in tree(text)] == [
        ("d1", None, "1."), ("d1.1", "d1", "a)"), ("d1.1.1", "d1.1", "-"), ("d1.1.2", "d1.1", "-"),
        ("d1.2", "d1", "b)"), ("d2", None, "2."), ("d2.1", "d2", "a)"), ("d2.1.1", "d2.1", "-"),
    ]


def test_dashes_above_letters_in_another_document():
    text = """Ủy ban nhân dân huyện yêu cầu các cơ quan, đơn vị thực hiện như sau:
1. Các xã, thị trấn
- Tổ chức ra quân làm vệ sinh môi trường.
a) Thu gom rác thải tại khu dân cư.
b) Khơi thông cống rãnh.
- Tuyên truyền người dân không xả rác.
2. Phòng Tài nguyên và Môi trường hướng dẫn, kiểm tra."""
    assert [(i, p, m) for i, p, m, _ in tree(text)] == [
        ("d1", None, "1."), ("d1.1", "d1", "-"), ("d1.1.1", "d1.1", "a)"), ("d1.1.2", "d1.1", "b)"),
        ("d1.2", "d1", "-"), ("d2", None, "2."),
    ]


def test_plus_below_dash():
    text = "Yêu cầu các đơn vị:\n1. Sở Y tế\n- Chỉ đạo các bệnh viện:\n+ Bảo đảm thuốc.\n+ Bảo đảm giường bệnh.\n- Báo cáo."
    assert [(i, p, m) for i, p, m, _ in tree(text)] == [
        ("d1", None, "1."), ("d1.1", "d1", "-"), ("d1.1.1", "d1.1", "+"), ("d1.1.2", "d1.1", "+"), ("d1.2", "d1", "-"),
    ]


def test_inline_enumeration_becomes_children():
    text = ("Bộ Y tế đề nghị các đơn vị thực hiện các nội dung sau:\n"
            "1. Cục Quản lý Khám, chữa bệnh thực hiện các nhiệm vụ: (1) rà soát danh mục kỹ thuật; "
            "(2) hướng dẫn các bệnh viện triển khai; (3) báo cáo Bộ trưởng trước ngày 15/7/2025.\n"
            "2. Vụ Pháp chế thẩm định dự thảo Thông tư.")
    nodes = segment(text, (0, len(text)))
    assert [(n.id, n.marker) for n in nodes] == [("d1", "1."), ("d1.1", "(1)"), ("d1.2", "(2)"), ("d1.3", "(3)"),
                                                 ("d2", "2.")]
    inline = {n.id: text[n.text_start:n.end] for n in nodes}
    assert inline["d1.1"] == "rà soát danh mục kỹ thuật;"
    assert inline["d1.3"] == "báo cáo Bộ trưởng trước ngày 15/7/2025."
    parent = nodes[0]
    assert text[parent.own()[0][0]:parent.own()[0][1]].strip() == "Cục Quản lý Khám, chữa bệnh thực hiện các nhiệm vụ:"
    assert [c.id for c in parent.children] == ["d1.1", "d1.2", "d1.3"]


def test_inline_roman_enumeration():
    text = "Giao Sở Nội vụ:\n1. Chủ trì thực hiện: (i) rà soát biên chế; (ii) đề xuất sắp xếp bộ máy."
    assert [m for _, _, m, _ in tree(text)] == ["1.", "(i)", "(ii)"]


def test_inline_enumeration_continued_over_paragraphs():
    text = "Yêu cầu các sở, ngành:\n(1) Rà soát thủ tục hành chính;\n(2) Công khai quy trình giải quyết."
    assert [(i, m) for i, _, m, _ in tree(text)] == [("d1", "(1)"), ("d2", "(2)")]


def test_lone_parenthesised_number_in_a_sentence_is_not_a_marker():
    text = ("Yêu cầu các đơn vị thực hiện:\n"
            "1. Vụ Pháp chế thẩm định dự thảo Thông tư (1) trước khi trình Bộ trưởng ký ban hành.\n"
            "2. Văn phòng Bộ theo dõi, đôn đốc.")
    assert [(i, m) for i, _, m, _ in tree(text)] == [("d1", "1."), ("d2", "2.")]


def test_parenthesised_numbers_out_of_order_are_not_markers():
    text = "Yêu cầu:\n1. Trung tâm Y tế báo cáo số liệu (3) và (5) theo mẫu quy định."
    assert [m for _, _, m, _ in tree(text)] == ["1."]


def test_word_ordinal_items():
    text = ("Thủ tướng Chính phủ yêu cầu các bộ, ngành, địa phương thực hiện các nhiệm vụ sau:\n"
            "1. Một là: tăng cường kỷ luật, kỷ cương hành chính.\n"
            "2. Hai là: đẩy mạnh giải ngân vốn đầu tư công.\n"
            "- Các bộ rà soát danh mục dự án.")
    assert [(i, p, m) for i, p, m, _ in tree(text)] == [
        ("d1", None, "1. Một là:"), ("d2", None, "2. Hai là:"), ("d2.1", "d2", "-"),
    ]
    assert tree(text)[0][3] == "tăng cường kỷ luật, kỷ cư"


def test_thu_ordinal_items():
    text = ("Ban Thường vụ Tỉnh ủy yêu cầu:\n"
            "Thứ nhất, các cấp ủy đảng quán triệt sâu sắc chỉ thị này.\n"
            "Thứ hai, chính quyền các cấp bố trí đủ nguồn lực.")
    assert [(i, m, t[:14]) for i, _, m, t in tree(text)] == [
        ("d1", "Thứ nhất,", "các cấp ủy đản"), ("d2", "Thứ hai,", "chính quyền cá"),
    ]


def test_roman_sections_reset_levels():
    text = """Ủy ban nhân dân tỉnh ban hành Kế hoạch với các nội dung sau.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Các trường trung học phổ thông tổ chức câu lạc bộ tiếng Anh.
a) Hoàn thành trong tháng 10/2024.
- Báo cáo kết quả.
IV. TỔ CHỨC THỰC HIỆN
1. Sở Giáo dục và Đào tạo chủ trì theo dõi.
2. Các trường báo cáo kết quả trước ngày 15/12/2024."""
    nodes = segment(text, (0, len(text)))
    assert [(n.id, n.parent.id if n.parent else None, n.marker, n.heading) for n in nodes] == [
        ("d1", None, "II.", True), ("d1.1", "d1", "1.", False), ("d1.1.1", "d1.1", "a)", False),
        ("d1.1.1.1", "d1.1.1", "-", False), ("d2", None, "IV.", True), ("d2.1", "d2", "1.", False),
        ("d2.2", "d2", "2.", False),
    ]


def test_part_keeps_roman_sections_inside():
    text = "PHẦN I. NHIỆM VỤ CHUNG\nI. Về thể chế\n1. Rà soát văn bản.\nII. Về tổ chức\n1. Sắp xếp bộ máy."
    nodes = segment(text, (0, len(text)))
    assert [(n.id, n.marker) for n in nodes] == [("d1", "PHẦN I"), ("d1.1", "I."), ("d1.1.1", "1."), ("d1.2", "II."),
                                                 ("d1.2.1", "1.")]


def test_ordering_lead_in_excludes_enumerations_before_it():
    text = """Ngày 10/9/2024, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp về tiến độ dự án. Qua báo cáo, còn một số khó khăn như sau:
- Nguồn vốn bố trí chậm.
- Mặt bằng thi công chưa được bàn giao.
a) Vướng mắc về giá đất.
Sau khi nghe ý kiến các đại biểu, Phó Chủ tịch UBND tỉnh kết luận như sau:
1. Sở Tài chính tham mưu bố trí vốn trước ngày 30/9/2024.
2. Sở Xây dựng đôn đốc nhà thầu.
- Tăng ca, tăng kíp.
Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./."""
    assert [(i, p, m, t) for i, p, m, t in tree(text)] == [
        ("d1", None, "1.", "Sở Tài chính tham mưu bố "), ("d2", None, "2.", "Sở Xây dựng đôn đốc nhà t"),
        ("d2.1", "d2", "-", "Tăng ca, tăng kíp."),
    ]


def test_after_a_lead_in_every_item_is_a_directive_even_a_descriptive_one():
    text = """Sau khi nghe báo cáo, đồng chí Chủ tịch UBND huyện kết luận:
1. Kết quả thực hiện
- Các xã đã hoàn thành 80% kế hoạch.
2. Nhiệm vụ thời gian tới
- Giao các xã tiếp tục triển khai."""
    assert [m for _, _, m, _ in tree(text)] == ["1.", "-", "2.", "-"]


def test_lead_in_after_a_numbered_preamble():
    text = """Tham dự cuộc họp có đại diện lãnh đạo các đơn vị sau:
1. Sở Tài chính.
2. Sở Xây dựng.
Sau khi nghe ý kiến các đại biểu, Phó Chủ tịch UBND tỉnh kết luận như sau:
1. Sở Tài chính tham mưu bố trí vốn trước ngày 30/9/2024.
2. Sở Xây dựng đôn đốc nhà thầu."""
    assert [t for _, _, _, t in tree(text)] == ["Sở Tài chính tham mưu bố ", "Sở Xây dựng đôn đốc nhà t"]


def test_descriptive_headings_are_excluded_with_their_items():
    text = """Thực hiện Kế hoạch số 15/KH-UBND của UBND tỉnh, Sở Giáo dục và Đào tạo xây dựng Kế hoạch như sau.
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao chất lượng dạy và học ngoại ngữ.
2. Yêu cầu
- Bảo đảm thiết thực, hiệu quả.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Các trường trung học phổ thông tổ chức câu lạc bộ tiếng Anh.
2. Phòng Giáo dục và Đào tạo các huyện hướng dẫn các trường tiểu học.
III. KINH PHÍ
1. Nguồn ngân sách nhà nước.
2. Nguồn xã hội hóa.
IV. TỔ CHỨC THỰC HIỆN
1. Phòng Giáo dục trung học chủ trì theo dõi."""
    got = tree(text)
    assert [m for _, _, m, _ in got] == ["II.", "1.", "2.", "IV.", "1."]
    words = " ".join(t for *_, t in got)
    for excluded in ("Mục đích", "Nâng cao", "Bảo đảm thiết", "KINH PHÍ", "ngân sách"):
        assert excluded not in words
    # ids are given after exclusion: no gaps
    assert [i for i, *_ in got] == ["d1", "d1.1", "d1.2", "d2", "d2.1"]


def test_descriptive_arabic_heading_without_lead_in():
    text = """Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện năm 2025 như sau.
1. Mục tiêu
- Giảm 10% số vụ cháy so với năm 2024.
2. Các sở, ngành tổ chức tuyên truyền, hoàn thành trong quý II/2025.
3. Kinh phí
- Từ nguồn ngân sách tỉnh."""
    assert [(i, m, t[:10]) for i, _, m, t in tree(text)] == [("d1", "2.", "Các sở, ng")]


def test_closing_sentence_belongs_to_no_directive():
    text = """Sau khi nghe báo cáo, Giám đốc Sở Y tế kết luận như sau:
1. Các bệnh viện bảo đảm đủ thuốc, vật tư y tế.
2. Trung tâm Y tế các huyện báo cáo trước ngày 15/4/2024.
Sở Y tế thông báo để các đơn vị biết, thực hiện./."""
    nodes = segment(text, (0, len(text)))
    assert [n.marker for n in nodes] == ["1.", "2."]
    assert text[nodes[-1].text_start:nodes[-1].end] == "Trung tâm Y tế các huyện báo cáo trước ngày 15/4/2024."
    assert all("thông báo để" not in text[n.start:n.end] for n in nodes)


def test_spans_own_text_and_children_are_consistent():
    text = """Yêu cầu các đơn vị thực hiện:
1. Về y tế cơ sở
a) Trung tâm Y tế rà soát trạm y tế.
- Hoàn thành trong quý II.
b) Các trạm y tế cập nhật hồ sơ sức khỏe.
2. Sở Y tế tổng hợp, báo cáo."""
    offset = 7
    padded = "X" * offset + text
    nodes = segment(padded, (offset, len(padded)))
    by_id = {n.id: n for n in nodes}
    for n in nodes:
        assert offset <= n.start < n.text_start <= n.end <= len(padded)
        assert padded[n.start:n.text_start].strip() == n.marker
        (a, b), = n.own(padded)
        assert n.text_start <= a <= b <= n.end
        for child in n.children:
            assert n.start < child.start and child.end <= n.end
            assert by_id[child.id] is child and child.parent is n
        assert not padded[n.start:n.end].endswith((" ", "\n"))
    assert padded[by_id["d1"].text_start:by_id["d1"].end].startswith("Về y tế cơ sở\na) Trung tâm")


def test_own_texts_of_directives_do_not_overlap():
    text = """Yêu cầu các đơn vị thực hiện:
I. NHIỆM VỤ
1. Về y tế cơ sở: (1) rà soát trạm y tế; (2) cập nhật hồ sơ.
a) Trung tâm Y tế rà soát trạm y tế.
- Hoàn thành trong quý II.
+ Báo cáo hằng tháng.
b) Các trạm y tế cập nhật hồ sơ sức khỏe.
2. Sở Y tế tổng hợp, báo cáo.
II. TỔ CHỨC THỰC HIỆN
Các đơn vị thực hiện nghiêm."""
    spans = sorted((a, b) for n in segment(text, (0, len(text))) for a, b in n.own(text) if b > a)
    assert len(spans) >= 8
    assert all(b <= c for (_, b), (c, _) in zip(spans, spans[1:]))


def test_empty_and_unmarked_bodies():
    assert segment("", (0, 0)) == []
    text = "Sở Y tế đề nghị các đơn vị báo cáo trước ngày 15/11/2024./."
    assert segment(text, (0, len(text))) == []
    assert isinstance(segment("1. A\n2. B", (0, 9))[0], Node)


# --- plans: which sections hold tasks -------------------------------------------------------------

PLAN = """Thực hiện Chỉ thị số 05/CT-TTg ngày 10/3/2025 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch {what} như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
a) Nâng cao nhận thức của cán bộ, công chức về phòng, chống thiên tai.
b) Huy động sức mạnh của cả hệ thống chính trị.
2. Yêu cầu
- Triển khai đồng bộ, thiết thực, hiệu quả.
II. MỤC TIÊU
1. Phấn đấu đến hết năm 2025 có 90% số xã được tập huấn.
III. NHIỆM VỤ VÀ GIẢI PHÁP
1. Tổ chức tuyên truyền trên các phương tiện thông tin đại chúng.
2. Rà soát, bổ sung phương án ứng phó với từng loại thiên tai.
IV. TỔ CHỨC THỰC HIỆN
1. Sở Nông nghiệp và Môi trường chủ trì theo dõi, đôn đốc.
2. Ủy ban nhân dân các xã báo cáo kết quả trước ngày 15/12/2025."""


@pytest.mark.parametrize("what", [
    "triển khai công tác phòng, chống thiên tai năm 2025",  # no lead-in verb at all
    "triển khai các nhiệm vụ, giải pháp phòng, chống thiên tai",  # a lead-in that only announces
    "thực hiện Kết luận số 12-KL/TW về phòng, chống thiên tai",  # a cited 'Kết luận' is no conclusion
])
def test_plan_purpose_and_target_sections_give_no_directives(what: str):
    got = tree(PLAN.format(what=what))
    assert [m for _, _, m, _ in got] == ["III.", "1.", "2.", "IV.", "1.", "2."]
    assert got[1][3].startswith("Tổ chức tuyên truyền")


def test_concluding_lead_in_keeps_every_item_even_in_a_plan_layout():
    text = PLAN.format(what="x").replace(
        "Thực hiện Chỉ thị số 05/CT-TTg ngày 10/3/2025 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch x như sau:",
        "Sau khi nghe báo cáo, Phó Chủ tịch UBND tỉnh kết luận như sau:")
    assert len(tree(text)) == 14  # every item, the purpose and target sections too


def test_an_opinion_lead_in_concludes():
    text = """Bộ Nội vụ nhận được Công văn số 15/BTC-NSNN của Bộ Tài chính. Về vấn đề này, Bộ Nội vụ có ý kiến như sau:
1. Kết quả rà soát
Bộ Nội vụ đã tổng hợp số liệu của các địa phương.
2. Đề nghị Ủy ban nhân dân các tỉnh hoàn thiện hồ sơ."""
    assert [m for _, _, m, _ in tree(text)] == ["1.", "2."]


@pytest.mark.parametrize("section,items,kept", [
    ("III. KINH PHÍ THỰC HIỆN", ["Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách hằng năm.",
                                  "Các sở, ban, ngành chủ động bố trí kinh phí để thực hiện Kế hoạch."], True),
    ("III. NGUỒN KINH PHÍ", ["Ủy ban nhân dân các xã, phường lập dự toán gửi Sở Tài chính thẩm định."], True),
    ("III. KINH PHÍ", ["Nguồn ngân sách nhà nước.", "Nguồn xã hội hóa và các nguồn hợp pháp khác."], False),
])
def test_funding_section_holds_tasks_when_its_items_give_work(section: str, items: list[str], kept: bool):
    text = "\n".join(["Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau.", "II. NHIỆM VỤ", "1. Sở Y tế tổ chức tập huấn.",
                      section] + [f"{k}. {item}" for k, item in enumerate(items, 1)])
    got = [t for *_, t in tree(text)]
    assert (len(got) == 3 + len(items)) is kept
    assert got[:2] == ["NHIỆM VỤ", "Sở Y tế tổ chức tập huấn."]


def test_an_item_inside_a_task_section_keeps_its_number_whatever_it_says():
    text = """Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau.
IV. KHEN THƯỞNG
1. Cấp tỉnh
a) Chủ tịch Ủy ban nhân dân tỉnh tặng Bằng khen cho các tập thể có thành tích xuất sắc.
b) Kinh phí khen thưởng: từ nguồn ngân sách tỉnh.
2. Cấp xã
a) Ủy ban nhân dân cấp xã khen thưởng theo thẩm quyền.
b) Mục tiêu khen thưởng: động viên kịp thời."""
    assert [m for _, _, m, _ in tree(text)] == ["IV.", "1.", "a)", "b)", "2.", "a)", "b)"]


# --- task cards --------------------------------------------------------------------------------------

def _card_tree(text: str):
    nodes = segment(text, (0, len(text)))
    return nodes, [(n.id, n.parent.id if n.parent else None, n.marker, text[n.text_start:n.end].split("\n")[0][:20])
                   for n in nodes]


def test_task_card_labels_are_fields_of_the_activity():
    text = """III. NỘI DUNG HOẠT ĐỘNG
1. Tuyên truyền về phòng, chống dịch bệnh
a) Hoạt động 1
- Nội dung: Tổ chức hội nghị tập huấn cho cán bộ y tế cơ sở.
- Cơ quan thực hiện: Sở Y tế chủ trì, phối hợp với Sở Tài chính.
- Thời gian thực hiện: Trong tháng 12/2025.
b) Hoạt động 2
- Nội dung:
+ In ấn tờ rơi.
+ Phát sóng phóng sự trên truyền hình.
- Đơn vị chủ trì: Đài Phát thanh và Truyền hình tỉnh.
- Đơn vị phối hợp:
+ Sở Văn hóa, Thể thao và Du lịch;
+ Ủy ban nhân dân các xã.
- Địa điểm: các xã vùng sâu."""
    nodes, got = _card_tree(text)
    assert [(i, p, m) for i, p, m, _ in got] == [
        ("d1", None, "III."), ("d1.1", "d1", "1."), ("d1.1.1", "d1.1", "a)"), ("d1.1.1.1", "d1.1.1", "-"),
        ("d1.1.2", "d1.1", "b)"), ("d1.1.2.1", "d1.1.2", "-"), ("d1.1.2.1.1", "d1.1.2.1", "+"),
        ("d1.1.2.1.2", "d1.1.2.1", "+"),
    ]
    by_id = {n.id: n for n in nodes}
    first = by_id["d1.1.1"]
    assert [(r, text[v:b]) for r, _, v, b in first.fields] == [
        ("lead", "Sở Y tế chủ trì, phối hợp với Sở Tài chính."), ("time", "Trong tháng 12/2025.")]
    second = by_id["d1.1.2"]
    assert [r for r, *_ in second.fields] == ["lead", "cooperate", "other"]
    role, label, value, end = second.fields[1]
    assert text[label:value] == "- Đơn vị phối hợp:\n"
    assert text[value:end] == "+ Sở Văn hóa, Thể thao và Du lịch;\n+ Ủy ban nhân dân các xã."
    # the fields are the activity's own text: no child holds them
    own = " ".join(text[a:b] for a, b in second.own(text))
    assert "Đài Phát thanh" in own and "In ấn" not in own


def test_task_card_under_a_numbered_task_without_the_word_activity():
    text = """Ủy ban nhân dân tỉnh giao nhiệm vụ cụ thể như sau:
1. Rà soát văn bản quy phạm pháp luật về đất đai.
- Cơ quan chủ trì: Sở Tư pháp.
- Cơ quan phối hợp: Các sở, ngành có liên quan.
- Thời hạn hoàn thành: Quý I năm 2026.
2. Tổ chức hội nghị phổ biến Luật Đất đai.
- Cơ quan trực tiếp thực hiện: Sở Nông nghiệp và Môi trường."""
    nodes, got = _card_tree(text)
    assert [m for _, _, m, _ in got] == ["1.", "2."]
    assert [r for r, *_ in nodes[0].fields] == ["lead", "cooperate", "time"]
    assert [r for r, *_ in nodes[1].fields] == ["lead"]


def test_labelled_bullets_without_a_unit_label_stay_directives():
    # a meeting's time and place, or a report's contents, are not a task card
    text = """Sở Y tế yêu cầu các đơn vị chuẩn bị hội nghị như sau:
1. Tổ chức hội nghị sơ kết công tác y tế dự phòng.
- Thời gian: 08 giờ ngày 15/12/2025.
- Địa điểm: Hội trường Sở Y tế.
- Nội dung: Đánh giá kết quả 6 tháng đầu năm."""
    _, got = _card_tree(text)
    assert [m for _, _, m, _ in got] == ["1.", "-", "-", "-"]


# --- lists that are not directives, closing paragraphs -------------------------------------------------

@pytest.mark.parametrize("lead", [
    "Sở Tài chính gửi kèm bộ tài liệu hướng dẫn gồm:",
    "Kèm theo Công văn này là các biểu mẫu sau:",
    "Bộ Y tế đính kèm các tài liệu tham khảo:",
])
def test_a_list_of_enclosures_is_not_directives(lead: str):
    text = f"""Bộ Y tế đề nghị Sở Y tế các tỉnh chỉ đạo:
1. Phổ biến tài liệu đến các cơ sở khám bệnh, chữa bệnh.
2. Báo cáo kết quả trước ngày 30/12/2025.
{lead}
- Sổ tay hướng dẫn nghiệp vụ;
- Biểu mẫu báo cáo.
Trân trọng./."""
    nodes = segment(text, (0, len(text)))
    assert [n.marker for n in nodes] == ["1.", "2."]
    assert text[nodes[-1].text_start:nodes[-1].end] == "Báo cáo kết quả trước ngày 30/12/2025."


@pytest.mark.parametrize("closing", [
    "Trên đây là Kế hoạch triển khai công tác chuyển đổi số năm 2026 của Ủy ban nhân dân tỉnh.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về Sở Nội vụ để tổng hợp.",
    "Trên đây là Kế hoạch của UBND tỉnh.\nTrong quá trình triển khai, nếu có vướng mắc, các đơn vị báo cáo về Sở Khoa học và Công nghệ./.",
    # the closing order to carry out the whole document
    "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện Công điện này./.",
    "Đề nghị các sở, ngành, địa phương nghiêm túc thực hiện./.",
    "Giám đốc các sở, Chủ tịch UBND các xã, phường nghiêm túc thực hiện Chỉ thị này./.",
])
def test_closing_paragraphs_stay_off_the_last_item(closing: str):
    text = f"""II. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ chủ trì triển khai Kế hoạch.
2. Các sở, ngành bố trí nhân lực thực hiện.
{closing}"""
    nodes = segment(text, (0, len(text)))
    assert text[nodes[-1].text_start:nodes[-1].end] == "Các sở, ngành bố trí nhân lực thực hiện."


def test_what_a_bare_article_publishes_with_it_stays_under_the_article():
    text = """Điều 1.
Công bố kèm theo Quyết định này danh mục thủ tục hành chính mới ban hành, cụ thể:
- Thủ tục cấp giấy phép xuất bản bản tin.
- Thủ tục cấp giấy phép hoạt động in.
Điều 2. Sở Văn hóa, Thể thao và Du lịch tổ chức niêm yết, công khai các thủ tục."""
    assert [(i, p, m) for i, p, m, _ in tree(text)] == [
        ("d1", None, "Điều 1."), ("d1.1", "d1", "-"), ("d1.2", "d1", "-"), ("d2", None, "Điều 2.")]


def test_task_card_under_an_activity_numbered_in_words():
    text = """III. NỘI DUNG HOẠT ĐỘNG
1. Truyền thông về bình đẳng giới
Hoạt động 1: Tổ chức lễ phát động Tháng hành động.
- Cơ quan thực hiện: Sở Nội vụ chủ trì.
- Thời gian thực hiện: Trước ngày 20/11/2025.
Hoạt động 2: Phát sóng phóng sự trên truyền hình.
- Nội dung: Xây dựng 04 phóng sự.
- Đơn vị chủ trì: Đài Phát thanh và Truyền hình tỉnh.
- Đơn vị phối hợp: Sở Văn hóa và Thể thao."""
    nodes, got = _card_tree(text)
    assert [(i, p, m) for i, p, m, _ in got] == [
        ("d1", None, "III."), ("d1.1", "d1", "1."), ("d1.1.1", "d1.1", "Hoạt động 1:"), ("d1.1.2", "d1.1", "Hoạt động 2:"),
        ("d1.1.2.1", "d1.1.2", "-")]
    assert [r for r, *_ in nodes[2].fields] == ["lead", "time"]
    assert [r for r, *_ in nodes[3].fields] == ["lead", "cooperate"]


def test_task_card_with_lettered_labels():
    text = """Ủy ban nhân dân tỉnh giao nhiệm vụ cụ thể như sau:
1. Xây dựng cơ sở dữ liệu đất đai
a) Nhiệm vụ: Số hóa hồ sơ địa chính của các xã.
b) Cơ quan thực hiện: Sở Nông nghiệp và Môi trường.
c) Thời gian thực hiện: Trước ngày 31/12/2026.
2. Tổ chức hội nghị sơ kết."""
    nodes, got = _card_tree(text)
    assert [(i, p, m) for i, p, m, _ in got] == [("d1", None, "1."), ("d1.1", "d1", "a)"), ("d2", None, "2.")]
    assert [r for r, *_ in nodes[0].fields] == ["lead", "time"]


@pytest.mark.parametrize("sentence", [
    "Theo đề nghị của Sở Y tế, UBND tỉnh chỉ đạo như sau:",
    "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12, xét ý kiến của các sở, Chủ tịch quyết định:",
    "THEO ĐỀ NGHỊ CỦA SỞ TÀI CHÍNH, theo  chỉ\tđạo của Tỉnh ủy và theo ý kiến của Ban Thường vụ:",
    "Theo dõi đề nghị của xã; theodề nghị của huyện, các đơn vị theo đề nghị củaSở thực hiện:",
    "Xét đề nghị của İnh, theo đề nghị của ſở:",
])
def test_request_phrases_are_left_out_as_the_pattern_replaces_them(sentence: str):
    """A lead-in's request phrases are cut where the pattern finds them, as its replacement over the text does."""
    from vnnotice.segment import _AT_REQUEST, _last_sentence, _lead_in_sentence

    t = _last_sentence(sentence.rstrip(" *"))
    assert _lead_in_sentence(sentence) == _AT_REQUEST.sub(" ", t)


def _card_labels() -> list[str]:
    """Label texts made from every word of the task-card vocabulary, as written and in other cases."""
    from vnnotice.segment import _CARD

    heads = [f"{h}{space}{role}" for h in _CARD["unit_heads"] for role in _CARD["lead"] + _CARD["cooperate"]
             for space in (" ", "\n", "\u00a0")]
    words = heads + _CARD["time"] + [w + " thực hiện" for w in _CARD["time"]] + _CARD["other"] + _CARD["content"]
    return [t + tail for w in words for t in (w, w.lower(), w.upper(), w.capitalize()) for tail in (": Sở", "  :  x", ":")]


def test_task_card_labels_open_with_a_first_word_of_the_vocabulary():
    """Every label the pattern reads opens with one of the first words the cheap test looks for."""
    from vnnotice.segment import _CARD_LABEL, _CARD_OPENERS

    labels = _card_labels()
    matched = [t for t in labels if _CARD_LABEL.match(t)]
    assert len(matched) >= len(labels) // 8  # the test reads labels the pattern takes
    assert all(t.startswith(_CARD_OPENERS) for t in matched)


@pytest.mark.parametrize("para", ["15/12/2026 là hạn cuối nộp hồ sơ.", "1/2 số xã đã hoàn thành.", "3/ của tổng số"])
def test_a_date_or_a_fraction_is_no_slash_marker(para: str):
    assert leading_marker(para) is None


def test_slash_markers_make_a_tree():
    text = ("Chủ tịch UBND xã kết luận như sau:\n1/ Công an xã:\na/ Tăng cường tuần tra dịp cuối năm.\n"
            "b/ Phối hợp với Ban Chỉ huy Quân sự xã kiểm tra.\n2/ Trường Tiểu học Tân An kiểm tra bếp ăn.")
    nodes = segment(text, (0, len(text)))
    assert [(n.id, n.marker) for n in nodes] == [("d1", "1/"), ("d1.1", "a/"), ("d1.2", "b/"), ("d2", "2/")]


def test_a_long_section_of_nested_items_ends_each_item_where_the_next_outside_it_starts():
    lines = ["III. TỔ CHỨC THỰC HIỆN"]
    for k in range(1, 61):
        lines += [f"{k % 99 or 99}. Sở ngành thứ {k} chủ trì thực hiện nhiệm vụ:",
                  "a) Rà soát hồ sơ của đơn vị;", "- Báo cáo kết quả hằng tháng;", "b) Kiểm tra việc thực hiện."]
    lines.append("IV. KINH PHÍ THỰC HIỆN CÁC NHIỆM VỤ")
    text = "\n".join(lines)
    nodes = segment(text, (0, len(text)))
    section = nodes[0]
    assert section.marker == "III." and len(section.children) == 60
    starts = {n.start: n for n in nodes}
    for item in section.children:
        a, dash, b = item.children[0], item.children[0].children[0], item.children[1]
        assert [c.marker for c in item.children] == ["a)", "b)"]
        assert text[a.start:a.end] == "a) Rà soát hồ sơ của đơn vị;\n- Báo cáo kết quả hằng tháng;"
        assert text[dash.start:dash.end] == "- Báo cáo kết quả hằng tháng;"
        assert text[b.start:b.end] == "b) Kiểm tra việc thực hiện."
        assert text[item.end + 1:].startswith(("IV.",) + tuple(f"{k}. " for k in range(1, 100)))
        assert starts[item.start] is item
    assert text[section.end + 1:].startswith("IV.")


@pytest.mark.parametrize("sentence", [
    "Phó Chủ tịch UBND tỉnh KẾT LUẬN như sau:",
    "Đồng chí Giám đốc Sở chỉ đạo:",
    "Căn cứ Chỉ thị số 05/CT-TTg, Ủy ban nhân dân tỉnh yêu cầu các sở, ngành:",
    "Thực hiện chỉ thị 12 của Tỉnh ủy, các cơ quan:",
    "Hội nghị thống nhất một số nội dung sau đây:",
    "Các đơn vị có ý kiến về dự thảo:",
    "UBND TỈNH GİAO CÁC SỞ:",  # a capital dotted I: the engine folds it to 'i', lower() does not
    "Ban chỉ đạo giao nhiệm vụ cụ thể:",
    "Kết quả đạt được trong năm qua:",
    "Sở Tài chính gửi kèm theo các tài liệu gồm:",
    "Văn phòng thông báo để các cơ quan biết, thực hiện./.",
])
def test_word_searches_find_what_the_case_blind_patterns_find(sentence):
    from vnnotice import segment as sg

    for text in (sentence, sentence.upper(), sentence.lower(), sentence.replace("s", "ſ")):
        for pattern, words in ((sg._ORDERING, sg._ORDERING_WORDS), (sg._CONCLUDES, sg._CONCLUDING_WORDS),
                               (sg._ENCLOSURE, sg._ENCLOSURE_WORDS), (sg._CLOSING, sg._CLOSING_WORDS)):
            assert sg._search_words(pattern, text, words) == (pattern.search(text) is not None), (text, pattern)


_SENTENCE_BITS = st.sampled_from(["Sở Y tế", " ", "  ", "\t", "\u00a0", "\n", ".", ";", "TP.", "ngày 12.3", "Ủy ban", "các xã",
                                  ":", "Đ", "đ", "1", "”", "như sau"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_SENTENCE_BITS, max_size=40))
def test_last_sentence_as_the_split_gives_it(bits: list[str]):
    from vnnotice.segment import _SENTENCES, _last_sentence

    text = "".join(bits)
    assert _last_sentence(text) == _SENTENCES.split(text)[-1]


@pytest.mark.parametrize("text,last", [
    ("Căn cứ Kế hoạch số 12. Sở Y tế báo cáo như sau:", "Sở Y tế báo cáo như sau:"),
    ("Theo đề nghị của TP. Hà Nội; UBND tỉnh kết luận như sau:", "UBND tỉnh kết luận như sau:"),
    ("Ngày 12.3 các xã họp; Cuối cùng là. kết luận:", "Cuối cùng là. kết luận:"),
    ("a. b. c. d. e. f. g. h. i. j. k. Ủy ban kết luận. x. y. z. w. v. u. t. s. r. q:", "Ủy ban kết luận. x. y. z. w. v. u. t. s. r. q:"),
    ("Không có dấu chấm nào:", "Không có dấu chấm nào:"),
])
def test_last_sentence_of_a_lead_in(text: str, last: str):
    from vnnotice.segment import _last_sentence

    assert _last_sentence(text) == last
