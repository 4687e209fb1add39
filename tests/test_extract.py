"""The whole pipeline: extract / extract_many, record invariants, exports, corpus score."""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from vnnotice import Notice, ReadError, extract, extract_many
from vnnotice.export import to_gold, to_markdown
from slow import SLOW

GOLD_KEYS = {"document", "doc_type", "meeting_date", "reference_date", "number", "issuer", "issued", "signer",
             "directives", "citations", "deadlines", "assignments"}
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
SECTION = re.compile(r"^\s*(?:PHẦN\b|Phần\b|[IVXLC]+\s*[.)])")

SMALL = """ỦY BAN NHÂN DÂN TỈNH BẮC KẠN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 41/CT-UBND
Bắc Kạn, ngày 3 tháng 6 năm 2024

CHỈ THỊ
Về tăng cường công tác phòng cháy, chữa cháy

Thực hiện Chỉ thị số 19/CT-TTg ngày 24/7/2023 của Thủ tướng Chính phủ, để chủ động phòng ngừa cháy, nổ,
Chủ tịch UBND tỉnh yêu cầu:
1. Công an tỉnh chủ trì kiểm tra an toàn phòng cháy tại các chợ, hoàn thành trước ngày 30/6/2024.
- Phối hợp với UBND các huyện tuyên truyền cho tiểu thương.
2. Sở Công Thương báo cáo UBND tỉnh kết quả trong tháng 7/2024.

Nơi nhận:
- Như trên;
- Lưu: VT.

CHỦ TỊCH

Nông Văn Chí
"""


def check_spans(notice: Notice) -> None:
    """Every span of the notice points at the text its record claims."""
    text = notice.text
    for c in notice.citations:
        mentions = [text[a:b] for a, b in c.spans]
        assert c.spans == sorted(c.spans) and all(0 <= a < b <= len(text) for a, b in c.spans), c.key
        assert all(m and m == m.strip() for m in mentions), (c.key, mentions)
        assert c.surface in mentions, (c.surface, mentions)
        if c.number:
            assert c.number in c.surface
    for d in notice.deadlines:
        assert text[d.span[0]:d.span[1]] == d.surface, d
    for u in notice.units:
        assert text[u.span[0]:u.span[1]] == u.surface, u
    ids = [d.id for d in notice.directives]
    assert len(set(ids)) == len(ids)
    seen: set[str] = set()
    for d in notice.directives:
        a, b = d.span
        whole = text[a:b]
        assert whole.endswith(d.text), d.id
        assert whole[:len(whole) - len(d.text)].strip() == d.marker, (d.id, d.marker, whole[:20])
        assert d.parent is None or d.parent in seen, d.id  # parents come first
        assert d.label[-1] == d.marker and len(d.label) == d.id.count(".") + 1
        assert all(a <= x <= y <= b for x, y in d.own)
        if notice.body:
            assert notice.body[0] <= a <= b <= notice.body[1]
        seen.add(d.id)
    for d in notice.directives:
        assert d.children == [c.id for c in notice.directives if c.parent == d.id]
    if notice.signature and notice.signature.span:
        s, e = notice.signature.span
        assert 0 <= s < e <= len(text)


def test_small_document_end_to_end():
    n = extract(SMALL)
    assert (n.doc_type, n.number, n.place) == ("CHỈ THỊ", "41/CT-UBND", "Bắc Kạn")
    assert n.issued == date(2024, 6, 3) and n.reference_date == n.issued
    assert [(d.id, d.parent, d.marker) for d in n.directives] == [("d1", None, "1."), ("d1.1", "d1", "-"),
                                                                  ("d2", None, "2.")]
    assert n.signature.name == "Nông Văn Chí" and n.signature.title == "CHỦ TỊCH"
    assert n.recipients == ["Như trên", "Lưu: VT"]
    assert [(d.directive, d.due) for d in n.deadlines] == [("d1", date(2024, 6, 30)), ("d2", date(2024, 7, 31))]
    assert [(c.number, c.symbol, c.issued) for c in n.citations] == [("19", "CT-TTg", date(2023, 7, 24))]
    assert any(u.directive == "d1" and u.role == "lead" and u.unit == "Công an tỉnh" for u in n.units)
    assert n.directives[1].lead == n.directives[0].lead  # d1.1 names no lead of its own: inherited
    check_spans(n)


