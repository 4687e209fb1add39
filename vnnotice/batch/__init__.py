"""Batch runs over archives: many inputs → JSON Lines / Parquet / DuckDB + task tables.

Resumable (a journal keyed by content hash and pipeline id), on one machine
(worker processes with a time and memory budget per document) or a Dask cluster. See ``docs/batch.md``.

Modules: :mod:`.inputs` (files, folders, globs, zips), :mod:`.state`
(journal), :mod:`.workers` (budgeted worker processes), :mod:`.engines` (local, dask), :mod:`.tables` (flat rows),
:mod:`.outputs` (writers), :mod:`.run` (:func:`run_batch`),
:mod:`.command` (``vnnotice batch``). Heavy packages (dask, duckdb,
pyarrow, openpyxl, tqdm) are imported only when used. The names below are
imported on first use, so that a worker process (:mod:`.workers`, which
``extract_many`` and the service use too) does not load the batch's
command line and writers.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .command import batch_command
    from .run import Summary, run_batch

_PUBLIC = {"batch_command": "command", "run_batch": "run", "Summary": "run"}

__all__ = ["batch_command", "run_batch", "Summary"]


def __getattr__(name: str) -> Any:
    where = _PUBLIC.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{where}"), name)
    globals()[name] = value
    return value
