"""Messages built around a count agree with it: one worker, two workers."""
from __future__ import annotations

import pytest

from vnnotice.wording import counted


@pytest.mark.parametrize("n, noun, plural, said", [
    (1, "worker", None, "1 worker"),
    (2, "worker", None, "2 workers"),
    (0, "waiting request", None, "0 waiting requests"),
    (1, "entry", "entries", "1 entry"),
    (3, "entry", "entries", "3 entries"),
])
def test_counted(n: int, noun: str, plural: str | None, said: str) -> None:
    assert counted(n, noun, plural) == said


def test_the_batch_summary_agrees_with_its_counts(capsys) -> None:
    from vnnotice.batch.command import _SHOWN_FAILURES, _report
    from vnnotice.batch.run import Summary

    failures = [(f"d{k}.txt", "empty file") for k in range(_SHOWN_FAILURES + 1)]
    _report(Summary(inputs=1, done=1, seconds=1.0, kinds={"administrative": 1, "not_administrative": 0}))
    _report(Summary(inputs=30, done=9, failed=21, failures=failures, failed_total=21, seconds=2.0,
                    kinds={"administrative": 3, "not_administrative": 6}))
    said = capsys.readouterr().err
    assert "1 input: 1 done," in said and "records: 1 administrative document, 0 not administrative" in said
    assert "… and 1 more failure (see the error rows)" in said
    assert "30 inputs: 9 done," in said and "records: 3 administrative documents, 6 not administrative" in said
