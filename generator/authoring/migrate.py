"""Records written for an older model -> records for this one, as text edits that keep comments.

Each migration finds what it rewrites through the YAML parser's positions and
edits only those lines, so comments, quoting and the order of fields stay as the
analyst wrote them. Running it again changes nothing. Nothing here does I/O.

Migrations, oldest first:
- `via` held one channel as a mapping; it is now a list of hops, the first of which is
  that channel (issue 15: attribution chains of any length).
"""
from __future__ import annotations

from dataclasses import dataclass

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Change:
    line: int  # 1-based, in the file as it was
    what: str


def _root(text: str) -> yaml.MappingNode | None:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None  # check reports the file; there is nothing to migrate safely
    return node if isinstance(node, yaml.MappingNode) else None


def _via_to_list(text: str, node: yaml.MappingNode, changes: list[Change]) -> str:
    for key, value in node.value:
        if key.value != "via" or not isinstance(value, yaml.MappingNode):
            continue
        start, end = value.start_mark, value.end_mark
        changes.append(Change(key.start_mark.line + 1, "'via' is now a list of hops: the channel becomes its first"))
        if value.flow_style:
            return text[: start.index] + "[" + text[start.index: end.index] + "]" + text[end.index:]
        lines = text.splitlines(keepends=True)
        col = start.column
        # The mapping's own lines: from its first key to the last line holding its content.
        last = end.line if end.column > 0 else end.line - 1
        while last > start.line and not lines[last].strip():
            last -= 1
        first_line = lines[start.line]
        if start.line == key.start_mark.line:  # `via: actor: x` cannot happen in block style; be safe
            return text
        lines[start.line] = first_line[:col] + "- " + first_line[col:]
        for i in range(start.line + 1, last + 1):
            if lines[i].strip():
                lines[i] = "  " + lines[i]
        return "".join(lines)
    return text


def migrate_claim(text: str) -> tuple[str, list[Change]]:
    """The claim file's text for the current model, and what changed (nothing: the same text)."""
    changes: list[Change] = []
    node = _root(text)
    if node is None:
        return text, changes
    text = _via_to_list(text, node, changes)
    # A citation's `via` is new: nothing older to rewrite.
    return text, changes


def migrate(kind: str, text: str) -> tuple[str, list[Change]]:
    """One record file's text, for the current model."""
    if kind == "claim":
        return migrate_claim(text)
    return text, []
