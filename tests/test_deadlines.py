"""Tests of vnnotice.deadlines: expressions in sentences, distractors, holidays, working days."""
from __future__ import annotations

import json
import re
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnotice.deadlines import (
    add_working_days,
    find_deadlines,
    is_working_day,
    lunar_new_year,
    lunar_to_solar,
    public_holidays,
)

REF = date(2025, 11, 20)  # a Thursday
D = date.fromisoformat
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DATA = Path(__file__).resolve().parents[1] / "vnnotice" / "data"

# (sentence, expected due, relation). Each sentence states exactly one deadline.
EXPLICIT = [
    ("Sở Y tế báo cáo kết quả trước ngày 15/12/2025.", "2025-12-15", "before"),
    ("Trung tâm Y tế rà soát, báo cáo Sở Y tế trước ngày 05/11/2025.", "2025-11-05", "before"),
    ("Các đơn vị gửi báo cáo về Sở Nội vụ trước ngày 10 tháng 12 năm 2025.", "2025-12-10", "before"),
    ("Đề nghị các xã hoàn thành việc kiểm kê trước ngày 31/12/2025.", "2025-12-31", "before"),
    ("Bộ Tài chính tổng hợp, báo cáo Thủ tướng Chính phủ trước ngày 30 tháng 11 năm 2025.", "2025-11-30", "before"),
    ("Giao Sở Xây dựng trước ngày 25/12/2025 trình UBND tỉnh phương án xử lý.", "2025-12-25", "before"),
    ("Các sở gửi ý kiến góp ý bằng văn bản trước ngày 01-12-2025.", "2025-12-01", "before"),
    ("Ủy ban nhân dân các xã nộp hồ sơ trước ngày 08.12.2025.", "2025-12-08", "before"),
    ("Các đơn vị gửi danh sách về Văn phòng trước 17 giờ ngày 24/11/2025.", "2025-11-24", "before"),
    ("Đề nghị gửi ý kiến trước 16h00 ngày 02/12/2025 để tổng hợp.", "2025-12-02", "before"),
    ("Các phòng chuyên môn báo cáo trước thứ Sáu, ngày 28/11/2025.", "2025-11-28", "before"),
    ("Công an tỉnh hoàn thành xong trước ngày 20/12/2025.", "2025-12-20", "before"),
    ("Các đơn vị báo cáo kết quả trước ngày 5/1/2026.", "2026-01-05", "before"),
    ("Sở Tài chính thẩm định, trình phê duyệt trước ngày 15 tháng 01 năm 2026.", "2026-01-15", "before"),
    ("Ban Quản lý dự án hoàn thiện hồ sơ, gửi Sở Xây dựng trước ngày 12/12/2025.", "2025-12-12", "before"),
    ("Các Bộ báo cáo Chính phủ chậm nhất ngày 15/12/2025.", "2025-12-15", "by"),
    ("Hồ sơ gửi về Sở Nội vụ chậm nhất là ngày 05/12/2025.", "2025-12-05", "by"),
    ("Các đơn vị nộp báo cáo chậm nhất vào ngày 10 tháng 12 năm 2025.", "2025-12-10", "by"),
    ("Đề nghị các địa phương gửi kết quả muộn nhất ngày 18/12/2025.", "2025-12-18", "by"),
    ("Sở Công Thương tổng hợp, báo cáo không muộn hơn ngày 22/12/2025.", "2025-12-22", "by"),
    ("Các cơ quan cập nhật dữ liệu lên hệ thống, hạn chót là ngày 26/12/2025.", "2025-12-26", "by"),
    ("Thời hạn hoàn thành: trước ngày 31/3/2026.", "2026-03-31", "before"),
    ("Phấn đấu đến hết 31/12/2025 tiêm thêm 140.000 mũi vắc xin.", "2025-12-31", "by"),
    ("Các xã hoàn thành việc cấp giấy chứng nhận đến hết ngày 31/12/2025.", "2025-12-31", "by"),
    ("Sở Y tế hoàn thành việc rà soát đến ngày 15/12/2025.", "2025-12-15", "by"),
    ("Tổ chức lễ khánh thành các dự án vào ngày 19 tháng 12 năm 2025.", "2025-12-19", "by"),
    ("Khởi công dự án mở rộng cao tốc vào ngày 19/12/2025.", "2025-12-19", "by"),
    ("Các Bộ gửi báo cáo trong ngày 21/11/2025.", "2025-11-21", "on"),
    ("Tổ chức lễ trao thưởng cho các nhà thầu vào ngày 19 tháng 12 năm 2025.", "2025-12-19", "by"),
    ("UBND huyện báo cáo Sở trước ngày 02/01/2026 để tổng hợp.", "2026-01-02", "before"),
    ("Đề nghị các Bộ cho ý kiến bằng văn bản trước ngày 03 tháng 12 năm 2025.", "2025-12-03", "before"),
    ("Trung tâm Y tế TP. Cẩm Phả hoàn thiện hồ sơ, báo cáo Sở Y tế trước ngày 28/11/2025.", "2025-11-28", "before"),
    ("Giao Sở Nội vụ tham mưu, trình UBND tỉnh trước ngày 15/01/2026.", "2026-01-15", "before"),
    ("Sở Tài chính gửi dự thảo lấy ý kiến các sở trước ngày 26/11/2025.", "2025-11-26", "before"),
    ("Các huyện tổng hợp số liệu, gửi Cục Thống kê chậm nhất ngày 10/01/2026.", "2026-01-10", "by"),
    ("Yêu cầu các chủ đầu tư hoàn thành quyết toán trước ngày 30/6/2026.", "2026-06-30", "before"),
    ("Các đơn vị xử lý dứt điểm các kiến nghị trước ngày 31/12/2025.", "2025-12-31", "before"),
    ("Bộ Quốc phòng bàn giao mặt bằng cho địa phương trước ngày 20 tháng 12 năm 2025.", "2025-12-20", "before"),
]

PERIODS = [
    ("Hoàn thành trong tháng 4/2026.", "2026-04-30", "by"),
    ("Bộ Tư pháp trình Chính phủ xem xét, quyết định trong tháng 12/2025.", "2025-12-31", "by"),
    ("Báo cáo Thủ tướng Chính phủ trong tháng 12 năm 2025.", "2025-12-31", "by"),
    ("Các Bộ rà soát, hoàn thành trong tháng 11 năm 2025.", "2025-11-30", "by"),
    ("Sở Y tế hoàn thiện Đề án, trình UBND tỉnh vào Quý I/2026.", "2026-03-31", "by"),
    ("Dự kiến hoàn thiện vào Quý II/2026.", "2026-06-30", "by"),
    ("Báo cáo Thủ tướng Chính phủ kết quả thực hiện trong Quý I năm 2026.", "2026-03-31", "by"),
    ("Hoàn thành việc sắp xếp trụ sở trong Quý II năm 2026.", "2026-06-30", "by"),
    ("Ban hành quy chế phối hợp trong quý 1/2026.", "2026-03-31", "by"),
    ("Hoàn thành trong Quý IV/2025.", "2025-12-31", "by"),
    ("Bộ Xây dựng khẩn trương rà soát, sớm bàn giao trong năm 2025 dự án nạo vét luồng tàu.", "2025-12-31", "by"),
    ("Các tỉnh hoàn thiện Báo cáo nghiên cứu tiền khả thi, hoàn thành trong năm 2025.", "2025-12-31", "by"),
    ("Sửa đổi, bổ sung các văn bản quy phạm pháp luật trong năm 2026.", "2026-12-31", "by"),
    ("Hoàn thành việc số hóa hồ sơ đến hết năm 2025.", "2025-12-31", "by"),
    ("Đưa vào khai thác tuyến cao tốc trong năm 2026.", "2026-12-31", "by"),
    ("Báo cáo UBND tỉnh trình HĐND phê duyệt tại Kỳ họp tháng 12/2025.", "2025-12-31", "by"),
    ("Trình HĐND tỉnh thông qua tại kỳ họp thường lệ tháng 12 năm 2025.", "2025-12-31", "by"),
    ("Các đơn vị hoàn thành trong 6 tháng đầu năm 2026.", "2026-06-30", "by"),
    ("Ban hành quy chế quản lý trong 06 tháng đầu năm 2026.", "2026-06-30", "by"),
    ("Các xã hoàn thành cuối năm 2025.", "2025-12-31", "by"),
    ("Bàn giao công trình trước tháng 3/2026.", "2026-02-28", "before"),
    ("Trình Thủ tướng Chính phủ phê duyệt trước Quý II/2026.", "2026-03-31", "before"),
    ("Hoàn thành giải phóng mặt bằng chậm nhất trong Quý I/2026.", "2026-03-31", "by"),
    ("Tổ chức tổng kết, báo cáo kết quả trong tháng 01/2026.", "2026-01-31", "by"),
    ("Công bố danh mục thủ tục hành chính trong tháng 2 năm 2026.", "2026-02-28", "by"),
    ("Nghiệm thu, bàn giao đưa vào sử dụng trong Quý III/2026.", "2026-09-30", "by"),
    ("Gửi Bộ Nội vụ thẩm định trong tháng 12/2025.", "2025-12-31", "by"),
    ("Sở Tư pháp hoàn thiện dự thảo, trình UBND tỉnh ban hành trong tháng 01 năm 2026.", "2026-01-31", "by"),
    ("Các Tập đoàn hoàn thành phủ sóng 5G trong tháng 12 năm 2025.", "2025-12-31", "by"),
    ("Hoàn tất thủ tục đầu tư trong năm 2025.", "2025-12-31", "by"),
    ("Sở Khoa học và Công nghệ trình UBND tỉnh ban hành quy chế trong Quý I/2026.", "2026-03-31", "by"),
    ("Các bộ hoàn thiện dự thảo Nghị định, trình Chính phủ trong tháng 01/2026.", "2026-01-31", "by"),
    ("Hoàn thành di dời các hộ dân ra khỏi vùng sạt lở trong tháng 12/2025.", "2025-12-31", "by"),
    ("Các địa phương hoàn thành việc cấp đổi giấy tờ trong 06 tháng cuối năm 2026.", "2026-12-31", "by"),
    ("Ban Quản lý dự án hoàn thành nghiệm thu trong Quý II/2026.", "2026-06-30", "by"),
    ("Sở Giáo dục báo cáo kết quả tuyển sinh trong tháng 3 năm 2026.", "2026-03-31", "by"),
    ("Các doanh nghiệp viễn thông hoàn thành lắp đặt trạm trong năm 2026.", "2026-12-31", "by"),
]

