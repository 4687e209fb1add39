"""Find the documents a text cites: numbered documents and named laws.

A citation is found in three passes over the clean text, then resolved:

1. *Full mentions*: a number and symbol in one of the grammars of Vietnamese
   administrative documents — state ``66/QĐ-UBND``, normative
   ``96/2023/NĐ-CP`` and laws ``45/2019/QH14``, letters ``4205/UBND-NC``,
   Party ``31-CT/TU`` — read by their groups (ministry-unit codes ``V05``,
   dotted ``V.III``), with the type word written before it ("Quyết định
   số …", also mistyped or in lower case), the issue date after it ("ngày
   10/01/2022", "ngày 15 tháng 9 năm 2017") and the issuer ("của Ủy ban nhân
   dân tỉnh"). A symbol in lower case needs a type word, "số", a year or a
   list it continues.
2. *Short mentions*: a type word and a bare number ("Nghị định 68",
   "TT 43"), resolved to a full mention with the same number and type when
   the text has one.
3. *Named laws*: "Luật Đất đai", "Bộ luật Lao động", listed names read word
   by word in any case, amending laws to the law they amend; a name written
   just before a number ("Luật Đất đai số 31/2024/QH15") names that citation.

Mentions of one document (same number, year and symbol once folded; a
symbol written without its year; a short or named mention) become one
:class:`~vnnotice.records.Citation` with every span, in order of first
mention. The vocabularies are data: ``data/doctypes.toml`` (type codes, type
words, law names) and ``data/issuers.toml`` (issuer codes).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import Any, Final, Iterable, NamedTuple, Optional

import regex

from vnnotice.compiled import compile as _compile  # the vocabulary's patterns, kept compiled across processes
from vnnotice.data import load_toml
from vnnotice.records import Citation, Span
from vnnotice.trusted import record

__all__ = ["find_citations"]

_TIMEOUT: Final = 5.0  # seconds allowed to one scan of a text
_LOOKBACK: Final = 80  # characters searched before a number for its type word
_WINDOW: Final = 240  # characters looked at after a mention for its date, issuer or name
_LIST_GAP: Final = regex.compile(r"[\h,;:]*(?:(?:và|hoặc|cùng)\h+)?(?:các\h+)?(?:số\h*:?\h*)?", regex.IGNORECASE)
_WORD: Final = regex.compile(r"[\p{L}\p{M}]+(?:/[\p{L}\p{M}]+)?")
_DATE: Final = regex.compile(
    r"""[\h,]*(?:(?:được\h+)?(?:ban\h+hành|ký)\h+)?(?i:ngày)\h*
    (?P<d>\d{1,2})\h*
    (?:[/.\-]\h*(?P<m>\d{1,2})\h*[/.\-]\h*(?P<y>\d{4})
      |(?i:tháng)\h*(?P<m2>\d{1,2})\h*,?\h*(?i:năm)\h*(?P<y2>\d{4}))
    (?!\d)""",
    regex.VERBOSE,
)
_SPACES: Final = regex.compile(r"\s+")
_UPPER: Final = regex.compile(r"\p{Lu}")
_CODE_LIKE: Final = regex.compile(r"\p{Lu}[\p{L}\p{M}\d&]*")
_UNIT_CODE: Final = regex.compile(r"\p{Lu}{1,3}(?:\d{1,3}|\.(?:[IVX]+|\d{1,2}))")  # "V05", "PC06", "V.III"
_DOTTED: Final = regex.compile(r"\.(?:[IVX]+|\d{1,2})$")  # the dotted part of a group ("CCTKV.05")
_SYMBOL_SEP: Final = regex.compile(r"(\s?[-–/]\s?)")
_TERM: Final = regex.compile(r"\d+$")
_AMENDED: Final = regex.compile(r"\h*\(\h*sửa\h+đổi\h*\)")
# The last word of a text ending in a space (only the last word can be followed
# by non-word characters to the end, so the match is unique: found from the end).
_WORD_BEFORE: Final = regex.compile(r"(?:^|[^\p{L}\p{M}])([\p{L}\p{M}]+)(\W*)\s$", regex.REVERSE)
_CAPITALIZED: Final = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]+")
_LAST_WORDS: Final = regex.compile(r"([\p{L}\p{M}]+(?:\h[\p{L}\p{M}]+)?)$")
_LIST_MARK: Final = regex.compile(r"[,;]|\b(?:và|hoặc)\b")
_PROVINCE_LEVEL: Final = regex.compile(r"^(?i:tỉnh|thành\h+phố|tp\.?)\h+")
_NAME_GAP: Final = regex.compile(r"[\h,]*(?:(?i:số)\h*:?\h*)?")
_OF: Final = regex.compile(r"[\h,]*(?i:của)\h+(?=[\p{Lu}])")
_ISSUER_STOP: Final = frozenset(
    "về ngày đã được trong tại theo nhằm để với thì cho là có số này sau gửi và các như đến từ giao "
    "quy phê ban thực triển hướng chỉ tổ công sửa bổ tăng đối".split()
)  # lower-case words that end an issuer's name (when they open a phrase, see _ISSUER_GOES_ON)
_ISSUER_GOES_ON: Final = frozenset("ban nhân|công thương|công an|tổ quốc".split("|"))  # "Ủy ban nhân dân", "Bộ Công Thương"
_ISSUER_HEADS: Final = frozenset("Bộ Sở Ban Ủy UBND HĐND Hội Thủ Chính Quốc Văn Tỉnh Thành Ngân Tổng Cục".split())
_MAX_ISSUER_WORDS: Final = 14
_ISSUER_WINDOW: Final = 140  # characters looked at for an issuer's name



# ---------------------------------------------------------------- local matching
# Matching at an offset of a long string costs time in proportion to the
# string with ``regex``; local patterns are matched on a short slice instead.


class _At:
    """A match made on a slice of the text, with offsets into the whole text."""

    __slots__ = ("_m", "_base")

    def __init__(self, m: regex.Match[str], base: int):
        self._m, self._base = m, base

    def group(self, name: int | str = 0) -> str | Any:  # (what ``regex.Match.group`` gives for one group)
        return self._m.group(name)

    def start(self, name: int | str = 0) -> int:
        s = self._m.start(name)
        return s if s < 0 else s + self._base

    def end(self, name: int | str = 0) -> int:
        e = self._m.end(name)
        return e if e < 0 else e + self._base

    def span(self, name: int | str = 0) -> Span:
        return self.start(name), self.end(name)


def _match_at(pattern: regex.Pattern[str], text: str, pos: int, width: int = _WINDOW) -> Optional[_At]:
    """``pattern`` matched at ``pos``, looking at most ``width`` characters ahead."""
    m = pattern.match(text[pos:pos + width])
    return _At(m, pos) if m else None


# ---------------------------------------------------------------- places of the patterns
# No pattern is run over the whole text: each is tried only where it can
# match, found by a search far faster than a ``regex`` scan of the text: the
# ``anchor`` at numbers written before a separator it needs and the ``law`` at
# heads found from their last word (with ``str.find``), the ``short`` at
# numbers written after a type word (see :func:`_short_places`). Every place
# where the pattern matches is tried, in order, and a match overlapping the
# previous one is dropped, so the matches are those of ``finditer``.
#
# Each try of ``anchor`` or ``law`` reads a short window: the pattern reads
# nothing beyond a known place (the separator, the head) but for the greedy
# end of the match, and a match ending near the end of its window is made
# again without the window. (A call of ``regex`` with a time limit, or on the
# rest of a long text, costs many times the match itself.) Each window is read
# once or twice, so the whole stays linear in the text. A try of ``short``
# reads the number, the spaces and type word before it and the spaces and
# word after it (the places are few: one per type word written before a number).

_H: Final = "\t \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"  # \h
_AHEAD: Final = 64  # characters of a window after the place known to be read
_NOT_BEFORE_NUMBER: Final = "/.,-–=?&_"  # with letters: never just before an anchor's number (its look-behind)


def _match_window(pattern: regex.Pattern[str], text: str, start: int, known: int) -> Optional[regex.Match[str]]:
    """``pattern`` matched at ``start``, read up to ``_AHEAD`` characters past ``known``.

    The pattern must read no further than ``known`` but to extend a match,
    and then at most a few characters past the match; a match ending near
    the end of the window is made again on the whole text.
    """
    endpos = known + _AHEAD
    if endpos >= len(text):
        return pattern.match(text, start, timeout=_TIMEOUT)
    m = pattern.match(text, start, endpos)
    if m and m.end() + 8 >= endpos:
        return pattern.match(text, start, timeout=_TIMEOUT)
    return m


def _matches_at(pattern: regex.Pattern[str], text: str, starts: dict[int, int]) -> list[regex.Match[str]]:
    """The matches of ``pattern`` at ``starts`` (start → place known to be read), in order,
    skipping those inside the previous match."""
    found: list[regex.Match[str]] = []
    end = 0
    for start in sorted(starts):
        if start >= end:
            m = _match_window(pattern, text, start, starts[start])
            if m:
                end = m.end()
                found.append(m)
    return found


def _short_places(words: Iterable[str]) -> tuple[tuple[str, str, tuple[str, ...], re.Pattern[str]], ...]:
    """Where ``short`` may match, by the first letter of its type words: for each letter, the second
    letters and the first words of the type words opening with it, and a pattern matched where one of
    those words is written, ending at each place ``short`` may match: the end of a type word, spaces
    and maybe "số" written before a number (what ``short``'s look-behind reads), found as the number's
    first digit.

    A pattern matches at every such place and more: any two letters stand for "số" (any case), any
    character beyond the BMP for a digit (``regex`` may know digits of a newer Unicode than Python's);
    a match holds no digit, so a match starting inside another ends where it does (before the first
    digit after them both). It is tried only where its letter is (a search for one character, far
    faster than a scan of the text by a pattern), one of the second letters follows it and one of the
    first words is written there with a horizontal space after it (what every type word has after its
    first word, see :func:`_short_matches`).
    """
    space = "[" + re.escape(_H) + "]"
    # (possessive, and no two runs of spaces side by side: linear in a run of spaces)
    tail = rf"{space}++(?:[^\W\d_]{{2}}{space}*+(?::{space}*+)?)?(?=[\d\U00010000-\U0010ffff])"
    by_first: dict[str, list[str]] = {}
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        by_first.setdefault(word[0], []).append(word)
    firsts = {letter: sorted({w.split(" ")[0] for w in group}) for letter, group in by_first.items()}
    # (after a first word of one letter, the horizontal space that follows it)
    seconds = {letter: "".join(sorted({c for w in first_words for c in (w[1] if len(w) > 1 else _H)}))
               for letter, first_words in firsts.items()}
    return tuple((letter, seconds[letter], tuple(firsts[letter]),
                  re.compile("(?:" + "|".join(re.escape(w).replace(r"\ ", space + "++") for w in group) + ")" + tail))
                 for letter, group in sorted(by_first.items()))


def _type_word_places(text: str, groups: tuple[tuple[str, str, tuple[str, ...], re.Pattern[str]], ...]) -> list[int]:
    """The ends of the matches of the patterns of :func:`_short_places` (``groups``) at every place of
    ``text`` (each end once or more, not in order): each pattern tried where its letter is, with one of its
    second letters after it and one of its first words written there with a horizontal space after it."""
    places: list[int] = []
    n = len(text)
    for letter, seconds, firsts, pattern in groups:
        i = text.find(letter)
        while i >= 0:
            if i + 1 < n and _one_of(ord(text[i + 1]), seconds) and text.startswith(firsts, i):
                for first in firsts:
                    j = i + len(first)
                    # A type word's first word, then a horizontal space (its next word's or the tail's).
                    if j < n and text[j] in _H and text.startswith(first, i):
                        place = pattern.match(text, i)
                        if place is not None:
                            places.append(place.end())
                        break
            i = text.find(letter, i + 1)
    return places


def _one_of(c: int, chars: str) -> bool:
    """Whether the character of code point ``c`` is one of ``chars`` (``chr(c) in chars``), compared by code
    point: compiled, a character read as ``ord(text[i])`` is no new string (the letter after a type word's
    first letter, a few hundred a document, most beyond Latin-1)."""
    for k in range(len(chars)):
        if ord(chars[k]) == c:
            return True
    return False


def _short_matches(text: str, p: "_Patterns", taken: Optional["_Taken"] = None) -> list[regex.Match[str]]:
    """The matches of ``short`` in ``text``, as its ``finditer`` gives them: tried at the places
    :func:`_short_places` finds, in order, skipping those inside the previous match.

    With ``taken``, the places inside a span taken are not tried (the number of a full mention
    after its type word, "Nghị quyết số 12/NQ-CP"): a match there overlaps the span. (No place
    lies inside a match started at another: a match holds digits and "/", a place follows a
    space, a colon or a letter; so the places left give the matches left.)"""
    places = _type_word_places(text, p.short_places)
    found: list[regex.Match[str]] = []
    if not places:
        return found
    places.sort()
    end = 0
    for start in places:
        if start >= end and not (taken is not None and taken.overlaps(start, start + 1)):
            m = p.short.match(text, start, timeout=_TIMEOUT)
            if m is not None:
                found.append(m)
                end = m.end()
    return found


def _add_number(text: str, end: int, known: int, out: dict[int, int], letter: bool = False) -> None:
    r"""Record where a number ending at ``end`` may start: its digits, or digits, "." and digits.

    A digit is ``\d`` or maybe so: beyond the BMP a character may be a digit of
    a newer Unicode than Python's, and is taken as one (every place of its run
    is then recorded).
    """
    while True:
        i = end
        while i and _maybe_digit(text, i - 1):
            i -= 1
        if i == end:
            # With ``letter``, a number may end in one letter ("777b/"): its digits before it.
            if letter and end >= 2 and _ascii_letter(ord(text[end - 1])) and text[end - 2].isdecimal():
                end, letter = end - 1, False
                continue
            return
        before = text[i - 1] if i else ""
        if not text[i:end].isdecimal():
            for place in range(i, end):
                out[place] = max(out.get(place, known), known)
        elif not (before and (before in _NOT_BEFORE_NUMBER or before.isalpha())) and out.get(i, -1) < known:
            out[i] = known
        if before != "." or i < 2 or not _maybe_digit(text, i - 2):
            return
        end = i - 1


def _maybe_digit(text: str, k: int) -> bool:
    r"""Whether ``text[k]`` is ``\d`` or maybe so (beyond the BMP, see :func:`_add_number`), read
    by its code point (a character of ASCII is a digit from "0" to "9")."""
    c = ord(text[k])
    return 48 <= c <= 57 if c < 128 else c > 0xFFFF or text[k].isdecimal()


def _ascii_letter(c: int) -> bool:
    """Whether the code point ``c`` is a letter of ASCII."""
    return 65 <= c <= 90 or 97 <= c <= 122


def _symbol_run_end(text: str, i: int) -> int:
    r"""End of the run of ``[\p{L}\p{M}\d&]`` from ``i``, or maybe so (letters, digits, marks, "&")."""
    n = len(text)
    while i < n:
        c = text[i]
        if not (c.isalnum() or c == "&" or c > "\uffff" or unicodedata.category(c)[0] == "M"):
            break
        i += 1
    return i


def _anchor_starts(text: str) -> dict[int, int]:
    """Where an ``anchor`` may start, with the place it surely reads to.

    A number just before a "/" ("66/QĐ-UBND", "96/2023/NĐ-CP"), or before a
    dash, maybe after a space, when a symbol group and a "/" follow the dash
    ("31-CT/TU", "31 - CT/TU").
    """
    out: dict[int, int] = {}
    n = len(text)
    i = text.find("/")
    while i >= 0:
        # After the "/": a symbol group, opening with a letter (any beyond ASCII), or a year ("1…", "2…") and a "/".
        c = ord(text[i + 1]) if i + 1 < n else 0
        if c >= 128 or _ascii_letter(c) or ((c == 49 or c == 50) and text[i + 5:i + 6] == "/"):
            _add_number(text, i, i, out, letter=True)
        i = text.find("/", i + 1)
    for dash in "-–":
        i = text.find(dash)
        while i >= 0:
            end = i - 1 if i and text[i - 1] in _H else i  # \h? before the dash
            if end and _maybe_digit(text, end - 1):  # a digit before
                k = i + 2 if text[i + 1:i + 2] in _H and i + 1 < len(text) else i + 1  # \h? after it
                j = _symbol_run_end(text, k)
                if j > k and text[j:j + 1] == "/":
                    _add_number(text, end, j, out)
            i = text.find(dash, i + 1)
    return out


@lru_cache(maxsize=4)
def _heads_by_last_word(heads: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Law heads by their last word: the words before it ("Bộ luật" → "luật": ("Bộ",))."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for head in heads:
        *words, last = head.split()
        out.setdefault(last, []).append(tuple(reversed(words)))
    return {last: tuple(v) for last, v in out.items()}


@lru_cache(maxsize=4)
def _heads_by_key(heads: tuple[str, ...]) -> dict[str, tuple[tuple[int, str, tuple[tuple[str, ...], ...]], ...]]:
    """The last words of law heads (see :func:`_heads_by_last_word`) by a character of theirs:
    key → (its place in the word, the word, the words before it).

    The key is the word's first character beyond ASCII, else its last: a search for one
    character runs far faster over a text than one for a word ("ậ" for "luật" and "Luật",
    one search for both)."""
    out: dict[str, list[tuple[int, str, tuple[tuple[str, ...], ...]]]] = {}
    for last, befores in _heads_by_last_word(heads).items():
        at = next((k for k, c in enumerate(last) if not c.isascii()), len(last) - 1)
        out.setdefault(last[at], []).append((at, last, befores))
    return {key: tuple(words) for key, words in out.items()}


@lru_cache(maxsize=4)
def _law_keys(heads: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], tuple[tuple[int, str, tuple[tuple[str, ...], ...]], ...]], ...]:
    """For each key of :func:`_heads_by_key`, a pattern finding the last words it is the key of, and
    those words: the key, the rest of the word after it and the part before it by a look-behind
    ("ậ(?:t(?<=luật)|t(?<=Luật))": ``re`` looks for its first character by a quick search, the
    words tried only there)."""
    out = []
    for key, lasts in _heads_by_key(heads).items():
        rests = [re.escape(last[at + 1:]) + (f"(?<={re.escape(last)})" if at else "") for at, last, _ in lasts]
        out.append((re.compile(re.escape(key) + "(?:" + "|".join(rests) + ")"), lasts))
    return tuple(out)


def _law_starts(text: str, v: "_Vocab") -> dict[int, int]:
    """Where a ``law`` head may start, with the end of the head: each head
    ("Bộ luật") written with its words horizontal spaces apart, found from its last word
    (every place of it, found from its key, see :func:`_heads_by_key` and :func:`_law_keys`).

    A head in lower case ("luật"), or one followed by a word in lower case
    ("Luật ban hành …"), opens a name only when the name is listed or names an
    amending law (see :func:`_strict_name_ok`).
    """
    out: dict[int, int] = {}
    for places, lasts in _law_keys(v.law_heads):
        for place in places.finditer(text):
            k = place.start()
            for at, last, befores in lasts:
                i = k - at
                if i >= 0 and text.startswith(last, i):
                    _law_start_at(text, i, last, befores, v, out)
    return out


def _law_start_at(text: str, i: int, last: str, befores: tuple[tuple[str, ...], ...], v: "_Vocab",
                  out: dict[int, int]) -> None:
    """Record in ``out`` the heads ending with ``last`` written at ``i`` (see :func:`_law_starts`)."""
    end = i + len(last)
    # After the head: a horizontal space and a letter.
    c = text[end + 1:end + 2]
    if end < len(text) and text[end] in _H and c.isalpha():
        # Before a word in lower case, a one-word head opens a name only when a
        # listed name may start there (a quick look, once for every head).
        quick = not c.islower() or (text[i - 5:i] != "pháp " and _may_open_listed(text, last, end + 1, v))
        for words in befores:  # the words before the last one, from the last back
            if not (words or quick):
                continue
            start = i
            for word in words:
                j = start
                while j > 0 and text[j - 1] in _H:
                    j -= 1
                if j == start or j < len(word) or not text.startswith(word, j - len(word)):
                    start = -1
                    break
                start = j - len(word)
            if start < 0:
                continue
            lower_head = not words and last.islower()
            if (lower_head or c.islower()) and not _strict_name_ok(text, start, end + 1, lower_head, v):
                continue
            out[start] = end


def _may_open_listed(text: str, head: str, pos: int, v: "_Vocab") -> bool:
    """Whether the word at ``pos`` after a one-word head may open a listed name or an amending law
    (a quick look: the head and that word are the first two words of a listed name, or "sửa")."""
    j = pos
    while j < len(text) and j - pos < 16 and text[j].isalpha():
        j += 1
    word = text[pos:j].casefold()
    return word == "sửa" or f"{head.casefold()} {word}" in v.law_names


def _strict_name_ok(text: str, start: int, name_start: int, lower_head: bool, v: "_Vocab") -> bool:
    """Whether a head in lower case, or one before a word in lower case, opens a law's name:
    a listed name ("Luật ban hành văn bản …", "luật đất đai") or an amending law, and not
    after a word that makes "luật" part of another ("pháp luật", "kỷ luật")."""
    if lower_head:
        j = start
        while j > 0 and text[j - 1] in _H:
            j -= 1
        if j < start and _last_word(text, j).casefold() in v.lower_not_after:
            return False
    return _known_law(text, start, v) is not None or _AMENDING.match(text, name_start) is not None


def _last_word(text: str, end: int) -> str:
    """The letters just before ``end``."""
    i = end
    while i > 0 and end - i < 12 and text[i - 1].isalpha():
        i -= 1
    return text[i:end]


# "sửa đổi, bổ sung (một số điều) (của) Luật …": the name of an amending law.
_AMENDING: Final = regex.compile(
    r"(?i:sửa\h+đổi,?\h+bổ\h+sung)(?:\h+(?i:một\h+số\h+điều))?(?:\h+(?i:của))?\h+(?=(?i:bộ\h+)?(?i:luật)\h)")


# ---------------------------------------------------------------- vocabulary


# Letters that a type word's letter may be typed as: the same base letter with
# any tone or vowel mark, or none ("quyết đinh", "nghi quyết", "thông tu",
# "quyet dinh"). Type words are compared by their base letters.
_FAMILIES: Final = {  # base letter → every lower-case Vietnamese letter written on it
    "a": "aàáảãạăằắẳẵặâầấẩẫậ", "e": "eèéẻẽẹêềếểễệ", "i": "iìíỉĩị", "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự", "y": "yỳýỷỹỵ", "d": "dđ",
}


@lru_cache(maxsize=4096)
def _loose_key(word: str) -> str:
    """A word casefolded, without tone or vowel marks, "đ" as "d", spaces single."""
    bare = unicodedata.normalize("NFD", word.casefold().replace("đ", "d"))
    return " ".join("".join(c for c in bare if not unicodedata.combining(c)).split())


def _loose_alternation(words: Iterable[str]) -> str:
    """Regex alternation of words, each letter matching its family (see _letter_families); longest first, as
    :func:`_alternation` orders them."""
    families = _FAMILIES
    out = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        parts = []
        for c in _loose_key(word):
            if c == " ":
                parts.append(r"\h+")
            elif c in families:
                parts.append("[" + families[c] + families[c].upper() + "]")
            else:
                parts.append(regex.escape(c))
        out.append("".join(parts))
    return "|".join(out)


@dataclass(frozen=True)
class _Vocab:
    """Vocabularies of ``doctypes.toml`` and ``issuers.toml``."""

    state: dict[str, str]
    party: dict[str, str]
    issuer_kinds: dict[str, str]
    word_kind: dict[str, str]  # casefolded type word → kind
    loose_kind: dict[str, str]  # type word without marks (see _loose_key) → kind
    type_words: tuple[str, ...]  # type words as written in the data
    shortable: tuple[str, ...]
    abbreviations: dict[str, str]
    forms: tuple[str, ...]
    law_heads: tuple[str, ...]
    drafts: tuple[str, ...]
    not_after: tuple[str, ...]
    lower_not_after: frozenset[str]
    max_unknown_words: int
    law_stop: frozenset[str]
    comma_pairs: frozenset[str]
    law_names: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first two words → (words, casefolded name), longest first
    law_widths: dict[str, int]  # first two words → characters of the longest name they open
    central: dict[str, str]
    provincial: dict[str, str]
    party_bodies: dict[str, str]
    cities: frozenset[str]

    codes: frozenset[str]  # every known code: types and issuers

    @cached_property
    def folded_codes(self) -> frozenset[str]:
        """Every known code, casefolded: how a lower-case symbol's groups are looked up."""
        return frozenset(c.casefold() for c in self.codes)

    @cached_property
    def folded_state(self) -> dict[str, str]:
        """Type codes of [state], casefolded ("qđ" → "Quyết định")."""
        return {c.casefold(): k for c, k in self.state.items()}

    def folded_types(self, party: bool) -> dict[str, str]:
        """Casefolded type code → the code as listed, of [party] or [state] ("qđ" → "QĐ")."""
        return self._folded_party if party else self._folded_codes_state

    @cached_property
    def _folded_party(self) -> dict[str, str]:
        return {c.casefold(): c for c in self.party}

    @cached_property
    def _folded_codes_state(self) -> dict[str, str]:
        return {c.casefold(): c for c in self.state}


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """Read the two data files once."""
    types, issuers = load_toml("doctypes.toml"), load_toml("issuers.toml")
    words = types["words"]
    every = list(words["shortable"]) + list(words["with_symbol"])
    word_kind = {w.casefold(): words.get("kinds", {}).get(w, w) for w in every}
    loose_kind = {_loose_key(w): kind for w, kind in word_kind.items()}
    laws = types["laws"]
    tables = [types["state"], types["party"], types["issuer_kinds"], issuers["central"], issuers["provincial"],
              issuers["party"]]
    return _Vocab(
        codes=frozenset(code for table in tables for code in table),
        state=dict(types["state"]),
        party=dict(types["party"]),
        issuer_kinds=dict(types["issuer_kinds"]),
        word_kind=word_kind,
        loose_kind=loose_kind,
        type_words=tuple(every),
        shortable=tuple(words["shortable"]),
        abbreviations=dict(types["abbreviations"]),
        forms=tuple(types["forms"]["words"]),
        law_heads=tuple(laws["heads"]),
        drafts=tuple(laws["draft_before"]),
        not_after=tuple(laws["not_after"]),
        lower_not_after=frozenset(w.casefold() for w in laws["lower_not_after"]),
        max_unknown_words=int(laws["max_unknown_words"]),
        law_stop=frozenset(w.casefold() for w in laws["stop"]),
        comma_pairs=frozenset(p.casefold() for p in laws["comma_pairs"]),
        law_names=_index_names(laws["names"]),
        law_widths={k: max(len(w) for _, w in names) for k, names in _index_names(laws["names"]).items()},
        central=dict(issuers["central"]),
        provincial=dict(issuers["provincial"]),
        party_bodies=dict(issuers["party"]),
        cities=frozenset(issuers["cities"]),
    )


def _index_names(names: list[str]) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Law names as their words (see _name_words) and casefolded, by their first two words,
    longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name in sorted({n.casefold() for n in names}, key=lambda n: (len(_name_words(n)), len(n)), reverse=True):
        words = _name_words(name)
        index.setdefault(" ".join(words[:2]), []).append((words, name))
    return {k: tuple(v) for k, v in index.items()}


_NAME_WORD: Final = regex.compile(r"[\p{L}\p{M}\d]+")
_NAME_SEPARATORS: Final = frozenset(" \t\xa0,-–/()")  # what may stand between two words of a law's name


@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    """The words of a law's name casefolded, without the commas and hyphens between them
    ("Luật Phòng, chống ma túy" and "Luật Phòng chống ma túy" are one name)."""
    return tuple(_NAME_WORD.findall(name.casefold()))


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation of literal words, longest first (words of one length in order: the same pattern in every
    process, kept compiled, see :mod:`vnnotice.compiled`), spaces as ``\\h+`` (no line break)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w).replace(r"\ ", r"\h+") for w in ordered)


