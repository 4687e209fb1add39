"""Appendix task tables: Markdown (portal bar tables and pipe tables), HTML and DOCX tables read as tasks."""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vnnotice.appendix import column_role, read_deadline
from vnnotice.cli import app
from vnnotice.evaluate import appendix_rows, evaluate_appendix, score_appendix
from vnnotice.export import to_gold
from vnnotice.formats.tables import markdown_tables
from vnnotice.read import read
from vnnotice.stages import extract

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REF = date(2025, 10, 15)

HEAD = """**ỦY BAN NHÂN DÂN TỈNH HÀ GIANG**

**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc

Số: 45/KH-UBND

*Hà Giang, ngày 15 tháng 10 năm 2025*

**KẾ HOẠCH**
Triển khai thư viện số trong trường học

1. Sở Giáo dục và Đào tạo chủ trì triển khai Kế hoạch này.
2. Các sở, ngành báo cáo kết quả về Ủy ban nhân dân tỉnh.

*Nơi nhận:*
- Như trên;
- Lưu: VT.

**KT. CHỦ TỊCH**
**PHÓ CHỦ TỊCH**
**Trần Văn Bình**

**PHỤ LỤC**
DANH MỤC NHIỆM VỤ
"""


def _bar(rows: list[list[str]]) -> str:
    """A table as the legal portals write it: a line '|' between cells, two between rows."""
    out = []
    for row in rows:
        out.append("|")
        for cell in row:
            out += [cell, "|"]
    return "\n".join(out) + "\n"


BAR_ROWS = [
    ["**STT**", "**Nội dung nhiệm vụ**", "**Cơ quan chủ trì**", "**Cơ quan phối hợp**", "**Thời gian hoàn thành**", "**Sản phẩm**"],
    ["**I**", "**XÂY DỰNG NỀN TẢNG**"],
    ["1", "Xây dựng kho học liệu số dùng chung\ncho các trường phổ thông", "Sở Giáo dục và Đào tạo", "Sở Tài chính; UBND các xã, phường", "Quý II/2026", "Kho học liệu số"],
    ["2", "Tập huấn giáo viên sử dụng thư viện số", "Sở Giáo dục và Đào tạo", "Trường Cao đẳng Sư phạm", "Tháng 6/2026", "Lớp tập huấn"],
    ["**II**", "**VẬN HÀNH**"],
    ["1", "Cập nhật học liệu lên kho dùng chung", "Các trường phổ thông", "Sở Giáo dục và Đào tạo", "Thường xuyên", "Học liệu được cập nhật"],
    ["2", "Đánh giá kết quả sử dụng thư viện số", "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Hằng năm", "Báo cáo"],
]


def _appendix(notice):
    return [d for d in notice.directives if d.source == "appendix"]


def _units(notice, did, role):
    return [u.unit for u in notice.units if u.directive == did and u.role == role]


def _due(notice, did):
    found = [x for x in notice.deadlines if x.directive == did]
    return found[0] if found else None


def _check_spans(notice):
    for d in _appendix(notice):
        own = notice.text[d.own[0][0]:d.own[0][1]]
        assert d.text.startswith(own) and (d.heading or own == d.text)
        assert notice.text[d.span[0]:d.span[1]].endswith(d.text)
        for child in d.children:
            kid = next(x for x in notice.directives if x.id == child)
            assert d.span[0] <= kid.span[0] and kid.span[1] <= d.span[1]
        for role, (a, b) in d.cells.items():
            assert b > a and notice.text[a:b].strip() == notice.text[a:b]
    for u in notice.units:
        assert notice.text[u.span[0]:u.span[1]] == u.surface
    for x in notice.deadlines:
        assert notice.text[x.span[0]:x.span[1]] == x.surface


def test_markdown_bar_table_rows_are_tasks_with_units_deadlines_and_products():
    notice = extract(HEAD + "\n" + _bar(BAR_ROWS), name="plan.md", reference_date=REF)
    rows = _appendix(notice)
    groups = [d for d in rows if d.heading]
    tasks = [d for d in rows if not d.heading]
    assert [g.marker for g in groups] == ["I", "II"]
    assert [t.parent for t in tasks] == [groups[0].id, groups[0].id, groups[1].id, groups[1].id]
    assert tasks[0].text.startswith("Xây dựng kho học liệu số dùng chung cho các trường")
    assert _units(notice, tasks[0].id, "lead") == ["Sở Giáo dục và Đào tạo"]
    assert set(_units(notice, tasks[0].id, "cooperate")) == {"Sở Tài chính", "UBND xã, phường"}
    assert _due(notice, tasks[0].id).due == date(2026, 6, 30)
    assert _due(notice, tasks[1].id).due == date(2026, 6, 30)
    assert _due(notice, tasks[2].id).relation == "standing"
    assert _due(notice, tasks[3].id).recurring == "yearly"
    assert tasks[0].lead == ["Sở Giáo dục và Đào tạo"] and tasks[0].due == date(2026, 6, 30)
    product = tasks[0].cells["product"]
    assert notice.text[product[0]:product[1]] == "Kho học liệu số"
    assert [t.marker for t in tasks] == ["1", "2", "1", "2"]
    # the body's own directives are untouched
    assert [d.marker for d in notice.directives if d.source == "body"] == ["1.", "2."]
    _check_spans(notice)


def test_markdown_group_rows_with_empty_cells_and_rows_one_cell_short():
    rows = [
        ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Tiến độ"],
        ["**A**", "**NHÓM NHIỆM VỤ THỂ CHẾ**", "** **", "** **", "** **"],
        ["1", "Ban hành quy chế quản lý kho dữ liệu dùng chung", "Văn phòng UBND tỉnh", "Sở Tư pháp", "Quý I/2026"],
        # the lead cell is merged down from the row above: the row has one cell less
        ["2", "Ban hành quy định chia sẻ dữ liệu giữa các cơ quan", "Sở Tư pháp", "Quý III/2026"],
    ]
    notice = extract(HEAD + "\n" + _bar(rows), name="plan.md", reference_date=REF)
    tasks = [d for d in _appendix(notice) if not d.heading]
    assert len(tasks) == 2 and tasks[0].parent == tasks[1].parent
    assert _units(notice, tasks[1].id, "lead") == ["Văn phòng UBND tỉnh"]  # repeated from the merged cell
    assert _units(notice, tasks[1].id, "cooperate") == ["Sở Tư pháp"]
    assert _due(notice, tasks[1].id).due == date(2026, 9, 30)
    _check_spans(notice)


