"""spaCy components around the stages, for users who live in spaCy.

>>> import vnnotice.pipeline as vp
>>> nlp = vp.make_nlp()
>>> doc = nlp(text)
>>> doc._.notice.directives[0].lead
>>> [(s.text, s.label_) for s in doc.spans["vnnotice"]]

Each stage of :mod:`vnnotice.stages` is a registered component
(``vnnotice_clean``, ``vnnotice_layout``, ``vnnotice_kind``, ``vnnotice_segment``,
``vnnotice_find``, ``vnnotice_resolve``, ``vnnotice_records``), so a stage
can be replaced by another component of the same name. The components share
one :class:`~vnnotice.stages.State` in ``doc.user_data`` and run exactly the
code of ``vnnotice.stages``: there is no second implementation.

The ``Doc`` holds the text as given (the source); the records' spans are in
the clean text and are mapped back to the source for ``doc.spans``.

Tokenizer: ``spacy.blank("vi")`` needs the pyvi package for word
segmentation, which costs far more than the whole extraction and which no
stage needs (they read characters). The default pipeline therefore uses the
language-neutral tokenizer of ``spacy.blank("xx")``; pass ``lang="vi"`` to
:func:`make_nlp` to get Vietnamese word segmentation when pyvi is installed.
"""
from __future__ import annotations

from typing import Any, Callable

from spacy.language import Language
from spacy.tokens import Doc

from . import stages as _x
from .records import Notice

_STATE = "vnnotice_state"
STAGE_COMPONENTS = ("vnnotice_clean", "vnnotice_layout", "vnnotice_kind", "vnnotice_segment", "vnnotice_find",
                    "vnnotice_resolve", "vnnotice_records")

_NOTICE = "vnnotice_notice"


def _get_notice(doc: Doc) -> Notice | None:
    """The Notice of a processed Doc (kept as JSON-able data, so docs cross processes in ``nlp.pipe``)."""
    data = doc.user_data.get(_NOTICE)
    return Notice.model_validate(data) if data is not None else None


if not Doc.has_extension("notice"):
    Doc.set_extension("notice", getter=_get_notice)


def _state(doc: Doc) -> _x.State:
    state = doc.user_data.get(_STATE)
    if state is None:
        state = _x.State(raw=doc.text, format=_x.read(doc.text).format)
        doc.user_data[_STATE] = state
    return state


class _Stage:
    """A component that runs one stage function on the document's state."""

    def __init__(self, fn: Callable[[_x.State], _x.State]):
        self.fn = fn

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[_STATE] = self.fn(_state(doc))
        return doc


class _Resolve(_Stage):
    def __init__(self, registry: Any = None):
        super().__init__(_x.stage_resolve)
        self.registry = registry

    def __call__(self, doc: Doc) -> Doc:
        state = _state(doc)
        state.registry = state.registry or self.registry
        doc.user_data[_STATE] = self.fn(state)
        return doc


