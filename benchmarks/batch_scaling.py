"""Scaling of ``vnnotice batch``: 1 vs 2 local workers, and the Dask engine against the local one.

Runs :func:`vnnotice.batch.run_batch` over ../shared/corpus/archive (else
the project's corpus/docs copied ``--copies`` times under distinct names)
into fresh output folders, JSON Lines output, and prints for each run the
documents/s of the extraction phase (reading, hashing, extracting,
journaling with fsync), the wall time of the whole call (the final outputs
included), the CPU seconds all its processes used (the batch, its worker
processes, and for ``dask-run`` the scheduler, the Dask workers and their
extraction processes: what the work costs, whatever else the machine runs)
and the load average before it. Configurations, run in
interleaved rounds (``--repeat``) so that all see the same load:

* ``local1``, ``local2``: the local engine with 1 and 2 worker processes;
* ``dask-lc``: the Dask engine with a LocalCluster of 2 workers that the
  batch starts and stops (its start-up is in the wall time);
* ``dask-run``: the Dask engine on a cluster already running: a ``dask
  scheduler`` and two ``dask worker --nthreads 1 --preload
  vnnotice.batch.engines`` processes on loopback (the preload starts each
  worker's extraction process with the worker), started once before the
  rounds (not in the wall time).

Every Dask run's records are compared with those of ``local2``, input by
input. ``--sweep 4,8,32`` adds ``dask-run`` runs with these partition sizes.

    python benchmarks/batch_scaling.py [--repeat 3] [--only local2,dask-lc,dask-run] [--partition 16]

Exit status 1 when the 2-worker speed-up is below ``--target`` (when both
local runs are measured), the median ratio of a Dask configuration's wall
time to ``local2``'s is above ``--dask-target``, or the Dask records differ.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "corpus" / "archive"
CONFIGS = ("local1", "local2", "dask-lc", "dask-run")


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


class Cluster:
    """A scheduler and ``workers`` single-threaded workers, each its own process (the ``dask`` command)."""

    def __init__(self, folder: Path, workers: int = 2):
        dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
        if dask is None:
            raise SystemExit("the dask command is missing: pip install -e '.[batch]'")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        scheduler_file = folder / "scheduler.json"
        self.procs: list[subprocess.Popen] = []

        def start(*args: str) -> None:
            self.procs.append(subprocess.Popen([dask, *args], cwd=folder, env=env, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL, start_new_session=True))

        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
              str(scheduler_file))
        while True:  # the file can exist, still empty, before the scheduler has written its address
            try:
                self.address = json.loads(scheduler_file.read_text())["address"]
                break
            except (OSError, ValueError, KeyError):
                if self.procs[0].poll() is not None:
                    raise SystemExit("the dask scheduler stopped before it wrote its address")
                time.sleep(0.1)
        for k in range(workers):
            start("worker", self.address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard",
                  "--preload", "vnnotice.batch.engines")
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=180)

    def cpu(self) -> dict[int, float]:
        """CPU seconds used so far by each process of the cluster (the workers' extraction processes included)."""
        import psutil

        used: dict[int, float] = {}
        for proc in self.procs:
            try:
                root = psutil.Process(proc.pid)
                for p in [root, *root.children(recursive=True)]:
                    times = p.cpu_times()
                    used[p.pid] = times.user + times.system
            except psutil.Error:
                pass
        return used

    def stop(self) -> None:
        """Stop the workers, then the scheduler."""
        for proc in reversed(self.procs):
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def own_cpu() -> float:
    """CPU seconds of this process and of its ended child processes."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def run(paths: list[str], out: Path, cluster: Cluster | None = None, **kw) -> tuple[float, float, float]:
    """One batch into a fresh folder: (docs/s of the extraction phase, wall seconds, CPU seconds)."""
    from vnnotice.batch import run_batch

    shutil.rmtree(out, ignore_errors=True)
    before = cluster.cpu() if cluster else {}
    cpu = own_cpu()
    start = time.perf_counter()
    summary = run_batch(paths, out, **kw)
    wall = time.perf_counter() - start
    cpu = own_cpu() - cpu
    if cluster:
        cpu += sum(used - before.get(pid, 0.0) for pid, used in cluster.cpu().items())
    assert summary.done + summary.failed == len(paths), summary
    return summary.rate, wall, cpu


def by_source(path: Path) -> dict[str, str]:
    """The JSON of every record of a notices.jsonl, by input, normalized."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {row["source"]: json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--only", default=",".join(CONFIGS), help=f"configurations to run: {', '.join(CONFIGS)}")
    parser.add_argument("--partition", type=int, default=None, help="documents per Dask task (default: the engine's)")
    parser.add_argument("--sweep", default="", help="more partition sizes for dask-run, comma-separated")
    parser.add_argument("--limit", type=int, default=0, help="documents (0: all)")
    parser.add_argument("--copies", type=int, default=30, help="copies of corpus/docs without the shared archive")
    parser.add_argument("--target", type=float, default=1.6, help="required speed-up of 2 workers over 1")
    parser.add_argument("--dask-target", type=float, default=1.2, help="allowed Dask wall time over local2's")
    args = parser.parse_args()
    only = [c.strip() for c in args.only.split(",") if c.strip()]
    if "local2" not in only:
        only.insert(0, "local2")  # the reference of every comparison

    import vnnotice
    from vnnotice.batch.engines import DEFAULT_PARTITION

    partition = args.partition or DEFAULT_PARTITION
    configs: list[tuple[str, dict]] = []
    for name in only:
        kw: dict = {"workers": 1 if name == "local1" else 2}
        if name.startswith("dask"):
            kw.update(engine="dask", partition=partition)
        configs.append((name if not name.startswith("dask") else f"{name}/{partition}", kw))
    for size in [int(s) for s in args.sweep.split(",") if s.strip()]:
        configs.append((f"dask-run/{size}", {"workers": 2, "engine": "dask", "partition": size}))

    with tempfile.TemporaryDirectory(prefix="vnnotice-scaling-") as tmp:
        scratch = Path(tmp)
        paths = inputs(scratch, args.copies, args.limit)
        vnnotice.extract(Path(paths[0]))  # vocabularies load once, before any timing
        cluster = Cluster(scratch) if any(n.startswith("dask-run") for n, _ in configs) else None
        print(f"{len(paths)} documents, {sum(os.path.getsize(p) for p in paths) / 1e6:.1f} MB, "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()}", flush=True)
        walls: dict[str, list[float]] = {name: [] for name, _ in configs}
        rates: dict[str, list[float]] = {name: [] for name, _ in configs}
        cpus: dict[str, list[float]] = {name: [] for name, _ in configs}
        differ: dict[str, int] = {}
        try:
            for round_ in range(args.repeat):
                for name, kw in configs:
                    if name.startswith("dask-run"):
                        kw = {**kw, "scheduler": cluster.address, "cluster": cluster}
                    load = os.getloadavg()[0]
                    out = scratch / name.replace("/", "-")
                    rate, wall, cpu = run(paths, out, **kw)
                    walls[name].append(wall)
                    rates[name].append(rate)
                    cpus[name].append(cpu)
                    print(f"round {round_ + 1} {name:<14} {rate:7.1f} docs/s  wall {wall:6.2f} s  CPU {cpu:6.2f} s  "
                          f"(load before {load:.2f})", flush=True)
                    if name.startswith("dask") and (scratch / "local2").exists():
                        local, dask = by_source(scratch / "local2" / "notices.jsonl"), by_source(out / "notices.jsonl")
                        differ[name] = max(differ.get(name, 0),
                                           sum(local.get(k) != dask.get(k) for k in local.keys() | dask.keys()))
        finally:
            if cluster is not None:
                cluster.stop()
        print(f"load at the end {os.getloadavg()}")
        ok = True
        for name in walls:
            w, c = walls[name], cpus[name]
            line = (f"{name:<14} wall {min(w):.2f}–{max(w):.2f} s (median {statistics.median(w):.2f}), "
                    f"CPU {min(c):.2f}–{max(c):.2f} s")
            if name != "local2":
                ratios = [a / b for a, b in zip(w, walls["local2"])]
                med = statistics.median(ratios)
                line += f"; wall / local2 per round: {', '.join(f'{r:.2f}' for r in ratios)} (median {med:.2f})"
                line += f"; CPU / local2: {', '.join(f'{a / b:.2f}' for a, b in zip(c, cpus['local2']))}"
                if name.startswith("dask"):
                    line += f"; records differing from local2: {differ.get(name, 0)}"
                    ok &= differ.get(name, 0) == 0 and med <= args.dask_target
            print(line)
        if "local1" in walls:
            speedup = statistics.median(b / a for a, b in zip(rates["local1"], rates["local2"]))
            print(f"speed-up of 2 workers over 1 (median of rounds): {speedup:.2f}x (target {args.target}x)")
            ok &= speedup >= args.target
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
