"""Deadlines: find time limits in a directive's text and normalize them to dates.

A deadline is a time expression attached to a task: "báo cáo Sở Y tế trước
ngày 05/11/2022", "hoàn thành trong tháng 11 năm 2025", "trình Chính phủ
trong Quý I năm 2026", "trong vòng 10 ngày kể từ ngày ký", "trước Tết Nguyên
đán 2023", "định kỳ hằng tháng, báo cáo trước ngày 20", "thường xuyên".
Dates of cited documents, meetings, past events, plan periods and targets
("giai đoạn 2023-2025", "chỉ tiêu năm 2025", "từ nay đến hết năm 2025") are
not deadlines: the vocabulary that decides it lives in
``data/deadline_patterns.toml``.

The module also holds a small Vietnamese lunar calendar (new moons and solar
terms computed for UTC+7), used for Tết and Giỗ Tổ Hùng Vương, and the public
holidays of ``data/holidays.toml`` used by :func:`add_working_days`.

Public API::

    find_deadlines(text, reference_date=None, *, offset=0, directive=None) -> list[Deadline]
    add_working_days(start, n) -> date
    is_working_day(day) -> bool
    public_holidays(year) -> frozenset[date]
    lunar_to_solar(year, month, day, leap=False) -> date
    lunar_new_year(year) -> date
"""
from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Final, Optional

import regex

from vnnotice.compiled import compile as _compile  # kept compiled across processes
from vnnotice.data import load_toml
from vnnotice.records import Deadline
from vnnotice.trusted import record

#: ``str.lower`` called as a function: compiled by mypyc, ``s.lower()`` lowers each character alone, so a
#: final capital sigma gives "σ" where Python gives "ς" (the pure and the compiled module must agree)
_str_lower: Final = str.lower

__all__ = [
    "find_deadlines",
    "add_working_days",
    "is_working_day",
    "public_holidays",
    "lunar_to_solar",
    "lunar_new_year",
]

DATA: Final = Path(__file__).resolve().parent / "data"


# ---------------------------------------------------------------------------
# Lunar calendar (Vietnam, UTC+7)
# ---------------------------------------------------------------------------

_TZ: Final = 7 / 24  # Vietnam's offset from UT, in days
_SYNODIC: Final = 29.530588861
_ORDINAL_TO_JD: Final = 1721424.5  # JD at 0h UT of date.fromordinal(0)
_DELTA_T: Final = 70 / 86400  # TT - UT, about 70 s in this century


def _new_moon_jd(k: int) -> float:
    """UT Julian day of the k-th new moon after January 2000 (Meeus, ch. 49)."""
    t = k / 1236.85
    jde = 2451550.09766 + _SYNODIC * k + 0.00015437 * t * t
    r = math.radians
    m = r(2.5534 + 29.10535670 * k - 0.0000014 * t * t)
    mp = r(201.5643 + 385.81693528 * k + 0.0107582 * t * t)
    f = r(160.7108 + 390.67050284 * k - 0.0016118 * t * t)
    om = r(124.7746 - 1.56375588 * k + 0.0020672 * t * t)
    e = 1 - 0.002516 * t - 0.0000074 * t * t
    jde += (
        -0.40720 * math.sin(mp)
        + 0.17241 * e * math.sin(m)
        + 0.01608 * math.sin(2 * mp)
        + 0.01039 * math.sin(2 * f)
        + 0.00739 * e * math.sin(mp - m)
        - 0.00514 * e * math.sin(mp + m)
        + 0.00208 * e * e * math.sin(2 * m)
        - 0.00111 * math.sin(mp - 2 * f)
        - 0.00057 * math.sin(mp + 2 * f)
        + 0.00056 * e * math.sin(2 * mp + m)
        - 0.00042 * math.sin(3 * mp)
        + 0.00042 * e * math.sin(m + 2 * f)
        + 0.00038 * e * math.sin(m - 2 * f)
        - 0.00024 * e * math.sin(2 * mp - m)
        - 0.00017 * math.sin(om)
    )
    return jde - _DELTA_T


def _sun_longitude(jd: float) -> float:
    """Apparent ecliptic longitude of the Sun in degrees (low precision)."""
    t = (jd - 2451545.0) / 36525
    l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    m = math.radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    c = ((1.914602 - 0.004817 * t - 0.000014 * t * t) * math.sin(m)
         + (0.019993 - 0.000101 * t) * math.sin(2 * m) + 0.000289 * math.sin(3 * m))
    omega = math.radians(125.04 - 1934.136 * t)
    return (l0 + c - 0.00569 - 0.00478 * math.sin(omega)) % 360


def _local_ordinal(jd: float) -> int:
    """Proleptic Gregorian ordinal of the local (UTC+7) day containing `jd`."""
    return math.floor(jd + _TZ - _ORDINAL_TO_JD)


def _moon_day(k: int) -> int:
    """Local ordinal of the day of the k-th new moon."""
    return _local_ordinal(_new_moon_jd(k))