def _records(doc: Doc) -> Doc:
    """Build the Notice, set ``doc._.notice`` and ``doc.spans['vnnotice']``."""
    state = doc.user_data.pop(_STATE, None) or _state(doc)
    notice: Notice = _x.stage_records(state)
    doc.user_data[_NOTICE] = notice.model_dump(mode="json")
    spans = []
    to_src = state.clean.source_span
    items = [(d.span, "DIRECTIVE") for d in notice.directives]
    items += [(u.span, f"UNIT_{u.role.upper()}") for u in notice.units]
    items += [(d.span, "DEADLINE") for d in notice.deadlines]
    items += [(s, "CITATION") for c in notice.citations for s in c.spans]
    for (start, end), label in items:
        a, b = to_src(start, end)
        span = doc.char_span(a, b, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["vnnotice"] = spans
    return doc


@Language.component("vnnotice_clean")
def clean_component(doc: Doc) -> Doc:
    return _Stage(_x.stage_clean)(doc)


@Language.component("vnnotice_layout")
def layout_component(doc: Doc) -> Doc:
    return _Stage(_x.stage_layout)(doc)


@Language.component("vnnotice_kind")
def kind_component(doc: Doc) -> Doc:
    return _Stage(_x.stage_kind)(doc)


@Language.component("vnnotice_segment")
def segment_component(doc: Doc) -> Doc:
    return _Stage(_x.stage_segment)(doc)


@Language.component("vnnotice_find")
def find_component(doc: Doc) -> Doc:
    return _Stage(_x.stage_find)(doc)


@Language.factory("vnnotice_resolve", default_config={"registry": None})
def make_resolve(nlp: Language, name: str, registry: Any) -> _Resolve:
    """Registry linking; ``registry`` is a path to a registry file or 'default'."""
    reg = None
    if registry:
        from .registry import Registry

        reg = Registry.default() if registry == "default" else Registry.load(registry)
    return _Resolve(reg)


@Language.component("vnnotice_records")
def records_component(doc: Doc) -> Doc:
    return _records(doc)


@Language.factory("vnnotice", default_config={"registry": None})
def make_vnnotice(nlp: Language, name: str, registry: Any) -> Callable[[Doc], Doc]:
    """All stages as one component (the entry point registered for spaCy)."""
    resolve = make_resolve(nlp, name, registry)

    def run(doc: Doc) -> Doc:
        for fn in (_x.stage_clean, _x.stage_layout, _x.stage_kind, _x.stage_segment, _x.stage_find):
            doc = _Stage(fn)(doc)
        return _records(resolve(doc))

    return run


def make_nlp(lang: str = "xx", registry: str | None = None) -> Language:
    """A blank pipeline with the vnnotice stages as components."""
    import spacy

    nlp = spacy.blank(lang)
    for component in STAGE_COMPONENTS:
        if component == "vnnotice_resolve":
            nlp.add_pipe(component, config={"registry": registry})
        else:
            nlp.add_pipe(component)
    return nlp


#: span labels of :func:`marks`, in the order a nested mark is drawn inside another
LABELS = ("DIRECTIVE", "CITATION", "DEADLINE", "UNIT_LEAD", "UNIT_COOPERATE", "UNIT_REPORT_TO")


def marks(notice: Notice) -> list[tuple[int, int, str]]:
    """The highlighted spans of a notice in its clean text: (start, end, label), sorted.

    A directive is marked on its marker only (its span covers its children);
    units by role, deadlines, and every mention of a citation.
    """
    items: list[tuple[int, int, str]] = []
    for d in notice.directives:
        start = d.span[0]
        end = start + len(d.marker) if notice.text.startswith(d.marker, start) else start
        if end > start:
            items.append((start, end, "DIRECTIVE"))
    items += [(u.span[0], u.span[1], f"UNIT_{u.role.upper()}") for u in notice.units]
    items += [(x.span[0], x.span[1], "DEADLINE") for x in notice.deadlines]
    items += [(a, b, "CITATION") for c in notice.citations for a, b in c.spans]
    return sorted({m for m in items if m[0] < m[1]}, key=lambda m: (m[0], -m[1], LABELS.index(m[2])))


def render(doc: Doc | Notice, *, page: bool = True) -> str:
    """HTML of the clean text with directive markers, units, deadlines and citations highlighted.

    One ``<mark data-label="…">`` per record span (not per token), nested
    when spans nest and clipped when they cross; the text keeps its line
    breaks (``white-space: pre-wrap``) and is HTML-escaped. ``doc`` is a Doc
    of :func:`make_nlp` or a :class:`~vnnotice.records.Notice`. With
    ``page=True`` the markup is a whole HTML page.
    """
    from html import escape

    notice = doc if isinstance(doc, Notice) else doc._.notice
    text = notice.text if notice is not None else doc.text
    out = ['<div class="spans" style="white-space: pre-wrap; line-height: 1.6">']
    pos = 0
    open_ends: list[int] = []
    for start, end, label in (marks(notice) if notice is not None else []):
        while open_ends and open_ends[-1] <= start:
            out.append(escape(text[pos:open_ends[-1]]) + "</mark>")
            pos = open_ends.pop()
        end = min(end, open_ends[-1]) if open_ends else end
        if end <= start or start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark data-label="{label}" style="background: {LABEL_COLORS[label]}">')
        pos = start
        open_ends.append(end)
    while open_ends:
        out.append(escape(text[pos:open_ends[-1]]) + "</mark>")
        pos = open_ends.pop()
    out.append(escape(text[pos:]) + "</div>")
    body = "".join(out)
    if not page:
        return body
    return f'<!doctype html>\n<html lang="vi"><head><meta charset="utf-8"><title>vnnotice</title></head><body>{body}</body></html>\n'


#: light colours of the labels (the review page's legend uses the same hues)
LABEL_COLORS = {
    "DIRECTIVE": "#dde3ea",
    "UNIT_LEAD": "#fbd3d0",
    "UNIT_COOPERATE": "#fde3bd",
    "UNIT_REPORT_TO": "#e6d9f6",
    "DEADLINE": "#cdeedb",
    "CITATION": "#d6e6fa",
}
