"""The trained candidate classifier: decides on the unit mentions the rules read.

The rules of :mod:`vnnotice.units` find unit mentions and give each a role.
Where the rules cannot decide well (a unit named as the source of a request,
a beneficiary, a role read across "và"), a small classifier trained on
annotated documents (see :mod:`vnnotice.train` and ``docs/models.md``) looks
at each *candidate mention* and decides whether it is assigned at all, and
in which role: ``lead``, ``cooperate``, ``report_to`` or ``none``.

Candidates (:func:`candidates`) are the rules' mentions with the role the
rules gave them, plus, in mode ``model`` (or when the model asks for them),
the unit names the rules read at other places of the text without assigning
them (found by reading a unit list where a known head word starts one).
Features (:func:`features`) are cheap: the words before and after the
mention in its clause, the trigger words of the clause, the head word of the
name, punctuation, the position in the clause and the chunk, and the rules'
role. The classifier is a multinomial logistic regression whose weights are
a JSON file (``models/units.json``), scored in pure Python: no extra
package is imported to run it.

:func:`find_units` is what the find stage calls for every chunk of text:

``rules``  the rules alone; the model is neither loaded nor run;
``model``  the classifier alone (without the rules' roles), over all candidates;
``both``   the classifier, given the rules' roles, decides on the candidates.

The mode comes from, first to last: :func:`using` (a context manager, for
evaluation), the environment variable ``VNNOTICE_USE_MODEL`` (``0``/``off``
→ ``rules``, ``1``/``on`` → ``both``, or a mode name), and the ``settings``
of the model file (``{"enabled": …, "mode": …}``). Without a model file the
mode is always ``rules``. The model file is ``$VNNOTICE_MODEL`` when set,
else ``models/units.json`` beside the package.
"""
from __future__ import annotations

import json
import math
import os
import re
from bisect import bisect_right
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Optional

from . import units as _units
from .records import Role, UnitMention

MODES = ("rules", "model", "both")
ENV_MODEL = "VNNOTICE_MODEL"
ENV_USE = "VNNOTICE_USE_MODEL"
DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "units.json"
LABELS = ("none", "lead", "cooperate", "report_to")
ROLES: tuple[Role, ...] = ("lead", "cooperate", "report_to")

_override: ContextVar[tuple[str, Path | None] | None] = ContextVar("vnnotice_model_override", default=None)

# tokens of the feature reader: words, and single marks
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|\n")
_CLAUSE_MARKS = frozenset(";.!?\n")


