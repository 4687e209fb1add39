"""Kind stage: is the text an administrative document at all?

A batch over a mixed folder meets web pages, news articles, encyclopedia
entries and Q&A pages beside the documents. Their numbered lists and the
units they name are not tasks, so the pipeline reads directives, units and
deadlines only from administrative documents.

The decision is a score over signals (``vnnotice/data/kind.toml``): the parts
of the administrative form (national motto, number and symbol, place and
date, type line, subject line, addressees, grounds, recipients, signature,
the closing './.'), numbered items that give units tasks, and the marks of
web text (a title that asks a question, a Q&A page's lines, an encyclopedia's
edit links, a news lead, a reader addressed as 'bạn'). Each signal adds its
weight once per match up to its cap; the text is an administrative document
when the sum reaches the threshold. The signals found, with their spans, are
the reason on the record (:class:`vnnotice.records.Kind`).

It is cheap: a handful of patterns over the head (the first lines from where
the layout stage puts the document's start) and over the text once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final, Optional

import regex

from . import patterns
from .data import load_toml
from .layout import Layout
from .records import Kind, KindSignal
from .trusted import record

Span = tuple[int, int]
_DATA: Final = load_toml("kind.toml")
THRESHOLD: Final[float] = float(_DATA["threshold"])
_HEAD_LINES: Final[int] = int(_DATA["head_lines"])
_HEAD_CHARS: Final[int] = int(_DATA["head_chars"])
_REGIONS: Final = ("top", "head", "body", "all", "layout")


class Finder:
    """How one needle is looked for, from its rarest character (see :func:`_rare_at`), offset ``at`` in it.

    A needle of one character, or one whose character is not common in Vietnamese text (not in
    ``common_chars`` of ``kind.toml``), is found
    with ``str.find``, the fastest search of one character, and the needle checked around each place found
    (few of them). Around a common character, a pattern of the ``re`` module checks the needle: it starts
    with the character, reads the characters before it by a look-behind and those after it (``re`` looks
    for the literal character a pattern starts with in a tight loop, and tries the rest there without a
    return to Python; both are several times faster than ``str.find`` looking for a string of a few
    characters in text with non-ASCII letters). A place found is that of the character, which is on the
    needle's line (a needle holds no line end).

    With ``line_end`` (a needle of one character that every match ends its line with, white space aside: see
    :func:`_finders`), only the places of the character that end a line so are found, by a pattern that looks
    past the white space after it for the line's end: the lines that hold the character elsewhere only are
    passed over (they hold no match).

    With ``firsts`` (the first characters of needles alike but for them: 'Bạn', 'bạn'), the needles are
    looked for together, from the rarest character after the first, by one pattern that reads the first as
    one of ``firsts`` (one search, not one for each).
    """

    def __init__(self, needle: str, line_end: bool = False, firsts: str = "") -> None:
        self.needle = needle
        self.at = _rare_at(needle) if len(firsts) < 2 else 1 + _rare_at(needle[1:])
        self.char = needle[self.at]
        self.pattern: Optional[re.Pattern[str]] = None  # None: the character found with str.find
        if len(firsts) > 1:  # needles alike but for their first character ('Bạn', 'bạn'): all found in one search
            behind = "[" + "".join(re.escape(c) for c in firsts) + "]" + re.escape(needle[1:self.at + 1])
            self.pattern = re.compile(re.escape(self.char) + f"(?<={behind})" + re.escape(needle[self.at + 1:]))
        elif line_end and len(needle) == 1:
            # (re's \s is str.isspace, as _ends_with reads a line's end)
            self.pattern = re.compile(re.escape(needle) + r"(?=[^\S\n]*(?:\n|\Z))")
        elif len(needle) > 1 and self.char in _COMMON:
            behind = f"(?<={re.escape(needle[:self.at + 1])})" if self.at else ""
            self.pattern = re.compile(re.escape(self.char) + behind + re.escape(needle[self.at + 1:]))


class Anchored:
    """How the needles of a signal with an ``anchor`` are looked for: the anchor after one of the characters
    the needles have before it (``before``), found by one pattern of the ``re`` module; the needles are told
    at each place so found."""

    def __init__(self, needles: tuple[str, ...], anchor: str, before: str) -> None:
        self.needles = needles
        self.anchor = anchor
        a = re.escape(anchor)
        self.pattern = re.compile(a + "(?<=[" + "".join(re.escape(c) for c in before) + "]" + a + ")")


_COMMON: Final[str] = str(_DATA["common_chars"])


def _rare_at(needle: str) -> int:
    """The offset of the rarest character of ``needle``: the first that is not in ``common_chars``, else the
    one that comes last there. (Only the speed of the search depends on it.)"""
    best = 0
    rank = _COMMON.find(needle[0])
    for i in range(1, len(needle)):
        if rank < 0:
            break
        r = _COMMON.find(needle[i])
        if r < 0 or r > rank:
            best, rank = i, r
    return best


def _finders(needles: tuple[str, ...], last: str = "") -> tuple[Finder, ...]:
    """How each needle is looked for; ``last`` is the character every match ends its line with ('' when none):
    when it is the one needle, only the lines it ends are found (see :class:`Finder`). Needles alike but for
    their first character are looked for by one finder."""
    if last and needles == (last,):
        return (Finder(last, line_end=True),)
    firsts: dict[str, str] = {}  # what follows a needle's first character → the first characters it follows
    for x in needles:
        if len(x) > 1:
            firsts[x[1:]] = firsts.get(x[1:], "") + x[0]
    out = []
    for x in needles:
        if len(x) < 2 or len(firsts[x[1:]]) < 2:
            out.append(Finder(x))
        elif firsts[x[1:]][0] == x[0]:  # (once for the needles alike)
            out.append(Finder(x, firsts=firsts[x[1:]]))
    return tuple(out)


@dataclass(frozen=True)
class Signal:
    """One signal of ``kind.toml``: where it is looked for, what it weighs, how often it counts."""

    name: str
    about: str
    region: str
    weight: float
    cap: int
    pattern: Any  # a patterns.TimedPattern, None for signals read off the layout
    needles: tuple[str, ...] = ()  # only the lines that hold one of them are searched
    items: bool = False  # only the lines that start like an item (1. a) - +) are searched
    last: str = ""  # the character every match ends its line with, white space aside ('' when none)
    line_start: bool = False  # every match starts a line (each alternative opens with '^'): only line starts are tried
    holds: tuple[str, ...] = ()  # a needle's line is searched only when it holds one of these too (when there are any)
    # the top-level alternatives of a needle signal's pattern, compiled one by one, when they are searched
    # faster one by one in a line (see _count_first): the leftmost of their first matches is the pattern's
    alternatives: tuple[Any, ...] = ()
    anchor: str = ""  # the character every needle ends with, when the search goes from one to the next (see _next_line)
    before: str = ""  # with an anchor, the characters the needles have before it
    # an item signal declared `bounded` in kind.toml: its pattern compiled without the time limit (see _signal)
    plain: Optional[regex.Pattern[str]] = None
    # how each of those opens (see _opening): 0 as any pattern, 1 with '^', 2 with '(?:^|X)'; and for the
    # last, the alternative opening with X alone (None for the others), searched past a line's first place
    openings: tuple[int, ...] = ()
    rests: tuple[Any, ...] = ()
    # when every alternative opens with '(?:^|\s)': what follows those openings, as one pattern after a
    # look-behind for the white space (see _count_spaced)
    spaced: Any = None
    finders: tuple[Finder, ...] = ()  # how each needle is looked for (see _next_line)
    anchored: Optional[Anchored] = None  # how the needles are looked for when there is an anchor
    # first two characters of a line → can a match start with them (filled as lines are met; for line_start signals)
    firsts: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    # how many characters before one of ``holds`` every match that is not at a line's first place starts (0: not
    # known): the places so found are the only ones tried past a line's first (see _at_holds)
    holds_at: int = 0
    # the white space's place and the next (a place's character before and first) → can ``spaced`` match there
    # (filled as places are met)
    starts: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    # an item signal's pre-test: a pattern of the ``re`` module that every line the signal's pattern matches at its
    # start also matches there (see _count_items); None when there is none
    gate: Optional[re.Pattern[str]] = None
    # for each of ``alternatives`` that opens with '(?:^|X)': the character every match of X starts with, when
    # there is one ('' otherwise); a line that does not hold it past its first place is not searched for ``rests``
    rest_chars: tuple[str, ...] = ()
    # for each of ``alternatives`` that opens with '^' or '(?:^|X)': first two characters of a line → can the
    # alternative match at the line's first place (filled as lines are met, see _can_open)
    opens: tuple[dict[str, bool], ...] = ()
    # for each of ``alternatives``: a needle every match of it holds (read off its source, see _literals), '' when
    # none is known; a line that does not hold it is not searched for that alternative
    alt_needles: tuple[str, ...] = ()

    @property
    def timed(self) -> tuple[Any, float]:
        """The compiled pattern inside ``pattern`` and its time limit: the stage calls it with the limit
        itself (the same calls, without the wrapper's cost on each of them)."""
        return self.pattern.pattern, self.pattern.timeout


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def _trie(words: list[str]) -> str:
    """The words as one alternation factored by their common beginnings (a trie), for a case-sensitive pattern.

    It matches what :func:`_alternation` matches, tried in the same order: at
    a branch the next characters differ, so one branch at most goes on, and a
    word is tried after the longer words it begins (as longest first). The
    engine passes over a place that starts none of the words at its first
    character, instead of trying each word there.
    """
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _trie_node(root)


def _trie_node(node: dict[str, Any]) -> str:
    branches = [regex.escape(ch) + _trie_node(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    if "" in node:  # a word ends here: tried after the longer ones
        return "(?:" + "|".join(branches) + ")?" if len(branches) == 1 else "(?:" + "|".join(branches) + "|)"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _expand(pattern: str, ignore_case: bool = False) -> str:
    """The pattern with its named word lists (<unit_heads> …) put in (as a trie, see :func:`_trie`, unless
    the pattern ignores case)."""
    words = _alternation if ignore_case else _trie
    lists = {
        "<unit_heads>": words(_DATA["unit_heads"]),
        "<task_verbs>": words(_DATA["task_verbs"]),
        "<role_verbs>": words(_DATA["role_verbs"]),
        "<markers>": "|".join(_DATA["markers"]),
    }
    for name, alternatives in lists.items():
        pattern = pattern.replace(name, alternatives)
    return pattern


def _marks(pattern: str) -> list[tuple[int, str, int]]:
    """The '(', ')' and '|' of a pattern outside escapes and character classes: (offset, mark, group depth before it)."""
    out: list[tuple[int, str, int]] = []
    depth, in_class, i = 0, False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":  # a ']' first in a class is a member
                i += 1
        elif ch in "()|":
            out.append((i, ch, depth))
            depth += 1 if ch == "(" else (-1 if ch == ")" else 0)
        i += 1
    return out


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (split at '|' outside groups, classes and escapes)."""
    cuts = [i for i, ch, depth in _marks(pattern) if ch == "|" and depth == 0]
    return [pattern[a:b] for a, b in zip([0] + [i + 1 for i in cuts], cuts + [len(pattern)])]


_LAST: Final = patterns.bounded(r"(?:\\([.?:;)/])|([^\\.?*+{}()\[\]|^$]))\\s\*\$$")  # over one pattern's source


def _last_char(pattern: str) -> str:
    """The literal character before a final ``\\s*$`` of every top-level alternative of ``pattern``, if all share one.

    With the multi-line flag a match of such a pattern within one line ends
    with that character and white space only: a line that does not can be
    passed over without running the pattern.
    """
    found = set()
    for alt in _alternatives(pattern):
        m = _LAST.search(alt)
        if m is None or (m.group(2) and alt[m.start() - 1:m.start()] == "\\"):
            return ""
        found.add(m.group(1) or m.group(2))
    return found.pop() if len(found) == 1 else ""


def _needles(needles: list[str]) -> tuple[str, ...]:
    """The needles worth looking for: one that holds another needle is found with it (its lines hold that one)."""
    return tuple(x for x in needles if not any(y != x and y in x for y in needles))


def _anchor(entry: dict[str, Any]) -> str:
    """The signal's ``anchor``, checked: one character that ends every needle (each needle longer than it)."""
    anchor = str(entry.get("anchor", ""))
    needles = entry.get("needles", ["?"])
    if anchor and (len(anchor) != 1 or not all(len(x) > 1 and x.endswith(anchor) for x in needles)):
        raise ValueError(f"kind.toml: signal {entry['name']!r}: the anchor {anchor!r} must be one character that "
                         "ends every needle, each needle longer than it")
    return anchor


def _group_end(pattern: str) -> int:
    """The offset of the ')' that closes the group opening ``pattern`` (-1 when there is none)."""
    if not pattern.startswith("("):
        return -1
    return next((i for i, ch, depth in _marks(pattern) if ch == ")" and depth == 1), -1)


def _opening(alt: str) -> tuple[int, str, str]:
    """How a top-level alternative opens: ``(1, '', '')`` with '^' (within a line it can match only at the
    line's first place); ``(2, X, rest)`` with '(?:^|X)', X one alternative, ``rest`` what follows (X and
    ``rest`` are the alternative wherever '^' cannot match); ``(0, '', '')`` otherwise."""
    if alt.startswith("^"):
        return 1, "", ""
    if alt.startswith("(?:^|"):
        close = _group_end(alt)
        if close > 0 and len(_alternatives(alt[5:close])) == 1:
            return 2, alt[5:close], alt[close + 1:]
    return 0, "", ""


_LITERAL_FIRST: Final = re.compile(r"(?:\\([^\w\s])|([^\\.^$*+?{}()\[\]|]))(?![*?]|\{0|\{,)")  # over a pattern's source


def _first_char(x: str) -> str:
    """The character every match of the pattern ``x`` (one alternative) starts with, when it opens with one
    literal character not made optional: an escaped punctuation mark ('\\|') or a plain character; else ''."""
    m = _LITERAL_FIRST.match(x)
    if m is None:
        return ""
    return m.group(1) or m.group(2)


def _literals(pattern: str) -> str:
    """The characters of ``pattern`` (one alternative) that every match holds in that order, and together where
    they are together here: a literal character (plain, or a punctuation mark escaped) outside groups and
    character classes, not made optional by a quantifier; every other part of the pattern is read as a '\0'
    (a needle found in the result is in every match)."""
    out: list[str] = []
    depth, i, n = 0, 0, len(pattern)
    while i < n:
        ch = pattern[i]
        lit = ""
        if ch == "\\":
            nxt = pattern[i + 1:i + 2]
            if nxt and not nxt.isalnum() and not nxt.isspace() and depth == 0:
                lit = nxt
            elif nxt in ("p", "P"):  # a property: \p{Lu} or \pL
                close = pattern.find("}", i) if pattern[i + 2:i + 3] == "{" else i + 2
                if close < 0:
                    out.append("\0")
                    break
                i = close - 1
            elif nxt.isdigit() or nxt in ("x", "u", "U", "N", "g"):  # (a code, a name or a group's match: not read)
                out.append("\0")
                break
            i += 2
        elif ch == "[":  # a class: to its closing ']'
            i += 1
            if pattern[i:i + 1] == "^":
                i += 1
            if pattern[i:i + 1] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
        elif ch in "*?+{":  # a quantifier of what comes before it: one that lets it be left out drops it, another
            # parts it from what follows (it may be said again in between)
            if (ch in "*?" or pattern[i + 1:i + 2] in ("0", ",")) and out:
                out[-1] = "\0"
            i = (pattern.find("}", i) + 1 or n) if ch == "{" else i + 1
            if pattern[i:i + 1] in ("?", "+"):  # (lazy or possessive)
                i += 1
            lit = "\0"
        else:
            depth += 1 if ch == "(" else -1 if ch == ")" else 0
            if depth == 0 and ch not in "().^$|":
                lit = ch
            i += 1
        out.append(lit or "\0")
    return "".join(out)


def _signal(entry: dict[str, Any]) -> Signal:
    region = entry["region"]
    if region not in _REGIONS:
        raise ValueError(f"kind.toml: signal {entry['name']!r} has unknown region {region!r}")
    pattern = None
    plain = None
    last = ""
    line_start = False
    alternatives: tuple[Any, ...] = ()
    openings: tuple[int, ...] = ()
    rests: tuple[Any, ...] = ()
    spaced = None
    rest_chars: tuple[str, ...] = ()
    anchor = _anchor(entry)
    if "pattern" in entry:
        flags = regex.M | (regex.I if entry.get("ignore_case") else 0)
        source = _expand(entry["pattern"], bool(entry.get("ignore_case")))
        pattern = patterns.compile(source, flags)
        last = "" if entry.get("ignore_case") else _last_char(source)
        alts = _alternatives(source)
        line_start = all(alt.startswith("^") for alt in alts)
        opened = [_opening(alt) for alt in alts]
        # (an inline flag or a reference to a group holds across alternatives: such a pattern is not split)
        whole = source.startswith("(?") and source[2:3].isalpha() or "(?P=" in source
        if entry.get("needles") and not whole and ((last and len(alts) > 1) or any(k for k, _, _ in opened)):
            alternatives = tuple(patterns.compile(alt, flags) for alt in alts)
            openings = tuple(k for k, _, _ in opened)
            rests = tuple(patterns.compile(x + rest, flags) if k == 2 else None for k, x, rest in opened)
            if not entry.get("ignore_case"):
                rest_chars = tuple(_first_char(x) if k == 2 else "" for k, x, _ in opened)
            if all(k == 2 and x == "\\s" for k, x, _ in opened):
                spaced = patterns.compile("(?<=\\s)(?:" + "|".join(rest for _, _, rest in opened) + ")", flags)
        if entry.get("bounded"):
            # tried once at the start of one paragraph (a line), anchored there: what patterns.bounded is for
            if not (entry.get("items") and line_start):
                raise ValueError(f"kind.toml: signal {entry['name']!r}: only an item signal whose every alternative "
                                 "opens with '^' can be bounded")
            plain = patterns.bounded(source, flags)
    elif entry.get("bounded"):
        raise ValueError(f"kind.toml: signal {entry['name']!r}: bounded, but it has no pattern")
    needles = _needles(list(entry.get("needles", ())))
    before = "".join(sorted({x[-2] for x in entry.get("needles", ())})) if anchor else ""
    holds_at = int(entry.get("holds_at", 0))
    if holds_at and (not entry.get("holds") or holds_at < 1 or 2 not in openings):
        raise ValueError(f"kind.toml: signal {entry['name']!r}: holds_at needs words the signal holds and a pattern "
                         "with an alternative that opens with '(?:^|X)', and is at least 1")
    gate = None
    if "gate" in entry:
        if not (entry.get("items") and line_start):
            raise ValueError(f"kind.toml: signal {entry['name']!r}: only an item signal whose every alternative "
                             "opens with '^' can have a gate")
        gate = re.compile(_expand(entry["gate"]), re.M)
    return Signal(entry["name"], entry.get("about", ""), region, float(entry["weight"]), int(entry.get("cap", 1)),
                  pattern, needles, bool(entry.get("items", False)), last, line_start,
                  tuple(entry.get("holds", ())), alternatives, anchor, before, plain=plain, openings=openings, rests=rests, spaced=spaced,
                  finders=_finders(needles, last),
                  anchored=Anchored(tuple(entry.get("needles", ())), anchor, before) if anchor else None,
                  holds_at=holds_at, gate=gate, rest_chars=rest_chars or ("",) * len(alternatives),
                  opens=tuple({} for _ in alternatives),
                  # (with one needle, every line searched holds it)
                  alt_needles=tuple("" if entry.get("ignore_case") or len(needles) < 2 else
                                    next((x for x in needles if x in _literals(alt.pattern.pattern)), "")
                                    for alt in alternatives))


def _ends_with(text: str, a: int, b: int, last: str) -> bool:
    """Whether ``text[a:b]`` ends with ``last`` and white space only."""
    j = b - 1
    while j >= a and text[j].isspace():
        j -= 1
    return j >= a and text[j] == last


SIGNALS: Final[tuple[Signal, ...]] = tuple(_signal(e) for e in _DATA["signals"])


def _holds(text: str, a: int, b: int, words: tuple[str, ...]) -> bool:
    """Whether ``text[a:b]`` holds one of ``words``."""
    for w in words:
        if text.find(w, a, b) >= 0:
            return True
    return False


def _head_end(text: str, start: int) -> int:
    """End of the head: ``_HEAD_LINES`` lines from ``start``, at most ``_HEAD_CHARS`` characters."""
    limit = min(len(text), start + _HEAD_CHARS)
    pos = start
    for _ in range(_HEAD_LINES):
        nl = text.find("\n", pos, limit)
        if nl < 0:
            return limit
        pos = nl + 1
    return pos


def _top_end(text: str) -> int:
    pos = 0
    for _ in range(5):
        nl = text.find("\n", pos, 3000)
        if nl < 0:
            return min(len(text), 3000)
        pos = nl + 1
    return pos


def regions(text: str, lay: Layout) -> dict[str, list[Span]]:
    """The spans of every region the signals are looked for in (see ``kind.toml``).

    The head is looked for both at the start of the text and where the layout
    stage puts the document's start (after a portal's banner), so that a
    misplaced start costs no signal.
    """
    start = min(lay.start, len(text))
    body_end = lay.body[1] if lay.body[1] > start else len(text)
    first = (0, _head_end(text, 0))
    head = [first] if start < first[1] else [first, (start, _head_end(text, start))]
    return {"top": [(0, _top_end(text))], "head": head, "body": [(0, body_end)], "all": [(0, len(text))]}


def _lines(text: str, a: int, b: int, needles: tuple[str, ...]) -> list[Span]:
    """The lines of ``text[a:b]`` that hold one of ``needles`` (all lines when there are none), in order."""
    if not needles:
        return [(a, b)]
    lines: dict[int, int] = {}
    for x in needles:
        i = text.find(x, a, b)
        while i >= 0:
            start = max(a, text.rfind("\n", a, i) + 1)
            end = text.find("\n", i, b)
            end = b if end < 0 else end
            lines[start] = end
            i = text.find(x, end, b) if end < b else -1
    return sorted(lines.items())


def _next_line(text: str, pos: int, a: int, b: int, finders: tuple[Finder, ...],
               anchored: Optional[Anchored] = None) -> Span:
    """The first line of ``text[a:b]`` that holds a needle at or after ``pos`` (its span, cut to ``[a, b)``),
    or ``(-1, -1)`` when there is none: the lines of :func:`_lines`, one at a time (a signal that reaches its
    cap stops the search). The needles are looked for by their ``finders`` (see :class:`Finder`), or, with an
    anchor, by ``anchored`` (see :class:`Anchored`).

    Each needle is looked for only before the place found so far of a needle
    before it (a needle that ends there or before it is on the same line or
    an earlier one: no needle holds a line end). With an anchor, the search
    steps from one place of the anchor after one of the characters before it
    to the next, and tells the needles that end there (the first needle so
    found is on the first line that holds one, as needles found in another
    order would overlap it).
    """
    best = -1
    if anchored is not None:
        m = anchored.pattern.search(text, pos + 1, b)
        while m is not None:
            i = m.start()
            for x in anchored.needles:
                start = i + 1 - len(x)
                if start >= pos and (best < 0 or start < best) and text.startswith(x, start):
                    best = start
            if best >= 0:
                break
            m = anchored.pattern.search(text, i + 1, b)
    else:
        limit = b
        for f in finders:
            pattern = f.pattern
            if pattern is None:
                at = f.at
                i = text.find(f.char, pos + at, limit)
                if len(f.needle) > 1:
                    while i >= 0 and not text.startswith(f.needle, i - at, limit):
                        i = text.find(f.char, i + 1, limit)
            else:
                m = pattern.search(text, pos + f.at, limit)
                i = -1 if m is None else m.start()
            if i >= 0:
                best = limit = i
    if best < 0:
        return -1, -1
    end = text.find("\n", best, b)
    return max(a, text.rfind("\n", a, best) + 1), (b if end < 0 else end)


_ITEM_FIRST: Final = frozenset("0123456789-+•(")


def _may_be_item(t: str) -> bool:
    """``t[:1] in _ITEM_FIRST or t[1:2] in ").``: a paragraph that starts like an item (1. a) - + • (1)), its
    first two characters read as code points (compiled, no new string; see clean._is_heading); one of fewer
    than two characters is let through, as the slices let it."""
    if len(t) < 2:
        return True
    c = ord(t[0])
    if 48 <= c <= 57 or c == 45 or c == 43 or c == 0x2022 or c == 40:  # 0-9 - + • (
        return True
    d = ord(t[1])
    return d == 41 or d == 46  # ) .


# The calls of a timed pattern's match and search below pass the time limit by position, after
# ``concurrent`` (None) and ``partial`` (False): the regex package reads a keyword argument slower
# (about 0.2 us a call).


def _count(s: Signal, text: str, a: int, b: int, n: int, found: list[KindSignal]) -> int:
    """Add the matches of ``s`` in ``text[a:b]`` to ``found`` while fewer than its cap are counted; the new count."""
    pattern, timeout = s.timed
    # the first match, without an iterator: all there is to count when one more is (most signals count one),
    # and on most lines there is none
    first = pattern.search(text, a, b, None, False, timeout)
    if first is None:
        return n
    if n + 1 == s.cap:
        found.append(_found(s, _trim(first)))
        return n + 1
    # the next ones searched from the end of the one before, as an iterator of the matches finds them (without it)
    m = first
    counted = 0
    while m is not None and m.end() > m.start():
        found.append(_found(s, _trim(m)))
        n += 1
        counted += 1
        if n >= s.cap:
            return n
        m = pattern.search(text, m.end(), b, None, False, timeout)
    if m is None:
        return n
    # (an empty match: the iterator's own way on from it, past the matches counted)
    for r in pattern.finditer(text, a, b, timeout=timeout):
        if counted > 0:
            counted -= 1
            continue
        found.append(_found(s, _trim(r)))
        n += 1
        if n >= s.cap:
            break
    return n


def _count_first(s: Signal, text: str, a: int, b: int, n: int, found: list[KindSignal]) -> int:
    """:func:`_count` of one match in one line ``text[a:b]``: for a signal whose every match ends the line
    (the line holds one at most), or one that counts one more.

    The first match of the pattern is the leftmost of its alternatives' (the
    first alternative of those that start at one place). Each alternative on
    its own is searched several times faster than all of them in one
    pattern. Within a line, one that opens with '^' can match only at the
    line's first place, where it is tried alone; one that opens with
    '(?:^|X)' is tried there, then searched from the next place opening with
    X alone (the engine passes over the places faster without the '^'), or,
    with ``holds_at``, tried only at the places that many characters before
    one of ``holds`` (see :func:`_at_holds`).
    """
    best = None
    for k, alt in enumerate(s.alternatives):
        opening = s.openings[k]
        need = s.alt_needles[k]
        if need and text.find(need, a, b) < 0:
            continue  # (every match of the alternative holds it)
        if opening == 0:
            m = alt.pattern.search(text, a, b, None, False, alt.timeout)
        else:
            m = alt.pattern.match(text, a, b, None, False, alt.timeout) if _can_open(s, k, text, a, b) else None
            if m is None and opening == 2 and a < b:
                rest = s.rests[k]
                first = s.rest_chars[k]
                if first and text.find(first, a + 1, b) < 0:
                    pass  # (every match of what follows the line's first place starts with that character)
                elif s.holds_at:
                    m = _at_holds(s, rest, text, a, b, 0)
                else:
                    m = rest.pattern.search(text, a + 1, b, None, False, rest.timeout)
        if m is not None and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return n
    found.append(_found(s, _trim(best)))
    return n + 1


def _can_open(s: Signal, k: int, text: str, a: int, b: int) -> bool:
    """Whether alternative ``k`` of ``s`` (opening with '^' or '(?:^|X)') can match at ``text[a:b]``'s first
    place, told by its first two characters as the pattern reads them at a line's start (one at the end of the
    span: the pattern sees no more); always at the text's first place. (False only where no match can start.)"""
    if a == 0:
        return True
    if a >= b:
        return True
    opens = s.opens[k]
    ch = text[a:a + 2] if a + 1 < b else text[a]
    can = opens.get(ch)
    if can is None:  # (a line's start, after its line end, as the pattern sees it there)
        if len(opens) >= _FIRSTS_SIZE:
            opens.clear()
        can = opens[ch] = s.alternatives[k].match("\n" + ch, 1, partial=True) is not None
    return can


def _can_open_any(s: Signal, text: str, a: int, b: int) -> bool:
    """Whether the pattern of ``s``, whose every alternative opens with '^' or '(?:^|X)', can match at
    ``text[a:b]``'s first place: one of its alternatives can (see :func:`_can_open`)."""
    for k in range(len(s.alternatives)):
        if _can_open(s, k, text, a, b):
            return True
    return False


def _count_spaced(s: Signal, text: str, a: int, b: int, n: int, found: list[KindSignal]) -> int:
    """:func:`_count_first` of a signal whose every alternative opens with '(?:^|\\s)' (``s.spaced``).

    The pattern is tried at the line's first place; past it '^' cannot
    match, and a match there opens with one white-space character: what
    follows it is searched after a look-behind for it, for all the
    alternatives at once (in their order, as the pattern tries them at one
    place); the pattern's match starts one place before.
    """
    m = s.pattern.pattern.match(text, a, b, None, False, s.pattern.timeout) if _can_open_any(s, text, a, b) else None
    if m is not None:
        span = _trim(m)
    else:
        if a >= b:
            r = None
        elif s.holds_at:
            r = _at_holds(s, s.spaced, text, a, b, 1)
        else:
            r = s.spaced.pattern.search(text, a + 1, b, None, False, s.spaced.timeout)
        if r is None:
            return n
        span = _trim_span(text, r.start() - 1, r.end())
    found.append(_found(s, span))
    return n + 1


def _at_holds(s: Signal, pattern: Any, text: str, a: int, b: int, after: int) -> Any:
    """The first match of ``pattern`` (a timed pattern) in ``text[a + 1:b]`` (None when there is none), for a
    signal whose every match past a line's first place starts ``s.holds_at`` characters before one of
    ``s.holds``: ``pattern`` matches such a match from ``after`` characters past its start (0 for what follows
    an opening '(?:^|X)', 1 for ``s.spaced``, which follows the opening white space), and is tried only at
    those places, in order; the engine's scan would try every place, and the first match so found is the
    first of the scan. With ``after``, only where ``s.spaced`` can start with the characters there
    (``s.starts``: the one before the place, which its look-behind for white space reads, and the first; a
    verb's letter inside a word is passed over).
    """
    k = s.holds_at - after  # a place tried is k characters before a word
    starts = s.starts
    places: list[int] = []
    for w in s.holds:
        i = text.find(w, a + 1 + k, b)
        while i >= 0:
            p = i - k
            can: Optional[bool] = True
            if after:
                # the character before the place (which the look-behind for white space reads) and the first
                ch = text[p - 1:p + 1]
                can = starts.get(ch)
                if can is None:  # (as the pattern sees them there)
                    if len(starts) >= _FIRSTS_SIZE:
                        starts.clear()
                    can = starts[ch] = pattern.pattern.match(ch, 1, partial=True) is not None
            if can:
                places.append(p)
            i = text.find(w, i + 1, b)
    if len(places) > 1:
        places.sort()
    compiled, timeout = pattern.pattern, pattern.timeout
    last = -1
    for p in places:
        if p != last:
            r = compiled.match(text, p, b, None, False, timeout)
            if r is not None:
                return r
            last = p
    return None


def _count_needle_lines(s: Signal, text: str, a: int, b: int, n: int, found: list[KindSignal]) -> int:
    """:func:`_count` over the lines of ``text[a:b]`` that hold one of the signal's needles (and end with
    its last character, when it has one)."""
    pos = a
    while pos < b:
        start, end = _next_line(text, pos, a, b, s.finders, s.anchored)
        if start < 0:
            break
        # every match ends its line with s.last, and holds one of s.holds: a line that does not holds none
        if (not s.last or _ends_with(text, start, end, s.last)) and (not s.holds or _holds(text, start, end, s.holds)):
            if s.spaced is not None and (s.last or n + 1 == s.cap):
                n = _count_spaced(s, text, start, end, n, found)
            elif s.alternatives and (s.last or n + 1 == s.cap):
                n = _count_first(s, text, start, end, n, found)
            else:
                n = _count(s, text, start, end, n, found)
            if n >= s.cap:
                break
        pos = end
    return n


_FIRSTS_SIZE: Final = 4096  # the most openings a signal keeps the answer for (it starts over when full)


def _count_line_starts(s: Signal, text: str, a: int, b: int, n: int, found: list[KindSignal]) -> int:
    """:func:`_count` of a signal whose every match starts a line: the pattern is tried at the line starts of
    ``text[a:b]`` whose first two characters can start a match (the scan from ``a`` would find the same matches;
    most lines of a head start with a capital and a small letter, which no issuing body in capitals does)."""
    firsts = s.firsts
    pos = a
    while pos < b:
        # the line's first two characters (one at the end of the span: the pattern sees no more)
        ch = text[pos:pos + 2] if pos + 1 < b else text[pos]
        can = firsts.get(ch)
        if can is None:  # (a line's start, after its line end, as the pattern sees it there)
            if len(firsts) >= _FIRSTS_SIZE:
                firsts.clear()
            can = firsts[ch] = s.pattern.match("\n" + ch, 1, partial=True) is not None
        nl = pos
        if can or pos == 0:
            m = s.pattern.pattern.match(text, pos, b, None, False, s.pattern.timeout)
            if m is not None:
                found.append(_found(s, _trim(m)))
                n += 1
                if n >= s.cap:
                    break
                nl = max(pos, m.end() - 1)  # the next try is at a line start at or after the match's end
        nl = text.find("\n", nl, b)
        if nl < 0:
            break
        pos = nl + 1
    return n


def _count_items(s: Signal, text: str, lay: Layout, a: int, b: int, n: int, found: list[KindSignal]) -> int:
    """:func:`_count` of an item's signal (its pattern anchored at the line's start: one try, not a scan) over
    the lines of ``text[a:b]`` that start with an item marker's first character (1. a) - + • (1)); without
    the time limit when the signal is bounded (the limit costs about as much as a try that fails early)."""
    pattern, timeout = s.timed
    plain = s.plain
    gate = s.gate
    for start, end, t in lay.paragraphs:
        if end <= a:
            continue
        if start >= b:
            break
        if _may_be_item(t) and (gate is None or gate.match(text, max(a, start), min(b, end)) is not None):
            if plain is not None:
                m = plain.match(text, max(a, start), min(b, end))
            else:
                m = pattern.match(text, max(a, start), min(b, end), None, False, timeout)
            if m is not None:
                found.append(_found(s, _trim(m)))
                n += 1
                if n >= s.cap:
                    break
    return n


def find_signals(text: str, lay: Layout) -> list[KindSignal]:
    """Every signal found in ``text`` (clean) with the layout ``lay``: one entry per counted match."""
    where = regions(text, lay)
    found: list[KindSignal] = []
    for s in SIGNALS:
        if s.region == "layout":
            if s.name == "signer" and lay.signer_name and lay.signature_span:
                found.append(_found(s, lay.signature_span))
            continue
        n = 0
        for a, b in where[s.region]:
            if s.items:
                n = _count_items(s, text, lay, a, b, n, found)
            elif s.needles:
                n = _count_needle_lines(s, text, a, b, n, found)
            elif s.line_start:
                n = _count_line_starts(s, text, a, b, n, found)
            else:
                n = _count(s, text, a, b, n, found)
            if n >= s.cap:
                break
    return found


def _found(s: Signal, span: Span) -> KindSignal:
    """The record of one signal found at ``span``, built without validation (:func:`vnnotice.trusted.record`)."""
    return record(KindSignal, {"name": s.name, "weight": s.weight, "span": span})


def _trim(m: Any) -> Span:
    """The match's span without the white space and table pipes at its ends."""
    return _trim_span(m.string, m.start(), m.end())


def _trimmed(c: int) -> bool:
    """Whether code point ``c`` is one of ' \t\n|', which a span is trimmed of."""
    return c == 32 or c == 9 or c == 10 or c == 124


def _trim_span(text: str, start: int, end: int) -> Span:
    """:func:`_trim` of a match ``text[start:end]``: ``text[start:end].strip(' \t\n|')``'s span (the match's own
    span when nothing is left), the characters read as code points (compiled, no new string)."""
    a = start
    while a < end and _trimmed(ord(text[a])):
        a += 1
    b = end
    while b > a and _trimmed(ord(text[b - 1])):
        b -= 1
    return (a, b) if b > a else (start, end)


def _names(found: list[KindSignal], positive: bool) -> list[str]:
    return list(dict.fromkeys(f.name for f in found if (f.weight > 0) == positive))


def decide(text: str, lay: Layout) -> Kind:
    """The kind of the clean ``text`` whose layout is ``lay``: verdict, score, signals, reason."""
    found = find_signals(text, lay)
    score = float(round(sum(f.weight for f in found), 2))  # (0.0, not 0, when none is found: the record's type)
    admin = score >= THRESHOLD
    pro, con = _names(found, True), _names(found, False)
    if admin:
        reason = f"administrative document (score {score:g} ≥ {THRESHOLD:g}): {', '.join(pro)}"
    else:
        parts = [f"found only {', '.join(pro)}" if pro else "no header, type line, addressees, signature or tasks found"]
        if con:
            parts.append(f"reads as a web text: {', '.join(con)}")
        reason = (f"not an administrative document (score {score:g} < {THRESHOLD:g}): {'; '.join(parts)}; "
                  "no directives, units or deadlines read")
    # built without validation (vnnotice.trusted): the stage's own values, of the fields' types
    return record(Kind, {"verdict": "administrative" if admin else "not_administrative", "score": score,
                         "threshold": THRESHOLD, "signals": found, "reason": reason})
