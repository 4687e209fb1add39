"""The work of the service, run in its worker processes (no web framework imported here).

:func:`extract_json`, :func:`extract_document` and :func:`review_document`
are what a request's slot runs, in a :class:`vnnotice.batch.workers.WorkerPool`
process with the service's time and memory budget: past its time the
process is killed and replaced, so the slot is free again and nothing runs
on unawaited. :func:`extract_json` gives the answer's body already encoded,
so the server process only passes bytes on (no records to unpickle, no
JSON to write in the process every connection shares).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Optional

from ..read import READERS, ReadError, read, without_surrogates
from ..records import Notice
from ..stages import extract
from .tasks import task_rows

EXTRACT = f"{__name__}:extract_document"
EXTRACT_JSON = f"{__name__}:extract_json"
REVIEW = f"{__name__}:review_document"


@dataclass(frozen=True)
class Document:
    """A document received, before extraction."""

    data: str | bytes
    filename: Optional[str] = None
    reference_date: Optional[date] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "filename", without_surrogates(self.filename))

    @property
    def reader_name(self) -> Optional[str]:
        """The name handed to the reader: the file name when its suffix has a reader, else none (sniffed)."""
        if self.filename and Path(self.filename).suffix.lower() in READERS:
            return self.filename
        return None

    def text(self, max_bytes: int) -> str:
        """The document as text, never a bare single line (which the reader could take for a path)."""
        text = self.data if isinstance(self.data, str) else read(self.data, name=self.reader_name, max_bytes=max_bytes).text
        return text if "\n" in text else text + "\n"


#: the reason a text holding a NUL character is refused (400 unreadable, as the readers refuse binary files)
NUL_REASON = "binary data: not a text document (it holds a NUL character)"


def extract_document(doc: Document, max_bytes: int) -> Notice:
    """Extract one document; :class:`ReadError` when its text holds a NUL character (binary data)."""
    if isinstance(doc.data, str):
        if "\x00" in doc.data:
            raise ReadError(doc.filename or "text", NUL_REASON)
        notice = extract(doc.text(max_bytes), name=doc.filename, reference_date=doc.reference_date, max_bytes=max_bytes)
    else:
        notice = extract(doc.data, name=doc.reader_name, reference_date=doc.reference_date, max_bytes=max_bytes)
        if "\x00" in notice.text:  # decoded text (a UTF-16 file's NUL bytes are not NUL characters)
            raise ReadError(doc.filename or "upload", NUL_REASON)
    return notice if notice.source or not doc.filename else notice.model_copy(update={"source": doc.filename})


def extract_json(doc: Document, max_bytes: int, fmt: str = "json") -> bytes:
    """The body of ``POST /v1/extract``: the Notice as JSON (UTF-8), or its gold shape with ``fmt="gold"``."""
    notice = extract_document(doc, max_bytes)
    if fmt == "gold":
        from ..export import to_gold

        return json.dumps(to_gold(notice, doc.filename), ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")).encode("utf-8")
    return notice.model_dump_json().encode("utf-8")


def summary(notice: Notice) -> dict[str, Any]:
    """Header fields, counts and warnings of a notice."""
    keys = ("source", "doc_type", "number", "issuer", "issued", "title", "meeting_date", "reference_date", "warnings")
    data = notice.model_dump(mode="json", include=set(keys))
    data["kind"] = notice.kind.verdict if notice.kind else None
    data["counts"] = {"directives": len(notice.directives), "units": len(notice.units),
                      "deadlines": len(notice.deadlines), "citations": len(notice.citations)}
    return data


def review_document(doc: Document, max_bytes: int) -> dict[str, Any]:
    """Highlighted markup, task table, summary and records of one document."""
    from ..export import to_gold
    from ..pipeline import render

    notice = extract_document(doc, max_bytes)
    gold = to_gold(notice, doc.filename)
    # the gold shape of GOLD.md: a directive is known by its starts_with (the page has the whole text in `notice`)
    gold["directives"] = [{k: v for k, v in d.items() if k != "text"} for d in gold["directives"]]
    return {"html": render(notice, page=False), "tasks": task_rows(notice), "summary": summary(notice),
            "notice": notice.model_dump(mode="json"), "gold": gold}
