"""Training and evaluation of the unit-finder model (see ``docs/models.md``).

Training data, all under ``corpus/`` (nothing from ``shared/``, which is the
evaluation set):

* ``corpus/docs`` + ``corpus/gold``: every directive's own text, as the
  pipeline cuts it, with the gold assignments of that directive located in
  it (the surface, role as label). Other mentions of an annotated surface
  in the same text are left *missing* (not taught either way), since the
  gold lists a unit once per role; a directive whose gold surfaces cannot
  all be found is left out.
* ``corpus/train/*.txt``: texts written and annotated by hand for this
  project, one directive text per line, units marked inline as
  ``{lead:Ban Quản lý dự án}``, ``{cooperate:…}``, ``{report_to:…}``;
  lines starting with ``#`` are comments.

:func:`train` builds spaCy ``DocBin`` files in a temporary folder, runs
spaCy's own training loop with the config given (``models/units.cfg``),
keeps the best model, scores it (:func:`evaluate`) and writes
``scores.json`` and the ``vnnotice.json`` settings next to it.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import regex
import typer

from . import model as _model
from .evaluate import Count, score_pair
from .export import to_gold
from .records import Notice
from .stages import extract

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_CONFIG = ROOT / "models" / "units.cfg"
DEFAULT_OUT = ROOT / "models" / "units"
FIELD = "assignments"
MAX_PRECISION_DROP = 0.01
_MARK = regex.compile(r"\{(lead|cooperate|report_to):([^{}]+)\}")
_DEV_EVERY = 8  # one example in eight (by a hash of its text) is the training run's dev set

Ent = tuple[int, int, str]
Example = tuple[str, list[Ent], list[tuple[int, int]]]  # text, labelled spans, spans left missing


# -- training data --------------------------------------------------------
def parse_marked(line: str) -> Example:
    """Text and labelled spans of one hand-annotated line (``{role:surface}`` marks)."""
    out, ents, pos = [], [], 0
    for m in _MARK.finditer(line):
        out.append(line[pos:m.start()])
        start = sum(len(x) for x in out)
        out.append(m.group(2))
        ents.append((start, start + len(m.group(2)), _model.LABEL_OF_ROLE[m.group(1)]))
        pos = m.end()
    out.append(line[pos:])
    return "".join(out), ents, []


def hand_examples(train_dir: Path) -> list[Example]:
    """The hand-annotated examples of ``train_dir/*.txt``."""
    out = []
    for path in sorted(Path(train_dir).glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                out.append(parse_marked(line.strip()))
    return out


def _squash(s: str | None) -> str:
    return regex.sub(r"\s+", "", s or "")


def _match_directives(gold: list[dict], notice: Notice) -> dict[str, str]:
    """Gold directive id -> predicted id, matched by ``starts_with`` as the scorer does."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for g in gold:
        want = _squash(g.get("starts_with"))
        for d in notice.directives:
            if d.id not in taken and want and _squash(d.text).startswith(want):
                out[g["id"]] = d.id
                taken.add(d.id)
                break
    return out


def _surface_pattern(surface: str) -> regex.Pattern:
    return regex.compile(r"\s+".join(regex.escape(w) for w in surface.split()))


def _label_chunks(chunks: list[str], wanted: list[dict]) -> list[Example] | None:
    """Locate the gold mentions ``wanted`` in the chunks of one directive; None when one is missing."""
    ents: list[list[Ent]] = [[] for _ in chunks]
    for a in wanted:
        pattern = _surface_pattern(a["surface"] or a["unit"])
        label = _model.LABEL_OF_ROLE[a["role"]]
        placed = False
        for k, chunk in enumerate(chunks):
            for m in pattern.finditer(chunk):
                s, e = m.span()
                if any(s < y and x < e for x, y, _ in ents[k]):
                    continue
                ents[k].append((s, e, label))
                placed = True
                break
            if placed:
                break
        if not placed and not any(pattern.search(c) for c in chunks):
            return None
    out = []
    for chunk, found in zip(chunks, ents):
        surfaces = {chunk[s:e] for s, e, _ in found}
        missing = [m.span() for text in surfaces for m in _surface_pattern(text).finditer(chunk)
                   if not any(m.start() < y and x < m.end() for x, y, _ in found)]
        out.append((chunk, sorted(found), missing))
    return out


def gold_examples(gold_dir: Path, docs_dir: Path) -> list[Example]:
    """Examples from annotated documents: each directive's own text with its gold units."""
    docs = {p.stem: p for p in Path(docs_dir).iterdir() if p.is_file()}
    out: list[Example] = []
    for gp in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        doc = docs.get(Path(gold.get("document") or gp.stem).stem) or docs.get(gp.stem)
        if doc is None:
            continue
        notice = _rules_only(doc)
        if not notice.directives:
            regions = {None: [notice.body]} if notice.body else {}
            ids = {None: None}
        else:
            regions = {d.id: d.own for d in notice.directives}
            ids = _match_directives(gold.get("directives", []), notice)
        for gid, pid in ids.items():
            chunks = [notice.text[a:b] for a, b in regions.get(pid, []) if notice.text[a:b].strip()]
            wanted = [a for a in gold.get("assignments", []) if a.get("directive") == gid]
            labelled = _label_chunks(chunks, wanted) if chunks else None
            out += labelled or []
    return out


def _rules_only(doc: Path) -> Notice:
    with _model.using("rules"):
        return extract(doc)


def training_examples(corpus: Path = CORPUS) -> list[Example]:
    """All training examples: the annotated documents, then the hand-written texts."""
    return gold_examples(corpus / "gold", corpus / "docs") + hand_examples(corpus / "train")


def split(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    """(train, dev): a fixed one-in-eight split by a hash of each text."""
    dev = [x for x in examples if zlib.crc32(x[0].encode("utf-8")) % _DEV_EVERY == 0]
    return [x for x in examples if zlib.crc32(x[0].encode("utf-8")) % _DEV_EVERY != 0], dev


def to_docbin(examples: Iterable[Example]) -> Any:
    """A spaCy ``DocBin`` of the examples, tokenized by ``spacy.blank("xx")``."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    nlp = spacy.blank("xx")
    bin_ = DocBin()
    for text, ents, missing in examples:
        doc = nlp.make_doc(text)
        spans = [doc.char_span(s, e, label=lab, alignment_mode="expand") for s, e, lab in ents]
        spans = filter_spans([s for s in spans if s is not None])
        gaps = [doc.char_span(s, e, alignment_mode="expand") for s, e in missing]
        gaps = [g for g in gaps if g is not None and not any(g.start < s.end and s.start < g.end for s in spans)]
        doc.set_ents(spans, missing=filter_spans(gaps), default="outside")
        bin_.add(doc)
    return bin_


# -- training -------------------------------------------------------------
def train(config: Path = DEFAULT_CONFIG, out: Path = DEFAULT_OUT, *, steps: Optional[int] = None,
          corpus: Path = CORPUS, shared: Optional[Path] = SHARED, log: Callable[[str], None] = print) -> dict:
    """Train the model of ``config`` on ``corpus`` into ``out``; return (and save) its scores.

    ``steps`` overrides ``training.max_steps`` (the reduced run of the
    tests). ``shared`` is the evaluation set (seeds + dev), scored when present;
    when it is, the settings file turns the model on only if it passes the
    acceptance rule of :func:`decide`, else an existing settings file is kept.
    """
    from spacy.cli.train import train as spacy_train

    examples = training_examples(corpus)
    train_set, dev_set = split(examples)
    out = Path(out)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vnnotice-train-") as tmp:
        tmp_path = Path(tmp)
        to_docbin(train_set).to_disk(tmp_path / "train.spacy")
        to_docbin(dev_set).to_disk(tmp_path / "dev.spacy")
        overrides: dict[str, Any] = {"paths.train": str(tmp_path / "train.spacy"), "paths.dev": str(tmp_path / "dev.spacy")}
        if steps is not None:
            overrides["training.max_steps"] = steps
        spacy_train(Path(config), tmp_path / "run", overrides=overrides, use_gpu=-1)
        keep = _settings_text(out)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(tmp_path / "run" / "model-best", out)
    seconds = time.perf_counter() - started
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    scores: dict[str, Any] = {
        "config": Path(config).name, "steps": steps, "train_seconds": round(seconds, 1),
        "examples": {"train": len(train_set), "dev": len(dev_set)},
        "ner_dev": {k: round(float(meta["performance"][k]), 4) for k in ("ents_p", "ents_r", "ents_f")},
        **evaluate(out, shared=shared, log=log),
    }
    settings = decide(scores["shared"]) if "shared" in scores else None
    if settings is None and keep is not None:
        (out / _model.SETTINGS_FILE).write_text(keep, encoding="utf-8")
    else:
        write_settings(out, settings or _model.Settings())
    (out / "scores.json").write_text(json.dumps(scores, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    _model.settings.cache_clear()
    _model.load.cache_clear()
    return scores


def _settings_text(out: Path) -> Optional[str]:
    path = Path(out) / _model.SETTINGS_FILE
    return path.read_text(encoding="utf-8") if path.is_file() else None


def write_settings(out: Path, settings: _model.Settings) -> None:
    """Write the ``vnnotice.json`` settings of the model at ``out``."""
    body = {"enabled": settings.enabled, "merge": settings.merge}
    (Path(out) / _model.SETTINGS_FILE).write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")


def decide(shared_scores: dict[str, dict[str, float]]) -> _model.Settings:
    """The acceptance rule: on by default only when a merge raises the F1 of
    assignments on seeds + dev and lowers its precision by at most 0.01.

    Of the merges that pass, the one with the best F1 is chosen; when none
    does, the model ships disabled (merge ``union`` when switched on).
    """
    base = shared_scores["rules"]
    passing = [(s["f1"], m) for m, s in shared_scores.items() if m != "rules"
               and s["f1"] > base["f1"] and s["precision"] >= base["precision"] - MAX_PRECISION_DROP]
    if not passing:
        return _model.Settings(enabled=False, merge="union")
    return _model.Settings(enabled=True, merge=max(passing)[1])


# -- evaluation -----------------------------------------------------------
def _score_set(pairs: list[tuple[Path, dict]]) -> Count:
    total = Count()
    for doc, gold in pairs:
        c = score_pair(gold, to_gold(extract(doc), doc.name))[FIELD]
        total.add(c.tp, c.fp, c.fn)
    return total


def gold_pairs(gold_dir: Path, doc_dirs: Iterable[Path]) -> list[tuple[Path, dict]]:
    """(document, gold) pairs of ``gold_dir``, documents looked up in ``doc_dirs``."""
    docs = {p.name: p for d in doc_dirs if Path(d).is_dir() for p in Path(d).iterdir() if p.is_file()}
    out = []
    for gp in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        if gold.get("document") in docs:
            out.append((docs[gold["document"]], gold))
    return out


def evaluate(model_path: Path = DEFAULT_OUT, *, corpus: Path = CORPUS, shared: Optional[Path] = SHARED,
             log: Callable[[str], None] = print) -> dict[str, dict[str, dict[str, float]]]:
    """Score assignments with rules only, model only and both merges; print the table.

    Sets: ``shared`` (seeds + dev, held out; skipped when absent) and the
    project corpus (in-sample: the model is trained on it).
    """
    sets = {"project": gold_pairs(corpus / "gold", [corpus / "docs"])}
    if shared is not None and Path(shared).is_dir():
        sets = {"shared": gold_pairs(shared / "gold", [shared / "seeds", shared / "dev"]), **sets}
    result: dict[str, dict[str, dict[str, float]]] = {}
    for name, pairs in sets.items():
        result[name] = {}
        for how in _model.MODES:
            with _model.using(how, Path(model_path)):
                c = _score_set(pairs)
            result[name][how] = {"precision": round(c.precision, 4), "recall": round(c.recall, 4),
                                 "f1": round(c.f1, 4), "tp": c.tp, "fp": c.fp, "fn": c.fn}
    log(format_table(result))
    return result


def format_table(result: dict[str, dict[str, dict[str, float]]]) -> str:
    """The evaluation as a Markdown table."""
    lines = ["| set | mode | P | R | F1 | tp | fp | fn |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, modes in result.items():
        for how, s in modes.items():
            lines.append(f"| {name} | {how} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} "
                         f"| {s['tp']} | {s['fp']} | {s['fn']} |")
    return "\n".join(lines)


# -- command line ---------------------------------------------------------
def train_command(
    config: Path = typer.Option(DEFAULT_CONFIG, "--config", "-c", help="spaCy training config."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Folder for the trained model."),
    steps: Optional[int] = typer.Option(None, "--steps", help="Override training.max_steps."),
    only_evaluate: bool = typer.Option(False, "--evaluate", help="Only score the model at --out."),
) -> None:
    """Train the unit-finder model from CONFIG on corpus/ and score it (rules / model / both)."""
    if only_evaluate:
        evaluate(out, log=typer.echo)
        return
    scores = train(config, out, steps=steps, log=typer.echo)
    typer.echo(f"model in {out} ({scores['train_seconds']} s); settings: "
               f"{(out / _model.SETTINGS_FILE).read_text(encoding='utf-8').strip()}")
