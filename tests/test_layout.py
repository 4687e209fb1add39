"""Layout stage: header fields, body, signature, recipients, addressees, footnotes, portal debris."""
from __future__ import annotations

from datetime import date

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from vnnotice.clean import clean
from vnnotice.layout import Layout, clip, find_layout, first_date, meeting_date, paragraphs, period_end

NOTICE = """VĂN PHÒNG CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 412/TB-VPCP
Hà Nội, ngày 7 tháng 10 năm 2025

THÔNG BÁO
KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI CUỘC HỌP VỀ TIẾN ĐỘ XÂY DỰNG
CÁC TUYẾN ĐƯỜNG BỘ CAO TỐC KHU VỰC ĐỒNG BẰNG SÔNG CỬU LONG

Ngày 30 tháng 9 năm 2025, tại trụ sở Chính phủ, Phó Thủ tướng chủ trì cuộc họp về tiến độ xây dựng các tuyến cao tốc. Sau khi nghe báo cáo của Bộ Xây dựng và ý kiến các đại biểu, Phó Thủ tướng kết luận như sau:
1. Bộ Xây dựng chỉ đạo các chủ đầu tư đẩy nhanh tiến độ thi công, hoàn thành trước ngày 31/12/2025.
2. Ủy ban nhân dân các tỉnh: Cần Thơ, Vĩnh Long bảo đảm nguồn vật liệu đắp nền.
Văn phòng Chính phủ thông báo để các cơ quan liên quan biết, thực hiện./.

Nơi nhận:
- Thủ tướng, các Phó Thủ tướng;
- Các Bộ: Xây dựng, Tài chính;
- UBND các tỉnh: Cần Thơ, Vĩnh Long;
- Lưu: VT, CN (2).

KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM

Trần Văn Sơn
"""


def layout_of(raw: str, markdown: bool = False) -> tuple[str, Layout]:
    text = clean(raw, markdown=markdown).text
    return text, find_layout(text)


def part(text: str, span) -> str:
    return text[span[0]:span[1]]


def test_notice_header_fields():
    text, lay = layout_of(NOTICE)
    assert lay.doc_type == "THÔNG BÁO"
    assert lay.number == "412/TB-VPCP"
    assert lay.issuer == "Văn phòng Chính phủ"
    assert lay.place == "Hà Nội"
    assert lay.issued == date(2025, 10, 7)
    assert lay.title == ("KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI CUỘC HỌP VỀ TIẾN ĐỘ XÂY DỰNG "
                         "CÁC TUYẾN ĐƯỜNG BỘ CAO TỐC KHU VỰC ĐỒNG BẰNG SÔNG CỬU LONG")
    assert part(text, lay.title_span) == lay.title
    assert lay.start == 0
    assert lay.warnings == []


def test_notice_body_runs_from_the_opening_to_the_closing_sentence():
    text, lay = layout_of(NOTICE)
    body = part(text, lay.body)
    assert body.startswith("Ngày 30 tháng 9 năm 2025, tại trụ sở Chính phủ")
    assert body.endswith("biết, thực hiện./.")
    assert "Nơi nhận" not in body and "Trần Văn Sơn" not in body
    assert lay.header[1] <= lay.body[0]


def test_notice_signature_and_recipients():
    text, lay = layout_of(NOTICE)
    assert lay.authority == "KT. BỘ TRƯỞNG, CHỦ NHIỆM"
    assert lay.signer_title == "PHÓ CHỦ NHIỆM"
    assert lay.signer_name == "Trần Văn Sơn"
    assert part(text, lay.signature_span).endswith("Trần Văn Sơn")
    assert lay.recipients == ["Thủ tướng, các Phó Thủ tướng", "Các Bộ: Xây dựng, Tài chính",
                              "UBND các tỉnh: Cần Thơ, Vĩnh Long", "Lưu: VT, CN (2)"]
    assert lay.addressees == []
    assert lay.footnotes == []


def test_signature_span_covers_the_authority_line():
    text, lay = layout_of(NOTICE)
    assert part(text, lay.signature_span).startswith("KT. BỘ TRƯỞNG")


def test_meeting_date_and_helpers():
    text, lay = layout_of(NOTICE)
    assert meeting_date(text, lay.body) == date(2025, 9, 30)
    assert first_date("họp ngày 05/3/2024 tại") == date(2024, 3, 5)
    assert first_date("từ ngày 8 đến ngày 9 tháng 11 năm 2025") == date(2025, 11, 8)
    assert first_date("ngày 31 tháng 2 năm 2025") is None
    assert first_date("không có ngày") is None
    assert period_end("Báo cáo kết quả tháng 12 và 12 tháng năm 2022") == date(2022, 12, 31)
    assert period_end("Báo cáo tình hình tháng 2/2024") == date(2024, 2, 29)
    assert period_end(None) is None