@dataclass(frozen=True)
class Settings:
    """How a model file asks to be used: on by default or not, and in which mode."""

    enabled: bool = False
    mode: str = "both"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A unit mention a decision is taken on (offsets in the chunk of text it was read from)."""

    unit: str
    start: int
    end: int
    rule: Optional[Role]  # the role the rules gave it; None for a mention the rules did not assign


@dataclass
class Classifier:
    """A multinomial logistic regression over string features, with the candidate heads it knows."""

    weights: dict[str, list[float]]  # feature -> one weight per label of LABELS
    bias: list[float]
    heads: frozenset[str] = frozenset()  # first words of annotated unit mentions (for extra candidates)
    with_rule: bool = True  # whether the rules' role is one of its features
    extra: bool = False  # whether it reads the extra candidates

    def scores(self, feats: list[str]) -> list[float]:
        """Probability of each label of :data:`LABELS`."""
        s = list(self.bias)
        w = self.weights
        for f in feats:
            row = w.get(f)
            if row is not None:
                s[0] += row[0]
                s[1] += row[1]
                s[2] += row[2]
                s[3] += row[3]
        top = max(s)
        e = [math.exp(x - top) for x in s]
        total = sum(e)
        return [x / total for x in e]

    def label(self, feats: list[str]) -> str:
        """The most probable label (the largest score: no need to normalize)."""
        s0, s1, s2, s3 = self.bias
        w = self.weights
        for f in feats:
            row = w.get(f)
            if row is not None:
                s0 += row[0]
                s1 += row[1]
                s2 += row[2]
                s3 += row[3]
        s = (s0, s1, s2, s3)
        return LABELS[s.index(max(s))]

    def as_dict(self) -> dict[str, Any]:
        return {"labels": list(LABELS), "with_rule": self.with_rule, "extra": self.extra,
                "heads": sorted(self.heads), "bias": self.bias, "weights": self.weights}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "Classifier":
        if list(raw.get("labels", LABELS)) != list(LABELS):
            raise ValueError(f"model labels {raw.get('labels')!r} are not {list(LABELS)!r}")
        return cls(weights={k: list(v) for k, v in raw["weights"].items()}, bias=list(raw["bias"]),
                   heads=frozenset(raw.get("heads", ())), with_rule=bool(raw.get("with_rule", True)),
                   extra=bool(raw.get("extra", False)))


@dataclass
class Model:
    """The shipped model file: one classifier per mode, and the settings."""

    classifiers: dict[str, Classifier] = field(default_factory=dict)
    settings: Settings = Settings()


# -- where the model is, which mode ---------------------------------------------
def model_path() -> Path | None:
    """The model file in use (``$VNNOTICE_MODEL`` or the shipped one), None when absent."""
    override = _override.get()
    if override is not None and override[1] is not None:
        return override[1]
    return _existing(os.environ.get(ENV_MODEL) or str(DEFAULT_MODEL))


@lru_cache(maxsize=8)
def _existing(path: str) -> Path | None:
    where = Path(path)
    return where if where.is_file() else None


@lru_cache(maxsize=8)
def load(path: Path) -> Model:
    """The model saved at ``path`` (read once per process)."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    conf = raw.get("settings", {})
    how = conf.get("mode", "both")
    return Model(classifiers={k: Classifier.from_dict(v) for k, v in raw.get("classifiers", {}).items()},
                 settings=Settings(enabled=bool(conf.get("enabled", False)), mode=how if how in MODES else "both"))


def settings(path: Path) -> Settings:
    """The settings of the model at ``path`` (defaults when the file cannot be read)."""
    try:
        return load(Path(path)).settings
    except (OSError, ValueError, KeyError, TypeError):
        return Settings()


def mode() -> str:
    """The mode in effect now (see the module docstring)."""
    override = _override.get()
    if override is not None:
        return override[0]
    path = model_path()
    if path is None:
        return "rules"
    wanted = os.environ.get(ENV_USE, "").strip().lower()
    if wanted in ("0", "off", "false", "no", "rules"):
        return "rules"
    if wanted in MODES:
        return wanted
    if wanted not in ("1", "on", "true", "yes") and _off_at_head(path):
        return "rules"  # the file says it is off: its weights are not read
    conf = settings(path)
    if wanted in ("1", "on", "true", "yes"):
        return conf.mode if conf.mode != "rules" else "both"
    return conf.mode if conf.enabled else "rules"


_HEAD = re.compile(r'\s*\{\s*"settings"\s*:\s*')


@lru_cache(maxsize=8)
def _off_at_head(path: Path) -> bool:
    """Whether the model file at ``path`` begins with settings that leave it off (``{"settings": {"enabled":
    false, …}, …``, as :mod:`vnnotice.train` writes it), read from its first bytes: the weights are not parsed
    for a model that is not used. False when the head is not of that form (the whole file is read then)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8", errors="ignore")
        m = _HEAD.match(head)
        conf = json.JSONDecoder().raw_decode(head, m.end())[0] if m else None
    except (OSError, ValueError):
        return False
    return isinstance(conf, dict) and conf.get("enabled", False) is False


@contextmanager
def using(how: str, path: Path | None = None) -> Iterator[None]:
    """Run the block in mode ``how``, with the model at ``path`` (default: :func:`model_path`)."""
    if how not in MODES:
        raise ValueError(f"unknown mode {how!r}: use one of {', '.join(MODES)}")
    token = _override.set((how, Path(path) if path is not None else None))
    try:
        yield
    finally:
        _override.reset(token)


# -- candidates --------------------------------------------------------------------
def rule_candidates(text: str) -> list[Candidate]:
    """The rules' mentions of ``text`` with their roles (the interface the model reads)."""
    return [Candidate(u.unit, u.span[0], u.span[1], u.role) for u in _units.find_units(text)]


