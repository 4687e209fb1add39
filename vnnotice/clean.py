"""Clean stage: source text → clean text with a map back to the source.

What cleaning does, in order:

1. Unicode: NFC, ``Ð`` (U+00D0) → ``Đ``, no-break and odd spaces → space,
   zero-width characters and soft hyphens dropped.
2. Markup debris of portal Markdown: ``**``, ``*``, ``__``, leading ``#``,
   table pipes, rules (``---``), empty emphasis.
3. Hard-wrapped lines joined back into paragraphs (one ``\\n`` between
   paragraphs, one space inside), for both wrapping styles: paragraphs
   separated by blank lines, and every line followed by a blank line (PDF
   extractions). A symbol broken at its hyphen (``66/QĐ-`` + ``UBND``) is
   re-joined without a space. A marker alone on its line (``**1.**``,
   ``a)``, ``3.3.``) is joined to the line after it; a deep marker (``3.3.``)
   at the start of a line starts a paragraph like any marker.
4. Page numbers alone on a line dropped.

Every character of the clean text maps to a character of the source:
:meth:`CleanText.to_source` and :meth:`CleanText.source_span`.

How it runs (the stage sees every line of every document, so the common
cases take short cuts that give the same result as the general rules):
two passes over the lines. The first strips each line (:func:`_scan_lines`)
and notes how many blank lines came before it; a line without debris
characters (their places are found in the whole text, not line by line)
is only trimmed, a bare table pipe is a blank line. The second
(:func:`clean`) joins the kept lines; the joining rules read a line's
features (:func:`_join`) only when no blank line already decides the join.
"""
from __future__ import annotations

import enum
import math
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, Optional, Union

import regex

from . import patterns

_SAME_LENGTH: Final = str.maketrans({
    "\u00d0": "\u0110",  # Ð (Icelandic eth) typed for Đ
    "\u00f0": "\u0111",  # ð for đ
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\t": " ", "\f": "\n", "\v": "\n", "\u2028": "\n", "\u2029": "\n",
    "\u2010": "-", "\u2011": "-",
})
_ODD_CHARS: Final = tuple((chr(k), v) for k, v in _SAME_LENGTH.items())
# the characters _replace_odd replaces, as a pattern (it tests them one by one with `in`,
# which is several times faster on long text than one scan with this pattern)
_ODD: Final = patterns.compile("[" + "".join(map(chr, _SAME_LENGTH)) + "]")


def _replace_odd(text: str) -> str:
    """Same-length replacements, only of the characters present (``str.translate`` is slow on long text)."""
    for ch, to in _ODD_CHARS:
        if ch in text:
            text = text.replace(ch, to)
    return text


