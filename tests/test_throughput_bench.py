"""The large documents of benchmarks/throughput.py are single notices whose body runs to the signature
(a figure per MB means nothing if most of the text is left out of the body)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import vnnotice

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def _bench():
    spec = importlib.util.spec_from_file_location("throughput_bench", ROOT / "benchmarks" / "throughput.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/corpus")
def test_synthetic_documents_are_one_notice_each() -> None:
    bench = _bench()
    small, large = bench.synthetic([60_000, 250_000])
    counts = []
    for text, size in ((small, 60_000), (large, 250_000)):
        assert size <= len(text.encode()) < size + 120_000
        notice = vnnotice.extract(text)
        body = notice.text[notice.body[0]:notice.body[1]]
        assert notice.body[1] > len(notice.text) - 2_000  # only the signature and recipients follow
        assert "Nơi nhận" not in body
        tops = [d.marker for d in notice.directives if d.parent is None and d.kind == "arabic"]
        assert tops[:3] == ["1.", "2.", "3."]
        assert len(set(tops)) == len(tops)  # numbers run on, none restarts
        counts.append(len(notice.directives))
    assert counts[1] > 2 * counts[0]
