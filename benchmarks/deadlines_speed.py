"""Speed of the deadline finder alone, on one core.

Over the archive of ../shared/corpus when present (else the project's
corpus/docs), and over a dense synthetic text of narrative and tasks.

    PYTHONPATH=. python benchmarks/deadlines_speed.py
"""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from vnnotice.deadlines import find_deadlines

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus" / "archive"
REF = date(2025, 11, 20)
NARRATIVE = ("Căn cứ Quyết định số 66/QĐ-UBND ngày 10/01/2022 của Ủy ban nhân dân tỉnh về việc tiếp nhận "
             "các Trạm Y tế, trong 10 tháng năm 2025 ngành Y tế đã triển khai đồng bộ các nhiệm vụ, giải pháp "
             "của Kế hoạch giai đoạn 2023-2025; tỷ lệ bao phủ bảo hiểm y tế đạt 93,5%.\n")
TASK = "Sở Y tế chủ trì, phối hợp với các đơn vị liên quan rà soát, báo cáo UBND tỉnh trước ngày 15/12/2025.\n"


def measure(label: str, texts: list[str]) -> None:
    size = sum(len(t.encode()) for t in texts)
    start = time.perf_counter()
    found = sum(len(find_deadlines(t, REF)) for t in texts)
    seconds = time.perf_counter() - start
    print(f"{label:<12} {size / 1e6:7.2f} MB {seconds:7.2f} s {size / seconds / 1e6:6.2f} MB/s  {found} deadlines")


def main() -> None:
    find_deadlines(TASK, REF)  # compile once
    folder = SHARED if SHARED.exists() else ROOT / "corpus" / "docs"
    measure("documents", [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*"))])
    measure("synthetic", [(NARRATIVE * 5 + TASK) * 600])


if __name__ == "__main__":
    main()
