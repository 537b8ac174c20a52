"""The discrepancies page and the verification debt."""
from __future__ import annotations

from dataclasses import dataclass

from ..memo import NO_MEMO, Memo
from ..resolve import Resolved
from .addresses import DEBT, DISCREPANCIES, record_path
from .blocks import Badge, Link, Linker, Page


# -- discrepancies and verification debt -----------------------------------------


@dataclass(frozen=True)
class VersionCell:
    label: str | Link  # who says it
    says: str
    quote: str | None = None  # the source's words, where the version is a claim's
    claim: Link | None = None  # the claim the version is, where it is one


@dataclass(frozen=True)
class DiscrepancyItem:
    anchor: str
    subject: Link
    title: str
    origin: str  # "found by the generator" or "declared in the records"
    versions: tuple[VersionCell, ...]
    notes: tuple[tuple[str | None, str], ...]  # (who: a publisher, or None for the records', the note)
    claims: tuple[Link, ...] = ()  # every claim a shared difference is found in


@dataclass(frozen=True)
class DiscrepancyGroup:
    title: str
    anchor: str
    items: tuple[DiscrepancyItem, ...]


@dataclass(frozen=True)
class DiscrepanciesPage:
    title: str
    intro: str
    groups: tuple[DiscrepancyGroup, ...]


_ASPECTS = (("contradiction", "Contradictions"), ("weapon", "Weapons"), ("place", "Places"),
            ("actor", "Actors"), ("date", "Dates"), ("figure", "Figures"), ("wording", "Wording"),
            ("spelling", "Spellings"), ("declared", "Declared differences"))


def discrepancies(r: Resolved, anchors: dict[int, str]) -> Page:
    link = Linker(r, DISCREPANCIES)
    groups = []
    known = {a for a, _ in _ASPECTS}
    for aspect, title in _ASPECTS:
        items = []
        for i, d in enumerate(r.discrepancies):
            if d.aspect != aspect and not (aspect == "declared" and d.aspect not in known):
                continue
            subject = link.claim(d.subject_id) if d.subject_kind == "claim" else link.entity(d.subject_id)
            versions = tuple(VersionCell(link.to(v.label, record_path("source", v.source_id))
                                         if v.source_id else v.label, v.says, v.quote,
                                         link.claim(v.claim_id) if v.quote and v.claim_id else None)
                             for v in d.versions)
            shared = tuple(link.claim(c) for c in d.subjects) if len(d.subjects) > 1 or d.subject_kind != "claim" \
                else ()
            items.append(DiscrepancyItem(anchors[i], subject, d.title,
                                         "found by the generator" if d.found else "declared in the records",
                                         versions, d.notes, shared))
        if items:
            groups.append(DiscrepancyGroup(title, f"aspect-{aspect}", tuple(items)))
    context = DiscrepanciesPage(
        "Discrepancies", "Every point on which the sources or the claims disagree: claims declared to "
        "contradict each other; claims about one event that name another weapon, place, actor, date or "
        "figure; the cited versions of one claim; and the names each source uses. Some are declared in the "
        "records, the others the generator found by comparing them.", tuple(groups))
    return Page(DISCREPANCIES, "discrepancies.md.j2", "Discrepancies", context, in_nav=True)


@dataclass(frozen=True)
class DebtRow:
    link: Link
    status: Badge
    reasons: str


@dataclass(frozen=True)
class DebtPage:
    title: str
    intro: str
    counts: tuple[tuple[str, int], ...]  # (reason, number of claims)
    rows: tuple[DebtRow, ...]


def debt(r: Resolved, memo: Memo = NO_MEMO) -> Page:
    link = Linker(r, DEBT)
    counts: dict[str, int] = {}
    for d in r.debt:
        for reason in d.reasons:
            counts[reason] = counts.get(reason, 0) + 1
    rows = tuple(memo.get("debt-row", d.claim_id, (r.claims[d.claim_id], d),
                          lambda d=d: DebtRow(link.claim(d.claim_id), link.status(d.claim_id), "; ".join(d.reasons)))
                 for d in sorted(r.debt, key=lambda d: r.claims[d.claim_id].sort_key()))
    context = DebtPage(
        "Verification debt", "Claims that still need work: resting on a single source, not yet "
        "corroborated, or qualified by the outlet that reported them.", tuple(sorted(counts.items())), rows)
    return Page(DEBT, "debt.md.j2", "Verification debt", context, in_nav=True)
