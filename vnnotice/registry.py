"""A registry of units and the linking of unit mentions to it.

A :class:`Registry` holds units (id, name, aliases, abbreviations, type,
parent, level, province, validity dates and successor) read from YAML, JSON
or CSV files (format: ``docs/registry.md``).  :meth:`Registry.match` links a
mention to an entry:

1. the mention is reduced to a key insensitive to accents, case, spacing,
   punctuation and abbreviations ("TTYT TP. Cẩm Phả" and "trung tam y te
   thanh pho cam pha" have one key);
2. an exact-key dictionary is tried first, then the same key completed with
   the document's province ("Sở Y tế" in a Quảng Ninh document);
3. otherwise rapidfuzz scores (``fuzz.ratio``) the keys that share the
   rarest word pairs (adjacent or one apart) with the mention, or failing
   that its rarest words (the prefilter), and keeps the top ``k``;
4. units not valid on the document's date give way to their successor or are
   penalised, units of another province are penalised;
5. among equal scores the entry added last wins (an extension overrides the
   default registry);
6. the best score falls in one of three bands: ``linked`` (>= ``link_at``),
   ``review`` (>= ``review_at``) or ``unlinked``.
"""
from __future__ import annotations

import csv
import json
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Optional

import regex

from vnnotice.data import load_toml
from vnnotice.records import RegistryLink, UnitMention

_WORD = regex.compile(r"[\p{L}\p{N}&]+\.?", regex.V1)
_LEVEL_WORDS = ("tinh", "thanh pho")
_STALE_PENALTY = 15.0
_PROVINCE_PENALTY = 20.0
_MAX_CANDIDATES = 40
_MAX_WORDS = 4
_MARKS = regex.compile(r"\p{Mn}+")
_CACHE_SIZE = 100_000


@dataclass(frozen=True)
class Unit:
    """One entry of a registry."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    type: Optional[str] = None
    parent: Optional[str] = None
    level: Optional[str] = None
    province: Optional[str] = None
    valid_from: Optional[date] = None
    valid_to: Optional[date] = None
    successor: Optional[str] = None

    def valid_on(self, on: Optional[date]) -> bool:
        """True when the unit existed under this name on ``on`` (always when ``on`` is None)."""
        if on is None:
            return True
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)

    def surfaces(self) -> tuple[str, ...]:
        """Name, aliases and abbreviations."""
        return (self.name, *self.aliases, *self.abbreviations)


@lru_cache(maxsize=1)
def _expansions() -> dict[str, str]:
    """Abbreviation -> folded expansion, from ``data/abbreviations.toml``."""
    data = load_toml("abbreviations.toml")
    out: dict[str, str] = {}
    for table in ("units", "places"):
        for short, full in data[table].items():
            out[_strip(short).rstrip(".")] = _strip(full)
    return out


def _base_letters() -> dict[int, str]:
    """Each accented Latin letter (U+00C0–U+1EFF) → its lowercase base letter; đ → d."""
    table = {}
    for code in range(0xC0, 0x1F00):
        ch = chr(code)
        decomposed = unicodedata.normalize("NFD", ch)
        # a letter without a decomposition is its own base (a lone mark would be dropped: none is ASCII either way)
        base = (_MARKS.sub("", decomposed) if decomposed != ch else ch).lower()
        if base != ch and len(base) == 1 and base.isascii():
            table[code] = base
    table[ord("Đ")] = table[ord("đ")] = "d"
    return table


_BASE = _base_letters()


def _strip(text: str) -> str:
    """Lowercase text without accents (đ -> d); input in NFC."""
    stripped = text.lower().translate(_BASE)
    if stripped.isascii():
        return stripped
    return _MARKS.sub("", unicodedata.normalize("NFD", stripped))  # combining marks left over


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Linking key of a name: accents, case, punctuation and abbreviations folded.

    >>> normalize("TTYT TP. Cẩm Phả") == normalize("Trung tâm Y tế thành phố Cẩm Phả")
    True
    """
    expand = _expansions()
    words = []
    for w in _WORD.findall(_strip(unicodedata.normalize("NFC", text or ""))):
        bare = w.rstrip(".")
        full = expand.get(bare)
        if full is None and "&" in bare:
            full = " ".join(bare.split("&"))
        words.extend((full or bare).replace("&", " ").split())
    return " ".join(w for w in words if w != "cac")


