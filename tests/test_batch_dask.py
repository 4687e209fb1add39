"""The Dask engine on a cluster of separate processes, as on several machines: a scheduler and two
workers started with the ``dask`` command on loopback (free ports), the batch connecting with
``scheduler=``. Its records, error rows, budgets and journal keys are those of the local engine."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from vnnotice.batch import run_batch
from vnnotice.batch.engines import close_pools, run_partition
from vnnotice.batch.inputs import iter_items

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_batch import jsonl, notice_text, write_docs  # noqa: E402
from slow import SLOW  # noqa: E402

distributed = pytest.importorskip("distributed")

DASK = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")


def _scheduler_address(scheduler_file: Path, scheduler: subprocess.Popen, seconds: float = 120) -> str:
    """The address a scheduler started with ``--scheduler-file`` writes there, once the file is whole
    (it can exist, still empty, before the scheduler has written it)."""
    deadline = time.monotonic() + seconds
    while True:
        assert time.monotonic() < deadline and scheduler.poll() is None, "the scheduler did not start"
        try:
            return json.loads(scheduler_file.read_text())["address"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.1)


def _stop(procs: list[subprocess.Popen]) -> None:
    for proc in reversed(procs):  # workers first, then the scheduler
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1; yields the scheduler's address."""
    if DASK is None:
        pytest.skip("the dask command (distributed) is not installed")
    folder = tmp_path_factory.mktemp("cluster")
    scheduler_file = folder / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # this checkout's vnnotice
    procs: list[subprocess.Popen] = []

    def start(*args: str) -> None:
        log = open(folder / f"{args[0]}-{len(procs)}.log", "wb")
        procs.append(subprocess.Popen([DASK, *args], cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
                                      start_new_session=True))

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
              "--scheduler-file", str(scheduler_file))
        address = _scheduler_address(scheduler_file, procs[0])
        for k in range(2):
            preload = ["--preload", "vnnotice.batch.engines"] if k else []  # one starts its extraction process
            start("worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard", "--name", f"w{k}",
                  *preload)
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=180)
            assert len(client.scheduler_info()["workers"]) == 2
        yield address
    finally:
        _stop(procs)


def _inputs(folder: Path) -> list[str]:
    """Plain files, members of a zip archive, an empty file and a file nothing reads."""
    docs = write_docs(folder / "docs", 7)
    with zipfile.ZipFile(folder / "thang-5.zip", "w") as archive:
        for i in range(20, 24):
            archive.writestr(f"tb-{i}.txt", notice_text(i, items=6))
        archive.writestr("ghi-chu.xyz", "không đọc")
    (folder / "rong.txt").write_bytes(b"")
    (folder / "bang.xyz").write_bytes(b"1;2")
    return [str(folder / "docs"), str(folder / "thang-5.zip"), str(folder / "rong.txt"), str(folder / "bang.xyz"),
            str(docs[0])]  # named twice: one record


def test_a_scheduler_and_two_worker_processes_give_the_records_of_the_local_engine(cluster, tmp_path, caplog):
    inputs = _inputs(tmp_path)
    local = run_batch(inputs, tmp_path / "local", workers=1, tasks=("csv",))
    dask = run_batch(inputs, tmp_path / "dask", engine="dask", scheduler=cluster, partition=3, tasks=("csv",))
    assert "does not see" not in caplog.text  # the workers read the inputs themselves
    assert (dask.done, dask.failed, dask.skipped) == (local.done, local.failed, local.skipped) == (11, 2, 1)
    assert jsonl(tmp_path / "dask" / "notices.jsonl") == jsonl(tmp_path / "local" / "notices.jsonl")
    assert (tmp_path / "dask" / "tasks.csv").read_bytes() == (tmp_path / "local" / "tasks.csv").read_bytes()
    again = run_batch(inputs, tmp_path / "dask", engine="dask", scheduler=cluster, partition=3)
    assert (again.done, again.failed, again.skipped) == (0, 0, 14)


def test_journals_of_the_two_engines_resume_each_other(cluster, tmp_path):
    """The workers hash what they read: the keys are those the local engine makes, either way round."""
    inputs = _inputs(tmp_path)
    run_batch(inputs, tmp_path / "a", workers=1)
    by_dask = run_batch(inputs, tmp_path / "a", engine="dask", scheduler=cluster)
    assert (by_dask.done, by_dask.failed, by_dask.skipped) == (0, 0, 14)
    run_batch(inputs, tmp_path / "b", engine="dask", scheduler=cluster)
    by_local = run_batch(inputs, tmp_path / "b", workers=1)
    assert (by_local.done, by_local.failed, by_local.skipped) == (0, 0, 14)
    changed = Path(inputs[0]) / "doc-003.txt"
    changed.write_text(notice_text(99), encoding="utf-8")
    rerun = run_batch(inputs, tmp_path / "b", engine="dask", scheduler=cluster)
    assert (rerun.done, rerun.skipped) == (1, 13)
    rows = {row["source"]: row for row in jsonl(tmp_path / "b" / "notices.jsonl")}
    assert rows[str(changed)]["number"] == "199/TB-UBND"