def extra_candidates(text: str, taken: list[Candidate], heads: frozenset[str]) -> list[Candidate]:
    """Unit names the rules read in ``text`` outside ``taken``, where a word of ``heads`` starts one.

    The rules' own unit-list reader reads them: the clause from that word is
    read as the object of "Giao", and the unit list found right there is kept.
    """
    if not heads:
        return []
    spans = sorted((c.start, c.end) for c in taken)
    out: list[Candidate] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        a = m.start()
        if a < pos or m.group().lower() not in heads:
            continue
        k = bisect_right(spans, (a, len(text) + 1)) - 1
        if k >= 0 and spans[k][0] <= a < spans[k][1]:
            continue
        end = _clause_end(text, a)
        found = _units.find_units("Giao " + text[a:end])
        shift = a - 5
        first = True
        for u in found:
            if u.role != "lead" or (first and u.span[0] != 5):
                break
            s, e = u.span[0] + shift, u.span[1] + shift
            if any(x < e and s < y for x, y in spans):
                break
            out.append(Candidate(u.unit, s, e, None))
            pos = e
            first = False
    return out


def _clause_end(text: str, a: int) -> int:
    ends = [i for i in (text.find(ch, a) for ch in ";\n") if i >= 0]
    return min(ends) if ends else len(text)


def candidates(text: str, *, extra: bool = False, heads: frozenset[str] = frozenset()) -> list[Candidate]:
    """The candidate mentions of ``text`` in text order: the rules', plus the extra ones when asked."""
    found = rule_candidates(text)
    if extra:
        found = sorted(found + extra_candidates(text, found, heads), key=lambda c: (c.start, c.end))
    return found


