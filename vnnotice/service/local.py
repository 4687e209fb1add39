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


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (Linux /proc), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_processes(port: int) -> tuple[int | None, list[int]]:
    """The ``vnnotice serve`` process listening on ``port`` and its children (the extraction workers),
    found through /proc (Linux); (None, []) elsewhere."""
    server, children = None, []
    procs = [p for p in os.listdir("/proc") if p.isdigit()] if os.path.isdir("/proc") else []
    for pid in procs:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if b"serve" in argv and b"--port" in argv and argv[argv.index(b"--port") + 1:][:1] == [str(port).encode()]:
            server = int(pid)
    for pid in procs if server else []:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                if int(f.read().rpartition(")")[2].split()[1]) == server:
                    children.append(int(pid))
        except (OSError, ValueError, IndexError):
            continue
    return server, children


@contextmanager
def local_server(env: Mapping[str, str] | None = None, *, workers: int | None = None, queue: int | None = None,
                 start_timeout: float = 90.0) -> Iterator[str]:
    """Run ``vnnotice serve`` on 127.0.0.1 and a free port; yield its base URL; stop it on exit.

    ``env`` adds environment variables (the ``VNNOTICE_*`` settings);
    ``workers`` and ``queue`` are given as ``--workers`` and ``--queue``
    when set. Raises ``RuntimeError`` with the server's log when it does not
    come up within ``start_timeout`` seconds.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "vnnotice", "serve", "--host", LOOPBACK, "--port", str(port), "--log-level", "warning"]
    cmd += ["--workers", str(workers)] if workers is not None else []
    cmd += ["--queue", str(queue)] if queue is not None else []
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