def test_markdown_pipe_table():
    table = """
| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn |
|---|---|---|---|---|
| 1 | Rà soát danh mục dịch vụ công trực tuyến | Sở Khoa học và Công nghệ | Các sở, ngành | Tháng 12/2025 |
| 2 | Công bố danh mục dịch vụ công trực tuyến toàn trình | Văn phòng UBND tỉnh | Sở Khoa học và Công nghệ | 2026 |
"""
    assert len(markdown_tables(table)) == 1
    notice = extract(HEAD + table, name="plan.md", reference_date=REF)
    tasks = _appendix(notice)
    assert [t.text for t in tasks] == ["Rà soát danh mục dịch vụ công trực tuyến",
                                        "Công bố danh mục dịch vụ công trực tuyến toàn trình"]
    assert _units(notice, tasks[1].id, "lead") == ["Văn phòng UBND tỉnh"]
    assert [_due(notice, t.id).due for t in tasks] == [date(2025, 12, 31), date(2026, 12, 31)]
    _check_spans(notice)


HTML = """<html><body>
<p>ỦY BAN NHÂN DÂN TỈNH HÀ GIANG</p><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>Độc lập - Tự do - Hạnh phúc</p>
<p>Số: 46/KH-UBND</p><p>Hà Giang, ngày 15 tháng 10 năm 2025</p>
<p>KẾ HOẠCH</p><p>Số hóa hồ sơ lưu trữ</p>
<p>1. Sở Nội vụ chủ trì triển khai Kế hoạch này.</p>
<p>Nơi nhận:</p><p>- Như trên;</p><p>- Lưu: VT.</p>
<p>KT. CHỦ TỊCH</p><p>PHÓ CHỦ TỊCH</p><p>Trần Văn Bình</p>
<p>PHỤ LỤC</p>
<table>
<tr><th rowspan="2">TT</th><th rowspan="2">Nội dung công việc</th><th colspan="2">Cơ quan thực hiện</th><th rowspan="2">Thời gian thực hiện</th></tr>
<tr><th>Chủ trì</th><th>Phối hợp</th></tr>
<tr><td colspan="5">I. SỐ HÓA HỒ SƠ</td></tr>
<tr><td>1</td><td>Số hóa hồ sơ lưu trữ lịch sử của tỉnh</td><td rowspan="2">Sở Nội vụ</td><td>Sở Tài chính</td><td>Quý IV/2025 - Quý II/2026</td></tr>
<tr><td>2</td><td>Chuẩn hóa dữ liệu hồ sơ đã số hóa</td><td>Trung tâm Lưu trữ lịch sử &amp; các xã</td><td>2026 - 2027</td></tr>
</table>
</body></html>"""


def test_html_table_with_a_two_row_header_a_group_row_and_a_merged_cell():
    src = read(HTML.encode("utf-8"), name="plan.html")
    assert len(src.tables) == 1 and src.tables[0].rows[0][2].colspan == 2
    notice = extract(HTML.encode("utf-8"), name="plan.html", reference_date=REF)
    rows = _appendix(notice)
    group = [d for d in rows if d.heading]
    tasks = [d for d in rows if not d.heading]
    assert len(group) == 1 and notice.text[group[0].own[0][0]:group[0].own[0][1]] == "I. SỐ HÓA HỒ SƠ"
    assert [t.text for t in tasks] == ["Số hóa hồ sơ lưu trữ lịch sử của tỉnh", "Chuẩn hóa dữ liệu hồ sơ đã số hóa"]
    assert all(t.parent == group[0].id for t in tasks)
    assert _units(notice, tasks[0].id, "lead") == ["Sở Nội vụ"]
    assert _units(notice, tasks[1].id, "lead") == ["Sở Nội vụ"]  # the rowspan cell covers both rows
    assert _units(notice, tasks[0].id, "cooperate") == ["Sở Tài chính"]
    first, second = _due(notice, tasks[0].id), _due(notice, tasks[1].id)
    assert (first.relation, first.start, first.due) == ("within", date(2025, 10, 1), date(2026, 6, 30))
    assert (second.start, second.due) == (date(2026, 1, 1), date(2027, 12, 31))
    _check_spans(notice)


def _docx_plan() -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN TỈNH HÀ GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Số: 47/KH-UBND", "Hà Giang, ngày 15 tháng 10 năm 2025", "KẾ HOẠCH", "Chuyển đổi số y tế cơ sở",
                 "1. Sở Y tế chủ trì triển khai Kế hoạch này.", "Nơi nhận:", "- Như trên;", "- Lưu: VT.",
                 "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình", "PHỤ LỤC"):
        document.add_paragraph(line)
    table = document.add_table(rows=5, cols=5)
    head = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"]
    for cell, text in zip(table.rows[0].cells, head):
        cell.text = text
    group = table.rows[1].cells[0].merge(table.rows[1].cells[4])
    group.text = "I. HẠ TẦNG"
    data = [["1", "Trang bị máy tính cho trạm y tế xã", "Sở Y tế", "UBND các xã", "Tháng 3/2026"],
            ["2", "Kết nối phần mềm quản lý trạm y tế", "", "Trung tâm Y tế khu vực", "Thường xuyên"],
            ["3", "Báo cáo tình hình chuyển đổi số", "Sở Y tế", "Sở Khoa học và Công nghệ", "Hằng quý"]]
    for row, values in zip(table.rows[2:], data):
        for cell, text in zip(row.cells, values):
            cell.text = text
    table.rows[2].cells[2].merge(table.rows[3].cells[2])  # the lead of row 1 merged down over row 2
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_table_with_a_spanning_group_row_and_a_vertically_merged_cell():
    data = _docx_plan()
    src = read(data, name="plan.docx")
    assert src.tables and any(c.rowspan == 0 for row in src.tables[0].rows for c in row)
    notice = extract(data, name="plan.docx", reference_date=REF)
    rows = _appendix(notice)
    tasks = [d for d in rows if not d.heading]
    group = [d for d in rows if d.heading]
    assert len(group) == 1 and notice.text[group[0].own[0][0]:group[0].own[0][1]] == "I. HẠ TẦNG"
    assert [t.marker for t in tasks] == ["1", "2", "3"]
    assert _units(notice, tasks[1].id, "lead") == ["Sở Y tế"]
    assert _units(notice, tasks[1].id, "cooperate") == ["Trung tâm Y tế khu vực"]
    assert _due(notice, tasks[0].id).due == date(2026, 3, 31)
    assert _due(notice, tasks[2].id).recurring == "quarterly"
    _check_spans(notice)


