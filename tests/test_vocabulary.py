"""Vocabulary hygiene: every entry of the unit vocabularies is written in real documents.

An entry of ``vnnotice/data/triggers.toml`` or ``unit_types.toml`` (a trigger,
a name word, a stop phrase …) must occur in at least two documents of the
shared corpus (``seeds/``, ``dev/`` and ``archive/``), or be a registry name:
an entry that only one document's wording needs (a misspelling, an odd turn
of phrase) fits that document and nothing else.  Skips when the shared
corpus is absent.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

import pytest

from vnnotice.data import load_toml
from vnnotice.registry import _strip, gazetteer_names

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FOLDERS = ("seeds", "dev", "archive")
MIN_DOCUMENTS = 2
# the lists of each file that hold words and phrases (the rest are numbers or tables)
VOCABULARIES = {
    "triggers.toml": ("lead", "cooperate", "report_to", "fillers", "not_after", "not_before", "titles",
                      "openers", "context_after", "subject_verbs", "name_stops", "excluded", "stops",
                      "label_lead", "label_cooperate", "introductions", "lead_predicates", "object_markers"),
    "unit_types.toml": ("named", "standalone", "collective", "persons", "levels", "bodies", "tail_phrases",
                        "name_words", "name_parts", "separate", "qualifier_preps", "qualifier_places",
                        "descriptor_verbs", "company_forms"),
}
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is absent")


def _tokens(text: str) -> str:
    """Lowercase tokens of ``text`` joined by single spaces, with spaces at both ends."""
    text = re.sub(r"[*#|_>`]+", " ", unicodedata.normalize("NFC", text))
    return " " + " ".join(_TOKEN.findall(text.lower())) + " "


@lru_cache(maxsize=1)
def _documents() -> tuple[str, list[int]]:
    """The documents' tokens in one string, and the offset where each document starts."""
    files = sorted(p for folder in FOLDERS for p in (CORPUS / folder).glob("*") if p.suffix in (".md", ".txt"))
    texts = [_tokens(p.read_text(encoding="utf-8", errors="replace")) for p in files]
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    return "\n".join(texts), starts


def _entries() -> list[tuple[str, str, str]]:
    out = []
    for name, keys in VOCABULARIES.items():
        data = load_toml(name)
        for key in keys:
            out.extend((name, key, entry) for entry in data[key])
    return out


def _seen_in(entry: str, enough: int = MIN_DOCUMENTS) -> int:
    """Number of documents that write ``entry`` (counting stops at ``enough``)."""
    needle = _tokens(entry.rstrip(".") or entry)
    text, starts = _documents()
    docs: set[int] = set()
    pos = text.find(needle)
    while pos >= 0 and len(docs) < enough:
        doc = bisect_right(starts, pos) - 1
        docs.add(doc)
        pos = text.find(needle, starts[doc + 1] if doc + 1 < len(starts) else len(text))
    return len(docs)


def unseen_entries() -> list[str]:
    """Entries written in fewer than two documents and not registry names, as 'file key: entry (n)'."""
    registry = {_strip(n) for n in gazetteer_names()}
    out = []
    for name, key, entry in _entries():
        if _strip(entry) in registry:
            continue
        n = _seen_in(entry)
        if n < MIN_DOCUMENTS:
            out.append(f"{name} {key}: {entry!r} ({n})")
    return out


def test_every_vocabulary_entry_is_written_in_two_documents_or_is_a_registry_name():
    assert unseen_entries() == []


def test_the_check_finds_an_entry_no_document_writes():
    assert _seen_in("phối hợp chặt chẽ với") >= MIN_DOCUMENTS
    assert _seen_in("hợp phối chẽ chặt") == 0
