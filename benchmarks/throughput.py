"""Throughput of ``vnnotice.extract`` against ``underthesea.word_tokenize``.

Both run on the same texts in the same process on one core: the seeds, dev
and archive documents of ../shared/corpus when present, else the project's
own corpus/docs. Prints documents/s and MB/s of each and the ratio.

    python benchmarks/throughput.py [--limit N] [--underthesea-limit N] [--rounds R] [--stages]

Times are CPU seconds of this process. A shared machine's speed drifts by
10-20 % from minute to minute, so the two tools are measured in ``R``
interleaved rounds (default 5): each round runs ``extract`` over every
document once, then ``word_tokenize`` over every R-th document of its sample.
Both totals then span the same stretch of time; each round's rate of
``extract`` is printed too, to show the drift. ``--stages`` also prints the
CPU milliseconds per document of each stage.
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


def timed_pass(fn, items: list) -> float:
    """CPU seconds of this process (one core; less sensitive to other load) to run ``fn`` on each item."""
    start = time.process_time()
    for item in items:
        fn(item)
    return time.process_time() - start


def report(label: str, docs: int, seconds: float, size: int) -> float:
    """Print and return documents/s."""
    rate = docs / seconds
    print(f"{label:<28} {docs:>5} docs {seconds:8.2f} s CPU {rate:9.1f} docs/s {size / seconds / 1e6:7.3f} MB/s")
    return rate


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
    parser.add_argument("--rounds", type=int, default=5,
                        help="interleaved rounds: each runs extract over all documents, then underthesea over a share")
    parser.add_argument("--stages", action="store_true", help="also print CPU ms per document of each stage")
    args = parser.parse_args()

    import vnnotice

    try:
        from underthesea import word_tokenize
    except ImportError:
        raise SystemExit("benchmarks/throughput.py compares against underthesea, which extraction does not use: "
                         "pip install -e '.[bench]'") from None

    paths = corpus()
    if args.limit:
        paths = paths[: args.limit]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    sizes = [len(p.read_bytes()) for p in paths]
    vnnotice.extract(texts[0])  # warm-up: vocabularies load once
    word_tokenize("khởi động")
    step = max(1, len(texts) // max(1, args.underthesea_limit))
    sample = list(range(0, len(texts), step))[: args.underthesea_limit]
    rounds = max(1, args.rounds)
    ours_s = theirs_s = 0.0
    theirs_docs = theirs_size = 0
    for r in range(rounds):
        spent = timed_pass(vnnotice.extract, paths)
        ours_s += spent
        share = sample[r::rounds]
        theirs_s += timed_pass(word_tokenize, [texts[i] for i in share])
        theirs_docs += len(share)
        theirs_size += sum(sizes[i] for i in share)
        print(f"  round {r + 1}/{rounds}: vnnotice.extract {len(paths) / spent:.1f} docs/s")
    ours = report("vnnotice.extract", len(paths) * rounds, ours_s, sum(sizes) * rounds)
    if args.stages:
        stage_times(paths)
    theirs = report("underthesea.word_tokenize", theirs_docs, theirs_s, theirs_size)
    # the sample is spread over the set; compare per byte as well as per document
    ours_bps = sum(sizes) * rounds / ours_s
    theirs_bps = theirs_size / theirs_s
    print(f"ratio (docs/s): {ours / theirs:.1f}x   ratio (MB/s): {ours_bps / theirs_bps:.1f}x")


if __name__ == "__main__":
    main()
