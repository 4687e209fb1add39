"""OCR of scanned pages and images: Tesseract (Vietnamese model), page by page, lines in reading order.

* **Engine.** The ``tesseract`` program (Debian ``tesseract-ocr`` and
  ``tesseract-ocr-vie``) runs as a subprocess on each page, ``-l vie --psm 6``
  (the page as one block: Tesseract's own page segmentation, ``--psm 3``,
  drops whole lines of dense pages; the columns are found here instead),
  with one OpenMP thread unless ``OMP_THREAD_LIMIT`` says otherwise (a batch
  runs one page per worker process), and gives hOCR: words with their boxes
  and confidences, lines with their baseline slopes. PDF pages are rendered by
  ``pypdfium2`` at the resolution of their scanned image (200 dpi at least,
  400 at most); images (PNG, JPEG, TIFF, every frame of a TIFF) are opened by
  Pillow. Both are in the ``ocr`` extra.
* **Orientation.** When a page reads badly (mean confidence below
  :data:`RETRY_CONFIDENCE`) or its words stand taller than wide (a page on
  its side), Tesseract's orientation detection (``--psm 0``) is asked; a page it finds turned by 90, 180 or 270° is turned back and read
  again, and the better reading is kept.
* **Skew.** The page's skew is the median baseline slope of its lines. Word
  boxes are turned back by it before lines are put together, so a page scanned
  a few degrees askew gives the same lines as a straight one; a page more than
  :data:`DESKEW_DEGREES` askew is also turned straight and read again.
* **Lines.** Words are grouped into visual rows (Tesseract's lines, joined
  when they stand side by side) and each row into segments where the space
  between two words is wider than :data:`COLUMN_GAP` times the text height.
  Consecutive rows split at the same gutter (the header's issuing body and
  number on the left, motto, place and date on the right; the signature
  block's recipients and signer) form a two-column zone, read left column
  first, then right, as the office wrote them.
* **Confidence.** A page's confidence is Tesseract's word confidence (0-100)
  averaged over its letters.
"""
from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from statistics import median

import regex

#: below this mean word confidence a page gets a warning on the record
LOW_CONFIDENCE = 75.0
#: below this mean word confidence the page's orientation is checked and the page read again
RETRY_CONFIDENCE = 60.0
#: a page more skewed than this (degrees) is turned straight and read again
DESKEW_DEGREES = 3.0
#: a space wider than this many text heights separates two columns
COLUMN_GAP = 1.8
#: a word without a letter or digit read with less confidence than this is a speck, left out
NOISE = 50.0
#: seconds one page may take
TIMEOUT = 180
#: language models
LANG = "vie"
#: resolution range for rendering a scanned PDF page
MIN_DPI, MAX_DPI = 200, 400

NOT_INSTALLED = ("OCR needs the tesseract program with its Vietnamese model (Debian: tesseract-ocr "
                 "tesseract-ocr-vie) and pip install 'vnnotice[ocr]'")
_BBOX = regex.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_BASELINE = regex.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")
_CONF = regex.compile(r"x_wconf (\d+)")


class OcrError(ValueError):
    """OCR that cannot run or failed (the reason is the message)."""


@dataclass(frozen=True)
class Word:
    text: str
    x0: int
    y0: int
    x1: int
    y1: int
    conf: float
    line: int
    slope: float


@dataclass(frozen=True)
class OcrPage:
    """One page read by OCR: its number (1-based), lines, confidence (0-100), skew and turn (degrees)."""

    number: int
    lines: tuple[str, ...]
    confidence: float
    skew: float = 0.0
    rotated: int = 0


def missing() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    program = shutil.which("tesseract")
    if program is None:
        return NOT_INSTALLED
    try:
        import PIL  # noqa: F401
        import pypdfium2  # noqa: F401
    except ImportError:
        return NOT_INSTALLED
    return None if LANG in _languages(program) else NOT_INSTALLED


@lru_cache(maxsize=4)
def _languages(program: str) -> tuple[str, ...]:
    """The language models the tesseract ``program`` has."""
    try:
        listed = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return tuple(listed.stdout.split())