@pytest.mark.parametrize("cell, due, relation, recurring", [
    ("Quý II/2026", date(2026, 6, 30), "by", None),
    ("Quý III năm 2026", date(2026, 9, 30), "by", None),
    ("Quí IV-2025", date(2025, 12, 31), "by", None),
    ("Tháng 6/2026", date(2026, 6, 30), "by", None),
    ("tháng 11 năm 2026", date(2026, 11, 30), "by", None),
    ("Năm 2027", date(2027, 12, 31), "by", None),
    ("2026", date(2026, 12, 31), "by", None),
    ("Trước ngày 20/12/2025", date(2025, 12, 20), "before", None),
    ("15/01/2026", date(2026, 1, 15), "by", None),
    ("Quý I/2026 - Quý III/2026", date(2026, 9, 30), "within", None),
    ("Giai đoạn 2026 - 2030", date(2030, 12, 31), "within", None),
    ("6 tháng đầu năm 2026", date(2026, 6, 30), "by", None),
    ("Quý I hằng năm", date(2026, 3, 31), "by", "yearly"),
    ("Thường xuyên", None, "standing", None),
    ("Hàng tháng", None, "standing", "monthly"),
    ("Thường xuyên, định kỳ hằng quý", None, "standing", "quarterly"),
    ("Hoàn thành trước ngày 30/11/2025", date(2025, 11, 30), "before", None),
])
def test_deadline_cells(cell, due, relation, recurring):
    found = read_deadline(cell, REF, offset=10)
    assert (found.due, found.relation, found.recurring) == (due, relation, recurring)
    assert cell[found.span[0] - 10:found.span[1] - 10] == found.surface


@pytest.mark.parametrize("cell", ["Theo kế hoạch riêng", "Sau khi Bộ ban hành hướng dẫn", ""])
def test_deadline_cells_without_a_date(cell):
    assert read_deadline(cell, REF) is None


@pytest.mark.parametrize("header, role", [
    ("STT", "number"), ("TT", "number"), ("Nội dung nhiệm vụ", "task"), ("Tên đề án, dự án", "task"),
    ("Nội dung công việc", "task"), ("Cơ quan chủ trì", "lead"), ("Đơn vị thực hiện", "lead"),
    ("Cơ quan, đơn vị thực hiện", "lead"), ("Chủ trì", "lead"), ("Cơ quan phối hợp", "cooperate"),
    ("Phối hợp", "cooperate"), ("Thời gian hoàn thành", "deadline"), ("Thời hạn", "deadline"),
    ("Tiến độ thực hiện", "deadline"), ("Sản phẩm dự kiến", "product"), ("Kết quả đầu ra", "product"),
    ("Ghi chú", "other"), ("Nguồn kinh phí", "other"), ("Một câu dài không phải là tiêu đề cột", None),
])
def test_header_words_give_column_roles(header, role):
    assert column_role(header) == role


