"""Citation finding at growing sizes: CPU seconds per MB at 100 KB, 1 MB and 5 MB.

usage: python benchmarks/citations_per_mb.py [--max-ratio R] [FILE ...]

Each text is a document of the shared corpus, cleaned, then repeated (a
blank line between copies) and cut to each size, so every size holds the
same mix of citations, named laws and short mentions. The best of three
passes of :func:`vnnotice.citations.find_citations` (each over about 5 MB:
a small text is read many times) is reported per MB of
UTF-8 text, with the ratio of the 5 MB figure to the 100 KB one (a linear
finder stays near 1). With ``--max-ratio`` the script exits 1 when a ratio
is above the figure given.

Default texts: three documents of ``../shared/corpus`` dense in citations
(a plan citing laws and decrees, a dispatch, a conclusion notice).
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

SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT = ["dev/310-KH-UBND.md", "dev/220-CD-TTg.md", "dev/623-TB-VPCP.md"]
SIZES = (100_000, 1_000_000, 5_000_000)  # characters


def per_mb(base: str, size: int) -> float:
    """Best CPU seconds per MB of ``find_citations`` over ``base`` repeated to ``size`` characters."""
    text = ((base + "\n\n") * (size // (len(base) + 2) + 1))[:size]
    mb = len(text.encode("utf-8")) / 1e6
    calls = max(1, SIZES[-1] // size)  # each pass reads about 5 MB, whatever the size
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        for _ in range(calls):
            find_citations(text)
        best = min(best, (time.process_time() - t) / calls)
    return best / mb


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", help="documents (default: three of the shared corpus)")
    ap.add_argument("--max-ratio", type=float, default=None, help="exit 1 when 5 MB / 100 KB is above this")
    args = ap.parse_args()
    files = [Path(f) for f in args.files] or [SHARED / f for f in DEFAULT]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print(f"not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    worst = 0.0
    for path in files:
        base = clean(path.read_text(encoding="utf-8"), markdown=path.suffix == ".md").text
        rates = {size: per_mb(base, size) for size in SIZES}
        ratio = rates[SIZES[-1]] / rates[SIZES[0]]
        worst = max(worst, ratio)
        cells = "  ".join(f"{size // 1000:>5} KB {rate:.3f} s/MB" for size, rate in rates.items())
        print(f"{path.name:<22} {cells}  5 MB / 100 KB {ratio:.2f}")
    return 1 if args.max_ratio is not None and worst > args.max_ratio else 0


if __name__ == "__main__":
    raise SystemExit(main())
