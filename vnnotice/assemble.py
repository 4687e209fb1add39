"""Records stage: the directive records assembled from the tree and what the finders read.

Each directive gets its own lead units and earliest due date, else its
parent's (``lead`` and ``due``: what a tracker files the item under). The
records are built from values of their fields' types, without validation
(:func:`vnnotice.trusted.record`).

Compiled with the other hot modules (``setup.py``, ``COMPILED``): a
directive record a directive, some thirty a document.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from .records import Deadline, Directive, UnitMention
from .segment import Node
from .trusted import record

Span = tuple[int, int]
Effective = tuple[list[str], Optional[date]]


def directives(nodes: list[Node], text: str, own: dict[str, list[Span]], units: list[UnitMention],
               deadlines: list[Deadline]) -> list[Directive]:
    """The records of ``nodes`` (parents before children) in the clean ``text``; ``own``: each one's own spans."""
    eff = effective(nodes, units, deadlines)
    out: list[Directive] = []
    for n in nodes:
        label: list[str] = []
        p: Optional[Node] = n
        while p is not None:
            label.append(p.marker)
            p = p.parent
        label.reverse()
        leads, due = eff[n.id]
        parent = n.parent
        out.append(record(Directive, {
            "id": n.id, "parent": parent.id if parent is not None else None, "marker": n.marker, "kind": n.kind,
            "label": label, "heading": n.heading, "text": text[n.text_start:n.end], "span": (n.start, n.end),
            "own": list(own[n.id]), "children": [c.id for c in n.children], "lead": list(leads), "due": due,
            "source": "body", "cells": {},
        }))
    return out


def effective(nodes: list[Node], units: list[UnitMention], deadlines: list[Deadline]) -> dict[str, Effective]:
    """Each directive's own lead units and earliest due date, else its parent's."""
    out: dict[str, Effective] = {}
    leads_of: dict[Optional[str], dict[str, None]] = {}
    for u in units:
        if u.role == "lead":
            leads_of.setdefault(u.directive, {})[u.unit] = None
    dues_of: dict[Optional[str], list[date]] = {}
    for d in deadlines:
        due = d.due
        if due is not None and not d.recurring:
            dues_of.setdefault(d.directive, []).append(due)
    no_leads: dict[str, None] = {}
    for n in nodes:  # parents come before children
        leads = list(leads_of.get(n.id, no_leads))
        dues = dues_of.get(n.id)
        parent = out.get(n.parent.id) if n.parent is not None else None
        out[n.id] = (leads or (parent[0] if parent is not None else []),
                     min(dues) if dues else (parent[1] if parent is not None else None))
    return out
