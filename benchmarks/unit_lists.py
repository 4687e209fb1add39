"""Time of the unit reader on long unit lists, at two sizes: the time should double, not quadruple.

    PYTHONPATH=. python benchmarks/unit_lists.py
"""
from __future__ import annotations

import time

from vnnotice.units import find_units

CASES = {
    "distributive list of ministries": lambda n: "Các Bộ: " + "Văn hóa, Thể thao và Du lịch, " * n + "Y tế chủ trì.",
    "distributive list of provinces": lambda n: "Ủy ban nhân dân các tỉnh: " + "Lào Cai, " * n + "Hà Giang rà soát.",
    "places after a phrase": lambda n: "Hỗ trợ các tỉnh: " + "Cao Bằng, " * n + "Lạng Sơn để khắc phục.",
    "collectives with qualifiers": lambda n: "Giao " + "các cơ quan trên địa bàn, " * n + "các đơn vị triển khai.",
    "bodies before a distributive list": lambda n: "Bí thư Tỉnh ủy, " * n + "Chủ tịch UBND các tỉnh: A, B chỉ đạo.",
    "list governed by a preposition": lambda n: "Phục vụ các sự kiện của " + "Sở Y tế, " * n + "Sở Tài chính chủ trì.",
    "a run of commas": lambda n: "1. Sở Y tế chủ trì, phối hợp với Sở Tài chính" + "," * (5 * n),
    "a unit on every line": lambda n: "Sở Y tế\n" * (5 * n),
}


def main() -> None:
    find_units("Sở Y tế chủ trì.")
    for name, make in CASES.items():
        took = []
        for n in (2000, 4000):
            text = make(n)
            start = time.perf_counter()
            find_units(text)
            took.append(time.perf_counter() - start)
        print(f"{name:<36} {took[0]:6.3f} s  {took[1]:6.3f} s  ratio {took[1] / took[0]:4.1f}")


if __name__ == "__main__":
    main()
