"""PDF reader (pypdf): the text layer, page by page, without running heads and page numbers.

* Each page's text keeps a line per visual line, so the clean stage can join
  wrapped lines into paragraphs (and ``66/QĐ-`` + ``UBND`` back into one
  symbol); a vertical gap well above the page's usual line spacing becomes
  a blank line, the paragraph break a plain-text export would have.
* Lines repeated at the top or bottom of most pages (running headers and
  footers) and page numbers there (``2``, ``- 2 -``, ``Trang 2/5``,
  ``2/5``) are dropped. A repeated line may differ in its numbers only when
  they count the pages (``Trang 3``, ``Báo cáo số 12 - trang 3/9``): lines
  such as ``Nhiệm vụ 3`` / ``3.1 Sở Y tế …`` whose numbers do not follow the
  pages are the body, and stay.
* Pages without a text layer (scans) are read by OCR (:mod:`vnnotice.formats.ocr`,
  the ``ocr`` extra) and go through the same running-head removal; without
  OCR installed, a PDF with no text at all is refused.
"""
from __future__ import annotations

import io
from collections import Counter

import regex

#: how many lines at each end of a page are looked at for running heads
_EDGE = 3
#: a line is a running head when repeated on at least this share of pages
_REPEATED = 0.6
#: a vertical step this many times the usual line spacing is a paragraph break
_GAP = 1.6
# (dashes as OCR reads them too: "_2-", "— 2 —")
_PAGE_NUMBER = regex.compile(r"^\s*(?:[-–—_]\s*)?(?:(?:Trang|trang|Page|page)\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–—_])?\s*$")
_DIGITS = regex.compile(r"\d+")

NO_TEXT = "no text layer (scanned PDF?) and no OCR"
NO_TEXT_OCR = "no text layer, and OCR found no text on its pages"
#: a page with fewer letters than this in its text layer is read by OCR
MIN_TEXT = 16
#: Content streams read, over all pages (a stream drawn by several pages counts for each), at most
#: this many bytes, and at most ``_CONTENT_RATIO`` times the file plus ``_CONTENT_FLOOR``: reading
#: the text layer costs time in proportion to them.
MAX_CONTENT = 32 * 1024 * 1024
_CONTENT_RATIO = 20
_CONTENT_FLOOR = 256 * 1024


class PdfError(ValueError):
    """A PDF that cannot be read (the reason is the message)."""


def _key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split())).lower()


def _edges(lines: list[str]) -> dict[int, str]:
    """The first and last few non-empty lines of a page: index → edge (``top`` or ``bottom``)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    out = {i: "bottom" for i in filled[-_EDGE:]}
    out.update({i: "top" for i in filled[:_EDGE]})
    return out


def _numbers(line: str) -> tuple[int, ...]:
    return tuple(int(d[:9]) for d in _DIGITS.findall(line))


def _counts_pages(seen: list[tuple[int, tuple[int, ...]]]) -> bool:
    """True when the numbers of a repeated line, page by page, are fixed or go up with the page."""
    width = len(seen[0][1])
    for j in range(width):
        values = {nums[j] for _, nums in seen}
        if len(values) > 1 and len({nums[j] - page for page, nums in seen}) > 1:
            return False
    return True


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages without running headers/footers (the same line, its numbers fixed or counting the pages,
    near the same edge of most pages) and page numbers at the edges."""
    counts: Counter[tuple[str, str]] = Counter()
    numbers: dict[tuple[str, str], list[tuple[int, tuple[int, ...]]]] = {}
    for page, lines in enumerate(pages):
        keys = {(pos, _key(lines[i])): _numbers(lines[i]) for i, pos in _edges(lines).items()}
        counts.update(keys.keys())
        for key, nums in keys.items():
            numbers.setdefault(key, []).append((page, nums))
    threshold = max(2, round(_REPEATED * len(pages)))
    running = {k for k, n in counts.items() if n >= threshold and _counts_pages(numbers[k])} if len(pages) >= 2 else set()
    out = []
    for lines in pages:
        drop = {i for i, pos in _edges(lines).items() if (pos, _key(lines[i])) in running or _PAGE_NUMBER.match(lines[i])}
        out.append([line for i, line in enumerate(lines) if i not in drop])
    return out