@dataclass(frozen=True)
class _Patterns:
    """The compiled patterns of one vocabulary."""

    anchor: regex.Pattern[str]
    before: regex.Pattern[str]
    loose: regex.Pattern[str]
    short: regex.Pattern[str]
    law: regex.Pattern[str]
    short_places: tuple[tuple[str, str, tuple[str, ...], re.Pattern[str]], ...]  # where ``short`` may match (see :func:`_short_places`)
    type_start: regex.Pattern[str]
    type_heads: tuple[str, ...]  # first words of the type words: ``type_start`` matches only after one


# A group of a symbol: letters and digits, maybe "&" (a space typed around it:
# "QLĐ& ĐT"), maybe a dotted Roman or Arabic part of a ministry unit ("V.III").
_G: Final = r"[\p{L}\p{M}][\p{L}\p{M}\d]*(?:\.(?:[IVXivx]+|\d{1,2})(?![\p{L}\p{M}\d]))?(?:\h?&\h?[\p{L}\p{M}\d]+)*"
_SEP: Final = r"(?:[-–/]\h?|\h[-–](?!\h))"


def _before_pattern(words: str, heads: Optional[str], codes: str) -> regex.Pattern[str]:
    """What is written before a number: groups tw (type word), gw (type word before lower-case
    words and "số", only when ``heads`` is given), ab (abbreviation or code), so ("số")."""
    gap = (rf"|(?<![\p{{L}}\p{{M}}])(?P<gw>{heads})(?:\h+\p{{Ll}}[\p{{L}}\p{{M}}]*){{1,4}}(?=\h*(?i:số)\h)"
           if heads else "")
    return _compile(
        rf"(?:(?P<tw>{words}){gap}|(?P<ab>(?<![\p{{L}}\d])(?:{codes})))?"
        rf"\h*:?\h*(?:\((?:[\p{{L}}\h]{{1,12}})\)\h*)?(?P<so>(?i:số(?:\h+hiệu)?)\h*:?\h*)?$",
        regex.REVERSE,  # matched from the number backwards: one attempt instead of one per position
    )


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """Compile the patterns once, from the vocabulary."""
    v = _vocab()
    anchor = _compile(
        rf"""(?<![\p{{L}}\p{{M}}\d/.,\-–=?&_])
        (?P<num>\d{{1,5}}(?:\.\d{{1,3}})?[a-zA-Z]?)
        (?:(?:/|\h?[-–]\h?(?=(?:19|20)\d\d/))(?:(?P<year>(?:19|20)\d\d)/)?(?P<sym>{_G}(?:{_SEP}{_G})*)
          |\h?[-–]\h?(?P<psym>{_G}/{_G}(?:{_SEP}{_G})*))""",
        regex.VERBOSE,
    )
    codes = _alternation(list(v.abbreviations) + [c for c in v.state if len(c) > 1])
    # The type word just before the number or "số", or an abbreviation or a type
    # code ("QĐ", "qđ số", "kh số"). When that finds no type word, a second
    # pattern reads type words of two words or more with any marks ("quyết
    # đinh", "nghi quyết"; one-word type words, "Luật", "Điện", "Thư", only as
    # written), and a type word with up to four words in lower case before "số"
    # ("kế hoạch liên tịch số", "luật xây dựng số").
    several = [w for w in v.word_kind if " " in w]
    single = _alternation(w for w in v.word_kind if " " not in w)
    before = _before_pattern(f"(?i:{_alternation(v.word_kind)})", None, _alternation(v.abbreviations))
    loose = _before_pattern(f"(?i:{_loose_alternation(several)}|{single})",
                            f"(?i:{_loose_alternation(several)}|{_alternation(v.law_heads)})", f"(?i:{codes})")
    short_list = list(v.shortable) + list(v.abbreviations)
    short_words = _alternation(short_list)
    ends = regex.escape("".join(sorted({w[-1] for w in short_list})))  # last letters of the type words
    # The number comes first and the type word is looked for behind it, after
    # two quick tests: a space, ":" or "số" just before the number, and a
    # type word's last letter, ":" or "số" before those spaces.
    short = _compile(
        rf"""(?P<num>\d
          (?<![^\h:ốỐ]\d)(?<![^{ends}:ốỐ\h]\h+\d)
          (?<=(?<![\p{{L}}\p{{M}}\d/\-])(?P<tw>{short_words})\h+(?:(?i:số)\h*:?\h*)?\d)
          (?!(?<=0)0*(?!\d))\d{{0,3}})  # not zero, four digits at most
        (?:/(?P<year>(?:19|20)\d\d))?
        (?![\d\p{{L}}%/&]|[.,]\d|\h?[-–]\h?[\p{{L}}\d]|/|\h+[\p{{Lu}}\d])
        (?!\h*(?:%|tháng|năm|giờ|phút|lần|người|triệu|tỷ|đồng|tuổi|ngày(?!\h*\d)))""",
        regex.VERBOSE,
    )
    law = _compile(rf"(?<![\p{{L}}\p{{M}}])(?P<head>{_alternation(v.law_heads)})\h(?=\p{{L}})")
    type_start = _compile(rf"(?:{_alternation(v.type_words)})(?!\p{{L}})")
    type_heads = tuple({w.split(" ")[0] for w in v.type_words})
    return _Patterns(anchor=anchor, before=before, loose=loose, short=short, law=law,
                     short_places=_short_places(short_list), type_start=type_start, type_heads=type_heads)


