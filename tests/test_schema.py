"""The exported JSON Schema is the contract for other services: it must match the records."""
import json
from pathlib import Path

from vnnotice.records import Notice

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "schema" / "notice.schema.json"


def test_checked_in_schema_is_current():
    current = Notice.model_json_schema()
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == current, (
        "docs/schema/notice.schema.json is stale: run `vnnotice schema --out docs/schema/notice.schema.json`")


def test_every_field_is_described():
    schema = Notice.model_json_schema()
    models = {"Notice": schema, **schema.get("$defs", {})}
    for name, model in models.items():
        for field, spec in model.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"
