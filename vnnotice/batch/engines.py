"""Engines: where ``work`` (extract one named document) runs.

Every engine takes an iterator of ``(tag, name, bytes)`` tasks and yields
``(tag, result)`` pairs as they finish, keeping a bounded number of tasks in
flight so memory stays flat however long the batch. The ``local`` engine runs
in worker processes (:class:`vnnotice.batch.workers.WorkerPool`) that enforce
a time and memory budget per document: a document past its time budget has
its worker killed and replaced and gets an error row. The ``dask`` engine
runs on a ``distributed`` cluster (given by its scheduler address, or a
``LocalCluster`` started for the run), whose workers bound memory their own
way (the nanny's ``memory_limit``). Both run the same :func:`work`, so their
results are identical.
"""
from __future__ import annotations

import logging
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import Any, Iterable, Iterator

from functools import lru_cache

from ..read import ReadError
from ..stages import extract
from .state import pipeline_id
from .workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, OverBudget, WorkerPool

Task = tuple[Any, str, bytes]
Result = dict[str, Any]
ENGINES = ("local", "dask")


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


def run_dask(tasks: Iterable[Task], workers: int = 2, scheduler: str | None = None,
             registry: str | None = None) -> Iterator[tuple[Any, Result]]:
    """Run ``work`` on a Dask cluster: the scheduler at ``scheduler``, else a ``LocalCluster`` of ``workers`` processes.

    The workers need vnnotice installed (same version: results carry the
    worker's pipeline id and a different one is refused by the batch).
    """
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        window = 4 * max(1, sum(client.nthreads().values()))
        running = as_completed()
        tags: dict[str, Any] = {}

        def collect(future: Any) -> tuple[Any, Result]:
            tag = tags.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # a lost worker or task: retried next run
                result = engine_error(exc)
            future.release()
            return tag, result

        for tag, name, data in tasks:
            future = client.submit(work, *_args(name, data, registry), pure=False)
            tags[future.key] = tag
            running.add(future)
            while running.count() >= window:
                yield collect(next(running))
        for future in running:
            yield collect(future)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_engine(engine: str, tasks: Iterable[Task], *, workers: int = 1, scheduler: str | None = None,
               registry: str | None = None, timeout: float = DEFAULT_TIMEOUT,
               memory_mb: int = DEFAULT_MEMORY_MB) -> Iterator[tuple[Any, Result]]:
    """Dispatch to :func:`run_local` or :func:`run_dask` by name."""
    if engine == "local":
        return run_local(tasks, workers, registry, timeout=timeout, memory_mb=memory_mb)
    if engine == "dask":
        return run_dask(tasks, workers, scheduler, registry)
    raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
