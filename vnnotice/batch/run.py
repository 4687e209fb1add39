"""A batch run: inputs → engine → journal → outputs, resumable at any point.

The parent process enumerates the inputs, reads and hashes each one, skips
those the journal already holds, ships the rest as ``(name, bytes)`` to the
engine and journals every result as it arrives. At the end the outputs are
rebuilt from the journal, one record per input, in input order.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

from .engines import Result, Task, run_engine
from .inputs import Item, Loader, TooLarge, check, iter_items
from .outputs import open_sinks, rows_of
from .state import Journal, content_hash, input_key, pipeline_id
from .workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Tag:
    """What the batch remembers of a task while the engine runs it."""

    key: str
    name: str
    sha256: str | None


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
        self.order: dict[str, None] = {}  # keys of this run's inputs, in input order
        self.not_administrative = 0  # texts of this run found not to be administrative documents (progress bar)

    def record(self, tag: Tag, result: Result) -> None:
        """Journal one result and count it."""
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
        if key in self.order or self.journal.done(key, retry_failed=self.retry_failed):
            self.summary.skipped += 1
            self.bar.update(1)
            return True
        return False

    def tasks(self, inputs: Sequence[str]) -> Iterator[Task]:
        """Tasks for the engine; inputs that fail before extraction are journaled here."""
        loader = Loader()
        try:
            for item in iter_items(inputs):
                data, reason = self._load(loader, item)
                sha = content_hash(data) if data is not None else None
                key = input_key(item.name, sha or f"unread: {reason}", self.pipeline)
                skip = self._skip(key)
                self.order[key] = None
                if skip:
                    continue
                tag = Tag(key, item.name, sha)
                if data is None:
                    self.record(tag, {"error": reason})
                else:
                    yield tag, item.name, data
        finally:
            loader.close()

    @staticmethod
    def _load(loader: Loader, item: Item) -> tuple[bytes | None, str | None]:
        if item.error:
            return None, item.error
        try:
            return loader(item), None
        except TooLarge as exc:
            return None, str(exc)
        except Exception as exc:  # OSError, BadZipFile, zlib.error …: an error row, never a stop
            return None, f"unreadable: {type(exc).__name__}: {exc}"

    def build(self, out: Path, formats: Sequence[str], task_formats: Sequence[str]) -> None:
        """Rebuild the outputs from the journal: one record per input of this run, in input order."""
        sinks = open_sinks(out, formats, task_formats)
        needs_rows = any(s.needs_rows for s in sinks)
        for key in self.order:
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
              timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB) -> Summary:
    """Extract every document the inputs name into ``out``, skipping those already done.

    ``inputs``: files, folders, glob patterns, zip archives. ``formats``:
    any of ``jsonl``, ``parquet``, ``duckdb``; ``tasks``: any of ``csv``,
    ``xlsx``. ``registry``: a registry file or folder (or ``default``)
    that every unit mention is linked to. ``timeout`` (seconds) and
    ``memory_mb`` are each document's budget in the local engine. Raises
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
        for tag, result in run_engine(engine, batch.tasks(inputs), workers=workers, scheduler=scheduler,
                                      registry=registry, timeout=timeout, memory_mb=memory_mb):
            batch.record(tag, result)
        summary.seconds = time.perf_counter() - start
        batch.build(Path(out), formats, tasks)
    return summary