class _Hocr(HTMLParser):
    """Words of a hOCR page, each with its line and the line's baseline slope."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[Word] = []
        self.size = (0, 0)
        self._line = -1
        self._slope = 0.0
        self._word: tuple[tuple[int, ...], float] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        kind, title = a.get("class") or "", a.get("title") or ""
        if kind == "ocr_page":
            box = _BBOX.search(title)
            if box:
                self.size = (int(box[3]), int(box[4]))
        elif kind in ("ocr_line", "ocr_textfloat", "ocr_header", "ocr_caption"):
            self._line += 1
            base = _BASELINE.search(title)
            self._slope = float(base[1]) if base else 0.0
        elif kind == "ocrx_word":
            box, conf = _BBOX.search(title), _CONF.search(title)
            if box:
                self._word = (tuple(int(v) for v in box.groups()), float(conf[1]) if conf else 0.0)
                self._text = []

    def handle_data(self, data: str) -> None:
        if self._word is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._word is not None:
            text = unicodedata.normalize("NFC", "".join(self._text).strip())
            (x0, y0, x1, y1), conf = self._word
            if text:
                self.words.append(Word(text, x0, y0, x1, y1, conf, self._line, self._slope))
            self._word = None


def parse_hocr(hocr: str) -> tuple[tuple[int, int], list[Word]]:
    """(page width, height) and words of Tesseract's hOCR output."""
    parser = _Hocr()
    parser.feed(hocr)
    parser.close()
    return parser.size, parser.words


