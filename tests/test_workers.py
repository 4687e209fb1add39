"""Worker processes with a time and memory budget: killed and replaced past their time, a
MemoryError past their memory, a clear error when they die, failures sent back whole."""
from __future__ import annotations

import time

import pytest

from vnnotice.batch.workers import OverBudget, WorkerDied, WorkerPool
from vnnotice.read import ReadError


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(1, timeout=2.0, memory_mb=300, preload=("vnnotice.stages",)) as p:
        yield p


def test_a_task_past_its_time_is_stopped_and_the_next_one_runs(pool) -> None:
    assert pool.submit("os:getpid").result(60)  # started
    first = pool.submit("os:getpid").result(60)
    started = time.monotonic()
    with pytest.raises(OverBudget, match="time budget of 2 s"):
        pool.submit("time:sleep", 30).result(60)
    assert time.monotonic() - started < 10
    assert pool.submit("os:getpid").result(60) != first  # a fresh worker


def test_a_task_past_its_memory_gets_a_memory_error(pool) -> None:
    with pytest.raises(MemoryError):
        pool.submit("builtins:bytearray", 600 * 1024 * 1024).result(60)
    assert pool.submit("builtins:len", "still here").result(60) == 10


def test_a_worker_that_dies_is_a_clear_error_and_is_replaced(pool) -> None:
    with pytest.raises(WorkerDied, match="exit status 3"):
        pool.submit("os:_exit", 3).result(60)
    assert pool.submit("builtins:len", "ok").result(60) == 2


def test_failures_come_back_whole(pool) -> None:
    with pytest.raises(ReadError) as info:
        pool.submit("vnnotice.read:decode", b"\xef\xbb\xbf\xff\xfe", "hong.txt").result(60)
    assert info.value.name == "hong.txt" and "byte-order mark" in info.value.reason


def test_extraction_in_a_worker_gives_the_same_record() -> None:
    from vnnotice import extract

    text = "THÔNG BÁO\n1. Sở Y tế chủ trì, phối hợp với Sở Tài chính báo cáo trước ngày 05/11/2024.\n"
    with WorkerPool(1, timeout=60) as pool:
        assert pool.submit("vnnotice.stages:extract", text).result(120) == extract(text)


def test_shutdown_with_kill_stops_running_work_at_once() -> None:
    pool = WorkerPool(1, timeout=60)
    assert pool.submit("os:getpid").result(60)
    running = pool.submit("time:sleep", 60)
    time.sleep(0.3)
    started = time.monotonic()
    pool.shutdown(wait=True, cancel_futures=True, kill=True)
    assert time.monotonic() - started < 10
    with pytest.raises(WorkerDied):
        running.result(10)


def test_a_task_past_its_deadline_in_the_queue_is_not_run(tmp_path) -> None:
    from pathlib import Path

    mark = tmp_path / "ran"
    with WorkerPool(1, timeout=60, preload=()) as pool:
        assert pool.submit("os:getpid").result(60)
        busy = pool.submit("time:sleep", 1.0)
        late = pool.submit("pathlib:Path.touch", Path(mark), deadline=time.monotonic() + 0.2)
        busy.result(60)
        with pytest.raises(OverBudget, match="not started"):
            late.result(60)
        assert not mark.exists()
        on_time = pool.submit("pathlib:Path.touch", Path(mark), deadline=time.monotonic() + 30)
        on_time.result(60)
        assert mark.exists()


def test_a_task_is_stopped_at_its_deadline_when_it_is_sooner_than_the_budget() -> None:
    with WorkerPool(1, timeout=60, preload=()) as pool:
        first = pool.submit("os:getpid").result(60)
        with pytest.raises(OverBudget, match="time budget"):
            pool.submit("time:sleep", 30, deadline=time.monotonic() + 0.5).result(20)
        assert pool.submit("os:getpid").result(60) != first


def test_abandon_cancels_a_queued_task_and_stops_a_running_one(tmp_path) -> None:
    from pathlib import Path

    mark = tmp_path / "ran"
    with WorkerPool(1, timeout=60, preload=(), eager=True) as pool:
        assert pool.wait_started(60) == 1
        first = pool.submit("os:getpid").result(60)
        running = pool.submit("time:sleep", 30)
        queued = pool.submit("pathlib:Path.touch", Path(mark))
        while not running.running():
            time.sleep(0.005)
        pool.abandon(queued)
        assert queued.cancelled()
        started = time.monotonic()
        pool.abandon(running)
        with pytest.raises(WorkerDied, match="nobody awaits"):
            running.result(20)
        assert time.monotonic() - started < 10
        assert pool.submit("os:getpid").result(60) not in (first, None)  # replaced, and the next task runs
        assert not mark.exists()
        done = pool.submit("builtins:len", "abc")
        assert done.result(60) == 3
        pool.abandon(done)  # nothing to do for a finished task
        assert done.result() == 3


def test_in_order_yields_settled_tasks_in_the_order_given() -> None:
    # the first task ends after the second and third; the fourth runs past its budget
    commands = ["sleep 0.5; echo a", "echo b", "echo c", "sleep 30", "echo e"]
    with WorkerPool(2, timeout=5, preload=()) as pool:
        futures = pool.in_order("subprocess:getoutput", [(c,) for c in commands], window=3)
        outcomes = [f.exception() or f.result() for f in futures]
    assert outcomes[:3] == ["a", "b", "c"] and outcomes[4] == "e"
    assert isinstance(outcomes[3], OverBudget)