@pytest.mark.parametrize("block,authority,title", [
    ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    ("TL. GIÁM ĐỐC\nCHÁNH VĂN PHÒNG", "TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    ("TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG", "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
    ("TUQ. CHỦ TỊCH\nCHÁNH VĂN PHÒNG", "TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
    ("CHỦ TỊCH", None, "CHỦ TỊCH"),
], ids=["TM-KT", "TL", "KT", "TL-KT", "TUQ", "bare-title"])
def test_signature_blocks(block: str, authority, title):
    raw = f"""SỞ Y TẾ TỈNH LÂM ĐỒNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 88/TB-SYT
Lâm Đồng, ngày 2 tháng 4 năm 2024

THÔNG BÁO
Kết luận giao ban công tác y tế quý I năm 2024

Ngày 29/3/2024, Giám đốc Sở Y tế chủ trì giao ban và kết luận như sau:
1. Các bệnh viện bảo đảm thuốc, vật tư y tế.
2. Trung tâm Y tế các huyện báo cáo trước ngày 15/4/2024.

Nơi nhận:
- Như trên;
- Lưu: VT, NVY.

{block}

Lê Thị Hồng Nhung
"""
    text, lay = layout_of(raw)
    assert lay.authority == authority
    assert lay.signer_title == title
    assert lay.signer_name == "Lê Thị Hồng Nhung"
    assert lay.recipients == ["Như trên", "Lưu: VT, NVY"]
    assert part(text, lay.body).endswith("báo cáo trước ngày 15/4/2024.")


def test_signature_before_recipients():
    raw = NOTICE.replace("""Nơi nhận:
- Thủ tướng, các Phó Thủ tướng;
- Các Bộ: Xây dựng, Tài chính;
- UBND các tỉnh: Cần Thơ, Vĩnh Long;
- Lưu: VT, CN (2).

""", "") + "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    text, lay = layout_of(raw)
    assert lay.signer_name == "Trần Văn Sơn"
    assert lay.recipients == ["Như trên", "Lưu: VT"]
    assert "Nơi nhận" not in part(text, lay.body)


def test_recipient_lines_wrapped_inside_an_item():
    raw = NOTICE.replace("- Các Bộ: Xây dựng, Tài chính;", "- Các Bộ: Xây dựng, Tài chính, Nông nghiệp và\nMôi trường;")
    _, lay = layout_of(raw)
    assert "Các Bộ: Xây dựng, Tài chính, Nông nghiệp và Môi trường" in lay.recipients


DISPATCH = """ỦY BAN NHÂN DÂN TỈNH NGHỆ AN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 09/CĐ-UBND
Nghệ An, ngày 12 tháng 9 năm 2024

CÔNG ĐIỆN
Về việc chủ động ứng phó với mưa lũ, sạt lở đất

Kính gửi:
- Giám đốc các Sở: Nông nghiệp và Phát triển nông thôn, Xây dựng;
- Chủ tịch Ủy ban nhân dân các huyện, thành phố, thị xã.

Theo dự báo của Đài Khí tượng Thủy văn tỉnh, từ đêm 12/9 đến ngày 15/9/2024 trên địa bàn tỉnh có mưa to đến rất to. Để chủ động ứng phó, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:
1. Ủy ban nhân dân các huyện tổ chức sơ tán người dân khỏi khu vực nguy hiểm.
2. Sở Xây dựng kiểm tra an toàn các công trình đang thi công.
Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT, NN.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Lê Hồng Vinh
"""


def test_dispatch_addressees_are_not_body_nor_recipients():
    text, lay = layout_of(DISPATCH)
    assert lay.doc_type == "CÔNG ĐIỆN"
    assert lay.number == "09/CĐ-UBND"
    assert lay.title == "Về việc chủ động ứng phó với mưa lũ, sạt lở đất"
    assert lay.addressees == ["Giám đốc các Sở: Nông nghiệp và Phát triển nông thôn, Xây dựng",
                              "Chủ tịch Ủy ban nhân dân các huyện, thành phố, thị xã"]
    assert lay.recipients == ["Như trên", "Lưu: VT, NN"]
    assert part(text, lay.body).startswith("Theo dự báo của Đài Khí tượng Thủy văn tỉnh")
    assert lay.authority == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH" and lay.signer_name == "Lê Hồng Vinh"


def test_addressee_on_the_kinh_gui_line_and_cc_list():
    raw = DISPATCH.replace("""Kính gửi:
- Giám đốc các Sở: Nông nghiệp và Phát triển nông thôn, Xây dựng;
- Chủ tịch Ủy ban nhân dân các huyện, thành phố, thị xã.""", """Kính gửi: Chủ tịch Ủy ban nhân dân các huyện, thành phố, thị xã.
Đồng kính gửi: Bộ Chỉ huy Quân sự tỉnh.""")
    text, lay = layout_of(raw)
    assert lay.addressees == ["Chủ tịch Ủy ban nhân dân các huyện, thành phố, thị xã", "Bộ Chỉ huy Quân sự tỉnh"]
    assert part(text, lay.body).startswith("Theo dự báo")


def test_dispatch_sender_line_is_not_an_addressee():
    raw = DISPATCH.replace("Kính gửi:", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:\n\nKính gửi:")
    _, lay = layout_of(raw)
    assert all("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" not in a for a in lay.addressees)


def test_number_line_between_issuer_and_motto():
    # PDF extractions print the left column (issuer, number) before the motto
    raw = DISPATCH.replace("""ỦY BAN NHÂN DÂN TỈNH NGHỆ AN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 09/CĐ-UBND
""", """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 09/CĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
""")
    _, lay = layout_of(raw)
    assert lay.number == "09/CĐ-UBND"
    assert lay.issuer == "Ủy ban nhân dân tỉnh Nghệ An"


def test_numeric_date_line_and_number_after_the_motto():
    raw = DISPATCH.replace("Nghệ An, ngày 12 tháng 9 năm 2024", "Nghệ An, ngày 12/9/2024")
    _, lay = layout_of(raw)
    assert lay.issued == date(2024, 9, 12)
    assert lay.place == "Nghệ An"
    assert lay.issuer == "Ủy ban nhân dân tỉnh Nghệ An"


LETTER = """UBND TỈNH BÌNH ĐỊNH
SỞ TÀI CHÍNH
Số: 1520/STC-HCSN
V/v triển khai chữ ký số trong thanh toán ngân sách
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bình Định, ngày 20 tháng 5 năm 2024

Kính gửi: Các cơ quan, đơn vị sử dụng ngân sách tỉnh.

Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về chuyển đổi số trong lĩnh vực tài
chính, ngân sách, Sở Tài chính đề nghị các cơ quan, đơn vị sử dụng ngân sách tỉnh
khẩn trương hoàn thành việc đăng ký chữ thư số cho người có thẩm quyền ký chứng từ
thanh toán, gửi hồ sơ về Kho bạc Nhà nước tỉnh trước ngày 30/6/2024./.

Nơi nhận:
- Như trên;
- Lưu: VT, HCSN.

GIÁM ĐỐC

Đặng Quốc Hưng
"""


def test_letter_without_type_line_takes_its_type_from_the_symbol():
    raw = LETTER
    text, lay = layout_of(raw)
    assert lay.number == "1520/STC-HCSN"
    assert lay.doc_type == "CÔNG VĂN"
    assert lay.title == "V/v triển khai chữ ký số trong thanh toán ngân sách"
    assert lay.issued == date(2024, 5, 20)
    assert lay.addressees == ["Các cơ quan, đơn vị sử dụng ngân sách tỉnh"]
    assert part(text, lay.body).startswith("Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh")
    assert lay.signer_title == "GIÁM ĐỐC" and lay.signer_name == "Đặng Quốc Hưng"


def test_letter_title_followed_by_the_date_line():
    raw = LETTER.replace("""V/v triển khai chữ ký số trong thanh toán ngân sách
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
""", """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
V/v triển khai chữ ký số trong thanh toán ngân sách
""")
    _, lay = layout_of(raw)
    assert lay.title == "V/v triển khai chữ ký số trong thanh toán ngân sách"


def test_footnotes_after_the_signature():
    raw = NOTICE + """
[1] Thực hiện Quyết định số 1234/QĐ-TTg ngày 10/5/2024 của Thủ tướng Chính phủ.
[2] Theo Nghị định số 54/2017/NĐ-CP ngày 08/5/2017 của Chính phủ, được sửa đổi tại
Nghị định số 88/2023/NĐ-CP.
"""
    text, lay = layout_of(raw)
    assert lay.signer_name == "Trần Văn Sơn"
    notes = [part(text, s) for s in lay.footnotes]
    assert len(notes) == 2
    assert notes[0] == "[1] Thực hiện Quyết định số 1234/QĐ-TTg ngày 10/5/2024 của Thủ tướng Chính phủ."
    assert notes[1].startswith("[2] Theo Nghị định số 54/2017/NĐ-CP") and notes[1].endswith("88/2023/NĐ-CP.")
    assert all(s[0] >= lay.body[1] for s in lay.footnotes)


def test_appendix_ends_the_body():
    raw = NOTICE + "\nPHỤ LỤC I\nDANH MỤC CÁC DỰ ÁN\n1. Cao tốc Cần Thơ - Cà Mau.\n"
    text, lay = layout_of(raw)
    assert lay.appendix is not None
    assert part(text, lay.appendix).startswith("PHỤ LỤC I")
    assert lay.body[1] < lay.appendix[0]
    assert lay.signer_name == "Trần Văn Sơn"


PORTAL = """|
|
Nội dung dưới đây do **
KHO VĂN BẢN MỞ** tổng hợp từ nguồn công khai. Mọi hành vi sao chép mà không ghi nguồn **
KHO VĂN BẢN MỞ** là vi phạm quy định về bản quyền.
|
|
Đang tải văn bản...
#
**Số hiệu:**
|
311/CĐ-TTg
|
|
**Loại văn bản:**
|
Công điện
|
**Nơi ban hành:**
|
Thủ tướng Chính phủ
|
|
**Người ký:**
|
Lê Minh Khang
|
**Ngày ban hành:**
|
02/12/2025
|
|
**Tình trạng:**
|
Đã biết
|
|
**THỦ
TƯỚNG CHÍNH PHỦ**
-------
|
**CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
|
Số: 311/CĐ-TTg
|
*Hà Nội, ngày 02
tháng 12 năm 2025*
|
**CÔNG ĐIỆN**
VỀ
VIỆC KHẮC PHỤC HẬU QUẢ MƯA LŨ TẠI CÁC TỈNH MIỀN TRUNG
**THỦ TƯỚNG CHÍNH PHỦ ***điện:*
|
** **
|
- Bộ trưởng các Bộ: Nông nghiệp và Môi trường, Xây dựng, Công Thương;
- Chủ tịch Ủy ban nhân dân các tỉnh: Quảng Trị, Huế, Đà Nẵng.
|
|
*Đồng kính gửi:*
|
Bí thư Tỉnh ủy, Thành ủy các tỉnh, thành phố để
lãnh đạo, chỉ đạo.
|
Trong những ngày qua, mưa lũ lớn kéo dài đã gây thiệt hại nặng nề về người và tài
sản tại các tỉnh miền Trung[1]. Để nhanh chóng khắc phục hậu quả, Thủ tướng Chính
phủ yêu cầu:
1. Chủ tịch Ủy ban nhân dân các tỉnh: Quảng Trị, Huế, Đà Nẵng tổ chức thăm hỏi,
hỗ trợ kịp thời các gia đình có người bị nạn; hoàn thành trước ngày 10/12/2025.
2. Bộ Xây dựng chỉ đạo khắc phục ngay các điểm sạt lở trên các tuyến quốc lộ.
3. Văn phòng Chính phủ theo dõi, đôn đốc theo chức năng, nhiệm vụ được giao./.
|
**Nơi nhận:**
- Như trên;
- Thủ tướng, các Phó Thủ tướng Chính phủ;
- Lưu: VT, NN (2).
|
**KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG**
**
Lê Minh Khang**
|
[1] Theo báo cáo nhanh số 45/BC-BCĐ ngày 01/12/2025 của Ban Chỉ đạo quốc gia về phòng thủ dân sự.
|
Thưa Quý khách,
Kho văn bản mở xin thông báo thay đổi về điều khoản sử dụng dịch vụ.
Tải về
"""


def test_portal_banner_and_metadata_are_dropped():
    text, lay = layout_of(PORTAL, markdown=True)
    head = text[:lay.start]
    assert "KHO VĂN BẢN MỞ" in head and "Loại văn bản" in head
    assert text[lay.start:].startswith("THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert lay.issuer == "Thủ tướng Chính phủ"
    assert lay.number == "311/CĐ-TTg"
    assert lay.doc_type == "CÔNG ĐIỆN"
    assert lay.place == "Hà Nội" and lay.issued == date(2025, 12, 2)
    assert lay.title == "VỀ VIỆC KHẮC PHỤC HẬU QUẢ MƯA LŨ TẠI CÁC TỈNH MIỀN TRUNG"


def test_portal_document_body_signature_and_footnote():
    text, lay = layout_of(PORTAL, markdown=True)
    body = part(text, lay.body)
    assert body.startswith("Trong những ngày qua, mưa lũ lớn kéo dài")
    assert body.endswith("nhiệm vụ được giao./.")
    assert "Số hiệu" not in body and "Thưa Quý khách" not in body
    assert "Bí thư Tỉnh ủy, Thành ủy các tỉnh, thành phố để lãnh đạo, chỉ đạo" in lay.addressees
    assert "Chủ tịch Ủy ban nhân dân các tỉnh: Quảng Trị, Huế, Đà Nẵng" in lay.addressees
    assert lay.recipients == ["Như trên", "Thủ tướng, các Phó Thủ tướng Chính phủ", "Lưu: VT, NN (2)"]
    assert (lay.authority, lay.signer_title, lay.signer_name) == ("KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Lê Minh Khang")
    assert [part(text, s) for s in lay.footnotes] == [
        "[1] Theo báo cáo nhanh số 45/BC-BCĐ ngày 01/12/2025 của Ban Chỉ đạo quốc gia về phòng thủ dân sự."]


def test_spans_are_ordered_and_inside_the_text():
    for raw, md in ((NOTICE, False), (DISPATCH, False), (PORTAL, True)):
        text, lay = layout_of(raw, md)
        assert 0 <= lay.start <= lay.body[0] <= lay.body[1] <= len(text)
        if lay.header:
            assert lay.start <= lay.header[0] <= lay.header[1] <= lay.body[0]
        if lay.signature_span:
            assert lay.body[1] <= lay.signature_span[0] < lay.signature_span[1] <= len(text)


def test_empty_and_headerless_text():
    lay = find_layout("")
    assert lay.warnings == ["empty document"] and lay.body == (0, 0)
    text = "Sở Y tế đề nghị các đơn vị báo cáo trước ngày 15/11/2024.\n- Trung tâm Y tế huyện thực hiện."
    lay = find_layout(text)
    assert lay.doc_type is None and lay.number is None
    assert part(text, lay.body) == text
    assert "no signature block found" in lay.warnings


def test_paragraph_offsets():
    text = "một\n\n  \nhai ba\nbốn"
    assert [(p.start, p.end, p.text) for p in paragraphs(text)] == [(0, 3, "một"), (8, 14, "hai ba"), (15, 18, "bốn")]


@given(st.text(alphabet="ab \t\n\u00a0\u2028", max_size=40), st.integers(0, 45), st.integers(0, 45),
       st.none() | st.integers(1, 4))
def test_clip_is_paragraphs_of_the_slice(text, a, b, limit):
    a, b = min(a, b, len(text)), min(max(a, b), len(text))
    assert clip(paragraphs(text), a, b, limit) == paragraphs(text[a:b], a, limit)


def test_place_and_date_without_a_comma():
    text = "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 388/NQ-CP\nHà Nội ngày 01 tháng 12 năm 2025\nNGHỊ QUYẾT\nVề việc thử\nSáng ngày 02/12/2025, Chính phủ họp.\n"
    lay = find_layout(text)
    assert (lay.number, lay.place, lay.issued) == ("388/NQ-CP", "Hà Nội", date(2025, 12, 1))


# --- signature blocks printed beside the recipients (DOCX tab stops, PDF columns) ---------------------

LETTER_TAIL = """ỦY BAN NHÂN DÂN TỈNH BẮC NINH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 88/UBND-VX
Bắc Ninh, ngày 3 tháng 12 năm 2025
V/v tăng cường phòng chống dịch sốt xuất huyết

Kính gửi: Sở Y tế.

Ủy ban nhân dân tỉnh giao Sở Y tế chủ trì triển khai các biện pháp phòng chống dịch, báo cáo trước ngày 20/12/2025./.

{tail}
"""


@pytest.mark.parametrize("tail,authority,title,name,recipients", [
    ("Nơi nhận:\tTL. CHỦ TỊCH\n- Như trên;\tCHÁNH VĂN PHÒNG\n- Lưu: VT, VX.\n\n\tNguyễn Văn Bình",
     "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Nguyễn Văn Bình", ["Như trên", "Lưu: VT, VX"]),
    ("Nơi nhận:\t\tKT. CHỦ TỊCH\n- Như trên;\t\tPHÓ CHỦ TỊCH\n- Lưu: VT.\n\t\t(Đã ký)\n\t\tTrần Thị Hoa",
     "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Hoa", ["Như trên", "Lưu: VT"]),
    ("Nơi nhận:\tTM. ỦY BAN NHÂN DÂN\n- Bộ Y tế;\tKT. CHỦ TỊCH\n- Lưu: VT.\tPHÓ CHỦ TỊCH\n\n\n\tLê Văn Cường",
     "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Cường", ["Bộ Y tế", "Lưu: VT"]),
    # a PDF column layout flattened with spaces: the authority over the block is kept with it
    ("Nơi nhận: TL. CHỦ TỊCH\n- Như trên;\n- Lưu: VT.\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nPhạm Thị Lan",
     "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Phạm Thị Lan", ["Như trên", "Lưu: VT"]),
    # the name printed on the last recipients' line, after a tab or a run of spaces
    ("Nơi nhận:\tKT. GIÁM ĐỐC\n- Như trên;\tPHÓ GIÁM ĐỐC\n- Sở Y tế (p/h);\n- Lưu: VT, KHTC.\tĐinh Thị Mai",
     "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Đinh Thị Mai", ["Như trên", "Sở Y tế (p/h)", "Lưu: VT, KHTC"]),
    ("Nơi nhận:          TL. CHỦ TỊCH\n- Như trên;          CHÁNH VĂN PHÒNG\n- Lưu: VT.          Hồ Quang Nam",
     "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Hồ Quang Nam", ["Như trên", "Lưu: VT"]),
])
def test_signature_on_the_lines_of_the_recipients(tail, authority, title, name, recipients):
    text, lay = layout_of(LETTER_TAIL.format(tail=tail))
    assert (lay.authority, lay.signer_title, lay.signer_name) == (authority, title, name)
    assert lay.recipients == recipients
    a, b = lay.signature_span
    assert text[a:b].startswith(authority.split()[0]) and text[a:b].endswith(name)
    assert part(text, lay.body).endswith("báo cáo trước ngày 20/12/2025./.")


def test_recipients_heading_in_underscore_markup_ends_the_body():
    raw = LETTER_TAIL.format(tail="__Nơi nhận__:\n- Như trên;\n- Lưu: VT.\n\n**KT. CHỦ TỊCH**\n**PHÓ CHỦ TỊCH**\n\nĐỗ Văn Minh")
    raw = raw.replace("báo cáo trước ngày 20/12/2025./.", "báo cáo trước ngày 20/12/2025.")
    text, lay = layout_of(raw, markdown=True)
    assert part(text, lay.body).endswith("báo cáo trước ngày 20/12/2025.")
    assert lay.recipients == ["Như trên", "Lưu: VT"] and lay.signer_name == "Đỗ Văn Minh"


# --- header tables flattened into one line --------------------------------------------------------------

PLAN_BODY = """
KẾ HOẠCH
Triển khai công tác chuyển đổi số trên địa bàn tỉnh năm 2026
Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia, Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai như sau:
1. Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ban, ngành xây dựng nền tảng dữ liệu dùng chung của tỉnh, hoàn thành trong quý II năm 2026.
2. Các sở, ban, ngành và Ủy ban nhân dân các xã, phường bố trí nhân lực, kinh phí thực hiện các nhiệm vụ được giao tại Kế hoạch này.
"""


@pytest.mark.parametrize("header", [
    "| ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc |\n|---|---|\n"
    "| Số: 45/KH-UBND | Lâm Đồng, ngày 10 tháng 11 năm 2025 |\n",
    "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc--------------- |\n"
    "Số: 45/KH-UBND | Lâm Đồng, ngày 10 tháng 11 năm 2025 |\n",
    "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG-------Số: 45/KH-UBND | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh "
    "phúc---------------Lâm Đồng, ngày 10 tháng 11 năm 2025 |\n",
    "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG Số: 45/KH-UBND CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
    "Lâm Đồng, ngày 10 tháng 11 năm 2025\n",
])
@pytest.mark.parametrize("markdown", [False, True])
def test_flattened_header_table_still_gives_number_date_and_type(header: str, markdown: bool):
    text, lay = layout_of(header + PLAN_BODY, markdown=markdown)
    assert (lay.doc_type, lay.number, lay.issued) == ("KẾ HOẠCH", "45/KH-UBND", date(2025, 11, 10))
    assert lay.issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"
    if not markdown:  # (portal Markdown runs a title in sentence case into the next line)
        assert lay.title == "Triển khai công tác chuyển đổi số trên địa bàn tỉnh năm 2026"
        assert part(text, lay.body).startswith("Thực hiện Nghị quyết số 57-NQ/TW")
    assert part(text, lay.body).endswith("tại Kế hoạch này.")


def test_flattened_header_of_a_law_numbered_luat_so():
    raw = ("QUỐC HỘI------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc--------------- |\n"
           "Luật số: 67/2025/QH15 | Hà Nội, ngày 10 tháng 12 năm 2025 |\n\nLUẬT\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT ĐẤT ĐAI\n\n"
           "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n\nQuốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Đất đai.\n")
    _, lay = layout_of(raw, markdown=True)
    assert (lay.doc_type, lay.number, lay.issued, lay.issuer) == ("LUẬT", "67/2025/QH15", date(2025, 12, 10), "Quốc hội")


def test_title_that_starts_like_a_body_paragraph_is_still_the_title():
    text, lay = layout_of(NOTICE.replace("KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI CUỘC HỌP VỀ TIẾN ĐỘ XÂY DỰNG\n"
                                         "CÁC TUYẾN ĐƯỜNG BỘ CAO TỐC KHU VỰC ĐỒNG BẰNG SÔNG CỬU LONG",
                                         "Triển khai kết luận của Phó Thủ tướng về các tuyến cao tốc"))
    assert lay.title == "Triển khai kết luận của Phó Thủ tướng về các tuyến cao tốc"
    assert part(text, lay.body).startswith("Ngày 30 tháng 9 năm 2025")


# --- addressees of dispatches and letters ------------------------------------------------------------------

DISPATCH_HEAD = """THỦ TƯỚNG CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 240/CĐ-TTg
Hà Nội, ngày 30 tháng 11 năm 2025

CÔNG ĐIỆN
Về việc tập trung khắc phục hậu quả mưa lũ

"""
DISPATCH_BODY = """
Trong những ngày qua, mưa lũ lớn kéo dài đã gây thiệt hại rất nặng nề về người và tài sản của Nhân dân tại các tỉnh Nam Trung Bộ và Tây Nguyên. Để khẩn trương khắc phục hậu quả, Thủ tướng Chính phủ yêu cầu:

1. Chủ tịch Ủy ban nhân dân các tỉnh tập trung khắc phục hậu quả mưa lũ, bảo đảm đời sống của Nhân dân trong vùng bị ảnh hưởng.

2. Bộ Quốc phòng huy động lực lượng, phương tiện hỗ trợ địa phương tìm kiếm cứu nạn, vận chuyển hàng cứu trợ.
"""


@pytest.mark.parametrize("addressees,expected", [
    ("THỦ TƯỚNG CHÍNH PHỦ điện:\n\n- Bộ trưởng các Bộ: Quốc phòng, Công an, Nông nghiệp và Môi trường;\n\n"
     "- Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Lâm Đồng, Đắk Lắk.\n",
     ["Bộ trưởng các Bộ: Quốc phòng, Công an, Nông nghiệp và Môi trường",
      "Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Lâm Đồng, Đắk Lắk"]),
    ("BỘ TRƯỞNG BỘ Y TẾ điện:\n\n+ Giám đốc Sở Y tế các tỉnh, thành phố;\n\n+ Giám đốc các bệnh viện trực thuộc Bộ.\n",
     ["Giám đốc Sở Y tế các tỉnh, thành phố", "Giám đốc các bệnh viện trực thuộc Bộ"]),
    ("Kính gửi:\n\n- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương;\n\n- Các Bộ, cơ quan ngang Bộ.\n",
     ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "Các Bộ, cơ quan ngang Bộ"]),
])
def test_the_addressee_block_stays_out_of_the_body(addressees: str, expected: list[str]):
    text, lay = layout_of(DISPATCH_HEAD + addressees + DISPATCH_BODY)
    assert lay.addressees == expected
    assert part(text, lay.body).startswith("Trong những ngày qua")
    from vnnotice.segment import segment
    assert [n.marker for n in segment(text, lay.body, lay.paragraphs)] == ["1.", "2."]


@pytest.mark.parametrize("opener", ["Xét đề nghị của Bộ Công Thương tại Tờ trình số 87/TTr-BCT",
                                    "Sau khi xem xét Báo cáo số 15/BC-BTC của Bộ Tài chính",
                                    "Ngày 20/11/2025, Bộ Tài chính có Công văn số 99/BTC-NSNN"])
def test_addressee_line_run_together_with_the_first_body_sentence(opener: str):
    raw = ("VĂN PHÒNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 999/VPCP-KTTH\n"
           "V/v xử lý kiến nghị của Bộ Công Thương\nHà Nội, ngày 3 tháng 12 năm 2025\n\n"
           f"Kính gửi: Bộ trưởng Bộ Công Thương {opener}, Phó Thủ tướng Chính phủ có ý kiến như sau: Bộ Công Thương "
           "chủ trì, phối hợp với các cơ quan liên quan: (i) rà soát nguồn cung xăng dầu; (ii) đề xuất giải pháp điều hành giá.\n\n"
           "Văn phòng Chính phủ thông báo để Bộ Công Thương biết, thực hiện./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n"
           "KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\n\nNguyễn Văn Hùng\n")
    text, lay = layout_of(raw)
    assert lay.addressees == ["Bộ trưởng Bộ Công Thương"]
    assert part(text, lay.body).startswith(opener)
    from vnnotice.segment import segment
    assert [n.marker for n in segment(text, lay.body, lay.paragraphs)] == ["(i)", "(ii)"]


def test_letter_reprinted_without_its_header_starts_at_the_addressees():
    raw = ("Số hiệu:\n17899/BTC-VP\nLoại văn bản:\nCông văn\nTình trạng:\nĐã biết\n"
           "Bộ Tài chính vừa ban hành công văn hướng dẫn lịch tập huấn nghiệp vụ thuế, theo đó:\n"
           "- Hội nghị 1 gồm các tỉnh phía Bắc.\n- Hội nghị 2 gồm các tỉnh phía Nam.\n"
           "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n"
           "Thực hiện Kết luận số 186-KL/TW của Bộ Chính trị, Bộ Tài chính đề nghị:\n"
           "1. Ủy ban nhân dân các tỉnh cử công chức cấp xã tham dự tập huấn.\n"
           "2. Thuế tỉnh chuẩn bị điểm cầu trực tuyến.\n")
    text, lay = layout_of(raw)
    assert lay.addressees == ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]
    assert part(text, lay.body).startswith("Thực hiện Kết luận số 186-KL/TW")


# --- a plan issued with a decision and printed after its signature -----------------------------------------

DECISION = """ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 412/QĐ-UBND
Phú Yên, ngày 9 tháng 3 năm 2026
QUYẾT ĐỊNH
Ban hành {kind_lower} phát triển du lịch cộng đồng năm 2026
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này {kind_lower} phát triển du lịch cộng đồng năm 2026.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Giám đốc Sở Văn hóa và Thể thao chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Đào Minh Tâm

{kind}
PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG NĂM 2026
{issued_with}

I. MỤC ĐÍCH
1. Đa dạng hóa sản phẩm du lịch.
II. NHIỆM VỤ
1. Sở Văn hóa và Thể thao xây dựng bộ tiêu chí homestay trước ngày 30/6/2026.
2. Trung tâm Xúc tiến du lịch tổ chức quảng bá tại hội chợ quốc tế.
"""


@pytest.mark.parametrize("kind,issued_with", [
    ("KẾ HOẠCH", "(Ban hành kèm theo Quyết định số 412/QĐ-UBND ngày 09/3/2026 của Chủ tịch UBND tỉnh)"),
    ("**KẾ HOẠCH**", "*(Kèm theo Quyết định số 412/QĐ-UBND\nngày 09/3/2026 của Chủ tịch UBND tỉnh)*"),
    ("CHƯƠNG TRÌNH", "(Ban hành kèm theo Quyết định số 412/QĐ-UBND ngày 09/3/2026)"),
])
def test_a_plan_printed_after_the_decision_is_read_with_it(kind, issued_with):
    raw = DECISION.format(kind=kind, kind_lower=kind.strip("*").capitalize(), issued_with=issued_with)
    text, lay = layout_of(raw, markdown=kind.startswith("*"))
    assert lay.signer_name == "Đào Minh Tâm"
    assert lay.attached is not None
    assert part(text, lay.attached).startswith("I. MỤC ĐÍCH")
    assert part(text, lay.attached).endswith("quảng bá tại hội chợ quốc tế.")
    from vnnotice import extract
    notice = extract(raw)
    starts = [d.text for d in notice.directives]
    assert any(s.startswith("Sở Văn hóa và Thể thao xây dựng") for s in starts)
    assert any(s.startswith("Trung tâm Xúc tiến du lịch") for s in starts)
    assert not any(s.startswith("Đa dạng hóa") for s in starts)  # the purposes are no task


def test_regulations_issued_with_a_decision_are_not_tasks():
    raw = DECISION.format(kind="QUY CHẾ", kind_lower="Quy chế",
                          issued_with="(Ban hành kèm theo Quyết định số 412/QĐ-UBND ngày 09/3/2026)")
    _, lay = layout_of(raw)
    assert lay.attached is None


def test_a_plan_right_after_the_decisions_signature_needs_no_issued_with_line():
    raw = DECISION.format(kind="KẾ HOẠCH", kind_lower="Kế hoạch", issued_with="")
    text, lay = layout_of(raw)
    assert lay.attached is not None and part(text, lay.attached).endswith("quảng bá tại hội chợ quốc tế.")
    # a letter's page after the signature is not a plan of the letter
    letter = raw.replace("QUYẾT ĐỊNH\nBan hành", "V/v ban hành").replace("QUYẾT ĐỊNH:\n", "")
    assert layout_of(letter)[1].attached is None


# lines of a header, flattened or not, and near misses of each join
_HEADER_LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", " CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "\x1cCỘNG HÒA XÃ HỘI CHỦ NGHĨA",
    "SỞ TÀI CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM CỘNG HÒA XÃ HỘI",
    "Độc lập - Tự do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc ", "Độc lập - Tự do - Hạnh phúcHà Nội, ngày 3",
    "Hạnh phúc Hạnh phúc", "VIỆT NAMĐộc lập - Tự do - Hạnh phúc", "VIỆT NAM Độc lập", "Độc lập VIỆT NAM",
    "BỘ Y TẾ-------Số: 12/BYT-KCB", "A -–— B", "A -- B", "ỦY BAN | CỘNG HÒA", "Số: 12/KH-UBND", "ngày Số 5",
    "TỈNH AN GIANG Số: 7/UBND", "Tự do – Hạnh phúc", "a__b", "a==b", "a==", "",
]


@pytest.mark.parametrize("line", _HEADER_LINES)
def test_header_join_found_as_the_alternation_finds_it(line: str):
    from vnnotice.layout import _HEADER_JOINS, _header_joined

    assert _header_joined(line) == (_HEADER_JOINS.search(line) is not None)


@given(st.lists(st.sampled_from(["CỘNG", "HÒA", "XÃ", "HỘI", "VIỆT", "NAM", "Độc", "lập", "Hạnh", "phúc", "Số", ":",
                                 "V/v", "-", "–", "—", "_", "=", "|", " ", "\t", "\x1c", "x", "12/UBND"]), max_size=12))
def test_header_join_found_as_the_alternation_finds_it_in_any_line(words: list[str]):
    from vnnotice.layout import _HEADER_JOINS, _header_joined

    line = "".join(words)
    assert _header_joined(line) == (_HEADER_JOINS.search(line) is not None)


@given(st.lists(st.sampled_from(["Hà Nội", ",", " ", "\x1c", "\u2003", "\t", "ngày", "NGÀY", "Ngày", "ngay", "5", "٣", "\U00010d40",
                                 "/", "tháng", "x"]), max_size=10))
def test_place_date_tests_find_what_the_engine_finds(words: list[str]):
    from vnnotice.layout import _PLACE_DATE_BARE_NEEDS, _PLACE_DATE_NEEDS

    line = "".join(words)
    assert _PLACE_DATE_NEEDS.search(line) or not regex.search(r",\s*ngày\s+\d", line, flags=regex.I)
    assert _PLACE_DATE_BARE_NEEDS.search(line) or not regex.search(r"\s(?i:ngày)\s+\d", line)


@pytest.mark.parametrize("line", ["Hà Nội, ngày 5 tháng 3 năm 2026", "Huế,\u2003NGÀY\t\U00010d40", "Cần Thơ ngày ٣/3/2026",
                                  "Đà Nẵng,ngày 07/01/2026", "Cần Thơ Ngày \U00010d40/3/2026", "Vinh,\x1cngày 5"])
def test_place_date_tests_find_a_date_line(line: str):
    from vnnotice.layout import _PLACE_DATE_BARE_NEEDS, _PLACE_DATE_NEEDS

    assert _PLACE_DATE_NEEDS.search(line) or not regex.search(r",\s*ngày\s+\d", line, flags=regex.I)
    assert _PLACE_DATE_BARE_NEEDS.search(line) or not regex.search(r"\s(?i:ngày)\s+\d", line)
    assert _PLACE_DATE_NEEDS.search(line) or _PLACE_DATE_BARE_NEEDS.search(line)


def _heading_by_removal(text: str) -> bool:
    """The heading test as the pattern engine counts the letters: what removing \\p{Lu} and \\p{Ll} takes."""
    lower_ascii = sum(1 for c in text if "a" <= c <= "z")
    if lower_ascii > 0.1 * len(text):
        return False
    upper = len(text) - len(regex.sub(r"\p{Lu}+", "", text))
    return upper >= 2 and len(text) - len(regex.sub(r"\p{Ll}+", "", text)) <= 0.1 * upper


@pytest.mark.parametrize("line", [
    "ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "SỞ Y TẾ", "Sở Y tế tỉnh", "KẾ HOẠCH", "Kế hoạch triển khai", "A",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNHx", "ΣΟΦΙΑ ς", "ǅǅ AB", "ⒶⒷ ⓐ", "Ⅰ. MỤC TIÊU", "", "   ", "ĐĐ đ", "İSTANBUL ı",
])
def test_heading_counts_letters_as_the_pattern_engine(line: str) -> None:
    from vnnotice.layout import _is_heading
    assert _is_heading(line) == _heading_by_removal(line)


@given(st.text(alphabet="ABĐÊỆÔaeđêệơ ,.-1ΣσςǅⅠⅰⓐ\U0001D400ſ", max_size=30))
def test_heading_counts_letters_as_the_pattern_engine_generated(line: str) -> None:
    from vnnotice.layout import _is_heading
    assert _is_heading(line) == _heading_by_removal(line)


def test_the_meeting_words_pretest_finds_every_line_the_pattern_finds() -> None:
    import re
    import sys

    from vnnotice import layout as L

    assert L._MEETING_NEEDS.pattern == L._MEETING_WORDS.replace("Hội", "hội")
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    # every character the engine takes for a letter of the words in any case lower-cases to that letter ('İ' aside)
    for letter in sorted(set(L._MEETING_NEEDS.pattern.replace("\\s+", "").replace("|", ""))):
        for ch in regex.findall(regex.escape(letter), every, flags=regex.I):
            assert ch.lower() == letter or ch == "İ", (letter, ch)
    # the engine's white space is re's, and has no case
    for ch in regex.findall(r"\s", every):
        assert re.match(r"\s", ch) and ch.lower() == ch, ch
    for head in ("Chiều ngày 5/3, Chủ tịch UBND tỉnh chủ trì cuộc họp", "HỘI NGHỊ TRỰC TUYẾN", "Đoàn KIỂM\u00a0TRA đã làm việc",
                 "Ngày 5/3, Phó Thủ tướng đến thăm", "Kết quả thực hiện", "KİỂM TRA", "chủ trìx", "buổii", "Phiên họp thứ 3",
                 "làm\u2028việc", "the word thămm"):
        assert L._meeting(head) == (L._MEETING.search(head) is not None), head


def test_a_line_start_pattern_is_tried_only_where_its_first_two_characters_can_open_it() -> None:
    import random

    from vnnotice import layout as L

    rng = random.Random(5)
    lines = ["THÔNG BÁO", "Thông báo", "TH", "T", "", "b) Sở Y tế", "Nơi nhận:", "NƠI NHẬN", "nơi nhận:", "TM. ỦY BAN",
             "KT. CHỦ TỊCH", "Kt. x", "PHỤ LỤC I", "Phụ lục", "Bản dịch này thuộc quyền sở hữu", "bản dịch này thuộc quyền sở hữu x",
             "Ngày ban hành: 5/3", "Kính gửi:", "KÍNH GỬI", "kính gửi", "NƠI NHẬN:", "nơi  nhận", "Địa chỉ: x", "ĐỊA CHỈ:",
             "ĐỀ ÁN", "Đề án",
             "QUY ĐỊNH", "Q. GIÁM ĐỐC", "THÔNG TƯ LIÊN TỊCH", "K", "Kelvin"]
    pieces = ["T", "H", "Ô", "h", "ô", "N", "ơ", "Ơ", "i", " ", ".", ":", "P", "Ụ", "b", ")", "Q", "K", "M", "Đ", "Ề"]
    lines += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(3000)]
    for t in lines:
        assert (L._doc_type(t) is None) == (L._DOC_TYPE.match(t) is None), t
        assert L._maybe_tail(t) == (L._MAYBE_TAIL.match(t) is not None), t
        assert (L._portal(t) is None) == (L._PORTAL.match(t) is None), t
        assert (L._address_head(t) is None) == (L._ADDRESS_HEAD.match(t) is None), t
        assert L._recipients_head(t) == (L._RECIPIENTS.match(t) is not None), t