def test_extract_bytes_path_and_text_agree(tmp_path: Path):
    path = tmp_path / "chi-thi.txt"
    path.write_text(SMALL, encoding="utf-8")
    from_path = extract(path)
    from_bytes = extract(SMALL.encode("utf-16"), name="chi-thi.txt")
    from_text = extract(SMALL)
    assert from_path.source == str(path)
    assert from_bytes.source == "chi-thi.txt"
    for other in (from_bytes, from_text):
        assert other.text == from_path.text
        assert other.directives == from_path.directives
        assert other.deadlines == from_path.deadlines


def test_a_str_naming_an_existing_file_is_read_as_that_file(tmp_path: Path):
    path = tmp_path / "chi-thi.txt"
    path.write_text(SMALL, encoding="utf-8")
    assert extract(str(path)).directives == extract(path).directives
    (tmp_path / "trang-thai").write_text("x", encoding="utf-8")
    with pytest.raises(ReadError, match="unsupported file type"):
        extract(str(tmp_path / "trang-thai"))


def test_a_str_naming_a_folder_is_refused_as_a_folder(tmp_path: Path, monkeypatch):
    folder = tmp_path / "van-ban den"
    folder.mkdir()
    (folder / "chi-thi.txt").write_text(SMALL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given in (str(folder), str(folder) + "/", "van-ban den", folder):  # absolute, trailing slash, relative, a Path
        with pytest.raises(ReadError) as info:
            extract(given)
        assert info.value.name == str(Path(given))
        assert info.value.reason.startswith("a folder, not a document")
        assert "vnnotice batch" in info.value.reason and "extract_many" in info.value.reason


def test_a_str_naming_another_existing_non_file_is_refused(tmp_path: Path):
    import os

    fifo = tmp_path / "ong"
    os.mkfifo(fifo)  # never opened: refused from its type
    with pytest.raises(ReadError, match="not a regular file"):
        extract(str(fifo))


@pytest.mark.parametrize("text", [".", "./.", "/", "..", "./"])
def test_dots_and_slashes_alone_are_text_not_a_folder(text: str):
    # './.' ends many documents; a str of dots and slashes names no document and is read as text
    assert extract(text).directives == []


def test_extract_many_reports_a_folder_and_goes_on(tmp_path: Path):
    folder = tmp_path / "thang-5"
    folder.mkdir()
    doc = tmp_path / "chi-thi.txt"
    doc.write_text(SMALL, encoding="utf-8")
    out = list(extract_many([str(folder), doc, folder]))
    assert [n.source for n in out] == [str(folder), str(doc), str(folder)]
    assert out[0].warnings[0].startswith("unreadable: a folder, not a document") and out[0].directives == []
    assert out[1].directives == extract(doc).directives
    assert out[2].warnings == out[0].warnings


def test_extract_raises_read_error_for_a_bad_path(tmp_path: Path):
    with pytest.raises(ReadError):
        extract(tmp_path / "missing.txt")


def test_reference_date_override():
    text = "Yêu cầu các đơn vị:\n1. Trung tâm Y tế huyện báo cáo trước ngày 15/11.\n"
    n = extract(text, reference_date=date(2023, 1, 10))
    assert n.reference_date == date(2023, 1, 10)
    assert [(d.directive, d.due) for d in n.deadlines] == [("d1", date(2023, 11, 15))]


@pytest.mark.parametrize("raw", ["", "   \n\n", "|\n|", "1.", "Nơi nhận:", "./.", "x\n" * 3000])
def test_degenerate_inputs_give_a_notice(raw: str):
    n = extract(raw)
    assert isinstance(n, Notice)
    check_spans(n)


def test_one_line_document_text():
    text = "Sở Y tế đề nghị các Trung tâm Y tế huyện báo cáo kết quả thực hiện trong tháng 11 năm 2024. " * 30
    assert extract(text).text == text.strip()


# ---- the project's annotated corpus --------------------------------------------

def test_corpus_is_present(corpus_docs):
    assert len(corpus_docs) >= 10


def test_corpus_spans(corpus_notices):
    for name, notice in corpus_notices.items():
        try:
            check_spans(notice)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from exc
        assert unicodedata.is_normalized("NFC", notice.text), name


def test_corpus_records_round_trip(corpus_notices):
    for name, notice in corpus_notices.items():
        again = Notice.model_validate_json(notice.model_dump_json())
        assert again == notice, name
        for d in notice.directives:
            assert type(d).model_validate_json(d.model_dump_json()) == d


def test_records_are_frozen(corpus_notices):
    notice = next(iter(corpus_notices.values()))
    with pytest.raises(ValidationError):
        notice.text = "x"


def test_corpus_to_gold_shape(corpus_notices):
    for name, notice in corpus_notices.items():
        gold = json.loads(json.dumps(to_gold(notice, name), ensure_ascii=False))
        assert GOLD_KEYS <= set(gold), name
        assert gold["document"] == name
        for key in ("meeting_date", "reference_date", "issued"):
            assert gold[key] is None or ISO.fullmatch(gold[key])
        if gold["signer"] is not None:
            assert set(gold["signer"]) == {"authority", "title", "name"}
        ids = {d["id"] for d in gold["directives"]}
        for d in gold["directives"]:
            assert {"id", "parent", "marker", "starts_with"} <= set(d)
            assert d["parent"] is None or d["parent"] in ids
            assert d["starts_with"] and d["starts_with"] == " ".join(d["starts_with"].split())
        for c in gold["citations"]:
            assert {"kind", "number", "year", "symbol", "issued", "issuer", "surface"} <= set(c)
            assert c["year"] is None or re.fullmatch(r"\d{4}", c["year"])
            assert c["issued"] is None or ISO.fullmatch(c["issued"])
        for x in gold["deadlines"]:
            assert {"directive", "surface", "due", "relation"} <= set(x)
            assert ISO.fullmatch(x["due"]) and (x["directive"] is None or x["directive"] in ids)
        for u in gold["assignments"]:
            assert set(u) == {"directive", "role", "unit", "surface"}
            assert u["role"] in {"lead", "cooperate", "report_to"}
            assert u["directive"] is None or u["directive"] in ids


def test_corpus_to_markdown(corpus_notices):
    for name, notice in corpus_notices.items():
        md = to_markdown(notice)
        assert md.startswith("# ") and md.endswith("\n"), name
        for d in notice.directives:
            assert f"**{d.marker}**" in md


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _match(gold: list[str], predicted: list[str]) -> int:
    """Greedy one-to-one matches, in document order, of predicted texts starting with a gold ``starts_with``."""
    used: set[int] = set()
    hits = 0
    for g in gold:
        for i, p in enumerate(predicted):
            if i not in used and p.startswith(g):
                used.add(i)
                hits += 1
                break
    return hits


def test_corpus_directive_f1(corpus_notices, corpus_gold):
    """Directive F1 over corpus/docs vs corpus/gold, Roman and PHẦN sections left out on both sides (GOLD.md)."""
    tp = fp = fn = 0
    for path in corpus_gold:
        gold = json.loads(path.read_text(encoding="utf-8"))
        notice = corpus_notices[gold["document"]]
        g = [_fold(d["starts_with"]) for d in gold["directives"] if not SECTION.match(d["marker"])]
        p = [_fold(d.text) for d in notice.directives if not SECTION.match(d.marker)]
        hits = _match(g, p)
        tp, fp, fn = tp + hits, fp + len(p) - hits, fn + len(g) - hits
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"directive P={precision:.3f} R={recall:.3f} F1={f1:.3f} (tp={tp} fp={fp} fn={fn})")
    assert tp + fn >= 100
    assert f1 >= 0.9, f"directive F1 {f1:.3f} (P={precision:.3f}, R={recall:.3f})"