def _sector(ordinal: int) -> int:
    """Solar-term sector (0-11, 30 degrees each) at local midnight starting a day."""
    return int(_sun_longitude(ordinal + _ORDINAL_TO_JD - _TZ) // 30)


def _k_near(ordinal: int) -> int:
    """Index of the new moon nearest to a day."""
    return round((ordinal + _ORDINAL_TO_JD - 2451550.09766) / _SYNODIC)


@lru_cache(maxsize=256)
def _month11_k(year: int) -> int:
    """New-moon index starting lunar month 11, the month of the winter solstice of `year`."""
    k = _k_near(date(year, 12, 31).toordinal())
    while _moon_day(k) > date(year, 12, 31).toordinal():
        k -= 1
    while _sector(_moon_day(k)) >= 9:  # the solstice (270 degrees) has passed
        k -= 1
    return k


@lru_cache(maxsize=256)
def _lunar_months(year: int) -> tuple[tuple[int, bool, int], ...]:
    """Months from month 11 of lunar year `year`-1 up to month 10 of lunar year `year`.

    Each item is (month number, leap?, ordinal of its first day). When the span
    holds 13 months, the first month without a principal solar term is leap.
    """
    first, last = _month11_k(year - 1), _month11_k(year)
    starts = [_moon_day(k) for k in range(first, last + 1)]
    leap = -1
    if last - first == 13:
        leap = next((i for i in range(1, 13) if _sector(starts[i]) == _sector(starts[i + 1])), -1)
    months: list[tuple[int, bool, int]] = []
    number = 10
    for i, start in enumerate(starts[:-1]):
        if i == leap:
            months.append((number, True, start))
            continue
        number = number % 12 + 1
        months.append((number, False, start))
    return tuple(months)


def lunar_to_solar(year: int, month: int, day: int, leap: bool = False) -> date:
    """Solar date of a day of the Vietnamese lunar calendar.

    `year` is the lunar year (the solar year in which its month 1 begins).
    Raises ValueError when the (leap) month does not exist that year.
    """
    span = _lunar_months(year + 1 if month >= 11 else year)
    for number, is_leap, start in span:
        if number == month and is_leap == leap:
            return date.fromordinal(start + day - 1)
    raise ValueError(f"no lunar month {month}{' (leap)' if leap else ''} in {year}")


def lunar_new_year(year: int) -> date:
    """Date of Tết Nguyên đán (1st day of the 1st lunar month) in solar year `year`."""
    return lunar_to_solar(year, 1, 1)


# ---------------------------------------------------------------------------
# Public holidays and working days
# ---------------------------------------------------------------------------


def _entry_days(entry: dict[str, Any], year: int, lunar: bool) -> list[date]:
    """Days off of one holidays.toml entry in `year` (empty before its `since`)."""
    if year < entry.get("since", 0):
        return []
    base = (lunar_to_solar(year, entry["month"], entry["day"]) if lunar
            else date(year, entry["month"], entry["day"]))
    return [base + timedelta(days=o) for o in entry.get("offsets", [0])]


@lru_cache(maxsize=512)
def public_holidays(year: int) -> frozenset[date]:
    """Days off in `year`: holidays.toml entries plus weekend compensation."""
    data = load_toml("holidays.toml")
    weekend = set(data["policy"]["weekend"])
    days: set[date] = set()
    for entry in data.get("solar", []):
        days.update(_entry_days(entry, year, lunar=False))
    for entry in data.get("lunar", []):
        days.update(_entry_days(entry, year, lunar=True))
    if data["policy"].get("compensate_weekend", False):
        for day in sorted(days):
            if day.isoweekday() in weekend:
                extra = day + timedelta(days=1)
                while extra.isoweekday() in weekend or extra in days:
                    extra += timedelta(days=1)
                days.add(extra)
    days.update(e["date"] for e in data.get("extra", []) if e["date"].year == year)
    days.difference_update(e["date"] for e in data.get("removed", []) if e["date"].year == year)
    return frozenset(d for d in days if d.year == year)


def is_working_day(day: date) -> bool:
    """True when `day` is neither a weekly rest day nor a public holiday."""
    weekend = load_toml("holidays.toml")["policy"]["weekend"]
    if day.isoweekday() in weekend:
        return False
    return day not in public_holidays(day.year) and day not in public_holidays(day.year - 1)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (before it when n < 0); `start` itself for n == 0.

    Working days skip weekends and Vietnamese public holidays (Tết, Giỗ Tổ,
    30/4, 1/5, 2/9 …, with weekend compensation), so "trong 05 ngày làm việc
    kể từ 24/4/2025" ends on add_working_days(date(2025, 4, 24), 5).
    """
    step = 1 if n >= 0 else -1
    day, left = start, abs(n)
    while left:
        day += timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------


def _alternation(words: list[str]) -> str:
    """Regex alternation of lower-case phrases, longest first, spaces matching any whitespace."""
    parts = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in parts)


def _by_first_letter(words: list[str]) -> dict[str, list[str]]:
    """The phrases of :func:`_alternation`, in its order, by their first character: the rest of each as a pattern."""
    out: dict[str, list[str]] = {}
    for w in sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True):
        whole = r"\s+".join(re.escape(p) for p in w.split())
        first = re.escape(w[0])
        out.setdefault(w[0], []).append(whole[len(first):])
    return out


def _words_pattern(words: list[str], nouns: Optional[list[str]] = None) -> re.Pattern[str]:
    r"""Pattern finding any of `words` (or of `nouns`, tried first, a match of one having a group) as
    whole words in lower-cased text.

    The phrases are grouped by their first character, each group opening with it and the start's
    look-behind ("not after a letter or digit") tested after it: every alternative of the pattern
    opens with a character, so ``re`` looks for the next place by a test of each character against
    their set, not a try of the whole pattern at every position (the same matches as
    ``(?<!\w)(?:(?P<noun>nouns)|words)(?!\w)``, the phrases of one start tried in the same order).
    """
    verbs, held = _by_first_letter(words), _by_first_letter(nouns or [])
    alternatives = []
    for first in sorted(set(verbs) | set(held)):
        inner = (["(" + "|".join(held[first]) + ")"] if first in held else []) + verbs.get(first, [])
        alternatives.append(re.escape(first) + r"(?<!\w[\w\W])(?:" + "|".join(inner) + ")")
    return re.compile("(?:" + "|".join(alternatives) + r")(?!\w)")


def _word_regex(words: list[str]) -> re.Pattern[str]:
    """Pattern finding any of `words` as whole words in lower-cased text."""
    return _words_pattern(words)


class _Verbs:
    """Verbs found as whole words, not inside a noun that holds one ("trình" in "công trình",
    "chương trình"): the nouns are matched first, at the earlier start, and skipped (a match of a
    noun has the pattern's one group)."""

    __slots__ = ("_pattern",)

    def __init__(self, verbs: list[str], nouns: list[str]):
        self._pattern = _words_pattern(verbs, nouns)

    def finditer(self, text: str) -> list[re.Match[str]]:
        return [m for m in self._pattern.finditer(text) if m.lastindex is None]

    def search(self, text: str) -> Optional[re.Match[str]]:
        # (one search after another, as finditer goes on: most texts have no match or a verb first, and a
        # search costs less than an iterator made for it)
        m = self._pattern.search(text)
        while m is not None and m.lastindex is not None:
            m = self._pattern.search(text, m.end())
        return m


@dataclass(frozen=True)
class _Vocabulary:
    """Compiled vocabulary of deadline_patterns.toml."""

    completion: _Verbs
    action: _Verbs
    bounded: re.Pattern[str]
    document_anchor: re.Pattern[str]
    target: re.Pattern[str]
    plan_nouns: re.Pattern[str]
    clause_block: re.Pattern[str]
    sentence_block: re.Pattern[str]
    occasion: re.Pattern[str]
    category: re.Pattern[str]
    recurrence: tuple[tuple[str, re.Pattern[str]], ...]
    standing_verbs: re.Pattern[str]
    standing_not_after: re.Pattern[str]
    stems: tuple[str, ...]
    branches: tuple[tuple[str, ...], ...]
    target_label: re.Pattern[str]
    event: re.Pattern[str]
    purpose: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    """Load and compile the vocabulary once."""
    data = load_toml("deadline_patterns.toml")
    blockers = data["blockers"]
    return _Vocabulary(
        completion=_Verbs(data["verbs"]["completion"], data["verbs"]["nouns"]),
        action=_Verbs(data["verbs"]["completion"] + data["verbs"]["action"], data["verbs"]["nouns"]),
        bounded=_word_regex(data["verbs"]["bounded"]),
        document_anchor=_word_regex(data["relative"]["document_anchors"]),
        target=_word_regex(blockers["target"]),
        plan_nouns=_word_regex(blockers["plan_nouns"]),
        clause_block=_word_regex(blockers["clause"]),
        sentence_block=_word_regex(blockers["sentence"]),
        occasion=_word_regex(blockers["occasion"]),
        category=_word_regex(blockers["category"]),
        recurrence=tuple((kind, _word_regex(words)) for kind, words in data["recurrence"].items()),
        standing_verbs=_word_regex(data["standing"]["verbs"]),
        standing_not_after=re.compile(
            r"(?<!\w)(?:" + _alternation(data["standing"]["not_after"]) + r")\s*,?\s*$"),
        stems=tuple(data["lunar_years"]["stems"]),
        branches=tuple(tuple(b) for b in data["lunar_years"]["branches"]),
        target_label=re.compile(r"(?:" + _alternation(blockers["target_labels"]) + r")\s*\d*\s*[:.]"),
        event=_word_regex(blockers["event"]),
        purpose=_word_regex(data["verbs"]["purpose"]),
    )


# ---------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------

_S: Final = r"[ \t\u00a0]+"  # spaces inside one paragraph
_Y: Final = r"(?:1[89]|20)\d\d"
_ROMAN_Q: Final = r"iv|i{1,3}|[1-4]"


@lru_cache(maxsize=1)
def _time_regex() -> re.Pattern[str]:
    """The time expressions that a deadline can name (one alternation, kinds by group).

    The pattern is lower case and runs over the lower-cased text, matched only
    where :func:`_time_starts` finds a number or an opening word (see
    :func:`_time_matches`; there in the form of :func:`_opening_patterns`), with
    the standard library's engine, several times faster here than ``regex``; it
    has no nested unbounded repetition, so its run time is linear in the text.
    """
    # A look-ahead on the first word rejects most positions at once.
    first = r"(?=\d|" + "|".join(_OPENERS) + ")"
    return re.compile(first + r"(?<![\w/.-])(?:" + "|".join(_time_parts().values()) + ")")


@lru_cache(maxsize=1)
def _time_parts() -> dict[str, str]:
    """The alternatives of :func:`_time_regex`, in its order, by the name of their group (the kind)."""
    voc = _vocabulary()
    stems = "|".join(voc.stems)
    branches = "|".join(b for group in voc.branches for b in group)
    day = r"(?:ngày" + _S + r")?"
    parts = [
        # 05/11/2022, ngày 5-11-2022, 05.11.2022
        rf"(?P<full>{day}(?P<fd>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<fm>\d{{1,2}})\s*(?P=sep)\s*(?P<fy>{_Y}))(?!\d)",
        # ngày 10 tháng 12 (năm 2025)
        rf"(?P<text>ngày{_S}(?P<td>\d{{1,2}}){_S}tháng{_S}(?P<tm>\d{{1,2}})(?:(?:{_S}năm{_S}|\s*/\s*)(?P<ty>{_Y}))?)(?![\d/])",
        # 15/12 (no year)
        rf"(?P<dm>{day}(?P<dd>\d{{1,2}})\s*/\s*(?P<dmm>\d{{1,2}}))(?![\d/]|[.,]\d|\s*[/.-]\s*\d)",
        # ngày 20 (day of month, recurring duties only)
        rf"(?P<dayonly>ngày{_S}(?P<od>\d{{1,2}}))(?![\d/]|[.,]\d|{_S}tháng)",
        # N tháng đầu/cuối năm (2025)
        rf"(?P<half>(?P<hn>\d{{1,2}}){_S}tháng{_S}(?P<hp>đầu|cuối){_S}năm(?:{_S}(?P<hy>{_Y}))?)",
        # N ngày (làm việc) / tuần / tháng: relative limits
        rf"(?P<rel>(?P<rn>\d{{1,3}}){_S}(?P<ru>ngày{_S}làm{_S}việc|ngày|tuần|tháng)(?!{_S}(?:đầu|cuối)\b)"
        rf"(?:\s*,?\s*(?:tính{_S})?kể{_S}từ{_S}(?:ngày{_S})?(?P<anchor>[^\W\d_]+(?:{_S}[^\W\d_]+){{0,4}}))?)",
        # cuối năm (2025), cuối tháng 12(/2025), cuối Quý IV
        rf"(?P<endy>cuối{_S}năm(?:{_S}(?P<ey>{_Y}))?)(?![\d/-])",
        rf"(?P<endm>cuối{_S}tháng{_S}(?P<em>\d{{1,2}})(?:(?:{_S}năm{_S}|\s*/\s*)(?P<emy>{_Y}))?)(?![\d/])",
        # tháng 12/2025, tháng 12 năm 2025, tháng 12
        rf"(?P<month>tháng{_S}(?P<mm>\d{{1,2}})(?:(?:{_S}năm{_S}|\s*/\s*)(?P<my>{_Y}))?)(?![\d/])",
        # Quý I/2023, quý 2 năm 2026, Quý IV
        rf"(?P<quarter>quý{_S}(?P<q>{_ROMAN_Q})(?![\w])(?:(?:{_S}năm{_S}|\s*/\s*)(?P<qy>{_Y}))?)(?![\d/])",
        # năm 2025
        rf"(?P<year>năm{_S}(?P<yy>{_Y}))(?![\d/-]|\s*-\s*\d)",
        # Tết (Nguyên đán|Âm lịch|Dương lịch) (năm) 2023 (Quý Mão)
        rf"(?P<tet>tết(?:{_S}(?P<tk>nguyên{_S}đán|âm{_S}lịch|cổ{_S}truyền|dương{_S}lịch))?"
        rf"(?:{_S}(?:năm{_S})?(?P<tyr>{_Y}))?(?:{_S}(?P<tcs>{stems}){_S}(?P<tcb>{branches}))?)(?!\w)",
        # thường xuyên: standing duty
        r"(?P<standing>thường" + _S + r"xuyên)(?!\w)",
    ]
    return {part[len("(?P<"):part.index(">")]: part for part in parts}  # (each opens with its group)


# The kinds of expression (groups of :func:`_time_regex`) each opening word can open, a number ("") the rest.
_OPENS: Final = {"ngày": ("full", "text", "dm", "dayonly"), "": ("full", "dm", "half", "rel"), "năm": ("year",),
                 "tháng": ("month",), "thường": ("standing",), "quý": ("quarter",), "cuối": ("endy", "endm"),
                 "tết": ("tet",)}


@lru_cache(maxsize=1)
def _opening_patterns() -> tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]]]:
    """The time pattern for a place of each opening word, by the word and by its key letter (a number: "").

    Each holds the alternatives of :func:`_time_regex` (in its order) that open with the word: ``{day}``
    (an optional "ngày") then a number, the word itself, or a number (the first word of every alternative
    shows which); at a place where the text opens with that word, the others cannot match, and the first
    alternative that matches is the same. Trying only those costs about half as much. The groups of the
    others are kept, in an alternative that never matches: every group name is there, and a match's
    groups by name are those of :func:`_time_regex`'s match."""
    whole = _time_regex()
    parts = _time_parts()
    by_word: dict[str, re.Pattern[str]] = {}
    for word, kinds in _OPENS.items():
        pattern = re.compile(r"(?<![\w/.-])(?:" + "|".join(parts[k] for k in kinds) + ")")
        missing = [g for g in whole.groupindex if g not in pattern.groupindex]
        by_word[word] = re.compile(pattern.pattern[:-1] + "|(?!)" + "".join(f"(?P<{g}>)" for g in missing) + ")")
    keys = _time_starts()[1]
    by_key = {word[at]: by_word[word] for word, at in zip(_KEYED_OPENERS, _OPENER_KEYS) if keys.get(word[at]) == at}
    return by_word, by_key