def _tesseract(image: object, args: list[str], timeout: float) -> str:
    program = shutil.which("tesseract")
    if program is None:
        raise OcrError(NOT_INSTALLED)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    env = dict(os.environ)
    env.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        done = subprocess.run([program, "stdin", "stdout", *args], input=buffer.getvalue(), capture_output=True,
                              timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"OCR of a page took longer than {timeout:g} s") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(f"tesseract failed: {reason[-1] if reason else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def _orientation(image: object, timeout: float) -> int:
    """Degrees (clockwise) that Tesseract's orientation detection says the page must be turned, or 0."""
    try:
        found = _tesseract(image, ["--psm", "0", "-l", "osd"], timeout)
    except OcrError:
        return 0
    turn = regex.search(r"Rotate:\s*(\d+)", found)
    sure = regex.search(r"Orientation confidence:\s*([\d.]+)", found)
    return int(turn[1]) if turn and sure and float(sure[1]) >= 2.0 else 0


def _confidence(words: list[Word]) -> float:
    letters = sum(len(w.text) for w in words)
    return sum(w.conf * len(w.text) for w in words) / letters if letters else 0.0


def _sideways(words: list[Word]) -> bool:
    """Most words of three letters or more taller than wide: the page lies on its side."""
    long = [w for w in words if len(w.text) >= 3]
    return bool(long) and sum(w.y1 - w.y0 > w.x1 - w.x0 for w in long) > len(long) / 2


def _skew(words: list[Word]) -> float:
    """The page's skew as a baseline slope: the median over its lines of three words or more."""
    by_line: dict[int, list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    slopes = [ws[0].slope for ws in by_line.values() if len(ws) >= 3]
    return median(slopes) if slopes else 0.0


def read_page(image: object, number: int, *, dpi: int | None = None, timeout: float = TIMEOUT) -> OcrPage:
    """OCR one page image (a Pillow image): lines in reading order and the page's confidence."""
    image = image.convert("L") if image.mode not in ("L", "1") else image
    args = ["-l", LANG, "--psm", "6", *(["--dpi", str(dpi)] if dpi else []), "hocr"]
    _, words = parse_hocr(_tesseract(image, args, timeout))
    confidence, rotated = _confidence(words), 0
    sideways = _sideways(words)
    if confidence < RETRY_CONFIDENCE or sideways:
        turn = _orientation(image, timeout)
        if turn:
            turned = image.rotate(-turn, expand=True)
            _, words2 = parse_hocr(_tesseract(turned, args, timeout))
            upright = sideways and not _sideways(words2) and _confidence(words2) >= RETRY_CONFIDENCE
            if upright or _confidence(words2) > confidence:
                words, confidence, rotated = words2, _confidence(words2), turn
                image = turned
    slope = _skew(words)
    if abs(math.degrees(math.atan(slope))) > DESKEW_DEGREES:
        straight = image.rotate(math.degrees(math.atan(slope)), expand=False, fillcolor=255)
        _, words2 = parse_hocr(_tesseract(straight, args, timeout))
        if _confidence(words2) >= confidence:
            words, confidence = words2, _confidence(words2)
    return OcrPage(number, tuple(page_lines(words)), round(confidence, 1),
                   round(math.degrees(math.atan(slope)), 2), rotated)


# --- lines in reading order ---

@dataclass
class _Row:
    words: list[tuple[float, float, float, float, str]]  # deskewed x0, y0, x1, y1, text

    @property
    def top(self) -> float:
        return min(w[1] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w[3] for w in self.words)

    @property
    def middle(self) -> float:
        return median((w[1] + w[3]) / 2 for w in self.words)

    @property
    def left(self) -> float:
        return self.words[0][0]

    @property
    def right(self) -> float:
        return max(w[2] for w in self.words)


def _rows(words: list[Word], slope: float, height: float) -> list[_Row]:
    """Visual rows: Tesseract's lines, deskewed, joined when they stand side by side."""
    by_line: dict[int, list[tuple[float, float, float, float, str]]] = {}
    for w in words:
        shift = slope * (w.x0 + w.x1) / 2
        by_line.setdefault(w.line, []).append((w.x0, w.y0 - shift, w.x1, w.y1 - shift, w.text))
    lines = sorted((_Row(sorted(ws)) for ws in by_line.values()), key=lambda r: r.middle)
    rows: list[_Row] = []
    for line in lines:
        for row in reversed(rows[-3:]):
            side_by_side = line.left >= row.right or line.right <= row.left
            if side_by_side and abs(line.middle - row.middle) < 0.5 * height:
                row.words = sorted(row.words + line.words)
                break
        else:
            rows.append(line)
    rows.sort(key=lambda r: r.middle)
    return rows


def _segments(row: _Row, gap: float) -> list[list[tuple[float, float, float, float, str]]]:
    out = [[row.words[0]]]
    for w in row.words[1:]:
        if w[0] - max(x[2] for x in out[-1]) > gap:
            out.append([w])
        else:
            out[-1].append(w)
    return out


def _gutter(segments: list[list[tuple[float, float, float, float, str]]]) -> tuple[float, float]:
    """The widest space between two segments of a row: (its left edge, its right edge)."""
    edges = [(max(x[2] for x in a), b[0][0]) for a, b in zip(segments, segments[1:])]
    return max(edges, key=lambda e: e[1] - e[0])


def _text(words: list[tuple[float, float, float, float, str]]) -> str:
    return " ".join(w[4] for w in words)


def page_lines(words: list[Word]) -> list[str]:
    """The page's lines in reading order, two-column zones read column by column, a blank line at a
    paragraph gap (as the PDF reader marks them)."""
    from .pdf import _with_gaps

    words = [w for w in words if w.conf >= NOISE or any(ch.isalnum() for ch in w.text)]
    if not words:
        return []
    heights = sorted(w.y1 - w.y0 for w in words if len(w.text) > 1) or [w.y1 - w.y0 for w in words]
    height = float(median(heights))
    rows = _rows(words, _skew(words), height)
    gap = COLUMN_GAP * height
    out: list[tuple[float, str]] = []
    i = 0
    while i < len(rows):
        zone = _zone(rows, i, gap, height)
        if zone is None:
            out.append((-rows[i].middle, _text(rows[i].words)))
            i += 1
            continue
        end, (left_edge, right_edge) = zone
        for side in ("left", "right"):
            for row in rows[i:end]:
                part = [w for w in row.words if (w[0] < right_edge) == (side == "left")]
                if part:
                    out.append((-row.middle, _text(part)))
        i = end
    return _with_gaps(out)


def _zone(rows: list[_Row], start: int, gap: float, height: float) -> tuple[int, tuple[float, float]] | None:
    """A two-column zone starting at ``rows[start]``: (end index, gutter), or None.

    It starts at a row split in two (or more) segments; the next rows join while each is split at a
    gutter overlapping the zone's, or lies on one side of it, with no paragraph gap above it. A zone
    needs two split rows."""
    segments = _segments(rows[start], gap)
    if len(segments) < 2:
        return None
    left_edge, right_edge = _gutter(segments)
    split, end = 1, start + 1
    while end < len(rows):
        row = rows[end]
        if row.top - rows[end - 1].bottom > 1.2 * height:
            break
        parts = _segments(row, gap)
        if len(parts) >= 2:
            a, b = _gutter(parts)
            new = (max(left_edge, a), min(right_edge, b))
            split += 1
        elif row.left >= left_edge:  # right-hand side only
            new = (left_edge, min(right_edge, row.left))
        elif row.right <= right_edge:  # left-hand side only
            new = (max(left_edge, row.right), right_edge)
        else:
            break
        if new[1] - new[0] < 0.5 * height:
            if len(parts) >= 2:
                split -= 1
            break
        left_edge, right_edge = new
        end += 1
    return (end, (left_edge, right_edge)) if split >= 2 else None


# --- known misreadings ---

_ETH = regex.compile(r"ĐÐ|ÐĐ|Ð")  # Đ read as the Latin eth (Ð), or twice, once so: "QĐÐ-" for "QĐ-"
_INVERTED_I = regex.compile(r"^¡\)?(?=\s)")  # a list marker "i)" read as "¡"
_LETTER = regex.compile(r"^([a-zđ])\)(?=\s)")
# a date whose month's two digits were read apart ("05/1 1/2022"), or whose day's were after "ngày"
_SPLIT_MONTH = regex.compile(r"\b(\d{1,2})/(1) ([0-2])/((?:19|20)\d\d)\b")
_SPLIT_DAY = regex.compile(r"\b([Nn]gày) ([1-3]) (\d)/(\d{1,2})/((?:19|20)\d\d)\b")
_NEXT = dict(zip("abcdđeghiklmnopqrstuvx", "bcdđeghiklmnopqrstuvxy"))
_ROMAN_HEADING = regex.compile(r"^([IVXLT1l|!]{1,6})\.(?=\s+\p{Lu}{2,})")
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
           "XVI", "XVII", "XVIII", "XIX", "XX"]


#: combining marks of Vietnamese letters: grave, acute, tilde, hook, dot below, circumflex, breve, horn
_VIETNAMESE_MARKS = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


_TONES = set("\u0300\u0301\u0303\u0309\u0323")


def _letters(word: str) -> list[str]:
    """``word`` in NFD, split into letters with their marks."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if out and unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _doubled_vowel(word: str) -> str:
    """``word`` without a vowel read twice with two tone marks (``PHẦẨN`` for ``PHẦN``): a Vietnamese
    syllable has one tone, so the second of two toned letters on the same vowel goes."""
    if word.isascii():
        return word
    letters = _letters(word)
    for i in range(len(letters) - 1):
        a, b = letters[i], letters[i + 1]
        if a[0].lower() == b[0].lower() and _TONES & set(a[1:]) and _TONES & set(b[1:]):
            return unicodedata.normalize("NFC", "".join(letters[:i + 1] + letters[i + 2:]))
    return word


def _vietnamese_marks(word: str) -> str:
    """``word`` without the accents Vietnamese does not use (a diaeresis, ring, caron …) on its letters."""
    if word.isascii():
        return word
    parts = unicodedata.normalize("NFD", word)
    kept = "".join(ch for ch in parts if not unicodedata.combining(ch) or ch in _VIETNAMESE_MARKS)
    return unicodedata.normalize("NFC", kept) if kept != parts else word


def repair(pages: list[list[str]]) -> list[list[str]]:
    """Misreadings of Vietnamese official text that Tesseract makes and the text itself can undo:

    * a date with a space read inside its month (``05/1 1/2022``) or, after ``ngày``, its day;
    * a vowel read twice with two tones (``PHẦẨN``): once;
    * accents Vietnamese does not use (``Bộ Ÿ tế``: a diaeresis) dropped from the letter;
    * ``Đ`` read as the Latin letter eth (``Ð``), or twice, once so (``QĐÐ-UBND``): one ``Đ``;
    * a list marker ``i)`` read as ``¡`` at the start of a line;
    * a list marker ``d)`` read as ``đ)`` or the other way round, told by the letter before it in the
      document (the Vietnamese list goes ``a b c d đ e g h i k``);
    * the ``I`` of a Roman numeral heading read as ``1``, ``l``, ``|``, ``!`` or ``T`` (``T1. NỘI DUNG``),
      when the numeral that gives is the one after the document's previous Roman heading.
    """
    previous = None
    roman = 0  # the last Roman numeral heading seen
    out = []
    for lines in pages:
        fixed = []
        for line in lines:
            line = " ".join(_doubled_vowel(_vietnamese_marks(word)) for word in line.split(" "))
            line = _ETH.sub("Đ", line)
            line = _SPLIT_MONTH.sub(r"\1/\2\3/\4", line)
            line = _SPLIT_DAY.sub(lambda m: f"{m[1]} {m[2]}{m[3]}/{m[4]}/{m[5]}" if int(m[2] + m[3]) <= 31 else m[0], line)
            line = _INVERTED_I.sub("i)", line)
            heading = _ROMAN_HEADING.match(line)
            if heading:
                numeral = regex.sub(r"[T1l|!]", "I", heading[1])
                if numeral != heading[1] and (roman >= len(_ROMANS) or numeral != _ROMANS[roman]):
                    numeral = heading[1]  # not the numeral expected next: left as read
                if numeral in _ROMANS:
                    roman = _ROMANS.index(numeral) + 1
                    line = numeral + line[len(heading[1]):]
            marker = _LETTER.match(line)
            if marker:
                letter = marker[1]
                if letter in "dđ" and previous in ("c", "d"):
                    letter = _NEXT[previous]
                    line = letter + line[1:]
                previous = letter
            fixed.append(line)
        out.append(fixed)
    return out


# --- inputs ---

def _native_dpi(page: object, width_pt: float) -> int | None:
    """Resolution of the largest image on a PDF page (pixels per inch of page width), if any."""
    best = None
    try:
        for obj in page.get_objects():
            if obj.type == 3:  # image
                px, _ = obj.get_px_size()
                left, _, right, _ = obj.get_bounds()
                if right - left > 0.5 * width_pt:
                    best = max(best or 0, round(px / ((right - left) / 72)))
    except Exception:  # an odd object: fall back to the default
        return None
    return best


def read_pdf_pages(data: bytes, numbers: list[int], *, timeout: float = TIMEOUT) -> list[OcrPage]:
    """OCR the pages ``numbers`` (1-based) of the PDF ``data``."""
    reason = missing()
    if reason:
        raise OcrError(reason)
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception as exc:
        raise OcrError(f"the PDF cannot be rendered for OCR ({type(exc).__name__}: {exc})") from exc
    out = []
    try:
        for number in numbers:
            page = document[number - 1]
            width, _ = page.get_size()
            dpi = min(MAX_DPI, max(MIN_DPI, _native_dpi(page, width) or 300))
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            out.append(read_page(image, number, dpi=dpi, timeout=timeout))
            page.close()
    finally:
        document.close()
    return out


def read_image(data: bytes, *, timeout: float = TIMEOUT) -> list[OcrPage]:
    """OCR an image file (PNG, JPEG, TIFF; every frame of a multi-page TIFF)."""
    reason = missing()
    if reason:
        raise OcrError(reason)
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    try:
        picture = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(picture)]
    except Image.DecompressionBombError as exc:
        raise OcrError(f"the image is too large to read ({exc})") from exc
    except UnidentifiedImageError as exc:  # its message names the buffer object, which differs from run to run
        raise OcrError("not a readable image (not a PNG, JPEG or TIFF image Pillow can identify)") from exc
    except (OSError, ValueError) as exc:
        raise OcrError(f"not a readable image ({type(exc).__name__}: {exc})") from exc
    out = []
    for number, frame in enumerate(frames, 1):
        dpi = frame.info.get("dpi") or picture.info.get("dpi")
        resolution = round(float(dpi[0])) if dpi and float(dpi[0]) >= 70 else None
        out.append(read_page(ImageOps.exif_transpose(frame), number, dpi=resolution, timeout=timeout))
    return out
