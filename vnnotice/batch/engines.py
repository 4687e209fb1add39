"""Engines: where ``work`` (extract one named document) runs.

Every engine takes an iterator of tasks and yields ``(tag, result)`` pairs
as they finish, keeping a bounded number of tasks in flight so memory stays
flat however long the batch. The ``local`` engine runs in worker processes
(:class:`vnnotice.batch.workers.WorkerPool`) that enforce a time and memory
budget per document: a document past its time budget has its worker killed
and replaced and gets an error row. The ``dask`` engine runs on a
``distributed`` cluster (given by its scheduler address, or a
``LocalCluster`` started for the run): the batch sends inputs in partitions
(:func:`run_partition`), by reference (a path, an archive member's place)
when the workers can read them, and each Dask worker extracts in its own
``WorkerPool``, under the same budgets. Both run the same :func:`work`, so
their results are identical.
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import Any, Callable, Iterable, Iterator

from functools import lru_cache

from ..read import ReadError
from ..stages import extract
from .inputs import Item, Loader, unread_reason
from .state import content_hash, pipeline_id
from .workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, OverBudget, WorkerPool

Task = tuple[Any, str, bytes]
Result = dict[str, Any]
ENGINES = ("local", "dask")
log = logging.getLogger(__name__)


@lru_cache(maxsize=2)
def load_registry(registry: str) -> Any:
    """The registry of a batch, read once per process (``default``: the shipped one)."""
    from ..registry import Registry

    return Registry.default() if registry == "default" else Registry.load(registry)


def work(name: str, data: bytes, registry: str | None = None) -> Result:
    """Extract one document: ``{"pipeline", "notice": JSON, "kind": verdict}`` or ``{"pipeline", "error": reason}``.

    ``registry`` (a path, or ``default``) links every unit mention to it.
    """
    result: Result = {"pipeline": pipeline_id(registry)}
    if not data:
        result["error"] = "empty file"
        return result
    try:
        linker = load_registry(registry) if registry is not None else None
        notice = extract(data, name=name, registry=linker)
        result["notice"] = notice.model_dump_json()
        result["kind"] = notice.kind.verdict if notice.kind else None
    except ReadError as exc:
        result["error"] = exc.reason
    except MemoryError:
        result["error"] = "the document needs more memory than the worker's budget"
    except RecursionError:
        result["error"] = "extraction failed: the document nests too deeply"
    except Exception as exc:  # one document never stops a batch
        result["error"] = f"extraction failed: {type(exc).__name__}: {exc}"
    return result


def _args(name: str, data: bytes, registry: str | None) -> tuple[Any, ...]:
    """The arguments of one ``work`` call (the registry only when there is one)."""
    return (name, data) if registry is None else (name, data, registry)


def engine_error(exc: BaseException) -> Result:
    """The result of a task the engine lost: over its time budget (final), or a worker died (transient,
    retried by the next run)."""
    if isinstance(exc, OverBudget):
        return {"error": f"stopped: {exc}"}
    return {"error": f"engine: {type(exc).__name__}: {exc}", "transient": True}


_WORK = f"{__name__}:work"


def _run_pool(tasks: Iterator[Task], workers: int, window: int, timeout: float,
              memory_mb: int, registry: str | None = None) -> Iterator[tuple[Any, Result]]:
    pool = WorkerPool(workers, timeout=timeout, memory_mb=memory_mb, preload=(__name__,))
    pending: dict[Future, Any] = {}

    def finished(block_until: int) -> Iterator[tuple[Any, Result]]:
        while len(pending) > block_until:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                tag = pending.pop(future)
                exc = future.exception()
                yield tag, engine_error(exc) if exc is not None else future.result()

    try:
        for tag, name, data in tasks:
            yield from finished(window - 1)
            pending[pool.submit(_WORK, *_args(name, data, registry))] = tag
        yield from finished(0)
    finally:  # all done, or stopped (Ctrl-C, an output failing): running work is then killed at once
        pool.shutdown(wait=True, cancel_futures=True, kill=True)


def run_local(tasks: Iterable[Task], workers: int = 1, registry: str | None = None, *,
              timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB) -> Iterator[tuple[Any, Result]]:
    """Run ``work`` over the tasks in ``workers`` worker processes, each document within its budget."""
    workers = max(1, workers)
    yield from _run_pool(iter(tasks), workers, window=2 * workers + 1, timeout=timeout, memory_mb=memory_mb,
                         registry=registry)


#: documents per Dask task: enough to amortize a task's scheduling (a few ms), few enough to keep both
#: workers busy to the end and results flowing to the journal (measured: benchmarks/batch_scaling.py)
DEFAULT_PARTITION = 32

Ref = tuple[Any, Item, "bytes | None"]  # (tag, input, its bytes when the batch read them)

_pools: dict[tuple[Any, ...], WorkerPool] = {}
_pools_lock = threading.Lock()


def _pool(size: int, timeout: float, memory_mb: int, owner: Any = None) -> WorkerPool:
    """The budgeted worker processes of a Dask worker (kept for its later tasks and batches), by its name."""
    if owner is None:
        try:
            from distributed import get_worker

            owner = get_worker().name
        except Exception:  # not on a Dask worker (a test calling run_partition)
            owner = None
    key = (owner, size, timeout, memory_mb)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = WorkerPool(size, timeout=timeout, memory_mb=memory_mb, preload=(__name__,))
        return pool


def ready() -> bool:
    """A task that does nothing: sent to a new pool, it starts the worker processes."""
    return True


def dask_setup(worker: Any) -> None:
    """``dask worker --preload vnnotice.batch.engines``: start the extraction processes with the worker.

    They start with the batch's default budgets (``--timeout``, ``--memory``);
    a batch with other budgets starts its own on first use.
    """
    size = max(1, int(worker.state.nthreads))
    pool = _pool(size, DEFAULT_TIMEOUT, DEFAULT_MEMORY_MB, owner=worker.name)
    for _ in range(size):
        pool.submit(f"{__name__}:ready")


def close_pools() -> None:
    """Kill the worker processes the Dask workers of this process started (a run's end, Ctrl-C)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True, kill=True)


def _threads() -> int:
    try:
        from distributed import get_worker

        return max(1, int(get_worker().state.nthreads))
    except Exception:
        return 1


def run_partition(items: list[tuple[Item, "bytes | None"]], registry: str | None = None,
                  timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB) -> list[Result]:
    """One Dask task: read, hash and extract a partition of inputs, each within its budget.

    Runs on a Dask worker. An input comes with its bytes (read by the batch)
    or without (read here, from the path the batch listed: the workers share
    the batch's file system). Each document is extracted in a worker process
    of this Dask worker (:class:`WorkerPool`), killed and replaced past
    ``timeout``, so one document never holds the partition. Each result is
    ``work``'s, plus ``sha256`` of what was read here; ``{"unread": reason}``
    when the bytes cannot be read, ``{"unseen": reason}`` when the path does
    not exist here (the batch then reads the input and sends its bytes).
    """
    pool = _pool(_threads(), timeout, memory_mb)
    loader = Loader()
    results: list[Result | None] = [None] * len(items)
    running: dict[Future, tuple[int, str]] = {}

    def settle(block_until: int) -> None:
        while len(running) > block_until:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                index, sha = running.pop(future)
                exc = future.exception()
                result = engine_error(exc) if exc is not None else future.result()
                result["sha256"] = sha
                results[index] = result

    try:
        for index, (item, data) in enumerate(items):
            if data is None:
                try:
                    data = loader(item)
                except (FileNotFoundError, NotADirectoryError) as exc:
                    results[index] = {"unseen": f"{type(exc).__name__}: {exc.strerror or exc}"}
                    continue
                except Exception as exc:  # too large, unreadable: the error row the batch would write
                    results[index] = {"unread": unread_reason(exc)}
                    continue
            sha = content_hash(data)
            settle(pool.size)  # a few documents ahead, not the partition's bytes at once
            running[pool.submit(_WORK, *_args(item.name, data, registry))] = (index, sha)
        settle(0)
    finally:
        loader.close()
        for future in running:
            future.cancel()
    return [r if r is not None else {"error": "engine: no result", "transient": True} for r in results]


def _cluster(workers: int, scheduler: str | None, timeout: float, memory_mb: int) -> tuple[Any, Any]:
    if scheduler:
        from distributed import Client

        return Client(scheduler), None
    # the extraction runs in each Dask worker's budgeted processes: the Dask workers themselves only read
    # and hand over, so they run in this process (no process of their own to start). Their extraction
    # processes (the pools of the workers named 0 … n-1) start first, while distributed is imported.
    for name in range(max(1, workers)):
        _pool(1, timeout, memory_mb, owner=name).submit(f"{__name__}:ready")
    import dask
    from distributed import Client, LocalCluster

    # no sampling profiler in this process, and no memory monitor (the budgets bound the extraction
    # processes; the Dask workers' memory is the batch's own)
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=False, memory_limit=0,
                               dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"},  # a free port
                               silence_logs=logging.ERROR)
    return Client(cluster), cluster


