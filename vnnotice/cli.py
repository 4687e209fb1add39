"""Command line: ``vnnotice extract``, ``vnnotice evaluate``, ``vnnotice schema``."""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import date
from enum import Enum
from importlib import import_module
from pathlib import Path
from typing import Optional

import click
import typer
from typer.core import TyperGroup

from . import __version__

#: Commands that live beside their own code, in the order help lists them: (module, function).
#: Their modules are imported when the command runs or help lists it, not for every command.
LAZY_COMMANDS = {
    "batch": ("vnnotice.batch", "batch_command"),
    "train": ("vnnotice.train", "train_command"),
    "serve": ("vnnotice.service", "serve_command"),
}


class _Commands(TyperGroup):
    """The top-level group: the commands of :data:`LAZY_COMMANDS` are built on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Commands, then the lazy ones, then groups (``registry``): the order typer gives eager ones."""
        names = [name for name in self.commands if name not in LAZY_COMMANDS]
        groups = [name for name in names if isinstance(self.commands[name], (TyperGroup, click.Group))]
        return [name for name in names if name not in groups] + list(LAZY_COMMANDS) + groups

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, function = LAZY_COMMANDS[cmd_name]
            one = typer.Typer(add_completion=False)
            one.command(cmd_name)(getattr(import_module(module), function))
            self.add_command(typer.main.get_command(one), cmd_name)
        return super().get_command(ctx, cmd_name)


app = typer.Typer(cls=_Commands, add_completion=False, no_args_is_help=True,
                  help="Vietnamese administrative documents → task records.")


class OutputFormat(str, Enum):
    """What ``vnnotice extract`` writes per document."""

    json = "json"
    gold = "gold"
    md = "md"


_SUFFIX = {OutputFormat.json: ".json", OutputFormat.gold: ".json", OutputFormat.md: ".md"}


def parse_date(value: Optional[str], option: str) -> Optional[date]:
    """A date written as ISO (2025-11-15) or as Vietnamese documents write it (15/11/2025, 15-11-2025, 15.11.2025),
    in the years 1900-2199."""
    from .stages import EARLIEST_REFERENCE, LATEST_REFERENCE

    if value is None or not value.strip():
        return None
    text = value.strip()
    found = None
    try:
        found = date.fromisoformat(text)
    except ValueError:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if m:
            try:
                found = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                pass
    if found is None:
        raise typer.BadParameter(f"{value!r} is not a date: write dd/mm/yyyy (15/11/2025) or ISO (2025-11-15)", param_hint=option)
    if not EARLIEST_REFERENCE <= found <= LATEST_REFERENCE:
        raise typer.BadParameter(f"{value!r} is outside the years 1900-2199", param_hint=option)
    return found


def _version(value: bool) -> None:
    if value:
        version_cmd()
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version, and whether the hot modules run compiled, and exit."),
) -> None:
    """Vietnamese administrative documents → task records."""


