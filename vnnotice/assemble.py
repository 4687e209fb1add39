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
    """The records of ``nodes`` (parents before children) in the clean ``text``; ``own``: each one's own spans.

    One pass with :func:`effective`'s rule: a node's label is its parent's plus its marker, its lead
    units and due date its own else its parent's (a parent outside ``nodes`` read as :func:`effective`
    and the walk to the root read it). Each record has lists of its own."""
    leads_of, dues_of = _own_leads_and_dues(units, deadlines)
    # each node's label, effective leads (the record's list when its own, else shared: copied per record)
    # and due date, by id
    seen: dict[str, tuple[list[str], list[str], Optional[date]]] = {}
    out: list[Directive] = []
    for n in nodes:
        nid = n.id
        parent = n.parent
        got = leads_of.get(nid)
        dues = dues_of.get(nid)
        pid: Optional[str] = None
        label: list[str]
        if parent is None:
            label = [n.marker]
            eff_leads = list(got) if got is not None else []
            lead = eff_leads
            due = min(dues) if dues else None
        else:
            pid = parent.id
            above = seen.get(pid)
            if above is not None:
                label = above[0].copy()
                label.append(n.marker)
            else:
                label = _label(n)
            if got is not None:
                eff_leads = list(got)
                lead = eff_leads
            elif above is not None:
                eff_leads = above[1]
                lead = eff_leads.copy()
            else:
                eff_leads = []
                lead = eff_leads
            due = min(dues) if dues else (above[2] if above is not None else None)
        seen[nid] = (label, eff_leads, due)
        out.append(record(Directive, {
            "id": nid, "parent": pid, "marker": n.marker, "kind": n.kind,
            "label": label, "heading": n.heading, "text": text[n.text_start:n.end], "span": (n.start, n.end),
            "own": list(own[nid]), "children": [c.id for c in n.children], "lead": lead, "due": due,
            "source": "body", "cells": {},
        }))
    return out


def _label(n: Node) -> list[str]:
    """The markers from the root down to ``n``."""
    label: list[str] = []
    p: Optional[Node] = n
    while p is not None:
        label.append(p.marker)
        p = p.parent
    label.reverse()
    return label


def _own_leads_and_dues(units: list[UnitMention], deadlines: list[Deadline]
                        ) -> tuple[dict[Optional[str], dict[str, None]], dict[Optional[str], list[date]]]:
    """Each directive's own lead units (in order, once) and its own due dates of no recurring duty."""
    leads_of: dict[Optional[str], dict[str, None]] = {}
    for u in units:
        if u.role == "lead":
            leads_of.setdefault(u.directive, {})[u.unit] = None
    dues_of: dict[Optional[str], list[date]] = {}
    for d in deadlines:
        due = d.due
        if due is not None and not d.recurring:
            dues_of.setdefault(d.directive, []).append(due)
    return leads_of, dues_of


def effective(nodes: list[Node], units: list[UnitMention], deadlines: list[Deadline]) -> dict[str, Effective]:
    """Each directive's own lead units and earliest due date, else its parent's."""
    out: dict[str, Effective] = {}
    leads_of, dues_of = _own_leads_and_dues(units, deadlines)
    no_leads: dict[str, None] = {}
    for n in nodes:  # parents come before children
        leads = list(leads_of.get(n.id, no_leads))
        dues = dues_of.get(n.id)
        parent = out.get(n.parent.id) if n.parent is not None else None
        out[n.id] = (leads or (parent[0] if parent is not None else []),
                     min(dues) if dues else (parent[1] if parent is not None else None))
    return out