# The words a time expression may open with (else it opens with a digit).
_OPENERS: Final = ("ngày", "năm", "tháng", "thường", "quý", "cuối", "tết")
# Those always followed by spaces and a number ("ngày 5", "năm 2026", "tháng 12"): their places are found from
# that number (see _time_starts), not from a letter of theirs ("à", "ă", "á" are among the commonest letters).
_NUMBERED_OPENERS: Final = ("ngày", "năm", "tháng")
# The others, each with the place of the letter it is looked for by: a rare letter, and no letter of another
# opening word; and what follows it in every expression opening with it: "xuyên", a quarter, "năm" or "tháng"
# ("cuối năm", "cuối tháng 12"), no letter or digit ("Tết").
_KEYED_OPENERS: Final = ("thường", "quý", "cuối", "tết")
_OPENER_KEYS: Final = (3, 2, 2, 1)
_AFTER_OPENERS: Final = (_S + "xuyên", _S + "[iv1-4]", _S + "(?:năm|tháng)", r"(?!\w)")
_SPACES: Final = " \t\u00a0"  # the characters of _S
# What follows the first digit of every expression opening with one (full, dm, half, rel): at most two
# more digits, then a separator of a date and a digit, or a word of a count.
_AFTER_FIRST_DIGIT: Final = r"\d{0,2}(?:\s*[/.-]\s*\d|[ \t\u00a0]+(?:ngày|tuần|tháng))"


@lru_cache(maxsize=1)
def _time_starts() -> tuple[re.Pattern[str], dict[str, int]]:
    """A pattern finding the key characters of the places where the time pattern may match, and the offset
    back from each key letter to its word's start (see :func:`_time_matches`).

    Scanning a text with :func:`_time_regex` tries every position, and the look-ahead on the first word
    costs about as much at each; this pattern opens with a set of characters, which ``re`` looks for
    without trying a match, and each character found costs a try: the digits, and one rare letter of
    each of :data:`_KEYED_OPENERS` ("thường" by its "ờ", "quý" by its "ý"). Where it finds a letter, it
    matches the rest of the word (a letter is then compared, mostly, not a look-behind tried) and what
    follows it in every expression opening with it (:data:`_AFTER_OPENERS`). Where it finds a digit, it
    matches one that starts a number (not after a letter, digit, "/", "." or "-") and either goes on as
    every expression opening with a digit goes on (its group ``number`` is then set) or comes after an
    opening word of :data:`_NUMBERED_OPENERS` and one space, or after two spaces (where a word of
    :data:`_NUMBERED_OPENERS` may end before more): every expression opening with such a word has spaces
    and a number after it, so that number is found.

    The places are then, in order: the start of the word of each key letter; for each number, the start
    of the word of :data:`_NUMBERED_OPENERS` that ends its run of spaces before it, if one does, then the
    number itself if its group ``number`` is set. No letter of an opening word is a key, and no key but
    the word's own lies between a word's start and its key or number: the time pattern, matched at each
    place in order, skipping those inside the previous match, gives the matches of its ``finditer``.
    """
    keys: dict[str, int] = {}
    alternatives = []
    for word, at, after in zip(_KEYED_OPENERS, _OPENER_KEYS, _AFTER_OPENERS):
        key = word[at]
        keys[key] = at
        rest = word[at + 1:]
        # (what follows the word tried last, at the few places where the word is: fewer tries of the time pattern)
        follows = after if after.startswith("(?") else f"(?={after})"
        if rest:
            alternatives.append(re.escape(rest) + (f"(?<={re.escape(word)})" if at else "") + follows)
        else:
            alternatives.append(f"(?<={re.escape(word)})" + follows)
    own = dict(zip(_KEYED_OPENERS, _OPENER_KEYS))
    for word in _OPENERS:
        if any(c in keys and i != own.get(word) or c.isdecimal() or c in _SPACES for i, c in enumerate(word)):
            raise ValueError(f"opening word {word!r}: a letter of it other than its own is a key: {keys}")
    space = "[" + _SPACES + "]"
    after_word = "|".join(f"(?<={re.escape(word)}{space}\\d)" for word in _NUMBERED_OPENERS)
    # (last: the letters' alternatives open with a letter, passed over at once where it differs)
    alternatives.append(r"(?<=\d)(?<![\w/.-]\d)(?:(?=" + _AFTER_FIRST_DIGIT + r")(?P<number>)|" + after_word
                        + f"|(?<={space}{space}\\d))")
    # the decimal digits of the basic plane listed (a set ``re`` tests by table), any character beyond it
    # (rare, a digit or not: the pattern's own look-behind decides)
    digits = "".join(filter(str.isdecimal, map(chr, range(0x10000))))
    first = "[" + re.escape(digits + "".join(keys)) + "\U00010000-\U0010ffff]"
    return re.compile(first + "(?:" + "|".join(alternatives) + ")"), keys


@lru_cache(maxsize=1)
def _written_starts() -> re.Pattern[str]:
    """The pattern of :func:`_time_starts` for text as written (not lower-cased): its key letters in either
    case, the rest matched ignoring case.

    Where :func:`_time_starts` finds a key in a text's lower case (:func:`_lower`, the same length), this
    finds one at the same position in the text: each character of the text lowers to itself, to one
    character that ``re`` matches ignoring case to the same letters (its simple lower case, which is what
    ``str.lower`` gives when one character: the final sigma aside, a letter of no opening word), or keeps
    its case ("İ", matching no letter of the lower-case pattern); and a letter, digit or "_" lowers to one
    (the look-arounds that must not find one find none in the text either). So the first place it finds
    is at or before the first key of the lower case: a text where it finds none holds no time expression,
    and is not lower-cased.
    """
    pattern = _time_starts()[0].pattern
    cut = pattern.index("](?:") + 1
    upper = "".join(sorted({c for key in _time_starts()[1] for c in (key.upper(), key.title())}))
    return re.compile(pattern[:cut - len("\U00010000-\U0010ffff]")] + re.escape(upper) + "\U00010000-\U0010ffff]"
                      + "(?i:" + pattern[cut:] + ")")


# Triggers written just before the time expression (the text before it must end with one).
_TRIGGER: Final = _compile(
    r"(?<!\w)(?:(?P<before>(?:xong|hoàn\s+thành)?\s*trước)"
    r"|(?P<latest>(?:chậm|muộn)\s+nhất(?:\s+là)?(?:\s+(?:vào|trong|đến|trước|sau))?(?:\s+ngày)?|hạn\s+chót(?:\s+là)?(?:\s+vào)?"
    r"|không\s+(?:muộn|chậm)\s+hơn|thời\s+hạn(?:\s+hoàn\s+thành)?(?:\s*(?:là|:))?)"
    r"|(?P<until>(?:đến|tới)\s+hết|(?:đến|tới)(?!\s+hết)(?<=đến|tới)|hết)"
    r"|(?P<within>trong\s+(?:vòng|thời\s+hạn|thời\s+gian|khoảng)|trong|không\s+quá)"
    r"|(?P<at>vào|tại\s+(?:các\s+)?(?:kỳ|phiên)\s+họp(?:\s+(?:thường\s+lệ|chuyên\s+đề|cuối\s+năm|giữa\s+năm))?)"
    r"|(?P<from>từ))"
    r"\s*(?:(?:lúc\s+)?\d{1,2}\s*(?:giờ|h|g)(?:\s*\d{1,2}(?:\s*(?:phút|'))?)?(?:\s*,)?\s*)?"
    r"(?:(?:sáng|chiều|tối|trưa)\s+)?(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|\d)(?:\s*,)?\s*)?(?:ngày\s+)?$",
    regex.I | regex.REVERSE,
)
def _mirror(*phrases: str) -> str:
    """Alternation of `phrases` written backwards (the words in reverse order, each reversed, parted by
    ``\\s+``), for a pattern matched over reversed text."""
    return "|".join(r"\s+".join(re.escape(w[::-1]) for w in reversed(p.split())) for p in phrases)


