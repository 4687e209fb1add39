"""Segment stage: the body → a tree of directives.

1. Every paragraph of the body is looked at for a leading marker (``1.``,
   ``I.``, ``PHẦN II``, ``Một là:``, ``Thứ nhất,``, ``(1)``, ``a)``, ``a.``,
   ``-``, ``+``, ``*``, ``Điều 3.`` …); inside a paragraph, inline
   enumerations ``(1) …; (2) …`` and ``(i) …; (ii) …`` are markers too.
2. Nesting follows the order in which marker kinds appear in the document: a
   kind already open is a sibling (everything opened after it closes), a new
   kind opens a child level. Parts (``PHẦN``) and Roman sections close every
   level. No fixed hierarchy is assumed.
3. Scope: when a lead-in sentence concludes or orders (``… kết luận như
   sau:``), markers before it are not directives and every item after it
   is. After a lead-in that only announces (a plan's ``… như sau:``), or
   without one, the sections whose heading only describes (``Mục tiêu``,
   ``Kết quả …``) are kept out with their items, and a funding section
   (``Kinh phí``) unless one of its items gives a unit work.
4. Task cards: the label bullets of a plan's activity (``- Cơ quan thực
   hiện: …``, ``- Thời gian: …``) leave the tree and become the activity's
   :attr:`Node.fields`; its ``- Nội dung: …`` bullet stays a child.
5. A list of enclosures (``… gửi kèm … gồm:``) and the closing paragraphs
   after the last item belong to no item.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Final

import regex

from . import patterns

from .data import load_toml
from .layout import Paragraph, clip, paragraphs

Span = tuple[int, int]
_VOCAB: Final = load_toml("segment.toml")

_ORDINAL_WORDS: Final = "Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười"
_THU_WORDS: Final = "nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười"
_ROMAN: Final = "[IVXLC]{2,6}|[IVX]"

#: (kind, pattern) in the order they are tried at the start of a paragraph.
#: Group "m" is the marker as written, group "n" its number (when it has one).
LEADING: Final[list[tuple[str, regex.Pattern[str]]]] = [
    ("part", patterns.bounded(rf"^(?P<m>(?:PHẦN|Phần)\s+(?P<n>{_ROMAN}|\d{{1,2}}|thứ\s+\w+))(?:\s*[.:]\s*|\s+|$)")),
    ("word_ordinal", patterns.bounded(rf"^(?P<m>(?:\d{{1,2}}\.\s*)?(?P<n>{_ORDINAL_WORDS})\s+là\s*[:,.])\s*")),
    ("thu_ordinal", patterns.bounded(rf"^(?P<m>Thứ\s+(?P<n>{_THU_WORDS})\s*[,:])\s*")),
    ("article", patterns.bounded(r"^(?P<m>Điều\s+(?P<n>\d{1,3})\s*[.:])\s*")),
    ("activity", patterns.bounded(
        rf"^(?P<m>(?:{'|'.join(map(regex.escape, sorted(_VOCAB['markers']['activities'], key=len, reverse=True)))})"
        r"\s+(?P<n>\d{1,2})(?:\s*[:.]|\s*$))\s*")),
    ("roman", patterns.bounded(rf"^(?P<m>(?P<n>{_ROMAN})\s*[.)])\s*(?=\S)")),
    ("upper_letter", patterns.bounded(r"^(?P<m>(?P<n>[A-HK-UYĐ])\.)\s+(?=\S)")),
    ("arabic_deep", patterns.bounded(r"^(?P<m>(?P<n>\d{1,2}(?:\.\d{1,2}){1,3})\.?)\s+(?=\S)")),
    ("arabic", patterns.bounded(r"^(?P<m>(?P<n>\d{1,2})\.)(?!\d)\s*(?=\S)")),
    ("arabic_paren", patterns.bounded(r"^(?P<m>(?P<n>\d{1,2})\))\s*(?=\S)")),
    # '1/ …', 'a/ …' (word processors' lists): a space and a capital after the slash, so a date ('15/12/2026') is none
    ("arabic_slash", patterns.bounded(r"^(?P<m>(?P<n>\d{1,2})/)\s+(?=\p{Lu})")),
    ("paren_arabic", patterns.bounded(r"^(?P<m>\((?P<n>\d{1,2})\))\s*(?=\S)")),
    ("paren_roman", patterns.bounded(r"^(?P<m>\((?P<n>i{1,3}|iv|vi{0,3}|ix|x)\))\s*(?=\S)")),
    ("letter_paren", patterns.bounded(r"^(?P<m>(?P<n>[a-zđ])\))\s*(?=\S)")),
    ("letter_slash", patterns.bounded(r"^(?P<m>(?P<n>[a-zđ])/)\s+(?=\S)")),
    ("paren_letter", patterns.bounded(r"^(?P<m>\((?P<n>[a-zđ])\))\s*(?=\S)")),
    ("letter_dot", patterns.bounded(r"^(?P<m>(?P<n>[a-zđ])\.)\s+(?=\S)")),
    ("dash", patterns.bounded(r"^(?P<m>[-–—])\s*(?=\S)")),
    ("plus", patterns.bounded(r"^(?P<m>\+)\s*(?=\S)")),
    ("star", patterns.bounded(r"^(?P<m>\*\s*\.?)\s*(?=\S)")),
    ("bullet", patterns.bounded(r"^(?P<m>[•●○▪■◦])\s*(?=\S)")),
]
#: Inline enumerations inside a paragraph: '(1) …; (2) …', '(i) …; (ii) …'.
_INLINE: Final = patterns.compile(r"(?:(?<=^)|(?<=[:;.,]\s{0,2})|(?<=\s))\((?P<n>\d{1,2}|i{1,3}|iv|vi{0,3}|ix|x)\)\s+(?=\S)")
# what every match of _INLINE holds, for plain ``re`` (a fast scan for the literal '(')
_INLINE_LABEL: Final = re.compile(r"\((?:\d{1,2}|i{1,3}|iv|vi{0,3}|ix|x)\)")
# a group read by its number: the engine looks a name up at every call (several times the cost of a match's
# group by number); every marker is group 1 of its pattern ("m"), its number group 2 ("n") when it has one
_M: Final = 1
_N: Final = 2


def _numbered() -> frozenset[str]:
    """The kinds of :data:`LEADING` whose pattern has a number group (the groups checked as said above)."""
    for kind, pattern in LEADING:
        if pattern.groupindex.get("m") != _M or pattern.groupindex.get("n", _N) != _N:
            raise ValueError(f"marker pattern {kind!r}: group 'm' must be group 1 and 'n' group 2")
    if dict(_INLINE.pattern.groupindex) != {"n": 1}:
        raise ValueError("_INLINE: group 'n' must be its only group")
    return frozenset(kind for kind, pattern in LEADING if "n" in pattern.groupindex)


_NUMBERED: Final = _numbered()
_ROMAN_VALUES: Final = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_SECTION_KINDS: Final = {"part", "roman"}


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


# a verb, not the name of a cited document ('Chỉ thị số 05/CT-TTg', 'Kết luận 01-KL/TW')
_NOT_CITED: Final = r"(?!\s+(?:số\b|\d))"
_ORDERING: Final = patterns.compile(rf"\b(?:{_alternation(_VOCAB['ordering']['verbs'])})\b{_NOT_CITED}", regex.I)
_CONCLUDES: Final = patterns.compile(
    rf"\b(?:{_alternation(_VOCAB['ordering']['concluding'])})\b{_NOT_CITED}(?:.*\b(?:như\s+sau|sau))?\s*:$", regex.I)
_DESCRIPTIVE: Final = patterns.bounded(rf"^(?:{_alternation(_VOCAB['headings']['descriptive'])})\b", regex.I)  # reads one phrase
_FUNDING: Final = patterns.bounded(rf"^(?:{_alternation(_VOCAB['headings']['funding'])})\b", regex.I)  # reads one phrase
_CARD: Final = _VOCAB["task_card"]
# a label bullet of a task card: its label and role ('Cơ quan chủ trì:' → lead, 'Thời gian thực hiện:' → time)
_CARD_LABEL: Final = patterns.bounded(
    rf"^(?:(?P<unit>(?:{_alternation(_CARD['unit_heads'])})\s+(?P<role>{_alternation(_CARD['lead'] + _CARD['cooperate'])}))"
    rf"|(?P<time>(?:{_alternation(_CARD['time'])})\b[^:\n]{{0,40}}?)"
    rf"|(?P<other>{_alternation(_CARD['other'])})"
    rf"|(?P<content>(?:{_alternation(_CARD['content'])})\b[^:\n]{{0,30}}?))\s*:\s*")
# the first words of the labels: every match of _CARD_LABEL opens with one (a cheap test before the pattern)
_CARD_OPENERS: Final = tuple(sorted({w.split()[0] for k in ("unit_heads", "time", "other", "content") for w in _CARD[k]}))
_COOPERATE_ROLES: Final = frozenset(_CARD["cooperate"])
_BULLET_KINDS: Final = frozenset({"dash", "plus", "star", "bullet"})
# 'Theo đề nghị của Sở …, UBND tỉnh ban hành Kế hoạch …': a request that led to the document, not an order
# a full stop that ends a sentence: after a lower-case letter, a digit or a bracket (not 'TP.'),
# before a capital
_SENTENCE_END: Final = patterns.compile(r"(?<=[\p{Ll}\d)”\"])[.!?](?=\s+\p{Lu})")
_SENTENCES: Final = patterns.compile(r"(?<=[.;])\s+(?=\p{Lu})")
# the last of them, searched from the end: each is a whole run of white space after '.' or ';' and before a
# capital, so the first found from the end is the last found from the start (and only the last sentence is read)
_LAST_SENTENCE: Final = patterns.compile(r"(?r)(?<=[.;])\s+(?=\p{Lu})")
_AT_REQUEST: Final = patterns.compile(r"\b(?:theo|xét)\s+(?:đề\s+nghị|ý\s+kiến|chỉ\s+đạo)\s+của\b[^,]*", regex.I)
_CLOSING: Final = patterns.compile(_alternation(_VOCAB["closing"]["phrases"]), regex.I)
_CLOSING_START: Final = patterns.bounded(rf"^(?:{_alternation(_VOCAB['closing']['starts'])})\b", regex.I)  # reads one phrase
_ENCLOSURE: Final = patterns.compile(rf"\b(?:{_alternation(_VOCAB['lists']['enclosure'])})\b", regex.I)

#: ``str.lower`` called as a function (see ``layout._str_lower``: the pure and the compiled module agree)
_str_lower: Final = str.lower


def _lowered(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted({_str_lower(w) for w in words}))


# the words of the case-blind searches above, lower case: a paragraph holds a match only when its
# lower-case text holds one of them (a cheap test before the search, see _search_words)
_ORDERING_WORDS: Final = _lowered(_VOCAB["ordering"]["verbs"])
_CONCLUDING_WORDS: Final = _lowered(_VOCAB["ordering"]["concluding"])
_CLOSING_WORDS: Final = _lowered(_VOCAB["closing"]["phrases"])
_ENCLOSURE_WORDS: Final = _lowered(_VOCAB["lists"]["enclosure"])
_AT_REQUEST_WORDS: Final = ("của",)  # what every match of _AT_REQUEST holds (with 'theo' or 'xét')


def _search_words(pattern: patterns.TimedPattern, text: str, words: tuple[str, ...]) -> bool:
    """Whether ``pattern`` (case-blind, each of its matches starting with one of ``words``, lower case)
    finds a match in ``text``: tried only where one of the words starts in the lower-case text (a case-blind
    search of an alternation tries every position, several times slower). The lower-case text has the
    positions of ``text``: only 'İ' lowers to two characters, and a text with it (or 'ſ') is searched (of
    the characters the pattern engine matches with a Latin letter in another case, only those two lower to
    something else)."""
    if "İ" in text or "ſ" in text:
        return pattern.search(text) is not None
    low = _str_lower(text)
    compiled, timeout = pattern.pattern, pattern.timeout  # (what ``pattern.match`` calls, without its wrapper)
    for w in words:
        i = low.find(w)
        while i >= 0:
            if compiled.match(text, i, timeout=timeout) is not None:
                return True
            i = low.find(w, i + 1)
    return False


class Node:
    """A directive while the tree is built (see :class:`vnnotice.records.Directive`).

    A plain class with its own ``__init__`` (one is made for each marker: compiled, a dataclass's
    generated ``__init__`` runs interpreted)."""

    __slots__ = ("kind", "marker", "start", "text_start", "end", "parent", "children", "number", "inline",
                 "heading", "excluded", "scope", "card_role", "fields", "id")

    def __init__(self, kind: str, marker: str, start: int, text_start: int, end: int = 0,
                 parent: "Node | None" = None, number: int = 0, inline: bool = False) -> None:
        self.kind = kind
        self.marker = marker
        self.start = start  # marker start in the clean text
        self.text_start = text_start  # first character after the marker
        self.end = end
        self.parent = parent
        self.children: list[Node] = []
        self.number = number
        self.inline = inline  # an enumeration inside a paragraph, not at its start
        self.heading = False
        self.excluded = False
        self.scope = ""  # 'descriptive' or 'funding' for a section heading that may keep its items out
        self.card_role = ""  # the role of a task card's label bullet: 'lead', 'cooperate', 'time', 'other'
        #: a task card's fields: (role, label start, value start, end), the label bullets taken out of the tree
        #: (a tuple: the empty one is shared by the many nodes without a card)
        self.fields: tuple[tuple[str, int, int, int], ...] = ()
        self.id = ""

    def __repr__(self) -> str:
        return (f"Node(id={self.id!r}, kind={self.kind!r}, marker={self.marker!r}, start={self.start}, "
                f"text_start={self.text_start}, end={self.end}, children={len(self.children)})")

    def own(self, text: str | None = None) -> list[Span]:
        """The item's own text: its span without its children's (and without its marker);
        with ``text``, the gaps between children that hold only white space are left out."""
        spans: list[Span] = []
        pos = self.text_start
        for child in self.children:
            if child.start > pos:
                spans.append((pos, child.start))
            pos = max(pos, child.end)
        if self.end > pos:
            spans.append((pos, self.end))
        if text is not None and len(spans) > 1:
            spans = [(a, b) for k, (a, b) in enumerate(spans) if k == 0 or text[a:b].strip()]
        return spans or [(self.text_start, self.text_start)]


#: Characters each kind of :data:`LEADING` can start with.
_FIRST_CHARS: Final = {
    "part": "P", "word_ordinal": "0123456789MHBNSTC", "thu_ordinal": "T", "article": "Đ", "roman": "IVXLC",
    "activity": "".join(sorted({w[0] for w in _VOCAB["markers"]["activities"]})),
    "upper_letter": "ABCDEFGHKLMNOPQRSTUYĐ", "arabic_deep": "0123456789", "arabic": "0123456789",
    "arabic_paren": "0123456789", "arabic_slash": "0123456789", "letter_slash": "abcdefghijklmnopqrstuvwxyzđ",
    "paren_arabic": "(", "paren_roman": "(", "letter_paren": "abcdefghijklmnopqrstuvwxyzđ",
    "paren_letter": "(", "letter_dot": "abcdefghijklmnopqrstuvwxyzđ", "dash": "-–—", "plus": "+", "star": "*",
    "bullet": "•●○▪■◦",
}


#: the kinds :func:`_may_open` tests (the others are tried at once)
_GATED: Final = frozenset({"word_ordinal", "upper_letter", "letter_dot", "arabic_deep", "roman", "activity", "thu_ordinal"})


#: the kinds :func:`_quick_marker` reads (the most common), with the first characters it reads them at
_QUICK: Final = {"dash": "-–—", "letter_paren": "abcdefghijklmnopqrstuvwxyzđ", "arabic": "0123456789"}


def _by_first_char() -> dict[str, list[tuple[str, regex.Pattern[str], bool, bool]]]:
    """The patterns of :data:`LEADING` that may match at a paragraph's first character, in order,
    each with whether :func:`_may_open` tests it first and whether :func:`_quick_marker` reads it."""
    out: dict[str, list[tuple[str, regex.Pattern[str], bool, bool]]] = {}
    for kind, pattern in LEADING:
        for ch in _FIRST_CHARS[kind]:
            out.setdefault(ch, []).append((kind, pattern, kind in _GATED, ch in _QUICK.get(kind, "")))
    return out


_LEADING_BY_CHAR: Final = _by_first_char()


_ORDINAL_STARTS: Final = tuple(_ORDINAL_WORDS.split("|"))
_ACTIVITY_STARTS: Final = tuple(_VOCAB["markers"]["activities"])
_ROMAN_SECOND: Final = frozenset("IVXLC.)")


def _may_open(kind: str, text: str) -> bool:
    """A cheap test that a paragraph may start with a marker of ``kind`` (its pattern may match):
    the kinds tried most often and found least, by the characters their patterns need."""
    if kind == "word_ordinal":  # 'Một là:' or '1. Một là:'
        return text.startswith(_ORDINAL_STARTS) or _ordinal_after_number(text)
    if kind == "upper_letter" or kind == "letter_dot":  # 'A. ', 'a. '
        return text[1:2] == "."
    if kind == "arabic_deep":  # '1.2 ', '12.3.4. ': a digit after the first full stop
        k = text.find(".", 1, 3)
        c = text[k + 1:k + 2] if k > 0 else ""
        return c.isdecimal() or not c.isascii()  # (the engine's digits outside ASCII: tried)
    if kind == "roman":  # 'II.', 'IV)', 'V .'
        c = text[1:2]
        return c in _ROMAN_SECOND or c.isspace()
    if kind == "activity":
        return text.startswith(_ACTIVITY_STARTS)
    if kind == "thu_ordinal":
        return text.startswith("Thứ")
    return True


def _ordinal_after_number(text: str) -> bool:
    """Whether '1. Một là:' may open ``text``: a full stop second or third, then (after white space)
    an ordinal word. After the stop's plain spaces, a character in ASCII that is no white space must
    start the word; after another one (white space the pattern may pass over) 'là' must be in the text."""
    k = text.find(".", 1, 3)
    if k < 0:
        return False
    j = k + 1
    n = len(text)
    while j < n and text[j] == " ":
        j += 1
    c = text[j:j + 1]
    if c and c.isascii() and not c.isspace():
        return text.startswith(_ORDINAL_STARTS, j)
    return "là" in text


class Marker:
    """The marker that opens a paragraph: its kind (of :data:`LEADING`) and what its pattern matches,
    the marker as written (group "m"), its number (group "n", None for a kind without one) and the end
    of the match (white space after the marker included). ``group``, ``groupdict`` and ``end`` read as
    a match's.

    (The common markers are read without the pattern, see :func:`_quick_marker`: a plain class with its
    own typed ``__init__``, cheap to make, read by attribute.)"""

    __slots__ = ("text", "kind", "marker", "number", "stop")

    def __init__(self, text: str, kind: str, marker: str, number: str | None, stop: int) -> None:
        self.text = text  # the paragraph
        self.kind = kind
        self.marker = marker
        self.number = number
        self.stop = stop

    def __repr__(self) -> str:
        return f"Marker(kind={self.kind!r}, marker={self.marker!r}, number={self.number!r}, end={self.stop})"

    def group(self, name: int | str = 0) -> str | None:
        if name == 0:
            return self.text[:self.stop]
        if name == _M or name == "m":
            return self.marker
        if name == _N or name == "n":
            return self.number
        raise IndexError(f"no such group: {name!r}")

    def groupdict(self) -> dict[str, str | None]:
        return {"m": self.marker} if self.number is None else {"m": self.marker, "n": self.number}

    def end(self) -> int:
        return self.stop


def _marker(text: str, kind: str, m: regex.Match[str]) -> Marker:
    return Marker(text, kind, m.group(_M), m.group(_N) if kind in _NUMBERED else None, m.end())


#: what :func:`_quick_marker` gives when only the pattern can tell
_UNSURE: Final = Marker("", "", "", None, 0)


def _space_then_text(text: str, pos: int) -> int:
    r"""Where ``\s*(?=\S)`` matched at ``pos`` ends, -1 when it surely does not match, -2 when only the
    pattern can tell: plain spaces are passed over, and a letter, a digit or a printable ASCII character
    other than a space (never white space for the engine) must follow; other characters are left to it."""
    n = len(text)
    j = pos
    while j < n and text[j] == " ":
        j += 1
    if j == n:
        return -1  # only spaces to the end: no non-space follows
    c = text[j]
    if ("!" <= c <= "~") or c.isalnum():
        return j
    return -2


def _quick_marker(kind: str, text: str) -> Marker | None:
    """The match of the pattern of ``kind`` (one of :data:`_QUICK`) at the start of ``text`` read without
    the pattern, None when it surely does not match, :data:`_UNSURE` when only the pattern can tell
    (characters beyond those read here: digits outside ASCII, white space other than plain spaces)."""
    if kind == "dash":  # '^([-–—])\s*(?=\S)' (the first character is one of them)
        end = _space_then_text(text, 1)
        return Marker(text, kind, text[0], None, end) if end >= 0 else None if end == -1 else _UNSURE
    if kind == "letter_paren":  # '^(([a-zđ])\))\s*(?=\S)' (the first character is a letter of them)
        if text[1:2] != ")":
            return None
        end = _space_then_text(text, 2)
        return Marker(text, kind, text[:2], text[0], end) if end >= 0 else None if end == -1 else _UNSURE
    # arabic: '^((\d{1,2})\.)(?!\d)\s*(?=\S)' (the first character is an ASCII digit)
    c = text[1:2]
    if not c.isascii():
        return _UNSURE  # maybe a digit outside ASCII
    k = 2 if c.isdecimal() else 1  # the digits (a third one, or a second one before no '.', fails)
    if text[k:k + 1] != ".":
        return None
    c = text[k + 1:k + 2]
    if c.isdecimal():
        return None if c.isascii() else _UNSURE  # (?!\d)
    if c and not c.isascii() and not c.isalpha():
        return _UNSURE  # maybe a digit, a space
    end = _space_then_text(text, k + 1)
    return Marker(text, kind, text[:k + 1], text[:k], end) if end >= 0 else None if end == -1 else _UNSURE


def leading_marker(text: str) -> Marker | None:
    """The marker that opens a paragraph, or None.

    Only the kinds that can start with the paragraph's first character are tried,
    each after a cheap test of what its pattern needs (:func:`_may_open`); the
    common ones are read without their pattern when that is sure (:func:`_quick_marker`).
    """
    for kind, pattern, gated, quick in _LEADING_BY_CHAR.get(text[:1], ()):
        if gated and not _may_open(kind, text):
            continue
        if quick:
            found = _quick_marker(kind, text)
            if found is not _UNSURE:
                if found is None:
                    continue
                return found
        m = pattern.match(text)
        if m:
            return _marker(text, kind, m)
    return None


def _value(n: str | None) -> int:
    """Number of an enumeration label: '3' → 3, 'iv' → 4; 0 when it has none."""
    if not n:
        return 0
    return int(n) if n.isdigit() else _ROMAN_VALUES.get(n.lower(), 0)


def _inline_markers(text: str, offset: int, lead: Marker | None,
                    open_runs: dict[str, int]) -> list[tuple[str, str, int, int]]:
    """Inline enumerations of one paragraph as (kind, marker, start, text_start), numbered runs only.

    ``open_runs`` gives, per inline kind, the number of the enumeration item
    still open from earlier paragraphs, which this paragraph may continue.
    """
    skip = lead.stop if lead else 0
    if _INLINE_LABEL.search(text, skip) is None:
        return []  # no '(1)', '(ii)' … after the marker (most paragraphs with a '(' hold none)
    found: list[tuple[str, str, int, int]] = []
    expect = {"paren_arabic": 1, "paren_roman": 1}
    for kind, value in open_runs.items():
        expect[kind] = value + 1
    if lead and lead.kind in expect and lead.number:
        expect[lead.kind] = _value(lead.number) + 1
    continued = {k for k in expect if expect[k] > 1}
    for m in _INLINE.pattern.finditer(text, pos=skip, timeout=1.0):  # (the compiled pattern: no wrapper's call)
        n = m.group(1)
        kind = "paren_arabic" if n.isdigit() else "paren_roman"
        value = _value(n)
        if value != expect[kind] and not (value == 1 and kind not in continued):
            continue
        expect[kind] = value + 1
        found.append((kind, f"({n})", offset + m.start(), offset + m.end()))
    # a lone '(1)' with no '(2)' after it is a parenthesis, not an enumeration
    counts = {k: sum(1 for f in found if f[0] == k) for k in ("paren_arabic", "paren_roman")}
    def announced(f: tuple[str, str, int, int]) -> bool:  # '…: (1) …' opens a list even when '(2)' is further on
        return text[: f[2] - offset].rstrip().endswith(":")

    return [f for f in found if counts[f[0]] >= 2 or f[0] in continued or announced(f)]


def _ordering_trigger(text: str, strict: bool = False) -> bool:
    """Is this paragraph a lead-in that announces the concluding or ordering part?

    ``strict``: only a lead-in that concludes ('kết luận như sau:') counts.
    """
    last = _lead_in_sentence(text)
    if last is None:
        return False
    if strict:
        return _search_words(_CONCLUDES, last, _CONCLUDING_WORDS)
    return _search_words(_ORDERING, last, _ORDERING_WORDS)


# white space before a capital, tried right after a stop (see _last_sentence)
_RUN_BEFORE_CAPITAL: Final = patterns.bounded(r"\s+(?=\p{Lu})")
_STOPS_TRIED: Final = 8  # stops tried one by one from the end before the search from the end


def _last_sentence(text: str) -> str:
    """``_SENTENCES.split(text)[-1]``: the text after the last sentence stop.

    Each match of ``_SENTENCES`` is the whole run of white space after one
    '.' or ';' (a capital follows it), so the last is the one after the last
    stop that has one: the last few stops are tried one by one (a search
    from the end is slow to start), then the search from the end takes over.
    """
    end = len(text)
    for _ in range(_STOPS_TRIED):
        k = max(text.rfind(".", 0, end), text.rfind(";", 0, end))
        if k < 0:
            return text
        m = _RUN_BEFORE_CAPITAL.match(text, k + 1)
        if m is not None:
            return text[m.end():]
        end = k
    found = _LAST_SENTENCE.search(text)
    return text[found.end():] if found else text


def _lead_in_sentence(text: str) -> str | None:
    """The last sentence of a paragraph that ends with ':' (a request that led to the document
    left out), as :func:`_ordering_trigger` reads it; None for another paragraph."""
    t = text.rstrip(" *")
    if not t.endswith(":"):
        return None
    t = _last_sentence(t)
    if "İ" in t or "ſ" in t:
        return _AT_REQUEST.sub(" ", t)
    low = _str_lower(t)  # (the case-blind words tested in the lower-case text, as in _search_words)
    if not (_AT_REQUEST_WORDS[0] in low and ("theo" in low or "xét" in low)):
        return t
    return _sub_words(_AT_REQUEST, t, low, ("theo", "xét"), " ")


def _sub_words(pattern: patterns.TimedPattern, text: str, low: str, words: tuple[str, ...], repl: str) -> str:
    """``pattern.sub(repl, text)`` (``repl`` plain text) for a case-blind pattern each of whose matches starts
    with one of ``words`` (lower case), ``low`` being ``text`` lower-cased, with no 'İ' or 'ſ' in it (see
    :func:`_search_words`): the pattern tried only where one of the words starts, left to right, each place
    after the last match (a case-blind search tries every position, several times slower)."""
    starts: list[int] = []
    for w in words:
        i = low.find(w)
        while i >= 0:
            starts.append(i)
            i = low.find(w, i + 1)
    starts.sort()
    compiled, timeout = pattern.pattern, pattern.timeout
    pieces: list[str] = []
    last = 0
    for i in starts:
        if i >= last:
            m = compiled.match(text, i, timeout=timeout)
            if m is not None:
                pieces.append(text[last:i])
                pieces.append(repl)
                last = m.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


_MAX_HEADING_WORDS: Final = _VOCAB["headings"]["max_words"]


def _heading_like(text: str) -> bool:
    """Short (at most ``max_words`` words) and without a sentence's full stop."""
    if "." in text and "." in text.rstrip(" :.").replace("TP.", ""):
        return False
    words = text.split(None, _MAX_HEADING_WORDS)  # one more word is enough to tell
    return 0 < len(words) <= _MAX_HEADING_WORDS


