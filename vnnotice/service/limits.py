"""Limits of the service, as plain asyncio and ASGI (no web framework needed).

- :class:`Slots`: bounded concurrency. A slot is taken before an extraction
  starts and given back when the work really ends; extractions run in
  worker processes killed at the time budget, so a slot is free again at
  the latest when the request times out.
- :func:`run_in_slot`: run a function in a worker process (or a thread) in a
  slot, with a timeout.
- :class:`BodyLimit`: ASGI middleware refusing a body above the limit with
  413, from its Content-Length before anything is read, or as soon as a
  chunked body passes the limit; and a body that does not arrive within the
  read timeout with 408.
- :class:`Guard`: ASGI middleware adding security headers to every response
  and refusing cross-origin requests unless their origin is allowed (CORS).
- :class:`TimedH11Protocol`: uvicorn's HTTP/1.1 protocol with a deadline on
  a request's headers (slow-header connections are closed).
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
    """Await the work's future; 504 when its worker ran out of time (and was killed), or, for work in a
    thread, past ``timeout`` seconds (the thread runs on, unawaited)."""
    from ..batch.workers import START_TIMEOUT, OverBudget

    # a worker process settles its future at the budget; the margin covers a worker's start
    limit = timeout + START_TIMEOUT if hasattr(future, "budgeted") else timeout
    try:
        return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), limit)
    except (asyncio.TimeoutError, OverBudget):
        raise Problem(504, "timeout", "Extraction timed out",
                      f"the document was not processed within {timeout:g} s") from None


Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]


class _TooLarge(Problem):
    """Raised inside the app's receive once the body passes the limit (413) or its time (408)."""


async def send_problem(send: Send, problem: Problem) -> None:
    """Send a problem response on a raw ASGI connection."""
    body = json.dumps(problem.body(), ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": problem.status,
                "headers": [(b"content-type", PROBLEM_TYPE.encode()), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: 413 for a request body above ``max_bytes``; 408 for one that has not arrived
    within ``read_timeout`` seconds."""

    def __init__(self, app: Callable[..., Awaitable[None]], max_bytes: int, read_timeout: float = 30.0):
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout

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
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.read_timeout
        body_done = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received, body_done
            if body_done:  # after the body, receive waits for the disconnect: no deadline
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except asyncio.TimeoutError:
                raise _TooLarge(408, "read-timeout", "Request timeout",
                                f"the request body did not arrive within {self.read_timeout:g} s") from None
            body_done = message["type"] != "http.request" or not message.get("more_body", False)
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


#: headers added to every response
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy",
     b"default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
     b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
]


class Guard:
    """ASGI middleware: security headers on every response, and cross-origin requests refused (403)
    unless their ``Origin`` is in ``cors_origins`` (``*``: any), which then get CORS headers.

    A browser sends a form POST (multipart) from another site without asking first; the origin check
    is what keeps such a request from running.
    """

    def __init__(self, app: Callable[..., Awaitable[None]], cors_origins: tuple[str, ...] = ()):
        self.app = app
        self.cors_origins = frozenset(o.rstrip("/") for o in cors_origins)

    def _allowed(self, origin: str) -> bool:
        return "*" in self.cors_origins or origin in self.cors_origins

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        origin = headers.get(b"origin", b"").decode("latin-1").rstrip("/")
        host = headers.get(b"host", b"").decode("latin-1").lower()
        extra = list(SECURITY_HEADERS)
        # same origin: the page's host is the one this request was sent to (the scheme is not compared:
        # behind a TLS proxy the service sees http for an https page)
        cross = bool(origin) and origin.partition("://")[2].lower() != host
        if cross and not self._allowed(origin):
            problem = Problem(403, "cross-origin", "Cross-origin request refused",
                              f"requests from {origin[:100]} are not allowed (see VNNOTICE_CORS_ORIGINS)")
            body = json.dumps(problem.body(), ensure_ascii=False).encode("utf-8")
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", PROBLEM_TYPE.encode()), (b"content-length", str(len(body)).encode()),
                                    *extra]})
            await send({"type": "http.response.body", "body": body})
            return
        if cross:
            extra += [(b"access-control-allow-origin", origin.encode("latin-1")), (b"vary", b"Origin")]
            if scope["method"] == "OPTIONS" and b"access-control-request-method" in headers:
                await send({"type": "http.response.start", "status": 204, "headers": [
                    *extra, (b"access-control-allow-methods", b"GET, POST"),
                    (b"access-control-allow-headers", b"content-type"), (b"access-control-max-age", b"600")]})
                await send({"type": "http.response.body", "body": b""})
                return

        async def guarded_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, guarded_send)


def _timed_h11() -> type:
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class TimedH11Protocol(H11Protocol):  # type: ignore[misc, valid-type]
        """HTTP/1.1 with a deadline on each request's headers (``VNNOTICE_READ_TIMEOUT``): a connection
        whose headers do not arrive in time is closed (data trickling in does not extend it)."""

        header_timeout: float | None = None
        _header_timer: Any = None

        def _arm(self) -> None:
            if TimedH11Protocol.header_timeout is None:
                from .settings import Settings

                TimedH11Protocol.header_timeout = Settings.from_env().read_timeout
            self._disarm()
            self._header_timer = self.loop.call_later(TimedH11Protocol.header_timeout, self._headers_late)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_late(self) -> None:
            self._header_timer = None
            if (self.cycle is None or self.cycle.response_complete) and not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def handle_events(self) -> None:
            before = self.cycle
            super().handle_events()
            if self.cycle is not before:  # a request's headers arrived
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()  # the next request's headers

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return TimedH11Protocol


def __getattr__(name: str) -> Any:  # uvicorn is imported only when the protocol is asked for
    if name == "TimedH11Protocol":
        cls = _timed_h11()
        globals()[name] = cls
        return cls
    raise AttributeError(name)
