"""Bounded load test of ``POST /v1/extract`` on the loopback interface.

Starts ``vnnotice serve`` in a subprocess on 127.0.0.1 (a free port), then
sends N requests from K concurrent clients (httpx), stopping after N
requests or after a time bound, whichever comes first. Prints requests/s,
p50/p90/p99 latency and the count of each status (503 is the service
shedding load when every extraction slot is busy).

The document is ``../shared/corpus/seeds/000_36b4c18c09ecb0d1.txt`` when
present, else a document of the project's corpus. Only loopback addresses
are used.

    python benchmarks/load.py [--requests 200] [--clients 4] [--workers 1] [--concurrency 4] [--max-seconds 120]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections import Counter
from pathlib import Path

import httpx

from vnnotice.service.local import cpu_seconds, local_server, server_processes

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpus" / "seeds" / "000_36b4c18c09ecb0d1.txt"
FALLBACK = ROOT / "corpus" / "docs" / "11-tb-syt-giao-ban-y-te-co-so.txt"


#: a two-line notice: what a request costs the service around an almost free extraction
TINY = "THÔNG BÁO\n1. Sở Y tế báo cáo trước ngày 15/5/2024.\n"


def document() -> Path:
    """The seed document when the shared corpus is there, else one of our own."""
    return SEED if SEED.exists() else FALLBACK


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


async def _client(http: httpx.AsyncClient, url: str, payload: dict, budget: list[int], stop_at: float,
                  latencies: list[float], statuses: Counter) -> None:
    """One client: requests one after another while the shared budget and the time bound last."""
    while budget[0] > 0 and time.monotonic() < stop_at:
        budget[0] -= 1
        start = time.perf_counter()
        try:
            response = await http.post(url, json=payload)
            statuses[response.status_code] += 1
            if response.status_code == 200:
                latencies.append(time.perf_counter() - start)
        except httpx.HTTPError as exc:
            statuses[type(exc).__name__] += 1


async def load(base: str, payload: dict, requests: int, clients: int, max_seconds: float) -> tuple[float, list[float], Counter]:
    """Run the load; (elapsed seconds, latencies of 200 answers, status counts)."""
    latencies: list[float] = []
    statuses: Counter = Counter()
    budget = [requests]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits, trust_env=False) as http:
        await http.post(base + "/v1/extract", json=payload)  # warm-up: first use loads the stages' data
        start = time.perf_counter()
        stop_at = time.monotonic() + max_seconds
        await asyncio.gather(*(_client(http, base + "/v1/extract", payload, budget, stop_at, latencies, statuses)
                               for _ in range(clients)))
        return time.perf_counter() - start, latencies, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests to send in all (at most)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients, each on its own connection")
    parser.add_argument("--workers", type=int, default=2, help="extraction worker processes (vnnotice serve --workers)")
    parser.add_argument("--queue", type=int, default=None, help="requests that may wait (vnnotice serve --queue; default: the service's)")
    parser.add_argument("--tiny", action="store_true", help="send a two-line notice instead: the service's own cost per request")
    parser.add_argument("--rounds", type=int, default=1, help="load phases run one after another on the same server")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="time bound of each load phase")
    args = parser.parse_args()
    if args.requests < 1 or args.clients < 1 or args.max_seconds <= 0 or args.rounds < 1:
        parser.error("--requests, --clients, --rounds and --max-seconds must be positive")

    if args.tiny:
        name, payload = "tiny", {"text": TINY, "filename": "tiny.txt"}
    else:
        doc = document()
        name, payload = doc.name, {"text": doc.read_text(encoding="utf-8"), "filename": doc.name}
    print(f"document: {name} ({len(payload['text'].encode('utf-8'))} bytes)")
    print(f"server: {args.workers} worker process(es), queue {args.queue if args.queue is not None else 'default'}; "
          f"{args.clients} clients")
    with local_server({"VNNOTICE_TIMEOUT": "60"}, workers=args.workers, queue=args.queue) as base:
        server, workers = server_processes(int(base.rpartition(":")[2]))
        for _ in range(args.rounds):
            before = [cpu_seconds(p) for p in [server or 0, *workers]]
            elapsed, latencies, statuses = asyncio.run(load(base, payload, args.requests, args.clients, args.max_seconds))
            after = [cpu_seconds(p) for p in [server or 0, *workers]]
            sent = sum(statuses.values())
            line = f"load average {os.getloadavg()[0]:.2f}: {sent} requests in {elapsed:.2f} s, {sent / elapsed:.1f}/s"
            if server and sent:
                # CPU per request (the warm-up request included) of the server process and of the workers
                line += (f"; CPU/request: server {(after[0] - before[0]) / (sent + 1) * 1000:.2f} ms, "
                         f"workers {(sum(after[1:]) - sum(before[1:])) / (sent + 1) * 1000:.2f} ms")
            if latencies:
                ms = [x * 1000 for x in latencies]
                line += (f"; 200s: p50 {percentile(ms, 50):.1f} ms, p90 {percentile(ms, 90):.1f} ms, "
                         f"p99 {percentile(ms, 99):.1f} ms, mean {statistics.fmean(ms):.1f} ms, max {max(ms):.1f} ms")
            print(line + "; statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str)))


if __name__ == "__main__":
    main()
