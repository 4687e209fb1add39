"""Throughput of ``vnnotice.extract`` against ``underthesea.word_tokenize``, per document set and per size.

Both tools run on one core (CPU time of this process) on the same
documents: the seeds + dev documents and the archive of ../shared/corpus
when present (else the project's own corpus/docs as one set). Prints, per
set and for all sets together, CPU ms per document and MB/s of each tool
and their ratio; then the whole pipeline's CPU seconds per MB on synthetic
documents of about 100 KB, 1 MB and 5 MB built from corpus text, with the
peak memory of each; the machine's load average at the start and the end.

    python benchmarks/throughput.py [--quick] [--rounds R] [--stages] [--no-sizes]

A shared machine's speed drifts by 10-20 % from minute to minute, so the
two tools are measured in ``R`` interleaved rounds (default 5): each round
runs ``extract`` over every document of every set once, and, right after
each set, ``word_tokenize`` over every R-th document of the same set
(round r takes the documents r, r+R, r+2R, ...). After the R rounds
``word_tokenize`` has read each document once and ``extract`` R times, on
the same documents, over the same stretch of time. Each round's ``extract``
rate is printed, to show the drift. Each timed pass of either tool starts
after a full run of Python's cyclic garbage collector (untimed, as
``timeit`` keeps the collector out of its timings): otherwise a pass can be
charged with a full collection of the heap the other tool left (underthesea
holds about 1.3 GB of objects; a full collection of them, about 60 ms,
landed in the first round of ``extract`` once the extraction allocated less).

``extract`` gets each file's bytes and name (reading, decoding and every
default stage; the trained unit classifier runs when the model file in
use turns it on, and the shipped one leaves it off: docs/models.md; no
disk I/O);
``word_tokenize`` gets the decoded text.

``--quick``: the archive's every 8th document, 3 rounds, and one run per
size (about a minute on a quiet machine, against several for a full run).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
SIZES = {"100 KB": 100_000, "1 MB": 1_000_000, "5 MB": 5_000_000}


def document_sets(archive_step: int = 1) -> dict[str, list[Path]]:
    """The document sets, by name: seeds + dev and the archive of the shared corpus, else the project's docs."""
    if SHARED.exists():
        return {
            "seeds + dev": sorted([*(SHARED / "seeds").glob("*"), *(SHARED / "dev").glob("*")]),
            "archive": sorted((SHARED / "archive").glob("*"))[::archive_step],
        }
    return {"corpus/docs": sorted((ROOT / "corpus" / "docs").glob("*"))}


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" (1, 5, 15 min; {os.cpu_count()} CPUs)"
    except OSError:
        return "unknown"


def peak_mb() -> float:
    """Peak resident memory of this process, MB (Linux's VmHWM: unlike ``ru_maxrss``, not inherited from the
    parent of a new process)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_pass(fn, items: list) -> float:
    """CPU seconds of this process to run ``fn`` on each item, the collector's garbage of earlier work
    collected first (untimed)."""
    gc.collect()
    start = time.process_time()
    for item in items:
        fn(*item) if isinstance(item, tuple) else fn(item)
    return time.process_time() - start


class Tally:
    """CPU seconds, documents and bytes of one tool on one set."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.docs = 0
        self.size = 0

    def add(self, seconds: float, docs: int, size: int) -> None:
        self.seconds += seconds
        self.docs += docs
        self.size += size

    def ms_per_doc(self) -> float:
        return self.seconds * 1000 / self.docs

    def mb_per_s(self) -> float:
        return self.size / self.seconds / 1e6