def _section_text(node: Node, text: str, paras: list[Paragraph], k: int) -> str:
    """Text a heading says: its own line, or the next line for a bare 'PHẦN I'."""
    own = text[node.text_start: paras[k].end].strip()
    if not own and k + 1 < len(paras):
        return paras[k + 1].text
    return own


_TOP_KINDS: Final = frozenset({"part", "roman", "arabic", "word_ordinal", "thu_ordinal", "article", "upper_letter"})


def _concluding_part(paras: list[Paragraph], marks: list[Marker | None]) -> tuple[int, str]:
    """(index of the first paragraph of the concluding or ordering part, what announced it).

    What announced it: 'concluding' for a lead-in that concludes or orders
    ('… kết luận như sau:'), 'ordering' for another lead-in ('… với các nội
    dung sau:'), '' for none. The lead-in is looked for before the first
    top-level item; failing that, after a short numbered preamble
    (participants, results): a lead-in that concludes, with fewer items
    before it than after it.
    """
    top = [k for k, mk in enumerate(marks) if mk and mk.kind in _TOP_KINDS]
    first_top = top[0] if top else len(paras)
    # (a lead-in ends with ':': the paragraphs without one are passed over before any other test)
    for k in range(first_top - 1, -1, -1):  # the last lead-in before the first top-level item
        if marks[k] is None and ":" in paras[k].text and (last := _lead_in_sentence(paras[k].text)) is not None \
                and _search_words(_ORDERING, last, _ORDERING_WORDS):
            return k + 1, "concluding" if _search_words(_CONCLUDES, last, _CONCLUDING_WORDS) else "ordering"
    for k in range(first_top, len(paras)):
        if marks[k] is None and ":" in paras[k].text and _ordering_trigger(paras[k].text, strict=True):
            before = sum(1 for t in top if t < k)
            if before <= sum(1 for t in top if t > k):
                return k + 1, "concluding"
            break
    return 0, ""


