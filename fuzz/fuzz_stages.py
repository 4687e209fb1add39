"""Coverage-guided fuzzing of every stage with atheris, with inputs long enough to expose
super-linear work.

    .venv/bin/python fuzz/fuzz_stages.py -max_total_time=630 -max_len=65536 -timeout=20 \\
        -rss_limit_mb=4096 WORKDIR fuzz/corpus

Each input picks a mode with its first byte:

* ``text``: the bytes as a document through the whole pipeline (read, clean,
  layout, segment, units, deadlines, citations, records);
* ``repeat``: a short piece of the input repeated up to 4,000 times, then the
  whole pipeline (a quadratic path shows as a libFuzzer timeout);
* ``docx``: a Word document whose numbering attributes (``w:start``,
  ``w:ilvl``, ``w:numFmt``, ``w:lvlText``, ``w:lvlRestart``) and paragraphs
  come from the input, through the DOCX reader and the pipeline;
* ``pdf``: a PDF whose content streams come from the input (pages sharing
  one stream or not), through the PDF reader and the pipeline;
* ``file``: the bytes as a file of each supported suffix (broken archives).

What must hold: no exception other than ``ReadError`` with a reason; the
record serializes to JSON and back; every span lies inside the clean text.
The result of the last long run is in docs/fuzzing.md.
"""
from __future__ import annotations

import logging
import sys
import warnings
from pathlib import Path

import atheris

logging.disable(logging.CRITICAL)  # broken PDFs make pypdf log each problem
warnings.simplefilter("ignore")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

with atheris.instrument_imports(include=["vnnotice"]):
    from vnnotice import Notice, extract
    from vnnotice.formats import docx as _docx_reader  # noqa: F401  (imported here to be instrumented:
    from vnnotice.formats import pdf as _pdf_reader  # noqa: F401   the readers load them lazily)
    from vnnotice.read import READERS, ReadError

from hostile import docx, pdf  # noqa: E402

SUFFIXES = sorted(set(READERS) - {".doc"})  # .doc goes to LibreOffice, an outside program
FORMATS = ["decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "bullet", "none", "decimalZero", "x"]
MODES = ("text", "repeat", "docx", "pdf", "file")


def check(notice: Notice) -> None:
    n = len(notice.text)
    for d in notice.directives:
        assert 0 <= d.span[0] <= d.span[1] <= n
    for u in notice.units:
        assert 0 <= u.span[0] <= u.span[1] <= n
    for x in notice.deadlines:
        assert 0 <= x.span[0] <= x.span[1] <= n
    Notice.model_validate_json(notice.model_dump_json())


def run(data: bytes | str, name: str | None = None) -> None:
    try:
        notice = extract(data, name=name) if name else extract(data)
    except ReadError as exc:
        assert exc.reason
        return
    check(notice)


def _attr(fdp: atheris.FuzzedDataProvider) -> str:
    value = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 12))
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def fuzz_docx(fdp: atheris.FuzzedDataProvider) -> None:
    levels = []
    for ilvl in range(fdp.ConsumeIntInRange(1, 3)):
        start = str(fdp.ConsumeIntInRange(-2, 40_000)) if fdp.ConsumeBool() else _attr(fdp)
        fmt = FORMATS[fdp.ConsumeIntInRange(0, len(FORMATS) - 1)]
        text = "".join(f"%{fdp.ConsumeIntInRange(0, 10)}" + _attr(fdp)[:2] for _ in range(fdp.ConsumeIntInRange(0, 3)))
        restart = f'<w:lvlRestart w:val="{fdp.ConsumeIntInRange(-1, 10)}"/>' if fdp.ConsumeBool() else ""
        levels.append(f'<w:lvl w:ilvl="{ilvl if fdp.ConsumeProbability() < 0.9 else _attr(fdp)}"><w:start w:val="{start}"/>'
                      f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{restart}</w:lvl>')
    numbering = (f'<w:abstractNum w:abstractNumId="0">{"".join(levels)}</w:abstractNum>'
                 f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    paras = []
    for _ in range(fdp.ConsumeIntInRange(0, 400)):
        ilvl = str(fdp.ConsumeIntInRange(0, 9)) if fdp.ConsumeProbability() < 0.95 else _attr(fdp)
        text = _attr(fdp) or "Sở Y tế báo cáo"
        paras.append(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{fdp.ConsumeIntInRange(0, 2)}"/>'
                     f'</w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>')
    run(docx("<w:p><w:r><w:t>THÔNG BÁO</w:t></w:r></w:p>" + "".join(paras), numbering), "fuzz.docx")


def fuzz_pdf(fdp: atheris.FuzzedDataProvider) -> None:
    pages = fdp.ConsumeIntInRange(1, 12)
    shared = fdp.ConsumeBool()
    repeat = fdp.ConsumeIntInRange(1, 2000)
    body = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 2000))
    streams = [b"BT /F1 11 Tf 14 TL 72 780 Td " + body * repeat + b" ET" for _ in range(pages)]
    run(pdf(streams, shared=shared, compress=fdp.ConsumeBool()), "fuzz.pdf")


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    mode = MODES[fdp.ConsumeIntInRange(0, len(MODES) - 1)]
    if mode == "text":
        run(fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()) + "\n")
    elif mode == "repeat":
        times = fdp.ConsumeIntInRange(1, 4000)
        piece = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(1, 64))
        rest = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
        run(rest + piece * times + "\n")
    elif mode == "docx":
        fuzz_docx(fdp)
    elif mode == "pdf":
        fuzz_pdf(fdp)
    else:
        suffix = SUFFIXES[fdp.ConsumeIntInRange(0, len(SUFFIXES) - 1)]
        run(fdp.ConsumeBytes(fdp.remaining_bytes()), f"fuzz{suffix}")


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
