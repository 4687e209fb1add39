"""The trained candidate classifier (vnnotice.model, vnnotice.train, models/units.json)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnnotice import extract
from vnnotice import model as M
from vnnotice import train as T
from vnnotice.units import find_units as rules_find_units

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "models" / "units.json"
DOCS = sorted((ROOT / "corpus" / "docs").iterdir())
SHARED = ROOT.parent / "shared" / "corpus"

TEXT = ("Giao Sở Xây dựng chủ trì, phối hợp với Công an tỉnh rà soát hồ sơ, "
        "báo cáo UBND tỉnh trước ngày 30/6/2025.")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    """Each test starts from the shipped configuration, whatever the caller's environment."""
    monkeypatch.delenv(M.ENV_MODEL, raising=False)
    monkeypatch.delenv(M.ENV_USE, raising=False)
    M.load.cache_clear()


def _shipped() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def _units(notice) -> list[tuple]:
    return [(u.directive, u.role, u.unit, u.span) for u in notice.units]


def _classifier(weights: dict[str, list[float]], bias=(0.0, 1.0, 0.0, 0.0), **kw) -> M.Classifier:
    return M.Classifier(weights=weights, bias=list(bias), **kw)


# -- the shipped file and the mode --------------------------------------------------------
def test_shipped_model_loads_and_is_small():
    model = M.load(SHIPPED)
    assert set(model.classifiers) == set(T.VARIANTS)
    assert model.classifiers["both"].with_rule and not model.classifiers["both"].extra
    assert not model.classifiers["model"].with_rule and model.classifiers["model"].extra
    assert SHIPPED.stat().st_size < 2_000_000


def test_shipped_settings_follow_the_cross_validation():
    """The file is on by default exactly when its leave-one-document-out table says a mode beats the rules."""
    body = _shipped()
    assert body["loo"] is not None, "the shipped model is trained with its leave-one-document-out table"
    assert M.Settings(**body["settings"]) == T.decide(body["loo"])


def test_mode_follows_shipped_settings():
    assert M.model_path() == SHIPPED
    conf = M.settings(SHIPPED)
    assert M.mode() == (conf.mode if conf.enabled else "rules")


def test_environment_turns_the_model_on_and_off(monkeypatch):
    monkeypatch.setenv(M.ENV_USE, "0")
    assert M.mode() == "rules"
    monkeypatch.setenv(M.ENV_USE, "1")
    assert M.mode() in ("both", "model")
    monkeypatch.setenv(M.ENV_USE, "model")
    assert M.mode() == "model"


def test_without_a_model_file_only_rules_run(monkeypatch, tmp_path):
    monkeypatch.setenv(M.ENV_MODEL, str(tmp_path / "none.json"))
    monkeypatch.setenv(M.ENV_USE, "1")
    assert M.model_path() is None
    assert M.mode() == "rules"


def test_settings_decide_the_default(tmp_path, monkeypatch):
    body = _shipped()
    path = tmp_path / "units.json"
    monkeypatch.setenv(M.ENV_MODEL, str(path))
    path.write_text(json.dumps(dict(body, settings={"enabled": True, "mode": "model"})), encoding="utf-8")
    assert M.mode() == "model"
    M.load.cache_clear()
    path.write_text(json.dumps(dict(body, settings={"enabled": False, "mode": "model"})), encoding="utf-8")
    assert M.mode() == "rules"


def test_a_model_left_off_is_not_read_beyond_its_settings(tmp_path, monkeypatch):
    path = tmp_path / "units.json"
    monkeypatch.setenv(M.ENV_MODEL, str(path))
    monkeypatch.delenv(M.ENV_USE, raising=False)
    body = json.dumps(dict(_shipped(), settings={"enabled": False, "mode": "both"}), separators=(",", ":"))
    assert body.startswith('{"settings":')
    path.write_text(body, encoding="utf-8")
    M.load.cache_clear()
    assert M.mode() == "rules"
    assert M.load.cache_info().misses == 0  # the weights were not parsed
    monkeypatch.setenv(M.ENV_USE, "on")  # asked for: read in full
    assert M.mode() == "both" and M.load.cache_info().misses == 1


