"""Read stage: a path, bytes or str becomes source text plus its format.

Readers are registered per format in ``READERS``; each takes the raw bytes
and the name of the input and returns a :class:`Source`: plain text,
Markdown and HTML here, DOCX, PDF and Word 97 ``.doc`` from
:mod:`vnnotice.formats`, and scans (image-only PDF pages; PNG, JPEG, TIFF)
by OCR (:mod:`vnnotice.formats.ocr`). Text in a legacy Vietnamese encoding (TCVN3, VNI,
VISCII, Windows-1258), as raw bytes or as their Windows-1252 mojibake, is
converted to Unicode (:mod:`vnnotice.formats.legacy`); ``Source.encoding``
then names the legacy encoding.
"""
from __future__ import annotations

import codecs
import errno
import html
import os
import re
import stat
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from itertools import accumulate
from pathlib import Path
from typing import Callable, Union

from .formats import legacy
from .formats.tables import Cell, Table, markdown_tables

Input = Union[str, bytes, os.PathLike]

#: Inputs above this size are refused (bytes); ``extract`` takes an override.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: why a folder given as a document is refused
FOLDER_REASON = ("a folder, not a document: extract the documents in it with `vnnotice batch FOLDER --out DIR` "
                 "or extract_many over its files")


class ReadError(ValueError):
    """An input that cannot be read, with the input's name and the reason."""

    def __init__(self, name: str, reason: str):
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")

    def __reduce__(self) -> tuple:
        return (type(self), (self.name, self.reason))


@dataclass(frozen=True)
class Source:
    """Decoded text of one input, before cleaning."""

    text: str
    format: str  # "text", "markdown", "html", "docx", "pdf", "doc" or "image"
    name: str | None = None
    encoding: str | None = None
    # the tables the reader met; None for a Markdown text, whose tables are read on first use (see tables)
    known_tables: tuple[Table, ...] | None = None
    ocr: tuple = ()  # pages read by OCR (vnnotice.formats.ocr.OcrPage)

    @property
    def tables(self) -> tuple[Table, ...]:
        """Tables met, their cells as spans of ``text`` (:mod:`vnnotice.formats.tables`).

        A Markdown text's tables are read from the text the first time they are
        asked for: most documents have none worth reading, and the pipeline asks
        only when a table could hold tasks.
        """
        if self.known_tables is None:
            object.__setattr__(self, "known_tables", markdown_tables(self.text) if self.format == "markdown" else ())
        return self.known_tables


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str | None) -> str | None:
    """``text`` as valid Unicode: a lone surrogate (from a file name's undecodable bytes, or sent as is)
    becomes ``\\xNN`` when it escapes a byte, else U+FFFD, so records always serialize."""
    if text is None or text.isascii():
        return text
    try:
        text.encode("utf-8")  # fails exactly when a surrogate is there, and is faster than a scan for one
        return text
    except UnicodeEncodeError:
        pass
    return _SURROGATE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}" if 0xDC80 <= ord(m.group()) <= 0xDCFF else "\ufffd", text)


def _is_text(sample: str) -> bool:
    """Mostly printable characters and white space (no NULs): text, not binary data."""
    if not sample or "\x00" in sample:
        return not sample
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t")
    return printable >= 0.95 * len(sample)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes: BOMs first, then UTF-8, UTF-16 by NUL pattern, then cp1258."""
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReadError(name, f"starts with a {encoding} byte-order mark but does not decode: {exc}") from exc
    head = data[:2000]
    if head and head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a mark: the high bytes of Latin text are NUL, at odd offsets in little-endian
        encoding = "utf-16-le" if head[1::2].count(0) >= head[0::2].count(0) else "utf-16-be"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ReadError(name, f"looks like UTF-16 but does not decode: {exc}") from exc
        if not _is_text(text[:2000]):
            raise ReadError(name, "binary data: not a text document")
        return text, encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few broken sequences (a file cut in the middle of a letter, a stray byte):
    # keep UTF-8 and mark the broken bytes, rather than read the whole file as another code page
    replaced = data.decode("utf-8", errors="replace")
    broken = replaced.count("\ufffd")
    if broken <= max(2, len(replaced) // 1000) and _is_text(replaced[:2000]):
        return replaced, f"utf-8 ({broken} broken byte sequence{'s' if broken > 1 else ''} replaced by U+FFFD)"
    if b"\x00" in data:
        raise ReadError(name, "binary data: not a text document")
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError as exc:
        raise ReadError(name, f"undecodable bytes (neither UTF-8, UTF-16 nor Windows-1258): {exc}") from exc


class _VisibleText(HTMLParser):
    """Collects the visible text of an HTML page, one line per block, and its tables' cells.

    Cells are noted by the index of the text piece they start and end at
    (cheap while parsing); :func:`html_source` turns those into offsets.
    """

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "td", "th"}
    HIDDEN = {"script", "style", "head", "template", "noscript"}
    TABLE = {"table", "tr", "td", "th"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.tables: list[list[list[tuple[int, int, int, int]]]] = []  # open tables: rows of (first piece, end piece, colspan, rowspan)
        self.cell: list[tuple[int, int, int]] = []  # open cells: (first piece, colspan, rowspan)
        self.done: list[list[list[tuple[int, int, int, int]]]] = []  # closed tables, as the open ones

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if self.hidden or tag not in self.TABLE:
            return
        if tag == "table":
            self.tables.append([])
        elif not self.tables:
            return
        elif tag == "tr":
            self.tables[-1].append([])
        else:
            if not self.tables[-1]:
                self.tables[-1].append([])
            spans = dict(attrs) if attrs else {}
            self.cell.append((len(self.parts), _span_number(spans.get("colspan")), _span_number(spans.get("rowspan"))))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.TABLE and self.tables:
            if tag == "table":
                self.done.append([r for r in self.tables.pop() if r])
            elif tag != "tr" and self.cell and self.tables[-1]:
                start, colspan, rowspan = self.cell.pop()
                self.tables[-1][-1].append((start, len(self.parts), colspan, rowspan))
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(html.unescape(data.replace("\n", " ")))


def _span_number(value: str | None) -> int:
    if not value:
        return 1
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _trim_cell(text: str, start: int, end: int, colspan: int, rowspan: int) -> Cell:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Cell(start, end, colspan, rowspan)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document, blocks on their own lines."""
    return html_source(markup)[0]


