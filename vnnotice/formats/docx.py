"""DOCX reader: the body's paragraphs and tables in document order, as text.

* Paragraphs give one line each; a manual line break gives a new line; an
  empty paragraph gives a blank line (several give one).
* Word's automatic numbering is written out: a numbered paragraph has no
  ``1.`` in its runs, so its numbering properties (``numId``, ``ilvl``, from
  the paragraph or its style) are looked up in the numbering part and the
  rendered marker (``1.``, ``a)``, ``(2)``, ``-``, ``+``) is put in front of
  the text. Without it the directive tree would be lost.
* Tables: a row whose cells each hold one line becomes one line, cells
  separated by `` | ``; a layout row (header or signature block: cells of
  several paragraphs) gives its cells one after the other, a line per
  paragraph, as the plain-text exports of such documents do.
* The structure of every top-level table is kept (:mod:`vnnotice.formats.tables`):
  each cell's span in the text, ``w:gridSpan`` as its column span,
  ``w:vMerge`` continuation as a cell that continues the one above.
* Headers, footers, footnotes, comments and text boxes are left out.
* Runs set in a legacy font (``.VnTime``/``.VnTimeH``, ``VNI-Times``) are
  converted to Unicode.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterator

from . import legacy
from .tables import Cell, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CELL_SEP = " | "
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_LITERAL_BULLETS = {"-": "-", "–": "-", "—": "-", "+": "+"}


class DocxError(ValueError):
    """A DOCX that cannot be read (the reason is the message)."""


#: list levels Word has (``w:ilvl`` 0–8) and the largest start value it accepts
MAX_LEVEL = 8
MAX_START = 32_767


def _int(value: str | None, what: str, low: int, high: int, default: int) -> int:
    """A numbering attribute as an int in ``low..high``; :class:`DocxError` naming it otherwise."""
    if value is None:
        return default
    text = value.strip()
    if not (text.lstrip("-").isdigit() and len(text) <= 12):
        raise DocxError(f"bad list numbering: {what} {value[:40]!r} is not a number")
    number = int(text)
    if not low <= number <= high:
        raise DocxError(f"bad list numbering: {what} {number} is outside {low}–{high}")
    return number


def _attr(el: Any, tag: str) -> str | None:
    """``w:val`` of the child ``tag`` of ``el``, or None."""
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val") if child is not None else None


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (Word repeats the letter)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str:
    """The counter ``n`` in Word's number format ``fmt`` (letters up to ``zzzzzzzzzz``, roman
    numerals up to 3999; past them, decimal: a marker stays short whatever the counter)."""
    if n > 260 and fmt in ("lowerLetter", "upperLetter") or n > 3999 and fmt in ("lowerRoman", "upperRoman"):
        return str(n)
    forms = {
        "decimal": str(n), "decimalZero": f"{n:02d}", "lowerLetter": _letter(n), "upperLetter": _letter(n).upper(),
        "lowerRoman": _roman(n), "upperRoman": _roman(n).upper(), "none": "",
    }
    return forms.get(fmt, str(n))


@dataclass(frozen=True)
class Level:
    """One level of a list definition."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # restart after this level (1-based), None: after any higher level