@app.command("extract")
def extract_cmd(
    paths: list[Path] = typer.Argument(..., help="Documents to read (.txt, .md, .html)."),
    fmt: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="json (the full record), gold (scorer shape) or md (for people)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder for one output file per input (named after the input); stdout when absent."),
    reference_date: Optional[str] = typer.Option(None, "--reference-date", help="Date relative deadlines are read against: dd/mm/yyyy or ISO."),
    workers: int = typer.Option(1, "--workers", "-w", help="Worker processes to extract in, each document within the budgets below (1: in this process, no budget)."),
    appendix: bool = typer.Option(False, "--appendix", help="Put the rows of appendix task tables in the gold export (left out by default, as in the gold)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", min=0.1, help="Seconds one document may take in a worker process: its worker is then killed and replaced (default 120). Given, documents run in a worker process even with --workers 1."),
    memory: Optional[int] = typer.Option(None, "--memory", min=0, help="Megabytes of memory a worker may use above its start-up size (default 2048; 0: no limit). Given, as --timeout."),
) -> None:
    """Extract directives, units, deadlines and citations from documents."""
    from .export import to_gold, to_markdown
    from .stages import extract_many

    ref = parse_date(reference_date, "--reference-date")
    suffix = _SUFFIX[fmt]
    if out:
        clashes = sorted(name for name, n in Counter(p.stem + suffix for p in paths).items() if n > 1)
        if clashes:
            raise typer.BadParameter(
                f"inputs with the same name would overwrite each other's output in {out}: {', '.join(clashes)}; "
                "extract them into separate folders", param_hint="--out")
        out.mkdir(parents=True, exist_ok=True)
    failed = 0
    notices = extract_many(paths, n_process=workers, reference_date=ref, timeout=timeout, memory_mb=memory)
    for path, notice in zip(paths, notices):
        bad = [w for w in notice.warnings if w.startswith(("unreadable:", "failed:"))]
        if bad:
            failed += 1
            typer.echo(f"{path}: {bad[0]}", err=True)
        if fmt is OutputFormat.gold:
            body = json.dumps(to_gold(notice, path.name, appendix=appendix), ensure_ascii=False, indent=1)
        elif fmt is OutputFormat.md:
            body = to_markdown(notice)
        else:
            body = notice.model_dump_json(indent=1)
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
    as_json: bool = typer.Option(False, "--json", help="Print the totals and per-document scores as JSON."),
) -> None:
    """Extract the documents of DOCS_DIR and score them against GOLD_DIR.

    Gold files whose document is not in DOCS_DIR are left out (and named on
    stderr), not counted as misses.
    """
    from .evaluate import evaluate, evaluate_appendix, format_table

    for folder, what in ((gold_dir, "GOLD_DIR"), (docs_dir, "DOCS_DIR")):
        if not folder.is_dir():
            raise typer.BadParameter(f"{folder} is not a folder", param_hint=what)
    result = evaluate_appendix(gold_dir, docs_dir) if appendix else evaluate(gold_dir, docs_dir)
    if result.missing:
        typer.echo(f"left out, no document in {docs_dir}: {', '.join(result.missing)}", err=True)
    typer.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=1) if as_json else format_table(result))


registry_app = typer.Typer(no_args_is_help=True, help="Look units up in a registry of units.")
app.add_typer(registry_app, name="registry")


@registry_app.command("match")
def registry_match_cmd(
    mention: str = typer.Argument(..., help='A unit as written, e.g. "Sở Y tế" with --province "Quảng Ninh", or "UBND tỉnh Quảng Ninh".'),
    province: Optional[str] = typer.Option(None, "--province", "-p", help="The document's province, as context."),
    on: Optional[str] = typer.Option(None, "--on", help="Date the unit must be valid on: dd/mm/yyyy or ISO."),
    registry: Optional[Path] = typer.Option(None, "--registry", "-r", help="Registry file or folder (YAML, JSON, CSV); the default registry when absent."),
    k: int = typer.Option(5, "--top", "-k", min=1, help="Candidates to show."),
    as_json: bool = typer.Option(False, "--json", help="Print the link record as JSON, with the candidates' names."),
) -> None:
    """Link MENTION to a registry entry and show the candidates, with ids, names and scores.

    Exits 1 when the mention is not linked.
    """
    from .registry import Registry

    reg = Registry.load(registry) if registry else Registry.default()
    link = reg.match(mention, province=province, on=parse_date(on, "--on"), k=k)
    names = reg.names()
    if as_json:
        record = link.model_dump(mode="json")
        record["candidates"] = [{"unit_id": uid, "name": names.get(uid), "score": score} for uid, score in link.candidates]
        typer.echo(json.dumps(record, ensure_ascii=False, indent=1))
    else:
        typer.echo(f"{link.band}: {link.unit_id or '-'}  {link.name or ''}  ({link.score:g}, {link.reason})")
        for uid, score in link.candidates:
            typer.echo(f"  {score:6.2f}  {uid}  {names.get(uid, '')}")
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
    """Print the version, and on a second line whether the hot modules run compiled (mypyc) or pure Python."""
    from ._native import describe

    typer.echo(__version__)
    typer.echo(describe())


def main() -> None:
    app()