def _date(value: Any) -> Optional[date]:
    """A date from an ISO string, a date, or nothing."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def _strings(value: Any) -> tuple[str, ...]:
    """A tuple of strings from a list or a ';'-separated string."""
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(";") if v.strip())
    return tuple(str(v).strip() for v in value if str(v).strip())


def _unit(row: dict[str, Any]) -> Unit:
    """A unit from one record of a registry file."""
    if not row.get("id") or not row.get("name"):
        raise ValueError(f"registry entry needs an id and a name: {row!r}")
    return Unit(
        id=str(row["id"]), name=str(row["name"]), aliases=_strings(row.get("aliases")),
        abbreviations=_strings(row.get("abbreviations")), type=row.get("type") or None,
        parent=row.get("parent") or None, level=row.get("level") or None,
        province=row.get("province") or None, valid_from=_date(row.get("valid_from")),
        valid_to=_date(row.get("valid_to")), successor=row.get("successor") or None,
    )


def _read_rows(path: Path) -> list[dict[str, Any]]:
    """Records of a YAML, JSON or CSV registry file."""
    suffix = path.suffix.lower()
    text = path.read_text(encoding="utf-8")
    if suffix == ".csv":
        return list(csv.DictReader(text.splitlines()))
    data = json.loads(text) if suffix == ".json" else _yaml_load(text)
    if isinstance(data, dict):
        data = data.get("units", [])
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of units")
    return data


def _yaml_load(text: str) -> Any:
    """``yaml.safe_load`` with libyaml's parser when PyYAML has it (the same data, several times faster);
    PyYAML is imported here, on the first registry file read."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass
class _Scored:
    """A candidate with its score and how it was found."""

    unit: Unit
    score: float
    reason: str