def test_a_document_past_its_budget_on_the_cluster_is_stopped_and_the_rest_is_done(cluster, tmp_path):
    folder = tmp_path / "in"
    docs = write_docs(folder, 3)
    slow = folder / "dai.txt"  # seconds of work (see slow.py)
    slow.write_text(SLOW, encoding="utf-8")
    summary = run_batch([str(folder)], tmp_path / "out", engine="dask", scheduler=cluster, timeout=0.5,
                        partition=4)
    rows = jsonl(tmp_path / "out" / "notices.jsonl")
    assert sorted(r["source"] for r in rows if "error" not in r) == sorted(map(str, docs))
    assert {r["source"]: r["error"] for r in rows if "error" in r} == {
        str(slow): "stopped: not done within the time budget of 0.5 s"}
    assert summary.exit_code == 1


def test_shipped_inputs_give_the_same_records(cluster, tmp_path):
    """``ship``: the batch reads the inputs and sends their bytes (workers without its file system)."""
    inputs = _inputs(tmp_path)
    run_batch(inputs, tmp_path / "ref", engine="dask", scheduler=cluster)
    shipped = run_batch(inputs, tmp_path / "ship", engine="dask", scheduler=cluster, ship=True, partition=5)
    assert (shipped.done, shipped.failed, shipped.skipped) == (11, 2, 1)
    assert jsonl(tmp_path / "ship" / "notices.jsonl") == jsonl(tmp_path / "ref" / "notices.jsonl")


def test_a_partition_reads_its_inputs_and_says_which_it_cannot_see(tmp_path):
    docs = write_docs(tmp_path, 2)
    (tmp_path / "rong.txt").write_bytes(b"")
    items = {item.name: item for item in iter_items([str(tmp_path)])}
    gone = items[str(docs[1])]
    data = docs[0].read_bytes()
    docs[1].unlink()
    try:
        results = run_partition([(items[str(docs[0])], None), (gone, None), (items[str(tmp_path / "rong.txt")], None),
                                 (gone, data)])
    finally:
        close_pools()
    assert "notice" in results[0] and results[0]["sha256"] == hashlib.sha256(data).hexdigest()
    assert results[1] == {"unseen": "FileNotFoundError: No such file or directory"}
    assert results[2]["error"] == "empty file"
    assert json.loads(results[3]["notice"])["source"] == gone.name and results[3]["sha256"] == results[0]["sha256"]


def _hiding_allowed(folder: Path) -> bool:
    """True when a process can be given a private view of the file system (a Linux mount namespace)."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs none '{folder}'"], capture_output=True)
    return probe.returncode == 0


def test_a_worker_that_does_not_see_the_inputs_gets_their_bytes(tmp_path, caplog):
    """A worker on another file system: here its own mount namespace, where the inputs' folder is empty."""
    if DASK is None:
        pytest.skip("the dask command (distributed) is not installed")
    inputs = _inputs(tmp_path / "in")
    if not _hiding_allowed(tmp_path / "in"):
        pytest.skip("no mount namespaces here (unshare -m, mount)")
    scheduler_file = tmp_path / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    worker = (f"mount -t tmpfs none '{tmp_path / 'in'}' && exec '{DASK}' worker --scheduler-file '{scheduler_file}' "
              "--host 127.0.0.1 --nthreads 1 --no-dashboard")
    procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(scheduler_file)], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)]
    try:
        procs.append(subprocess.Popen(["unshare", "-m", "sh", "-c", worker], cwd=tmp_path, env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        address = _scheduler_address(scheduler_file, procs[0])
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(1, timeout=180)
        local = run_batch(inputs, tmp_path / "local", workers=1)
        dask = run_batch(inputs, tmp_path / "dask", engine="dask", scheduler=address, partition=4)
    finally:
        _stop(procs)
    assert "does not see" in caplog.text
    assert (dask.done, dask.failed, dask.skipped) == (local.done, local.failed, local.skipped) == (11, 2, 1)
    assert jsonl(tmp_path / "dask" / "notices.jsonl") == jsonl(tmp_path / "local" / "notices.jsonl")