def test_a_signers_title_at_the_end_is_the_longest_title_that_ends_the_line() -> None:
    from vnnotice import layout as L

    assert all(L._TITLE_WORDS)
    lines = ["TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH", "TL. GIÁM ĐỐC PHÓ GIÁM ĐỐC", "CHỦ TỊCHX", "",
             "KT. BỘ TRƯỞNG THỨ TRƯỞNG", "Q. CHÁNH VĂN PHÒNG", "TM. ỦY BAN\nCHỦ TỊCH", "KT. CHỦ TỊCH\n", "x"]
    lines += [f"TM. X {w}" for w in L._TITLE_WORDS] + [f"{w} {v}" for w in L._TITLE_WORDS[:8] for v in L._TITLE_WORDS]
    for body in lines:
        m = L._TITLES.search(body)
        assert L._title_suffix(body) == (None if m is None else (m.start(), m.group())), body


def test_the_motto_is_found_again_in_a_line_asked_twice() -> None:
    from vnnotice import layout as L

    line = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    first = L._motto(line)
    assert first is not None and L._motto(line) is first and L._motto(line[:-1] + "M") is not None
    assert L._motto("CỘNG HOÀ") is None and L._motto("") is None


def test_the_place_and_date_search_from_the_comma_before_the_first_date_finds_what_the_whole_search_finds() -> None:
    import random

    from vnnotice import layout as L

    rng = random.Random(9)
    pieces = ["Hà Nội", ", ", ",", " ", "ngày 5 tháng 3 năm 2024", "ngày 05/3/2024", "Ngày 5", "NGÀY 12 tháng 1 năm 2025",
              "Đắk Lắk", "và", "Số: 12/TB-UBND", "TP. Hồ Chí Minh", "\u00a0", "ngày", " 1", "x", "Lũ trên các sông ở Khánh Hòa"]
    lines = ["Hà Nội, ngày 5 tháng 3 năm 2024", "Lũ ở Khánh Hòa, Đắk Lắk và Gia Lai, Hà Nội, ngày 05/3/2024",
             "A, B, C ngày 5, Hà Nội , ngày 5 tháng 3 năm 2024", ", ngày 5 tháng 3 năm 2024"]
    lines += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    for t in lines:
        m = L._place_date(t)
        whole = L._PLACE_DATE.search(t)
        assert (m and (m.span(), m.groups())) == (whole and (whole.span(), whole.groups())), t


