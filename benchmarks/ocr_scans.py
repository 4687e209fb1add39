"""OCR of scanned documents against the same documents' text PDFs.

The 5 seeds and 10 dev documents of ../shared/corpus are set as office
documents (LibreOffice, DejaVu Serif), saved as text PDFs, then printed to
images with ``pdftoppm`` and bound into image-only PDFs, as a scanner would:

* ``200dpi``: 200 dpi, grayscale, straight;
* ``150dpi-rot1.5``: 150 dpi, grayscale, every page turned by 1.5°.

``vnnotice extract --format gold`` runs on the text PDFs and on each set of
scans; ``score.py`` scores each against the shared gold; the differences on
directives, citations, deadlines and assignments and the header accuracy are
printed, with the OCR's seconds per page on one core (``OMP_THREAD_LIMIT=1``,
the extract run under ``nice``).

    python benchmarks/ocr_scans.py [--out DIR] [--only 200dpi|150dpi-rot1.5] [--docs N]

How the documents are set:

* **Seeds** (plain text, a line per line of the original PDF, no header) are
  converted as they are by LibreOffice's text import, in DejaVu Serif 12 pt.
* **Dev documents** are a legal portal's Markdown. They are set the way the
  office printed them, not the way the portal's page looks: the portal's
  banner, metadata table and trailing page text are left out (as the
  project's layout stage drops them); the header table (issuing body and
  number on the left, motto and place/date on the right) and the signature
  table (recipients on the left, signer on the right) become borderless
  two-column tables; every other Markdown line becomes a line of the body;
  emphasis marks are dropped (the header is set in bold); the ``-----``
  rules under the issuer and motto, which an office draws as short lines,
  are left out.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
#: ten dev documents, two of each kind: chỉ thị/kế hoạch, công văn, công điện, thông báo
DEV = ["012-CT-UBND", "0124-KH-UBND", "11208-BNV-KHTC", "17986-BTC-CT", "217-CD-TTg",
       "223-CD-TTg", "231-CD-TTg", "623-TB-VPCP", "636-TB-VPCP", "641-TB-VPCP"]
SCANS = {"200dpi": (200, 0.0), "150dpi-rot1.5": (150, 1.5)}
FIELDS = ("directives", "citations", "deadlines", "assignments")
TOLERANCE = {"200dpi": 0.03, "150dpi-rot1.5": 0.06}
FONT = "DejaVu Serif"
TEXT_FILTER = f"Text (encoded):UTF8,LF,{FONT},vi-VN"
_MOTTO = regex.compile(r"C[ỘO]NG\s+H[ÒO]A\s+X[ÃA]", regex.I)
_RULE = regex.compile(r"^[-_=*\s]+$")


def _cells(lines: list[str], start: int, count: int) -> tuple[list[list[str]], int]:
    """``count`` non-empty cells of a portal table starting at the ``|`` line ``start``; and the index after."""
    cells: list[list[str]] = []
    i = start + 1
    current: list[str] = []
    while i < len(lines) and len(cells) < count:
        if lines[i].strip() == "|":
            if any(line.strip() for line in current):
                cells.append(current)
            current = []
        else:
            current.append(lines[i])
        i += 1
    return cells, i


def _plain(line: str) -> str:
    return " ".join(regex.sub(r"\*+", " ", line).split())


def _cell_lines(cell: list[str]) -> list[str]:
    """A cell's lines without emphasis and rules; a line wrapped by the portal inside bold is re-joined."""
    out: list[str] = []
    joined = "\n".join(cell)
    while True:  # a line wrapped by the portal inside bold or italic marks is one line of the document
        again = regex.sub(r"(\*+)([^*\n]+)\n([^*]+?)\1", r"\1\2 \3\1", joined)
        if again == joined:
            break
        joined = again
    for line in joined.splitlines():
        text = _plain(line)
        if text and not _RULE.match(text):
            out.append(text)
    return out


