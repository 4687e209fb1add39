"""Appendix task tables: the rows of a plan's task table read as tasks.

Plans often list their tasks in a table after the signature ("PHỤ LỤC …
DANH MỤC NHIỆM VỤ": STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |
Thời gian hoàn thành | Sản phẩm). This stage takes the tables the read stage
kept (:mod:`vnnotice.formats.tables`, the same structure for Markdown, HTML
and DOCX) and:

1. finds the header row: a run of cells whose words give each column a role
   (``data/appendix.toml``: number, task, lead, cooperate, deadline,
   product); a header over two rows ("Cơ quan thực hiện" over "Chủ trì" |
   "Phối hợp") is read as one;
2. reads every row below it as a task: a row of one or two cells that heads
   a group ("I. …", "A …") becomes a heading directive over the rows that
   follow; a cell merged down over several rows (``rowspan``, or a row one
   cell short in Markdown, where merges are not written) gives its value to
   each row it covers;
3. reads the units of the lead and cooperate cells with the unit reader
   (:func:`vnnotice.units.find_units`, the column giving the role) and the
   deadline cell as a date (quarters, months, years, dates, ranges;
   "Thường xuyên" standing, "Hằng năm" recurring), falling back on
   :func:`vnnotice.deadlines.find_deadlines` for a sentence.

The tasks are :class:`~vnnotice.records.Directive` records with
``source="appendix"`` (ids ``a1``, ``a1.2`` …) and the spans of their cells
in ``cells``; their units and deadlines carry those ids. Only tables outside
the body are read (the body's own text is the segment stage's).
"""
from __future__ import annotations

import calendar
import re
from bisect import bisect_right
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import accumulate, combinations
from typing import Any, Callable, Final, Optional, Sequence

import regex

from . import deadlines as _deadlines
from . import units as _units
from .clean import CleanText, space_code
from .data import load_toml
from .formats.tables import Cell, Table
from .records import Deadline, Directive, Recurrence, Relation, UnitMention
from .trusted import record as _record

#: ``str.lower`` called as a function: compiled by mypyc, ``s.lower()`` lowers each character alone, so a
#: final capital sigma gives "σ" where Python gives "ς" (the pure and the compiled module must agree)
_str_lower: Final = str.lower

Span = tuple[int, int]


ROLES: Final = ("number", "other", "cooperate", "lead", "deadline", "product", "task")


def _norm(text: str) -> str:
    return " ".join(_str_lower(unicodedata.normalize("NFC", text).replace("*", " ")).split())


@dataclass(frozen=True)
class _Vocabulary:
    columns: dict[str, regex.Pattern[str]]
    number: frozenset[str]
    exclude: regex.Pattern[str]
    exclude_words: tuple[str, ...]  # the words of ``exclude``: a text holds one of them wherever ``exclude`` finds one
    exclude_tokens: tuple[tuple[str, ...], ...]  # … and each word's tokens
    standing: regex.Pattern[str]
    recurring: dict[str, Recurrence]
    recurring_re: regex.Pattern[str]
    unit_words: regex.Pattern[str]  # the words of the lead and cooperate columns, any case
    # the words of each pattern above (but unit_words): a text holds one of them wherever its pattern finds one
    column_words: dict[str, tuple[str, ...]]
    standing_words: tuple[str, ...]
    recurring_words: tuple[str, ...]


def _words(words: Sequence[str]) -> regex.Pattern[str]:
    alternation = "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return regex.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = load_toml("appendix.toml")
    cols = data["columns"]
    rec = data["deadline"]["recurring"]
    return _Vocabulary(
        columns={role: _words(cols[role]) for role in ROLES if role != "number"},
        number=frozenset(cols["number"]),
        exclude=_words(data["exclude"]["words"]),
        exclude_words=tuple(data["exclude"]["words"]),
        exclude_tokens=tuple(tuple(word.split()) for word in data["exclude"]["words"]),
        standing=_words(data["deadline"]["standing"]),
        recurring=dict(rec),
        recurring_re=_words(list(rec)),
        unit_words=regex.compile(_words(cols["lead"] + cols["cooperate"]).pattern, regex.I),
        column_words={role: tuple(cols[role]) for role in ROLES if role != "number"},
        standing_words=tuple(data["deadline"]["standing"]),
        recurring_words=tuple(rec),
    )


def _search(pattern: regex.Pattern[str], words: tuple[str, ...], text: str) -> Optional[regex.Match[str]]:
    """``pattern.search(text)`` for a pattern of ``words`` (see ``_words``), run only on a text that holds
    one of them (a few tests of a word in a short text cost less than one search)."""
    for word in words:
        if word in text:
            return pattern.search(text)
    return None


def _gate_phrase(phrase: str) -> str:
    return r"[\s*]+".join(re.escape(w) for w in phrase.split())


_GATE_SHORT: Final = 200  # characters: a shorter text is searched with the alternation (measured)


class _Gate:
    """Whether a text (NFC, lower case) holds one of some phrases, any run of white space or '*'
    between two words (as a header cell's text reads them).

    A long text is searched with one plain ``re`` pattern per first word: a scan for a literal
    start is several times faster than one for an alternation of different starts (a text
    without any phrase is read once per pattern); a short one (a few cells) with the one
    alternation, which costs one call. ``re``: its ``\\s`` is what ``str.split`` splits at."""

    def __init__(self, phrases: Sequence[str]) -> None:
        groups: dict[str, list[str]] = {}
        for phrase in sorted(set(phrases), key=len, reverse=True):
            groups.setdefault(phrase.split()[0], []).append(phrase)
        self.patterns = [re.compile("|".join(_gate_phrase(phrase) for phrase in group)) for group in groups.values()]
        self.alternation = re.compile("|".join(_gate_phrase(phrase)
                                               for phrase in sorted(set(phrases), key=len, reverse=True)))
        # every phrase's pattern starts with its first word as it is: a text that holds none of them holds no phrase
        self.firsts = tuple(groups)

    def found(self, text: str) -> bool:
        if len(text) < _GATE_SHORT:
            for first in self.firsts:  # (a few tests of a word in a short text: a fraction of the alternation's search)
                if first in text:
                    return self.alternation.search(text) is not None
            return False
        for pattern in self.patterns:
            if pattern.search(text) is not None:
                return True
        return False


@lru_cache(maxsize=1)
def _gates() -> tuple[_Gate, _Gate]:
    """The gates of the lead and cooperate words and of the task words, on NFC lower-case text."""
    cols = load_toml("appendix.toml")["columns"]
    return _Gate(cols["lead"] + cols["cooperate"]), _Gate(cols["task"])