# Written without a year: completed from REF (2025-11-20), rolling forward.
INCOMPLETE = [
    ("Các đơn vị báo cáo trước 15/12.", "2025-12-15", "before"),
    ("Các đơn vị báo cáo trước ngày 10/01.", "2026-01-10", "before"),
    ("Sở Y tế tổng hợp, báo cáo trước ngày 20/11.", "2025-11-20", "before"),
    ("Sở Y tế tổng hợp, báo cáo trước ngày 19/11.", "2026-11-19", "before"),
    ("Các sở gửi báo cáo trước ngày 25 tháng 12.", "2025-12-25", "before"),
    ("Các xã nộp hồ sơ chậm nhất ngày 05/12.", "2025-12-05", "by"),
    ("Hoàn thành trong tháng 12.", "2025-12-31", "by"),
    ("Hoàn thành trong tháng 11.", "2025-11-30", "by"),
    ("Hoàn thành trong tháng 10.", "2026-10-31", "by"),
    ("Báo cáo UBND tỉnh trong Quý IV.", "2025-12-31", "by"),
    ("Báo cáo UBND tỉnh trong Quý I.", "2026-03-31", "by"),
    ("Hoàn thành cuối năm.", "2025-12-31", "by"),
]

# Counted from REF (2025-11-20, Thursday): window relation.
RELATIVE = [
    ("Các đơn vị báo cáo trong vòng 10 ngày kể từ ngày ký.", "2025-11-30"),
    ("Trong thời hạn 15 ngày kể từ ngày ban hành Quyết định này, các sở gửi báo cáo.", "2025-12-05"),
    ("Các cơ quan gửi ý kiến trong 05 ngày làm việc.", "2025-11-27"),
    ("Trong 10 ngày làm việc kể từ ngày nhận được văn bản này, các xã báo cáo.", "2025-12-04"),
    ("Sở Tài chính báo cáo trong thời hạn 02 tuần.", "2025-12-04"),
    ("Các đơn vị hoàn thành trong vòng 01 tháng kể từ ngày ký.", "2025-12-20"),
    ("Hoàn thành việc kiểm kê trong vòng 03 tháng kể từ ngày ký.", "2026-02-20"),
    ("Chậm nhất 07 ngày kể từ ngày ký, các đơn vị gửi danh sách.", "2025-11-27"),
    ("Các sở nộp báo cáo không quá 30 ngày kể từ ngày ban hành.", "2025-12-20"),
    ("Các đơn vị hoàn thành trong vòng 20 ngày.", "2025-12-10"),
]

EVENTS = [
    ("Hoàn thành việc chi trả trước Tết Nguyên đán 2026.", "2026-02-17"),
    ("Các đơn vị hoàn thành chi trả trợ cấp trước Tết Nguyên đán.", "2026-02-17"),
    ("Bàn giao nhà cho các hộ nghèo trước Tết Bính Ngọ.", "2026-02-17"),
    ("Hoàn thành thông xe kỹ thuật trước Tết Dương lịch 2026.", "2026-01-01"),
    ("Các xã hoàn thành chi trả trước Tết Âm lịch năm 2026.", "2026-02-17"),
]

RECURRING = [
    ("Định kỳ hằng tháng, báo cáo trước ngày 20.", "2025-12-20", "monthly"),
    ("Các đơn vị báo cáo kết quả trước ngày 25 hằng tháng.", "2025-11-25", "monthly"),
    ("Định kỳ hàng tháng, gửi báo cáo chậm nhất ngày 05.", "2025-12-05", "monthly"),
    ("Định kỳ hằng năm báo cáo UBND tỉnh trước ngày 15 tháng 12.", "2025-12-15", "yearly"),
    ("Các sở báo cáo trước ngày 30 tháng 11 hàng năm.", "2025-11-30", "yearly"),
]

STANDING = [
    "Thời gian thực hiện: Thường xuyên.",
    "Thời gian: thường xuyên.",
    "Sở Y tế thường xuyên kiểm tra, đôn đốc các đơn vị.",
    "Các đơn vị thường xuyên cập nhật thông tin trên hệ thống.",
    "Công an tỉnh thường xuyên theo dõi, nắm bắt tình hình.",
]

# Time expressions that are not deadlines.
DISTRACTORS = [
    "Thực hiện Quyết định số 66/QĐ-UBND ngày 10/01/2022 của Ủy ban nhân dân tỉnh.",
    "Ngày 22/10/2022, đồng chí Giám đốc Sở Y tế đã chủ trì Hội nghị.",
    "Kế hoạch này có hiệu lực từ ngày 01/12/2025.",
    "Triển khai Kế hoạch phát triển kinh tế - xã hội giai đoạn 2023-2025.",
    "Phấn đấu đạt mục tiêu tăng trưởng 8% trong năm 2025.",
    "Xây dựng kịch bản thúc đẩy tăng trưởng từ nay đến hết năm 2025.",
    "Trong 10 tháng năm 2025, tổng thu ngân sách đạt 13.966 tỷ đồng.",
    "Tổng số lần khám tính đến ngày 15/11/2025 là 126.865 lượt.",
    "Các dự án đã hoàn thành trong năm 2024.",
    "Hội nghị diễn ra vào ngày 20/12/2025 tại Hà Nội.",
    "Tập trung kiểm tra trong đợt cao điểm trước Tết Nguyên đán năm 2026.",
    "Tổ chức tốt các hoạt động trong dịp Tết Nguyên đán Bính Ngọ 2026.",
    "Thực hiện Chiến lược phát triển đến năm 2030, tầm nhìn đến năm 2045.",
    "Tiếp tục triển khai các nhiệm vụ trong năm 2026.",
    "Thời gian làm việc trước ngày 01/01/1995 được tính là thời gian công tác.",
    "Chỉ tiêu: giảm tỷ lệ hộ nghèo xuống dưới 2% vào năm 2025.",
    "Bảo đảm an toàn thực phẩm trong đợt nghỉ lễ 30/4-01/5/2025 dài 05 ngày.",
    "Ngày điều trị trung bình là 6,40 ngày.",
    "Trong 10 ngày qua, lượng mưa tăng cao.",
    "Theo Nghị định số 96/2023/NĐ-CP ngày 30/12/2023 của Chính phủ.",
    "Rà soát kỹ kinh phí chi thường xuyên năm 2026.",
    "Báo cáo kết quả công tác 6 tháng đầu năm 2025.",
    "Sau 09 tháng tiếp nhận 177 Trạm Y tế về Trung tâm Y tế.",
    "Trong tháng 11 năm 2025, do mưa lũ lớn đã gây thiệt hại nặng nề.",
    "Hồ sơ được cấp trước ngày 01/7/2025 tiếp tục có giá trị sử dụng.",
    "Tại phiên họp ngày 28/11/2025, Ban Chỉ đạo đã thống nhất nội dung.",
    "Xây dựng dự toán ngân sách năm 2026.",
    "Giải ngân vốn đầu tư công tính đến hết ngày 31/10/2025 đạt 72,4% kế hoạch.",
    "Mô hình chính quyền địa phương 02 cấp vận hành từ ngày 01 tháng 7 năm 2025.",
    "Chào mừng kỷ niệm 80 năm Ngày Quốc khánh 02/9/2025.",
    "Luật số 90/2025/QH15 của Quốc hội đã được thông qua.",
    "Đầu tư công trong giai đoạn 2026 - 2030.",
    "Triển khai Kế hoạch tuyển dụng viên chức năm 2026 của Ngành.",
    "Số hưởng lương từ nguồn thu đơn vị 421/991 người.",
    "Chương trình xóa nhà tạm trong năm 2025 đã được hoàn thành.",
    "Chúng ta có cơ sở để tin tưởng trong năm 2025 sẽ hoàn thành các mục tiêu.",
    "Điều chuyển số vốn không có khả năng giải ngân trong năm 2025.",
    "Hệ thống bảo đảm hoạt động ổn định, thông suốt 24/7.",
    "Thời gian qua, các bộ ngành đã hoàn thành 08 nhiệm vụ đúng thời hạn.",
    "Sở Y tế tiếp nhận hồ sơ từ ngày 01/12/2025.",
    "Các chỉ tiêu kế hoạch của Ngành trong năm 2025 theo nhiệm vụ Tỉnh ủy giao.",
    "Hoàn thành 5.000 km đường bộ cao tốc vào năm 2030.",
    "Các sự kiện văn hóa, thể thao diễn ra trên địa bàn tỉnh trong năm 2026.",
    "Kinh phí vận động, hỗ trợ năm 2024 được quản lý chặt chẽ.",
]


def _only(sentence: str, reference: date | None = REF):
    """The single deadline found in `sentence` (fails when there is not exactly one)."""
    found = find_deadlines(sentence, reference)
    assert len(found) == 1, [(d.surface, d.due) for d in found]
    return found[0]


@pytest.mark.parametrize("sentence,due,relation", EXPLICIT + PERIODS)
def test_written_deadlines(sentence: str, due: str, relation: str) -> None:
    deadline = _only(sentence)
    assert deadline.due == D(due)
    assert deadline.relation == relation
    assert deadline.resolution == "explicit"
    assert deadline.recurring is None


