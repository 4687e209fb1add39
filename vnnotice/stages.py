"""The stages put together: ``extract`` one document, ``extract_many`` a batch.

A :class:`State` is handed from stage to stage; each stage function fills
its part. ``extract`` runs them all; the spaCy components of
:mod:`vnnotice.pipeline` run the same functions one component each.
"""
from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Iterator


from . import patterns
from . import kind as _kind
from .clean import CleanText, clean
from .assemble import directives as _directives
from .find import find
from .layout import Layout, find_layout, meeting_date, period_end
from .model import mode  # the unit finder's mode: the rules', or merged with the trained model's (docs/models.md)
from .read import DEFAULT_MAX_BYTES, Input, ReadError, names_path, read, without_surrogates
from .records import Citation, Deadline, Directive, Kind, Notice, Signature, UnitMention
from .records import OcrPage
from .segment import Node, renumber, segment

Span = tuple[int, int]
#: the reference dates ``extract`` accepts (deadlines are counted from them: far dates overflow)
EARLIEST_REFERENCE, LATEST_REFERENCE = date(1900, 1, 1), date(2199, 12, 31)
_PROVINCE = patterns.compile(r"\b(?:tỉnh|thành phố|TP\.?)\s+((?:\p{Lu}[\p{Ll}\p{M}]*\s*){1,3})")


@dataclass
class State:
    """What the stages know about one document so far."""

    name: str | None = None
    raw: str = ""
    format: str = "text"
    reference_date: date | None = None  # given by the caller
    registry: Any = None
    clean: CleanText | None = None
    layout: Layout | None = None
    nodes: list[Node] = field(default_factory=list)
    own: dict[str, list[Span]] = field(default_factory=dict)  # each directive's own spans, by id
    citations: list[Citation] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    units: list[UnitMention] = field(default_factory=list)
    tables: tuple | None = None  # the read stage's tables (None: not read, e.g. text handed over by spaCy)
    appendix: list[Directive] = field(default_factory=list)  # rows of appendix task tables
    meeting: date | None = None
    reference: date | None = None
    warnings: list[str] = field(default_factory=list)
    kind: Kind | None = None
    ocr: tuple = ()  # pages read by OCR


def _tasks(state: State) -> bool:
    """Whether directives, units and deadlines are read: not from a text that is no administrative document."""
    return state.kind is None or state.kind.verdict == "administrative"


def stage_read(state: State, source: Input, *, max_bytes: int = DEFAULT_MAX_BYTES) -> State:
    """Read stage: decode the input."""
    src = read(source, name=state.name, max_bytes=max_bytes)
    state.raw, state.format, state.tables = src.text, src.format, src.known_tables  # None: Markdown's, read when needed
    if src.encoding and "replaced" in src.encoding:
        state.warnings.append(f"decoded as {src.encoding}")
    state.ocr = src.ocr
    if src.ocr:  # the OCR stack is imported only for a document it read
        from .formats.ocr import LOW_CONFIDENCE
        state.warnings += [f"OCR confidence {p.confidence:.0f}/100 on page {p.number}: check the text" for p in src.ocr
                           if p.confidence < LOW_CONFIDENCE]
    if state.name is None and not isinstance(source, (str, bytes)):
        state.name = str(source)
    elif state.name is None and isinstance(source, str) and names_path(source):
        state.name = source
    state.name = without_surrogates(state.name)  # a file name in a legacy code page: bytes escaped
    return state


def stage_clean(state: State) -> State:
    """Clean stage: Unicode, markup debris, unwrapped paragraphs, offset map."""
    state.clean = clean(state.raw, markdown=state.format == "markdown")
    return state


def stage_layout(state: State) -> State:
    """Layout stage: header, body, signature, recipients; meeting and reference dates."""
    text = state.clean.text
    state.layout = lay = find_layout(text)
    state.warnings += lay.warnings
    if lay.doc_type in (None, "THÔNG BÁO", "KẾT LUẬN", "BIÊN BẢN"):
        state.meeting = meeting_date(text, lay.body, lay.paragraphs)
    state.reference = state.reference_date or lay.issued or state.meeting or period_end(lay.title)
    if state.reference is None:
        state.warnings.append("no reference date: dates without a year are not completed")
    return state


def stage_kind(state: State) -> State:
    """Kind stage: is the text an administrative document? If not, its header is dropped and no task is read."""
    text = state.clean.text
    lay = state.layout
    state.kind = _kind.decide(text, lay)
    if state.kind.verdict != "administrative":
        # the header fields and the layout's warnings are about a form this text does not have
        state.warnings = [w for w in state.warnings if w not in lay.warnings and not w.startswith("no reference date")]
        state.warnings.append(state.kind.reason)
        state.layout = Layout(start=lay.start, body=(lay.start, len(text)), paragraphs=lay.paragraphs)
        state.meeting = None
        state.reference = state.reference_date
    return state


