"""Speed of citation finding alone, in MB/s of clean text on one core.

usage: python benchmarks/citations_speed.py [--repeat N] [--min MBPS]

Texts: the shared corpus (seeds, dev and archive) found beside the repository
(``../shared/corpus``), else the project's own ``corpus/docs``. Each file is
cleaned first (not timed); then :func:`vnnotice.citations.find_citations`
runs over every text, ``--repeat`` times, and the best pass is reported, in
CPU time of this process. With ``--min`` the script exits 1 when the speed
is below the figure given.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vnnotice.citations import find_citations  # noqa: E402
from vnnotice.clean import clean  # noqa: E402


def corpus_files() -> list[Path]:
    """Seeds, dev and archive of the shared corpus, else the project's documents."""
    shared = ROOT.parent / "shared" / "corpus"
    if shared.is_dir():
        files = [p for sub in ("seeds", "dev", "archive") for p in sorted((shared / sub).glob("*")) if p.is_file()]
        if files:
            return files
    return sorted(p for p in (ROOT / "corpus" / "docs").glob("*") if p.is_file())


def load(files: list[Path]) -> list[str]:
    """Clean texts of the files."""
    return [clean(p.read_text(encoding="utf-8", errors="replace"), markdown=p.suffix == ".md").text for p in files]


def one_pass(texts: list[str]) -> tuple[float, int]:
    """CPU seconds of one pass over the texts, and the citations found."""
    start = time.process_time()
    found = sum(len(find_citations(t)) for t in texts)
    return time.process_time() - start, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the texts; the best is reported")
    parser.add_argument("--min", type=float, default=None, help="exit 1 below this many MB/s")
    args = parser.parse_args(argv)
    files = corpus_files()
    if not files:
        print("no texts found", file=sys.stderr)
        return 1
    texts = load(files)
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    find_citations(texts[0])  # compile the patterns outside the timing
    best, found = min(one_pass(texts) for _ in range(max(1, args.repeat)))
    speed = size / best if best > 0 else float("inf")
    print(f"citations: {len(texts)} texts, {size:.2f} MB, {found} citations, "
          f"{best:.2f} s CPU, {speed:.2f} MB/s")
    return 1 if args.min is not None and speed < args.min else 0


if __name__ == "__main__":
    sys.exit(main())
