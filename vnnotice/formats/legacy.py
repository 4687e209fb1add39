"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI-Windows, VISCII, Windows-1258.

Old documents were typed in 8-bit fonts (``.VnTime`` for TCVN3,
``VNI-Times`` for VNI) and reach us in two shapes:

* raw bytes that are not UTF-8 (a ``.txt`` saved by an old editor): every
  candidate encoding decodes the bytes and the most Vietnamese result wins
  (:func:`repair_bytes`);
* text whose bytes were already decoded as Windows-1252 / Latin-1, so it
  reads ``Th«ng b¸o`` (TCVN3) or ``Thoâng baùo`` (VNI): the bytes are
  recovered from that view and decoded again (:func:`repair_text`).

"Most Vietnamese" is measured by syllables: a word with a non-ASCII letter
counts for the reading when it is a well-formed Vietnamese syllable (onset,
vowel cluster, coda, at most one tone) and against it otherwise. Clean
Unicode text is never touched: its Vietnamese letters beyond Latin-1 cannot
come from a Windows-1252 view, and a reading must beat the text as it is by a
wide margin.

The tables are data (``vnnotice/data/encodings/*.toml``): letter → bytes.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..compiled import compile as _compile  # kept compiled across processes
from ..data import load_toml

#: table names of :func:`table`, in the order candidates are tried
LEGACY = ("tcvn3", "vni", "viscii")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_MARK_START = _compile(r"(?:[-+•–]|\(?\d{1,2}[.)]|\(?[a-zđ][.)])\s+")
# a run of letters, or of the Latin-1 / Windows-1252 characters legacy text shows as
_TOKEN = _compile(r"[\p{L}\p{M}\u00a1-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192]+")
_SYLLABLE = _compile(
    r"""^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?
        (?:(?:uyê|iê|yê|uô|ươ|oa|oă|oe|uâ|uê|uy|uơ|oo|[aăâeêioôơuưy])(?:ch|nh|ng|[cmnpt])?
          |ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu|uôi|ươi|ươu|iêu|yêu
          |oai|oay|oao|oeo|uây|uya|uyu)$""",
    regex.VERBOSE,
)
#: a reading replaces the text only with this many more good syllables …
_MARGIN = 3
#: … and when the text as it is has at most this share of good ones
_MAX_GOOD_SHARE = 0.6
_SAMPLE = 40_000


@dataclass(frozen=True)
class Table:
    """One legacy encoding: letter → bytes, and the byte sequences back to letters."""

    name: str
    encode: dict[str, bytes]
    decode: dict[bytes, str]
    lower_for_upper: bool
    capitalized: tuple[str, ...]


@lru_cache(maxsize=None)
def table(name: str) -> Table:
    """The table ``name`` (one of :data:`LEGACY`), read from its TOML file."""
    data = load_toml(f"encodings/{name}.toml")
    enc = {ch: bytes.fromhex(hx) for ch, hx in data["letters"].items()}
    return Table(data["name"], enc, {b: ch for ch, b in enc.items()}, bool(data.get("lower_for_upper")),
                 tuple(data.get("capitalized", ())))


# --- encoding (used to make test documents and by anyone who needs legacy output) ---

def encode(text: str, name: str, errors: str = "replace") -> bytes:
    """Encode Unicode ``text`` in the legacy encoding ``name``.

    A capital the table lacks is written with its lowercase bytes when the
    encoding was used that way (TCVN3 with ``.VnTimeH``). Other characters
    are written as Windows-1252 when that byte is free in the table, else as
    ``?`` (``errors="replace"``) or raise :class:`UnicodeEncodeError`.
    """
    tab = table(name)
    used = {b[0] for b in tab.decode if len(b) == 1}
    out = bytearray()
    text = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").replace("\u00f0", "đ")  # eth typed for Đ
    for i, ch in enumerate(text):
        if ch in tab.encode:
            out += tab.encode[ch]
        elif ord(ch) < 0x80:
            out.append(ord(ch))
        elif tab.lower_for_upper and ch.lower() in tab.encode:
            out += tab.encode[ch.lower()]
        else:
            out += _fallback_byte(ch, used, text, i, errors)
    return bytes(out)


def _fallback_byte(ch: str, used: set[int], text: str, i: int, errors: str) -> bytes:
    try:
        byte = ch.encode("cp1252")
    except UnicodeEncodeError:
        byte = b""
    if byte and byte[0] not in used:
        return byte
    if errors == "replace":
        return b"?"
    raise UnicodeEncodeError("vnnotice-legacy", text, i, i + 1, "no byte for this character")


# --- decoding ---

def decode(data: bytes, name: str) -> str:
    """Decode legacy bytes to NFC Unicode; ``name`` is one of :data:`LEGACY` or ``"cp1258"``."""
    if name == "cp1258":
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    tab = table(name)
    out: list[str] = []
    i = 0
    while i < len(data):
        pair = data[i:i + 2]
        if len(pair) == 2 and pair in tab.decode:
            out.append(tab.decode[pair])
            i += 2
            continue
        one = data[i:i + 1]
        out.append(tab.decode.get(one) or one.decode("cp1252", errors="ignore") or one.decode("latin-1"))
        i += 1
    text = "".join(out)
    return restore_capitals(text, tab) if tab.lower_for_upper else text


def _c1_as_bytes(exc: UnicodeError) -> tuple[bytes, int]:
    """Encoding error handler: C1 controls (a Latin-1 view of bytes 0x80–0x9F) back to their byte."""
    chunk = exc.object[exc.start:exc.end]
    if all(0x80 <= ord(c) <= 0x9F for c in chunk):
        return bytes(ord(c) for c in chunk), exc.end
    raise exc


codecs.register_error("vnnotice-c1", _c1_as_bytes)


# The characters a Windows-1252 view can hold: Latin-1 (whose 0x80-0x9F are the C1 controls the error
# handler maps back to their byte) and the characters cp1252 puts at 0x80-0x9F instead.
_CP1252_EXTRAS = "".join(sorted(set(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))))
_NOT_VIEW = re.compile(r"[^\x00-\xff" + re.escape(_CP1252_EXTRAS) + "]")


def view_bytes(text: str) -> bytes | None:
    """The bytes ``text`` shows in a Windows-1252 (or Latin-1) view; None when it is not such a view."""
    if _NOT_VIEW.search(text):
        return None  # a character no byte shows in that view (most often the first Vietnamese letter)
    try:
        return text.encode("cp1252", errors="vnnotice-c1")
    except UnicodeError as exc:
        exc.__traceback__ = None  # the handler's frame holds the error: no cycle keeps the caller's objects
        return None


def from_font(text: str, font: str | None) -> str:
    """Text of a run set in a legacy font (``.VnTime``, ``.VnTimeH``, ``VNI-Times`` …) as Unicode."""
    name = _font_encoding(font)
    raw = view_bytes(text) if name else None
    if raw is None:
        return text
    out = decode(raw, name)
    return out.upper() if name == "tcvn3" and (font or "").rstrip().upper().endswith("H") else out


def _font_encoding(font: str | None) -> str | None:
    f = (font or "").strip().lower()
    if f.startswith(".vn"):
        return "tcvn3"
    if f.startswith("vni-") or f.startswith("vni "):
        return "vni"
    return None


# --- capitals TCVN3 could not store ---

def restore_capitals(text: str, tab: Table) -> str:
    """Restore capitals lost to lowercase bytes: all-capital words, sentence starts, known names."""
    lines = text.split("\n")
    prev = ""
    out = []
    for line in lines:
        out.append(_restore_line(line, sentence_start=not prev.strip() or _ends_sentence(prev), tab=tab))
        if line.strip():
            prev = line
    return _known_names("\n".join(out), tab)


def _ends_sentence(line: str) -> bool:
    return regex.search(r"[.:;!?…]['\"”’)]*\s*$", line) is not None or _all_caps(line)


def _all_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() or _lower_only(c) for c in letters) and any(c.isupper() for c in letters)


def _lower_only(c: str) -> bool:
    """A lowercase letter whose capital TCVN3 has no byte for (so it may stand for a capital)."""
    return c.islower() and not c.isascii() and c.upper() not in table("tcvn3").encode


def _kind(word: str) -> str:
    """``L`` a word with ASCII lowercase, ``U`` one typed in the capitals font (a lowercase-only
    letter among capitals), ``A`` ambiguous (``Số``: capital or title case), ``N`` the rest (``UBND``)."""
    if any(c.isascii() and c.islower() for c in word):
        return "L"
    lower = [i for i, c in enumerate(word) if _lower_only(c)]
    if not lower:
        return "N"
    uppers = [i for i, c in enumerate(word) if c.isupper()]
    if len(uppers) >= 2 or (uppers and uppers[-1] > lower[0]):
        return "U"
    return "A"


def _restore_line(line: str, *, sentence_start: bool, tab: Table) -> str:
    words = [(m.start(), m.end()) for m in regex.finditer(r"[\p{L}\p{M}]+", line)]
    kinds = [_kind(line[a:b]) for a, b in words]
    capital_line = ("U" in kinds or kinds.count("A") >= 2) and "L" not in kinds
    chars = list(line)
    for k, (a, b) in enumerate(words):
        word = line[a:b]
        if kinds[k] == "U" or kinds[k] == "A" and (capital_line or _between_capitals(kinds, k)):
            chars[a:b] = word.upper()
        elif _lower_only(word[0]) and (sentence_start and k == 0 or _starts_sentence(line[:a])):
            chars[a] = word[0].upper()
    return "".join(chars)


def _between_capitals(kinds: list[str], k: int) -> bool:
    """Whether the nearest telling words on both sides (those that exist) were typed in capitals."""
    left = next((x for x in reversed(kinds[:k]) if x != "N"), None)
    right = next((x for x in kinds[k + 1:] if x != "N"), None)
    sides = [x for x in (left, right) if x is not None]
    return bool(sides) and all(x == "U" for x in sides)


def _starts_sentence(before: str) -> bool:
    """Whether a word after ``before`` (the line so far) starts a sentence or a list item."""
    return regex.search(r"[.!?…]['\"”’)]*\s+$", before) is not None or _MARK_START.fullmatch(before.lstrip()) is not None


def _known_names(text: str, tab: Table) -> str:
    for name in tab.capitalized:
        lowered = name[0].lower() + name[1:]
        if lowered in text:
            text = regex.sub(rf"(?<!\p{{L}}){regex.escape(lowered)}(?!\p{{L}})", name, text)
    return text


# --- detection ---

def _is_syllable(word: str) -> bool:
    parts = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in parts) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    return _SYLLABLE.match(bare) is not None


def syllable_score(text: str) -> tuple[int, int]:
    """(good, bad): words with a non-ASCII character that are / are not Vietnamese syllables."""
    good = bad = 0
    for word in _TOKEN.findall(text[:_SAMPLE]):
        if word.isascii():
            continue
        if _is_syllable(word):
            good += 1
        else:
            bad += 1
    return good, bad


def _best(readings: dict[str, str], current: str) -> str | None:
    """The reading that beats ``current`` clearly, or None."""
    good, bad = syllable_score(current)
    if good + bad == 0 or good / (good + bad) > _MAX_GOOD_SHARE:
        return None
    best, best_gain = None, _MARGIN - 1
    for name, text in readings.items():
        g, b = syllable_score(text)
        gain = (g - b) - (good - bad)
        if gain > best_gain and g > b:
            best, best_gain = name, gain
    return best


def detect_text(text: str) -> str | None:
    """The legacy encoding ``text`` is a Windows-1252 view of (``tcvn3``, ``vni``, ``viscii``, ``cp1258``), or None."""
    raw = view_bytes(text[:_SAMPLE])
    if raw is None or raw.isascii():
        return None
    return _best({name: decode(raw, name) for name in (*LEGACY, "cp1258")}, text[:_SAMPLE])


def repair_text(text: str) -> tuple[str, str | None]:
    """``text`` decoded again from its Windows-1252 view when it is legacy mojibake: (text, encoding or None)."""
    name = detect_text(text)
    if name is None:
        return text, None
    raw = view_bytes(text)
    return (decode(raw, name), name) if raw is not None else (text, None)


def repair_bytes(data: bytes) -> tuple[str, str] | None:
    """Non-UTF-8 bytes as (text, encoding) when a legacy encoding reads them better than Windows-1258."""
    sample = data[:_SAMPLE]
    current = decode(sample, "cp1258")
    name = _best({n: decode(sample, n) for n in LEGACY}, current)
    return (decode(data, name), name) if name else None
