"""Site-wide lookups made once, so that each page costs time in proportion to itself."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..resolve import Resolved, TimelineEntry


class Backrefs:
    """Which entities point at an entity: variants, parts, what belongs to a state."""

    def __init__(self, r: Resolved):
        self.by: dict[tuple[str, str], list[str]] = defaultdict(list)
        for kind, table, fields in (("weapon", r.weapons, ("variant_of", "origin")),
                                    ("actor", r.actors, ("parent", "country")),
                                    ("place", r.places, ("country",))):
            for entity_id, entity in table.items():
                for name in fields:
                    target = getattr(entity, name)
                    if target:
                        self.by[(target, f"{kind}.{name}")].append(entity_id)

    def of(self, entity_id: str, field_name: str) -> list[str]:
        return self.by.get((entity_id, field_name), [])




def discrepancy_anchors(r: Resolved) -> dict[int, str]:
    """A stable anchor for each discrepancy: aspect, subject and a counter."""
    seen: dict[str, int] = defaultdict(int)
    anchors = {}
    for i, d in enumerate(r.discrepancies):
        base = f"{d.aspect}-{d.subject_id}"
        seen[base] += 1
        anchors[i] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return anchors




@dataclass(frozen=True)
class Lookups:
    """Site-wide lookups made once, so that each page costs time in proportion to itself."""

    anchors: dict[int, str]  # discrepancy index -> its anchor on the discrepancies page
    discrepancies: dict[str, list[int]]  # claim id -> the discrepancies it is part of
    debt: dict[str, tuple[str, ...]]  # claim id -> why it is verification debt
    timeline: dict[str, list[TimelineEntry]]  # entity id -> its claims' timeline entries, in order
    backrefs: Backrefs

    @classmethod
    def of(cls, r: Resolved) -> "Lookups":
        discrepancies: dict[str, list[int]] = defaultdict(list)
        for i, d in enumerate(r.discrepancies):
            claims = {v.claim_id for v in d.versions if v.claim_id} | set(d.subjects)
            claims |= {d.subject_id} if d.subject_kind == "claim" else set()
            for claim_id in sorted(claims):
                discrepancies[claim_id].append(i)
        entities_of: dict[str, list[str]] = defaultdict(list)
        for entity_id, claim_ids in r.claims_about.items():
            for claim_id in claim_ids:
                entities_of[claim_id].append(entity_id)
        timeline: dict[str, list[TimelineEntry]] = defaultdict(list)
        for entry in r.timeline:
            for entity_id in entities_of[entry.claim_id]:
                timeline[entity_id].append(entry)
        return cls(discrepancy_anchors(r), dict(discrepancies), {d.claim_id: d.reasons for d in r.debt},
                   dict(timeline), Backrefs(r))
