"""The review page in a real browser: headless Chromium uploads a document, checks, corrects, downloads.

Chromium is driven over the Chrome DevTools Protocol on a pipe by
:class:`vnnotice.service.devtools.DevTools` (no WebDriver or WebSocket
package). The server runs in a subprocess on 127.0.0.1. The tests skip when
Debian's chromium is not installed (``.ci/run`` installs it where it can).
"""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

from vnnotice.service.devtools import CHROMIUM, DevTools  # noqa: E402
from vnnotice.service.local import local_server  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DOCUMENT = REPO / "corpus" / "docs" / "11-tb-syt-giao-ban-y-te-co-so.txt"
MARKDOWN = REPO / "corpus" / "docs" / "03-cd-ttg-dich-benh-dong-vat.md"
SCORER = REPO.parent / "shared" / "corpus" / "scripts" / "score.py"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with local_server({"VNNOTICE_TIMEOUT": "60"}) as url:
        yield url


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[DevTools]:
    chrome = DevTools(tmp_path / "profile")
    try:
        yield chrome
    finally:
        chrome.close()


def review(browser: DevTools, server: str, document: Path) -> None:
    """Open the page, upload ``document`` through the form and wait for the result."""
    browser.open_page(server + "/")
    browser.viewport(1280, 900)
    browser.wait_for("document.readyState === 'complete' && !!document.getElementById('doc-form')")
    browser.set_file("#doc-file", document)
    assert browser.evaluate("document.getElementById('doc-file').files[0].name") == document.name
    browser.evaluate("document.getElementById('doc-submit').click()")
    browser.wait_for("!document.getElementById('result').hidden || document.getElementById('status').classList.contains('error')")
    status = browser.evaluate("document.getElementById('status').textContent")
    assert not browser.evaluate("document.getElementById('status').classList.contains('error')"), status


def extracted(server: str, document: Path) -> dict[str, Any]:
    return httpx.post(f"{server}/v1/render", files={"file": (document.name, document.read_bytes())},
                      timeout=60, trust_env=False).json()


_MARKS = """[...document.querySelectorAll('#doc mark')].map(m => [m.className.replace(' flash', ''),
    Number(m.dataset.start), Number(m.dataset.end), m.textContent])"""

_ROWS = """[...document.querySelectorAll('#tasks tbody tr.task')].map(tr => ({
    directive: tr.dataset.directive,
    cells: [...tr.children].map(td => td.textContent),
    lead: [...tr.querySelectorAll('td.lead li')].map(li => li.textContent),
    due: tr.querySelector('td.due').textContent,
}))"""


def expected_marks(notice: dict[str, Any]) -> set[tuple[str, int, int]]:
    text = notice["text"]
    out = {("marker", d["span"][0], d["span"][0] + len(d["marker"])) for d in notice["directives"]
           if text.startswith(d["marker"], d["span"][0])}
    out |= {(u["role"], *u["span"]) for u in notice["units"]}
    out |= {("deadline", *x["span"]) for x in notice["deadlines"]}
    out |= {("citation", a, b) for c in notice["citations"] for a, b in c["spans"]}
    return out


@pytest.mark.parametrize("document", [DOCUMENT, MARKDOWN], ids=["plain", "markdown"])
def test_text_pane_is_the_clean_text_with_the_records_spans(server: str, browser: DevTools, document: Path) -> None:
    data = extracted(server, document)
    notice = data["notice"]
    review(browser, server, document)
    # the pane shows the clean text itself: its line breaks, no markup, no space before punctuation
    shown = browser.evaluate("document.getElementById('doc').textContent")
    assert shown == notice["text"]
    assert "**" not in shown and " ," not in shown and " :" not in shown
    assert browser.evaluate("getComputedStyle(document.getElementById('doc')).whiteSpace") == "pre-wrap"
    # every highlight is one record span, with the span's text; every span is highlighted
    marks = browser.evaluate(_MARKS)
    for cls, start, end, text in marks:
        assert text == notice["text"][start:end], (cls, start, end)
    assert {(cls, start, end) for cls, start, end, _ in marks} == expected_marks(notice)
    assert {"marker", "lead", "deadline", "citation"} <= {m[0] for m in marks}
    # a hover shows the record behind a highlight
    unit = notice["units"][0]
    browser.evaluate(f"document.querySelector('#doc mark[data-start=\"{unit['span'][0]}\"].{unit['role']}')"
                     ".dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))")
    tip = browser.evaluate("document.getElementById('tip').hidden ? '' : document.getElementById('tip').textContent")
    assert unit["unit"] in tip and unit["surface"] in tip


