"""What ``extract_many`` costs at small N: one process against ``n_process`` worker processes.

    PYTHONPATH=. python benchmarks/extract_many_cost.py                 # N = 1, 4, 16, 64; 2 processes; 3 rounds
    PYTHONPATH=. python benchmarks/extract_many_cost.py --sizes 4 16 --processes 2 --rounds 5

With ``n_process`` above 1 the documents run in budgeted worker processes
(``vnnotice.batch.workers.WorkerPool``), each started as a fresh Python that
imports the stages and warms them up: at small N that start is most of the
time. Each measurement runs in a fresh interpreter that has imported and
warmed up the stages itself (as a caller that already extracted would
have), and times one ``extract_many`` call over the first N documents of the
corpus (``corpus/docs``, then ``../shared/corpus`` seeds, dev and archive
when present): wall time, and CPU time of the caller and of its (reaped)
worker processes. Rounds alternate the settings; the range over the rounds
is printed. Run it against two checkouts (``PYTHONPATH``) to compare them.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"

_ONE = """
import json, resource, sys, time
from pathlib import Path
from vnnotice.stages import extract_many, warm_up
warm_up()
paths = [Path(p) for p in json.loads(sys.argv[1])]
processes = int(sys.argv[2])
def cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime
own0, kids0 = cpu()
start = time.perf_counter()
notices = list(extract_many(paths, n_process=processes))
wall = time.perf_counter() - start
own1, kids1 = cpu()
assert len(notices) == len(paths)
print(json.dumps({"wall": wall, "cpu": own1 - own0, "children": kids1 - kids0}))
"""


def documents() -> list[Path]:
    found = sorted((ROOT / "corpus" / "docs").glob("*.*"))
    for part in ("seeds", "dev", "archive"):
        found += sorted((SHARED / part).glob("*.*")) if (SHARED / part).is_dir() else []
    return [p for p in found if p.suffix in (".txt", ".md")]


def measure(paths: list[Path], processes: int) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.environ.get("PYTHONPATH", ""), str(ROOT)]).strip(os.pathsep)}
    done = subprocess.run([sys.executable, "-c", _ONE, json.dumps([str(p) for p in paths]), str(processes)],
                          capture_output=True, text=True, env=env, timeout=600)
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def span(values: list[float]) -> str:
    return f"{min(values):6.3f}-{max(values):6.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = documents()
    print(f"load average {os.getloadavg()[0]:.2f}; {args.rounds} rounds, settings alternating; seconds, min-max")
    print(f"{'N':>4} {'n_process':>9} {'wall':>13} {'CPU caller':>13} {'CPU workers':>13}")
    for n in args.sizes:
        paths = docs[:n]
        runs: dict[int, list[dict]] = {1: [], args.processes: []}
        for _ in range(args.rounds):
            for processes in runs:
                runs[processes].append(measure(paths, processes))
        for processes, got in runs.items():
            print(f"{len(paths):>4} {processes:>9} {span([g['wall'] for g in got]):>13} "
                  f"{span([g['cpu'] for g in got]):>13} {span([g['children'] for g in got]):>13}")


if __name__ == "__main__":
    main()
