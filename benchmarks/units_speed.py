"""CPU time of the unit reader alone (``vnnotice.units.find_units``), per document.

The texts are the ones extraction gives the reader (directive chunks, lead-ins,
appendix cells …): they are captured while the documents are extracted, then
the reader is timed on them alone, in CPU time, over several rounds.  With
``--against OTHER/vnnotice/units.py`` the reader of another checkout is timed
on the same texts in interleaved batches (the ratio is the speed-up of this
one), after checking that both give the same mentions.

    PYTHONPATH=. python benchmarks/units_speed.py [--rounds 4] [--against PATH]

Sets: seeds + dev and the archive of ../shared/corpus when present, else the
project's corpus/docs.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import vnnotice
from vnnotice import units

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
BATCH = 25  # texts timed in a row before switching reader (interleaving evens out the machine's load)


def document_sets() -> dict[str, list[Path]]:
    if SHARED.exists():
        return {"seeds+dev": sorted([*(SHARED / "seeds").glob("*"), *(SHARED / "dev").glob("*")]),
                "archive": sorted((SHARED / "archive").glob("*"))}
    return {"corpus/docs": sorted((ROOT / "corpus" / "docs").glob("*"))}


def captured(paths: list[Path]) -> list[str]:
    """The texts extraction of ``paths`` gives the unit reader, in order."""
    texts: list[str] = []
    real = units.find_units

    def spy(text: str, **kwargs):  # type: ignore[no-untyped-def]
        texts.append(text)
        return real(text, **kwargs)

    units.find_units = spy  # type: ignore[assignment]
    try:
        for path in paths:
            vnnotice.extract(path.read_text(encoding="utf-8"))
    finally:
        units.find_units = real  # type: ignore[assignment]
    return texts


def load_other(path: str):  # type: ignore[no-untyped-def]
    """The units module of another checkout, loaded beside this one."""
    spec = importlib.util.spec_from_file_location("vnnotice._units_other", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def cpu(find, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    for text in texts:
        find(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--against", help="units.py of another checkout to compare with")
    args = parser.parse_args()
    other = load_other(args.against) if args.against else None
    for name, paths in document_sets().items():
        texts = captured(paths)
        empty = sum(not units.find_units(t) for t in texts)
        readers = {"this": units.find_units}
        if other is not None:
            differ = sum(units.find_units(t) != other.find_units(t) for t in texts)
            print(f"{name}: {differ} of {len(texts)} texts read differently by the other reader")
            readers["other"] = other.find_units
        batches = [texts[k:k + BATCH] for k in range(0, len(texts), BATCH)]
        per_round: dict[str, list[float]] = {label: [] for label in readers}
        for r in range(args.rounds):
            spent = dict.fromkeys(readers, 0.0)
            order = list(readers) if r % 2 == 0 else list(reversed(readers))
            for batch in batches:
                for label in order:
                    spent[label] += cpu(readers[label], batch)
            for label in readers:
                per_round[label].append(spent[label])
        ms = {label: sorted(v / len(paths) * 1000 for v in values) for label, values in per_round.items()}
        line = (f"{name}: {len(paths)} docs, {len(texts)} texts ({empty / len(texts):.0%} name no unit); "
                f"this {ms['this'][0]:.3f}-{ms['this'][-1]:.3f} ms/doc")
        if other is not None:
            ratios = sorted(o / t for o, t in zip(per_round["other"], per_round["this"]))
            line += (f", other {ms['other'][0]:.3f}-{ms['other'][-1]:.3f} ms/doc, "
                     f"speed-up {ratios[0]:.2f}-{ratios[-1]:.2f}x")
        print(line)


if __name__ == "__main__":
    main()
