"""Bounded load test of ``POST /v1/extract`` on the loopback interface.

Starts ``vnnotice serve --workers W`` in a subprocess on 127.0.0.1 (a free
port), then sends N requests from K concurrent clients, each on its own
kept-alive connection, stopping after N requests or after a time bound,
whichever comes first. Prints, for each round, the load average of the
machine, requests/s, p50/p90/p99 latency of the 200 answers, the count of
each status (503 is the service shedding load when every worker is busy
and the queue is full), and the CPU time per request of the server
process, of the extraction workers and of this load generator (Linux).

The clients are a small HTTP/1.1 client on asyncio streams posting one
prepared JSON body, so that the load generator takes little of the CPU
the service needs (httpx took about 2.5 ms of CPU a request, more than the
server process).

The document is ``../shared/corpus/seeds/000_36b4c18c09ecb0d1.txt`` (about
18 KB) when present, else a document of the project's corpus; ``--tiny``
sends a two-line notice instead, to measure what a request costs around an
almost free extraction. Only loopback addresses are used.

    python benchmarks/load.py [--requests 200] [--clients 4] [--workers 2] [--queue Q] [--rounds 3] [--tiny] [--max-seconds 120]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from collections import Counter
from pathlib import Path

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


class Connection:
    """A kept-alive HTTP/1.1 connection posting one prepared JSON body: a load generator light enough not to
    take the CPU the service under test needs (the service answers with a Content-Length)."""

    def __init__(self, host: str, port: int, body: bytes):
        self.host, self.port = host, port
        self.request = (f"POST /v1/extract HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                        f"Content-Length: {len(body)}\r\n\r\n").encode("ascii") + body
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self) -> tuple[int, bytes]:
        """Send the request; (status, body) of the answer. Reconnects when the server closed the connection."""
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(self.request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
        length = next((int(v) for k, v in headers.items() if k.strip().lower() == "content-length"), None)
        if length is None:
            raise ValueError("an answer without Content-Length")
        body = await self.reader.readexactly(length)
        if any(k.strip().lower() == "connection" and v.strip().lower() == "close" for k, v in headers.items()):
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def _client(http: Connection, budget: list[int], stop_at: float, latencies: list[float], statuses: Counter) -> None:
    """One client on its own connection: requests one after another while the shared budget and the time bound last."""
    while budget[0] > 0 and time.monotonic() < stop_at:
        budget[0] -= 1
        start = time.perf_counter()
        try:
            status, _ = await asyncio.wait_for(http.post(), 120)
            statuses[status] += 1
            if status == 200:
                latencies.append(time.perf_counter() - start)
        except (OSError, ValueError, asyncio.IncompleteReadError, asyncio.TimeoutError) as exc:
            statuses[type(exc).__name__] += 1
            http.close()


async def load(base: str, payload: dict, requests: int, clients: int, max_seconds: float) -> tuple[float, list[float], Counter]:
    """Run the load; (elapsed seconds, latencies of 200 answers, status counts)."""
    latencies: list[float] = []
    statuses: Counter = Counter()
    budget = [requests]
    host, _, port = base.removeprefix("http://").partition(":")
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    connections = [Connection(host, int(port), body) for _ in range(clients)]
    try:
        for http in connections:  # warm-up: every connection opened, the workers' first use done
            status, answer = await http.post()
            if status != 200:
                raise SystemExit(f"the warm-up request got {status}: {answer[:300]!r}")
        start = time.perf_counter()
        stop_at = time.monotonic() + max_seconds
        await asyncio.gather(*(_client(http, budget, stop_at, latencies, statuses) for http in connections))
        return time.perf_counter() - start, latencies, statuses
    finally:
        for http in connections:
            http.close()


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
            client_cpu = time.process_time()
            elapsed, latencies, statuses = asyncio.run(load(base, payload, args.requests, args.clients, args.max_seconds))
            after = [cpu_seconds(p) for p in [server or 0, *workers]]
            client_cpu = time.process_time() - client_cpu
            sent = sum(statuses.values())
            line = f"load average {os.getloadavg()[0]:.2f}: {sent} requests in {elapsed:.2f} s, {sent / elapsed:.1f}/s"
            if server and sent:
                # CPU per request of the server process, of the workers and of this load generator
                line += (f"; CPU/request: server {(after[0] - before[0]) / sent * 1000:.2f} ms, "
                         f"workers {(sum(after[1:]) - sum(before[1:])) / sent * 1000:.2f} ms, "
                         f"this client {client_cpu / sent * 1000:.2f} ms")
            if latencies:
                ms = [x * 1000 for x in latencies]
                line += (f"; 200s: p50 {percentile(ms, 50):.1f} ms, p90 {percentile(ms, 90):.1f} ms, "
                         f"p99 {percentile(ms, 99):.1f} ms, mean {statistics.fmean(ms):.1f} ms, max {max(ms):.1f} ms")
            print(line + "; statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str)))


if __name__ == "__main__":
    main()
