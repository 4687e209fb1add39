"""Coverage-guided fuzzing of the read and clean stages (and layout and segment
on what they give) with atheris.

    .venv/bin/python fuzz/fuzz_read_clean.py -max_total_time=600 -rss_limit_mb=4096 fuzz/corpus

The input bytes are read both as a file of each supported suffix (so DOCX and
PDF readers meet broken archives) and as text. What must hold: no exception
other than ReadError with a reason, and the clean text's offset map stays
within the source. The result of the last long run is in docs/fuzzing.md.
"""
from __future__ import annotations

import logging
import sys

import atheris

logging.disable(logging.CRITICAL)  # broken PDFs make pypdf log each problem

# vnnotice's modules are instrumented (coverage guides the fuzzer through them);
# the third-party readers they call are not
with atheris.instrument_imports(include=["vnnotice"]):
    from vnnotice.clean import clean
    from vnnotice.layout import find_layout
    from vnnotice.read import READERS, ReadError, read
    from vnnotice.segment import segment

SUFFIXES = sorted(set(READERS) - {".doc"})  # .doc goes to LibreOffice, an outside program


def check_text(text: str, markdown: bool) -> None:
    cleaned = clean(text, markdown=markdown)
    n = len(cleaned.text)
    for i in (0, n // 2, max(0, n - 1)):
        assert 0 <= cleaned.to_source(i) <= len(text)
    lay = find_layout(cleaned.text)
    assert 0 <= lay.body[0] <= lay.body[1] <= n
    for node in segment(cleaned.text, lay.body):
        assert lay.body[0] <= node.start < node.text_start <= lay.body[1]


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    suffix = SUFFIXES[fdp.ConsumeIntInRange(0, len(SUFFIXES) - 1)]
    payload = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        source = read(payload, name=f"fuzz{suffix}")
    except ReadError as exc:
        assert exc.reason
        return
    check_text(source.text, source.format == "markdown")
    check_text(payload.decode("utf-8", "replace"), False)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