def _closing(text: str) -> bool:
    """A closing paragraph of the body ('Trên đây là Kế hoạch …', 'Văn phòng … thông báo để … biết, thực hiện./.')."""
    if len(text) > _MAX_CLOSING:
        return False  # a body run together with its closing sentence is the body
    return bool(_CLOSING_START.match(text)) or (text.rstrip().endswith("./.")
                                                and _search_words(_CLOSING, text, _CLOSING_WORDS))


_MAX_CLOSING: Final = 500  # characters: a closing paragraph says who is told and whom to ask, briefly


def _enclosure(text: str) -> bool:
    """A paragraph that announces a list of what is sent with the document ('… gửi kèm bộ tài liệu gồm:')."""
    t = text.rstrip(" *")
    if not t.endswith(":"):
        return False
    t = _last_sentence(t)
    return _search_words(_ENCLOSURE, t, _ENCLOSURE_WORDS)


def _assigns(text: str) -> bool:
    """Does an item give a unit work: a unit told to act at its start ('Các sở, ngành chủ động bố trí …')?"""
    from .units import find_units  # the rules alone: a cheap reading of a few funding items

    head = text[:_SUBJECT_REACH + 200]
    return any(u.role == "lead" and u.span[0] <= _SUBJECT_REACH for u in find_units(head))