def _type_word_at(text: str, pos: int, p: _Patterns) -> bool:
    """Whether a type word starts at ``pos`` ("Luật, Nghị định": a list of types)."""
    return text.startswith(p.type_heads, pos) and _match_at(p.type_start, text, pos) is not None


# ---------------------------------------------------------------- mentions


class _Mention:
    """One mention of a cited document.

    (A class with its own ``__init__``, not a dataclass: compiled, a dataclass's generated
    ``__init__`` runs as Python code for each of the many mentions.)"""

    __slots__ = ("start", "end", "number", "year", "symbol", "type_code", "issuer_code", "kind", "typed", "issuer",
                 "issued", "name", "party", "listed", "core_end", "_folded")

    def __init__(self, start: int, end: int, number: Optional[str] = None, year: Optional[int] = None,
                 symbol: Optional[str] = None, type_code: Optional[str] = None, issuer_code: Optional[str] = None,
                 kind: Optional[str] = None, typed: bool = False, issuer: Optional[str] = None,
                 issued: Optional[date] = None, name: Optional[str] = None, party: bool = False,
                 listed: bool = False, core_end: int = 0) -> None:
        self.start = start
        self.end = end
        self.number = number
        self.year = year
        self.symbol = symbol
        self.type_code = type_code
        self.issuer_code = issuer_code
        self.kind = kind
        self.typed = typed  # kind read from a type word written before it
        self.issuer = issuer
        self.issued = issued
        self.name = name
        self.party = party  # a Party symbol, N-TYPE/ISSUER
        self.listed = listed  # a lower-case symbol read as the next item of a list
        self.core_end = core_end  # end of the number and symbol, before date and issuer
        self._folded: Optional[tuple[str, str, str]] = None

    @property
    def folded(self) -> tuple[str, str, str]:
        """Folded (number, year, symbol), as a scorer compares them (number, year and symbol never change)."""
        folded = self._folded
        if folded is None:
            folded = self._folded = (_fold_number(self.number), str(self.year or ""), _fold_symbol(self.symbol))
        return folded

    def named(self, name: Optional[str], start: int, kind: Optional[str]) -> "_Mention":
        """A copy of the mention with a law's name written before it, from the name's start, typed."""
        return _Mention(start, self.end, self.number, self.year, self.symbol, self.type_code, self.issuer_code,
                        kind, True, self.issuer, self.issued, name, self.party, self.listed, self.core_end)