@pytest.mark.parametrize("sentence,due,relation", INCOMPLETE)
def test_dates_completed_from_reference(sentence: str, due: str, relation: str) -> None:
    deadline = _only(sentence)
    assert (deadline.due, deadline.relation) == (D(due), relation)
    assert deadline.resolution == "reference_date"


@pytest.mark.parametrize("sentence,due", RELATIVE)
def test_relative_limits(sentence: str, due: str) -> None:
    deadline = _only(sentence)
    assert deadline.due == D(due)
    assert deadline.relation == "within"
    assert deadline.start == REF
    assert deadline.resolution == "relative"


@pytest.mark.parametrize("sentence,due", EVENTS)
def test_events(sentence: str, due: str) -> None:
    deadline = _only(sentence)
    assert (deadline.due, deadline.relation, deadline.resolution) == (D(due), "before", "event")


@pytest.mark.parametrize("sentence,due,recurring", RECURRING)
def test_recurring(sentence: str, due: str, recurring: str) -> None:
    deadline = _only(sentence)
    assert (deadline.due, deadline.recurring) == (D(due), recurring)


@pytest.mark.parametrize("sentence", STANDING)
def test_standing(sentence: str) -> None:
    deadline = _only(sentence)
    assert deadline.relation == "standing"
    assert deadline.due is None
    assert deadline.resolution == "standing"


@pytest.mark.parametrize("sentence", DISTRACTORS)
def test_distractors_yield_nothing(sentence: str) -> None:
    assert find_deadlines(sentence, REF) == []


def test_table_sizes() -> None:
    positives = EXPLICIT + PERIODS + INCOMPLETE + RELATIVE + EVENTS + RECURRING
    assert len(positives) + len(STANDING) + len(DISTRACTORS) >= 150
    assert len(DISTRACTORS) >= 30


def test_spans_and_surfaces_with_offset() -> None:
    text = "1. Sở Y tế rà soát, báo cáo trước ngày 15/12/2025; hoàn thành trong tháng 01/2026."
    found = find_deadlines(text, REF, offset=100)
    assert [d.surface for d in found] == ["trước ngày 15/12/2025", "trong tháng 01/2026"]
    for deadline in found:
        start, end = deadline.span
        assert text[start - 100:end - 100] == deadline.surface
        assert deadline.directive is None


def test_directive_id_given_to_every_deadline() -> None:
    text = "Báo cáo trước ngày 15/12/2025; hoàn thành trong tháng 01/2026."
    found = find_deadlines(text, REF, directive="d3")
    assert len(found) == 2 and {d.directive for d in found} == {"d3"}


def test_text_order_and_several_deadlines() -> None:
    text = ("Bộ Xây dựng báo cáo trước ngày 01 tháng 12 năm 2025; "
            "các tỉnh hoàn thành trong Quý I năm 2026; gửi kết quả chậm nhất ngày 30/11/2025.")
    assert [d.due for d in find_deadlines(text, REF)] == [D("2025-12-01"), D("2026-03-31"), D("2025-11-30")]


def test_window_from_to() -> None:
    deadline = _only("Các xã tổ chức kiểm tra từ ngày 01/12/2025 đến ngày 15/12/2025.")
    assert (deadline.relation, deadline.start, deadline.due) == ("within", D("2025-12-01"), D("2025-12-15"))


def test_no_reference_date() -> None:
    assert _only("báo cáo trước ngày 15/12/2024.", None).due == D("2024-12-15")
    assert find_deadlines("báo cáo trước ngày 15/12/2024.", REF) == []  # long past the reference
    assert find_deadlines("Các đơn vị báo cáo trước 15/12.", None) == []
    relative = _only("Các đơn vị báo cáo trong vòng 10 ngày kể từ ngày ký.", None)
    assert relative.due is None and relative.relation == "within"


def test_procedural_limit_keeps_no_date() -> None:
    deadline = _only("Trong thời hạn 05 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ, Sở trả lời.")
    assert deadline.due is None and deadline.relation == "within"


def test_uppercase_and_decomposed_unicode_free_text() -> None:
    assert _only("BÁO CÁO TRƯỚC NGÀY 15/12/2025.").due == D("2025-12-15")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    for deadline in find_deadlines(text, REF, offset=7):
        start, end = deadline.span
        assert text[start - 7:end - 7] == deadline.surface


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["trước", "ngày", "tháng", "năm", "Quý", "Tết", "15/12", "2025", "31/02/2025",
                                 "00/00/0000", "99", "hằng tháng", "kể từ", "trong", "đến hết", ",", ".", "\n"]),
                max_size=40))
def test_never_raises_on_time_word_salad(words: list[str]) -> None:
    find_deadlines(" ".join(words), REF)
    find_deadlines(" ".join(words), None)


def test_non_str_and_empty() -> None:
    assert find_deadlines("", REF) == []
    assert find_deadlines(None, REF) == []  # type: ignore[arg-type]


def test_large_text_finds_every_deadline() -> None:
    """A 1.3 MB text of narrative and tasks: every task's limit found, no narrative date taken
    (the speed of the same text is measured in benchmarks/deadlines_speed.py)."""
    text = (NARRATIVE * 5 + TASK) * 600
    found = find_deadlines(text, REF)
    assert len(found) == 600
    assert {d.due for d in found} == {date(2025, 12, 15)}


NARRATIVE = ("Căn cứ Quyết định số 66/QĐ-UBND ngày 10/01/2022 của Ủy ban nhân dân tỉnh về việc tiếp nhận "
             "các Trạm Y tế, trong 10 tháng năm 2025 ngành Y tế đã triển khai đồng bộ các nhiệm vụ, giải pháp "
             "của Kế hoạch giai đoạn 2023-2025; tỷ lệ bao phủ bảo hiểm y tế đạt 93,5%, tăng 1,2% so với cùng "
             "kỳ; công tác khám chữa bệnh tiếp tục được duy trì ổn định, chất lượng dịch vụ từng bước nâng lên.\n")
TASK = "Sở Y tế chủ trì, phối hợp với các đơn vị liên quan rà soát, báo cáo UBND tỉnh trước ngày 15/12/2025.\n"


# ---------------------------------------------------------------------------
# Lunar calendar, holidays, working days
# ---------------------------------------------------------------------------

# Tết Nguyên đán in Vietnam (known dates; 2007 differs from China's 18/02).
KNOWN_TET = {
    2000: "2000-02-05", 2007: "2007-02-17", 2010: "2010-02-14", 2012: "2012-01-23", 2013: "2013-02-10",
    2014: "2014-01-31", 2015: "2015-02-19", 2016: "2016-02-08", 2017: "2017-01-28", 2018: "2018-02-16",
    2019: "2019-02-05", 2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22",
    2024: "2024-02-10", 2025: "2025-01-29", 2026: "2026-02-17",
}
KNOWN_GIO_TO = {
    2019: "2019-04-14", 2020: "2020-04-02", 2021: "2021-04-21", 2022: "2022-04-10",
    2023: "2023-04-29", 2024: "2024-04-18", 2025: "2025-04-07", 2026: "2026-04-26",
}


@pytest.mark.parametrize("year,day", sorted(KNOWN_TET.items()))
def test_lunar_new_year_matches_known_dates(year: int, day: str) -> None:
    assert lunar_new_year(year) == D(day)


@pytest.mark.parametrize("year,day", sorted(KNOWN_GIO_TO.items()))
def test_gio_to_hung_vuong(year: int, day: str) -> None:
    assert lunar_to_solar(year, 3, 10) == D(day)


def test_lunar_new_year_range_is_plausible() -> None:
    for year in range(2000, 2051):
        tet = lunar_new_year(year)
        assert D(f"{year}-01-21") <= tet <= D(f"{year}-02-20")
        assert lunar_to_solar(year, 12, 1) < lunar_new_year(year + 1)


def test_leap_month_2023() -> None:
    assert lunar_to_solar(2023, 2, 1, leap=True) == D("2023-03-22")
    with pytest.raises(ValueError):
        lunar_to_solar(2024, 2, 1, leap=True)


def _holiday_entries() -> list[tuple[str, dict]]:
    data = tomllib.loads((DATA / "holidays.toml").read_text(encoding="utf-8"))
    return [("solar", e) for e in data["solar"]] + [("lunar", e) for e in data["lunar"]]


@pytest.mark.parametrize("kind,entry", _holiday_entries(), ids=lambda v: v["name"] if isinstance(v, dict) else v)
def test_each_holiday_entry(kind: str, entry: dict) -> None:
    year = max(entry["since"], 2025)
    base = lunar_to_solar(year, entry["month"], entry["day"]) if kind == "lunar" \
        else date(year, entry["month"], entry["day"])
    for offset in entry["offsets"]:
        day = base + timedelta(days=offset)
        assert day in public_holidays(year)
        assert not is_working_day(day)
    before = entry["since"] - 1
    old = lunar_to_solar(before, entry["month"], entry["day"]) if kind == "lunar" \
        else date(before, entry["month"], entry["day"])
    if old.isoweekday() < 6 and (old.month, old.day) not in {(h.month, h.day) for h in public_holidays(before) if h != old}:
        assert old not in public_holidays(before)


def test_weekend_compensation() -> None:
    # 1/9/2024 was a Sunday: compensated on Tuesday 3/9 (2/9 is itself a holiday).
    assert D("2024-09-03") in public_holidays(2024)
    # 1/1/2022 was a Saturday: compensated on Monday 3/1.
    assert D("2022-01-03") in public_holidays(2022)


def test_working_days_across_tet() -> None:
    # Tết 2025 = 29/01: days off 28/01-01/02, with 01/02 (Saturday) compensated on 03/02.
    assert add_working_days(D("2025-01-27"), 1) == D("2025-02-04")
    assert add_working_days(D("2025-01-24"), 1) == D("2025-01-27")
    # Tết 2026 = 17/02: days off 16/02-20/02.
    assert add_working_days(D("2026-02-13"), 1) == D("2026-02-23")


