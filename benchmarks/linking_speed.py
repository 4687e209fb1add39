"""Linking speed: mentions linked per second against a 5,000-unit registry.

The registry is generated from templates (provinces x districts x unit
types) so the benchmark needs no data file; mentions mix exact names,
abbreviations, missing diacritics, typos and units absent from the registry.
A first pass links every mention (repeats hit the registry's result cache, as
repeated units of real documents do); a second pass measures the warm cache.
Run: ``python benchmarks/linking_speed.py [--units 5000] [--mentions 20000]``.
"""
from __future__ import annotations

import argparse
import random
import time
import unicodedata

from vnnotice.registry import Registry, Unit

_TYPES = [
    ("ttyt", "Trung tâm Y tế {d}", "TTYT {d}"),
    ("ubnd", "Ủy ban nhân dân {d}", "UBND {d}"),
    ("hdnd", "Hội đồng nhân dân {d}", "HĐND {d}"),
    ("ca", "Công an {d}", None),
    ("pyt", "Phòng Y tế {d}", "PYT {d}"),
    ("bhxh", "Bảo hiểm xã hội {d}", "BHXH {d}"),
    ("vp", "Văn phòng Ủy ban nhân dân {d}", "Văn phòng UBND {d}"),
    ("tc", "Phòng Tài chính - Kế hoạch {d}", None),
    ("gd", "Phòng Giáo dục và Đào tạo {d}", None),
    ("nv", "Phòng Nội vụ {d}", None),
]
_SYLLABLES = "An Bình Hòa Phú Long Sơn Thành Tân Hưng Đông Tây Nam Bắc Trung Hải Lộc Phước Thịnh Yên Xuân Mỹ Quang Vĩnh".split()


def _strip(text: str) -> str:
    """Text without diacritics."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def build_registry(n_units: int, rng: random.Random) -> tuple[Registry, list[tuple[str, str | None]]]:
    """A registry of about ``n_units`` generated units and (name, abbreviation) pairs."""
    units, names, seen = [], [], set()
    kinds = ["huyện", "thị xã", "thành phố", "quận"]
    while len(units) < n_units:
        place = f"{rng.choice(kinds)} {rng.choice(_SYLLABLES)} {rng.choice(_SYLLABLES)}"
        if place in seen:
            continue
        seen.add(place)
        for key, name, abbr in _TYPES:
            uid = f"G{len(units):05d}-{key}"
            full = name.format(d=place)
            short = abbr.format(d=place) if abbr else None
            units.append(Unit(id=uid, name=full, abbreviations=(short,) if short else (), level="district"))
            names.append((full, short))
    return Registry(units[:n_units]), names[:n_units]


def mentions(names: list[tuple[str, str | None]], n: int, rng: random.Random) -> list[str]:
    """``n`` mentions: exact, abbreviated, without diacritics, with a typo, or unknown."""
    out = []
    for _ in range(n):
        full, short = rng.choice(names)
        roll = rng.random()
        if roll < 0.35:
            out.append(full)
        elif roll < 0.55 and short:
            out.append(short)
        elif roll < 0.75:
            out.append(_strip(full).lower())
        elif roll < 0.9:
            i = rng.randrange(4, len(full) - 1)
            out.append(full[:i] + full[i + 1:])
        else:
            out.append(f"Hợp tác xã {rng.choice(_SYLLABLES)} {rng.randrange(1000)}")
    return out


def main() -> None:
    """Build the registry, link the mentions, print the rate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--mentions", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    registry, names = build_registry(args.units, rng)
    built = time.perf_counter() - t0
    batch = mentions(names, args.mentions, rng)
    print(f"registry: {len(registry.units)} units built in {built:.2f}s")
    print(f"mentions: {len(batch)}, of which distinct: {len(set(batch))}")
    for label in ("first pass (cold cache)", "second pass (warm cache)"):
        t0 = time.perf_counter()
        bands: dict[str, int] = {}
        for m in batch:
            band = registry.match(m).band
            bands[band] = bands.get(band, 0) + 1
        took = time.perf_counter() - t0
        print(f"{label}: {len(batch) / took:,.0f} mentions/s ({took:.2f}s)  bands={bands}")


if __name__ == "__main__":
    main()
