"""Wording of the messages the service and the batch build around a count."""
from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun`` agreeing: ``1 worker``, ``2 workers``, ``0 workers`` (``plural``: an irregular form,
    ``counted(2, "entry", "entries")``)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
