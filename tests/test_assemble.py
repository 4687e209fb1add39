"""The records stage's directives (vnnotice.assemble): each item's own leads and due date, else its parent's."""
from __future__ import annotations

from datetime import date

from vnnotice.assemble import directives, effective
from vnnotice.records import Deadline, UnitMention
from vnnotice.segment import Node


def _tree() -> list[Node]:
    top = Node("arabic", "1.", 0, 3, 60)
    top.id = "d1"
    a = Node("letter", "a)", 20, 23, 40, parent=top)
    a.id = "d1.1"
    b = Node("letter", "b)", 40, 43, 60, parent=top)
    b.id = "d1.2"
    top.children = [a, b]
    return [top, a, b]


def _unit(name: str, role: str, directive: str) -> UnitMention:
    return UnitMention(surface=name, span=(0, len(name)), unit=name, role=role, directive=directive)


def _due(day: date, directive: str, recurring: str | None = None) -> Deadline:
    return Deadline(surface="x", span=(0, 1), relation="before", due=day, recurring=recurring, directive=directive)


def test_an_item_without_leads_or_dates_of_its_own_takes_its_parents():
    nodes = _tree()
    units = [_unit("Sở Y tế", "lead", "d1"), _unit("Sở Tài chính", "cooperate", "d1.1"),
             _unit("Sở Nội vụ", "lead", "d1.2"), _unit("Sở Y tế", "lead", "d1")]
    deadlines = [_due(date(2026, 6, 30), "d1"), _due(date(2026, 5, 31), "d1"),
                 _due(date(2026, 4, 30), "d1.2", recurring="monthly"), _due(date(2026, 3, 31), "d1.2")]
    eff = effective(nodes, units, deadlines)
    assert eff["d1"] == (["Sở Y tế"], date(2026, 5, 31))  # the earliest own date; one lead once
    assert eff["d1.1"] == (["Sở Y tế"], date(2026, 5, 31))  # a cooperating unit leads nothing
    assert eff["d1.2"] == (["Sở Nội vụ"], date(2026, 3, 31))  # a recurring duty is no due date


def test_the_records_carry_the_tree_and_the_texts():
    nodes = _tree()
    text = "1. Sở Y tế chủ trì:\n a) Rà soát danh mục; b) Báo cáo kết quả trước ngày 30/6/2026."[:60].ljust(60)
    own = {n.id: n.own(text) for n in nodes}
    out = directives(nodes, text, own, [_unit("Sở Y tế", "lead", "d1")], [])
    assert [d.id for d in out] == ["d1", "d1.1", "d1.2"]
    assert out[1].parent == "d1" and out[1].label == ["1.", "a)"] and out[0].children == ["d1.1", "d1.2"]
    assert out[2].text == text[43:60] and out[2].span == (40, 60) and out[2].lead == ["Sở Y tế"]
    assert all(d.source == "body" and d.cells == {} for d in out)
    assert out[0].model_dump() == type(out[0]).model_validate(out[0].model_dump()).model_dump()
