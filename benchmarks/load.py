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
import statistics
import time
from collections import Counter
from pathlib import Path

import httpx

from vnnotice.service.local import local_server

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "corpus" / "seeds" / "000_36b4c18c09ecb0d1.txt"
FALLBACK = ROOT / "corpus" / "docs" / "11-tb-syt-giao-ban-y-te-co-so.txt"


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
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=1, help="server processes (vnnotice serve --workers)")
    parser.add_argument("--concurrency", type=int, default=4, help="extraction slots per process (VNNOTICE_CONCURRENCY)")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="time bound of the load phase")
    args = parser.parse_args()
    if args.requests < 1 or args.clients < 1 or args.max_seconds <= 0:
        parser.error("--requests, --clients and --max-seconds must be positive")

    doc = document()
    payload = {"text": doc.read_text(encoding="utf-8"), "filename": doc.name}
    env = {"VNNOTICE_CONCURRENCY": str(args.concurrency), "VNNOTICE_TIMEOUT": "60"}
    with local_server(env, workers=args.workers) as base:
        elapsed, latencies, statuses = asyncio.run(load(base, payload, args.requests, args.clients, args.max_seconds))

    sent = sum(statuses.values())
    print(f"document: {doc.name} ({len(payload['text'])} chars)")
    print(f"server: {args.workers} worker(s) × {args.concurrency} slots; {args.clients} clients; {sent} requests in {elapsed:.2f} s")
    print(f"throughput: {sent / elapsed:.1f} requests/s ({len(latencies) / elapsed:.1f} answered 200/s)")
    if latencies:
        ms = [x * 1000 for x in latencies]
        print(f"latency of 200s: p50 {percentile(ms, 50):.1f} ms, p90 {percentile(ms, 90):.1f} ms, "
              f"p99 {percentile(ms, 99):.1f} ms, mean {statistics.fmean(ms):.1f} ms, max {max(ms):.1f} ms")
    print("statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str)))


if __name__ == "__main__":
    main()
