"""Exports of a :class:`Notice`: the gold shape of scorers, and Markdown for people."""
from __future__ import annotations

from typing import Any

from .records import Notice

_ROMAN_SECTION = ("roman", "part")


def to_gold(notice: Notice, document: str | None = None, *, appendix: bool = False) -> dict[str, Any]:
    """The notice in the gold-annotation shape (the stable interface for external scorers).

    Rows of appendix task tables (``Directive.source == "appendix"``) and
    their units and deadlines are left out, as the gold-annotation guide
    leaves them out; ``appendix=True`` puts them in.
    """
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    sig = notice.signature
    if not appendix:
        rows = {d.id for d in notice.directives if d.source == "appendix"}
        if rows:
            notice = notice.model_copy(update={
                "directives": [d for d in notice.directives if d.id not in rows],
                "deadlines": [x for x in notice.deadlines if x.directive not in rows],
                "units": [u for u in notice.units if u.directive not in rows],
            })
    return {
        "document": document or notice.source,
        "doc_type": notice.doc_type,
        "meeting_date": iso(notice.meeting_date),
        "reference_date": iso(notice.reference_date),
        "number": notice.number,
        "issuer": notice.issuer,
        "issued": iso(notice.issued),
        "signer": {"authority": sig.authority, "title": sig.title, "name": sig.name} if sig else None,
        "recipients": notice.recipients,
        "directives": [
            {"id": d.id, "parent": d.parent, "marker": d.marker, "starts_with": " ".join(d.text.split()[:12]),
             "text": " ".join(d.text.split())}
            for d in notice.directives
        ],
        "citations": [
            {"kind": c.kind, "number": c.number, "year": str(c.year) if c.year else None, "symbol": c.symbol,
             "issued": iso(c.issued), "issuer": c.issuer, "name": c.name, "surface": c.surface}
            for c in notice.citations
        ],
        "deadlines": [
            {"directive": x.directive, "surface": x.surface, "due": iso(x.due), "relation": x.relation,
             **({"recurring": x.recurring} if x.recurring else {})}
            for x in notice.deadlines if x.due is not None
        ],
        "assignments": [
            {"directive": u.directive, "role": u.role, "unit": u.unit, "surface": u.surface}
            for u in notice.units
        ],
    }


def to_markdown(notice: Notice) -> str:
    """The directive tree with units, deadlines and citations, for a person to read."""
    lines = [f"# {notice.doc_type or 'Văn bản'} {notice.number or ''}".rstrip()]
    head = [("Nguồn", notice.source), ("Cơ quan ban hành", notice.issuer), ("Ngày ban hành", notice.issued),
            ("Ngày họp", notice.meeting_date), ("Trích yếu", notice.title)]
    lines += [f"- **{k}:** {v}" for k, v in head if v]
    if notice.signature and notice.signature.name:
        lines.append(f"- **Người ký:** {notice.signature.name} ({notice.signature.title or ''})")
    lines.append("")
    depth = {}
    appendix = False
    for d in notice.directives:
        if d.source == "appendix" and not appendix:
            appendix = True
            lines += ["", "## Phụ lục: nhiệm vụ", ""]
        level = depth[d.parent] + 1 if d.parent else 0
        depth[d.id] = level
        first = " ".join(d.text.split())
        own = " ".join(notice.text[a:b] for a, b in d.own).split()
        summary = " ".join(own[:30]) + (" …" if len(own) > 30 else "")
        lines.append(f"{'  ' * level}- **{d.marker}** {summary if summary else first[:200]}")
        tags = []
        units = [u for u in notice.units if u.directive == d.id]
        for role, label in (("lead", "Chủ trì"), ("cooperate", "Phối hợp"), ("report_to", "Báo cáo")):
            names = list(dict.fromkeys(u.unit for u in units if u.role == role))
            if names:
                tags.append(f"{label}: {', '.join(names)}")
        dues = [x for x in notice.deadlines if x.directive == d.id and x.due]
        if dues:
            tags.append("Hạn: " + ", ".join(f"{x.due.isoformat()} ({x.surface})" for x in dues))
        if tags:
            lines.append(f"{'  ' * (level + 1)}- _{'; '.join(tags)}_")
    if notice.citations:
        lines += ["", "## Văn bản được dẫn", ""]
        for c in notice.citations:
            if c.number:
                symbol = "/".join(x for x in (c.number, str(c.year) if c.year else None, c.symbol) if x)
                date = f" ngày {c.issued.strftime('%d/%m/%Y')}" if c.issued else ""
                lines.append(f"- {c.kind or 'Văn bản'} số {symbol}{date}")
            else:
                lines.append(f"- {c.name or c.surface}")
    if notice.warnings:
        lines += ["", "## Cảnh báo", ""] + [f"- {w}" for w in notice.warnings]
    return "\n".join(lines) + "\n"
