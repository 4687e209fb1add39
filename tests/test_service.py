"""The HTTP service through the ASGI client, and schemathesis against a live server on 127.0.0.1."""
from __future__ import annotations

import csv
import io
import re
import threading
import time
from datetime import date
from pathlib import Path
from typing import Iterator

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from vnnotice.records import Notice, RegistryLink  # noqa: E402
from vnnotice.service import Settings, create_app  # noqa: E402
from vnnotice.service.limits import Admission, Slots, saturated  # noqa: E402
from vnnotice.service.tasks import COLUMNS, task_rows, to_csv, to_xlsx  # noqa: E402
from slow import SLOW  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DOCUMENT = REPO / "corpus" / "docs" / "11-tb-syt-giao-ban-y-te-co-so.txt"
PROBLEM = "application/problem+json"

#: a short notice of our own, with a lead unit, a cooperating unit, a deadline and a citation
SHORT = """ỦY BAN NHÂN DÂN
TỈNH HÀ NAM
Số: 12/TB-UBND
Hà Nam, ngày 03 tháng 4 năm 2024

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về phòng cháy rừng

1. Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Công an tỉnh kiểm tra các khu rừng trọng điểm, hoàn thành trước ngày 30/4/2024.
2. Sở Tài chính bố trí kinh phí theo Quyết định số 45/QĐ-UBND ngày 10/01/2024 của UBND tỉnh.

CHỦ TỊCH
Trần Văn Minh
"""


