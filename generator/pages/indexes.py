"""The indexes: every claim, the bibliography and each source's page, the A-Z index of each kind."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from .. import vocab
from ..dates import DateValue, parse
from ..memo import NO_MEMO, Memo
from ..resolve import Resolved, sort_name
from ..views import IndexEntry
from .addresses import BIBLIOGRAPHY, CLAIMS_INDEX, index_path, record_path
from .blocks import Badge, Fact, Link, Linker, Page
from .placemap import PlaceMap, index_map


# -- the claims index -------------------------------------------------------------


@dataclass(frozen=True)
class ClaimRow:
    link: Link
    status: Badge
    credibility: Badge
    said: str | None
    claimant: str | Link


@dataclass(frozen=True)
class ClaimsIndexPage:
    title: str
    intro: str
    status_counts: tuple[tuple[Link, int], ...]
    rows: tuple[ClaimRow, ...]


def claims_index(r: Resolved, memo: Memo = NO_MEMO) -> Page:
    link = Linker(r, CLAIMS_INDEX)
    rows = [memo.get("claims-index-row", claim_id, (view, r.actors.get(view.claim.claimant)),
                     lambda claim_id=claim_id, view=view: _claim_row(link, claim_id, view))
            for claim_id, view in sorted(r.claims.items(), key=lambda kv: kv[1].sort_key())]
    counts = _status_counts(r)
    context = ClaimsIndexPage(
        "Claims", "Every claim in the report, in the order it was made.",
        tuple((link.term(vocab.CLAIM_STATUS, key), n) for key, n in counts), tuple(rows))
    return Page(CLAIMS_INDEX, "claims_index.md.j2", "Claims", context, in_nav=True)


def _claim_row(link: Linker, claim_id: str, view) -> ClaimRow:
    c = view.claim
    claimant = link.entity(c.claimant) if c.claimant else f"{c.claimant_vague} (unnamed)"
    return ClaimRow(link.claim(claim_id), link.status(claim_id),
                    link.badge(vocab.CREDIBILITY, str(c.credibility), "Credibility"),
                    view.made.text() if view.made else None, claimant)


def _status_counts(r: Resolved) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for view in r.claims.values():
        counts[view.claim.status] += 1
    return [(key, counts[key]) for key in vocab.CLAIM_STATUS.keys() if counts[key]]


# -- sources ----------------------------------------------------------------------


@dataclass(frozen=True)
class CitingItem:
    link: Link
    status: Badge
    quote: str
    location: str | None


@dataclass(frozen=True)
class SourcePage:
    title: str
    title_supplied: bool
    facts: tuple[Fact, ...]
    reliability: Badge
    reliability_note: str | None
    sha256: str
    unknown: tuple[tuple[str, str], ...]  # (field, why it is not known)
    notes: str | None
    citing: tuple[CitingItem, ...]


def _date_fact(label: str, edtf: str | None) -> list[Fact]:
    date = parse(edtf)
    return [Fact(label, (date.text(),))] if date else []


def source_page(r: Resolved, source_id: str) -> Page:
    path = record_path("source", source_id)
    link = Linker(r, path)
    s = r.sources[source_id]
    facts = [Fact("Kind", (link.term(vocab.SOURCE_KIND, s.kind),)),
             Fact("Publisher", (link.entity(s.publisher),))]
    if s.authors:
        facts.append(Fact("Authors", tuple(s.authors)))
    facts += _date_fact("Published", s.published) + _date_fact("Updated", s.updated)
    if s.url:
        facts.append(Fact("Address", (Link(s.url, s.url),)))
    if s.archive_url:
        facts.append(Fact("Archived copy", (Link(s.archive_url, s.archive_url),)))
    facts += _date_fact("Accessed", s.accessed)
    facts.append(Fact("Language", (s.language,)))
    citing = []
    for claim_id in r.claims_citing.get(source_id, []):
        for ct in r.claims[claim_id].citations:
            if ct.source_id == source_id:
                citing.append(CitingItem(link.claim(claim_id), link.status(claim_id),
                                         ct.citation.quote, ct.citation.location))
    context = SourcePage(
        s.title, s.title_supplied, tuple(facts),
        link.badge(vocab.RELIABILITY, s.reliability, "Reliability"), s.reliability_note,
        s.sha256, tuple(sorted(s.unknown.items())), s.notes, tuple(citing))
    return Page(path, "source.md.j2", s.title, context)


@dataclass(frozen=True)
class BibEntry:
    publisher: str
    authors: str | None
    link: Link
    published: str | None
    kind: str
    url: str | None
    reliability: Badge
    claims: int


@dataclass(frozen=True)
class BibliographyPage:
    title: str
    intro: str
    entries: tuple[BibEntry, ...]


def bibliography(r: Resolved) -> Page:
    link = Linker(r, BIBLIOGRAPHY)
    entries = []
    for source_id, s in r.sources.items():
        published = parse(s.published)
        publisher = r.actors[s.publisher].name
        key = (sort_name(publisher), published.sort_key() if published else (0,), source_id)
        entries.append((key, BibEntry(
            publisher, ", ".join(s.authors) or None, link.source(source_id),
            published.text() if published else None, vocab.SOURCE_KIND.get(s.kind).label, s.url,
            link.badge(vocab.RELIABILITY, s.reliability, "Reliability"),
            len(r.claims_citing.get(source_id, [])))))
    context = BibliographyPage(
        "Sources", "Every source the report cites, by publisher and date, with the analysts' "
        "reliability grade and the number of claims it carries.",
        tuple(e for _, e in sorted(entries, key=lambda kv: kv[0])))
    return Page(BIBLIOGRAPHY, "bibliography.md.j2", "Sources", context, in_nav=True)


@dataclass(frozen=True)
class IndexRow:
    """An entity under its own name, with its counts and its other names ("also written"); or one of
    those other names under its own letter, a short row that only points to the entity."""
    label: str  # the name or alias
    entity: Link  # the entity, by its own name
    is_alias: bool
    aliases: tuple[str, ...]  # an entity's other names, A to Z; none on an alias's row
    category: str
    claims: int
    first: str | None
    last: str | None
    strongest: Badge | None


@dataclass(frozen=True)
class Letter:
    letter: str
    anchor: str
    rows: tuple[IndexRow, ...]


@dataclass(frozen=True)
class EntityIndexPage:
    title: str
    intro: str
    category_label: str  # the column heading: "Category" or "Kind"
    letters: tuple[Letter, ...]
    map: PlaceMap | None = None  # the places index only


_INDEX_TITLES = {
    "weapon": ("Weapons", "Every weapon, munition and weapon family in the report, A to Z, under its name "
                          "and every other designation or spelling the sources use. First and last give "
                          "when claims about it were reported; the strongest status is the best-supported "
                          "claim about it."),
    "actor": ("Actors", "Every person, body, state and outlet in the report, A to Z, under every name "
                        "the sources use."),
    "place": ("Places", "Every place in the report, A to Z, under every name and spelling the sources use."),
    "event": ("Events", "Every event the claims describe, A to Z: a strike, a delivery, an interview. Each "
                        "event's page lists its claims and where they differ."),
}


def entity_index(r: Resolved, kind: str, memo: Memo = NO_MEMO) -> Page:
    path = index_path(kind)
    link = Linker(r, path)
    entries = r.index(kind, memo)
    home = {e.entity_id: e.letter for e in entries if not e.is_alias}  # the letter of each entity's name
    aliases: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        if entry.is_alias:
            aliases[entry.entity_id].append(entry.label)
    letters: dict[str, list[IndexRow]] = {}
    for entry in entries:
        # An alias under its entity's own letter is on the entity's row ("also written"); one under
        # another letter has a short row there that points to the entity.
        if not (entry.is_alias and entry.letter == home[entry.entity_id]):
            row = _index_row(link, kind, entry, tuple(aliases[entry.entity_id]))
            letters.setdefault(entry.letter, []).append(row)
    title, intro = _INDEX_TITLES[kind]
    context = EntityIndexPage(
        title, intro, "Category" if kind == "weapon" else "Kind",
        tuple(Letter(letter, _letter_anchor(letter), tuple(rows)) for letter, rows in letters.items()),
        index_map(r, path) if kind == "place" else None)
    return Page(path, "entity_index.md.j2", title, context, in_nav=True)


def _index_row(link: Linker, kind: str, entry: IndexEntry, aliases: tuple[str, ...]) -> IndexRow:
    entity = link.to(entry.name, record_path(kind, entry.entity_id))
    if entry.is_alias:
        return IndexRow(entry.label, entity, True, (), entry.category, entry.claims, None, None, None)
    strongest = (link.badge(vocab.CLAIM_STATUS, entry.strongest.key, "Strongest status")
                 if entry.strongest else None)
    return IndexRow(entry.label, entity, False, aliases, entry.category, entry.claims,
                    _day(entry.first), _day(entry.last), strongest)


def _day(date: DateValue | None) -> str | None:
    """A date without its clock time, for the columns of an index."""
    return replace(date, time=None, zone=None).text() if date else None


def _letter_anchor(letter: str) -> str:
    return f"letter-{letter.lower()}" if letter.isascii() and letter.isalpha() else f"letter-u{ord(letter):04x}"
