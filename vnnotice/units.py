"""Units that must act: find unit mentions and their roles in a directive's text.

``find_units(text)`` reads the own text of one directive (or one body
paragraph) and returns :class:`~vnnotice.records.UnitMention` records with a
role: ``lead`` (the unit told to act), ``cooperate`` (a partner) or
``report_to`` (the unit that receives the report or the advice).

The reading is rule based and driven by the vocabularies under
``vnnotice/data/`` (``unit_types.toml``, ``triggers.toml``,
``abbreviations.toml`` and the province list of the default registry):

* the text is cut into clauses at ``;``, ``.``, ``:`` and line breaks;
* a unit list right after a trigger ("Giao", "phối hợp với", "báo cáo" …)
  takes the trigger's role; a unit list opening a clause and followed by a
  verb is the lead (its subject); a clause that is only a unit list is a
  heading and names the lead;
* a unit is a head ("Sở", "Trung tâm", "UBND", a collective noun such as
  "cơ quan", a province name …) followed by its name.  A name goes on over
  capitalised syllables, administrative levels and the lowercase nouns of
  ``name_words``; one lowercase syllable may complete a lone capitalised
  syllable ("Cục Thú y", "Trung tâm Dịch vụ"); any other lowercase word ends
  it, so the verb after a subject is never swallowed.  Names of collective
  nouns ("các đơn vị có liên quan") go on up to a verb or a function word;
* office-holder titles and "các" are dropped from ``unit``; distributive
  lists ("Các Bộ: Công an, Quốc phòng") give one unit each, a shared place
  suffix is distributed ("Tỉnh ủy, HĐND, UBND tỉnh"), and a list of common
  nouns ("các sở, ban, ngành") stays one unit.

Speed: the text is tokenized once into parallel lists (lowercase forms
looked up in dictionaries keyed by first syllable), and only tokens that can
start a trigger or a unit are examined.
"""
from __future__ import annotations

import csv
import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Optional

import regex

from vnnotice.records import Role, UnitMention

_TOKEN = regex.compile(
    r"\p{Lu}\p{L}{0,2}\.(?=[ \t]*\p{Lu})|[\p{L}\p{N}]+(?:&[\p{L}\p{N}]+)*|\S", regex.V1
)
# The same tokens, faster, with the standard library: a word is a run of
# alphanumerics ("[^\W_]" is \p{L}\p{N} for str patterns); abbreviations
# with a dot ("TP. Cẩm Phả") are merged afterwards by ``_merge_dots``.
_FAST_TOKEN = re.compile(r"[^\W_]+(?:&[^\W_]+)*|\S")
_DOT_ABBR = regex.compile(r"\p{Lu}\p{L}{0,2}\.[ \t]*\p{Lu}", regex.V1)
_CLAUSE_END = frozenset(";:\n.!?")
_DASHES = frozenset("-–—")
_PLURALS = frozenset(("các", "mỗi", "từng", "những"))
_MAX_TAIL = 16
_PAD = 8  # sentinel tokens after the text, so look-ahead never leaves the lists

Phrase = tuple[str, ...]


