"""The kind stage: is the text an administrative document? (vnnotice.kind, data/kind.toml)"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnnotice import extract
from vnnotice import kind as K
from vnnotice.clean import clean
from vnnotice.data import load_toml
from vnnotice.layout import find_layout
from vnnotice.records import Kind, Notice

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def signals(text: str) -> list[str]:
    """Names of the signals found in ``text`` (cleaned as plain text)."""
    t = clean(text).text
    return [s.name for s in K.find_signals(t, find_layout(t))]


def verdict(text: str, name: str = "x.txt") -> Notice:
    return extract(text, name=name)


# -- texts that are not administrative documents ------------------------------------

NEWS = """Thủ tướng chỉ đạo ứng phó đợt mưa lớn ở các tỉnh Bắc Trung Bộ
(Baochinhphu.vn) - Thủ tướng Chính phủ vừa ký ban hành Công điện số 88/CĐ-TTg ngày 14/10/2026 về việc tập trung ứng phó mưa lớn, lũ quét và sạt lở đất tại các tỉnh Bắc Trung Bộ.
Ông Nguyễn Văn Hưởng, Trưởng phòng Dự báo thời tiết, cho biết: từ đêm 14 đến hết ngày 17/10, khu vực từ Thanh Hóa đến Hà Tĩnh có mưa to đến rất to, lượng mưa phổ biến 200-350 mm.
Công điện nêu rõ, để chủ động ứng phó, bảo đảm an toàn tính mạng của người dân, Thủ tướng yêu cầu:
1. Chủ tịch Ủy ban nhân dân các tỉnh Thanh Hóa, Nghệ An, Hà Tĩnh chỉ đạo sơ tán người dân khỏi khu vực nguy hiểm.
2. Bộ Nông nghiệp và Môi trường chủ trì theo dõi sát diễn biến mưa lũ, cảnh báo kịp thời cho các địa phương.
3. Bộ Quốc phòng chỉ đạo các đơn vị đóng trên địa bàn sẵn sàng lực lượng, phương tiện cứu hộ.
Trước đó, chiều 13/10, Phó Thủ tướng đã chủ trì cuộc họp trực tuyến với các địa phương về công tác ứng phó.
Ảnh: Lực lượng cứu hộ hỗ trợ người dân di chuyển đến nơi an toàn.
"""

ENCYCLOPEDIA = """Hồ Kẻ Gỗ
Hồ Kẻ Gỗ là một hồ chứa nước nhân tạo thuộc địa phận tỉnh Hà Tĩnh, được xây dựng từ năm 1976 và hoàn thành năm 1983.
Lịch sử
[sửa | sửa mã nguồn]Công trình được khởi công với sự tham gia của hàng vạn thanh niên xung phong và dân công các huyện trong tỉnh.
Đặc điểm
[sửa | sửa mã nguồn]Hồ có dung tích khoảng 345 triệu mét khối, cung cấp nước tưới cho khoảng 21.000 ha đất canh tác.
1. Đập chính dài 950 m, cao 37 m.
2. Đập phụ gồm 4 đập đất nằm ở phía đông của hồ.
3. Tràn xả lũ có 3 cửa van cung.
Tham khảo
"""

QA_PAGE = """Ủy ban nhân dân cấp xã có phải niêm yết công khai danh sách hộ nghèo không?
Nội dung chính
Ủy ban nhân dân cấp xã có phải niêm yết công khai danh sách hộ nghèo không?
Căn cứ khoản 3 Điều 4 Quyết định 24/2021/QĐ-TTg quy định về trình tự rà soát hộ nghèo như sau:
a) Ủy ban nhân dân cấp xã chủ trì tổ chức họp dân để thống nhất kết quả rà soát;
b) Ủy ban nhân dân cấp xã niêm yết công khai danh sách tại trụ sở và nhà văn hóa thôn trong 03 ngày làm việc;
c) Trưởng thôn phối hợp với cán bộ giảm nghèo tổng hợp ý kiến của người dân.
Như vậy, danh sách hộ nghèo phải được niêm yết công khai tại trụ sở Ủy ban nhân dân cấp xã.
Quý khách cần hỏi thêm thông tin về có thể đặt câu hỏi tại đây.
"""

FORUM = """Kinh nghiệm làm thủ tục đăng ký tạm trú online cho sinh viên
Mình vừa làm xong thủ tục tạm trú cho phòng trọ, chia sẻ lại các bước cho mọi người tham khảo:
1. Bạn cần đăng nhập Cổng dịch vụ công quốc gia bằng tài khoản định danh mức 2.
2. Bạn chọn mục Đăng ký tạm trú, điền địa chỉ phòng trọ và thông tin chủ nhà.
3. Bạn nên chụp hợp đồng thuê nhà rõ nét rồi tải lên, nếu mờ Công an phường sẽ trả hồ sơ.
4. Sau khoảng 3 ngày làm việc bạn sẽ nhận được tin nhắn kết quả.
Chúc mọi người làm thủ tục thuận lợi!
"""


@pytest.mark.parametrize("text", [NEWS, ENCYCLOPEDIA, QA_PAGE, FORUM], ids=["news", "encyclopedia", "qa", "forum"])
def test_web_texts_are_not_administrative_documents(text: str) -> None:
    n = verdict(text)
    assert n.kind.verdict == "not_administrative", n.kind
    assert n.doc_type is None and n.number is None and n.issuer is None and n.signature is None
    assert not n.directives and not n.units and not n.deadlines
    assert any(w.startswith("not an administrative document") for w in n.warnings), n.warnings
    assert not any(w == "no signature block found" for w in n.warnings)
    assert n.kind.score < n.kind.threshold


def test_a_web_text_keeps_its_citations() -> None:
    n = verdict(QA_PAGE)
    assert [c.surface for c in n.citations] and all(c.directives == [] for c in n.citations)
    assert any("24/2021/QĐ-TTg" in c.surface for c in n.citations)


def test_the_reason_names_the_web_marks() -> None:
    k = verdict(QA_PAGE).kind
    assert {"question_title", "title_repeated", "qa_page"} <= {s.name for s in k.signals}
    assert "question_title" in k.reason and "not an administrative document" in k.reason
    assert k.score == round(sum(s.weight for s in k.signals), 2)


# -- administrative documents, also with the header lost -------------------------------

FULL = """ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 215/TB-UBND
Quảng Trị, ngày 02 tháng 4 năm 2026

THÔNG BÁO
Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về công tác phòng, chống hạn hán

Ngày 30/3/2026, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp về công tác phòng, chống hạn hán vụ Hè Thu. Phó Chủ tịch kết luận như sau:
1. Sở Nông nghiệp và Môi trường chủ trì, phối hợp với các địa phương rà soát diện tích có nguy cơ thiếu nước, báo cáo UBND tỉnh trước ngày 15/4/2026.
2. Công ty TNHH MTV Khai thác công trình thủy lợi tỉnh vận hành hợp lý các hồ chứa.
UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT.
TL. CHỦ TỊCH
KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG

