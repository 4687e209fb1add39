"""Shared fixtures of the core-stage tests (read, clean, layout, segment, extract).

Paths: the project's own annotated corpus (``corpus/docs`` + ``corpus/gold``)
and the shared research corpus, which sits beside the repository
(``<parent of repo>/shared/corpus``) and may be absent (CI without data).
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS_DOCS = REPO / "corpus" / "docs"
CORPUS_GOLD = REPO / "corpus" / "gold"
SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

#: Vietnamese tone marks, which Windows-1258 writes as combining characters.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_bytes(text: str) -> bytes:
    """Encode NFC Vietnamese ``text`` the way Windows-1258 files store it.

    Python's ``cp1258`` codec has no precomposed toned vowels, so each
    character it cannot encode is split into its base letter (with
    circumflex, breve or horn, which the code page has) and its tone mark.
    """
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += base.encode("cp1258") + "".join(c for c in parts if c in _TONES).encode("cp1258")
    return bytes(out)


@pytest.fixture(scope="session")
def encode_cp1258() -> Callable[[str], bytes]:
    """The Windows-1258 encoder of :func:`cp1258_bytes`."""
    return cp1258_bytes


@pytest.fixture(scope="session")
def corpus_docs() -> list[Path]:
    """The documents of the project's annotated corpus."""
    docs = sorted(p for p in CORPUS_DOCS.iterdir() if p.is_file())
    assert docs, f"no documents in {CORPUS_DOCS}"
    return docs


@pytest.fixture(scope="session")
def corpus_gold() -> list[Path]:
    """The gold annotations of the project's corpus (GOLD.md shape)."""
    golds = sorted(CORPUS_GOLD.glob("*.json"))
    assert golds, f"no gold files in {CORPUS_GOLD}"
    return golds


@pytest.fixture(scope="session")
def corpus_notices(corpus_docs):
    """``extract`` of every corpus document, by file name (extracted once per session)."""
    from vnnotice import extract

    return {p.name: extract(p) for p in corpus_docs}


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The shared research corpus; skips the test when it is absent."""
    if not (SHARED_CORPUS / "archive").is_dir():
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS}")
    return SHARED_CORPUS