def _merge_dots(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a short capitalised word and its dot when a capitalised word follows ("TP. Hạ Long")."""
    if "." not in text:
        return spans
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if b - a == 1 and text[a] == "." and out and out[-1][1] == a and _DOT_ABBR.match(text, out[-1][0]):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _low(token: str) -> str:
    """Lowercase form of a token, without the dot of an abbreviation ("TP." -> "tp")."""
    low = token.lower()
    return low[:-1] if len(low) > 1 and low[-1] == "." else low


class _Lexicon:
    """A set of phrases, matched on lowercase syllables, longest first."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._by_first: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            key = tuple(_low(m.group()) for m in _TOKEN.finditer(phrase.rstrip(".") or phrase))
            if key:
                self._by_first.setdefault(key[0], []).append(key)
        for items in self._by_first.values():
            items.sort(key=len, reverse=True)

    @property
    def firsts(self) -> frozenset[str]:
        """First syllables of the phrases."""
        return frozenset(self._by_first)

    def match(self, lows: list[str], i: int) -> int:
        """Number of syllables of the longest phrase starting at ``lows[i]``, or 0."""
        if i >= len(lows):
            return 0
        phrases = self._by_first.get(lows[i])
        if phrases is None:
            return 0
        for phrase in phrases:
            n = len(phrase)
            if n == 1 or tuple(lows[i:i + n]) == phrase:
                return n
        return 0


@dataclass(frozen=True)
class _Vocab:
    """All vocabularies of the unit finder, compiled once."""

    named: _Lexicon
    standalone: _Lexicon
    collective: _Lexicon
    persons: _Lexicon
    levels: _Lexicon
    bodies: _Lexicon
    tail_phrases: _Lexicon
    name_words: _Lexicon
    name_parts: frozenset[str]
    abbreviations: frozenset[str]
    provinces: _Lexicon
    cities: frozenset[str]
    triggers: dict[str, _Lexicon]
    trigger_firsts: frozenset[str]
    unit_firsts: frozenset[str]
    fillers: _Lexicon
    not_after: frozenset[str]
    not_before: frozenset[str]
    chain_window: int
    titles: _Lexicon
    openers: _Lexicon
    context_after: _Lexicon
    subject_verbs: _Lexicon
    excluded: _Lexicon
    stops: _Lexicon
    name_stops: _Lexicon


def _read_toml(name: str) -> dict:
    """A TOML file of ``vnnotice/data``."""
    with resources.files("vnnotice.data").joinpath(name).open("rb") as fh:
        return tomllib.load(fh)


def _read_provinces() -> list[dict[str, str]]:
    """Rows of the default registry's province list."""
    path = resources.files("vnnotice.data").joinpath("registry", "provinces.csv")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """Load and compile the vocabularies (cached)."""
    types = _read_toml("unit_types.toml")
    trig = _read_toml("triggers.toml")
    abbr = _read_toml("abbreviations.toml")
    provinces = _read_provinces()
    lex = {k: _Lexicon(types[k]) for k in ("named", "standalone", "collective", "persons", "levels", "bodies")}
    triggers = {role: _Lexicon(trig[role]) for role in ("lead", "cooperate", "report_to")}
    titles = _Lexicon(trig["titles"])
    province_lex = _Lexicon(p["name"] for p in provinces)
    unit_firsts = frozenset().union(*(x.firsts for x in (*lex.values(), titles, province_lex)), _PLURALS)
    return _Vocab(
        **lex,
        tail_phrases=_Lexicon(types["tail_phrases"]),
        name_words=_Lexicon(types["name_words"]),
        name_parts=frozenset(types["name_parts"]),
        abbreviations=frozenset(k.rstrip(".") for k in abbr["units"]),
        provinces=province_lex,
        cities=frozenset(p["name"].lower() for p in provinces if p["kind"] == "thành phố"),
        triggers=triggers,
        trigger_firsts=frozenset().union(*(t.firsts for t in triggers.values())),
        unit_firsts=unit_firsts,
        fillers=_Lexicon(trig["fillers"]),
        not_after=frozenset(trig["not_after"]),
        not_before=frozenset(trig["not_before"]),
        chain_window=int(trig["chain_window"]),
        titles=titles,
        openers=_Lexicon(trig["openers"]),
        context_after=_Lexicon(trig["context_after"]),
        subject_verbs=_Lexicon(trig["subject_verbs"]),
        excluded=_Lexicon(trig["excluded"]),
        stops=_Lexicon(trig["stops"]),
        name_stops=_Lexicon(trig["name_stops"]),
    )


@dataclass
class _Item:
    """One parsed unit: token range of the unit proper, and where its surface starts."""

    start: int
    end: int
    surface_start: int
    generic: bool
    body: bool = False
    bare: bool = False
    new_group: bool = False
    text: Optional[str] = None


@dataclass(frozen=True)
class _Found:
    """A unit found in the text, before it becomes a record."""

    unit: str
    role: Role
    start: int
    end: int


class _Parser:
    """Reads unit lists over the tokens of one text.

    Tokens are kept as parallel lists (text, lowercase form, offsets, word
    and capital flags) followed by ``_PAD`` empty sentinels, so index ``-1``
    and a few indices past the end read as "no token".
    """

    def __init__(self, text: str) -> None:
        self.text = text
        spans = _merge_dots(text, [m.span() for m in _FAST_TOKEN.finditer(text)])
        self.n = len(spans)
        self.tx = [text[a:b] for a, b in spans] + [""] * _PAD
        low = text.lower()
        if len(low) == len(text):
            self.lo = [low[a:b] for a, b in spans] + [""] * _PAD
            for k, (a, b) in enumerate(spans):
                if b - a > 1 and text[b - 1] == ".":
                    self.lo[k] = low[a:b - 1]
        else:
            self.lo = [_low(t) for t in self.tx]
        self.st = [a for a, _ in spans]
        self.en = [b for _, b in spans]
        self.wd = [t[:1].isalnum() for t in self.tx]
        self.up = [t[:1].isupper() or t[:1].isdigit() for t in self.tx]
        self.v = _vocab()
        self.barrier = self._barriers()

    # -- token helpers ----------------------------------------------------
    def punct(self, i: int, chars: str) -> bool:
        """True when token ``i`` is a punctuation mark among ``chars``."""
        t = self.tx[i] if -1 <= i < self.n else ""
        return len(t) == 1 and not self.wd[i] and t in chars

    def capital(self, i: int) -> bool:
        """True when token ``i`` is a capitalised word or a number."""
        return -1 < i < self.n and self.wd[i] and self.up[i]

    def low(self, i: int) -> str:
        """Lowercase form of token ``i`` ("" outside the text)."""
        return self.lo[i] if -1 < i < self.n else ""

    def _barriers(self) -> list[bool]:
        """barrier[i] is True when a clause ends right before token ``i``."""
        out = [True] + [t in _CLAUSE_END for t in self.tx[:self.n - 1]] + [True] * _PAD
        text, st = self.text, self.st
        pos = text.find("\n")
        while pos >= 0:
            out[bisect_left(st, pos)] = True
            pos = text.find("\n", pos + 1)
        return out

    def skip_cac(self, i: int) -> int:
        """Index after a plural or distributive determiner ("các", "mỗi" …)."""
        return i + 1 if self.low(i) in _PLURALS else i

    def skip_titles(self, i: int) -> int:
        """Index after office-holder titles ("Giám đốc các", "Bí thư, Chủ tịch")."""
        j = self.skip_cac(i)
        n = self.v.titles.match(self.lo, j)
        if not n:
            return i
        j += n
        while True:
            comma = self.punct(j, ",")
            m = self.v.titles.match(self.lo, j + comma)
            if not m:
                break
            j += comma + m
        return self.skip_cac(j)

    # -- one unit ---------------------------------------------------------
    def head(self, i: int) -> tuple[int, bool, bool, str]:
        """(length, generic, body, tail mode) of the unit head at ``i``; length 0 when none.

        The tail mode says which words may follow as the name: ``closed``
        (capitalised words and levels only), ``abbr`` (the same, for
        abbreviations), ``named`` (capitalised words, levels and name words)
        or ``generic`` (any word up to a stop word).
        """
        none = (0, False, False, "")
        if not (0 <= i < self.n) or not self.wd[i]:
            return none
        v, lo = self.v, self.lo
        first, upper = lo[i], self.up[i]
        if first not in v.unit_firsts and self.tx[i] not in v.abbreviations:
            return none
        if v.excluded.match(lo, i):
            return none
        closed = max(v.persons.match(lo, i), v.standalone.match(lo, i))
        n = v.named.match(lo, i)
        if upper and closed and closed >= n:
            return closed, False, False, "closed"
        if n and upper and v.stops.match(lo, i) <= n:
            return n, False, bool(v.bodies.match(lo, i)), "named"
        if self.tx[i] in v.abbreviations:
            return 1, False, True, "abbr"
        n = v.provinces.match(lo, i)
        if n and upper:
            return n, False, False, "closed"
        n = v.collective.match(lo, i)
        if n and not self.verb_like(i, n):
            return n, True, bool(v.bodies.match(lo, i)), "generic"
        n = v.levels.match(lo, i)
        return (n, True, False, "closed") if n else none

    def verb_like(self, i: int, n: int) -> bool:
        """True when a collective noun at ``i`` is used as a verb ("Tổ chức triển khai")."""
        stop = self.v.stops.match(self.lo, i)
        if stop > n:
            return True
        if self.low(i - 1) in ("các", "mỗi", "từng", "những", "với") or self.punct(i + n, ","):
            return False
        return stop == n

    def joins_name(self, j: int) -> bool:
        """True when "và" or a dash at ``j`` joins two parts of one name."""
        if self.capital(j + 1) and not (self.tx[j] in _DASHES and self.v.stops.match(self.lo, j + 1) > 1):
            h = self.head(j + 1)
            return h[0] == 0 or (h[3] == "closed" and h[1] and not self.capital(j + 1 + h[0]))
        return False

    def comma_joins(self, j: int) -> bool:
        """True when the comma at ``j`` is inside a name ("Sở Văn hóa, Thể thao và Du lịch")."""
        if not self.capital(j + 1) or self.head(j + 1)[0]:
            return False
        for k in range(j + 2, min(j + 5, self.n)):
            if self.lo[k] == "và":
                return self.capital(k + 1) and not self.head(k + 1)[0]
            if not self.wd[k] or self.lo[k] in _PLURALS:
                return False
        return False

    def name_end(self, i: int, mode: str = "generic", commas: bool = True) -> int:
        """End of the name that follows a head, starting at ``i`` (see :meth:`head`).

        ``commas`` allows a comma inside the name; distributive lists turn it off.
        """
        v, lo, wd, up, barrier = self.v, self.lo, self.wd, self.up, self.barrier
        j, kind, lone = i, "head", False
        while j - i < _MAX_TAIL and j < self.n and not (j > i and barrier[j]):
            t = self.tx[j]
            n = v.tail_phrases.match(lo, j) if mode != "closed" or j > i else 0
            if not n and mode in ("named", "generic") and kind != "level" and (kind == "head" or not up[j]):
                n = v.name_words.match(lo, j)
            level = v.levels.match(lo, j) if wd[j] else 0
            if n:
                j, kind = j + n, "lower"
            elif level and not (lo[j] == "xã" and lo[j + 1] == "hội"):
                j, kind = j + level, "level"
            elif lo[j] in _PLURALS and (v.levels.match(lo, j + 1) or v.name_words.match(lo, j + 1)):
                if kind != "head" and v.levels.match(lo, j + 1) and self.capital(j + 2):
                    break
                j += 1
            elif wd[j] and up[j]:
                if self.ends_name(j, kind == "head" and mode == "named" or kind == "joiner"):
                    break
                lone = kind != "cap"
                j, kind = j + max(1, v.named.match(lo, j)), "cap"
            elif wd[j]:
                if lo[j] in ("và", "hoặc"):
                    if lo[j] == "và" and (self.joins_name(j) or (kind == "lower" and v.name_words.match(lo, j + 1))):
                        j, kind = j + 1, "joiner"
                        continue
                    break
                if kind == "cap" and lone and lo[j] in v.name_parts:
                    j, kind = j + 1, "lower"
                elif kind == "head" and mode == "named" and v.collective.match(lo, j):
                    return self.name_end(j, "generic", commas)
                elif v.stops.match(lo, j):
                    break
                elif mode == "generic" or (kind == "cap" and lone and mode != "closed"):
                    j, kind = j + 1, "lower"
                elif mode != "closed" and kind in ("cap", "lower") and self.bridge(j):
                    j, kind = j + 1, "lower"
                else:
                    break
            elif t in _DASHES and j > i and self.joins_name(j):
                j, kind = j + 1, "joiner"
            elif t == "," and commas and mode == "named" and kind == "cap" and self.comma_joins(j):
                j, kind = j + 1, "joiner"
            elif t == "/" and v.levels.match(lo, j + 1):
                j += 1
            else:
                break
        return j

    def ends_name(self, j: int, after_head: bool) -> bool:
        """True when the capitalised word at ``j`` cannot go on a name.

        Names of document kinds end a name except right after a named head
        ("Sở Kế hoạch và Đầu tư"); capitalised verbs of two syllables or more
        ("Khẩn trương", "Tập trung") end it except right after a head or a
        joining "và"/dash ("Bộ Xây dựng", "Kế hoạch và Đầu tư").
        """
        if after_head:
            return False
        return bool(self.v.name_stops.match(self.lo, j)) or self.v.stops.match(self.lo, j) > 1

    def bridge(self, j: int) -> bool:
        """True when lowercase words at ``j`` lead on to more of the name.

        Up to three lowercase words that are not stop words, followed by a
        capitalised word that is neither a head nor a stop ("Bệnh viện Mắt
        Quốc tế Việt Nga", "Tập đoàn Bưu chính viễn thông Việt Nam").
        """
        v, lo = self.v, self.lo
        for k in range(j, min(j + 4, self.n)):
            if self.capital(k):
                return k > j and self.tx[k][0].isalpha() and not self.head(k)[0] and not self.ends_name(k, False) and not v.stops.match(lo, k)
            if not self.wd[k] or v.stops.match(lo, k) or lo[k] in ("và", "hoặc", "các"):
                return False
        return False

    def unit(self, i: int) -> Optional[_Item]:
        """Parse one unit (titles, "các", head, name) starting at ``i``."""
        j = i if self.v.standalone.match(self.lo, i) else self.skip_cac(self.skip_titles(i))
        n, generic, body, mode = self.head(j)
        if not n:
            return None
        end = self.name_end(j + n, mode)
        bare = end == j + n
        named = not bare and self.capital(j + n)
        generic = (generic and not named) or (bare and mode == "named")
        return _Item(j, end, i, generic, body and bare, bare=bare)

    # -- lists ------------------------------------------------------------
    def unit_list(self, i: int) -> tuple[list[_Item], int]:
        """Parse a list of units at ``i``; returns the items and the end index."""
        first = self.unit(i)
        if first is None:
            return [], i
        dist = self.distribute(first)
        if dist is not None:
            return dist
        items, j = [first], self.absorb_levels(first, first.end)
        while True:
            if j >= self.n or self.barrier[j]:
                break
            if self.lo[j] == "các" and self.v.levels.match(self.lo, j + 1) and self.capital(j + 2):
                k = j  # "Bộ Quốc phòng các tỉnh A, B": a new unit without a separator
            elif self.tx[j] in (",", "/") or self.lo[j] in ("và", "hoặc"):
                k = j + 1
            else:
                break
            if self.tx[j] == "," and self.low(k) in ("và", "hoặc"):
                k += 1
            nxt = self.unit(k)
            if nxt is None:
                break
            dist = self.distribute(nxt)
            if dist is not None:
                items.extend(dist[0])
                j = dist[1]
                continue
            nxt.new_group = nxt.start != k or self.low(k - 1) in ("và", "hoặc") and not items[-1].generic
            items.append(nxt)
            j = self.absorb_levels(nxt, nxt.end)
        return items, self.parenthetical(items, j)

    def absorb_levels(self, item: _Item, j: int) -> int:
        """Merge a following ", xã, phường" style list of levels into ``item``."""
        while self.punct(j, ",/") and self.v.levels.match(self.lo, j + 1):
            k = j + 1 + self.v.levels.match(self.lo, j + 1)
            if self.capital(k):
                if self.ends_name(k, False):  # '… tỉnh, thành phố Khẩn trương rà soát': the level ends it
                    item.end = k
                    return k
                break
            j = self.name_end(k, "named")
            item.end = j
        return j

    def parenthetical(self, items: list[_Item], j: int) -> int:
        """Replace a generic unit by the units or names in the brackets after it."""
        if not self.punct(j, "(") or not items or self.low(j + 1) in ("qua", "thông"):
            return j
        close = next((k for k in range(j + 1, min(self.n, j + 40)) if self.tx[k] == ")"), None)
        if close is None:
            return j
        sub, end = self.unit_list(j + 1)
        if not (sub and end == close):
            sub = self.bare_names(j + 1, close)
        if not sub or not items[-1].generic:
            return j
        items.pop()
        items.extend(sub)
        for item in sub:
            item.new_group = True
        return close + 1

    def bare_names(self, i: int, stop: int) -> list[_Item]:
        """Comma-separated capitalised names between ``i`` and ``stop``."""
        out: list[_Item] = []
        while i < stop:
            if not self.capital(i):
                return []
            end = self.name_end(i, "named", commas=False)
            if end == i:
                return []
            out.append(_Item(i, end, i, False, new_group=True))
            if end < stop and not (self.punct(end, ",") or self.low(end) == "và"):
                return []
            i = end + 1
        return out

    def level_prefix(self, levels: list[int], name: str) -> str:
        """The level word put before a distributed name ("các huyện: A, B" -> "huyện A")."""
        words = {self.lo[k] for k in levels}
        if len(words) == 1:
            return self.text[self.st[levels[0]]:self.en[levels[0] + self.v.levels.match(self.lo, levels[0]) - 1]].lower()
        return "thành phố" if name.lower() in self.v.cities else "tỉnh"

    def distribute(self, first: _Item) -> Optional[tuple[list[_Item], int]]:
        """Expand "Các Bộ: Tài chính, Y tế" or "các tỉnh A, B" into one item each."""
        h = first.start
        n = self.head(h)[0]
        if self.v.standalone.match(self.lo, h) or self.v.persons.match(self.lo, h):
            return None
        j, levels = h + n, []
        if self.low(j) == "các" and self.v.levels.match(self.lo, j + 1):
            j += 1
            while True:
                levels.append(j)
                j += self.v.levels.match(self.lo, j)
                if not (self.punct(j, ",") and self.v.levels.match(self.lo, j + 1)):
                    break
                j += 1
        colon = self.punct(j, ":")
        k = j + 1 if colon else j
        plural = self.low(h - 1) == "các"
        if not (colon or plural or levels) or not self.capital(k):
            return None
        names: list[tuple[int, int]] = []
        while self.capital(k) and (colon or not self.head(k)[0] or self.v.provinces.match(self.lo, k)):
            e = self.name_end(k, "named", commas=False)
            if e == k:
                break
            names.append((k, e))
            if not (self.punct(e, ",") or self.low(e) == "và") or self.barrier[e + 1]:
                break
            k = e + 1
        if len(names) < (1 if colon else 2):
            return None
        head_text = self.span_text(h, h + n)
        out = []
        for a, b in names:
            name = self.span_text(a, b)
            prefix = f"{head_text} {self.level_prefix(levels, name)}" if levels else head_text
            out.append(_Item(a, b, first.surface_start, False, new_group=True, text=f"{prefix} {name}"))
        return out, names[-1][1]

    # -- turning items into units -------------------------------------------
    def span_text(self, a: int, b: int) -> str:
        """Text of tokens ``a`` to ``b`` (exclusive)."""
        return self.text[self.st[a]:self.en[b - 1]]

    def units_of(self, items: list[_Item]) -> list[tuple[str, int, int]]:
        """(unit, start token, end token) per unit: generic runs joined, suffixes shared."""
        groups: list[list[_Item]] = []
        for item in items:
            prev = groups[-1][-1] if groups else None
            if prev and item.generic and prev.generic and prev.bare and not item.new_group and item.text is None:
                groups[-1].append(item)
            else:
                groups.append([item])
        out = []
        suffix = self.shared_suffix(items)
        for g in groups:
            text = g[0].text or self.span_text(g[0].start, g[-1].end)
            if suffix and len(g) == 1 and g[0].body and g[0].bare:
                text = f"{text} {suffix}"
            out.append((_clean_unit(text), g[0].surface_start, g[-1].end))
        return out

    def shared_suffix(self, items: list[_Item]) -> Optional[str]:
        """The place suffix of the last item, shared by bare bodies before it."""
        if len(items) < 2 or items[-1].bare or not any(i.body and i.bare for i in items[:-1]):
            return None
        last = items[-1]
        n = self.head(last.start)[0]
        return self.span_text(last.start + n, last.end) if last.end > last.start + n else None


def _clean_unit(text: str) -> str:
    """Unit as gold writes it: whitespace folded, "các" dropped."""
    words = [w for w in text.split() if w.lower() != "các"]
    return " ".join(words).strip(" ,;.:-")


def _fold(unit: str) -> str:
    """Key for de-duplicating units of one role."""
    return " ".join(unit.lower().split())


class _Reader:
    """Finds the roles of the units of one text."""

    def __init__(self, text: str) -> None:
        self.p = _Parser(text)
        self.found: list[_Found] = []
        self.last_report: Optional[int] = None
        self.heading_end = -1

    def read(self) -> list[_Found]:
        """All units with roles, in text order."""
        p = self.p
        lo, tx, barrier = p.lo, p.tx, p.barrier
        firsts = p.v.trigger_firsts
        i = 0
        while i < p.n:
            if barrier[i]:
                self.last_report = None
            nxt = self.trigger(i) if lo[i] in firsts else 0
            if not nxt and (barrier[i] or (tx[i - 1] == "," and not barrier[i - 1])):
                nxt = self.subject(i)
            i = nxt or i + 1
        return sorted(self.found, key=lambda f: (f.start, f.end))

    def trigger(self, i: int) -> int:
        """Read the trigger at token ``i``; the next index to look at, 0 when there is none."""
        p = self.p
        for role in ("cooperate", "report_to", "lead"):
            n = p.v.triggers[role].match(p.lo, i)
            if n and self.trigger_ok(i, n):
                return self.after_trigger(role, i, n)
        return 0

    def trigger_ok(self, i: int, n: int) -> bool:
        """False when the trigger is part of another word ("chương trình")."""
        p = self.p
        if p.low(i - 1) in p.v.not_after and not p.barrier[i]:
            return False
        return p.low(i + n) not in p.v.not_before

    def after_trigger(self, role: Role, i: int, n: int) -> int:
        """Read the unit list governed by the trigger at ``i``."""
        p = self.p
        j = i + n
        while p.v.fillers.match(p.lo, j):
            j += p.v.fillers.match(p.lo, j)
        if role == "report_to" and self.last_report is not None and p.st[i] - self.last_report < p.v.chain_window:
            return j
        items, end = p.unit_list(j)
        if not items and role == "report_to":
            items, end = self.report_target(j)
        if not items and role == "report_to":
            items, end = self.bare_title(j)
        if not items:
            return j
        self.add(items, role)
        if role == "report_to":
            self.last_report = p.en[end - 1]
            end = self.via(end)
        return end

    def bare_title(self, j: int) -> tuple[list[_Item], int]:
        """An office holder with no body after it ("trình Giám đốc phê duyệt") as the unit."""
        p = self.p
        n = p.v.titles.match(p.lo, j)
        if not n or not p.capital(j) or p.head(p.skip_cac(j + n))[0]:
            return [], j
        return [_Item(j, j + n, j, False)], j + n

    def report_target(self, j: int) -> tuple[list[_Item], int]:
        """Units after "về"/"cho"/"lên" later in the clause ("báo cáo kết quả về Sở Y tế")."""
        p = self.p
        for k in range(j, min(p.n - 1, j + 25)):
            if k > j and p.barrier[k]:
                break
            if p.lo[k] in ("về", "cho", "lên", "tới", "trước") and not p.barrier[k + 1]:
                items, end = p.unit_list(k + 1)
                if items:
                    return items, end
        return [], j

    def via(self, j: int) -> int:
        """Skip "(qua Bộ X)" after a report_to unit: the channel is not a recipient."""
        p = self.p
        if p.punct(j, "(") and p.low(j + 1) in ("qua", "thông"):
            close = next((k for k in range(j + 2, min(p.n, j + 30)) if p.tx[k] == ")"), None)
            if close is not None:
                return close + 1
        return j

    def subject(self, i: int) -> int:
        """Read a clause-opening unit list as the lead; 0 when there is none."""
        p = self.p
        start = i
        after_comma = not p.barrier[i]
        while p.v.openers.match(p.lo, i) or p.punct(i, ",-+*•"):
            i += p.v.openers.match(p.lo, i) or 1
        items, end = p.unit_list(i)
        if not items:
            return 0
        heading = end >= p.n or p.barrier[end] or p.punct(end, ";:.")
        if heading and not after_comma and self.may_head(i):
            self.add(items, "lead")
            self.heading_end = end
            return end
        if end >= p.n or not p.wd[end] or p.v.context_after.match(p.lo, end):
            return 0
        if after_comma and not p.v.subject_verbs.match(p.lo, end):
            return 0
        if start == i and after_comma and not p.v.subject_verbs.match(p.lo, end):
            return 0
        self.add(items, "lead")
        return end

    def may_head(self, i: int) -> bool:
        """True when a unit list at ``i`` may be a heading naming the lead.

        Not after ";" (one more item of an enumeration: "Bệnh viện A; Trung
        tâm B;") unless the clause before was a heading too ("Giám đốc Sở
        A; Chủ tịch UBND huyện B chịu trách nhiệm …"), and not inside
        brackets (a gloss of what comes before).
        """
        p = self.p
        k = p.skip_cac(i) - 1
        while k >= 0 and p.tx[k] in ("-", "+", "*", "•"):
            k -= 1
        if k >= 0 and p.tx[k] == ";" and self.heading_end != k:
            return False
        before = p.text[:p.st[i]] if i < p.n else p.text
        return before.count("(") <= before.count(")")

    def add(self, items: list[_Item], role: Role) -> None:
        """Record the units of ``items`` with ``role``."""
        p = self.p
        for unit, a, b in p.units_of(items):
            if unit:
                self.found.append(_Found(unit, role, p.st[a], p.en[b - 1]))


def find_units(text: str, *, offset: int = 0) -> list[UnitMention]:
    """Units named in ``text`` with their roles, in text order.

    ``text`` is the own text of one directive (its marker removed) or one body
    paragraph; spans are ``offset`` plus positions in ``text``.  The same unit
    named twice in one role is returned once, at its first mention.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    seen: set[tuple[str, str]] = set()
    out: list[UnitMention] = []
    for f in _Reader(text).read():
        key = (f.role, _fold(f.unit))
        if key in seen:
            continue
        seen.add(key)
        out.append(UnitMention(surface=text[f.start:f.end], span=(offset + f.start, offset + f.end),
                               unit=f.unit, role=f.role))
    return out
