"""JSON Schemas of the record kinds, generated from the models."""
from __future__ import annotations

import json

from ..model import KINDS

SCHEMA_BASE = "https://claimsite.invalid/schema/"


def schema_of(kind_name: str) -> dict:
    kind = next(k for k in KINDS if k.name == kind_name)
    schema = kind.model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}{kind.name}.schema.json",
        **schema,
    }


def schemas() -> dict[str, str]:
    """File name -> JSON text, for every kind; the same bytes every time."""
    return {
        f"{kind.name}.schema.json": json.dumps(schema_of(kind.name), indent=2, sort_keys=True,
                                               ensure_ascii=False) + "\n"
        for kind in KINDS
    }
