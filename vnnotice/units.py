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
  "cơ quan", a province name …) followed by its name, which ends at a verb or
  a function word of the stop list;
* office-holder titles and "các" are dropped from ``unit``; distributive
  lists ("Các Bộ: Công an, Quốc phòng") give one unit each, a shared place
  suffix is distributed ("Tỉnh ủy, HĐND, UBND tỉnh"), and a list of common
  nouns ("các sở, ban, ngành") stays one unit.
"""
from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Optional

import regex

from vnnotice.records import Role, UnitMention

_TOKEN = regex.compile(
    r"\p{Lu}\p{L}{0,2}\.(?=[ \t]*\p{Lu})|[\p{L}\p{N}]+(?:&[\p{L}\p{N}]+)*|\S", regex.V1
)
_CLAUSE_END = {";", ":", "\n"}
_SENTENCE_END = {".", "!", "?"}
_DASHES = {"-", "–", "—"}
_MAX_TAIL = 14
_MAX_PHRASE = 6

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class _Tok:
    """One token: a syllable (possibly with a trailing dot) or a punctuation mark."""

    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        """Lowercase text without a trailing dot, for lexicon look-ups."""
        return self.text.lower().rstrip(".") if len(self.text) > 1 else self.text.lower()

    @property
    def word(self) -> bool:
        """True for a syllable or number, False for punctuation."""
        return self.text[0].isalnum()

    @property
    def upper(self) -> bool:
        """True when the token starts with a capital letter or a digit."""
        return self.text[0].isupper() or self.text[0].isdigit()


class _Lexicon:
    """A set of phrases, matched on lowercase syllables, longest first."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._by_first: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            key = tuple(t.low for t in _tokenize(phrase.rstrip(".") or phrase))
            if key:
                self._by_first.setdefault(key[0], []).append(key)
        for items in self._by_first.values():
            items.sort(key=len, reverse=True)

    def match(self, toks: list[_Tok], i: int) -> int:
        """Number of tokens of the longest phrase starting at ``toks[i]``, or 0."""
        if i >= len(toks):
            return 0
        for phrase in self._by_first.get(toks[i].low, ()):
            n = len(phrase)
            if i + n <= len(toks) and all(toks[i + k].low == phrase[k] for k in range(n)):
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
    abbreviations: frozenset[str]
    provinces: _Lexicon
    cities: frozenset[str]
    triggers: dict[str, _Lexicon]
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


