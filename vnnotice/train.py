"""Training and leave-one-document-out evaluation of the candidate classifier (``docs/models.md``).

Training data is real annotation, never the rules' own output:

* the shared gold (``../shared/corpus/gold`` with the texts in ``seeds/`` and
  ``dev/``) and the project's gold (``corpus/gold`` + ``corpus/docs``): each
  document is read by the pipeline with the rules alone; every candidate
  mention of a directive's own text is labelled with the role the gold gives
  that unit in that directive (matched as ``score.py`` matches units), or
  ``none`` when the gold does not list it there;
* ``corpus/train/*.txt``: directive texts written and annotated by hand for
  this project (``{lead:…}``, ``{cooperate:…}``, ``{report_to:…}`` marks); a
  candidate is labelled with the role of the mark it overlaps, else ``none``.

:func:`train` fits the classifiers (multinomial logistic regression, with
scikit-learn, the ``train`` extra) and writes ``models/units.json``;
:func:`loo` scores assignments over the shared gold documents, each one
predicted by classifiers trained on all the others (plus the project's
data), with the rules alone, the model alone, and both, as
``score.py`` scores them. The model ships enabled only when ``both`` (or
``model``) raises the cross-validated F1 over the rules alone.
"""
from __future__ import annotations

import importlib.util
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import regex
import typer

from . import model as _model
from .evaluate import _squash, _unit_key
from .export import to_gold
from .records import Notice
from .stages import extract

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_OUT = ROOT / "models" / "units.json"
FIELD = "assignments"
MIN_HEAD = 2  # a word starts extra candidates when at least this many annotated mentions start with it
C = 0.1  # inverse L2 strength of the logistic regression (chosen by leave-one-document-out, docs/models.md)
MIN_GAIN = 0.005  # the F1 rise that turns the model on: about three assignments of the ~590, not rounding noise
PRUNE = 1e-3  # weights smaller than this (for every label) are left out of the model file
_MARK = regex.compile(r"\{(lead|cooperate|report_to):([^{}]+)\}")

# the classifiers of the model file: name -> (reads the rules' roles, reads the extra candidates)
VARIANTS = {"model": (False, True), "both": (True, False)}


# -- the documents ------------------------------------------------------------------
@dataclass
class Chunk:
    """One text the find stage reads: a directive's own span (or the body), with its gold units."""

    text: str
    offset: int
    directive: Optional[str]  # predicted directive id
    gold: list[dict]  # the gold assignments of the matching gold directive (role, unit)
    marks: list[tuple[int, int, str]] = field(default_factory=list)  # hand marks (start, end, role)
    matched: bool = True  # False when the directive matches no gold directive: no label can be told


@dataclass
class Doc:
    """An annotated document as the rules read it."""

    name: str
    chunks: list[Chunk]
    gold: Optional[dict] = None  # the gold record (None for hand-written lines)
    base: Optional[dict] = None  # the rules' prediction in the gold shape

    def surfaces(self) -> Iterable[str]:
        if self.gold is not None:
            yield from (a.get("surface") or a.get("unit") or "" for a in self.gold.get("assignments", []))
        for c in self.chunks:
            yield from (c.text[a:b] for a, b, _ in c.marks)