# _TRIGGER as the standard library matches it over the reversed text before the expression: its mirror
# image (each sequence reversed, each alternation and repetition in the same order and as greedy), so that
# its backtracking tries the same ways in the same order as ``regex`` searching backwards does, several times
# faster. Two look-arounds of the "đến"/"tới" alternative are left out: the look-behind for the word that
# follows (it is that word) and the look-ahead for "hết" after it, which the tail then matched (a time of day,
# a weekday, "ngày", spaces) never opens with. The text is lower-cased: by case is ignoring case but for the
# characters of :data:`_TRIGGER_UNSAFE`, where ``regex`` is used.
_TRIGGER_MIRRORED: Final = re.compile(
    r"(?:\s+" + _mirror("ngày") + r")?"
    r"(?:\s*(?:,\s*)?(?:" + _mirror("hai", "ba", "tư", "năm", "sáu", "bảy") + r"|\d)\s+" + _mirror("thứ") + r")?"
    r"(?:\s+(?:" + _mirror("sáng", "chiều", "tối", "trưa") + r"))?"
    r"(?:\s*(?:,\s*)?(?:(?:(?:" + _mirror("phút") + r"|')\s*)?\d{1,2}\s*)?(?:" + _mirror("giờ", "h", "g")
    + r")\s*\d{1,2}(?:\s+" + _mirror("lúc") + r")?)?"
    r"\s*"
    r"(?:(?P<before>" + _mirror("trước") + r"\s*(?:" + _mirror("xong", "hoàn thành") + r")?)"
    r"|(?P<latest>(?:" + _mirror("ngày") + r"\s+)?(?:(?:" + _mirror("vào", "trong", "đến", "trước", "sau") + r")\s+)?"
    r"(?:" + _mirror("là") + r"\s+)?" + _mirror("nhất") + r"\s+(?:" + _mirror("chậm", "muộn") + r")"
    r"|(?:" + _mirror("vào") + r"\s+)?(?:" + _mirror("là") + r"\s+)?" + _mirror("hạn chót")
    + r"|" + _mirror("hơn") + r"\s+(?:" + _mirror("muộn", "chậm") + r")\s+" + _mirror("không")
    + r"|(?:(?:" + _mirror("là") + r"|:)\s*)?(?:" + _mirror("hoàn thành") + r"\s+)?" + _mirror("thời hạn") + r")"
    r"|(?P<until>" + _mirror("hết") + r"\s+(?:" + _mirror("đến", "tới") + r")|" + _mirror("đến", "tới") + "|"
    + _mirror("hết") + r")"
    r"|(?P<within>(?:" + _mirror("vòng", "thời hạn", "thời gian", "khoảng") + r")\s+" + _mirror("trong")
    + "|" + _mirror("trong") + "|" + _mirror("không quá") + r")"
    r"|(?P<at>" + _mirror("vào") + r"|(?:(?:" + _mirror("thường lệ", "chuyên đề", "cuối năm", "giữa năm") + r")\s+)?"
    + _mirror("họp") + r"\s+(?:" + _mirror("kỳ", "phiên") + r")(?:\s+" + _mirror("các") + r")?\s+" + _mirror("tại") + r")"
    r"|(?P<from>" + _mirror("từ") + r"))"
    r"(?!\w)"
)
# The characters where _TRIGGER_MIRRORED may not match as _TRIGGER does (its complement lists those where it
# does, tested one by one): beyond Latin, its extensions and the general punctuation, the characters that
# ``re`` and ``regex`` class differently (as letters, digits or spaces: combining marks, superscript digits,
# fractions, joiners, connectors, separators \x1c-\x1f) and those that match another letter ignoring case
# ("İ", "ſ").
_TRIGGER_UNSAFE: Final = re.compile(
    "[^\x00-\x1b\x20-\xb1\xb4-\xb8\xba\xbb\xbf-\u012f\u0131-\u017e\u0180-\u024f\u1e00-\u1eff"
    "\u2000-\u200b\u200e-\u203e\u2041-\u2053\u2055-\u206f]")
# A word of each alternative of _TRIGGER, one of which the text before a trigger holds; the text is
# lower-cased, where only "İ" (kept: its lower case is two characters) matches a letter here ("i") by case.
# Each word is looked for by a rare letter of it (its place in the word below), the rest of the word matched
# after it and the part before it by a look-behind: ``re`` tests each character against the set of those
# letters, a tenth of the characters or less, not against the words' first letters ("t", "n", "h", "c" …, a
# third of them), and tries the words only there.
_TRIGGER_WORDS: Final = ("trước", "nhất", "chót", "hơn", "hạn", "đến", "tới", "hết", "trong", "quá", "vào", "họp", "từ")
_TRIGGER_KEYS: Final = (3, 2, 2, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1)


def _keyed_words(words: tuple[str, ...], keys: tuple[int, ...]) -> re.Pattern[str]:
    """Pattern finding any of `words` (anywhere), each by its letter at the place `keys` gives."""
    by_key: dict[str, list[str]] = {}
    for word, at in zip(words, keys):
        rest = re.escape(word[at + 1:]) + (f"(?<={re.escape(word)})" if at else "")
        by_key.setdefault(word[at], []).append(rest)
    return re.compile("|".join(re.escape(key) + "(?:" + "|".join(rests) + ")" for key, rests in by_key.items()))


_TRIGGER_WORD: Final = _keyed_words(_TRIGGER_WORDS, _TRIGGER_KEYS)
# ('a) ' is not a boundary here: the text is searched lower-cased, where 'Phòng Y) ' would look like one;
# items are parted by the segment stage anyway)
_SENTENCE_END_TEXT: Final = r"[.!?](?=\s|$)|[;\n]|:(?=\s)|\(\d+\)"
_CLAUSE_END_TEXT: Final = r"[.!?](?=\s|$)|[,;:\n()]"
_SENTENCE_END: Final = re.compile(_SENTENCE_END_TEXT)
_CLAUSE_END: Final = re.compile(_CLAUSE_END_TEXT)
# The same boundaries searched backwards, for the last one before a point.
# (not ignoring case: none of their characters has another case, and ``regex`` searches about twice as fast)
_SENTENCE_START: Final = _compile(_SENTENCE_END_TEXT, regex.REVERSE)
_QUANTITY: Final = _compile(r"(?<![\d/.])(?!(?:19|20)\d\d(?!\d))\d+(?:[.,]\d+)*(?![\d/])")
_CLAUSE_START: Final = _compile(_CLAUSE_END_TEXT, regex.REVERSE)
_WORD: Final = re.compile(r"[^\W_]+")
_AFTER_WINDOW: Final = re.compile(r"^\s*(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?")
_PAST_AFTER: Final = re.compile(r"\s*(?:qua|vừa\s+qua|gần\s+đây|trước\s+đó)\b")

_MEETING: Final = re.compile(r"(?:kỳ|phiên)\s+họp")
_PERCENT: Final = re.compile(r"\d\s*%")
_LABEL_BEFORE: Final = re.compile(r"^\s*(?:thời\s+(?:gian|hạn)|tiến\s+độ)\b")
_STALE: Final = timedelta(days=60)  # an explicit date this long before the reference is not a limit
# "đã" as a word; its look-behind tested after the "đ", which re then looks for by its quick search for one
# character (a look-behind first is tried at every position)
_PAST_MARK: Final = re.compile(r"đ(?<!\w[\w\W])ã(?!\w)")
_TIME_LABEL: Final = re.compile(r"thời\s+(?:gian|hạn)[^:\n]{0,25}:\s*$")
_LIMIT_LABEL: Final = re.compile(r"thời\s+hạn[^:\n]{0,25}:\s*$")
# a field label that makes a bare date or period after it the limit ("Thời hạn hoàn thành: 30/12/2026",
# "Thời gian thực hiện: Quý I/2027"); a bare day after "Thời gian:" may date a meeting, so days need a
# label of a limit or of completion
_DUE_LABEL: Final = re.compile(r"(?:thời\s+hạn|thời\s+gian\s+hoàn\s+thành)[^:\n]{0,25}:\s*(?:ngày\s*)?$", re.I)
_PERIOD_LABEL: Final = re.compile(r"(?:thời\s+hạn|thời\s+gian)(?:\s+(?:thực\s+hiện|hoàn\s+thành))?\s*:\s*$", re.I)
# the same, matched by case over lower-cased text: there only "ı" and "İ" match one of their letters ("i")
# ignoring case, not by it (see _field_label)
_DUE_LABEL_LOWER: Final = re.compile(_DUE_LABEL.pattern)
_PERIOD_LABEL_LOWER: Final = re.compile(_PERIOD_LABEL.pattern)
# a sentence that issues a document with the decision: what follows is that document's title
_ISSUING: Final = re.compile(r"\s*(?:Điều\s+\d+\s*\.\s*)?Ban\s+hành\s+kèm\s+theo\b", re.I)
_FROM_END: Final = re.compile(r"(?<!\w)từ\s*$")

_ROMAN: Final = {"I": 1, "II": 2, "III": 3, "IV": 4}

_LEFT: Final = 60  # characters scanned for a trigger
_SENTENCE: Final = 320  # characters scanned for a sentence's words before the expression
_AHEAD: Final = 120  # characters scanned after it


# ---------------------------------------------------------------------------
# Date arithmetic
# ---------------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> Optional[date]:
    """date(year, month, day), or None when it does not exist."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> Optional[date]:
    """Last day of a month, or None for an impossible month."""
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the end of the target month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _roll_forward(month: int, day: int, reference: date) -> Optional[date]:
    """Next occurrence of day/month on or after `reference`."""
    for year in (reference.year, reference.year + 1):
        found = _safe_date(year, month, day)
        if found and found >= reference:
            return found
    return None


def range_start(start_in: Callable[[int], Optional[date]], end: date) -> Optional[date]:
    """First day of a range "A – B/2026" or "từ A đến B/2026" whose first part A has no year.

    ``start_in(year)`` is A's first day in a year (None when it has none: 29/2). A is in the
    year of the range's end, or in the year before when it would come after the end there
    ("Quý IV - Quý II/2026" starts 2025-10-01): a start never comes after its due. Table
    cells (:mod:`vnnotice.appendix`) and running text read ranges by this rule.
    """
    start = start_in(end.year)
    if start is None or start > end:
        start = start_in(end.year - 1)
    return start


def _lunar_year_of(stem: str, branch: str, reference: Optional[date], voc: _Vocabulary) -> Optional[int]:
    """Solar year of the can-chi year ("Quý Mão") nearest to the reference date's year."""
    if reference is None:
        return None
    stem_i = voc.stems.index(stem.lower())
    branch_i = next(i for i, names in enumerate(voc.branches) if branch.lower() in names)
    for delta in sorted(range(-30, 31), key=abs):
        year = reference.year + delta
        if (year + 6) % 10 == stem_i and (year + 8) % 12 == branch_i:
            return year
    return None


