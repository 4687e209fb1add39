"""Compiled against pure: the hot modules built with mypyc on a copy of the package, checked and timed.

Copies ``vnnotice/`` and ``pyproject.toml`` to a scratch folder, compiles the chosen modules there
with mypyc (``build_ext --inplace``: the extension modules sit next to the ``.py`` files of the copy
and are imported in their place), type-checking them with the ``[tool.mypy]`` configuration of
``pyproject.toml`` (a type error stops the build: the modules must be mypy-clean, no error is
ignored), then

1. checks the compiled copy's records against the pure package's on every corpus document
   (``benchmarks/same_output.py``: saved with this checkout's package, checked with the copy);
2. with ``--mutants``, does the same on about 2,400 mutated corpus documents (years removed, cut, lines
   dropped or shuffled, digits changed, case changed, lines joined, table pipes, stray characters such as a
   capital sigma) extracted without a reference date: inputs of kinds the corpus lacks;
3. times ``extract`` (CPU ms per document, one process each) on the seed + dev documents and on
   every 8th archive document, alternating pure and compiled processes for ``--rounds`` rounds, and
   prints each round and the ratio of the medians.

    pip install -e '.[bench]'   # mypy (mypyc comes with it) and the stubs; a C compiler is needed too
    python benchmarks/compile_trial.py [--modules units,clean,...] [--rounds 4] [--keep DIR] [--pure DIR]

``--keep DIR`` builds in DIR and keeps it (run the tests against it with DIR first on ``sys.path``);
``--hazards`` lists, without building, where a value of another type may reach a typed argument, variable or
return value of the compiled modules on some input: a regular expression's group that may be missing (mypy run
with the group typed ``str | None``), and a value mypy types as ``Any`` (from the data files, a record built
without validation). Each needs a look; see ``tests/test_runtime_types.py`` for the ones fixed.
``--pure DIR`` times another checkout's package (e.g. an older commit's) as the pure side; ``--built
DIR`` checks and times a folder built before instead of building.

Nothing here changes the checkout; its package is run pure (``VNNOTICE_PURE=1``, whether or not its
install compiled), and the copy carries no build manifest, so its extension modules beside the ``.py``
files are the ones imported (``vnnotice/_native``'s hook stays out of the way). mypyc turns
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
MODULES = ["units", "clean", "deadlines", "citations", "segment", "layout", "kind", "appendix", "find", "assemble", "trusted"]

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
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd", "manifest.json", "failed.txt"))
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


def env(path: Path, pure: bool = False) -> dict[str, str]:
    """The environment of a process importing the package in ``path``; ``pure``: the pure side, run with
    ``VNNOTICE_PURE=1`` so that an install that compiled (this checkout's, or ``--pure DIR``'s) stays pure."""
    return {**os.environ, "PYTHONPATH": str(path), **({"VNNOTICE_PURE": "1"} if pure else {})}


def check_records(compiled: Path, scratch: Path) -> bool:
    script = str(ROOT / "benchmarks" / "same_output.py")
    base = scratch / "base"
    subprocess.run([sys.executable, script, "save", str(base)], env=env(ROOT, pure=True), check=True,
                   capture_output=True)
    out = subprocess.run([sys.executable, script, "check", str(base), "--diff", "0"], env=env(compiled),
                         capture_output=True, text=True)
    print("records, compiled against pure: " + out.stdout.strip().splitlines()[-1][:600])
    return out.returncode == 0


MUTANTS = """\
import hashlib, pathlib, random, re, sys, vnnotice
YEAR = re.compile(r"(?<!\\d)(?:19|20)\\d\\d(?!\\d)")
NOISE = ["\\u00a0", "\\t", "*", "#", "-", "(", ")", ":", ";", ".", "/", "\\u200b", "\\u03a3", "\\u0130", "\\u00df",
         "\\ufeff", "1", "\\u2026", "\\u201c", "\\u201d", "\\n\\n"]