def run_dask(refs: Iterable[Ref], workers: int = 2, scheduler: str | None = None, registry: str | None = None, *,
             timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB,
             partition: int = DEFAULT_PARTITION,
             reader: Callable[[Item], "tuple[bytes | None, str | None]"] | None = None) -> Iterator[tuple[Any, Result]]:
    """Run ``work`` on a Dask cluster: the scheduler at ``scheduler``, else a ``LocalCluster`` of ``workers``.

    ``refs`` gives ``(tag, item, bytes or None)``: without bytes a worker
    reads the input itself (shared file system). Inputs go in tasks of
    ``partition`` documents (:func:`run_partition`); results come back as
    the tasks finish. An input a worker does not see is read with ``reader``
    (the batch's) and sent again with its bytes, and so are the rest of the
    batch's inputs after it. The workers need vnnotice installed (same
    version: results carry the worker's pipeline id and a different one is
    refused by the batch).
    """
    from distributed import as_completed

    partition = max(1, partition)
    try:
        client, cluster = _cluster(workers, scheduler, timeout, memory_mb)
    except BaseException:
        close_pools()
        raise
    try:
        window = 2 * max(1, sum(client.nthreads().values()))
        running = as_completed()
        tags: dict[str, list[tuple[Any, Item]]] = {}
        ship = False  # set once a worker does not see an input: the batch reads and sends the rest

        def submit(chunk: list[tuple[Any, Item, "bytes | None"]]) -> None:
            future = client.submit(run_partition, [(item, data) for _, item, data in chunk], registry, timeout,
                                   memory_mb, pure=False)
            tags[future.key] = [(tag, item) for tag, item, _ in chunk]
            running.add(future)

        def collect(future: Any) -> Iterator[tuple[Any, Result]]:
            nonlocal ship
            chunk = tags.pop(future.key)
            try:
                results = future.result()
            except Exception as exc:  # a lost worker or task: retried next run
                results = [engine_error(exc)] * len(chunk)
            future.release()
            again = []
            for (tag, item), result in zip(chunk, results):
                if "unseen" in result and reader is not None:
                    if not ship:
                        log.warning("a Dask worker does not see %s (%s): the batch reads the inputs and sends "
                                    "their bytes from now on", item.name, result["unseen"])
                        ship = True
                    data, reason = reader(item)
                    if data is None:
                        yield tag, {"unread": reason}
                    else:
                        again.append((tag, item, data))
                elif "unseen" in result:
                    yield tag, {"unread": f"not found on the Dask worker: {result['unseen']}"}
                else:
                    yield tag, result
            if again:
                submit(again)

        chunk: list[tuple[Any, Item, "bytes | None"]] = []
        for tag, item, data in refs:
            if data is None and ship and reader is not None:
                data, reason = reader(item)
                if data is None:
                    yield tag, {"unread": reason}
                    continue
            chunk.append((tag, item, data))
            if len(chunk) >= partition:
                submit(chunk)
                chunk = []
                while running.count() >= window:
                    yield from collect(next(running))
        if chunk:
            submit(chunk)
        while running.count():
            yield from collect(next(running))
    finally:  # all done, or stopped: the LocalCluster's extraction processes are killed before it closes
        client.close()
        if cluster is not None:
            close_pools()
            cluster.close()


def run_engine(engine: str, tasks: Iterable[Task], *, workers: int = 1, scheduler: str | None = None,
               registry: str | None = None, timeout: float = DEFAULT_TIMEOUT,
               memory_mb: int = DEFAULT_MEMORY_MB, **dask: Any) -> Iterator[tuple[Any, Result]]:
    """Dispatch to :func:`run_local` or :func:`run_dask` by name (``dask``: :func:`run_dask`'s own options)."""
    if engine == "local":
        return run_local(tasks, workers, registry, timeout=timeout, memory_mb=memory_mb)
    if engine == "dask":
        return run_dask(tasks, workers, scheduler, registry, timeout=timeout, memory_mb=memory_mb, **dask)
    raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
