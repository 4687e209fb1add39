"""Worker processes with a time and memory budget per task, killed and replaced when they pass it.

The batch (``--engine local``), ``extract_many`` in processes
(``vnnotice extract --workers N``) and the HTTP service run every extraction
here, so no document can hold a CPU or memory for longer than its budget:

* **time**: a task that has not answered within ``timeout`` seconds has its
  worker killed (``SIGKILL``); the task fails with :class:`OverBudget` and a
  fresh worker takes the next task;
* **memory**: each worker's address space is capped (``RLIMIT_AS``) at what
  it used after start-up plus ``memory_mb``; past it allocations fail with
  ``MemoryError`` inside the task (or the worker dies, :class:`WorkerDied`);
* **no orphans**: a worker dies with the process that started it (Linux:
  ``PR_SET_PDEATHSIG`` through ``prctl``; elsewhere it ends when its
  parent's pipe closes), so ``kill -9`` of a batch or a server leaves no
  worker behind.

A task may carry a **deadline** (``submit(..., deadline=t)``, a
``time.monotonic()`` instant): past it the task is not started (it fails
with :class:`OverBudget`), and once started its budget is the time left
before it, so a task that waited in the queue gets no more than its
deadline. :meth:`WorkerPool.abandon` drops a task nobody awaits any more: a
queued one is cancelled, a running one has its worker killed and replaced.
With ``eager=True`` the workers start with the pool (not on first use),
and a killed worker is replaced at once, before the next task is taken.

Tasks are named functions (``"package.module:function"``) with picklable
arguments and results. Workers are plain ``python`` processes started with
``subprocess`` (not forked: a threaded server forks badly), talking pickle
over their standard input and output.
"""
from __future__ import annotations

import os
import pickle
import queue
import select
import signal
import struct
import subprocess
import sys
import threading
from collections import deque
from concurrent.futures import Future, wait
from typing import Any, Iterable, Iterator, Sequence

#: seconds one task may run (batch default; the service uses its own ``timeout`` setting)
DEFAULT_TIMEOUT = 120.0
#: megabytes of address space a worker may add to what it holds after start-up
DEFAULT_MEMORY_MB = 2048
#: seconds a worker may take to start (imports)
START_TIMEOUT = 120.0
_HEADER = struct.Struct("!Q")
_PARENT_ENV = "VNNOTICE_WORKER_PARENT"
#: why an abandoned task (:meth:`WorkerPool.abandon`) ended
STOPPED = "stopped: nobody awaits the result any more"
_BOOT = "import sys; from vnnotice.batch.workers import main; main(sys.argv[1:])"


class OverBudget(RuntimeError):
    """A task that ran out of its time budget (its worker was killed, or, with ``queued``, it was never
    started: its deadline passed while it waited for a worker)."""

    def __init__(self, message: str, *, queued: bool = False):
        super().__init__(message)
        self.queued = queued


class WorkerDied(RuntimeError):
    """A worker that ended while running a task (killed by the system, a crash)."""


# -- the worker side ---------------------------------------------------------------------------------------------


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    parent = os.environ.get(_PARENT_ENV, "")
    if parent.isdigit() and os.getppid() != int(parent):  # the parent died before prctl took effect
        os._exit(0)


def _address_space() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit_memory(memory_mb: int) -> None:
    if memory_mb <= 0:
        return
    try:
        import resource

        limit = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # no limit on this platform
        pass


def _resolve(target: str) -> Any:
    module, _, name = target.partition(":")
    obj: Any = __import__(module, fromlist=["_"])
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def _read_exact(stream: Any, size: int) -> bytes | None:
    data = stream.read(size)
    return data if data is not None and len(data) == size else None


def _reply(out: Any, outcome: tuple[str, Any]) -> None:
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        if not (outcome[0] == "ok" and type(outcome[1]) in (bytes, str)):  # those always come back whole
            pickle.loads(data)  # an exception that does not come back in one piece is sent as text
    except Exception:
        kind, value = outcome
        data = pickle.dumps((kind, RuntimeError(f"{type(value).__name__}: {value}") if kind == "error" else value))
    out.write(_HEADER.pack(len(data)) + data)
    out.flush()