def test_working_days_across_30_4_and_1_5() -> None:
    # 2025: 30/4 Wednesday, 1/5 Thursday.
    assert add_working_days(D("2025-04-28"), 3) == D("2025-05-05")
    assert add_working_days(D("2025-04-29"), 1) == D("2025-05-02")


def test_working_days_across_2_9() -> None:
    # 2025: 1/9 Monday and 2/9 Tuesday are off.
    assert add_working_days(D("2025-08-29"), 1) == D("2025-09-03")
    # 2020: only 2/9 (Wednesday) was off.
    assert add_working_days(D("2020-09-01"), 1) == D("2020-09-03")


def test_working_days_plain_weeks_and_backwards() -> None:
    assert add_working_days(D("2025-11-20"), 0) == D("2025-11-20")
    assert add_working_days(D("2025-11-20"), 5) == D("2025-11-27")
    assert add_working_days(D("2025-11-27"), -5) == D("2025-11-20")
    assert add_working_days(D("2025-11-22"), 1) == D("2025-11-24")  # from a Saturday


def test_working_days_in_a_sentence_across_holidays() -> None:
    deadline = _only("Các đơn vị gửi báo cáo trong 03 ngày làm việc.", D("2025-04-29"))
    assert deadline.due == D("2025-05-06")  # 30/4 and 1/5 skipped: 2/5, 5/5, 6/5


# ---------------------------------------------------------------------------
# The annotated corpus: every gold deadline is found in its directive's surroundings
# ---------------------------------------------------------------------------


@pytest.mark.skipif(not (CORPUS / "gold").exists(), reason="shared corpus not available")
def test_gold_surfaces_are_read_to_their_due_dates() -> None:
    checked = 0
    for path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        reference = D(gold["reference_date"]) if gold.get("reference_date") else None
        for item in gold["deadlines"]:
            if item.get("recurring") or item["surface"] in {"năm 2025"}:
                continue
            sentence = f"Các đơn vị hoàn thành, báo cáo {item['surface']}."
            dues = [d.due for d in find_deadlines(sentence, reference)]
            assert D(item["due"]) in dues, (path.name, item)
            checked += 1
    assert checked >= 30


# ---------------------------------------------------------------- unseen phrasing (issue 17)
# A plan's period, a target's horizon or an event's dates are not deadlines; a
# real limit after a verb of delivering or finishing is one, even with a plan
# noun as its object or in a year after next; a ";" inside brackets does not cut
# the sentence; an event ("trước Tết") closes a task only when no purpose word
# follows the last completion verb.

PERIODS_AND_EVENTS = [
    "Sở Văn hóa tổ chức Tuần lễ du lịch trong tuần từ ngày 10 đến ngày 20/9/2026 và báo cáo kết quả về Sở.",
    "Hưởng ứng Tháng hành động (từ ngày 01/12 đến ngày 31/12) và báo cáo kết quả.",
    "Các trường tổ chức Hội thi tin học từ ngày 05/12/2025 đến ngày 08/12/2025, gửi kết quả về Phòng.",
    "b) Thời gian: Từ ngày 01/12/2025 đến ngày 20/12/2025.",
    "Thời gian tổ chức: từ ngày 02/12/2025 đến ngày 06/12/2025.",
    "- Chỉ tiêu 3: Tỷ lệ trẻ em đi học đúng độ tuổi đạt 99 phần nghìn vào năm 2026.",
    "Mục tiêu 2: Giảm số vụ cháy nổ còn 10 vụ vào năm 2026.",
    "- Chỉ tiêu 1: Giảm số giờ làm việc nội trợ của phụ nữ còn 2 giờ trong năm 2026.",
    "Hỗ trợ kinh phí sửa chữa nhà để người dân có nhà ở ổn định trước Tết Nguyên đán 2026.",
    "Huy động nguồn lực sửa chữa, xây dựng lại nhà ở bảo đảm các hộ có chỗ ở an toàn trước Tết Nguyên đán năm 2026.",
    "Đề xuất nguồn vốn hoàn thành dự án nhằm giúp người dân đón Tết Nguyên đán 2026 trước Tết Nguyên đán 2026.",
    "Bảo đảm tiến độ đầu tư giai đoạn 2026-2030, tầm nhìn đến năm 2035.",
    "- Đạt mục tiêu về công trình xanh vào năm 2030: có thêm 300 công trình.",
    "Nâng cao trình độ chuyên môn của cán bộ trong năm 2027.",
]

REAL_LIMITS = [
    ("Sở Giao thông vận tải hoàn thành nhiệm vụ trong tháng 7/2026.", "2026-07-31"),
    ("Ban Quản lý dự án hoàn thành các hạng mục kế hoạch trong Quý II/2026.", "2026-06-30"),
    ("Yêu cầu chủ đầu tư bàn giao công trình trong năm 2028.", "2028-12-31"),
    ("Ủy ban nhân dân tỉnh hoàn thành việc di dời các hộ dân trong năm 2027.", "2027-12-31"),
    ("Tổng hợp báo cáo (gồm: số hộ bị thiệt hại; kinh phí cần hỗ trợ) gửi Sở Tài chính trước ngày 20/12/2025.",
     "2025-12-20"),
    ("Lập danh sách (họ tên; địa chỉ; số tiền) gửi Phòng Nội vụ trong tháng 12/2025.", "2025-12-31"),
    ("Bảo đảm hoàn thành việc sửa chữa nhà trước Tết Nguyên đán năm 2026.", "2026-02-17"),
    ("Các xã giải ngân hết vốn hỗ trợ trước Tết Nguyên đán 2026.", "2026-02-17"),
    ("Các xã tổ chức kiểm tra từ ngày 01/12/2025 đến ngày 15/12/2025.", "2025-12-15"),
    ("Thời hạn hoàn thành: từ ngày 01/01/2026 đến ngày 31/3/2026.", "2026-03-31"),
    ("Sở Xây dựng trình Ủy ban nhân dân tỉnh phê duyệt trong tháng 12/2025.", "2025-12-31"),
]


@pytest.mark.parametrize("sentence", PERIODS_AND_EVENTS)
def test_periods_targets_and_event_dates_are_not_deadlines(sentence: str) -> None:
    assert find_deadlines(sentence, REF) == []


@pytest.mark.parametrize("sentence, due", REAL_LIMITS)
def test_real_limits_after_a_task_verb(sentence: str, due: str) -> None:
    assert _only(sentence).due == D(due)



def test_deadline_in_the_body_outside_the_items_has_no_directive() -> None:
    import vnnotice
    text = ("ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\nSố: 45/KH-UBND\n\nKẾ HOẠCH\nKiểm tra công tác phòng cháy\n\n"
            "Để bảo đảm an toàn, các sở gửi báo cáo về Sở Nội vụ trước ngày 20 tháng 12 năm 2025. "
            "Ủy ban nhân dân tỉnh yêu cầu như sau:\n\n"
            "1. Sở Xây dựng rà soát các công trình.\n2. Công an tỉnh kiểm tra các cơ sở.\n\n"
            "Ủy ban nhân dân tỉnh thông báo để các sở biết, thực hiện; kết quả gửi về Sở Nội vụ "
            "trước ngày 18 tháng 12 năm 2025./.\n\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Bình\n")
    notice = vnnotice.extract(text)
    assert sorted((d.due, d.directive) for d in notice.deadlines) == [(D("2025-12-18"), None), (D("2025-12-20"), None)]


