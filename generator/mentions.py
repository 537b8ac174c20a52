"""Where a text names a weapon, an actor or a place, through any of its aliases.

A name matches whatever its spacing, hyphens and case: the alias "Type 75"
finds "Type 75", "Type-75", "type75" and "TYPE 75"; "Hwasong-11Ga" finds
"Hwasong 11 Ga". Names are cut into tokens at spaces, hyphens and at every
change between letters and digits, and the tokens may be joined in the text by
any run of spaces and hyphens (or nothing). A match must stand as whole words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

_SEP = "[\\s\\-\u2010\u2011\u2012\u2013\u2014]*"
_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+|[^\w\s\-\u2010-\u2014]")


@dataclass(frozen=True)
class Mention:
    kind: str  # weapon, actor, place
    id: str
    start: int
    end: int
    text: str  # as the text writes it


def tokens(name: str) -> list[str]:
    return _TOKEN_RE.findall(name)


def name_pattern(name: str) -> str | None:
    parts = tokens(name)
    if not parts:
        return None
    return r"(?<!\w)" + _SEP.join(re.escape(p) for p in parts) + r"(?!\w)"


class Matcher:
    """Finds every entity named in a text; the longest name wins where names overlap."""

    def __init__(self, entities: Iterable[tuple[str, str, Iterable[str]]]):
        """entities: (kind, id, names) with the name first and then the aliases."""
        self._names: list[tuple[re.Pattern[str], str, str]] = []
        for kind, entity_id, names in entities:
            for name in dict.fromkeys(names):
                pattern = name_pattern(name)
                if pattern:
                    self._names.append((re.compile(pattern, re.IGNORECASE), kind, entity_id))

    @classmethod
    def from_records(cls, by_kind: dict[str, dict]) -> "Matcher":
        """From checked records by kind (validate.Checks.by_kind)."""
        entities = []
        for kind in ("weapon", "actor", "place"):
            for entity_id, checked in sorted(by_kind.get(kind, {}).items()):
                model = checked.model
                entities.append((kind, entity_id, [model.name, *model.aliases]))
        return cls(entities)

    def find(self, text: str) -> list[Mention]:
        found = list({Mention(kind, entity_id, m.start(), m.end(), m.group()): None
                      for pattern, kind, entity_id in self._names for m in pattern.finditer(text)})
        # Longest first; a mention inside a longer one is dropped ("North Korea" inside
        # "North Korean ammunition"); entities of one name at one place are all kept.
        found.sort(key=lambda m: (-(m.end - m.start), m.start, m.kind, m.id))
        kept: list[Mention] = []
        for m in found:
            inside = (k for k in kept if k.start <= m.start and m.end <= k.end)
            if not any((k.end - k.start) > (m.end - m.start) for k in inside):
                kept.append(m)
        return sorted(kept, key=lambda m: (m.start, m.kind, m.id))

    def ids(self, text: str, kind: str) -> list[str]:
        """The ids of `kind` named in `text`, in order of first mention."""
        return list(dict.fromkeys(m.id for m in self.find(text) if m.kind == kind))


def name_key(name: str) -> str:
    """The form under which two names are the same: case, spaces and hyphens ignored."""
    return "".join(tokens(name)).casefold()
