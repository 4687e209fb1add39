"""Settings of the HTTP service, with environment overrides.

>>> Settings.from_env({"VNNOTICE_TIMEOUT": "5"}).timeout
5.0
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Mapping


def cores() -> int:
    """Cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)

#: environment variable → settings field
ENV = {
    "VNNOTICE_MAX_BYTES": "max_bytes",
    "VNNOTICE_TIMEOUT": "timeout",
    "VNNOTICE_MAX_BATCH": "max_batch",
    "VNNOTICE_CONCURRENCY": "concurrency",
    "VNNOTICE_QUEUE": "queue",
    "VNNOTICE_MEMORY_MB": "memory_mb",
    "VNNOTICE_READ_TIMEOUT": "read_timeout",
    "VNNOTICE_CORS_ORIGINS": "cors_origins",
}


@dataclass(frozen=True)
class Settings:
    """Limits of the service.

    ``max_bytes``: largest request body accepted (bytes); larger bodies get
    413 before they are read in full. ``timeout``: seconds a request's
    extraction may take, counted from its arrival (time waiting in the
    queue included), before the request gets 504; its work is stopped then
    (a queued one is never started, a running one has its worker process
    killed and replaced). ``max_batch``: most documents in one batch
    request. ``concurrency``: worker processes extracting at once, shared
    by every connection (default: one per core). ``queue``: requests that
    may wait for a worker when all are busy; a request arriving when the
    queue is full gets 503. Each worker is limited to ``memory_mb``
    megabytes above its start-up size (0: no limit). ``read_timeout``:
    seconds a request's headers, and then its body, may take to arrive.
    ``cors_origins``: origins (``https://host``) whose pages may call the
    service from a browser; none by default (a cross-origin request gets
    403), ``*`` for any.
    """

    max_bytes: int = 5 * 1024 * 1024
    timeout: float = 30.0
    max_batch: int = 50
    concurrency: int = field(default_factory=cores)
    queue: int = 32
    memory_mb: int = 1024
    read_timeout: float = 15.0
    cors_origins: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.max_bytes < 1 or self.max_batch < 1 or self.concurrency < 1:
            raise ValueError("max_bytes, max_batch and concurrency must be at least 1")
        if not self.timeout > 0 or not self.read_timeout > 0:
            raise ValueError("timeout and read_timeout must be positive")
        if self.queue < 0:
            raise ValueError("queue must be 0 (no waiting) or more")
        if self.memory_mb < 0:
            raise ValueError("memory_mb must be 0 (no limit) or more")
        if isinstance(self.cors_origins, str):
            object.__setattr__(self, "cors_origins", tuple(o.strip() for o in self.cors_origins.split(",") if o.strip()))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> "Settings":
        """Defaults, then ``VNNOTICE_*`` variables of ``env`` (``os.environ`` by default), then ``overrides``."""
        env = os.environ if env is None else env
        types = {f.name: f.type for f in fields(cls)}
        values: dict[str, object] = {}
        for var, name in ENV.items():
            raw = env.get(var)
            if raw is None or not raw.strip():
                continue
            if name == "cors_origins":
                values[name] = raw
                continue
            kind = float if types[name] in ("float", float) else int
            try:
                values[name] = kind(raw.strip())
            except ValueError as exc:
                raise ValueError(f"{var}={raw!r} is not a valid {kind.__name__}") from exc
        values.update(overrides)
        return cls(**values)