# ---- batches -----------------------------------------------------------------------

def test_extract_many_keeps_going_past_bad_inputs(tmp_path: Path, corpus_docs):
    unsupported = tmp_path / "scan.xyz"
    unsupported.write_bytes(b"\x00\x01 not a document")
    missing = tmp_path / "missing.txt"
    sources = [corpus_docs[0], missing, unsupported, corpus_docs[1]]
    out = list(extract_many(sources))
    assert len(out) == 4
    assert out[0].source == str(corpus_docs[0]) and out[0].directives
    assert out[1].source == str(missing) and out[1].warnings == ["unreadable: no such file"]
    assert out[2].source == str(unsupported) and out[2].warnings[0].startswith("unreadable: unsupported file type")
    assert out[3].source == str(corpus_docs[1]) and out[3].directives
    assert out[1].directives == [] and out[1].text == ""


def test_extract_many_in_processes_keeps_order(tmp_path: Path, corpus_docs):
    sources = [corpus_docs[2], tmp_path / "missing.txt", corpus_docs[0], corpus_docs[1]]
    serial = list(extract_many(sources))
    parallel = list(extract_many(sources, n_process=2, chunksize=1))
    assert [n.source for n in parallel] == [n.source for n in serial]
    assert parallel == serial




def _json(notices) -> list[str]:
    return [n.model_dump_json() for n in notices]


