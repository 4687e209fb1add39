"""Read stage: a path, bytes or str becomes source text plus its format.

Readers are registered per format in ``READERS``; each takes the raw bytes
and the name of the input and returns a :class:`Source`. New formats (DOCX,
PDF, legacy encodings) plug in by adding a reader and a suffix.
"""
from __future__ import annotations

import codecs
import html
import os
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Union

Input = Union[str, bytes, os.PathLike]

#: Inputs above this size are refused (bytes); ``extract`` takes an override.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class ReadError(ValueError):
    """An input that cannot be read, with the input's name and the reason."""

    def __init__(self, name: str, reason: str):
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


@dataclass(frozen=True)
class Source:
    """Decoded text of one input, before cleaning."""

    text: str
    format: str  # "text", "markdown" or "html"
    name: str | None = None
    encoding: str | None = None


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
        encoding = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise ReadError(name, f"looks like UTF-16 but does not decode: {exc}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise ReadError(name, "binary data: not a text document")
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError as exc:
        raise ReadError(name, f"undecodable bytes (neither UTF-8, UTF-16 nor Windows-1258): {exc}") from exc


class _VisibleText(HTMLParser):
    """Collects the visible text of an HTML page, one line per block."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "td", "th"}
    HIDDEN = {"script", "style", "head", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data.replace("\n", " "))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document, blocks on their own lines."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    return html.unescape("".join(parser.parts))


def _text_reader(fmt: str) -> Callable[[bytes, str], Source]:
    def read(data: bytes, name: str) -> Source:
        text, encoding = decode(data, name)
        if fmt == "html":
            return Source(html_to_text(text), "html", name, encoding)
        return Source(text, fmt, name, encoding)

    return read


#: suffix → reader(bytes, name) → Source
READERS: dict[str, Callable[[bytes, str], Source]] = {
    ".txt": _text_reader("text"),
    ".text": _text_reader("text"),
    ".md": _text_reader("markdown"),
    ".markdown": _text_reader("markdown"),
    ".html": _text_reader("html"),
    ".htm": _text_reader("html"),
}


def sniff_format(text: str) -> str:
    """Guess the format of a str given without a name."""
    head = text[:4000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    if "**" in head or "\n|" in head or head.startswith("|"):
        return "markdown"
    return "text"


def read(source: Input, *, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read a path, bytes or str into a :class:`Source`.

    A ``str`` is taken as document text unless it names an existing file
    (a short single line); bytes are decoded; paths are read by suffix.
    """
    if isinstance(source, str) and ("\n" in source or len(source) > 1024 or not Path(source).is_file()):
        fmt = sniff_format(source)
        text = html_to_text(source) if fmt == "html" else source
        return Source(text, fmt, name, None)
    if isinstance(source, bytes):
        label = name or "<bytes>"
        if len(source) > max_bytes:
            raise ReadError(label, f"{len(source)} bytes is above the size limit of {max_bytes}")
        reader = READERS.get(Path(name).suffix.lower()) if name else None
        if reader is None:
            text, encoding = decode(source, label)
            fmt = sniff_format(text)
            return Source(html_to_text(text) if fmt == "html" else text, fmt, name, encoding)
        return reader(source, label)
    path = Path(source)
    label = str(path)
    if not path.exists():
        raise ReadError(label, "no such file")
    if not path.is_file():
        raise ReadError(label, "not a regular file")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise ReadError(label, f"unsupported file type {path.suffix or '(no suffix)'!r}; supported: {known}")
    size = path.stat().st_size
    if size > max_bytes:
        raise ReadError(label, f"{size} bytes is above the size limit of {max_bytes}")
    if size == 0:
        raise ReadError(label, "empty file")
    return reader(path.read_bytes(), name or label)