# ---------------------------------------------------------------------------
# Reading one match
# ---------------------------------------------------------------------------


class _Reading:
    """What a time expression means before the context decides on it (a class with its own
    ``__init__``: compiled, a dataclass's generated one runs as Python code)."""

    __slots__ = ("due", "start", "kind", "resolution")

    def __init__(self, due: Optional[date], start: Optional[date], kind: str, resolution: str) -> None:
        self.due = due
        self.start = start
        self.kind = kind  # date | date_noyear | relative | event
        self.resolution = resolution


def _period(m: re.Match[str], reference: Optional[date]) -> Optional[tuple[date, date, str]]:
    """(first day, last day, resolution) of a month, quarter, half-year or year expression."""
    ref_year = reference.year if reference else None
    g = m.group
    if g("year"):
        y = int(g("yy"))
        return date(y, 1, 1), date(y, 12, 31), "explicit"
    if g("month") or g("endm"):
        month = int(g("mm") or g("em"))
        written = g("my") or g("emy")
        if not 1 <= month <= 12:
            return None
        if written:
            y, how = int(written), "explicit"
        elif reference:
            end = _month_end(reference.year, month)
            y = reference.year if end and end >= reference else reference.year + 1
            how = "reference_date"
        else:
            return None
        last = _month_end(y, month)
        if last is None:  # a year out of range
            return None
        first = date(y, month, 1) if g("month") else date(y, month, max(1, last.day - 9))
        return first, last, how
    if g("quarter"):
        q = _ROMAN.get(g("q").upper()) or int(g("q"))
        if g("qy"):
            y, how = int(g("qy")), "explicit"
        elif reference:
            end = _month_end(reference.year, 3 * q)
            y = reference.year if end and end >= reference else reference.year + 1
            how = "reference_date"
        else:
            return None
        last = _month_end(y, 3 * q)
        if last is None:  # a year out of range
            return None
        return date(y, 3 * q - 2, 1), last, how
    if g("half"):
        n = _number(g("hn"))
        if not n or n > 12:
            return None
        # (another name than ``y``, an int above: without a reference date there is no year)
        hy = int(g("hy")) if g("hy") else ref_year
        if hy is None:
            return None
        how = "explicit" if g("hy") else "reference_date"
        if g("hp").lower() == "đầu":
            last = _month_end(hy, n)
            return (date(hy, 1, 1), last, how) if last is not None else None
        return date(hy, 13 - n, 1), date(hy, 12, 31), how
    if g("endy"):
        ey = int(g("ey")) if g("ey") else ref_year
        if ey is None:
            return None
        return date(ey, 12, 1), date(ey, 12, 31), "explicit" if g("ey") else "reference_date"
    return None


def _number(word: Optional[str]) -> Optional[int]:
    """Integer of a digit string, None for anything else."""
    return int(word) if word and word.isdigit() else None


def _relative(m: re.Match[str], reference: Optional[date]) -> Optional[_Reading]:
    """Window of "N ngày (làm việc) / tuần / tháng" counted from the reference date."""
    n = _number(m.group("rn"))
    if not n or n > 3660:
        return None
    unit = " ".join(m.group("ru").split())
    if reference is None:
        return _Reading(None, None, "relative", "relative")
    if unit == "ngày làm việc":
        due = add_working_days(reference, n)
    elif unit == "tuần":
        due = reference + timedelta(weeks=n)
    elif unit == "tháng":
        due = _add_months(reference, n)
    else:
        due = reference + timedelta(days=n)
    return _Reading(due, reference, "relative", "relative")


def _tet(m: re.Match[str], reference: Optional[date], voc: _Vocabulary) -> Optional[_Reading]:
    """Tết named in the text: Nguyên đán (lunar) by default, Dương lịch = 1 January.

    Without a written year, the next Tết after the reference date is meant.
    """
    solar = (m.group("tk") or "").lower().startswith("dương")
    year: Optional[int] = int(m.group("tyr")) if m.group("tyr") else None
    if year is None and m.group("tcs"):
        year = _lunar_year_of(m.group("tcs"), m.group("tcb"), reference, voc)
    if year is None:
        if reference is None:
            return None
        year = reference.year
        if (date(year, 1, 1) if solar else lunar_new_year(year)) <= reference:
            year += 1
    if not 1900 <= year <= 2199:
        return None
    day = date(year, 1, 1) if solar else lunar_new_year(year)
    return _Reading(day, None, "event", "event")


def _point(m: re.Match[str], reference: Optional[date]) -> Optional[_Reading]:
    """A single day: full date, textual date, or day/month completed from the reference."""
    g = m.group
    if g("full"):
        day = _safe_date(int(g("fy")), int(g("fm")), int(g("fd")))
        return _Reading(day, None, "date", "explicit") if day else None
    if g("text"):
        d, mo = int(g("td")), int(g("tm"))
        if g("ty"):
            day = _safe_date(int(g("ty")), mo, d)
            return _Reading(day, None, "date", "explicit") if day else None
        if not (1 <= mo <= 12 and 1 <= d <= 31) or reference is None:
            return None
        day = _roll_forward(mo, d, reference)
        return _Reading(day, None, "date_noyear", "reference_date") if day else None
    if g("dm"):
        d, mo = int(g("dd")), int(g("dmm"))
        if not (1 <= mo <= 12 and 1 <= d <= 31) or reference is None:
            return None
        day = _roll_forward(mo, d, reference)
        return _Reading(day, None, "date_noyear", "reference_date") if day else None
    return None


# ---------------------------------------------------------------------------
# Context: is this time expression a limit for a task?
# ---------------------------------------------------------------------------


class _Context:
    """The text around one time expression, each part read when first asked for (most expressions
    are ruled out by their trigger or their dates before their sentence is read)."""

    def __init__(self, text: str, m: re.Match[str], trigger: tuple[Optional[str], str, int]) -> None:
        self.trigger: Optional[str] = trigger[0]  # before | latest | until | within | at | from | None
        self.trigger_text: str = trigger[1]
        self.start: int = trigger[2]  # where the surface starts (trigger included)
        self._text = text
        self._s, self._e = m.span()
        self._clause: Optional[str] = None
        self._sentence: Optional[str] = None
        self._clause_after: Optional[str] = None
        self._sentence_after: Optional[str] = None
        self._words_before: Optional[str] = None
        self._labelled: Optional[bool] = None

    def _read_before(self) -> None:
        window = self._text[max(0, self.start - _SENTENCE):self._s]
        self._sentence = window[_sentence_start(window):]
        self._clause = window[_clause_start(window):]

    def _read_after(self) -> None:
        ahead = self._text[self._e:self._e + _AHEAD]
        self._clause_after = ahead[:_first_start(_CLAUSE_END, ahead)]
        self._sentence_after = ahead[:_first_start(_SENTENCE_END, ahead)]

    @property
    def clause(self) -> str:
        """The clause before the expression, trigger included."""
        if self._clause is None:
            self._read_before()
        return self._clause or ""

    @property
    def sentence(self) -> str:
        """The sentence before the expression, trigger included."""
        if self._sentence is None:
            self._read_before()
        return self._sentence or ""

    @property
    def clause_after(self) -> str:
        """The rest of the clause after the expression."""
        if self._clause_after is None:
            self._read_after()
        return self._clause_after or ""

    @property
    def sentence_after(self) -> str:
        """The rest of the sentence after the expression."""
        if self._sentence_after is None:
            self._read_after()
        return self._sentence_after or ""

    @property
    def words_before(self) -> str:
        """The last words before the trigger."""
        if self._words_before is None:
            start = self.start
            # the last 30 characters first: when they hold six words or more, their last five are whole
            # (a non-word character before each) and those of the last 60
            words = _WORD.findall(self._text, max(0, start - 30), start)
            if len(words) < 6 and start > 30:
                words = _WORD.findall(self._text, max(0, start - 60), start)
            self._words_before = " ".join(words[-5:])
        return self._words_before

    @property
    def labelled(self) -> bool:
        """Whether the sentence follows a "Thời hạn …:" label."""
        if self._labelled is None:
            start = self.start
            self._labelled = _TIME_LABEL.search(self._text[max(0, start - 60):start]) is not None
        return self._labelled


def _last_end(pattern: regex.Pattern[str], window: str) -> int:
    """End of the last match of `pattern` in `window` (0 when none).

    No time limit: the windows are a few hundred characters and the boundary patterns have no
    repetition that can backtrack (a limit costs more than the search)."""
    found = pattern.search(window)
    return found.end() if found else 0


# What ``\s`` of ``regex`` matches (the White_Space characters; ``str.isspace`` says more: "\x1c"-"\x1f"); a test
# compares it with the pattern at every code point.
_WHITE_SPACE: Final = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                       "\u200a\u2028\u2029\u202f\u205f\u3000")


def _clause_start(window: str) -> int:
    """``_last_end(_CLAUSE_START, window)``: after the last ",", ";", ":", line end or bracket, or "." "!" "?"
    before white space or the end, read back from the end by code point (a search of ``regex`` costs
    more to set up than the characters back to a clause's start take to read)."""
    size = len(window)
    i = size - 1
    while i >= 0:
        c = ord(window[i])
        if c == 44 or c == 59 or c == 58 or c == 10 or c == 40 or c == 41:  # , ; : \n ( )
            return i + 1
        if (c == 46 or c == 33 or c == 63) and (i + 1 == size or window[i + 1] in _WHITE_SPACE):  # . ! ?
            return i + 1
        i -= 1
    return 0