def portal_document(markdown: str) -> tuple[list[list[str]], list[str], list[list[str]]]:
    """(header cells, body lines, signature cells) of a portal page's document."""
    lines = markdown.splitlines()
    motto = next(i for i, line in enumerate(lines) if _MOTTO.search(line))
    bars = [i for i in range(motto) if lines[i].strip() == "|"]
    start = bars[-2]  # the bar before the issuer's cell
    header, after = _cells(lines, start, 4)
    recipients = next(i for i in range(len(lines) - 1, after, -1) if "Nơi nhận" in lines[i])
    sign_start = max(i for i in range(after, recipients) if lines[i].strip() == "|")
    signature, _ = _cells(lines, sign_start, 2)
    body = _paragraphs([line for line in lines[after:sign_start] if line.strip() != "|"])
    return [_cell_lines(c) for c in header], body, [_cell_lines(c) for c in signature]


_STARTS = regex.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-+•]|[IVXLC]+\.|\*\*)\s*")


def _paragraphs(lines: list[str]) -> list[str]:
    """The portal's lines as the paragraphs a reader sees: a blank line, a list marker, bold text, or a line
    after one ending in ``:`` ``;`` ``.`` or after a short line that is not a paragraph's first starts a
    new paragraph; the other lines continue the one before."""
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        text = _plain(line)
        if _RULE.match(line) or not text:
            if current:
                out.append(" ".join(current))
            current = []
            continue
        ended = len(current) > 1 and len(current[-1]) < 40  # a short last line (the portal wraps near 80)
        if current and (_STARTS.match(line) or current[-1].endswith((":", ";", ".")) or ended):
            out.append(" ".join(current))
            current = []
        current.append(text)
    if current:
        out.append(" ".join(current))
    return out


