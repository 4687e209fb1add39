"""The task table of a notice: one row per directive, as JSON rows, CSV or XLSX.

Columns: the directive's id and marker label, the start of its text, its
effective lead units, the units it asks to cooperate or be reported to,
its effective due date, the documents its own text cites, where the task
comes from (``body``, or ``appendix`` for a row of an appendix task table)
and the product an appendix row names.
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


def to_csv(rows: list[dict[str, Any]]) -> str:
    """The task table as CSV (UTF-8 text with a header row of Vietnamese column names)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS.values())
    for row in rows:
        writer.writerow([_safe(_cell(row[key])) for key in COLUMNS])
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
        ws.append([_cell(row[key]) for key in COLUMNS])
        for cell in ws[ws.max_row]:
            cell.data_type = "s"  # text is text: never a formula
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