def _patterns_data() -> dict:
    return tomllib.loads((DATA / "deadline_patterns.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("noun", _patterns_data()["blockers"]["event"])
def test_each_event_noun_makes_a_window_the_event_dates(noun: str) -> None:
    sentence = f"Sở Văn hóa tổ chức {noun} cấp tỉnh từ ngày 03/12/2025 đến ngày 07/12/2025 và báo cáo kết quả."
    assert find_deadlines(sentence, REF) == []
    task = "Sở Văn hóa kiểm tra các cơ sở từ ngày 03/12/2025 đến ngày 07/12/2025 và báo cáo kết quả."
    assert _only(task).due == D("2025-12-07")


@pytest.mark.parametrize("word", _patterns_data()["verbs"]["purpose"])
def test_each_purpose_word_after_the_verb_makes_tet_a_purpose(word: str) -> None:
    assert find_deadlines(f"Các xã xây dựng lại nhà {word} người dân có chỗ ở trước Tết Nguyên đán 2026.", REF) == []
    assert _only(f"Các xã {word} hoàn thành sửa chữa nhà trước Tết Nguyên đán 2026.").due == D("2026-02-17")


@pytest.mark.parametrize("label", _patterns_data()["blockers"]["target_labels"])
def test_each_target_label_makes_a_period_a_horizon(label: str) -> None:
    assert find_deadlines(f"- {label.capitalize()} 4: Hoàn thành cứng hóa 90 km đường xã trong năm 2026.", REF) == []
    assert _only("Sở Giao thông vận tải hoàn thành cứng hóa đường xã trong năm 2026.").due == D("2026-12-31")


@pytest.mark.parametrize("sentence", [
    "Để hoàn thành tốt những nhiệm vụ trong năm 2026, Giám đốc Sở yêu cầu các đơn vị triển khai đầy đủ.",
    "Nhằm hoàn thành các chỉ tiêu kế hoạch trong năm 2026, các xã tập trung chỉ đạo.",
])
def test_tasks_of_a_year_in_a_purpose_clause_are_not_deadlines(sentence: str) -> None:
    assert find_deadlines(sentence, REF) == []


@pytest.mark.parametrize("noun", _patterns_data()["verbs"]["nouns"])
def test_a_verb_inside_a_noun_is_no_verb(noun: str) -> None:
    assert find_deadlines(f"Nâng cao chất lượng {noun} của tỉnh trong tháng 12/2025.", REF) == []
    assert _only("Nâng cao chất lượng hồ sơ, trình Sở Tư pháp trong tháng 12/2025.").due == D("2025-12-31")


# A plan or budget noun in an earlier clause of the sentence does not make a later period
# the period of a plan: the clause after ";" states its own limit.
PLAN_NOUN_IN_EARLIER_CLAUSE = [
    ("Phòng Kinh tế cân đối, bố trí kinh phí; hoàn thành trong Quý I/2026.", "2026-03-31"),
    ("Sở Tài chính thẩm định dự toán ngân sách, xong trong tháng 12/2025.", "2025-12-31"),
    ("Trung tâm rà soát các chỉ tiêu kế hoạch; hoàn thành việc điều chỉnh trong quý I năm 2026.",
     "2026-03-31"),
]


@pytest.mark.parametrize("sentence,due", PLAN_NOUN_IN_EARLIER_CLAUSE)
def test_plan_noun_of_an_earlier_clause_does_not_block(sentence: str, due: str) -> None:
    deadline = _only(sentence)
    assert deadline.due == D(due)
    assert deadline.relation == "by"


# An explicit "chậm nhất" limit is not an occasion even when a batch or a round is named
# just before it ("đợt 1", "đợt tiêm thứ hai").
LATEST_AFTER_BATCH = [
    ("Các xã hoàn thành phun hóa chất đợt 1 chậm nhất ngày 15/12/2025.", "2025-12-15"),
    ("Trường học nộp hồ sơ xét tuyển đợt 2 chậm nhất ngày 05/01/2026.", "2026-01-05"),
    ("Trạm Y tế hoàn thành tiêm vắc xin đợt bổ sung chậm nhất ngày 30/12/2025.", "2025-12-30"),
]


@pytest.mark.parametrize("sentence,due", LATEST_AFTER_BATCH)
def test_latest_limit_after_a_batch_word(sentence: str, due: str) -> None:
    assert _only(sentence).due == D(due)


# A task card's "Thời gian:" field bounding a month or a quarter is the task's limit, as a
# date after the label is.
LABELLED_PERIODS = [
    ("Tổ chức tập huấn cho cán bộ cơ sở.\n- Thời gian: trong tháng 12/2025.", "2025-12-31"),
    ("In, phát tờ rơi tuyên truyền.\n- Thời gian thực hiện: trong Quý I/2026.", "2026-03-31"),
    ("Kiểm tra các cơ sở kinh doanh.\n- Thời hạn: trong tháng 01/2026.", "2026-01-31"),
]


@pytest.mark.parametrize("sentence,due", LABELLED_PERIODS)
def test_labelled_period_is_a_limit(sentence: str, due: str) -> None:
    deadline = _only(sentence)
    assert deadline.due == D(due)
    assert deadline.relation == "by"


def test_labelled_event_window_still_no_limit() -> None:
    assert find_deadlines("Tổ chức hội thi.\n- Thời gian: từ ngày 10/12 đến ngày 15/12/2025.", REF) == []


def test_no_deadline_in_a_text_shorter_than_the_find_stage_reads():
    """The find stage skips the pieces of the body between the items that are shorter than
    ``SHORTEST_DEADLINE`` (the items' markers): no text that short states a deadline."""
    from vnnotice.find import SHORTEST_DEADLINE

    sentences = ["Sở Y tế hoàn thành trước 1/1, báo cáo từ 2/3 đến 5/3.",
                 "Sở Tài chính báo cáo UBND tỉnh chậm nhất ngày 5/1/2026, hết 9/9, quý I, cuối năm.",
                 "Các phòng thực hiện thường xuyên, xong trước 5/1, trong 5 ngày.",
                 "UBND huyện báo cáo trước ngày 20 hằng tháng; hạn chót 3/4; vào 7/8."]
    pieces = {s[i:i + n] for s in sentences for n in range(1, SHORTEST_DEADLINE) for i in range(len(s) - n + 1)}
    assert [p for p in sorted(pieces) if find_deadlines(p, date(2026, 1, 1))] == []
    # the sentences themselves do state deadlines: the pieces are cut from text that has them
    assert all(find_deadlines(s, date(2026, 1, 1)) for s in sentences)


@pytest.mark.parametrize("sentence,due", [
    ("Phòng Thanh tra tổ chức kiểm tra đột xuất 12 cơ sở giết mổ trong tháng 01/2026.", "2026-01-31"),
    ("Các xã tổ chức rà soát hộ nghèo trong quý I/2026; tham mưu điều chỉnh danh sách.", "2026-03-31"),
    ("Ban chỉ đạo sơ kết việc thực hiện mô hình vào tháng 6 năm 2026.", "2026-06-30"),
])
def test_a_dated_month_or_quarter_bounds_an_action_done_once(sentence: str, due: str) -> None:
    assert _only(sentence).due == D(due)


@pytest.mark.parametrize("sentence", [
    "Tiếp tục triển khai các giải pháp phòng, chống dịch trong tháng 01/2026.",
    "Kết quả kiểm tra đến tháng 12/2025 cho thấy nhiều cơ sở vi phạm.",
    "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hoàn thành xóa nhà tạm trong năm 2026.",
    "Ban hành kèm theo Quyết định này Chương trình xây dựng 500 căn nhà ở xã hội trong quý IV/2026.",
])
def test_an_open_ended_action_or_a_tally_in_a_month_is_no_limit(sentence: str) -> None:
    assert find_deadlines(sentence, REF) == []


def test_a_form_issued_with_a_decree_does_not_block_the_limit_of_its_report() -> None:
    found = find_deadlines("Gửi báo cáo theo Mẫu số 07 tại Phụ lục I ban hành kèm theo Nghị định này tới "
                           "Ủy ban nhân dân cấp xã trước ngày 31/12/2025.", REF)
    assert [d.due for d in found] == [D("2025-12-31")]


@pytest.mark.parametrize("sentence,due", [
    ("Thời hạn hoàn thành: ngày 15/01/2026.", "2026-01-15"),
    ("- Thời gian hoàn thành: Quý I/2026.", "2026-03-31"),
    ("- Thời gian thực hiện: tháng 12/2025.", "2025-12-31"),
])
def test_a_bare_date_or_period_after_a_time_field_label_is_its_limit(sentence: str, due: str) -> None:
    deadline = _only(sentence)
    assert (deadline.due, deadline.relation) == (D(due), "by")


@pytest.mark.parametrize("sentence", [
    "Thời gian: 08 giờ 00 ngày 15/12/2025, tại Hội trường UBND tỉnh.",  # a meeting's time
    "Thời gian thực hiện: năm 2026.",  # the period of a whole plan
])
def test_a_meeting_time_or_a_plan_year_after_a_label_is_no_limit(sentence: str) -> None:
    assert [d for d in find_deadlines(sentence, REF) if d.due] == []


# Triggers of every kind, each read whatever its case: the trigger is looked for only when the text
# before an expression holds one of its words, so each word of the test before the pattern is tried here.
TRIGGER_WORDS = [
    ("Phòng Quản lý đô thị hoàn thành hồ sơ trước ngày 10/3/2026.", "before"),
    ("Ban Quản lý dự án nộp báo cáo chậm nhất ngày 10/3/2026.", "by"),
    ("Các xã gửi danh sách, hạn chót là ngày 10/3/2026.", "by"),
    ("Văn phòng tổng hợp ý kiến, không muộn hơn ngày 10/3/2026.", "by"),
    ("Sở Nội vụ trình phương án, thời hạn: ngày 10/3/2026.", "by"),
    ("Sở Xây dựng hoàn thành báo cáo đến ngày 10/3/2026.", "by"),
    ("Sở Xây dựng hoàn thành báo cáo tới ngày 10/3/2026.", "by"),
    ("Sở Xây dựng hoàn thành báo cáo TỚİ ngày 10/3/2026.", "by"),  # dotted capital I: kept by lower-casing
    ("Các huyện hoàn thành việc rà soát trong tháng 3/2026.", "by"),
    ("Các huyện hoàn thành việc rà soát không quá ngày 10/3/2026.", "on"),
    ("Các huyện hoàn thành việc kiểm kê vào ngày 10/3/2026.", "by"),
]


@pytest.mark.parametrize("sentence,relation", TRIGGER_WORDS)
@pytest.mark.parametrize("case", [str, str.upper])
def test_trigger_words_in_any_case(sentence: str, relation: str, case) -> None:
    found = find_deadlines(case(sentence), date(2026, 1, 5))
    assert [d.relation for d in found] == [relation], sentence
    assert found[0].surface == case(sentence)[found[0].span[0]:found[0].span[1]]



# A run of spaces between a trigger and its date: extract's clean stage collapses such runs, a direct call on raw
# text meets them. The reading is that of the sentence with one space ({} marks where the runs go; the trigger
# is looked for in the 60 characters before the date, so the runs stay below that less the trigger's words).
SPACED = [re.sub(r" (?=(?:ngày|tháng) \d)", "{}", sentence, count=1) for sentence, _ in TRIGGER_WORDS] + [
    "Các đơn vị gửi danh sách về Văn phòng trước{}17 giờ{}ngày 24/02/2026.",
    "Các đơn vị gửi danh sách về Văn phòng trước 9{}giờ{}30 phút,{}ngày 24/02/2026.",
    "Các phòng chuyên môn báo cáo trước{}thứ Sáu,{}ngày 27/02/2026.",
    "Thời hạn hoàn thành là{}ngày 27/02/2026.",
]


@pytest.mark.parametrize("sentence", SPACED)
@pytest.mark.parametrize("run", [3, 13, 36])
def test_a_run_of_spaces_before_the_date_leaves_the_reading(sentence: str, run: int) -> None:
    ref = date(2026, 1, 5)
    runs = sentence.count("{}")
    assert runs, sentence
    single = find_deadlines(sentence.replace("{}", " "), ref)
    spaced_text = sentence.replace("{}", " " * max(1, run // runs))
    spaced = find_deadlines(spaced_text, ref)
    assert single, sentence
    assert [(d.due, d.relation, d.surface.split()) for d in spaced] == \
           [(d.due, d.relation, d.surface.split()) for d in single], spaced_text
    assert all(d.surface == spaced_text[d.span[0]:d.span[1]] for d in spaced)


# A range "A – B/2026" or "(từ) A đến B/2026" whose first part has no year: A is in B's year, or in the
# year before when it would come after B there (a start never comes after its due).
RANGES = [
    ("Sở Y tế hoàn thành trong Quý IV - Quý II/2026.", "2025-10-01", "2026-06-30", "trong Quý IV - Quý II/2026"),
    ("Các huyện báo cáo kết quả trong tháng 12 – tháng 3/2026.", "2025-12-01", "2026-03-31",
     "trong tháng 12 – tháng 3/2026"),
    ("Thực hiện từ tháng 11 đến tháng 2/2026.", "2025-11-01", "2026-02-28", "đến tháng 2/2026"),
    ("Sở Tài chính tổ chức kiểm tra từ Quý III đến hết Quý I năm 2027.", "2026-07-01", "2027-03-31",
     "đến hết Quý I năm 2027"),
    ("Các xã hoàn thành việc rà soát trong 6 tháng cuối năm - 6 tháng đầu năm 2027.", "2026-07-01", "2027-06-30",
     "trong 6 tháng cuối năm - 6 tháng đầu năm 2027"),
    ("Ban quản lý bàn giao mặt bằng vào tháng 10 đến tháng 1/2027.", "2026-10-01", "2027-01-31",
     "vào tháng 10 đến tháng 1/2027"),
    ("Phòng Nội vụ triển khai từ Quý 4 - Quý 1/2027.", "2026-10-01", "2027-03-31", "từ Quý 4 - Quý 1/2027"),
    ("Ủy ban nhân dân các xã rà soát hồ sơ từ ngày 20/11 đến ngày 15/01/2026.", "2025-11-20", "2026-01-15",
     "đến ngày 15/01/2026"),
    ("Các trường thực hiện từ 01/12 đến 28/02/2027.", "2026-12-01", "2027-02-28", "đến 28/02/2027"),
    # the same year when the first part comes first
    ("Sở Y tế hoàn thành trong Quý II - Quý IV/2026.", "2026-04-01", "2026-12-31", "trong Quý II - Quý IV/2026"),
    ("Thực hiện từ tháng 3 đến tháng 5/2026.", "2026-03-01", "2026-05-31", "đến tháng 5/2026"),
    ("Các đơn vị hoàn thành trong tháng 2 – tháng 2/2027.", "2027-02-01", "2027-02-28", "trong tháng 2 – tháng 2/2027"),
    ("Các phòng chuyên môn kiểm tra từ ngày 01/03 đến ngày 30/06/2026.", "2026-03-01", "2026-06-30",
     "đến ngày 30/06/2026"),
]


@pytest.mark.parametrize("sentence, start, due, surface", RANGES)
@pytest.mark.parametrize("reference", [REF, D("2025-06-01"), D("2025-12-25"), None])
def test_a_range_starts_in_the_year_before_its_end_when_its_first_part_comes_later(
        sentence: str, start: str, due: str, surface: str, reference: date | None) -> None:
    if reference is not None and D(due) < reference:
        pytest.skip("a range ended before the reference is no limit")
    deadline = _only(sentence, reference)
    assert (deadline.relation, deadline.start, deadline.due) == ("within", D(start), D(due))
    assert deadline.surface == surface and deadline.resolution == "explicit"


@pytest.mark.parametrize("sentence", [
    "Tháng hành động vì an toàn thực phẩm (từ tháng 11 đến tháng 2/2026) đã được phát động.",
    "Hội nghị xúc tiến đầu tư diễn ra từ Quý IV đến Quý I/2026.",
    "Mùa khô kéo dài từ tháng 11 đến tháng 4/2026.",
])
def test_a_range_naming_an_event_or_a_season_is_no_limit(sentence: str) -> None:
    assert find_deadlines(sentence, REF) == []


# A range of months, quarters or half-years whose two parts both carry their year is one window as well:
# from the first day of the first part to the last day of the second.
BOTH_DATED = [
    ("Sở Xây dựng hoàn thành trong Quý IV/2025 - Quý II/2026.", "2025-10-01", "2026-06-30",
     "trong Quý IV/2025 - Quý II/2026"),
    ("Các huyện báo cáo kết quả trong Quý I/2026 – Quý III/2026.", "2026-01-01", "2026-09-30",
     "trong Quý I/2026 – Quý III/2026"),
    ("Thực hiện từ tháng 10/2025 đến tháng 3/2026.", "2025-10-01", "2026-03-31", "đến tháng 3/2026"),
    ("Sở Nông nghiệp tổ chức kiểm tra từ tháng 11 năm 2025 đến tháng 2 năm 2026.", "2025-11-01", "2026-02-28",
     "đến tháng 2 năm 2026"),
    ("Ban quản lý dự án bàn giao mặt bằng từ tháng 4/2026 tới tháng 8/2026.", "2026-04-01", "2026-08-31",
     "tới tháng 8/2026"),
    ("Phòng Tài nguyên rà soát hồ sơ từ Quý III/2026 đến hết Quý I/2027.", "2026-07-01", "2027-03-31",
     "đến hết Quý I/2027"),
    ("Các xã hoàn thành việc cấp giấy trong 6 tháng cuối năm 2026 - 6 tháng đầu năm 2027.", "2026-07-01",
     "2027-06-30", "trong 6 tháng cuối năm 2026 - 6 tháng đầu năm 2027"),
    ("Trường Chính trị hoàn thành việc bồi dưỡng trong tháng 5/2026 đến tháng 7/2026.", "2026-05-01", "2026-07-31",
     "trong tháng 5/2026 đến tháng 7/2026"),
    ("Phòng Nội vụ triển khai từ Quý 2/2026 - Quý 4/2026.", "2026-04-01", "2026-12-31", "từ Quý 2/2026 - Quý 4/2026"),
]


@pytest.mark.parametrize("sentence, start, due, surface", BOTH_DATED)
@pytest.mark.parametrize("reference", [REF, D("2025-06-01"), None])
def test_a_range_whose_parts_both_have_their_year_is_one_window(
        sentence: str, start: str, due: str, surface: str, reference: date | None) -> None:
    deadline = _only(sentence, reference)
    assert (deadline.relation, deadline.start, deadline.due) == ("within", D(start), D(due))
    assert deadline.surface == surface and deadline.resolution == "explicit"


@pytest.mark.parametrize("sentence, expected", [
    # single periods and windows of days read as before
    ("Sở Xây dựng hoàn thành trong Quý IV/2025.", ("by", None, "2025-12-31", "trong Quý IV/2025")),
    ("Hoàn thành trong 6 tháng cuối năm 2025.", ("by", None, "2025-12-31", "trong 6 tháng cuối năm 2025")),
    ("Thực hiện từ ngày 01/10/2025 đến ngày 31/12/2025.",
     ("within", "2025-10-01", "2025-12-31", "đến ngày 31/12/2025")),
])
def test_single_periods_and_windows_of_days_are_unchanged(sentence: str, expected: tuple) -> None:
    deadline = _only(sentence, D("2025-06-01"))
    relation, start, due, surface = expected
    assert (deadline.relation, deadline.start, deadline.due, deadline.surface) == \
           (relation, D(start) if start else None, D(due), surface)


@pytest.mark.parametrize("sentence", [
    # a first part after the second is no range: each part is read on its own
    "Sở Xây dựng hoàn thành trong Quý II/2026 - Quý IV/2025.",
    "Hội nghị xúc tiến đầu tư diễn ra từ Quý IV/2025 đến Quý I/2026.",
])
def test_a_dated_range_that_runs_backwards_or_names_an_event_is_no_window(sentence: str) -> None:
    assert all(d.relation != "within" for d in find_deadlines(sentence, REF))


# Pieces of text around the time expressions: their opening words, digits of several scripts (and beyond
# the basic plane), separators, spaces and the letters the scan looks words up by.
_PIECES = ["ngày", "năm", "tháng", "thường", "xuyên", "quý", "cuối", "tết", "nguyên", "đán", "kể", "từ", "ký",
           "làm", "việc", "tuần", "đầu", "trước", "hết", "iv", "ii", " ", "  ", "\t", "\n", "\u00a0", "/", ".", "-",
           ",", "(", "1", "12", "2025", "05", "٣", "３", "𝟓", "𐒠", "a", "y", "à", "á", "ờ", "ố", "ế", "ă", "ý", "q", "u", "thángg"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=16))
def test_the_time_expressions_are_found_where_a_scan_of_every_position_finds_them(pieces: list[str]) -> None:
    from vnnotice.deadlines import _time_matches, _time_regex

    text = "".join(pieces)
    assert [(m.span(), m.lastgroup, m.groupdict()) for m in _time_matches(text)] == \
           [(m.span(), m.lastgroup, m.groupdict()) for m in _time_regex().finditer(text)]


@pytest.mark.parametrize("sentence, surface", [
    ("Ngày 15/12/2025 là hạn chót nộp hồ sơ; Sở Tài chính báo cáo UBND tỉnh trước ngày 20/12/2025.",
     "trước ngày 20/12/2025"),
    ("Tháng 12/2025: Sở Tài chính hoàn thành trước Tết Nguyên đán.", "hoàn thành trước Tết Nguyên đán"),
    ("Thường xuyên kiểm tra việc chấp hành quy định về an toàn thực phẩm.", "Thường xuyên"),
])
def test_expressions_at_the_start_of_a_text_and_after_one_are_read(sentence: str, surface: str) -> None:
    assert [d.surface for d in find_deadlines(sentence, REF)] == [surface]


@pytest.mark.parametrize("window, sentence", [
    ("rà soát. tổng hợp (gồm: a; b (c; d) và e) gửi sở trước ", " tổng hợp (gồm: a; b (c; d) và e) gửi sở trước "),
    ("kinh phí; hỗ trợ (theo mục a; mục b) gửi ", " hỗ trợ (theo mục a; mục b) gửi "),
    ("các xã: lập danh sách) gửi huyện trước ", " lập danh sách) gửi huyện trước "),
    ("lập hồ sơ (a) và (b; c) gửi ", "lập hồ sơ (a) và (b; c) gửi "),
    ("đôn đốc; (1) kiểm tra (nếu có) trước ", " kiểm tra (nếu có) trước "),
    ("xong.\n(kèm a; b) nộp ", " b) nộp "),  # a bracket opening a line: the line break ends a sentence
])
def test_sentence_start_skips_boundaries_inside_brackets_closed_before_the_end(window: str, sentence: str) -> None:
    """A ';' or ':' inside brackets closed before the expression does not start its sentence (nested brackets,
    a bracket closed but opened before the window); a bracket opening a line keeps the boundary."""
    from vnnotice.deadlines import _sentence_start

    assert window[_sentence_start(window):] == sentence


@pytest.mark.parametrize("text", [
    "trình UBND tỉnh; hoàn thành công trình, gửi báo cáo",
    "chương trình\ntrình Bộ trước; quá trình trình duyệt",
    "1trình, xtrình, trìnhx, (trình) _trình đã trình",
    "bàn  giao\tvà ban\nhành, hoàn thành.hoàn thiện",
    "",
])
def test_words_pattern_finds_what_a_look_behind_at_every_start_finds(text: str) -> None:
    """The vocabulary's patterns, grouped by first letter, match as a whole-word pattern tried at every position,
    nouns that hold a verb first."""
    from vnnotice.deadlines import _Verbs, _alternation, _word_regex

    verbs, nouns = ["trình", "gửi", "hoàn thành", "ban hành", "bàn giao", "hoàn thiện"], ["công trình", "quá trình", "chương trình"]
    plain = re.compile(r"(?<!\w)(?:(?P<noun>" + _alternation(nouns) + r")|" + _alternation(verbs) + r")(?!\w)")
    expected = [m.span() for m in plain.finditer(text) if m.group("noun") is None]
    assert [m.span() for m in _Verbs(verbs, nouns).finditer(text)] == expected
    first = _Verbs(verbs, nouns).search(text)
    assert (first.span() if first else None) == (expected[0] if expected else None)
    whole = re.compile(r"(?<!\w)(?:" + _alternation(verbs + nouns) + r")(?!\w)")
    assert [m.span() for m in _word_regex(verbs + nouns).finditer(text)] == [m.span() for m in whole.finditer(text)]


@pytest.mark.parametrize("sentence, surfaces", [
    ("Sở Tài chính trình UBND tỉnh trước ngày 30/6/2026 đã được giao.", []),
    ("Sở Công Thương báo cáo trước ngày 15/3/2026 kết quả đã đạt được.", []),
    ("Sở Công Thương báo cáo trước ngày 15/3/2026, kết quả đã đạt được.", ["trước ngày 15/3/2026"]),
    ("Sở Tài chính trình UBND tỉnh trước ngày 30/6/2026 chính sách ưu đãi đầu tư.", ["trước ngày 30/6/2026"]),
    ("Sở Nội vụ gửi trước ngày 10/2/2026 đãi ngộ cán bộ.", ["trước ngày 10/2/2026"]),
])
def test_a_past_mark_after_the_date_in_its_clause_is_the_word_da_alone(sentence: str, surfaces: list[str]) -> None:
    """"đã" after the expression in its clause puts it in the past; "đãi", "ưu đãi" hold no such word."""
    assert [d.surface for d in find_deadlines(sentence, date(2026, 1, 5))] == surfaces


def test_trigger_words_are_found_by_their_rare_letters_anywhere() -> None:
    """Each word every trigger needs is found by its rare letter, alone, inside a word or at either end of the
    text; its letters without the word are not."""
    from vnnotice.deadlines import _TRIGGER_KEYS, _TRIGGER_WORD, _TRIGGER_WORDS

    for word, at in zip(_TRIGGER_WORDS, _TRIGGER_KEYS):
        for text in (word, f"báo cáo {word} ", f"x{word}y", f"{word}, rà soát"):
            found = _TRIGGER_WORD.search(text)
            assert found is not None and text[found.start() - at:found.end()] == word, (word, text)
    # the rare letters in other words: "rà", "quý", "kết", "thời", "hợp", "vẫn", "gọn"
    assert _TRIGGER_WORD.search("phối hợp rà soát văn bản; quý tổng kết thời gian, vẫn gọn") is None


@pytest.mark.parametrize("text, keys", [
    ("tháng hành động, thường trực, quý khách, cuối cùng, ngày hội, năm nay, tếtx", []),
    ("1. mục tiêu; 57-nq/tw; ngày thứ hai; số 15 của; 2 người", []),
    # (a number after "ngày", "năm", "tháng" is the key of that word; the "5" of "5/6" is a number's place too)
    ("tháng 12, thường xuyên, quý iv, cuối năm, ngày 5/6, năm 2026, tết, 3 tháng, 15/12",
     [(6, False), (13, False), (26, False), (34, False), (47, True), (56, False), (63, False), (67, True), (76, True)]),
    # (after two spaces or more, the word before them is looked for by the finder)
    ("ngày \t 5 tháng\u00a012 năm  2026; 12  tháng; số  15", [(7, True), (15, False), (23, False), (29, True), (44, False)]),
])
def test_time_keys_are_where_an_expression_can_go_on(text: str, keys: list[tuple[int, bool]]) -> None:
    """An opening word's letter is a key only when what follows the word can go on as an expression opening
    with it does ("xuyên", a quarter, "năm" or "tháng", no letter after "tết"); a number only before a date's
    separator and a digit or a word of a count (a place itself then), or after "ngày", "năm", "tháng" and a
    space, or after two spaces."""
    from vnnotice.deadlines import _time_starts

    starts, _ = _time_starts()
    assert [(m.start(), m.lastindex is not None) for m in starts.finditer(text)] == keys


@pytest.mark.parametrize("text", [
    "tháng 12, thường xuyên, quý iv, cuối năm, ngày 5/6, năm 2026, tết, 3 tháng, 15/12",
    "ngày \t 5 tháng\u00a012 năm  2026; 12  tháng; cuối   tháng  3; quý\tii/2026; tết  nguyên đán 2027",
    "trước ngày 05/11/2022, trong  10 ngày làm việc kể từ ngày nhận; 6 tháng đầu năm 2026; hàng năm 2025-2030",
    "số 15/2025/nđ-cp ngày 12 tháng 6 năm 2025; ngày ngày 3; năm năm 2024; tháng tháng 5; 1.178 ca, 20 %",
    "đếnngày 5/6; xnăm 2025; (ngày 7/8); thường  xuyên; cuốinăm; ngày ١٢ tháng ٣",
])
def test_time_matches_are_those_of_a_scan_of_every_position(text: str) -> None:
    """The time pattern matched only at the places found gives the matches of its ``finditer``."""
    from vnnotice.deadlines import _time_matches, _time_regex

    expected = [(m.span(), m.lastgroup, m.groupdict()) for m in _time_regex().finditer(text)]
    assert expected and [(m.span(), m.lastgroup, m.groupdict()) for m in _time_matches(text)] == expected


def test_the_written_text_has_a_key_wherever_its_lower_case_has_one() -> None:
    """Every character that lowers to another matches, ignoring case, each letter of the places' pattern it
    lowers to and each of its sets holding what it lowers to; it is a letter, digit or "_" only if what it
    lowers to is one; and it is in the first set of the written pattern when it lowers to a key."""
    import sys

    from vnnotice.deadlines import (_KEYED_OPENERS, _NUMBERED_OPENERS, _lower, _time_starts, _written_starts)

    keys = _time_starts()[1]
    letters = set("".join(_KEYED_OPENERS + _NUMBERED_OPENERS) + "xuyêntuầniv")
    sets = [re.compile(s) for s in (r"\s", r"[ \t\u00a0]", r"\d", r"[/.-]", r"[iv1-4]")]
    written = _written_starts()
    first = re.compile(written.pattern[:written.pattern.index("](?i:") + 1])
    changed = 0
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        low = _lower(c)
        if low == c:
            continue
        changed += 1
        if low in letters:
            assert re.fullmatch(re.escape(low), c, re.I), (c, low)
        for s in sets:
            assert not s.fullmatch(low) or re.compile(s.pattern, re.I).fullmatch(c), (c, s.pattern)
        assert not re.fullmatch(r"\w", c) or re.fullmatch(r"\w", low), c
        assert low not in keys or first.fullmatch(c), c
    assert changed > 1000


@pytest.mark.parametrize("text", [
    "BÁO CÁO TRƯỚC NGÀY 05/11/2026; THƯỜNG XUYÊN; QUÝ IV/2026; CUỐI NĂM; TẾT NGUYÊN ĐÁN 2027; 10 NGÀY",
    "Hoàn thành trong Tháng 12 Năm 2026, Ngày  5 Tháng 6; İstanbul ngày 3/4",
    "Kiểm tra, rà soát, tổng hợp các nội dung",
])
def test_the_first_key_of_the_written_text_starts_the_search(text: str) -> None:
    """The search of the lower case from the first place found in the text as written finds all its places."""
    from vnnotice.deadlines import _lower, _time_matches, _written_starts

    first = _written_starts().search(text)
    whole = [(m.span(), m.lastgroup) for m in _time_matches(_lower(text))]
    assert [(m.span(), m.lastgroup) for m in _time_matches(_lower(text), first.start())] == whole if first else not whole


def test_a_trigger_is_read_wherever_the_window_before_the_date_starts() -> None:
    """The trigger read before a date is that of the trigger pattern over the 60 characters before it,
    whatever the place of the window's start (inside a trigger word, a word before it, a space)."""
    from vnnotice.deadlines import _LEFT, _TRIGGER, _lower, _time_matches, _trigger

    for pad in range(0, 70):
        for phrase in ("hoàn thành trước ngày 5/6/2026", "chậm nhất là vào ngày 5/6/2026",
                       "không muộn hơn ngày 5/6/2026", "đến hết ngày 5/6/2026", "Số 12 ngày 5/6/2026"):
            text = _lower("x" * pad + " " + phrase)
            m = _time_matches(text)[-1]
            left = text[max(0, m.start() - _LEFT):m.start()]
            trig = _TRIGGER.match(left)
            expected = (None, "", m.start()) if trig is None else trig.lastgroup
            got = _trigger(text, m)
            assert (got if trig is None else got[0]) == expected, (pad, phrase)


@pytest.mark.parametrize("before", [
    "a b c d e f g h i k l m n o p q r s t u v x y z a b c d e f g h i ",
    "phối hợp với các cơ quan liên quan tổ chức thực hiện, ",
    "nghiêncứuxâydựngtổngthểquyhoạchphươngán ",
    "Sở ",
    "",
])
def test_the_last_words_before_a_trigger_are_those_of_its_60_characters(before: str) -> None:
    """The five last words before the trigger, read from fewer characters when they hold enough."""
    from vnnotice.deadlines import _WORD, _Context, _lower, _time_matches, _trigger

    for cut in range(0, len(before) + 1, 3):
        text = _lower(before[cut:] + "báo cáo trước ngày 5/6/2026")
        m = _time_matches(text)[-1]
        trig = _trigger(text, m)
        start = trig[2]
        assert _Context(text, m, trig).words_before == " ".join(_WORD.findall(text[max(0, start - 60):start])[-5:])


@pytest.mark.parametrize("label, point, found", [
    ("thời hạn hoàn thành: ", True, True),
    ("thờı hạn hoàn thành: ", True, True),  # a dotless i: the same letter, ignoring case
    ("thờİ hạn: ngày ", True, True),
    ("thờİ gian thực hiện: ", False, True),
    ("thời gian: ", True, False),
    ("kế hoạch: ", False, False),
])
def test_a_field_label_is_matched_ignoring_case(label: str, point: bool, found: bool) -> None:
    """A label before a bare date or period is found as the pattern ignoring case finds it, in lower-cased
    text holding "ı" or "İ" too."""
    from vnnotice.deadlines import _field_label

    text = "nội dung; " + label
    assert _field_label(text, len(text), point) is found


def test_sentence_boundaries_have_no_case() -> None:
    """The boundaries searched backwards by case match what they match ignoring case: none of their
    characters matches another ignoring case (every character with another case is tried)."""
    import sys

    import regex

    from vnnotice.deadlines import _SENTENCE_END_TEXT, _SENTENCE_START, _last_end

    assert not _SENTENCE_START.flags & regex.I
    parts = [r"[.!?]", r"[;\n]", r":", r"\(", r"\)", r"\d", r"\s"]
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if c.lower() == c and c.upper() == c:
            continue
        for part in parts:
            assert bool(regex.fullmatch(part, c)) == bool(regex.fullmatch(part, c, regex.I)), (c, part)
    ignoring = regex.compile(_SENTENCE_END_TEXT, regex.I | regex.REVERSE)
    for window in ("a. b; c: d (12) e", "1.178 ca: (3)", "x!\ny", "(gồm: a; b) gửi"):
        assert _last_end(_SENTENCE_START, window) == _last_end(ignoring, window)


def test_white_space_is_what_the_boundary_patterns_take_for_it() -> None:
    """The white space the clause and sentence starts are read with is ``\\s`` of ``regex`` at every code point."""
    import sys

    import regex

    from vnnotice.deadlines import _WHITE_SPACE

    assert _WHITE_SPACE == "".join(c for c in map(chr, range(sys.maxunicode + 1)) if regex.match(r"\s", c))


_BOUNDARY_CHARS = ".!?;:,\n()  a1\u0661\U00010d40\x1c\u3000ế"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_BOUNDARY_CHARS, max_size=24), st.integers(0, 24))
def test_clause_and_sentence_starts_read_back_are_those_of_the_patterns(window: str, end: int) -> None:
    """A clause's and a sentence's start read back by code point are the ends of the last matches of the
    boundary patterns searched backwards (with a bound, as in the window cut there), digits of every kind and
    white space that ``str.isspace`` knows and ``regex`` does not included."""
    from vnnotice.deadlines import _CLAUSE_START, _SENTENCE_START, _clause_start, _last_end, _sentence_end

    end = min(end, len(window))
    assert _clause_start(window) == _last_end(_CLAUSE_START, window)
    assert _sentence_end(window, end) == _last_end(_SENTENCE_START, window[:end])


@pytest.mark.parametrize("window", ["a (12) b", "a (12)", "(1)", "()", "(x1)", "1)", "a.\n", "a:", "a: b", "a.b",
                                    "(\u0661\u0662)", "(\U00010d40)", "a.\x1c", "a.\u3000b", "x, y", "Sở (Y tế) và"])
def test_clause_and_sentence_starts_of_written_cases(window: str) -> None:
    """Cases of each boundary, read back as the patterns find them."""
    from vnnotice.deadlines import _CLAUSE_START, _SENTENCE_START, _clause_start, _last_end, _sentence_end

    assert _clause_start(window) == _last_end(_CLAUSE_START, window)
    assert _sentence_end(window, len(window)) == _last_end(_SENTENCE_START, window)


def test_each_opening_word_is_tried_with_every_kind_that_opens_with_it() -> None:
    """A kind opening with an optional "ngày" then a number is tried after "ngày" and at a number; one opening
    with a number at a number; one opening with a word after that word only."""
    from vnnotice.deadlines import _OPENERS, _OPENS, _opening_patterns, _time_parts, _time_regex

    for kind, part in _time_parts().items():
        body = part[part.index(">") + 1:]
        if body.startswith("(?:ngày"):
            expected = {"ngày", ""}
        elif body.startswith("(?P<") and body[body.index(">") + 1:].startswith(r"\d"):
            expected = {""}
        else:
            expected = {w for w in _OPENERS if body.startswith(w)}
        assert {w for w, kinds in _OPENS.items() if kind in kinds} == expected, kind
    by_word, by_key = _opening_patterns()
    assert set(by_word) == set(_OPENERS) | {""} and len(by_key) == len(_OPENERS) - 3
    assert all(set(p.groupindex) == set(_time_regex().groupindex) for p in by_word.values())


# Pieces of the text before a time expression: the words of every trigger, of the times of day and weekdays
# after it, other words, spaces, digits and punctuation.
_TRIGGER_PIECES = ["xong", "hoàn", "thành", "trước", "chậm", "muộn", "nhất", "là", "vào", "trong", "đến", "sau",
                   "ngày", "hạn", "chót", "không", "hơn", "thời", "tới", "hết", "vòng", "gian", "khoảng", "quá",
                   "tại", "các", "kỳ", "phiên", "họp", "thường", "lệ", "chuyên", "đề", "cuối", "năm", "giữa", "từ",
                   "lúc", "giờ", "h", "g", "phút", "'", "sáng", "chiều", "tối", "trưa", "thứ", "hai", "ba", "tư",
                   "sáu", "bảy", "báo", "cáo", "x", " ", " ", " ", "  ", "\n", "\t", ",", ":", ";", "8", "30", "(",
                   "-", "ſ", "İ", "\u0301", "²"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_TRIGGER_PIECES), min_size=1, max_size=14))