def _one_spaced(s: str) -> str:
    """``_SPACES.sub(" ", s)``, without the regex call when ``s`` has no run of spaces
    and no space but " " (``isprintable`` is false for every other space)."""
    return s if "  " not in s and s.isprintable() else _SPACES.sub(" ", s)


def _fold_number(number: Optional[str]) -> str:
    return (number or "").lstrip("0") or "0"


@lru_cache(maxsize=4096)
def _fold_symbol(symbol: Optional[str]) -> str:
    text = unicodedata.normalize("NFC", symbol or "").replace("\u00d0", "Đ")
    return _SPACES.sub("", text).casefold().replace("-", "/").replace("–", "/")


def _is_code(group: str, codes: frozenset[str], unit: bool = False) -> bool:
    """A symbol group that reads as a code: known, mostly capitals ("UBND", "QH15", "GDTrH"),
    or, with ``unit`` (a group after the first), a ministry unit's code ("V05", "C06", "V.III")."""
    if group in codes:
        return True
    if " " in group:
        group = group.replace(" ", "")  # "QLĐ& ĐT"
    if unit and _UNIT_CODE.fullmatch(group):
        return True
    if "." in group:
        group = _DOTTED.sub("", group)  # "CCTKV.05"
    return bool(_CODE_LIKE.fullmatch(group)) and len(_UPPER.findall(group)) >= min(2, len(group))


