"""Records -> YAML text in the style of content/: every string double-quoted.

The loader reads an unquoted `NO` as a boolean and `2025-07-11` as a date
(see load.py), so everything written here quotes its strings; a JSON string
is a valid YAML double-quoted scalar. Comments can be attached to keys, so
that generated records can leave visible notes (TODO) for their author.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


def modeline(kind: str, depth: int = 2) -> str:
    """The first line of a record file: where editors find its JSON Schema."""
    return f"# yaml-language-server: $schema={'../' * depth}schema/{kind}.schema.json\n"


def scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return json.dumps(str(value), ensure_ascii=False)


@dataclass(frozen=True)
class Note:
    """A value with a comment after it; `commented` writes the whole line as a comment."""

    value: Any
    comment: str = ""
    commented: bool = False


def dump(data: dict[str, Any], indent: int = 0) -> str:
    """A mapping as block YAML; values may be Note, list, dict or scalars."""
    return "".join(_entry(key, value, indent) for key, value in data.items())


def _entry(key: str, value: Any, indent: int) -> str:
    pad = " " * indent
    comment, commented = "", False
    if isinstance(value, Note):
        comment, commented, value = value.comment, value.commented, value.value
    tail = f"  # {comment}" if comment else ""
    if isinstance(value, dict) and value:
        body = f"{pad}{key}:{tail}\n" + dump(value, indent + 2)
    elif isinstance(value, list) and value:
        body = f"{pad}{key}:{tail}\n" + "".join(_item(v, indent + 2) for v in value)
    else:
        text = "[]" if value == [] else "{}" if value == {} else scalar(value)
        body = f"{pad}{key}:{' ' + text if text else ''}{tail}\n"
    if commented:
        return "".join(f"{pad}# {line[len(pad):]}\n" for line in body.splitlines())
    return body


def _item(value: Any, indent: int) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        inner = dump(value, indent + 2)
        return pad + "- " + inner[indent + 2:]
    return f"{pad}- {scalar(value)}\n"
