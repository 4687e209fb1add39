"""Scaling of ``vnnotice batch``: 1 vs 2 local workers, and the Dask engine's records.

Runs :func:`vnnotice.batch.run_batch` over ../shared/corpus/archive (else
the project's corpus/docs copied ``--copies`` times under distinct names)
into fresh output folders, JSON Lines output, and prints for each run the
documents/s of the extraction phase (reading, hashing, extracting,
journaling with fsync) and the wall time including the final outputs, with
the load average before it. The two configurations run ``--repeat`` times,
interleaved, and the best of each is kept, since other programs may share
the machine. The Dask
engine (a LocalCluster of 2 workers) runs the same inputs first, and its
records are compared, input by input, with those of the local engine.

    python benchmarks/batch_scaling.py [--repeat 2] [--limit 0] [--target 1.6]

Exit status 1 when the 2-worker speed-up is below ``--target`` or the Dask
records differ.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "corpus" / "archive"


def inputs(scratch: Path, copies: int, limit: int) -> list[str]:
    """The documents: the shared archive, else corpus/docs copied under distinct names."""
    if ARCHIVE.is_dir():
        paths = sorted(ARCHIVE.iterdir())
    else:
        folder = scratch / "docs"
        folder.mkdir()
        for i in range(copies):
            for p in sorted((ROOT / "corpus" / "docs").iterdir()):
                shutil.copy(p, folder / f"{i:03d}-{p.name}")
        paths = sorted(folder.iterdir())
    return [str(p) for p in (paths[:limit] if limit else paths)]


def run(paths: list[str], out: Path, *, workers: int, engine: str = "local") -> tuple[float, float]:
    """One batch into a fresh folder: (docs/s of the extraction phase, wall seconds)."""
    from vnnotice.batch import run_batch

    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    summary = run_batch(paths, out, workers=workers, engine=engine)
    wall = time.perf_counter() - start
    assert summary.done + summary.failed == len(paths), summary
    return summary.rate, wall


def timed(label: str, paths: list[str], out: Path, **kw) -> float:
    """One run, printed with the load average before it; its docs/s."""
    load = os.getloadavg()[0]
    rate, wall = run(paths, out, **kw)
    print(f"{label:<22} {rate:7.1f} docs/s  wall {wall:6.2f} s  (load before {load:.2f})")
    return rate


def by_source(path: Path) -> dict[str, str]:
    """The JSON of every record of a notices.jsonl, by input, normalized."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {row["source"]: json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="interleaved runs per configuration; the best counts")
    parser.add_argument("--limit", type=int, default=0, help="documents (0: all)")
    parser.add_argument("--copies", type=int, default=30, help="copies of corpus/docs without the shared archive")
    parser.add_argument("--target", type=float, default=1.6, help="required speed-up of 2 workers over 1")
    args = parser.parse_args()

    import vnnotice

    with tempfile.TemporaryDirectory(prefix="vnnotice-scaling-") as tmp:
        scratch = Path(tmp)
        paths = inputs(scratch, args.copies, args.limit)
        vnnotice.extract(Path(paths[0]))  # vocabularies load once, before any timing
        print(f"{len(paths)} documents, {sum(os.path.getsize(p) for p in paths) / 1e6:.1f} MB, "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()}")
        # Dask first: its workers import vnnotice from disk, the others run the code loaded above.
        timed("dask LocalCluster, 2", paths, scratch / "dask", workers=2, engine="dask")
        ones, twos = [], []
        for _ in range(args.repeat):  # interleaved, so that both see the same load
            ones.append(timed("local, 1 worker", paths, scratch / "w1", workers=1))
            twos.append(timed("local, 2 workers", paths, scratch / "w2", workers=2))
        one, two = max(ones), max(twos)
        ratio = two / one
        print(f"best: 1 worker {one:.1f} docs/s, 2 workers {two:.1f} docs/s; "
              f"ratio per pair: {', '.join(f'{b / a:.2f}' for a, b in zip(ones, twos))}")
        print(f"speed-up of 2 workers over 1: {ratio:.2f}x (target {args.target}x)")
        local, dask = by_source(scratch / "w1" / "notices.jsonl"), by_source(scratch / "dask" / "notices.jsonl")
        same = local == dask
        differing = sorted(k for k in local.keys() | dask.keys() if local.get(k) != dask.get(k))
        print(f"dask records identical to local: {same} ({len(local)} inputs, {len(differing)} differ)")
        for name in differing[:5]:
            row = json.loads(dask.get(name) or "{}")
            print(f"  differs: {name}" + (f" (dask error: {row['error']})" if "error" in row else ""))
    return 0 if same and ratio >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