@dataclass
class Registry:
    """Units to link mentions to, with the thresholds of the three bands."""

    units: list[Unit] = field(default_factory=list)
    link_at: float = 90.0
    review_at: float = 75.0

    def __post_init__(self) -> None:
        self._index()

    # -- construction -------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path, **options: float) -> "Registry":
        """Read a registry from a YAML, JSON or CSV file, or every such file of a folder."""
        path = Path(path)
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".json", ".csv")) if path.is_dir() else [path]
        return cls([_unit(row) for f in files for row in _read_rows(f)], **options)

    @classmethod
    def default(cls, **options: float) -> "Registry":
        """The shipped registry: central bodies, the provinces and their standard bodies."""
        return cls(list(_default_units()), **options)

    def names(self) -> dict[str, str]:
        """The name of every unit, by id."""
        return {u.id: u.name for u in self.units}

    def extend(self, units: Iterable[Unit]) -> "Registry":
        """A new registry with ``units`` added (same thresholds)."""
        return Registry([*self.units, *units], link_at=self.link_at, review_at=self.review_at)

    def _index(self) -> None:
        """Build the exact-key dictionaries and the word index of the prefilter."""
        self._cache: dict[tuple[str, Optional[str], Optional[date], int], RegistryLink] = {}
        self.by_id: dict[str, Unit] = {}
        self._order: dict[str, int] = {}
        self._exact: dict[str, list[Unit]] = {}
        self._local: dict[tuple[str, str], list[Unit]] = {}
        self._keys: list[str] = []
        self._key_units: list[Unit] = []
        self._words: dict[str, list[int]] = {}
        self._pairs: dict[str, list[int]] = {}
        for unit in self.units:
            self.by_id[unit.id] = unit
            self._order[unit.id] = len(self._order)
            place = normalize(unit.province) if unit.province else None
            for surface in unit.surfaces():
                key = normalize(surface)
                if not key:
                    continue
                self._exact.setdefault(key, []).append(unit)
                if place:
                    local = _without_place(key, place)
                    if local and local != key:
                        self._local.setdefault((place, local), []).append(unit)
                pos = len(self._keys)
                self._keys.append(key)
                self._key_units.append(unit)
                for w in set(key.split()):
                    self._words.setdefault(w, []).append(pos)
                for g in _pairs(key):
                    self._pairs.setdefault(g, []).append(pos)

    # -- linking ------------------------------------------------------------
    def match(self, mention: str, *, province: Optional[str] = None, on: Optional[date] = None, k: int = 5) -> RegistryLink:
        """Link one mention; ``province`` and ``on`` are the document's province and date.

        Results are cached per (key, province, date, k), so spellings of one
        name share them: a registry is not changed after it is built
        (:meth:`extend` makes a new one).
        """
        key = normalize(mention)
        if not key:
            return RegistryLink(reason="empty mention")
        memo = (key, province, on, k)
        hit = self._cache.get(memo)
        if hit is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            hit = self._cache[memo] = self._match(key, province, on, k)
        return hit

    def _match(self, key: str, province: Optional[str], on: Optional[date], k: int) -> RegistryLink:
        """Uncached :meth:`match` of a normalized key."""
        place = normalize(province) if province else None
        scored = self._exact_candidates(key, place) or self._fuzzy_candidates(key, k)
        ranked = self._rank(scored, place, on)[:k]
        if not ranked:
            return RegistryLink(reason="no candidate")
        best = ranked[0]
        band = "linked" if best.score >= self.link_at else "review" if best.score >= self.review_at else "unlinked"
        linked = band != "unlinked"
        # fields are built here from checked values: skip pydantic's validation on the hot path
        return RegistryLink.model_construct(
            unit_id=best.unit.id if linked else None, name=best.unit.name if linked else None,
            score=round(max(best.score, 0.0), 2), band=band, reason=best.reason,
            candidates=[(c.unit.id, round(max(c.score, 0.0), 2)) for c in ranked],
        )

    def link(self, mention: UnitMention, *, province: Optional[str] = None, on: Optional[date] = None) -> UnitMention:
        """A copy of ``mention`` with its registry link set."""
        return mention.model_copy(update={"link": self.match(mention.unit, province=province, on=on)})

    def _exact_candidates(self, key: str, place: Optional[str]) -> list[_Scored]:
        """Units whose key is the mention's key, alone or completed with the province."""
        hits = [_Scored(u, 100.0, "exact key") for u in self._exact.get(key, ())]
        if place:
            local = _without_place(key, place) or key
            hits += [_Scored(u, 100.0, f"exact key in province {place}") for u in self._local.get((place, local), ())]
        return hits

    def _fuzzy_candidates(self, key: str, k: int) -> list[_Scored]:
        """Keys sharing the most rare words with the mention (the prefilter), scored by rapidfuzz."""
        positions = self._prefilter(key)
        if not positions:
            return []
        from rapidfuzz import fuzz, process  # imported on the first fuzzy match, not with the package

        choices = [self._keys[p] for p in positions]
        found = process.extract(key, choices, scorer=fuzz.ratio, limit=k + 3, score_cutoff=self.review_at * 0.6)
        best: dict[str, _Scored] = {}
        for choice, score, idx in found:
            unit = self._key_units[positions[idx]]
            if unit.id not in best or best[unit.id].score < score:
                best[unit.id] = _Scored(unit, float(score), f"fuzzy {score:.0f} on '{choice}'")
        return list(best.values())

    def _prefilter(self, key: str) -> list[int]:
        """Positions of the keys sharing the rarest word pairs (or words) with ``key``."""
        pool: set[int] = set()
        for index, grams in ((self._pairs, _pairs(key)), (self._words, set(key.split()))):
            lists = sorted((index[g] for g in grams if g in index), key=len)
            for postings in lists[:_MAX_WORDS]:
                if pool and len(pool) + len(postings) > _MAX_CANDIDATES * 2:
                    break
                pool.update(postings[:_MAX_CANDIDATES * 2])
            if pool:
                break
        return sorted(pool)

    def _rank(self, scored: list[_Scored], place: Optional[str], on: Optional[date]) -> list[_Scored]:
        """Apply date and province context, follow successors, sort, one entry per unit."""
        out: dict[str, _Scored] = {}
        for s in scored:
            s = self._in_time(s, on)
            if place and s.unit.province and normalize(s.unit.province) != place:
                s = replace(s, score=s.score - _PROVINCE_PENALTY, reason=s.reason + f"; other province ({s.unit.province})")
            if s.unit.id not in out or out[s.unit.id].score < s.score:
                out[s.unit.id] = s
        return sorted(out.values(), key=lambda s: (-s.score, -self._order[s.unit.id]))

    def _in_time(self, s: _Scored, on: Optional[date]) -> _Scored:
        """The candidate itself when valid on ``on``; else its valid successor, or a penalty."""
        if s.unit.valid_on(on):
            return s
        unit, seen = s.unit, set()
        while unit.successor and unit.successor in self.by_id and unit.id not in seen:
            seen.add(unit.id)
            unit = self.by_id[unit.successor]
            if unit.valid_on(on):
                return _Scored(unit, s.score - 5.0, s.reason + f"; '{s.unit.name}' replaced by successor on {on}")
        return replace(s, score=s.score - _STALE_PENALTY, reason=s.reason + f"; not valid on {on}")


