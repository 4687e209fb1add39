"""Flat tables of a batch: one row per notice, directive, unit, deadline, citation, error.

These are the tables of the Parquet and DuckDB outputs; the task table (CSV,
XLSX) is built by :mod:`vnnotice.service.tasks`, the service's task table, with
the input's path and the document's number in front (:func:`task_table_rows`). Rows of appendix task tables are
directives too (``source`` = ``appendix``, their ``product`` cell kept). Rows are plain dicts whose keys are
the columns of :data:`COLUMNS`; :func:`arrow_schemas` gives their types.
"""
from __future__ import annotations

from typing import Any

from ..records import Notice
from ..service.tasks import BATCH_COLUMNS as TASK_BATCH_COLUMNS
from ..service.tasks import COLUMNS as TASK_TABLE_COLUMNS
from ..service.tasks import task_rows

Row = dict[str, Any]

#: table → [(column, type)], types: str, int, float, bool, date, list
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "notices": [
        ("path", "str"), ("sha256", "str"), ("doc_type", "str"), ("number", "str"), ("issuer", "str"),
        ("place", "str"), ("issued", "date"), ("title", "str"), ("meeting_date", "date"),
        ("reference_date", "date"), ("directives", "int"), ("units", "int"), ("deadlines", "int"),
        ("citations", "int"), ("signer", "str"), ("recipients", "list"), ("warnings", "list"), ("text", "str"),
        ("kind", "str"), ("kind_score", "float"), ("kind_signals", "list"),
    ],
    "directives": [
        ("path", "str"), ("id", "str"), ("parent", "str"), ("marker", "str"), ("kind", "str"), ("label", "list"),
        ("heading", "bool"), ("text", "str"), ("span_start", "int"), ("span_end", "int"), ("lead", "list"),
        ("cooperate", "list"), ("report_to", "list"), ("due", "date"), ("citations", "list"),
        ("source", "str"), ("product", "str"),
    ],
    "units": [
        ("path", "str"), ("directive", "str"), ("unit", "str"), ("canonical", "str"), ("role", "str"),
        ("surface", "str"), ("span_start", "int"), ("span_end", "int"), ("link_id", "str"), ("link_name", "str"),
        ("link_score", "float"), ("link_band", "str"),
    ],
    "deadlines": [
        ("path", "str"), ("directive", "str"), ("surface", "str"), ("relation", "str"), ("due", "date"),
        ("window_start", "date"), ("recurring", "str"), ("resolution", "str"), ("confidence", "float"),
        ("span_start", "int"), ("span_end", "int"),
    ],
    "citations": [
        ("path", "str"), ("key", "str"), ("kind", "str"), ("number", "str"), ("year", "int"), ("symbol", "str"),
        ("type_code", "str"), ("issuer_code", "str"), ("issuer", "str"), ("issued", "date"), ("name", "str"),
        ("surface", "str"), ("mentions", "int"), ("directives", "list"),
    ],
    "errors": [("path", "str"), ("sha256", "str"), ("reason", "str")],
}
TABLES = tuple(COLUMNS)

#: columns of the task table (one row per directive), in order: the service's task table
#: (:data:`vnnotice.service.tasks.COLUMNS`) after the input's path and the document's number
TASK_COLUMNS = (*TASK_BATCH_COLUMNS, *TASK_TABLE_COLUMNS)


def arrow_schemas() -> dict[str, Any]:
    """The ``pyarrow`` schema of every table."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32(), "list": pa.list_(pa.string())}
    return {table: pa.schema([(name, types[kind]) for name, kind in cols]) for table, cols in COLUMNS.items()}


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _cell_text(notice: Notice, d: Any, role: str) -> str | None:
    """The text of an appendix row's cell (``Directive.cells``), else None."""
    span = d.cells.get(role)
    return " ".join(notice.text[span[0]:span[1]].split()) if span else None


def _directive_rows(path: str, notice: Notice) -> list[Row]:
    rows = []
    for d in notice.directives:
        own = [u for u in notice.units if u.directive == d.id]
        rows.append({
            "path": path, "id": d.id, "parent": d.parent, "marker": d.marker, "kind": d.kind, "label": d.label,
            "heading": d.heading, "text": d.text, "span_start": d.span[0], "span_end": d.span[1], "lead": d.lead,
            "cooperate": _unique([u.unit for u in own if u.role == "cooperate"]),
            "report_to": _unique([u.unit for u in own if u.role == "report_to"]),
            "due": d.due, "citations": [c.surface for c in notice.citations if d.id in c.directives],
            "source": d.source, "product": _cell_text(notice, d, "product"),
        })
    return rows


def notice_rows(path: str, sha256: str | None, notice: Notice) -> dict[str, list[Row]]:
    """The rows of every table for one extracted document."""
    sig = notice.signature
    head = {
        "path": path, "sha256": sha256, "doc_type": notice.doc_type, "number": notice.number,
        "issuer": notice.issuer, "place": notice.place, "issued": notice.issued, "title": notice.title,
        "meeting_date": notice.meeting_date, "reference_date": notice.reference_date,
        "directives": len(notice.directives), "units": len(notice.units), "deadlines": len(notice.deadlines),
        "citations": len(notice.citations), "signer": sig.name if sig else None, "recipients": notice.recipients,
        "warnings": notice.warnings, "text": notice.text,
        "kind": notice.kind.verdict if notice.kind else None, "kind_score": notice.kind.score if notice.kind else None,
        "kind_signals": list(dict.fromkeys(s.name for s in notice.kind.signals)) if notice.kind else [],
    }
    units = [{
        "path": path, "directive": u.directive, "unit": u.unit, "canonical": u.canonical, "role": u.role,
        "surface": u.surface,
        "span_start": u.span[0], "span_end": u.span[1], "link_id": u.link.unit_id if u.link else None,
        "link_name": u.link.name if u.link else None, "link_score": u.link.score if u.link else None,
        "link_band": u.link.band if u.link else None,
    } for u in notice.units]
    deadlines = [{
        "path": path, "directive": x.directive, "surface": x.surface, "relation": x.relation, "due": x.due,
        "window_start": x.start, "recurring": x.recurring, "resolution": x.resolution,
        "confidence": x.confidence, "span_start": x.span[0], "span_end": x.span[1],
    } for x in notice.deadlines]
    citations = [{
        "path": path, "key": c.key, "kind": c.kind, "number": c.number, "year": c.year, "symbol": c.symbol,
        "type_code": c.type_code, "issuer_code": c.issuer_code, "issuer": c.issuer, "issued": c.issued,
        "name": c.name, "surface": c.surface, "mentions": len(c.spans), "directives": c.directives,
    } for c in notice.citations]
    return {"notices": [head], "directives": _directive_rows(path, notice), "units": units,
            "deadlines": deadlines, "citations": citations, "errors": []}


def error_rows(path: str, sha256: str | None, reason: str) -> dict[str, list[Row]]:
    """The rows of every table for an input that failed: one ``errors`` row."""
    rows: dict[str, list[Row]] = {table: [] for table in TABLES}
    rows["errors"].append({"path": path, "sha256": sha256, "reason": reason})
    return rows


def task_table_rows(path: str, notice: Notice) -> list[Row]:
    """The task-table rows of one document: the rows of :func:`vnnotice.service.tasks.task_rows`
    with the input's ``path`` and the document's ``number`` in front."""
    return [{"path": path, "number": notice.number, **row} for row in task_rows(notice)]