def _page_lines(page: object) -> list[str]:
    """A page's lines, with a blank line where the vertical gap says a paragraph ends."""
    chunks: list[tuple[float | None, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: float) -> None:
        y = tm[5] * cm[3] + cm[5] if text.strip() else None
        chunks.append((y, text))

    plain = page.extract_text(visitor_text=visit) or ""
    if "".join(t for _, t in chunks) != plain:  # the visitor saw something else: no gap information
        return plain.splitlines()
    lines: list[tuple[float | None, str]] = [(None, "")]
    for y, text in chunks:
        for k, part in enumerate(text.split("\n")):
            if k:
                lines.append((None, ""))
            ly, lt = lines[-1]
            lines[-1] = (ly if ly is not None else (y if part.strip() else None), lt + part)
    return _with_gaps(lines)


def _with_gaps(lines: list[tuple[float | None, str]]) -> list[str]:
    ys = [y for y, t in lines if y is not None and t.strip()]
    steps = sorted(a - b for a, b in zip(ys, ys[1:]) if a - b > 0.5)
    usual = steps[len(steps) // 2] if steps else 0.0
    out: list[str] = []
    last: float | None = None
    for y, text in lines:
        if not text.strip():
            continue
        if usual and last is not None and y is not None and last - y > _GAP * usual and out and out[-1]:
            out.append("")
        out.append(text)
        last = y if y is not None else last
    return out


def _content_size(page: object, sizes: dict[int, int]) -> int:
    from pypdf.generic import ArrayObject, IndirectObject

    contents = page.get("/Contents")  # type: ignore[attr-defined]
    if contents is None:
        return 0
    refs = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
    total = 0
    for ref in refs:
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        if key not in sizes:
            stream = ref.get_object()
            sizes[key] = len(stream.get_data()) if hasattr(stream, "get_data") else 0
        total += sizes[key]
    return total


def _check_content(reader: object, size: int) -> None:
    """Refuse a PDF whose pages draw far more content than the file holds (a stream shared by every
    page, a compression bomb) before any text is extracted."""
    limit = min(MAX_CONTENT, _CONTENT_RATIO * size + _CONTENT_FLOOR)
    sizes: dict[int, int] = {}
    total = 0
    for page in reader.pages:  # type: ignore[attr-defined]
        total += _content_size(page, sizes)
        if total > limit:
            raise PdfError(f"refused: the pages draw more than {limit} bytes of content from a file of {size} "
                           "(a content stream shared by the pages, or a compression bomb?)")


def pdf_pages(data: bytes) -> list[list[str]]:
    """The lines of each page's text layer; raises :class:`PdfError`."""
    try:
        from pypdf import PdfReader  # imported here: an optional extra
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise PdfError("reading .pdf needs pypdf (pip install 'vnnotice[formats]')") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError("encrypted PDF: a password is needed")
        _check_content(reader, len(data))
        return [_page_lines(page) for page in reader.pages]
    except PdfError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        raise PdfError(f"not a readable PDF file ({type(exc).__name__}: {exc})") from exc


def join_pages(pages: list[list[str]]) -> str:
    """The pages' lines as one text, running heads and page numbers dropped."""
    kept = strip_running_lines(pages)
    if not any(line.strip() for lines in kept for line in lines):  # all of it looked like running heads
        kept = pages
    return "\n".join("\n".join(line.rstrip() for line in lines) for lines in kept).strip("\n") + "\n"


def pdf_document(data: bytes) -> tuple[str, list]:
    """The text of PDF ``data`` and the pages read by OCR (:class:`vnnotice.formats.ocr.OcrPage`).

    Pages whose text layer has fewer than :data:`MIN_TEXT` letters are read by OCR when it is
    installed; without it they are left out (and a PDF with no text at all is refused)."""
    from . import ocr

    pages = pdf_pages(data)
    scanned = [n for n, lines in enumerate(pages, 1) if sum(not ch.isspace() for line in lines for ch in line) < MIN_TEXT]
    read: list = []
    if scanned:
        reason = ocr.missing()
        if reason and len(scanned) == len(pages):
            raise PdfError(f"{NO_TEXT}: {reason}")
        if not reason:
            try:
                read = ocr.read_pdf_pages(data, scanned)
            except ocr.OcrError as exc:
                raise PdfError(str(exc)) from exc
            for page, lines in zip(read, ocr.repair([list(page.lines) for page in read])):
                pages[page.number - 1] = lines
    if not any(line.strip() for lines in pages for line in lines):
        raise PdfError(NO_TEXT_OCR if read else NO_TEXT)
    return join_pages(pages), read


def pdf_text(data: bytes) -> str:
    """The text of PDF ``data``, pages in order, running heads and page numbers dropped."""
    return pdf_document(data)[0]