def test_a_procedure_table_is_not_a_task_table():
    rows = [["Bước thực hiện", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian thực hiện"],
            ["Bước 1", "Tiếp nhận hồ sơ của tổ chức", "Bộ phận một cửa", "04 giờ làm việc"]]
    notice = extract(HEAD + "\n" + _bar(rows), name="plan.md", reference_date=REF)
    assert not _appendix(notice)


def test_a_task_table_inside_the_body_is_left_to_the_segment_stage():
    body_table = HEAD.split("*Nơi nhận:*")[0] + "\n" + _bar(BAR_ROWS[:3]) + "\n*Nơi nhận:*" + HEAD.split("*Nơi nhận:*")[1]
    notice = extract(body_table.split("**PHỤ LỤC**")[0], name="plan.md", reference_date=REF)
    assert not _appendix(notice)


def test_gold_export_leaves_appendix_rows_out_unless_asked(tmp_path):
    notice = extract(HEAD + "\n" + _bar(BAR_ROWS), name="plan.md", reference_date=REF)
    plain, full = to_gold(notice), to_gold(notice, appendix=True)
    ids = {d.id for d in _appendix(notice)}
    assert not {d["id"] for d in plain["directives"]} & ids
    assert not any(a["directive"] in ids for a in plain["assignments"])
    assert ids <= {d["id"] for d in full["directives"]}
    assert any(a["directive"] in ids for a in full["assignments"])
    path = tmp_path / "plan.md"
    path.write_text(HEAD + "\n" + _bar(BAR_ROWS), encoding="utf-8")
    runner = CliRunner()
    for flag, present in (([], False), (["--appendix"], True)):
        out = tmp_path / ("with" if present else "without")
        result = runner.invoke(app, ["extract", str(path), "--format", "gold", "--out", str(out), *flag])
        assert result.exit_code == 0, result.output
        gold = json.loads((out / "plan.json").read_text(encoding="utf-8"))
        assert any(d["id"].startswith("a") for d in gold["directives"]) is present


def test_appendix_scorer_counts_rows_units_and_deadlines():
    notice = extract(HEAD + "\n" + _bar(BAR_ROWS), name="plan.md", reference_date=REF)
    gold = {"rows": [
        {"task": "Xây dựng kho học liệu số", "lead": ["Sở Giáo dục và Đào tạo"], "cooperate": ["Sở Tài chính", "UBND các xã, phường"],
         "deadline": {"due": "2026-06-30"}},
        {"task": "Tập huấn giáo viên", "lead": ["Sở Giáo dục và Đào tạo"], "cooperate": ["Sở Y tế"], "deadline": {"due": "2026-05-31"}},
        {"task": "Một nhiệm vụ không có trong bảng", "lead": ["Sở Nội vụ"], "cooperate": [], "deadline": None},
    ]}
    scores = score_appendix(gold, appendix_rows(notice))
    assert (scores["rows"].tp, scores["rows"].fp, scores["rows"].fn) == (2, 2, 1)
    assert (scores["lead"].tp, scores["lead"].fn) == (2, 1)
    assert (scores["cooperate"].tp, scores["cooperate"].fn) == (2, 1)
    assert (scores["deadline"].tp, scores["deadline"].fn) == (1, 1)


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpus is absent")
def test_appendix_gold_of_the_project_corpus():
    result = evaluate_appendix(REPO / "corpus" / "appendix", SHARED)
    assert len(result.documents) >= 6
    assert result.totals["rows"].f1 >= 0.95
    assert result.totals["lead"].f1 >= 0.9
    assert result.totals["cooperate"].f1 >= 0.8
    assert result.totals["deadline"].f1 >= 0.95


def test_a_table_of_procedure_steps_is_not_a_task_table():
    rows = [["TT", "Nội dung công việc", "Trách nhiệm thực hiện", "Thời gian thực hiện"],
            ["1", "Bước 1: kiểm tra tính đầy đủ của hồ sơ", "Bộ phận một cửa cấp xã", "0,5 ngày làm việc"],
            ["2", "Bước 2: thẩm định hồ sơ và trình ký", "Công chức địa chính", "02 ngày làm việc"]]
    notice = extract(HEAD + "\n" + _bar(rows), name="plan.md", reference_date=REF)
    assert not _appendix(notice)


def test_subdivided_group_markers_nest():
    rows = [
        ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"],
        ["**II**", "**Phát triển nền tảng số**"],
        ["*II.1*", "*Nền tảng dùng chung của tỉnh*"],
        ["1", "Xây dựng nền tảng tích hợp dữ liệu của tỉnh", "Sở Khoa học và Công nghệ", "Các sở, ngành", "Năm 2026"],
        ["*II.2*", "*Nền tảng của các ngành*"],
        ["2", "Xây dựng nền tảng quản lý hồ sơ sức khỏe điện tử", "Sở Y tế", "Bảo hiểm xã hội tỉnh", "Năm 2027"],
        ["**III**", "**Nhân lực số**"],
        ["1", "Bồi dưỡng kỹ năng số cho công chức cấp xã", "Sở Nội vụ", "UBND các xã", "Hằng năm"],
    ]
    notice = extract(HEAD + "\n" + _bar(rows), name="plan.md", reference_date=REF)
    by_marker = {d.marker: d for d in _appendix(notice) if d.heading}
    assert by_marker["II.1"].parent == by_marker["II"].id and by_marker["II.2"].parent == by_marker["II"].id
    assert by_marker["III"].parent is None
    tasks = [d for d in _appendix(notice) if not d.heading]
    assert [t.parent for t in tasks] == [by_marker["II.1"].id, by_marker["II.2"].id, by_marker["III"].id]
    _check_spans(notice)


def test_markdown_export_puts_appendix_rows_under_their_own_heading():
    from vnnotice.export import to_markdown

    notice = extract(HEAD + "\n" + _bar(BAR_ROWS), name="plan.md", reference_date=REF)
    text = to_markdown(notice)
    head = text.index("## Phụ lục: nhiệm vụ")
    assert text.index("Xây dựng kho học liệu số") > head > text.index("Sở Giáo dục và Đào tạo chủ trì triển khai")


def test_a_title_alone_on_its_row_heads_the_rows_after_it():
    rows = [
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"],
        ["Nhóm nhiệm vụ về hạ tầng"],
        ["1", "Nâng cấp mạng truyền số liệu chuyên dùng của tỉnh", "Sở Khoa học và Công nghệ", "Viettel tỉnh", "Quý IV/2026"],
        ["Nhóm nhiệm vụ về nhân lực"],
        ["2", "Tuyển dụng kỹ sư an toàn thông tin cho cơ quan nhà nước", "Sở Nội vụ", "Các sở, ngành", "Năm 2026"],
    ]
    notice = extract(HEAD + "\n" + _bar(rows), name="plan.md", reference_date=REF)
    groups = [d for d in _appendix(notice) if d.heading]
    tasks = [d for d in _appendix(notice) if not d.heading]
    assert len(groups) == 2 and [t.parent for t in tasks] == [g.id for g in groups]
    _check_spans(notice)


def test_a_header_repeated_under_a_group_keeps_the_columns():
    rows = [
        ["STT", "Nhiệm vụ", "Đơn vị thực hiện", "Đơn vị phối hợp", "Thời gian thực hiện"],
        ["**A**", "**NÔNG NGHIỆP SỐ**"],
        ["**Nội dung**", "**Đơn vị thực hiện**", "**Đơn vị phối hợp**", "**Thời gian thực hiện**"],
        ["1.1", "Xây dựng bản đồ số vùng trồng cây ăn quả", "Sở Nông nghiệp và Môi trường", "UBND các xã", "2026 - 2027"],
        ["**B**", "**Y TẾ SỐ**"],
        ["**Nội dung**", "**Đơn vị thực hiện**", "**Đơn vị phối hợp**", "**Thời gian thực hiện**"],
        ["2.1", "Triển khai sổ sức khỏe điện tử cho người dân", "Sở Y tế", "Bảo hiểm xã hội tỉnh", "2026"],
    ]
    notice = extract(HEAD + "\n" + _bar(rows), name="plan.md", reference_date=REF)
    tasks = [d for d in _appendix(notice) if not d.heading]
    assert [t.marker for t in tasks] == ["1.1", "2.1"]
    assert _units(notice, tasks[1].id, "lead") == ["Sở Y tế"]
    assert _due(notice, tasks[0].id).due == date(2027, 12, 31)


def test_a_row_of_units_only_adds_them_to_the_task_above():
    rows = [
        ["TT", "Tên đề án", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành"],
        ["1", "Đề án phát triển du lịch cộng đồng vùng cao", "Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính", "2028"],
        # the project and deadline cells are merged over a second pair of units
        ["Ủy ban nhân dân các xã", "Hợp tác xã du lịch"],
        ["2", "Đề án bảo tồn nghề dệt thổ cẩm truyền thống", "Sở Công Thương", "Hội Liên hiệp Phụ nữ tỉnh", "2027"],
    ]
    notice = extract(HEAD + "\n" + _bar(rows), name="plan.md", reference_date=REF)
    tasks = _appendix(notice)
    assert [t.marker for t in tasks] == ["1", "2"]
    assert _units(notice, tasks[0].id, "lead") == ["Sở Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân xã"]
    assert "Hợp tác xã du lịch" in _units(notice, tasks[0].id, "cooperate")
    _check_spans(notice)


def test_the_task_tables_of_service_and_batch_show_appendix_rows():
    from vnnotice.batch.tables import task_table_rows
    from vnnotice.service.tasks import COLUMNS, task_rows, to_csv

    notice = extract(HEAD + "\n" + _bar(BAR_ROWS), name="plan.md", reference_date=REF)
    rows = task_rows(notice)
    appendix = [r for r in rows if r["source"] == "appendix"]
    assert {r["source"] for r in rows} == {"body", "appendix"}
    first = next(r for r in appendix if r["text"].startswith("Xây dựng kho học liệu"))
    assert first["product"] == "Kho học liệu số" and first["lead"] == ["Sở Giáo dục và Đào tạo"]
    assert first["due"] == date(2026, 6, 30)
    csv_text = to_csv(rows)
    assert COLUMNS["source"] in csv_text.splitlines()[0] and "Kho học liệu số" in csv_text
    batch = task_table_rows("plan.md", notice)
    assert any(r["source"] == "appendix" and r["product"] == "Kho học liệu số" for r in batch)


def test_markdown_header_over_two_rows():
    rows = [
        ["TT", "Nội dung công việc", "Cơ quan thực hiện", "Thời gian thực hiện"],
        ["Chủ trì", "Phối hợp"],
        ["1", "Kiểm kê tài sản kết cấu hạ tầng thủy lợi", "Sở Nông nghiệp và Môi trường", "UBND các xã", "Quý I/2026"],
        ["2", "Lập hồ sơ số cho các công trình thủy lợi", "Công ty Thủy lợi tỉnh", "Sở Tài chính", "Tháng 8/2026"],
    ]
    notice = extract(HEAD + "\n" + _bar(rows), name="plan.md", reference_date=REF)
    tasks = _appendix(notice)
    assert [t.marker for t in tasks] == ["1", "2"]
    assert _units(notice, tasks[0].id, "lead") == ["Sở Nông nghiệp và Môi trường"]
    assert _units(notice, tasks[0].id, "cooperate") == ["UBND xã"]
    assert _due(notice, tasks[1].id).due == date(2026, 8, 31)


def _vocabulary_entries():
    from vnnotice.data import load_toml

    data = load_toml("appendix.toml")
    return data, [(role, word) for role, words in data["columns"].items() for word in words]


@pytest.mark.parametrize("role, word", _vocabulary_entries()[1])
def test_every_header_word_of_the_data_file_gives_its_role(role, word):
    assert column_role(word.upper()) == role
    if role != "number":
        assert column_role(f"{word.capitalize()} (dự kiến)") == role


@pytest.mark.parametrize("word", _vocabulary_entries()[0]["exclude"]["words"])
def test_every_procedure_word_keeps_a_header_from_heading_a_task_table(word):
    from vnnotice.appendix import _header_run

    assert _header_run(["Nội dung công việc", "Cơ quan chủ trì", "Thời hạn"]) is not None
    assert _header_run(["Nội dung công việc", f"Cơ quan chủ trì ({word})", "Thời hạn"]) is None


@pytest.mark.parametrize("word", _vocabulary_entries()[0]["deadline"]["standing"])
def test_every_standing_word_gives_a_standing_duty(word):
    found = read_deadline(word.capitalize(), REF)
    assert (found.relation, found.due) == ("standing", None)


@pytest.mark.parametrize("word, recurrence", sorted(_vocabulary_entries()[0]["deadline"]["recurring"].items()))
def test_every_recurring_word_gives_its_recurrence(word, recurrence):
    found = read_deadline(f"Báo cáo {word}", REF)
    assert found.recurring == recurrence and found.due is None


# ---------------------------------------------------------------- the cheap test before tables are read

def _gate(text: str, name: str = "plan.md") -> bool:
    """What the appendix stage's cheap test says of ``text``: may its tables hold a task table outside the body?"""
    from vnnotice import appendix, stages

    state = stages.stage_layout(stages.stage_clean(stages.stage_read(stages.State(name=name), text)))
    return appendix.worth_reading(state.raw, state.tables, state.clean.source_span(*state.layout.body))


@pytest.mark.parametrize("header", [
    ["**TT**", "**NHIỆM VỤ**", "**CƠ QUAN CHỦ TRÌ**", "**CƠ QUAN PHỐI HỢP**", "**THỜI HẠN**"],
    ["STT", "Nội dung\ncông việc", "Đơn vị\n**chủ trì**", "Đơn vị phối hợp", "Tiến độ"],
    ["Số TT", "Hoạt động", "Cơ quan, đơn vị thực hiện", "Thời gian"],
])
def test_gate_lets_through_task_headers_in_capitals_split_over_lines_or_in_markup(header):
    rows = [header, ["1", "Rà soát hồ sơ đất đai tồn đọng", "Sở Nông nghiệp và Môi trường", "UBND các xã", "Quý I/2026"][:len(header)]]
    text = HEAD + "\n" + _bar(rows)
    assert _gate(text)
    assert _appendix(extract(text, name="plan.md", reference_date=REF))


def test_gate_stops_tables_whose_header_words_are_only_in_the_body_or_in_long_cells():
    body_only = HEAD.replace("DANH MỤC NHIỆM VỤ", "DANH MỤC TÀI LIỆU") + "\n" + _bar(
        [["STT", "Tên tài liệu", "Số trang"], ["1", "Báo cáo tổng kết", "12"]])
    long_cell = HEAD + "\n" + _bar([[
        "Các cơ quan chủ trì và phối hợp thực hiện nội dung nhiệm vụ theo đúng tiến độ, bảo đảm chất lượng, "
        "hiệu quả và báo cáo kết quả về Ủy ban nhân dân tỉnh", "Ghi chú"], ["Sở Tài chính", "Không"]])
    for text in (body_only, long_cell):
        assert not _gate(text)
        assert not _appendix(extract(text, name="plan.md", reference_date=REF))


def test_gate_reads_html_tables_by_their_cells():
    cells = "".join(f"<td>{c}</td>" for c in ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"])
    row = "".join(f"<td>{c}</td>" for c in ["1", "Số hóa hồ sơ lưu trữ", "Sở Nội vụ", "Năm 2026"])
    html = ("<html><body>" + "".join(f"<p>{line}</p>" for line in HEAD.replace("*", "").splitlines() if line)
            + f"<table><tr>{cells}</tr><tr>{row}</tr></table></body></html>")
    assert _gate(html, "plan.html")
    assert _appendix(extract(html, name="plan.html", reference_date=REF))
    plain = html.replace("Cơ quan chủ trì", "Ghi chú")
    assert not _gate(plain, "plan.html")
    assert not _appendix(extract(plain, name="plan.html", reference_date=REF))


@pytest.mark.parametrize("texts, heads", [
    (["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian hoàn thành"], True),
    (["**Nội dung** công  việc", "*Cơ quan*\nchủ trì", "Cơ quan phối hợp"], True),
    (["NHIỆM VỤ", "CƠ QUAN CHỦ TRÌ"], True),
    (["1", "Rà soát hồ sơ đất đai", "Sở Tài chính", "Quý I/2026"], False),  # a task row: no header word
    (["Nhiệm vụ", "Thời hạn"], False),  # a task column, no unit column
    (["Đơn vị chủ trì", "Thời hạn", "Ghi chú"], False),  # a unit column, no task column
])
def test_header_run_needs_a_unit_column_and_a_task_column(texts, heads):
    from vnnotice.appendix import _header_run

    assert (_header_run(texts) is not None) == heads


@pytest.mark.parametrize("texts, heads", [
    (["TT", "Nhiệm vụ", "Cơ quan chủ trì"], True),
    (["TT", "nhiệm\n  vụ", "đơn vị **phối**  hợp"], True),  # words split over lines and markup
    (["TT", "Công việc", "Trách nhiệm thực hiện"], True),
    (["Dự án", "Cơ quan, đơn vị thực hiện"], True),
    (["TT", "Nội dung", "Cơ quan"], False),  # 'cơ quan' alone names no unit column
    (["TT", "Công", "việc", "Đơn vị"], False),
])
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_gate_finds_header_words_in_any_case_and_form(texts, heads, form):
    import unicodedata

    from vnnotice.appendix import _both, _gates, may_head_tasks

    texts = [unicodedata.normalize(form, t) for t in texts]
    units, tasks = _gates()
    assert _both(texts, units, tasks) == heads
    assert _both([t.upper() for t in texts], units, tasks) == heads
    assert _both(texts + ["chữ " * 60], units, tasks) == heads  # a long row: searched word by word
    assert may_head_tasks(" | ".join(texts)) == heads


def test_clean_spans_give_the_first_clean_position_at_or_after_each_source_offset():
    import unicodedata

    from vnnotice.appendix import clean_spans
    from vnnotice.clean import clean

    raw = ("**ỦY BAN NHÂN DÂN**\n\n|\n*Sở   Tài chính chủ trì,*\nphối hợp với " + unicodedata.normalize("NFD", "Sở Xây dựng")
           + "\n\n  - 3 -  \n\n| 1 | Rà soát   hồ sơ | Sở Nội vụ |\n")
    ct = clean(raw, markdown=True)
    span = clean_spans(ct)
    sources = [ct.to_source(i) for i in range(len(ct.text))]
    for s in range(len(raw) + 1):
        first = next((i for i, x in enumerate(sources) if x >= s), len(ct.text))
        for e in range(s, min(len(raw), s + 12) + 1):
            a, b = first, next((i for i, x in enumerate(sources) if x >= e), len(ct.text))
            while a < b and ct.text[a].isspace():
                a += 1
            while b > a and ct.text[b - 1].isspace():
                b -= 1
            assert span(s, e) == (a, b), (s, e)


def test_clean_spans_agree_with_the_map_over_many_lines():
    """Over a long text (its lines' offsets found a chunk at a time) every span maps as a search of every position does."""
    import random
    import unicodedata

    from vnnotice.appendix import clean_spans
    from vnnotice.clean import clean

    rnd = random.Random(7)
    parts = ["| 1 | Rà soát **hồ sơ** | Sở Nội vụ |", "", "  - 3 -  ", "*Sở   Tài chính chủ trì,*",
             unicodedata.normalize("NFD", "phối hợp với Sở Xây dựng"), "|", "Nơi nhận:", "II. NHIỆM VỤ"]
    raw = "\n".join(rnd.choice(parts) for _ in range(300)) + "\n"
    ct = clean(raw, markdown=True)
    span = clean_spans(ct)
    sources = [ct.to_source(i) for i in range(len(ct.text))]

    def first(s: int) -> int:
        return next((i for i, x in enumerate(sources) if x >= s), len(ct.text))

    for s in sorted(rnd.sample(range(len(raw) + 1), 150)) + [0, len(raw)]:
        e = min(len(raw), s + rnd.randrange(40))
        a, b = first(s), first(e)
        while a < b and ct.text[a].isspace():
            a += 1
        while b > a and ct.text[b - 1].isspace():
            b -= 1
        assert span(s, e) == (a, b), (s, e)


# A range whose first part has no year takes the year of its end, or the year before when the first part
# would otherwise fall after the end: a start never comes after its due.
@pytest.mark.parametrize("cell, start, due", [
    ("Quý IV - Quý II/2026", date(2025, 10, 1), date(2026, 6, 30)),
    ("Quý III – Quý I năm 2027", date(2026, 7, 1), date(2027, 3, 31)),
    ("Từ tháng 11 đến tháng 2/2026", date(2025, 11, 1), date(2026, 2, 28)),
    ("tháng 12 đến tháng 3 năm 2027", date(2026, 12, 1), date(2027, 3, 31)),
    ("Tháng 10 - Tháng 1/2027", date(2026, 10, 1), date(2027, 1, 31)),
    ("Từ Quý 4 tới Quý 1/2026", date(2025, 10, 1), date(2026, 3, 31)),
    ("6 tháng cuối năm - 6 tháng đầu năm 2027", date(2026, 7, 1), date(2027, 6, 30)),
    ("20/11 - 15/01/2026", date(2025, 11, 20), date(2026, 1, 15)),
    ("Từ 01/12 đến 28/02/2027", date(2026, 12, 1), date(2027, 2, 28)),
    # the same year when the first part comes first (unchanged)
    ("Quý II - Quý IV/2026", date(2026, 4, 1), date(2026, 12, 31)),
    ("tháng 3 đến tháng 5/2026", date(2026, 3, 1), date(2026, 5, 31)),
    ("Từ tháng 2 đến tháng 2/2027", date(2027, 2, 1), date(2027, 2, 28)),
    ("01/03 - 30/06/2026", date(2026, 3, 1), date(2026, 6, 30)),
    ("Quý IV/2025 - Quý II/2026", date(2025, 10, 1), date(2026, 6, 30)),
])
@pytest.mark.parametrize("reference", [REF, date(2026, 12, 20), None])
def test_a_range_starts_in_the_year_before_its_end_when_its_first_part_comes_later(cell, start, due, reference):
    found = read_deadline(cell, reference)
    assert (found.relation, found.start, found.due, found.resolution) == ("within", start, due, "explicit")
    assert found.start <= found.due


# A cell with no year anywhere takes its years from the reference date; its first part goes to the year
# before when it would come after the end: a start never comes after its due.
@pytest.mark.parametrize("cell, reference, start, due", [
    ("Quý IV - Quý II", date(2025, 6, 1), date(2024, 10, 1), date(2025, 6, 30)),
    ("Quý III – Quý I", date(2026, 2, 10), date(2025, 7, 1), date(2026, 3, 31)),
    ("Từ tháng 11 đến tháng 2", date(2026, 1, 5), date(2025, 11, 1), date(2026, 2, 28)),
    ("tháng 3 - tháng 5", date(2025, 4, 15), date(2025, 3, 1), date(2025, 5, 31)),
    ("Tháng 12 tới tháng 1", date(2025, 12, 20), date(2025, 12, 1), date(2026, 1, 31)),
    ("Từ Quý 4 đến hết Quý 1", date(2025, 3, 1), date(2024, 10, 1), date(2025, 3, 31)),
    ("6 tháng cuối năm - 6 tháng đầu năm", date(2025, 6, 1), date(2024, 7, 1), date(2025, 6, 30)),
    ("20/11 - 15/01", date(2025, 12, 1), date(2025, 11, 20), date(2026, 1, 15)),
    # already in order: unchanged
    ("Quý II - Quý IV", date(2025, 3, 1), date(2025, 4, 1), date(2025, 12, 31)),
    ("tháng 3 đến tháng 5", date(2025, 6, 1), date(2026, 3, 1), date(2026, 5, 31)),
])
def test_a_range_with_no_year_never_starts_after_its_due(cell, reference, start, due):
    found = read_deadline(cell, reference)
    assert (found.relation, found.start, found.due, found.resolution) == ("within", start, due, "reference_date")


@pytest.mark.parametrize("cell", ["Quý IV - Quý II", "tháng 11 - tháng 2", "Từ tháng 3 đến tháng 5"])
def test_a_range_with_no_year_and_no_reference_gives_nothing(cell):
    assert read_deadline(cell, None) is None


@pytest.mark.parametrize("cell, start, due", [
    ("Quý IV/2025", None, date(2025, 12, 31)),
    ("Từ 01/10/2025 đến 31/12/2025", date(2025, 10, 1), date(2025, 12, 31)),
    ("Tháng 10/2025 - Tháng 3/2026", date(2025, 10, 1), date(2026, 3, 31)),
])
def test_single_periods_and_dated_ranges_in_cells_are_unchanged(cell, start, due):
    found = read_deadline(cell, date(2025, 6, 1))
    assert (found.start, found.due) == (start, due)


def test_the_bar_line_end_is_where_the_bar_line_pattern_ends():
    import random

    from vnnotice.appendix import _BAR_LINE, _bar_line_end

    rng = random.Random(20)
    pieces = ["|", "|", " ", "  ", "\t", "\n", "\n", "\n\n", "a", "Sở", "\r", "\u2028", "\x1c", "\u3000", "| x |", "*"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        for start in {0, rng.randint(0, len(text)), len(text) // 2}:
            m = _BAR_LINE.search(text, start)
            assert _bar_line_end(text, start) == (m.end() if m else -1), (text, start)


def test_a_long_piece_is_short_when_its_text_in_nfc_is():
    import random
    import unicodedata

    from vnnotice.appendix import _HEADER_CHARS, _short

    def short(piece):  # what _short tells: at most _HEADER_CHARS characters of text, in NFC, spaces collapsed
        return len(" ".join(unicodedata.normalize("NFC", piece).replace("*", " ").split())) <= _HEADER_CHARS

    rng = random.Random(7)
    letters = ["ệ", "ờ", "a", "Đ", "*", "x"]
    for _ in range(300):
        words = rng.randint(1, 130)
        text = " ".join(rng.choice(letters) * rng.randint(1, 3) for _ in range(words))
        form = rng.choice(["NFC", "NFD"])
        filler = rng.choice([" ", "\n", "*", " \u00a0"]) * rng.randint(0, 5000)
        for piece in (unicodedata.normalize(form, text) + filler, filler + unicodedata.normalize(form, text),
                      unicodedata.normalize(form, text[:400]) + filler + text[400:]):
            assert _short(piece) == short(piece), (form, len(piece))
    # NFD letters of three characters each, then white space: long before NFC, short after it
    piece = unicodedata.normalize("NFD", "ệ" * 80) + " " * 5000
    assert _short(piece) and not _short(unicodedata.normalize("NFD", "ệ" * 91) + " " * 5000)


def test_a_gate_tells_a_short_text_as_its_alternation_does():
    import random

    from vnnotice.appendix import _gates

    rng = random.Random(11)
    words = ["phối", "hợp", "chủ", "trì", "cơ", "quan", "đơn", "vị", "thực", "hiện", "nhiệm", "vụ", "nội", "dung",
             "công", "việc", "x", "|", "**", "\n", ",", "trách", "phân", "tên", "văn", "bản"]
    for gate in _gates():
        for _ in range(3000):
            text = "".join(rng.choice(words) + rng.choice([" ", "", "\n", " * "]) for _ in range(rng.randint(0, 12)))
            assert gate.found(text) == (gate.alternation.search(text) is not None), text


def test_the_text_of_a_piece_is_counted_as_its_words_joined():
    import random

    from vnnotice.appendix import _text_chars

    rng = random.Random(3)
    pieces = ["a", "Sở", "ệ", " ", "  ", "\n", "*", "**", "\u00a0", "\u3000", "\x1c", "|", "-", "\u200b"]
    for _ in range(3000):
        piece = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        joined = len(" ".join(piece.replace("*", " ").split()))
        for limit in (0, 3, 10, 90):
            n = _text_chars(piece, limit)
            assert n == joined if joined <= limit else n > limit, (piece, limit)


@pytest.mark.parametrize("cell, due", [
    ("Quý I, Quý II/2026 và Quý III/2027", date(2026, 3, 31)),  # the year of the nearest later point that writes one
    ("Tháng 3, tháng 5 năm 2026, năm 2028", date(2026, 3, 31)),
    ("30/6, 2027", date(2027, 6, 30)),
])
def test_a_time_point_without_a_year_takes_the_next_written_one(cell, due):
    found = read_deadline(cell, REF)
    assert found is not None and found.due == due and found.resolution == "explicit"


def test_procedure_words_are_not_read_across_two_cells():
    # 'ngày' ending one cell and 'làm việc' starting the next make no 'ngày làm việc'
    rows = [["TT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian", "Ghi chú"],
            ["1", "Rà soát quy trình cấp phép xây dựng", "Sở Xây dựng", "Trong 30 ngày", "làm việc với các xã"],
            ["2", "Công bố quy trình cấp phép sau khi rà soát", "Văn phòng UBND tỉnh", "Sau 15 ngày", "làm việc trực tuyến"]]
    notice = extract(HEAD + "\n" + _bar(rows), name="plan.md", reference_date=REF)
    assert len([d for d in _appendix(notice) if not d.heading]) == 2
    # … where a cell of each row holding the words makes it a table of procedure steps
    steps = [r[:3] + ["Trong 30 ngày làm việc", r[4]] if r[0] != "TT" else r for r in rows]
    assert not _appendix(extract(HEAD + "\n" + _bar(steps), name="plan.md", reference_date=REF))


@pytest.mark.parametrize("text, excluded", [
    ("Bước 1: tiếp nhận hồ sơ", True),
    ("BƯỚC 2", True),
    ("02 ngày\nlàm   việc", True),  # white space of any kind and length between the words
    ("02 ngày **làm** việc", True),  # markup between them
    ("Người thực hiện", True),
    ("MÃ TTHC", True),
    ("Thực hiện công việc trong ngày", False),  # the tokens of 'ngày làm việc', not the words
    ("ngày|làm việc", False),  # two cells' texts: no word runs over a '|'
    ("Sở Tài chính chủ trì", False),
    ("bướcx", False),
])
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_procedure_words_are_found_as_the_pattern_finds_them_in_normalized_text(text, excluded, form):
    import unicodedata

    from vnnotice.appendix import _excluded, _norm, _vocabulary

    voc = _vocabulary()
    text = unicodedata.normalize(form, text)
    assert _excluded(text, voc) == (voc.exclude.search(_norm(text)) is not None) == excluded


@pytest.mark.parametrize("texts, group", [
    (["I", "KIỆN TOÀN BỘ MÁY CHỈ ĐẠO", ""], True),
    (["1", "Kiện toàn bộ máy chỉ đạo", ""], False),  # a number over a title in lower case: a task
    (["1.2", "Kiện toàn bộ máy chỉ đạo", ""], True),  # … unless it is a subdivision
    (["A. Nhiệm vụ trọng tâm", "", ""], True),
    (["I", "KIỆN TOÀN " * 40, ""], False),  # a title of 300 characters or more: text run into the table
    (["", "Rà soát hồ sơ", ""], False),  # one text, not in the first cell
    (["1", "Rà soát", "Sở Nội vụ"], False),  # three texts: a row of cells
])
def test_group_rows(texts, group):
    from vnnotice.appendix import _is_group

    assert _is_group(texts, 5) == group


def test_appendix_records_are_made_as_their_classes_validate_them():
    # the reader makes its records without validation: every field, in the class's order, of the field's type
    rows = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"],
            ["I", "CHUYỂN ĐỔI SỐ"],
            ["1", "Xây dựng kho dữ liệu dùng chung", "Sở Khoa học và Công nghệ", "Các sở, ngành", "Quý IV/2025 - Quý II/2026"],
            ["2", "Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh", "Sở Tư pháp", "Thường xuyên"]]
    notice = extract(HEAD + "\n" + _bar(rows), name="plan.md", reference_date=REF)
    directives = _appendix(notice)
    ids = {d.id for d in directives}
    records = directives + [u for u in notice.units if u.directive in ids] + \
        [x for x in notice.deadlines if x.directive in ids]
    assert len(directives) == 3 and {type(r).__name__ for r in records} == {"Directive", "UnitMention", "Deadline"}
    for record in records:
        cls = type(record)
        assert list(record.__dict__) == list(cls.model_fields)
        assert record.model_fields_set == set(cls.model_fields)
        again = cls.model_validate(record.model_dump())
        assert again == record and again.model_dump_json() == record.model_dump_json()
    # the lead lists of a group and of the rows that inherit it are not one list
    leads = [d.lead for d in directives]
    assert len({id(x) for x in leads}) == len(leads)


_RUN_IN = ("Ủy ban nhân dân tỉnh giao các sở, ban, ngành triển khai kế hoạch này theo chức năng, nhiệm vụ được giao; "
           "định kỳ báo cáo kết quả về Sở Nội vụ để tổng hợp. ") * 4


@pytest.mark.parametrize("run_in, read", [
    (_RUN_IN, True),  # a long text before the header cells, in the same row: read as no column's
    ("**" + _RUN_IN.replace(" ", "\n  ") + "**", True),  # … written over many lines, in markup
    ("__NFD__", True),  # … in NFD: its text is made and read
    ("Nhiệm vụ" + " " * 450 + "\n" * 20, False),  # a long cell whose text is short: it names a column
])
def test_a_long_text_run_into_the_header_row(run_in, read):
    import unicodedata

    if run_in == "__NFD__":
        run_in = unicodedata.normalize("NFD", _RUN_IN)
    rows = [[run_in, "STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"],
            ["1", "Xây dựng kho dữ liệu dùng chung", "Sở Khoa học và Công nghệ", "Các sở, ngành", "Quý IV/2025"]]
    table = "|\n" + "\n|\n".join(rows[0]) + "\n|\n|\n" + "\n|\n".join(rows[1]) + "\n|\n"
    notice = extract(HEAD + "\n" + table, name="plan.md", reference_date=REF)
    tasks = [d for d in _appendix(notice) if not d.heading]
    assert bool(tasks) == read  # (a header run from the short text's task column places no row)
    if read:
        assert [t.text for t in tasks] == ["Xây dựng kho dữ liệu dùng chung"]
        assert _units(notice, tasks[0].id, "lead") == ["Sở Khoa học và Công nghệ"]
    from vnnotice.appendix import _header_run

    # a text too long to name a column reads in a header row as an empty cell does
    texts = [" ".join(run_in.replace("*", " ").split())] + rows[0][1:]
    assert (_header_run(texts) == _header_run([""] + rows[0][1:])) == read


def test_a_vocabulary_pattern_is_searched_as_its_words_are_found():
    from vnnotice.appendix import ROLES, _search, _vocabulary

    voc = _vocabulary()
    pairs = [(voc.columns[r], voc.column_words[r]) for r in ROLES if r != "number"]
    pairs += [(voc.standing, voc.standing_words), (voc.recurring_re, voc.recurring_words)]
    for pattern, words in pairs:
        for word in words:
            for text in (word, f"cột {word} (nếu có)", f"x{word}", f"{word}x", "không có từ nào", ""):
                found, expected = _search(pattern, words, text), pattern.search(text)
                assert (found and found.span()) == (expected and expected.span()), (word, text)


@pytest.mark.parametrize("cell, relation, start, due, surface", [
    ("Giai đoạn 2026, 2030", "within", date(2026, 1, 1), date(2030, 12, 31), "2026, 2030"),  # 'from' before two points
    ("Chậm nhất ngày 30/6/2026", "before", None, date(2026, 6, 30), "Chậm nhất ngày 30/6/2026"),
    ("Không quá tháng 9/2026", "before", None, date(2026, 9, 30), "Không quá tháng 9/2026"),
    ("Tháng 9/2026, tháng 12/2026", "by", None, date(2026, 9, 30), "Tháng 9/2026"),  # a point first: no word before it
])
def test_words_before_the_first_point_of_a_time_cell(cell, relation, start, due, surface):
    found = read_deadline(cell, REF)
    assert (found.relation, found.start, found.due, found.surface) == (relation, start, due, surface)