def test_task_table_columns_rows_and_dates(server: str, browser: DevTools) -> None:
    notice = extracted(server, DOCUMENT)["notice"]
    review(browser, server, DOCUMENT)
    headers = browser.evaluate("[...document.querySelectorAll('#tasks thead th')].map(th => th.textContent)")
    assert headers[:7] == ["Mục", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Báo cáo về", "Hạn", "Căn cứ"]
    rows = browser.evaluate(_ROWS)
    by_id = {d["id"]: d for d in notice["directives"]}
    owns = {u["directive"] for u in notice["units"]} | {x["directive"] for x in notice["deadlines"]}
    shown = {r["directive"] for r in rows}
    for d in notice["directives"]:
        section = (d["heading"] or d["children"]) and d["id"] not in owns
        assert (d["id"] in shown) == (not section), d["id"]
    assert any(not (d["id"] in shown) and d["children"] for d in notice["directives"]), "the document has sections"
    for row in rows:
        d = by_id[row["directive"]]
        assert row["due"] == "" or re.fullmatch(r"\d{2}/\d{2}/\d{4}", row["due"]), row["due"]
        if d["due"]:
            y, m, day = d["due"].split("-")
            assert row["due"] == f"{day}/{m}/{y}"
        assert row["lead"] == d["lead"]
    # readable at 1280 px: the task text has the widest column
    widths = browser.evaluate("[...document.querySelectorAll('#tasks thead th')].map(th => th.getBoundingClientRect().width)")
    assert widths[1] == max(widths) and widths[1] > 300
    assert browser.evaluate("document.documentElement.scrollWidth <= 1280")
    # neither pane scrolls inside itself
    for pane in ("doc", "tasks"):
        assert browser.evaluate(f"(e => e.scrollHeight <= e.clientHeight + 1)(document.getElementById('{pane}'))")
    # clicking a row brings its item of the text into view
    target = rows[-1]["directive"]
    browser.evaluate("window.scrollTo(0, 0)")
    browser.evaluate(f"document.querySelector('#tasks tr.task[data-directive=\"{target}\"] td.text').click()")
    time.sleep(0.3)
    top = browser.evaluate(f"document.querySelector('#doc mark.marker[data-directive=\"{target}\"]').getBoundingClientRect().top")
    assert 0 <= top <= browser.evaluate("window.innerHeight")


def _downloaded(folder: Path, suffix: str, timeout: float = 30.0) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        if done:
            return done[0]
        time.sleep(0.2)
    raise TimeoutError(f"no {suffix} file downloaded into {folder}")


def _change(selector: str, value: str) -> str:
    return (f"(e => {{ e.value = {json.dumps(value)}; e.dispatchEvent(new Event('change', {{bubbles: true}})); }})"
            f"(document.querySelector({json.dumps(selector)}))")


def test_correct_download_and_score(server: str, browser: DevTools, tmp_path: Path) -> None:
    data = extracted(server, DOCUMENT)
    notice = data["notice"]
    review(browser, server, DOCUMENT)
    rows = browser.evaluate(_ROWS)
    # a row with own units: change one's role and name, drop another, add one, change the due date
    target = next(d for d in notice["directives"]
                  if sum(u["directive"] == d["id"] for u in notice["units"]) >= 2 and
                  any(x["directive"] == d["id"] and x["due"] for x in notice["deadlines"]))
    tid = target["id"]
    own = [u for u in notice["units"] if u["directive"] == tid]
    row = f"#tasks tr.task[data-directive=\"{tid}\"]"
    browser.evaluate(f"document.querySelector('{row} td.edit button').click()")
    browser.evaluate(_change("tr.editor select.role", "cooperate"))
    browser.evaluate(_change("tr.editor input.unit", "Sở Nội vụ tỉnh"))
    browser.evaluate("document.querySelectorAll('tr.editor .line button')[1].click()")  # drop the second unit
    browser.evaluate("[...document.querySelectorAll('tr.editor button')].find(b => b.textContent === '+ Thêm đơn vị').click()")
    inputs = browser.evaluate("document.querySelectorAll('tr.editor input.unit').length")
    browser.evaluate(f"(e => {{ e.value = 'Công an tỉnh'; e.dispatchEvent(new Event('change', {{bubbles: true}})); }})"
                     f"(document.querySelectorAll('tr.editor input.unit')[{inputs - 1}])")
    browser.evaluate(_change("tr.editor input.date", "20/12/2024"))
    # the highlights follow: the first unit is now drawn as cooperating, the dropped one is not drawn
    first, second = own[0], own[1]
    assert browser.evaluate(f"document.querySelector('#doc mark[data-start=\"{first['span'][0]}\"].cooperate') !== null")
    assert browser.evaluate(f"document.querySelector('#doc mark.{second['role']}[data-start=\"{second['span'][0]}\"]') === null")
    # drop a directive that is not the one edited, and add one under the edited item
    dropped = next(r["directive"] for r in reversed(rows) if r["directive"] != tid and not r["directive"].startswith(tid))
    browser.evaluate(f"document.querySelector('#tasks tr.task[data-directive=\"{dropped}\"] td.edit button').click()")
    browser.evaluate("[...document.querySelectorAll('tr.editor button')].find(b => b.textContent === 'Bỏ mục này').click()")
    browser.evaluate("document.getElementById('add-directive').click()")
    browser.evaluate(f"document.getElementById('new-parent').value = {json.dumps(tid)}")
    browser.evaluate("document.getElementById('new-text').value = 'Rà soát danh sách trạm y tế cần sửa chữa'")
    browser.evaluate("document.querySelector('#new-directive button[type=submit]').click()")
    browser.evaluate("[...document.querySelectorAll('tr.editor button')].find(b => b.textContent === 'Xong').click()")
    assert browser.evaluate(f"document.querySelector('#tasks tr.task[data-directive=\"{dropped}\"]') === null")

    # download the three files as a clerk would
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads))
    files = {}
    for fmt, suffix in (("gold", ".json"), ("csv", ".csv"), ("xlsx", ".xlsx")):
        browser.evaluate(f"document.querySelector('#downloads button[data-format=\"{fmt}\"]').click()")
        files[fmt] = _downloaded(downloads, suffix)

    record = json.loads(files["gold"].read_text(encoding="utf-8"))
    assert files["gold"].name == DOCUMENT.stem + ".json" and record["document"] == DOCUMENT.name
    assert set(record) >= {"document", "doc_type", "number", "issued", "signer", "directives", "citations", "deadlines", "assignments"}
    assert all(set(d) == {"id", "parent", "marker", "starts_with"} for d in record["directives"])
    # ids follow the corrected tree: a child's id is its parent's id and its rank
    for d in record["directives"]:
        assert re.fullmatch(r"d\d+(\.\d+)*", d["id"]) and (d["parent"] or "d") == (d["id"].rsplit(".", 1)[0] if "." in d["id"] else "d")
    starts = {d["id"]: d["starts_with"] for d in data["gold"]["directives"]}
    new_id = {d["starts_with"]: d["id"] for d in record["directives"]}
    mid = new_id[starts[tid]]
    mine = [(a["role"], a["unit"]) for a in record["assignments"] if a["directive"] == mid]
    assert ("cooperate", "Sở Nội vụ tỉnh") in mine and ("lead", "Công an tỉnh") in mine
    assert (second["role"], second["unit"]) not in mine
    assert any(x["directive"] == mid and x["due"] == "2024-12-20" for x in record["deadlines"])
    assert starts[dropped] not in new_id
    added = [d for d in record["directives"] if d["starts_with"] == "Rà soát danh sách trạm y tế cần sửa chữa"]
    assert len(added) == 1 and added[0]["parent"] == mid
    assert len(record["directives"]) == len(notice["directives"])  # one dropped, one added

    rows_after = browser.evaluate(_ROWS)
    table = list(csv.reader(io.StringIO(files["csv"].read_text(encoding="utf-8-sig"))))
    assert len(table) == len(rows_after) + 1
    assert [r[0] for r in table[1:]] == [r["directive"] for r in rows_after]
    assert any("Sở Nội vụ tỉnh" in cell for r in table[1:] for cell in r)
    from openpyxl import load_workbook

    sheet = load_workbook(files["xlsx"]).active
    assert sheet.max_row == len(rows_after) + 1

    # the corrected record is gold: vnnotice evaluate reads it, and it scores 1.000 against itself
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / files["gold"].name).write_bytes(files["gold"].read_bytes())
    out = subprocess.run([sys.executable, "-m", "vnnotice", "evaluate", str(gold), str(DOCUMENT.parent)],
                         capture_output=True, text=True, timeout=120, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert DOCUMENT.stem in out.stdout
    if SCORER.exists():
        scored = subprocess.run([sys.executable, str(SCORER), "--json", str(gold), str(gold)],
                                capture_output=True, text=True, timeout=120)
        assert scored.returncode == 0, scored.stderr
        totals = json.loads(scored.stdout)
        for field, value in totals.items():
            score = value.get("f1", value.get("accuracy")) if isinstance(value, dict) else value
            assert score == 1.0, (field, value)


def test_bad_upload_shows_the_problem(server: str, browser: DevTools, tmp_path: Path) -> None:
    bad = tmp_path / "scan.exe"
    bad.write_bytes(b"MZ\x90\x00 not a document")
    browser.open_page(server + "/")
    browser.wait_for("document.readyState === 'complete' && !!document.getElementById('doc-form')")
    browser.set_file("#doc-file", bad)
    browser.evaluate("document.getElementById('doc-submit').click()")
    status = browser.wait_for("document.getElementById('status').classList.contains('error') && document.getElementById('status').textContent")
    assert "scan.exe" in status and "Unsupported" in status
    assert browser.evaluate("document.getElementById('result').hidden") is True


def test_appendix_tasks_are_marked_and_stay_out_of_the_gold_record(server: str, browser: DevTools) -> None:
    # A directive read from an appendix task table carries source == "appendix"; the gold export leaves it out.
    data = extracted(server, DOCUMENT)
    notice = data["notice"]
    leaf = next(d for d in reversed(notice["directives"]) if not d["children"])
    data["notice"]["directives"] = [dict(d, source="appendix") if d["id"] == leaf["id"] else d for d in notice["directives"]]
    leaf_start = next(d["starts_with"] for d in data["gold"]["directives"] if d["id"] == leaf["id"])
    data["gold"]["directives"] = [d for d in data["gold"]["directives"] if d["id"] != leaf["id"]]
    review(browser, server, DOCUMENT)
    browser.evaluate(f"(() => {{ const data = {json.dumps(data)}; load(data, review.input); redraw(); }})()")
    badge = browser.evaluate(f"(r => r && r.querySelector('.badge.appendix') && r.querySelector('td.marker').textContent)"
                             f"(document.querySelector('#tasks tr.task[data-directive=\"{leaf['id']}\"]'))")
    assert badge and "Phụ lục" in badge
    rows = browser.evaluate("taskRows()")
    assert next(r for r in rows if r["directive"] == leaf["id"])["marker"].startswith("Phụ lục")
    record = browser.evaluate("goldRecord()")
    assert leaf_start not in {d["starts_with"] for d in record["directives"]}
    assert len(record["directives"]) == len(notice["directives"]) - 1
    ids = {d["id"] for d in record["directives"]}
    assert all(x["directive"] is None or x["directive"] in ids for x in record["deadlines"] + record["assignments"])
    own = [u for u in notice["units"] if u["directive"] == leaf["id"]]
    assert len(record["assignments"]) == len(notice["units"]) - len(own)


def test_pasted_text_and_a_reference_date_in_dd_mm_yyyy(server: str, browser: DevTools) -> None:
    text = ("THÔNG BÁO\nKết luận của Giám đốc Sở Y tế\n"
            "1. Trung tâm Y tế huyện Yên Định rà soát danh sách trạm y tế xuống cấp, báo cáo Sở Y tế trong 10 ngày.\n"
            "2. Phòng Kế hoạch - Tài chính phối hợp với Sở Tài chính bố trí kinh phí trước ngày 15/12.\n")
    browser.open_page(server + "/")
    browser.wait_for("document.readyState === 'complete' && !!document.getElementById('doc-form')")
    browser.evaluate(f"document.getElementById('doc-text').value = {json.dumps(text)}")
    browser.evaluate("document.getElementById('doc-date').value = '31/02/2025'")
    browser.evaluate("document.getElementById('doc-submit').click()")
    assert browser.evaluate("document.getElementById('status').classList.contains('error')")
    assert "dd/mm/yyyy" in browser.evaluate("document.getElementById('status').textContent")
    browser.evaluate("document.getElementById('doc-date').value = '01/11/2025'")
    browser.evaluate("document.getElementById('doc-submit').click()")
    browser.wait_for("!document.getElementById('result').hidden")
    rows = browser.evaluate(_ROWS)
    assert [r["due"] for r in rows] == ["11/11/2025", "15/12/2025"]
    assert rows[0]["lead"] == ["Trung tâm Y tế huyện Yên Định"]
    assert browser.evaluate("document.getElementById('doc').textContent").strip() == text.strip()
    record = browser.evaluate("goldRecord()")
    assert record["document"] is None and [d["marker"] for d in record["directives"]] == ["1.", "2."]


def test_a_section_given_a_unit_becomes_a_task_row(server: str, browser: DevTools) -> None:
    review(browser, server, DOCUMENT)
    group = browser.evaluate("document.querySelector('#tasks tr.group').dataset.directive")
    browser.evaluate("document.querySelector('#tasks tr.group td.edit button').click()")
    browser.evaluate("[...document.querySelectorAll('tr.editor button')].find(b => b.textContent === '+ Thêm đơn vị').click()")
    browser.evaluate(_change("tr.editor input.unit", "Sở Y tế"))
    lead = browser.evaluate(f"[...document.querySelectorAll('#tasks tr.task[data-directive=\"{group}\"] td.lead li')].map(li => li.textContent)")
    assert lead == ["Sở Y tế"]
    record = browser.evaluate("goldRecord()")
    starts = next(d["starts_with"] for d in browser.evaluate("review.gold.directives") if d["id"] == group)
    gid = next(d["id"] for d in record["directives"] if d["starts_with"] == starts)
    assert {"directive": gid, "role": "lead", "unit": "Sở Y tế", "surface": "Sở Y tế"} in record["assignments"]


def test_docs_draws_the_operations_from_local_files(server: str, browser: DevTools) -> None:
    pytest.importorskip("swagger_ui_bundle")
    browser.open_page(server + "/docs")
    browser.wait_for("document.querySelectorAll('.opblock').length > 0", timeout=60)
    paths = browser.evaluate("[...document.querySelectorAll('.opblock-summary-path')].map(e => e.textContent)")
    assert any("/v1/extract" in p for p in paths) and any("/v1/tasks.csv" in p for p in paths)
    # every script and stylesheet of the page came from this server (the CSP allows nothing else)
    resources = browser.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(r.startswith(server) for r in resources), resources
