"""The command line as its users expect it: enums, dates, version, no silent overwrite, evaluate --json."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from vnnotice import __version__
from vnnotice.cli import app, parse_date
from slow import SLOW

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
LETTER = """ỦY BAN NHÂN DÂN TỈNH BẮC NINH
SỞ TÀI CHÍNH
Số: 77/STC-NS
Bắc Ninh, ngày 02 tháng 3 năm 2026

Kính gửi: Ủy ban nhân dân các xã, phường.

1. Ủy ban nhân dân các xã, phường báo cáo kết quả trước ngày 20 tháng 3.
2. Phòng Quản lý ngân sách theo dõi, tổng hợp.

GIÁM ĐỐC
Trần Văn Hùng
"""

runner = CliRunner()


def _plain(output: str) -> str:
    """The output without the borders and line breaks of rich's error panels."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", output).split())


@pytest.mark.parametrize("written, expected", [
    ("2025-11-15", date(2025, 11, 15)),
    ("15/11/2025", date(2025, 11, 15)),
    ("5/1/2026", date(2026, 1, 5)),
    ("05-01-2026", date(2026, 1, 5)),
    ("31.12.2025", date(2025, 12, 31)),
    (" 15/11/2025 ", date(2025, 11, 15)),
    (None, None),
])
def test_dates_in_both_writings(written, expected):
    assert parse_date(written, "--on") == expected


@pytest.mark.parametrize("written", ["32/11/2025", "15/13/2025", "2025/11/15", "hôm nay", "15/11/25", "01/01/0001", "0001-01-01", "31/12/2200"])
def test_a_wrong_date_names_the_option(written):
    with pytest.raises(typer.BadParameter) as err:
        parse_date(written, "--reference-date")
    assert written in str(err.value)


def test_reference_date_dd_mm_yyyy(tmp_path):
    doc = tmp_path / "cv.txt"
    doc.write_text(LETTER.replace("ngày 02 tháng 3 năm 2026", "tháng 3"), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(doc), "--format", "gold", "--reference-date", "15/11/2025"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["reference_date"] == "2025-11-15"


def test_bad_reference_date_is_a_usage_error_not_a_traceback(tmp_path):
    doc = tmp_path / "cv.txt"
    doc.write_text(LETTER, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(doc), "--reference-date", "31/02/2026"])
    assert result.exit_code == 2
    assert "--reference-date" in _plain(result.output) and "31/02/2026" in _plain(result.output)
    assert isinstance(result.exception, SystemExit)  # typer's usage error, no other exception


def test_format_is_a_choice(tmp_path):
    doc = tmp_path / "cv.txt"
    doc.write_text(LETTER, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(doc), "--format", "xml"])
    assert result.exit_code == 2
    assert "'json', 'gold', 'md'" in _plain(result.output)
    assert "json|gold|md" in _plain(runner.invoke(app, ["extract", "--help"]).output)


def test_version_flag_and_command():
    for args in (["--version"], ["version"]):
        version, build = runner.invoke(app, args).output.splitlines()
        assert version == __version__ and build.startswith(("compiled with mypyc", "pure Python ("))


def test_out_refuses_inputs_with_the_same_name(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    (tmp_path / "a" / "cv.txt").write_text(LETTER, encoding="utf-8")
    (tmp_path / "b" / "cv.md").write_text(LETTER.replace("77/STC", "78/STC"), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(tmp_path / "a" / "cv.txt"), str(tmp_path / "b" / "cv.md"), "--out", str(out)])
    assert result.exit_code == 2
    assert "cv.json" in _plain(result.output)
    assert not out.exists()  # refused before anything was written


def test_out_same_stem_other_format_is_fine(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "cv.txt").write_text(LETTER, encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "cv2.txt").write_text(LETTER, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(tmp_path / "a" / "cv.txt"), str(tmp_path / "b" / "cv2.txt"), "-o", str(out), "-f", "md"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["cv.md", "cv2.md"]


def test_extract_of_a_folder_says_what_to_run_and_does_the_rest(tmp_path):
    folder = tmp_path / "thang-3"
    folder.mkdir()
    (folder / "cv.txt").write_text(LETTER, encoding="utf-8")
    doc = tmp_path / "cv2.txt"
    doc.write_text(LETTER, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(folder), str(doc), "--format", "gold"])
    assert result.exit_code == 1
    said = _plain(result.output)
    assert f"{folder}: unreadable: a folder, not a document" in said and "vnnotice batch" in said
    assert "\"document\": \"cv2.txt\"" in result.output and "Phòng Quản lý" in result.output  # the document after it