_SUBJECT_REACH: Final = 100  # a subject starts within this many characters of an item (a list of units is long)


def segment(text: str, body: Span, paras: list[Paragraph] | None = None) -> list[Node]:
    """Directive tree of the body ``text[body[0]:body[1]]``, flattened in document order.

    ``paras`` are the paragraphs of the whole ``text`` when the caller has them
    (:attr:`vnnotice.layout.Layout.paragraphs`); else the body is split anew.
    """
    paras = clip(paras, *body) if paras is not None else paragraphs(text[body[0]:body[1]], body[0])
    marks = [leading_marker(p.text) for p in paras]
    # the concluding or ordering part
    first, announced = _concluding_part(paras, marks)
    # closing paragraphs after the last item
    last = len(paras)
    while last > first and not marks[last - 1] and _closing(paras[last - 1].text):
        last -= 1
    nodes: list[Node] = []
    stack: list[Node] = []
    stops: list[int] = []  # where every item open there ends (a list of enclosures starts)
    root_end = paras[last - 1].end if last > 0 else body[0]
    enclosed = False  # in the bullets of a list of enclosures
    for k in range(first, last):
        p, mk = paras[k], marks[k]
        if enclosed and mk and mk.kind in _BULLET_KINDS:
            continue
        enclosed = False
        if not mk and _enclosure(p.text) and k + 1 < last and (nxt := marks[k + 1]) and nxt.kind in _BULLET_KINDS \
                and not (k and (prev := marks[k - 1]) and not paras[k - 1].text[prev.stop:].strip()):
            # (not the text of a marker alone on the line before it: 'Điều 1.' / 'Công bố kèm theo …:')
            enclosed = True
            stops.append(p.start)
            stack.clear()
            continue
        if mk:
            kind, m = mk.kind, mk
            # an inline enumeration ends with its paragraph: a new paragraph's marker of another
            # kind does not go under its last item ('…: (1) …; (2) … .' / 'a) …')
            while stack and stack[-1].inline and stack[-1].kind != kind:
                stack.pop()
            _push(Node(kind, m.marker.strip(), p.start, p.start + m.stop, number=_value(m.number)), stack, nodes)
            node = nodes[-1]
            if announced != "concluding" and (node.heading or node.parent is None or node.parent.heading):
                heading = _section_text(node, text, paras, k)
                if node.heading or _heading_like(heading):
                    node.scope = "descriptive" if _DESCRIPTIVE.match(heading) else "funding" if _FUNDING.match(heading) else ""
        if p.text.find("(", mk.stop if mk else 0) < 0:
            continue  # no '(' after the marker: no inline enumeration (see _inline_markers)
        open_runs = {n.kind: n.number for n in stack if n.kind in ("paren_arabic", "paren_roman")}
        for kind, marker, start, text_start in _inline_markers(p.text, p.start, mk, open_runs):
            _push(Node(kind, marker, start, text_start, number=_value(marker.strip("()")), inline=True), stack, nodes)
    # spans: an item runs to the next item that is not inside it
    ends = _next_outside(nodes, root_end)
    for i, node in enumerate(nodes):
        end = ends[i]
        if stops:
            k = bisect_right(stops, node.start)
            if k < len(stops) and stops[k] < end:
                end = stops[k]
        if node.inline and (i + 1 == len(nodes) or not (nodes[i + 1].inline and nodes[i + 1].parent is node.parent)):
            # the last of its run: '(1) …; (2) … .' ends with its sentence: what follows is the parent's
            stop = _sentence_end(text, node.text_start, end)
            end = min(end, stop)
        node.end = _trim(text, end)
    _scope(nodes, text)
    _task_cards(nodes, text)
    kept = [n for n in nodes if not n.excluded]
    for n in nodes:
        if n.excluded:  # dropped with its subtree: no link is left that would hold it in a cycle
            n.parent, n.children = None, []
        else:
            n.children = [c for c in n.children if not c.excluded]
    _number(kept)
    return kept


