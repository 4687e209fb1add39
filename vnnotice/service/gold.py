"""The gold-annotation shape (``?format=gold``) as pydantic models, for the OpenAPI description.

:func:`vnnotice.export.to_gold` builds the shape; ``GOLD.md`` of the shared
corpus and ``docs/schema.md`` say what each field means. The service answers
it with ``format=gold`` on ``/v1/extract`` and ``/v1/extract/batch``, and in
the ``gold`` member of ``/v1/render``.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from ..records import Recurrence, Relation, Role


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldSigner(_Gold):
    """Who signed: authority (KT., TL., TM. …), title, name."""

    authority: Optional[str] = None
    title: Optional[str] = None
    name: Optional[str] = None


class GoldDirective(_Gold):
    """One directive, known by its first words."""

    id: str = Field(..., description="Directive id, e.g. 'd2.1'.")
    parent: Optional[str] = Field(None, description="Id of the enclosing directive.")
    marker: str = Field(..., description="The item's marker as written ('2.', 'a)', '-').")
    starts_with: str = Field(..., description="The first 12 words of the directive's text.")
    text: Optional[str] = Field(None, description="The whole text, whitespace collapsed (absent from the review page's gold).")


class GoldCitation(_Gold):
    """A document the notice cites."""

    kind: Optional[str] = None
    number: Optional[str] = None
    year: Optional[str] = None
    symbol: Optional[str] = None
    issued: Optional[date] = None
    issuer: Optional[str] = None
    name: Optional[str] = None
    surface: str


class GoldDeadline(_Gold):
    """A dated deadline (deadlines without a date are left out)."""

    directive: Optional[str] = None
    surface: str
    due: date
    relation: Relation
    recurring: Optional[Recurrence] = Field(None, description="Present only for a periodic duty.")


class GoldAssignment(_Gold):
    """A unit named with its role in a directive."""

    directive: Optional[str] = None
    role: Role
    unit: str
    surface: str


class GoldRecord(_Gold):
    """A notice in the gold-annotation shape: the stable interface of external scorers
    (``vnnotice extract --format gold``, ``?format=gold``, the review page's corrected record)."""

    document: Optional[str] = Field(None, description="The document's file name.")
    doc_type: Optional[str] = None
    meeting_date: Optional[date] = None
    reference_date: Optional[date] = None
    number: Optional[str] = None
    issuer: Optional[str] = None
    issued: Optional[date] = None
    signer: Optional[GoldSigner] = None
    recipients: list[str] = Field(default_factory=list)
    directives: list[GoldDirective] = Field(default_factory=list)
    citations: list[GoldCitation] = Field(default_factory=list)
    deadlines: list[GoldDeadline] = Field(default_factory=list)
    assignments: list[GoldAssignment] = Field(default_factory=list)
