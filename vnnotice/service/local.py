"""A server on the loopback interface in a subprocess, for tests, benchmarks and the review page.

>>> with local_server({"VNNOTICE_TIMEOUT": "10"}) as url:
...     httpx.get(url + "/healthz")

Only loopback addresses are used: the server listens on 127.0.0.1 and the
readiness probe goes there.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from typing import Iterator, Mapping

LOOPBACK = "127.0.0.1"


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port free on ``host`` now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _ready(host: str, port: int) -> bool:
    """True when ``GET /healthz`` answers 200."""
    try:
        with socket.create_connection((host, port), timeout=2) as s:
            s.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


@contextmanager
def local_server(env: Mapping[str, str] | None = None, *, workers: int = 1, start_timeout: float = 90.0) -> Iterator[str]:
    """Run ``vnnotice serve`` on 127.0.0.1 and a free port; yield its base URL; stop it on exit.

    ``env`` adds environment variables (the ``VNNOTICE_*`` settings). Raises
    ``RuntimeError`` with the server's log when it does not come up within
    ``start_timeout`` seconds.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "vnnotice", "serve", "--host", LOOPBACK, "--port", str(port),
           "--workers", str(workers), "--log-level", "warning"]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + start_timeout
            while not _ready(LOOPBACK, port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"server did not start (exit {proc.poll()}):\n{log.read().decode(errors='replace')[-3000:]}")
                time.sleep(0.2)
            yield f"http://{LOOPBACK}:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
