"""Layout stage: clean text → header | body | signature | recipients.

The clean text is a list of paragraphs (one per line). The layout finds,
in order: where the document starts (a portal's banner and metadata table
dropped), the header (issuing body, ``Số: …``, place and date, document type
and title, addressees of a dispatch), the body, the end of the body
(``Nơi nhận``, the signature block, an appendix), the signature block, the
recipients, and footnotes printed after the signature. All positions are
offsets in the clean text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import Final, NamedTuple

import regex

from . import patterns

from .data import load_toml

#: ``str.lower`` called as a function: compiled by mypyc, ``s.lower()`` lowers each character alone, so a
#: final capital sigma gives "σ" where Python gives "ς" (the pure and the compiled module must agree)
_str_lower: Final = str.lower

Span = tuple[int, int]
_VOCAB: Final = load_toml("layout.toml")


class Paragraph(NamedTuple):
    """One line of the clean text: its offsets and text."""

    start: int
    end: int
    text: str


@dataclass
class Layout:
    """Where the parts of a document are, and what the header says."""

    start: int = 0
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    place: str | None = None
    issued: date | None = None
    title: str | None = None
    title_span: Span | None = None
    header: Span | None = None
    body: Span = (0, 0)
    signature_span: Span | None = None
    authority: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    footnotes: list[Span] = field(default_factory=list)
    appendix: Span | None = None
    #: the body of a plan issued with the document and printed after its signature ('KẾ HOẠCH' /
    #: '(Ban hành kèm theo Quyết định số …)' / its items), or None
    attached: Span | None = None
    warnings: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list, repr=False)  # of the whole text, see clip()


def paragraphs(text: str, offset: int = 0, limit: int | None = None) -> list[Paragraph]:
    """Split clean text at newlines into non-empty paragraphs with offsets.

    Offsets are ``offset`` plus positions in ``text``; ``limit`` stops after
    that many paragraphs.
    """
    out = []
    pos = offset
    new = tuple.__new__  # what Paragraph(…) calls, without its Python-level __new__
    for line in text.split("\n"):
        n = len(line)
        if n and not line.isspace():  # (isspace stops at the first other character: no copy of the line)
            out.append(new(Paragraph, (pos, pos + n, line)))
            if limit is not None and len(out) >= limit:
                break
        pos += n + 1
    return out


def clip(paras: list[Paragraph], start: int, end: int, limit: int | None = None) -> list[Paragraph]:
    """``paragraphs(text[start:end], start)`` from ``paras``, the paragraphs of the whole ``text``.

    The lines of a slice are the text's lines cut to it; a line cut down to
    white space only is left out, as :func:`paragraphs` leaves it out.
    """
    out = []
    k = bisect_right(paras, (start,)) - 1  # the line that holds ``start``, if any
    if k < 0 or paras[k].end <= start:
        k += 1
    for p in islice(paras, k, None):
        if p.start >= end:
            break
        if p.start >= start and p.end <= end:
            out.append(p)
        else:
            a, b = max(p.start, start), min(p.end, end)
            line = p.text[a - p.start:b - p.start]
            if line and not line.isspace():
                out.append(Paragraph(a, b, line))
        if limit is not None and len(out) >= limit:
            break
    return out


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


_GOVERNMENT: Final = patterns.compile(r"\bchính phủ\b")
_DOUBLE_SEMICOLON: Final = patterns.compile(r"\s*;\s*;")
# (anchored patterns tried on a few lines of the header or the signature: no time limit, see patterns.bounded)
_NUMBER_PREFIX: Final = patterns.bounded(r"^(?:Số\s*:?\s*\S+\s+)")
_SECTION_START: Final = patterns.bounded(r"^(PHẦN|Phần)\b|^[IVXLC]+\.")
_ITEM_START: Final = patterns.bounded(r"^(PHẦN|Phần)\s+[IVXLC\d]|^[IVXLC]+\.\s|^\d+\.\s")
_SYMBOL_PARTS: Final = patterns.compile(r"[-/]")
_MOTTO: Final = patterns.bounded(r"CỘNG\s*HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")
_SLOGAN: Final = patterns.bounded(r"^Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc", regex.I)
# 'Số: 12/KH-UBND'; a law or resolution of the National Assembly prints 'Luật số: 67/2025/QH15'
_NUMBER: Final = patterns.bounded(
    r"(?:^|\s)(?:Số\s*(?::|\.)?|(?:Luật|Nghị\s+quyết|Pháp\s+lệnh|Lệnh|Nghị\s+định|Quyết\s+định|Thông\s+tư)\s+số\s*:)"
    r"\s*([0-9][\w.]*(?:\s?[/-]\s?[\wĐđ&.]+)+)")
_DATE_WORDS: Final = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_DATE_SLASH: Final = r"ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_PLACE_DATE: Final = patterns.compile(
    rf"(?:^|\s)(?P<place>[\p{{Lu}}][\p{{L}}.]*(?:\s+[\p{{Lu}}][\p{{L}}.]*){{0,4}})\s*,\s*(?:{_DATE_WORDS}|{_DATE_SLASH})", regex.I
)
# the same without the comma ('Hà Nội ngày 01 tháng 12 năm 2025'): only capitalised words then
_PLACE_DATE_BARE: Final = patterns.compile(
    rf"(?:^|\s)(?!(?:Sáng|Chiều|Tối|Trưa|Đêm|Hôm|Từ|Đến|Trước|Sau|Vào|Trong)\b)"
    rf"(?P<place>\p{{Lu}}[\p{{L}}.]*(?:\s+\p{{Lu}}[\p{{L}}.]*){{0,4}})\s+(?i:{_DATE_WORDS}|{_DATE_SLASH})"
)
# what every match of the two holds ('…, ngày 5', '… ngày 05/3'): a cheap search before theirs, which tries
# the words before the date at every space of the line
# (each in plain ``re``, where it costs several times less than a timed search: re's white space holds the
# pattern engine's and four more characters, and a digit outside ASCII may be one the engine knows and re does
# not, so they find a match in any line where the engine's ',\s*ngày\s+\d' or '\s(?i:ngày)\s+\d' finds one)
_PLACE_DATE_NEEDS: Final = re.compile(r",\s*(?i:ngày)\s+(?:\d|[^\x00-\x7f])")
_PLACE_DATE_BARE_NEEDS: Final = re.compile(r"\s(?i:ngày)\s+(?:\d|[^\x00-\x7f])")
# the last character before a place that no place's words hold (an ASCII digit or punctuation but the dot: none
# is white space or a letter to either engine), with everything before it (re's greedy run: one pass)
_PLACE_SEPARATOR: Final = re.compile(r".*[0-9!-\-/:-@\[-`{-~]", re.S)


def _number(t: str) -> regex.Match[str] | None:
    """``_NUMBER.search(t)``: every match holds 'Số' or 'số'."""
    return _NUMBER.search(t) if "ố" in t and ("Số" in t or "số" in t) else None  # (one character first: faster)


def _place_date(t: str) -> regex.Match[str] | None:
    """``_PLACE_DATE.search(t)``, searched from after the last comma before the first place where
    ``_PLACE_DATE_NEEDS`` finds ', ngày <digit>': every match's comma is at such a place (that one or a later
    one), and its words before (letters, dots, white space) hold no comma, so it starts after that comma
    (the engine tried the words at every space of a long line before it: 290 us for one line of seeds and dev)."""
    need = _PLACE_DATE_NEEDS.search(t)
    if need is None:
        return None
    return _PLACE_DATE.search(t, t.rfind(",", 0, need.start()) + 1)


def _place_date_bare(t: str) -> regex.Match[str] | None:
    """``_PLACE_DATE_BARE.search(t)``, searched from after the last of :data:`_PLACE_SEPARATOR`'s characters
    before the first place where ``_PLACE_DATE_BARE_NEEDS`` finds ' ngày <digit>': every match's 'ngày' is at
    such a place (that one or a later one), and what it holds before (white space, letters, dots) holds none of
    them, so it starts after the last one (the engine tried the words at every space of a long line before it:
    up to 36 us a line of the archive)."""
    need = _PLACE_DATE_BARE_NEEDS.search(t)
    if need is None:
        return None
    sep = _PLACE_SEPARATOR.match(t, 0, need.start())
    return _PLACE_DATE_BARE.search(t, sep.end() if sep is not None else 0)


_DOC_TYPE: Final = patterns.bounded(rf"^(?:{_alternation(_VOCAB['doc_types'])})(?=\s|$|[:.])")
_PORTAL: Final = patterns.bounded(rf"^(?:{_alternation(_VOCAB['portal_lines'])})", regex.I)
_INLINE_OPENER: Final = patterns.compile(
    r"(?<=\S\s+)(?=(?:Thực hiện|Căn cứ|Triển khai|Theo|Để|Vừa qua|Trong thời gian|Xét|Sau khi)\s|Ngày\s+\d)")
_SENDER: Final = patterns.bounded(r"\bđiện\s*:\s*$", regex.I)
_ADDRESS_HEAD: Final = patterns.bounded(rf"^(?:{_alternation(_VOCAB['address_heads'])})\s*:", regex.I)
_ADDRESS: Final = patterns.bounded(rf"{_ADDRESS_HEAD.pattern}|{_SENDER.pattern}", regex.I)  # see _address()
_OPENER: Final = patterns.bounded(rf"^(?:{_alternation(_VOCAB['body_openers'])})\b")
_AUTHORITY: Final = patterns.bounded(rf"^(?:{_alternation(_VOCAB['authorities'])})\.\s+\p{{Lu}}")
_AUTHORITY_PREFIX: Final = patterns.bounded(rf"^(?:{_alternation(_VOCAB['authorities'])})\.\s+\S+")
_TITLES: Final = patterns.bounded(rf"(?:{_alternation(_VOCAB['signer_titles'])})$")
_TITLE_LAST: Final = frozenset(w[-1] for w in _VOCAB["signer_titles"])  # what a text _TITLES finds in ends with
_TITLE_WORDS: Final = tuple(_VOCAB["signer_titles"])  # (what _TITLES finds: one of them at the end)
_RECIPIENTS: Final = patterns.bounded(r"^Nơi\s+nhận\s*:?", regex.I)
_APPENDIX: Final = patterns.bounded(r"^(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+[IVXLC\d]+|\s*$|\s+\p{Lu})")
_FOOTNOTE: Final = patterns.bounded(r"^\[\d{1,3}\]\s*\S")
_END_MARK: Final = patterns.bounded(r"\./\.\s*$")
_NAME: Final = patterns.bounded(r"^(?:\p{Lu}[\p{Ll}'’-]*\.?\s+){1,5}\p{Lu}[\p{Ll}'’-]*\.?$")
# a line that ends the body by how it starts (recipients, authority, appendix, portal text): the four in one
_MAYBE_TAIL: Final = patterns.bounded("|".join(
    f"(?{'i' if p.flags & regex.I else '-i'}:{p.pattern})" for p in (_RECIPIENTS, _AUTHORITY, _APPENDIX, _PORTAL)))
_AUTHORITY_FIRST: Final = frozenset(w[0] for w in _VOCAB["authorities"])  # what _AUTHORITY can match first


def _ascii_firsts(exact: str, any_case: str) -> frozenset[str]:
    """The ASCII characters a line can start with to match a pattern that starts with one of ``exact``,
    or one of ``any_case`` in any case (asked of the pattern engine, so that its case folding decides)."""
    one = regex.compile("|".join([f"[{regex.escape(exact)}]"] * bool(exact) + [f"(?i:[{regex.escape(any_case)}])"] * bool(any_case)))
    return frozenset(c for c in map(chr, range(128)) if one.fullmatch(c))


#: the ASCII characters _MAYBE_TAIL can match first ('Nơi nhận', an authority, 'PHỤ LỤC', a portal's line);
#: a line that starts with another ASCII character (a digit, '-', '+', '(' …) is no tail line
_TAIL_ASCII: Final = _ascii_firsts("".join(_AUTHORITY_FIRST) + "P", "N" + "".join(w[0] for w in _VOCAB["portal_lines"]))


_PORTAL_ASCII: Final = _ascii_firsts("", "".join(w[0] for w in _VOCAB["portal_lines"]))
_ADDRESS_ASCII: Final = _ascii_firsts("", "".join(w[0] for w in _VOCAB["address_heads"]))
_DOC_TYPE_FIRST: Final = frozenset(w[0] for w in _VOCAB["doc_types"])  # what _DOC_TYPE can match first
_OPENER_FIRST: Final = frozenset(w[0] for w in _VOCAB["body_openers"])  # what _OPENER can match first


_OPENS_SIZE: Final = 4096  # the most openings a memo below keeps the answer for (it starts over when full)
_DOC_TYPE_OPENS: Final[dict[str, bool]] = {}
_PORTAL_OPENS: Final[dict[str, bool]] = {}
_ADDRESS_OPENS: Final[dict[str, bool]] = {}
_RECIPIENTS_OPENS: Final[dict[str, bool]] = {}
_TAIL_OPENS: Final[dict[str, bool]] = {}


def _can_open(pattern: regex.Pattern[str], opens: dict[str, bool], t: str) -> bool:
    """Whether ``pattern`` (tried at a line's start) can match a line that starts as ``t`` does: asked of the
    pattern for the first two characters (a partial match: the line may go on), the answer kept in ``opens``.
    False only where no match can start: most lines start with a capital and a small letter, which no
    document type and no tail line in capitals does."""
    key = t[:2]
    can = opens.get(key)
    if can is None:
        if len(opens) >= _OPENS_SIZE:
            opens.clear()
        can = opens[key] = pattern.match(key, partial=True) is not None
    return can


# the patterns tried on many lines, each after a test of the line's first character (exact: for a pattern
# that reads any case, a line that starts with a character outside ASCII is always tried)
def _portal(t: str) -> regex.Match[str] | None:
    """``_PORTAL.match(t)``."""
    c = t[:1]
    return None if c.isascii() and c not in _PORTAL_ASCII or not _can_open(_PORTAL, _PORTAL_OPENS, t) else _PORTAL.match(t)


def _address_head(t: str) -> regex.Match[str] | None:
    """``_ADDRESS_HEAD.match(t)``."""
    c = t[:1]
    return None if c.isascii() and c not in _ADDRESS_ASCII or not _can_open(_ADDRESS_HEAD, _ADDRESS_OPENS, t) \
        else _ADDRESS_HEAD.match(t)


def _doc_type(t: str) -> regex.Match[str] | None:
    """``_DOC_TYPE.match(t)``."""
    return _DOC_TYPE.match(t) if t[:1] in _DOC_TYPE_FIRST and _can_open(_DOC_TYPE, _DOC_TYPE_OPENS, t) else None


def _opener(t: str) -> regex.Match[str] | None:
    """``_OPENER.match(t)``."""
    return _OPENER.match(t) if t[:1] in _OPENER_FIRST else None


def _maybe_tail(t: str) -> bool:
    """``_MAYBE_TAIL.match(t)``, with a test of the first character first."""
    c = t[:1]
    if c.isascii() and c not in _TAIL_ASCII:
        return False
    return _can_open(_MAYBE_TAIL, _TAIL_OPENS, t) and _MAYBE_TAIL.match(t) is not None


def _recipients_head(t: str) -> bool:
    """``_RECIPIENTS.match(t)``: a 'Nơi nhận' head, tried where the line's first two characters can open one."""
    return _can_open(_RECIPIENTS, _RECIPIENTS_OPENS, t) and _RECIPIENTS.match(t) is not None


def _authority(t: str) -> regex.Match[str] | None:
    """``_AUTHORITY.match(t)``, with a test of the first character first."""
    return _AUTHORITY.match(t) if t[:1] in _AUTHORITY_FIRST else None


def _sender(t: str) -> bool:
    """``_SENDER.search(t)``: the line ends with 'điện:' (its white space aside), tested by its end first."""
    return t.rstrip()[-1:] == ":" and _SENDER.search(t) is not None


def _address(t: str) -> bool:
    """``_ADDRESS.search(t)``: a 'Kính gửi:' head at the start, or a line that ends with 'điện:'."""
    return _address_head(t) is not None or _sender(t)
# a plan printed after a decision's signature: its type line, then '(Ban hành kèm theo Quyết định …)'
_ATTACHED_TYPE: Final = patterns.bounded(rf"^(?:{_alternation(_VOCAB['attached_types'])})(?:\s|$)")
_ATTACHED_FIRST: Final = frozenset(w[0] for w in _VOCAB["attached_types"])  # what _ATTACHED_TYPE can match first
_ISSUED_WITH: Final = patterns.bounded(r"(?:^|\()\s*(?:Ban\s+hành\s+)?kèm\s+theo\s+(?:Quyết\s+định|Nghị\s+quyết)\b", regex.I)
_MEETING_WORDS: Final = r"chủ\s+trì|họp|Hội\s+nghị|làm\s+việc|buổi|phiên|kiểm\s+tra|thăm"
_MEETING: Final = patterns.compile(rf"\b(?:{_MEETING_WORDS})\b", regex.I)
# what every match of _MEETING is in the lower-cased text, without its word boundaries: a search of plain re
# (untimed, linear, case-sensitive: many times faster) before the engine's, which tries each word in any case at
# every place. Exact: every character the engine takes for a letter of the words in another case lower-cases to
# that letter, but for 'İ' (lower-cased to two characters), with which the engine's search is made at once; re's
# white space holds the engine's (tests/test_layout.py proves both over every code point)
_MEETING_NEEDS: Final = re.compile(_str_lower(_MEETING_WORDS))


def _meeting(head: str) -> bool:
    """``_MEETING.search(head) is not None``."""
    if "İ" not in head and _MEETING_NEEDS.search(_str_lower(head)) is None:
        return False
    return _MEETING.search(head) is not None


# Cheap tests first for the patterns tried on every paragraph of a long tail or header:
# a footnote starts with "[", an appendix with "P", and a motto holds "CỘNG".
def _footnote(t: str) -> regex.Match[str] | None:
    return _FOOTNOTE.match(t) if t[:1] == "[" else None


def _appendix(t: str) -> regex.Match[str] | None:
    return _APPENDIX.match(t) if t[:1] == "P" else None


_MOTTO_LAST: Final[list[tuple[str, regex.Match[str] | None]]] = [("", None)]  # the last line searched, its match


def _motto(t: str) -> regex.Match[str] | None:
    if "Ộ" not in t or "CỘNG" not in t:  # (one character first: several times faster)
        return None
    last = _MOTTO_LAST[0]  # (a header's motto line is asked again by the tests of the lines after it)
    if last[0] is t:
        return last[1]
    m = _MOTTO.search(t)
    _MOTTO_LAST[0] = (t, m)
    return m


_ANY_DATE: Final = patterns.compile(rf"{_DATE_WORDS}|{_DATE_SLASH}|ngày\s+(\d{{1,2}})\s+(?:đến|-)\s+(?:ngày\s+)?\d{{1,2}}\s+tháng\s+(\d{{1,2}})\s+năm\s+(\d{{4}})", regex.I)


def _mkdate(d: str, m: str, y: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def first_date(text: str) -> date | None:
    """The first full date written in ``text`` ('ngày 5 tháng 3 năm 2024', 'ngày 05/3/2024', 'ngày 8 đến ngày 9 tháng 11 năm 2025')."""
    m = _ANY_DATE.search(text)
    if not m:
        return None
    g = m.groups()
    for i in (0, 3, 6):
        if g[i]:
            return _mkdate(g[i], g[i + 1], g[i + 2])
    return None


_LOWERS: Final = patterns.bounded(r"\p{Ll}+")
_LETTER: Final = patterns.bounded(r"\p{L}")
_UPPERS: Final = patterns.bounded(r"\p{Lu}+")


def _title_at_end(text: str) -> bool:
    """Whether ``text``, a line, ends with a signer's title (its trailing ' ,.' left out);
    a cheap test of the last character first."""
    t = text.rstrip(" ,.")
    # (_TITLES.search(t): a title at the end, or before a final line break, where '$' matches too)
    last = t[-1:]
    if last in _TITLE_LAST:
        return t.endswith(_TITLE_WORDS)
    return last == "\n" and t[:-1].endswith(_TITLE_WORDS)


#: the case of each code point below _CASES_END as the pattern engine reads it (\p{Lu} 1, \p{Ll} 2, neither 3),
#: 0 until a text holds it: the heading test counts letters by code point (compiled, no string made for a character)
_CASES_END: Final = 0x3000  # (past the Latin, Greek, Cyrillic and Vietnamese letters and the punctuation)
_CASES: Final[list[int]] = [0] * _CASES_END


def _case(c: int) -> int:
    r"""How the pattern engine reads code point ``c``: 1 \p{Lu}, 2 \p{Ll}, 3 neither (kept in _CASES)."""
    ch = chr(c)
    k = 1 if _UPPERS.match(ch) is not None else 2 if _LOWERS.match(ch) is not None else 3
    if c < _CASES_END:
        _CASES[c] = k
    return k


def _title_suffix(body: str) -> tuple[int, str] | None:
    """``_TITLES.search(body)`` as (start, title): a signer's title that ends ``body``, the longest (the
    leftmost match: at one place a title matches only when it is the rest of the text); by the engine when
    ``body`` holds a line break ('$' matches before a final one too)."""
    if "\n" in body:
        m = _TITLES.search(body)
        return None if m is None else (m.start(), m.group())
    best = ""
    for w in _TITLE_WORDS:
        if len(w) > len(best) and body.endswith(w):
            best = w
    return (len(body) - len(best), best) if best else None


def _is_heading(text: str) -> bool:
    r"""Mostly upper-case letters (a heading line, a title): at least two, and
    at most one lower-case letter for ten upper-case ones (\p{Lu}, \p{Ll})."""
    n = len(text)
    most = 0.1 * n  # more lower-case letters than a tenth of all characters: a sentence (also ASCII ones alone)
    upper = 0
    lower = 0
    cases = _CASES
    for i in range(n):
        c = ord(text[i])
        if c < 128:  # (ASCII: 'A'-'Z' and 'a'-'z' are its only letters)
            if 97 <= c <= 122:
                lower += 1
                if lower > most:
                    return False
            elif 65 <= c <= 90:
                upper += 1
            continue
        k = cases[c] if c < _CASES_END else 0
        if k == 0:
            k = _case(c)
        if k == 1:
            upper += 1
        elif k == 2:
            lower += 1
            if lower > most:
                return False
    return upper >= 2 and lower <= 0.1 * upper


# where a header table flattened into one line ('QUỐC HỘI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự
# do - Hạnh phúc |', 'BỘ Y TẾ-------Số: 12/BYT-KCB') joins what were its lines: table pipes, the rules
# under the issuer and the motto, and the paragraphs of one cell run together
# (each join with the strings it cannot match without: a line holds a join when one of them holds one)
_JOINS: Final = (
    (("|", "-", "_", "=", "–", "—"), r"\s*(?:[-_=–—]{3,}|\|)\s*"),
    (("Độc",), r"(?<=VIỆT\s?NAM)\s*(?=Độc\s+lập)"),
    (("phúc",), r"(?<=Hạnh\s+phúc)\s*(?=\S)"),
    (("Số", "V/v"), r"(?<=\S)\s*(?=(?:Số|V/v)\s*[:.]?\s*\S)(?<!\b(?:[Ss]ố|[Nn]gày)\s*)"),
    (("CỘNG",), r"(?<=\S)\s*(?=CỘNG\s*HÒA\s+XÃ\s+HỘI)"),
)
_HEADER_JOINS: Final = patterns.compile("|".join(join for _, join in _JOINS))
# the joins one by one, each after a test of its strings: a search of the alternation above tries every
# join at every position of the line (several times slower), and most lines hold none
_JOIN_TESTS: Final = [(needed, patterns.compile(join)) for needed, join in _JOINS]


_AFTER_MOTTO: Final = _JOIN_TESTS[1][1]
_AFTER_SLOGAN: Final = _JOIN_TESTS[2][1]
_BEFORE_NUMBER: Final = _JOIN_TESTS[3][1]
_BEFORE_MOTTO: Final = _JOIN_TESTS[4][1]
# what the first join finds, its white space on either side being optional: a run of three rule characters or
# a pipe, found by plain ``re`` (a search of a character class, no time limit needed)
_RULE_OR_BAR: Final = re.compile("[-_=\u2013\u2014]{3}|\\|")


def _header_joined(text: str) -> bool:
    """Whether ``text`` holds a join of a flattened header table (``_HEADER_JOINS.search(text)`` finds one).

    Each join is searched only when ``text`` holds what all its matches
    hold; and not when the motto's or the slogan's words are where no join
    can be (the motto's first word first in the line and nowhere else, the
    slogan's last word last and nowhere else: the motto's line and the
    slogan's of a header that is not flattened).
    """
    if _RULE_OR_BAR.search(text) is not None:
        return True
    # the others (see _JOINS), each with what all its matches hold: 'VIỆT' before 'Độc lập'
    if "Độc" in text and "VIỆT" in text and _AFTER_MOTTO.search(text) is not None:
        return True
    # a character after 'Hạnh phúc'
    if "phúc" in text and not (text.endswith("phúc") and text.count("phúc") == 1) \
            and _AFTER_SLOGAN.search(text) is not None:
        return True
    if ("Số" in text or "V/v" in text) and _BEFORE_NUMBER.search(text) is not None:
        return True
    # a character before 'CỘNG HÒA XÃ HỘI'
    return text.find("CỘNG", 1) >= 0 and _BEFORE_MOTTO.search(text) is not None


def _unflatten_header(paras: list[Paragraph], s: int) -> list[Paragraph]:
    """The paragraphs with each line of a flattened header table (the motto's line or the one
    after it) cut back into its lines, offsets kept (``paras`` itself when no line is cut)."""
    out: list[Paragraph] | None = None  # a copy, made at the first line to cut
    motto_before = False  # (whether paragraph k - 1 holds the motto, for k > s)
    for k in range(s, min(len(paras), s + 4)):
        p = paras[k]
        motto = _motto(p.text) is not None
        cut = (motto or motto_before) and _header_joined(p.text)
        motto_before = motto
        if not cut:
            if out is not None:
                out.append(p)
            continue
        if out is None:
            out = paras[:k]
        pos = 0
        for m in _HEADER_JOINS.finditer(p.text):
            if m.start() > pos:
                out.append(Paragraph(p.start + pos, p.start + m.start(), p.text[pos:m.start()]))
            pos = max(pos, m.end())
        if pos < len(p.text):
            out.append(Paragraph(p.start + pos, p.end, p.text[pos:]))
    if out is None:
        return paras
    out += paras[min(len(paras), s + 4):]
    return out


def _glued_type(text: str, paras: list[Paragraph], k: int) -> bool:
    """A type line run together with its title in a flattened header ('… năm 2025 | KẾ HOẠCH Triển khai …'):
    paragraph ``k`` shares its line with the one before it and a capital follows the type."""
    t = paras[k].text
    m = _doc_type(t)
    if m is None:
        return False
    return bool(k and "\n" not in text[paras[k - 1].end:paras[k].start] and t[m.end():m.end() + 1] == " "
                and t[m.end() + 1:m.end() + 2].isupper())


def _document_start(paras: list[Paragraph]) -> int:
    """Index of the first paragraph of the document proper (a portal's banner and metadata dropped)."""
    for i, p in enumerate(paras[:80]):
        if _motto(p.text):
            j = i
            # the issuing body stands just before the motto (one to three heading lines)
            # (text taken from PDF columns may put 'Số: …' between the two)
            while j > 0 and i - j < 4 and not _portal(paras[j - 1].text) and (
                    (_is_heading(paras[j - 1].text) and not paras[j - 1].text.endswith(":"))
                    or (("Số" in paras[j - 1].text or "số" in paras[j - 1].text) and _NUMBER.match(paras[j - 1].text)) or paras[j - 1].text.startswith(("V/v", "Về việc"))
                    or not _LETTER.search(paras[j - 1].text)):
                j -= 1
            return j
    # no national motto (a letter copied without its header): start after the portal's lines
    last = -1
    for k, p in enumerate(paras[:60]):
        if _portal(p.text):
            last = k
    # a metadata label ('Tình trạng:') has its value on the next line
    start = 0 if last < 0 else last + 2 if paras[last].text.rstrip().endswith(":") else last + 1
    # a letter reprinted without its header, after the portal's summary of it: it starts with 'Kính gửi'
    # (not the portal's own 'Kính gửi: Quý Thành viên' after the document)
    for k in range(min(len(paras), start + 40)):
        t = paras[k].text
        # (_ADDRESS.match: the head, or a line that is 'điện:' alone, which _sender() leaves out)
        if (head := _address_head(t)) and not _sender(t) and not _portal(t[head.end():].strip()):
            return k
    return start


_PLACE_LINE: Final = patterns.bounded(r"^(?:TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN|DÂN|TRUNG\s+ƯƠNG)\b")
_ABBREVIATIONS: Final = frozenset(load_toml("abbreviations.toml").get("units", {}))


_ISSUER_HEAD: Final = patterns.bounded(rf"^(?:{_alternation(_VOCAB['issuer_heads'])})\b")  # reads one phrase


#: words of the header kept for the issuer's name (the longest real one has about 20)
_ISSUER_WORDS: Final = 40


@lru_cache(maxsize=1024)
def _phrase(words: str) -> regex.Pattern[str]:
    """``words`` as a pattern: whole words, any case (issuers repeat from document to document)."""
    return regex.compile(rf"\b{regex.escape(words)}\b", flags=regex.I)


def _issuer_casing(upper: str, text: str, pos: int = 0) -> str:
    """The issuing body as ``text`` writes it from ``pos`` (a line's start) on, else in sentence case."""
    # an issuer's name is its header lines' last words: a few dozen at most, so the work below
    # (a head match and a search per head) stays linear in the text however long the header
    words = upper.split()[-_ISSUER_WORDS:]
    flat = " ".join(words).strip(" -")
    words = flat.split()
    # the body names its issuer with the right casing: the longest tail of the header line it writes
    starts = [0]
    k = 0
    while k < len(words):  # heads left to right, a head's own words skipped ('ỦY BAN' holds no 'BAN')
        m = _ISSUER_HEAD.match(" ".join(words[k:]))
        if m and k:
            starts.append(k)
        k += len(m.group().split()) if m else 1
    for k in starts:
        tail = " ".join(words[k:])
        m = _phrase(tail).search(text, pos, timeout=patterns.TIMEOUT)
        if m and not m.group().isupper():
            return m.group()
    words = words[starts[-1]:]
    flat = " ".join(words)
    words = _str_lower(flat).split()
    out: list[str] = []
    place = False
    for k, (w, orig) in enumerate(zip(words, flat.split())):
        if orig in _ABBREVIATIONS:
            out.append(orig)
            continue
        out.append(w.capitalize() if k == 0 or place else w)
        place = place or w in {"tỉnh", "phố", "huyện", "xã", "phường", "quận", "thị"}
    name = " ".join(out)
    return _GOVERNMENT.sub("Chính phủ", name)


# where a signature block starts inside a line of the recipients' column: a DOCX
# signature table laid out with tabs prints both columns on one line
# ('Nơi nhận:<tab>TL. CHỦ TỊCH', '- Như trên;<tab>CHÁNH VĂN PHÒNG')
_EMBEDDED_AUTHORITY: Final = patterns.compile(
    rf"(?:^Nơi\s+nhận\s*:?\s*|(?<=\S)\s+)(?=(?:{_alternation(_VOCAB['authorities'])})\.\s+\p{{Lu}})", regex.I)
_TRAILING_TITLE: Final = patterns.compile(r"(?<=[;:.,]|^Nơi\s+nhận)\s+(\p{Lu}[\p{Lu}\s,]*\p{Lu})$")
# the signer's name printed at the end of the last recipients' line ('- Lưu: VT, KHTC.<tab>Trần Thị Hoa'):
# three to five capitalised words after the item's punctuation
_TRAILING_NAME: Final = patterns.compile(r"(?<=[;:.,])\s+((?:\p{Lu}\p{Ll}*\s+){2,4}\p{Lu}\p{Ll}*)$")


def _signature_part(text: str) -> tuple[int, str] | None:
    """(offset, text) of the part of a tail line that belongs to the signature block, or None.

    The whole line when it is one ('KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'); its end when the
    recipients' column and the signature's share the line ('Nơi nhận: TL. CHỦ TỊCH').
    """
    t = text.rstrip()
    if _authority(t) or not (t.startswith(("-", "+", "•")) or _recipients_head(t)):
        return 0, t
    m = _EMBEDDED_AUTHORITY.search(t) if ". " in t else None  # (cheap tests first: most lines are plain items)
    if m and m.end() > 0:
        return m.end(), t[m.end():]
    m = _TRAILING_TITLE.search(t) if t[-1:].isupper() else None
    if m and _title_at_end(m.group(1)) and _is_heading(m.group(1)):
        return m.start(1), m.group(1)
    m = _TRAILING_NAME.search(t) if t[-1:].islower() else None
    if m and _NAME.match(m.group(1)):
        return m.start(1), m.group(1)
    return None


def _part_at(paras: list[Paragraph], k: int, parts: dict[int, tuple[int, str] | None]) -> tuple[int, str] | None:
    """``_signature_part`` of paragraph ``k`` (stripped), kept in ``parts``: the recipients' lines and the
    signature's are mostly the same lines of a document's tail."""
    if k in parts:
        return parts[k]
    part = _signature_part(paras[k].text.strip())
    parts[k] = part
    return part


def _signature(paras: list[Paragraph], lo: int, hi: int, lay: Layout,
               parts: dict[int, tuple[int, str] | None] | None = None) -> None:
    """Find the authority, title and name of the signer in paragraphs [lo, hi)."""
    above: tuple[str, int] | None = None  # an authority line over the block, left without a name ('TL. CHỦ TỊCH')
    if parts is None:
        parts = {}
    for i in range(lo, hi):
        part = _part_at(paras, i, parts)
        if part is None:
            continue
        off, t = part
        t = t.strip()
        first = paras[i].start + (len(paras[i].text) - len(paras[i].text.lstrip())) + off
        auth = _authority(t)
        heading = len(t) < 120 and _title_at_end(t) and _is_heading(t)
        if not (auth or heading):
            continue
        body = t.rstrip(" ,.")
        if auth:
            # the block goes on over heading lines: 'TM. ỦY BAN NHÂN DÂN' / 'KT. CHỦ TỊCH' / 'PHÓ CHỦ TỊCH'
            while i + 1 < hi:
                nxt = _part_at(paras, i + 1, parts)
                if nxt is None or not _is_heading(nxt[1]) or _NAME.match(nxt[1].strip("* ")):
                    break
                i += 1
                body = f"{body} {nxt[1].strip().rstrip(' ,.')}"
            title_m = _title_suffix(body)
            prefix = _AUTHORITY_PREFIX.match(body)
            if title_m and prefix and title_m[0] > prefix.end():
                authority = body[: title_m[0]].strip(" ,")
                lay.signer_title = title_m[1]
            else:
                authority = body
            if above and authority != above[0]:  # 'TL. CHỦ TỊCH' over 'KT. CHÁNH VĂN PHÒNG'
                authority = f"{above[0]} {authority}"
                first = above[1]
            lay.authority = authority
        else:
            lay.signer_title = body
        end = paras[i].end
        for j in range(i + 1, min(i + 4, hi)):
            cand = paras[j].text.strip().strip("*").strip()
            tail = _signature_part(cand) if cand.startswith(("-", "+", "•")) else None
            if tail and tail[0]:  # the name at the end of a recipients' line
                cand = tail[1]
            if _NAME.match(cand) and not _is_heading(cand):
                lay.signer_name = cand
                end = paras[j].end
                break
        lay.signature_span = (first, end)
        if lay.signer_name:
            return
        if auth and lay.signer_title is None:
            above = (authority, first)  # (``authority`` is set above when ``auth`` is)


def _recipients(paras: list[Paragraph], i: int, hi: int,
                parts: dict[int, tuple[int, str] | None] | None = None) -> list[str]:
    """Items of a 'Nơi nhận' list starting at paragraph i (a signature block printed on the same lines left out);
    ``parts``: the signature parts of the paragraphs (stripped) as far as they are known (see _part_at)."""
    items: list[str] = []
    if parts is None:
        parts = {}
    t = paras[i].text
    part = _signature_part(t)  # (the line as it is: not the stripped line of ``parts``)
    first = _RECIPIENTS.sub("", t[:part[0]].rstrip() if part and part[0] else t).strip()
    if first:
        items.append(first)
    closed = False  # the last item ended with a full stop ('- Lưu: VT, VX.'): the list may end there
    for k in range(i + 1, hi):
        t = paras[k].text.strip()
        if _authority(t) or (_title_at_end(t) and _is_heading(t)) or _appendix(t):
            break
        part = _part_at(paras, k, parts)  # (of ``t``: the paragraph stripped)
        t = t[:part[0]].rstrip() if part and part[0] else t
        bullet = t.startswith(("-", "+", "•"))
        if closed and not bullet and (_NAME.match(t.strip("* ")) or t.startswith("(")):
            break  # the signer's name or '(Đã ký)' printed under the list
        closed = t.endswith(".")
        if bullet:
            items.append(t.lstrip("-+• ").rstrip(" ;.,"))
        elif items:
            items[-1] = f"{items[-1]}; {t.rstrip(' ;.,')}" if items[-1].endswith(";") else f"{items[-1]} {t.rstrip(' ;.,')}"
        else:
            break
    return [(_DOUBLE_SEMICOLON.sub(";", x) if ";" in x else x).strip() for x in items if x]


def _footnotes(paras: list[Paragraph], lo: int) -> list[Span]:
    """Footnotes printed after the signature: '[n] …' paragraphs and their continuations."""
    spans: list[Span] = []
    # the paragraphs a footnote can start with ('['): the search jumps from one to the next
    brackets = [j for j in range(lo, len(paras)) if paras[j].text[:1] == "["]
    k = lo
    while k < len(paras):
        if not _footnote(paras[k].text):
            nxt = bisect_right(brackets, k)
            k = brackets[nxt] if nxt < len(brackets) else len(paras)
            continue
        start = paras[k].start
        end = paras[k].end
        k += 1
        while k < len(paras) and not _footnote(paras[k].text) and not _portal(paras[k].text) \
                and len(paras[k].text) < 400 and not _appendix(paras[k].text) and not paras[k].text.startswith("#"):
            end = paras[k].end
            if _END_MARK.search(paras[k].text):
                break
            k += 1
            if paras[k - 1].text.rstrip().endswith(".") and k < len(paras) and not _footnote(paras[k].text) \
                    and paras[k].text[:1].isupper():
                break
        spans.append((start, end))
    return spans


def _attached(paras: list[Paragraph], lo: int, hi: int, first: int | None = None) -> Span | None:
    """The body of a plan printed after the signature and issued with the document, or None.

    It starts after its '(Ban hành kèm theo Quyết định số … )' line, found a few lines
    under its type line ('KẾ HOẠCH'), or, without that line, right after a type line
    that is the ``first`` paragraph after a decision's signature. It ends where its own
    tail starts (recipients, a signature, an appendix, the portal's text) or with the text.
    """
    for k in range(lo, hi):
        t = paras[k].text.strip(" *")
        if t[:1] not in _ATTACHED_FIRST or not (_ATTACHED_TYPE.match(t) and t.split("(")[0].isupper()):
            continue  # (its title may run on in capitals)
        for j in range(k, min(k + 8, hi)):
            if not _ISSUED_WITH.search(paras[j].text.strip(" *_")):  # (the title's lines may run into it)
                continue
            while j < min(k + 10, hi) - 1 and not paras[j].text.rstrip(" *_").endswith(")"):
                j += 1  # the line runs on: '(Ban hành kèm theo Quyết định số … ngày …' / 'của Bộ trưởng …)'
            return _attached_body(paras, j + 1, hi)
        return _attached_body(paras, k + 1, hi) if k == first else None
    return None


def _attached_body(paras: list[Paragraph], start: int, hi: int) -> Span | None:
    end = next((m for m in range(start, hi) if _maybe_tail(paras[m].text.strip())), hi)
    return (paras[start].start, paras[end - 1].end) if end > start else None


def find_layout(text: str) -> Layout:
    """Locate the parts of the document in clean ``text``."""
    lay = Layout()
    lay.paragraphs = paras = paragraphs(text)
    if not paras:
        lay.warnings.append("empty document")
        return lay
    s = _document_start(paras)
    lay.paragraphs = paras = _unflatten_header(paras, s)
    lay.start = paras[s].start if s < len(paras) else len(text)
    # header: issuer, number, place and date, type, title
    i = s
    issuer_lines: list[str] = []
    last_issuer = s
    type_idx = None
    for k in range(s, min(len(paras), s + 25)):
        t = paras[k].text
        if (motto := _motto(t)) and not issuer_lines:
            before = t[: motto.start()].strip(" -")
            if before and _is_heading(before):
                issuer_lines.append(before)
        elif k < s + 4 and _is_heading(t) and not _doc_type(t) and not _motto(t) \
                and not (issuer_lines and k > last_issuer + 1):
            issuer_lines.append(t)
            last_issuer = k
        if lay.number is None and t.strip() in ("Số:", "Số") and k + 1 < len(paras):
            t = f"Số: {paras[k + 1].text}"  # 'Số:' with the number on the next line
        if lay.number is None and (m := _number(t)):
            lay.number = "".join(m.group(1).split()).rstrip(".,;")
        if lay.issued is None and "ngày" in t.lower() and (m := _place_date(t) or _place_date_bare(t)):
            g = m.groups()
            d = _mkdate(*g[1:4]) if g[1] else _mkdate(*g[4:7])
            if d:
                lay.issued = d
                place = m.group("place").strip()
                lay.place = _NUMBER_PREFIX.sub("", place).strip() or None
        if _doc_type(t) and (_is_heading(t.split(":")[0]) or _glued_type(text, paras, k)):
            type_idx = k
            break
    if type_idx is not None and (type_m := _doc_type(paras[type_idx].text)):  # (it matches: see above)
        t = paras[type_idx].text
        lay.doc_type = type_m.group()
        rest = t[len(lay.doc_type):].strip(" :")
        title_parts: list[Paragraph] = []
        if rest and not _opener(rest):
            title_parts.append(Paragraph(paras[type_idx].end - len(rest), paras[type_idx].end, rest))
        i = type_idx + 1
        while i < len(paras):
            t = paras[i].text
            # the line right after the type is its title even when it starts like the body ('Triển khai
            # công tác …'), unless it reads as a sentence of the body
            title_first = not title_parts and i == type_idx + 1 and len(t) < 250 and not t.rstrip().endswith(
                (".", ":", ";")) and i + 1 < len(paras)
            if _address(t) or (_opener(t) and not title_first) or _motto(t):
                break
            heading = _is_heading(t)
            if heading or (not title_parts and (t.startswith(("V/v", "Về việc")) or
                                                (len(t) < 300 and not t.rstrip().endswith((".", ":", ";"))))):
                if heading and title_parts and _SECTION_START.match(t):
                    break
                if _ITEM_START.match(t):
                    break
                title_parts.append(paras[i])
                i += 1
                if not heading:
                    break
                continue
            break
        if title_parts:
            lay.title = " ".join(p.text.strip() for p in title_parts)
            lay.title_span = (title_parts[0].start, title_parts[-1].end)
        lay.header = (lay.start, paras[i - 1].end if i > s else lay.start)
    else:
        i = s
        # no type line: the header ends after the place-and-date line or the 'V/v' line
        for k in range(s, min(len(paras), s + 12)):
            t = paras[k].text
            if _address(t) or _opener(t):
                break
            if _place_date(t) or t.startswith(("V/v", "Về việc")) or _SLOGAN.match(t) or _number(t) \
                    or _motto(t) or (_is_heading(t) and k < s + 4):
                i = k + 1
                if t.startswith(("V/v", "Về việc")):
                    lay.title = t
                    lay.title_span = (paras[k].start, paras[k].end)
        letter = lay.title is not None or (i < len(paras) and _address(paras[i].text))
        if letter:  # a 'V/v' subject line or a 'Kính gửi' list and no type line: an official letter
            lay.doc_type = "CÔNG VĂN"
        elif lay.number and "/" in lay.number:
            code = _SYMBOL_PARTS.split(lay.number.split("/", 1)[1])[0]
            lay.doc_type = _VOCAB["type_codes"].get(code) or ("CÔNG VĂN" if lay.number.count("/") == 1 else None)
        lay.header = (lay.start, paras[i - 1].end) if i > s else None
    # addressees of a dispatch or letter
    body_from: int | None = None
    while i < len(paras) and _address(paras[i].text):
        # 'CHỦ TỊCH UBND TỈNH điện:' names the sender, not an addressee
        # (with no 'điện:' at its end, _ADDRESS finds only the head at the line's start)
        after = "" if _sender(paras[i].text) else (
            paras[i].text[head.end():] if (head := _address_head(paras[i].text)) else paras[i].text).strip()
        inline = _INLINE_OPENER.search(after)
        if inline:  # 'Kính gửi: X Thực hiện …' run together: the body starts inside the line
            body_from = paras[i].end - len(after) + inline.start()
            lay.addressees.append(after[: inline.start()].strip().rstrip(" ;."))
            break  # (the body starts inside paragraph i)
        if after:
            lay.addressees.append(after.lstrip("-+ ").rstrip(" ;."))
        i += 1
        # the addressees: a list of '-' items, or one line
        first = True
        while i < len(paras):
            t = paras[i].text
            if _address(t) or _opener(t) or len(t) > 250:
                break
            bullet = t.startswith(("-", "+", "•"))
            if not bullet and not (first and not after):
                break
            lay.addressees.append(t.lstrip("-+• ").rstrip(" ;."))
            i += 1
            first = False
            if not bullet:
                break
    if issuer_lines:
        # two bodies printed one above the other: the lower one issues ('UBND TỈNH X' / 'SỞ Y TẾ'),
        # unless the lower line only goes on with the place ('ỦY BAN NHÂN DÂN' / 'TỈNH X')
        if len(issuer_lines) > 1 and not _PLACE_LINE.match(issuer_lines[-1]):
            issuer_lines = issuer_lines[-1:]
        lay.issuer = _issuer_casing(" ".join(issuer_lines), text, paras[i].start if i < len(paras) else len(text))
    body_start = body_from if body_from is not None else paras[i].start if i < len(paras) else len(text)
    # end of the body: recipients, signature, appendix
    end_idx = None
    for k in range(i, len(paras)):
        t = paras[k].text.strip()
        # recipients, an authority, an appendix or portal text (_MAYBE_TAIL: any of them),
        # or a signer's title over a name
        if _maybe_tail(t) or (len(t) < 80 and _title_at_end(t) and _is_heading(t)
                                    and k + 1 < len(paras) and _NAME.match(paras[k + 1].text.strip())):
            end_idx = k
            break
    if end_idx is None:
        # no tail found: the body ends with its last './.', else with the text
        ends = [k + 1 for k in range(i, len(paras)) if _END_MARK.search(paras[k].text)]
        end_idx = ends[-1] if ends else len(paras)
    lay.body = (body_start, paras[end_idx - 1].end if end_idx > i else body_start)
    # tail: recipients and signature, before any appendix or portal text
    tail_end = len(paras)
    parts: dict[int, tuple[int, str] | None] = {}  # the signature parts of the tail's paragraphs (see _part_at)
    for k in range(end_idx + 1, len(paras)):  # (an appendix starts with 'P', a footnote with '[')
        t = paras[k].text
        c = t[:1]
        if (c == "P" or c == "[") and (_appendix(t) or _footnote(t)):
            tail_end = k
            if _appendix(t):
                lay.appendix = (paras[k].start, paras[-1].end)
            break
    for k in range(end_idx, tail_end):
        if _recipients_head(paras[k].text):
            lay.recipients = _recipients(paras, k, tail_end, parts)
            break
    _signature(paras, end_idx, min(tail_end, end_idx + 40), lay, parts)
    lay.footnotes = _footnotes(paras, end_idx)
    after_signature = next((k for k in range(end_idx, tail_end) if lay.signature_span
                            and paras[k].start >= lay.signature_span[1]
                            and paras[k].text.strip(" *")), None) if lay.doc_type == "QUYẾT ĐỊNH" else None
    lay.attached = _attached(paras, end_idx, tail_end, after_signature)
    if lay.signer_name is None:
        lay.warnings.append("no signature block found")
    return lay


def meeting_date(text: str, body: Span, paras: list[Paragraph] | None = None) -> date | None:
    """Date of the meeting reported on, from the first paragraphs of the body
    (``paras``: the paragraphs of ``text``, when the caller has them)."""
    first = clip(paras, *body, limit=3) if paras is not None else paragraphs(text[body[0]:body[1]], limit=3)
    for p in first:
        head = p.text[:400]
        if _meeting(head):
            d = first_date(head)
            if d:
                return d
    return None


_PERIOD: Final = patterns.compile(r"(?:tháng\s+(\d{1,2})\s*(?:/\s*|(?:\s+và\s+\d+\s+tháng)?\s+năm\s+)(\d{4}))|(?:(?:năm|Năm)\s+(\d{4}))")


def period_end(title: str | None) -> date | None:
    """End of the period a report covers, from its title ('… tháng 12 và 12 tháng năm 2022' → 2022-12-31)."""
    if not title:
        return None
    m = _PERIOD.search(title)
    if not m:
        return None
    if m.group(1):
        month, year = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            return None
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(int(m.group(3)), 12, 31)
