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
    ("II. NHIỆM VỤ VÀ GIẢI PHÁP", "roman", "II.", "II"),
    ("IV) Tổ chức thực hiện", "roman", "IV)", "IV"),
    ("A. PHẦN CHUNG", "upper_letter", "A.", "A"),
    ("1.2. Sở Y tế chủ trì", "arabic_deep", "1.2.", "1.2"),
    ("2.1.3 Sở Tài chính bố trí", "arabic_deep", "2.1.3", "2.1.3"),
    ("3. Sở Y tế chủ trì", "arabic", "3.", "3"),
    ("12.Sở Nội vụ thẩm định", "arabic", "12.", "12"),
    ("3) Sở Xây dựng kiểm tra", "arabic_paren", "3)", "3"),
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
    assert found[0] == kind
    assert found[1].group("m").strip() == marker
    assert found[1].groupdict().get("n") == number


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
    assert (found and (found[0], found[1].group())) == (_every_pattern(text) or None) or (found is None and _every_pattern(text) is None)


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
