"""Invariants of the project's own annotated corpus (``corpus/docs`` + ``corpus/gold``).

Every gold file must stay consistent with its document: directive ``starts_with``
strings occur, in document order, in the clean text; every surface occurs; ids,
parents, roles, relations and dates are well formed. Standard library + pytest.
"""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
GOLD_DIR = CORPUS / "gold"
DOCS_DIR = CORPUS / "docs"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))

TOP_KEYS = {"document", "doc_type", "meeting_date", "reference_date", "number", "issuer",
            "issued", "signer", "directives", "citations", "deadlines", "assignments",
            "recipients", "notes"}
ROLES = {"lead", "cooperate", "report_to"}
RELATIONS = {"before", "by", "on", "within", "standing"}
RECURRENCES = {"weekly", "monthly", "quarterly", "yearly"}
ID_RE = re.compile(r"d\d+(?:\.\d+)*")
PAGE_NUMBER_LINE = re.compile(r"^[ \t]*\d{1,3}[ \t]*$", re.MULTILINE)
MARKUP = re.compile(r"\*+|\||^#+[ \t]*", re.MULTILINE)


def clean_text(raw: str) -> str:
    """The text gold strings are written against: NFC, Ð→Đ, no markup, no page numbers, one space."""
    text = unicodedata.normalize("NFC", raw).replace("\u00d0", "Đ")
    text = PAGE_NUMBER_LINE.sub(" ", text)
    text = MARKUP.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def squash(text: str) -> str:
    """Text without any whitespace (line breaks inside symbols cannot matter)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text or ""))


def load(path: Path) -> tuple[dict[str, Any], str]:
    """Gold record and the clean text of its document."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    doc = DOCS_DIR / gold["document"]
    return gold, clean_text(doc.read_text(encoding="utf-8"))


def is_iso(value: Any) -> bool:
    """True for an ISO calendar date string."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def test_corpus_present() -> None:
    assert len(GOLD_FILES) >= 14
    assert (CORPUS / "README.md").is_file()
    docs = {p.name for p in DOCS_DIR.iterdir()}
    assert docs == {json.loads(p.read_text(encoding="utf-8"))["document"] for p in GOLD_FILES}


def test_corpus_directive_total() -> None:
    total = sum(len(json.loads(p.read_text(encoding="utf-8"))["directives"]) for p in GOLD_FILES)
    assert total >= 120


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_document_and_header(path: Path) -> None:
    gold, text = load(path)
    assert set(gold) == TOP_KEYS
    assert Path(gold["document"]).stem == path.stem
    size = (DOCS_DIR / gold["document"]).stat().st_size
    assert 2_000 <= size <= 12_500, size
    for key in ("meeting_date", "reference_date", "issued"):
        assert gold[key] is None or is_iso(gold[key]), key
    expected_ref = gold["issued"] or gold["meeting_date"]
    if expected_ref:
        assert gold["reference_date"] == expected_ref
    if gold["number"]:
        assert squash(gold["number"]) in squash(text)
    if gold["signer"]:
        assert set(gold["signer"]) == {"authority", "title", "name"}
        if gold["signer"]["name"]:
            assert gold["signer"]["name"] in text
    assert isinstance(gold["notes"], list) and gold["notes"]
    assert all(isinstance(r, str) and r for r in gold["recipients"])


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_directive_tree(path: Path) -> None:
    gold, text = load(path)
    seen: set[str] = set()
    cursor = 0
    for d in gold["directives"]:
        assert set(d) == {"id", "parent", "marker", "starts_with"}, d
        assert ID_RE.fullmatch(d["id"]), d["id"]
        assert d["id"] not in seen, f"duplicate id {d['id']}"
        if d["parent"] is None:
            assert "." not in d["id"]
        else:
            assert d["parent"] in seen, f"{d['id']}: parent {d['parent']} missing or later"
            assert d["id"].rsplit(".", 1)[0] == d["parent"]
        seen.add(d["id"])
        assert d["marker"].strip() and d["starts_with"] == d["starts_with"].strip()
        assert unicodedata.is_normalized("NFC", d["starts_with"])
        found = text.find(d["starts_with"], cursor)
        assert found >= 0, f"{d['id']}: {d['starts_with']!r} not found after offset {cursor}"
        cursor = found + 1


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_citations(path: Path) -> None:
    gold, text = load(path)
    flat = squash(text)
    keys = set()
    for c in gold["citations"]:
        assert {"kind", "number", "year", "symbol", "issued", "issuer", "surface"} <= set(c) <= \
            {"kind", "number", "year", "symbol", "issued", "issuer", "surface", "name"}, c
        assert squash(c["surface"]) in flat, c["surface"]
        assert c["issued"] is None or is_iso(c["issued"])
        assert c["year"] is None or re.fullmatch(r"\d{4}", str(c["year"]))
        if c["number"] is None:
            assert c["symbol"] is None and (c.get("name") or c["surface"])
        else:
            assert squash(c["number"]) in squash(c["surface"])
        key = (c["number"], str(c["year"]), squash(c["symbol"] or "").replace("-", "/").lower(),
               None if c["number"] else (c.get("name") or c["surface"]))
        assert key not in keys, f"citation listed twice: {key}"
        keys.add(key)
        if gold["number"] and c["number"]:
            own = squash(gold["number"]).replace("-", "/").lower()
            cited = squash(f"{c['number']}/{c['symbol']}").replace("-", "/").lower()
            assert cited != own, "the document's own number is not a citation"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_deadlines_and_assignments(path: Path) -> None:
    gold, text = load(path)
    flat = squash(text)
    ids = {d["id"] for d in gold["directives"]}
    for x in gold["deadlines"]:
        assert {"directive", "surface", "due", "relation"} <= set(x) <= \
            {"directive", "surface", "due", "relation", "recurring"}, x
        assert x["directive"] is None or x["directive"] in ids, x
        assert x["relation"] in RELATIONS
        assert squash(x["surface"]) in flat, x["surface"]
        if x.get("recurring"):
            assert x["recurring"] in RECURRENCES
            assert x["due"] is None or is_iso(x["due"])
        elif x["relation"] != "standing":
            assert is_iso(x["due"]), x
    for a in gold["assignments"]:
        assert set(a) == {"directive", "role", "unit", "surface"}, a
        assert a["directive"] is None or a["directive"] in ids, a
        assert a["role"] in ROLES
        assert a["unit"].strip() and not a["unit"].lower().startswith("các ")
        assert squash(a["surface"]) in flat, a["surface"]
    pairs = [(a["directive"], a["role"], a["unit"]) for a in gold["assignments"]]
    assert len(pairs) == len(set(pairs)), "a unit is listed twice in one role on one directive"


def test_clean_text_rules() -> None:
    raw = "**1.** Sở Y tế\n\n 12 \n\nphối hợp | Ð\u0300"
    assert clean_text(raw) == unicodedata.normalize("NFC", "1. Sở Y tế phối hợp Đ\u0300")
    assert squash("15/QĐ-\nUBND") == "15/QĐ-UBND"