def test_the_trigger_before_a_date_is_that_of_the_pattern_searching_backwards(pieces: list[str]) -> None:
    """The trigger read over the reversed text (or by ``regex`` where it may differ) is the one the trigger
    pattern finds searching backwards: its kind, its start, its words."""
    from vnnotice.deadlines import _TRIGGER, _lower, _time_matches, _trigger

    text = _lower("".join(pieces)) + " ngày 5/6/2026"
    m = _time_matches(text)[-1]
    left = text[max(0, m.start() - 60):m.start()]
    trig = _TRIGGER.match(left)
    got = _trigger(text, m)
    if trig is None:
        assert got == (None, "", m.start())
    else:
        start = m.start() - len(left) + trig.start()
        while text[start].isspace():
            start += 1
        assert got == (trig.lastgroup, trig.group().strip(), start)


def test_the_reversed_trigger_is_read_only_where_the_engines_agree() -> None:
    """Where :data:`_TRIGGER_UNSAFE` finds nothing, each character is classed alike by ``re`` and ``regex``
    (letter, digit, space) and matches a letter of the trigger ignoring case only when it is that letter."""
    import regex

    from vnnotice.deadlines import _TRIGGER, _TRIGGER_UNSAFE, _lower

    letters = {c for c in _TRIGGER.pattern if c.isalpha()} - set("swdP")  # (no class letters: \s \w \d, ?P<)
    letters |= set("swd")  # (those letters are words' letters too: "sáng", "đến", "tư")
    checked = 0
    for code in range(0x10000):
        c = chr(code)
        if _TRIGGER_UNSAFE.match(c) or _lower(c) != c:
            continue
        checked += 1
        for cls in (r"\w", r"\s", r"\d"):
            assert bool(re.fullmatch(cls, c)) == bool(regex.fullmatch(cls, c, regex.I)), (hex(code), cls)
        for letter in letters:
            assert (regex.fullmatch(re.escape(letter), c, regex.I) is not None) == (c == letter), (hex(code), letter)
    assert checked > 500