def test_extract_many_in_processes_gives_the_records_of_extract_byte_for_byte(corpus_docs):
    sources = [*corpus_docs[:6], SMALL, SMALL.encode("utf-8")]
    assert _json(extract_many(sources, n_process=2)) == _json(extract(s) for s in sources)


def test_a_document_past_its_time_budget_is_reported_and_the_rest_is_done(tmp_path: Path, corpus_docs):
    slow = tmp_path / "dai.txt"
    slow.write_text(SLOW, encoding="utf-8")
    sources = [corpus_docs[0], slow, corpus_docs[1], corpus_docs[2]]
    out = list(extract_many(sources, n_process=2, timeout=0.5))
    assert [n.source for n in out] == [str(s) for s in sources]
    assert out[1].warnings == ["failed: not done within the time budget of 0.5 s"] and out[1].directives == []
    good = [0, 2, 3]
    assert _json(out[i] for i in good) == _json(extract(sources[i]) for i in good)


def test_a_budget_puts_even_one_process_in_a_worker(tmp_path: Path):
    # in this process nothing could stop the document; given a budget, a worker process runs it
    out = list(extract_many([SLOW, SMALL], timeout=0.5))
    assert out[0].warnings == ["failed: not done within the time budget of 0.5 s"] and out[0].source is None
    assert out[1] == extract(SMALL)


@pytest.mark.parametrize("budget", [{"timeout": 0}, {"timeout": -1.0}, {"memory_mb": -1}])
def test_a_budget_that_allows_nothing_is_refused(budget: dict):
    with pytest.raises(ValueError, match="timeout must be a positive|memory_mb must be 0"):
        next(extract_many([SMALL], **budget))


def test_the_notice_of_a_failed_text_or_bytes_names_no_source():
    # a document given as text or bytes has no name: its Notice does not carry the text as one
    out = list(extract_many([b"\xef\xbb\xbf\xff\xfe" * 400, SMALL]))
    assert out[0].source is None and out[0].warnings[0].startswith("unreadable: starts with a utf-8-sig byte-order mark")
    assert out[1] == extract(SMALL)


def test_a_document_past_its_memory_budget_is_reported_and_the_rest_is_done(tmp_path: Path):
    slow = tmp_path / "dai.txt"
    slow.write_text(SLOW, encoding="utf-8")
    out = list(extract_many([slow, SMALL], n_process=2, memory_mb=40))
    assert out[0].source == str(slow) and out[0].warnings[0].startswith("failed:") and "memory" in out[0].warnings[0]
    assert out[1] == extract(SMALL)


def test_extract_many_hands_the_registry_to_its_worker_processes(tmp_path: Path, monkeypatch):
    import tempfile

    from vnnotice.registry import Registry

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the registry's pickle goes
    registry = Registry.default()
    sources = [SMALL, SMALL.replace("Sở Công Thương", "Sở Y tế")]
    together = list(extract_many(sources, n_process=2, registry=registry))
    assert _json(together) == _json(extract(s, registry=registry) for s in sources)
    assert any(u.link is not None and u.link.band == "linked" for u in together[0].units)
    assert list(tmp_path.iterdir()) == []  # the registry's pickle is gone
    stopped = extract_many(sources * 4, n_process=2, registry=registry)
    assert next(stopped) == together[0]
    stopped.close()  # a caller that stops early: workers killed, the pickle gone
    assert list(tmp_path.iterdir()) == []


# ---- cases found by the invariants --------------------------------------------------

def test_standing_deadline_surface_keeps_its_case():
    # the finder reads lower-cased text; the surface must still be the text as written
    raw = SMALL.replace("- Phối hợp với UBND các huyện tuyên truyền cho tiểu thương.",
                        "- Thường xuyên kiểm tra các cơ sở kinh doanh xăng dầu.")
    n = extract(raw)
    standing = [d for d in n.deadlines if d.relation == "standing"]
    assert standing
    for d in standing:
        assert n.text[d.span[0]:d.span[1]] == d.surface


RESOLUTION = """HỘI ĐỒNG NHÂN DÂN
THÀNH PHỐ HẢI PHÒNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 08/2025/NQ-HĐND
Hải Phòng, ngày 10 tháng 7 năm 2025

NGHỊ QUYẾT
SỬA ĐỔI MỘT SỐ ĐIỀU CỦA NGHỊ QUYẾT SỐ 12/2023/NQ-HĐND NGÀY 05 THÁNG 12 NĂM 2023
CỦA HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ

Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;

HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HẢI PHÒNG QUYẾT NGHỊ:

Điều 1. Sửa đổi khoản 2 Điều 3 Nghị quyết số 12/2023/NQ-HĐND.

Điều 2. Ủy ban nhân dân thành phố tổ chức thực hiện Nghị quyết này./.

Nơi nhận:
- Như trên;
- Lưu: VT.

CHỦ TỊCH

Phạm Văn Lập
"""


