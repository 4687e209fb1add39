"""Cost of the appendix task-table reader: extraction with and without it.

Extracts the documents of the shared corpus that hold a task table (the
ones of ``corpus/appendix`` and a few more of the archive) and, for a
baseline, the first documents of the archive, once with the appendix
reader and once with it switched off (``_find_appendix`` replaced by a
no-op), interleaved ``--repeat`` times; prints the best milliseconds per
document of each. The cell caches are cleared before each document, so a
document does not profit from having been read before.

    python benchmarks/appendix_speed.py [--repeat 3] [--archive 200]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from vnnotice import appendix, stages

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
MORE = ("2edf5927c71bc4c1", "646f0a00d4174382", "74e2ddc7b11340da", "f004d93b21e7fc5f")


def table_documents() -> list[Path]:
    """The documents with a task table: those of the appendix gold, and a few long ones of the archive."""
    named = [SHARED / json.loads(p.read_text(encoding="utf-8"))["document"]
             for p in sorted((ROOT / "corpus" / "appendix").glob("*.json"))]
    return named + [SHARED / "archive" / f"{name}.md" for name in MORE]


def per_document(paths: list[Path], on: bool) -> float:
    """Milliseconds per document, the appendix reader on or off."""
    real = stages._find_appendix
    if not on:
        stages._find_appendix = lambda state: None
    try:
        total = 0.0
        for path in paths:
            appendix._read_cell.cache_clear()
            appendix._unit_like.cache_clear()
            start = time.perf_counter()
            stages.extract(path)
            total += time.perf_counter() - start
    finally:
        stages._find_appendix = real
    return 1000 * total / max(len(paths), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--archive", type=int, default=200, help="archive documents of the baseline set")
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED}: the shared corpus is needed")
    sets = {"with task tables": [p for p in table_documents() if p.is_file()],
            f"first {args.archive} of the archive": sorted((SHARED / "archive").iterdir())[:args.archive]}
    for name, paths in sets.items():
        per_document(paths[:5], True)  # warm up
        best = {True: float("inf"), False: float("inf")}
        for _ in range(args.repeat):
            for on in (False, True):
                best[on] = min(best[on], per_document(paths, on))
        print(f"{name} ({len(paths)} documents): {best[False]:.1f} ms/doc without the appendix reader, "
              f"{best[True]:.1f} ms/doc with it")


if __name__ == "__main__":
    main()