def test_extract_stops_a_document_past_its_budget_and_does_the_rest(tmp_path):
    slow = tmp_path / "dai.txt"  # seconds of work (see slow.py)
    slow.write_text(SLOW, encoding="utf-8")
    doc = tmp_path / "cv.txt"
    doc.write_text(LETTER, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(slow), str(doc), "--workers", "2", "--timeout", "0.5", "-f", "gold", "-o", str(out)])
    assert result.exit_code == 1
    assert f"{slow}: failed: not done within the time budget of 0.5 s" in _plain(result.output)
    assert json.loads((out / "cv.json").read_text(encoding="utf-8"))["directives"]


def _gold_pair(tmp_path: Path) -> tuple[Path, Path]:
    gold, docs = tmp_path / "gold", tmp_path / "docs"
    gold.mkdir()
    docs.mkdir()
    (docs / "cv.txt").write_text(LETTER, encoding="utf-8")
    made = runner.invoke(app, ["extract", str(docs / "cv.txt"), "--format", "gold", "--out", str(gold)])
    assert made.exit_code == 0, made.output
    orphan = json.loads((gold / "cv.json").read_text(encoding="utf-8"))
    orphan["document"] = "khong-co.txt"
    (gold / "khong-co.json").write_text(json.dumps(orphan, ensure_ascii=False), encoding="utf-8")
    return gold, docs


def test_evaluate_json_and_gold_without_document(tmp_path):
    gold, docs = _gold_pair(tmp_path)
    result = runner.invoke(app, ["evaluate", str(gold), str(docs), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["missing"] == ["khong-co"]
    assert list(report["documents"]) == ["cv"]
    # a prediction scores 1.0 against itself, and the orphan gold file is not counted as misses
    assert report["totals"]["directives"]["f1"] == 1.0 and report["totals"]["directives"]["fn"] == 0
    assert report["totals"]["assignments"]["fn"] == 0
    assert "khong-co" in result.stderr


def test_evaluate_table_names_the_left_out(tmp_path):
    gold, docs = _gold_pair(tmp_path)
    result = runner.invoke(app, ["evaluate", str(gold), str(docs)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["field", "P", "R", "F1/acc"]
    assert "left out" in result.stderr and "khong-co" in result.stderr


def test_evaluate_refuses_a_missing_folder(tmp_path):
    result = runner.invoke(app, ["evaluate", str(tmp_path / "khong"), str(tmp_path)])
    assert result.exit_code == 2 and "GOLD_DIR" in _plain(result.output)


def test_registry_match_shows_names_beside_ids():
    result = runner.invoke(app, ["registry", "match", "Sở Y tế", "--province", "Quảng Ninh"])
    assert result.exit_code == 0, result.output
    first, *rest = result.stdout.splitlines()
    assert first.startswith("linked: P-quang-ninh-so-y-te") and "Sở Y tế tỉnh Quảng Ninh" in first
    assert rest and all(re.match(r"\s+\d+\.\d\d\s+\S+\s+\S", line) for line in rest)


def test_registry_match_json_candidates_have_names():
    result = runner.invoke(app, ["registry", "match", "UBND tỉnh Quảng Ninh", "--json", "--top", "3"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["unit_id"] == "P-quang-ninh-ubnd"
    assert record["candidates"][0] == {"unit_id": "P-quang-ninh-ubnd", "name": "Ủy ban nhân dân tỉnh Quảng Ninh", "score": 100.0}


def test_registry_match_help_example_links():
    """The example in the help text links with the registry it names."""
    help_text = _plain(runner.invoke(app, ["registry", "match", "--help"]).output)
    mention, province = re.search(r'e\.g\. "([^"]+)" with --province "([^"]+)"', help_text).groups()
    assert runner.invoke(app, ["registry", "match", mention, "--province", province]).exit_code == 0
    other = re.search(r'or "([^"]+)"', help_text).group(1)
    assert runner.invoke(app, ["registry", "match", other]).exit_code == 0


def test_registry_match_date_both_writings():
    iso = runner.invoke(app, ["registry", "match", "Sở Y tế", "-p", "Quảng Ninh", "--on", "2026-01-05"])
    vn = runner.invoke(app, ["registry", "match", "Sở Y tế", "-p", "Quảng Ninh", "--on", "05/01/2026"])
    assert iso.exit_code == vn.exit_code == 0 and iso.stdout == vn.stdout


def test_extract_refuses_a_reference_date_it_cannot_count_from():
    from vnnotice import extract

    with pytest.raises(ValueError, match="outside 1900-01-01..2199-12-31"):
        extract(LETTER, reference_date=date(1, 1, 1))
