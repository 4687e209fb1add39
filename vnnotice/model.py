"""The trained unit finder: a small spaCy NER model that backs up the rules.

The rules of :mod:`vnnotice.units` find the units their vocabularies know.
A spaCy ``ner`` model trained on annotated directive texts (see
:mod:`vnnotice.train` and ``docs/models.md``) tags unit mentions with their
role (``LEAD``, ``COOPERATE``, ``REPORT_TO``) and can catch units the
rules miss in context ("các nhà đầu tư, nhà thầu" as a subject). A tagged
span is kept only when the rules' vocabularies read it as one unit
(:func:`vetted_unit`), which also gives its canonical name.

:func:`find_units` is what the find stage calls for every chunk of text. It
returns the rules' mentions, merged with the model's according to the
*mode*:

``rules``   the rules alone; the model is neither loaded nor run;
``model``   the model alone;
``union``   the rules, plus every model mention that overlaps none of them;
``silent``  the rules, or the model's mentions when the rules find nothing.

The mode comes from, first to last: :func:`using` (a context manager, for
evaluation), the environment variable ``VNNOTICE_USE_MODEL`` (``0``/``off``
→ ``rules``, ``1``/``on`` → the model's configured merge, or a mode name),
and the settings file ``vnnotice.json`` shipped in the model directory
(``{"enabled": …, "merge": …}``). Without a model directory the mode is
always ``rules``. The model directory is ``$VNNOTICE_MODEL`` when set, else
``models/units`` beside the package.
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from . import units as _units
from .records import Role, UnitMention

MODES = ("rules", "model", "union", "silent")
ENV_MODEL = "VNNOTICE_MODEL"
ENV_USE = "VNNOTICE_USE_MODEL"
DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "units"
SETTINGS_FILE = "vnnotice.json"
ROLE_OF_LABEL: dict[str, Role] = {"LEAD": "lead", "COOPERATE": "cooperate", "REPORT_TO": "report_to"}
LABEL_OF_ROLE: dict[str, str] = {v: k for k, v in ROLE_OF_LABEL.items()}

_override: ContextVar[tuple[str, Path | None] | None] = ContextVar("vnnotice_model_override", default=None)


@dataclass(frozen=True)
class Settings:
    """How a model directory asks to be used: on by default or not, and how to merge."""

    enabled: bool = False
    merge: str = "union"


def model_dir() -> Path | None:
    """The model directory in use (``$VNNOTICE_MODEL`` or the shipped one), None when absent."""
    override = _override.get()
    if override is not None and override[1] is not None:
        return override[1]
    return _existing(os.environ.get(ENV_MODEL) or str(DEFAULT_MODEL))


@lru_cache(maxsize=8)
def _existing(path: str) -> Path | None:
    """``path`` when it holds a saved spaCy pipeline (checked once per path), else None."""
    where = Path(path)
    return where if (where / "meta.json").is_file() else None


@lru_cache(maxsize=8)
def settings(path: Path) -> Settings:
    """The settings of the model at ``path`` (defaults when the file is missing or unreadable)."""
    try:
        raw = json.loads((path / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    merge = raw.get("merge", "union")
    return Settings(enabled=bool(raw.get("enabled", False)), merge=merge if merge in MODES else "union")


def mode() -> str:
    """The merge mode in effect now (see the module docstring)."""
    override = _override.get()
    if override is not None:
        return override[0]
    path = model_dir()
    if path is None:
        return "rules"
    conf = settings(path)
    wanted = os.environ.get(ENV_USE, "").strip().lower()
    if wanted in ("0", "off", "false", "no", "rules"):
        return "rules"
    if wanted in MODES:
        return wanted
    if wanted in ("1", "on", "true", "yes"):
        return conf.merge if conf.merge != "rules" else "union"
    return conf.merge if conf.enabled else "rules"


@contextmanager
def using(how: str, path: Path | None = None) -> Iterator[None]:
    """Run the block in mode ``how``, with the model at ``path`` (default: :func:`model_dir`)."""
    if how not in MODES:
        raise ValueError(f"unknown mode {how!r}: use one of {', '.join(MODES)}")
    token = _override.set((how, Path(path) if path is not None else None))
    try:
        yield
    finally:
        _override.reset(token)


@lru_cache(maxsize=4)
def load(path: Path) -> Any:
    """The spaCy pipeline saved at ``path`` (loaded once per process)."""
    import spacy

    return spacy.load(path)


def vetted_unit(surface: str) -> str | None:
    """The unit a tagged span names, when the rules' vocabularies read it as one unit; else None.

    The model decides *where* a unit is asked to act and in which role; the
    vocabularies vet that the span is an organization (not "Chủ động",
    "Trung Quốc" or a stray phrase) and give its canonical name.
    """
    found = _units.find_units(surface)
    return found[0].unit if found else None


def model_units(text: str, *, offset: int = 0, path: Path | None = None,
                directive: str | None = None) -> list[UnitMention]:
    """The model's unit mentions in ``text`` (spans shifted by ``offset``, of directive ``directive``)."""
    where = path or model_dir()
    if where is None or not isinstance(text, str) or not text.strip():
        return []
    doc = load(Path(where))(text)
    out: list[UnitMention] = []
    seen: set[tuple[str, str]] = set()
    for ent in doc.ents:
        role = ROLE_OF_LABEL.get(ent.label_)
        unit = vetted_unit(ent.text)
        if role is None or not unit or (role, unit.lower()) in seen:
            continue
        seen.add((role, unit.lower()))
        out.append(UnitMention(surface=ent.text, span=(offset + ent.start_char, offset + ent.end_char),
                               unit=unit, role=role, directive=directive))
    return out


def merge(rules: list[UnitMention], model: list[UnitMention], how: str) -> list[UnitMention]:
    """Combine the rules' and the model's mentions of one chunk in mode ``how``, in text order."""
    if how == "rules":
        return rules
    if how == "model":
        return model
    if how == "silent":
        return rules or model
    taken = [u.span for u in rules]
    extra = [u for u in model if not any(u.span[0] < b and a < u.span[1] for a, b in taken)]
    return sorted(rules + extra, key=lambda u: u.span) if extra else rules


def find_units(text: str, *, offset: int = 0, how: str | None = None,
               directive: str | None = None) -> list[UnitMention]:
    """Units of ``text`` as the find stage wants them: the rules, merged with the model when it is on.

    Same signature and, in mode ``rules`` (the default without a model, or
    with a model shipped disabled), the very output of
    :func:`vnnotice.units.find_units`. ``how`` is the mode, when the caller
    has read it once for many texts (default: :func:`mode` now).
    """
    how = how or mode()
    rules = _units.find_units(text, offset=offset, directive=directive) if how != "model" else []
    if how == "rules" or (how == "silent" and rules):
        return rules
    return merge(rules, model_units(text, offset=offset, directive=directive), how)
