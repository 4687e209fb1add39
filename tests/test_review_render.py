"""The review page's server side: ``pipeline.render`` and the corrected task tables of ``/v1/review/tasks.*``."""
from __future__ import annotations

import csv
import html
import io
import re
from typing import Iterator

import pytest

from vnnotice.stages import extract

TEXT = """ỦY BAN NHÂN DÂN TỈNH NINH BÌNH
Số: 12/TB-UBND
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh về phòng, chống hạn hán
Căn cứ Quyết định số 45/QĐ-UBND ngày 02/01/2025 của UBND tỉnh, Chủ tịch UBND tỉnh kết luận:
1. Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính lập danh mục công trình thủy lợi cần sửa chữa, báo cáo UBND tỉnh trước ngày 15/3/2025.
2. UBND các huyện rà soát nguồn nước sinh hoạt <b>cho vùng cao</b> & báo cáo trong tháng 4/2025.
"""


def _marks(markup: str) -> list[tuple[str, str]]:
    return re.findall(r'<mark data-label="([A-Z_]+)"[^>]*>([^<]*)', markup)


def test_render_is_the_clean_text_with_one_mark_per_record_span() -> None:
    from vnnotice.pipeline import marks, render

    notice = extract(TEXT)
    markup = render(notice, page=False)
    # the text, escaped, with its line breaks; nothing else once the tags are gone
    assert html.unescape(re.sub(r"<[^>]+>", "", markup)) == notice.text
    assert "<b>" not in markup and "&lt;b&gt;" in markup and "&amp;" in markup
    spans = marks(notice)
    assert markup.count("<mark ") == len(spans)
    labels = {label for _, _, label in spans}
    assert {"DIRECTIVE", "UNIT_LEAD", "UNIT_COOPERATE", "UNIT_REPORT_TO", "DEADLINE", "CITATION"} <= labels
    for label, text in _marks(markup):
        if label.startswith("UNIT_"):
            assert any(u.surface.startswith(html.unescape(text)) for u in notice.units)
    # proportionate: a few times the text, not one element per token
    assert len(markup) < 4 * len(notice.text)


def test_render_takes_a_spacy_doc_and_makes_a_page() -> None:
    pytest.importorskip("spacy")
    from vnnotice.pipeline import make_nlp, render

    doc = make_nlp()(TEXT)
    page = render(doc)
    assert page.startswith("<!doctype html>") and 'lang="vi"' in page
    assert render(doc, page=False) == render(doc._.notice, page=False)


def test_render_nests_and_clips_crossing_spans() -> None:
    from vnnotice.pipeline import render
    from vnnotice.records import Citation, Notice, UnitMention

    text = "Giao Sở Y tế tỉnh Bắc Ninh thực hiện Công văn số 5/SYT của Sở Y tế tỉnh."
    unit = UnitMention(surface="Sở Y tế tỉnh Bắc Ninh", span=(5, 26), unit="Sở Y tế tỉnh Bắc Ninh", role="lead")
    inner = UnitMention(surface="Sở Y tế", span=(5, 12), unit="Sở Y tế", role="report_to")
    crossing = Citation(key="5/SYT", surface="Bắc Ninh thực hiện", spans=[(18, 36)])
    markup = render(Notice(text=text, units=[unit, inner], citations=[crossing]), page=False)
    assert html.unescape(re.sub(r"<[^>]+>", "", markup)) == text
    assert markup.count("<mark ") == markup.count("</mark>")
    # the inner unit sits inside the outer one; the crossing citation is clipped to the mark it starts in
    assert re.search(r'UNIT_LEAD[^>]*><mark data-label="UNIT_REPORT_TO"[^>]*>Sở Y tế</mark>', markup)
    assert ("CITATION", "Bắc Ninh") in _marks(markup)


def test_the_example_plan_and_its_gold_agree() -> None:
    """docs/examples holds the plan of the screenshots, its gold in docs/examples/gold: every item listed is in the text, in order."""
    import json
    from pathlib import Path

    from vnnotice.evaluate import evaluate

    folder = Path(__file__).resolve().parents[1] / "docs" / "examples"
    gold = json.loads((folder / "gold" / "kh-ubnd-phong-chong-thien-tai.json").read_text(encoding="utf-8"))
    text = " ".join(extract(folder / gold["document"]).text.split())
    at = 0
    for d in gold["directives"]:
        at = text.index(d["starts_with"], at) + 1
    assert all(" ".join(a["surface"].split()) in text for a in gold["assignments"])
    result = evaluate(folder / "gold", folder)
    assert list(result.documents) == ["kh-ubnd-phong-chong-thien-tai"]
    assert result.totals["header"].accuracy == 1.0


# -- the corrected task tables ---------------------------------------------------------

fastapi = pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from vnnotice.service import Settings, create_app  # noqa: E402

ROWS = [
    {"directive": "d1", "marker": "1.", "text": "=HYPERLINK(\"http://example.invalid\",\"bấm\")", "lead": ["+Sở Y tế"],
     "cooperate": ["@Công an tỉnh"], "report_to": ["UBND tỉnh"], "due": "2025-03-15", "citations": []},
    {"directive": "n1", "marker": "1. –", "text": "Rà soát danh sách trạm y tế", "lead": [], "cooperate": [],
     "report_to": [], "due": None, "citations": ["Quyết định số 45/QĐ-UBND"]},
]


@pytest.fixture()
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(timeout=60))) as c:
        yield c


def test_corrected_rows_as_csv_escape_formulas(client: TestClient) -> None:
    r = client.post("/v1/review/tasks.csv", json={"document": "12-tb.txt", "rows": ROWS})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="12-tb-tasks.csv"' in r.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(table) == 3
    cells = [cell for row in table[1:] for cell in row]
    assert not any(cell[:1] in ("=", "+", "@") for cell in cells)
    assert any(cell.startswith("'=HYPERLINK") for cell in cells) and "'+Sở Y tế" in cells
    assert "Rà soát danh sách trạm y tế" in cells


def test_corrected_rows_as_xlsx_are_text_cells(client: TestClient) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    r = client.post("/v1/review/tasks.xlsx", json={"rows": ROWS})
    assert r.status_code == 200 and r.content.startswith(b"PK")
    assert 'filename="vnnotice-tasks.xlsx"' in r.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert sheet.max_row == 3
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    assert any(str(c.value).lstrip("'").startswith("=HYPERLINK") for c in sheet[2])


@pytest.mark.parametrize("body", [{}, {"rows": "d1"}, {"rows": [{"directive": "d1"}]},
                                  {"rows": [dict(ROWS[0], due="15/03/2025")]}, {"rows": [], "extra": 1},
                                  {"rows": [dict(ROWS[1], text="a\x01b")]}, {"rows": [dict(ROWS[1], lead=["\x00"])]}])
def test_corrected_rows_invalid(client: TestClient, body: dict) -> None:
    r = client.post("/v1/review/tasks.csv", json=body)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