def html_source(markup: str) -> tuple[str, tuple[Table, ...]]:
    """Visible text of an HTML document, blocks on their own lines, and its tables (cells as spans of the text)."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    at = [0, *accumulate(map(len, parser.parts))]  # piece index → character offset
    done = [Table(tuple(tuple(_trim_cell(text, at[a], at[b], colspan, rowspan) for a, b, colspan, rowspan in row)
                        for row in rows)) for rows in parser.done if rows]
    done.sort(key=lambda t: t.rows[0][0].start if t.rows[0] else 0)
    return text, tuple(done)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """:func:`decode`, then legacy Vietnamese encodings converted (the encoding names the legacy one)."""
    try:
        text, encoding = decode(data, name)
    except ReadError:  # VISCII uses bytes Windows-1258 leaves undefined
        found = legacy.repair_bytes(data) if b"\x00" not in data else None
        if found is None:
            raise
        return found
    if encoding == "cp1258":
        found = legacy.repair_bytes(data)
        return found if found else (text, encoding)
    fixed, legacy_name = legacy.repair_text(text)
    return (fixed, legacy_name) if legacy_name else (text, encoding)


def _text_reader(fmt: str) -> Callable[[bytes, str], Source]:
    def read(data: bytes, name: str) -> Source:
        text, encoding = decode_text(data, name)
        return _source(text, fmt, name, encoding)

    return read


def _source(text: str, fmt: str, name: str | None, encoding: str | None) -> Source:
    """The Source of decoded text: HTML made visible text; Markdown and HTML tables kept."""
    if fmt == "html":
        visible, tables = html_source(text)
        return Source(visible, "html", name, encoding, tables)
    return Source(text, fmt, name, encoding, None if fmt == "markdown" else ())


def _legacy_fixed(text: str, encoding: str | None) -> tuple[str, str | None]:
    fixed, legacy_name = legacy.repair_text(text)
    return (fixed, legacy_name) if legacy_name else (text, encoding)


def _from_binary(extract: Callable[[bytes], str], error: type[Exception], data: bytes, name: str, fmt: str) -> Source:
    """Text of a binary document by ``extract``; its ``error`` becomes a ReadError; legacy fonts repaired."""
    try:
        text = extract(data)
    except error as exc:
        raise ReadError(name, str(exc)) from exc
    fixed, encoding = _legacy_fixed(text, None)
    return Source(fixed, fmt, name, encoding)


def read_docx(data: bytes, name: str) -> Source:
    """A Word document (DOCX): body text, Word numbering written out, tables as lines (their structure kept)."""
    from .formats.docx import DocxError, docx_source

    try:
        text, tables = docx_source(data)
    except DocxError as exc:
        raise ReadError(name, str(exc)) from exc
    fixed, encoding = _legacy_fixed(text, None)
    # a legacy-font repair rewrites the text: the cells' spans no longer hold, so the tables go
    return Source(fixed, "docx", name, encoding, tables if fixed == text else ())


def read_pdf(data: bytes, name: str) -> Source:
    """A PDF: page text (OCR for pages without a text layer), running heads and page numbers dropped."""
    from .formats.pdf import PdfError, pdf_document

    scanned: list = []

    def text(pdf: bytes) -> str:
        found, pages = pdf_document(pdf)
        scanned.extend(pages)
        return found

    return replace(_from_binary(text, PdfError, data, name, "pdf"), ocr=tuple(scanned))


def read_image(data: bytes, name: str) -> Source:
    """A scanned page or photo (PNG, JPEG, TIFF with one or more pages), read by OCR."""
    from .formats.ocr import OcrError, read_image as ocr_image, repair
    from .formats.pdf import join_pages

    try:
        pages = ocr_image(data)
    except OcrError as exc:
        raise ReadError(name, str(exc)) from exc
    if not any(line.strip() for page in pages for line in page.lines):
        raise ReadError(name, "OCR found no text in the image")
    return Source(join_pages(repair([list(page.lines) for page in pages])), "image", name, None, ocr=tuple(pages))


def read_doc(data: bytes, name: str) -> Source:
    """A Word 97 document, converted to DOCX by LibreOffice when it is installed."""
    from .formats.doc import ConvertError, convert

    try:
        converted = convert(data, ".doc", "docx")
    except ConvertError as exc:
        raise ReadError(name, str(exc)) from exc
    return replace(read_docx(converted, name), format="doc")


#: suffix → reader(bytes, name) → Source
READERS: dict[str, Callable[[bytes, str], Source]] = {
    ".txt": _text_reader("text"),
    ".text": _text_reader("text"),
    ".md": _text_reader("markdown"),
    ".markdown": _text_reader("markdown"),
    ".html": _text_reader("html"),
    ".htm": _text_reader("html"),
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".doc": read_doc,
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".tif", ".tiff"), read_image),
}

#: leading bytes of binary formats read without a name
_MAGIC = ((b"%PDF-", ".pdf"), (b"PK\x03\x04", ".docx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc"),
          (b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"II*\x00", ".tif"), (b"MM\x00*", ".tif"))


def _sniff_binary(data: bytes) -> Callable[[bytes, str], Source] | None:
    """The reader of bytes that start like a PDF, a ZIP (DOCX), an OLE file (.doc) or an image."""
    for magic, suffix in _MAGIC:
        if data.startswith(magic):
            return READERS[suffix]
    return None


def sniff_format(text: str) -> str:
    """Guess the format of a str given without a name."""
    head = text[:4000].lstrip()
    if "<" in head:  # (lower case is for the tags alone)
        head = head.lower()
        if head.startswith(("<!doctype html", "<html")) or "<body" in head:
            return "html"
    if "**" in head or "\n|" in head or head.startswith("|"):
        return "markdown"
    return "text"


#: the errors of a stat that Path.exists takes for a missing file
_NO_FILE = frozenset((errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP))

#: a str made of these alone ('./.', the end mark of a document; '.', '/') is text, even though it names a folder
_NO_NAME = frozenset("./" + os.sep)


def names_path(text: str) -> bool:
    """Is this str a path (a single line naming an existing file or folder, or ending in a readable suffix)?

    A missing file named that way is then reported as missing, and a folder as
    a folder, instead of being read as text. A str of dots and slashes alone
    (``./.``, the end mark of a document) is text.
    """
    if "\n" in text or len(text) > 1024 or not text or _NO_NAME.issuperset(text):
        return False
    try:
        path = Path(text)
        return path.suffix.lower() in READERS or path.exists()
    except (OSError, ValueError):  # a name too long for the file system, a NUL
        return False


def read(source: Input, *, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read a path, bytes or str into a :class:`Source`.

    A ``str`` is taken as document text unless it is a path (see
    :func:`names_path`: a short single line naming an existing file or
    folder, or ending in a readable suffix); bytes are decoded; paths are
    read by suffix. A folder is refused (:data:`FOLDER_REASON`).
    """
    if isinstance(source, str) and not names_path(source):
        source = without_surrogates(source)
        fmt = sniff_format(source)
        text, encoding = _legacy_fixed(source, None)
        return _source(text, fmt, name, encoding)
    if isinstance(source, bytes):
        label = name or "<bytes>"
        if len(source) > max_bytes:
            raise ReadError(label, f"{len(source)} bytes is above the size limit of {max_bytes}")
        reader = READERS.get(Path(name).suffix.lower()) if name else _sniff_binary(source)
        if reader is None:
            text, encoding = decode_text(source, label)
            return _source(text, sniff_format(text), name, encoding)
        return reader(source, label)
    path = Path(source)
    label = str(path)
    try:  # one stat for what Path.exists, is_dir and is_file would each ask
        mode = path.stat()
    except OSError as exc:
        if exc.errno not in _NO_FILE:
            raise
        raise ReadError(label, "no such file") from None
    except ValueError:  # a name the file system cannot take (a NUL)
        raise ReadError(label, "no such file") from None
    if stat.S_ISDIR(mode.st_mode):
        raise ReadError(label, FOLDER_REASON)
    if not stat.S_ISREG(mode.st_mode):
        raise ReadError(label, "not a regular file")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise ReadError(label, f"unsupported file type {path.suffix or '(no suffix)'!r}; supported: {known}")
    size = mode.st_size
    if size > max_bytes:
        raise ReadError(label, f"{size} bytes is above the size limit of {max_bytes}")
    if size == 0:
        raise ReadError(label, "empty file")
    return reader(path.read_bytes(), name or label)