@dataclass
class Numbering:
    """The numbering part: list definitions and the running counters."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId → ilvl → Level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_part(cls, root: Any) -> "Numbering":
        """Read ``w:abstractNum`` and ``w:num`` (with level overrides) of a numbering part root."""
        abstract = {a.get(W + "abstractNumId"): _levels(a) for a in root.findall(W + "abstractNum")} if root is not None else {}
        out = cls()
        for num in root.findall(W + "num") if root is not None else ():
            levels = dict(abstract.get(_attr(num, "abstractNumId"), {}))
            for override in num.findall(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), "w:ilvl", 0, MAX_LEVEL, 0)
                lvl = override.find(W + "lvl")
                base = _level(lvl) if lvl is not None else levels.get(ilvl, Level())
                start = _attr(override, "startOverride")
                levels[ilvl] = Level(base.fmt, base.text, _int(start, "w:startOverride", 0, MAX_START, 1),
                                     base.restart) if start else base
            out.levels[num.get(W + "numId")] = levels
        return out

    def marker(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter of (``num_id``, ``ilvl``) and render its marker; None when not a list."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        counts = self.counters.setdefault(num_id, {})
        lvl = levels[ilvl]
        counts[ilvl] = counts.get(ilvl, lvl.start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            restart = levels.get(deeper, Level()).restart  # 0: never; n: after levels 1..n (1-based)
            if restart is None or ilvl < restart:
                del counts[deeper]
        if lvl.fmt == "bullet":
            return _LITERAL_BULLETS.get(lvl.text.strip(), "-" if ilvl == 0 else "+")
        text = lvl.text
        for k in range(9):
            if f"%{k + 1}" in text:
                sub = levels.get(k, Level())
                text = text.replace(f"%{k + 1}", format_number(counts.get(k, sub.start), sub.fmt))
        return text.strip() or None


def _level(lvl: Any) -> Level:
    restart = _attr(lvl, "lvlRestart")
    return Level(fmt=_attr(lvl, "numFmt") or "decimal", text=(_attr(lvl, "lvlText") or "")[:100],
                 start=_int(_attr(lvl, "start") or None, "w:start", 0, MAX_START, 1),
                 restart=_int(restart, "w:lvlRestart", 0, MAX_LEVEL + 1, 0) if restart is not None else None)


def _levels(abstract: Any) -> dict[int, Level]:
    return {_int(lvl.get(W + "ilvl"), "w:ilvl", 0, MAX_LEVEL, 0): _level(lvl) for lvl in abstract.findall(W + "lvl")}


@dataclass
class Styles:
    """Paragraph styles: numbering and font, following ``basedOn``."""

    by_id: dict[str, Any]
    default_font: str | None

    @classmethod
    def from_part(cls, root: Any) -> "Styles":
        """Index the styles part root by style id."""
        if root is None:
            return cls({}, None)
        by_id = {s.get(W + "styleId"): s for s in root.findall(W + "style")}
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        return cls(by_id, _font(defaults))

    def _chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            style_id = _attr(style, "basedOn")

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a style gives its paragraphs."""
        for style in self._chain(style_id):
            num = style.find(f"{W}pPr/{W}numPr")
            if num is not None:
                ilvl = _attr(num, "ilvl")
                return _attr(num, "numId"), _int(ilvl, "w:ilvl", 0, MAX_LEVEL, 0) if ilvl is not None else None
        return None, None

    def font(self, style_id: str | None) -> str | None:
        """The font a paragraph style gives its runs, else the document default."""
        for style in self._chain(style_id):
            found = _font(style.find(W + "rPr"))
            if found:
                return found
        return self.default_font


def _font(rpr: Any) -> str | None:
    fonts = rpr.find(W + "rFonts") if rpr is not None else None
    if fonts is None:
        return None
    return fonts.get(W + "ascii") or fonts.get(W + "hAnsi")


#: a cell as the reader places it: (first line, its column, last line, end column, colspan, rowspan)
_Placed = tuple[int, int, int, int, int, int]


@dataclass
class _Reader:
    numbering: Numbering
    styles: Styles
    lines: list[str] = field(default_factory=list)
    tables: list[list[list[_Placed]]] = field(default_factory=list)

    def paragraph(self, p: Any) -> str:
        """The text of a paragraph, its list marker in front."""
        ppr = p.find(W + "pPr")
        style = _attr(ppr, "pStyle")
        text = "".join(self._runs(p, self.styles.font(style))).strip()
        marker = self._marker(ppr, style)
        return f"{marker} {text}" if marker and text else text

    def _marker(self, ppr: Any, style: str | None) -> str | None:
        num_id, ilvl = self.styles.num_pr(style)
        own = ppr.find(W + "numPr") if ppr is not None else None
        if own is not None:
            num_id = _attr(own, "numId") or num_id
            level = _attr(own, "ilvl")
            ilvl = _int(level, "w:ilvl", 0, MAX_LEVEL, 0) if level is not None else ilvl
        if not num_id or num_id == "0":
            return None
        return self.numbering.marker(num_id, ilvl or 0)

    def _runs(self, el: Any, font: str | None) -> Iterator[str]:
        for child in el:
            tag = child.tag
            if tag == W + "r":
                yield self._run(child, font)
            elif tag in (W + "hyperlink", W + "ins", W + "smartTag", W + "fldSimple", W + "customXml"):
                yield from self._runs(child, font)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    yield from self._runs(content, font)

    @staticmethod
    def _run(r: Any, font: str | None) -> str:
        parts = []
        for child in r:
            tag = child.tag
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
        text = "".join(parts)
        own = _font(r.find(W + "rPr"))
        return legacy.from_font(text, own or font) if text else text

    def block(self, el: Any) -> None:
        """Add the lines of a body element (paragraph, table, content control)."""
        if el.tag == W + "p":
            text = self.paragraph(el)
            if text or (self.lines and self.lines[-1]):  # an empty paragraph is a blank line
                self.lines.append(text)
        elif el.tag == W + "tbl":
            self.table(el)
        elif el.tag == W + "sdt":
            content = el.find(W + "sdtContent")
            for child in content if content is not None else ():
                self.block(child)

    def table(self, tbl: Any) -> None:
        """A data row as one line of cells; a layout row cell by cell."""
        rows: list[list[_Placed]] = []
        for tr in tbl.findall(W + "tr"):
            cells = []
            spans = []
            for tc in tr.findall(W + "tc"):
                sub = _Reader(self.numbering, self.styles)
                for child in tc:
                    sub.block(child)
                cells.append([line for line in sub.lines if line])
                spans.append(_merge(tc))
            placed: list[_Placed] = []
            if all(len(c) <= 1 for c in cells):
                joined = _CELL_SEP.join(c[0] if c else "" for c in cells)
                row = joined.strip(" |")
                if row:
                    cut = len(joined) - len(joined.lstrip(" |"))
                    at = len(self.lines)
                    pos = 0
                    for c, (colspan, rowspan) in zip(cells, spans):
                        text = c[0] if c else ""
                        a = min(max(pos - cut, 0), len(row))
                        b = min(max(pos + len(text) - cut, a), len(row))
                        placed.append((at, a, at, b, colspan, rowspan))
                        pos += len(text) + len(_CELL_SEP)
                    self.lines.append(row)
            else:
                for c, (colspan, rowspan) in zip(cells, spans):
                    at = len(self.lines)
                    self.lines += c
                    end = len(self.lines) - 1
                    placed.append((at, 0, end, len(self.lines[end]), colspan, rowspan) if c else (at, 0, at, 0, colspan, rowspan))
            if placed:
                rows.append(placed)
        if rows:
            self.tables.append(rows)


