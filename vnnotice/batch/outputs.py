"""Final outputs of a batch, rebuilt from the journal at the end of every run.

Each output is written to a temporary file and moved into place with
``os.replace``, so a reader never sees half a file. Formats: ``jsonl``
(``notices.jsonl``: one Notice per line, and ``{"source", "error"}`` rows),
``parquet`` (``parquet/TABLE.parquet``), ``duckdb`` (``vnnotice.duckdb``);
task tables ``tasks.csv`` (UTF-8 with BOM, for Excel) and ``tasks.xlsx``,
the service's task table (:mod:`vnnotice.service.tasks`: the same rows, headers
and cells, never a live formula, due dates as real dates in XLSX) with the
input's path and the document's number in front.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable

from ..records import Notice
from ..service.tasks import BATCH_COLUMNS, COLUMNS, WIDTHS, csv_row, csv_writer, xlsx_row
from .tables import TABLES, TASK_COLUMNS, Row, arrow_schemas, error_rows, notice_rows, task_table_rows

FORMATS = ("jsonl", "parquet", "duckdb")
TASK_FORMATS = ("csv", "xlsx")
_FLUSH_ROWS = 2000
_EXCEL_MAX_ROWS = 1_048_576
#: the header row of the task tables
_TASK_HEADERS = [*BATCH_COLUMNS.values(), *COLUMNS.values()]


def _tmp(final: Path) -> Path:
    return final.with_name(f".{final.name}.tmp")


class JsonlSink:
    """``notices.jsonl``: the notice JSON as extracted, or an error row."""

    needs_rows = False

    def __init__(self, out: Path):
        self.final = out / "notices.jsonl"
        self.tmp = _tmp(self.final)
        self.handle = open(self.tmp, "w", encoding="utf-8")

    def add(self, meta: dict[str, Any], notice_json: str | None, rows: dict[str, list[Row]]) -> None:
        """Write one input."""
        if notice_json is None:
            notice_json = json.dumps({"source": meta["name"], "error": meta["reason"]}, ensure_ascii=False)
        self.handle.write(notice_json + "\n")

    def close(self) -> list[Path]:
        """Move the file into place."""
        self.handle.close()
        os.replace(self.tmp, self.final)
        return [self.final]


class ParquetSink:
    """``TABLE.parquet`` for every table, written in row groups."""

    needs_rows = True

    def __init__(self, folder: Path):
        import pyarrow.parquet as pq

        folder.mkdir(parents=True, exist_ok=True)
        self.schemas = arrow_schemas()
        self.finals = {t: folder / f"{t}.parquet" for t in TABLES}
        self.writers = {t: pq.ParquetWriter(_tmp(self.finals[t]), self.schemas[t]) for t in TABLES}
        self.buffers: dict[str, list[Row]] = {t: [] for t in TABLES}

    def add(self, meta: dict[str, Any], notice_json: str | None, rows: dict[str, list[Row]]) -> None:
        """Buffer one input's rows; write a row group when a buffer is full."""
        for table in TABLES:
            new = rows.get(table, [])
            self.buffers[table] += new
            if len(self.buffers[table]) >= _FLUSH_ROWS:
                self._flush(table)

    def _flush(self, table: str) -> None:
        import pyarrow as pa

        self.writers[table].write_table(pa.Table.from_pylist(self.buffers[table], schema=self.schemas[table]))
        self.buffers[table] = []

    def close(self) -> list[Path]:
        """Write what is buffered, close and move every file into place."""
        for table in TABLES:
            if self.buffers[table]:
                self._flush(table)
            self.writers[table].close()
            os.replace(_tmp(self.finals[table]), self.finals[table])
        return list(self.finals.values())


