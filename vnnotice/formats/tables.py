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
from typing import Final, NamedTuple

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


_new_tuple = tuple.__new__  # a Cell made as a tuple of its four fields: NamedTuple's __new__ is a Python function


def _bar_lines(text: str) -> tuple[list[int], list[int], bool]:
    """Starts of the lines that hold only '|', where each ends (before its line break), and whether
    some line holds two '|' or more (only such a line can be a pipe table's row)."""
    starts: list[int] = []
    ends: list[int] = []
    pipes = False
    find, rfind = text.find, text.rfind
    n = len(text)
    pos = find("|")
    while pos >= 0:
        # (the first '|' of its line: the search goes on after the line's end)
        if (pos == 0 or text[pos - 1] == "\n") and (pos + 1 == n or text[pos + 1] == "\n"):
            starts.append(pos)  # '|' alone on its line (the common case: no search, no slice)
            ends.append(pos + 1)
            pos = find("|", pos + 1)
            continue
        start = rfind("\n", 0, pos) + 1
        end = find("\n", pos)
        end = n if end < 0 else end
        if text[start:end].strip() == "|":
            starts.append(start)
            ends.append(end)
        elif not pipes and find("|", pos + 1, end) >= 0:
            pipes = True
        pos = find("|", end)
    return starts, ends, pipes


_MARKUP: Final = " \t\r\n*_"  # what a cell of markup only holds ('** **')


def _bar_tables(text: str, bars: list[int], ends: list[int]) -> list[tuple[int, list[list[Cell]]]]:
    """Tables written with bar lines (``bars``, ``ends``: see :func:`_bar_lines`): (start offset, rows of cells)."""
    out: list[tuple[int, list[list[Cell]]]] = []
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    first = -1
    for j in range(len(bars) - 1):
        s, e = ends[j] + 1, bars[j + 1]  # the lines between two bar lines
        # the segment's text without its surrounding white space: [p, q), empty when it is white space only
        p = s
        while p < e and text[p].isspace():
            p += 1
        if p < e and p > s and (text.startswith("\r\n", s) or text[s:p].lstrip(" \t").startswith("\n")):
            # text after a blank line is outside any table: the table before it has ended
            if row:
                rows.append(row)
            if rows:
                out.append((first, rows))
            rows, row, first = [], [], -1
            continue
        if first < 0:
            first = bars[j]
        if p == e:
            # an empty segment ends a row (or is an empty cell: the reader of the table tells them apart)
            rows.append(row)
            row = []
            continue
        q = e
        while text[q - 1].isspace():  # (stops at p at the latest: text[p] is no white space)
            q -= 1
        if text[p] in "*_" and not text[s:e].strip(_MARKUP):  # a cell of markup only ('** **'): an empty cell
            row.append(_new_tuple(Cell, (s, s, 1, 1)))
            continue
        row.append(_new_tuple(Cell, (p, q, 1, 1)))
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
    bars, ends, pipes = _bar_lines(text)
    found = _bar_tables(text, bars, ends)
    if pipes:
        found += _pipe_tables(text)
    found.sort(key=lambda t: t[0])
    return tuple(Table(tuple(tuple(r) for r in rows), merged=False) for _, rows in found)
