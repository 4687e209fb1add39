"""A plan's task cards, end to end: the activity is the directive, its label bullets give its units and deadline."""
from __future__ import annotations

from datetime import date

import pytest

from vnnotice import extract

PLAN = """ỦY BAN NHÂN DÂN TỈNH HÀ NAM
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 45/KH-UBND
Hà Nam, ngày 10 tháng 11 năm 2025

KẾ HOẠCH
Triển khai Tháng hành động vì an toàn thực phẩm năm 2025

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của người dân về an toàn thực phẩm.
II. NỘI DUNG HOẠT ĐỘNG
1. Truyền thông về an toàn thực phẩm
a) Hoạt động 1
- Nội dung: Tổ chức lễ phát động Tháng hành động.
- Cơ quan thực hiện: Sở Y tế chủ trì, phối hợp với Sở Công Thương.
- Thời gian thực hiện: Trước ngày 30/11/2025.
b) Hoạt động 2
- Nội dung: Kiểm tra các cơ sở sản xuất thực phẩm.
- Đơn vị chủ trì: Sở Nông nghiệp và Môi trường.
- Đơn vị phối hợp:
+ Công an tỉnh;
+ Ủy ban nhân dân các xã, phường.
- Thời gian hoàn thành: Trước ngày 20/12/2025.
- Địa điểm: Các chợ đầu mối trên địa bàn tỉnh.
III. TỔ CHỨC THỰC HIỆN
1. Sở Y tế tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh.

Nơi nhận:
- Bộ Y tế;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""


@pytest.fixture(scope="module")
def notice():
    return extract(PLAN, name="kh.txt")


def _activity(notice, words: str):
    return next(d for d in notice.directives if notice.text[d.span[0]:d.span[1]].split("\n")[0].endswith(words))


def test_the_activities_and_their_content_are_directives_the_labels_are_not(notice):
    texts = [d.text.split("\n")[0] for d in notice.directives]
    assert "Hoạt động 1" in texts and "Hoạt động 2" in texts
    assert "Nội dung: Tổ chức lễ phát động Tháng hành động." in texts
    assert not any(t.startswith(("Cơ quan thực hiện", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian", "Địa điểm",
                                 "Công an tỉnh")) for t in texts)
    first = _activity(notice, "Hoạt động 1")
    assert [notice.text[a:b].strip() for a, b in [(c.span) for c in notice.directives if c.parent == first.id]] == [
        "- Nội dung: Tổ chức lễ phát động Tháng hành động."]


def test_the_labels_give_the_activity_its_lead_partners_and_deadline(notice):
    first, second = _activity(notice, "Hoạt động 1"), _activity(notice, "Hoạt động 2")
    units = {(u.directive, u.role, u.unit) for u in notice.units}
    assert (first.id, "lead", "Sở Y tế") in units
    assert (first.id, "cooperate", "Sở Công Thương") in units
    assert (second.id, "lead", "Sở Nông nghiệp và Môi trường") in units
    assert (second.id, "cooperate", "Công an tỉnh") in units
    assert any(d == second.id and r == "cooperate" and u.startswith("Ủy ban nhân dân") for d, r, u in units)
    assert first.lead == ["Sở Y tế"] and second.lead == ["Sở Nông nghiệp và Môi trường"]
    dues = {d.directive: d.due for d in notice.deadlines}
    assert dues[first.id] == date(2025, 11, 30) and dues[second.id] == date(2025, 12, 20)


def test_a_label_never_comes_out_as_a_unit(notice):
    assert not [u for u in notice.units if u.unit.split()[0] in ("Cơ", "Đơn") or "thực hiện" in u.surface]
    for u in notice.units:
        assert notice.text[u.span[0]:u.span[1]] == u.surface


def test_the_activity_children_inherit_its_lead(notice):
    first = _activity(notice, "Hoạt động 1")
    content = next(d for d in notice.directives if d.parent == first.id)
    assert content.lead == ["Sở Y tế"]