def _glued_word(group: str, codes: frozenset[str]) -> Optional[str]:
    """A known code with the next word glued to it ("TTgcủa", "BTCQuy" → "TTg", "BTC")."""
    if group in codes:
        return None
    for i in range(len(group) - 1, 0, -1):
        head, rest = group[:i], group[i:]
        if head in codes and (rest.islower() or (len(rest) > 1 and rest[0].isupper() and rest[1:].islower())):
            return head
    return None


@lru_cache(maxsize=4096)
def _split_symbol(symbol: str) -> tuple[tuple[str, str], ...]:
    """Groups of a symbol with the separator written before each."""
    parts = _SYMBOL_SEP.split(symbol)
    out = [("", parts[0])]
    for i in range(1, len(parts) - 1, 2):
        out.append((parts[i], parts[i + 1]))
    return tuple(out)


class _Symbol(NamedTuple):
    """What a symbol says, read by :func:`_read_symbol`."""

    written: str  # as written, cut after its last code-like group
    text: str  # as reported (see _symbol_text)
    groups: int  # code groups
    type_code: Optional[str]
    issuer_code: Optional[str]
    implied: Optional[str]  # the kind the codes imply


@lru_cache(maxsize=4096)
def _read_symbol(raw: str, typed: bool, party: bool) -> Optional[_Symbol]:
    """The symbol written as ``raw`` after a number, None when it reads as no symbol.

    Symbols repeat across and within texts ("NĐ-CP", "QĐ-UBND"): cached.
    """
    symbol = _trim_symbol(raw, typed, _vocab().codes)
    if symbol is None:
        return None
    return _Symbol(symbol, _symbol_text(symbol), len(_split_symbol(symbol)), *_code_parts(symbol, party))


def _trim_symbol(symbol: str, typed: bool, codes: frozenset[str]) -> Optional[str]:
    """The symbol cut after its last code-like group; None when it reads as no symbol.

    A symbol in lower case ("byt-dp") is kept only after a type word.
    """
    groups = _split_symbol(symbol)
    if not any(_UPPER.search(g) for _, g in groups):
        return symbol if typed else None
    kept: list[tuple[str, str]] = []
    for sep, group in groups:
        if not _is_code(group, codes, unit=bool(kept)):
            break
        glued = _glued_word(group, codes)
        kept.append((sep, glued or group))
        if glued:
            break
    if not kept or (len(kept[0][1]) < 2 and kept[0][1] not in codes):
        return None
    return "".join(sep + group for sep, group in kept)


def _code_parts(symbol: str, party: bool) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """(type_code, issuer_code, implied kind) of a symbol."""
    v = _vocab()
    groups = [unicodedata.normalize("NFC", g).replace("\u00d0", "Đ") for _, g in _split_symbol(symbol)]
    types = v.party if party else v.state
    first = groups[0]
    known = first if first in types else v.folded_types(party).get(first.casefold()) if first.islower() else None
    if known and (party or len(groups) > 1):  # a code in lower case ("qđ") is read as the code
        rest = "-".join(groups[1:]) or None
        return first, rest, types[known]
    glued = _glued_type(first, types)
    if glued:
        return glued, first[len(glued):], types[glued]
    base = _TERM.sub("", first)
    kind = v.issuer_kinds.get(base)
    return None, first, kind if kind else ("Công văn" if len(groups) > 1 else None)


def _glued_type(group: str, types: dict[str, str]) -> Optional[str]:
    """A type code glued to a known issuer code, as PDF copies lose hyphens ("QĐUBND")."""
    v = _vocab()
    for code in sorted(types, key=len, reverse=True):
        rest = group[len(code):]
        if group.startswith(code) and rest and (rest in v.provincial or rest in v.central or rest in v.party_bodies):
            return code
    return None


# First letters of what _DATE reads after its leading "[\h,]*": "được", "ban hành", "ký", "ngày"/"NGÀY".
_DATE_OPENERS: Final = "đbknN"


def _cannot_open(text: str, pos: int, openers: str, skip: str = " ,") -> bool:
    r"""Whether a pattern opening with ``[\h,]*`` (``\h*`` when ``skip`` is " ") then one
    of ``openers`` surely fails at ``pos``.

    A cheap test that spares the regex call after most numbers: the first
    character after the characters of ``skip`` must be an opener or some
    other horizontal space (which the test leaves to the pattern).
    """
    head = text[pos:pos + 16].lstrip(skip)
    if not head:
        return pos + 16 >= len(text)  # the text ends in spaces; a longer run is left to the pattern
    c = head[0]
    return c not in openers and (c in "\n\r" or not c.isspace())


def _read_date(text: str, pos: int) -> tuple[Optional[date], int]:
    """The issue date written right after ``pos``, with its end."""
    common = _common_date(text, pos)
    if common:
        day, month, year, end = common
        try:
            return date(year, month, day), end
        except ValueError:
            return None, pos
    if _cannot_open(text, pos, _DATE_OPENERS):
        return None, pos
    m = _DATE.match(text[pos:pos + _WINDOW])
    if not m:
        return None, pos
    # named d, m, y, m2, y2 (by position: cheaper); other names than the ints above
    d, mo, y, mo2, y2 = m.groups()
    try:
        return date(int(y or y2), int(mo or mo2), int(d)), pos + m.end()
    except ValueError:
        return None, pos


# The two common forms of a date, " ngày 10/01/2022" and " ngày 15 tháng 9 năm
# 2017" (ASCII digits, single spaces), which _DATE reads the same way (stdlib
# ``re``: matched at a place of a long text at no cost for the rest of it).
_COMMON_DATE: Final = re.compile(r" ngày ([0-9]{1,2})(?:/([0-9]{1,2})/| tháng ([0-9]{1,2}) năm )([0-9]{4})(?![0-9])")


def _common_date(text: str, pos: int) -> Optional[tuple[int, int, int, int]]:
    """(day, month, year, end) of a date in a common form written at ``pos``, else None
    (other forms are left to ``_DATE``)."""
    m = _COMMON_DATE.match(text, pos)
    if not m:
        return None
    end = m.end()
    after = text[end:end + 1]
    if after.isdecimal() or after > "\uffff":
        return None  # _DATE's (?!\d): a digit, or maybe one (beyond the BMP)
    day, month, month2, year = m.groups()
    return int(day), int(month or month2), int(year), end


def _read_issuer(text: str, pos: int) -> tuple[Optional[str], int]:
    """The issuer written as "của X" right after ``pos``, with its end.

    The name is a run of words (``_WORD``) one space apart, cut where
    :func:`_ends_issuer` says, after ``_MAX_ISSUER_WORDS`` words at most.
    """
    c = text[pos + 5:pos + 6]
    if text.startswith(" của ", pos) and ("A" <= c <= "Z" or (c > "\x7f" and unicodedata.category(c) == "Lu")):
        base = pos + 5  # the common case, read as _OF reads it
    else:
        if _cannot_open(text, pos, "cC"):
            return None, pos
        m = _match_at(_OF, text, pos)
        if not m:
            return None, pos
        base = m.end()
    # The name: words of the run one space apart opening the window (_OF ends
    # before a capital letter), read one by one as needed.
    pieces = text[base:base + _ISSUER_WINDOW].split(" ", _MAX_ISSUER_WORDS + 1)
    last = min(len(pieces), _MAX_ISSUER_WORDS + 1) - 1  # pieces read at most
    first, more = _run_word(pieces[0])
    if first is None:  # no word opens the run (the patterns above see to one)
        return None, pos
    end, i = len(first), 0
    while more and i + 1 < min(last + 1, _MAX_ISSUER_WORDS):
        i += 1
        word, more = _run_word(pieces[i])
        if word is None:
            break
        if word in _ISSUER_STOP or word == "và":
            follow = _run_word(pieces[i + 1])[0] if more and i + 1 <= last else None
            if _ends_issuer(word, follow):
                break
        end += 1 + len(word)
    return text[base:base + end], base + end


def _run_word(piece: str) -> tuple[Optional[str], bool]:
    """The word (``_WORD``) opening ``piece`` of a run of words one space apart,
    and whether the run goes on after it (the word is the whole piece)."""
    if piece.isalpha():
        return piece, True
    m = _WORD.match(piece)
    if not m:
        return None, False
    return m.group(), m.end() == len(piece)


def _ends_issuer(token: str, follow: Optional[str]) -> bool:
    """Whether ``token`` (and the word after it, if one space apart) ends an issuer's name."""
    if token == "và":  # "Bộ Khoa học và Công nghệ" goes on; "… và Sở Y tế" names a second body
        return follow is None or not follow[0].isupper() or follow in _ISSUER_HEADS
    if token not in _ISSUER_STOP:
        return False
    return follow is None or f"{token} {follow.casefold()}" not in _ISSUER_GOES_ON


