"""Inputs that once sent a value of another type into a typed variable or argument.

The hot modules are also built with mypyc, which checks every annotation (and the type of a
local at its first assignment) at run time: there a mismatch raises ``TypeError`` where the pure
module goes on. Each test below reaches one such place with sentences no corpus document has (no
reference date to read a year-less period against, ``None`` for a text, a time cell without a
year, an issue date in the less common forms); run against the compiled build, they fail if a
mismatch comes back. They hold for the pure package as well.
"""
from __future__ import annotations

from datetime import date

import pytest

from vnnotice import extract
from vnnotice.appendix import read_deadline
from vnnotice.citations import find_citations
from vnnotice.clean import clean
from vnnotice.deadlines import find_deadlines
from vnnotice.units import find_units

REF = date(2025, 3, 1)


@pytest.mark.parametrize("sentence", [
    "Sở Tài chính hoàn thành dự toán trong 6 tháng đầu năm.",  # half-year, no written year
    "Các phòng chuyên môn báo cáo sơ kết 6 tháng cuối năm.",
    "Ủy ban nhân dân các xã tổng kết phong trào trước cuối năm.",  # year end, no written year
    "Trung tâm Y tế hoàn thành việc rà soát trong Quý III.",  # quarter, no written year
    "Ban Quản lý dự án bàn giao mặt bằng trong tháng 9.",  # month, no written year
    "Công an tỉnh gửi báo cáo trước cuối tháng 10.",  # month end, no written year
])
def test_periods_without_a_year_need_a_reference_date(sentence: str):
    assert find_deadlines(sentence, None) == []  # nothing to read the year from: no deadline, no error
    found = find_deadlines(sentence, REF)
    assert all(d.resolution == "reference_date" and d.due is not None and d.due.year in (2025, 2026)
               for d in found)


def test_periods_with_a_written_year_need_no_reference_date():
    for sentence, due in [("hoàn thành trong 6 tháng đầu năm 2026.", date(2026, 6, 30)),
                          ("hoàn thành trong Quý II/2026.", date(2026, 6, 30))]:
        found = find_deadlines(sentence, None)
        assert [d.due for d in found] == [due], sentence


@pytest.mark.parametrize("cell", ["Quý III", "Tháng 9", "6 tháng đầu năm", "15/10", "Trước ngày 30/11"])
def test_time_cells_without_a_year(cell: str):
    assert read_deadline(cell, None) is None  # no year written, no reference date
    found = read_deadline(cell, date(2025, 5, 2))
    assert found is not None and found.resolution == "reference_date" and found.due is not None


def test_time_cell_range_with_the_year_on_its_later_point():
    found = read_deadline("Quý IV - Quý II/2026", None)
    assert found is not None and found.relation == "within" and found.due == date(2026, 6, 30)


def test_none_texts():
    assert find_units(None) == []
    assert find_deadlines(None, REF) == []
    assert find_citations(None) == []
    assert read_deadline(None) is None


def test_empty_texts():
    assert find_units("") == [] and find_units(" \n ") == []
    assert find_deadlines("", REF) == []
    assert find_citations("") == []
    assert read_deadline("  ") is None
    assert clean("").text == ""
    notice = extract("")
    assert notice.directives == [] and notice.deadlines == []


@pytest.mark.parametrize("sentence,issued", [
    ("Căn cứ Quyết định số 1234/QĐ-UBND ngày 05 tháng 3 năm 2024 của Ủy ban nhân dân tỉnh;", date(2024, 3, 5)),
    ("Căn cứ Quyết định số 1234/QĐ-UBND, ngày 05 tháng 3, năm 2024 của Ủy ban nhân dân tỉnh;", date(2024, 3, 5)),
    ("Thực hiện Công văn số 88/SYT-NVY ký ngày 7.4.2025 của Sở Y tế,", date(2025, 4, 7)),
    ("theo Kế hoạch số 17/KH-UBND ngày 9-12-2023 của Ủy ban nhân dân huyện", date(2023, 12, 9)),
])
def test_issue_dates_in_each_form(sentence: str, issued: date):
    (citation,) = find_citations(sentence)
    assert citation.issued == issued


def test_page_numbers_between_paragraphs():
    raw = "Đoạn thứ nhất của văn bản.\n\n2\n\nĐoạn thứ hai của văn bản.\n- 3 -\nDòng tiếp theo."
    text = clean(raw).text
    assert "Đoạn thứ nhất" in text and "Dòng tiếp theo." in text
    assert "\n2\n" not in text and "- 3 -" not in text


def test_unit_lists_with_wide_punctuation():
    found = find_units("Giao Sở Văn hóa – Thể thao chủ trì, phối hợp với Sở Tài chính “rà soát” kinh phí.")
    assert [u.role for u in found][:1] == ["lead"]


# A final capital sigma: Python lowers "QUANΣ" to "quanς"; mypyc's own str.lower (before Python 3.13) lowered each
# character alone ("quanσ"), so the hot modules call str.lower as a function where a text's words are lowered.
SIGMA_NOTICE = """BỘ TÀI CHÍNH
CỤC KIỂM TRA ΣΟΦΙΑΣ
Số: 12/TB-KT
Hà Nội, ngày 2 tháng 4 năm 2024

THÔNG BÁO
Kết luận của Cục trưởng tại cuộc họp giao ban

1. Các phòng báo cáo trước ngày 15/4/2024.

Nơi nhận:
- Như trên;
- Lưu: VT.

CỤC TRƯỞNG
Lê Văn Nam
"""


def test_an_issuer_ending_in_a_capital_sigma_is_lowered_as_python_lowers_it():
    from vnnotice.clean import clean
    from vnnotice.layout import find_layout

    assert find_layout(clean(SIGMA_NOTICE).text).issuer == "Cục kiểm tra σοφιας"  # "ς" at the end, as "ΣΟΦΙΑΣ".lower()


@pytest.mark.parametrize("sentence,units", [
    ("Giao Sở ΟΔΟΣ chủ trì, phối hợp với Ủy ban nhân dân Tỉnh ΘΑΣ thực hiện.",
     ["Sở ΟΔΟΣ", "Ủy ban nhân dân Tỉnh ΘΑΣ"]),
    ("Giao Công ty ΚΟΣ. chủ trì thực hiện.", ["Công ty ΚΟΣ"]),
])
def test_units_named_with_a_capital_sigma(sentence: str, units: list[str]):
    assert [u.unit for u in find_units(sentence)] == units
