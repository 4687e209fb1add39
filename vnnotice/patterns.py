"""Compiled patterns with a time limit on every call.

``compile`` returns a pattern of the ``regex`` package whose match, search,
finditer, findall, sub and split calls carry a timeout, so that no input can
hold a stage on one pattern for long. The stages' patterns have no nested
unbounded repetition and run in linear time; the limit is the guard for
what review misses. A call that runs out raises ``TimeoutError``, which a
batch reports for the document (see ``vnnotice.stages.extract_many``).
"""
from __future__ import annotations

from typing import Any, Iterator

import regex

from .compiled import compile as _compile

#: Seconds one call of one pattern may take on one text.
TIMEOUT = 5.0


class TimedPattern:
    """A compiled ``regex`` pattern whose calls time out after ``timeout`` seconds."""

    __slots__ = ("pattern", "timeout")

    def __init__(self, pattern: regex.Pattern[str], timeout: float = TIMEOUT):
        self.pattern = pattern
        self.timeout = timeout

    def match(self, string: str, *args: Any, **kwargs: Any) -> regex.Match[str] | None:
        kwargs.setdefault("timeout", self.timeout)
        return self.pattern.match(string, *args, **kwargs)

    def fullmatch(self, string: str, *args: Any, **kwargs: Any) -> regex.Match[str] | None:
        kwargs.setdefault("timeout", self.timeout)
        return self.pattern.fullmatch(string, *args, **kwargs)

    def search(self, string: str, *args: Any, **kwargs: Any) -> regex.Match[str] | None:
        kwargs.setdefault("timeout", self.timeout)
        return self.pattern.search(string, *args, **kwargs)

    def finditer(self, string: str, *args: Any, **kwargs: Any) -> Iterator[regex.Match[str]]:
        kwargs.setdefault("timeout", self.timeout)
        return self.pattern.finditer(string, *args, **kwargs)

    def findall(self, string: str, *args: Any, **kwargs: Any) -> list[Any]:
        kwargs.setdefault("timeout", self.timeout)
        return self.pattern.findall(string, *args, **kwargs)

    def sub(self, repl: Any, string: str, *args: Any, **kwargs: Any) -> str:
        kwargs.setdefault("timeout", self.timeout)
        return self.pattern.sub(repl, string, *args, **kwargs)

    def split(self, string: str, *args: Any, **kwargs: Any) -> list[str]:
        kwargs.setdefault("timeout", self.timeout)
        return self.pattern.split(string, *args, **kwargs)

    def __repr__(self) -> str:
        return f"TimedPattern({self.pattern.pattern!r}, timeout={self.timeout})"


def compile(pattern: str, flags: int = 0, *, timeout: float = TIMEOUT) -> TimedPattern:  # noqa: A001
    """``regex.compile`` with a time limit on every call of the result."""
    return TimedPattern(_compile(pattern, flags), timeout)


#: Patterns compiled by :func:`bounded`, by id: they carry no time limit.
BOUNDED: set[int] = set()


def bounded(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """A plain compiled pattern, for the per-line checks of the clean and layout stages
    and the markers of the segment stage.

    A time limit costs about two microseconds a call, which over the lines of a
    long document adds up to more than the work itself. These patterns are
    anchored or a single character class (linear in what they read), and most
    read a bounded slice (a line's first or last characters).
    """
    compiled = _compile(pattern, flags)
    BOUNDED.add(id(compiled))
    return compiled
