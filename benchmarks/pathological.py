"""Time and memory of hostile inputs: every case of issue 18 at two sizes 10x apart.

    PYTHONPATH=. python benchmarks/pathological.py              # the cases (a few minutes)
    PYTHONPATH=. python benchmarks/pathological.py --batch      # + a batch over a folder of hostile files
    PYTHONPATH=. python benchmarks/pathological.py --service    # + the service under hostile requests (its
                                                                # extraction workers and queue as /healthz gives them)
    PYTHONPATH=. python benchmarks/pathological.py --only docx  # cases whose name holds 'docx'

For each case (built by tests/hostile.py) it prints the outcome, the time per
MB of input (for DOCX: of its unpacked XML) at both sizes and their ratio: work linear in the input gives a
ratio near 1 (at most 1.5 is the bar; a case refused early gives well below
1). Each measurement runs in a fresh process (best time of three runs), so
the peak memory (RSS) of that process is the case's own; ``KB/KB`` is the memory grown per input byte
at the larger size. The older guards (tests/test_properties.py PATHOLOGICAL)
are timed too, at their one size.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile import CASES, EXPECT, hostile_folder, numbered_docx, pdf, text_page  # noqa: E402

#: the smaller size of each case (the larger is 10x)
SIZES = {
    "issuer casing (SỞ Y TẾ)": 10_000,
    "issuer casing (ỦY BAN NHÂN DÂN)": 10_000,
    "units: trailing commas": 20_000,
    "units: one unit per line": 10_000,
    "units: a mark inside a word, every line": 5_000,
    "citations: a list of symbols": 2_400,
    "one long line": 20_000,  # about 1 MB, then 10 MB
    "docx numbering start 10^9": 2_000,
    "docx numbering ilvl 'x'": 2_000,
    "docx numbering start 'abc'": 2_000,
    "docx letters past z": 2_000,
    "docx padded paragraphs": 20_000,
    "pdf shared content stream": 100,
    "pdf lines differing in digits": 20,
}
BAR = 1.5
REPEATS = 3


def _one(case: str, n: int) -> None:
    """Measure one case at size ``n`` in this process; print a JSON line."""
    from vnnotice import extract
    from vnnotice.read import ReadError

    extract("Khởi động.\n")
    name, data = CASES[case](n)
    size = len(data if isinstance(data, bytes) else data.encode("utf-8"))
    if name.endswith(".docx"):  # the work grows with the XML, which compresses far better than text
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    took = float("inf")
    for _ in range(REPEATS):  # the best of a few: the machine's speed drifts
        start = time.perf_counter()
        try:
            notice = extract(data, name=name) if isinstance(data, bytes) else extract(data)
            outcome = f"record ({len(notice.directives)} directives, {len(notice.units)} units, {len(notice.citations)} citations)"
            kind = "record"
        except ReadError as exc:
            outcome, kind = f"ReadError: {exc.reason[:70]}", "read-error"
        took = min(took, time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"bytes": size, "seconds": took, "kind": kind, "outcome": outcome,
                      "peak_kb": peak, "grown_kb": max(0, peak - base)}))


def _measure(case: str, n: int, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--one", case, str(n)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:g} s"}
    if out.returncode:
        return {"error": (out.stderr.strip().splitlines() or ["?"])[-1][:100]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def cases(only: str | None, timeout: float) -> bool:
    print(f"{'case':<34} {'outcome':<12} {'small MB':>9} {'s/MB':>8} {'large MB':>9} {'s/MB':>8} {'ratio':>6} "
          f"{'peak MB':>8} {'KB/KB':>6}")
    ok = True
    for case, n in SIZES.items():
        if only and only not in case:
            continue
        small, large = _measure(case, n, timeout), _measure(case, 10 * n, 10 * timeout)
        if "error" in small or "error" in large:
            print(f"{case:<34} FAILED: {small.get('error') or large.get('error')}")
            ok = False
            continue
        per = [m["seconds"] / (m["bytes"] / 1e6) for m in (small, large)]
        ratio = per[1] / per[0] if per[0] > 0 else 0.0
        right = large["kind"] == EXPECT[case] and small["kind"] == EXPECT[case]
        ok = ok and right and ratio <= BAR
        mark = "" if right and ratio <= BAR else "  <-- " + ("wrong outcome" if not right else "super-linear")
        print(f"{case:<34} {large['kind']:<12} {small['bytes'] / 1e6:9.3f} {per[0]:8.2f} {large['bytes'] / 1e6:9.3f} "
              f"{per[1]:8.2f} {ratio:6.2f} {large['peak_kb'] / 1024:8.0f} {large['grown_kb'] * 1024 / large['bytes']:6.1f}{mark}")
        print(f"{'':<34} {large['outcome']}")
    return ok


def old_guards() -> None:
    from test_properties import PATHOLOGICAL

    from vnnotice import extract

    extract("Khởi động.\n")
    for name, text in PATHOLOGICAL.items():
        start = time.perf_counter()
        notice = extract(text)
        took = time.perf_counter() - start
        print(f"{name:<34} {len(text) / 1e6:5.2f} MB {took:7.2f} s  directives={len(notice.directives)}")


def deadline_spaces() -> bool:
    """A run of spaces between a deadline's trigger and its date, in a direct ``find_deadlines`` call on raw text
    (``extract``'s clean stage collapses such runs, so only a direct call meets one). The trigger is looked for in
    the 60 characters before the date; its pattern was cubic in such a run (55 spaces: about 7 ms an expression).
    Prints the time of one expression at runs of 5, 25 and 55 spaces, and the time per MB of text made of such
    expressions at two sizes 10x apart."""
    from datetime import date

    from vnnotice.deadlines import find_deadlines

    ref = date(2026, 1, 5)
    sentence = "Sở Y tế báo cáo trước{}ngày 20/3/2026.\n"
    find_deadlines(sentence.format(" "), ref)  # the patterns compiled
    per_run = {}
    for run in (5, 25, 55):
        text = sentence.format(" " * run)
        per_run[run] = min(_timed(find_deadlines, text, ref) for _ in range(20))
    per_mb = []
    for copies in (200, 2000):
        text = sentence.format(" " * 55) * copies
        took = min(_timed(find_deadlines, text, ref) for _ in range(REPEATS))
        per_mb.append(took / (len(text.encode("utf-8")) / 1e6))
    found = find_deadlines(sentence.format(" " * 55), ref)
    right = [(d.due, d.relation) for d in found] == [(date(2026, 3, 20), "before")]
    ratio = per_mb[1] / per_mb[0]
    growth = per_run[55] / per_run[5]  # linear in the run: at most 11 (55 / 5), constant work included
    ok = right and ratio <= BAR and growth <= 55 / 5
    shown = ", ".join(f"{run} spaces {took * 1e3:.3f} ms" for run, took in per_run.items())
    print(f"{'deadlines: spaces before a trigger':<34} one expression: {shown} (55/5: {growth:.1f}); "
          f"{per_mb[0]:.2f} s/MB, 10x larger {per_mb[1]:.2f} s/MB, ratio {ratio:.2f}"
          f"{'' if ok else '  <-- ' + ('wrong outcome' if not right else 'super-linear')}")
    return ok


def _timed(function, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


# -- a batch over a folder of hostile files ------------------------------------------------------------------------


def batch(workers: int = 2) -> bool:
    from vnnotice.batch import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "out"
        records, errors = hostile_folder(folder, Path(tmp) / "ngoai")
        start = time.perf_counter()
        summary = run_batch([str(folder)], out, workers=workers, formats=("jsonl",), tasks=("csv",), timeout=30)
        took = time.perf_counter() - start
        text = (out / "notices.jsonl").read_text(encoding="utf-8")
        rows = [json.loads(line) for line in text.splitlines()]
    got_errors = sum("error" in row for row in rows)
    ok = (len(rows) - got_errors, got_errors) == (records, errors) and "MẬT NGOÀI" not in text
    print(f"batch over {records} good documents and {errors} hostile files, {workers} workers: {took:.1f} s, "
          f"{len(rows) - got_errors} records, {got_errors} error rows, outside file read: {'MẬT NGOÀI' in text} "
          f"-> {'ok' if ok else 'WRONG'} (exit code {summary.exit_code})")
    for row in rows:
        if "error" in row:
            print(f"    {Path(row['source']).name[:40]:<40} {row['error'][:90]}")
    return ok


# -- the service under hostile requests ----------------------------------------------------------------------------
#
# The service extracts in a pool of worker processes shared by every connection, behind a bounded queue
# (VNNOTICE_CONCURRENCY workers, VNNOTICE_QUEUE requests waiting; 503 only when the queue is full; a request
# past VNNOTICE_TIMEOUT gets 504 and its work is stopped). The labels below are what the server reports.


def _setup(client) -> str:  # type: ignore[no-untyped-def]
    """The server's extraction workers and queue, as ``/healthz`` reports them."""
    from vnnotice.wording import counted

    health = client.get("/healthz").json()
    waiting = f"a queue of {counted(health['queue'], 'waiting request')}" if health["queue"] else "no queue"
    return f"{counted(health['workers'], 'extraction worker')} and {waiting}"


def _answers(statuses: list[int]) -> str:
    return ", ".join(f"{status}: {statuses.count(status)}" for status in sorted(set(statuses))) or "none"


def service(rounds: int = 10) -> bool:
    import httpx

    from vnnotice.service.local import local_server
    from vnnotice.service.settings import Settings

    normal = (ROOT / "corpus" / "docs" / "11-tb-syt-giao-ban-y-te-co-so.txt").read_text(encoding="utf-8")
    hostile = [
        {"json": {"text": "SỞ Y TẾ " * 20_000 + "\nTHÔNG BÁO\n1. Sở Y tế báo cáo.\n"}},
        {"json": {"text": "Sở Y tế báo cáo kết quả thực hiện nhiệm vụ " * 90_000 + "\n"}},  # ~4 MB, seconds of work
        {"files": {"file": ("start.docx", numbered_docx(200, start="1000000000"))}},
        {"files": {"file": ("chung.pdf", pdf([text_page(["THONG BAO"]) + b" 0 0 m" * 20000] * 50, shared=True))}},
    ]
    stop = threading.Event()
    statuses: list[int] = []
    latencies: list[float] = []
    # a worker for each of the 4 hostile clients and one for the normal document
    env = {"VNNOTICE_TIMEOUT": "5", "VNNOTICE_CONCURRENCY": "5", "VNNOTICE_MAX_BYTES": str(8 * 1024 * 1024)}
    timeout = Settings.from_env({**os.environ, **env}).timeout  # as the server reads them
    with local_server(env) as url:
        def attack(request: dict) -> None:
            with httpx.Client(base_url=url, timeout=60) as c:
                while not stop.is_set():
                    statuses.append(c.post("/v1/extract", **request).status_code)

        with httpx.Client(base_url=url, timeout=60) as c:
            setup = _setup(c)
            c.post("/v1/extract", json={"text": normal})  # one round trip before the timing
            threads = [threading.Thread(target=attack, args=(h,)) for h in hostile]
            for t in threads:
                t.start()
            time.sleep(2)
            for _ in range(rounds):
                start = time.perf_counter()
                r = c.post("/v1/extract", json={"text": normal})
                latencies.append(time.perf_counter() - start if r.status_code == 200 else float("inf"))
                time.sleep(0.5)
            stop.set()
            for t in threads:
                t.join()
    worst = max(latencies)
    ok = worst <= 2.0
    print(f"service ({setup}; a time budget of {timeout:g} s), 4 clients posting hostile requests in a loop: "
          f"a normal document answered in median {sorted(latencies)[len(latencies) // 2]:.2f} s, worst {worst:.2f} s "
          f"over {rounds} requests (inf: not answered 200) -> {'ok' if ok else 'TOO SLOW'}; "
          f"statuses of the hostile requests: {_answers(statuses)}")
    return ok


def service_defaults(rounds: int = 5) -> bool:
    """Default settings (one extraction worker per core, a queue of 32): the issue's 4 hostile requests at once,
    and a normal document sent with them (retried after ``Retry-After`` on 503): its time to an answer."""
    import httpx

    from vnnotice.service.local import local_server
    from vnnotice.service.settings import Settings

    normal = (ROOT / "corpus" / "docs" / "11-tb-syt-giao-ban-y-te-co-so.txt").read_text(encoding="utf-8")
    hostile = [
        {"json": {"text": "SỞ Y TẾ " * 1000 + "\nTHÔNG BÁO\n1. Sở Y tế báo cáo.\n"}},  # 8 KB: 21.7 s before
        {"json": {"text": "1. Sở Y tế chủ trì, phối hợp với Sở Tài chính" + "," * 10_000 + "\n"}},  # 18 s before
        {"files": {"file": ("start.docx", numbered_docx(200, start="1000000000"))}},  # over 120 s before
        {"files": {"file": ("chung.pdf", pdf([text_page(["THONG BAO"]) + b" 0 0 m" * 20000] * 20, shared=True))}},
    ]
    worst = 0.0
    answers: list[int] = []
    env = {"VNNOTICE_MAX_BYTES": str(8 * 1024 * 1024)}
    timeout = Settings.from_env({**os.environ, **env}).timeout  # as the server reads them
    with local_server(env) as url:
        with httpx.Client(base_url=url, timeout=60) as c:  # the workers start with the server
            setup = _setup(c)
            c.post("/v1/extract", json={"text": normal})  # one round trip before the timing
        for _ in range(rounds):
            def attack(request: dict) -> None:
                with httpx.Client(base_url=url, timeout=60) as h:
                    answers.append(h.post("/v1/extract", **request).status_code)

            threads = [threading.Thread(target=attack, args=(h,)) for h in hostile]
            for t in threads:
                t.start()
            start = time.perf_counter()
            with httpx.Client(base_url=url, timeout=60) as c:
                while True:
                    r = c.post("/v1/extract", json={"text": normal})
                    if r.status_code != 503:
                        break
                    time.sleep(float(r.headers.get("retry-after", "1")))
            took = time.perf_counter() - start if r.status_code == 200 else float("inf")
            worst = max(worst, took)
            for t in threads:
                t.join()
    ok = worst <= 2.0
    print(f"service, default settings ({setup}; a time budget of {timeout:g} s), the 4 hostile requests of issue 18 at "
          f"once: a normal document sent with them answered within {worst:.2f} s (worst of {rounds} rounds) "
          f"-> {'ok' if ok else 'TOO SLOW'}; statuses of the hostile requests: {_answers(answers)}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--one", nargs=2, metavar=("CASE", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--only", help="run the cases whose name holds this")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for a case at its smaller size")
    parser.add_argument("--batch", action="store_true", help="also a batch over a folder of hostile files")
    parser.add_argument("--service", action="store_true", help="also the service under hostile requests")
    args = parser.parse_args()
    if args.one:
        _one(args.one[0], int(args.one[1]))
        return
    ok = cases(args.only, args.timeout)
    if not args.only or args.only in "deadlines: spaces before a trigger":
        ok = deadline_spaces() and ok
    if not args.only:
        old_guards()
    if args.batch:
        ok = batch() and ok
    if args.service:
        ok = service_defaults() and ok
        ok = service() and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
