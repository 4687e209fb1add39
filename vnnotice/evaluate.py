"""Evaluation against gold annotations (the shape of ``corpus/gold``).

Fields and rules follow the gold-annotation guide of the project corpus:
directives match when the predicted text, whitespace removed, starts with
the gold ``starts_with``; section headings (Roman numerals, ``PHẦN``) are
left out on both sides and their children lifted; citations are compared as
sets of (number, year, symbol) keys with case, spaces and ``-``/``/``
folded; deadlines by due date (recurring ones not scored) and attachment by
directive; assignments by (directive, role, unit) with office-holder titles
and ``các`` folded; the header by doc_type, number, issued, meeting_date and
signer name.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Callable

import regex

from .export import to_gold
from .stages import extract

FIELDS = ("directives", "tree", "citations", "cite_dates", "deadlines", "attach", "assignments", "header")
RATIOS = frozenset({"tree", "cite_dates", "attach", "header"})
_SECTION = regex.compile(r"^\s*(?:[Pp][Hh][Ầầ][Nn]\b|[IVXLC]+\s*[.):])")
_TITLES = regex.compile(r"\b(?:giám đốc|thủ trưởng|lãnh đạo|trưởng)\s+")


def _nfc(s: str | None) -> str:
    return unicodedata.normalize("NFC", s or "")


def _squash(s: str | None) -> str:
    return regex.sub(r"\s+", "", _nfc(s))


def _unit_key(s: str | None) -> str:
    s = _TITLES.sub("", _nfc(s).lower())
    s = regex.sub(r"\bcác\s+", "", s)
    return " ".join(s.split()).strip(" ,;.")


def _cite_key(c: dict) -> tuple:
    if not c.get("number"):
        return ("named", " ".join(_nfc(c.get("name") or c.get("surface")).lower().split()).strip(" ,;."))
    symbol = _squash(c.get("symbol")).lower().replace("-", "/")
    return ((c["number"] or "").lstrip("0") or "0", str(c.get("year") or ""), symbol)


@dataclass
class Count:
    """True/false positives and negatives, or right/total for a ratio."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:  # for ratios: tp right out of tp + fn
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Result:
    """Totals per field and per document."""

    totals: dict[str, Count] = field(default_factory=lambda: {f: Count() for f in FIELDS})
    documents: dict[str, dict[str, Count]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # gold files whose document was not found: left out

    def score(self, name: str) -> float:
        c = self.totals[name]
        return c.accuracy if name in RATIOS else c.f1

    def as_dict(self) -> dict[str, Any]:
        return {f: ({"accuracy": round(c.accuracy, 4), "n": c.tp + c.fn} if f in RATIOS else
                    {"precision": round(c.precision, 4), "recall": round(c.recall, 4), "f1": round(c.f1, 4),
                     "tp": c.tp, "fp": c.fp, "fn": c.fn}) for f, c in self.totals.items()}

    def as_json(self) -> dict[str, Any]:
        """Totals, per-document scores and the gold files left out, for ``vnnotice evaluate --json``."""
        return {"totals": self.as_dict(),
                "documents": {name: {f: round(c.accuracy if f in RATIOS else c.f1, 4) for f, c in scores.items()}
                              for name, scores in self.documents.items()},
                "missing": list(self.missing)}


def _drop_sections(record: dict) -> dict:
    items = record.get("directives", [])
    gone = {d.get("id") for d in items if _SECTION.match(d.get("marker") or "")}
    if not gone:
        return record
    parent = {d.get("id"): d.get("parent") for d in items}

    def up(p):
        while p in gone:
            p = parent.get(p)
        return p

    return dict(record, directives=[dict(d, parent=up(d.get("parent"))) for d in items if d.get("id") not in gone],
                deadlines=[x for x in record.get("deadlines", []) if x.get("directive") not in gone],
                assignments=[x for x in record.get("assignments", []) if x.get("directive") not in gone])


def _pairs(gold: list, pred: list, same: Callable[[Any, Any], bool]) -> int:
    taken: set[int] = set()
    hits = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i not in taken and same(g, p):
                taken.add(i)
                hits += 1
                break
    return hits


def score_pair(gold: dict, pred: dict) -> dict[str, Count]:
    """Scores of one prediction against its gold."""
    out = {f: Count() for f in FIELDS}
    gold, pred = _drop_sections(gold), _drop_sections(pred)
    gd, pd = gold.get("directives", []), pred.get("directives", [])
    match: dict[str, str] = {}
    taken: set[str] = set()
    for g in gd:
        want = _squash(g.get("starts_with"))
        for p in pd:
            have = _squash(p.get("text") or p.get("starts_with"))
            if p.get("id") not in taken and want and have and \
                    (have.startswith(want) or (12 <= len(have) < len(want) and want.startswith(have))):
                match[g["id"]] = p["id"]
                taken.add(p["id"])
                break
    out["directives"].add(len(match), len(pd) - len(match), len(gd) - len(match))
    pparent = {p.get("id"): p.get("parent") for p in pd}
    right = sum(pparent.get(match[g["id"]]) == (match.get(g["parent"], "?") if g.get("parent") else None)
                for g in gd if g["id"] in match)
    out["tree"].add(right, 0, len(match) - right)
    gc = {_cite_key(c): c for c in gold.get("citations", [])}
    pc = {_cite_key(c): c for c in pred.get("citations", [])}
    out["citations"].add(len(gc.keys() & pc.keys()), len(pc.keys() - gc.keys()), len(gc.keys() - pc.keys()))
    dated = [k for k in gc.keys() & pc.keys() if gc[k].get("issued")]
    good = sum(pc[k].get("issued") == gc[k]["issued"] for k in dated)
    out["cite_dates"].add(good, 0, len(dated) - good)
    gl = [x for x in gold.get("deadlines", []) if not x.get("recurring")]
    pl = [x for x in pred.get("deadlines", []) if not x.get("recurring")]
    hits = _pairs(gl, pl, lambda g, p: g.get("due") == p.get("due"))
    out["deadlines"].add(hits, len(pl) - hits, len(gl) - hits)

    def placed(g, p):
        return p.get("directive") is None if g.get("directive") is None else match.get(g["directive"]) == p.get("directive")

    attached = _pairs(gl, pl, lambda g, p: g.get("due") == p.get("due") and placed(g, p))
    out["attach"].add(attached, 0, hits - attached)
    back = {v: k for k, v in match.items()}
    pa = [dict(a, directive=back.get(a.get("directive"))) for a in pred.get("assignments", [])]

    def same_unit(g, p):
        if (g.get("directive"), g.get("role")) != (p.get("directive"), p.get("role")):
            return False
        a, b = _unit_key(g.get("unit")), _unit_key(p.get("unit"))
        return a == b or SequenceMatcher(None, a, b).ratio() >= 0.9

    ga = gold.get("assignments", [])
    hits = _pairs(ga, pa, same_unit)
    out["assignments"].add(hits, len(pa) - hits, len(ga) - hits)
    for key in ("doc_type", "number", "issued", "meeting_date", "signer"):
        want, have = gold.get(key), pred.get(key)
        if key == "signer":
            want, have = (want or {}).get("name"), (have or {}).get("name")
        if want:
            if key in ("doc_type", "number", "signer"):
                want, have = _squash(want).lower(), _squash(have).lower() if have else None
            ok = want == have
            out["header"].add(int(ok), 0, int(not ok))
    return out


def evaluate(gold_dir: str | Path, docs_dir: str | Path) -> Result:
    """Extract every document of ``docs_dir`` that has a gold file in ``gold_dir`` and score it.

    A gold file whose document is not in ``docs_dir`` is left out and named
    in :attr:`Result.missing`, not scored as a document with nothing found.
    """
    result = Result()
    docs = {p.stem: p for p in Path(docs_dir).iterdir() if p.is_file()}
    for gp in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        doc = docs.get(gp.stem) or docs.get(Path(gold.get("document") or "").stem)
        if doc is None:
            result.missing.append(gp.stem)
            continue
        pred = to_gold(extract(doc), doc.name)
        scores = score_pair(gold, pred)
        result.documents[gp.stem] = scores
        for f in FIELDS:
            c = scores[f]
            result.totals[f].add(c.tp, c.fp, c.fn)
    return result


def format_table(result: Result) -> str:
    """The totals as a table, then one line per document."""
    lines = [f"{'field':<12} {'P':>6} {'R':>6} {'F1/acc':>7}"]
    for f, c in result.totals.items():
        if f in RATIOS:
            lines.append(f"{f:<12} {'':>6} {'':>6} {c.accuracy:>7.3f}   n={c.tp + c.fn}")
        else:
            lines.append(f"{f:<12} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>7.3f}   tp={c.tp} fp={c.fp} fn={c.fn}")
    for name, scores in result.documents.items():
        cells = " ".join(f"{f}={(c.accuracy if f in RATIOS else c.f1):.2f}" for f, c in scores.items())
        lines.append(f"{name} {cells}")
    return "\n".join(lines)


# ---------------------------------------------------------------- appendix task tables

APPENDIX_FIELDS = ("rows", "lead", "cooperate", "deadline")


def _deadline_key(deadline: dict | None) -> str | None:
    """A gold or predicted deadline as one comparable key: the due date, ``recurring:R`` or ``standing``."""
    if not deadline:
        return None
    if deadline.get("recurring"):
        return f"recurring:{deadline['recurring']}"
    if deadline.get("due"):
        return str(deadline["due"])
    if deadline.get("standing") or deadline.get("relation") == "standing":
        return "standing"
    return None


def appendix_rows(notice: Any) -> list[dict]:
    """The task rows of a :class:`Notice`'s appendix tables in the shape of the appendix gold."""
    by_row: dict[str, dict] = {}
    for d in notice.directives:
        if d.source == "appendix" and not d.heading:
            by_row[d.id] = {"id": d.id, "number": d.marker, "task": " ".join(d.text.split()), "lead": [],
                            "cooperate": [], "deadline": None}
    for u in notice.units:
        if u.directive in by_row and u.role in ("lead", "cooperate"):
            by_row[u.directive][u.role].append(u.unit)
    for x in notice.deadlines:
        row = by_row.get(x.directive)
        if row is not None and row["deadline"] is None:
            row["deadline"] = {"due": x.due.isoformat() if x.due else None, "recurring": x.recurring,
                               "relation": x.relation}
    return list(by_row.values())


def score_appendix(gold: dict, pred_rows: list[dict]) -> dict[str, Count]:
    """Row-level scores of the appendix rows of one document against its appendix gold.

    Rows match when the predicted task text, whitespace removed, starts with
    the gold ``task`` (in order, each prediction used once). ``lead`` and
    ``cooperate`` count units per matched row as the assignments do (titles and
    ``các`` folded, near-equal names equal); the units of an unmatched row are
    all misses or all false alarms. ``deadline`` compares one key per row: the
    due date, else the recurrence, else ``standing``.
    """
    out = {f: Count() for f in APPENDIX_FIELDS}
    gold_rows = gold.get("rows", [])
    taken: set[int] = set()
    pairs: list[tuple[dict, dict | None]] = []
    for g in gold_rows:
        want = _squash(g.get("task"))
        hit = None
        for i, p in enumerate(pred_rows):
            if i in taken:
                continue
            have = _squash(p.get("task"))
            if want and have and (have.startswith(want) or (len(have) >= 12 and want.startswith(have))):
                hit = i
                break
        if hit is not None:
            taken.add(hit)
        pairs.append((g, pred_rows[hit] if hit is not None else None))
    matched = sum(p is not None for _, p in pairs)
    out["rows"].add(matched, len(pred_rows) - matched, len(gold_rows) - matched)

    def same(a: str, b: str) -> bool:
        a, b = _unit_key(a), _unit_key(b)
        return a == b or SequenceMatcher(None, a, b).ratio() >= 0.9

    for role in ("lead", "cooperate"):
        for g, p in pairs:
            want, have = list(g.get(role) or []), list((p or {}).get(role) or [])
            hits = _pairs(want, have, same)
            out[role].add(hits, len(have) - hits, len(want) - hits)
        for i, p in enumerate(pred_rows):
            if i not in taken:
                out[role].add(0, len(p.get(role) or []), 0)
    for g, p in pairs:
        want, have = _deadline_key(g.get("deadline")), _deadline_key((p or {}).get("deadline"))
        ok = want is not None and want == have
        out["deadline"].add(int(ok), int(have is not None and not ok), int(want is not None and not ok))
    for i, p in enumerate(pred_rows):
        if i not in taken and _deadline_key(p.get("deadline")) is not None:
            out["deadline"].add(0, 1, 0)
    return out


def evaluate_appendix(gold_dir: str | Path, root: str | Path) -> Result:
    """Score the appendix task tables of the documents the gold files of ``gold_dir`` name.

    Each gold file names its document by a path relative to ``root`` (the
    shared corpus); the document is extracted with the gold's reference date.
    """
    result = Result(totals={f: Count() for f in APPENDIX_FIELDS})
    for gp in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        doc = Path(root) / gold["document"]
        ref = gold.get("reference_date")
        notice = extract(doc, reference_date=date.fromisoformat(ref) if ref else None)
        scores = score_appendix(gold, appendix_rows(notice))
        result.documents[gp.stem] = scores
        for f in APPENDIX_FIELDS:
            c = scores[f]
            result.totals[f].add(c.tp, c.fp, c.fn)
    return result
