"""The trained unit finder (vnnotice.model, vnnotice.train, models/units)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnnotice import extract
from vnnotice import model as M
from vnnotice import train as T
from vnnotice.units import find_units as rules_find_units

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "models" / "units"
CONFIG = ROOT / "models" / "units.cfg"
DOCS = sorted((ROOT / "corpus" / "docs").iterdir())
TOLERANCE = 0.01

TEXT = ("Giao Sở Xây dựng chủ trì, phối hợp với các nhà đầu tư rà soát hồ sơ, "
        "báo cáo UBND tỉnh trước ngày 30/6/2025.")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    """Each test starts from the shipped configuration, whatever the caller's environment."""
    monkeypatch.delenv(M.ENV_MODEL, raising=False)
    monkeypatch.delenv(M.ENV_USE, raising=False)
    M.settings.cache_clear()


def _shipped_settings() -> dict:
    return json.loads((SHIPPED / M.SETTINGS_FILE).read_text(encoding="utf-8"))


def _units(notice) -> list[tuple]:
    return [(u.directive, u.role, u.unit, u.span) for u in notice.units]


# -- loading and configuration --------------------------------------------------
def test_shipped_model_loads_and_tags_roles():
    nlp = M.load(SHIPPED)
    assert set(nlp.pipe_names) == {"tok2vec", "ner"}
    assert set(nlp.get_pipe("ner").labels) == set(M.ROLE_OF_LABEL)
    doc = nlp(TEXT)
    assert all(e.label_ in M.ROLE_OF_LABEL for e in doc.ents)


def test_shipped_model_is_small():
    size = sum(p.stat().st_size for p in SHIPPED.rglob("*") if p.is_file())
    assert size < 5_000_000


def test_mode_follows_shipped_settings():
    assert M.model_dir() == SHIPPED
    conf = _shipped_settings()
    assert M.mode() == (conf["merge"] if conf["enabled"] else "rules")


def test_environment_turns_the_model_on_and_off(monkeypatch):
    monkeypatch.setenv(M.ENV_USE, "0")
    assert M.mode() == "rules"
    monkeypatch.setenv(M.ENV_USE, "1")
    assert M.mode() in ("union", "silent", "model")
    monkeypatch.setenv(M.ENV_USE, "silent")
    assert M.mode() == "silent"


def test_without_a_model_directory_only_rules_run(monkeypatch, tmp_path):
    monkeypatch.setenv(M.ENV_MODEL, str(tmp_path))  # no meta.json there
    monkeypatch.setenv(M.ENV_USE, "1")
    assert M.model_dir() is None
    assert M.mode() == "rules"


def test_settings_file_decides_default(tmp_path, monkeypatch):
    (tmp_path / "meta.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv(M.ENV_MODEL, str(tmp_path))
    T.write_settings(tmp_path, M.Settings(enabled=True, merge="silent"))
    assert M.mode() == "silent"
    M.settings.cache_clear()
    T.write_settings(tmp_path, M.Settings(enabled=False, merge="silent"))
    assert M.mode() == "rules"


def test_using_rejects_unknown_modes():
    with pytest.raises(ValueError):
        with M.using("both"):
            pass


# -- behaviour ----------------------------------------------------------------
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


def test_union_keeps_every_rule_mention():
    for doc in DOCS[:5]:
        with M.using("rules"):
            rules = _units(extract(doc))
        with M.using("union", SHIPPED):
            both = _units(extract(doc))
        assert set(rules) <= set(both)


def test_model_mentions_are_vetted_units():
    with M.using("model", SHIPPED):
        notice = extract(DOCS[2])
    assert notice.units
    for u in notice.units:
        assert notice.text[u.span[0]:u.span[1]] == u.surface
        assert M.vetted_unit(u.surface) == u.unit


def test_merge_modes():
    rule = rules_find_units("Giao Sở Y tế chủ trì thực hiện.")
    other = rules_find_units("Công an tỉnh phối hợp thực hiện.", offset=100)
    assert M.merge(rule, other, "rules") == rule
    assert M.merge(rule, other, "model") == other
    assert M.merge(rule, other, "silent") == rule
    assert M.merge([], other, "silent") == other
    assert M.merge(rule, other, "union") == rule + other
    assert M.merge(rule, rule, "union") == rule


# -- training data --------------------------------------------------------------
def test_parse_marked_line():
    text, ents, missing = T.parse_marked("Giao {lead:Ban Quản lý dự án} phối hợp với {cooperate:ACV}.")
    assert text == "Giao Ban Quản lý dự án phối hợp với ACV."
    assert [(text[a:b], lab) for a, b, lab in ents] == [("Ban Quản lý dự án", "LEAD"), ("ACV", "COOPERATE")]
    assert missing == []


def test_training_examples_locate_gold_units():
    examples = T.gold_examples(ROOT / "corpus" / "gold", ROOT / "corpus" / "docs")
    gold = sum(len(json.loads(p.read_text(encoding="utf-8"))["assignments"])
               for p in (ROOT / "corpus" / "gold").glob("*.json"))
    located = sum(len(e[1]) for e in examples)
    assert located >= 0.95 * gold
    for text, ents, _ in examples:
        for a, b, label in ents:
            assert label in M.ROLE_OF_LABEL and text[a:b].strip() == text[a:b]


def test_split_is_fixed_and_disjoint():
    examples = T.training_examples()
    train, dev = T.split(examples)
    assert (train, dev) == T.split(examples)
    assert len(train) + len(dev) == len(examples) and dev


def test_acceptance_rule():
    base = {"precision": 0.88, "recall": 0.90, "f1": 0.89}
    better = {"precision": 0.875, "recall": 0.93, "f1": 0.90}
    leaky = {"precision": 0.80, "recall": 0.99, "f1": 0.90}
    assert T.decide({"rules": base, "union": better, "silent": leaky}) == M.Settings(True, "union")
    assert T.decide({"rules": base, "union": leaky}) == M.Settings(False, "union")


# -- reproducibility --------------------------------------------------------------
def test_training_reproduces_the_shipped_scores(tmp_path):
    """Train from the shipped config on a clean checkout's corpus; scores within 0.01 of scores.json."""
    shipped = json.loads((SHIPPED / "scores.json").read_text(encoding="utf-8"))
    scores = T.train(CONFIG, tmp_path / "units", shared=None, log=lambda _: None)
    assert (tmp_path / "units" / "meta.json").is_file()
    for key in ("ents_p", "ents_r", "ents_f"):
        assert abs(scores["ner_dev"][key] - shipped["ner_dev"][key]) <= TOLERANCE, key
    for how, s in shipped["project"].items():
        for key in ("precision", "recall", "f1"):
            assert abs(scores["project"][how][key] - s[key]) <= TOLERANCE, (how, key)
