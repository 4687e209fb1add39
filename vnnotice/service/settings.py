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
}


@dataclass(frozen=True)
class Settings:
    """Limits of the service.

    ``max_bytes``: largest request body accepted (bytes); larger bodies get
    413 before they are read in full. ``timeout``: seconds one extraction
    may take before the request gets 504. ``max_batch``: most documents in
    one batch request. ``concurrency``: extractions running at once; a
    request arriving when all are busy gets 503.
    """

    max_bytes: int = 5 * 1024 * 1024
    timeout: float = 30.0
    max_batch: int = 50
    concurrency: int = 4

    def __post_init__(self) -> None:
        if self.max_bytes < 1 or self.max_batch < 1 or self.concurrency < 1:
            raise ValueError("max_bytes, max_batch and concurrency must be at least 1")
        if not self.timeout > 0:
            raise ValueError("timeout must be positive")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: float) -> "Settings":
        """Defaults, then ``VNNOTICE_*`` variables of ``env`` (``os.environ`` by default), then ``overrides``."""
        env = os.environ if env is None else env
        types = {f.name: f.type for f in fields(cls)}
        values: dict[str, float] = {}
        for var, name in ENV.items():
            raw = env.get(var)
            if raw is None or not raw.strip():
                continue
            kind = float if types[name] in ("float", float) else int
            try:
                values[name] = kind(raw.strip())
            except ValueError as exc:
                raise ValueError(f"{var}={raw!r} is not a valid {kind.__name__}") from exc
        values.update(overrides)
        return cls(**values)
