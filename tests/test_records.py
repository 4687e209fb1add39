"""Records the pipeline builds without validation (``Record.trusted``) are records validation accepts.

The stages build directives, deadlines, citations and the notice from values
they typed themselves and skip pydantic's checks; input from outside is still
validated. These tests hold the two paths together: validating the dump of an
extracted notice gives the same notice, for every document of the corpora.
"""
from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from conftest import CORPUS_DOCS, SHARED_CORPUS
from vnnotice import extract
from vnnotice.records import Deadline, Directive, Notice, Signature, UnitMention

REFERENCE = date(2025, 1, 1)


def _paths(folder, step: int = 1):
    return sorted(p for p in folder.glob("*") if p.is_file())[::step] if folder.is_dir() else []


def _round_trip(path) -> None:
    notice = extract(path, reference_date=REFERENCE)
    again = Notice.model_validate(notice.model_dump())
    assert again == notice, path.name
    assert again.model_dump_json() == notice.model_dump_json(), path.name
    # and from JSON, as a user or the service reads a notice back
    assert Notice.model_validate_json(notice.model_dump_json()) == notice, path.name


@pytest.mark.parametrize("path", _paths(CORPUS_DOCS), ids=lambda p: p.name)
def test_project_documents_validate_back(path):
    _round_trip(path)


SHARED = [p for sub in ("seeds", "dev") for p in _paths(SHARED_CORPUS / sub)] + _paths(SHARED_CORPUS / "archive", 6) \
    + _paths(SHARED_CORPUS / "other", 10)


@pytest.mark.skipif(not SHARED, reason="shared corpus absent")
@pytest.mark.parametrize("path", SHARED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shared_documents_validate_back(path):
    _round_trip(path)


def test_directive_lists_are_not_shared_between_records():
    text = ("THÔNG BÁO\nKết luận của Giám đốc Sở\n\n1. Giao Sở Tài chính chủ trì thực hiện các việc sau:\n"
            "a) Rà soát hồ sơ trước ngày 20/3/2025.\nb) Báo cáo kết quả.\n")
    notice = extract(text, reference_date=REFERENCE)
    leads = [d.lead for d in notice.directives]
    assert len(leads) >= 2
    assert len({id(x) for x in leads}) == len(leads)  # a child's inherited leads are its own list


def test_trusted_with_every_field_in_order_skips_validation():
    # the pipeline's own values are trusted as they are ...
    deadline = Deadline.trusted(surface="trước ngày 5/1", span=(0, 14), relation="before", due=date(2025, 1, 5),
                                start=None, recurring=None, resolution="explicit", confidence=0.9, directive="d1")
    assert deadline == Deadline(surface="trước ngày 5/1", span=(0, 14), relation="before", due=date(2025, 1, 5),
                                confidence=0.9, directive="d1")
    assert deadline.model_fields_set == set(Deadline.model_fields)


def test_trusted_with_fields_missing_or_unknown_validates():
    with pytest.raises(ValidationError):
        Deadline.trusted(surface="x", span=(0, 1), relation="soon")  # a field left out: checked
    with pytest.raises(ValidationError):
        Signature.trusted(authority=None, title=None, name=None, span=None, seal=True)
    assert Signature.trusted(name="Nguyễn Văn An") == Signature(name="Nguyễn Văn An")


def test_the_hot_modules_record_function_is_record_trusted():
    from vnnotice.trusted import record

    values = {"surface": "Sở Y tế", "span": (4, 11), "unit": "Sở Y tế", "canonical": None, "role": "lead",
              "directive": "1", "link": None}
    made = record(UnitMention, dict(values))
    assert made == UnitMention.trusted(**values) == UnitMention(**values)
    assert list(made.__dict__) == list(UnitMention.model_fields) and made.model_fields_set == set(values)
    # the values in another order, or one left out: validated as the class validates them
    with pytest.raises(ValidationError):
        record(UnitMention, {**{k: values[k] for k in reversed(list(values))}, "role": "owner"})
    with pytest.raises(ValidationError):
        record(UnitMention, {k: v for k, v in values.items() if k != "unit"})


def test_trusted_records_stay_frozen():
    d = Directive.trusted(id="d1", parent=None, marker="1.", kind="arabic", label=["1."], heading=False, text="Việc",
                          span=(0, 6), own=[(3, 6)], children=[], lead=[], due=None, source="body", cells={})
    with pytest.raises(ValidationError):
        d.id = "d2"
