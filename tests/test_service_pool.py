"""The service's worker pool on a live server on 127.0.0.1: one pool of worker processes shared by every
connection, behind a bounded queue, and a disconnected client's work dropped."""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

if not Path("/proc/self/stat").exists():
    pytest.skip("the worker processes are found through /proc", allow_module_level=True)

from vnnotice.service.local import local_server, server_processes  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_service import SHORT, SLOW  # noqa: E402


def _port(url: str) -> int:
    return int(url.rpartition(":")[2])


def _workers(url: str) -> set[int]:
    server, children = server_processes(_port(url))
    assert server is not None
    return set(children)


def test_several_connections_share_the_workers_and_wait_in_the_queue() -> None:
    with local_server({"VNNOTICE_TIMEOUT": "60"}, workers=2, queue=16) as url:
        workers = _workers(url)
        assert len(workers) == 2
        health = httpx.get(url + "/healthz", trust_env=False).json()
        assert (health["workers"], health["queue"]) == (2, 16)
        statuses: list[int] = []

        def connection() -> None:  # its own connection, kept alive over its requests
            with httpx.Client(trust_env=False, timeout=60) as http:
                for _ in range(3):
                    statuses.append(http.post(url + "/v1/extract", json={"text": SHORT}).status_code)

        threads = [threading.Thread(target=connection) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        # six connections at once on two workers: the others wait, none is refused
        assert statuses == [200] * 18
        assert _workers(url) == workers  # the same two processes served every connection


def test_a_client_that_disconnects_does_not_keep_a_worker_busy() -> None:
    env = {"VNNOTICE_TIMEOUT": "60", "VNNOTICE_MAX_BYTES": str(32 * 1024 * 1024)}
    with local_server(env, workers=1, queue=4) as url:
        before = _workers(url)
        # the document takes seconds; the client gives up after 1.5 s (its work is running then) and closes
        with httpx.Client(trust_env=False, timeout=1.5) as http:
            with pytest.raises(httpx.TimeoutException):
                http.post(url + "/v1/extract", json={"text": SLOW * 6})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _workers(url) in (before, set()):
            time.sleep(0.05)
        after = _workers(url)
        assert len(after) == 1 and after != before  # its worker was stopped (not left to finish) and replaced
        assert httpx.get(url + "/healthz", trust_env=False).json()["busy"] == 0
        r = httpx.post(url + "/v1/extract", json={"text": SHORT}, trust_env=False, timeout=60)
        assert r.status_code == 200
