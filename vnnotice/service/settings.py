"""Settings of the HTTP service, with environment overrides.

>>> Settings.from_env({"VNNOTICE_TIMEOUT": "5"}).timeout
5.0
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Mapping

#: environment variable → settings field
ENV = {
    "VNNOTICE_MAX_BYTES": "max_bytes",
    "VNNOTICE_TIMEOUT": "timeout",
    "VNNOTICE_MAX_BATCH": "max_batch",
    "VNNOTICE_CONCURRENCY": "concurrency",
    "VNNOTICE_MEMORY_MB": "memory_mb",
    "VNNOTICE_READ_TIMEOUT": "read_timeout",
    "VNNOTICE_CORS_ORIGINS": "cors_origins",
}


@dataclass(frozen=True)
class Settings:
    """Limits of the service.

    ``max_bytes``: largest request body accepted (bytes); larger bodies get
    413 before they are read in full. ``timeout``: seconds one extraction
    may take before the request gets 504. ``max_batch``: most documents in
    one batch request. ``concurrency``: extractions running at once; a
    request arriving when all are busy gets 503. Each extraction runs in a
    worker process killed past ``timeout`` (the slot is then free) and
    limited to ``memory_mb`` megabytes above its start-up size (0: no
    limit). ``read_timeout``: seconds a request's headers, and then its
    body, may take to arrive. ``cors_origins``: origins (``https://host``)
    whose pages may call the service from a browser; none by default (a
    cross-origin request gets 403), ``*`` for any.
    """

    max_bytes: int = 5 * 1024 * 1024
    timeout: float = 30.0
    max_batch: int = 50
    concurrency: int = 4
    memory_mb: int = 1024
    read_timeout: float = 15.0
    cors_origins: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.max_bytes < 1 or self.max_batch < 1 or self.concurrency < 1:
            raise ValueError("max_bytes, max_batch and concurrency must be at least 1")
        if not self.timeout > 0 or not self.read_timeout > 0:
            raise ValueError("timeout and read_timeout must be positive")
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
