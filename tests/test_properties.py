"""Properties of the whole pipeline on any input: no exception, spans that point
at what they claim, records that validate and round-trip through JSON.

Documents are generated from the pieces real documents are made of (markers,
unit names, dates, citations, Markdown debris, odd Unicode, line breaks), so
that the stages meet structure, not only noise. Pathological inputs (a 1 MB
line, thousands of nested markers, 100,000 repetitions of "số") must finish;
how fast they finish is measured in benchmarks/pathological.py.
"""
from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from vnnotice import Notice, extract
from vnnotice.clean import clean
from vnnotice.layout import find_layout
from vnnotice.read import names_path
from vnnotice.segment import segment

PIECES = [
    "1.", "2.", "a)", "b)", "(1)", "(2)", "(i)", "-", "+", "*", "I.", "II.", "PHẦN I", "Một là:", "Thứ nhất,",
    "Điều 1.", "Giao", "Yêu cầu", "Đề nghị", "Sở Y tế", "UBND tỉnh", "Trung tâm Y tế TP. Hạ Long", "Bộ Tài chính",
    "phối hợp với", "báo cáo", "tham mưu", "các Bộ: Công an, Quốc phòng", "trước ngày 05/11/2024",
    "trong tháng 4/2024", "Quý I/2025", "trước 15/12", "trong vòng 10 ngày", "Tết Nguyên đán", "hằng tháng",
    "Quyết định số 66/QĐ-UBND ngày 10/01/2022", "96/2023/NĐ-CP", "31-CT/TU", "Luật Đất đai", "số", "ngày", "tháng",
    "năm", "kết luận như sau:", "Nơi nhận:", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A", "./.", "**", "|", "#",
    "---", "[1]", "Số: 12/TB-UBND", "Hà Nội, ngày 5 tháng 3 năm 2024", "THÔNG BÁO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "\u00d0", "\u00ad", "\u200b", "\ufeff", "\u00a0", "e\u0301", "\r\n", "\n", "\n\n", " ", ",", ";", ":", ".", "(", ")",
]

documents = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=80).map(" ".join)


def check_spans(notice: Notice) -> None:
    """Every span lies in the clean text and points at the surface it claims."""
    text = notice.text
    n = len(text)
    for d in notice.directives:
        assert 0 <= d.span[0] <= d.span[1] <= n
        assert all(0 <= a <= b <= n for a, b in d.own)
    for u in notice.units:
        assert text[u.span[0]:u.span[1]] == u.surface
    for x in notice.deadlines:
        assert text[x.span[0]:x.span[1]] == x.surface
    for c in notice.citations:
        assert all(0 <= a < b <= n for a, b in c.spans)
    if notice.body:
        assert 0 <= notice.body[0] <= notice.body[1] <= n


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_extract_any_document(text: str) -> None:
    notice = extract(text)
    check_spans(notice)
    assert Notice.model_validate_json(notice.model_dump_json()) == notice


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_extract_any_str(text: str) -> None:
    # a short single line naming an existing file is read as that file (documented in vnnotice.read.read);
    # Hypothesis also tries string constants of the code under test, such as "/proc/self/status"
    assume(not names_path(text))
    check_spans(extract(text))


@settings(max_examples=100, deadline=None)
@given(documents)
def test_stages_alone(text: str) -> None:
    """Clean, layout and segment hold their own invariants."""
    cleaned = clean(text, markdown=True)
    assert all(0 <= cleaned.to_source(i) <= len(text) for i in range(0, len(cleaned.text), 7))
    lay = find_layout(cleaned.text)
    assert 0 <= lay.body[0] <= lay.body[1] <= len(cleaned.text)
    for node in segment(cleaned.text, lay.body):
        assert lay.body[0] <= node.start < node.text_start <= lay.body[1]
        assert node.start <= node.end <= lay.body[1]


@contextmanager
def hang_guard(seconds: int):
    """Fail instead of hanging: a bound far above any normal run, not a speed check."""
    def alarm(signum, frame):
        raise TimeoutError(f"no result after {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


PATHOLOGICAL = {
    "a 1 MB single line": ("Sở Y tế báo cáo trước ngày 05/11/2024 theo Quyết định số 66/QĐ-UBND; " * 15000)[:1_000_000],
    "10,000 nested markers": "\n".join(["1. a) - + (1) (i) Giao Sở Y tế"] * 10_000),
    "100,000 repetitions of 'số'": "số " * 100_000,
    "100,000 inline markers": "(1) " * 100_000,
    "100,000 slashes": "/".join(["QĐ"] * 100_000),
    "100,000 'trước ngày'": "trước ngày " * 100_000,
    "a 1 MB word": "a" * 1_000_000,
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_inputs_finish(name: str) -> None:
    with hang_guard(300):
        notice = extract(PATHOLOGICAL[name])
    check_spans(notice)