# -- features -------------------------------------------------------------------------
_WINDOW = 160  # characters read before a candidate for its clause's left context
_MARK_CHARS = ";.!?\n"


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause ``pos`` is in (after the last of ``;.!?`` or a line break before it)."""
    lo = max(0, pos - _WINDOW)
    return max(max(text.rfind(ch, lo, pos) for ch in _MARK_CHARS) + 1, lo)


def _words(part: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(part) if t != "\n"]


def _bucket(n: int) -> str:
    return str(n) if n < 3 else ("3-5" if n < 6 else ("6-11" if n < 12 else "12+"))


def features(text: str, cands: list[Candidate], *, with_rule: bool = True) -> list[list[str]]:
    """The features of each candidate of ``cands`` (mentions of ``text``, in text order).

    Only the candidate's clause is read (at most ``_WINDOW`` characters on
    each side), so the cost does not grow with the text.
    """
    out: list[list[str]] = []
    prev: Candidate | None = None
    prev_rule = "-"
    clause, counted = 0, 0  # clause marks before the candidate, counted up to position ``counted``
    for idx, c in enumerate(cands):
        k0 = _clause_start(text, c.start)
        left = _words(text[k0:c.start])
        right = _words(text[c.end:c.end + 40].split("\n", 1)[0])[:2]
        if len(right) > 1 and right[0] in _CLAUSE_MARKS:
            right = right[:1]
        words = _words(text[c.start:c.end])
        w1 = left[-1] if left else "<s>"
        w2 = left[-2] if len(left) > 1 else "<s>"
        w3 = left[-3] if len(left) > 2 else "<s>"
        n1 = right[0] if right else "</s>"
        n2 = right[1] if len(right) > 1 else "</s>"
        h1 = words[0] if words else ""
        if h1 == "các" and len(words) > 1:
            h1 = words[1]
        h2 = " ".join(words[:2])
        if c.start > counted:
            clause += sum(text.count(ch, counted, c.start) for ch in _MARK_CHARS)
            counted = c.start
        pos = _bucket(len(left))
        rule = (c.rule or "none") if with_rule else "?"
        f = ["b", f"w1={w1}", f"w2={w2}", f"w12={w2} {w1}", f"w123={w3} {w2} {w1}", f"n1={n1}", f"n12={n1} {n2}",
             f"h1={h1}", f"h2={h2}", f"len={_bucket(len(words))}", f"pos={pos}",
             f"clause={_bucket(clause)}", f"idx={_bucket(idx)}",
             f"cap={text[c.start:c.start + 1].isupper()}", f"cac={bool(words) and words[0] == 'các'}"]
        same = prev is not None and prev.end > k0 and prev.end <= c.start
        between = _words(text[prev.end:c.start]) if same else []
        f.append(f"after_unit={'-' if not same else ('list' if set(between) <= {',', 'và', 'các'} else 'clause')}")
        if with_rule:
            f += [f"rule={rule}", f"rule_w1={rule} {w1}", f"rule_h1={rule} {h1}", f"rule_pos={rule} {pos}",
                  f"rule_prev={rule} {prev_rule if same else '-'}"]
        f.append(f"bracket={left.count('(') > left.count(')')}")
        out.append(f)
        prev, prev_rule = c, rule
    return out


# -- deciding -----------------------------------------------------------------------
def _fold(unit: str) -> str:
    return " ".join(unit.lower().split())


def decide(text: str, classifier: Classifier, *, extra: Optional[bool] = None) -> list[tuple[Candidate, str]]:
    """Each candidate of ``text`` with the label the classifier gives it."""
    use_extra = classifier.extra if extra is None else extra
    cands = candidates(text, extra=use_extra, heads=classifier.heads)
    if not cands:
        return []
    feats = features(text, cands, with_rule=classifier.with_rule)
    return [(c, classifier.label(f)) for c, f in zip(cands, feats)]


def model_units(text: str, how: str, *, offset: int = 0, path: Path | None = None,
                directive: str | None = None) -> list[UnitMention]:
    """The units of ``text`` as the classifier of mode ``how`` decides them."""
    rules = _units.find_units(text, offset=offset, directive=directive)
    if not rules and how != "model":  # mode both decides on the rules' mentions only
        return rules
    where = path or model_path()
    clf = load(where).classifiers.get(how) if where is not None else None
    if clf is None:
        return rules
    cands = [Candidate(u.unit, u.span[0] - offset, u.span[1] - offset, u.role if clf.with_rule else None)
             for u in rules]
    mentions: list[Optional[UnitMention]] = list(rules)
    if clf.extra:
        more = extra_candidates(text, cands, clf.heads)
        if more:
            cands = sorted(cands + more, key=lambda c: (c.start, c.end))
            by_span = {(u.span[0] - offset, u.span[1] - offset): u for u in rules}
            mentions = [by_span.get((c.start, c.end)) for c in cands]
    if not cands:
        return []
    out: list[UnitMention] = []
    seen: set[tuple[str, str]] = set()
    for c, mention, feats in zip(cands, mentions, features(text, cands, with_rule=clf.with_rule)):
        label = clf.label(feats)
        if label == "none" or (label, _fold(c.unit)) in seen:
            continue
        seen.add((label, _fold(c.unit)))
        if mention is None:
            mention = UnitMention(surface=text[c.start:c.end], span=(offset + c.start, offset + c.end),
                                  unit=c.unit, role=label, directive=directive)
        elif mention.role != label:
            mention = mention.model_copy(update={"role": label})
        out.append(mention)
    return out


def find_units(text: str, *, offset: int = 0, how: str | None = None,
               directive: str | None = None) -> list[UnitMention]:
    """Units of ``text`` as the find stage wants them: the rules', decided on by the model when it is on.

    Same signature and, in mode ``rules`` (the default without a model, or
    with a model shipped disabled), the very output of
    :func:`vnnotice.units.find_units`. ``how`` is the mode, when the caller
    has read it once for many texts (default: :func:`mode` now).
    """
    how = how or mode()
    if how == "rules":
        return _units.find_units(text, offset=offset, directive=directive)
    return model_units(text, how, offset=offset, directive=directive)
