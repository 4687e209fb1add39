#!/usr/bin/env python3
"""Mine unit names from a folder of documents: a name written in several documents is real.

usage: python scripts/mine_unit_names.py CORPUS_DIR [--min-docs 3] [--out vnnotice/data/registry/names_mined.csv]

Every capitalised head of ``vnnotice/data/unit_types.toml`` (``named``: "Sở",
"Cục", "Trung tâm" …) followed by a capitalised word opens a candidate; the
candidate runs on over words, commas, "và" and dashes up to a clause mark, a
level word ("tỉnh", "huyện" …), a verb of the reader's vocabularies, or a
comma or "và" that opens another unit.  Every prefix of a candidate that ends
on a word is counted once per document (case and accents folded).  A prefix
is kept as a name when

* it is written in at least ``--min-docs`` documents, and
* it is closed: no one word after it follows in more than half of its
  documents (so "Sở Văn hóa, Thể thao" gives way to "Sở Văn hóa, Thể thao và
  Du lịch", and "Sở Y tế" stays a name beside "Sở Y tế tỉnh …").

The output is a CSV in the registry format of ``docs/registry.md`` (``id``,
``name``, ``type`` = ``mined``, ``aliases`` = the other spellings seen),
sorted by name, with the number of documents in a ``docs`` column that
registries ignore.  Rerun it when the corpus grows.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import tomllib
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnnotice.registry import _strip  # noqa: E402  (accent and case folding of the registry)

TOKEN = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)
CLAUSE = set(";.:()[]!?|\"“”'…/")
JOINERS = {",", "và", "-", "–"}
MAX_LEN = 16
# lowercase words that no unit name holds: auxiliaries, prepositions, verbs of the reader
FUNCTION_WORDS = {
    "đã", "đang", "sẽ", "cần", "phải", "được", "bị", "là", "có", "để", "nhằm", "theo", "trong", "khi",
    "nếu", "tại", "trên", "với", "cho", "của", "từ", "đến", "năm", "ngày", "tháng", "số", "các", "những",
    "này", "đó", "kèm", "gửi", "về", "thì", "mà", "hoặc", "hay", "như", "nhưng", "biết",
}
FOLDED_JOINERS = {",", "va", "-", "–"}


def _load(name: str) -> dict:
    with (ROOT / "vnnotice" / "data" / name).open("rb") as fh:
        return tomllib.load(fh)


def _phrases(items) -> set[tuple[str, ...]]:
    return {tuple(p.lower().split()) for p in items}


def clean(text: str) -> str:
    """NFC text with Markdown debris removed, line wraps joined and blank lines kept as clause ends."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[*#_|>`]+", " ", text)
    text = re.sub(r"\n[ \t]*\n+", " . ", text)
    return text.replace("\n", " ")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--min-docs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "vnnotice" / "data" / "registry" / "names_mined.csv")
    args = ap.parse_args(argv)

    types, trig = _load("unit_types.toml"), _load("triggers.toml")
    heads = _phrases(types["named"])
    doc_kinds = _phrases(trig["name_stops"])
    # after a comma or "và", these open another unit ("Sở Tài chính, Thủ trưởng …", ", UBND …")
    openers = _phrases(trig["titles"]) | _phrases(types["collective"]) | _phrases(types["bodies"]) | _phrases(
        types["standalone"]) | {
        (k.lower().rstrip("."),) for k in _load("abbreviations.toml")["units"]}
    levels = _phrases(types["levels"])
    verbs = _phrases(trig["stops"]) | _phrases(trig["subject_verbs"]) | _phrases(trig["context_after"]) | _phrases(
        trig["lead"] + trig["cooperate"] + trig["report_to"])
    name_parts = {"giao", "chống"}  # "Bộ Ngoại giao", "Ban Chỉ huy Phòng, chống thiên tai"
    name_words = _phrases(types["name_words"])
    head_firsts = {h[0] for h in heads}
    max_head = max(map(len, heads))

    def starts(phrases, lows, i) -> int:
        for n in range(min(6, len(lows) - i), 0, -1):
            if tuple(lows[i:i + n]) in phrases:
                return n
        return 0

    df: Counter[tuple[str, ...]] = Counter()
    spellings: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    files = sorted(p for p in args.corpus.rglob("*") if p.suffix in (".md", ".txt"))
    for path in files:
        text = clean(path.read_text(encoding="utf-8", errors="replace"))
        tokens = TOKEN.findall(text)
        lows = [t.lower() for t in tokens]
        seen: set[tuple[str, ...]] = set()
        for i, low in enumerate(lows):
            if low not in head_firsts or not tokens[i].istitle():
                continue  # "BAN HÀNH", a heading in capitals: no name
            n = 0
            for m in range(min(max_head, len(lows) - i), 0, -1):
                if tuple(lows[i:i + m]) in heads:
                    n = m
                    break
            if not n or i + n >= len(tokens) or not tokens[i + n][0].isupper():
                continue
            j = i + n
            while j < len(tokens) and j - i < MAX_LEN:
                t, lw = tokens[j], lows[j]
                if t in CLAUSE or t.isdigit():
                    break
                if lw in JOINERS:
                    nxt = j + 1
                    if nxt >= len(tokens) or tokens[nxt] in CLAUSE or lows[nxt] in JOINERS:
                        break
                    if (starts(heads, lows, nxt) and tokens[nxt][0].isupper()) or starts(openers, lows, nxt):
                        break  # ", Bộ Công an", ", Giám đốc …", ", UBND …": another unit
                    if lw == "," and not tokens[nxt][0].isupper():
                        break
                    j += 1
                    continue
                if not t[0].isupper():
                    if starts(levels, lows, j) and not starts(name_words, lows, j):
                        break
                    after_capital = tokens[j - 1][0].isupper() or tokens[j - 1] == ","
                    if lw in FUNCTION_WORDS or (starts(verbs, lows, j) and not starts(name_words, lows, j)
                                                and not (after_capital and lw in name_parts)):
                        break
                elif t.isupper() and len(t) > 1 and tokens[j - 1].isupper() and len(tokens[j - 1]) > 1:
                    break  # two words in capitals: a heading or a signature
                j += 1
                if lows[j - 1] not in JOINERS:
                    key = tuple(_strip(x) for x in lows[i:j])
                    if key not in seen:
                        seen.add(key)
                        df[key] += 1
                        spellings[key][" ".join(tokens[i:j]).replace(" ,", ",")] += 1
    # the most documents of one word after each prefix (a joiner and the word after it count as one)
    child: Counter[tuple[str, ...]] = Counter()
    for key, count in df.items():
        for parent in (key[:-1], key[:-2] if len(key) > 2 and key[-2] in FOLDED_JOINERS else None):
            if parent and child[parent] < count:
                child[parent] = count
    folded_kinds = {tuple(_strip(x) for x in k) for k in doc_kinds}
    names = [(key, count) for key, count in df.items()
             if count >= args.min_docs and child[key] * 2 <= count
             and (len(key) >= 3 or (len(key) == 2 and _abbreviation(spellings[key])))  # "Trường Sơn": no name
             and not any(key[k:k + len(d)] == d for d in folded_kinds for k in (1, 2))]  # "Bộ Luật …"
    rows = []
    for key, count in sorted(names, key=lambda kc: " ".join(kc[0])):
        forms = spellings[key].most_common()
        name = _tidy(forms[0][0])
        others = sorted({_tidy(f) for f, _ in forms[1:]} - {name})
        rows.append({"id": "N-" + "-".join(k for k in key if k not in FOLDED_JOINERS), "name": name, "aliases": ";".join(others),
                     "type": "mined", "docs": count})
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "name", "aliases", "type", "docs"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} names from {len(files)} documents -> {args.out}")
    return 0


def _abbreviation(forms: Counter[str]) -> bool:
    """True when the last word of the usual spelling is an abbreviation ("Sở VHTTDL")."""
    last = forms.most_common(1)[0][0].split()[-1]
    return len(last) > 1 and last.isupper()


def _tidy(surface: str) -> str:
    """Spaces as written: none before a comma, one around a dash."""
    return re.sub(r"\s+", " ", surface.replace(" ,", ",")).strip()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
