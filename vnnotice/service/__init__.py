"""HTTP service and review page (the ``service`` extra: FastAPI, uvicorn, python-multipart).

>>> from vnnotice.service import Settings, create_app
>>> app = create_app(Settings(timeout=10))

Run it with ``vnnotice serve --host 127.0.0.1 --port 8000 --workers 2 --queue 32``: one server
process takes every connection and hands extraction to 2 worker processes
shared by all of them, with at most 32 requests waiting.
Endpoints, limits and errors are described in ``docs/http.md``; the
contract is the OpenAPI document at ``/openapi.json``.

This package imports FastAPI only inside :func:`create_app` and
:func:`serve_command`, so ``import vnnotice.cli`` works without the extra.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional

import typer

from .settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["Settings", "create_app", "serve_command"]


def create_app(settings: Optional[Settings] = None) -> "FastAPI":
    """The FastAPI application; ``settings`` default to :meth:`Settings.from_env` (``VNNOTICE_*`` variables)."""
    from .app import build_app

    return build_app(settings or Settings.from_env())


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", "-p", help="Port to listen on."),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1,
        help="Extraction worker processes, shared by every connection (VNNOTICE_CONCURRENCY; default: one per core)."),
    queue: Optional[int] = typer.Option(
        None, "--queue", "-q", min=0,
        help="Requests that may wait for a busy worker; past them 503 (VNNOTICE_QUEUE; default 32)."),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level: critical, error, warning, info, debug."),
) -> None:
    """Serve the HTTP API and the review page: one server process for every connection, extraction in a pool of
    worker processes behind a bounded queue (limits from VNNOTICE_MAX_BYTES, _TIMEOUT, _MAX_BATCH, _CONCURRENCY,
    _QUEUE, _MEMORY_MB, _READ_TIMEOUT; browser origins allowed from VNNOTICE_CORS_ORIGINS)."""
    try:
        import uvicorn
    except ImportError:
        typer.echo("the HTTP service needs the 'service' extra: pip install 'vnnotice[service]'", err=True)
        raise typer.Exit(code=2) from None
    # the options win over the environment; the app (built by uvicorn from the factory) reads both there
    if workers is not None:
        os.environ["VNNOTICE_CONCURRENCY"] = str(workers)
    if queue is not None:
        os.environ["VNNOTICE_QUEUE"] = str(queue)
    try:
        Settings.from_env()
    except ValueError as exc:
        typer.echo(f"bad setting: {exc}", err=True)
        raise typer.Exit(code=2) from None
    uvicorn.run("vnnotice.service:create_app", factory=True, host=host, port=port, log_level=log_level,
                http="vnnotice.service.limits:TimedH11Protocol", server_header=False)