def main(argv: Sequence[str]) -> None:
    """Worker loop; ``argv``: MEMORY_MB, then the modules to import before the first task."""
    _die_with_parent()
    channel_in, channel_out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a print in a task must not garble the channel
    for module in argv[1:]:
        __import__(module)
    stages = sys.modules.get("vnnotice.stages")
    if stages is not None:  # vocabularies are compiled on first use: not in the first task's time budget
        stages.warm_up()
    _limit_memory(int(argv[0]))
    _reply(channel_out, ("ready", os.getpid()))
    while True:
        header = _read_exact(channel_in, _HEADER.size)
        if header is None:
            return
        payload = _read_exact(channel_in, _HEADER.unpack(header)[0])
        if payload is None:
            return
        try:
            target, args = pickle.loads(payload)
            outcome: tuple[str, Any] = ("ok", _resolve(target)(*args))
        except BaseException as exc:  # the task's failure goes back to the parent
            outcome = ("error", exc)
        try:
            _reply(channel_out, outcome)
        except MemoryError:
            _reply(channel_out, ("error", MemoryError("the result does not fit in the memory budget")))


# -- the parent side ---------------------------------------------------------------------------------------------


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, memory_mb: int, preload: Sequence[str]):
        env = {**os.environ, _PARENT_ENV: str(os.getpid()),
               "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _BOOT, str(memory_mb), *preload],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, start_new_session=True)
        self._out = self.proc.stdout.fileno()
        try:
            self._receive(START_TIMEOUT)
        except BaseException as exc:
            self.kill()
            raise WorkerDied(f"the worker did not start ({type(exc).__name__}: {exc})") from None

    def _read(self, size: int, deadline: float) -> bytes:
        chunks, left = [], size
        while left:
            wait = deadline - _now()
            if wait <= 0:
                raise OverBudget("time")
            ready, _, _ = select.select([self._out], [], [], wait)
            if not ready:
                continue
            chunk = os.read(self._out, min(left, 1 << 20))
            if not chunk:
                code = self.proc.wait()
                raise WorkerDied(f"the worker ended (exit status {code})")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def _receive(self, timeout: float) -> Any:
        deadline = _now() + timeout
        size = _HEADER.unpack(self._read(_HEADER.size, deadline))[0]
        kind, value = pickle.loads(self._read(size, deadline))
        if kind == "error":
            raise value
        return value

    def call(self, target: str, args: tuple[Any, ...], timeout: float) -> Any:
        """Run ``target(*args)`` in the worker; :class:`OverBudget` past ``timeout`` seconds."""
        payload = pickle.dumps((target, args), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.proc.stdin.write(_HEADER.pack(len(payload)) + payload)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise WorkerDied(f"the worker ended ({exc})") from None
        return self._receive(timeout)

    def signal_kill(self) -> None:
        """Send the worker ``SIGKILL`` (from any thread); the thread that talks to it sees it end."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def kill(self) -> None:
        """Kill the worker (and anything it started in its process group) and reap it."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass


def _settled(future: Future) -> Future:
    wait([future])
    return future


def _now() -> float:
    import time

    return time.monotonic()


class WorkerPool:
    """``size`` worker processes; :meth:`submit` gives a ``Future`` that a budget always settles."""

    def __init__(self, size: int, *, timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB,
                 preload: Sequence[str] = ("vnnotice.stages",), eager: bool = False):
        self.size = size
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.preload = tuple(preload)
        self.eager = eager
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._threads = [threading.Thread(target=self._serve, name=f"vnnotice-worker-{k}", daemon=True)
                         for k in range(size)]
        self._closed = False
        self._live: set[_Worker] = set()  # workers now started, for shutdown(kill=True)
        self._lock = threading.Lock()
        self._running: dict[Future, _Worker] = {}  # the worker of each task now running (for abandon)
        self._abandoned: set[Future] = set()
        self._started = threading.Semaphore(0)  # released by each thread once its eager start is over
        for thread in self._threads:
            thread.start()

    def submit(self, target: str, *args: Any, deadline: float | None = None) -> Future:
        """Run ``target`` (``"module:function"``) on ``args`` in a worker; not started past ``deadline``
        (a ``time.monotonic()`` instant), and stopped there when running."""
        if self._closed:
            raise RuntimeError("the worker pool is shut down")
        future: Future = Future()
        future.budgeted = True  # type: ignore[attr-defined]  # settled by the pool at the time budget
        self._tasks.put((future, target, args, deadline))
        return future

    def in_order(self, target: str, argsets: Iterable[tuple[Any, ...]], *, window: int | None = None) -> Iterator[Future]:
        """Run ``target`` on each tuple of ``argsets``; yield each task's future once it is settled (a result,
        or the budget's error), in the order of ``argsets``. At most ``window`` tasks (default ``2 * size + 1``)
        are submitted ahead of the one awaited, so memory stays flat however many there are."""
        window = max(1, window if window is not None else 2 * self.size + 1)
        running: deque[Future] = deque()
        for args in argsets:
            if len(running) >= window:
                yield _settled(running.popleft())
            running.append(self.submit(target, *args))
        while running:
            yield _settled(running.popleft())

    def wait_started(self, timeout: float = START_TIMEOUT) -> int:
        """With ``eager``: wait until every worker has started (or failed to), at most ``timeout`` seconds;
        the number of workers ready."""
        end = _now() + timeout
        for _ in range(self.size if self.eager else 0):
            if not self._started.acquire(timeout=max(0.0, end - _now())):
                break
        return len(self._live)

    def abandon(self, future: Future) -> None:
        """Nobody awaits ``future`` any more: cancel it when it waits in the queue, kill its worker (which
        is replaced) when it runs; nothing when it is done."""
        if future.cancel():
            return
        with self._lock:
            if future.done():
                return
            self._abandoned.add(future)
            worker = self._running.get(future)
            if worker is not None:
                worker.signal_kill()

    def _start(self) -> _Worker:
        worker = _Worker(self.memory_mb, self.preload)
        self._live.add(worker)
        return worker

    def _drop(self, worker: _Worker) -> None:
        worker.kill()
        self._live.discard(worker)

    def _serve(self) -> None:
        # the worker is started by this thread, which lives as long as the worker (PR_SET_PDEATHSIG
        # follows the thread that started a process)
        worker: _Worker | None = None
        try:
            if self.eager:
                try:
                    worker = self._start()
                except WorkerDied:
                    worker = None  # tried again at the first task
                finally:
                    self._started.release()
            while True:
                task = self._tasks.get()
                if task is None:
                    return
                future, target, args, deadline = task
                if not future.set_running_or_notify_cancel():
                    continue
                budget = self.timeout
                if deadline is not None:
                    budget = min(budget, deadline - _now())
                    if budget <= 0:  # it waited past its deadline: never started
                        future.set_exception(OverBudget("not started within its time budget (it waited in the queue)", queued=True))
                        continue
                abandoned = False
                try:
                    if worker is None:
                        worker = self._start()
                    with self._lock:
                        abandoned = future in self._abandoned
                        if not abandoned:
                            self._running[future] = worker
                    if abandoned:  # given up on while its worker was starting
                        future.set_exception(WorkerDied(STOPPED))
                        continue
                    try:
                        result = worker.call(target, args, budget)
                    finally:
                        with self._lock:
                            self._running.pop(future, None)
                            abandoned = future in self._abandoned
                    future.set_result(result)
                except (OverBudget, WorkerDied) as exc:
                    if worker is not None:
                        self._drop(worker)
                    worker = None
                    if abandoned:
                        exc = WorkerDied(STOPPED)
                    elif isinstance(exc, OverBudget):
                        exc = OverBudget(f"not done within the time budget of {budget:g} s")
                    future.set_exception(exc)
                    if self.eager and not self._closed:
                        try:
                            worker = self._start()  # the replacement is ready before the next task
                        except WorkerDied:
                            worker = None
                except BaseException as exc:  # the task's own failure
                    future.set_exception(exc)
                finally:
                    with self._lock:  # the future is settled: abandon() adds it no more
                        self._abandoned.discard(future)
        finally:
            if worker is not None:
                self._drop(worker)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False, kill: bool = False) -> None:
        """Stop the workers (tasks not started are cancelled when ``cancel_futures``; running ones are
        killed at once when ``kill``, else they finish within their budget)."""
        self._closed = True
        if kill:
            for worker in list(self._live):
                worker.kill()  # its task fails with WorkerDied
        if cancel_futures:
            while True:
                try:
                    task = self._tasks.get_nowait()
                except queue.Empty:
                    break
                if task is not None:
                    task[0].cancel()
        for _ in self._threads:
            self._tasks.put(None)
        if wait:
            for thread in self._threads:
                thread.join()

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown(wait=True, cancel_futures=True, kill=exc[0] is not None)