def ratios(sets: dict[str, list[Path]], rounds: int) -> None:
    import vnnotice
    from vnnotice.read import read

    data = {name: [(p.read_bytes(), p.name) for p in paths] for name, paths in sets.items()}
    texts = {name: [read(b, name=n).text for b, n in items] for name, items in data.items()}
    sizes = {name: [len(b) for b, _ in items] for name, items in data.items()}
    for items in data.values():  # warm-up (vocabularies and models load once), and vnnotice's peak memory
        for item in items:
            vnnotice.extract(item[0], name=item[1])
    print(f"peak memory after extract over every document (before word_tokenize first runs): {peak_mb():.0f} MB")
    from underthesea import word_tokenize

    word_tokenize("khởi động")

    def extract(data: bytes, name: str) -> None:
        vnnotice.extract(data, name=name)

    ours = {name: Tally() for name in sets}
    theirs = {name: Tally() for name in sets}
    for r in range(rounds):
        line = []
        for name in sets:
            spent = timed_pass(extract, data[name])
            ours[name].add(spent, len(data[name]), sum(sizes[name]))
            share = range(r, len(data[name]), rounds)
            theirs[name].add(timed_pass(word_tokenize, [texts[name][i] for i in share]),
                             len(share), sum(sizes[name][i] for i in share))
            line.append(f"{name} {spent * 1000 / len(data[name]):.2f}")
        print(f"  round {r + 1}/{rounds}: extract CPU ms/doc: " + ", ".join(line), flush=True)

    print(f"\n{'set':<14} {'docs':>5} {'MB':>6} {'extract ms/doc':>15} {'MB/s':>6} "
          f"{'word_tokenize ms/doc':>21} {'MB/s':>6} {'ratio':>7} {'ratio per MB':>13}")
    rows = list(sets)
    if len(rows) > 1:
        rows.append("all")
        ours["all"], theirs["all"] = Tally(), Tally()
        for name in sets:
            ours["all"].add(ours[name].seconds, ours[name].docs, ours[name].size)
            theirs["all"].add(theirs[name].seconds, theirs[name].docs, theirs[name].size)
    for name in rows:
        o, t = ours[name], theirs[name]
        n = t.docs  # word_tokenize read each document once
        print(f"{name:<14} {n:>5} {t.size / 1e6:6.2f} {o.ms_per_doc():15.2f} {o.mb_per_s():6.2f} "
              f"{t.ms_per_doc():21.1f} {t.mb_per_s():6.3f} {t.ms_per_doc() / o.ms_per_doc():6.1f}x "
              f"{o.mb_per_s() / t.mb_per_s():12.1f}x")


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
        state = timed("read", stages.stage_read, stages.State(name=path.name), path.read_bytes())
        for stage in stages.STAGES:
            state = timed(stage.__name__.removeprefix("stage_"), stage, state)
        timed("records", stages.stage_records, state)
    print("stage CPU ms/doc: " + ", ".join(f"{k} {v * 1000 / len(paths):.2f}" for k, v in spent.items()))


_TOP = re.compile(r"(?m)^(\d{1,3})\.(?=\s)")
_ENDS_BODY = re.compile(r"(?m)^(?:Nơi nhận|NƠI NHẬN|PHỤ LỤC|Phụ lục)")


def synthetic(sizes: list[int]) -> list[str]:
    """Documents of about each of ``sizes`` UTF-8 bytes: the header and signature of the first seed document
    around the bodies of the corpus documents, taken in turn, their top-level numbers renumbered to run on
    (1., 2., … 4000.)."""
    import vnnotice

    paths = [p for group in document_sets().values() for p in group]
    frame = vnnotice.extract(paths[0].read_bytes(), name=paths[0].name)
    head, tail = frame.text[:frame.body[0]], frame.text[frame.body[1]:]
    bodies: list[str] = []
    out = []
    for size in sizes:
        parts, total, number, i = [], len((head + tail).encode()), 0, 0
        while total < size:
            while i >= len(bodies) and len(bodies) < len(paths):  # the bodies read as far as needed, once
                path = paths[len(bodies)]
                notice = vnnotice.extract(path.read_bytes(), name=path.name)
                body = notice.text[notice.body[0]:notice.body[1]].strip()
                bodies.append("" if _ENDS_BODY.search(body) else body)  # a second document inside ends the body
            def renumber(m: re.Match) -> str:
                nonlocal number
                number += 1
                return f"{number}."
            if len(bodies) == len(paths) and not any(bodies):
                raise SystemExit("no corpus document has a body to build the large documents from")
            if not bodies[i % len(bodies)]:
                i += 1
                continue
            body = _TOP.sub(renumber, bodies[i % len(bodies)]) + "\n"
            parts.append(body)
            total += len(body.encode())
            i += 1
        out.append(head + "".join(parts) + tail)
    return out


