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
looked up in dictionaries keyed by first syllable) with ``str.split`` on the
text with its marks spaced out; each piece's lowercase form comes from a table
shared by every text (its hash computed once; a piece with another mark in it
is found there and cut), abbreviation dots are joined on the pieces, and the
regular expression tokenizer is kept for texts with a "Σ".  The lowercase
forms and the vocabularies' words are interned, so a look-up that finds a word
compares no characters.  One set look-up per token marks the clause starts,
commas and trigger words, and only those tokens are read; a unit is parsed only where its first syllable can
start one (a head only where its first two syllables can), and token offsets
are found only when a unit is (each token after the one before, by its first
character).  The module is
compiled with mypyc (see ``setup.py``): its classes are plain classes (a
dataclass's constructor would run interpreted), string methods are called
on typed values (direct calls), the constants it tests are ``Final`` (inlined,
not looked up in the module) and a list is made by a comprehension rather than
by ``map`` over a bound method (a native loop of direct calls; pure Python,
``map`` would be a little faster).
"""
from __future__ import annotations

import csv
import re
import sys
import tomllib
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final, Iterable, Optional

import regex

from vnnotice.records import Role, UnitMention
from vnnotice.trusted import record
from vnnotice.registry import _BASE, _strip, gazetteer_names

#: ``str.lower`` called as a function: compiled by mypyc, ``s.lower()`` lowers each character alone, so a
#: final capital sigma gives "σ" where Python gives "ς" (the pure and the compiled module must agree)
_str_lower: Final = str.lower
#: the lowercase forms of tokens, their folded forms and the words of the vocabularies are interned: a form that
#: is a word of a vocabulary is the vocabulary's own string, so a look-up or comparison that finds it compares
#: no characters (the string constants of the compiled module are interned too)
_intern: Final = sys.intern

_TOKEN: Final = regex.compile(
    r"\p{Lu}\p{L}{0,2}\.(?=[ \t]*\p{Lu})|[\p{L}\p{N}]+(?:&[\p{L}\p{N}]+)*|\S", regex.V1
)
# The same tokens, faster, with the standard library: a word is a run of
# alphanumerics ("[^\W_]" is \p{L}\p{N} for str patterns); abbreviations
# with a dot ("TP. Cẩm Phả") are merged afterwards by ``_merge_dots``.
_FAST_TOKEN: Final = re.compile(r"[^\W_]+(?:&[^\W_]+)*|\S")
_DOT_ABBR: Final = regex.compile(r"\p{Lu}\p{L}{0,2}\.[ \t]*\p{Lu}", regex.V1)
_CLAUSE_END: Final = frozenset(";:\n.!?")
_DASHES: Final = frozenset("-–—")
_BULLETS: Final = frozenset(",-+*•")
_BEFORE_NOUN: Final = frozenset(("các", "mỗi", "từng", "những", "với"))  # a collective noun after them is no verb
_PLURALS: Final = frozenset(("các", "mỗi", "từng", "những"))
_COMMITTEES: Final = frozenset(("ủy", "uỷ"))
_CLAUSE_LOOKBACK: Final = 60  # tokens looked back for the start of a clause (bounded: linear time)
_GOVERNED: Final = frozenset(("của", "cho", "với", "tại", "về", "giữa", "từ"))  # a unit list after these names no actor  # the last syllable of the Party committees ("tỉnh ủy")
_MAX_TAIL: Final = 16
_REPORT_PREPS: Final = ("về", "cho", "lên", "tới", "trước")  # before the recipient of a report later in its clause
_COMPANY_REACH: Final = 8  # lowercase words of a company's name before the capitalised word that ends it
_MAX_OBJECT: Final = 6  # words of the object of a qualifier after a plural level ("các xã có rừng phòng hộ")
_PAD: Final = 8  # sentinel tokens after the text, so look-ahead never leaves the lists
_PADDING: Final = [""] * _PAD
# the usual marks, spaced out before the text is split at whitespace (see _Parser._split_tokens)
_MARKS: Final = ',.;/:()-“”%[]"…'
_SPACED: Final = tuple((mark, f" {mark} ") for mark in _MARKS)
# kinds of tokens found by _Parser._mark_clauses (Final: compiled, inlined, not looked up in the module)
_TRIGGER: Final = 1
_COMMA: Final = 2
_CLAUSE: Final = 3
_ODD: Final = 4
_NO_HEAD: Final = (0, False, False, "")
_ABBR_HEAD: Final = (1, False, True, "abbr")
_CHARS_CACHED: Final = 65536  # tokens remembered by _WORD and _CAPITAL
_CACHED_FOLDS: Final = 65536  # tokens remembered by _FOLDED
_FOLDED: Final[dict[str, str]] = {}  # lowercase token -> the same without accents


class _WordChars(dict):
    """token -> True when it is a word, not a mark (cached; "" is no word).

    Keyed by the whole token, whose hash is known once it was lowercased: no first character is cut
    out of it (a new string for most Vietnamese capitals).
    """

    def __missing__(self, token: str) -> bool:
        if len(self) >= _CHARS_CACHED:
            self.clear()
        value = self[token] = token[:1].isalnum()
        return value


_WORD: Final = _WordChars()


class _CapitalChars(dict):
    """token -> True when it is a capitalised word or a number (cached, keyed as :data:`_WORD`)."""

    def __missing__(self, token: str) -> bool:
        if len(self) >= _CHARS_CACHED:
            self.clear()
        char = token[:1]
        value = self[token] = char.isalnum() and (char.isupper() or char.isdigit())
        return value


_CAPITAL: Final = _CapitalChars()

_CACHED_TOKENS: Final = 65536  # tokens remembered by _LOWERED


class _LoweredTokens(dict):
    """token -> its lowercase form; "" for a piece with a mark inside ("“Sở", "KH&ĐT"), cut later.

    Only for the pieces of :meth:`_Parser._split_tokens` (no "Σ": lowercasing each piece alone is
    lowercasing the text).  The forms are shared by every text, so their hashes are computed once.
    """

    def __missing__(self, token: str) -> str:
        if len(self) >= _CACHED_TOKENS:
            self.clear()
        value = self[token] = _intern(_str_lower(token)) if len(token) == 1 or token.isalnum() else ""
        return value


_LOWERED: Final = _LoweredTokens()

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


def _may_join_dot(text: str) -> bool:
    """True when ``text`` may hold an abbreviation dot (``_DOT_ABBR``).

    Most texts have no dot, or one only at their end.
    """
    dot = text.find(".")
    if dot < 0 or (dot == len(text.rstrip()) - 1):
        return False
    # A match starts at most 3 letters before a dot, with a capital: the pattern is tried only where one of
    # the three characters before a dot may be a capital (an ASCII capital or a character that is no
    # lowercase letter: most dots end a number or a lowercase word).  (One search from the first dot walked
    # the rest of the text in the pattern.)
    while dot >= 0:
        for s in range(max(dot - 3, 0), dot):
            c = ord(text[s])
            if (65 <= c <= 90 if c < 128 else not text[s].islower()) and _DOT_ABBR.match(text, s):
                return True
        dot = text.find(".", dot + 1)
    return False


def _low(token: str) -> str:
    """Lowercase form of a token, without the dot of an abbreviation ("TP." -> "tp")."""
    low = _str_lower(token)
    return low[:-1] if len(low) > 1 and low[-1] == "." else low


def _split_lines(spaced: str) -> tuple[list[str], list[int]]:
    """Whitespace-separated pieces of ``spaced`` and the index of the first piece of each line."""
    if "\n" not in spaced:
        return spaced.split(), []
    first = spaced.find("\n")
    if len(spaced) - first < 16 and spaced[first:].isspace():
        # the line breaks only end the text ("…\n"): one split, the later lines are empty
        words = spaced.split()
        return words, [0] + [len(words)] * spaced.count("\n", first)
    pieces: list[str] = []
    starts = []
    for line in spaced.split("\n"):
        starts.append(len(pieces))
        pieces += line.split()
    return pieces, starts


def _merge_starts(looked: list[int], line_starts: list[int], barrier: list[bool]) -> list[int]:
    """The indices of ``looked`` and ``line_starts`` in order, each once; the line starts are set in ``barrier``.

    Both lists are in order (``looked`` without repeats, ``line_starts`` repeated for empty lines): one
    walk merges them (no set and sort).
    """
    merged: list[int] = []
    a = b = 0
    na, nb = len(looked), len(line_starts)
    while a < na or b < nb:
        if b >= nb or (a < na and looked[a] < line_starts[b]):
            k = looked[a]
            a += 1
        else:
            k = line_starts[b]
            barrier[k] = True
            b += 1
        if not merged or merged[-1] != k:
            merged.append(k)
    return merged


def _longest(phrases: tuple[tuple[int, str, list[str]], ...], lows: list[str], i: int) -> int:
    """:meth:`_Lexicon.match` on the phrases of one first syllable (``lows[i]``)."""
    for n, second, rest in phrases:
        if n == 1 or (lows[i + 1] == second and (n == 2 or (lows[i + 2] == rest[0] and lows[i + 2:i + n] == rest))):
            return n
    return 0


class _Lexicon:
    """A set of phrases, matched on lowercase syllables, longest first.

    ``by_first`` maps a first syllable to ``(length, second syllable, the
    syllables after it)`` triples, longest first (the second syllable alone
    rules out most phrases); a caller may test ``lows[i] in lexicon.by_first``
    to skip the call of :meth:`match` when no phrase can start at ``i``.
    :func:`_longest` is given the tokens of :class:`_Parser`, which end with
    ``_PAD`` sentinels: it compares a phrase's third syllable before the slice
    of the rest.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        by_first: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            key = tuple(_intern(_low(m.group())) for m in _TOKEN.finditer(phrase.rstrip(".") or phrase))
            if key:
                by_first.setdefault(key[0], []).append(key)
        self.by_first: dict[str, tuple[tuple[int, str, list[str]], ...]] = {
            first: tuple((len(key), key[1] if len(key) > 1 else "", list(key[2:]))
                         for key in sorted(keys, key=len, reverse=True))
            for first, keys in by_first.items()
        }

    @property
    def firsts(self) -> frozenset[str]:
        """First syllables of the phrases."""
        return frozenset(self.by_first)

    def match(self, lows: list[str], i: int) -> int:
        """Number of syllables of the longest phrase starting at ``lows[i]``, or 0."""
        try:
            phrases = self.by_first.get(lows[i])
        except IndexError:
            return 0
        if phrases is not None:  # (the loop of _longest, run here: this is called very often)
            for n, second, rest in phrases:
                if n == 1 or (lows[i + 1] == second and (n == 2 or (lows[i + 2] == rest[0] and lows[i + 2:i + n] == rest))):
                    return n
        return 0


class _PairLexicon(_Lexicon):
    """A :class:`_Lexicon` of many phrases that share first syllables (the gazetteer: 65 names
    start with "ban"), indexed by their first two syllables as well, so that a match
    tries only the phrases whose second syllable is the text's."""

    def __init__(self, phrases: Iterable[str]) -> None:
        super().__init__(phrases)
        by_pair: dict[tuple[str, str], list[tuple[int, str, list[str]]]] = {}
        ones: set[str] = set()
        for first, rows in self.by_first.items():
            for row in rows:  # longest first, as in by_first
                if row[0] == 1:
                    ones.add(first)
                else:
                    by_pair.setdefault((first, row[1]), []).append(row)
        self.by_pair = {key: tuple(rows) for key, rows in by_pair.items()}
        self.ones = frozenset(ones)

    def match(self, lows: list[str], i: int) -> int:
        """As :meth:`_Lexicon.match`: the phrases of one syllable come last, being the shortest.

        (:meth:`_Parser.known_name` runs the same match on a text's folded syllables, folding them as
        the names need.)
        """
        try:
            first = lows[i]
        except IndexError:
            return 0
        if first not in self.by_first:
            return 0
        rows = self.by_pair.get((first, lows[i + 1] if i + 1 < len(lows) else ""))
        if rows is not None:
            for n, _, rest in rows:
                if n == 2 or lows[i + 2:i + n] == rest:
                    return n
        return 1 if first in self.ones else 0


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
    trigger_rows: dict[str, tuple[tuple[Role, tuple[tuple[int, str, list[str]], ...]], ...]]
    unit_firsts: frozenset[str]
    subject_firsts: frozenset[str]
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
    head_rows: dict[str, tuple[tuple[tuple[int, str, list[str]], ...], ...]]
    head_seconds: dict[str, frozenset[str]]
    token_kinds: dict[str, int]
    kind_keys: frozenset[str]  # the keys of token_kinds (a set is tested a little faster than a dict)
    gazetteer: _PairLexicon
    qualifier_preps: _Lexicon
    qualifier_places: _Lexicon
    descriptor_verbs: _Lexicon
    separate: _Lexicon
    label_verbs: dict[str, _Lexicon]
    introductions: _Lexicon
    lead_predicates: _Lexicon
    company_forms: _Lexicon  # legal forms of a company, after which its name follows
    object_markers: _Lexicon  # words after a lead trigger's units that make them its object


def _read_toml(name: str) -> dict:
    """A TOML file of ``vnnotice/data``."""
    with resources.files("vnnotice.data").joinpath(name).open("rb") as fh:
        return tomllib.load(fh)


def _read_provinces() -> list[dict[str, str]]:
    """Rows of the default registry's province list."""
    path = resources.files("vnnotice.data").joinpath("registry", "provinces.csv")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _registry_abbreviations() -> frozenset[str]:
    """Short names of the gazetteer written as one word in capitals ("ACV", "EVN", "VNPT")."""
    return frozenset(n for n in gazetteer_names() if " " not in n and len(n) > 2 and n.isupper() and n.isalpha())


_LOADED: Final[list[_Vocab]] = []  # the vocabularies, once loaded (see _vocab)


def _vocab() -> _Vocab:
    """The vocabularies, loaded on first use (a list look-up: cheaper to call than a cached function)."""
    if not _LOADED:
        _LOADED.append(_load_vocab())
    return _LOADED[0]


def _load_vocab() -> _Vocab:
    """Load and compile the vocabularies."""
    types = _read_toml("unit_types.toml")
    trig = _read_toml("triggers.toml")
    abbr = _read_toml("abbreviations.toml")
    provinces = _read_provinces()
    lex = {k: _Lexicon(types[k]) for k in ("named", "standalone", "collective", "persons", "levels", "bodies")}
    triggers = {role: _Lexicon(trig[role]) for role in ("lead", "cooperate", "report_to")}
    titles = _Lexicon(trig["titles"])
    province_lex = _Lexicon(p["name"] for p in provinces)
    unit_firsts = frozenset().union(*(x.firsts for x in (*lex.values(), titles, province_lex)), _PLURALS)
    excluded, stops = _Lexicon(trig["excluded"]), _Lexicon(trig["stops"])
    openers = _Lexicon(trig["openers"])
    # per first syllable of a unit, the phrases of each lexicon read by _Parser.head
    row_lexicons = (excluded, lex["persons"], lex["standalone"], lex["named"], stops, lex["bodies"],
                    province_lex, lex["collective"], lex["levels"])
    trigger_firsts = frozenset().union(*(t.firsts for t in triggers.values()))
    head_rows = {first: tuple(x.by_first.get(first, ()) for x in row_lexicons) for first in unit_firsts}
    # per first syllable whose head phrases all have two syllables or more, their second syllables
    # (see _Parser.head: excluded phrases and stops only keep a head out, bodies are named heads)
    head_seconds = {}
    for first, row in head_rows.items():
        phrases = [p for k, rows in enumerate(row) if k not in (0, 4, 5) for p in rows]
        if all(p[0] > 1 for p in phrases):
            head_seconds[first] = frozenset(p[1] for p in phrases)
    return _Vocab(
        **lex,
        tail_phrases=_Lexicon(types["tail_phrases"]),
        name_words=_Lexicon(types["name_words"]),
        name_parts=frozenset(map(_intern, types["name_parts"])),
        abbreviations=frozenset(k.rstrip(".") for k in abbr["units"]) | _registry_abbreviations(),
        provinces=province_lex,
        cities=frozenset(p["name"].lower() for p in provinces if p["kind"] == "thành phố"),
        triggers=triggers,
        trigger_firsts=trigger_firsts,
        # per first syllable, the phrases of each role it starts, in the order _Reader.trigger tries them
        trigger_rows={first: tuple((role, triggers[role].by_first[first]) for role in ("cooperate", "report_to", "lead")
                                   if first in triggers[role].by_first) for first in trigger_firsts},
        unit_firsts=unit_firsts,
        subject_firsts=unit_firsts | openers.firsts | _BULLETS,  # what a subject can start with (see _Reader.read)
        fillers=_Lexicon(trig["fillers"]),
        not_after=frozenset(map(_intern, trig["not_after"])),
        not_before=frozenset(map(_intern, trig["not_before"])),
        chain_window=int(trig["chain_window"]),
        titles=titles,
        openers=openers,
        context_after=_Lexicon(trig["context_after"]),
        subject_verbs=_Lexicon(trig["subject_verbs"]),
        excluded=excluded,
        stops=stops,
        name_stops=_Lexicon(trig["name_stops"]),
        head_rows=head_rows,
        head_seconds=head_seconds,
        # (built key by key: a dict of str keys only is looked up faster than one copied from dict.fromkeys)
        token_kinds={k: kind for kinds in (dict.fromkeys(trigger_firsts, _TRIGGER), {",": _COMMA},
                                           dict.fromkeys(_CLAUSE_END - {"\n"}, _CLAUSE), {"": _ODD})
                     for k, kind in kinds.items()},
        kind_keys=frozenset(trigger_firsts | _CLAUSE_END | {",", ""}) - {"\n"},
        gazetteer=_PairLexicon(n for n in map(_strip, gazetteer_names()) if " " in n),
        qualifier_preps=_Lexicon(types["qualifier_preps"]),
        qualifier_places=_Lexicon(types["qualifier_places"]),
        descriptor_verbs=_Lexicon(types["descriptor_verbs"]),
        separate=_Lexicon(types["separate"]),
        label_verbs={role: _Lexicon(trig[f"label_{role}"]) for role in ("lead", "cooperate")},
        company_forms=_Lexicon(types["company_forms"]),
        object_markers=_Lexicon(trig["object_markers"]),
        introductions=_Lexicon(trig["introductions"]),
        lead_predicates=_Lexicon(trig["lead_predicates"]),
    )


class _Item:
    """One parsed unit: token range of the unit proper, and where its surface starts.

    (A plain class, not a dataclass: compiled, its constructor is native; a dataclass's is run by
    the interpreter.)
    """

    __slots__ = ("start", "end", "surface_start", "generic", "body", "bare", "new_group", "text", "head",
                 "collective", "place")

    def __init__(self, start: int, end: int, surface_start: int, generic: bool, body: bool = False,
                 bare: bool = False, new_group: bool = False, text: Optional[str] = None, head: int = 0,
                 collective: bool = False, place: Optional[str] = None) -> None:
        self.start = start
        self.end = end
        self.surface_start = surface_start
        self.generic = generic
        self.body = body
        self.bare = bare
        self.new_group = new_group
        self.text = text
        self.head = head  # length of the head, for items read by _Parser.unit
        self.collective = collective  # the head is a collective noun ("đoàn thể Thành phố")
        self.place = place  # the place of a distributed item ("tỉnh Gia Lai")

    def regrouped(self) -> _Item:
        """A copy that starts a new group (see :meth:`_Parser.units_of`)."""
        return _Item(self.start, self.end, self.surface_start, self.generic, self.body, self.bare, True, self.text,
                     self.head, self.collective, self.place)


class _Found:
    """A unit found in the text, before it becomes a record."""

    __slots__ = ("unit", "role", "start", "end")

    def __init__(self, unit: str, role: Role, start: int, end: int) -> None:
        self.unit = unit
        self.role: Role = role
        self.start = start
        self.end = end


class _Parser:
    """Reads unit lists over the tokens of one text.

    Tokens are kept as parallel lists (text ``tx``, lowercase form ``lo``)
    followed by ``_PAD`` empty sentinels, so index ``-1`` and a few indices
    past the end read as "no token"; word and capital flags are looked up by
    first character (``_WORD``, ``_CAPITAL``).  Offsets (:meth:`start`,
    :meth:`end`) are found on first use: most texts name no unit and never
    need them.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.v = _vocab()
        if "\u03a3" in text:
            line_starts = self._exact_tokens(text)
        else:
            line_starts = self._split_tokens(text)
            if _may_join_dot(text):
                line_starts = self._join_dots(line_starts)
        if not self._mark_clauses(line_starts):  # a piece with another mark in it: cut it, mark again
            self._mark_clauses(self._cut_pieces(line_starts))
        self.tx += _PADDING
        self.lo += _PADDING

    def folded(self, i: int, j: int) -> list[str]:
        """Tokens ``i`` to ``j`` in lower case without accents (đ -> d), as the gazetteer is keyed."""
        out = []
        for low in self.lo[i:j]:
            f = _FOLDED.get(low)
            if f is None:
                if len(_FOLDED) >= _CACHED_FOLDS:
                    _FOLDED.clear()
                f = _FOLDED[low] = _intern(low.translate(_BASE))
            out.append(f)
        return out

    def known_name(self, i: int, head: Optional[list[str]] = None) -> int:
        """Tokens of the longest gazetteer name at ``i`` (0 when none).

        With ``head`` (folded syllables of a head read elsewhere, "bo" in "Các
        Bộ: Văn hóa, Thể thao và Du lịch"), the name is ``head`` followed by
        the tokens at ``i``, and the count is of the tokens at ``i`` only.
        """
        gaz = self.v.gazetteer
        # the first two syllables say which names may follow (_PairLexicon.match, run here on the name's
        # syllables): the third is folded with them, most names fail on it, and the rest of a name's tokens
        # (at most _MAX_TAIL) are folded only when its third syllable is the text's
        end = min(i + _MAX_TAIL, self.n)
        if head is None:
            if i >= self.n:
                return 0
            first = _FOLDED.get(self.lo[i]) or self.folded(i, i + 1)[0]
            if first not in gaz.by_first:  # most tokens start no name: fold the rest only after one does
                return 0
            skip = 0
            window = self.folded(i, min(i + 3, end))  # (a list of its own: no empty head copied)
        else:
            if head[0] not in gaz.by_first:
                return 0
            skip = len(head)
            window = head + self.folded(i, min(i + max(3 - skip, 0), end))
        rows = gaz.by_pair.get((window[0], window[1] if len(window) > 1 else ""))
        found = 0
        if rows is not None:
            for n, _, rest in rows:  # (longest first)
                if n == 2:
                    found = 2
                    break
                if len(window) > 2 and window[2] == rest[0]:
                    if len(window) < n:
                        window += self.folded(i + len(window) - skip, min(i + n - skip, end))
                    if window[2:n] == rest:
                        found = n
                        break
        if not found and window[0] in gaz.ones:
            found = 1
        return max(found - skip, 0)

    def _split_tokens(self, text: str) -> list[int]:
        """Tokenize with ``str.split``; returns the index of the first token of each line.

        Every mark but "&" and "_" is a token of its own, so the usual marks are
        spaced out and the text split at whitespace: the pieces left are the
        alphanumeric runs of the token pattern.  A piece with another mark
        ("“Sở", "KH&ĐT"), found as it is lowercased (``_LOWERED`` gives it ""),
        is cut by the token pattern.  Texts where a dot may join an abbreviation
        ("TP. Hạ Long") then go through :meth:`_join_dots`; texts where a "Σ"
        makes lowercasing depend on the neighbours go to :meth:`_exact_tokens`
        instead.  (Splitting the text as it is and replacing each piece with a
        mark on it by its tokens, cut once for every text, was slower compiled:
        most texts have such pieces, and rebuilding the lists from the first
        of them cost more than the replacements; the marks' tests and
        replacements written out one by one instead of this loop saved
        nothing measurable.)
        """
        spaced = text
        for mark, wide in _SPACED:
            if mark in spaced:
                spaced = spaced.replace(mark, wide)
        tx, starts = _split_lines(spaced) if "\n" in spaced else (spaced.split(), [])
        # (no "Σ" here: a text with one goes to _exact_tokens.  Compiled, the comprehension is a native loop of
        # direct look-ups, a third faster than map over the bound __getitem__; pure Python, a little slower)
        lo: list[str] = [_LOWERED[t] for t in tx]
        self.tx, self.lo = tx, lo
        self._st: list[int] = []  # see _locate
        return starts

    def _join_dots(self, starts: list[int]) -> list[int]:
        """Join a short capitalised word and its dot when a capitalised word follows ("TP. Hạ Long"), as
        :func:`_merge_dots` joins the token pattern's spans; sets the offsets of every token and returns
        the new line starts.  The joined token's lowercase form is its word's ("TP." -> "tp").
        """
        if "" in self.lo:
            starts = self._cut_pieces(starts)
        text, tx, lo = self.text, self.tx, self.lo
        st: list[int] = []
        en: list[int] = []
        pos = 0
        for t in tx:  # (each token at the first character after the one before that is its own first, see _locate)
            first = ord(t[0])
            while ord(text[pos]) != first:
                pos += 1
            st.append(pos)
            pos += len(t)
            en.append(pos)
        joined = [k for k in range(1, len(tx)) if tx[k] == "." and en[k - 1] == st[k] and _DOT_ABBR.match(text, st[k - 1])]
        if joined:
            new_tx: list[str] = []
            new_lo: list[str] = []
            new_st: list[int] = []
            dots = set(joined)
            for k, t in enumerate(tx):
                if k in dots:
                    new_tx[-1] = text[new_st[-1]:en[k]]
                else:
                    new_tx.append(t)
                    new_lo.append(lo[k])
                    new_st.append(st[k])
            self.tx, self.lo = new_tx, new_lo
            st = new_st
            starts = [s - bisect_left(joined, s) for s in starts]  # (a joined dot never starts a line)
        self._st = st
        return starts

    def _cut_pieces(self, starts: list[int]) -> list[int]:
        """Cut the pieces of :meth:`_split_tokens` that hold another mark (lowercase form "") with the
        token pattern, in one pass (a splice per piece was quadratic); returns the new line starts."""
        new_tx: list[str] = []
        new_lo: list[str] = []
        moved = []  # the new index of each old token (of its first piece)
        for token, low in zip(self.tx, self.lo):
            moved.append(len(new_tx))
            if low:
                new_tx.append(token)
                new_lo.append(low)
            else:
                pieces = _FAST_TOKEN.findall(token)
                new_tx += pieces
                new_lo += [piece.lower() for piece in pieces]
        moved.append(len(new_tx))
        self.tx, self.lo = new_tx, new_lo
        return [moved[s] for s in starts]

    def _exact_tokens(self, text: str) -> list[int]:
        """Tokenize with the token pattern, joining abbreviation dots; returns the line starts.

        For texts with a "Σ", whose lowercase form depends on its neighbours: the text is lowercased whole.
        """
        spans = _merge_dots(text, [m.span() for m in _FAST_TOKEN.finditer(text)])
        self.tx = tx = [text[a:b] for a, b in spans]
        low = _str_lower(text)
        if len(low) == len(text):
            self.lo = [low[a:b] for a, b in spans]
            for k, (a, b) in enumerate(spans):
                if b - a > 1 and text[b - 1] == ".":
                    self.lo[k] = low[a:b - 1]
        else:
            self.lo = [_low(t) for t in tx]
        self._st = st = [a for a, _ in spans]
        starts = []
        pos = text.find("\n")
        while pos >= 0:
            starts.append(bisect_left(st, pos))
            pos = text.find("\n", pos + 1)
        return starts

    def _mark_clauses(self, line_starts: list[int]) -> bool:
        """Set ``n``, ``barrier`` (a clause starts at the token) and ``looked`` (tokens :class:`_Reader` reads).

        Clauses start at the first token, after a line break and after
        ``;:.!?``; the reader looks at clause starts, at tokens after a comma
        and at the first syllables of triggers.  One set look-up per token
        finds them all (their kinds are looked up in ``token_kinds`` then), and the pieces :meth:`_split_tokens` left uncut:
        False is returned at the first one (nothing is set).
        """
        lo = self.lo
        n = len(lo)
        barrier = [False] * (n + _PAD)  # (one list at its length: no second made, none grown)
        for m in range(n, n + _PAD):
            barrier[m] = True
        looked = [0]  # in order: each index found is at least the last one
        kinds, keys = self.v.token_kinds, self.v.kind_keys
        k = 0
        for low in lo:  # (a plain loop: compiled, it is a few machine instructions a token)
            if low in keys:
                # (every key of two characters or more is a trigger's first syllable: the marks have one)
                kind = _TRIGGER if len(low) > 1 else _COMMA if low == "," else kinds[low]
                if kind == _TRIGGER:
                    if k != looked[-1]:  # (a trigger after a comma is looked at once)
                        looked.append(k)
                elif kind == _ODD:
                    return False
                else:
                    looked.append(k + 1)
                    if kind == _CLAUSE:
                        barrier[k + 1] = True
            k += 1
        self.n = n
        barrier[0] = True
        if line_starts:
            looked = _merge_starts(looked, line_starts, barrier)
        if looked[-1] == n:
            looked.pop()
        self.barrier, self.looked = barrier, looked
        self._lists: dict[int, tuple[list[_Item], int]] = {}  # see unit_list
        return True

    def clause_start(self, i: int) -> int:
        """Index of the first token of the clause of token ``i`` (the last barrier at or before ``i``), or
        ``i - _CLAUSE_LOOKBACK - 1`` when it is farther back than that (the readers look no farther)."""
        barrier = self.barrier
        stop = i - _CLAUSE_LOOKBACK
        k = i
        while k >= stop:  # (barrier[0] is set: the walk ends at 0 at the latest)
            if barrier[k]:
                return k
            k -= 1
        return stop - 1

    def start(self, k: int) -> int:
        """Offset in the text where token ``k`` starts."""
        if k >= len(self._st):
            self._locate(k)
        return self._st[k]

    def end(self, k: int) -> int:
        """Offset in the text where token ``k`` ends (every token is a slice of the text as it is)."""
        return self.start(k) + len(self.tx[k])

    def _locate(self, k: int) -> None:
        """Find the offsets of the tokens up to ``k``.

        The tokens cover the text but for the white space between them, so a
        token starts at the first character after the one before that is its
        own first character (white space is no token's).  Only texts that
        name a unit need offsets, and only up to the units.
        """
        st, tx, text = self._st, self.tx, self.text
        j = len(st)
        pos = st[-1] + len(tx[j - 1]) if j else 0
        for m in range(j, min(k + 1, self.n)):
            t = tx[m]
            first = ord(t[0])
            while ord(text[pos]) != first:  # (compiled, ord of an indexed character makes no string)
                pos += 1
            st.append(pos)
            pos += len(t)

    # -- token helpers ----------------------------------------------------
    def punct(self, i: int, chars: str) -> bool:
        """True when token ``i`` is a punctuation mark among ``chars``."""
        t = self.tx[i]
        return len(t) == 1 and t in chars  # all of ``chars`` are marks

    def capital(self, i: int) -> bool:
        """True when token ``i`` is a capitalised word or a number."""
        return _CAPITAL[self.tx[i]]

    def low(self, i: int) -> str:
        """Lowercase form of token ``i`` ("" outside the text)."""
        return self.lo[i]

    def skip_cac(self, i: int) -> int:
        """Index after a plural or distributive determiner ("các", "mỗi" …)."""
        return i + 1 if self.lo[i] in _PLURALS else i

    def skip_titles(self, i: int) -> int:
        """Index after office-holder titles ("Giám đốc các", "Bí thư, Chủ tịch")."""
        j = self.skip_cac(i)
        titles = self.v.titles
        n = titles.match(self.lo, j) if self.lo[j] in titles.by_first else 0
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
        if not (0 <= i < self.n) or not (len(self.tx[i]) > 1 or _WORD[self.tx[i]]):  # (see name_end)
            return _NO_HEAD
        v, lo = self.v, self.lo
        row = v.head_rows.get(lo[i])
        if row is None:  # no head starts with this syllable: an abbreviation or nothing
            if self.tx[i] in v.abbreviations and not v.excluded.match(lo, i):
                return _ABBR_HEAD
            return _NO_HEAD
        seconds = v.head_seconds.get(lo[i])
        if seconds is not None and lo[i + 1] not in seconds:  # no head phrase goes on with lo[i + 1]
            if self.tx[i] in v.abbreviations and not (row[0] and _longest(row[0], lo, i)):  # (row[0]: excluded)
                return _ABBR_HEAD
            return _NO_HEAD
        # phrases starting with lo[i] per lexicon, () when there are none (unpacked only here: most
        # syllables fail the test above)
        excluded, persons, standalone, named, stops, bodies, provinces, collective, levels = row
        if excluded and _longest(excluded, lo, i):
            return _NO_HEAD
        upper = _CAPITAL[self.tx[i]]  # (keyed by the whole token, whose hash is known: no first character cut out)
        closed = max(_longest(persons, lo, i), _longest(standalone, lo, i)) if persons or standalone else 0
        n = _longest(named, lo, i) if named else 0
        if upper and closed and closed >= n:
            return closed, False, False, "closed"
        if closed and closed >= n and lo[i + closed - 1] in _COMMITTEES:
            return closed, True, False, "generic"  # "tỉnh ủy", "các huyện ủy, thành ủy": common nouns
        if n and upper and (_longest(stops, lo, i) if stops else 0) <= n:
            return n, False, bool(bodies and _longest(bodies, lo, i)), "named"
        if self.tx[i] in v.abbreviations:
            return _ABBR_HEAD
        n = _longest(provinces, lo, i) if provinces else 0
        if n and upper:
            return n, False, False, "closed"
        n = _longest(collective, lo, i) if collective else 0
        if n:
            # a collective noun used as a verb ("Tổ chức triển khai") is no head: a longer
            # stop phrase, or one as long, unless "các"/"với" … comes before or "," after
            stop = _longest(stops, lo, i) if stops else 0
            if not (stop > n or (stop == n and lo[i - 1] not in _BEFORE_NOUN and self.tx[i + n] != ","
                                 and not v.name_words.match(lo, i + n))):  # "tổ chức chính trị - xã hội"
                return n, True, bool(bodies and _longest(bodies, lo, i)), "generic"
        n = _longest(levels, lo, i) if levels else 0
        return (n, True, False, "closed") if n else _NO_HEAD

    def joins_name(self, j: int) -> bool:
        """True when "và" or a dash at ``j`` joins two parts of one name."""
        if self.capital(j + 1) and not (self.tx[j] in _DASHES and self.v.stops.match(self.lo, j + 1) > 1) \
                and not self.v.titles.match(self.lo, j + 1):  # "… và Chủ tịch UBND …": another unit
            h = self.head(j + 1)
            return h[0] == 0 or (h[3] == "closed" and h[1] and not self.capital(j + 1 + h[0]))
        return False

    def modifier_list(self, j: int) -> bool:
        """True when the comma at ``j`` joins two name words modifying one collective noun.

        "các lực lượng quân đội, công an địa phương": the word before the comma
        and the one after it are name words, and the one after is no head.
        """
        v, lo = self.v, self.lo
        k = j + 1
        if self.capital(k) or not (n := v.name_words.match(lo, k)) or v.stops.match(lo, k) >= n:
            return False  # ("quản lý thị trường" is a name word longer than the verb "quản lý")
        prev = next((m for m in range(1, 5) if v.name_words.match(lo, j - m) == m), 0)
        return bool(prev) and not self.head(k)[0] or (bool(prev) and v.collective.match(lo, k) == n)

    def comma_joins(self, j: int) -> bool:
        """True when the comma at ``j`` is inside a name ("Sở Văn hóa, Thể thao và Du lịch")."""
        if not self.capital(j + 1) or self.head(j + 1)[0]:
            return False
        for k in range(j + 2, min(j + 5, self.n)):
            if self.lo[k] == "và":
                return self.capital(k + 1) and not self.head(k + 1)[0]
            if not _WORD[self.tx[k]] or self.lo[k] in _PLURALS:
                return False
        return False

    def name_end(self, i: int, mode: str = "generic", commas: bool = True, after: str = "head") -> int:
        """End of the name that follows a head, starting at ``i`` (see :meth:`head`).

        ``commas`` allows a comma inside the name; distributive lists turn it
        off.  ``after`` is what comes before ``i``: a head, or ``"cap"`` for
        the end of a known name (what follows is read as after a capitalised word).
        """
        v, lo, barrier = self.v, self.lo, self.barrier
        j, kind, lone, company = i, after, False, False
        while j - i < _MAX_TAIL and j < self.n and not (j > i and barrier[j]):
            t, low = self.tx[j], lo[j]
            # (a token of two characters or more is a word: the marks are tokens of one character)
            word, capital = len(t) > 1 or _WORD[t], _CAPITAL[t]
            # (the by_first tests only skip calls that would find nothing)
            n = v.tail_phrases.match(lo, j) if (mode != "closed" or j > i) and low in v.tail_phrases.by_first else 0
            if not n and mode in ("named", "generic") and kind != "level" and (kind == "head" or not capital):
                n = v.name_words.match(lo, j) if low in v.name_words.by_first else 0
            level = v.levels.match(lo, j) if word and low in v.levels.by_first else 0
            if not n and word and (mode == "generic" or kind == "level" or (kind == "lower" and j > i)):
                n = self.qualifier(j, kind)
            if n:
                j, kind = j + n, "lower"
            elif level and capital and lo[j + level] in _COMMITTEES:
                j, kind = j + level + 1, "cap"  # "Văn phòng Tỉnh ủy", "Ủy ban Kiểm tra Huyện ủy": the committee ends the name
            elif level and not (lo[j] == "xã" and lo[j + 1] == "hội"):
                j, kind = j + level, "level"
            elif lo[j] in _PLURALS and (v.levels.match(lo, j + 1) or v.name_words.match(lo, j + 1)):
                if kind != "head" and v.levels.match(lo, j + 1) and self.capital(j + 2):
                    break
                j += 1
            elif capital and (form := v.company_forms.match(lo, j)):
                j, kind, company = j + form, "head", True  # "Công ty Cổ phần Xây dựng …": the name follows the legal form
            elif capital:
                if not (kind == "head" and mode == "named" or kind == "joiner") and self.ends_name(j, False):
                    break
                if barrier[j] and v.stops.match(lo, j):
                    break  # "… các xã, phường\nTrên cơ sở …": a new line opens with a function word
                lone = kind != "cap"
                j, kind = j + max(1, v.named.match(lo, j) if low in v.named.by_first else 0), "cap"
            elif word and company and self.bridge(j, _COMPANY_REACH, stops=True):
                j, kind = j + 1, "lower"  # "Công ty TNHH MTV Quản lý khai thác công trình thủy lợi Nam Định"
            elif word:
                if lo[j] in ("và", "hoặc"):
                    if lo[j] == "và" and (self.joins_name(j) or (kind == "lower" and v.name_words.match(lo, j + 1))):
                        j, kind = j + 1, "joiner"
                        continue
                    break
                if kind == "cap" and lone and lo[j] in v.name_parts:
                    j, kind = j + 1, "lower"
                elif kind == "head" and mode == "named" and v.collective.match(lo, j):
                    return self.name_end(j, "generic", commas)
                elif low in v.stops.by_first and v.stops.match(lo, j):
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
            elif t == "," and commas and mode == "generic" and kind == "lower" and self.modifier_list(j):
                j, kind = j + 1, "joiner"  # "các đơn vị quân đội, công an đóng trên địa bàn"
            elif t == "/" and v.levels.match(lo, j + 1):
                j += 1
            else:
                break
        return j

    def qualifier(self, j: int, kind: str) -> int:
        """Tokens of a qualifier at ``j`` that continues a collective or plural name; 0 when none.

        A place ("trên địa bàn", "trong và ngoài nước", "tại địa phương"), a
        stretch "từ A đến B" between capitalised names ("các tỉnh từ Nghệ An
        đến Huế"), or, right after the head, a descriptor verb with its object
        ("cung cấp dịch vụ", "có dự án").
        """
        v, lo = self.v, self.lo
        if kind == "level" and "các" in lo[max(j - 6, 0):j] and (n := v.name_words.match(lo, j)):
            return n  # "các tỉnh, thành phố ven biển": a noun after a plural level
        if lo[j] in v.qualifier_preps.by_first and (n := v.qualifier_preps.match(lo, j)):
            m = v.qualifier_places.match(lo, j + n) or v.levels.match(lo, j + n)
            return n + m if m else 0
        if lo[j] == "từ" and self.capital(j + 1):
            k = j + 1
            while self.capital(k) and not self.barrier[k]:
                k += 1
            if lo[k] == "đến" and self.capital(k + 1) and k > j + 1:
                k += 1
                while self.capital(k) and not self.barrier[k]:
                    k += 1
                return k - j
            return 0
        plural_level = kind == "level" and "các" in lo[max(j - 6, 0):j]  # "UBND các xã, phường có rừng …"
        if (kind == "head" or plural_level) and lo[j] in v.descriptor_verbs.by_first \
                and (n := v.descriptor_verbs.match(lo, j)):
            if v.stops.match(lo, j) > n:  # "có trách nhiệm"
                return 0
            k = j + n
            if _WORD[self.tx[k]] and not self.capital(k) and not self.barrier[k] and not v.stops.match(lo, k) \
                    and not v.fillers.match(lo, k) and lo[k] not in _PLURALS and lo[k] not in ("và", "hoặc"):
                if not plural_level:
                    return n + (v.name_words.match(lo, k) or 1)
                # after a level the name is read "closed": take the object's lowercase words here
                e = k
                while e < min(k + _MAX_OBJECT, self.n) and _WORD[self.tx[e]] and not self.capital(e) \
                        and not self.barrier[e] and lo[e] not in ("và", "hoặc"):
                    m = v.name_words.match(lo, e)  # "công trình" before the verb "trình"
                    if not m and v.stops.match(lo, e):
                        break
                    e += m or 1
                return e - j
        return 0

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

    def bridge(self, j: int, reach: int = 3, stops: bool = False) -> bool:
        """True when lowercase words at ``j`` lead on to more of the name.

        Up to three lowercase words that are not stop words, followed by a
        capitalised word that is neither a head nor a stop ("Bệnh viện Mắt
        Quốc tế Việt Nga", "Tập đoàn Bưu chính viễn thông Việt Nam").
        """
        v, lo = self.v, self.lo
        for k in range(j, min(j + reach + 1, self.n)):
            if self.capital(k):
                # (a company's name may end with its province: "… công trình thủy lợi Nam Định")
                return k > j and self.tx[k][0].isalpha() and not (self.head(k)[0] and not (stops and v.provinces.match(lo, k))) \
                    and not self.ends_name(k, False) and not v.stops.match(lo, k)
            if not _WORD[self.tx[k]] or (not stops and v.stops.match(lo, k)) \
                    or lo[k] in ("và", "hoặc", "các") or (stops and (lo[k] in _GOVERNED or v.fillers.match(lo, k))):
                return False
        return False

    def unit(self, i: int) -> Optional[_Item]:
        """Parse one unit (titles, "các", head, name) starting at ``i``."""
        v = self.v
        if self.lo[i] not in v.unit_firsts and self.tx[i] not in v.abbreviations:
            return None  # no title, "các" nor head can start here
        lo = self.lo
        if lo[i] in v.standalone.by_first and v.standalone.match(lo, i):
            j = i
        else:
            k = i + 1 if lo[i] in _PLURALS else i  # where skip_titles looks for a title
            j = self.skip_titles(i) if lo[k] in v.titles.by_first else i
            if lo[j] in _PLURALS:
                j += 1
        n, generic, body, mode = self.head(j)
        if not n:
            return None
        end = self.name_end(j + n, mode)
        if end == j + n and mode == "named" and lo[j - 1] in _PLURALS and v.collective.match(lo, j) == n:
            end = self.name_end(j + n, "generic")  # "các Tập đoàn lớn trên thế giới": a plural is a collective
            generic = generic or end > j + n
        known = self.known_name(j) if mode != "generic" or self.capital(j + n) else 0
        if known > n and j + known > end:  # a name of the gazetteer, read to its end
            end = self.name_end(j + known, "named", after="cap")
        bare = end == j + n
        named = not bare and self.capital(j + n)
        collective = generic
        generic = (generic and not named) or (bare and mode == "named")
        return _Item(j, end, i, generic, body and bare, bare, False, None, n, collective)

    # -- lists ------------------------------------------------------------
    def unit_list(self, i: int) -> tuple[list[_Item], int]:
        """Parse a list of units at ``i``; returns the items and the end index.

        The list at a position is read once: a clause's opening list is asked
        for again by the triggers after it (see :meth:`_Reader.narrated`).
        The lists returned are shared: their items are not to be changed.
        """
        found = self._lists.get(i)
        if found is None:
            found = self._lists[i] = self._unit_list(i)
        return found

    def _unit_list(self, i: int) -> tuple[list[_Item], int]:
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
                nxt = self.headless_member(k)
            if nxt is None:
                break
            dist = None
            prev = items[-1]
            if nxt.collective and prev.bare and not prev.collective and prev.text is None and self.tx[j] == ",":
                dist = self.distribute(nxt, head=prev)  # "Các Bộ, cơ quan: Nội vụ, Tư pháp"
                if dist is not None:
                    items.pop()
            if dist is None:
                dist = self.distribute(nxt)
                if dist is not None:
                    items.extend(self.share_distribution(items, dist[0]))
            if dist is not None:
                items.extend(dist[0])
                j = dist[1]
                continue
            nxt.new_group = nxt.start != k or self.low(k - 1) in ("và", "hoặc") and not items[-1].generic
            items.append(nxt)
            j = self.absorb_levels(nxt, nxt.end)
        return items, self.parenthetical(items, j)

    def headless_member(self, k: int) -> Optional[_Item]:
        """A capitalised name with no known head between two members of a list
        ("Sở Y tế, Bưu điện tỉnh và các doanh nghiệp …"): a unit when another unit follows it."""
        if k >= self.n or self.barrier[k] or not self.capital(k) or self.ends_name(k, False) \
                or self.v.stops.match(self.lo, k) or self.v.excluded.match(self.lo, k):
            return None
        end = self.name_end(k, "named", commas=False)
        if end <= k or end >= self.n or self.barrier[end]:
            return None
        nxt = end + 1 if self.tx[end] == "," or self.lo[end] in ("và", "hoặc") else None
        if nxt is None or (self.tx[end] == "," and self.low(nxt) in ("và", "hoặc") and not (nxt := nxt + 1)):
            return None
        return _Item(k, end, k, False) if self.unit(nxt) is not None else None

    def absorb_levels(self, item: _Item, j: int) -> int:
        """Merge a following ", xã, phường" style list of levels into ``item``."""
        while self.punct(j, ",/") and self.v.levels.match(self.lo, j + 1):
            if self.capital(j + 1) and self.head(j + 1)[0] > self.v.levels.match(self.lo, j + 1):
                break  # '…, Tỉnh đoàn': the next unit's head, not a level of this one
            k = j + 1 + self.v.levels.match(self.lo, j + 1)
            if self.capital(k):
                if self.ends_name(k, False) or self.barrier[k]:  # '… tỉnh, thành phố Khẩn trương rà soát': the level ends it
                    item.end = k
                    return k
                break
            j = self.name_end(k, "named", after="level")
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
        items.extend(item.regrouped() for item in sub)  # (copies: the lists of unit_list are shared)
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
            last = levels[0] + self.v.levels.match(self.lo, levels[0]) - 1
            return _str_lower(self.text[self.start(levels[0]):self.end(last)])
        return "thành phố" if _str_lower(name) in self.v.cities else "tỉnh"

    def distribute(self, first: _Item, head: Optional[_Item] = None) -> Optional[tuple[list[_Item], int]]:
        """Expand "Các Bộ: Tài chính, Y tế" or "các tỉnh A, B" into one item each.

        The levels may come at the end of a longer name ("Bộ Chỉ huy Quân sự
        các tỉnh: A, B") and be followed by a qualifier before the colon ("Ủy
        ban nhân dân các tỉnh, thành phố trực thuộc Trung ương: A, B").
        ``head`` is a bare unit listed before ``first`` whose head the names
        take instead ("Các Bộ, cơ quan: Nội vụ, Tư pháp" -> "Bộ Nội vụ").
        """
        h, n = first.start, first.head
        lo = self.lo
        c = h + n
        if lo[c] != "các" and self.tx[c] != ":" and lo[h - 1] != "các":
            at = 0  # (a plain loop: no slice, no generator)
            for k in range(c, first.end):
                if lo[k] == "các" and self.v.levels.match(lo, k + 1):
                    at = k
                    break
            c = at
            if not c:
                return None  # no levels, colon nor plural (the test below, in short)
        if self.v.standalone.match(lo, h) or self.v.persons.match(lo, h):
            return None
        j, levels = c, []
        if self.low(j) == "các" and self.v.levels.match(self.lo, j + 1):
            j += 1
            while True:
                levels.append(j)
                j += self.v.levels.match(self.lo, j)
                if not (self.punct(j, ",") and self.v.levels.match(self.lo, j + 1)):
                    break
                j += 1
            if not self.punct(j, ":") and self.punct(e := self.name_end(j, "named", after="level"), ":"):
                j = e  # "… trực thuộc Trung ương:"
        colon = self.punct(j, ":")
        k = j + 1 if colon else j
        plural = self.low(h - 1) == "các"
        if not (colon or plural or levels) or not self.capital(k):
            return None
        hs, he = (head.start, head.end) if head is not None else (h, c)
        names: list[tuple[int, int]] = []
        head_folded = self.folded(hs, he)
        while self.capital(k) and (colon or not self.head(k)[0] or self.v.provinces.match(self.lo, k)):
            e = self.name_end(k, "named", commas=False)
            known = self.known_name(k, head_folded)
            if k + known > e:  # "Các Bộ: …, Văn hóa, Thể thao và Du lịch"
                e = self.name_end(k + known, "named", commas=False, after="cap")
            e = max(e, k + self.v.standalone.match(self.lo, k))  # "…, Văn phòng Chính phủ"
            if colon and self.head(k)[3] == "named":  # "Các cơ quan: …, Sở Văn hóa, Thể thao và Du lịch"
                e = max(e, k + self.known_name(k))
            if e == k:
                break
            names.append((k, e))
            if not (self.punct(e, ",") or self.low(e) == "và") or self.barrier[e + 1]:
                break
            k = e + 1
        if len(names) < (1 if colon else 2):
            return None
        head_text = self.span_text(hs, he)
        out = []
        for a, b in names:
            name = self.span_text(a, b)
            if not levels and self.whole_name(a, b):  # "Các Bộ, cơ quan: Nội vụ, …, Văn phòng Chính phủ"
                out.append(_Item(a, b, first.surface_start, False, new_group=True))
                continue
            place = f"{self.level_prefix(levels, name)} {name}" if levels else name
            out.append(_Item(a, b, first.surface_start, False, new_group=True, text=f"{head_text} {place}",
                             place=place if levels else None))
        return out, names[-1][1]

    def whole_name(self, a: int, b: int) -> bool:
        """True when the member ``a:b`` of a distributive list is a body's whole name, which takes
        no head: a standalone name ("Văn phòng Chính phủ") or a named head with its name
        ("Ngân hàng Nhà nước Việt Nam", "Văn phòng UBND tỉnh")."""
        n = self.v.standalone.match(self.lo, a)
        if n:
            return a + n >= b
        h = self.head(a)
        if not (h[0] and h[3] == "named" and self.capital(a)):
            return False  # ("Công an" is a ministry's short name: a collective head, not a named one)
        return b > a + h[0] or self.known_name(a) > h[0]  # a named head with its name: "Văn phòng UBND tỉnh"

    def share_distribution(self, items: list[_Item], dist: list[_Item]) -> list[_Item]:
        """Bare bodies listed before a distributed unit, distributed over its places too.

        "Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: A, B" gives
        "tỉnh ủy A" and "tỉnh ủy B" besides the committees; a body whose name
        holds no level takes the level with the place ("HĐND và UBND các
        tỉnh: A" -> "HĐND tỉnh A").
        """
        shared: list[_Item] = []
        while items and items[-1].bare and items[-1].text is None \
                and (not items[-1].collective or self.lo[items[-1].end - 1] in _COMMITTEES) \
                and dist[0].place and not items[-1].new_group:
            shared.insert(0, items.pop())
        if not shared and items and items[-1].bare and items[-1].text is None and items[-1].start == items[-1].surface_start \
                and dist[0].place and self.v.standalone.match(self.lo, items[-1].start):
            shared.append(items.pop())
        out = []
        for item in shared:
            body = self.span_text(item.start, item.end)
            has_level = self.lo[item.end - 1] in _COMMITTEES or any(
                self.v.levels.match(self.lo, k) for k in range(item.start, item.end))
            for d in dist:
                name = self.span_text(d.start, d.end)
                out.append(_Item(d.start, d.end, item.surface_start, False, new_group=True,
                                 text=f"{body} {name if has_level else d.place}", place=d.place))
        return out

    # -- turning items into units -------------------------------------------
    def span_text(self, a: int, b: int) -> str:
        """Text of tokens ``a`` to ``b`` (exclusive)."""
        return self.text[self.start(a):self.end(b - 1)]

    def units_of(self, items: list[_Item]) -> list[tuple[str, int, int]]:
        """(unit, start token, end token) per unit: generic runs joined, suffixes shared."""
        groups: list[list[_Item]] = []
        for item in items:
            prev = groups[-1][-1] if groups else None
            if prev and prev.generic and prev.bare and item.text is None and (
                    (item.generic and not item.new_group) or (item.collective and not prev.body and self.shared_tail(item))) \
                    and not self.v.separate.match(self.lo, item.start) \
                    and not (prev.body and not item.bare and self.v.bodies.match(self.lo, item.start)):
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

    def shared_tail(self, item: _Item) -> bool:
        """True when the name after a collective head says where or whose the bodies are.

        Such a tail is shared by the bare nouns listed before it ("các sở, ban,
        ngành, đoàn thể Thành phố", "cơ quan, đơn vị liên quan"); a tail that
        says which bodies ("tổ chức chính trị - xã hội") is not.
        """
        v, lo, t = self.v, self.lo, item.start + item.head
        if v.levels.match(lo, t) or v.qualifier_preps.match(lo, t):
            return True
        n = v.tail_phrases.match(lo, t)
        # "của địa phương", "liên quan" are shared; "của Ban Chỉ đạo" names whose members they are
        return bool(n) and not (self.capital(t + n) and not v.levels.match(lo, t + n))

    def shared_suffix(self, items: list[_Item]) -> Optional[str]:
        """The place suffix of the last item, shared by bare bodies before it."""
        if len(items) < 2 or items[-1].bare or not any(i.body and i.bare for i in items[:-1]):
            return None
        last = items[-1]
        n = self.head(last.start)[0]
        return self.span_text(last.start + n, last.end) if last.end > last.start + n else None


def _clean_unit(text: str) -> str:
    """Unit as gold writes it: whitespace folded, "các" dropped (but in "các cấp", "of all levels")."""
    # (lowercasing the text lowercases each word: a word "các" is found in it; only "á" and "Á" lower to "á")
    if ("á" in text or "Á" in text) and "các" in _str_lower(text):
        split = text.split()
        split = [w for k, w in enumerate(split) if _str_lower(w) != "các" or split[k + 1:k + 2] == ["cấp"]]
        return " ".join(split).strip(" ,;.:-")
    if text.isprintable() and "  " not in text:
        # no white space but single spaces (every other white space character is unprintable): folding it
        # would only take spaces off the ends, which the strip takes off too
        return text.strip(" ,;.:-")
    return " ".join(text.split()).strip(" ,;.:-")


# old-style tone placement on the "oa", "oe", "uy" rhymes ("hoá", "thuỷ") and its modern form ("hóa", "thủy")
_OLD_TONES: Final = regex.compile(r"(?<![qQ])([oOuU])([áàảãạÁÀẢÃẠéèẻẽẹÉÈẺẼẸýỳỷỹỵÝỲỶỸỴ])(?![\p{L}])", regex.V1)
_TONE_OF: Final = {ch: mark for base, chars in (("a", "áàảãạ"), ("e", "éèẻẽẹ"), ("y", "ýỳỷỹỵ")) for ch, mark in
            zip(chars + chars.upper(), ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323") * 2)}
_BARE: Final = {ch: unicodedata.normalize("NFD", ch)[0] for ch in _TONE_OF}
_CANONICAL_WORD: Final = regex.compile(r"[\p{L}\p{N}&]+(?:\.(?=[ \t]*\p{Lu}))?", regex.V1)


def _modern_tone(match: "regex.Match[str]") -> str:
    vowel, toned = match.group(1), match.group(2)
    return unicodedata.normalize("NFC", vowel + _TONE_OF[toned]) + _BARE[toned]


@lru_cache(maxsize=1)
def _canonical_tables() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """Abbreviations of units and places (``abbreviations.toml``), the short ones, and the level words."""
    abbr = _read_toml("abbreviations.toml")
    expand = {k.rstrip("."): v for table in ("units", "places") for k, v in abbr[table].items() if len(k.rstrip(".")) > 1}
    # two letters of a unit ("CP", "BV") stand for a unit only as its first word ("Công ty CP …" is no Government)
    short = frozenset(k for k in abbr["units"] if len(k) == 2)
    levels = frozenset(("tỉnh", "thành phố", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu"))
    return expand, short, levels


_CANONICAL: Final[dict[str, str]] = {}  # unit -> canonical_name(unit), for the units seen last
_UNIT_FORMS: Final[dict[str, tuple[str, str]]] = {}  # unit -> (_fold(unit), canonical_name(unit)), see find_units
_CACHED_UNITS: Final = 65536


def canonical_name(unit: str) -> str:
    """One spelling of a unit for trackers and grouping.

    Abbreviations of ``abbreviations.toml`` are expanded ("UBND xã, phường" ->
    "Ủy ban nhân dân xã, phường", "Sở VHTTDL" -> "Sở Văn hóa, Thể thao và Du
    lịch", "TP." -> "thành phố"), tone marks are placed the modern way
    ("Văn hoá" -> "Văn hóa", "Uỷ ban" -> "Ủy ban"), a capitalised level word
    inside the name is lowered ("UBND Tỉnh" -> "Ủy ban nhân dân tỉnh") and
    spacing is folded.

    >>> canonical_name("UBND xã, phường") == canonical_name("Ủy ban nhân dân xã, phường")
    True
    """
    name = _CANONICAL.get(unit)
    if name is None:
        if len(_CANONICAL) >= _CACHED_UNITS:
            _CANONICAL.clear()
        name = _CANONICAL[unit] = _canonical_name(unit)
    return name


def _canonical_name(unit: str) -> str:
    """:func:`canonical_name`, not cached."""
    expand, short, levels = _canonical_tables()
    text = unicodedata.normalize("NFC", " ".join(unit.split()))
    text = _OLD_TONES.sub(_modern_tone, text)

    def word(m: "regex.Match[str]") -> str:
        w = m.group()
        if m.start() and w in short:
            return w
        return expand.get(w.rstrip("."), w)

    text = _CANONICAL_WORD.sub(word, text)
    words = text.split(" ")
    out = []
    k = 0
    while k < len(words):
        two = " ".join(words[k:k + 2])
        if k and _str_lower(two) in levels and two[:1].isupper():
            out.append(_str_lower(two))
            k += 2
            continue
        if k and _str_lower(words[k]) in levels and words[k][:1].isupper():
            out.append(_str_lower(words[k]))
        else:
            out.append(words[k])
        k += 1
    return " ".join(out).replace(" .", ".")


def _fold(unit: str) -> str:
    """Key for de-duplicating units of one role."""
    return " ".join(_str_lower(unit).split())


class _Reader:
    """Finds the roles of the units of one text."""

    def __init__(self, text: str) -> None:
        self.p = _Parser(text)
        self.found: list[_Found] = []
        self.last_report: Optional[int] = None
        self.heading_end = -1
        self.not_subject = 0  # end of the last unit list read as no subject
        self.narrated_at: dict[int, int] = {}  # clause start -> index of "đã" after its subject, or -1
        self._depth_at = (0, 0)  # (token, bracket depth before it), see bracket_depth
        self.run_end: dict[int, int] = {}  # see subject

    def read(self) -> list[_Found]:
        """All units with roles, in text order."""
        p = self.p
        lo, tx, barrier = p.lo, p.tx, p.barrier
        v = p.v
        firsts = v.trigger_firsts
        # what a subject can start with: an opener, a bullet, a unit (see subject); marks are their own lowercase
        may_open, abbreviations = v.subject_firsts, v.abbreviations
        i = 0
        for k in p.looked:  # only clause starts, tokens after a comma and trigger words
            if k < i:
                continue
            if barrier[k]:
                self.last_report = None
            nxt = self.trigger(k) if lo[k] in firsts else 0
            # a unit list that is no subject is no subject from its later items either (k < not_subject)
            if not nxt and k >= self.not_subject and tx[k] != "," and (barrier[k] or (tx[k - 1] == "," and not barrier[k - 1])) and (
                    lo[k] in may_open or tx[k] in abbreviations):
                nxt = self.subject(k)
            i = nxt or k + 1
        found = self.found
        for k in range(1, len(found)):  # (most are found in text order: the sort is stable, so it is skipped then)
            a, b = found[k - 1], found[k]
            if b.start < a.start or (b.start == a.start and b.end < a.end):
                return sorted(found, key=lambda f: (f.start, f.end))
        return found

    def trigger(self, i: int) -> int:
        """Read the trigger at token ``i``; the next index to look at, 0 when there is none."""
        p = self.p
        if self.narrated(i):
            return 0
        lo = p.lo
        for role, phrases in p.v.trigger_rows[lo[i]]:
            n = _longest(phrases, lo, i)
            if n and self.trigger_ok(i, n):
                return self.after_trigger(role, i, n)
        return 0

    def narrated(self, i: int) -> bool:
        """True when the clause of the trigger at ``i`` tells what was done ("Bộ Xây dựng đã … báo cáo …").

        A unit followed by "đã" opens the clause: what follows reports the
        past, it gives no task.
        """
        p = self.p
        s = p.clause_start(i)
        if s < i - _CLAUSE_LOOKBACK or not (p.lo[s] in p.v.unit_firsts or p.tx[s] in p.v.abbreviations):
            return False
        if s not in self.narrated_at:
            items, end = p.unit_list(s)
            self.narrated_at[s] = end if items and p.lo[end] == "đã" else -1
        end = self.narrated_at[s]
        if 0 <= end < i:
            k = i
            while k < p.n and not p.barrier[k]:
                k += 1
            self.not_subject = max(self.not_subject, k)  # no subject in the rest of the clause either
            return True
        return False

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
        fillers = p.v.fillers
        while p.lo[j] in fillers.by_first and (m := fillers.match(p.lo, j)):
            j += m
        if role == "report_to" and self.last_report is not None and p.start(i) - self.last_report < p.v.chain_window:
            return j
        items, end = p.unit_list(j)
        if items and role == "lead" and p.v.object_markers.match(p.lo, end):
            return end  # "đôn đốc các xã trong việc …": the units are urged, not told to act
        if not items and role == "report_to":
            # problems are raised "về" a unit; "phản ánh … cho" is the press informing the public
            items, end = self.report_target(j, ("về",) if p.lo[i] == "phản" else _REPORT_PREPS)
        if not items and role == "report_to":
            items, end = self.bare_title(j)
        if not items:
            return j
        self.add(items, role)
        if role == "report_to":
            self.last_report = p.end(end - 1)
            end = self.via(end)
        return end

    def bare_title(self, j: int) -> tuple[list[_Item], int]:
        """An office holder with no body after it ("trình Giám đốc phê duyệt") as the unit."""
        p = self.p
        n = p.v.titles.match(p.lo, j)
        if not n or not p.capital(j) or p.head(p.skip_cac(j + n))[0]:
            return [], j
        return [_Item(j, j + n, j, False)], j + n

    def report_target(self, j: int, preps: tuple[str, ...] = _REPORT_PREPS) -> tuple[list[_Item], int]:
        """Units after "về"/"cho"/"lên" (``preps``) later in the clause ("báo cáo kết quả về Sở Y tế")."""
        p = self.p
        for k in range(j, min(p.n - 1, j + 25)):
            if k > j and p.barrier[k]:
                break
            if p.lo[k] in preps and not p.barrier[k + 1]:
                items, end = p.unit_list(k + 1)
                if items:
                    return items, end
        return [], j

    def via(self, j: int) -> int:
        """Read the channel of a report ("(qua Sở X)", "thông qua Văn phòng"): a recipient too.

        ``j`` is the end of the report_to units; the index after the channel
        is returned (``j`` when there is none).
        """
        p = self.p
        k = j
        for k in range(j, min(j + 12, p.n)):  # "báo cáo UBND tỉnh về kết quả (qua Sở Nội vụ)"
            if p.barrier[k] or p.lo[k] in ("qua", "(") or p.v.triggers["report_to"].match(p.lo, k):
                break
        if k > j and p.lo[k] in ("qua", "(") and (p.lo[k] == "(" or p.lo[k - 1] == "thông"):
            j = k - (p.lo[k] == "qua")
        bracket = p.punct(j, "(")
        k = j + bracket
        k += p.low(k) == "thông"
        if p.low(k) != "qua" or (k == j and p.barrier[j]):
            return j
        items, end = p.unit_list(k + 1)
        if not items or (bracket and not p.punct(end, ")")):
            return j
        self.add(items, "report_to")
        return end + bracket

    def subject(self, i: int) -> int:
        """Read a clause-opening unit list as the lead; 0 when there is none."""
        p = self.p
        start = i
        after_comma = not p.barrier[i]
        v, lo = p.v, p.lo
        # where each start's run of openers and bullets ends, kept: a run of many commas is walked once (the
        # list is made only when a run is walked: most starts have none)
        walked: Optional[list[int]] = None
        while i not in self.run_end:
            n = v.openers.match(lo, i) if lo[i] in v.openers.by_first else 0
            if not (n or p.tx[i] in _BULLETS):
                break
            if walked is None:
                walked = [i]
            else:
                walked.append(i)
            i += n or 1
        i = self.run_end.get(i, i)
        if walked is not None:
            self.run_end.update(dict.fromkeys(walked, i))
        if lo[i] not in v.unit_firsts and p.tx[i] not in v.abbreviations:
            return 0  # no unit starts here (see _Parser.unit)
        items, end = p.unit_list(i)
        if not items:
            return 0
        self.not_subject = end  # until a lead is added below
        if not after_comma and len(items) == 1 and items[0].collective and items[0].bare:
            label = self.label(end)
            if label:
                return label
        if p.tx[i - 1] == ":" and p.v.levels.match(p.lo, i - 2) and lo[i - 3] in _PLURALS:
            return 0  # "hỗ trợ các tỉnh: A, B": the places of a phrase before, no subject
        if after_comma and self.continues_list(start):
            return 0
        if p.punct(end, "("):  # "Sở Nội vụ (cơ quan thường trực …): …", a gloss in brackets
            close = next((k for k in range(end + 1, min(p.n, end + 40)) if p.tx[k] == ")"), None)
            if close is not None:
                end = close + 1
        heading = end >= p.n or p.barrier[end] or p.punct(end, ";:.")
        if heading and all(p.v.levels.match(p.lo, it.start) and it.bare for it in items):
            return 0  # "Cấp xã" as a section title: a level, no body
        if heading and not after_comma and self.may_head(i):
            self.add(items, "lead")
            self.heading_end = end
            return end
        if end < p.n and p.v.lead_predicates.match(p.lo, end):
            self.add(items, "lead")  # "Sở Nội vụ là cơ quan thường trực"
            self.not_subject = 0
            return end
        if end >= p.n or not _WORD[p.tx[end]] or p.v.context_after.match(p.lo, end):
            return 0
        if after_comma and not p.v.subject_verbs.match(p.lo, end):
            return 0
        if start == i and after_comma and not p.v.subject_verbs.match(p.lo, end):
            return 0
        self.add(items, "lead")
        self.not_subject = 0
        return end

    def continues_list(self, i: int) -> bool:
        """True when the comma before ``i`` is inside a unit list that starts earlier.

        "… của Tỉnh ủy, HĐND, UBND tỉnh chỉ đạo": the list was not read where
        it starts (after "của" it names no actor), so its later items are no
        subject either.
        """
        p = self.p
        s = max(p.clause_start(i), i - _CLAUSE_LOOKBACK, 0)
        if p.v.introductions.match(p.lo, s):
            return False  # "Căn cứ đề nghị của phòng chuyên môn, UBND huyện quyết định"
        # (no clause starts after s up to i: the tokens from s + 1 are in i's clause; s itself starts one)
        for h in range(max(i - 8, 1, s + 1), i - 1):
            if p.lo[h - 1] not in _GOVERNED:
                continue
            if p.lo[h] in p.v.unit_firsts or p.tx[h] in p.v.abbreviations:
                item = p.unit(h)
                while item is not None and item.end < i - 1 and p.tx[item.end] == ",":
                    item = p.unit(item.end + 1)
                if item is not None and item.end == i - 1 and p.tx[i - 1] == ",":
                    return True
        return False

    def label(self, j: int) -> int:
        """Read the field label of a task card ("Cơ quan thực hiện:", "Đơn vị phối hợp:") ending at ``j``.

        ``j`` follows the collective noun of the label. The label names no
        unit; a list after "phối hợp:" is a partner (a lead after "chủ trì:"
        or "thực hiện:" is read as any clause is). Returns the index to read
        on from, 0 when there is no label.
        """
        p = self.p
        for role in ("cooperate", "lead"):
            n = p.v.label_verbs[role].match(p.lo, j)
            if n and p.punct(j + n, ":"):
                k = j + n + 1
                if role == "cooperate":
                    items, end = p.unit_list(k)
                    if items and (end >= p.n or p.barrier[end] or p.punct(end, ";.")):
                        self.add(items, role)
                        return end
                return k
        return 0

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
        return self.bracket_depth(min(i, p.n)) <= 0

    def bracket_depth(self, i: int) -> int:
        """Opening minus closing brackets before token ``i`` (brackets are tokens of their own).

        Counted on from the last position asked, so a text's headings cost one pass over it.
        """
        tx = self.p.tx
        k, depth = self._depth_at
        if i < k:
            k, depth = 0, 0
        for t in tx[k:i]:
            if t == "(":
                depth += 1
            elif t == ")":
                depth -= 1
        self._depth_at = (i, depth)
        return depth

    def add(self, items: list[_Item], role: Role) -> None:
        """Record the units of ``items`` with ``role``."""
        p = self.p
        for unit, a, b in p.units_of(items):
            if unit:
                self.found.append(_Found(unit, role, p.start(a), p.end(b - 1)))


def find_units(text: Optional[str], *, offset: int = 0, directive: Optional[str] = None) -> list[UnitMention]:
    """Units named in ``text`` with their roles, in text order.

    ``text`` is the own text of one directive (its marker removed) or one body
    paragraph; spans are ``offset`` plus positions in ``text``, and
    ``directive`` is the id the mentions get (the directive whose text it is).
    The same unit named twice in one role is returned once, at its first mention.
    """
    if not isinstance(text, str) or not text or text.isspace():
        return []
    found = _Reader(text).read()
    if not found:
        return []
    seen: set[tuple[str, str]] = set()
    out: list[UnitMention] = []
    for f in found:
        forms = _UNIT_FORMS.get(f.unit)
        if forms is None:
            if len(_UNIT_FORMS) >= _CACHED_UNITS:
                _UNIT_FORMS.clear()
            forms = _UNIT_FORMS[f.unit] = (_fold(f.unit), canonical_name(f.unit))
        key = (f.role, forms[0])
        if key in seen:
            continue
        seen.add(key)
        # (every field given, in order, of the types declared: made without pydantic's validation)
        out.append(record(UnitMention, {"surface": text[f.start:f.end], "span": (offset + f.start, offset + f.end),
                                        "unit": f.unit, "canonical": forms[1], "role": f.role,
                                        "directive": directive, "link": None}))
    return out