def problem(response, status: int) -> dict:
    """Assert an RFC 9457 problem response of ``status``; its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("/problems/") and body["title"] and body["detail"]
    return body


@pytest.fixture()
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(timeout=60))) as c:
        yield c




def _wait_free(app, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while app.state.slots.busy and time.monotonic() < deadline:
        time.sleep(0.01)


# -- settings -----------------------------------------------------------------------


def test_settings_from_env_and_overrides() -> None:
    s = Settings.from_env({"VNNOTICE_MAX_BYTES": "1000", "VNNOTICE_TIMEOUT": "2.5", "VNNOTICE_MAX_BATCH": "3",
                           "VNNOTICE_CONCURRENCY": "2"}, max_batch=7)
    assert (s.max_bytes, s.timeout, s.max_batch, s.concurrency) == (1000, 2.5, 7, 2)
    assert Settings.from_env({}) == Settings()
    assert Settings.from_env({"VNNOTICE_QUEUE": "0"}).queue == 0 and Settings.from_env({"VNNOTICE_QUEUE": "5"}).queue == 5


@pytest.mark.parametrize("env", [{"VNNOTICE_TIMEOUT": "soon"}, {"VNNOTICE_CONCURRENCY": "0"}, {"VNNOTICE_TIMEOUT": "-1"},
                                 {"VNNOTICE_QUEUE": "-1"}, {"VNNOTICE_QUEUE": "many"}])
def test_settings_refuse_bad_values(env: dict) -> None:
    with pytest.raises(ValueError):
        Settings.from_env(env)


# -- extraction ---------------------------------------------------------------------


def test_extract_json_returns_the_notice(client: TestClient) -> None:
    r = client.post("/v1/extract", json={"text": SHORT, "filename": "12-tb.txt"})
    assert r.status_code == 200
    notice = Notice.model_validate(r.json())
    assert notice.source == "12-tb.txt"
    assert notice.doc_type == "THÔNG BÁO" and notice.number == "12/TB-UBND"
    assert [d.marker for d in notice.directives] == ["1.", "2."]
    assert any(u.role == "lead" and "Nông nghiệp" in u.unit for u in notice.units)
    assert any(d.due and d.due.isoformat() == "2024-04-30" for d in notice.deadlines)
    for u in notice.units:
        assert notice.text[u.span[0]:u.span[1]] == u.surface


def test_extract_reference_date_is_used(client: TestClient) -> None:
    text = "Kết luận cuộc họp\n1. Sở Y tế báo cáo trước ngày 15/5.\n"
    r = client.post("/v1/extract", json={"text": text, "reference_date": "2025-03-01"})
    assert r.status_code == 200
    assert r.json()["reference_date"] == "2025-03-01"
    assert [d["due"] for d in r.json()["deadlines"]] == ["2025-05-15"]


def test_extract_gold_format(client: TestClient) -> None:
    r = client.post("/v1/extract?format=gold", json={"text": SHORT, "filename": "12-tb.txt"})
    assert r.status_code == 200
    gold = r.json()
    assert gold["document"] == "12-tb.txt"
    assert {"directives", "citations", "deadlines", "assignments"} <= set(gold)
    assert gold["directives"][0]["marker"] == "1."


def test_extract_upload(client: TestClient) -> None:
    r = client.post("/v1/extract", files={"file": (DOCUMENT.name, DOCUMENT.read_bytes(), "text/plain")})
    assert r.status_code == 200
    body = r.json()
    assert body["source"] == DOCUMENT.name
    assert len(body["directives"]) >= 5 and body["citations"]


def test_extract_upload_without_suffix_uses_the_content_type(client: TestClient) -> None:
    r = client.post("/v1/extract", files={"file": ("thong-bao", SHORT.encode(), "text/plain")},
                    data={"reference_date": "2024-04-03"})
    assert r.status_code == 200
    assert len(r.json()["directives"]) == 2


def test_single_line_text_is_never_read_as_a_path(client: TestClient) -> None:
    r = client.post("/v1/extract", json={"text": str(DOCUMENT)})
    assert r.status_code == 200
    assert "UBND TỈNH" not in r.json()["text"]
    assert r.json()["text"].strip() == str(DOCUMENT)


# -- errors ---------------------------------------------------------------------------


def test_413_from_content_length_before_reading(client: TestClient) -> None:
    small = TestClient(create_app(Settings(max_bytes=1000)))
    body = problem(small.post("/v1/extract", json={"text": "x" * 2000}), 413)
    assert body["limit"] == 1000 and "1000" in body["detail"]


def test_413_for_a_chunked_body(client: TestClient) -> None:
    small = TestClient(create_app(Settings(max_bytes=1000)))
    sent = []

    def chunks() -> Iterator[bytes]:
        for _ in range(50):
            sent.append(1)
            yield b"x" * 100

    problem(small.post("/v1/extract", content=chunks(), headers={"content-type": "application/json"}), 413)


def test_415_unsupported_upload_type(client: TestClient) -> None:
    body = problem(client.post("/v1/extract", files={"file": ("setup.exe", b"MZ\x90\x00", "application/octet-stream")}), 415)
    assert "setup.exe" in body["detail"] and ".txt" in body["detail"]


def test_415_unsupported_media_type(client: TestClient) -> None:
    body = problem(client.post("/v1/extract", content=SHORT.encode(), headers={"content-type": "text/plain"}), 415)
    assert "multipart/form-data" in body["detail"]
    problem(client.post("/v1/extract/batch", data={"text": "x"}), 415)


@pytest.mark.parametrize("kwargs, needle", [
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, "not valid JSON"),
    ({"json": {"filename": "a.txt"}}, "body.text"),
    ({"json": {"text": ""}}, "body.text"),
    ({"json": {"text": "x", "colour": "red"}}, "body.colour"),
    ({"json": {"text": "x", "reference_date": "31/12/2024"}}, "body.reference_date"),
    ({"json": ["x"]}, "body"),
    ({"files": {"document": ("a.txt", b"x")}}, "'file'"),
    ({"files": {"file": ("a.txt", b"x")}, "data": {"reference_date": "hôm qua"}}, "reference_date"),
])
def test_422_invalid_json_or_fields(client: TestClient, kwargs: dict, needle: str) -> None:
    body = problem(client.post("/v1/extract", **kwargs), 422)
    assert needle in body["detail"]


def test_422_invalid_query(client: TestClient) -> None:
    body = problem(client.post("/v1/extract?format=xml", json={"text": SHORT}), 422)
    assert "format" in body["detail"] and body["errors"][0]["loc"] == ["query", "format"]


def test_400_unreadable_document_names_the_reason(client: TestClient) -> None:
    body = problem(client.post("/v1/extract", files={"file": ("notes.txt", b"\x00\x01\x02\xff" * 50)}), 400)
    assert body["detail"].startswith("notes.txt: ")
    assert body["reason"] in body["detail"] and "binary" in body["reason"]
    problem(client.post("/v1/extract", files={"file": ("empty.txt", b"")}), 400)


def test_504_when_extraction_is_slower_than_the_timeout_and_the_slot_is_freed() -> None:
    app = create_app(Settings(timeout=0.3, concurrency=2, max_bytes=8 * 1024 * 1024))
    with TestClient(app) as c:
        assert c.post("/v1/extract", json={"text": SHORT}).status_code == 200  # the worker is up
        started = time.monotonic()
        body = problem(c.post("/v1/extract", json={"text": SLOW}), 504)
        assert "0.3" in body["detail"] and time.monotonic() - started < 10
        # the work was stopped with its worker: the slot is free at once, and the next document is served
        assert app.state.slots.busy == 0
        assert c.post("/v1/extract", json={"text": SHORT}).status_code == 200


#: slower still (twice the work): busy for seconds, within a budget of 20 s
SLOWER = SLOW * 2


def _post_in_thread(c: TestClient, out: dict, key: str, text: str) -> threading.Thread:
    thread = threading.Thread(target=lambda: out.update({key: c.post("/v1/extract", json={"text": text})}))
    thread.start()
    return thread


def _wait_busy(app, count: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while app.state.slots.busy < count and time.monotonic() < deadline:
        time.sleep(0.002)
    assert app.state.slots.busy >= count


def test_a_request_waits_in_the_queue_and_503_comes_only_when_it_is_full() -> None:
    app = create_app(Settings(timeout=20, concurrency=1, queue=1, max_bytes=16 * 1024 * 1024))
    answers: dict = {}
    with TestClient(app) as c:
        running = _post_in_thread(c, answers, "running", SLOWER)
        _wait_busy(app, 1)
        queued = _post_in_thread(c, answers, "queued", SHORT)  # the worker is busy: it waits, no 503
        _wait_busy(app, 2)
        r = c.post("/v1/extract", json={"text": SHORT})  # the queue of one is full
        body = problem(r, 503)
        assert r.headers["retry-after"] == "1" and body["retry_after"] == 1
        assert body["detail"] == "the extraction worker is busy and the queue of 1 waiting request is full; retry later"
        problem(c.post("/v1/extract/batch", json=[{"text": SHORT}]), 503)
        running.join(60)
        queued.join(60)
        assert answers["running"].status_code == 200 and answers["queued"].status_code == 200
        assert Notice.model_validate(answers["queued"].json()).number == "12/TB-UBND"
        _wait_free(app)
        assert c.post("/v1/extract", json={"text": SHORT}).status_code == 200


@pytest.mark.parametrize("workers, queue, detail", [
    (1, 0, "the extraction worker is busy and no request may wait (the queue length is 0); retry later"),
    (1, 1, "the extraction worker is busy and the queue of 1 waiting request is full; retry later"),
    (2, 1, "all 2 extraction workers are busy and the queue of 1 waiting request is full; retry later"),
    (4, 32, "all 4 extraction workers are busy and the queue of 32 waiting requests is full; retry later"),
])
def test_the_busy_message_agrees_with_its_counts(workers: int, queue: int, detail: str) -> None:
    problem = saturated(Admission(workers, queue))
    assert (problem.status, problem.code, problem.detail) == (503, "busy", detail)
    assert saturated(Slots(1)).detail == "the extraction slot is busy; retry later"
    assert saturated(Slots(3)).detail == "all 3 extraction slots are busy; retry later"


def test_with_no_queue_a_busy_worker_means_503() -> None:
    app = create_app(Settings(timeout=20, concurrency=1, queue=0, max_bytes=16 * 1024 * 1024))
    answers: dict = {}
    with TestClient(app) as c:
        running = _post_in_thread(c, answers, "running", SLOWER)
        _wait_busy(app, 1)
        problem(c.post("/v1/extract", json={"text": SHORT}), 503)
        running.join(60)
        assert answers["running"].status_code == 200


def test_a_queued_request_past_its_time_is_a_504_and_is_not_run() -> None:
    app = create_app(Settings(timeout=0.5, concurrency=1, queue=4, max_bytes=16 * 1024 * 1024))
    answers: dict = {}
    with TestClient(app) as c:
        running = _post_in_thread(c, answers, "running", SLOWER)  # stopped at its 0.5 s
        _wait_busy(app, 1)
        queued = _post_in_thread(c, answers, "queued", SHORT)  # its 0.5 s pass while the worker is replaced
        running.join(60)
        queued.join(60)
        problem(answers["running"], 504)
        body = problem(answers["queued"], 504)
        assert "was not started" in body["detail"]
        _wait_free(app)
        assert c.post("/v1/extract", json={"text": SHORT}).status_code == 200


def test_404_and_405_are_problems(client: TestClient) -> None:
    problem(client.get("/v1/nothing"), 404)
    r = client.get("/v1/extract")
    problem(r, 405)
    assert r.headers["allow"] == "POST"


# -- batch ------------------------------------------------------------------------------


def test_batch_bad_items_never_fail_the_batch(client: TestClient) -> None:
    r = client.post("/v1/extract/batch", json=[
        {"text": SHORT, "filename": "a.txt"}, {"txt": "no text field"}, "not an object", {"text": "Mục\n1. Sở Y tế kiểm tra."},
    ])
    assert r.status_code == 200
    items = r.json()
    assert [i["index"] for i in items] == [0, 1, 2, 3]
    assert [i["ok"] for i in items] == [True, False, False, True]
    assert items[0]["result"]["source"] == "a.txt" and items[0]["error"] is None
    assert items[1]["error"]["status"] == 422 and "body.1.text" in items[1]["error"]["detail"]
    assert items[2]["error"]["status"] == 422 and items[2]["result"] is None
    Notice.model_validate(items[3]["result"])


def test_batch_gold_format_and_empty_list(client: TestClient) -> None:
    r = client.post("/v1/extract/batch?format=gold", json=[{"text": SHORT, "filename": "a.txt"}])
    assert r.json()[0]["result"]["document"] == "a.txt"
    assert client.post("/v1/extract/batch", json=[]).json() == []


def test_batch_limits() -> None:
    c = TestClient(create_app(Settings(max_batch=2)))
    body = problem(c.post("/v1/extract/batch", json=[{"text": "x"}] * 3), 422)
    assert "limit of 2" in body["detail"]
    problem(c.post("/v1/extract/batch", json={"text": "x"}), 422)


def test_batch_timeout_is_an_item_and_skips_the_rest() -> None:
    app = create_app(Settings(timeout=0.3, max_bytes=8 * 1024 * 1024))
    with TestClient(app) as c:
        items = c.post("/v1/extract/batch", json=[{"text": SLOW}, {"text": SHORT}]).json()
        assert [i["error"]["status"] for i in items] == [504, 504]
        assert items[1]["error"]["type"] == "/problems/skipped"
        _wait_free(app)
        assert app.state.slots.busy == 0


# -- registry ---------------------------------------------------------------------------


def test_registry_match(client: TestClient) -> None:
    r = client.get("/v1/registry/match", params={"q": "Sở Y tế", "province": "Thanh Hóa", "on": "2024-10-18"})
    assert r.status_code == 200
    link = RegistryLink.model_validate(r.json())
    assert link.band == "linked" and link.name and "Thanh Hóa" in link.name
    r = client.get("/v1/registry/match", params={"q": "Bộ Y tế", "k": 2})
    assert r.status_code == 200 and len(r.json()["candidates"]) <= 2


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "Sở Y tế", "on": "hôm nay"}, {"q": "x", "k": 0}])
def test_registry_match_invalid(client: TestClient, params: dict) -> None:
    problem(client.get("/v1/registry/match", params=params), 422)


# -- review and task tables --------------------------------------------------------------


def test_render_highlights_and_task_table(client: TestClient) -> None:
    r = client.post("/v1/render", files={"file": (DOCUMENT.name, DOCUMENT.read_bytes())})
    assert r.status_code == 200
    data = r.json()
    for label in ("DIRECTIVE", "UNIT_LEAD", "DEADLINE", "CITATION"):
        assert label in data["html"]
    assert data["html"].lstrip().startswith('<div class="spans"')
    assert data["summary"]["source"] == DOCUMENT.name
    assert data["summary"]["counts"]["directives"] == len(data["tasks"]) > 0
    assert any(t["due"] for t in data["tasks"]) and any(t["lead"] for t in data["tasks"])


def test_render_escapes_markup(client: TestClient) -> None:
    r = client.post("/v1/render", json={"text": "Kết luận\n1. Sở Y tế <script>alert(1)</script> kiểm tra.\n"})
    assert r.status_code == 200
    html = r.json()["html"]
    assert "<script" not in html and "</script" not in html
    assert "&lt;" in html and "alert" in html


def test_task_rows_from_a_notice(client: TestClient) -> None:
    notice = Notice.model_validate(client.post("/v1/extract", json={"text": SHORT}).json())
    rows = task_rows(notice)
    assert [r["directive"] for r in rows] == ["d1", "d2"]
    first, second = rows
    assert any("Nông nghiệp" in u for u in first["lead"])
    assert any("Công an" in u for u in first["cooperate"])
    assert first["due"] == date(2024, 4, 30)
    assert second["citations"] and "45/QĐ-UBND" in second["citations"][0]
    assert first["text"].startswith("Giao Sở Nông nghiệp")


def test_tasks_downloads(client: TestClient) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    as_json = client.post("/v1/tasks.json", json={"text": SHORT, "filename": "12-tb.txt"})
    assert as_json.status_code == 200 and len(as_json.json()) == 2
    assert 'filename="12-tb-tasks.json"' in as_json.headers["content-disposition"]

    as_csv = client.post("/v1/tasks.csv", files={"file": ("12-tb.txt", SHORT.encode())})
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS.values())
    assert [r[0] for r in rows[1:]] == ["d1", "d2"] and rows[1][6] == "2024-04-30"

    as_xlsx = client.post("/v1/tasks.xlsx", json={"text": SHORT})
    assert 'filename="vnnotice-tasks.xlsx"' in as_xlsx.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    values = list(sheet.values)
    assert list(values[0]) == list(COLUMNS.values()) and values[1][0] == "d1" and len(values) == 3


def test_task_tables_never_hold_formulas() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    row = {key: "" for key in COLUMNS} | {"directive": "d1", "marker": "-", "text": "=HYPERLINK(\"x\")",
                                          "lead": ["+Sở Y tế", "@Bộ"], "due": None, "citations": []}
    text = to_csv([row])
    line = list(csv.reader(io.StringIO(text)))[1]
    assert line[1] == "-" and line[2] == "'=HYPERLINK(\"x\")" and line[3] == "'+Sở Y tế; @Bộ"
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx([row]))).active
    assert sheet["C2"].data_type == "s" and sheet["C2"].value == "=HYPERLINK(\"x\")"


# -- page, assets, contract --------------------------------------------------------------


def test_review_page_and_local_assets(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for marker in ('id="doc-form"', 'type="file"', 'id="tasks"', "/static/review.js", "/static/review.css"):
        assert marker in page.text
    static = REPO / "vnnotice" / "static"
    for asset in sorted(static.iterdir()):
        r = client.get(f"/static/{asset.name}")
        assert r.status_code == 200, asset.name
        assert "http://" not in r.text and "https://" not in r.text, f"{asset.name} loads something from outside"


def test_openapi_is_the_contract_and_docs_pull_nothing(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/v1/extract", "/v1/extract/batch", "/v1/registry/match", "/v1/render", "/v1/tasks.csv",
                 "/v1/tasks.xlsx", "/v1/tasks.json", "/healthz"):
        assert path in paths, path
    content = paths["/v1/extract"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(content)
    assert "413" in paths["/v1/extract"]["post"]["responses"]
    assert client.get("/redoc").status_code == 404
    assert "GoldRecord" in spec["components"]["schemas"]
    answer = paths["/v1/extract"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"#/components/schemas/Notice", "#/components/schemas/GoldRecord"} == {a["$ref"] for a in answer["anyOf"]}


def test_docs_is_the_swagger_ui_served_from_the_package(client: TestClient) -> None:
    pytest.importorskip("swagger_ui_bundle")
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(src.startswith("/") and not src.startswith("//") for src in sources)  # nothing from outside
    for src in sources:
        asset = client.get(src)
        assert asset.status_code == 200 and asset.content, src
    assert "/openapi.json" in client.get("/static/docs.js").text
    assert "SwaggerUIBundle" in client.get("/docs/assets/swagger-ui-bundle.js").text
    assert client.get("/docs/assets/index.html").status_code == 404  # only the files the page needs
    assert client.get("/docs/assets/..%2Fswagger-ui.css").status_code == 404


@pytest.mark.parametrize("text", ["Kết luận\x00\n1. Sở Y tế báo cáo.", "\x00", "1. Sở Y tế\n\x00"])
def test_text_with_a_nul_character_is_unreadable(client: TestClient, text: str) -> None:
    for r in (client.post("/v1/extract", json={"text": text}),
              client.post("/v1/extract", files={"file": ("nul.txt", text.encode("utf-8"))}),
              client.post("/v1/tasks.csv", json={"text": text, "filename": "nul.md"})):
        assert r.status_code == 400, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["type"] == "/problems/unreadable"
        assert "NUL" in r.json()["detail"] or "UTF-16" in r.json()["detail"]  # one NUL byte alone looks like UTF-16
    assert "NUL" in client.post("/v1/extract", json={"text": text}).json()["detail"]
    item = client.post("/v1/extract/batch", json=[{"text": text}, {"text": "Kết luận\n1. Sở Y tế báo cáo."}]).json()
    assert item[0]["ok"] is False and item[0]["error"]["status"] == 400 and item[1]["ok"] is True


def test_utf16_upload_is_not_taken_for_nul_characters(client: TestClient) -> None:
    r = client.post("/v1/extract", files={"file": ("u16.txt", "Kết luận\n1. Sở Y tế báo cáo.\n".encode("utf-16"))})
    assert r.status_code == 200 and "\x00" not in r.json()["text"]


def test_gold_answer_is_a_gold_record(client: TestClient) -> None:
    from vnnotice.service.gold import GoldRecord

    gold = client.post("/v1/extract?format=gold", files={"file": (DOCUMENT.name, DOCUMENT.read_bytes())}).json()
    record = GoldRecord.model_validate(gold)  # every field known, of its type
    assert record.directives and record.assignments and record.deadlines
    for path in sorted((REPO / "corpus" / "docs").iterdir()):
        GoldRecord.model_validate(client.post("/v1/extract?format=gold", files={"file": (path.name, path.read_bytes())}).json())
    review = client.post("/v1/render", json={"text": DOCUMENT.read_text(encoding="utf-8")}).json()
    GoldRecord.model_validate(review["gold"])


def test_healthz(client: TestClient) -> None:
    from vnnotice._native import build_info
    from vnnotice.service.settings import cores

    health = client.get("/healthz").json()
    build = health.pop("build")
    assert health == {"status": "ok", "version": "0.1.0", "workers": cores(), "queue": 32, "busy": 0, "waiting": 0}
    # which build of the hot modules this server (and so its workers) runs
    info = build_info()
    assert build.startswith("compiled with mypyc" if info["compiled"] else "pure Python (")
    assert all(m.rpartition(".")[2] in build for m in info["modules"])


def test_slots_never_exceed_their_size() -> None:
    slots = Slots(2)
    assert slots.try_acquire() and slots.try_acquire() and not slots.try_acquire()
    slots.release()
    slots.release()
    slots.release()
    assert slots.busy == 0 and slots.try_acquire() and slots.busy == 1


def test_cli_registers_serve() -> None:
    from typer.testing import CliRunner

    from vnnotice.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers", "--queue"):
        assert option in result.output


# -- schemathesis against a live server ----------------------------------------------------


def test_schemathesis_live_server_has_no_server_errors() -> None:
    """Every operation of the live OpenAPI, positive and negative cases, bounded: no 5xx."""
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis.checks import not_a_server_error

    from vnnotice.service.local import local_server

    env = {"VNNOTICE_TIMEOUT": "60", "VNNOTICE_MAX_BATCH": "3", "VNNOTICE_MAX_BYTES": "200000"}
    seen: dict[str, set[int]] = {}
    with local_server(env) as url:
        schema = schemathesis.openapi.from_url(url + "/openapi.json")
        for result in schema.get_all_operations():
            operation = result.ok()
            statuses = seen.setdefault(operation.label, set())
            for mode, examples in ((schemathesis.GenerationMode.POSITIVE, 30), (schemathesis.GenerationMode.NEGATIVE, 15)):

                @given(case=operation.as_strategy(generation_mode=mode))
                @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
                def check(case) -> None:
                    response = case.call(timeout=90)
                    statuses.add(response.status_code)
                    case.validate_response(response, checks=[not_a_server_error])

                try:
                    check()
                except Unsatisfiable:  # an operation without inputs (GET /healthz) has no invalid case
                    assert mode is schemathesis.GenerationMode.NEGATIVE, operation.label
    assert "POST /v1/extract" in seen and "GET /v1/registry/match" in seen
    assert all(s and max(s) < 500 for s in seen.values()), seen
    assert 200 in seen["POST /v1/extract"], "no positive case reached the extractor"
