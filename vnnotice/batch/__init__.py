"""Batch runs over archives: many inputs → JSON Lines / Parquet / DuckDB + task tables.

Resumable (a journal keyed by content hash and pipeline id), on one machine
(worker processes with a time and memory budget per document) or a Dask cluster. See ``docs/batch.md``.

Modules: :mod:`.inputs` (files, folders, globs, zips), :mod:`.state`
(journal), :mod:`.workers` (budgeted worker processes), :mod:`.engines` (local, dask), :mod:`.tables` (flat rows),
:mod:`.outputs` (writers), :mod:`.run` (:func:`run_batch`),
:mod:`.command` (``vnnotice batch``). Heavy packages (dask, duckdb,
pyarrow, openpyxl, tqdm) are imported only when used.
"""
from .command import batch_command
from .run import Summary, run_batch

__all__ = ["batch_command", "run_batch", "Summary"]