def stage_segment(state: State) -> State:
    """Segment stage: the directive tree of the body."""
    if not _tasks(state):
        return state
    state.nodes = segment(state.clean.text, state.layout.body, state.layout.paragraphs)
    if state.layout.attached:  # a plan issued with the decision: its items follow the articles
        state.nodes = renumber(state.nodes + segment(state.clean.text, state.layout.attached, state.layout.paragraphs))
    state.own = {n.id: n.own(state.clean.text) for n in state.nodes}
    if not state.nodes:
        state.warnings.append("no numbered or bulleted directive in the body")
    return state


def _province(lay: Layout) -> str | None:
    for source in (lay.issuer or "", " ".join(lay.recipients)):
        m = _PROVINCE.search(source)
        if m:
            return m.group(1).strip()
    return None


def _own(state: State) -> dict[str, list[Span]]:
    """Each directive's own spans, by id (as the segment stage left them)."""
    return state.own or {n.id: n.own(state.clean.text) for n in state.nodes}


def stage_find(state: State) -> State:
    """Find stage: citations over the document, deadlines and units per directive (:mod:`vnnotice.find`)."""
    tasks = _tasks(state)
    found = find(state.clean.text, state.layout, state.nodes, _own(state) if tasks and state.nodes else {},
                 state.reference, tasks=tasks, province=_province(state.layout), how=mode())
    state.citations = found.citations
    state.deadlines += found.deadlines
    state.units += found.units
    _find_appendix(state)
    return state


def _find_appendix(state: State) -> None:
    """The rows of appendix task tables (outside the body) as directives, with their units and deadlines."""
    if not _tasks(state):
        return
    tables = state.tables
    if tables is None and state.format != "markdown":
        return
    if tables == () or (tables is None and "|" not in state.raw):
        return
    from . import appendix as _appendix  # imported for the first document with a table

    outside = state.clean.source_span(*state.layout.body)
    if not _appendix.worth_reading(state.raw, tables, outside):
        return  # no header word of a task table outside the body: the tables need no reading
    if tables is None:
        from .formats.tables import markdown_tables
        tables = markdown_tables(state.raw)
    if not tables:
        return
    found = _appendix.find_appendix_tasks(tables, state.raw, _appendix.clean_spans(state.clean), state.clean.text,
                                          state.reference, outside=outside)
    state.appendix = found.directives
    state.units += found.units
    state.deadlines += found.deadlines


def stage_resolve(state: State) -> State:
    """Resolve stage: link units to the registry."""
    if state.registry is not None:
        on = state.reference
        province = _province(state.layout)
        state.units = [state.registry.link(u, province=province, on=on) for u in state.units]
    return state


def stage_records(state: State) -> Notice:
    """Records stage: the validated, immutable :class:`Notice` (the directives' records: :mod:`vnnotice.assemble`)."""
    text = state.clean.text
    lay = state.layout
    directives = _directives(state.nodes, text, _own(state), state.units, state.deadlines)
    signature = None
    if lay.signer_name or lay.signer_title or lay.authority:
        signature = Signature.trusted(authority=lay.authority, title=lay.signer_title, name=lay.signer_name,
                                      span=lay.signature_span)
    return Notice.trusted(
        source=state.name, doc_type=lay.doc_type, number=lay.number, issuer=lay.issuer, place=lay.place,
        issued=lay.issued, title=lay.title, meeting_date=state.meeting, reference_date=state.reference,
        text=text, body=(lay.body[0], lay.attached[1]) if lay.attached else lay.body, directives=directives + state.appendix,
        citations=list(state.citations), deadlines=list(state.deadlines), units=list(state.units), signature=signature,
        recipients=lay.recipients + lay.addressees if not lay.recipients else list(lay.recipients),
        warnings=list(state.warnings), kind=state.kind,
        ocr_pages=[OcrPage(page=p.number, confidence=p.confidence) for p in state.ocr],
    )


STAGES = (stage_clean, stage_layout, stage_kind, stage_segment, stage_find, stage_resolve)


