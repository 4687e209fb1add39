"""Check that a change leaves every extracted record as it was.

``save DIR`` extracts every document of the shared corpus (``seeds``,
``dev``, ``archive``, ``other``) and of the project's ``corpus`` (``docs``,
``other``, ``reprints/docs``) and writes ``Notice.model_dump_json()`` of each
to ``DIR`` (one file per document). ``check DIR`` extracts them again and
reports every document whose record differs from the saved one (exit code 1
when any differs or is missing).

The reference date is fixed, so relative deadlines do not depend on the day
the script runs.

    python benchmarks/same_output.py save /tmp/baseline
    python benchmarks/same_output.py check /tmp/baseline
"""
from __future__ import annotations

import argparse
import difflib
import sys
from datetime import date
from pathlib import Path

import vnnotice

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
FOLDERS = [SHARED / "seeds", SHARED / "dev", SHARED / "archive", SHARED / "other",
           ROOT / "corpus" / "docs", ROOT / "corpus" / "other", ROOT / "corpus" / "reprints" / "docs"]
SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx"}
REFERENCE = date(2025, 1, 1)


def documents() -> list[tuple[str, Path]]:
    """(key, path) of every document; the key names the folder and the file."""
    out = []
    for folder in FOLDERS:
        if not folder.is_dir():
            continue
        tag = f"{folder.parent.name}-{folder.name}"
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in SUFFIXES:
                out.append((f"{tag}--{path.name}.json", path))
    return out


def record(path: Path) -> str:
    try:
        notice = vnnotice.extract(path.read_bytes(), name=path.name, reference_date=REFERENCE)
    except Exception as exc:  # the error itself is part of the output
        return f"error: {type(exc).__name__}: {exc}"
    return notice.model_dump_json(indent=1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["save", "check"])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--diff", type=int, default=3, help="documents whose diff is printed (check)")
    args = ap.parse_args(argv)
    docs = documents()
    if args.mode == "save":
        args.folder.mkdir(parents=True, exist_ok=True)
        for key, path in docs:
            (args.folder / key).write_text(record(path), encoding="utf-8")
        print(f"saved {len(docs)} records to {args.folder}")
        return 0
    differ = []
    for key, path in docs:
        saved = args.folder / key
        now = record(path)
        old = saved.read_text(encoding="utf-8") if saved.exists() else None
        if old != now:
            differ.append(key)
            if len(differ) <= args.diff:
                print(f"--- {key}")
                if old is None:
                    print("  (no saved record)")
                else:
                    sys.stdout.writelines(list(difflib.unified_diff(
                        old.splitlines(True), now.splitlines(True), n=1))[:40])
    print(f"{len(docs) - len(differ)}/{len(docs)} identical" + (f"; differ: {', '.join(differ[:20])}" if differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
