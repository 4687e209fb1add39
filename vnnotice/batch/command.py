"""``vnnotice batch``: the command-line front of :func:`vnnotice.batch.run.run_batch`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..wording import counted
from .engines import DEFAULT_PARTITION, ENGINES
from .inputs import UsageError
from .outputs import FORMATS, TASK_FORMATS
from .run import Summary, run_batch
from .state import JournalBusy
from .workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT

_SHOWN_FAILURES = 20


def _choices(value: str, allowed: tuple[str, ...], option: str) -> list[str]:
    chosen = [v.strip().lower() for v in value.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise typer.BadParameter(f"unknown {', '.join(unknown)}: use {', '.join(allowed)}", param_hint=option)
    return list(dict.fromkeys(chosen))


def _report(summary: Summary) -> None:
    for path, reason in summary.failures[:_SHOWN_FAILURES]:
        typer.echo(f"{path}: {reason}", err=True)
    if len(summary.failures) > _SHOWN_FAILURES:
        typer.echo(f"… and {counted(len(summary.failures) - _SHOWN_FAILURES, 'more failure')} (see the error rows)",
                   err=True)
    earlier = summary.failed_total - summary.failed
    typer.echo(
        f"{counted(summary.inputs, 'input')}: {summary.done} done, {summary.skipped} skipped as already done, "
        f"{summary.failed} failed{f' (+{earlier} failed in earlier runs)' if earlier > 0 else ''}; "
        f"{summary.rate:.1f} docs/s over {summary.seconds:.1f} s", err=True)
    if summary.kinds:
        typer.echo(f"records: {counted(summary.kinds.get('administrative', 0), 'administrative document')}, "
                   f"{summary.kinds.get('not_administrative', 0)} not administrative (no tasks read)"
                   + (f", {summary.kinds['unknown']} not decided" if summary.kinds.get("unknown") else ""), err=True)
    for path in summary.outputs:
        typer.echo(f"wrote {path}", err=True)


def batch_command(
    inputs: list[str] = typer.Argument(..., metavar="INPUT", help="Files, folders (recursive), glob patterns, .zip archives."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder: journal, outputs; rerun to resume."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes (local) or LocalCluster workers (dask)."),
    engine: str = typer.Option("local", "--engine", "-e", help="local (process pool) or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, parquet, duckdb (comma-separated for several)."),
    tasks: str = typer.Option("", "--tasks", help="Task tables to write: csv, xlsx (comma-separated)."),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Extract again the inputs that failed before."),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=0.1, help="Seconds one document may take: its worker is then killed and replaced, and the document gets an error row."),
    memory: int = typer.Option(DEFAULT_MEMORY_MB, "--memory", min=0, help="Megabytes of memory a worker may use above its start-up size (0: no limit)."),
    partition: int = typer.Option(DEFAULT_PARTITION, "--partition", min=1, help="Documents per Dask task."),
    dask_ship: bool = typer.Option(False, "--dask-ship", help="Read the inputs here and send their bytes to the Dask workers (workers that do not see this file system); by default the workers read them."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary."),
    registry: Optional[str] = typer.Option(None, "--registry", "-r", help="Registry of units (YAML, JSON, CSV file or folder; 'default' for the shipped one) that every unit is linked to."),
) -> None:
    """Extract many documents into JSON Lines, Parquet or DuckDB, plus task tables; resumable."""
    if engine not in ENGINES:
        raise typer.BadParameter(f"unknown engine {engine!r}: use {', '.join(ENGINES)}", param_hint="--engine")
    if scheduler and engine != "dask":
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    if dask_ship and engine != "dask":
        raise typer.BadParameter("--dask-ship needs --engine dask", param_hint="--dask-ship")
    formats = _choices(fmt, FORMATS, "--format")
    if not formats:
        raise typer.BadParameter("give at least one format", param_hint="--format")
    task_formats = _choices(tasks, TASK_FORMATS, "--tasks")
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{out} is a file, not a folder", param_hint="--out")
    if registry is not None and registry != "default":
        from .engines import load_registry

        try:
            load_registry(registry)
        except Exception as exc:  # a missing file, bad YAML or JSON, an entry without id: said as a usage error
            raise typer.BadParameter(f"{registry}: {exc}", param_hint="--registry") from exc
    try:
        summary = run_batch(inputs, out, workers=workers, engine=engine, scheduler=scheduler, formats=formats,
                            tasks=task_formats, progress=not quiet and sys.stderr.isatty(), retry_failed=retry_failed,
                            registry=registry, timeout=timeout, memory_mb=memory, partition=partition,
                            ship=dask_ship)
    except UsageError as exc:
        raise typer.BadParameter(str(exc), param_hint="INPUTS") from exc
    except JournalBusy as exc:
        typer.echo(f"{out}: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    except KeyboardInterrupt:
        typer.echo("interrupted: rerun the same command to resume", err=True)
        raise typer.Exit(code=130) from None
    except OSError as exc:  # the output folder itself (disk full, no permission): not an input's failure
        typer.echo(f"{out}: the batch stopped: {type(exc).__name__}: {exc}; rerun the same command to resume", err=True)
        raise typer.Exit(code=3) from None
    if not quiet:
        _report(summary)
    raise typer.Exit(code=summary.exit_code)
