"""``vnnotice batch``: inputs, error rows, resumability after SIGKILL, engines, outputs, task tables."""
from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vnnotice import Notice, extract
from vnnotice.batch import run_batch
from vnnotice.batch.inputs import iter_items
from vnnotice.batch.state import Journal
from vnnotice.batch.tables import TABLES, TASK_COLUMNS
from vnnotice.cli import app
from vnnotice.service.tasks import BATCH_COLUMNS, COLUMNS, csv_cell, own_text

#: header shown → column key, for the task tables of a batch
HEADERS = {**BATCH_COLUMNS, **COLUMNS}
KEY_OF = {header: key for key, header in HEADERS.items()}

REPO = Path(__file__).resolve().parents[1]
CORPUS_DOCS = REPO / "corpus" / "docs"
DOCS_MD = REPO / "docs" / "batch.md"

UNITS = ("Phòng Tài chính - Kế hoạch", "Phòng Nội vụ", "Phòng Giáo dục và Đào tạo", "Phòng Y tế",
         "Phòng Tài nguyên và Môi trường", "Văn phòng HĐND và UBND huyện")


def notice_text(i: int, items: int = 12) -> str:
    """A small conclusion notice of a district People's Committee, different for every ``i``."""
    month = 1 + i % 12
    lines = [
        "ỦY BAN NHÂN DÂN", "HUYỆN SƠN HÀ", f"Số: {100 + i}/TB-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        f"Sơn Hà, ngày {1 + i % 27} tháng {month} năm 2024", "", "THÔNG BÁO",
        f"Kết luận của Chủ tịch Ủy ban nhân dân huyện tại cuộc họp giao ban tháng {month} năm 2024", "",
        f"Căn cứ Quyết định số {20 + i}/QĐ-UBND ngày 05/01/2024 của Ủy ban nhân dân huyện về quy chế làm việc; "
        "Chủ tịch Ủy ban nhân dân huyện kết luận như sau:",
    ]
    for k in range(1, items + 1):
        lead, partner = UNITS[(i + k) % len(UNITS)], UNITS[(i + k + 1) % len(UNITS)]
        lines.append(f"{k}. {lead} chủ trì, phối hợp với {partner} rà soát hồ sơ đợt {k}, "
                     f"báo cáo Ủy ban nhân dân huyện trước ngày {1 + k % 27}/{month}/2024.")
    lines += ["", "Nơi nhận:", "- Các phòng, ban thuộc huyện;", "- Lưu: VT.", "",
              "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Trần Văn Bình"]
    return "\n".join(lines) + "\n"


