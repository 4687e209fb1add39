"""The task table of a notice: one row per directive, as JSON rows, CSV or XLSX.

Columns: the directive's id and marker label, the start of its text, its
effective lead units, the units it asks to cooperate or be reported to,
its effective due date, the documents its own text cites, where the task
comes from (``body``, or ``appendix`` for a row of an appendix task table)
and the product an appendix row names.

The cell functions here (:func:`csv_cell`, :func:`xlsx_row`) are the one
implementation of spreadsheet cells, used by the service and by the task
tables of ``vnnotice batch``: a text never becomes a formula (CSV: a cell
that a spreadsheet would run gets a leading apostrophe; XLSX: text cells
are typed as text), characters XLSX cannot hold are dropped and a cell is
cut at Excel's limit.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Any

from ..records import Notice

#: column key → header shown to people (Vietnamese, as clerks read it)
COLUMNS: dict[str, str] = {
    "directive": "Mục",
    "marker": "Ký hiệu",
    "text": "Nội dung",
    "lead": "Đơn vị chủ trì",
    "cooperate": "Đơn vị phối hợp",
    "report_to": "Báo cáo về",
    "due": "Hạn",
    "citations": "Văn bản viện dẫn",
    "source": "Nguồn",
    "product": "Sản phẩm",
}

#: words of the directive text kept in the "text" column
TEXT_WORDS = 24
_SEP = "; "
_FORMULA = re.compile(r"[=+@\t\r]|-(?=\S)")
#: characters an XLSX cell cannot hold (XML 1.0 control characters)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: characters in one Excel cell
EXCEL_MAX_CELL = 32_767


def _start(text: str, words: int = TEXT_WORDS) -> str:
    """The first ``words`` words of ``text``, whitespace collapsed, '…' when cut."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def task_rows(notice: Notice) -> list[dict[str, Any]]:
    """One row per directive, in document order; list columns are lists of strings."""
    by_role: dict[tuple[str, str], list[str]] = {}
    for u in notice.units:
        if u.directive is not None:
            names = by_role.setdefault((u.directive, u.role), [])
            if u.unit not in names:
                names.append(u.unit)
    cites: dict[str, list[str]] = {}
    for c in notice.citations:
        for d in c.directives:
            cites.setdefault(d, []).append(c.surface)
    return [
        {
            "directive": d.id,
            "marker": " ".join(d.label) or d.marker,
            "text": _start(d.text),
            "lead": list(d.lead),
            "cooperate": by_role.get((d.id, "cooperate"), []),
            "report_to": by_role.get((d.id, "report_to"), []),
            "due": d.due.isoformat() if d.due else None,
            "citations": cites.get(d.id, []),
            "source": d.source,
            "product": _product(notice, d),
        }
        for d in notice.directives
    ]


def _product(notice: Notice, d: Any) -> str | None:
    """The product cell of an appendix row, whitespace collapsed; None elsewhere."""
    span = d.cells.get("product")
    return " ".join(notice.text[span[0]:span[1]].split()) if span else None


def _cell(value: Any) -> str:
    """A row value as one spreadsheet cell: lists joined, null empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return _SEP.join(value)
    return str(value)


def _safe(cell: str) -> str:
    """Neutralize a cell a spreadsheet would run as a formula (CSV injection); a bare dash marker stays."""
    return "'" + cell if _FORMULA.match(cell) else cell


def csv_cell(value: Any) -> str:
    """A value as one CSV cell: lists joined, null empty, never a formula."""
    return _safe(_cell(value))


def _sheet_text(value: str) -> str:
    return _ILLEGAL.sub(" ", value)[:EXCEL_MAX_CELL]


def xlsx_row(sheet: Any, values: list[Any]) -> list[Any]:
    """Cells of one XLSX row of ``sheet`` (normal or write-only): text typed as text, never a formula;
    lists joined; dates and numbers as they are; None an empty cell."""
    from openpyxl.cell.cell import Cell

    cells = []
    for column, value in enumerate(values, start=1):  # the sheet sets the row and column when appending
        if value is None:
            cells.append(None)
            continue
        if isinstance(value, (list, str)):
            cell = Cell(sheet, row=1, column=column, value=_sheet_text(_cell(value)))
            cell.data_type = "s"
        else:
            cell = Cell(sheet, row=1, column=column, value=value)
        cells.append(cell)
    return cells


def to_csv(rows: list[dict[str, Any]]) -> str:
    """The task table as CSV (UTF-8 text with a header row of Vietnamese column names)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS.values())
    for row in rows:
        writer.writerow([csv_cell(row[key]) for key in COLUMNS])
    return out.getvalue()


def to_xlsx(rows: list[dict[str, Any]], title: str = "Nhiệm vụ") -> bytes:
    """The task table as an XLSX workbook (needs openpyxl, of the ``batch`` extra)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(list(COLUMNS.values()))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(xlsx_row(ws, [row[key] for key in COLUMNS]))
    widths = {"directive": 8, "marker": 12, "text": 60, "lead": 30, "cooperate": 30, "report_to": 24, "due": 12, "citations": 30,
              "source": 10, "product": 30}
    for i, key in enumerate(COLUMNS):
        ws.column_dimensions[chr(ord("A") + i)].width = widths[key]
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