def _anchors(text: str, p: _Patterns, v: _Vocab, codes: frozenset[str]) -> list[_Mention]:
    """Full mentions: number and symbol, type word, date, issuer."""
    found: list[_Mention] = []
    prev: Optional[_Mention] = None
    for m in _matches_at(p.anchor, text, _anchor_starts(text)):
        pos = m.start()
        if text[pos - 1:pos] != " " and _in_url(text, pos):  # after a space: no address
            continue
        # The type word, abbreviation or "số" written before the number. The
        # pattern has only optional parts, so it matches (maybe empty) at the end.
        base = max(0, pos - _LOOKBACK)
        window = text[base:pos]
        b = p.before.search(window)
        if b is None:  # not reached: every part of the pattern is optional, so it matches at the end
            continue
        tw, ab, so = b.groups()  # groups tw, ab, so (by position: cheaper)
        gw = None
        # Not a header's "Số:", and a word (not ";" or ",") just before "số".
        if so is not None and tw is None and ab is None and so[0] == "s" \
                and window[:b.start(3)].rstrip(_H + ":").endswith(_LETTERS_BEFORE_SO):
            loose = p.loose.search(window)  # before "số": a type word mistyped, or apart from it
            if loose is not None:
                b = loose
                tw, gw, ab, so = b.groups()
        ab_kind = None
        if ab:
            ab_kind = v.abbreviations.get(ab) or (v.folded_state.get(ab.casefold()) if so else None)
        if gw and _stop_in_gap(b.group(), gw, v):
            gw = None  # "luật và số …": the words between are no name
        typed = bool(tw or gw or ab_kind)
        if so and not (tw or ab_kind) and (_is_own_header(text, base + b.start("so"))
                                           or _is_form(text, base + b.start("so"), v)):
            continue
        number, year_text, sym, psym = m.groups()  # groups num, year, sym, psym
        party = psym is not None
        raw = psym if party else sym
        # A symbol in lower case is read after a type word; after "số" or with a
        # year when its first code is known ("số 12/qđ-ubnd", "62/2020/qh14");
        # and as the next item of a list ("… 1111/qđ-ubnd và 222/qđ-ubnd").
        lower_ok = typed or raw.islower() and (
            ((so or year_text) and _known_first_code(raw, v))
            or (prev is not None and (prev.typed or prev.listed) and _adjacent_at(prev, pos, text)))
        read = _read_symbol(raw, bool(lower_ok), party)
        if read is None:
            continue
        symbol, symbol_text, groups, type_code, issuer_code, implied = read
        year = int(year_text) if year_text else None
        if not (party or year or typed or so or groups > 1):
            continue
        kind, start = implied, pos
        if tw or gw:
            kind, start = _type_word_kind(tw or gw), base + b.start("tw" if tw else "gw")
            if implied and implied != kind and (kind == "Công văn" or (gw and implied != "Công văn")):
                kind = implied  # the symbol's type code says more than "Văn bản", or than a name's head
        elif ab_kind:
            kind, start = ab_kind, base + b.start("ab")
        elif so:
            start = base + b.start("so")
        core_end = m.start(4 if party else 3) + len(symbol)
        issued, end = _read_date(text, core_end)
        # Without a date, ``end`` is ``core_end``: the issuer is looked for right after the symbol.
        issuer, issuer_end = _read_issuer(text, end)
        if issued is None and issuer:  # "… của Chính phủ ngày 15 tháng 4 năm 2025"
            issued, date_end = _read_date(text, issuer_end)
            issuer_end = max(issuer_end, date_end)
        prev = _Mention(start=start, end=max(end, issuer_end, core_end), number=number, year=year,
                        symbol=symbol_text, type_code=type_code, issuer_code=issuer_code, kind=kind,
                        typed=typed, issuer=issuer, issued=issued, party=party, core_end=core_end,
                        listed=bool(lower_ok) and not typed)
        found.append(prev)
    return found


def _stop_in_gap(before: str, word: str, v: _Vocab) -> bool:
    """Whether a word between a type word and "số" ends a name ("và", "theo", "mẫu")."""
    gap = before[len(word):].split()
    return any(w.casefold() in _GAP_STOP for w in gap[:-1])


# Words that part a type word from "số" when they stand between ("luật và số …",
# "văn bản theo mẫu số …"): a name or a qualifier has none of them.
# Last letters of what the loose pattern reads before "số": a type word, a code or a lower-case word.
_LETTERS_BEFORE_SO: Final = tuple("abcdefghijklmnopqrstuvwxyzđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")
_GAP_STOP: Final = frozenset("và hoặc theo tại của các về với cho trong này đã được là mẫu biểu".split())


def _known_first_code(symbol: str, v: _Vocab) -> bool:
    """Whether a symbol reads as one by its codes, in any case: its first group is a known code
    ("qđ", "qh14"), or a later one is ("ctph-ubnd-bca")."""
    for _, group in _split_symbol(symbol):
        group = group.casefold()
        if group in v.folded_codes or _TERM.sub("", group) in v.folded_codes:
            return True
    return False


def _adjacent_at(prev: _Mention, pos: int, text: str) -> bool:
    """Whether a mention starting at ``pos`` is the next item of the list ``prev`` is in."""
    if pos < prev.end or pos - prev.end > 40:
        return False
    gap = text[prev.end:pos]
    if not ("," in gap or ";" in gap or "và" in gap or "hoặc" in gap):
        return False  # _LIST_MARK cannot match
    m = _LIST_GAP.fullmatch(gap) or _LIST_GAP.fullmatch(gap + " ")
    return bool(m) and bool(_LIST_MARK.search(gap))


@lru_cache(maxsize=256)
def _type_word_kind(word: str) -> str:
    """Kind named by a type word as written ("Quyết  định", "quyết đinh" → "Quyết định")."""
    return _vocab().loose_kind[_loose_key(word)]


def _symbol_text(symbol: str) -> str:
    """A symbol as reported: NFC, line wraps and spaces removed, "Ð" (eth) read as "Đ"."""
    return _SPACES.sub("", unicodedata.normalize("NFC", symbol)).replace("\u00d0", "Đ")


def _is_form(text: str, pos: int, v: _Vocab) -> bool:
    """"Mẫu số …", "Phụ lục số …": the number of a form or an annex."""
    left = text[max(0, pos - 12):pos].rstrip()
    return left.endswith(v.forms)


def _in_url(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a web address."""
    left = text.rfind(" ", max(0, pos - 200), pos) + 1
    return "://" in text[left:pos] or "www." in text[left:pos]


def _is_own_header(text: str, pos: int) -> bool:
    """"Số: …" opening a paragraph: the document's own number."""
    line_start = text.rfind("\n", 0, pos) + 1
    return text[pos:pos + 2] == "Số" and not text[line_start:pos].strip(" |*#-")


def _shorts(text: str, p: _Patterns, v: _Vocab, taken: "_Taken") -> list[_Mention]:
    """Short mentions: a type word and a bare number ("Nghị định 68", "TT 43")."""
    found: list[_Mention] = []
    for m in _short_matches(text, p, taken):
        if taken.overlaps(m.start("tw"), m.end()):
            continue
        word = _SPACES.sub(" ", m.group("tw"))
        kind = v.abbreviations.get(word) or v.word_kind.get(word.casefold(), word)
        issued, end = _read_date(text, m.end())
        issuer, issuer_end = _read_issuer(text, end)
        year = int(m.group("year")) if m.group("year") else None
        found.append(_Mention(start=m.start("tw"), end=max(end, issuer_end, m.end()), number=m.group("num"), year=year,
                              kind=kind, typed=True, issuer=issuer, issued=issued, core_end=m.end()))
    return found


class _Taken:
    """Spans already taken, asked whether a span overlaps one: a search, not a pass over all."""

    __slots__ = ("_starts", "_ends")

    def __init__(self, spans: list[Span]):
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._ends, top = [], -1  # the largest end among the spans up to each one
        for _, e in ordered:
            top = max(top, e)
            self._ends.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self._starts, end)  # the spans starting before ``end``
        return k > 0 and self._ends[k - 1] > start


# ---------------------------------------------------------------- named laws


def _laws(text: str, p: _Patterns, v: _Vocab) -> list[_Mention]:
    """Named laws ("Luật Đất đai"), drafts and names inside proper names left out."""
    found: list[_Mention] = []
    taken = 0  # end of the last name: a law named inside it ("… của Luật Báo chí") is part of it
    for m in _matches_at(p.law, text, _law_starts(text, v)):
        if m.start() < taken or _inside_proper_name(text, m.start(), v) or _is_draft(text, m.start(), v):
            continue
        strict = text[m.end()].islower() or m.group(1)[0].islower()
        name_end = _law_name_end(text, m.start(), m.end(), v, p, strict)
        if name_end is None or (not _cannot_open(text, name_end, "(", skip=" ") and _match_at(_AMENDED, text, name_end)):
            continue
        taken = name_end
        name = _one_spaced(text[m.start():name_end])
        issued, end = _read_date(text, name_end)
        found.append(_Mention(start=m.start(), end=max(end, name_end), kind=m.group(1).capitalize(), typed=True,
                              issued=issued, name=name, core_end=name_end))
    return found


def _inside_proper_name(text: str, pos: int, v: _Vocab) -> bool:
    """A head inside a proper name ("Thư Viện Pháp Luật", "Trường Đại học Luật")."""
    left = _one_spaced(text[max(0, pos - 30):pos]).rstrip()
    if left.endswith(v.not_after):
        return True
    window = text[max(0, pos - 40):pos]
    if window.endswith(" "):
        word = window[:-1].rpartition(" ")[2]
        if word.isalpha() and word[0].islower():
            return False  # the common case ("theo Luật"), read as below: a word not capitalized
    before = _WORD_BEFORE.search(window)
    if not before or before.group(2) or not _CAPITALIZED.fullmatch(before.group(1)):
        return False
    rest = window[:before.start(1)].rstrip(" ")
    return not (rest == "" or rest[-1] in "\n.:;!?()[]-–+•\"“”'")


def _is_draft(text: str, pos: int, v: _Vocab) -> bool:
    """A law still in the making: "dự thảo Luật …", "xây dựng Luật …"."""
    left = _one_spaced(text[max(0, pos - 20):pos]).rstrip()
    return left.endswith(v.drafts)