def one_size(path: str, runs: int) -> None:
    """(Child process) best CPU seconds of ``extract`` over ``runs`` runs on the document at ``path``; prints JSON."""
    import vnnotice

    data = Path(path).read_bytes()
    vnnotice.extract(data[:20_000].decode(errors="ignore"))
    before = peak_mb()
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        notice = vnnotice.extract(data, name="synthetic.txt")
        best = min(best, time.process_time() - start)
    print(json.dumps({"bytes": len(data), "seconds": best, "peak_mb": peak_mb(), "before_mb": before,
                      "directives": len(notice.directives)}))


def sizes(rounds: int) -> None:
    """Seconds per MB at each size, each run in its own process (its own peak memory), sizes interleaved in rounds."""
    import tempfile

    best: dict[str, dict] = {}
    each: dict[str, list[float]] = {label: [] for label in SIZES}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for (label, size), text in zip(SIZES.items(), synthetic(list(SIZES.values()))):
            files[label] = Path(tmp) / f"{size}.txt"
            files[label].write_text(text, encoding="utf-8")
        for _ in range(rounds):
            for label, size in SIZES.items():
                runs = max(1, 1_000_000 // size)  # about a megabyte of text per measurement
                out = subprocess.run([sys.executable, __file__, "--one-size", str(files[label]), "--runs", str(runs)],
                                     capture_output=True, text=True, env=env)
                if out.returncode:
                    raise SystemExit(f"size {label}: {out.stderr.strip()}")
                row = json.loads(out.stdout.strip().splitlines()[-1])
                row["s_per_mb"] = row["seconds"] / (row["bytes"] / 1e6)
                each[label].append(row["s_per_mb"])
                if label not in best or row["s_per_mb"] < best[label]["s_per_mb"]:
                    best[label] = row
    print(f"\n{'size':<8} {'MB':>6} {'directives':>10} {'s/MB (best)':>12} {'s/MB, each round':>24} "
          f"{'peak MB':>8} {'before':>7}")
    for label, row in best.items():
        rates = ", ".join(f"{x:.3f}" for x in each[label])
        print(f"{label:<8} {row['bytes'] / 1e6:6.2f} {row['directives']:>10} {row['s_per_mb']:12.3f} {rates:>24} "
              f"{row['peak_mb']:8.0f} {row['before_mb']:7.0f}")
    print(f"s/MB at 5 MB / s/MB at 100 KB: {best['5 MB']['s_per_mb'] / best['100 KB']['s_per_mb']:.2f} "
          "(peak MB: the process's peak resident memory; before: before the timed runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="a short run: the archive's every 8th document, 3 rounds, one run per size")
    parser.add_argument("--rounds", type=int, default=0, help="interleaved rounds (default 5; 3 with --quick)")
    parser.add_argument("--stages", action="store_true", help="also print CPU ms per document of each stage")
    parser.add_argument("--no-sizes", action="store_true", help="skip the 100 KB / 1 MB / 5 MB documents")
    parser.add_argument("--one-size", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_size:
        one_size(args.one_size, args.runs)
        return
    try:
        import underthesea  # noqa: F401
    except ImportError:
        raise SystemExit("benchmarks/throughput.py compares against underthesea, which extraction does not use: "
                         "pip install -e '.[bench]'") from None
    import vnnotice

    print(f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}; load average at start: {load()}")
    print(f"vnnotice {vnnotice.__version__} from {Path(vnnotice.__file__).parent}; Python {sys.version.split()[0]}")
    from vnnotice._native import describe

    print(f"hot modules: {describe()}")  # VNNOTICE_PURE=1 times the pure Python modules of a compiled install
    rounds = args.rounds or (3 if args.quick else 5)
    sets = document_sets(archive_step=8 if args.quick else 1)
    ratios(sets, rounds)
    if args.stages:
        stage_times([p for group in sets.values() for p in group])
    print(f"peak memory of the corpus run, underthesea included: {peak_mb():.0f} MB")
    if not args.no_sizes:
        sizes(1 if args.quick else 3)
    print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()