def _nfc(text: str) -> str:
    """``text`` in NFC (``unicodedata`` tells an NFC text by a quick check, then leaves it as it is)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def may_head_tasks(text: str) -> bool:
    """Can ``text`` hold the header of a task table: a word of a lead or cooperate column and
    one of a task column (see ``data/appendix.toml``)? A cheap test before any table is read."""
    if not text:
        return False
    low = _str_lower(_nfc(text))
    units, tasks = _gates()
    return units.found(low) and tasks.found(low)


# a bar line (re: its \s is what str.strip strips): what _bar_line_end finds, with string searches (a test compares)
_BAR_LINE: Final = re.compile(r"^\s*\|\s*$", re.M)
_HEADER_CHARS: Final = 90  # a header cell's text is at most 80 characters (column_role); some room for markup


def _text_chars(piece: str, limit: int) -> int:
    """``len(" ".join(piece.replace("*", " ").split()))``, the characters of ``piece`` with white space collapsed
    and '*' dropped, when at most ``limit``; else a number above ``limit`` (the count stops there).

    The characters are read as code points, one by one: no word, list or joined string is made.
    """
    n = 0
    gap = False  # white space or '*' met after a character counted
    for i in range(len(piece)):
        c = ord(piece[i])
        if c == 42 or space_code(c):  # '*'
            gap = n > 0
        else:
            n += 2 if gap else 1  # (the space the gap collapses to, before the character)
            gap = False
            if n > limit:
                return n
    return n


_LONG_PIECE: Final = 2000  # characters: the NFC test of a longer piece costs more than that of its first ones


def _short(piece: str) -> bool:
    """Whether ``piece`` holds at most ``_HEADER_CHARS`` characters of text, in NFC as column_role reads it."""
    if len(piece) <= _HEADER_CHARS or _text_chars(piece, _HEADER_CHARS) <= _HEADER_CHARS:
        return True
    if len(piece) > _LONG_PIECE:
        # a long piece (the body's text) told long by its first characters in NFC, not by the NFC test of all of
        # it: the NFC of the piece starts with theirs, cut before a character in ASCII (which no mark goes back
        # over and which composes with nothing before it), and its text is no shorter than theirs
        cut = _ascii_at(piece, 6 * _HEADER_CHARS)
        if cut > 0 and _text_chars(_nfc(piece[:cut]), _HEADER_CHARS) > _HEADER_CHARS:
            return False
    # NFC composes at most four characters into one (a letter and its marks): a longer piece stays long
    return (not unicodedata.is_normalized("NFC", piece) and _text_chars(piece, 5 * _HEADER_CHARS) <= 5 * _HEADER_CHARS
            and _text_chars(unicodedata.normalize("NFC", piece), _HEADER_CHARS) <= _HEADER_CHARS)


def _ascii_at(text: str, start: int) -> int:
    """The offset of the first character in ASCII of ``text`` at or after ``start`` within the 60 after it
    (-1 when there is none)."""
    for i in range(start, min(len(text), start + 60)):
        if ord(text[i]) < 128:
            return i
    return -1


def _blank(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` is white space only (or empty), as ``re``'s ``\\s`` reads it (``str.isspace``)."""
    for i in range(a, b):
        if not space_code(ord(text[i])):
            return False
    return True


def _bar_line_end(source: str, start: int) -> int:
    """Where the first match of ``_BAR_LINE`` searched from ``start`` ends (-1 when there is none): a line that
    starts at or after ``start`` and holds '|' alone, white space aside; the match runs on over the white space
    after it to the last line end in it (to the text's end when it reaches it).

    The lines are found from one '|' to the next ('|' is found by a plain search for one character, the
    fastest): the pattern's search tries every place of the text, many times slower.
    """
    n = len(source)
    q = source.find("|", start)
    while q >= 0:
        line_start = source.rfind("\n", 0, q) + 1
        line_end = source.find("\n", q + 1)
        if line_end < 0:
            line_end = n
        if line_start >= start and _blank(source, line_start, q) and _blank(source, q + 1, line_end):
            e = line_end  # a line end (or the text's end) the white space after the bar runs over
            while e < n:
                nxt = source.find("\n", e + 1)
                stop = n if nxt < 0 else nxt
                if not _blank(source, e + 1, stop):
                    return e  # the white space stops in the next line: the match ends at its line end
                if nxt < 0:
                    return n
                e = nxt
            return n
        # no other '|' of the line is alone on it (each has this one before it or after it)
        q = source.find("|", line_end)
    return -1


def _header_row(source: str, skip: Span) -> bool:
    """Whether a row of the Markdown tables of ``source`` may be a task table's header: one of its
    pieces between two '|' holds a lead or cooperate word, one a task word, each piece at most
    ``_HEADER_CHARS`` characters of text (white space collapsed, '*' dropped) and not inside ``skip``.

    A row ends only where the parser of bar tables ends one for sure: at white space alone between
    two bar lines ('|' alone on its line). A pipe table's rows are not told apart (a wider row is
    a weaker test, never a wrong one).
    """
    units, tasks = _gates()
    pieces = source.split("|")
    row: list[str] = []
    pos = len(pieces[0]) + 1
    a, b = skip
    last = len(pieces) - 1
    for k in range(1, last):
        piece = pieces[k]
        end = pos + len(piece)
        if not piece or piece.isspace():  # white space alone holds no word; it may end a row
            if row and "\n" in piece and _alone_before(pieces, k) and _alone_after(pieces, k, last):
                # the two header words are in two cells, so in two pieces at least
                if len(row) > 1 and _both(row, units, tasks):
                    return True
                row = []
        elif not (a <= pos and end <= b) and (len(piece) <= _HEADER_CHARS or _short(piece)):  # (most are short)
            row.append(piece)
        pos = end + 1
    return len(row) > 1 and _both(row, units, tasks)


def _alone_before(pieces: list[str], k: int) -> bool:
    """Whether the '|' before ``pieces[k]`` (white space with a line break) is alone on its line,
    as :func:`_alone` tells, read from the piece before it (its line ends inside ``pieces[k]``)."""
    prev = pieces[k - 1]
    j = prev.rfind("\n")
    if j < 0 and k > 1:
        return False  # the '|' before ``prev`` is on the same line
    rest = prev[j + 1:]
    return not rest or rest.isspace()


def _alone_after(pieces: list[str], k: int, last: int) -> bool:
    """Whether the '|' after ``pieces[k]`` (white space with a line break) is alone on its line,
    as :func:`_alone` tells, read from the piece after it (its line starts inside ``pieces[k]``)."""
    nxt = pieces[k + 1]
    j = nxt.find("\n")
    if j < 0 and k + 1 < last:
        return False  # the '|' after ``nxt`` is on the same line
    rest = nxt if j < 0 else nxt[:j]
    return not rest or rest.isspace()


def _both(row: list[str], units: _Gate, tasks: _Gate) -> bool:
    """Whether the pieces of one row hold a lead or cooperate word and a task word (read as column_role reads)."""
    joined = _str_lower(_nfc("|".join(row)))  # NFC leaves '|' and what is on each side of it as they are
    return units.found(joined) and tasks.found(joined)


def worth_reading(source: str, tables: Optional[Sequence[Table]], outside: Span) -> bool:
    """Whether the tables of ``source`` may hold a task table outside the body ``outside``.

    :func:`find_appendix_tasks` reads a table only from a header row none of
    whose header cells starts inside the body, and that row has a cell with a
    lead or cooperate word and one with a task word, each of at most 80
    characters. So the tables need no reading when the text of the cells that
    start outside the body holds no such words: the text after the body, and
    before it up to where the last cell starting before the body ends.

    ``tables`` is None for a Markdown text whose tables are not read yet. A
    cell there lies between two '|' (a pipe table's on one line, a bar
    table's between two bar lines, '|' alone on a line), so the words must
    also lie between two '|' near enough; and a cell can run into the body
    only when the last '|' before the body is on the body's first line, or on
    no bar line, or on a bar line whose next line is no blank line.
    """
    start, end = outside
    head_end = start
    if tables is None:
        bar = source.rfind("|", 0, start)
        if bar >= 0:
            line_start = source.rfind("\n", 0, bar) + 1
            line_end = source.find("\n", bar)
            line_end = len(source) if line_end < 0 else line_end
            after = source[line_end + 1:start + 1] if line_end < start else ""
            on_bar_line = source[line_start:line_end].strip() == "|"
            # the segment after a bar line that opens with a blank line is outside any table
            blank_next = after.startswith(("\n", "\r\n")) or after.strip(" \t").startswith("\n")
            if line_end >= start or not (on_bar_line and blank_next):
                bar_end = _bar_line_end(source, start)  # (_BAR_LINE.search(source, start).end())
                nl = source.find("\n", start)
                head_end = max(bar_end if bar_end >= 0 else start, len(source) if nl < 0 else nl)
        return _header_row(source, (head_end, max(end, head_end)))
    else:
        for table in tables:
            for row in table.rows:
                for c in row:
                    if c.start < start and c.end > head_end:
                        head_end = c.end
    return may_head_tasks(source[:head_end] + "\n" + source[max(end, head_end):])