def test_the_bare_place_and_date_search_from_the_last_separator_finds_what_the_whole_search_finds() -> None:
    import random

    from vnnotice import layout as L

    rng = random.Random(11)
    pieces = ["Hà Nội", "Cần Thơ", " ", "  ", "ngày 5 tháng 3 năm 2024", "ngày 05/3/2024", "Ngày 5", "NGÀY 12 tháng 1 năm 2025",
              "Đắk Lắk", "và", "Số: 12/TB-UBND", "TP. Hồ Chí Minh", "\u00a0", "\u2003", "\x1c", "ngày", " 1", "x", ",", ";",
              "(", ")", "-", "–", "_", "12", "٣", "Sáng", "Từ", "Vào", "Lũ trên các sông ở Khánh Hòa", "Ủy Ban", "ǅ", "ⅷ", " Hà Nội ngày 5/3/2024", " Vinh ngày 7 tháng 1 năm 2025"]
    lines = ["Hà Nội ngày 5 tháng 3 năm 2024", "Kết luận số 15-KL/ĐU ngày 29 tháng 10 năm 2025 của Ban Thường vụ",
             "Sáng Hà Nội ngày 05/3/2024", "(Hà Nội) Huế ngày 5 tháng 3 năm 2024", "12 Hà Nội ngày 5"]
    lines += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(4000)]
    found = 0
    for t in lines:
        m = L._place_date_bare(t)
        whole = L._PLACE_DATE_BARE.search(t)
        found += whole is not None
        assert (m and (m.span(), m.groups())) == (whole and (whole.span(), whole.groups())), t
    assert found > 200