def extract(source: Input, *, name: str | None = None, reference_date: date | None = None,
            registry: Any = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Notice:
    """Extract the :class:`Notice` of one document.

    ``source`` is a path, bytes, or the document text itself. ``name`` names
    bytes or text (its suffix picks the reader). ``reference_date`` overrides
    the date relative deadlines are read against. ``registry`` (a
    :class:`vnnotice.registry.Registry`) links unit mentions.
    Raises :class:`vnnotice.read.ReadError` for input that cannot be read,
    :class:`ValueError` for a reference date outside 1900–2199.
    """
    if reference_date is not None and not EARLIEST_REFERENCE <= reference_date <= LATEST_REFERENCE:
        raise ValueError(f"reference date {reference_date.isoformat()} is outside "
                         f"{EARLIEST_REFERENCE.isoformat()}..{LATEST_REFERENCE.isoformat()}")
    with _collector_paused():
        state = stage_read(State(name=name, reference_date=reference_date, registry=registry), source, max_bytes=max_bytes)
        for stage in STAGES:
            state = stage(state)
        notice = stage_records(state)
        _release(state)
        return notice


def _release(state: State) -> None:
    """The directive tree's links cut once the records are built.

    A node and its children refer to each other; without that cycle,
    reference counting frees an extraction's objects as soon as it returns,
    instead of the cyclic collector at its next pass over them.
    """
    todo = list(state.nodes)
    while todo:
        n = todo.pop()
        todo += n.children  # with those the tree left out (a card's label bullets, excluded items)
        n.children = []


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for one extraction, then as it was.

    An extraction allocates many small objects that live until it ends, and
    makes next to no reference cycles; the collector's passes over them (and
    over the vocabularies, which live as long as the process) cost 4-10 % of
    the time and grow with the document's size. Memory is freed as before by
    reference counting; the cycles an extraction may leave are collected at
    the collector's next pass after it.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_WARM_UP = """ỦY BAN NHÂN DÂN TỈNH BẮC NINH
SỞ Y TẾ
Số: 1/TB-SYT
Bắc Ninh, ngày 05 tháng 01 năm 2026

THÔNG BÁO
Kết luận của Giám đốc Sở Y tế tại cuộc họp giao ban

1. Giao Trung tâm Y tế các huyện chủ trì, phối hợp với Phòng Tài chính - Kế hoạch rà soát theo Quyết định số 66/QĐ-UBND ngày 10/01/2022, báo cáo Sở Y tế trước ngày 20/01/2026.

| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
| 1 | Rà soát | Sở Y tế | Sở Tài chính | Quý I/2026 |

Nơi nhận:
- Như trên;
- Lưu: VT.

GIÁM ĐỐC
Nguyễn Văn An
"""


def warm_up() -> None:
    """Compile the vocabularies and patterns every stage builds on first use (a worker calls this before its first task)."""
    extract(_WARM_UP, name="warm-up.md")


def _label(source: Input, options: dict) -> str | None:
    """The ``source`` of the Notice of a document that gave no record: its name, or its path (never its text)."""
    if options.get("name"):
        return options["name"]
    if isinstance(source, str):
        return source if names_path(source) else None
    return None if isinstance(source, bytes) else str(source)


def _safe_extract(item: tuple[Input, dict]) -> Notice:
    source, options = item
    try:
        return extract(source, **options)
    except ReadError as exc:
        return Notice(source=_label(source, options), warnings=[f"unreadable: {exc.reason}"])
    except MemoryError:
        return Notice(source=_label(source, options),
                      warnings=["failed: the document needs more memory than allowed (MemoryError)"])
    except Exception as exc:  # a batch never stops for one document
        return Notice(source=_label(source, options), warnings=[f"failed: {type(exc).__name__}: {exc}"])


def extract_many(sources: Iterable[Input], *, n_process: int = 1, reference_date: date | None = None,
                 registry: Any = None, chunksize: int = 4, timeout: float | None = None,
                 memory_mb: int | None = None) -> Iterator[Notice]:
    """Extract many documents, in input order, in ``n_process`` processes.

    A document that cannot be read or fails yields a :class:`Notice` whose
    ``warnings`` say why (its ``source`` kept), so a batch never stops.

    With ``n_process`` above 1 (at most one per core), or a budget given,
    the documents are extracted in worker processes
    (:class:`vnnotice.batch.workers.WorkerPool`, as in ``vnnotice batch``),
    each within ``timeout`` seconds (default 120) and ``memory_mb``
    megabytes above a worker's start-up size (default 2048; 0: no limit).
    A document past its time has its worker killed and replaced (warning
    ``failed: not done within the time budget of … s``); past its memory it
    fails with ``failed: the document needs more memory than allowed``.
    The records are those ``extract`` gives. With one process and no budget
    they are extracted in this process, with no budget. ``chunksize`` is
    kept for compatibility and not used: each document is a task of its own.
    """
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    if memory_mb is not None and memory_mb < 0:
        raise ValueError(f"memory_mb must be 0 (no limit) or more, not {memory_mb!r}")
    options = {"reference_date": reference_date, "registry": registry}
    if n_process <= 1 and timeout is None and memory_mb is None:
        yield from map(_safe_extract, ((s, options) for s in sources))
        return
    from .batch.workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
    from .parallel import extract_in_processes

    processes = max(1, min(n_process, os.cpu_count() or 1))
    yield from extract_in_processes(sources, options, processes=processes,
                                    timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
                                    memory_mb=DEFAULT_MEMORY_MB if memory_mb is None else memory_mb)