def column_role(header: str) -> Optional[str]:
    """The role a header cell gives its column, or None (see ``data/appendix.toml``)."""
    text = _norm(header)
    if not text or len(text) > 80:
        return None
    voc = _vocabulary()
    if text.strip(" .:") in voc.number:
        return "number"
    for role in ROLES[1:]:
        if _search(voc.columns[role], voc.column_words[role], text):
            return role
    return None


# ---------------------------------------------------------------- deadlines

_Y: Final = r"(?:19|20)\d\d"
_ROMAN_Q: Final = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_POINT: Final = regex.compile(
    rf"""
      (?P<d>(?<![\d/])(?P<dd>\d{{1,2}})\s*[/.-]\s*(?P<dm>\d{{1,2}})(?:\s*[/.-]\s*(?P<dy>{_Y}))?(?![\d/]))
    | (?P<n>ngày\s+(?P<nd>\d{{1,2}})\s+tháng\s+(?P<nm>\d{{1,2}})(?:\s+năm\s+(?P<ny>{_Y}))?)
    | (?P<h>(?P<hn>6|sáu)\s+tháng\s+(?P<hp>đầu|cuối)(?:\s+năm)?(?:\s+(?P<hy>{_Y}))?)
    | (?P<q>qu[ýí]\s+(?P<qn>iv|i{{1,3}}|[1-4])(?!\w)(?:\s*(?:/|-|năm|,)\s*(?:năm\s+)?(?P<qy>{_Y}))?)
    | (?P<m>tháng\s+(?P<mn>1[0-2]|0?[1-9])(?!\d)(?:\s*(?:/|-|năm|,)\s*(?:năm\s+)?(?P<my>{_Y}))?)
    | (?P<y>(?<![\d/.])(?P<yy>{_Y})(?![\d/]))
    """,
    regex.X | regex.I,
)
_RANGE: Final = regex.compile(r"^\s*(?:-|–|—|đến(?:\s+hết)?|tới|~)\s*(?:năm\s+)?$", regex.I)
_BEFORE: Final = regex.compile(r"(?:trước|chậm\s+nhất|không\s+quá)\s*(?:ngày\s*)?$", regex.I)
_FROM: Final = regex.compile(r"(?:từ|giai\s+đoạn)\s*(?:năm\s*)?$", regex.I)


_YEAR_GROUP: Final = {"d": "dy", "n": "ny", "h": "hy", "q": "qy", "m": "my", "y": "yy"}  # each kind's year group


@dataclass(frozen=True)
class _Point:
    start: date
    end: date
    span: Span
    explicit: bool  # the year was written
    borrowed: bool = False  # the year is that of a later point ("Quý IV" in "Quý IV - Quý II/2026")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _points(text: str, reference: Optional[date]) -> list[_Point]:
    """The time points of a deadline cell, years completed from a later point or the reference date."""
    # each match's kind is its outer group, the last group it closes (the other kinds' groups are unset), and
    # the year it writes is that kind's year group
    raw: list[tuple[str, regex.Match[str], Optional[str]]] = []
    for m in _POINT.finditer(text):
        kind = m.lastgroup or ""
        raw.append((kind, m, m.group(_YEAR_GROUP[kind])))
    # the year of the first later match that writes one (matches come in text order), from the last match back
    later: list[Optional[int]] = [None] * len(raw)
    for i in range(len(raw) - 2, -1, -1):
        written = raw[i + 1][2]
        later[i] = int(written) if written else later[i + 1]
    out: list[_Point] = []
    for i, (kind, m, year_text) in enumerate(raw):
        year = int(year_text) if year_text else later[i]
        explicit = year is not None
        borrowed = explicit and not year_text
        try:
            if kind == "y":
                if year is None:
                    continue
                a, b = date(year, 1, 1), date(year, 12, 31)
            elif kind == "q":
                q = _ROMAN_Q[m.group("qn").lower()]
                year = year if year is not None else _roll(reference, lambda y: _month_end(y, 3 * q))
                if year is None:  # no year to complete with
                    continue
                a, b = date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
            elif kind == "m":
                month = int(m.group("mn"))
                year = year if year is not None else _roll(reference, lambda y: _month_end(y, month))
                if year is None:
                    continue
                a, b = date(year, month, 1), _month_end(year, month)
            elif kind == "h":
                year = year if year is not None else (reference.year if reference else None)
                if year is None:
                    continue
                first = m.group("hp").lower() == "đầu"
                a, b = (date(year, 1, 1), date(year, 6, 30)) if first else (date(year, 7, 1), date(year, 12, 31))
            else:
                day, month = int(m.group(kind + "d")), int(m.group(kind + "m"))
                year = year if year is not None else _roll(reference, lambda y: date(y, month, day))
                if year is None:
                    continue
                a = b = date(year, month, day)
        except (TypeError, ValueError):  # no such day (TypeError: kept from when a missing year raised it)
            continue
        out.append(_Point(a, b, m.span(), explicit, borrowed))
    return out


def _roll(reference: Optional[date], end_in: Callable[[int], date]) -> Optional[int]:
    """The year whose period ends on or after the reference date."""
    if reference is None:
        return None
    return reference.year if end_in(reference.year) >= reference else reference.year + 1


def _range_start(first: _Point, last: _Point) -> date:
    """Start of the range from `first` to `last`: a first point whose year was not written (taken
    from a later point or from the reference date) is in the year before when it would come after
    the end ("Quý IV - Quý II/2026"; "Quý IV - Quý II" read on 2025-06-01 starts 2024-10-01)."""
    if first.explicit and not first.borrowed:
        return first.start
    day = first.start
    start = _deadlines.range_start(lambda y: _in_year(day, y), last.end)
    return start if start is not None else day


