"""Find stage: the finders run over the text each one reads.

- Citations are read once over the document text: title, body and footnotes,
  the rest blanked (offsets kept). Each citation gets the directives whose
  own text mentions it.
- Deadlines and units are read in each directive's own text (a task card's
  fields each on their own), deadlines also in the body between the items
  (they hold for the document as a whole), and units in a letter's lead-in
  to its items (its addressees act on every item).

Compiled with the other hot modules (``setup.py``, ``COMPILED``): the loop
calls the finders once per region, about fifty times a document.
"""
from __future__ import annotations

from bisect import bisect_right
from datetime import date
from typing import Final, Optional

from . import citations as _citations
from . import deadlines as _deadlines
from . import units as _units
from .layout import Layout
from .model import find_units as _model_units
from .records import Citation, Deadline, UnitMention
from .segment import Node
from .trusted import record

Span = tuple[int, int]
Region = tuple[Optional[str], Span]

#: characters of the shortest text that states a deadline ('từ 1/1', 'trước 5/1' …)
SHORTEST_DEADLINE: Final = 6


class Found:
    """What the finders read in one document, in the order they read it."""

    __slots__ = ("citations", "deadlines", "units")

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self.deadlines: list[Deadline] = []
        self.units: list[UnitMention] = []


def find(text: str, lay: Layout, nodes: list[Node], own: dict[str, list[Span]], reference: Optional[date],
         *, tasks: bool, province: Optional[str], how: str) -> Found:
    """Citations, deadlines and units of the clean ``text`` whose layout is ``lay`` and directives ``nodes``
    (``own``: each one's own spans, by id). ``tasks`` is False for a text that is no administrative
    document (citations only); ``how`` is the unit finder's mode (:func:`vnnotice.model.mode`)."""
    out = Found()
    found = _citations.find_citations(document_text(text, lay), own_number=lay.number, province=province)
    todo = regions(nodes, own, lay.body) if tasks else []
    # the directives' own spans do not overlap: each position has at most one owner
    owned = sorted([(a, b, nid) for nid, (a, b) in todo if nid is not None and b > a])
    out.citations = cited_in(found, owned)
    fields = card_fields(nodes)
    deadlines, units = out.deadlines, out.units
    for nid, (a, b) in todo:
        chunk = text[a:b]
        role = fields.get((a, b)) if fields else None
        if role is None:
            deadlines += _deadlines.find_deadlines(chunk, reference, offset=a, directive=nid)
            units += units_in(chunk, a, nid, how)
        elif role == "time":
            deadlines += _deadlines.find_deadlines(chunk, reference, offset=a, directive=nid)
        elif role == "lead" or role == "cooperate":
            units += card_units(units_in(chunk, a, nid, how), role)
    if owned:
        # the body outside every directive ("Các sở gửi báo cáo … trước ngày …" after the items)
        # holds deadlines of the document as a whole: directive None
        for a, b in minus(lay.body, [(a, b) for a, b, _ in owned]):
            # most of these are the markers between the items ("2.", "b) "): shorter than the
            # shortest text a deadline is read in (a trigger, a space, a date: 'từ 1/1')
            if b - a >= SHORTEST_DEADLINE:
                deadlines += _deadlines.find_deadlines(text[a:b], reference, offset=a, directive=None)
        # a letter's lead-in of its items ("… đề nghị UBND các tỉnh chỉ đạo … thực hiện các nội dung
        # sau:") names the addressee who must act on all of them: units of the document as a whole
        span = lead_in(lay, owned[0][0]) if lay.doc_type == "CÔNG VĂN" else None
        if span is not None:
            units += units_in(text[span[0]:span[1]], span[0], None, how)
    return out


def units_in(chunk: str, offset: int, directive: Optional[str], how: str) -> list[UnitMention]:
    """The units of ``chunk``: the rules' reader in mode 'rules', else the reader decided on by the model."""
    if how == "rules":
        return _units.find_units(chunk, offset=offset, directive=directive)
    return _model_units(chunk, offset=offset, how=how, directive=directive)