Lê Văn Tâm
"""

# a letter copied from its first addressee line on: no header, no signature
KINH_GUI = """Kính gửi:
- Sở Giáo dục và Đào tạo;
- Ủy ban nhân dân các xã, phường.
Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về bảo đảm an toàn cho học sinh trong mùa mưa bão, Sở Xây dựng đề nghị các cơ quan, đơn vị quan tâm thực hiện một số nội dung sau:
- Kiểm tra hệ thống điện, mái tôn và cây xanh trong khuôn viên các trường học trước ngày 20/9/2026, kịp thời chặt tỉa cành cây có nguy cơ gãy đổ.
- Bố trí lực lượng hướng dẫn học sinh qua các ngầm tràn khi có mưa lớn.
"""

# a reprint of the body alone: numbered tasks given to units, nothing else of the form
BODY_ONLY = """Để chủ động phòng, chống dịch sốt xuất huyết trong mùa mưa, yêu cầu các cơ quan, đơn vị triển khai các nội dung sau:
1. Sở Y tế chủ trì, phối hợp với Ủy ban nhân dân các xã tổ chức chiến dịch diệt lăng quăng tại các khu dân cư.
2. Trung tâm Kiểm soát bệnh tật tỉnh giám sát chặt chẽ các ổ dịch, báo cáo Sở Y tế kết quả hằng tuần.
3. Giao Sở Giáo dục và Đào tạo hướng dẫn các trường học tổng vệ sinh môi trường trước ngày 30/6/2026.
"""

# another crawl of a portal: the header table flattened onto one line
FLATTENED = """QUỐC HỘI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc |
Số: 12/NQ-UBTVQH16 | Hà Nội, ngày 10 tháng 6 năm 2026 |
NGHỊ QUYẾT
Về kế hoạch giám sát chuyên đề năm 2027
1. Hội đồng Dân tộc chủ trì, phối hợp với các Ủy ban của Quốc hội xây dựng kế hoạch giám sát, trình Ủy ban Thường vụ Quốc hội trước ngày 30/9/2026.
2. Văn phòng Quốc hội bảo đảm điều kiện phục vụ hoạt động giám sát.
TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI
CHỦ TỊCH
Trần Văn Hùng
"""

# text as a PDF extraction gives it: hard wraps, a blank line between lines, a page number
PDF_LIKE = """UBND TỈNH BẮC GIANG

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

SỞ Y TẾ

Độc lập - Tự do - Hạnh phúc

Số: 1520/SYT-NVY

Bắc Giang, ngày 11 tháng 8 năm 2026

V/v tăng cường phòng, chống bệnh tay chân

miệng trong trường học

Kính gửi: Giám đốc các Trung tâm Y tế huyện, thành phố.

Trước tình hình số ca mắc bệnh tay chân miệng tăng trong tháng 7, Sở Y

tế đề nghị các đơn vị triển khai ngay một số nội dung sau:

1. Trung tâm Y tế các huyện chủ trì, phối hợp với Phòng Giáo dục rà soát

các trường mầm non có ca mắc.

2

2. Báo cáo kết quả về Sở Y tế trước ngày 25/8/2026.

Nơi nhận:

- Như trên;

- Lưu: VT, NVY.

KT. GIÁM ĐỐC

PHÓ GIÁM ĐỐC