def _in_year(day: date, year: int) -> Optional[date]:
    """The same day and month in another year (None for 29/2 outside leap years)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return None


def read_deadline(text: Optional[str], reference: Optional[date] = None, *, offset: int = 0,
                  directive: Optional[str] = None) -> Optional[Deadline]:
    """The deadline a table's time cell gives, or None.

    The cell holds a bare time expression ("Quý III/2026", "Tháng 6/2025",
    "2025", "Trước ngày 30/11/2025", "Quý IV/2025 - Quý II/2026",
    "2026 - 2030", "Thường xuyên", "Hằng năm", "Quý I hằng năm"); a sentence
    ("Hoàn thành trước ngày …") is left to :func:`vnnotice.deadlines.find_deadlines`.
    """
    if not text or not text.strip():
        return None
    voc = _vocabulary()
    low = _str_lower(unicodedata.normalize("NFC", text))
    rec = _search(voc.recurring_re, voc.recurring_words, low)
    recurring = voc.recurring[rec.group()] if rec else None
    points = _points(text, reference)
    if not points:
        standing = _search(voc.standing, voc.standing_words, low)
        hit = rec or standing
        if hit:
            a, b = hit.span()
            return _record(Deadline, {
                "surface": text[a:b], "span": (offset + a, offset + b), "relation": "standing", "due": None,
                "start": None, "recurring": recurring, "resolution": "standing", "confidence": 1.0,
                "directive": directive})
        found = _deadlines.find_deadlines(text, reference, offset=offset, directive=directive)
        return found[0] if found else None
    first = points[0]
    a, b = first.span
    due, start = first.end, None
    relation: Relation = "by"
    if len(points) > 1 and _RANGE.match(text[first.span[1]:points[1].span[0]]):
        last = points[1]
        start, due, relation, b = _range_start(first, last), last.end, "within", last.span[1]
    elif a > 0 and len(points) > 1 and _FROM.search(text[:a]):  # (neither pattern matches an empty text)
        last = points[1]
        start, due, relation, b = _range_start(first, last), last.end, "within", last.span[1]
    elif a > 0 and (before := _BEFORE.search(text[:a])):
        relation = "before"
        a = before.start()
    if rec:
        b = max(b, rec.end())
        a = min(a, rec.start())
    return _record(Deadline, {
        "surface": text[a:b], "span": (offset + a, offset + b), "relation": relation, "due": due, "start": start,
        "recurring": recurring, "resolution": "explicit" if first.explicit else "reference_date", "confidence": 1.0,
        "directive": directive})


# ---------------------------------------------------------------- tables

@dataclass
class _Column:
    role: Optional[str]
    title: str


@dataclass
class AppendixTasks:
    """What the appendix stage found: task directives, their units and deadlines."""

    directives: list[Directive] = field(default_factory=list)
    units: list[UnitMention] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)


_GROUP_MARKER: Final = regex.compile(
    r"^(?:(?P<roman>[IVXLC]{2,}|[IVX])|(?P<letter>[A-ZĐ])|(?P<arabic>\d{1,2}))(?P<sub>(?:\.\d{1,2})*)[.)]?$")
_LEADING_MARKER: Final = regex.compile(r"^\s*(?:(?:[A-ZĐ]|[IVXLC]+|\d{1,2})[.)]|[IVXLC]+\s)\s*")


def _may_head(text: str) -> bool:
    """Can this cell head a unit column (a cheap test before the roles are read)?"""
    return len(text) < 80 and _vocabulary().unit_words.search(text) is not None


def _may_have_role(text: str) -> bool:
    """Whether ``column_role`` may give ``text`` a role: its normalized text is at most 80 characters.

    Lowering and white space collapsed never make an NFC text shorter than it is with its white
    space collapsed and '*' dropped (most cells are: a cell's text is read so); that length is counted by
    ``_text_chars``, which stops past 80 (a long cell's text is neither split nor joined)."""
    return len(text) <= 80 or not unicodedata.is_normalized("NFC", text) or _text_chars(text, 80) <= 80


def _header_run(texts: list[str]) -> Optional[tuple[int, int, list[Optional[str]]]]:
    """The run of header cells of a row (start, end, roles), when it heads a task table."""
    units, tasks = _gates()
    may = [_may_have_role(t) for t in texts]
    if not _both([t for t, m in zip(texts, may) if m], units, tasks):
        return None  # no cell can be a lead or cooperate column's, or none a task column's (most rows)
    roles = [column_role(t) if m else None for t, m in zip(texts, may)]  # (a cell that may not has no role)
    best = None
    k = 0
    while k < len(roles):
        if roles[k] is None:
            k += 1
            continue
        j = k
        while j < len(roles) and roles[j] is not None:
            j += 1
        run = roles[k:j]
        if "task" in run and ("lead" in run or "cooperate" in run) and (best is None or j - k > best[1] - best[0]):
            best = (k, j, run)
        k = j
    if best is None:
        return None
    voc = _vocabulary()
    if any(_excluded(t, voc) for t in texts[best[0]:best[1]]):
        return None
    return best


class _Grid:
    """Rows of a table as lists of cells, merged cells spread over the rows and columns they cover."""

    def __init__(self, table: Table):
        self.table = table

    def rows(self) -> list[list[Optional[Cell]]]:
        out: list[list[Optional[Cell]]] = []
        if not self.table.merged:
            return [list(r) for r in self.table.rows]
        carry: dict[int, tuple[Cell, int]] = {}  # column → (cell, rows still covered)
        for row in self.table.rows:
            grid: list[Optional[Cell]] = []
            col = 0
            cells = list(row)
            while cells or any(c >= col for c in carry):
                if col in carry:
                    cell, left = carry[col]
                    grid.append(cell)
                    if left <= 1:
                        del carry[col]
                    else:
                        carry[col] = (cell, left - 1)
                    col += 1
                    continue
                if not cells:
                    grid.append(None)
                    col += 1
                    continue
                cell = cells.pop(0)
                if cell.rowspan == 0 and out and col < len(out[-1]):  # continues the cell above
                    cell = out[-1][col] or cell
                for _ in range(max(cell.colspan, 1)):
                    grid.append(cell)
                    if cell.rowspan > 1:
                        carry[col] = (cell, cell.rowspan - 1)
                    col += 1
            out.append(grid)
        return out


def _no_cell(cell: Cell) -> bool:
    """The default of ``read_tables``'s ``skip``: no cell is left out (a function: mypyc cannot compile a lambda
    as a keyword default)."""
    return False


def read_tables(tables: Sequence[Table], text_of: Callable[[Cell], str], *, skip: Callable[[Cell], bool] = _no_cell,
                unnamed: Callable[[Cell], bool] = _no_cell
                ) -> list[tuple[list[_Column], list[tuple[str, list[Optional[Cell]]]]]]:
    """The task tables among ``tables``: (columns, rows) with each row ``("task"|"group", cells by column)``.

    ``text_of`` gives a cell's text; ``skip`` tells a cell to leave out (one
    inside the body); ``unnamed`` may tell a cell that names no column for
    sure (``_may_have_role`` is false for its text) without its text: a row
    read for a header does not read its text (it is a long one, run together
    with the text before the table). Exposed for tests and for tools that
    want the rows without the records.
    """
    found = []
    for table in tables:
        if not any(c.end - c.start < 160 and _may_head(text_of(c)) for row in table.rows for c in row):
            continue  # no header word for units in the whole table: not a task table
        rows = _Grid(table).rows()
        i = 0
        while i < len(rows):
            row = rows[i]
            if not any(c is not None and c.end - c.start < 160 and _may_head(text_of(c)) for c in row):
                i += 1
                continue
            # (a cell that names no column reads as an empty one: no role, no header word, no exclusion)
            texts = [text_of(c) if c is not None and not unnamed(c) else "" for c in row]
            head = _header_run(texts) if row else None
            if head is None or any(c is not None and skip(c) for c in row[head[0]:head[1]]):
                i += 1
                continue
            start, end, roles = head
            columns = [_Column(r, t) for r, t in zip(roles, texts[start:end])]
            i += 1
            if not table.merged:
                i = _second_header(rows, i, columns, text_of)
            else:
                while i < len(rows) and _is_header_row(rows[i], text_of) and len(rows[i]) >= end:
                    for k in range(start, end):  # the lower header row names the columns it covers
                        cell = rows[i][k]
                        if cell is not None and cell is not row[k] and (role := column_role(text_of(cell))):
                            columns[k - start] = _Column(role, text_of(cell))
                    i += 1
            body, i = _body(rows, i, start, columns, table.merged, text_of)
            if body and not _procedure(body, text_of):
                found.append((columns, body))
    return found


def _procedure(body: list[tuple[str, list[Optional[Cell]]]], text_of: Callable[[Cell], str]) -> bool:
    """Rows that are the steps of a procedure ("Bước 1", "0,5 ngày làm việc"): half or more name a step or a duration."""
    tasks = [cells for kind, cells in body if kind == "task"]
    voc = _vocabulary()
    steps = 0
    for cells in tasks:
        # the cells' texts read at once, '|' between two: no word runs over a '|' (a word is found between
        # non-word characters and holds none), NFC and lower case leave '|' and each text as they leave it
        # alone, and a space left beside a '|' (a text's leading or trailing white space) changes no match
        if _excluded("|".join([text_of(c) for c in cells if c is not None]), voc):
            steps += 1
    return bool(tasks) and 2 * steps >= len(tasks)


def _excluded(text: str, voc: _Vocabulary) -> bool:
    """``voc.exclude.search(_norm(text))``: whether ``text`` holds a word of a procedure.

    A text in NFC is first lowered alone: a word's every token ('ngày', 'làm', 'việc') is in the
    lower case wherever the word is in the normalized text (normalizing only turns '*' and runs of
    white space into single spaces, which no token holds), so a text without them all is done
    without normalizing it. The pattern runs only on a text that holds one of the words."""
    if unicodedata.is_normalized("NFC", text):
        low = _str_lower(text)
        for tokens in voc.exclude_tokens:
            if all(token in low for token in tokens):
                break
        else:
            return False
    low = _norm(text)
    for word in voc.exclude_words:
        if word in low:
            return voc.exclude.search(low) is not None
    return False


def _is_header_row(row: list[Optional[Cell]], text_of: Callable[[Cell], str]) -> bool:
    texts = [text_of(c) for c in row if c is not None and text_of(c)]
    return bool(texts) and all(column_role(t) for t in texts)


def _second_header(rows: list[list[Optional[Cell]]], i: int, columns: list[_Column], text_of: Callable[[Cell], str]) -> int:
    """A Markdown header over two rows: a unit column over its lead and cooperate parts."""
    if i >= len(rows):
        return i
    sub = [text_of(c) for c in rows[i] if c is not None]
    roles = [column_role(t) for t in sub]
    if len(sub) < 2 or not all(roles) or len(sub) >= len(columns):
        return i
    # the header cells the second row splits: the first unit (or deadline) column spanning them
    for k, col in enumerate(columns):
        if col.role in ("lead", "deadline") and roles[0] in ("lead", "cooperate", "deadline") and \
                (col.role == "deadline") == (roles[0] == "deadline"):
            columns[k:k + 1] = [_Column(r, t) for r, t in zip(roles, sub)]
            return i + 1
    return i


def _is_group(texts: list[str], n: int) -> bool:
    """A row that heads a group of tasks: its only text a title ("I" | "TITLE", "A. …"), the other cells empty."""
    filled: list[str] = []
    for t in texts:
        if t:
            f = t.replace("*", "").strip()
            if f:
                if len(filled) == 2:
                    return False  # a third text: a row of cells, no title
                filled.append(f)
    if not filled or n < 3:
        return False
    title = filled[-1]
    if len(title) >= 300:
        return False  # a title is shorter (a long text is run together with the text around the table)
    if len(filled) == 2:
        m = _GROUP_MARKER.match(filled[0].strip(". "))
        return m is not None and (not m.group("arabic") or _mostly_upper(title) or bool(m.group("sub")))
    if len(texts) > 2 and texts[0] != filled[0]:
        return False  # one text, not in the first cell: a task row whose other cells are empty
    return _mostly_upper(title) or bool(_LEADING_MARKER.match(title))


def _mostly_upper(title: str) -> bool:
    """Whether more than 80 % of the letters of ``title`` are capitals (and it has a letter)."""
    letters = capitals = 0
    for ch in title:
        if ch.isalpha():
            letters += 1
            if ch.isupper():
                capitals += 1
    return letters > 0 and capitals > 0.8 * letters


#: a unit cell longer than this is not a list of units (a cell run together with text around the table)
_MAX_UNIT_CELL: Final = 400
_NUMBER_CELL: Final = regex.compile(r"[\dIVXivx.]{1,6}")


def _plausible(role: Optional[str], text: str) -> float:
    """How well a cell's text fits a column role (0..1), to place the cells of a short Markdown row."""
    if not text:
        return 0.3
    if role == "number":
        number = text.strip("*. ")
        return 1.0 if len(number) <= 6 and _NUMBER_CELL.fullmatch(number) else 0.0
    if role == "deadline":
        if len(text) >= 120:
            return 0.1
        if _POINT.search(text):
            return 1.0
        low = _str_lower(text)
        voc = _vocabulary()
        return 1.0 if _search(voc.standing, voc.standing_words, low) or \
            _search(voc.recurring_re, voc.recurring_words, low) else 0.1
    if role in ("lead", "cooperate"):
        if len(text) >= 150 or _POINT.fullmatch(text.strip()):
            return 0.2
        return 1.0 if _unit_like(text) else 0.8
    if role == "task":
        if len(text) < 150 and _unit_like(text):
            return 0.3  # a name of a unit, not a task
        return 1.0 if len(text) > 25 else 0.6
    return 0.5


@lru_cache(maxsize=512)
def _unit_like(text: str) -> bool:
    """Is most of ``text`` the names of units (as the unit reader finds them)?"""
    found = _units.find_units(text)
    return sum(u.span[1] - u.span[0] for u in found) >= 0.5 * len(text.strip())


def _body(rows: list[list[Optional[Cell]]], i: int, start: int, columns: list[_Column], merged: bool,
          text_of: Callable[[Cell], str]) -> tuple[list[tuple[str, list[Optional[Cell]]]], int]:
    """The rows under a header: (kind, cells by column) until the table ends."""
    n = len(columns)
    body: list[tuple[str, list[Optional[Cell]]]] = []
    previous: Optional[list[Optional[Cell]]] = None
    rows = list(rows)
    while i < len(rows):
        row = rows[i]
        if merged:
            cells = row[start:start + n]
            cells += [None] * (n - len(cells))
            texts = [text_of(c) if c is not None else "" for c in cells]
            distinct = list(dict.fromkeys(c for c in cells if c is not None))
            again = _header_run(texts)
            if again is not None:
                if _same_columns(again[2], columns):
                    i += 1
                    continue
                break
            if (len(distinct) == 1 and cells.count(distinct[0]) > 1) or _is_group([text_of(c) for c in distinct], n):
                filled: list[Optional[Cell]] = [c for c in distinct if text_of(c).replace("*", "").strip()]
                body.append(("group", filled + [None] * (n - len(filled))))
            else:
                body.append(("task", cells))
            i += 1
            continue
        texts = [text_of(c) if c is not None else "" for c in row]  # (a Markdown row has no None cell)
        if not row:  # an empty cell of the row before or after (Markdown cannot tell): see _place
            i += 1
            continue
        again = _header_run(texts)
        if again is not None:
            if _same_columns(again[2], columns):
                i += 1  # the header repeated under a group: the same columns go on
                continue
            break
        if len(row) > n:
            # two rows run together (a row boundary lost): part them before the next row number
            cut = next((j for j in range(n - 1, len(row)) if columns[0].role == "number"
                        and _plausible("number", texts[j]) == 1.0), None)
            if cut is not None and cut > 1:
                rows[i:i + 1] = [row[:cut], row[cut:]]
                continue
            if _plausible(columns[0].role, texts[0]) < 1.0:
                break
            row, texts = row[:n], texts[:n]  # cells past the last column: text run into the table
        if _is_group(texts, n) or (len(row) == 1 and n >= 3 and _full_row_next(rows, i, n) and len(texts[0]) < 300):
            # a title alone on its row, a full row of tasks after it: a cell spanning the table, heading a group
            filled = [c for c, t in zip(row, texts) if t.replace("*", "").strip()]
            body.append(("group", filled + [None] * (n - len(filled))))
            previous = None
            i += 1
            continue
        if len(row) == n:
            cells = list(row)
        elif len(row) >= 2 and n >= 3:
            placed = _place(row, columns, previous, text_of, rows, i)
            if placed is None:
                break
            cells = placed
        else:
            break
        if previous is not None and body and body[-1][0] in ("task", "more") and \
                any(c is not None and c is previous[k] for k, c in enumerate(cells) if columns[k].role == "task"):
            # the task cell is the row above's (merged down): the row adds units to that task
            body.append(("more", cells))
        else:
            body.append(("task", cells))
            previous = cells
        i += 1
    return body, i


def _same_columns(roles: list[Optional[str]], columns: list[_Column]) -> bool:
    """Does a header row name no column role the table's header does not have (a repeated header)?"""
    return set(roles) <= {c.role for c in columns}


def _full_row_next(rows: list[list[Optional[Cell]]], i: int, n: int) -> bool:
    """Is the next row with cells (past empty ones) a row of at least ``n - 1`` cells?"""
    for row in rows[i + 1:]:
        if row:
            return len(row) >= n - 1
    return False


def _place(row: list[Optional[Cell]], columns: list[_Column], previous: Optional[list[Optional[Cell]]],
           text_of: Callable[[Cell], str], rows: list[list[Optional[Cell]]], i: int) -> Optional[list[Optional[Cell]]]:
    """A Markdown row short of cells: its cells go to the columns where they fit best, in order.

    A missing cell is an empty cell when an empty segment stood next to the
    row, else a cell merged down from the row above (its value repeated); a
    row without a task cell of its own goes on with the task above. None
    when there is no row above to go on with.
    """
    n = len(columns)
    texts = [text_of(c) if c is not None else "" for c in row]  # (a Markdown row has no None cell)
    best, best_at = -1.0, None
    above = [text_of(c) if c is not None else None for c in previous] if previous is not None else [None] * n
    # the fit of each cell in each column, once (every placement below sums some of them)
    # a cell that repeats the value above it in a column is taken to stay in that column
    # (the fits of a role are computed once: a lead and a cooperate column fit a cell alike)
    by_role: dict[Optional[str], list[float]] = {}
    fit: list[list[float]] = []
    for k in range(n):
        role = columns[k].role
        key = "lead" if role == "cooperate" else role
        base = by_role.get(key)
        if base is None:
            base = by_role[key] = [_plausible(role, t) for t in texts]
        same = above[k]
        fit.append([f + (0.1 if t and same == t else 0.0) for f, t in zip(base, texts)])
    for at in combinations(range(n), len(row)):
        score = sum(fit[k][j] for j, k in enumerate(at))
        if score > best + 1e-9:
            best, best_at = score, at
    if best_at is None:
        return None
    if not any(columns[k].role == "task" for k in best_at):
        if previous is None:
            return None
        near_empty = False  # no task of its own: the row goes on with the task above, merged down over it
    else:
        near_empty = (i + 1 < len(rows) and not rows[i + 1]) or (i > 0 and not rows[i - 1])
    cells: list[Optional[Cell]] = [None if near_empty or previous is None else previous[k] for k in range(n)]
    for k, c in zip(best_at, row):
        cells[k] = c
    return cells


_LONG_CELL: Final = 400  # characters of source: a longer cell is told to name no column without its text, if it can


def find_appendix_tasks(tables: Sequence[Table], source: str, clean_span: Callable[[int, int], Span], clean_text: str,
                        reference: Optional[date] = None, *, outside: Optional[Span] = None) -> AppendixTasks:
    """Read the task tables among ``tables`` into directives, units and deadlines.

    ``source`` is the text the tables' spans point into, ``clean_span`` maps a
    source span to the clean text, ``outside`` is the body as a span of
    ``source``: tables whose header lies inside it are left to the segment stage.
    """
    out = AppendixTasks()
    if not tables:
        return out
    cache: dict[Cell, str] = {}

    def text_of(c: Cell) -> str:
        """A cell's text for reading the table: the source's, markup and line breaks removed (cheap)."""
        text = cache.get(c)
        if text is None:
            text = cache[c] = " ".join(source[c.start:c.end].replace("*", " ").split())
        return text

    def inside(c: Cell) -> bool:
        return outside is not None and outside[0] <= c.start < outside[1]

    def unnamed(c: Cell) -> bool:
        """A long cell whose source is NFC and holds more than 80 characters of text (white space collapsed,
        '*' dropped): its text (that source so collapsed, so NFC as well) is too long to name a column."""
        if c.end - c.start <= _LONG_CELL or c in cache:
            return False
        raw = source[c.start:c.end]
        return unicodedata.is_normalized("NFC", raw) and _text_chars(raw, 80) > 80

    child_count: dict[Optional[str], int] = {}
    for columns, body in read_tables(tables, text_of, skip=inside, unnamed=unnamed):
        role_at = {col.role: k for k, col in reversed(list(enumerate(columns))) if col.role}
        groups: list[tuple[int, str]] = []  # (rank, id) of the open groups
        last_row: Optional[str] = None  # id and cells of the last task row
        last_cells: list[Optional[Cell]] = []
        built: dict[str, dict] = {}
        for kind, cells in body:
            spans = {}
            for role, k in role_at.items():
                c = cells[k] if k < len(cells) else None
                if c is not None:
                    spans[role] = clean_span(c.start, c.end)
            if kind == "group":
                marker_cell, title_cell = (cells[0], cells[1]) if cells[1] is not None else (None, cells[0])
                marker = text_of(marker_cell).strip("* ") if marker_cell is not None else ""
                title = text_of(title_cell) if title_cell is not None else ""
                if not marker:
                    m = _LEADING_MARKER.match(title)
                    marker = m.group().strip() if m else ""
                rank = _rank(marker)
                while groups and groups[-1][0] >= rank:
                    groups.pop()
                parent = groups[-1][1] if groups else None
                a, b = clean_span(title_cell.start, title_cell.end) if title_cell is not None else (0, 0)
                cell_spans = {"task": (a, b)}
                if marker_cell is not None:
                    cell_spans["number"] = clean_span(marker_cell.start, marker_cell.end)
                did = _new_id(parent, child_count)
                built[did] = {"id": did, "parent": parent, "marker": marker, "heading": True, "text": clean_text[a:b],
                              "span": (min(a, cell_spans.get("number", (a, a))[0]), b),
                              "own": [(a, b)] if b > a else [], "cells": cell_spans}
                groups.append((rank, did))
                continue
            if kind == "more":  # units of a task whose task cell is merged over this row
                if last_row is not None:
                    for role in ("lead", "cooperate"):
                        c = cells[role_at[role]] if role in role_at else None
                        if c is not None and spans.get(role) and c is not last_cells[role_at[role]]:
                            if spans[role][1] - spans[role][0] <= _MAX_UNIT_CELL:
                                out.units += _cell_units(clean_text, spans[role], role, last_row)
                continue
            task = spans.get("task")
            if task is None or task[1] <= task[0]:
                continue
            parent = groups[-1][1] if groups else None
            did = _new_id(parent, child_count)
            last_row, last_cells = did, cells
            number_cell = cells[role_at["number"]] if "number" in role_at else None
            number = text_of(number_cell).strip("* ") if number_cell is not None else ""
            # the row's span runs from its number (or task) cell to the end of the task, as a directive's does
            row_span = (min(spans.get("number", task)[0], task[0]), task[1])
            built[did] = {"id": did, "parent": parent, "marker": number, "heading": False,
                          "text": clean_text[task[0]:task[1]], "span": row_span, "own": [task],
                          "cells": {r: s for r, s in spans.items() if s[1] > s[0]}}
            for role in ("lead", "cooperate"):
                if role in spans and spans[role][1] - spans[role][0] <= _MAX_UNIT_CELL:
                    out.units += _cell_units(clean_text, spans[role], role, did)
            if "deadline" in spans:
                a, b = spans["deadline"]
                found = read_deadline(clean_text[a:b], reference, offset=a, directive=did)
                if found is not None:
                    out.deadlines.append(found)
        _finish(built, out, clean_text)
    return out


def _rank(marker: str) -> int:
    """Nesting rank of a group marker: letters (A, B) over Roman numerals (I, II) over numbers, each
    over its own subdivisions (III.1 under III, III.1.2 under III.1)."""
    m = _GROUP_MARKER.match(marker.strip("*. "))
    if m is None:
        return 30
    depth = m.group("sub").count(".")
    if m.group("roman") or m.group("letter") in ("I", "V", "X"):
        return 10 + depth
    return (0 if m.group("letter") else 20) + depth


def _new_id(parent: Optional[str], child_count: dict[Optional[str], int]) -> str:
    """The next id under ``parent``: ``a3`` at the top, ``a3.2`` below."""
    child_count[parent] = child_count.get(parent, 0) + 1
    return f"a{child_count[parent]}" if parent is None else f"{parent}.{child_count[parent]}"


_PART: Final = regex.compile(r"[^;,\n]+")
_JOINT: Final = regex.compile(r"\s(?:và|với|của|để|cùng|trong|theo)(?!\w)|[(:]")


def _cell_units(text: str, span: Span, role: str, did: str) -> list[UnitMention]:
    """The units of a lead or cooperate cell at its place (a cell's reading is cached: tables repeat cells)."""
    a, b = span
    out: list[UnitMention] = []
    for u in _read_cell(text[a:b], role):
        # (the reading's fields, in their order, two of them changed: as model_copy makes it, without validation)
        values = u.__dict__.copy()
        values["span"] = (u.span[0] + a, u.span[1] + a)
        values["directive"] = did
        out.append(_record(UnitMention, values))
    return out


@lru_cache(maxsize=1024)
def _read_cell(cell: str, role: str) -> tuple[UnitMention, ...]:
    """The units of a lead or cooperate cell: the unit reader's, in the column's role; what it misses, as written.

    A unit the reader stops short of the end of its list item (``Trung tâm
    Chuyển đổi`` of ``Trung tâm Chuyển đổi số Thành phố``) is carried to the
    item's end when nothing else is named in the item: in a unit column
    the item is one name. Spans are offsets in ``cell``.
    """
    found = _units.find_units(cell)
    parts = [(m.start(), m.end()) for m in _PART.finditer(cell)]
    out: list[UnitMention] = []
    for u in found:
        keep = u.role if role == "lead" and u.role != "lead" else role
        s, e = u.span
        part = next(((ps, pe) for ps, pe in parts if ps <= s < pe), None)
        if part is not None and e < part[1]:
            rest = cell[e:part[1]]
            joint = _JOINT.search(rest)
            rest = (rest[:joint.start()] if joint else rest).rstrip(" .")
            others = [v for v in found if v is not u and part[0] <= v.span[0] < part[1]]
            if rest.strip() and not others and len(rest.split()) <= 4:
                u = u.model_copy(update={"surface": cell[s:e + len(rest)], "span": (u.span[0], u.span[1] + len(rest)),
                                         "unit": u.unit + rest})
        out.append(u.model_copy(update={"role": keep}) if keep != u.role else u)
    covered = sorted(u.span for u in out)
    for gs, ge in _gaps(cell, covered):
        for ps, pe in _names(cell, gs, ge):
            name = cell[ps:pe]
            before = [u for u in out if u.span[1] <= ps]
            if before and not _heads_a_name(name) and not cell[before[-1].span[1]:ps].strip(" ,"):
                # a capitalised piece with no head noun right after a name goes on with it
                # ("Sở Văn hóa" + ", Thể thao và Du lịch")
                prev = before[-1]
                out[out.index(prev)] = prev.model_copy(update={
                    "surface": cell[prev.span[0]:pe], "span": (prev.span[0], pe),
                    "unit": prev.unit + cell[prev.span[1]:pe]})
                continue
            if _LEVEL.match(name) and before and " cấp " in before[-1].unit:
                # a level list ("Ban Chỉ huy … cấp tỉnh, cấp xã"): the level goes with the name before it
                prev_unit = before[-1].unit  # (another name: ``prev`` above is a UnitMention)
                name = prev_unit[:prev_unit.rfind(" cấp ")] + " " + name
            out.append(UnitMention(surface=cell[ps:pe], span=(ps, pe), unit=name, role=role))
            out.sort(key=lambda u: u.span)
    return tuple(out)


_LEVEL: Final = regex.compile(r"cấp\s+\w+$")


@lru_cache(maxsize=1)
def _head_words() -> tuple[frozenset[str], int]:
    """The heads of unit names of ``data/unit_types.toml``, lower case, and the most words one has."""
    data = load_toml("unit_types.toml")
    heads = frozenset(" ".join(w.lower().split()) for key in ("named", "standalone", "collective") for w in data.get(key, []))
    return heads, max(len(h.split()) for h in heads)


_ABBREVIATION: Final = regex.compile(r"\p{Lu}{2,}(?!\p{Ll})")


def _heads_a_name(name: str) -> bool:
    """Does ``name`` start with the head of a unit name ("Sở …", "Các sở …", "UBND …")?"""
    if _ABBREVIATION.match(name):
        return True
    words = _str_lower(name).split()
    if words and words[0] in ("các", "những"):
        words = words[1:]
    heads, longest = _head_words()
    return any(" ".join(words[:k]).strip(",;.") in heads for k in range(1, min(longest, len(words)) + 1))


_ITEM: Final = regex.compile(r"[^;\n]+")
_LEAD_JOINT: Final = regex.compile(r"(?:[\s,.;:+•-]|và(?!\w)|với(?!\w)|cùng(?!\w))+")
_CAPITAL_ITEM: Final = regex.compile(r",\s*(?=\p{Lu})")


def _gaps(cell: str, covered: list[Span]) -> list[Span]:
    """The stretches of each ';' or line part of a cell that no unit mention covers."""
    out = []
    for m in _ITEM.finditer(cell):
        pos = m.start()
        for x, y in covered:
            if y <= m.start() or x >= m.end():
                continue
            if x > pos:
                out.append((pos, x))
            pos = max(pos, y)
        if pos < m.end():
            out.append((pos, m.end()))
    return out


def _names(cell: str, start: int, end: int) -> list[Span]:
    """Names a unit column holds in an uncovered stretch, as written.

    Joining words at the start are dropped; a comma before the capitalised
    head of a unit name starts a new name ("Viện, Trường", "Doanh nghiệp,
    Sở, ban, ngành"); other commas go on with the name ("Sở, ban, ngành",
    "Sở Văn hóa, Thể thao và Du lịch").
    A stretch of one word left between two mentions is not a name.
    """
    lead = _LEAD_JOINT.match(cell, start, end)
    start = lead.end() if lead else start
    text = cell[start:end].rstrip(" ,.;:-")
    if len(text) < 3 or not text[:1].isalpha():
        return []
    cuts = [0] + [m.end() for m in _CAPITAL_ITEM.finditer(text) if _heads_a_name(text[m.end():])] + [len(text) + 1]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = text[a:b - 1 if b <= len(text) else b].strip(" ,")
        if len(piece) < 3 or not piece[:1].isalpha():
            continue
        if len(piece.split()) < 2 and not piece[:1].isupper():
            continue
        s = start + a + text[a:].find(piece)
        out.append((s, s + len(piece)))
    return out


def _finish(built: dict[str, dict], out: AppendixTasks, text: str) -> None:
    """Records of the rows, with children, effective leads and due dates; a group's text runs over its rows."""
    for did in reversed(list(built)):  # children come after their parents
        row = built[did]
        above = built.get(row["parent"]) if row["parent"] else None  # (``parent`` below is an id)
        if above is not None and row["span"][1] > above["span"][1]:
            above["span"] = (above["span"][0], row["span"][1])
    for row in built.values():
        if row["heading"] and row["own"]:
            row["text"] = text[row["own"][0][0]:row["span"][1]]
    leads: dict[str, list[str]] = {}
    for u in out.units:
        if u.role == "lead" and u.directive in built:
            names = leads.setdefault(u.directive, [])
            if u.unit not in names:
                names.append(u.unit)
    dues: dict[str, date] = {}
    for d in out.deadlines:
        if d.directive in built and d.due and not d.recurring:
            dues[d.directive] = min(d.due, dues.get(d.directive, d.due))
    children: dict[str, list[str]] = {}
    for did, row in built.items():
        if row["parent"]:
            children.setdefault(row["parent"], []).append(did)
    labels: dict[str, list[str]] = {}
    for did, row in built.items():
        parent = row["parent"]
        labels[did] = (labels.get(parent, []) if parent else []) + [row["marker"]]
        lead = leads.get(did) or (_inherited_lead(parent, built, leads) if parent else [])
        due = dues.get(did) or (_inherited_due(parent, built, dues) if parent else None)
        # (the pipeline's own values, every field in order: no validation; the lead list is the record's own)
        out.directives.append(_record(Directive, {
            "id": did, "parent": parent, "marker": row["marker"],
            "kind": "table_group" if row["heading"] else "table_row", "label": labels[did], "heading": row["heading"],
            "text": row["text"], "span": row["span"], "own": row["own"], "children": children.get(did, []),
            "lead": list(lead), "due": due, "source": "appendix", "cells": row["cells"]}))


def _inherited_lead(did: Optional[str], built: dict[str, dict], leads: dict[str, list[str]]) -> list[str]:
    while did:
        if leads.get(did):
            return leads[did]
        did = built[did]["parent"]
    return []


def _inherited_due(did: Optional[str], built: dict[str, dict], dues: dict[str, date]) -> Optional[date]:
    while did:
        if dues.get(did):
            return dues[did]
        did = built[did]["parent"]
    return None


#: lines whose source offsets are found together, when a cell falls in one of them (most cells of a
#: document are in its last pages: the offsets of the lines before them are not all needed)
_ANCHOR_CHUNK: Final = 32


def clean_spans(clean: CleanText) -> Callable[[int, int], Span]:
    """A map of source spans to clean spans for a :class:`vnnotice.clean.CleanText` (whitespace trimmed).

    The clean-to-source map is monotone, so the first clean position at or
    after a source position is found by bisection: first among the source
    offsets of the lines' starts (of every ``_ANCHOR_CHUNK``-th line, then of
    the lines of one chunk), then inside the line.
    """
    text = clean.text
    n = len(text)
    starts: list[int] = []  # clean starts of the lines: built on the first call
    heads: list[int] = []  # source offsets of the start of every _ANCHOR_CHUNK-th line
    chunks: dict[int, list[int]] = {}  # source offsets of the starts of a chunk's lines, once one was wanted

    def line_at(s: int) -> tuple[int, int, int]:
        """(k, its source offset, the source offset of line k + 1's start or -1 when there is none) for the
        last line k whose start maps at or before ``s`` (k = -1 for none)."""
        if not starts:
            # (each line's start is the one before plus its length and the break: one split, no match objects)
            starts.extend(accumulate([len(line) + 1 for line in text.split("\n")[:-1]], initial=0))
            heads.extend([clean.to_source(starts[j]) for j in range(0, len(starts), _ANCHOR_CHUNK)])
        c = bisect_right(heads, s) - 1
        if c < 0:
            return -1, 0, heads[0] if heads else -1
        offsets = chunks.get(c)
        if offsets is None:
            first = c * _ANCHOR_CHUNK
            offsets = [heads[c]] + [clean.to_source(i) for i in starts[first + 1:first + _ANCHOR_CHUNK]]
            chunks[c] = offsets
        j = bisect_right(offsets, s) - 1  # (offsets[0] is at or before ``s``)
        after = offsets[j + 1] if j + 1 < len(offsets) else (heads[c + 1] if c + 1 < len(heads) else -1)
        return c * _ANCHOR_CHUNK + j, offsets[j], after

    def first_at(s: int) -> int:
        k, origin, _ = line_at(s)
        return first_in(s, k, origin)

    def first_in(s: int, k: int, origin: int) -> int:
        """The first clean position that maps at or after ``s``, ``k`` (with its source offset ``origin``)
        being the last line whose start maps at or before ``s``."""
        lo = starts[k] if k >= 0 else 0
        hi = starts[k + 1] if k + 1 < len(starts) else n
        if k >= 0 and lo < hi:
            # most lines map to the source one character for one: try where that puts ``s`` first
            at = lo + max(0, s - origin)
            if at >= hi:
                if clean.to_source(hi - 1) < s:
                    return hi
            elif clean.to_source(at) >= s and (at == lo or clean.to_source(at - 1) < s):
                return at
        while lo < hi:
            mid = (lo + hi) // 2
            if clean.to_source(mid) < s:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def span(s: int, e: int) -> Span:
        k, origin, after = line_at(s)
        a = first_in(s, k, origin)
        # (the end in the same line as the start, before the next line's start maps: that line is the end's too)
        b = first_in(e, k, origin) if s <= e and (after < 0 or e < after) else first_at(e)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        return a, b

    return span