def _docx(header: list[list[str]], body: list[str], signature: list[list[str]]) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.15

    def table(cells: list[list[str]], widths: tuple[float, float], bold_rows: int) -> None:
        rows = [cells[k:k + 2] for k in range(0, len(cells), 2)]
        grid = document.add_table(rows=len(rows), cols=2)
        grid.autofit = False
        for c, width in enumerate(widths):
            grid.columns[c].width = Cm(width)
        for r, row in enumerate(rows):
            for c, lines in enumerate(row):
                cell = grid.rows[r].cells[c]
                cell.width = Cm(widths[c])
                for k, line in enumerate(lines):
                    paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    run = paragraph.add_run(line)
                    run.bold = r < bold_rows and not line.startswith("Độc lập")
                    run.font.size = Pt(11)

    table(header, (6.0, 10.0), 1)
    document.add_paragraph("")
    for text in body:
        paragraph = document.add_paragraph(text)
        if text.isupper() and len(text) < 120:  # a document type or a title in capitals
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.runs[0].bold = True
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Cm(1)
    document.add_paragraph("")
    table(signature, (8.0, 8.0), 0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text_pdf(path: Path) -> bytes:
    """The document at ``path`` set in DejaVu Serif and saved as a PDF by LibreOffice."""
    from vnnotice.formats.doc import convert

    if path.suffix == ".txt":
        return convert(path.read_bytes(), ".txt", "pdf", infilter=TEXT_FILTER)
    header, body, signature = portal_document(path.read_text(encoding="utf-8"))
    return convert(_docx(header, body, signature), ".docx", "pdf")


def scan(pdf: Path, out: Path, dpi: int, angle: float) -> int:
    """Print ``pdf`` at ``dpi`` (grayscale), turn each page by ``angle`` degrees, bind into an image-only PDF."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="vnnotice-scan-") as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True)
        pages = []
        for png in sorted(Path(tmp).glob("p-*.png")):
            image = Image.open(png).convert("L")
            if angle:
                image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            pages.append(image)
        pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return len(pages)


def make(out: Path, limit: int | None) -> dict[str, int]:
    """Text PDFs and scans of the documents in ``out``; pages per scan set."""
    docs = [*SEEDS, *(SHARED / "dev" / f"{name}.md" for name in DEV)][:limit]
    pages: dict[str, int] = {}
    for folder in ("text", *SCANS):
        (out / folder).mkdir(parents=True, exist_ok=True)
    for path in docs:
        target = out / "text" / f"{path.stem}.pdf"
        if not target.exists():
            target.write_bytes(text_pdf(path))
        for name, (dpi, angle) in SCANS.items():
            scanned = out / name / f"{path.stem}.pdf"
            marker = scanned.with_suffix(".pages")
            if not marker.exists():
                marker.write_text(str(scan(target, scanned, dpi, angle)))
            pages[name] = pages.get(name, 0) + int(marker.read_text())
    gold = out / "gold"
    gold.mkdir(exist_ok=True)
    for path in docs:
        shutil.copy(SHARED / "gold" / f"{path.stem}.json", gold / f"{path.stem}.json")
    return pages


def extract(folder: Path, pred: Path) -> tuple[float, float]:
    """``vnnotice extract --format gold`` over ``folder`` at low priority, one OCR thread:
    (CPU seconds of the run and its Tesseract processes, wall seconds)."""
    shutil.rmtree(pred, ignore_errors=True)
    env = dict(os.environ, OMP_THREAD_LIMIT="1", PYTHONPATH=str(ROOT))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(["nice", "-n", "10", sys.executable, "-m", "vnnotice", "extract", *sorted(map(str, folder.glob("*.pdf"))),
                    "--format", "gold", "--out", str(pred)], check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall


def score(gold: Path, pred: Path) -> dict:
    found = subprocess.run([sys.executable, str(SHARED / "scripts" / "score.py"), str(gold), str(pred), "--json"],
                           check=True, capture_output=True, text=True).stdout
    result = json.loads(found)
    return {k: v.get("f1", v.get("accuracy")) for k, v in result.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "vnnotice-ocr-bench")
    parser.add_argument("--only", choices=sorted(SCANS), action="append")
    parser.add_argument("--docs", type=int, help="only the first N documents (a quick look)")
    args = parser.parse_args(argv)
    for tool in ("soffice", "pdftoppm", "tesseract"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed: see docs/formats.md (OCR)")
            return 2
    pages = make(args.out, args.docs)
    cpu, wall = extract(args.out / "text", args.out / "pred-text")
    base = score(args.out / "gold", args.out / "pred-text")
    n = pages["200dpi"]
    print(f"{'set':<16}" + "".join(f"{f:>13}" for f in (*FIELDS, "header")) + f"{'CPU s/page':>12}{'wall s/page':>12}")
    print(f"{'text PDF':<16}" + "".join(f"{base[f]:>13.3f}" for f in (*FIELDS, "header"))
          + f"{cpu / n:>12.2f}{wall / n:>12.2f}")
    failed = False
    for name in args.only or SCANS:
        cpu, wall = extract(args.out / name, args.out / f"pred-{name}")
        got = score(args.out / "gold", args.out / f"pred-{name}")
        cells = []
        for f in FIELDS:
            diff = got[f] - base[f]
            ok = abs(diff) <= TOLERANCE[name]
            failed |= not ok
            cells.append(f"{got[f]:.3f}{diff:+.3f}{'' if ok else '!'}".rjust(13))
        failed |= got["header"] < 0.9
        print(f"{name:<16}" + "".join(cells) + f"{got['header']:>13.3f}" + f"{cpu / n:>12.2f}{wall / n:>12.2f}")
    print(f"{n} pages. CPU s/page: CPU seconds of the whole extract run (Python and Tesseract, one thread) per page,\n"
          "the time on one free core; wall s/page depends on the machine's load (the run is niced). "
          "Differences to the text PDFs after each score; '!' marks one beyond the tolerance.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