def _sentence_end(window: str, end: int) -> int:
    """``_last_end(_SENTENCE_START, window[:end])``: after the last ";" or line end, "." "!" "?" before
    white space or ``end``, ":" before white space, or a number in brackets, read back from ``end`` by
    code point (see :func:`_clause_start`). A character beyond the BMP in a bracketed number leaves it to
    the pattern (``regex`` may know digits of a newer Unicode than Python's; in the BMP they agree)."""
    i = end - 1
    while i >= 0:
        c = ord(window[i])
        if c == 59 or c == 10:  # ; \n
            return i + 1
        if c == 46 or c == 33 or c == 63:  # . ! ?
            if i + 1 == end or window[i + 1] in _WHITE_SPACE:
                return i + 1
        elif c == 58:  # :
            if i + 1 < end and window[i + 1] in _WHITE_SPACE:
                return i + 1
        elif c == 41:  # ) after digits after (
            k = i - 1
            while k >= 0:
                d = ord(window[k])
                if d > 0xFFFF:
                    return _last_end(_SENTENCE_START, window[:end])
                if not (48 <= d <= 57 if d < 128 else window[k].isdecimal()):
                    break
                k -= 1
            if k < i - 1 and k >= 0 and ord(window[k]) == 40:
                return i + 1
        i -= 1
    return 0


def _sentence_start(window: str) -> int:
    """Start of the sentence that ends ``window``: after the last sentence boundary that is
    not inside a bracket closed before the end ("… (gồm: a; b) gửi Sở trước ngày …")."""
    k = _sentence_end(window, len(window))
    while k:
        tail = window[k:]
        depth = tail.count(")") - tail.count("(")
        if depth <= 0:
            break
        j = k  # back to the "(" that the bracket closed after ``k`` opens, bracket by bracket
        while depth > 0:
            opened = window.rfind("(", 0, j)
            closed = window.rfind(")", 0, j)
            if opened < 0 and closed < 0:
                j = 0  # no bracket left before: the bracket opens before the window
                break
            if opened > closed:
                j, depth = opened, depth - 1
            else:
                j, depth = closed, depth + 1
        if depth > 0 or window[j - 1:j] == "\n" or window[k - 1:k] == "\n":
            break  # a line break ends the sentence whatever the brackets
        k = _sentence_end(window, j)
    return k


def _first_start(pattern: re.Pattern[str], window: str) -> int:
    """Start of the first match of `pattern` in `window` (its length when none)."""
    found = pattern.search(window)
    return found.start() if found else len(window)


def _trigger(text: str, m: re.Match[str]) -> tuple[Optional[str], str, int]:
    """(kind, words, start) of the trigger written just before the match, start = match start if none."""
    s = m.start()
    lo = max(0, s - _LEFT)
    # (searched in place, not in a copy: its look-behinds may see before the window, finding a word cut
    # by its start too, a few more matches of a test that only lets the trigger pattern be tried)
    if _TRIGGER_WORD.search(text, lo, s) is None and text.find("\u0130", lo, s) < 0:
        return None, "", s  # no word every trigger needs: most expressions (dates of cited documents …)
    left = text[lo:s]
    if _TRIGGER_UNSAFE.search(left) is None:
        mirrored = _TRIGGER_MIRRORED.match(left[::-1])
        if mirrored is None:
            return None, "", s
        kind = mirrored.lastgroup  # (the one of its groups that matched: each alternative is one, no group inside)
        start = s - mirrored.end()
        words = mirrored.group()[::-1]
    else:
        # (the reverse pattern ends with "$", and its tail takes trailing white space: a match is anchored at
        # the end of ``left``, so ``match`` finds what a search would; the 60 characters need no time limit)
        trig = _TRIGGER.match(left)
        if trig is None:
            return None, "", s
        kind = trig.lastgroup
        start = s - len(left) + trig.start()
        words = trig.group()
    while start < s and text[start].isspace():
        start += 1
    return kind, words.strip(), start


def _context(text: str, m: re.Match[str], trigger: tuple[Optional[str], str, int]) -> _Context:
    """Trigger, clause and sentence around the match `m`."""
    return _Context(text, m, trigger)


def _blocked(ctx: _Context, voc: _Vocabulary) -> bool:
    """Past, tally cut-off, forecast or transitional reading of the expression."""
    if voc.clause_block.search(ctx.clause):
        return True
    if _ISSUING.match(ctx.sentence):
        return True  # "Ban hành kèm theo Quyết định này Kế hoạch … trong năm 2027": the issued document's title
    if _PAST_MARK.search(ctx.clause_after):
        return True
    if voc.sentence_block.search(ctx.clause):
        return True
    if ctx.trigger == "latest":
        return False  # "chậm nhất" states a limit even after "đợt 1"
    last3 = " ".join(ctx.words_before.split()[-3:])
    return bool(voc.occasion.search(last3))


def _has_task_verb(ctx: _Context, voc: _Vocabulary) -> bool:
    """Whether the sentence names delivering or finishing something."""
    return bool(voc.completion.search(ctx.sentence)
                or voc.completion.search(ctx.sentence_after))


def _has_action(ctx: _Context, voc: _Vocabulary) -> bool:
    """Whether the sentence assigns any action, or the limit follows a "Thời hạn:" label."""
    return bool(voc.action.search(ctx.sentence)
                or voc.action.search(ctx.sentence_after)
                or ctx.labelled or _LABEL_BEFORE.search(ctx.sentence)
                or _LABEL_BEFORE.search(ctx.trigger_text))  # the trigger is the label: "Thời hạn hoàn thành: ngày …"


def _is_target(ctx: _Context, voc: _Vocabulary) -> bool:
    """Whether the clause states a target figure ("đạt trên 90% vào năm 2025", "tối thiểu 300 doanh
    nghiệp"): a percentage, or a target word followed by a quantity (not a mere year: "các xã đạt
    chuẩn năm 2024" states no figure)."""
    if _PERCENT.search(ctx.clause):
        return True
    word = voc.target.search(ctx.clause)
    return bool(word and _QUANTITY.search(ctx.clause, word.end()))


def _recurrence(ctx: _Context, voc: _Vocabulary) -> Optional[str]:
    """Recurrence written in the sentence ("hằng tháng", "định kỳ hằng năm")."""
    whole = ctx.sentence + " " + ctx.sentence_after
    for kind, pattern in voc.recurrence:
        if pattern.search(whole):
            return kind
    return None


def _next_monthly(day: int, reference: date) -> Optional[date]:
    """First date strictly after `reference` falling on day `day` of a month."""
    for months in range(0, 14):
        month_start = _add_months(reference.replace(day=1), months)
        candidate = _safe_date(month_start.year, month_start.month, day)
        if candidate and candidate > reference:
            return candidate
    return None


# ---------------------------------------------------------------------------
# Deciding on one match
# ---------------------------------------------------------------------------

_LIMIT_TRIGGERS: Final = {"before", "latest", "until", "at", "within"}  # "từ" alone only opens a window


class _Limit:
    """The limit one time expression states, before its record is made (find_deadlines makes it once, with
    the surface as written and the directive; a class with its own ``__init__``: see :class:`_Reading`)."""

    __slots__ = ("span", "relation", "due", "start", "recurring", "resolution", "confidence")

    def __init__(self, span: tuple[int, int], relation: str, due: Optional[date], start: Optional[date],
                 recurring: Optional[str], resolution: str, confidence: float) -> None:
        self.span = span
        self.relation = relation
        self.due = due
        self.start = start
        self.recurring = recurring
        self.resolution = resolution
        self.confidence = confidence


def _make(text: str, ctx: _Context, m: re.Match[str], offset: int, *, relation: str, resolution: str,
          confidence: float, due: Optional[date] = None, start: Optional[date] = None,
          recurring: Optional[str] = None) -> _Limit:
    """A limit whose surface runs from the trigger to the end of the expression."""
    end = m.end()
    if relation == "within" and m.group("rel") and m.group("anchor"):
        end = m.end("anchor")
    return _Limit((offset + ctx.start, offset + end), relation, due, start, recurring, resolution, confidence)


def _standing(text: str, m: re.Match[str], voc: _Vocabulary, offset: int) -> Optional[_Limit]:
    """"Thời gian thực hiện: Thường xuyên" or "thường xuyên kiểm tra …": a duty with no date."""
    before = text[max(0, m.start() - 40):m.start()]
    if voc.standing_not_after.search(before):
        return None
    labelled = _TIME_LABEL.search(before)
    after = text[m.end():m.end() + 40].lstrip(" ,")
    duty = voc.standing_verbs.match(after)
    if not (labelled or duty):
        return None
    return _Limit((offset + m.start(), offset + m.end()), "standing", None, None, None, "standing", 0.6)


def _judge_point(text: str, m: re.Match[str], ctx: _Context, reference: Optional[date],
                 voc: _Vocabulary, offset: int, window_start: Optional[date]) -> Optional[_Limit]:
    """A single day with a trigger: trước ngày X, chậm nhất ngày X, đến hết X, vào ngày X."""
    if ctx.trigger not in _LIMIT_TRIGGERS or _MEETING.search(ctx.trigger_text):
        return None  # "tại phiên họp ngày …" dates a meeting
    reading = _point(m, reference)
    if reading is None or reading.due is None:
        return None
    if ctx.trigger == "before" and voc.category.search(" ".join(ctx.words_before.split()[-2:])) \
            and not voc.completion.search(ctx.clause):
        return None  # "hồ sơ được cấp trước ngày …" names a category; "trình … ký ban hành trước ngày …" a limit
    if _blocked(ctx, voc) or _event_window(text, ctx, voc):
        return None
    plain_until = ctx.trigger == "until" and "hết" not in ctx.trigger_text.lower()
    if plain_until and reference is not None and reading.due <= reference and window_start is None:
        return None  # "tính đến sáng ngày 21/11": a tally's cut-off
    if reference is not None and reading.due < reference - _STALE:
        return None  # a date long past: a condition of a rule, not a limit
    weak = ctx.trigger in {"at", "within"} or plain_until
    if weak and window_start is None and not _has_task_verb(ctx, voc):
        return None
    if not weak and not _has_action(ctx, voc):
        return None
    recurring = _recurrence(ctx, voc) if reading.kind == "date_noyear" else None
    if recurring in {"weekly", "monthly", "quarterly"}:
        recurring = None
    relation = {"before": "before", "within": "on"}.get(ctx.trigger, "by")
    start = None
    if window_start is not None and window_start <= reading.due:
        relation, start = "within", window_start
    confidence = 0.95 if ctx.trigger in {"before", "latest"} else 0.85
    if reading.kind == "date_noyear":
        confidence -= 0.15
    return _make(text, ctx, m, offset, relation=relation, due=reading.due, start=start,
                 recurring=recurring, resolution=reading.resolution, confidence=round(confidence, 2))


