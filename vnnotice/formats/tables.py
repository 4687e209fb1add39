"""Table structure of a source text: rows of cells, each cell a span of the text.

The readers keep the tables they meet so that later stages can read them as
tables (an appendix task table is a table of tasks, one row each) even after
cleaning has turned every cell into a paragraph. All three inputs reach the
same structure:

* Markdown: the legal portals' pages write a table as lines that hold only
  ``|``, one between cells (``|`` cell ``|`` cell ``|`` then the next row's
  ``|``, so two bar lines in a row part two rows); a GFM pipe table
  (``| a | b |`` on one line) is read too. Neither says how cells are merged.
* HTML (:func:`vnnotice.read.html_to_text`): ``<tr>``/``<td>``/``<th>``
  with ``colspan`` and ``rowspan``.
* DOCX (:mod:`vnnotice.formats.docx`): ``w:tr``/``w:tc`` with
  ``w:gridSpan`` and ``w:vMerge``.

Spans are ``(start, end)`` in the text the reader returned (the source text
of the clean stage), whitespace trimmed; an empty cell has ``start == end``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

Span = tuple[int, int]


class Cell(NamedTuple):
    """One cell: its span in the source text and how many columns and rows it covers."""

    start: int
    end: int
    colspan: int = 1
    rowspan: int = 1  # rows it covers, itself included; 0 when it continues the cell above (DOCX vMerge)


@dataclass(frozen=True)
class Table:
    """The rows of one table, in order; ``merged`` tells whether spans of merged cells are known."""

    rows: tuple[tuple[Cell, ...], ...]
    merged: bool = True


def _trimmed(text: str, start: int, end: int) -> Cell:
    """The cell of ``text[start:end]`` without its surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Cell(start, end)


_PIPE_ROW = re.compile(r"^[ \t]*\|(.*\|)[ \t]*\r?$", re.M)
_PIPE_RULE = re.compile(r"^[\s|:-]*$")


def _bar_lines(text: str) -> tuple[list[int], dict[int, int]]:
    """Starts of the lines that hold only '|', and where each ends (before its line break)."""
    bars: list[int] = []
    ends: dict[int, int] = {}
    find, rfind = text.find, text.rfind
    pos = find("|")
    while pos >= 0:
        start = rfind("\n", 0, pos) + 1
        end = find("\n", pos)
        end = len(text) if end < 0 else end
        if text[start:end].strip() == "|":
            bars.append(start)
            ends[start] = end
        pos = find("|", end)
    return bars, ends


def _bar_tables(text: str) -> list[tuple[int, list[list[Cell]]]]:
    """Tables written with bar lines: (start offset, rows of cells)."""
    bars, ends = _bar_lines(text)
    out: list[tuple[int, list[list[Cell]]]] = []
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    first = None
    for a, b in zip(bars, bars[1:]):
        s, e = ends[a] + 1, b  # the lines between two bar lines
        body = text[s:e] if s <= e else ""
        if body.strip() and (body.startswith(("\n", "\r\n")) or body.strip(" \t").startswith("\n")):
            # text after a blank line is outside any table: the table before it has ended
            if row:
                rows.append(row)
            if rows:
                out.append((first, rows))
            rows, row, first = [], [], None
            continue
        if first is None:
            first = a
        if not body.strip():
            # an empty segment ends a row (or is an empty cell: the reader of the table tells them apart)
            rows.append(row)
            row = []
            continue
        if not body.strip(" \t\r\n*_"):  # a cell of markup only ('** **'): an empty cell
            row.append(Cell(s, s))
            continue
        row.append(_trimmed(text, s, e))
    if row:
        rows.append(row)
    if rows:
        out.append((first, rows))
    return out


def _pipe_tables(text: str) -> list[tuple[int, list[list[Cell]]]]:
    """GFM pipe tables (``| a | b |`` lines; the ``|---|`` rule row dropped)."""
    out: list[tuple[int, list[list[Cell]]]] = []
    rows: list[list[Cell]] = []
    last_end = -2
    first = 0
    for m in _PIPE_ROW.finditer(text):
        inner = m.group(1)
        if inner.count("|") < 2 and not inner.strip(" |"):
            continue
        if m.start() != last_end + 1 and rows:
            out.append((first, rows))
            rows = []
        if not rows:
            first = m.start()
        last_end = m.end()
        if _PIPE_RULE.match(inner):
            continue
        cells = []
        pos = m.start(1)
        for part in re.split(r"(?<!\\)\|", inner)[:-1]:
            cells.append(_trimmed(text, pos, pos + len(part)))
            pos += len(part) + 1
        rows.append(cells)
    if rows:
        out.append((first, rows))
    return out


def markdown_tables(text: str) -> tuple[Table, ...]:
    """The tables of a Markdown text, in text order (merged cells unknown)."""
    if "|" not in text:
        return ()
    found = _bar_tables(text) + _pipe_tables(text)
    found.sort(key=lambda t: t[0])
    return tuple(Table(tuple(tuple(r) for r in rows), merged=False) for _, rows in found)
