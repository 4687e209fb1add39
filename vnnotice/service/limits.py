"""Limits of the service, as plain asyncio and ASGI (no web framework needed).

- :class:`Slots`: bounded concurrency; :class:`Admission`, the slots of the
  extraction: one per worker process plus a bounded queue. A slot is taken
  when a request arrives (503 when none is free: the queue is full) and
  given back when its work really ends; the work runs in worker processes
  with the request's deadline (not started past it, killed at it), so a
  slot is free again at the latest when the request times out.
- :func:`run_in_slot`: run a function in a worker process (or a thread) in a
  slot, by a deadline; the work is dropped when the client disconnects.
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
import time
from concurrent.futures import Executor, Future
from typing import Any, Awaitable, Callable, TypeVar

from ..wording import counted

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


class Admission(Slots):
    """The extraction's slots: ``workers`` running plus ``queue`` waiting for a worker."""

    def __init__(self, workers: int, queue: int):
        super().__init__(workers + queue)
        self.workers = workers
        self.queue = queue

    @property
    def waiting(self) -> int:
        """Requests admitted that wait for a worker (an estimate: a slot is busy until its work ends)."""
        return max(0, self.busy - self.workers)


def saturated(slots: Slots) -> Problem:
    """The 503 problem of a request arriving when every slot is busy (the queue is full)."""
    if isinstance(slots, Admission):
        workers = "the extraction worker is busy" if slots.workers == 1 else \
            f"all {counted(slots.workers, 'extraction worker')} are busy"
        queue = "no request may wait (the queue length is 0)" if slots.queue == 0 else \
            f"the queue of {counted(slots.queue, 'waiting request')} is full"
        detail = f"{workers} and {queue}; retry later"
    else:
        detail = ("the extraction slot is busy" if slots.size == 1 else f"all {slots.size} extraction slots are busy") \
            + "; retry later"
    return Problem(503, "busy", "Service busy", detail, retry_after=1)


#: the status logged for a request whose client went away before its answer (nobody reads it)
CLIENT_GONE = 499

Watch = Callable[[], Awaitable[Any]]


async def run_in_slot(slots: Slots, executor: Executor, timeout: float, fn: Callable[..., T], *args: Any,
                      watch: Watch | None = None) -> T:
    """Run ``fn(*args)`` in ``executor`` in a slot; 503 when no slot is free, 504 past ``timeout`` seconds.

    In a :class:`~vnnotice.batch.workers.WorkerPool` the deadline (now + ``timeout``) goes with the work:
    past it the work is not started, or its worker is killed. ``watch`` returns when the client has
    disconnected (see :func:`disconnected`); the work is then dropped."""
    from ..batch.workers import WorkerPool

    if not slots.try_acquire():
        raise saturated(slots)
    try:
        if isinstance(executor, WorkerPool):
            future = executor.submit(fn, *args, deadline=time.monotonic() + timeout)  # type: ignore[arg-type]
        else:
            future = executor.submit(fn, *args)
    except BaseException:
        slots.release()
        raise
    future.add_done_callback(slots.release)
    abandon = executor.abandon if isinstance(executor, WorkerPool) else None
    return await wait_for_work(future, timeout, watch=watch, abandon=abandon)


def disconnected(receive: Receive) -> Watch:
    """A watch for :func:`run_in_slot`: returns when ``receive`` (a request's, after its body) says the
    client disconnected."""

    async def watch() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    return watch


async def wait_for_work(future: "Future[T]", timeout: float, *, watch: Watch | None = None,
                        abandon: Callable[[Future], None] | None = None) -> T:
    """Await the work's future; 504 when its worker ran out of time (and was killed), or, for work in a
    thread, past ``timeout`` seconds (the thread runs on, unawaited).

    When ``watch`` returns first (the client went away) or the awaiting task is cancelled, the work is
    given to ``abandon`` (a queued task is dropped, a running one stopped) and :data:`CLIENT_GONE` is
    raised as a problem nobody reads."""
    from ..batch.workers import START_TIMEOUT, OverBudget

    # a worker process settles its future at the budget; the margin covers a worker's start
    limit = timeout + START_TIMEOUT if hasattr(future, "budgeted") else timeout
    work = asyncio.wrap_future(future)
    work.add_done_callback(_retrieved)  # a result nobody awaits any more is not logged as lost
    watcher = asyncio.ensure_future(watch()) if watch is not None else None
    pending: set[asyncio.Future] = {work} if watcher is None else {work, watcher}
    loop = asyncio.get_running_loop()
    end = loop.time() + limit
    try:
        while True:
            done, _ = await asyncio.wait(pending, timeout=max(0.0, end - loop.time()),
                                         return_when=asyncio.FIRST_COMPLETED)
            if work in done:
                try:
                    return work.result()
                except OverBudget as exc:
                    raise _timed_out(timeout, queued=exc.queued) from None
            if not done:  # a thread's work runs on, unawaited
                if abandon is not None:
                    abandon(future)
                raise _timed_out(timeout)
            if watcher is not None and watcher.exception() is None:  # the client went away
                if abandon is not None:
                    abandon(future)
                raise Problem(CLIENT_GONE, "client-gone", "Client closed the request",
                              "the client disconnected before the answer; its work was dropped")
            pending = {work}  # the watch failed: wait for the work alone
    except asyncio.CancelledError:
        if abandon is not None:
            abandon(future)
        raise
    finally:
        if watcher is not None and not watcher.done():
            watcher.cancel()


def _retrieved(work: asyncio.Future) -> None:
    if not work.cancelled():
        work.exception()


def _timed_out(timeout: float, queued: bool = False) -> Problem:
    why = " (it waited for a worker that long and was not started)" if queued else ""
    return Problem(504, "timeout", "Extraction timed out", f"the document was not processed within {timeout:g} s{why}")


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
                       f"the body is {counted(size, 'byte')}; the limit is {counted(self.max_bytes, 'byte')}",
                       limit=self.max_bytes)

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