def _judge_day_only(text: str, m: re.Match[str], ctx: _Context, reference: Optional[date],
                    voc: _Vocabulary, offset: int) -> Optional[_Limit]:
    """"trước ngày 20 hằng tháng": a monthly duty, due on the next such day."""
    if ctx.trigger not in {"before", "latest", "until", "at"} or _blocked(ctx, voc):
        return None
    if _recurrence(ctx, voc) != "monthly":
        return None
    day = int(m.group("od"))
    if not 1 <= day <= 31:
        return None
    due = _next_monthly(day, reference) if reference else None
    relation = "before" if ctx.trigger == "before" else "by"
    return _make(text, ctx, m, offset, relation=relation, due=due, recurring="monthly",
                 resolution="reference_date", confidence=0.7)


def _judge_period(text: str, m: re.Match[str], ctx: _Context, reference: Optional[date],
                  voc: _Vocabulary, offset: int, window_start: Optional[date] = None,
                  opened: int = -1) -> Optional[_Limit]:
    """A month, quarter, half-year or year that bounds a task: trong tháng 11/2025, vào Quý I/2023.

    `window_start` is the first day of a range that `m` ends ("trong Quý IV - Quý II/2026"), and
    `opened` where its "từ" is, when one opens it (-1 if none)."""
    no_trigger_end = (ctx.trigger is None and (m.group("endy") or m.group("endm"))
                      and voc.completion.search(" ".join(ctx.words_before.split()[-2:])))
    if ctx.trigger not in _LIMIT_TRIGGERS and not no_trigger_end:
        return None
    if ctx.trigger == "until" and m.group("year") and "hết" not in ctx.trigger_text.lower():
        return None  # "đến năm 2030" names a target horizon
    bounds = _period(m, reference)
    if bounds is None:
        return None
    first, last, resolution = bounds
    if reference is not None:
        # A year after next is a limit only for a task delivered or finished in it
        # ("bàn giao công trình trong năm 2028"), not a horizon or a target figure
        # ("hoàn thành 5.000 km đường bộ cao tốc vào năm 2030").
        if last < reference or (m.group("year") and last.year > reference.year + 1
                                and not (voc.completion.search(ctx.clause) and not _QUANTITY.search(ctx.clause))):
            return None
    if _plan_period(ctx, voc) or _blocked(ctx, voc) or _is_target(ctx, voc) or _target_line(text, m, voc):
        return None
    if _event_at(text, ctx, voc, opened) if opened >= 0 else _event_window(text, ctx, voc):
        return None
    if window_start is not None:
        # a range of periods is a window, read as one of days: an action in its sentence makes it a limit
        if not (_has_action(ctx, voc) or ctx.trigger == "latest"):
            return None
        return _make(text, ctx, m, offset, relation="within", due=last, start=window_start,
                     resolution=resolution, confidence=0.8 if resolution == "explicit" else 0.65)
    # a month or quarter written with its year bounds an action done once too ("tổ chức kiểm tra … trong
    # tháng 12/2026"); a year, an unwritten year or an open-ended action needs a verb of delivering or finishing
    dated = ctx.trigger in ("within", "at") and resolution == "explicit" and bool(m.group("month") or m.group("quarter"))
    if ctx.trigger != "latest" and not (_has_task_verb(ctx, voc) or ctx.labelled
                                        or (dated and voc.bounded.search(ctx.clause))):
        return None
    if ctx.trigger == "before":
        return _make(text, ctx, m, offset, relation="before", due=first - timedelta(days=1),
                     resolution=resolution, confidence=0.8)
    recurring = _recurrence(ctx, voc) if resolution == "reference_date" else None
    confidence = 0.8 if resolution == "explicit" else 0.65
    return _make(text, ctx, m, offset, relation="by", due=last, recurring=recurring,
                 resolution=resolution, confidence=confidence)


def _plan_period(ctx: _Context, voc: _Vocabulary) -> bool:
    """A plan noun just before the period ("các chỉ tiêu kế hoạch trong năm 2025"), unless a
    completion verb governs it ("hoàn thành nhiệm vụ trong tháng 7/2026")."""
    if not voc.plan_nouns.search(ctx.words_before):
        return False
    nouns = list(voc.plan_nouns.finditer(ctx.clause))
    if not nouns:
        return False  # the noun belongs to an earlier clause ("bố trí kinh phí; hoàn thành trong …")
    verb = voc.completion.search(ctx.clause)
    if not (verb and nouns and verb.start() < nouns[-1].start()):
        return True
    # "để hoàn thành tốt những nhiệm vụ trong năm 2024": a purpose, the tasks of a year
    return bool(voc.purpose.search(ctx.clause, 0, verb.start()))


def _target_line(text: str, m: re.Match[str], voc: _Vocabulary) -> bool:
    """Whether the line of the expression opens with a target's label ("- Chỉ tiêu 2: …")."""
    line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
    return bool(voc.target_label.match(line.lstrip(" \t-+*•")))


_WINDOW_OPEN: Final = re.compile(
    r"(?<!\w)từ\s+(?:ngày\s+)?\d{1,2}(?:\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?"
    r"|\s+tháng\s+\d{1,2}(?:\s*(?:/|năm)\s*\d{4})?)?\s*$"
    r"|(?<!\w)từ\s+tháng\s+\d{1,2}(?:\s*(?:/|năm)\s*\d{4})?\s*$")


def _event_window(text: str, ctx: _Context, voc: _Vocabulary) -> bool:
    """Whether the expression ends a window "từ … đến …" that gives the dates of an event or
    a period rather than a time limit: a window in brackets after a noun ("Tháng hành động
    (từ ngày 15/11 đến ngày 15/12)"), one in a clause naming an event ("Tuần lễ … trong tuần
    từ ngày 10 đến ngày 20/9"), or one with no verb but a label ("Thời gian: Từ ngày … đến
    ngày …")."""
    if ctx.trigger != "until":
        return False
    before = text[max(0, ctx.start - 40):ctx.start]
    opening = _WINDOW_OPEN.search(before)
    if opening is None:
        return False
    return _event_at(text, ctx, voc, ctx.start - len(before) + opening.start())


def _event_at(text: str, ctx: _Context, voc: _Vocabulary, opened: int) -> bool:
    """Whether the window whose "từ" is at `opened` gives the dates of an event (see :func:`_event_window`)."""
    if text[max(0, opened - 40):opened].rstrip().endswith("("):
        return True
    if voc.event.search(ctx.sentence):
        return True
    if _LIMIT_LABEL.search(text[max(0, opened - 60):opened]):
        return False  # "Thời hạn hoàn thành: từ … đến …": a limit by its label
    return not (voc.action.search(ctx.sentence) or voc.action.search(ctx.sentence_after))


def _judge_relative(text: str, m: re.Match[str], ctx: _Context, reference: Optional[date],
                    voc: _Vocabulary, offset: int) -> Optional[_Limit]:
    """"trong vòng 10 ngày kể từ ngày ký", "trong 05 ngày làm việc": counted from the reference."""
    if ctx.trigger not in {"within", "latest"}:
        return None
    if _PAST_AFTER.match(text, m.end()) or _blocked(ctx, voc):
        return None
    if not (m.group("anchor") or _has_task_verb(ctx, voc)):
        return None  # "được hỗ trợ trong thời gian 24 tháng": a duration, not a limit
    anchor = m.group("anchor")
    own = anchor is None or bool(voc.document_anchor.search(anchor))
    reading = _relative(m, reference if own else None)
    if reading is None:
        return None
    confidence = (0.85 if anchor else 0.65) if reading.due else 0.5
    return _make(text, ctx, m, offset, relation="within", due=reading.due, start=reading.start,
                 resolution="relative", confidence=confidence)


def _judge_event(text: str, m: re.Match[str], ctx: _Context, reference: Optional[date],
                 voc: _Vocabulary, offset: int) -> Optional[_Limit]:
    """"hoàn thành trước Tết Nguyên đán 2023": due the holiday's first day, relation "before"
    (as "trước ngày X" is due X, relation "before")."""
    if ctx.trigger not in {"before", "latest"} or _blocked(ctx, voc):
        return None
    if not _has_task_verb(ctx, voc) or _purpose(ctx, voc):
        return None
    reading = _tet(m, reference, voc)
    if reading is None or reading.due is None:
        return None
    if reference is not None and reading.due < reference - timedelta(days=366):
        return None
    return _make(text, ctx, m, offset, relation="before", due=reading.due, resolution="event", confidence=0.8)


def _purpose(ctx: _Context, voc: _Vocabulary) -> bool:
    """Whether the event closes a purpose, not a task: a purpose word after the sentence's
    last completion verb ("xây dựng lại nhà ở bảo đảm người dân có nhà ở an toàn trước Tết";
    "hỗ trợ để người dân có nhà trước Tết"), or no completion verb before it at all."""
    last_verb = last_purpose = -1
    for found in voc.completion.finditer(ctx.sentence):
        last_verb = found.start()
    for found in voc.purpose.finditer(ctx.sentence):
        last_purpose = found.start()
    return last_purpose > last_verb