def mutants(text, rnd):
    lines = text.split("\\n")
    yield "no-year", YEAR.sub("", text)
    yield "head", text[:rnd.randrange(len(text) + 1)]
    yield "tail", text[rnd.randrange(len(text) + 1):]
    yield "lines-dropped", "\\n".join(l for l in lines if rnd.random() > 0.3)
    shuffled = lines[:]
    rnd.shuffle(shuffled)
    yield "lines-shuffled", "\\n".join(shuffled)
    yield "digits", re.sub(r"\\d", lambda m: str(rnd.randrange(10)) if rnd.random() < 0.3 else m.group(), text)
    yield "lower", text.lower()
    yield "upper", text.upper()
    yield "one-line", text.replace("\\n", " ")
    yield "pipes", "\\n".join("| " + l.replace(" ", " | ", 2) + " |" if rnd.random() < 0.3 else l for l in lines)
    chars = list(text)
    for _ in range(max(1, len(chars) // 200)):
        chars.insert(rnd.randrange(len(chars) + 1), rnd.choice(NOISE))
    yield "noise", "".join(chars)
for k, path in enumerate(sys.argv[1:]):
    path = pathlib.Path(path)
    for tag, text in mutants(path.read_bytes().decode("utf-8", "replace"), random.Random(k)):
        try:  # no reference date: a year-less period is read against none
            out = vnnotice.extract(text.encode("utf-8"), name="mutant" + path.suffix).model_dump_json()
        except Exception as exc:
            out = f"error: {type(exc).__name__}: {exc}"
        print(path.name, tag, hashlib.sha1(out.encode()).hexdigest())
"""


def check_mutants(compiled: Path) -> bool:
    """Mutated corpus documents (years removed, cut, lines dropped or shuffled, digits changed, case changed,
    lines joined, table pipes, stray characters), no reference date: compiled against pure, record by record."""
    paths = ([*sorted((SHARED / "seeds").glob("*")), *sorted((SHARED / "dev").glob("*")),
              *sorted((SHARED / "archive").glob("*"))[::3], *sorted((SHARED / "other").glob("*"))[::10]]
             if SHARED.exists() else sorted((ROOT / "corpus" / "docs").glob("*")))
    outs = [subprocess.run([sys.executable, "-c", MUTANTS, *map(str, paths)], env=env(where, pure=where == ROOT),
                           cwd=where,
                           capture_output=True, text=True, check=True).stdout.splitlines()
            for where in (ROOT, compiled)]
    differ = [a.rsplit(" ", 1)[0] for a, b in zip(*outs) if a != b]
    print(f"mutated documents, compiled against pure: {len(outs[0]) - len(differ)}/{len(outs[0])} identical"
          + (f"; differ: {', '.join(differ[:20])}" if differ else ""))
    return not differ and len(outs[0]) == len(outs[1])


def timing(compiled: Path, rounds: int, pure: Path = ROOT) -> None:
    sets = {
        "seeds + dev": sorted([*(SHARED / "seeds").glob("*"), *(SHARED / "dev").glob("*")]),
        "archive/8": sorted((SHARED / "archive").glob("*"))[::8],
    } if SHARED.exists() else {"corpus/docs": sorted((ROOT / "corpus" / "docs").glob("*"))}
    for name, paths in sets.items():
        ms: dict[str, list[float]] = {"pure": [], "compiled": []}
        for r in range(rounds):
            for label, where in (("pure", pure), ("compiled", compiled)):
                out = subprocess.run([sys.executable, "-c", TIMER, *map(str, paths)], cwd=where,  # first on sys.path
                                     env=env(where, pure=label == "pure"), capture_output=True, text=True, check=True)
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



# ---------------------------------------------------------------- hazards: values of another type at run time

def _strict_stubs(where: Path) -> tuple[Path, Path]:
    """Copies of the ``regex`` stubs and of mypy's typeshed in which a match's group is ``str | None``
    (the stubs say ``str | Any``, which mypy lets into any ``str`` slot)."""
    import mypy
    import regex  # noqa: F401  (the stubs sit beside it: types-regex)

    stubs = next(Path(p) / "regex-stubs" for p in sys.path if (Path(p) / "regex-stubs").is_dir())
    shutil.copytree(stubs, where / "stubs" / "regex")
    typeshed = where / "typeshed"
    shutil.copytree(Path(mypy.__file__).parent / "typeshed", typeshed)
    for pyi in [*(where / "stubs" / "regex").glob("*.pyi"), typeshed / "stdlib" / "re.pyi"]:
        pyi.write_text(pyi.read_text().replace("| MaybeNone", "| None"))
    return where / "stubs", typeshed


def strict_groups(modules: list[str], where: Path) -> int:
    """mypy with a match's groups typed ``str | None``: where a group that may be missing reaches a
    typed argument, variable or return value (compiled: ``TypeError``). Each finding needs a look: many
    groups are there whenever the match is (the pattern requires them)."""
    stubs, typeshed = _strict_stubs(where)
    out = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                          "--custom-typeshed-dir", str(typeshed), "--cache-dir", str(where / "cache"),
                          *[f"vnnotice/{m}.py" for m in modules]],
                         cwd=ROOT, env={**os.environ, "MYPYPATH": str(stubs)}, capture_output=True, text=True)
    kept = [line for line in out.stdout.splitlines()
            if ("[arg-type]" in line or "[return-value]" in line or "[assignment]" in line)
            and '"int" has incompatible' not in line]  # int(None) raises the same TypeError pure
    print(f"groups that may be missing, into typed slots ({len(kept)}):")
    print("\n".join(kept))
    return len(kept)


def any_flows(modules: list[str]) -> int:
    """Where a value mypy types as ``Any`` (a dict of the data files, a record built without validation)
    goes into a variable, argument or return value of another type: mypyc checks it there at run time."""
    from mypy import build as mypy_build
    from mypy.main import process_options
    from mypy.nodes import (AssignmentExpr, AssignmentStmt, Block, CallExpr, ClassDef, Decorator, Expression, ForStmt,
                            FuncDef, IfStmt, ListExpr, MemberExpr, NameExpr, OverloadedFuncDef, RefExpr, ReturnStmt,
                            Statement, StarExpr, TempNode, TryStmt, TupleExpr, Var, WhileStmt, WithStmt)
    from mypy.types import AnyType, CallableType, Instance, TupleType, UnionType, get_proper_type
    import types as pytypes

    files = [str(ROOT / "vnnotice" / f"{m}.py") for m in modules]
    sources, options = process_options(["--config-file", str(ROOT / "pyproject.toml"), *files])
    options.export_types, options.preserve_asts, options.incremental = True, True, False
    result = mypy_build.build(sources, options)
    types = result.types
    found: set[str] = set()

    def is_any(t: object) -> bool:
        return isinstance(get_proper_type(t), AnyType)

    def checked(t: object) -> bool:  # a type mypyc checks at run time (not object, not a union with Any)
        t = get_proper_type(t) if t is not None else None
        if t is None or isinstance(t, AnyType):
            return False
        if isinstance(t, UnionType):
            return not any(isinstance(get_proper_type(x), AnyType) for x in t.items)
        return not (isinstance(t, Instance) and t.type.fullname == "builtins.object")

    def target(path: str, lv: object, rtype: object, line: int) -> None:
        if isinstance(lv, (TupleExpr, ListExpr)):
            rt = get_proper_type(rtype) if rtype is not None else None
            for i, item in enumerate(lv.items):
                if isinstance(rt, TupleType) and i < len(rt.items):
                    target(path, item, rt.items[i], line)
                elif isinstance(rt, AnyType):
                    target(path, item, rt, line)
        elif isinstance(lv, (NameExpr, MemberExpr)) and isinstance(lv.node, Var) and rtype is not None \
                and is_any(rtype) and checked(lv.node.type):
            found.add(f"{path}:{line}: Any into {lv.name}: {lv.node.type}")

    def statements(path: str, body: list, funcs: list) -> None:
        for o in body:
            if isinstance(o, Block):
                statements(path, o.body, funcs)
            elif isinstance(o, FuncDef):
                statements(path, o.body.body, [*funcs, o])
            elif isinstance(o, Decorator):
                statements(path, [o.func], funcs)
            elif isinstance(o, OverloadedFuncDef):
                statements(path, list(o.items), funcs)
            elif isinstance(o, ClassDef):
                statements(path, o.defs.body, funcs)
            elif isinstance(o, (IfStmt, WhileStmt, ForStmt, WithStmt, TryStmt)):
                if isinstance(o, ForStmt) and is_any(types.get(o.expr)):
                    target(path, o.index, types.get(o.expr), o.line)
                blocks = [*getattr(o, "body", [])] if isinstance(o, IfStmt) else [o.body]
                blocks += [*getattr(o, "handlers", []), getattr(o, "else_body", None), getattr(o, "finally_body", None)]
                statements(path, [b for b in blocks if b is not None], funcs)
            elif isinstance(o, AssignmentStmt) and not isinstance(o.rvalue, TempNode):
                for lv in o.lvalues:
                    target(path, lv, types.get(o.rvalue), o.line)
            elif isinstance(o, ReturnStmt) and o.expr is not None and funcs:
                ft = funcs[-1].type
                if isinstance(ft, CallableType) and checked(ft.ret_type) and is_any(types.get(o.expr)):
                    found.add(f"{path}:{o.line}: Any returned from {funcs[-1].name} -> {ft.ret_type}")

    skip = {"node", "info", "type", "definition", "analyzed", "callee_type", "unanalyzed_type", "fullname"}

    def expressions(n: object, seen: set[int], acc: list) -> None:  # the calls and := in a tree (its nodes are compiled)
        if id(n) in seen:
            return
        seen.add(id(n))
        if isinstance(n, (CallExpr, AssignmentExpr)):
            acc.append(n)
        for cls in type(n).__mro__:
            for name, d in vars(cls).items():
                if name in skip or name.startswith("__") or not isinstance(d, pytypes.GetSetDescriptorType):
                    continue
                try:
                    v = getattr(n, name)
                except Exception:  # noqa: BLE001 (an attribute not set on this node)
                    continue
                for x in (v if isinstance(v, (list, tuple)) else [v]):
                    for y in (x if isinstance(x, (list, tuple)) else [x]):
                        if isinstance(y, (Expression, Statement, Block)):
                            expressions(y, seen, acc)

    for path in files:
        module = next(s.module for s in sources if s.path == path)
        tree = result.graph[module].tree
        short = os.path.relpath(path, ROOT)
        statements(short, tree.defs, [])
        calls: list = []
        expressions(tree, set(), calls)
        for e in calls:
            if isinstance(e, AssignmentExpr):
                if isinstance(e.target.node, Var) and is_any(types.get(e.value)) and checked(e.target.node.type):
                    found.add(f"{short}:{e.line}: Any into {e.target.name}: {e.target.node.type}")
                continue
            ct = get_proper_type(types.get(e.callee))
            if not isinstance(ct, CallableType):
                continue
            for a, kind, name in zip(e.args, e.arg_kinds, e.arg_names):
                if not is_any(types.get(a)):
                    continue
                i = e.args.index(a)
                param = (ct.arg_types[ct.arg_names.index(name)] if name in ct.arg_names
                         else ct.arg_types[i] if not name and kind.name == "ARG_POS" and i < len(ct.arg_types) else None)
                if checked(param):
                    callee = e.callee.name if isinstance(e.callee, RefExpr) else "?"
                    found.add(f"{short}:{e.line}: Any into argument {name or i} of {callee}: {param}")
    print(f"values typed Any into typed slots ({len(found)}; the data files' vocabularies among them):")
    print("\n".join(sorted(found, key=lambda f: (f.split(":")[0], int(f.split(":")[1])))))
    return len(found)


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
    parser.add_argument("--mutants", action="store_true",
                        help="also compare compiled and pure on mutated corpus documents (about 2,400, no reference date)")
    parser.add_argument("--hazards", action="store_true",
                        help="list where a value of another type may reach a typed slot (no build)")
    args = parser.parse_args()
    if args.hazards:
        modules = [m.strip() for m in args.modules.split(",") if m.strip()]
        with tempfile.TemporaryDirectory() as tmp:
            strict_groups(modules, Path(tmp))
        any_flows(modules)
        return
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
        if args.mutants:
            check_mutants(where)
        if not args.no_timing:
            timing(where, args.rounds, args.pure.resolve())
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
