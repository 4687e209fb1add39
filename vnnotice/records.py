"""Typed, immutable records: the contract between vnnotice and its users.

Every span is a ``(start, end)`` pair of character offsets into
``Notice.text`` (the clean text), so ``notice.text[start:end]`` is the
surface the record claims.
"""
from __future__ import annotations

from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .trusted import record as _record

Span = tuple[int, int]

Role = Literal["lead", "cooperate", "report_to"]
Relation = Literal["before", "by", "on", "within", "standing"]
Recurrence = Literal["weekly", "monthly", "quarterly", "yearly"]
Band = Literal["linked", "review", "unlinked"]


class Record(BaseModel):
    """Base of every record: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def trusted(cls, **values):
        """A record of values the pipeline built itself, already of the fields' types, made without
        validation (pydantic's checks of a directive cost more than building it).

        ``values`` must give every field, in the order the class declares them; any other call
        (a field left out, an unknown name) is validated as usual. Input from outside (a service
        request, a user's JSON, a gold file) goes through the class or ``model_validate``; tests
        check that validating a notice built this way gives the same notice. The hot modules call
        :func:`vnnotice.trusted.record` with the values as a dict, which this does.
        """
        return _record(cls, values)


class Citation(Record):
    """A reference to another document, with all of its mentions."""

    kind: Optional[str] = Field(None, description="Document type as written or implied by the type code, e.g. 'Quyết định', 'Nghị định', 'Luật'.")
    number: Optional[str] = Field(None, description="The part of the number before the first '/' or '-', e.g. '66' or '66.7'.")
    year: Optional[int] = Field(None, description="Four-digit year written between slashes in normative symbols ('96/2023/NĐ-CP'), else null.")
    symbol: Optional[str] = Field(None, description="The rest of the number and symbol as written, line wraps removed, e.g. 'QĐ-UBND', 'NĐ-CP', 'CT/TU'.")
    type_code: Optional[str] = Field(None, description="Document-type code from the symbol per Nghị định 30/2020 Phụ lục III (QĐ, NQ, CT, …), or the Party code.")
    issuer_code: Optional[str] = Field(None, description="Issuer part of the symbol, e.g. 'UBND', 'TTg', 'BYT'.")
    issuer: Optional[str] = Field(None, description="Issuing body, from the text ('của Ủy ban nhân dân tỉnh') or inferred from the symbol.")
    issued: Optional[date] = Field(None, description="Issue date written after the citation, else null.")
    name: Optional[str] = Field(None, description="Title of a named document cited without number (e.g. 'Luật Đất đai').")
    key: str = Field(..., description="Stable canonical key: mentions with the same key are the same document.")
    surface: str = Field(..., description="Text of the first (fullest) mention.")
    spans: list[Span] = Field(default_factory=list, description="Every mention, as (start, end) in the clean text.")
    directives: list[str] = Field(default_factory=list, description="Ids of the directives whose own text cites it.")


class Deadline(Record):
    """A time limit by which an assigned task must be done."""

    surface: str = Field(..., description="The deadline expression as written.")
    span: Span = Field(..., description="(start, end) of the expression in the clean text.")
    relation: Relation = Field(..., description="'before' (trước ngày X), 'by' (trong tháng X, đến hết X), 'on', 'within' (a window), 'standing' (thường xuyên: no date).")
    due: Optional[date] = Field(None, description="The last day allowed; null for standing duties.")
    start: Optional[date] = Field(None, description="First day of the window when the limit is a window, else null.")
    recurring: Optional[Recurrence] = Field(None, description="Recurrence of a periodic duty (báo cáo hằng tháng), else null.")
    resolution: Literal["explicit", "reference_date", "relative", "event", "standing"] = Field(
        "explicit", description="How the date was obtained: written in full, completed from the reference date, counted from it, computed from a named event, or no date.")
    confidence: float = Field(1.0, ge=0.0, le=1.0, description="Confidence of the reading, 0 to 1.")
    directive: Optional[str] = Field(None, description="Id of the innermost directive the deadline belongs to; null outside any directive.")


class RegistryLink(Record):
    """The link of a unit mention to an entry of a registry of units."""

    unit_id: Optional[str] = Field(None, description="Id of the registry entry, null when unlinked.")
    name: Optional[str] = Field(None, description="Registry name of the entry.")
    score: float = Field(0.0, ge=0.0, le=100.0, description="Similarity score, 0 to 100.")
    band: Band = Field("unlinked", description="'linked' above the link threshold, 'review' between thresholds, 'unlinked' below.")
    reason: str = Field("", description="Why this entry was chosen (exact key, alias, abbreviation, fuzzy score, context).")
    candidates: list[tuple[str, float]] = Field(default_factory=list, description="Top candidates as (unit id, score).")


class UnitMention(Record):
    """A unit that must act, cooperate, or be reported to."""

    surface: str = Field(..., description="The mention as written.")
    span: Span = Field(..., description="(start, end) of the mention in the clean text.")
    unit: str = Field(..., description="The organization named, office-holder titles removed, abbreviations expanded.")
    canonical: Optional[str] = Field(None, description="The unit in one spelling for trackers: abbreviations expanded ('UBND' -> 'Ủy ban nhân dân', 'Sở VHTTDL' -> 'Sở Văn hóa, Thể thao và Du lịch'), tone marks placed the modern way ('hoá' -> 'hóa'), level words in lower case; mentions of one unit share it.")
    role: Role = Field(..., description="'lead', 'cooperate' or 'report_to'.")
    directive: Optional[str] = Field(None, description="Id of the directive whose own text names it; null outside any directive.")
    link: Optional[RegistryLink] = Field(None, description="Registry link, when a registry was given.")


class Directive(Record):
    """A numbered or bulleted item of the body."""

    id: str = Field(..., description="Tree id: 'd3', 'd3.1', …")
    parent: Optional[str] = Field(None, description="Id of the enclosing directive, null at the top.")
    marker: str = Field(..., description="Marker as written: '1.', 'a)', '(1)', '-', 'Một là:', 'II.' …")
    kind: str = Field(..., description="Marker kind: roman, arabic, arabic_paren, paren_arabic, letter, word_ordinal, dash, plus, star, article …")
    label: list[str] = Field(default_factory=list, description="Markers from the root down to this item, e.g. ['II.', '1.', 'a)'].")
    heading: bool = Field(False, description="True for section headings (Roman numerals, PHẦN) kept as tree nodes.")
    text: str = Field(..., description="Text of the item after its marker, children included, whitespace as in the clean text.")
    span: Span = Field(..., description="(start, end) of the item in the clean text, marker and children included.")
    own: list[Span] = Field(default_factory=list, description="Spans of the item's own text: the item without its children.")
    children: list[str] = Field(default_factory=list, description="Ids of the child directives, in order.")
    lead: list[str] = Field(default_factory=list, description="Effective leads: the item's own lead units, else inherited from its parent.")
    due: Optional[date] = Field(None, description="Effective deadline: the earliest own due date, else inherited from its parent.")
    source: Literal["body", "appendix"] = Field("body", description="'body' for an item of the body, 'appendix' for a row of an appendix task table (ids 'a1', 'a1.2', …).")
    cells: dict[str, Span] = Field(default_factory=dict, description="For an appendix row: (start, end) of each cell by column role (number, task, lead, cooperate, deadline, product).")


class Signature(Record):
    """The signature block."""

    authority: Optional[str] = Field(None, description="Authority line(s): 'TL. GIÁM ĐỐC', 'KT. CHỦ TỊCH', 'TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH'.")
    title: Optional[str] = Field(None, description="Title of the signer, e.g. 'PHÓ CHỦ TỊCH'.")
    name: Optional[str] = Field(None, description="Name of the signer.")
    span: Optional[Span] = Field(None, description="(start, end) of the block in the clean text.")


class KindSignal(Record):
    """One piece of evidence for (positive weight) or against (negative) an administrative document."""

    name: str = Field(..., description="Signal name from vnnotice/data/kind.toml: 'motto', 'number', 'recipients', 'tasks', 'question_title' …")
    weight: float = Field(..., description="What it adds to the score; negative for marks of a web text.")
    span: Span = Field(..., description="(start, end) of the text that shows it in the clean text.")


class Kind(Record):
    """Whether the text is an administrative document, and why."""

    verdict: Literal["administrative", "not_administrative"] = Field(..., description="'administrative' when the score reaches the threshold; directives, units and deadlines are read only then.")
    score: float = Field(..., description="Sum of the signals' weights.")
    threshold: float = Field(..., description="Score an administrative document reaches.")
    signals: list[KindSignal] = Field(default_factory=list, description="The signals found, in the order of kind.toml.")
    reason: str = Field("", description="The verdict and the signals behind it, in words.")


class OcrPage(Record):
    """A page read by OCR."""

    page: int = Field(description="Page number, from 1 (a PDF's page, or a TIFF's frame).")
    confidence: float = Field(description="Tesseract's word confidence averaged over the page's letters, 0-100.")


class Notice(Record):
    """Everything vnnotice extracts from one document."""

    source: Optional[str] = Field(None, description="Path or name of the input, when known.")
    doc_type: Optional[str] = Field(None, description="Document type from the header, upper case: 'THÔNG BÁO', 'CÔNG ĐIỆN', 'KẾ HOẠCH' …")
    number: Optional[str] = Field(None, description="The document's own number and symbol, e.g. '659/TB-VPCP'.")
    issuer: Optional[str] = Field(None, description="Issuing body.")
    place: Optional[str] = Field(None, description="Place in the place-and-date line.")
    issued: Optional[date] = Field(None, description="Issue date from the header.")
    title: Optional[str] = Field(None, description="Title (trích yếu) after the document type.")
    meeting_date: Optional[date] = Field(None, description="Date of the meeting a conclusion notice reports on.")
    reference_date: Optional[date] = Field(None, description="Date relative deadlines are read against: issue date, else meeting date, else end of the period reported, else given by the caller.")
    text: str = Field("", description="The clean text every span points into.")
    body: Optional[Span] = Field(None, description="(start, end) of the body in the clean text; it runs to the end of a plan issued with the document and printed after its signature.")
    directives: list[Directive] = Field(default_factory=list, description="Directive tree, flattened in document order.")
    citations: list[Citation] = Field(default_factory=list, description="Cited documents, one record per document.")
    deadlines: list[Deadline] = Field(default_factory=list, description="Deadlines, in document order.")
    units: list[UnitMention] = Field(default_factory=list, description="Unit mentions with roles, in document order.")
    signature: Optional[Signature] = Field(None, description="Signature block.")
    recipients: list[str] = Field(default_factory=list, description="Recipients (Nơi nhận / Kính gửi), one entry per line.")
    warnings: list[str] = Field(default_factory=list, description="What could not be read or decided, in words.")
    kind: Optional[Kind] = Field(None, description="Is the text an administrative document? Null when it could not be read.")
    ocr_pages: list[OcrPage] = Field(default_factory=list, description="Pages read by OCR (scanned PDF pages without a text layer, images), in order; empty for text.")
