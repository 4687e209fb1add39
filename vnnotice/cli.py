"""Command line: ``vnnotice extract``, ``vnnotice evaluate``, ``vnnotice schema``."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .export import to_gold, to_markdown
from .stages import extract_many

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Vietnamese administrative documents → task records.")




@app.command("extract")
def extract_cmd(
    paths: list[Path] = typer.Argument(..., help="Documents to read (.txt, .md, .html)."),
    fmt: str = typer.Option("json", "--format", "-f", help="json (the full record), gold (scorer shape) or md (for people)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder for one output file per input; stdout when absent."),
    reference_date: Optional[str] = typer.Option(None, "--reference-date", help="ISO date relative deadlines are read against."),
    workers: int = typer.Option(1, "--workers", "-w", help="Processes to use."),
    appendix: bool = typer.Option(False, "--appendix", help="Put the rows of appendix task tables in the gold export (left out by default, as in the gold)."),
) -> None:
    """Extract directives, units, deadlines and citations from documents."""
    if fmt not in ("json", "gold", "md"):
        raise typer.BadParameter(f"unknown format {fmt!r}: use json, gold or md", param_hint="--format")
    ref = date.fromisoformat(reference_date) if reference_date else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path, notice in zip(paths, extract_many(paths, n_process=workers, reference_date=ref)):
        bad = [w for w in notice.warnings if w.startswith(("unreadable:", "failed:"))]
        if bad:
            failed += 1
            typer.echo(f"{path}: {bad[0]}", err=True)
        if fmt == "gold":
            body = json.dumps(to_gold(notice, path.name, appendix=appendix), ensure_ascii=False, indent=1)
            suffix = ".json"
        elif fmt == "md":
            body = to_markdown(notice)
            suffix = ".md"
        else:
            body = notice.model_dump_json(indent=1)
            suffix = ".json"
        if out:
            (out / (path.stem + suffix)).write_text(body, encoding="utf-8")
        else:
            typer.echo(body)
    if failed:
        raise typer.Exit(code=1)


@app.command("evaluate")
def evaluate_cmd(
    gold_dir: Path = typer.Argument(..., help="Folder of gold NAME.json files."),
    docs_dir: Path = typer.Argument(..., help="Folder holding the documents NAME.txt / NAME.md (with --appendix: the folder the gold's document paths are relative to)."),
    appendix: bool = typer.Option(False, "--appendix", help="Score appendix task tables (gold of corpus/appendix): rows, lead, cooperate, deadline."),
) -> None:
    """Extract the documents of DOCS_DIR and score them against GOLD_DIR."""
    from .evaluate import evaluate, evaluate_appendix, format_table

    result = evaluate_appendix(gold_dir, docs_dir) if appendix else evaluate(gold_dir, docs_dir)
    typer.echo(format_table(result))


registry_app = typer.Typer(no_args_is_help=True, help="Look units up in a registry of units.")
app.add_typer(registry_app, name="registry")


@registry_app.command("match")
def registry_match_cmd(
    mention: str = typer.Argument(..., help='A unit as written, e.g. "TTYT Hạ Long".'),
    province: Optional[str] = typer.Option(None, "--province", "-p", help="The document's province, as context."),
    on: Optional[str] = typer.Option(None, "--on", help="ISO date the unit must be valid on."),
    registry: Optional[Path] = typer.Option(None, "--registry", "-r", help="Registry file or folder (YAML, JSON, CSV); the default registry when absent."),
    k: int = typer.Option(5, "--top", "-k", help="Candidates to show."),
) -> None:
    """Link MENTION to a registry entry and show the candidates with their scores."""
    from .registry import Registry

    reg = Registry.load(registry) if registry else Registry.default()
    link = reg.match(mention, province=province, on=date.fromisoformat(on) if on else None, k=k)
    typer.echo(json.dumps(link.model_dump(mode="json"), ensure_ascii=False, indent=1))
    if link.band == "unlinked":
        raise typer.Exit(code=1)


@app.command("schema")
def schema_cmd(out: Optional[Path] = typer.Option(None, "--out", "-o", help="File to write; stdout when absent.")) -> None:
    """Print or write the JSON Schema of the Notice record."""
    from .records import Notice

    text = json.dumps(Notice.model_json_schema(), ensure_ascii=False, indent=1) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command("version")
def version_cmd() -> None:
    """Print the version."""
    typer.echo(__version__)


# Commands that live beside their own code are registered here (one line each):
from .batch import batch_command  # noqa: E402
app.command("batch")(batch_command)
# -- train --
from .train import train_command  # noqa: E402
app.command("train")(train_command)
# -- service --
from .service import serve_command  # noqa: E402
app.command("serve")(serve_command)


def main() -> None:
    app()