Hoàng Thị Lan
"""


@pytest.mark.parametrize("text", [FULL, KINH_GUI, BODY_ONLY, FLATTENED, PDF_LIKE],
                         ids=["full", "kinh_gui", "body_only", "flattened", "pdf_like"])
def test_administrative_documents_are_read_with_or_without_their_header(text: str) -> None:
    n = verdict(text)
    assert n.kind.verdict == "administrative", n.kind
    assert n.kind.score >= n.kind.threshold
    assert n.directives or n.units, n
    assert not any(w.startswith("not an administrative document") for w in n.warnings)


def test_the_header_lost_cases_are_read_for_the_right_reasons() -> None:
    assert {"addressees", "lead_in"} <= set(signals(KINH_GUI))
    assert signals(BODY_ONLY).count("tasks") == 2
    assert {"motto", "slogan", "number", "place_date", "authority"} <= set(signals(FLATTENED))
    assert {"motto", "slogan", "number", "place_date", "subject_line", "addressees", "recipients",
            "authority"} <= set(signals(PDF_LIKE))


def test_the_record_has_the_decision_and_its_spans() -> None:
    n = verdict(FULL)
    k = n.kind
    assert isinstance(k, Kind) and k.verdict == "administrative" and k.threshold == K.THRESHOLD
    assert "motto" in k.reason and "recipients" in k.reason
    for s in k.signals:
        a, b = s.span
        assert 0 <= a < b <= len(n.text) and n.text[a:b] == n.text[a:b].strip(), s
    motto = next(s for s in k.signals if s.name == "motto")
    assert n.text[motto.span[0]:motto.span[1]] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    back = Notice.model_validate_json(n.model_dump_json())
    assert back.kind == k


def test_an_empty_text_is_no_document() -> None:
    n = verdict("   \n")
    assert n.kind.verdict == "not_administrative" and n.kind.signals == []


# -- each signal of kind.toml: one text it finds, one it must not find ----------------------

EXAMPLES: dict[str, tuple[str, str]] = {
    "motto": ("BỘ Y TẾ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "Cộng hòa xã hội chủ nghĩa Việt Nam là một quốc gia.\n"),
    "slogan": ("Độc lập – Tự do – Hạnh phúc\n", "Độc lập và tự do là khát vọng của dân tộc.\n"),
    "number": ("Số: 47/KH-UBND\n", "Số người tham dự là 47/50 đại biểu.\n"),
    "place_date": ("Đà Nẵng, ngày 05 tháng 3 năm 2026\n", "Đà Nẵng, ngày 05 tháng 3 năm 2026, trời có mưa rào.\n"),
    "type_line": ("KẾ HOẠCH\n", "Kế hoạch năm nay được giao sớm.\n"),
    "issuer_line": ("SỞ TÀI CHÍNH\n", "Sở Tài chính là cơ quan chuyên môn.\n"),
    "subject_line": ("V/v góp ý dự thảo quy chế\n", "Mọi việc v.v. đều ổn.\n"),
    "addressees": ("Kính gửi: Ủy ban nhân dân các huyện\n", "Tôi kính gửi lời chào tới mọi người.\n"),
    "preamble": ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n",
                 "Căn cứ khoản 2 Điều 5 Luật Đất đai quy định như sau:\n"),
    "recipients": ("Nơi nhận:\n- Như trên;\n", "Nơi nhận hồ sơ là bộ phận một cửa.\n"),
    "authority": ("KT. GIÁM ĐỐC\n", "Ông KT. nói rằng giám đốc đi vắng.\n"),
    "signer": ("Sở Y tế thông báo để các đơn vị thực hiện.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\n"
               "PHÓ GIÁM ĐỐC\nNguyễn Văn An\n", "Giám đốc Nguyễn Văn An phát biểu.\n"),
    "end_mark": ("Sở Y tế thông báo để các đơn vị biết, thực hiện./.\n", "Tỷ lệ đạt 3./4 so với kế hoạch.\n"),
    "tasks": ("1. Sở Công Thương chủ trì, phối hợp với các đơn vị kiểm tra thị trường.\n",
              "1. Sở Công Thương là cơ quan chuyên môn của tỉnh.\n"),
    "lead_in": ("Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:\n", "Hồ sơ gồm các giấy tờ sau:\n"),
    "self_reference": ("Kế hoạch này được triển khai trong toàn tỉnh.\n", "Kế hoạch năm sau sẽ được xây dựng.\n"),
    "closing_article": ("Điều 3. Tổ chức thực hiện\n", "Điều 3. Phạm vi điều chỉnh\n"),
    "question_title": ("Có được nghỉ phép năm khi đang thử việc không?\n", "Nghỉ phép năm khi đang thử việc\n"),
    "title_repeated": ("Mức lương cơ sở năm 2026 là bao nhiêu?\n\nMức lương cơ sở năm 2026 là bao nhiêu?\n\n"
                       "Theo quy định hiện hành, mức lương cơ sở được điều chỉnh từ ngày 01/7.\n",
                       "Mức lương cơ sở năm 2026 là bao nhiêu?\n\nMức lương tối thiểu vùng năm 2026 là bao nhiêu?\n\n"
                       "Theo quy định hiện hành, mức lương cơ sở được điều chỉnh từ ngày 01/7.\n"),
    "qa_page": ("Nội dung chính\n", "Nội dung chính của kế hoạch gồm ba phần.\n"),
    "wiki": ("Lịch sử\n[sửa | sửa mã nguồn]Làng được lập từ thế kỷ 15.\n", "Tham khảo ý kiến các sở, ngành.\n"),
    "news": ("Giá vàng tăng mạnh Thứ Hai, 02/3/2026 (Vnexpress.net) - Giá vàng hôm nay tăng mạnh.\n", "Nguồn vốn được bố trí từ ngân sách tỉnh (xem tại sotc.gov.vn).\n"),
    "issuance_lead": ("Bộ Tài chính vừa ban hành Thông tư 55/2026/TT-BTC hướng dẫn quản lý phí.\n",
                      "Bộ Tài chính ban hành Thông tư hướng dẫn quản lý phí.\n"),
    "second_person": ("Bạn cần mang theo căn cước khi làm thủ tục.\n", "Các bạn trẻ tham gia hiến máu đông đủ.\n"),
}


def test_every_signal_has_examples() -> None:
    assert set(EXAMPLES) == {s.name for s in K.SIGNALS}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_signal_finds_its_example_and_not_the_near_miss(name: str) -> None:
    found, near_miss = EXAMPLES[name]
    assert name in signals(found), (name, found)
    assert name not in signals(near_miss), (name, near_miss)


def test_a_signal_counts_up_to_its_cap() -> None:
    cap = next(s.cap for s in K.SIGNALS if s.name == "tasks")
    items = "".join(f"{k}. Sở Nội vụ chủ trì, phối hợp với các đơn vị rà soát hồ sơ.\n" for k in range(1, cap + 3))
    assert signals(items).count("tasks") == cap


# the word lists of the 'tasks' and 'lead_in' signals: every entry makes an item count
@pytest.mark.parametrize("head", load_toml("kind.toml")["unit_heads"])
def test_each_unit_head_opens_a_task(head: str) -> None:
    assert "tasks" in signals(f"2. {head} tỉnh Lào Cai chủ trì thực hiện nhiệm vụ.\n")


@pytest.mark.parametrize("verb", load_toml("kind.toml")["role_verbs"])
def test_each_role_verb_makes_a_task(verb: str) -> None:
    assert "tasks" in signals(f"- Sở Y tế {verb} việc tiêm chủng.\n")
    assert "tasks" not in signals(f"- Sở Y tế là nơi {verb.upper()}X việc tiêm chủng.\n")


@pytest.mark.parametrize("verb", load_toml("kind.toml")["task_verbs"])
def test_each_task_verb_gives_a_task_to_the_unit_after_it(verb: str) -> None:
    assert "tasks" in signals(f"a) {verb} Ủy ban nhân dân các xã rà soát hộ nghèo.\n")
    assert "tasks" not in signals(f"a) {verb} nhiệm vụ trọng tâm trong năm.\n")


@pytest.mark.parametrize("marker", ["3.", "4)", "2.1.", "1.2.3.", "b)", "đ.", "-", "+", "•", "(2)"])
def test_each_marker_kind_starts_an_item(marker: str) -> None:
    assert "tasks" in signals(f"{marker} Công an tỉnh chủ trì bảo đảm an ninh trật tự.\n")


def test_needles_only_skip_lines_the_pattern_would_not_match() -> None:
    texts = [FULL, KINH_GUI, BODY_ONLY, FLATTENED, PDF_LIKE, NEWS, ENCYCLOPEDIA, QA_PAGE, FORUM]
    texts += [found for found, _ in EXAMPLES.values()]
    for text in texts:
        t = clean(text).text
        lay = find_layout(t)
        where = K.regions(t, lay)
        for s in K.SIGNALS:
            if not s.needles:
                continue
            unfiltered = sum(1 for a, b in where[s.region] for _ in s.pattern.finditer(t, a, b))
            found = sum(1 for f in K.find_signals(t, lay) if f.name == s.name)
            assert found == min(unfiltered, s.cap), (s.name, text[:60])


@pytest.mark.parametrize("line", [
    "Ủy ban nhân dân tỉnh yêu cầu:", "Yêu cầu các sở, ngành:", "Sở Tài chính đề nghị các đơn vị thực hiện như sau:",
    "Đề nghị Ủy ban nhân dân các huyện:", "Chủ tịch UBND tỉnh chỉ đạo:", "Phó Chủ tịch kết luận như sau:",
    "Kết luận của Chủ tịch như sau:", "Ủy ban nhân dân tỉnh giao nhiệm vụ cụ thể như sau:",
    "Chỉ thị này nêu các việc sau đây:",
])
def test_each_lead_in_verb_is_among_the_words_its_lines_must_hold(line: str) -> None:
    s = next(s for s in K.SIGNALS if s.name == "lead_in")
    assert s.pattern.search(line) and K._holds(line, 0, len(line), s.holds), line
    assert "lead_in" in signals(f"{line}\n1. Sở Y tế rà soát hồ sơ.\n")


def test_lines_without_the_words_a_signal_holds_are_passed_over() -> None:
    s = next(s for s in K.SIGNALS if s.name == "lead_in")
    for line in ("Thành phần tham dự:", "Nội dung cụ thể như sau:", "Kính gửi:"):
        assert not K._holds(line, 0, len(line), s.holds) and s.pattern.search(line) is None, line
        assert "lead_in" not in signals(f"{line}\n1. Sở Y tế rà soát hồ sơ.\n")


def test_alternatives_searched_one_by_one_find_what_the_whole_pattern_finds() -> None:
    lines = ["Chủ tịch UBND tỉnh yêu cầu:", "Yêu cầu các sở thực hiện như sau:", "đề nghị các đơn vị triển khai sau đây: ",
             "Giao Sở Tài chính chủ trì, yêu cầu các huyện báo cáo như sau:", "Kết luận như sau: yêu cầu:",
             "Đề nghị Sở Y tế và các đơn vị liên quan phối hợp thực hiện các nội dung sau:", "Căn cứ đề nghị của Sở:",
             "Thủ tướng chỉ đạo: các bộ, ngành chỉ đạo quyết liệt, yêu cầu các địa phương thực hiện như sau:"]
    for s in K.SIGNALS:
        if not s.alternatives:
            continue
        for line in lines:
            found: list = []
            K._count_first(s, line, 0, len(line), 0, found)
            whole = [K._trim(m) for m in s.pattern.finditer(line)]
            assert [f.span for f in found] == whole, (s.name, line)


def test_the_data_file_is_well_formed() -> None:
    data = load_toml("kind.toml")
    assert data["threshold"] > 0
    assert data["common_chars"] and len(set(data["common_chars"])) == len(data["common_chars"])
    names = [e["name"] for e in data["signals"]]
    assert len(names) == len(set(names))
    for e in data["signals"]:
        assert e["region"] in ("top", "head", "body", "all", "layout") and e.get("about")
        assert ("pattern" in e) == (e["region"] != "layout")


# -- the shared corpus (skipped when it is absent) ----------------------------------------

needs_shared = pytest.mark.skipif(not (SHARED / "other").is_dir(), reason="shared corpus not present")


@needs_shared
def test_web_texts_of_the_shared_corpus_get_no_tasks() -> None:
    paths = sorted((SHARED / "other").iterdir())
    noisy = [p.name for p in paths if (n := extract(p)).directives or n.units]
    assert len(noisy) <= 0.01 * len(paths), noisy


@needs_shared
def test_documents_of_the_shared_corpus_are_recognized() -> None:
    paths = sorted((SHARED / "seeds").iterdir()) + sorted((SHARED / "dev").iterdir())
    assert all(extract(p).kind.verdict == "administrative" for p in paths)


@needs_shared
def test_archive_documents_are_recognized() -> None:
    """The archive holds a few Q&A pages of the same portal; every other text is a document."""
    paths = sorted((SHARED / "archive").iterdir())
    missed = []
    for p in paths:
        n = extract(p)
        if n.kind.verdict != "administrative":
            missed.append((p.name, [s.name for s in n.kind.signals]))
    assert all("question_title" in names for _, names in missed), missed
    assert len(missed) <= 0.02 * len(paths), missed


def test_the_gold_export_of_a_web_text_is_empty() -> None:
    from vnnotice.export import to_gold

    gold = to_gold(verdict(NEWS), "news.txt")
    assert gold["doc_type"] is None and gold["directives"] == [] and gold["assignments"] == []
    json.dumps(gold)


def test_the_spacy_pipeline_runs_the_same_decision() -> None:
    from vnnotice.pipeline import STAGE_COMPONENTS, make_nlp

    assert STAGE_COMPONENTS.index("vnnotice_kind") == STAGE_COMPONENTS.index("vnnotice_layout") + 1
    nlp = make_nlp()
    for text in (FULL, FORUM):
        assert nlp(text)._.notice.kind == extract(text).kind
    assert not nlp(FORUM).spans["vnnotice"]


def test_a_batch_counts_the_verdicts_and_tabulates_them(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from vnnotice.batch.run import run_batch
    from vnnotice.cli import app

    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, text in {"a-full.txt": FULL, "b-body.txt": BODY_ONLY, "c-news.txt": NEWS, "d-forum.txt": FORUM}.items():
        (folder / name).write_text(text, encoding="utf-8")
    summary = run_batch([str(folder)], tmp_path / "out", formats=("jsonl", "parquet"))
    assert summary.kinds == {"administrative": 2, "not_administrative": 2}
    rows = pq.read_table(tmp_path / "out" / "parquet" / "notices.parquet").to_pylist()
    assert [(Path(r["path"]).name, r["kind"]) for r in rows] == [
        ("a-full.txt", "administrative"), ("b-body.txt", "administrative"),
        ("c-news.txt", "not_administrative"), ("d-forum.txt", "not_administrative")]
    assert "motto" in rows[0]["kind_signals"] and rows[0]["kind_score"] >= K.THRESHOLD
    assert "second_person" in rows[3]["kind_signals"]
    tasks = pq.read_table(tmp_path / "out" / "parquet" / "directives.parquet").to_pylist()
    assert {Path(r["path"]).name for r in tasks} == {"a-full.txt", "b-body.txt"}
    # a second run skips every input and still counts every record of the run
    result = CliRunner().invoke(app, ["batch", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "2 administrative documents, 2 not administrative" in result.output


def test_the_http_service_returns_the_decision() -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from vnnotice.service import create_app
    from vnnotice.service.settings import Settings

    with TestClient(create_app(Settings(timeout=60))) as client:
        r = client.post("/v1/extract", json={"text": QA_PAGE})
        assert r.status_code == 200
        body = r.json()
        assert body["kind"]["verdict"] == "not_administrative" and body["directives"] == []
        assert {s["name"] for s in body["kind"]["signals"]} >= {"question_title", "qa_page"}
        r = client.post("/v1/render", json={"text": FULL})
        assert r.status_code == 200 and r.json()["summary"]["kind"] == "administrative"


OWN_OTHER = Path(__file__).resolve().parents[1] / "corpus" / "other"


@pytest.mark.parametrize("path", sorted(OWN_OTHER.glob("*.md")), ids=lambda p: p.stem)
def test_the_projects_own_web_texts_get_no_tasks(path: Path) -> None:
    n = extract(path)
    assert n.kind.verdict == "not_administrative", n.kind.reason
    assert n.doc_type is None and not n.directives and not n.units and not n.deadlines


def test_the_projects_own_web_texts_are_there() -> None:
    assert len(list(OWN_OTHER.glob("*.md"))) >= 3


REPRINTS = Path(__file__).resolve().parents[1] / "corpus" / "reprints"


def test_the_projects_reprints_are_read_and_scored() -> None:
    from vnnotice.evaluate import evaluate

    docs = sorted((REPRINTS / "docs").iterdir())
    assert docs and all(extract(p).kind.verdict == "administrative" for p in docs)
    result = evaluate(REPRINTS / "gold", REPRINTS / "docs")
    assert set(result.documents) == {p.stem for p in docs}
    assert result.score("directives") == 1.0 and result.score("tree") == 1.0, result.as_dict()


def test_the_reprints_gold_keeps_the_corpus_invariants(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_gold_checks", Path(__file__).with_name("test_corpus_gold.py"))
    checks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checks)
    monkeypatch.setattr(checks, "DOCS_DIR", REPRINTS / "docs")
    for path in sorted((REPRINTS / "gold").glob("*.json")):
        for check in (checks.test_document_and_header, checks.test_directive_tree, checks.test_citations,
                      checks.test_deadlines_and_assignments):
            check(path)


def test_last_char_is_read_only_from_patterns_whose_every_alternative_ends_the_line_with_it():
    from vnnotice.kind import _last_char

    assert _last_char(r"(?:^|\s)[Yy]êu\s+cầu\s*:\s*$|\bsau\s*:\s*$") == ":"
    assert _last_char(r"\./\.\s*$") == "."
    assert _last_char(r"\?\s*$") == "?"
    for pattern in (r"a:\s*$|b\s*$", r"[;,]\s*$", r"(?:x|y:)\s*$", r":?\s*$", r"\d\s*$", r"a:\s*", r"a|b:\s*$"):
        assert _last_char(pattern) == "", pattern


def test_lines_passed_over_by_their_last_character_hold_no_match():
    from vnnotice.kind import SIGNALS, _ends_with

    lines = ["Chủ tịch UBND tỉnh yêu cầu:", "Chủ tịch UBND tỉnh yêu cầu:  ", "đề nghị các đơn vị thực hiện như sau: ",
             "Yêu cầu: các sở báo cáo", "đề nghị các đơn vị thực hiện như sau", "Hết./.", "Có được không?"]
    for s in SIGNALS:
        if not s.last:
            continue
        for line in lines:
            if not _ends_with(line, 0, len(line), s.last):
                assert s.pattern.search(line) is None, (s.name, line)


def _walk(text: str, a: int, b: int, finders, anchored=None) -> list[tuple[int, int]]:
    """The lines of ``text[a:b]`` that ``K._next_line`` gives, one after another."""
    lines, pos = [], a
    while pos < b:
        start, end = K._next_line(text, pos, a, b, finders, anchored)
        if start < 0:
            break
        lines.append((start, end))
        pos = end
    return lines


def test_needle_lines_one_at_a_time_are_the_lines_that_hold_a_needle():
    text = ("Kính gửi: Sở Y tế\nCăn cứ Luật Tổ chức chính quyền địa phương;\nTM. ỦY BAN NHÂN DÂN\n"
            "Quyết định này có hiệu lực; KT. CHỦ TỊCH\n\nTL. GIÁM ĐỐC và Q. TRƯỞNG PHÒNG\nhết.\nA.B. TTL.\nQ.")
    cases = [(("TM.", "KT.", "TL.", "Q."), ""), (("TM.", "KT.", "TL.", "Q."), "."), (("M.", "TTL.", "B.", "L."), "."),
             (("này",), ""), (("Căn", "gửi"), ""), (("không có",), ""), ((), "")]
    for needles, anchor in cases:
        before = "".join({x[-2] for x in needles}) if anchor else ""
        finders, anchored = K._finders(needles), (K.Anchored(needles, anchor, before) if anchor else None)
        for a, b in ((0, len(text)), (5, 60), (20, len(text) - 3), (62, len(text)), (61, len(text) - 1)):
            lines = _walk(text, a, b, finders, anchored) if needles else [(a, b)] if a < b else []
            assert lines == K._lines(text, a, b, needles), (needles, anchor, a, b)


def test_a_line_start_signal_tried_at_line_starts_finds_what_a_scan_finds() -> None:
    texts = ["ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\n-------\nSố: 12/TB-UBND", "Sở Y tế\nSỞ Y TẾ\nBỘ TÀI CHÍNH -\nx SỞ NỘI VỤ",
             "x\n\nVĂN PHÒNG\nCHÍNH PHỦ\n| BỘ CÔNG AN |\nTRUNG TÂM Y TẾ HUYỆN\n", "BAN\nCHỈ ĐẠO\n"]
    for s in K.SIGNALS:
        if not s.line_start or s.needles or s.items:
            continue
        for text in texts:
            for a, b in ((0, len(text)), (3, len(text)), (0, len(text) - 4), (16, len(text))):
                for cap in (1, 5):
                    t = K.Signal(s.name, s.about, s.region, s.weight, cap, s.pattern, line_start=True)
                    found: list = []
                    K._count_line_starts(t, text, a, b, 0, found)
                    scan = [K._trim(m) for m in s.pattern.finditer(text, a, b)][:cap]
                    assert [f.span for f in found] == scan, (s.name, text, a, b, cap)


def test_an_anchor_must_end_every_needle() -> None:
    entry = {"name": "x", "region": "all", "weight": 1.0, "pattern": "TM\\.", "needles": ["TM.", "KT:"], "anchor": "."}
    with pytest.raises(ValueError, match="anchor"):
        K._signal(entry)
    with pytest.raises(ValueError, match="anchor"):
        K._signal({**entry, "needles": ["TM.", "."]})
    s = K._signal({**entry, "needles": ["TM.", "KT."]})
    assert (s.anchor, s.before) == (".", "MT")


def test_a_bounded_item_signal_finds_what_its_timed_pattern_finds() -> None:
    s = next(s for s in K.SIGNALS if s.name == "tasks")
    assert s.plain is not None and s.plain.pattern == s.pattern.pattern.pattern
    lines = ["1. Sở Tài chính chủ trì, phối hợp với Kho bạc Nhà nước tỉnh.", "b) Giao cho UBND các huyện rà soát.",
             "- Các cơ quan báo cáo kết quả trước ngày 15/5.", "2. Tăng cường kiểm tra.", "+ Đề nghị các xã thực hiện.",
             "(3) Phòng Nội vụ là nơi tiếp nhận hồ sơ và lưu trữ tài liệu của các đơn vị trên địa bàn."]
    for line in lines:
        text = "Mở đầu\n" + line + "\nKết thúc"
        a, b = 7, 7 + len(line)
        timed = s.pattern.match(text, a, b)
        plain = s.plain.match(text, a, b)
        assert (timed and timed.span()) == (plain and plain.span()), line


def test_only_an_item_signal_anchored_at_line_starts_can_be_bounded() -> None:
    entry = {"name": "x", "region": "body", "weight": 1.0, "items": True, "bounded": True, "pattern": "^(?:<markers>)\\s*Sở"}
    assert K._signal(entry).plain is not None
    for bad in ({**entry, "items": False}, {**entry, "pattern": "^1\\.|Sở"}, {k: v for k, v in entry.items() if k != "pattern"}):
        with pytest.raises(ValueError, match="bounded"):
            K._signal(bad)


def test_a_needle_is_looked_for_from_its_rarest_character() -> None:
    # the first character not among the common ones, else the one latest among them
    assert [K._rare_at(x) for x in ("Xem thêm", "Chú thích", "Nơi", "thi hành", "./.", "a")] == [0, 2, 1, 5, 1, 0]
    for needle in ("Nơi", "thi hành", " này", "V/v", "hỏi", "Xem thêm"):
        f = K.Finder(needle)
        assert f.char == needle[f.at] and (f.pattern is None) == (f.char not in K._COMMON)
        text = f"x {needle} y\n{needle}"
        assert K._next_line(text, 0, 0, len(text), (f,)) == (0, 4 + len(needle))
        assert K._next_line(text, 3, 0, len(text), (f,)) == (5 + len(needle), len(text))
        assert K._next_line(text, 3, 0, len(text) - 1, (f,)) == (-1, -1)  # the needle cut at the end is not there
    for ch in (":", "[", "Ô"):
        assert K.Finder(ch).pattern is None


def test_needles_found_from_their_rarest_character_are_on_the_lines_that_hold_them() -> None:
    import random

    rng = random.Random(20)
    pieces = ["Nơi", "nhận", "thi", " hành", "hành", " này", "này", "n", "à", "ày", " ", " ", "\n", "\n", "ạn ", "bạn",
              "Bạn", "hạn", "B", "nơi", "H", "q", "tổ", "ổ",
              "Tổ", " chức", "hỏi", "Nội dung", " chính", "TL.", "Q.", "KT", ".", "ạ"]
    for needles in [("Nơi",), ("thi hành", " này"), ("ạn ",), ("Nội dung chính", "hỏi"), ("Q.", "TL.", "à"), ("hành",),
                    ("bạn", "Bạn"), ("Nơi", "nơi", "hành", "Hành", "ành", "à"), ("Tổ", "tổ", "ổ", "Q.", "q.", "T.")]:
        finders = K._finders(needles)
        for _ in range(400):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
            a = rng.randint(0, len(text))
            b = rng.randint(a, len(text))
            lines = _walk(text, a, b, finders)
            assert lines == K._lines(text, a, b, needles), (needles, text, a, b)


def test_a_word_list_as_a_trie_matches_what_the_words_longest_first_match() -> None:
    import random

    import regex

    rng = random.Random(22)
    data = load_toml("kind.toml")
    words = data["unit_heads"] + data["task_verbs"] + ["Ban", "Ban chỉ đạo", "Ban chỉ", "B", "Bộ"]
    assert K._trie(["Sở", "Sở Y tế", "Sở Tài chính"]) == "Sở(?:\\ (?:Y\\ tế|Tài\\ chính))?"
    pieces = words + data["role_verbs"] + [" ", " ", "\n", "x", "ban", "Bộ Chỉ", "các ", "Ủy", " nhân dân", ",", "1. "]
    for context in ("(?:{w})", "(?:{w})\\b", "^(?:{w})\\b[^\\n]{{0,30}}?\\b(?:{r})\\b", "(?:{w})(?:\\s+(?:{w}))?\\s+x"):
        whole = regex.compile(context.format(w=K._alternation(words), r=K._alternation(data["role_verbs"])), regex.M)
        trie = regex.compile(context.format(w=K._trie(words), r=K._trie(data["role_verbs"])), regex.M)
        for _ in range(300):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
            assert [m.span() for m in whole.finditer(text)] == [m.span() for m in trie.finditer(text)], (context, text)


def test_alternatives_tried_by_their_opening_find_the_first_match_of_the_pattern_in_a_line() -> None:
    import random

    rng = random.Random(23)
    split = [s for s in K.SIGNALS if s.alternatives]
    assert {1, 2} <= {k for s in split for k in s.openings} and any(s.spaced is not None for s in split)
    pieces = ["Yêu cầu", "yêu cầu", " ", " ", "Đề nghị", "các đơn vị", "Sở Y tế", "như sau", ":", ": ", "x", "Kết luận",
              "giao", "\t", "sau", "|", "| ", "Số: 12/TB-UBND", "Số 3", "V/v triển khai", "Kính gửi:", "Hà Nội,", " ngày 5 tháng 3",
              " năm 2024", "Nơi nhận", "Căn cứ Luật Tổ chức chính quyền địa phương", ";", "Tham khảo", "[sửa", "THÔNG BÁO",
              "KẾT LUẬN", "Điều 3. Tổ chức thực hiện", "chịu trách nhiệm thi hành Quyết định này", "CHỦ TỊCH UBND TỈNH điện",
              "Nội dung chính", "Câu hỏi của", "Về việc", "./.", "\u2003", " |"]
    for _ in range(1500):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        if rng.random() < 0.3:  # a line whose verb is at or right after its start, ending as a lead-in does
            line = rng.choice(["", " ", "x ", "\t", "| "]) + rng.choice(["Yêu cầu", "giao", "Đề nghị"]) + line + ":"
        text = rng.choice(["", "Trước.\n", "x "]) + line
        for s in split:
            start = text.rfind("\n") + 1  # (one line: from its first place, or from a place in it)
            for a in {start, len(text) - len(line), rng.randint(start, len(text))}:
                first = [K._trim(m) for m in s.pattern.finditer(text, a, len(text))][:1]
                for count in (K._count_first, K._count_spaced) if s.spaced is not None else (K._count_first,):
                    found: list = []
                    count(s, text, a, len(text), s.cap - 1, found)
                    assert [f.span for f in found] == first, (s.name, count.__name__, text, a)


def test_a_count_takes_the_first_matches_up_to_the_cap() -> None:
    s = next(s for s in K.SIGNALS if s.name == "self_reference")
    text = "Quyết định này; Kế hoạch này và Thông báo này.\nCông văn này"
    for cap in (1, 2, 3, 5):
        for n in range(cap):
            t = K.Signal(s.name, s.about, s.region, s.weight, cap, s.pattern)
            found: list = []
            assert K._count(t, text, 3, len(text), n, found) == n + len(found)
            assert [f.span for f in found] == [K._trim(m) for m in s.pattern.finditer(text, 3, len(text))][:cap - n]


def test_a_match_found_after_its_opening_white_space_keeps_the_span_of_the_pattern() -> None:
    s = next(s for s in K.SIGNALS if s.spaced is not None)
    for line in ("x Yêu cầu:", "x\u2003Yêu cầu:", "Yêu cầu:", "\tđề nghị các đơn vị như sau: ", "x | Chỉ đạo:"):
        found: list = []
        K._count_spaced(s, line, 0, len(line), s.cap - 1, found)
        assert [f.span for f in found] == [K._trim(m) for m in s.pattern.finditer(line)][:1], line


def test_a_needle_that_ends_the_line_finds_only_the_lines_it_ends() -> None:
    import random

    rng = random.Random(24)
    pieces = [":", ":", "?", " ", "  ", "\t", "\u2003", "\n", "\n", "yêu cầu", "sau", "x", "ạ"]
    for last in (":", "?"):
        finders = K._finders((last,), last)
        assert finders[0].pattern is not None and K._finders((last,))[0].pattern is None
        for _ in range(400):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
            a = rng.randint(0, len(text))
            b = rng.randint(a, len(text))
            lines = _walk(text, a, b, finders)
            ending = [(s, e) for s, e in K._lines(text, a, b, (last,)) if K._ends_with(text, s, e, last)]
            assert lines == ending, (last, text, a, b)


def test_a_reader_addressed_among_deadlines_is_found() -> None:
    # 'hạn ' (thời hạn, gia hạn) is common in a document's body; the needle is the word 'bạn' itself
    body = "Thời hạn nộp hồ sơ là ngày 15/5.\nGia hạn thêm 10 ngày.\n"
    for line in ("Bạn cần mang theo căn cước.", "Nếu cần, bạn có thể gọi tổng đài.", "Các bạn\u00a0nên đến sớm."):
        assert "second_person" in signals(body + line + "\n"), line
    assert "second_person" not in signals(body + "Các bạn trẻ tham gia hiến máu.\n")


def test_the_stage_calls_its_patterns_with_their_time_limit() -> None:
    from vnnotice import patterns

    slow = patterns.compile(r"(?:x+x+)+y", timeout=0.01)  # backtracks for ever on x's without a y
    s = K.Signal("x", "", "all", 1.0, 1, slow)
    text = "x" * 5000
    with pytest.raises(TimeoutError):
        K._count(s, text, 0, len(text), 0, [])
    with pytest.raises(TimeoutError):
        K._count_line_starts(K.Signal("x", "", "all", 1.0, 1, slow, line_start=True), text, 0, len(text), 0, [])


def test_a_paragraph_that_may_be_an_item_is_told_as_the_slices_tell_it() -> None:
    chars = [chr(c) for c in range(0x250)] + list("•–—ĐđỦủ٣") + ["\u3000"]
    for t in ["", *chars, *(a + b for a in chars[::7] for b in chars[::5])]:
        assert K._may_be_item(t) == (t[:1] in K._ITEM_FIRST or t[1:2] in ")."), repr(t)


def test_an_item_signal_gate_passes_every_line_its_pattern_matches() -> None:
    import random

    rng = random.Random(25)
    s = next(s for s in K.SIGNALS if s.name == "tasks")
    assert s.gate is not None
    data = load_toml("kind.toml")
    pieces = data["unit_heads"] + data["task_verbs"] + data["role_verbs"] + [
        "1. ", "2.1. ", "a) ", "đ. ", "- ", "+ ", "• ", "(3) ", "  ", " ", "\u2003", "\t", "cho ", "Tăng cường", "x", ",",
        "các huyện", "Bộ", "12/5/2025", "1.", "các", "ban"]
    matched = 0
    for _ in range(3000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        if rng.random() < 0.5:  # a marker, then a unit and its part, or a verb and a unit, as a task is written
            marker = rng.choice(["1. ", "2.1. ", "a) ", "đ. ", "- ", "+ ", "• ", "(3) ", "-", "1.\u2003"])
            unit, verb = rng.choice(data["unit_heads"]), rng.choice(data["task_verbs"])
            line = marker + rng.choice([unit + line + rng.choice(data["role_verbs"]), verb + " " + rng.choice(["", "cho "]) + unit + line])
        text = rng.choice(["", "Mở đầu\n"]) + line + rng.choice(["", "\nKết thúc"])
        a = text.find(line)
        if s.plain.match(text, a, a + len(line)) is not None:
            matched += 1
            assert s.gate.match(text, a, a + len(line)) is not None, line
    assert matched > 100
    for line in ("1. Tăng cường kiểm tra.", "- Rà soát hồ sơ.", "a) Các trường học rà soát.", "25/11/2025",
                 "1. Sở Y tế là cơ quan chuyên môn của tỉnh.", "- Giao nhận hồ sơ."):
        assert s.gate.match(line) is None, line


def test_only_an_item_signal_anchored_at_line_starts_can_have_a_gate() -> None:
    entry = {"name": "x", "region": "body", "weight": 1.0, "items": True, "pattern": "^(?:<markers>)\\s*Sở",
             "gate": "^(?:<markers>)"}
    assert K._signal(entry).gate is not None
    for bad in ({**entry, "items": False}, {**entry, "pattern": "^1\\.|Sở"}):
        with pytest.raises(ValueError, match="gate"):
            K._signal(bad)


def test_a_spaced_signal_tried_only_before_its_words_finds_what_a_scan_finds() -> None:
    import dataclasses
    import random

    rng = random.Random(26)
    s = next(s for s in K.SIGNALS if s.name == "lead_in")
    assert s.holds_at and s.spaced is not None
    scan = dataclasses.replace(s, holds_at=0)
    pieces = ["Yêu cầu", "yêu cầu", "Đề nghị", "đề nghị", "Chỉ đạo", "chỉ đạo", "Kết luận", "kết luận", "Chỉ thị",
              "Giao", "giao", "chỉnh", "về", "quyết", "yêu", " ", " ", "\u2003", "\t", "|", "các đơn vị", "Sở Y tế",
              "như sau", "sau đây", "sau", ":", "x", ",", "đề", "kết"]
    for _ in range(3000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        if rng.random() < 0.5:
            line += rng.choice([":", ": ", " :"])
        text = rng.choice(["", "Trước.\n", "x "]) + line
        for a in {text.rfind("\n") + 1, rng.randint(0, len(text))}:
            assert _last_spans(K._count_spaced, s, text, a) == _last_spans(K._count_spaced, scan, text, a), (text, a)


def _last_spans(count, s, text: str, a: int) -> list:
    """The spans ``count`` (a counting function of kind) adds for the signal ``s`` over ``text[a:]``, one match
    short of its cap."""
    found: list = []
    count(s, text, a, len(text), s.cap - 1, found)
    return [f.span for f in found]


def test_holds_at_needs_words_and_an_alternative_with_an_opening() -> None:
    entry = {"name": "x", "region": "body", "weight": 1.0, "needles": [":"], "holds": ["êu"], "holds_at": 2,
             "pattern": "(?:^|\\s)[Yy]êu\\s+cầu\\s*:\\s*$|(?:^|\\s)[Yy]êu\\b[^\\n:]{0,20}\\ssau\\s*:\\s*$"}
    assert K._signal(entry).holds_at == 2
    for bad in ({k: v for k, v in entry.items() if k != "holds"}, {**entry, "holds_at": -1},
                {**entry, "pattern": "[Yy]êu\\s+cầu\\s*:\\s*$|\\ssau\\s*:\\s*$"}):
        with pytest.raises(ValueError, match="holds_at"):
            K._signal(bad)


def test_a_line_start_signal_told_by_its_lines_first_two_characters_finds_what_a_scan_finds() -> None:
    import random

    rng = random.Random(27)
    pieces = ["SỞ Y TẾ", "Sở Y tế", "BỘ", "Bộ", "B", "S", "Ủ", "ỦY BAN", "UBND", "UB", "U", "BAN", "Ban", " ", "-", "|",
              "\n", "\n", "\n", "x", "TỈNH", "VĂN PHÒNG", "V", "CHÍNH PHỦ", "C", "Căn cứ"]
    s = next(s for s in K.SIGNALS if s.name == "issuer_line")
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        a = rng.choice([0, text.find("\n") + 1, rng.randint(0, len(text))])
        b = rng.choice([len(text), rng.randint(a, len(text))])
        for cap in (1, 3):
            t = K.Signal(s.name, s.about, s.region, s.weight, cap, s.pattern, line_start=True)
            found: list = []
            K._count_line_starts(t, text, a, b, 0, found)
            assert [f.span for f in found] == [K._trim(m) for m in s.pattern.finditer(text, a, b)][:cap], (text, a, b)


def test_a_number_tried_only_before_its_word_finds_what_a_scan_finds() -> None:
    import dataclasses
    import random

    rng = random.Random(28)
    s = next(s for s in K.SIGNALS if s.name == "number")
    assert s.holds_at and s.alternatives and s.spaced is None
    scan = dataclasses.replace(s, holds_at=0)
    pieces = ["Số", "Số:", "Số ", "số", "12", "/TB-UBND", "/", "-", "CT", "/TU", " ", " ", "|", "\t", "\u2003", "x", ":",
              ".", "2024", "Sốx", "QĐ", "a"]
    for _ in range(3000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        text = rng.choice(["", "Trước.\n", "x "]) + line
        for a in {text.rfind("\n") + 1, rng.randint(0, len(text))}:
            first = [K._trim(m) for m in s.pattern.finditer(text, a, len(text))][:1]
            assert _last_spans(K._count_first, s, text, a) == _last_spans(K._count_first, scan, text, a) == first, \
                (text, a)


@pytest.mark.parametrize("text", [
    "Một đoạn văn ngắn không có dấu hiệu nào.",  # no signal: the score is 0.0, a float
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/KH-UBND\nNơi nhận:\n- Như trên;\n",
    "Bạn cần mang theo giấy tờ? Bạn có thể hỏi thêm.\n[sửa]\nXem thêm\n",
])
def test_the_kind_record_built_unvalidated_is_what_validation_gives(text: str) -> None:
    t = clean(text).text
    k = K.decide(t, find_layout(t))
    assert type(k.score) is float and all(type(s.weight) is float for s in k.signals)
    assert Kind.model_validate(k.model_dump()) == k
    assert Kind.model_validate_json(k.model_dump_json()).model_dump_json() == k.model_dump_json()


def test_the_character_an_opening_alternative_starts_with_is_read_only_when_no_match_can_do_without_it() -> None:
    assert [K._first_char(x) for x in ("\\|", "\\|\\s*", "x", "\\.x", "a{1,2}")] == ["|", "|", "x", ".", "a"]
    assert [K._first_char(x) for x in ("[\\s|]", "\\s", "\\d", "a?", "a*b", "a{0,2}", "a{,2}", "(?:a)", ".", "^")] == [""] * 10
    # the place-and-date and type lines open with '(?:^|\|…)': past a line's first place, a line without '|' holds none
    assert {s.name for s in K.SIGNALS if any(s.rest_chars)} >= {"place_date", "type_line"}


def test_an_alternative_is_not_tried_at_a_line_start_it_cannot_open() -> None:
    s = next(s for s in K.SIGNALS if s.name == "type_line")
    text = "Trước.\nỦY BAN NHÂN DÂN\nTHÔNG BÁO\nTh\nT"
    for line, can in (("ỦY BAN NHÂN DÂN", False), ("THÔNG BÁO", True), ("Th", False), ("T", True)):
        a = text.index(line + "\n") if line != "T" else len(text) - 1
        assert K._can_open(s, 0, text, a, a + len(line)) is can, line
    assert K._can_open(s, 0, "ỦY BAN", 0, 6)  # (always at the text's first place)


@pytest.mark.parametrize("text", ["  Số: 12 |", "|", " \t\n", "x", "| Kính gửi:\n", "Nơi nhận:", "\u2003Yêu cầu:\u2003", ""])
def test_a_span_is_trimmed_of_white_space_and_pipes_as_strip_trims_it(text: str) -> None:
    g = text.strip(" \t\n|")
    expected = (text.index(g), text.index(g) + len(g)) if g else (0, len(text))
    assert K._trim_span("ab" + text + "cd", 2, 2 + len(text)) == (expected[0] + 2, expected[1] + 2)


@pytest.mark.parametrize("source", [r"x*", r"\bx+|(?=y)", r"Quyết định này|(?<=\n)"])
def test_a_count_takes_the_first_matches_as_an_iterator_gives_them_also_empty_ones(source: str) -> None:
    import regex

    from vnnotice import patterns

    pattern = patterns.compile(source, regex.M)
    text = "axx y xQuyết định này\nxx\n\nyx x"
    for cap in (1, 2, 3, 6, 20):
        for a in (0, 2, 3, 7):
            t = K.Signal("x", "", "all", 1.0, cap, pattern)
            found: list = []
            assert K._count(t, text, a, len(text), 0, found) == len(found)
            assert [f.span for f in found] == [K._trim(m) for m in pattern.finditer(text, a, len(text))][:cap], (cap, a)


def test_the_literals_every_match_of_an_alternative_holds_are_read_off_its_source() -> None:
    assert K._literals(r"(?<![\p{L}\d])(?:Đồng\s+)?[Kk]ính\s+gửi\s*:").replace("\0", " ").split() == ["ính", "gửi", ":"]
    assert K._literals(r"^\p{Lu}[\p{Lu}\s]+ điện\s*:").replace("\0", "|").split("|") == ["", "", "", "", " điện", "", ":"]
    for source, held, not_held in ((r"\[sửa\b", "[sửa", ""), (r"ab?c", "a", "ab"), (r"a{0,2}bc", "bc", "abc"), (r"x\.y+z", "x.y", "yz"),
                                   (r"a(?:bc)d", "d", "bc"), (r"[ab]cd\pLe", "cd", "de"), (r"ab\x41c", "ab", "c"), (r"a(b)\1c", "a", "c"),
                                   (r"ab{2}c", "ab", "bc"), (r"a{,3}b", "b", "a")):
        lits = K._literals(source)
        assert held in lits and (not not_held or not_held not in lits), (source, lits)
    # a needle read so is in every match: the addressees' two alternatives, each told by its own needle
    s = next(s for s in K.SIGNALS if s.name == "addressees")
    assert s.alt_needles == ("gửi", "điện")
    for line in ("Kính gửi: Sở Y tế", "Đồng kính gửi:", "CHỦ TỊCH UBND TỈNH điện:", "Công điện số 12", "gửi điện:", "x kính gửi :"):
        found: list = []
        K._count_first(s, line, 0, len(line), 0, found)
        assert [f.span for f in found] == [K._trim(m) for m in s.pattern.finditer(line)][:1], line