def _pairs(key: str) -> set[str]:
    """Adjacent and one-apart word pairs of a key: the prefilter's index terms."""
    words = key.split()
    return {f"{a} {b}" for a, b in zip(words, words[1:])} | {f"{a} _ {b}" for a, b in zip(words, words[2:])}


def _without_place(key: str, place: str) -> Optional[str]:
    """The key without its province name (and the level word before it), or None."""
    if not key.endswith(" " + place):
        return None
    head = key[: -len(place) - 1]
    for level in _LEVEL_WORDS:
        if head.endswith(" " + level):
            return head[: -len(level) - 1] + " " + level
    return head


def load_registry(path: str | Path) -> Registry:
    """Read a registry from a YAML, JSON or CSV file (or a folder of them)."""
    return Registry.load(path)


def _data_file(*parts: str) -> Path:
    """Path of a file of ``vnnotice/data/registry``."""
    return Path(str(resources.files("vnnotice.data").joinpath("registry", *parts)))


@lru_cache(maxsize=1)
def _default_units() -> tuple[Unit, ...]:
    """Central bodies, provinces and the per-province template bodies."""
    units = [_unit(r) for r in _read_rows(_data_file("central.yaml"))]
    provinces = _read_rows(_data_file("provinces.csv"))
    templates = _read_rows(_data_file("templates.yaml"))
    for p in provinces:
        units.append(_province_unit(p))
        units.extend(_template_unit(t, p) for t in templates)
    return tuple(units)


def _province_unit(p: dict[str, Any]) -> Unit:
    """The province itself ("tỉnh Quảng Ninh")."""
    return Unit(
        id=p["id"], name=f"{p['kind']} {p['name']}", aliases=(p["name"], *_strings(p.get("aliases"))),
        type="province", level="province", province=p["name"], valid_from=_date(p.get("valid_from")),
        valid_to=_date(p.get("valid_to")), successor=p.get("successor") or None,
    )


def _template_unit(t: dict[str, Any], p: dict[str, Any]) -> Unit:
    """One standard body of province ``p`` from template ``t``."""
    fields = {"place": f"{p['kind']} {p['name']}", "name": p["name"],
              "party": "Tỉnh ủy" if p["kind"] == "tỉnh" else "Thành ủy"}
    name = t["name"].format(**fields)
    aliases = [a.format(**fields) for a in _strings(t.get("aliases"))]
    if "{place}" in t["name"]:
        aliases.append(t["name"].format(**{**fields, "place": p["name"]}))
    valid_to = min((d for d in (_date(t.get("valid_to")), _date(p.get("valid_to"))) if d), default=None)
    successor = None
    if t.get("successor"):
        successor = f"{p['id']}-{t['successor']}"
    elif p.get("successor"):
        successor = f"{p['successor']}-{t['key']}"
    return Unit(
        id=f"{p['id']}-{t['key']}", name=name, aliases=tuple(aliases),
        abbreviations=tuple(a.format(**fields) for a in _strings(t.get("abbreviations"))),
        type=t.get("type"), parent=f"{p['id']}-{t['parent']}" if t.get("parent") else p["id"],
        level="province", province=p["name"], valid_from=_date(t.get("valid_from")) or _date(p.get("valid_from")),
        valid_to=valid_to, successor=successor,
    )


@lru_cache(maxsize=1)
def name_units() -> tuple[Unit, ...]:
    """Units named without a place: ``names.yaml`` (written) and ``names_mined.csv`` (mined from documents)."""
    return tuple(_unit(r) for f in ("names.yaml", "names_mined.csv") for r in _read_rows(_data_file(f)))


@lru_cache(maxsize=1)
def gazetteer_names() -> tuple[str, ...]:
    """Every unit name the unit reader reads to its end (``vnnotice.units``).

    Names, aliases and abbreviations of the central bodies, of the name lists
    (:func:`name_units`) and of the provincial templates without their place
    ("Sở Văn hóa, Thể thao và Du lịch"), NFC.
    """
    out: set[str] = set()
    for unit in (*(_unit(r) for r in _read_rows(_data_file("central.yaml"))), *name_units()):
        out.update(unit.surfaces())
    for t in _read_rows(_data_file("templates.yaml")):
        if t["name"].endswith(" {place}"):
            out.add(t["name"][: -len(" {place}")])
    return tuple(sorted(unicodedata.normalize("NFC", n) for n in out if n))
