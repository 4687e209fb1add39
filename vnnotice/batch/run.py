"""A batch run: inputs → engine → journal → outputs, resumable at any point.

The parent process enumerates the inputs, reads and hashes each one, skips
those the journal already holds, ships the rest as ``(name, bytes)`` to the
engine and journals every result as it arrives. At the end the outputs are
rebuilt from the journal, one record per input, in input order.

On a Dask cluster the inputs the journal has never seen (by name, for this
pipeline: nothing to skip, whatever their content) are not read here: the
workers read and hash them, and their key is made from the hash the result
brings back. The others are read and hashed here, as above.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator, Sequence

from .engines import Ref, Result, Task, run_engine
from .inputs import Item, Loader, check, iter_items, read_item
from .outputs import open_sinks, rows_of
from .state import Journal, content_hash, input_key, pipeline_id
from .engines import DEFAULT_PARTITION
from .workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Tag:
    """What the batch remembers of a task while the engine runs it."""

    key: str | None  # None: the input goes to a Dask worker unread, its key comes with its result
    name: str
    sha256: str | None
    item: Item | None = None  # the input, when its key is not known yet
    slot: int = -1  # its place among the inputs, when its key is not known yet


@dataclass
class Summary:
    """Counts of a batch run; ``exit_code`` is 0 when no input failed, else 1."""

    inputs: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) of this run's failures
    failed_total: int = 0  # error rows in the outputs, earlier runs included
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # verdict → records of this run's inputs (vnnotice.kind)

    @property
    def rate(self) -> float:
        """Documents extracted (or failed) per second in this run."""
        return (self.done + self.failed) / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        """0 when every input of the batch has a record, 1 when some have an error row."""
        return 1 if self.failed_total else 0


class _Batch:
    """The state of one run: journal, counts, order of the inputs, progress bar."""

    def __init__(self, journal: Journal, summary: Summary, bar: Any, retry_failed: bool, registry: str | None = None):
        self.journal = journal
        self.summary = summary
        self.bar = bar
        self.retry_failed = retry_failed
        self.pipeline = pipeline_id(registry)
        self.order: list[str | None] = []  # keys of this run's inputs, in input order (None: not known yet)
        self.keys: set[str] = set()
        self._reader = Loader()  # inputs a Dask worker could not see, read here
        self.not_administrative = 0  # texts of this run found not to be administrative documents (progress bar)

    def read(self, item: Item) -> tuple[bytes | None, str | None]:
        """The bytes of an input, or the reason they cannot be read."""
        return read_item(self._reader, item)

    def _keyed(self, tag: Tag, result: Result) -> tuple[Tag, Result] | None:
        """The tag of an input read by a Dask worker, with its key; None when this run already had it."""
        sha = result.get("sha256")
        if "unread" in result:
            result = {"error": result["unread"]}
        if sha is None and "error" in result and tag.item is not None:  # the worker was lost with the input
            data, reason = self.read(tag.item)
            sha = content_hash(data) if data is not None else None
            if data is None:
                result = {"error": reason}
        fingerprint = sha or f"unread: {result.get('error')}"
        key = input_key(tag.name, fingerprint, self.pipeline)
        self.order[tag.slot] = key
        if key in self.keys:  # the same input named twice
            self.summary.skipped += 1
            self.bar.update(1)
            return None
        self.keys.add(key)
        return Tag(key, tag.name, sha), result

    def record(self, tag: Tag, result: Result) -> None:
        """Journal one result and count it."""
        if tag.key is None:
            keyed = self._keyed(tag, result)
            if keyed is None:
                return
            tag, result = keyed
        meta: dict[str, Any] = {"key": tag.key, "name": tag.name, "sha256": tag.sha256, "pipeline": self.pipeline}
        worker = result.get("pipeline")
        if worker is not None and worker != self.pipeline:
            result = {"error": f"worker runs pipeline {worker}, this batch {self.pipeline}", "transient": True}
        if "notice" in result:
            meta["status"] = "ok"
            meta["kind"] = result.get("kind")
            self.journal.append(meta, result["notice"])
            self.summary.done += 1
            if meta["kind"] == "not_administrative":
                self.not_administrative += 1
                self.bar.set_postfix(failed=self.summary.failed, not_administrative=self.not_administrative, refresh=False)
        else:
            meta.update(status="error", reason=result["error"], transient=bool(result.get("transient")))
            self.journal.append(meta, None)
            self.summary.failed += 1
            self.summary.failures.append((tag.name, result["error"]))
            self.bar.set_postfix(failed=self.summary.failed, not_administrative=self.not_administrative, refresh=False)
        self.bar.update(1)

    def _skip(self, key: str) -> bool:
        if key in self.keys or self.journal.done(key, retry_failed=self.retry_failed):
            self.summary.skipped += 1
            self.bar.update(1)
            return True
        return False

    def tasks(self, inputs: Sequence[str]) -> Iterator[Task]:
        """Tasks for the engine; inputs that fail before extraction are journaled here."""
        for tag, item, data in self.refs(inputs, by_reference=False):
            yield tag, item.name, data

    def refs(self, inputs: Sequence[str], by_reference: bool = True) -> Iterator[Ref]:
        """``(tag, item, bytes)`` for the engine; ``by_reference``: inputs never journaled go unread (bytes None)."""
        loader = Loader()
        try:
            for item in iter_items(inputs):
                if by_reference and not item.error and not self.journal.known(item.name, self.pipeline):
                    self.order.append(None)
                    tag = Tag(None, item.name, None, item, len(self.order) - 1)
                    yield tag, replace(item, path=os.path.abspath(item.path)), None  # a worker's cwd is its own
                    continue
                data, reason = read_item(loader, item)
                sha = content_hash(data) if data is not None else None
                key = input_key(item.name, sha or f"unread: {reason}", self.pipeline)
                skip = self._skip(key)
                self.keys.add(key)
                self.order.append(key)
                if skip:
                    continue
                tag = Tag(key, item.name, sha)
                if data is None:
                    self.record(tag, {"error": reason})
                else:
                    yield tag, item, data
        finally:
            loader.close()

    def close(self) -> None:
        """Release what the run holds open."""
        self._reader.close()

    def build(self, out: Path, formats: Sequence[str], task_formats: Sequence[str]) -> None:
        """Rebuild the outputs from the journal: one record per input of this run, in input order."""
        sinks = open_sinks(out, formats, task_formats)
        needs_rows = any(s.needs_rows for s in sinks)
        for key in dict.fromkeys(k for k in self.order if k is not None):
            meta, notice_json = self.journal.read(key)
            try:
                rows = rows_of(meta, notice_json) if needs_rows else {}
            except Exception as exc:  # a journal record that no longer validates: redone by the next run
                reason = f"journal record unreadable ({type(exc).__name__}): rerun to extract it again"
                meta = {**meta, "status": "error", "reason": reason, "transient": True}
                self.journal.append(meta, None)
                notice_json = None
                rows = rows_of(meta, None) if needs_rows else {}
            for sink in sinks:
                sink.add(meta, notice_json, rows)
            self.summary.failed_total += notice_json is None
            if notice_json is not None:
                verdict = meta.get("kind") or "unknown"
                self.summary.kinds[verdict] = self.summary.kinds.get(verdict, 0) + 1
        for sink in sinks:
            self.summary.outputs += sink.close()


def clean_scratch(out: Path) -> None:
    """Remove what a killed run left in ``out``: temporary outputs (``.NAME.tmp``) and DuckDB scratch folders."""
    for entry in out.iterdir() if out.is_dir() else ():
        name = entry.name
        try:
            if name.startswith(".duckdb-") and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            elif name.startswith(".") and name.endswith(".tmp") and not entry.is_dir():
                entry.unlink()
        except OSError:
            pass
    parquet = out / "parquet"
    if parquet.is_dir() and not parquet.is_symlink():
        for entry in parquet.glob(".*.tmp"):
            try:
                os.unlink(entry)
            except OSError:
                pass


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, disable=not enabled, dynamic_ncols=True, smoothing=0.05)


def run_batch(inputs: Sequence[str], out: Path, *, workers: int = 1, engine: str = "local",
              scheduler: str | None = None, formats: Sequence[str] = ("jsonl",), tasks: Sequence[str] = (),
              progress: bool = False, retry_failed: bool = False, registry: str | None = None,
              timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB,
              partition: int = DEFAULT_PARTITION, ship: bool = False) -> Summary:
    """Extract every document the inputs name into ``out``, skipping those already done.

    ``inputs``: files, folders, glob patterns, zip archives. ``formats``:
    any of ``jsonl``, ``parquet``, ``duckdb``; ``tasks``: any of ``csv``,
    ``xlsx``. ``registry``: a registry file or folder (or ``default``)
    that every unit mention is linked to. ``timeout`` (seconds) and
    ``memory_mb`` are each document's budget. ``partition``: documents
    per Dask task; ``ship``: the batch reads every input and sends its
    bytes to the Dask workers (workers that do not share its file
    system), instead of letting them read it. Raises
    :class:`vnnotice.batch.inputs.UsageError` when an input
    names nothing and :class:`vnnotice.batch.state.JournalBusy` when another
    batch writes to ``out``. Bad documents become error rows.
    """
    check(inputs)
    summary = Summary(inputs=sum(1 for _ in iter_items(inputs)))
    start = time.perf_counter()
    with Journal(Path(out)) as journal, _progress(summary.inputs, progress) as bar:
        clean_scratch(Path(out))  # this batch holds the lock: what is there is a killed run's
        batch = _Batch(journal, summary, bar, retry_failed, registry)
        if engine == "dask":
            results = run_engine(engine, batch.refs(inputs, by_reference=not ship), workers=workers,
                                 scheduler=scheduler, registry=registry, timeout=timeout, memory_mb=memory_mb,
                                 partition=partition, reader=batch.read)
        else:
            results = run_engine(engine, batch.tasks(inputs), workers=workers, scheduler=scheduler,
                                 registry=registry, timeout=timeout, memory_mb=memory_mb)
        try:
            for tag, result in results:
                batch.record(tag, result)
        finally:
            batch.close()
        summary.seconds = time.perf_counter() - start
        batch.build(Path(out), formats, tasks)
    return summary