# The kinds of expression, by the name of the group of the pattern's alternative that matched: a match's
# ``lastgroup`` (each alternative is one named group, closed after every group inside it).
_POINT_GROUPS: Final = frozenset(("full", "text", "dm"))
_PERIOD_GROUPS: Final = frozenset(("half", "endy", "endm", "month", "quarter", "year"))
_LABELLED_PERIODS: Final = frozenset(("half", "endy", "endm", "month", "quarter"))  # not a bare year
_OPEN_ENDS: Final = frozenset(("standing", "endy", "endm"))  # read with no trigger


def _field_label(lowered: str, start: int, point: bool) -> bool:
    """Whether a field's label ends just before `start` in lower-cased text (:data:`_DUE_LABEL` before a
    day, :data:`_PERIOD_LABEL` before a period): matched by case where the 60 characters before hold no
    character that matches a letter of theirs ignoring case only ("ı", "İ"), a search about twice as fast."""
    lo = max(0, start - 60)
    if lowered.find("\u0131", lo, start) < 0 and lowered.find("\u0130", lo, start) < 0:
        return (_DUE_LABEL_LOWER if point else _PERIOD_LABEL_LOWER).search(lowered, lo, start) is not None
    return (_DUE_LABEL if point else _PERIOD_LABEL).search(lowered, lo, start) is not None


def _judge(text: str, m: re.Match[str], reference: Optional[date], offset: int,
           window_start: Optional[date]) -> Optional[_Limit]:
    """The deadline that one time expression states, if it states one."""
    kind = m.lastgroup
    if kind == "standing":
        return _standing(text, m, _vocabulary(), offset)  # (read from the words around it, not a trigger)
    trigger = _trigger(text, m)
    if trigger[0] is None:
        point = kind in _POINT_GROUPS
        # (a bare year after a label is the period of a whole plan: "Thời gian thực hiện: năm 2026")
        if (point or kind in _LABELLED_PERIODS) and _field_label(text, m.start(), point):
            trigger = ("latest", "", m.start())  # a field's value: the limit itself
        elif kind not in _OPEN_ENDS:
            return None
    voc = _vocabulary()
    ctx = _context(text, m, trigger)
    if kind in _POINT_GROUPS:
        return _judge_point(text, m, ctx, reference, voc, offset, window_start)
    if kind == "dayonly":
        return _judge_day_only(text, m, ctx, reference, voc, offset)
    if kind == "rel":
        return _judge_relative(text, m, ctx, reference, voc, offset)
    if kind == "tet":
        return _judge_event(text, m, ctx, reference, voc, offset)
    if kind in _PERIOD_GROUPS:
        return _judge_period(text, m, ctx, reference, voc, offset)
    return None


_RANGE_PERIODS: Final = frozenset(("month", "quarter", "half"))
# what joins the two parts of a range of periods, on one line
_RANGE_LINK: Final = re.compile(r"[ \t\u00a0]*(?:-|–|—|(?:đến|tới)(?:[ \t\u00a0]+hết)?)[ \t\u00a0]*")


def _range_open(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    """Whether `a` opens a range of months, quarters or half-years that `b` ends, `b` with its year
    and `a` with none ("Quý IV - Quý II/2026", "tháng 11 đến tháng 2/2026") or with its own, when `a`
    does not begin after `b` ends ("Quý IV/2025 - Quý II/2026", "tháng 11 năm 2025 đến tháng 2 năm 2026")."""
    if not (a.lastgroup in _RANGE_PERIODS and b.lastgroup in _RANGE_PERIODS):
        return False
    if not (b.group("my") or b.group("qy") or b.group("hy")):
        return False
    if _RANGE_LINK.fullmatch(text, a.end(), b.start()) is None:
        return False
    if a.group("my") or a.group("qy") or a.group("hy"):
        first, last = _period(a, None), _period(b, None)
        return first is not None and last is not None and first[0] <= last[1]
    return True


def _first_day(m: re.Match[str], year: int) -> Optional[date]:
    """First day of the month, quarter or half-year `m` (written without a year) in `year`."""
    bounds = _period(m, date(year, 1, 1))
    return bounds[0] if bounds is not None else None


def _judge_range(text: str, a: re.Match[str], b: re.Match[str], reference: Optional[date],
                 offset: int) -> Optional[_Limit]:
    """The deadline of a range of periods "trong Quý IV - Quý II/2026", "từ tháng 11 đến tháng 2/2026":
    due the end of `b`, from the first day of `a` (:func:`range_start`; `a`'s own year when written:
    "từ tháng 10/2025 đến tháng 3/2026"), with the trigger of `a`
    ("trong", "vào", "chậm nhất" …), else that of `b` ("đến", as for a window of days)."""
    bounds = _period(b, reference)
    if bounds is None:
        return None
    first = range_start(lambda y: _first_day(a, y), bounds[1])
    if first is None:
        return None
    opener = _trigger(text, a)
    own = _trigger(text, b)
    opened = opener[2] if opener[0] == "from" else -1
    if opener[0] in ("within", "at", "latest", "until"):
        trigger = opener
    elif own[0] is not None:
        trigger = own
    elif opener[0] == "from":
        trigger = ("until", opener[1], opener[2])  # "từ Quý IV - Quý II/2026"
    elif _PERIOD_LABEL.search(text[max(0, a.start() - 60):a.start()]):
        trigger = ("latest", "", a.start())  # "Thời gian thực hiện: Quý IV - Quý II/2026"
    else:
        return None
    return _judge_period(text, b, _context(text, b, trigger), reference, _vocabulary(), offset, first, opened)


def _window_start(text: str, previous: Optional[re.Match[str]], m: re.Match[str],
                  reference: Optional[date]) -> Optional[date]:
    """First day of "từ ngày X đến ngày Y" when `m` is the Y of such a window.

    An X without a year takes that of Y, or the year before (:func:`range_start`)."""
    if previous is None or previous.lastgroup not in _POINT_GROUPS:
        return None
    between = text[previous.end():m.start()]
    if len(between) > 20 or not _AFTER_WINDOW.match(between + " "):
        return None
    before = text[max(0, previous.start() - 8):previous.start()]
    if not _FROM_END.search(before):
        return None
    if (m.group("full") or m.group("ty")) and (previous.group("dm") or (previous.group("text") and not previous.group("ty"))):
        end = _point(m, reference)
        if end is not None and end.due is not None:
            day = int(previous.group("dd") or previous.group("td"))
            month = int(previous.group("dmm") or previous.group("tm"))
            return range_start(lambda y: _safe_date(y, month, day), end.due)
    reading = _point(previous, reference)
    return reading.due if reading else None


def _lower(text: str) -> str:
    """Lower-cased text of the same length, so that offsets carry over."""
    lowered = _str_lower(text)
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _time_matches(lowered: str, pos: int = 0) -> list[re.Match[str]]:
    """The matches of the time pattern in `lowered`, as its ``finditer`` gives them, the pattern matched
    only at the places :func:`_time_starts` gives, in order (in the form of :func:`_opening_patterns` for
    the word or number there), from the key at `pos` on (before the first key: where
    :func:`_written_starts` found the first).

    The places are found by one search after another (what ``finditer`` does), without its iterator: most
    chunks have no place, and a search that finds none costs less than an iterator made to find none."""
    starts, keys = _time_starts()
    by_word, by_key = _opening_patterns()
    number = by_word[""]
    found: list[re.Match[str]] = []
    end = 0
    place = starts.search(lowered, pos)  # (its look-behinds see the text before `pos`)
    while place is not None:
        start = place.start()
        key = lowered[start]
        back = keys.get(key, -1)
        if back >= 0:  # a key letter: its word's start
            start -= back
            if start >= end:
                m = by_key[key].match(lowered, start)
                if m is not None:
                    found.append(m)
                    end = m.end()
        else:  # a number: the word before it, then the number itself
            word_end = start
            while word_end > 0 and lowered[word_end - 1] in _SPACES:
                word_end -= 1
            if word_end < start:
                for word in _NUMBERED_OPENERS:
                    if lowered.endswith(word, 0, word_end):
                        if word_end - len(word) >= end:
                            m = by_word[word].match(lowered, word_end - len(word))
                            if m is not None:
                                found.append(m)
                                end = m.end()
                        break
            if place.lastindex is not None and start >= end:
                m = number.match(lowered, start)
                if m is not None:
                    found.append(m)
                    end = m.end()
        # (a place before the end of the last match is passed over: the search goes on from that end, not
        # through the digits of a date just matched)
        place = starts.search(lowered, max(place.end(), end))
    return found


def find_deadlines(text: Optional[str], reference_date: Optional[date] = None, *, offset: int = 0,
                   directive: Optional[str] = None) -> list[Deadline]:
    """Deadlines stated in `text` (one directive's own text or a body paragraph), in text order.

    `reference_date` (the issue date, else the meeting date) completes dates
    written without a year, anchors relative limits and recurring duties, and
    rules out periods that ended before it. Spans are ``offset + position in
    text``; ``directive`` is the id the deadlines get (the directive whose
    text it is). Never raises on any ``str``.
    """
    if not isinstance(text, str) or not text:
        return []
    first = _written_starts().search(text)
    if first is None:
        return []  # no time expression (the text is not lower-cased)
    found: list[Deadline] = []
    previous: Optional[re.Match[str]] = None
    lowered = _lower(text)
    matches = _time_matches(lowered, first.start())
    for i, m in enumerate(matches):
        if i + 1 < len(matches) and _range_open(lowered, m, matches[i + 1]):
            previous = m  # the first part of a range is read with its end
            continue
        if previous is not None and _range_open(lowered, previous, m):
            deadline = _judge_range(lowered, previous, m, reference_date, offset)
        else:
            deadline = _judge(lowered, m, reference_date, offset, _window_start(lowered, previous, m, reference_date))
        if deadline is not None:
            # the surface as written, not lower-cased
            a, b = deadline.span
            found.append(record(Deadline, {
                "surface": text[a - offset:b - offset], "span": deadline.span, "relation": deadline.relation,
                "due": deadline.due, "start": deadline.start, "recurring": deadline.recurring,
                "resolution": deadline.resolution, "confidence": deadline.confidence, "directive": directive}))
        previous = m
    return found
