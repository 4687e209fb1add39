"""The task table of a notice: one row per directive, as JSON rows, CSV, XLSX or a DataFrame.

This module is the one implementation of the task table: the service's
``/v1/tasks.*`` downloads, the review page's corrected tables
(``/v1/review/tasks.*``), the ``tasks.csv``/``tasks.xlsx`` of
``vnnotice batch`` (which adds its ``path`` and ``number`` columns in front
of the same cells) and :func:`vnnotice.to_frame` all build their rows with
:func:`task_rows` and their cells with :func:`csv_row` / :func:`xlsx_row`.

Columns: the directive's id and marker label, its own text (without its children), its
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
from datetime import date
from typing import Any

from ..records import Notice

#: column key → header shown to people (Vietnamese, as clerks read it)
COLUMNS: dict[str, str] = {
    "directive": "Mục",
    "marker": "Ký hiệu",
    "text": "Nhiệm vụ",
    "lead": "Chủ trì",
    "cooperate": "Phối hợp",
    "report_to": "Báo cáo về",
    "due": "Hạn",
    "citations": "Căn cứ",
    "source": "Nguồn",
    "product": "Sản phẩm",
}

#: the columns ``vnnotice batch`` puts in front of every row (the input's path, the document's number)
BATCH_COLUMNS: dict[str, str] = {"path": "Tệp", "number": "Số văn bản"}
#: how a date cell is shown in XLSX (the cell holds a real date)
DATE_FORMAT = "dd/mm/yyyy"
_SEP = "; "
_FORMULA = re.compile(r"[=+@\t\r]|-(?=\S)")
#: characters an XLSX cell cannot hold (XML 1.0 control characters)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: characters in one Excel cell
EXCEL_MAX_CELL = 32_767


def task_rows(notice: Notice) -> list[dict[str, Any]]:
    """One row per directive, in document order, keyed by :data:`COLUMNS`.

    List columns are lists of strings, ``due`` a :class:`datetime.date` or None."""
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
            "text": own_text(notice, d),
            "lead": list(d.lead),
            "cooperate": by_role.get((d.id, "cooperate"), []),
            "report_to": by_role.get((d.id, "report_to"), []),
            "due": d.due,
            "citations": cites.get(d.id, []),
            "source": d.source,
            "product": _product(notice, d),
        }
        for d in notice.directives
    ]


def own_text(notice: Notice, d: Any) -> str:
    """The directive's own text (without its children's), whitespace collapsed, as the review page shows it."""
    if d.own:
        return " ".join(" ".join(notice.text[a:b] for a, b in d.own).split())
    return " ".join(d.text.split())


def _product(notice: Notice, d: Any) -> str | None:
    """The product cell of an appendix row, whitespace collapsed; None elsewhere."""
    span = d.cells.get("product")
    return " ".join(notice.text[span[0]:span[1]].split()) if span else None


def _cell(value: Any) -> str:
    """A row value as one spreadsheet cell: lists joined, null empty, dates ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return _SEP.join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _safe(cell: str) -> str:
    """Neutralize a cell a spreadsheet would run as a formula (CSV injection); a bare dash marker stays."""
    return "'" + cell if _FORMULA.match(cell) else cell


def csv_cell(value: Any) -> str:
    """A value as one CSV cell: lists joined, null empty, never a formula."""
    return _safe(_cell(value))


def csv_row(row: dict[str, Any], columns: Any = COLUMNS) -> list[str]:
    """The CSV cells of one task row, in the order of ``columns``."""
    return [csv_cell(row.get(key)) for key in columns]


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
        if isinstance(value, (list, tuple, str)):
            cell = Cell(sheet, row=1, column=column, value=_sheet_text(_cell(value)))
            cell.data_type = "s"
        else:
            cell = Cell(sheet, row=1, column=column, value=value)
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
        cells.append(cell)
    return cells


def csv_writer(handle: Any) -> Any:
    """The CSV writer of every task table (``\\r\\n`` line ends, minimal quoting)."""
    return csv.writer(handle, lineterminator="\r\n")


def to_csv(rows: list[dict[str, Any]]) -> str:
    """The task table as CSV (text with a header row of Vietnamese column names; dates ISO 8601).

    The service and ``vnnotice batch`` encode it as UTF-8 with a byte-order mark."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(COLUMNS.values())
    for row in rows:
        writer.writerow(csv_row(row))
    return out.getvalue()


#: column widths of the XLSX task tables (characters)
WIDTHS = {"path": 30, "number": 16, "directive": 8, "marker": 12, "text": 80, "lead": 30, "cooperate": 30,
          "report_to": 24, "due": 12, "citations": 30, "source": 10, "product": 30}


def to_frame(notices: Any) -> Any:
    """The task table of one or more notices as a pandas DataFrame (needs pandas, of the ``frame`` extra).

    Columns are the keys of :data:`COLUMNS` (the number of the document first,
    as ``number``); lists stay lists, ``due`` is a ``datetime64`` column (NaT when absent)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("vnnotice.to_frame needs pandas: pip install 'vnnotice[frame]'") from None
    if isinstance(notices, Notice):
        notices = [notices]
    records = [{"number": n.number, **row} for n in notices for row in task_rows(n)]
    frame = pd.DataFrame.from_records(records, columns=["number", *COLUMNS])
    frame["due"] = pd.to_datetime(frame["due"])
    return frame


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
        ws.append(xlsx_row(ws, [row.get(key) for key in COLUMNS]))
    for i, key in enumerate(COLUMNS):
        ws.column_dimensions[chr(ord("A") + i)].width = WIDTHS[key]
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