_DROP: Final = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_CLUSTER: Final = patterns.compile(r"\P{M}\p{M}*|\p{M}+")
_MARKS: Final = patterns.compile(r"\p{M}+")  # a run of marks: with the character before it, a cluster (see _unicode)
_LONE_CR: Final = patterns.compile(r"\r(?!\n)")  # a line end of its own (old Mac)
# Markdown emphasis and heading debris inside a line.
_DEBRIS: Final = patterns.bounded(r"\*+|^\s*#{1,6}(?=\s|$)|\\(?=[\\*_#|\[\]-])")
# bold markers turn up in plain-text exports too; zero-width characters anywhere
_INVISIBLE: Final = patterns.compile(f"[{_DROP}]+")
_DEBRIS_TEXT: Final = patterns.bounded(r"\*\*+")
# in Markdown, bold written with underscores too ('__Nơi nhận__:'); four or more are a blank to fill in
_DEBRIS_MD: Final = patterns.bounded(rf"{_DEBRIS.pattern}|\|+|(?<!_)_{{2,3}}(?!_)", regex.M)
# the heading alternative of _DEBRIS, at a line's start
_HEADING_MARK: Final = patterns.bounded(r"\s*#{1,6}(?=\s|$)")
_RULE: Final = patterns.bounded(r"^\s*(?:[-=_*]\s*){3,}$|^\s*\|[\s|:-]*$|^\s*\*+\s*\*+\s*$")
_PAGE_NUMBER: Final = patterns.bounded(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$|^\s*(?:Trang|trang)\s+\d{1,3}(?:\s*/\s*\d{1,3})?\s*$")
_MARKER_START: Final = patterns.bounded(
    r"""^(?:
        [-–—+•]\s | \*\.?\s                         # bullets
      | \(?\d{1,2}[.)](?!\d)                         # 1.  1)  (1)
      | (?:\d{1,2}|[a-zđ])/\s+\p{Lu}                   # 1/ Sở …  a/ Tăng … (not a date: a space after the slash)
      | \d{1,2}(?:\.\d{1,2}){1,3}\.?\s+\p{Lu}          # 3.3. Sở …  1.2 Về …  (a capital after it: not '1.5 tỷ')
      | \(\d{1,2}\)
      | [a-zđ][.)]\s                                 # a)  a.
      | \([a-zđ]\)\s
      | \((?:i{1,3}|iv|v|vi{1,3}|ix|x)\)\s
      | [IVXLC]{1,5}[.)]\s
      | (?:PHẦN|Phần)\s+(?:[IVXLC]+|\d+|thứ)\b
      | Điều\s+\d+
      | (?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\s*[:,]
      | Thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\b
      | Nơi\s+nhận | Kính\s+gửi | Đồng\s+kính\s+gửi | Công\s+điện\s+gửi
      | (?:TM|KT|TL|TUQ|Q)\.\s
      | \[\d{1,3}\]
    )""",
    regex.VERBOSE,
)
# a marker alone on its line ('**1.**', 'a)', 'II.', '3.3.'): its text is on the next line
_BARE_MARKER: Final = patterns.bounded(
    r"^(?:\(?\d{1,2}(?:\.\d{1,2}){0,3}[.)]|\d{1,2}(?:\.\d{1,2}){1,3}|\((?:\d{1,2}|[a-zđ]|i{1,3}|iv|vi{0,3}|ix|x)\)"
    r"|[a-zđ][.)]|[IVXLC]{1,6}[.)])$")
_DIGIT: Final = patterns.bounded(r"\d")  # applied to one character
_TERMINAL: Final = frozenset(".:;!?…")  # a line ending in one of these (then quotes, brackets) ends a clause
_CLOSERS: Final = "'\"”’)]"
# a line ending like this goes on in the next line even when that starts like a marker
_CONTINUES: Final = frozenset(("tại", "và", "hoặc", "của", "theo", "là", "đến", "từ", "với", "cho", "các", "những"))
# … and before a line that starts with a number: 'Quyết định số' / '66/QĐ-UBND', 'ngày' / '15.'
_CONTINUES_NUMBER: Final = frozenset(("số", "ngày", "tháng", "năm", "khoản", "điểm", "mục", "Điều", "Quý", "lần", "thứ"))
# … unless an item's marker and its sentence follow ('1. Giao Sở …') after 'số' as a noun ('… về chuyển đổi số',
# a number after 'số' is a symbol, '15/QĐ-UBND', not '15. Giao'), or after a short line (not wrapped, so a title or
# a heading: '… trong tháng'); after the words that name parts ('Điều' / '3. …') the number goes on all the same
_ITEM_AFTER_NUMBER_WORD: Final = patterns.bounded(r"^\d{1,2}\.\s+\p{Lu}")
_NAMES_PART: Final = frozenset(("Điều", "khoản", "điểm", "mục"))
_PLACE_DATE_LINE: Final = patterns.bounded(r"^\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,4}\s*,\s*ngày\b")
_HYPHEN_BREAK: Final = patterns.bounded(r"[\p{L}\d]-$")


@dataclass
class _Map:
    """Piecewise map from positions of a derived text to positions of its origin."""

    starts: list[int] = field(default_factory=list)  # derived positions where a run starts
    origins: list[int] = field(default_factory=list)  # origin position of each run's first char
    identity: bool = False

    def __call__(self, i: int) -> int:
        if self.identity:
            return i
        k = bisect_right(self.starts, i) - 1
        if k < 0:
            return 0
        return self.origins[k] + (i - self.starts[k])


@dataclass(frozen=True)
class CleanText:
    """Clean text with its source and the map between them."""

    text: str
    source: str
    _maps: tuple[_Map, ...]

    def to_source(self, i: int) -> int:
        """Source offset of clean offset ``i`` (``len(text)`` maps to ``len(source)``)."""
        if i >= len(self.text):
            return len(self.source)
        for m in self._maps:
            i = m(i)
        return i

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source ``(start, end)`` covering clean ``[start, end)``."""
        if end <= start:
            s = self.to_source(start)
            return s, s
        return self.to_source(start), self.to_source(end - 1) + 1


def _drop_invisible(raw: str) -> tuple[str, _Map]:
    """Remove zero-width characters and soft hyphens (before NFC, so that what they separated composes)."""
    if not any(ch in raw for ch in _DROP):  # `in` per character: far faster than a regex scan
        return raw, _Map(identity=True)
    out: list[str] = []
    m = _Map()
    pos = last = 0
    for hit in _INVISIBLE.finditer(raw):
        if hit.start() > last:
            m.starts.append(pos)
            m.origins.append(last)
            out.append(raw[last:hit.start()])
            pos += hit.start() - last
        last = hit.end()
    m.starts.append(pos)
    m.origins.append(last)
    out.append(raw[last:])
    return "".join(out), m


_NFC_PIECE: Final = 4096  # characters of a piece of text whose NFC is checked on its own (see _is_nfc)
_NFC_FIRST: Final = 1024  # … of the first piece of a long text


def _is_nfc(text: str) -> bool:
    """Whether ``text`` is NFC, checked one piece at a time.

    A piece ends after a line end at least ``_NFC_PIECE`` characters into it
    (nothing composes with a line end or reorders across it, so the text is
    NFC exactly when every piece is). A check reads a piece fast when none of
    its characters needs a closer look (a combining mark does), and normalizes
    the whole piece otherwise: a text with marks in it is told from the first
    piece that has one, not after normalizing all of it; the first piece is
    shorter (``_NFC_FIRST``): a text decomposed throughout is told after
    normalizing a quarter of a piece.
    """
    size = len(text)
    if size <= 2 * _NFC_PIECE:
        return unicodedata.is_normalized("NFC", text)
    a = 0
    reach = _NFC_FIRST
    while a < size:
        nl = text.find("\n", a + reach)
        reach = _NFC_PIECE
        b = size if nl < 0 or size - nl <= _NFC_PIECE else nl + 1
        if not unicodedata.is_normalized("NFC", text[a:b]):
            return False
        a = b
    return True


def _unicode(raw: str) -> tuple[str, _Map]:
    """NFC of each character cluster (a base and its marks), and same-length replacements.

    The map is the identity when the text is NFC already. Otherwise only what
    can change is normalized one cluster at a time: the clusters of more than
    one character, and the single characters of a stretch that is not NFC as
    a whole (a stretch of whole clusters that is NFC has every cluster NFC).
    The map gets a new run only where a cluster changes length. (Of a text
    that is NFC, every cluster is NFC: the text comes out as it went in.)
    """
    if _is_nfc(raw):
        return _replace_odd(raw), _Map(identity=True)
    out: list[str] = []
    starts = [0]
    origins = [0]
    pos = last = 0  # clean length so far, source offset of what comes next
    shift = 0  # source offset less clean offset in the current run of the map
    nfc = unicodedata.normalize
    # the clusters of more than one character: a run of marks with the character before it (a run of
    # marks follows a character that is no mark, or starts the text); a scan for the marks alone is
    # several times faster than one for the clusters
    for hit in _MARKS.finditer(raw):
        a, b = hit.span()
        if a:
            a -= 1
        if a > last:
            stretch = raw[last:a]  # one-character clusters
            if unicodedata.is_normalized("NFC", stretch):
                if last - pos != shift:
                    shift = last - pos
                    starts.append(pos)
                    origins.append(last)
                out.append(stretch)
                pos += a - last
            else:
                pos, shift = _put_clusters(raw, last, a, out, starts, origins, pos, shift)
        pos, shift = _put_cluster(nfc("NFC", raw[a:b]), a, b - a, out, starts, origins, pos, shift)
        last = b
    if last < len(raw):
        if unicodedata.is_normalized("NFC", raw[last:]):
            if last - pos != shift:
                starts.append(pos)
                origins.append(last)
            out.append(raw[last:])
        else:
            _put_clusters(raw, last, len(raw), out, starts, origins, pos, shift)
    return _replace_odd("".join(out)), _Map(starts, origins)


def _put_clusters(raw: str, a: int, b: int, out: list[str], starts: list[int], origins: list[int],
                  pos: int, shift: int) -> tuple[int, int]:
    """Append the NFC of each cluster of ``raw[a:b]`` to ``out``, the map's new runs to ``starts`` and
    ``origins``; ``pos`` is the clean length so far, ``shift`` that of the current run (see _unicode).
    Returns both after the clusters."""
    for cluster in _CLUSTER.finditer(raw, a, b):
        c, d = cluster.span()
        pos, shift = _put_cluster(unicodedata.normalize("NFC", cluster.group()), c, d - c, out, starts, origins, pos,
                                  shift)
    return pos, shift


def _put_cluster(piece: str, c: int, size: int, out: list[str], starts: list[int], origins: list[int],
                 pos: int, shift: int) -> tuple[int, int]:
    """Append ``piece``, the NFC of the cluster of ``size`` characters at ``c``, to ``out`` and its runs to the map
    (see :func:`_put_clusters`); returns ``pos`` and ``shift`` after it.

    NFC may make a cluster longer: a character excluded from composition comes out decomposed ('שׁ' U+FB2A,
    'क़' U+0958: two characters). Each character past the cluster's size maps to its last character, by a run
    of its own (a run maps one character to one); the next cluster then goes on from the last of them.
    """
    if c - pos != shift:
        shift = c - pos
        starts.append(pos)
        origins.append(c)
    out.append(piece)
    extra = len(piece) - size
    if extra > 0:
        for j in range(extra):
            starts.append(pos + size + j)
            origins.append(c + size - 1)
        shift = c - pos - extra
    return pos + len(piece), shift


class _Page(enum.Enum):
    """What the scan reports for a page-number line: dropped, and it does not part paragraphs."""

    PAGE = 0


_PAGE: Final = _Page.PAGE  # (an enum member: ``item is _PAGE`` tells it from a kept line, to mypy too)

#: A kept line: its clean text (trimmed, never empty), the offset of its first
#: character in the unicode-clean text, and its kept runs of offsets, or None
#: when it is one run (``[first, first + len(text))``).
_Kept = tuple[str, int, Optional[list[tuple[int, int]]]]


def _strip_line(line: str, start: int, markdown: bool, escaped: bool = True, hashed: bool = True) \
        -> Union[_Kept, _Page, None]:
    """Keep the useful characters of one source line (``start`` is its offset).

    In Markdown, ``escaped`` False says the line holds no '\\' nor '__', ``hashed`` False no '#' (the
    scan knows where they are: see _scan_lines); True leaves it to the line.

    Returns the kept line, ``_PAGE`` for a page number alone, or None when
    nothing is left (a blank line, a rule, a table's pipes).
    """
    if not markdown:
        return _kept_runs(*_cut(line, start, _DEBRIS_TEXT))
    core = line.strip(" *|")
    if not core:
        return None  # spaces, stars and pipes: a rule, or nothing left once they go
    c0 = core[0]
    if (c0 in "-=_:" or c0.isspace()) and _RULE.match(line):
        return None  # (a rule has only '-=_*|:' and whitespace: it cannot start with another character)
    if escaped and ("\\" in line or ("_" in line and "__" in line)):  # (one character is found faster than two)
        return _kept_runs(*_cut(line, start, _DEBRIS_MD))
    # no escapes: the debris is a heading mark at the start, then runs of '*' and '|'
    if hashed and "#" in core and line.lstrip()[:1] == "#":
        mark = _HEADING_MARK.match(line)
        if mark:
            start += mark.end()
            line = line[mark.end():]
            core = line.strip(" *|")
            if not core:
                return None
    if not (core[0].isspace() or core[-1].isspace()) and "*" not in core and "|" not in core:
        # one run, with only spaces and debris around it
        if _is_page_number(core):
            return _PAGE
        return core, start + len(line) - len(line.lstrip(" *|")), None
    runs: list[tuple[int, int]] = []
    parts: list[str] = []
    for part in line.replace("|", "*").split("*"):
        if part:
            runs.append((start, start + len(part)))
            parts.append(part)
            start += len(part)
        start += 1
    return _kept_runs(runs, parts)


def _cut(line: str, start: int, debris: regex.Pattern[str]) -> tuple[list[tuple[int, int]], list[str]]:
    """The runs of ``line`` (at offset ``start``) between the matches of ``debris``, and their texts."""
    runs: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0
    for m in debris.finditer(line):
        a, b = m.span()
        if a > pos:
            runs.append((start + pos, start + a))
            parts.append(line[pos:a])
        pos = max(pos, b)
    if pos < len(line):
        runs.append((start + pos, start + len(line)))
        parts.append(line[pos:])
    return runs, parts


def _kept_runs(runs: list[tuple[int, int]], parts: list[str]) -> Union[_Kept, _Page, None]:
    """The kept line made of ``runs`` (whose texts are ``parts``), trimmed at both ends."""
    text = parts[0] if len(parts) == 1 else "".join(parts)
    stripped = text.strip()
    if not stripped:
        return None
    if _is_page_number(stripped):
        return _PAGE
    if len(runs) == 1:
        return stripped, runs[0][0] + text.index(stripped), None
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    if lead or trail:
        runs = _trim_runs(runs, lead, trail)
    return stripped, runs[0][0], (runs if len(runs) > 1 else None)


def _trim_runs(runs: list[tuple[int, int]], lead: int, trail: int) -> list[tuple[int, int]]:
    """``runs`` less ``lead`` characters at the start and ``trail`` at the end."""
    out = list(runs)
    while lead and out:
        a, b = out[0]
        take = min(lead, b - a)
        lead -= take
        out[0] = (a + take, b)
        if out[0][0] >= out[0][1]:
            out.pop(0)
    while trail and out:
        a, b = out[-1]
        take = min(trail, b - a)
        trail -= take
        out[-1] = (a, b - take)
        if out[-1][0] >= out[-1][1]:
            out.pop()
    return out


def _scan_lines(text: str, markdown: bool) -> tuple[list[str], list[int], list[int], list[list[tuple[int, int]]],
                                                    list[int], int, int]:
    """Strip every line of ``text``; return the kept lines (their texts and first offsets, as in
    ``_Kept``, in lists: no tuple a line; the few lines of more than one run: their indexes, and
    their runs), the blank lines before each, how many kept lines are followed by a blank or
    page-number line, and the line width (see :func:`_width`).

    The blank lines before a kept line are those since the kept line before
    it (0 for the first line). A page-number line is as if it and one blank
    line before it were not there; when it comes last, right before the kept
    line, the count stays what it was before the page number (or drops to 0
    when no blank line is left). :func:`clean` asks only whether the count
    is at least 1, or at least 2.

    Each line gets what :func:`_strip_line` gives, with short cuts for the
    common lines: a blank line, a table's bare pipe, a line without debris
    characters (only trimmed; what _RULE can match there starts and ends
    with one of ``-=_``). In text with ``\\n`` line ends only, such a line is
    taken for a page number only when shorter than 16 characters.
    """
    page_limit = 16
    src = text
    if "\r" in text:
        # a lone \r ends a line as \n does (same length: no offset moves); the \r of
        # \r\n stays at the end of its line, where it is trimmed as whitespace
        src = _LONE_CR.sub("\n", text)
        lines = src.split("\n")
        if len(lines) > 1 and not lines[-1]:
            lines.pop()  # no empty line after the last line end
        page_limit = len(text) + 1
    else:
        lines = text.split("\n")
    # The next place of each debris mark ('*', '|', '#', '\\', '__' in Markdown, '**' in plain text) at
    # or after a line's start, found in the whole text as the lines need it ('never' when there is
    # none): a line holds the mark when that place comes before its end (no mark holds a line end).
    never = len(src) + 1
    stars = "*" if markdown else "**"
    star = _find(src, stars, 0, never) if "*" in src else never  # (one character is found faster)
    pipe = hash_ = slash = under = never
    if markdown:
        pipe = _find(src, "|", 0, never)
        hash_ = _find(src, "#", 0, never)
        slash = _find(src, "\\", 0, never)
        under = _find(src, "__", 0, never) if "_" in src else never
    texts: list[str] = []
    firsts: list[int] = []
    runs_at: list[int] = []
    runs_of: list[list[tuple[int, int]]] = []
    runs: Optional[list[tuple[int, int]]] = None
    gaps: list[int] = []
    adjacent = 0  # kept lines right after a kept line
    last_kept = -2  # index of the last kept line
    blanks = 0  # blank lines since the last kept line (less those page numbers take back)
    paged_at = -1  # `blanks` right after the last page-number line since the last kept line
    paged_gap = 0  # the count that page-number line left
    pos = 0  # offset of the line
    counts = [0] * (_WIDE + 1)  # kept lines by length (_WIDE for any longer)
    for i, line in enumerate(lines):
        if not line:
            blanks += 1
            pos += 1
            continue
        if markdown and line == "|":
            blanks += 1
            pos += 2
            continue
        end = pos + len(line)
        debris = escaped = hashed = False
        if star < end:
            if star < pos:  # (a place in a line passed over)
                star = _find(src, stars, pos, never)
            debris = star < end
        if markdown:
            if pipe < end:
                if pipe < pos:
                    pipe = _find(src, "|", pos, never)
                debris = debris or pipe < end
            if hash_ < end:
                if hash_ < pos:
                    hash_ = _find(src, "#", pos, never)
                hashed = hash_ < end
                debris = debris or hashed
            if slash < end:
                if slash < pos:
                    slash = _find(src, "\\", pos, never)
                escaped = slash < end
                debris = debris or escaped
            if under < end:
                if under < pos:
                    under = _find(src, "__", pos, never)
                escaped = escaped or under < end
                debris = debris or escaped
        page = False
        kept = ""  # the kept line's text ('' for none)
        first = pos
        if debris:
            item = _strip_line(line, pos, markdown, escaped, hashed)
            if item is _PAGE:
                page = True
            elif item is not None:
                kept, first, runs = item
        else:
            kept = line.strip()
            if not kept or (markdown and _is_rule_end(kept, 0) and _is_rule_end(kept, -1) and len(kept) > 2
                            and _RULE.match(line)):  # (a rule so has three rule characters at least)
                kept = ""
            elif len(kept) < page_limit and _is_page_number(kept):
                kept = ""
                page = True
            elif kept is not line:  # (CPython's strip gives back the same object when nothing is trimmed)
                lead = 0  # white space before the text (str.strip's: see _is_space)
                while _is_space(line, lead):
                    lead += 1
                first = pos + lead
            runs = None
        pos += len(line) + 1
        if page:
            # no blank line since the last page number: the count it left
            gap = paged_gap if paged_at == blanks else blanks
            blanks = blanks - 1 if blanks else 0
            paged_gap = gap if blanks else 0
            paged_at = blanks
        elif not kept:
            blanks += 1
        else:
            gaps.append(paged_gap if paged_at == blanks else blanks)
            if runs is not None:
                runs_at.append(len(texts))
                runs_of.append(runs)
            texts.append(kept)
            firsts.append(first)
            size = min(len(kept), _WIDE)
            counts[size] = counts[size] + 1  # (compiled, an item's `+= 1` is a generic add)
            if last_kept == i - 1:
                adjacent += 1
            last_kept = i
            blanks = 0
            paged_at = -1
    if not texts:
        return texts, firsts, runs_at, runs_of, gaps, 0, 0
    gaps[0] = 0
    followed = len(texts) - adjacent - (last_kept == len(lines) - 1)
    runs_at.append(len(texts))  # (an end mark: no kept line has this index)
    return texts, firsts, runs_at, runs_of, gaps, followed, _width(counts, len(texts))


def _is_rule_end(text: str, i: int) -> bool:
    """``text[i]`` is one of '-=_' (as a code point: see _is_heading)."""
    c = ord(text[i])
    return c == 45 or c == 61 or c == 95


_WIDE: Final = 301  # a line width above 300 is one paragraph a line (see clean): its value does not matter


def _width(counts: list[int], n: int) -> int:
    """The line width of ``n`` lines counted by length in ``counts``: the length of the line at
    nine tenths of them in the order of length (at least 40; ``_WIDE`` for any width above 300)."""
    above = n - int(n * 0.9)  # lines at or above that one
    seen = 0
    for size in range(_WIDE, 40, -1):
        seen += counts[size]
        if seen >= above:
            return size
    return 40


def _find(text: str, mark: str, pos: int, never: int) -> int:
    """Where ``mark`` is next in ``text`` at or after ``pos``; ``never`` when it is not there.

    A mark of two characters ('**', '__') is found from its first character (``str.find`` of one
    character is many times faster than of two in text with non-ASCII letters; the character is rare)."""
    if len(mark) == 2:
        ch = mark[0]
        i = text.find(ch, pos)
        while i >= 0 and not text.startswith(mark, i):
            i = text.find(ch, i + 1)
    else:
        i = text.find(mark, pos)
    return never if i < 0 else i


_A: Final = 97  # ord("a")
_Z: Final = 122  # ord("z")


def _is_heading(text: str) -> bool:
    """All letters upper case (at least one cased letter)."""
    # a letter a-z near either end rules it out at once (most lines have one); the characters read as
    # code points (compiled, a character read so is no new string)
    n = len(text)
    if _A <= ord(text[-1]) <= _Z or (n > 1 and (_A <= ord(text[1]) <= _Z or _A <= ord(text[-2]) <= _Z)) \
            or (n > 2 and _A <= ord(text[2]) <= _Z):
        return False
    if text.isascii():  # (a flag of the string) 'A'-'Z' and 'a'-'z' are its cased letters: no copies to compare
        upper = False
        for i in range(n):
            c = ord(text[i])
            if _A <= c <= _Z:
                return False
            if 65 <= c <= 90:
                upper = True
        return upper
    return text.upper() == text and text.lower() != text  # (a final "Σ" lowers to "ς" or "σ": either is not "Σ")


_MEMO_SIZE: Final = 8192  # the most entries of a memo below (it starts over when full)
_MARKER_PREFIXES: Final[dict[str, bool]] = {}  # first three characters of a line → can a marker start so


def _goes_on_small(text: str) -> bool:
    """``text`` (not empty) starts with a small letter not followed by ')' or '.' (no marker 'a)', 'b.'):
    ``text[0].islower() and text[1:2] not in ").`` (a one-character text is not), an ASCII first character
    told by its code point."""
    c = ord(text[0])
    if c < 128:
        if c < _A or c > _Z:
            return False
    elif not text[0].islower():
        return False
    if len(text) < 2:
        return False
    d = ord(text[1])
    return d != 41 and d != 46  # ')' and '.'


def _is_marker(text: str) -> bool:
    """The line starts like an item, a recipients list, a signature."""
    if _goes_on_small(text):
        return False
    if _common_marker(text):
        return True
    if _no_marker(text):
        return False
    can = _MARKER_PREFIXES.get(text[:3])
    if can is None:
        can = _may_start_marker(text[:3])
    return can and _MARKER_START.match(text) is not None


def _common_marker(text: str) -> bool:
    """``text`` starts with a marker of the commonest forms, told without the pattern (which matches them
    too): a bullet and a space ('- ', '+ ', '• ' …), one or two ASCII digits and '.' or ')' before the end or
    an ASCII character that is no digit ('1. ', '12)'). False says nothing (the pattern decides)."""
    size = len(text)
    if size < 2:
        return False
    c = ord(text[0])
    if c == 45 or c == 43 or c == 0x2022 or c == 0x2013 or c == 0x2014:  # - + • – —
        return ord(text[1]) == 32
    if not 48 <= c <= 57:
        return _common_other_marker(text, c, size)
    k = 2 if 48 <= ord(text[1]) <= 57 else 1  # the mark after one digit or two
    if k >= size:
        return False
    mark = ord(text[k])
    if mark != 46 and mark != 41:  # '.' ')'
        return False
    if k + 1 == size:
        return True
    after = ord(text[k + 1])
    return after < 128 and not 48 <= after <= 57


def _common_other_marker(text: str, c: int, size: int) -> bool:
    """More common markers told without the pattern (see _common_marker; ``c`` is the first character's code
    point, ``size`` the length, at least 2): '(1)', '(12)'; '* '; 'a) ', 'b. '; 'II. ', 'IV) '; 'KT. ',
    'TM. ', 'TL. ', 'TUQ. ', 'Q. '; 'Kính gửi', 'Nơi nhận'."""
    d = ord(text[1])
    if c == 40:  # '('
        if not 48 <= d <= 57:
            return False
        k = 3 if size > 2 and 48 <= ord(text[2]) <= 57 else 2
        return k < size and ord(text[k]) == 41
    if c == 42:  # '*'
        return d == 32
    if _A <= c <= _Z:
        return (d == 41 or d == 46) and size > 2 and ord(text[2]) == 32
    if c == 73 or c == 86 or c == 88 or c == 76 or c == 67:  # I V X L C
        k = 1
        while k < size and k < 6 and _is_roman(ord(text[k])):
            k += 1
        if k < 6 and k + 1 < size and ord(text[k + 1]) == 32:
            x = ord(text[k])
            return x == 46 or x == 41
        return False
    if c == 75:  # 'K'
        return (d == 84 and size > 3 and ord(text[2]) == 46 and ord(text[3]) == 32) or text.startswith("Kính gửi")
    if c == 84:  # 'T'
        if d == 77 or d == 76:  # 'TM. ', 'TL. '
            return size > 3 and ord(text[2]) == 46 and ord(text[3]) == 32
        return text.startswith("TUQ. ")
    if c == 81:  # 'Q'
        return d == 46 and size > 2 and ord(text[2]) == 32
    if c == 78:  # 'N'
        return text.startswith("Nơi nhận")
    return False


def _is_roman(c: int) -> bool:
    """``chr(c)`` is one of I V X L C."""
    return c == 73 or c == 86 or c == 88 or c == 76 or c == 67


# the characters that can come second in a marker starting with each capital ASCII letter (see _MARKER_START)
_SECOND: Final = {"I": "IVXLC.)", "V": "IVXLC.)", "X": "IVXLC.)", "L": "IVXLC.)", "C": "IVXLC.)hô", "P": "Hh",
                  "M": "ộư", "H": "a", "B": "aốả", "N": "ăơ", "S": "á", "T": "áhMLU", "K": "íT", "Q": "."}
_MARKER_SECOND: Final = tuple(_SECOND.get(ch, "") for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _no_marker(text: str) -> bool:
    """``text`` surely does not start like _MARKER_START, told without the pattern: one character (every
    marker has two at least); a bullet before a printable ASCII character that is no space ('-2', '-'
    alone); one or two ASCII digits before a third, before the end, before an ASCII character other than
    '.', ')', '/', or before a '/' and no white space after it (a date '18/11/2025'); a capital ASCII letter
    and a second character that start none of its words or numerals ('U', 'G', 'Sở', 'Các'), 'Đ' before
    another character than 'i' or 'ồ'; a letter of the Latin blocks other than 'Đ', 'đ'. False says nothing."""
    size = len(text)
    if size < 2:
        return True
    c = ord(text[0])
    if c == 45 or c == 43 or c == 0x2022 or c == 0x2013 or c == 0x2014:  # - + • – —: only '[-–—+•]\s'
        d = ord(text[1])
        return 32 < d < 127
    if not 48 <= c <= 57:
        if 65 <= c <= 90:  # a capital ASCII letter and a second character that start no word nor numeral
            return text[1] not in _MARKER_SECOND[c - 65]
        if c == 0x110:  # 'Điều', 'Đồng'
            return text[1] not in "iồ"
        # a Latin letter of the blocks U+00C0-U+024F and U+1E00-U+1EFF other than 'Đ', 'đ' ('Ủ', 'Ở', 'Ô')
        return (0xC0 <= c <= 0x24F or 0x1E00 <= c <= 0x1EFF) and c != 0x110 and c != 0x111
    k = 2 if 48 <= ord(text[1]) <= 57 else 1  # after one digit or two
    if k >= size:
        return True
    x = ord(text[k])
    if x >= 128 or x == 46 or x == 41:  # (a non-ASCII character may be a digit; '.' ')': the pattern decides)
        return False
    if x != 47:  # '/'
        return True  # a third digit, or another ASCII character
    return k + 1 >= size or 32 < ord(text[k + 1]) < 127  # '/' needs white space after it


def _may_start_marker(prefix: str) -> bool:
    """Some text starting with ``prefix`` matches _MARKER_START (most first three characters
    of a line rule it out: 'Sở ', 'Tru', '15/'); a cheap test before the pattern, kept in
    _MARKER_PREFIXES."""
    if len(_MARKER_PREFIXES) >= _MEMO_SIZE:
        _MARKER_PREFIXES.clear()
    can = _MARKER_PREFIXES[prefix] = _MARKER_START.match(prefix, partial=True) is not None
    return can


@lru_cache(maxsize=_MEMO_SIZE)
def _is_digit(ch: str) -> bool:
    """``ch`` is a digit, as ``\\d`` of the patterns knows digits."""
    return _DIGIT.match(ch) is not None


def _is_page_number(text: str) -> bool:
    """A page number alone (``text`` trimmed): '12', '- 3 -', 'Trang 4/9'."""
    last = ord(text[-1])  # a digit or a dash ends every page number (as code points: see _is_heading)
    if last < 128:
        if last != 45 and not 48 <= last <= 57:  # '-', '0'-'9'
            return False
    elif not _is_digit(text[-1]):
        return False
    first = ord(text[0])  # after white space, a page number starts with '-', a digit or 'Trang'/'trang'
    if (65 <= first <= 90 or _A <= first <= _Z) if first < 128 else text[0].isalpha():  # (str.isalpha)
        if not text.startswith(("Trang", "trang")):
            return False
    elif text.isdigit() and text.isascii():
        return len(text) <= 3  # (the common case: digits alone, at most three)
    elif 32 < first < 128 and _no_page_number(text):
        return False
    return _PAGE_NUMBER.match(text) is not None


def _no_page_number(text: str) -> bool:
    """``text``, whose first character is printable ASCII and no letter, surely is no page number:
    only white space, '-' and digits (one to three) make one that does not start with 'Trang' ('/' comes
    only after it); an ASCII character of another kind, or a fourth ASCII digit, rules it out. False says
    nothing (a non-ASCII character: the pattern decides)."""
    digits = 0
    for ch in text:
        c = ord(ch)
        if 48 <= c <= 57:
            digits += 1
            if digits > 3:
                return True
        elif c >= 128:
            return False
        elif c != 45 and c != 32 and not 9 <= c <= 13:
            return True
    return digits == 0


def _may_be_bare_marker(text: str) -> bool:
    """``text`` ends as every marker alone on its line does (see _BARE_MARKER): with '.', ')' or a digit,
    and starts as one does (see _may_start_bare_marker)."""
    last = text[-1]
    if last == "." or last == ")":
        return _may_start_bare_marker(text)
    if last < "\x80":
        return "0" <= last <= "9" and _may_start_bare_marker(text)
    return _is_digit(last) and _may_start_bare_marker(text)


def _may_start_bare_marker(text: str) -> bool:
    """``text`` (ending with '.', ')' or a digit) may be a marker alone, by its first characters: a small
    ASCII letter only in two characters ('a)'); one or two ASCII digits before '.' or ')' ('12' alone, or
    '2025', is none); '(' before a digit or a small letter ('(%)' is none); a capital ASCII letter only of
    I, V, X, L, C. A non-ASCII character (a digit, 'đ') leaves it to the pattern."""
    size = len(text)
    c = ord(text[0])
    if c >= 128:
        return True
    if _A <= c <= _Z:
        return size == 2
    if 48 <= c <= 57:
        k = 2 if size > 1 and 48 <= ord(text[1]) <= 57 else 1
        if k >= size:
            return False
        x = ord(text[k])
        return x >= 128 or x == 46 or x == 41
    if c == 40:  # '('
        if size < 2:
            return False
        x = ord(text[1])
        return x >= 128 or 48 <= x <= 57 or _A <= x <= _Z
    return c == 73 or c == 86 or c == 88 or c == 76 or c == 67  # I V X L C


def _is_space(text: str, i: int) -> bool:
    """``text[i].isspace()``, told by its code point (see _is_heading)."""
    return space_code(ord(text[i]))


def space_code(c: int) -> bool:
    """Whether the character of code point ``c`` is white space (``str.isspace``, where ``str.split`` splits),
    told without making the character (a test compares the two over every code point)."""
    if c < 128:
        return 9 <= c <= 13 or 28 <= c <= 32
    if c < 0x2000:
        return c == 0x85 or c == 0xA0 or c == 0x1680
    return c <= 0x200A or c == 0x2028 or c == 0x2029 or c == 0x202F or c == 0x205F or c == 0x3000


def _last_word(text: str) -> str:
    """The last word in the last 24 characters of ``text`` (which holds one): ``text[-24:].rsplit(None, 1)[-1]``,
    read back from the end (no list, no tail)."""
    stop = max(0, len(text) - 24)
    end = len(text)
    while end > stop and _is_space(text, end - 1):
        end -= 1
    j = end - 1
    while j >= stop and not _is_space(text, j):
        j -= 1
    return text[j + 1:end]


def _is_upper(ch: str) -> bool:
    """``ch.isupper()`` of one character, an ASCII one told by its code point (see _is_heading)."""
    c = ord(ch)
    return 65 <= c <= 90 if c < 128 else ch.isupper()


def _join(p: str, n: str, short: int, title: int) -> str:
    """How consecutive kept lines ``p`` and ``n`` join when no blank line parts them:
    '\\n' (new paragraph), ' ' or ''.

    A line is short under ``short`` characters (0.85 of the line width); in
    filled text a line under ``title`` characters (half the width) before a
    capital is a title (``title`` is 0 in other text).

    The features of the lines are read as the rules need them: whether a line
    starts like a marker, is all upper case (a heading), is a place-and-date
    line; whether it ends a clause (terminal), ends with a word that goes on
    (continues), ends with a letter and a hyphen.
    """
    n0 = n[0]
    if p[-1] == "-" and n0.isalnum() and not p.endswith(" -") and _hyphen_break(p) and not _is_marker(n):
        return ""  # '66/QĐ-' + 'UBND', 'COVID-' + '19'
    if _goes_on_small(n):
        # the common case, n goes on with a small letter: not a marker, not a place and
        # date, not a title after a short line; only the last rule below is left
        if len(p) < short and (_is_terminal(p) or _is_heading(p) != _is_heading(n)):
            return "\n"
        return " "
    if _is_upper(n0) and n.find("ngày", 0, 60) >= 0 and _PLACE_DATE_LINE.match(n):
        return "\n"  # the place-and-date line of a header
    is_short = len(p) < short
    continues = None  # p ends with a word that goes on in the next line
    if _is_marker(n):
        last = _last_word(p)
        continues = p[-1] == "," or last in _CONTINUES
        goes_on = n0.isdigit() and last in _CONTINUES_NUMBER and \
            (last in _NAMES_PART or not (is_short or last == "số") or not _ITEM_AFTER_NUMBER_WORD.match(n))
        if not continues and not goes_on:
            # a bullet after a full line that ends mid-sentence is a hyphen that wrapped
            if n0 in "-–—+" and not (is_short or _is_terminal(p) or _is_heading(p) or _is_marker(p)):
                return " "
            return "\n"
    if len(p) < title and _is_upper(n0):
        if continues is None:
            last = _last_word(p)
            continues = p[-1] == "," or last in _CONTINUES
        if not continues:
            return "\n"  # a short line of filled text is a heading or title
    if is_short and (_is_terminal(p) or _is_heading(p) != _is_heading(n)):
        return "\n"
    return " "


def _hyphen_break(text: str) -> bool:
    """``text`` (ending with '-') ends with a letter or a digit and the hyphen: ``_HYPHEN_BREAK.search``
    of its end, an ASCII character before the hyphen told by its code point."""
    if len(text) < 2:
        return False
    c = ord(text[-2])
    if c < 128:
        return 48 <= c <= 57 or 65 <= c <= 90 or _A <= c <= _Z
    return _HYPHEN_BREAK.search(text[-24:]) is not None


def _is_terminal(text: str) -> bool:
    """The line ends a sentence or a clause (a terminal mark, then maybe quotes, brackets)."""
    c = ord(text[-1])  # (as a code point: see _is_heading)
    if c == 39 or c == 34 or c == 41 or c == 93 or c == 0x201D or c == 0x2019:  # _CLOSERS: ' " ) ] ” ’
        return text[-24:].rstrip(_CLOSERS)[-1:] in _TERMINAL
    return c == 46 or c == 58 or c == 59 or c == 33 or c == 63 or c == 0x2026  # _TERMINAL: . : ; ! ? …


def clean(raw: str, *, markdown: bool = False) -> CleanText:
    """Clean ``raw`` (see the module docstring); ``markdown`` strips portal Markdown debris."""
    text0, map0 = _drop_invisible(raw)
    text1, map1 = _unicode(text0)
    texts, firsts, runs_at, runs_of, gaps, followed, width = _scan_lines(text1, markdown)
    if not texts:
        return CleanText("", raw, (_Map(starts=[0], origins=[0]), map1, map0))
    ratio = followed / len(texts)
    if width > 300:  # one paragraph a line: every line break ends a paragraph
        parting_gap = 0
    elif ratio < 0.6:  # blank lines between paragraphs, or none at all: one blank line parts
        parting_gap = 1
    else:  # PDF style, every line followed by a blank one: it takes two
        parting_gap = 2
    # (whole numbers: for a length n, n < x exactly when n < ceil(x); an int compares faster with an int)
    short = math.ceil(0.85 * width)
    title = 0 if markdown else math.ceil(0.5 * width)  # see _join

    out: list[str] = []
    # the map: a run starts with each kept run of a line whose shift differs from the run before; a
    # separator ('\n', ' ') goes on the run before it, mapping to the character after that run
    starts: list[int] = []
    origins: list[int] = []
    pos = 0
    prev = None  # text of the kept line before
    shift = -1  # source offset less clean offset in the map's last run (-1 before the first: it is never negative)
    r = 0  # the next line of more than one run: runs_at[r], runs_of[r]
    for k in range(len(texts)):
        text = texts[k]
        gap = gaps[k]
        if prev is not None:
            if len(prev) < 10 and _may_be_bare_marker(prev) and _BARE_MARKER.match(prev) \
                    and not _is_marker(text):
                sep = " "  # a marker alone on its line goes on with the next line, across a blank line too
            elif gap >= parting_gap:
                sep = "\n"
            elif ord(prev[-1]) != 45 and _goes_on_small(text):  # '-' (as a code point: see _is_heading)
                # the common case of _join (its first rule is for a line that ends with '-')
                sep = "\n" if len(prev) < short and (_is_terminal(prev) or _is_heading(prev) != _is_heading(text)) \
                    else " "
            else:
                sep = _join(prev, text, short, title)
            if sep:
                out.append(sep)
                pos += 1
        # a run starts only where the shift changes (a line end that became a separator keeps it)
        if k != runs_at[r]:
            first = firsts[k]
            if first - pos != shift:
                shift = first - pos
                starts.append(pos)
                origins.append(first)
        else:
            p = pos
            for a, b in runs_of[r]:
                if a - p != shift:
                    shift = a - p
                    starts.append(p)
                    origins.append(a)
                p += b - a
            r += 1
        out.append(text)
        pos += len(text)
        prev = text
    joined = "".join(out)
    maps = (_Map(starts, origins), map1, map0)
    first = joined.find("  ")
    if first >= 0:
        return _collapse_spaces(joined, raw, maps, first)
    return CleanText(joined, raw, maps)


def _collapse_spaces(text: str, raw: str, maps: tuple[_Map, ...], first: int) -> CleanText:
    """Collapse runs of spaces inside lines, keeping the map exact; ``first`` is where the first run starts.

    A run is found by ``str.find`` of two spaces and read on to its last space (the runs of the
    pattern ``'  +'``, leftmost and longest: a pattern's scan of the text is ten times slower).
    """
    out: list[str] = []
    m3 = _Map()
    pos = 0
    last = 0
    size = len(text)
    i = first
    while i >= 0:
        end = i + 2
        while end < size and text[end] == " ":
            end += 1
        seg = text[last:i + 1]
        m3.starts.append(pos)
        m3.origins.append(last)
        out.append(seg)
        pos += len(seg)
        last = end
        i = text.find("  ", end)
    m3.starts.append(pos)
    m3.origins.append(last)
    out.append(text[last:])
    return CleanText("".join(out), raw, (m3, *maps))