def _law_name_end(text: str, head_start: int, name_start: int, v: _Vocab, p: _Patterns,
                  strict: bool = False) -> Optional[int]:
    """End of the name of a law whose head starts at ``head_start``.

    A listed name is taken whole; an amending law runs to the end of the law
    it amends ("Luật sửa đổi, bổ sung một số điều của Luật Báo chí"); an
    unknown one (not when ``strict``) runs over a few words up to punctuation,
    a stop word or a type word.
    """
    amending = _match_at(_AMENDING, text, name_start)
    if amending is not None:
        inner = _match_at(p.law, text, amending.end())
        if inner is None:
            return None
        return _law_name_end(text, inner.start(), inner.end(), v, p,
                             text[inner.end()].islower() or inner.group(1)[0].islower())
    known = _known_law(text, head_start, v)  # first: "Luật Điện lực" opens with a type word
    if known is not None or strict:
        return known
    if text[name_start:name_start + 4].casefold() == "sửa " or _type_word_at(text, name_start, p):
        return None  # an amending law without the law it amends, or a list of types ("Luật, Nghị định")
    first = _match_at(_WORD, text, name_start)
    if not first or first.group() in v.state:
        return None  # "Luật NQ" in a table of codes
    cursor = first.end()
    for _ in range(v.max_unknown_words - 1):
        w = _next_name_word(text, cursor, v, p)
        if not w:
            break
        cursor = w.end()
    return cursor


def _known_law(text: str, start: int, v: _Vocab) -> Optional[int]:
    """End of the longest listed law name written at ``start``, if any.

    The name is compared word by word, in any case, with or without the
    commas and hyphens between its words ("Luật Phòng chống bạo lực gia đình").
    """
    # A quick look at the first two words (split at spaces, the usual case) spares
    # reading the words one by one where no listed name can start.
    first = text[start:start + 40].casefold().split(None, 2)
    if len(first) >= 2 and first[0].isalpha() and first[1].rstrip(_STRIP).isalpha():
        key = f"{first[0]} {first[1].rstrip(_STRIP)}"
    else:
        words = _words_at(text, start, 2)
        key = " ".join(w for w, _ in words) if len(words) == 2 else ""
    names = v.law_names.get(key)
    if not names:
        return None
    head = text[start:start + v.law_widths[key] + 1].casefold()
    for _, written in names:  # as listed, the usual case (casefolding maps character by character)
        end = start + len(written)
        if head.startswith(written) and not text[end:end + 1].isalnum():
            return end
    words = _words_at(text, start, len(names[0][0]))
    for name, _ in names:
        if len(name) <= len(words) and all(words[i][0] == w for i, w in enumerate(name)):
            end = start + words[len(name) - 1][1]
            if text[end:end + 1] == ")" and text.rfind("(", start, end) > text.rfind(")", start, end):
                end += 1  # "… ở người (HIV/AIDS)"
            return end
    return None


_STRIP: Final = ",-–()"



def _words_at(text: str, start: int, n: int) -> list[tuple[str, int]]:
    """The first ``n`` words written from ``start`` (casefolded, with their ends, relative
    to ``start``), as long as only spaces, commas, hyphens or brackets part them."""
    window = text[start:start + min(_WINDOW, 16 * n)]
    out: list[tuple[str, int]] = []
    for m in _NAME_WORD.finditer(window):
        if out and not _NAME_SEPARATORS.issuperset(window[out[-1][1]:m.start()]):
            break
        out.append((m.group().casefold(), m.end()))
        if len(out) == n:
            break
    return out


def _next_name_word(text: str, cursor: int, v: _Vocab, p: _Patterns) -> Optional[_At]:
    """The next word of an unknown law's name after ``cursor``, or None where the name ends."""
    if text[cursor:cursor + 2] == ", ":
        w = _match_at(_WORD, text, cursor + 2)
        last = _LAST_WORDS.search(text[max(0, cursor - 30):cursor])
        return w if w and last and _is_comma_pair(last.group(1), w.group(), v) else None
    if text[cursor:cursor + 1] != " ":
        return None
    w = _match_at(_WORD, text, cursor + 1)
    if not w or w.group().casefold() in v.law_stop or _type_word_at(text, w.start(), p):
        return None
    return w


def _is_comma_pair(left: str, right: str, v: _Vocab) -> bool:
    """Whether "left, right…" opens a pair written with a comma inside a law's name."""
    words = left.casefold().split()
    for i in range(len(words)):
        head = f"{' '.join(words[i:])}, {right.casefold()}"
        if any(pair == head or pair.startswith(head + " ") for pair in v.comma_pairs):
            return True
    return False


# ---------------------------------------------------------------- resolution


class _Group:
    """The mentions of one cited document."""

    __slots__ = ("mentions",)

    def __init__(self) -> None:
        self.mentions: list[_Mention] = []

    @property
    def first(self) -> _Mention:
        mentions = self.mentions
        return mentions[0] if len(mentions) == 1 else min(mentions, key=lambda x: x.start)

    @property
    def lead(self) -> _Mention:
        """The mention giving the citation its number: the numbered one, else the first."""
        return self.mentions[0] if len(self.mentions) == 1 else self.numbered or self.first

    @property
    def numbered(self) -> Optional[_Mention]:
        """The first mention with a symbol, else with a number."""
        with_symbol = [x for x in self.mentions if x.symbol]
        with_number = [x for x in self.mentions if x.number]
        pool = with_symbol or with_number
        return min(pool, key=lambda x: x.start) if pool else None


def _resolve(mentions: list[_Mention]) -> list[_Group]:
    """Group mentions of the same document."""
    full = sorted((x for x in mentions if x.symbol), key=lambda x: x.start)
    groups: dict[tuple, _Group] = {}
    for x in full:
        _group(groups, x.folded).mentions.append(x)
    _merge_yearless(groups)
    # Folded number → (key, kinds written with a symbol, first start) of the full mentions' groups;
    # the first start follows the short mentions that join (read once each: linear).
    shorts = sorted((x for x in mentions if x.number and not x.symbol), key=lambda x: x.start)
    wanted = {_fold_number(x.number) for x in shorts}
    by_number: dict[str, list[list]] = {}
    for key, g in groups.items():
        if key[0] in wanted:
            by_number.setdefault(key[0], []).append([key, {y.kind for y in g.mentions}, g.first.start])
    for x in shorts:
        target = _short_target(x, by_number)
        if target is None and x.year is None and _is_year_like(x.number):
            continue  # "Kế hoạch 2025" names a year, not a document
        if target:
            key = target[0]
            target[2] = min(target[2], x.start)
        else:
            key = ("short", x.kind, _fold_number(x.number), x.year)
        _group(groups, key).mentions.append(x)
    # A named mention joins the first group with a mention of that name, else its own group.
    # Names are compared by their words ("Luật Thi đua, khen thưởng" is "Luật Thi đua khen thưởng").
    by_name: dict[tuple[str, ...], tuple] = {}
    for key, g in groups.items():
        for y in g.mentions:
            if y.name:
                by_name.setdefault(_name_words(y.name), key)
    for x in sorted((x for x in mentions if x.name and not x.number), key=lambda x: x.start):
        name = _name_words(x.name)
        key = by_name.setdefault(name, ("named", name))
        _group(groups, key).mentions.append(x)
    return sorted(groups.values(), key=lambda g: g.first.start)


def _group(groups: dict[tuple, _Group], key: tuple) -> _Group:
    """The group of ``key``, a new one (last in order) when there is none."""
    group = groups.get(key)
    if group is None:
        group = groups[key] = _Group()
    return group


def _merge_yearless(groups: dict[tuple, _Group]) -> None:
    """Join "Nghị quyết số 140/NQ-CP" to the only "140/2024/NQ-CP" of the text."""
    dated: dict[tuple[str, str], list[tuple]] = {}  # (number, symbol) → keys with a year
    for k in groups:
        if k[1]:
            dated.setdefault((k[0], k[2]), []).append(k)
    for key in [k for k in groups if not k[1]]:
        same = dated.get((key[0], key[2]), ())
        if len(same) == 1:
            groups[same[0]].mentions.extend(groups.pop(key).mentions)


def _short_target(x: _Mention, by_number: dict[str, list[list]]) -> Optional[list]:
    """The full mention's group a short mention stands for: same number and type, nearest before
    (an entry of ``by_number``: key, kinds, first start)."""
    candidates = [c for c in by_number.get(_fold_number(x.number), ())
                  if x.kind in c[1] and not (x.year and c[0][1] != str(x.year))]
    if not candidates:
        return None
    before = [c for c in candidates if c[2] < x.start]
    return max(before, key=lambda c: c[2]) if before else min(candidates, key=lambda c: c[2])


def _attach_names(mentions: list[_Mention], text: str) -> list[_Mention]:
    """A law's name written just before its number names that citation ("Luật Đất đai số 31/2024/QH15")."""
    laws = [x for x in mentions if x.name and not x.number]
    out = [x for x in mentions if not (x.name and not x.number)]
    numbered = _Numbered(out)
    for law in laws:
        if numbered.last < min(law.start, law.core_end - 8):
            out.append(law)  # no numbered mention can follow (see _Numbered.at)
            continue
        gap = _match_at(_NAME_GAP, text, law.core_end)
        i = numbered.at(gap.end() if gap else law.core_end)
        if i is None:
            i = numbered.starting(law.start)  # the number read with the head as its type word
        if i is None:
            out.append(law)
            continue
        target = out[i]
        out[i] = target.named(law.name, law.start, law.kind if not target.typed else target.kind)
    return out