def _tokenize(text: str) -> list[_Tok]:
    """Tokens of ``text`` with their character offsets."""
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


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
    return _Vocab(
        named=_Lexicon(types["named"]),
        standalone=_Lexicon(types["standalone"]),
        collective=_Lexicon(types["collective"]),
        persons=_Lexicon(types["persons"]),
        levels=_Lexicon(types["levels"]),
        bodies=_Lexicon(types["bodies"]),
        tail_phrases=_Lexicon(types["tail_phrases"]),
        abbreviations=frozenset(k.rstrip(".") for k in abbr["units"]),
        provinces=_Lexicon(p["name"] for p in provinces),
        cities=frozenset(p["name"].lower() for p in provinces if p["kind"] == "thành phố"),
        triggers={role: _Lexicon(trig[role]) for role in ("lead", "cooperate", "report_to")},
        fillers=_Lexicon(trig["fillers"]),
        not_after=frozenset(trig["not_after"]),
        not_before=frozenset(trig["not_before"]),
        chain_window=int(trig["chain_window"]),
        titles=_Lexicon(trig["titles"]),
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
    """Reads unit lists and roles over the tokens of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokenize(text)
        self.v = _vocab()
        self.barrier = self._barriers()

    # -- token helpers ----------------------------------------------------
    def tok(self, i: int) -> Optional[_Tok]:
        """Token ``i``, or None outside the text."""
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def low(self, i: int) -> str:
        """Lowercase text of token ``i`` ("" outside the text)."""
        t = self.tok(i)
        return t.low if t is not None else ""

    def punct(self, i: int, chars: str) -> bool:
        """True when token ``i`` is a punctuation mark among ``chars``."""
        t = self.tok(i)
        return t is not None and not t.word and t.text in chars

    def capital(self, i: int) -> bool:
        """True when token ``i`` is a capitalised word or a number."""
        t = self.tok(i)
        return t is not None and t.word and t.upper

    def _barriers(self) -> list[bool]:
        """barrier[i] is True when a clause ends right before token ``i``."""
        out = [True] * (len(self.toks) + 1)
        for i in range(1, len(self.toks)):
            prev = self.toks[i - 1]
            gap = self.text[prev.end:self.toks[i].start]
            out[i] = "\n" in gap or prev.text in _CLAUSE_END or prev.text in _SENTENCE_END
        return out

    def skip_cac(self, i: int) -> int:
        """Index after a plural or distributive determiner ("các", "mỗi" …)."""
        return i + 1 if self.low(i) in ("các", "mỗi", "từng", "những") else i

    def skip_titles(self, i: int) -> int:
        """Index after office-holder titles ("Giám đốc các", "Bí thư, Chủ tịch")."""
        j = self.skip_cac(i)
        n = self.v.titles.match(self.toks, j)
        if not n:
            return i
        j += n
        while True:
            comma = self.punct(j, ",")
            m = self.v.titles.match(self.toks, j + comma)
            if not m:
                break
            j += comma + m
        return self.skip_cac(j)

    # -- one unit ---------------------------------------------------------
    def head(self, i: int) -> tuple[int, bool, bool, str]:
        """(length, generic, body, tail mode) of the unit head at ``i``; length 0 when none.

        The tail mode says which words may follow as the name: ``closed``
        (capitalised words and levels only), ``abbr`` (the same, for
        abbreviations), ``named`` (lowercase words only after a capitalised
        one) or ``generic`` (any word up to a stop word).
        """
        none = (0, False, False, "")
        t = self.tok(i)
        if t is None or not t.word or self.v.excluded.match(self.toks, i):
            return none
        body = bool(self.v.bodies.match(self.toks, i))
        closed = max(self.v.persons.match(self.toks, i), self.v.standalone.match(self.toks, i))
        n = self.v.named.match(self.toks, i)
        if t.upper and closed and closed >= n:
            return closed, False, False, "closed"
        if n and t.upper and self.v.stops.match(self.toks, i) <= n:
            return n, False, body, "named"
        if t.text in self.v.abbreviations:
            return 1, False, True, "abbr"
        n = self.v.provinces.match(self.toks, i)
        if n and t.upper:
            return n, False, False, "closed"
        n = self.v.collective.match(self.toks, i)
        if n and not self.verb_like(i, n):
            return n, True, body, "generic"
        n = self.v.levels.match(self.toks, i)
        return (n, True, False, "closed") if n else none

    def verb_like(self, i: int, n: int) -> bool:
        """True when a collective noun at ``i`` is used as a verb ("Tổ chức triển khai")."""
        stop = self.v.stops.match(self.toks, i)
        if stop > n:
            return True
        if self.low(i - 1) in ("các", "mỗi", "từng", "những", "với") or self.punct(i + n, ","):
            return False
        return stop == n

    def joins_name(self, j: int) -> bool:
        """True when "và" or a dash at ``j`` joins two parts of one name."""
        if not self.capital(j + 1):
            return False
        return self.head(j + 1)[0] == 0

    def name_end(self, i: int, mode: str = "generic") -> int:
        """End of the name that follows a head, starting at ``i`` (see :meth:`head`)."""
        j, after_cap, lower_run = i, False, 0
        while j - i < _MAX_TAIL:
            t = self.tok(j)
            if t is None or (j > i and self.barrier[j]):
                break
            n = self.v.tail_phrases.match(self.toks, j) if mode != "closed" or j > i else 0
            level = self.v.levels.match(self.toks, j)
            if n:
                j += n
            elif t.word and level:
                j, after_cap, lower_run = j + level, True, 0
            elif t.low == "các" and self.v.levels.match(self.toks, j + 1):
                j += 1
            elif t.word and t.upper:
                if self.v.name_stops.match(self.toks, j):
                    break
                j, after_cap, lower_run = j + 1, True, 0
            elif t.word:
                if t.low in ("và", "hoặc") or self.v.stops.match(self.toks, j):
                    if t.low == "và" and self.joins_name(j):
                        j += 1
                        continue
                    break
                after_head = j == i and bool(self.v.collective.match(self.toks, j))
                if mode == "generic" or (mode == "named" and (after_cap or after_head) and lower_run < 4):
                    j, lower_run = j + 1, lower_run + 1
                else:
                    break
            elif t.text in _DASHES and j > i and self.joins_name(j):
                j += 1
            elif t.text == "/" and self.v.levels.match(self.toks, j + 1):
                j += 1
            else:
                break
        return j

    def unit(self, i: int) -> Optional[_Item]:
        """Parse one unit (titles, "các", head, name) starting at ``i``."""
        j = self.skip_cac(self.skip_titles(i))
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
            sep = self.tok(j)
            if sep is None or self.barrier[j] or not (sep.text in ",/" or sep.low in ("và", "hoặc")):
                break
            k = j + 1
            if sep.text == "," and self.low(k) in ("và", "hoặc"):
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
        while self.punct(j, ",/") and self.v.levels.match(self.toks, j + 1):
            k = j + 1 + self.v.levels.match(self.toks, j + 1)
            if self.capital(k):
                break
            j = self.name_end(k, "named")
            item.end = j
        return j

    def parenthetical(self, items: list[_Item], j: int) -> int:
        """Replace a generic unit by the units or names in the brackets after it."""
        if not self.punct(j, "(") or not items or self.low(j + 1) in ("qua", "thông"):
            return j
        close = next((k for k in range(j + 1, min(len(self.toks), j + 40)) if self.toks[k].text == ")"), None)
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
            end = self.name_end(i, "named")
            out.append(_Item(i, end, i, False, new_group=True))
            if end < stop and not (self.punct(end, ",") or self.low(end) == "và"):
                return []
            i = end + 1
        return out

    def distribute(self, first: _Item) -> Optional[tuple[list[_Item], int]]:
        """Expand "Các Bộ: Tài chính, Y tế" or "các tỉnh A, B" into one item each."""
        h = first.start
        n = self.head(h)[0]
        if self.v.standalone.match(self.toks, h) or self.v.persons.match(self.toks, h):
            return None
        j, levels = h + n, []
        if self.low(j) == "các" and self.v.levels.match(self.toks, j + 1):
            j += 1
            while True:
                m = self.v.levels.match(self.toks, j)
                levels.append(j)
                j += m
                if not (self.punct(j, ",") and self.v.levels.match(self.toks, j + 1)):
                    break
                j += 1
        colon = self.punct(j, ":")
        k = j + 1 if colon else j
        plural = self.low(h - 1) == "các"
        if not (colon or plural or levels) or not self.capital(k):
            return None
        if self.head(k)[0] and not self.v.provinces.match(self.toks, k):
            return None
        names: list[tuple[int, int]] = []
        while self.capital(k) and (not self.head(k)[0] or self.v.provinces.match(self.toks, k)):
            e = self.name_end(k, "named")
            names.append((k, e))
            if not (self.punct(e, ",") or self.low(e) == "và") or self.barrier[e + 1]:
                break
            k = e + 1
        if len(names) < (1 if colon else 2):
            return None
        head_text = self.text[self.toks[h].start:self.toks[h + n - 1].end]
        out = []
        for a, b in names:
            name = self.text[self.toks[a].start:self.toks[b - 1].end]
            prefix = head_text
            if levels:
                prefix += " thành phố" if name.lower() in self.v.cities else " tỉnh"
            out.append(_Item(a, b, first.surface_start, False, new_group=True, text=f"{prefix} {name}"))
        return out, names[-1][1]

    # -- turning items into units -------------------------------------------
    def span_text(self, a: int, b: int) -> str:
        """Text of tokens ``a`` to ``b`` (exclusive)."""
        return self.text[self.toks[a].start:self.toks[b - 1].end]

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

    def read(self) -> list[_Found]:
        """All units with roles, in text order."""
        p = self.p
        i = 0
        while i < len(p.toks):
            if p.barrier[i]:
                self.last_report = None
            i = self.at(i)
        return sorted(self.found, key=lambda f: (f.start, f.end))

    def at(self, i: int) -> int:
        """Read what starts at token ``i``; returns the next index to look at."""
        p = self.p
        for role in ("cooperate", "report_to", "lead"):
            n = p.v.triggers[role].match(p.toks, i)
            if n and self.trigger_ok(i, n):
                return self.after_trigger(role, i, n)
        if p.barrier[i] or (p.punct(i - 1, ",") and not p.barrier[i - 1]):
            end = self.subject(i)
            if end:
                return end
        return i + 1

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
        while p.v.fillers.match(p.toks, j):
            j += p.v.fillers.match(p.toks, j)
        if role == "report_to" and self.last_report is not None and p.toks[i].start - self.last_report < p.v.chain_window:
            return j
        items, end = p.unit_list(j)
        if not items and role == "report_to":
            items, end = self.report_target(j)
        if not items:
            return j
        self.add(items, role)
        if role == "report_to":
            self.last_report = p.toks[end - 1].end
            end = self.via(end)
        return end

    def report_target(self, j: int) -> tuple[list[_Item], int]:
        """Units after "về"/"cho"/"lên" later in the clause ("báo cáo kết quả về Sở Y tế")."""
        p = self.p
        for k in range(j, min(len(p.toks), j + 25)):
            if k > j and p.barrier[k]:
                break
            if p.low(k) in ("về", "cho", "lên", "tới", "trước") and not p.barrier[k + 1] if k + 1 < len(p.toks) else False:
                items, end = p.unit_list(k + 1)
                if items:
                    return items, end
        return [], j

    def via(self, j: int) -> int:
        """Add "(qua Bộ X)" after a report_to unit as report_to too."""
        p = self.p
        if p.punct(j, "(") and p.low(j + 1) in ("qua", "thông"):
            k = j + 2 + (p.low(j + 1) == "thông")
            items, end = p.unit_list(k)
            if items:
                self.add(items, "report_to")
                return end
        return j

    def subject(self, i: int) -> int:
        """Read a clause-opening unit list as the lead; 0 when there is none."""
        p = self.p
        start = i
        after_comma = not p.barrier[i]
        while p.v.openers.match(p.toks, i) or p.punct(i, ",-+*•"):
            i += p.v.openers.match(p.toks, i) or 1
        items, end = p.unit_list(i)
        if not items:
            return 0
        nxt = p.tok(end)
        heading = nxt is None or p.barrier[end] or p.punct(end, ";:.")
        if heading and not after_comma:
            self.add(items, "lead")
            return end
        if nxt is None or not nxt.word or p.v.context_after.match(p.toks, end):
            return 0
        if after_comma and not p.v.subject_verbs.match(p.toks, end):
            return 0
        if start == i and after_comma and not p.v.subject_verbs.match(p.toks, end):
            return 0
        self.add(items, "lead")
        return end

    def add(self, items: list[_Item], role: Role) -> None:
        """Record the units of ``items`` with ``role``."""
        p = self.p
        for unit, a, b in p.units_of(items):
            if unit:
                self.found.append(_Found(unit, role, p.toks[a].start, p.toks[b - 1].end))


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
