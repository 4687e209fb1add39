"""Tests of scripts/mine_unit_names.py: names written in several documents, read to their end."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = [
    "Giao Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An chủ trì tổ chức lễ hội.\n"
    "Trung tâm Bảo tồn Di sản Văn hóa phối hợp thực hiện.",
    "Sở Văn hóa, Thể thao và Du lịch phối hợp với Công an tỉnh bảo đảm an ninh.\n"
    "Trung tâm Bảo tồn Di sản Văn hóa báo cáo kết quả.",
    "Đề nghị Sở Văn hóa, Thể thao và Du lịch thành phố Huế hướng dẫn các xã.\n"
    "Trung tâm Bảo tồn Di sản Văn hóa lập hồ sơ.\nBAN HÀNH KÈM THEO QUYẾT ĐỊNH",
    "Sở Văn hóa, Thể thao và Du lịch kiểm tra. Sở Y tế chủ trì. Trung tâm Y tế huyện báo cáo.",
]


def mine(tmp_path: Path, min_docs: int = 3) -> dict[str, int]:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    for k, text in enumerate(DOCS):
        (corpus / f"doc-{k}.md").write_text(text, encoding="utf-8")
    out = tmp_path / "names.csv"
    subprocess.run([sys.executable, str(REPO / "scripts" / "mine_unit_names.py"), str(corpus), "--out", str(out),
                    "--min-docs", str(min_docs)], check=True, capture_output=True, cwd=REPO)
    with out.open(encoding="utf-8") as fh:
        return {row["name"]: int(row["docs"]) for row in csv.DictReader(fh)}


def test_a_name_written_in_several_documents_is_mined_to_its_end(tmp_path):
    names = mine(tmp_path)
    assert names["Sở Văn hóa, Thể thao và Du lịch"] == 4
    assert names["Trung tâm Bảo tồn Di sản Văn hóa"] == 3
    assert "Sở Văn hóa, Thể thao" not in names and "Sở Văn hóa" not in names


def test_a_name_in_too_few_documents_and_headings_in_capitals_are_not_mined(tmp_path):
    names = mine(tmp_path)
    assert not any(name.startswith(("Sở Y tế", "Trung tâm Y tế", "BAN")) for name in names)
    assert "Trung tâm Bảo tồn Di sản Văn hóa" not in mine(tmp_path / "more", min_docs=4)