def test_citation_in_the_title_stops_at_the_paragraph_end():
    n = extract(RESOLUTION)
    cited = [c for c in n.citations if c.number == "12"]
    assert cited
    for a, b in cited[0].spans:
        assert "\n" not in n.text[a:b]
    assert cited[0].surface in [n.text[a:b] for a, b in cited[0].spans]


# ---- the shared research corpus ------------------------------------------------------

def test_archive_first_60_files(shared_corpus):
    files = sorted(p for p in (shared_corpus / "archive").iterdir() if p.is_file())[:60]
    assert len(files) == 60
    for path in files:
        notice = extract(path)  # raises on any failure
        assert notice.source == str(path)
        assert notice.text
        text = notice.text
        for d in notice.directives:
            assert text[d.span[0]:d.span[1]].endswith(d.text), (path.name, d.id)
        for u in notice.units:
            assert text[u.span[0]:u.span[1]] == u.surface, (path.name, u.surface)


def _collections_during(fn, inside: str = "") -> int:
    """How many passes of the cyclic garbage collector start while ``fn`` runs
    (with ``inside``: only those started within a function whose name starts so)."""
    import gc
    import sys

    starts = []

    def within(frame) -> bool:
        while frame is not None:
            if frame.f_code.co_name.startswith(inside):
                return True
            frame = frame.f_back
        return False

    def seen(phase: str, info: dict) -> None:
        if phase == "start" and within(sys._getframe(1)):
            starts.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        fn()
    finally:
        gc.callbacks.remove(seen)
    return len(starts)


def test_the_collector_is_paused_during_an_extraction_and_restored_after():
    import gc

    items = "\n".join(f"{i}. Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính rà soát hồ sơ, báo cáo trước ngày 20/01/2026."
                      for i in range(1, 400))
    text = f"THÔNG BÁO\nKết luận của Giám đốc Sở\n\n{items}\n\nNơi nhận:\n- Lưu: VT.\n"
    assert gc.isenabled()
    assert _collections_during(lambda: extract(text), inside="stage_") == 0
    assert gc.isenabled()
    # with the collector left on, the stages do start collections: the check above can fail
    from vnnotice import stages

    def unpaused() -> None:
        state = stages.stage_read(stages.State(), text)
        for stage in stages.STAGES:
            state = stage(state)
        stages.stage_records(state)

    assert _collections_during(unpaused, inside="stage_") > 0


def test_the_collector_is_restored_after_a_failed_extraction(tmp_path: Path):
    import gc

    with pytest.raises(ReadError):
        extract(tmp_path / "khong-co.txt")
    assert gc.isenabled()
    gc.disable()
    try:
        extract("THÔNG BÁO\n1. Giao Sở Y tế rà soát.\n")
        assert not gc.isenabled()  # a caller's choice to keep it off is left alone
    finally:
        gc.enable()


def test_extract_many_in_processes_says_what_it_needs_where_process_groups_are_missing(monkeypatch):
    """Without process groups (not POSIX) the budgeted workers cannot run: a clear error, before any work."""
    import os

    monkeypatch.delattr(os, "killpg")
    with pytest.raises(OSError, match="POSIX"):
        list(extract_many(["1. Sở Y tế chủ trì thực hiện."], n_process=2))
    # one process without a budget needs no worker
    assert len(list(extract_many(["1. Sở Y tế chủ trì thực hiện."]))) == 1


_OWN_DOCS = sorted((Path(__file__).resolve().parents[1] / "corpus" / "docs").glob("*"))


@pytest.mark.parametrize("path", _OWN_DOCS, ids=lambda p: p.name)
def test_an_extraction_leaves_no_reference_cycle(path: Path):
    # reference counting frees everything an extraction made as soon as it returns: nothing waits for the
    # cyclic collector (the directive tree's links are cut, a legacy-encoding probe keeps no traceback)
    import gc

    extract(path)  # the vocabularies and caches are made once, outside the count
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        notice = extract(path)
        assert gc.collect() == 0
        assert notice.text
    finally:
        if was:
            gc.enable()
