"""Time per MB of ``vnnotice.extract`` at 100 KB, 1 MB and 5 MB, per stage, with peak memory.

The documents are built from corpus text: a conclusion notice and a plan of
../shared/corpus/dev (else two documents of the project's corpus/docs), whose
last section's items are repeated (their arabic markers renumbered) until
the document reaches each size; header, lead-in and signature stay as they
are. So the large documents have the shape of the small ones, with one
section that holds thousands of items: what grows faster than the text shows
as a rising time per MB.

    python benchmarks/size_scaling.py [--sizes 0.1,1,5] [--docs notice,plan] [--rounds 3] [--no-gc]

Each (document, size) runs in a fresh process: CPU seconds per MB of the
whole extraction and of each stage (the find stage split into citations,
deadlines, units and appendix), and the peak resident memory of that process
(``ru_maxrss``; the interpreter with its vocabularies loaded is printed as
the baseline). ``--no-gc`` turns Python's cyclic garbage collector off while
extracting, to show how much of the growth is the collector's (its full
collections walk every live object, and a large document keeps many alive).
The acceptance of issue 20: per-MB time at 5 MB at most 1.2x
that at 100 KB (the last column; exit status 1 when it is not so).
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
SOURCES = {
    "notice": (SHARED / "dev" / "627-TB-VPCP.md", ROOT / "corpus" / "docs"),
    "plan": (SHARED / "dev" / "157-KH-UBND.md", ROOT / "corpus" / "docs"),
}
_ARABIC = re.compile(r"^(\W{0,3}?)(\d{1,2})\.(?!\d)", re.M)
STAGES = ("read", "clean", "layout", "kind", "segment", "citations", "deadlines", "units", "appendix", "find (rest)",
          "resolve", "records")


def source(name: str) -> Path:
    """The corpus document a synthetic document is built from."""
    path, fallback = SOURCES[name]
    if path.exists():
        return path
    docs = sorted(p for p in fallback.iterdir() if p.suffix in (".md", ".txt"))
    return max(docs, key=lambda p: p.stat().st_size) if name == "plan" else docs[0]


def build(name: str, size: int) -> tuple[str, str]:
    """(file name, text) of a document of about ``size`` UTF-8 bytes grown from ``source(name)``."""
    import vnnotice
    from vnnotice.clean import clean

    path = source(name)
    raw = path.read_text(encoding="utf-8")
    notice = vnnotice.extract(path)
    tops = [d for d in notice.directives if d.parent is None and d.children]
    if not tops:
        raise SystemExit(f"{path}: no section with items to repeat")
    last = tops[-1]
    by_id = {d.id: d for d in notice.directives}
    first_child = by_id[last.children[0]]
    ct = clean(raw, markdown=path.suffix == ".md")
    a = raw.rfind("\n", 0, ct.to_source(first_child.span[0])) + 1
    b = raw.find("\n", ct.to_source(last.span[1] - 1))
    b = len(raw) if b < 0 else b + 1
    head, block, tail = raw[:a], raw[a:b], raw[b:]
    top = max([int(m.group(2)) for m in _ARABIC.finditer(block)] or [1])
    parts = [head]
    total = len(head.encode()) + len(tail.encode())
    copy = 0
    while total < size:
        k = copy * top
        piece = _ARABIC.sub(lambda m: f"{m.group(1)}{(k + int(m.group(2)) - 1) % 99 + 1}.", block)
        if not piece.endswith("\n\n"):
            piece += "\n"
        parts.append(piece)
        total += len(piece.encode())
        copy += 1
    parts.append(tail)
    return path.name, "".join(parts)


def one(name: str, size: int, rounds: int, gc_off: bool = False) -> dict:
    """Time the extraction of one synthetic document (run in a fresh process)."""
    import gc

    from vnnotice import stages

    file_name, text = build(name, size)
    stages.warm_up()
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    spent = dict.fromkeys(STAGES, 0.0)
    inner = {"citations": 0.0, "deadlines": 0.0, "units": 0.0, "appendix": 0.0}

    def timing(label: str, fn):
        def wrapped(*args, **kwargs):
            t = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                inner[label] += time.process_time() - t
        return wrapped

    stages._citations.find_citations = timing("citations", stages._citations.find_citations)
    stages._deadlines.find_deadlines = timing("deadlines", stages._deadlines.find_deadlines)
    stages.find_units = timing("units", stages.find_units)
    stages._find_appendix = timing("appendix", stages._find_appendix)
    total = 0.0
    if gc_off:
        gc.disable()
    for _ in range(rounds):
        t0 = time.process_time()
        state = stages.stage_read(stages.State(name=file_name), text.encode(), )
        spent["read"] += time.process_time() - t0
        for stage in stages.STAGES:
            t = time.process_time()
            state = stage(state)
            label = stage.__name__.removeprefix("stage_")
            spent["find (rest)" if label == "find" else label] += time.process_time() - t
        t = time.process_time()
        notice = stages.stage_records(state)
        spent["records"] += time.process_time() - t
        total += time.process_time() - t0
    spent.update(inner)
    spent["find (rest)"] -= sum(inner.values())
    mb = len(text.encode()) / 1e6
    return {"doc": name, "mb": mb, "directives": len(notice.directives), "units": len(notice.units),
            "s_per_mb": total / rounds / mb, "stages": {k: v / rounds / mb for k, v in spent.items()},
            "base_rss_mb": base_rss, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.1,1,5", help="sizes in MB, comma separated")
    parser.add_argument("--docs", default="notice,plan", help="which documents: notice, plan")
    parser.add_argument("--rounds", type=int, default=0, help="extractions per size (0: 5 below 1 MB, 2 below 5 MB, else 1)")
    parser.add_argument("--no-gc", action="store_true", help="cyclic garbage collector off while extracting")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        name, size, rounds = args.one.split(":")
        print(json.dumps(one(name, int(size), int(rounds), args.no_gc)))
        return
    sizes = [float(s) for s in args.sizes.split(",")]
    ok = True
    for name in args.docs.split(","):
        rows = []
        for mb in sizes:
            rounds = args.rounds or (5 if mb < 1 else 2 if mb < 5 else 1)
            out = subprocess.run([sys.executable, __file__, "--one", f"{name}:{int(mb * 1e6)}:{rounds}"]
                                 + (["--no-gc"] if args.no_gc else []),
                                 capture_output=True, text=True, check=True)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"\n{name} (from {source(name).name})")
        print(f"{'MB':>6} {'directives':>10} {'units':>6} {'s/MB':>7} {'x first':>7} {'peak MB':>8} (baseline {rows[0]['base_rss_mb']:.0f})")
        for r in rows:
            print(f"{r['mb']:6.2f} {r['directives']:10d} {r['units']:6d} {r['s_per_mb']:7.3f} "
                  f"{r['s_per_mb'] / rows[0]['s_per_mb']:7.2f} {r['peak_rss_mb']:8.0f}")
        print("s/MB per stage:")
        print(f"{'stage':<12}" + "".join(f"{r['mb']:>9.2f}" for r in rows) + f"{'x first':>9}")
        for s in STAGES:
            vals = [r["stages"][s] for r in rows]
            growth = vals[-1] / vals[0] if vals[0] > 1e-4 else float("nan")
            print(f"{s:<12}" + "".join(f"{v:9.3f}" for v in vals) + f"{growth:9.2f}")
        ratio = rows[-1]["s_per_mb"] / rows[0]["s_per_mb"]
        ok &= ratio <= 1.2
        print(f"per-MB time at {rows[-1]['mb']:.1f} MB / at {rows[0]['mb']:.1f} MB: {ratio:.2f} (target <= 1.2)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
