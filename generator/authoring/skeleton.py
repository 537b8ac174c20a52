"""A record skeleton of each kind, generated from the kind's JSON Schema.

The skeleton is derived from `schema.schema_of`, which is derived from the
model, so a field added to the model shows up in `new` without anyone
touching this file. Required fields are left empty with a TODO comment (the
check reports them as empty until they are filled); optional fields are
written as comments, ready to be uncommented.
"""
from __future__ import annotations

from typing import Any

from ..outputs.schema import schema_of
from .yamlwrite import modeline

_GENERIC = ("Plain text; never read as Markdown, HTML or a template.", "Plain text, may span several lines.")


def skeleton(kind: str) -> str:
    """The text of a new record file of `kind` (not the report)."""
    schema = schema_of(kind)
    intro = (f"# A new {kind}: fill every field marked TODO, uncomment the optional fields you need,\n"
             "# then run `python -m generator check` (with --content FOLDER for a report outside content/).\n")
    return modeline(kind) + intro + "".join(_fields(schema, schema, 0))


def _fields(node: dict, root: dict, indent: int) -> list[str]:
    required = set(node.get("required", []))
    lines = []
    for name, prop in node.get("properties", {}).items():
        lines += _field(name, prop, root, indent, name in required)
    return lines


def _field(name: str, prop: dict, root: dict, indent: int, required: bool) -> list[str]:
    pad = " " * indent
    described = _describe(prop, root)
    model = _nested(prop, root)
    if not required:
        return [_line(f"{pad}# {name}:  # optional: {described}")]
    if model is not None and prop.get("type") == "array":
        item = _fields(model, root, indent + 4)
        first = pad + "  - " + item[0].lstrip(" ") if item else pad + "  -"
        return [_line(f"{pad}{name}:  # TODO: {described}"), first, *item[1:]]
    if model is not None:
        return [_line(f"{pad}{name}:  # TODO: {described}"), *_fields(model, root, indent + 2)]
    return [_line(f"{pad}{name}:  # TODO: {described}")]


def _line(line: str) -> str:
    return line + "\n"


def _resolve(prop: dict, root: dict) -> dict:
    ref = prop.get("$ref")
    if ref:
        return root["$defs"][ref.rsplit("/", 1)[-1]]
    return prop


def _variants(prop: dict) -> list[dict]:
    return [v for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]


def _nested(prop: dict, root: dict) -> dict | None:
    """The object schema a field holds (directly or as list items), if any."""
    for variant in _variants(prop):
        inner = _resolve(variant.get("items", variant), root)
        if inner.get("type") == "object" and "properties" in inner:
            return inner
    return None


def _describe(prop: dict, root: dict) -> str:
    """What to write: the field's description, its terms, an example."""
    variant = _resolve(_variants(prop)[0], root) if _variants(prop) else prop
    items = _resolve(variant.get("items", {}), root)
    text = (prop.get("description") or variant.get("description") or items.get("description")
            or prop.get("title", ""))
    parts = ["text" if text == _GENERIC[0] else "text, may span several lines" if text == _GENERIC[1] else text]
    enum = variant.get("enum") or items.get("enum")
    if enum:
        parts = [f"one of {', '.join(str(e) for e in enum)}"]
    elif variant.get("type") == "array":
        parts.append("(a list)")
    examples: list[Any] = variant.get("examples") or []
    if examples:
        parts.append(f"e.g. {examples[0]}")
    return " ".join(p for p in parts if p)


def report_skeleton(folder: str) -> str:
    """The text of a new report.yaml: placeholders that pass the check, each to be replaced."""
    return modeline("report", depth=1) + (
        "# A new report. Every value below is a placeholder that passes the check: replace each\n"
        f"# with your own, then run `python -m generator check --content {folder}`.\n"
        'title: "Untitled report"\n'
        '# subtitle: ""  # optional: one line under the title\n'
        "authors:\n"
        '  - "Your name"\n'
        'licence: "CC BY 4.0"\n'
        'summary: "What this report examines, and what it finds, in a paragraph."\n'
        'site_url: "https://example.org/report/"  # where the site will be published\n'
        'language: "en"\n'
        "# key_findings:  # optional: the ids of the claims the home page leads with\n"
        '#   - "a-claim-id"\n')