def document_text(text: str, lay: Layout) -> str:
    """The clean text with everything but title, body and footnotes blanked (offsets kept)."""
    keep = [lay.body] + lay.footnotes
    if lay.title_span is not None:
        keep.append(lay.title_span)
    if lay.attached is not None:
        keep.append(lay.attached)
    keep.sort()
    out: list[str] = []
    pos = 0
    for a, b in keep:
        if a > pos:
            out.append(blank(text[pos:a]))
        if b > max(a, pos):
            out.append(text[max(a, pos):b])
        pos = max(pos, b)
    out.append(blank(text[pos:]))
    return "".join(out)


def blank(part: str) -> str:
    """Spaces in place of ``part``'s characters; its line breaks stay, so no mention runs across them."""
    return "\n".join([" " * len(line) for line in part.split("\n")])


def regions(nodes: list[Node], own: dict[str, list[Span]], body: Span) -> list[Region]:
    """(directive id, span) of the text each finder reads: every directive's own text, else the body.

    A task card's label bullets are left out of its activity's own text; the
    values of its fields are regions of their own (see :func:`card_fields`).
    """
    if not nodes:
        return [(None, body)]
    out: list[Region] = []
    for n in nodes:
        nid: Optional[str] = n.id
        if not n.fields:
            for span in own[n.id]:
                out.append((nid, span))
            continue
        cuts = sorted([(a, b) for _, a, _, b in n.fields])
        pieces: list[Region] = [(nid, piece) for span in own[n.id] for piece in minus(span, cuts)]
        # a time is read with its label, whose words say what it limits ('Thời gian hoàn thành: Quý I/2026')
        pieces += [(nid, (a if role == "time" else v, b)) for role, a, v, b in n.fields if b > v]
        pieces.sort(key=_span_of)
        out += pieces
    return out


def _span_of(region: Region) -> Span:
    return region[1]


def minus(span: Span, cuts: list[Span]) -> list[Span]:
    """``span`` less the sorted ``cuts``."""
    out: list[Span] = []
    a, b = span
    for x, y in cuts:
        if y <= a or x >= b:
            continue
        if x > a:
            out.append((a, x))
        a = max(a, y)
    if b > a:
        out.append((a, b))
    return out


def card_fields(nodes: list[Node]) -> dict[Span, str]:
    """The role of each task card field's region (see :func:`regions`): 'lead', 'cooperate', 'time' or 'other'."""
    return {(a if role == "time" else v, b): role for n in nodes for role, a, v, b in n.fields}


def card_units(found: list[UnitMention], role: str) -> list[UnitMention]:
    """Units read in a task card field: under a cooperating label ('Đơn vị phối hợp:') every unit cooperates;
    under a leading one ('Cơ quan thực hiện:') they keep the roles their sentence gives them ('… chủ trì, phối hợp với …')."""
    if role != "cooperate":
        return found
    return [record(UnitMention, {**u.__dict__, "role": "cooperate"}) if u.role == "lead" else u for u in found]


def lead_in(lay: Layout, first: int) -> Optional[Span]:
    """The paragraph that announces the items, right before the first one and ending with a colon."""
    before = [p for p in lay.paragraphs if lay.body[0] <= p.start and p.end <= first]
    if not before or not before[-1].text.rstrip(" *").endswith(":"):
        return None
    return before[-1].start, before[-1].end


def cited_in(found: list[Citation], owned: list[tuple[int, int, str]]) -> list[Citation]:
    """``found`` with the ids of the directives whose own spans (``owned``, sorted) hold a mention of each."""
    starts = [a for a, _, _ in owned]
    out: list[Citation] = []
    for c in found:
        ids: set[str] = set()
        for s in c.spans:
            k = bisect_right(starts, s[0]) - 1
            if k >= 0 and s[0] < owned[k][1]:
                ids.add(owned[k][2])
        # (a citation outside every directive keeps the empty list it was made with)
        # (a copy with the ids, as ``model_copy`` would make it: the fields' dict in order, without validation)
        out.append(record(Citation, {**c.__dict__, "directives": sorted(ids, key=id_order)}) if ids else c)
    return out


def id_order(nid: str) -> list[int]:
    """Sort key of a directive id: 'd2.10' after 'd2.9'."""
    return [int(x) for x in nid[1:].split(".")]