def _next_outside(nodes: list[Node], root_end: int) -> list[int]:
    """For each node, the start of the first later node not inside it (``root_end`` when there is none).

    The nodes come in document order, each after its parent, and an item's
    descendants follow it without a break (the open items form one chain
    from the root): one pass with that chain, not a walk of every later node.
    """
    ends = [root_end] * len(nodes)
    chain: list[int] = []  # indices of the open nodes, each the parent of the next
    for j, node in enumerate(nodes):
        parent = node.parent
        while chain and nodes[chain[-1]] is not parent:
            ends[chain.pop()] = node.start
        chain.append(j)
    return ends


def _scope(nodes: list[Node], text: str) -> None:
    """Keep out the sections that describe, with their items (nodes come parents first)."""
    for node in nodes:
        if node.parent is not None and node.parent.excluded:
            node.excluded = True
        elif node.scope == "descriptive":
            node.excluded = True
        elif node.scope == "funding":
            items = node.children or [node]
            node.excluded = not any(_assigns(text[c.text_start:c.end]) for c in items)


def _task_cards(nodes: list[Node], text: str) -> None:
    """Turn the label bullets of task cards into fields of their activity.

    The items under one item are a card when one of them is a unit label
    ('- Cơ quan thực hiện: …', 'b) Đơn vị phối hợp: …'). Its label items,
    with the bullets under them, leave the tree and become the item's
    fields; a content item ('- Nội dung: …', 'a) Nhiệm vụ: …') stays a directive.
    """
    for node in nodes:
        if node.excluded or not node.children:
            continue
        labels = [_CARD_LABEL.match(text[child.text_start:child.end])
                  if not (child.heading or child.inline or child.excluded)
                  and text.startswith(_CARD_OPENERS, child.text_start) else None for child in node.children]
        if not any(m and m.group("unit") for m in labels):
            continue
        for child, m in zip(node.children, labels):
            if m is None or m.group("content") or not _only_bullets(child):
                continue  # a label over numbered items is a misread tree, not a field
            role = ("cooperate" if m.group("role") in _COOPERATE_ROLES else "lead") if m.group("unit") \
                else "time" if m.group("time") else "other"
            child.card_role = role
            node.fields += ((role, child.start, child.text_start + m.end(), child.end),)
            _exclude(child)


