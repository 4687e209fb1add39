"""``extract_many`` in worker processes, each document within a time and memory budget.

The documents go to a :class:`vnnotice.batch.workers.WorkerPool`, the
budgeted worker processes of ``vnnotice batch`` and the HTTP service: a
document past its time budget has its worker killed and replaced, one past
its memory budget fails with ``MemoryError`` in its worker; either way it
gives a :class:`~vnnotice.records.Notice` whose ``warnings`` say why, and
the other documents go on. Results come in input order, the records those
of :func:`vnnotice.stages.extract` in this process.

A registry is handed to the workers once, as a pickle in a temporary file
each worker reads on its first document, not with every document.
"""
from __future__ import annotations

import os
import pickle
import tempfile
from collections import deque
from concurrent.futures import Future
from functools import lru_cache
from typing import Any, Iterable, Iterator

from .records import Notice
from .stages import Input, _label, _safe_extract

_TARGET = f"{__name__}:extract_one"


@lru_cache(maxsize=2)
def _registry(path: str) -> Any:
    with open(path, "rb") as file:
        return pickle.load(file)


def extract_one(source: Input, options: dict[str, Any], registry_file: str | None = None) -> Notice:
    """One document in a worker process: :func:`vnnotice.stages._safe_extract`, with the registry read from
    ``registry_file`` (once per worker)."""
    if registry_file is not None:
        options = {**options, "registry": _registry(registry_file)}
    return _safe_extract((source, options))


def _failed(source: Input, options: dict[str, Any], exc: BaseException) -> Notice:
    """The Notice of a document its worker did not finish: past the time budget, or the worker died."""
    from .batch.workers import OverBudget, WorkerDied

    reason = str(exc) if isinstance(exc, (OverBudget, WorkerDied)) else f"{type(exc).__name__}: {exc}"
    return Notice(source=_label(source, options), warnings=[f"failed: {reason}"])


def extract_in_processes(sources: Iterable[Input], options: dict[str, Any], *, processes: int, timeout: float,
                         memory_mb: int) -> Iterator[Notice]:
    """The Notices of ``sources`` in input order, extracted in ``processes`` budgeted worker processes.

    The workers are watched through pipes and stopped as process groups, which needs a POSIX system
    (Linux, macOS); elsewhere this raises ``OSError`` before any work starts.
    """
    if not hasattr(os, "killpg"):
        raise OSError("extract_many in worker processes (n_process above 1, or a time or memory budget) needs a "
                      "POSIX system (Linux, macOS): on this one, extract with n_process=1 and no budget")
    from .batch.workers import WorkerPool

    registry = options.get("registry")
    plain = {k: v for k, v in options.items() if k != "registry"}
    registry_file = None
    if registry is not None:
        with tempfile.NamedTemporaryFile("wb", prefix="vnnotice-registry-", suffix=".pickle", delete=False) as file:
            pickle.dump(registry, file, protocol=pickle.HIGHEST_PROTOCOL)
            registry_file = file.name
    pool = WorkerPool(processes, timeout=timeout, memory_mb=memory_mb, preload=(__name__,))
    try:
        tasks = ((source, plain) if registry_file is None else (source, plain, registry_file) for source in sources)
        given: deque[Input] = deque()  # the sources submitted and not yet yielded, for the Notice of a failed one

        def argsets() -> Iterator[tuple[Any, ...]]:
            for args in tasks:
                given.append(args[0])
                yield args

        for future in pool.in_order(_TARGET, argsets()):
            source = given.popleft()
            yield _outcome(future, source, plain)
    finally:  # all done, or the caller stopped early: work still running is killed
        pool.shutdown(wait=True, cancel_futures=True, kill=True)
        if registry_file is not None:
            os.unlink(registry_file)


def _outcome(future: Future, source: Input, options: dict[str, Any]) -> Notice:
    exc = future.exception()
    return _failed(source, options, exc) if exc is not None else future.result()
