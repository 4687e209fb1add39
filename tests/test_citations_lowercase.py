"""Citations in lower-case register summaries (tests/data/citations_lowercase.tsv).

The table is scored as a whole, as the corpus scorer scores citations: the set
of (number, year, symbol) keys of each line, number without leading zeros,
symbol with case, spaces and the ``-``/``/`` separators folded; a law cited by
name alone is keyed by its name. Run as a script to list the lines missed.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

from vnnotice.citations import find_citations

TABLE = Path(__file__).resolve().parent / "data" / "citations_lowercase.tsv"


def _fold(number: str | None, year: str | None, symbol: str | None, name: str | None = None) -> tuple:
    if not number:
        return ("named", re.sub(r"\s+", " ", unicodedata.normalize("NFC", name or "").casefold()).strip(" ,;."))
    symbol = re.sub(r"\s+", "", unicodedata.normalize("NFC", symbol or "")).casefold().replace("-", "/")
    return (number.lstrip("0") or "0", year or "", symbol)


def rows() -> list[tuple[str, set[tuple]]]:
    out = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, _, cites = line.partition("\t")
        keys = set()
        for cite in filter(None, (c.strip() for c in cites.split(";"))):
            first, _, rest = cite.partition("|")
            keys.add(_fold(None, None, None, rest) if first == "named" else _fold(first, *rest.split("|", 1)))
        out.append((text, keys))
    return out


def predicted(text: str) -> set[tuple]:
    return {_fold(c.number, str(c.year) if c.year else "", c.symbol, c.name) for c in find_citations(text)}


def score() -> tuple[float, list[tuple[str, set, set]]]:
    tp = fp = fn = 0
    misses = []
    for text, gold in rows():
        pred = predicted(text)
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
        if pred != gold:
            misses.append((text, gold - pred, pred - gold))
    return 2 * tp / (2 * tp + fp + fn), misses


def test_table_is_large_and_varied():
    table = rows()
    assert len(table) >= 150
    assert len({text for text, _ in table}) == len(table)
    symbols = {key[2].split("/")[0] for _, keys in table for key in keys if key[0] != "named"}
    assert {"qđ", "nq", "ct", "tt", "nđ", "kh", "tb", "cđ", "hd"} <= symbols


def test_lowercase_register_f1():
    f1, misses = score()
    assert f1 >= 0.97, (round(f1, 3), misses[:10])


if __name__ == "__main__":
    f1, misses = score()
    for text, missed, extra in misses:
        print(f"{text}\n    missed {sorted(missed)}\n    extra  {sorted(extra)}")
    print(f"citation F1 {f1:.3f} over {len(rows())} lines")
    sys.exit(0)
