"""Compiled against pure: the hot modules built with mypyc on a copy of the package, checked and timed.

Copies ``vnnotice/`` and ``pyproject.toml`` to a scratch folder, compiles the chosen modules there
with mypyc (``build_ext --inplace``: the extension modules sit next to the ``.py`` files of the copy
and are imported in their place), type-checking them with the ``[tool.mypy]`` configuration of
``pyproject.toml`` (a type error stops the build: the modules must be mypy-clean, no error is
ignored), then

1. checks the compiled copy's records against the pure package's on every corpus document
   (``benchmarks/same_output.py``: saved with this checkout's package, checked with the copy);
2. times ``extract`` (CPU ms per document, one process each) on the seed + dev documents and on
   every 8th archive document, alternating pure and compiled processes for ``--rounds`` rounds, and
   prints each round and the ratio of the medians.

    pip install -e '.[bench]'   # mypy (mypyc comes with it) and the stubs; a C compiler is needed too
    python benchmarks/compile_trial.py [--modules units,clean,...] [--rounds 4] [--keep DIR] [--pure DIR]

``--keep DIR`` builds in DIR and keeps it (run the tests against it with DIR first on ``sys.path``);
``--pure DIR`` times another checkout's package (e.g. an older commit's) as the pure side; ``--built
DIR`` checks and times a folder built before instead of building.

Nothing here changes the checkout: the package is installed and imported as pure Python. mypyc turns
the annotations into checks at run time: an argument, return value or variable holding a value of
another type than the annotation (or than the type mypy inferred at the variable's first assignment)
raises ``TypeError`` in the compiled module where the pure one goes on; the records check shows any
such mismatch the corpus reaches.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
MODULES = ["units", "clean", "deadlines", "citations", "segment", "layout", "kind", "appendix"]

SETUP = """\
from setuptools import setup
from mypyc.build import mypycify

setup(name="vnnotice-trial", packages=[], ext_modules=mypycify(
    ["--config-file=pyproject.toml"] + {paths!r}, opt_level="3", separate={separate!r}))
"""

TIMER = """\
import sys, time, pathlib, vnnotice
paths = [pathlib.Path(p) for p in sys.argv[1:]]
items = [(p.read_bytes(), p.name) for p in paths]
for data, name in items[:3]:
    vnnotice.extract(data, name=name)
start = time.process_time()
failed = 0
for data, name in items:
    try:
        vnnotice.extract(data, name=name)
    except Exception:
        failed += 1
print((time.process_time() - start) * 1000 / len(items), failed)
"""


def build(modules: list[str], where: Path, separate: bool = True) -> None:
    """Copy the package and its mypy configuration to ``where``, and compile ``modules`` there."""
    shutil.copytree(ROOT / "vnnotice", where / "vnnotice",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
    shutil.copy(ROOT / "pyproject.toml", where / "pyproject.toml")
    (where / "setup.py").write_text(SETUP.format(paths=[f"vnnotice/{m}.py" for m in modules], separate=separate))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    out = subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace"], cwd=where,
                         capture_output=True, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode:
        tail = "\n".join((out.stdout + out.stderr).strip().splitlines()[-15:])
        raise SystemExit(f"mypyc could not compile {', '.join(modules)}:\n{tail}")
    compiled = sorted(p.name.split(".")[0] for p in (where / "vnnotice").glob("*.so") if "__mypyc" not in p.name)
    print(f"compiled: {', '.join(compiled)} in {wall:.0f} s wall, "
          f"{after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime:.0f} s CPU")


def env(path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(path)}


def check_records(compiled: Path, scratch: Path) -> bool:
    script = str(ROOT / "benchmarks" / "same_output.py")
    base = scratch / "base"
    subprocess.run([sys.executable, script, "save", str(base)], env=env(ROOT), check=True, capture_output=True)
    out = subprocess.run([sys.executable, script, "check", str(base), "--diff", "0"], env=env(compiled),
                         capture_output=True, text=True)
    print("records, compiled against pure: " + out.stdout.strip().splitlines()[-1][:600])
    return out.returncode == 0


def timing(compiled: Path, rounds: int, pure: Path = ROOT) -> None:
    sets = {
        "seeds + dev": sorted([*(SHARED / "seeds").glob("*"), *(SHARED / "dev").glob("*")]),
        "archive/8": sorted((SHARED / "archive").glob("*"))[::8],
    } if SHARED.exists() else {"corpus/docs": sorted((ROOT / "corpus" / "docs").glob("*"))}
    for name, paths in sets.items():
        ms: dict[str, list[float]] = {"pure": [], "compiled": []}
        for r in range(rounds):
            for label, where in (("pure", pure), ("compiled", compiled)):
                out = subprocess.run([sys.executable, "-c", TIMER, *map(str, paths)], env=env(where), cwd=where,
                                     capture_output=True, text=True, check=True)  # cwd: first on sys.path
                spent, failed = out.stdout.split()
                ms[label].append(float(spent))
                if int(failed):
                    print(f"  {name}, {label}: {failed} documents failed")
            print(f"  {name} round {r + 1}: pure {ms['pure'][-1]:.2f}, compiled {ms['compiled'][-1]:.2f} ms/doc "
                  f"({ms['pure'][-1] / ms['compiled'][-1]:.2f}x); load {os.getloadavg()[0]:.1f}", flush=True)
        p_med, c_med = statistics.median(ms["pure"]), statistics.median(ms["compiled"])
        pairs = sorted(p / c for p, c in zip(ms["pure"], ms["compiled"]))
        print(f"{name}: {len(paths)} docs; median pure {p_med:.2f} ms/doc, compiled {c_med:.2f} ms/doc: "
              f"{p_med / c_med:.2f}x (rounds {pairs[0]:.2f}-{pairs[-1]:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", default=",".join(MODULES), help="modules of vnnotice to compile")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and keep it")
    parser.add_argument("--pure", type=Path, default=ROOT,
                        help="the checkout whose package is timed as pure Python (default: this one)")
    parser.add_argument("--one-library", action="store_true",
                        help="one shared library for all the modules (default: one per module)")
    parser.add_argument("--no-timing", action="store_true", help="build and check the records only")
    parser.add_argument("--built", type=Path, help="a folder built before with --keep: checked and timed, not built")
    args = parser.parse_args()
    try:
        import mypyc  # noqa: F401
    except ImportError:
        raise SystemExit("the trial needs mypyc: pip install mypy") from None
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}; load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        where = args.built or args.keep or Path(tmp) / "trial"
        if not args.built:
            build([m.strip() for m in args.modules.split(",") if m.strip()], where, not args.one_library)
        check_records(where, Path(tmp))
        if not args.no_timing:
            timing(where, args.rounds, args.pure.resolve())
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