class _Numbered:
    """Where the numbered mentions of a list start, found by a search."""

    __slots__ = ("_starts", "_index", "last")

    def __init__(self, mentions: list[_Mention]):
        first: dict[int, int] = {}  # start → index of the first mention starting there
        for i, x in enumerate(mentions):
            if x.number:
                first.setdefault(x.start, i)
        self._starts = sorted(first)
        self._index = first
        self.last = self._starts[-1] if self._starts else -1

    def starting(self, pos: int) -> Optional[int]:
        """Index of the numbered mention starting at ``pos``."""
        return self._index.get(pos)

    def at(self, pos: int) -> Optional[int]:
        """Index of the numbered mention starting at ``pos`` or up to 8 characters before
        (its number may follow "số"), the earliest such."""
        k = bisect_left(self._starts, pos - 8)
        if k < len(self._starts) and self._starts[k] <= pos:
            return self._index[self._starts[k]]
        return None


def _inherit_in_lists(mentions: list[_Mention], text: str) -> None:
    """Members of a list sharing a type word or an issuer ("các Quyết định số …, số …")."""
    ordered = sorted(mentions, key=lambda x: x.start)
    for prev, cur in zip(ordered, ordered[1:]):
        if not cur.typed and prev.typed and prev.kind and (
                cur.type_code is None or prev.type_code == cur.type_code) and _adjacent(prev, cur, text):
            cur.kind, cur.typed = prev.kind, True
    for i in range(len(ordered) - 1, 0, -1):
        cur = ordered[i]
        j = i - 1
        while cur.issuer and j >= 0 and not ordered[j].issuer and ordered[j].issuer_code == cur.issuer_code \
                and _adjacent(ordered[j], ordered[j + 1], text):
            ordered[j].issuer = cur.issuer
            j -= 1


def _adjacent(prev: _Mention, cur: _Mention, text: str) -> bool:
    """Whether two mentions follow each other in one list."""
    return _adjacent_at(prev, cur.start, text)


# ---------------------------------------------------------------- output


@lru_cache(maxsize=1024)
def _issuer_name(code: Optional[str], party: bool, province: Optional[str]) -> Optional[str]:
    """Issuing body inferred from an issuer code (cached: codes and provinces repeat)."""
    if not code:
        return None
    v = _vocab()
    first = _SYMBOL_SEP.split(code)[0].strip()
    base = _TERM.sub("", first)
    tables = (v.party_bodies, v.central, v.provincial) if party else (v.central, v.provincial, v.party_bodies)
    template = next((t[c] for t in tables for c in (first, base) if c in t), None)
    if template is None:
        return None
    return _fill(template, province, v)


def _fill(template: str, province: Optional[str], v: _Vocab) -> str:
    """Render an issuer template for a province (or none)."""
    place = (province or "").strip()
    bare = _PROVINCE_LEVEL.sub("", place)
    city = bare in v.cities
    level = "" if not place or bare != place else ("thành phố" if city else "tỉnh")
    filled = template.format(level=level, province=place, committee="Thành ủy" if city else "Tỉnh ủy")
    return _SPACES.sub(" ", filled).strip()


def _citation(group: _Group, lead: _Mention, text: str, province: Optional[str]) -> Citation:
    """One Citation from the mentions of one document, ``lead`` giving its number."""
    mentions = group.mentions
    if len(mentions) == 1:  # most often
        x = fullest = mentions[0]
        dated, written, typed, name = x if x.issued else None, x.issuer or None, x if x.typed and x.kind else None, \
            x.name or None
        spans = [(x.start, x.end)]
    else:
        dated = written = typed = None  # first in the text: dated, with an issuer, typed
        for x in sorted(mentions, key=lambda x: x.start):
            if dated is None and x.issued:
                dated = x
            if written is None and x.issuer:
                written = x.issuer
            if typed is None and x.typed and x.kind:
                typed = x
        fullest = max(mentions, key=lambda x: (
            x.issued is not None, x.issuer is not None, bool(x.symbol), x.end - x.start, -x.start))
        name = next((x.name for x in mentions if x.name), None)
        spans = sorted((x.start, x.end) for x in mentions)
    return record(Citation, {  # typed values of the pipeline's own: no validation (vnnotice.trusted)
        "kind": (typed or lead).kind,
        "number": lead.number,
        "year": lead.year,
        "symbol": lead.symbol,
        "type_code": lead.type_code,
        "issuer_code": lead.issuer_code,
        "issuer": written or _issuer_name(lead.issuer_code, lead.party, province),
        "issued": dated.issued if dated else None,
        "name": name,
        "key": _key(lead, name),
        "surface": text[fullest.start:fullest.end],
        "spans": spans,
        "directives": [],
    })


def _key(lead: _Mention, name: Optional[str]) -> str:
    """Canonical key: folded number, year and symbol, or the kind and number, or the name."""
    if lead.symbol:
        number, year, symbol = lead.folded
        return f"{number}/{year}/{symbol}"
    if lead.number:
        return f"{(lead.kind or '').casefold()} {_fold_number(lead.number)}/{lead.year or ''}"
    folded = _one_spaced(name or "").casefold()
    return f"named:{folded}"


def _own_keys(own_number: Optional[str]) -> set[tuple[str, str]]:
    """Folded (number, symbol) of the document's own number, year ignored."""
    if not own_number:
        return set()
    m = _patterns().anchor.search(unicodedata.normalize("NFC", own_number).replace("\u00d0", "Đ"))
    if not m:
        return set()
    symbol = m.group("psym") or m.group("sym")
    return {(_fold_number(m.group("num")), _fold_symbol(symbol))}


# ---------------------------------------------------------------- public


def find_citations(text: Optional[str], *, own_number: str | None = None, province: str | None = None) -> list[Citation]:
    """Return one Citation per document ``text`` cites, in order of first mention.

    ``own_number`` (e.g. ``'659/TB-VPCP'``) is the document's own number and
    is never reported. ``province`` (e.g. ``'Quảng Ninh'``) completes issuers
    inferred from provincial codes ("QĐ-UBND" → "Ủy ban nhân dân tỉnh Quảng
    Ninh") when the text does not name the issuer. Without ``own_number``, a
    text that opens by naming itself (a reprint of the body alone: "CÔNG ĐIỆN
    232/CĐ-TTg … V/v …", "Ngày …, Thủ tướng Chính phủ đã ban hành Công điện
    số 232/CĐ-TTg về việc …") does not cite that number. Never raises on odd
    input: a scan that runs out of time yields the citations found so far.
    """
    if not isinstance(text, str) or not text:
        return []
    try:
        mentions = _collect(text)
    except TimeoutError:
        return []
    own = _own_keys(own_number) if own_number else _title_keys(text, mentions)
    out = []
    for group in _resolve(mentions):
        lead = group.lead
        if own and lead.symbol and (lead.folded[0], lead.folded[2]) in own:
            continue
        out.append(_citation(group, lead, text, province))
    return out


# What follows the number of a document that names itself: its date or issuer, then its subject.
_SUBJECT_AFTER: Final = regex.compile(r"[\h,]*(?:(?i:v/v|về\h+việc)|\n\h*(?i:v/v|về\h+việc))")
_ISSUED_BEFORE: Final = regex.compile(r"(?i:đã\h+)?(?i:ban\h+hành|ký)\h*$")
_OPENING: Final = 400  # characters of the text's beginning where it may name itself
_BODY_AFTER: Final = regex.compile(r"(?:\n|[.:]\h)\s*\p{L}")  # a line or a sentence after the title


def _title_keys(text: str, mentions: list[_Mention]) -> set[tuple[str, str]]:
    """Folded (number, symbol) of the document when its text opens by naming itself: the first
    mention, typed, near the start, followed by its subject ("… V/v …", "… về việc …"), and
    written at the start of a line or just after "(đã) ban hành"."""
    numbered = [x for x in mentions if x.symbol and x.typed]
    if not numbered:
        return set()
    first = min(numbered, key=lambda x: x.start)
    lead = len(text) - len(text.lstrip())
    if first.start - lead > _OPENING or first is not min(mentions, key=lambda x: x.start):
        return set()
    if not _SUBJECT_AFTER.match(text[first.end:first.end + 40]):
        return set()
    line = text[text.rfind("\n", 0, first.start) + 1:first.start]
    if line.strip(" *#|-") and not _ISSUED_BEFORE.search(line):
        return set()
    # A body must follow (a line alone, as a register's summary, names a document it lists).
    rest = _BODY_AFTER.search(text, first.end, first.end + _OPENING)
    return {(first.folded[0], first.folded[2])} if rest else set()


def _is_year_like(number: Optional[str]) -> bool:
    return number is not None and number.isdigit() and len(number) == 4 and 1945 <= int(number) <= 2100


def _collect(text: str) -> list[_Mention]:
    """Every mention of the text: full, short and named."""
    p, v = _patterns(), _vocab()
    # (Full and short mentions have a number: in a text without one, their patterns, tried only at
    # the places of a number's separator or of a type word, find none; no scan looks for a digit first.)
    mentions = _anchors(text, p, v, v.codes)
    taken = _Taken([(x.start, x.core_end) for x in mentions])
    mentions += _shorts(text, p, v, taken)
    laws = _laws(text, p, v)
    if laws:
        mentions += laws
        mentions = _attach_names(mentions, text)
    _inherit_in_lists(mentions, text)
    return mentions