def _only_bullets(node: Node) -> bool:
    """Nothing but bullets under ``node`` ('+ Sở A …;' '+ Sở B …')."""
    return all(c.kind in _BULLET_KINDS and _only_bullets(c) for c in node.children)


def _exclude(node: Node) -> None:
    node.excluded = True
    for child in node.children:
        _exclude(child)


def _push(node: Node, stack: list[Node], nodes: list[Node]) -> None:
    """Place ``node`` in the tree by the kinds open on ``stack``."""
    if node.kind in _SECTION_KINDS:
        while stack and not (node.kind == "roman" and stack[-1].kind == "part"):
            stack.pop()
    else:
        kind = node.kind
        for s in stack:
            if s.kind == kind:
                while stack[-1].kind != kind:
                    stack.pop()
                stack.pop()
                break
    node.parent = stack[-1] if stack else None
    if node.parent:
        node.parent.children.append(node)
    node.heading = node.kind in _SECTION_KINDS or node.kind == "upper_letter"
    stack.append(node)
    nodes.append(node)


def _sentence_end(text: str, start: int, limit: int) -> int:
    """End of the sentence (or paragraph) that starts at ``start``, at most ``limit``."""
    stop = text.find("\n", start, limit)
    stop = limit if stop < 0 else stop
    m = _SENTENCE_END.pattern.search(text, start, stop, timeout=_SENTENCE_END.timeout)  # (without the wrapper's call)
    return m.end() if m else stop


def _trim(text: str, end: int) -> int:
    while end > 0 and ord(text[end - 1]) in (32, 10):  # " ", "\n"
        end -= 1
    return end


def renumber(nodes: list[Node]) -> list[Node]:
    """Tree ids given anew to ``nodes`` (parents first) joined from several parts of a document."""
    _number(nodes)
    return nodes


def _number(nodes: list[Node]) -> None:
    """Give tree ids: d1, d1.2, d1.2.3 …"""
    counters: dict[int, int] = {}
    for n in nodes:
        key = id(n.parent) if n.parent else 0
        counters[key] = counters.get(key, 0) + 1
        n.id = f"{n.parent.id}.{counters[key]}" if n.parent else f"d{counters[key]}"
