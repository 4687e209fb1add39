"""Tests of vnnotice.registry: loading registries and linking mentions."""
from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from vnnotice.records import UnitMention
from vnnotice.registry import Registry, load_registry, normalize

DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = Path(__file__).resolve().parents[1] / "vnnotice" / "data" / "registry" / "examples" / "quang_ninh_health.yaml"


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The default registry with the Quảng Ninh health example added."""
    return Registry.default().extend(Registry.load(EXAMPLE).units)


def _cases() -> list[list[str]]:
    with (DATA / "linking_cases.tsv").open(encoding="utf-8") as fh:
        return [row for row in csv.reader(fh, delimiter="\t") if row and not row[0].startswith("#")]


def test_linking_cases_accuracy(registry: Registry) -> None:
    cases = _cases()
    assert len(cases) >= 200
    ok = 0
    for mention, province, day, want, _kind in cases:
        link = registry.match(mention, province=province or None, on=date.fromisoformat(day) if day else None)
        got = link.unit_id if link.band == "linked" else None
        ok += got == (want or None)
    assert ok / len(cases) >= 0.95


def test_absent_units_are_not_linked(registry: Registry) -> None:
    absent = [c for c in _cases() if not c[3]]
    assert len(absent) >= 10
    for mention, *_ in absent:
        assert registry.match(mention).band != "linked", mention


def test_keys_fold_accents_case_and_abbreviations() -> None:
    assert normalize("TTYT TP. Cẩm Phả") == normalize("trung tam y te thanh pho cam pha")
    assert normalize("UBND tỉnh") == normalize("Ủy ban nhân dân  Tỉnh")
    assert normalize("Sở KH&CN") == normalize("Sở Khoa học và Công nghệ")


def test_province_context_completes_a_bare_name(registry: Registry) -> None:
    link = registry.match("UBND tỉnh", province="Quảng Ninh")
    assert link.unit_id == "P-quang-ninh-ubnd" and link.band == "linked"
    assert "province" in link.reason


def test_date_context_follows_successor(registry: Registry) -> None:
    old = registry.match("Bộ Kế hoạch và Đầu tư", on=date(2022, 5, 1))
    new = registry.match("Bộ Kế hoạch và Đầu tư", on=date(2025, 11, 1))
    assert old.unit_id == "M-ke-hoach-dau-tu"
    assert new.unit_id == "M-tai-chinh" and "successor" in new.reason


def test_typo_gives_candidates_with_scores(registry: Registry) -> None:
    link = registry.match("Bộ Nông nghiệp và Môi trườg", k=3)
    assert link.unit_id == "M-nn-mt"
    assert 0 < len(link.candidates) <= 3
    assert link.candidates[0] == ("M-nn-mt", link.score)


def test_thresholds_are_configurable() -> None:
    strict = Registry.default(link_at=99.5, review_at=90.0)
    assert strict.match("Bộ Tài chín").band == "review"


def test_provinces_lists() -> None:
    units = Registry.default().units
    provinces = [u for u in units if u.type == "province"]
    assert len([p for p in provinces if p.valid_to is None]) == 34
    assert len([p for p in provinces if p.id != "P-hue"]) == 63
    ids = {u.id for u in units}
    assert all(u.successor in ids for u in units if u.successor)


def test_link_returns_a_copy_with_link(registry: Registry) -> None:
    mention = UnitMention(surface="Sở Y tế", span=(0, 7), unit="Sở Y tế", role="lead")
    linked = registry.link(mention, province="Quảng Ninh")
    assert mention.link is None and linked.link is not None
    assert linked.link.unit_id == "QN-so-y-te"


@pytest.mark.parametrize("suffix", ["json", "csv", "yaml"])
def test_load_formats(tmp_path: Path, suffix: str) -> None:
    rows = [{"id": "X1", "name": "Trung tâm Y tế huyện Tiên Yên", "abbreviations": "TTYT Tiên Yên", "valid_to": ""},
            {"id": "X2", "name": "Trạm Y tế xã Đông Ngũ", "abbreviations": "", "valid_to": "2025-06-30"}]
    path = tmp_path / f"units.{suffix}"
    if suffix == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")  # JSON is valid YAML
    reg = load_registry(path)
    assert reg.match("TTYT Tiên Yên").unit_id == "X1"
    assert reg.by_id["X2"].valid_to == date(2025, 6, 30)


def test_bad_entry_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- {name: Sở Y tế}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        Registry.load(path)


def test_cli_registry_match():
    from typer.testing import CliRunner

    from vnnotice.cli import app

    runner = CliRunner()
    example = Path(__file__).resolve().parents[1] / "vnnotice" / "data" / "registry" / "examples" / "quang_ninh_health.yaml"
    linked = runner.invoke(app, ["registry", "match", "TTYT Hạ Long", "--registry", str(example)])
    assert linked.exit_code == 0 and linked.output.startswith("linked: QN-ttyt-ha-long") and "Trung tâm Y tế thành phố Hạ Long" in linked.output
    absent = runner.invoke(app, ["registry", "match", "Hợp tác xã Ánh Dương"])
    assert absent.exit_code == 1 and absent.output.startswith("unlinked")