def _directive_map(gold: list[dict], pred: list[dict]) -> dict[str, str]:
    """Gold directive id -> predicted id, as ``score.py`` matches them (exact text first, then prefix)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    texts = [(p["id"], _squash(p.get("text") or p.get("starts_with"))) for p in pred]
    for g in gold:
        want = _squash(g.get("starts_with"))
        if not want:
            continue
        hit = next((pid for pid, t in texts if pid not in used and t == want), None)
        if hit is None:
            hit = next((pid for pid, t in texts if pid not in used and t and
                        (t.startswith(want) or (12 <= len(t) < len(want) and want.startswith(t)))), None)
        if hit is not None:
            out[g["id"]] = hit
            used.add(hit)
    return out


def _sections_dropped(gold: dict) -> dict:
    from .evaluate import _drop_sections

    return _drop_sections(gold)


def read_doc(path: Path, gold: dict) -> Doc:
    """The chunks of ``path`` as the rules' pipeline cuts them, each with its gold units."""
    with _model.using("rules"):
        notice: Notice = extract(path)
    base = to_gold(notice, path.name)
    g = _sections_dropped(gold)
    gid_of = {v: k for k, v in _directive_map(g.get("directives", []), base["directives"]).items()}
    regions = ([(d.id, span) for d in notice.directives for span in d.own] if notice.directives
               else [(None, notice.body)])
    chunks = []
    for pid, (a, b) in regions:
        if b <= a:
            continue
        gid = gid_of.get(pid) if pid is not None else None
        wanted = [x for x in g.get("assignments", [])
                  if (x.get("directive") == gid and (gid is not None or pid is None))]
        chunks.append(Chunk(notice.text[a:b], a, pid, wanted, matched=pid is None or gid is not None))
    return Doc(path.name, chunks, gold, base)


def gold_docs(gold_dir: Path, doc_dirs: Iterable[Path]) -> list[Doc]:
    """The annotated documents of ``gold_dir``, texts looked up in ``doc_dirs``."""
    texts = {p.name: p for d in doc_dirs if Path(d).is_dir() for p in Path(d).iterdir() if p.is_file()}
    out = []
    for gp in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        if gold.get("document") in texts:
            out.append(read_doc(texts[gold["document"]], gold))
    return out


