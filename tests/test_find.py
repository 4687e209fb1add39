"""The find stage's regions: which text each finder reads (vnnotice.find)."""
from __future__ import annotations

from datetime import date

from vnnotice.clean import clean
from vnnotice.find import blank, cited_in, document_text, find, id_order, minus, regions
from vnnotice.layout import find_layout
from vnnotice.records import Citation
from vnnotice.segment import segment

NOTICE = """ỦY BAN NHÂN DÂN TỈNH HÀ NAM
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 41/TB-UBND
Hà Nam, ngày 12 tháng 3 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác phòng, chống thiên tai

Thực hiện Quyết định số 120/QĐ-UBND ngày 05/01/2026 của UBND tỉnh, các sở báo cáo tình hình trước ngày 15/5/2026. Chủ tịch UBND tỉnh kết luận như sau:

1. Sở Nông nghiệp và Môi trường chủ trì rà soát phương án theo Quyết định số 120/QĐ-UBND, hoàn thành trước ngày 30/3/2026.
2. Sở Tài chính phối hợp với Sở Xây dựng bố trí kinh phí, báo cáo UBND tỉnh trong tháng 4/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
"""


def _parts(raw: str):
    text = clean(raw).text
    lay = find_layout(text)
    nodes = segment(text, lay.body, lay.paragraphs)
    return text, lay, nodes, {n.id: n.own(text) for n in nodes}


def test_minus_leaves_what_the_cuts_do_not_cover():
    assert minus((0, 10), [(2, 4), (6, 8)]) == [(0, 2), (4, 6), (8, 10)]
    assert minus((5, 10), [(0, 6), (9, 20)]) == [(6, 9)]
    assert minus((5, 10), [(0, 3), (12, 20)]) == [(5, 10)]
    assert minus((5, 10), [(0, 20)]) == []


def test_blank_keeps_the_length_and_the_line_breaks():
    part = "Nơi nhận:\n- Như trên;\n\nLưu"
    out = blank(part)
    assert len(out) == len(part) and out.split("\n") == [" " * 9, " " * 11, "", "   "]


def test_ids_sort_by_their_numbers():
    assert sorted(["d2.10", "d10", "d2.9", "d2"], key=id_order) == ["d2", "d2.9", "d2.10", "d10"]


def test_the_document_text_keeps_the_title_and_the_body_only():
    text, lay, _, _ = _parts(NOTICE)
    doc = document_text(text, lay)
    assert len(doc) == len(text) and doc.count("\n") == text.count("\n")
    a, b = lay.body
    assert doc[a:b] == text[a:b]
    assert "Nơi nhận" not in doc and "ỦY BAN" not in doc and "Trần Văn Bình" not in doc
    assert "phòng, chống thiên tai" in doc  # the title


def test_every_directive_reads_its_own_text_and_a_text_without_items_its_body():
    text, lay, nodes, own = _parts(NOTICE)
    todo = regions(nodes, own, lay.body)
    assert [nid for nid, _ in todo] == [n.id for n in nodes] == ["d1", "d2"]
    assert all(text[a:b].strip() for _, (a, b) in todo)
    assert regions([], {}, lay.body) == [(None, lay.body)]


def test_a_citation_is_given_the_directives_that_mention_it():
    text, lay, nodes, own = _parts(NOTICE)
    owned = sorted((a, b, nid) for nid, spans in own.items() for a, b in spans)
    start = text.index("120/QĐ-UBND", text.index("1. Sở"))
    cited = Citation(key="qd-120", surface="Quyết định số 120/QĐ-UBND", spans=[(start - 14, start + 11)])
    outside = Citation(key="other", surface="x", spans=[(0, 3)])
    got = cited_in([cited, outside], owned)
    assert got[0].directives == ["d1"] and got[1] is outside


def test_find_reads_deadlines_outside_the_items_as_the_documents_own():
    text, lay, nodes, own = _parts(NOTICE)
    found = find(text, lay, nodes, own, date(2026, 3, 12), tasks=True, province="Hà Nam", how="rules")
    by_directive = {(d.directive, d.due) for d in found.deadlines}
    assert ("d1", date(2026, 3, 30)) in by_directive and (None, date(2026, 5, 15)) in by_directive
    assert {u.directive for u in found.units} == {"d1", "d2"}
    assert any(c.directives == ["d1"] for c in found.citations)


def test_a_text_that_is_no_document_gets_citations_only():
    text, lay, nodes, own = _parts(NOTICE)
    found = find(text, lay, [], {}, None, tasks=False, province=None, how="rules")
    assert found.deadlines == [] and found.units == [] and found.citations
    assert all(c.directives == [] for c in found.citations)
