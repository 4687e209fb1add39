"""Clean stage: source text → clean text with a map back to the source.

What cleaning does, in order:

1. Unicode: NFC, ``Ð`` (U+00D0) → ``Đ``, no-break and odd spaces → space,
   zero-width characters and soft hyphens dropped.
2. Markup debris of portal Markdown: ``**``, ``*``, leading ``#``, table
   pipes, rules (``---``), empty emphasis.
3. Hard-wrapped lines joined back into paragraphs (one ``\\n`` between
   paragraphs, one space inside), for both wrapping styles: paragraphs
   separated by blank lines, and every line followed by a blank line (PDF
   extractions). A symbol broken at its hyphen (``66/QĐ-`` + ``UBND``) is
   re-joined without a space.
4. Page numbers alone on a line dropped.

Every character of the clean text maps to a character of the source:
:meth:`CleanText.to_source` and :meth:`CleanText.source_span`.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from . import patterns

_SAME_LENGTH = str.maketrans({
    "\u00d0": "\u0110",  # Ð (Icelandic eth) typed for Đ
    "\u00f0": "\u0111",  # ð for đ
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\t": " ", "\f": "\n", "\v": "\n", "\u2028": "\n", "\u2029": "\n",
    "\u2010": "-", "\u2011": "-",
})
_ODD = patterns.compile("[" + "".join(map(chr, _SAME_LENGTH)) + "]")


def _replace_odd(text: str) -> str:
    """Same-length replacements, only of the characters present (``str.translate`` is slow on long text)."""
    for ch in set(_ODD.findall(text)):
        text = text.replace(ch, _SAME_LENGTH[ord(ch)])
    return text


_DROP = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_CLUSTER = patterns.compile(r"\P{M}\p{M}*|\p{M}+")
_SPACES = patterns.compile(r"  +")
_LINE = patterns.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# Markdown emphasis and heading debris inside a line.
_DEBRIS = patterns.bounded(r"\*+|^\s*#{1,6}(?=\s|$)|\\(?=[\\*_#|\[\]-])")
# bold markers turn up in plain-text exports too; zero-width characters anywhere
_INVISIBLE = patterns.compile(f"[{_DROP}]+")
_DEBRIS_TEXT = patterns.bounded(r"\*\*+")
_DEBRIS_MD = patterns.bounded(rf"{_DEBRIS.pattern}|\|+", regex.M)
_MAYBE_DEBRIS = patterns.bounded(r"[*#\\|]")
_RULE = patterns.bounded(r"^\s*(?:[-=_*]\s*){3,}$|^\s*\|[\s|:-]*$|^\s*\*+\s*\*+\s*$")
_PAGE_NUMBER = patterns.bounded(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$|^\s*(?:Trang|trang)\s+\d{1,3}(?:\s*/\s*\d{1,3})?\s*$")
_MARKER_START = patterns.bounded(
    r"""^(?:
        [-–—+•]\s | \*\.?\s                         # bullets
      | \(?\d{1,2}[.)](?!\d)                         # 1.  1)  (1)
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
_TERMINAL = frozenset(".:;!?…")  # a line ending in one of these (then quotes, brackets) ends a clause
_CLOSERS = "'\"”’)]"
# a line ending like this goes on in the next line even when that starts like a marker
_CONTINUES = frozenset(("tại", "và", "hoặc", "của", "theo", "là", "đến", "từ", "với", "cho", "các", "những"))
# … and before a line that starts with a number: 'Quyết định số' / '66/QĐ-UBND', 'ngày' / '15.'
_CONTINUES_NUMBER = frozenset(("số", "ngày", "tháng", "năm", "khoản", "điểm", "mục", "Điều", "Quý", "lần", "thứ"))
_PLACE_DATE_LINE = patterns.bounded(r"^\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,4}\s*,\s*ngày\b")
_HYPHEN_BREAK = patterns.bounded(r"[\p{L}\d]-$")


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
    if not _INVISIBLE.search(raw):
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


def _unicode(raw: str) -> tuple[str, _Map]:
    """NFC and same-length replacements; the map is the identity when no NFC change is needed."""
    if unicodedata.is_normalized("NFC", raw):
        return _replace_odd(raw), _Map(identity=True)
    out: list[str] = []
    m = _Map()
    pos = 0
    for cluster in _CLUSTER.finditer(raw):
        piece = unicodedata.normalize("NFC", cluster.group())
        m.starts.append(pos)
        m.origins.append(cluster.start())
        out.append(piece)
        pos += len(piece)
    return _replace_odd("".join(out)), m


_PAGE = -1  # start of a page-number line: dropped, and it does not part paragraphs


class _Line(NamedTuple):
    text: str
    start: int  # offset of text[0] in the unicode-clean text
    pieces: list[tuple[int, int]]  # kept (start, end) runs, in unicode-clean offsets


def _strip_line(text1: str, start: int, end: int, markdown: bool) -> _Line:
    """Keep the useful characters of one source line, as runs of offsets."""
    line = text1[start:end]
    debris = _DEBRIS_MD if markdown else _DEBRIS_TEXT
    if markdown and _RULE.match(line):
        return _Line("", start, [])
    cuts = [m.span() for m in debris.finditer(line)] if _MAYBE_DEBRIS.search(line) else []
    if not cuts:  # the common case: one run, trimmed
        text = line.strip()
        if not text:
            return _Line("", start, [])
        if _PAGE_NUMBER.match(text):
            return _Line("", _PAGE, [])
        a = start + len(line) - len(line.lstrip())
        return _Line(text, a, [(a, a + len(text))])
    runs: list[tuple[int, int]] = []
    pos = 0
    for a, b in cuts:
        if a > pos:
            runs.append((start + pos, start + a))
        pos = max(pos, b)
    if pos < len(line):
        runs.append((start + pos, start + len(line)))
    # collapse whitespace at both ends
    text = "".join(text1[a:b] for a, b in runs)
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    runs = _trim_runs(runs, lead, trail)
    text = text.strip()
    if not text:
        return _Line("", start, [])
    if _PAGE_NUMBER.match(text):
        return _Line("", _PAGE, [])
    return _Line(text, runs[0][0] if runs else start, runs)


def _trim_runs(runs: list[tuple[int, int]], lead: int, trail: int) -> list[tuple[int, int]]:
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


def _is_heading(text: str) -> bool:
    """All letters upper case (at least one cased letter)."""
    return text.upper() == text and text.lower() != text


class _Features(NamedTuple):
    """What the joining rules ask of a line, computed once per line."""

    marker: bool  # starts like an item, a recipients list, a signature
    heading: bool  # all upper case
    place_date: bool  # 'Hà Nội, ngày …'
    terminal: bool  # ends a sentence or a clause
    continues: bool  # ends with a word that goes on in the next line
    continues_number: bool  # … and the next line starts with a number
    hyphen_break: bool  # ends with a letter and a hyphen: '66/QĐ-'


def _features(text: str) -> _Features:
    c0 = text[:1]
    marker = (not (c0.islower() and text[1:2] not in ").")) and bool(_MARKER_START.match(text))
    tail = text[-24:].rstrip()
    last = tail.rsplit(None, 1)[-1] if tail else ""
    return _Features(
        marker=marker,
        heading=_is_heading(text),
        place_date=c0.isupper() and "ngày" in text[:60] and bool(_PLACE_DATE_LINE.match(text)),
        terminal=tail.rstrip(_CLOSERS)[-1:] in _TERMINAL if tail else False,
        continues=tail.endswith(",") or last in _CONTINUES,
        continues_number=last in _CONTINUES_NUMBER,
        hyphen_break=tail.endswith("-") and bool(_HYPHEN_BREAK.search(tail)),
    )


def _join_kind(p: str, fp: _Features, n: str, fn: _Features, blank_between: bool, width: int, filled: bool) -> str:
    """How two consecutive non-blank lines join: '\\n' (new paragraph), ' ' or ''."""
    if blank_between:
        return "\n"
    if fp.hyphen_break and n[:1].isalnum() and not p.endswith(" -") and not fn.marker:
        return ""  # '66/QĐ-' + 'UBND', 'COVID-' + '19'
    if fn.place_date:
        return "\n"  # the place-and-date line of a header
    short = len(p) < 0.85 * width
    if fn.marker and not fp.continues and not (n[:1].isdigit() and fp.continues_number):
        # a bullet after a full line that ends mid-sentence is a hyphen that wrapped
        if n[0] in "-–—+" and not (fp.terminal or short or fp.heading or fp.marker):
            return " "
        return "\n"
    if filled and len(p) < 0.5 * width and n[:1].isupper() and not fp.continues:
        return "\n"  # a short line of filled text is a heading or title
    if fp.heading != fn.heading and short:
        return "\n"
    if fp.terminal and short:
        return "\n"
    return " "


def clean(raw: str, *, markdown: bool = False) -> CleanText:
    """Clean ``raw`` (see the module docstring); ``markdown`` strips portal Markdown debris."""
    text0, map0 = _drop_invisible(raw)
    text1, map1 = _unicode(text0)
    lines: list[_Line] = []
    if "\r" in text1:
        for m in _LINE.finditer(text1):
            if m.start() == m.end() == len(text1) and lines:
                break
            content_end = m.start() + len(m.group().rstrip("\r\n"))
            lines.append(_strip_line(text1, m.start(), content_end, markdown))
    else:
        pos = 0
        if markdown:
            def maybe(line: str) -> bool:
                return bool(_MAYBE_DEBRIS.search(line)) or (line.lstrip()[:1] in ("-", "=", "_") and bool(_RULE.match(line)))
        else:
            def maybe(line: str) -> bool:
                return "**" in line
        for line in text1.split("\n"):
            if maybe(line):
                lines.append(_strip_line(text1, pos, pos + len(line), markdown))
            else:  # the common case, inline: one run, trimmed
                stripped = line.strip()
                if not stripped:
                    lines.append(_Line("", pos, []))
                elif len(stripped) < 16 and _PAGE_NUMBER.match(stripped):
                    lines.append(_Line("", _PAGE, []))
                else:
                    a = pos + len(line) - len(line.lstrip())
                    lines.append(_Line(stripped, a, [(a, a + len(stripped))]))
            pos += len(line) + 1
    nonblank = [ln for ln in lines if ln.text]
    if not nonblank:
        return CleanText("", raw, (_Map(starts=[0], origins=[0]), map1, map0))
    followed = sum(1 for a, b in zip(lines, lines[1:]) if a.text and not b.text)
    ratio = followed / len(nonblank)
    blank_style = 0.05 < ratio < 0.6
    raw_blank_style = ratio <= 0.05  # no blank lines at all: any blank line is a break
    lengths = sorted(len(ln.text) for ln in nonblank)
    width = max(40, lengths[int(len(lengths) * 0.9)])
    unwrapped = width > 300  # one paragraph a line: every line break ends a paragraph

    out: list[str] = []
    m2 = _Map()
    pos = 0
    prev: _Line | None = None
    fprev: _Features | None = None
    blank_between = False
    blanks = 0
    for ln in lines:
        if ln.start == _PAGE:  # as if the page break were not there
            blanks = max(0, blanks - 1)
            blank_between = blanks > 0 and blank_between
            continue
        if not ln.text:
            blanks += 1
            # one blank line separates paragraphs; in PDF-style text, where every
            # line is followed by a blank one, it takes two
            blank_between = prev is not None and (blank_style or blanks >= 2 or raw_blank_style)
            continue
        feats = None if unwrapped else _features(ln.text)
        if prev is not None:
            sep = "\n" if unwrapped else _join_kind(prev.text, fprev, ln.text, feats, blank_between, width,
                                                    not markdown)
            if sep:
                m2.starts.append(pos)
                m2.origins.append(prev.pieces[-1][1] if prev.pieces else ln.start)
                out.append(sep)
                pos += 1
        for a, b in ln.pieces:
            seg = text1[a:b]
            m2.starts.append(pos)
            m2.origins.append(a)
            out.append(seg)
            pos += len(seg)
        prev, fprev = ln, feats
        blank_between = False
        blanks = 0
    joined = "".join(out)
    text = _SPACES.sub(" ", joined) if "  " in joined else joined
    if len(text) != pos:
        return _collapse_spaces("".join(out), raw, (m2, map1, map0))
    return CleanText(text, raw, (m2, map1, map0))


def _collapse_spaces(text: str, raw: str, maps: tuple[_Map, ...]) -> CleanText:
    """Collapse runs of spaces inside lines, keeping the map exact."""
    out: list[str] = []
    m3 = _Map()
    pos = 0
    last = 0
    for m in _SPACES.finditer(text):
        seg = text[last:m.start() + 1]
        m3.starts.append(pos)
        m3.origins.append(last)
        out.append(seg)
        pos += len(seg)
        last = m.end()
    m3.starts.append(pos)
    m3.origins.append(last)
    out.append(text[last:])
    return CleanText("".join(out), raw, (m3, *maps))