def parse_marked(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Text and marked spans (start, end, role) of one hand-annotated line."""
    out, marks, pos, length = [], [], 0, 0
    for m in _MARK.finditer(line):
        before = line[pos:m.start()]
        out.append(before)
        length += len(before)
        marks.append((length, length + len(m.group(2)), m.group(1)))
        out.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    out.append(line[pos:])
    return "".join(out), marks


def hand_docs(train_dir: Path) -> list[Doc]:
    """The hand-annotated lines of ``train_dir/*.txt``, one document per file."""
    out = []
    for path in sorted(Path(train_dir).glob("*.txt")):
        chunks = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                text, marks = parse_marked(line.strip())
                chunks.append(Chunk(text, 0, None, [], marks))
        out.append(Doc(path.name, chunks))
    return out


def project_docs(corpus: Path = CORPUS, *, hand: bool = True) -> list[Doc]:
    """The project's annotated data: ``corpus/gold`` + ``corpus/docs``, and the hand-written lines."""
    return gold_docs(corpus / "gold", [corpus / "docs"]) + (hand_docs(corpus / "train") if hand else [])


def shared_docs(shared: Path = SHARED) -> list[Doc]:
    """The shared gold documents (seeds + dev)."""
    return gold_docs(shared / "gold", [shared / "seeds", shared / "dev"])


# -- labels and rows ---------------------------------------------------------------------
def same_unit(a: str, b: str) -> bool:
    """The units are the same as ``score.py`` judges them."""
    x, y = _unit_key(a), _unit_key(b)
    return x == y or SequenceMatcher(None, x, y).ratio() >= 0.9


def label(chunk: Chunk, c: _model.Candidate) -> str:
    """The gold label of candidate ``c`` of ``chunk``."""
    if chunk.marks:
        hit = [r for a, b, r in chunk.marks if a < c.end and c.start < b]
        return hit[0] if hit else "none"
    roles = [a["role"] for a in chunk.gold if same_unit(a.get("unit") or "", c.unit)]
    if not roles:
        return "none"
    return c.rule if c.rule in roles else roles[0]


def heads_of(docs: Iterable[Doc], minimum: int = MIN_HEAD) -> frozenset[str]:
    """First words of the annotated mentions, "các" skipped, seen at least ``minimum`` times."""
    count: Counter[str] = Counter()
    for d in docs:
        for s in d.surfaces():
            words = [w.lower() for w in regex.findall(r"[\p{L}\p{N}]+", s)]
            if words:
                count[words[0]] += 1
    return frozenset(w for w, n in count.items() if n >= minimum)


Row = tuple[list[str], str]


def rows(docs: Iterable[Doc], *, with_rule: bool, extra: bool, heads: frozenset[str]) -> list[Row]:
    """(features, label) of every candidate of the documents."""
    out: list[Row] = []
    for d in docs:
        for ch in d.chunks:
            if not ch.matched:
                continue
            cands = _model.candidates(ch.text, extra=extra, heads=heads)
            for c, f in zip(cands, _model.features(ch.text, cands, with_rule=with_rule)):
                out.append((f, label(ch, c)))
    return out


# -- fitting -------------------------------------------------------------------------------
def fit(train_rows: list[Row], *, c: float = C, with_rule: bool = True, extra: bool = False,
        heads: frozenset[str] = frozenset()) -> _model.Classifier:
    """A multinomial logistic regression over the rows (scikit-learn, Newton-CG: deterministic)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    index: dict[str, int] = {}
    cols, ptr = [], [0]
    for feats, _ in train_rows:
        for f in feats:
            cols.append(index.setdefault(f, len(index)))
        ptr.append(len(cols))
    x = csr_matrix((np.ones(len(cols)), cols, ptr), shape=(len(train_rows), len(index)))
    y = [lab for _, lab in train_rows]
    lr = LogisticRegression(C=c, solver="newton-cg", max_iter=500)
    with threadpool_limits(limits=1):  # a small problem: threads only contend
        lr.fit(x, y)
    order = [list(lr.classes_).index(lab) if lab in lr.classes_ else None for lab in _model.LABELS]
    coef, bias = lr.coef_, lr.intercept_
    if coef.shape[0] == 1:  # two classes only: sklearn keeps one row
        coef, bias = np.vstack([-coef / 2, coef / 2]), np.array([-bias[0] / 2, bias[0] / 2])
    names = sorted(index, key=index.get)
    weights: dict[str, list[float]] = {}
    for name, j in zip(names, range(len(names))):
        row = [float(coef[k, j]) if k is not None else 0.0 for k in order]
        if max(abs(v) for v in row) >= PRUNE:
            weights[name] = [round(v, 4) for v in row]
    b = [round(float(bias[k]), 4) if k is not None else -30.0 for k in order]
    return _model.Classifier(weights=weights, bias=b, heads=heads, with_rule=with_rule, extra=extra)


def fit_variants(docs: list[Doc], *, c: float = C) -> dict[str, _model.Classifier]:
    """The classifiers of :data:`VARIANTS`, trained on ``docs``."""
    heads = heads_of(docs)
    return {name: fit(rows(docs, with_rule=wr, extra=ex, heads=heads), c=c, with_rule=wr, extra=ex, heads=heads)
            for name, (wr, ex) in VARIANTS.items()}


# -- prediction and scoring --------------------------------------------------------------------
def predict(doc: Doc, clf: Optional[_model.Classifier]) -> dict:
    """The document's prediction in the gold shape, units decided by ``clf`` (None: the rules')."""
    if clf is None:
        return doc.base
    out = []
    for ch in doc.chunks:
        seen: set[tuple[str, str]] = set()
        for c, lab in _model.decide(ch.text, clf):
            key = (lab, " ".join(c.unit.lower().split()))
            if lab == "none" or key in seen:
                continue
            seen.add(key)
            out.append({"directive": ch.directive, "role": lab, "unit": c.unit, "surface": ch.text[c.start:c.end]})
    return dict(doc.base, assignments=out)


def _scorer(shared: Path) -> Any:
    """``score.py`` of the shared corpus, imported as a module."""
    spec = importlib.util.spec_from_file_location("vnnotice_shared_score", Path(shared) / "scripts" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _tally(score: Any, pairs: list[tuple[dict, dict]]) -> dict[str, float]:
    total = score.Tally()
    for gold, pred in pairs:
        t = {f: (score.Ratio() if f in score.RATIOS else score.Tally()) for f in score.FIELDS}
        score.score_document(gold, pred, t)
        a = t[FIELD]
        total.add(a.tp, a.fp, a.fn)
    p, r, f = total.prf()
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": total.tp, "fp": total.fp, "fn": total.fn}


def loo(shared: Path = SHARED, corpus: Path = CORPUS, *, c: float = C, hand: bool = True,
        log: Callable[[str], None] = print) -> dict[str, dict[str, float]]:
    """Leave-one-document-out over the shared gold: assignments with the rules, the model, both.

    Each shared document is predicted by classifiers trained on the other
    shared documents plus the project's data (``corpus/``).
    """
    score = _scorer(shared)
    held = shared_docs(shared)
    extra_docs = project_docs(corpus, hand=hand)
    preds: dict[str, list[tuple[dict, dict]]] = {"rules": [], **{k: [] for k in VARIANTS}}
    for k, doc in enumerate(held):
        clfs = fit_variants(held[:k] + held[k + 1:] + extra_docs, c=c)
        preds["rules"].append((doc.gold, predict(doc, None)))
        for name, clf in clfs.items():
            preds[name].append((doc.gold, predict(doc, clf)))
    result = {name: _tally(score, pairs) for name, pairs in preds.items()}
    log(format_table(result, len(held)))
    return result


def format_table(result: dict[str, dict[str, float]], n: int) -> str:
    """The leave-one-document-out table in Markdown."""
    lines = [f"| assignments, LOO over {n} docs | P | R | F1 | tp | fp | fn |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, s in result.items():
        lines.append(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['tp']} | {s['fp']} | {s['fn']} |")
    return "\n".join(lines)


def decide(result: dict[str, dict[str, float]]) -> _model.Settings:
    """On by default only when a mode raises the cross-validated F1 of assignments over the rules alone
    (by at least :data:`MIN_GAIN`)."""
    base = result["rules"]["f1"]
    better = [(s["f1"], m) for m, s in result.items() if m != "rules" and s["f1"] >= base + MIN_GAIN]
    if not better:
        return _model.Settings(enabled=False, mode="both")
    return _model.Settings(enabled=True, mode=max(better)[1])


# -- training ------------------------------------------------------------------------------------
def train(out: Path = DEFAULT_OUT, *, shared: Optional[Path] = SHARED, corpus: Path = CORPUS, c: float = C,
          cross_validate: bool = True, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Train the classifiers on the shared gold (when present) and ``corpus/``; write the model file.

    With ``cross_validate`` (and the shared gold present), the settings turn
    the model on by default only if :func:`decide` says so; otherwise the
    settings of an existing model file are kept (off for a new one).
    """
    started = time.perf_counter()
    have_shared = shared is not None and (Path(shared) / "gold").is_dir()
    docs = (shared_docs(Path(shared)) if have_shared else []) + project_docs(corpus)
    clfs = fit_variants(docs, c=c)
    result = loo(Path(shared), corpus, c=c, log=log) if (cross_validate and have_shared) else None
    out = Path(out)
    if result is not None:
        conf = decide(result)
    else:
        conf = _model.settings(out) if out.is_file() else _model.Settings()
    body = {"settings": {"enabled": conf.enabled, "mode": conf.mode},
            "trained_on": {"shared": sorted(d.name for d in docs if d.gold is not None and have_shared and
                                            (Path(shared) / "gold").is_dir()),
                           "documents": len(docs), "C": c},
            "loo": result,
            "classifiers": {k: v.as_dict() for k, v in clfs.items()}}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    _model.load.cache_clear()
    return {"seconds": round(time.perf_counter() - started, 1), "settings": body["settings"], "loo": result}


# -- command line -------------------------------------------------------------------------------
def train_command(
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Model file to write."),
    c: float = typer.Option(C, "--c", help="Inverse L2 strength of the logistic regression."),
    no_loo: bool = typer.Option(False, "--no-loo", help="Skip the leave-one-document-out table."),
    only_evaluate: bool = typer.Option(False, "--evaluate", help="Only print the leave-one-document-out table."),
) -> None:
    """Train the candidate classifier on the shared gold and corpus/, print the LOO table (rules / model / both)."""
    if only_evaluate:
        loo(c=c, log=typer.echo)
        return
    result = train(out, c=c, cross_validate=not no_loo, log=typer.echo)
    typer.echo(f"model in {out} ({result['seconds']} s); settings: {json.dumps(result['settings'])}")