def _merge(tc: Any) -> tuple[int, int]:
    """(colspan, rowspan) of a cell: ``w:gridSpan``; 0 rows when ``w:vMerge`` continues the cell above."""
    pr = tc.find(W + "tcPr")
    span = _attr(pr, "gridSpan")
    merge = pr.find(W + "vMerge") if pr is not None else None
    rows = 0 if merge is not None and merge.get(W + "val", "continue") == "continue" else 1
    try:
        return max(1, int(span or 1)), rows
    except ValueError:
        return 1, rows


#: A DOCX archive may unpack to at most this many bytes, at most this many times its size.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 200
#: An XML part (document, numbering, styles …) may unpack to at most this many bytes, and one above
#: 1 MB to at most ``MAX_RATIO`` times its packed size (what parsing costs grows with the XML).
MAX_XML_PART = 16 * 1024 * 1024


def _check_archive(data: bytes) -> None:
    """Refuse a zip bomb before anything is unpacked (the sizes are read from the zip directory)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocxError(f"not a readable DOCX file (not a zip archive: {exc})") from exc
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(len(data), 1) and unpacked > 10 * 1024 * 1024:
        raise DocxError(f"refused: the archive would unpack to {unpacked} bytes from {len(data)} (a zip bomb?)")
    for info in infos:
        if not info.filename.lower().endswith(".xml"):
            continue
        if info.file_size > MAX_XML_PART:
            raise DocxError(f"refused: the part {info.filename[:80]} would unpack to {info.file_size} bytes "
                            f"(more than {MAX_XML_PART} bytes of XML)")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise DocxError(f"refused: the part {info.filename[:80]} would unpack to {info.file_size} bytes "
                            f"from {info.compress_size} (padding or a zip bomb?)")


def docx_text(data: bytes) -> str:
    """The text of DOCX ``data`` (see the module docstring); raises :class:`DocxError`."""
    return docx_source(data)[0]


def docx_source(data: bytes) -> tuple[str, tuple[Table, ...]]:
    """The text of DOCX ``data`` and its tables, cells as spans of the text; raises :class:`DocxError`."""
    try:
        import docx  # python-docx, imported here: an optional extra
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DocxError("reading .docx needs python-docx (pip install 'vnnotice[formats]')") from exc
    _check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
        part = document.part
        numbering = _numbering_root(part)
        styles = part.styles.element if _has_styles(part) else None
    except Exception as exc:  # zipfile, lxml, python-docx each raise their own errors
        raise DocxError(f"not a readable DOCX file ({type(exc).__name__}: {exc})") from exc
    reader = _Reader(Numbering.from_part(numbering), Styles.from_part(styles))
    for el in document.element.body:
        reader.block(el)  # raises DocxError on bad numbering
    text = "\n".join(reader.lines).strip("\n")
    starts = []
    pos = 0
    for line in reader.lines:  # no empty line leads (an empty paragraph is kept only after text)
        starts.append(pos)
        pos += len(line) + 1
    tables = tuple(Table(tuple(tuple(Cell(starts[a] + ca, starts[b] + cb, colspan, rowspan)
                                     for a, ca, b, cb, colspan, rowspan in row) for row in rows))
                   for rows in reader.tables)
    return (text + "\n" if text else ""), tables


def _numbering_root(part: Any) -> Any:
    try:
        return part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _has_styles(part: Any) -> bool:
    try:
        part.styles
    except (KeyError, NotImplementedError):
        return False
    return True
