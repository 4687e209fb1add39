"""Throughput of ``vnnotice.extract`` against ``underthesea.word_tokenize``.

Both run on the same texts in the same process on one core: the seeds, dev
and archive documents of ../shared/corpus when present, else the project's
own corpus/docs. Prints documents/s and MB/s of each and the ratio.

    python benchmarks/throughput.py [--limit N] [--underthesea-limit N] [--stages]

``--stages`` also prints the CPU milliseconds per document of each stage.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def corpus() -> list[Path]:
    if SHARED.exists():
        return sorted([*(SHARED / "seeds").glob("*"), *(SHARED / "dev").glob("*"), *(SHARED / "archive").glob("*")])
    return sorted((ROOT / "corpus" / "docs").glob("*"))


def rate(label: str, fn, items: list, sizes: list[int]) -> float:
    """Documents per second of CPU time of this process (one core; less sensitive to other load)."""
    start = time.process_time()
    for item in items:
        fn(item)
    seconds = time.process_time() - start
    docs = len(items) / seconds
    print(f"{label:<28} {len(items):>5} docs {seconds:8.2f} s CPU {docs:9.1f} docs/s {sum(sizes) / seconds / 1e6:7.3f} MB/s")
    return docs


def stage_times(paths: list[Path]) -> None:
    """CPU ms per document of each stage of ``vnnotice.stages`` over ``paths``."""
    from vnnotice import stages

    spent: dict[str, float] = {}

    def timed(name: str, fn, *args):
        start = time.process_time()
        out = fn(*args)
        spent[name] = spent.get(name, 0.0) + time.process_time() - start
        return out

    for path in paths:
        state = timed("read", stages.stage_read, stages.State(), path)
        for stage in stages.STAGES:
            state = timed(stage.__name__.removeprefix("stage_"), stage, state)
        timed("records", stages.stage_records, state)
    print("stage CPU ms/doc: " + ", ".join(f"{k} {v * 1000 / len(paths):.2f}" for k, v in spent.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="documents for vnnotice (0: all)")
    parser.add_argument("--underthesea-limit", type=int, default=60,
                        help="documents for underthesea, a sample of the same set (it is slow)")
    parser.add_argument("--stages", action="store_true", help="also print CPU ms per document of each stage")
    args = parser.parse_args()

    import vnnotice
    from underthesea import word_tokenize

    paths = corpus()
    if args.limit:
        paths = paths[: args.limit]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    sizes = [len(p.read_bytes()) for p in paths]
    vnnotice.extract(texts[0])  # warm-up: vocabularies load once
    word_tokenize("khởi động")
    ours = rate("vnnotice.extract", vnnotice.extract, paths, sizes)
    if args.stages:
        stage_times(paths)
    step = max(1, len(texts) // max(1, args.underthesea_limit))
    sample = list(range(0, len(texts), step))[: args.underthesea_limit]
    theirs = rate("underthesea.word_tokenize", word_tokenize, [texts[i] for i in sample], [sizes[i] for i in sample])
    # the sample is spread over the set; compare per byte as well as per document
    ours_bps = sum(sizes) / (len(paths) / ours)
    theirs_bps = sum(sizes[i] for i in sample) / (len(sample) / theirs)
    print(f"ratio (docs/s): {ours / theirs:.1f}x   ratio (MB/s): {ours_bps / theirs_bps:.1f}x")


if __name__ == "__main__":
    main()
