"""Limits of the service, as plain asyncio and ASGI (no web framework needed).

- :class:`Slots`: bounded concurrency. A slot is taken before an extraction
  starts and given back when the work really ends, even after the request
  timed out (a Python thread cannot be stopped), so the number of threads
  doing work never exceeds the bound.
- :func:`run_in_slot`: run a function in a thread of the pool, in a slot,
  with a timeout.
- :class:`BodyLimit`: ASGI middleware refusing a body above the limit with
  413, from its Content-Length before anything is read, or as soon as a
  chunked body passes the limit.
- :class:`Problem` and :func:`problem_body`: RFC 9457 problem details.
"""
from __future__ import annotations

import asyncio
import json
import threading
from concurrent.futures import Executor, Future
from typing import Any, Awaitable, Callable, TypeVar

T = TypeVar("T")

PROBLEM_TYPE = "application/problem+json"
#: base of the ``type`` URIs of this service's problems (a relative URI reference, per RFC 9457)
PROBLEM_BASE = "/problems/"


class Problem(Exception):
    """An error answered as ``application/problem+json``: status, short code, title, detail."""

    def __init__(self, status: int, code: str, title: str, detail: str, **extra: Any):
        super().__init__(f"{status} {title}: {detail}")
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The problem as a JSON object."""
        return problem_body(self.status, self.code, self.title, self.detail, **self.extra)


def problem_body(status: int, code: str, title: str, detail: str, **extra: Any) -> dict[str, Any]:
    """An RFC 9457 problem object: ``type``, ``title``, ``status``, ``detail`` and extension members."""
    return {"type": PROBLEM_BASE + code, "title": title, "status": status, "detail": detail, **extra}


class Slots:
    """A non-blocking counting semaphore, safe to release from any thread."""

    def __init__(self, size: int):
        self.size = size
        self._free = size
        self._lock = threading.Lock()

    @property
    def busy(self) -> int:
        """Slots taken now."""
        with self._lock:
            return self.size - self._free

    def try_acquire(self) -> bool:
        """Take a slot if one is free; never waits."""
        with self._lock:
            if self._free == 0:
                return False
            self._free -= 1
            return True

    def release(self, *_: Any) -> None:
        """Give a slot back (extra arguments let it be a future's done callback)."""
        with self._lock:
            self._free = min(self.size, self._free + 1)


def saturated(slots: Slots) -> Problem:
    """The 503 problem of a request arriving when every slot is busy."""
    return Problem(503, "busy", "Service busy",
                   f"all {slots.size} extraction slots are busy; retry later", retry_after=1)


async def run_in_slot(slots: Slots, executor: Executor, timeout: float, fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` in ``executor`` in a slot; 503 when no slot is free, 504 past ``timeout`` seconds."""
    if not slots.try_acquire():
        raise saturated(slots)
    try:
        future = executor.submit(fn, *args)
    except BaseException:
        slots.release()
        raise
    future.add_done_callback(slots.release)
    return await wait_for_work(future, timeout)


async def wait_for_work(future: "Future[T]", timeout: float) -> T:
    """Await a thread's future for at most ``timeout`` seconds; 504 past it (the work runs on, unawaited)."""
    try:
        return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), timeout)
    except asyncio.TimeoutError:
        raise Problem(504, "timeout", "Extraction timed out",
                      f"the document was not processed within {timeout:g} s") from None


Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]


class _TooLarge(Problem):
    """Raised inside the app's receive once the body passes the limit (a 413 problem)."""


async def send_problem(send: Send, problem: Problem) -> None:
    """Send a problem response on a raw ASGI connection."""
    body = json.dumps(problem.body(), ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": problem.status,
                "headers": [(b"content-type", PROBLEM_TYPE.encode()), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: 413 for a request body above ``max_bytes``."""

    def __init__(self, app: Callable[..., Awaitable[None]], max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self, size: str) -> Problem:
        return Problem(413, "too-large", "Request body too large",
                       f"the body is {size} bytes; the limit is {self.max_bytes} bytes", limit=self.max_bytes)

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await send_problem(send, Problem(400, "bad-length", "Bad Content-Length",
                                                 "the Content-Length header is not a number"))
                return
            if int(declared) > self.max_bytes:
                await send_problem(send, self._too_large(str(int(declared))))
                return
        received = 0
        started = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    problem = self._too_large(f"more than {self.max_bytes}")
                    raise _TooLarge(problem.status, problem.code, problem.title, problem.detail, **problem.extra)
            return message

        async def tracked_send(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracked_send)
        except _TooLarge as problem:
            if not started:
                await send_problem(send, problem)
