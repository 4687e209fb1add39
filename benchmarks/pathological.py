"""Time taken by pathological inputs (the bound that tests/test_properties.py only guards).

    PYTHONPATH=. python benchmarks/pathological.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_properties import PATHOLOGICAL  # noqa: E402

from vnnotice import extract  # noqa: E402


def main() -> None:
    extract("Khởi động.")
    for name, text in PATHOLOGICAL.items():
        start = time.perf_counter()
        notice = extract(text)
        took = time.perf_counter() - start
        print(f"{name:<32} {len(text) / 1e6:5.2f} MB {took:7.2f} s  "
              f"directives={len(notice.directives)} citations={len(notice.citations)} "
              f"deadlines={len(notice.deadlines)} units={len(notice.units)}")


if __name__ == "__main__":
    main()