class DuckdbSink:
    """``vnnotice.duckdb``: the tables loaded from Parquet files written on the side."""

    needs_rows = True

    def __init__(self, out: Path):
        self.final = out / "vnnotice.duckdb"
        self.scratch = Path(tempfile.mkdtemp(prefix=".duckdb-", dir=out))
        self.parquet = ParquetSink(self.scratch)

    def add(self, meta: dict[str, Any], notice_json: str | None, rows: dict[str, list[Row]]) -> None:
        """Buffer one input's rows."""
        self.parquet.add(meta, notice_json, rows)

    def close(self) -> list[Path]:
        """Load every table into a new database file and move it into place."""
        import duckdb

        self.parquet.close()
        tmp = _tmp(self.final)
        tmp.unlink(missing_ok=True)
        with duckdb.connect(str(tmp)) as con:
            for table, path in self.parquet.finals.items():
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet(?)", [str(path)])
        shutil.rmtree(self.scratch)
        os.replace(tmp, self.final)
        return [self.final]


class CsvTaskSink:
    """``tasks.csv``: one row per directive, UTF-8 with BOM so that Excel reads Vietnamese right."""

    needs_rows = True

    def __init__(self, out: Path):
        self.final = out / "tasks.csv"
        self.tmp = _tmp(self.final)
        self.handle = open(self.tmp, "w", encoding="utf-8-sig", newline="")
        self.writer = csv_writer(self.handle)
        self.writer.writerow(_TASK_HEADERS)

    def add(self, meta: dict[str, Any], notice_json: str | None, rows: dict[str, list[Row]]) -> None:
        """Write the task rows of one input."""
        for task in rows.get("tasks", []):
            self.writer.writerow(csv_row(task, TASK_COLUMNS))

    def close(self) -> list[Path]:
        """Move the file into place."""
        self.handle.close()
        os.replace(self.tmp, self.final)
        return [self.final]


class XlsxTaskSink:
    """``tasks.xlsx``: the task table as a workbook (a new sheet every Excel row limit)."""

    needs_rows = True

    def __init__(self, out: Path):
        from openpyxl import Workbook

        self.final = out / "tasks.xlsx"
        self.book = Workbook(write_only=True)
        self.sheet: Any = None
        self.rows = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        from openpyxl.utils import get_column_letter

        count = len(self.book.worksheets)
        self.sheet = self.book.create_sheet("tasks" if count == 0 else f"tasks {count + 1}")
        for index, column in enumerate(TASK_COLUMNS, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[column]
        self.sheet.freeze_panes = "A2"
        self.sheet.append(_TASK_HEADERS)
        self.rows = 1

    def add(self, meta: dict[str, Any], notice_json: str | None, rows: dict[str, list[Row]]) -> None:
        """Append the task rows of one input."""
        for task in rows.get("tasks", []):
            if self.rows >= _EXCEL_MAX_ROWS:
                self._new_sheet()
            self.sheet.append(xlsx_row(self.sheet, [task[column] for column in TASK_COLUMNS]))
            self.rows += 1

    def close(self) -> list[Path]:
        """Save the workbook and move it into place."""
        tmp = _tmp(self.final)
        self.book.save(tmp)
        os.replace(tmp, self.final)
        return [self.final]


def open_sinks(out: Path, formats: Iterable[str], tasks: Iterable[str]) -> list[Any]:
    """The sinks of the chosen formats and task tables."""
    makers = {"jsonl": JsonlSink, "parquet": lambda o: ParquetSink(o / "parquet"), "duckdb": DuckdbSink,
              "csv": CsvTaskSink, "xlsx": XlsxTaskSink}
    return [makers[name](out) for name in [*formats, *tasks]]


def rows_of(meta: dict[str, Any], notice_json: str | None) -> dict[str, list[Row]]:
    """The table rows of one journal record, and its task-table rows (``tasks``)."""
    if notice_json is None:
        return {**error_rows(meta["name"], meta.get("sha256"), meta["reason"]), "tasks": []}
    notice = Notice.model_validate_json(notice_json)
    return {**notice_rows(meta["name"], meta.get("sha256"), notice), "tasks": task_table_rows(meta["name"], notice)}