def test_using_rejects_unknown_modes():
    with pytest.raises(ValueError):
        with M.using("union"):
            pass


def test_labels_of_a_model_file_are_checked():
    with pytest.raises(ValueError):
        M.Classifier.from_dict({"labels": ["lead", "none"], "weights": {}, "bias": [0, 0]})


# -- behaviour ------------------------------------------------------------------------
def test_disabled_equals_rules_on_a_chunk(monkeypatch):
    monkeypatch.setenv(M.ENV_USE, "0")
    assert M.find_units(TEXT, offset=7) == rules_find_units(TEXT, offset=7)


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_disabled_pipeline_output_is_the_rules_output(doc, monkeypatch):
    monkeypatch.setenv(M.ENV_USE, "0")
    off = extract(doc)
    with M.using("rules"):
        rules = extract(doc)
    assert off == rules


def test_disabled_model_is_never_run(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("the model ran while disabled")

    monkeypatch.setattr(M, "model_units", boom)
    monkeypatch.setenv(M.ENV_USE, "0")
    extract(DOCS[0])


def test_both_decides_only_on_the_rules_mentions():
    """In mode both every mention is one of the rules' (same unit and span), kept, dropped or given another role."""
    for doc in DOCS[:5]:
        with M.using("rules"):
            rules = {(u.directive, u.unit, u.span) for u in extract(doc).units}
        with M.using("both", SHIPPED):
            notice = extract(doc)
        assert notice.units
        for u in notice.units:
            assert (u.directive, u.unit, u.span) in rules
            assert notice.text[u.span[0]:u.span[1]] == u.surface


def test_a_classifier_drops_and_relabels_rule_mentions(tmp_path):
    """A classifier that drops what follows "Giao" and turns report_to into cooperate does so, and only that."""
    clf = _classifier({"w1=giao": [9.0, 0.0, 0.0, 0.0], "rule=lead": [0.0, 3.0, 0.0, 0.0],
                       "rule=report_to": [0.0, 0.0, 3.0, 0.0]}, bias=(0.0, 0.0, 0.0, 0.0))
    path = tmp_path / "units.json"
    path.write_text(json.dumps({"settings": {"enabled": True, "mode": "both"},
                                "classifiers": {"both": clf.as_dict()}}), encoding="utf-8")
    cases = [
        ("Giao Sở Công Thương thực hiện, báo cáo UBND tỉnh.", [("cooperate", "UBND tỉnh")]),
        ("Công an tỉnh kiểm tra, báo cáo Bộ Công an.", [("lead", "Công an tỉnh"), ("cooperate", "Bộ Công an")]),
        ("Giao Ban Quản lý dự án rà soát hồ sơ.", []),
    ]
    for text, want in cases:
        with M.using("both", path):
            got = M.find_units(text, offset=3, directive="d2")
        assert [(u.role, u.unit) for u in got] == want, text
        for u in got:
            assert text[u.span[0] - 3:u.span[1] - 3] == u.surface and u.directive == "d2"


def test_features_read_the_clause_around_a_candidate():
    text = "Theo đề nghị của Sở Tài chính; giao Sở Y tế (phối hợp với Công an tỉnh) thực hiện."
    cands = M.rule_candidates(text)
    feats = {c.unit: f for c, f in zip(cands, M.features(text, cands))}
    assert "w1=giao" in feats["Sở Y tế"] and "w2=<s>" in feats["Sở Y tế"]  # the clause starts after ";"
    if "Công an tỉnh" in feats:
        assert "bracket=True" in feats["Công an tỉnh"] and "w1=với" in feats["Công an tỉnh"]
    assert all(f"rule={c.rule or 'none'}" in feats[c.unit] for c in cands)
    assert not any(x.startswith("rule") for x in M.features(text, cands, with_rule=False)[0])


def test_extra_candidates_are_unit_names_outside_the_rules_mentions():
    text = "Hỗ trợ kinh phí cho Sở Y tế và Trung tâm Y tế huyện; Sở Tài chính thẩm định."
    taken = M.rule_candidates(text)
    extra = M.extra_candidates(text, taken, frozenset({"sở", "trung"}))
    spans = [(c.start, c.end) for c in taken]
    assert extra and all(c.rule is None for c in extra)
    for c in extra:
        assert not any(a < c.end and c.start < b for a, b in spans)
        assert text[c.start:c.end].startswith(("Sở", "Trung tâm"))
    assert M.extra_candidates(text, taken, frozenset()) == []


def test_classifier_probabilities():
    clf = _classifier({"a": [0.0, 0.0, 2.0, 0.0]}, bias=(0.0, 0.0, 0.0, 0.0))
    p = clf.scores(["a", "unknown"])
    assert abs(sum(p) - 1) < 1e-9 and max(p) == p[2]
    assert clf.label(["a"]) == "cooperate" and clf.label([]) in M.LABELS


# -- training data ---------------------------------------------------------------------
def test_parse_marked_line():
    text, marks = T.parse_marked("Giao {lead:Ban Quản lý dự án} phối hợp với {cooperate:ACV}.")
    assert text == "Giao Ban Quản lý dự án phối hợp với ACV."
    assert [(text[a:b], r) for a, b, r in marks] == [("Ban Quản lý dự án", "lead"), ("ACV", "cooperate")]


def test_labels_come_from_the_gold_not_the_rules():
    docs = T.project_docs(hand=False)
    rows = T.rows(docs, with_rule=True, extra=False, heads=frozenset())
    labels = {lab for _, lab in rows}
    assert labels == set(M.LABELS)
    # a candidate is labelled by the gold of its directive: a rule role the gold does not give is "none"
    chunk = T.Chunk("Theo đề nghị của Sở Tài chính, giao Sở Nội vụ thực hiện.", 0, "d1",
                    [{"role": "lead", "unit": "Sở Nội vụ"}])
    got = {c.unit: T.label(chunk, c) for c in M.rule_candidates(chunk.text)}
    assert got.get("Sở Nội vụ") == "lead"
    assert got.get("Sở Tài chính", "none") == "none"


def test_same_unit_matches_as_the_scorer_does():
    assert T.same_unit("Giám đốc Sở Y tế", "Sở Y tế")
    assert T.same_unit("các Sở, ban, ngành", "Sở, ban, ngành")
    assert not T.same_unit("Sở Y tế", "Sở Tài chính")


def test_acceptance_rule():
    base = {"precision": 0.88, "recall": 0.86, "f1": 0.87}
    better = {"precision": 0.88, "recall": 0.90, "f1": 0.89}
    worse = {"precision": 0.90, "recall": 0.80, "f1": 0.85}
    tied = {"precision": 0.89, "recall": 0.85, "f1": 0.87 + T.MIN_GAIN / 2}
    assert T.decide({"rules": base, "both": better, "model": worse}) == M.Settings(True, "both")
    assert T.decide({"rules": base, "both": worse, "model": worse}) == M.Settings(False, "both")
    assert T.decide({"rules": base, "both": tied, "model": worse}) == M.Settings(False, "both")


# -- reproducibility --------------------------------------------------------------------
@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="needs ../shared/corpus")
def test_training_reproduces_the_shipped_model(tmp_path):
    """Retraining from the checkout gives the shipped classifiers (same weights, within rounding)."""
    pytest.importorskip("sklearn")
    out = tmp_path / "units.json"
    T.train(out, cross_validate=False, log=lambda _: None)
    new, old = json.loads(out.read_text(encoding="utf-8")), _shipped()
    assert new["trained_on"] == old["trained_on"]
    for name, clf in old["classifiers"].items():
        got = new["classifiers"][name]
        assert got["heads"] == clf["heads"] and set(got["weights"]) == set(clf["weights"])
        assert max(abs(a - b) for k, row in clf["weights"].items() for a, b in zip(row, got["weights"][k])) < 0.01