def write_docs(folder: Path, count: int, items: int = 12) -> list[Path]:
    """``count`` notices as ``folder/doc-NNN.txt``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"doc-{i:03d}.txt"
        path.write_text(notice_text(i, items), encoding="utf-8")
        paths.append(path)
    return paths


def jsonl(path: Path) -> list[dict]:
    """Every line of a JSON Lines file, parsed (fails on a torn line)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def broken_zip(path: Path, good: bytes) -> None:
    """A zip with a good member, a member whose bytes are corrupted (bad CRC) and an ignored image."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("hop/tot.txt", good)
        archive.writestr("hop/hong.txt", notice_text(99))
        archive.writestr("hop/anh.gif", b"GIF89a")
    data = bytearray(path.read_bytes())
    at = data.index("Số: 199/TB-UBND".encode()) + 200  # inside the second member
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


# -- inputs -----------------------------------------------------------------

def test_inputs_folders_globs_and_zip_members(tmp_path):
    docs = write_docs(tmp_path / "a" / "b", 3)
    (tmp_path / "a" / "ghi-chu.docx2").write_text("x", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "a" / "luu.zip", "w") as archive:
        archive.writestr("x/1.md", notice_text(7))
        archive.writestr("x/anh.gif", b"gif")
    names = [item.name for item in iter_items([str(tmp_path / "a")])]
    assert names == [f"{tmp_path / 'a' / 'luu.zip'}!x/1.md"] + [str(p) for p in docs]  # files, then subfolders
    glob_names = [item.name for item in iter_items([str(tmp_path / "a" / "**" / "*.txt")])]
    assert glob_names == [str(p) for p in docs]
    explicit = list(iter_items([str(tmp_path / "a" / "ghi-chu.docx2")]))
    assert explicit[0].error and "unsupported file type" in explicit[0].error


def test_missing_input_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "khong-co"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "*.md"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    result = CliRunner().invoke(app, ["batch", str(CORPUS_DOCS), "--out", str(tmp_path / "o"), "--format", "xml"])
    assert result.exit_code == 2
    (tmp_path / "tep").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(CORPUS_DOCS), "--out", str(tmp_path / "tep")])
    assert result.exit_code == 2


# -- bad inputs ---------------------------------------------------------------

def test_bad_inputs_become_error_rows_and_the_rest_is_done(tmp_path):
    good = write_docs(tmp_path / "in", 4)
    empty = tmp_path / "in" / "rong.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "in" / "nhi-phan.md"
    binary.write_bytes(bytes(range(256)) * 16)
    unsupported = tmp_path / "in" / "bang.xyz"
    unsupported.write_text("Số: 1/TB-UBND", encoding="utf-8")
    archive = tmp_path / "in" / "luu-tru.zip"
    broken_zip(archive, good[0].read_bytes())
    not_zip = tmp_path / "in" / "gia.zip"
    not_zip.write_text("không phải tệp nén", encoding="utf-8")
    args = [good[0], empty, good[1], binary, archive, unsupported, not_zip, good[2], good[3]]
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", *map(str, args), "--out", str(out), "--quiet"])
    assert result.exit_code == 1, result.output
    rows = jsonl(out / "notices.jsonl")
    errors = {row["source"]: row["error"] for row in rows if "error" in row}
    assert errors == {
        str(empty): "empty file",
        str(binary): "binary data: not a text document",
        f"{archive}!hop/hong.txt": errors.get(f"{archive}!hop/hong.txt"),
        str(unsupported): errors.get(str(unsupported)),
        str(not_zip): errors.get(str(not_zip)),
    }
    assert errors[str(not_zip)].startswith("unreadable zip archive")
    assert "CRC" in errors[f"{archive}!hop/hong.txt"]
    assert "unsupported file type '.xyz'" in errors[str(unsupported)]
    done = [Notice.model_validate(row) for row in rows if "error" not in row]
    assert [n.source for n in done] == [str(good[0]), str(good[1]), f"{archive}!hop/tot.txt", *map(str, good[2:])]
    assert all(len(n.directives) == 12 for n in done)


# -- resumability -------------------------------------------------------------

def test_torn_last_line_is_cut_off(tmp_path):
    with Journal(tmp_path) as journal:
        journal.append({"key": "k1", "name": "a.txt", "status": "ok"}, '{"source":"a.txt"}')
    with open(tmp_path / "journal.jsonl", "ab") as handle:
        handle.write(b'{"meta":{"key": "k2", "name": "b.t')
    with Journal(tmp_path) as journal:
        assert set(journal.entries) == {"k1"}
        assert journal.read("k1") == ({"key": "k1", "name": "a.txt", "status": "ok"}, '{"source":"a.txt"}')
        journal.append({"key": "k3", "name": "c.txt", "status": "error", "reason": "empty file"}, None)
    assert [json.loads(line)["meta"]["key"] for line in (tmp_path / "journal.jsonl").read_text().splitlines()] == ["k1", "k3"]


def test_a_journal_is_locked_while_a_batch_writes(tmp_path):
    from vnnotice.batch.state import JournalBusy

    with Journal(tmp_path):
        with pytest.raises(JournalBusy):
            Journal(tmp_path)


def test_sigkill_mid_run_then_rerun_gives_every_input_exactly_once(tmp_path):
    docs = write_docs(tmp_path / "in", 40, items=40)
    out = tmp_path / "out"
    journal = out / "journal.jsonl"
    command = [sys.executable, "-m", "vnnotice", "batch", str(tmp_path / "in"), "--out", str(out),
               "--workers", "1", "--quiet"]
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the batch ended before it could be killed"
    written = journal.read_bytes().count(b"\n")
    assert 3 <= written < len(docs)
    assert not (out / "notices.jsonl").exists()

    rerun = subprocess.run(command[:-1], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    skipped = int(re.search(r"(\d+) skipped as already done", rerun.stderr).group(1))
    assert skipped >= written
    rows = jsonl(out / "notices.jsonl")
    assert [row["source"] for row in rows] == [str(p) for p in docs]
    assert all(len(Notice.model_validate(row).directives) == 40 for row in rows)
    keys = [entry["meta"]["key"] for entry in jsonl(journal)]  # every journal line parses: none torn
    assert len(keys) == len(set(keys)) == len(docs)


def test_changed_content_is_extracted_again_and_the_rest_skipped(tmp_path):
    docs = write_docs(tmp_path / "in", 3)
    first = run_batch([str(tmp_path / "in")], tmp_path / "out")
    assert (first.done, first.skipped, first.exit_code) == (3, 0, 0)
    docs[1].write_text(notice_text(1).replace("Trần Văn Bình", "Lê Thị Hoa"), encoding="utf-8")
    second = run_batch([str(tmp_path / "in")], tmp_path / "out")
    assert (second.done, second.skipped) == (1, 2)
    rows = jsonl(tmp_path / "out" / "notices.jsonl")
    assert [r["source"] for r in rows] == [str(p) for p in docs]
    assert "Lê Thị Hoa" in rows[1]["text"]


def test_earlier_failures_still_set_the_exit_code(tmp_path):
    write_docs(tmp_path / "in", 2)
    (tmp_path / "in" / "rong.md").write_bytes(b"")
    assert run_batch([str(tmp_path / "in")], tmp_path / "out").exit_code == 1
    again = run_batch([str(tmp_path / "in")], tmp_path / "out")
    assert (again.done, again.failed, again.skipped, again.exit_code) == (0, 0, 3, 1)
    retried = run_batch([str(tmp_path / "in")], tmp_path / "out", retry_failed=True)
    assert (retried.failed, retried.skipped) == (1, 2)


def test_an_input_above_the_size_limit_is_refused_unread(tmp_path):
    from vnnotice.batch.inputs import Loader, TooLarge

    big = tmp_path / "lon.txt"
    big.write_text(notice_text(1), encoding="utf-8")
    with pytest.raises(TooLarge, match="above the size limit of 100"):
        Loader(max_bytes=100)(next(iter_items([str(big)])))


def test_a_result_from_another_pipeline_is_refused_and_retried(tmp_path, monkeypatch):
    import vnnotice.batch.run as run

    docs = write_docs(tmp_path / "in", 2)
    real = run.run_engine

    def other_pipeline(*args, **kwargs):  # the workers answer as another version of vnnotice would
        for tag, result in real(*args, **kwargs):
            yield tag, {**result, "pipeline": "0.0.0+other"}

    monkeypatch.setattr(run, "run_engine", other_pipeline)
    stale = run_batch([str(tmp_path / "in")], tmp_path / "out")
    assert (stale.done, stale.failed) == (0, 2)
    assert all("worker runs pipeline 0.0.0+other" in reason for _, reason in stale.failures)
    monkeypatch.setattr(run, "run_engine", real)
    again = run_batch([str(tmp_path / "in")], tmp_path / "out")  # refused results are not done: retried
    assert (again.done, again.skipped, again.exit_code) == (2, 0, 0)
    assert [row["source"] for row in jsonl(tmp_path / "out" / "notices.jsonl")] == [str(p) for p in docs]


# -- engines ------------------------------------------------------------------

def _small_set(tmp_path: Path) -> list[str]:
    docs = sorted(CORPUS_DOCS.iterdir())[:6]
    (tmp_path / "rong.txt").write_bytes(b"")
    return [*map(str, docs[:3]), str(tmp_path / "rong.txt"), *map(str, docs[3:])]


def test_process_pool_gives_the_records_of_one_process(tmp_path):
    inputs = _small_set(tmp_path)
    run_batch(inputs, tmp_path / "one", workers=1)
    run_batch(inputs, tmp_path / "two", workers=2)
    assert (tmp_path / "one" / "notices.jsonl").read_text() == (tmp_path / "two" / "notices.jsonl").read_text()


def test_dask_local_cluster_gives_the_records_of_the_local_engine(tmp_path):
    pytest.importorskip("distributed")
    inputs = _small_set(tmp_path)
    local = run_batch(inputs, tmp_path / "local", workers=1)
    dask = run_batch(inputs, tmp_path / "dask", workers=2, engine="dask")
    assert (dask.done, dask.failed) == (local.done, local.failed) == (6, 1), dask.failures
    assert jsonl(tmp_path / "dask" / "notices.jsonl") == jsonl(tmp_path / "local" / "notices.jsonl")


# -- outputs ------------------------------------------------------------------

@pytest.fixture(scope="module")
def full_batch(tmp_path_factory):
    """corpus/docs plus one empty file, with every output format and both task tables."""
    folder = tmp_path_factory.mktemp("full")
    (folder / "rong.txt").write_bytes(b"")
    inputs = [str(CORPUS_DOCS), str(folder / "rong.txt")]
    summary = run_batch(inputs, folder / "out", formats=("jsonl", "parquet", "duckdb"), tasks=("csv", "xlsx"))
    notices = {str(p): extract(p) for p in sorted(CORPUS_DOCS.iterdir())}
    return folder / "out", summary, notices


def test_task_csv_has_the_columns_and_one_row_per_directive(full_batch):
    out, _, notices = full_batch
    raw = (out / "tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    with open(out / "tasks.csv", encoding="utf-8-sig", newline="") as handle:
        rows = [{KEY_OF[h]: v for h, v in row.items()} for row in csv.DictReader(handle)]
    assert tuple(rows[0].keys()) == TASK_COLUMNS
    expected = [(path, d.id) for path, n in notices.items() for d in n.directives]
    assert [(r["path"], r["directive"]) for r in rows] == expected
    directives = {(path, d.id): (n, d) for path, n in notices.items() for d in n.directives}
    for row in rows:
        notice, d = directives[(row["path"], row["directive"])]
        assert row["text"] == csv_cell(own_text(notice, d))  # never a formula
        assert row["marker"] == csv_cell(" ".join(d.label) or d.marker)
        assert row["number"] == (notice.number or "")
        assert row["lead"] == "; ".join(d.lead)
        assert row["due"] == (d.due.isoformat() if d.due else "")
        coop = dict.fromkeys(u.unit for u in notice.units if u.directive == d.id and u.role == "cooperate")
        assert row["cooperate"] == "; ".join(coop)
    assert any(row["cooperate"] for row in rows) and any(row["citations"] for row in rows)
    assert any(row["report_to"] for row in rows)


def test_task_xlsx_opens_with_the_columns_and_one_row_per_directive(full_batch):
    from openpyxl import load_workbook

    out, _, notices = full_batch
    sheet = load_workbook(out / "tasks.xlsx", read_only=True)["tasks"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADERS[key] for key in TASK_COLUMNS)
    assert len(rows) - 1 == sum(len(n.directives) for n in notices.values())
    due = TASK_COLUMNS.index("due")
    dated = [r[due] for r in rows[1:] if r[due] is not None]
    assert dated and all(isinstance(v, datetime) for v in dated)  # real date cells, not text
    texts = {r[TASK_COLUMNS.index("text")] for r in rows[1:]}
    assert all(own_text(n, d) in texts for n in notices.values() for d in n.directives)


def test_parquet_and_duckdb_tables_hold_every_record(full_batch):
    import duckdb
    import pyarrow.parquet as pq

    out, summary, notices = full_batch
    assert (summary.done, summary.failed, summary.exit_code) == (len(notices), 1, 1)
    counts = {"notices": len(notices), "errors": 1,
              "directives": sum(len(n.directives) for n in notices.values()),
              "units": sum(len(n.units) for n in notices.values()),
              "deadlines": sum(len(n.deadlines) for n in notices.values()),
              "citations": sum(len(n.citations) for n in notices.values())}
    with duckdb.connect(str(out / "vnnotice.duckdb"), read_only=True) as con:
        for table in TABLES:
            assert pq.read_table(out / "parquet" / f"{table}.parquet").num_rows == counts[table]
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == counts[table]
        dues = con.execute("SELECT path, id, due FROM directives WHERE due IS NOT NULL").fetchall()
    expected = {(p, d.id, d.due) for p, n in notices.items() for d in n.directives if d.due}
    assert set(dues) == expected


def _doc_queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DOCS_MD.read_text(encoding="utf-8"), flags=re.S)


def test_the_documented_duckdb_queries_run(full_batch):
    import duckdb

    out, _, notices = full_batch
    queries = _doc_queries()
    assert len(queries) >= 2
    busiest = max((d.due for n in notices.values() for d in n.directives if d.due),
                  key=lambda day: sum(1 for n in notices.values() for d in n.directives
                                      if d.due and d.due.replace(day=1) == day.replace(day=1)))
    with duckdb.connect(str(out / "vnnotice.duckdb"), read_only=True) as con:
        for sql in queries:
            assert con.execute(sql).description  # runs, has columns
            pinned = sql.replace("current_date", f"DATE '{busiest.isoformat()}'")
            assert con.execute(pinned).fetchall(), f"no rows from:\n{pinned}"


def test_importing_the_cli_loads_no_batch_extra():
    code = ("import sys, vnnotice.cli; heavy = {'dask', 'distributed', 'duckdb', 'pyarrow', 'openpyxl', 'tqdm'}; "
            "print(sorted(heavy & set(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"



def test_a_registry_links_every_unit_and_groups_spellings(tmp_path):
    import duckdb

    registry = tmp_path / "so-son-ha.yaml"
    registry.write_text(
        "- {id: SH-pnv, name: Phòng Nội vụ huyện Sơn Hà, aliases: [Phòng Nội vụ]}\n"
        "- {id: SH-ubnd, name: Ủy ban nhân dân huyện Sơn Hà, aliases: [Ủy ban nhân dân huyện, UBND huyện]}\n",
        encoding="utf-8")
    folder = tmp_path / "docs"
    write_docs(folder, 3, items=4)
    (folder / "doc-short.txt").write_text(
        notice_text(7, items=1).replace("báo cáo Ủy ban nhân dân huyện", "báo cáo UBND huyện"), encoding="utf-8")
    summary = run_batch([str(folder)], tmp_path / "out", formats=("duckdb",), registry=str(registry))
    assert (summary.done, summary.failed) == (4, 0)
    with duckdb.connect(str(tmp_path / "out" / "vnnotice.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT unit, canonical, link_id FROM units WHERE role = 'report_to'").fetchall()
        linked = con.execute("SELECT count(*) FROM units WHERE unit = 'Phòng Nội vụ' AND link_id = 'SH-pnv'").fetchone()
    assert {(canonical, link) for _, canonical, link in rows} == {("Ủy ban nhân dân huyện", "SH-ubnd")}
    assert {unit for unit, _, _ in rows} == {"Ủy ban nhân dân huyện", "UBND huyện"}
    assert linked[0] > 0


def test_a_bad_registry_is_a_usage_error(tmp_path):
    write_docs(tmp_path / "docs", 1, items=1)
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "docs"), "--out", str(tmp_path / "out"),
                                      "--registry", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert "missing.yaml" in result.output
