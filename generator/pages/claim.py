"""A claim's page: its statement, attribution, facts, versions, related claims, history and footnotes."""
from __future__ import annotations

from dataclasses import dataclass

from .. import vocab
from ..dates import parse
from ..history import FileHistory
from ..resolve import ClaimView, Resolved, quantity_text
from .addresses import DEBT, DISCREPANCIES, record_file, record_path, site_url
from .blocks import Badge, Extras, Fact, Link, Linker, Page
from .lookups import Lookups


# -- claim pages ------------------------------------------------------------------


@dataclass(frozen=True)
class Footnote:
    """One citation as a footnote: the full reference and the verbatim quote."""

    number: int
    publisher: Link
    authors: str | None
    title: str
    title_supplied: bool
    published: str | None
    url: str | None
    archive_url: str | None
    accessed: str | None
    location: str | None
    quote: str
    fragment_url: str | None  # the original, opened at the quote
    source: Link  # the source's page on this site
    chain: str = ""  # claimant -> ... -> the source's publisher, where it has more than two steps
    language: str | None = None  # the quote's language tag, where it is not the report's
    translation: str | None = None
    translated_by: str | None = None  # "translated by the analysts", "machine translation"


@dataclass(frozen=True)
class VersionTable:
    """Cited versions side by side: a column per citation, a row per aspect."""

    columns: tuple[tuple[str, int], ...]  # (publisher, footnote number)
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (aspect, one cell per column)


@dataclass(frozen=True)
class RelatedItem:
    relation: str  # "qualified by", "variant of"
    link: Link
    status: Badge
    note: str | None


@dataclass(frozen=True)
class HistoryEntry:
    """One commit that changed a record."""

    date: str  # 13 July 2025
    iso: str
    summary: str
    commit: str


@dataclass(frozen=True)
class HistoryView:
    """A record's history from git, newest first, and what limits it."""

    entries: tuple[HistoryEntry, ...]
    note: str | None  # not committed, changed since its last commit, shallow clone, no git


@dataclass(frozen=True)
class ClaimPage:
    statement: str
    status: Badge
    credibility: Badge
    attribution: str
    footnote_numbers: tuple[int, ...]
    vague_claimant: str | None  # the unnamed claimant's wording, flagged on the page
    facts: tuple[Fact, ...]
    assessment: str
    versions: VersionTable | None
    discrepancies: tuple[Link, ...]  # to this claim's entries on the discrepancies page
    debt: tuple[str, ...]  # why this claim is verification debt
    debt_href: str
    related: tuple[RelatedItem, ...]
    footnotes: tuple[Footnote, ...]
    permalink: str
    json_ld: dict | None  # schema.org ClaimReview, where the claim has a rating
    history: HistoryView


def _footnote(link: Linker, c) -> Footnote:
    s = c.source
    published = parse(s.published)
    accessed = parse(s.accessed)
    return Footnote(
        c.number, link.entity(s.publisher), ", ".join(s.authors) or None, s.title, s.title_supplied,
        published.text() if published else None, s.url, s.archive_url,
        accessed.text() if accessed else None, c.citation.location, c.citation.quote,
        c.text_fragment_url, link.source(c.source_id),
        c.chain_text if len(c.chain) > 3 else "",  # longer than the attribution sentence tells
        c.language if c.translated else None,
        c.citation.translation.text if c.citation.translation else None,
        translated_by(c.citation.translation) if c.citation.translation else None)


def translated_by(t) -> str:
    """'Translation by the analysts', 'Translation by Jane Roe', 'Machine translation'."""
    if t.by == "machine":
        return "Machine translation" + (f" ({t.note})" if t.note else "")
    who = {"analyst": "the analysts", "source": "the source", "translator": t.translator or "a translator"}[t.by]
    return f"Translation by {who}" + (f" ({t.note})" if t.note else "")


def _claim_facts(link: Linker, view: ClaimView) -> tuple[Fact, ...]:
    c = view.claim
    facts: list[Fact] = []
    if c.claimant and c.claimant_vague:
        facts.append(Fact("Claimant", (link.entity(c.claimant),),
                          f"an unnamed claimant of this body, as the sources put it: {c.claimant_vague}"))
    elif c.claimant:
        facts.append(Fact("Claimant", (link.entity(c.claimant),)))
    elif c.claimant_vague:
        facts.append(Fact("Claimant", (c.claimant_vague + " (unnamed)",)))
    if c.modality != "asserted":
        facts.append(Fact("Modality", (link.term(vocab.MODALITY, c.modality),), view.modality.definition))
    for n, hop in enumerate(c.via):
        values: tuple = (link.term(vocab.CHANNEL, hop.kind),)
        if hop.actor:
            values += (link.entity(hop.actor),)
        facts.append(Fact("Through" if n == 0 else "Then", values, hop.note))
    if c.events:
        facts.append(Fact("Events", tuple(link.entity(e) for e in c.events)))
    if view.made:
        facts.append(Fact("Said", (view.made.text(),), c.made_reasoning))
    if view.event_date or (c.event and c.event.places):
        values = (view.event_date.text(),) if view.event_date else ("date not known",)
        values += tuple(link.entity(p) for p in (c.event.places if c.event else []))
        facts.append(Fact("Happened", values, c.event.date_reasoning if c.event else None))
    if c.quantities:
        facts.append(Fact("Figures", tuple(quantity_text(q) for q in c.quantities)))
    for label, ids in (("Weapons", c.weapons), ("Actors", c.actors), ("Places", c.places)):
        if ids:
            facts.append(Fact(label, tuple(link.entity(i) for i in ids)))
    if c.tags:
        facts.append(Fact("Tags", tuple(c.tags)))
    return tuple(facts)


def _version_table(view: ClaimView) -> VersionTable | None:
    if not any(c.differs for c in view.citations):
        return None
    aspects = (
        ("Said", lambda c: c.made.text() if c.made else None),
        ("Happened", lambda c: c.event_date.text() if c.event_date else None),
        ("Figures", lambda c: "; ".join(quantity_text(q) for q in c.quantities) or None),
        ("Note", lambda c: c.citation.note),
    )
    rows = []
    for aspect, get in aspects:
        cells = tuple(get(c) for c in view.citations)
        if any(cells):
            rows.append((aspect, tuple(cell or "not stated" for cell in cells)))
    columns = tuple((c.publisher, c.number) for c in view.citations)
    return VersionTable(columns, tuple(rows))


def _related(link: Linker, view: ClaimView) -> tuple[RelatedItem, ...]:
    items = []
    for rel in sorted(view.related, key=lambda r: (vocab.RELATION.rank(r.relation), not r.outgoing, r.claim_id)):
        items.append(RelatedItem(rel.label.capitalize(), link.claim(rel.claim_id), link.status(rel.claim_id),
                                 rel.note))
    return tuple(items)


def claim_review(r: Resolved, view: ClaimView, permalink: str) -> dict | None:
    """schema.org ClaimReview for a claim with a verdict; None without one."""
    if not view.review_rating:
        return None
    value, name = view.review_rating
    c = view.claim
    item: dict = {"@type": "Claim"}
    if c.claimant:
        actor = r.actors[c.claimant]
        item["author"] = {"@type": "Person" if actor.kind == "person" else "Organization", "name": actor.name}
    if view.made:
        item["datePublished"] = view.made.first_iso()
    appearances = []
    for source_id in dict.fromkeys(ct.source_id for ct in view.citations):
        s = r.sources[source_id]
        work = {"@type": "CreativeWork", "headline": s.title,
                "publisher": {"@type": "Organization", "name": r.actors[s.publisher].name}}
        if s.url:
            work["url"] = s.url
        if s.published:
            work["datePublished"] = parse(s.published).first_iso()
        appearances.append(work)
    item["appearance"] = appearances
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": permalink,
        "claimReviewed": c.statement,
        # The report's authors are often a team: the review is the report's, as an organisation.
        "author": {"@type": "Organization", "name": ", ".join(r.report.authors), "url": r.report.site_url},
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
                         "alternateName": name},
        "itemReviewed": item,
    }


_STATE_NOTE = {
    "uncommitted": "This record is not committed yet: it has no history so far.",
    "modified": "This record has changes not yet committed: they show on this page, but not in its history.",
    "shallow": "This copy of the repository is a shallow clone: its history holds only the latest commits, "
               "so the record may be older than its first entry here.",
}
NO_HISTORY = "The history of this record is not available: the report is not in a git repository."


def record_history(histories: dict[str, FileHistory] | None, rel: str) -> tuple[HistoryView, tuple[Fact, ...]]:
    """A record's history and its "First recorded" and "Last changed" facts."""
    if histories is None:
        return HistoryView((), NO_HISTORY), ()
    history = histories.get(rel)
    if history is None:
        return HistoryView((), "Git has no history of this record: git ignores its file."), ()
    entries = tuple(HistoryEntry(parse(c.date).text(), c.date, c.summary, c.commit) for c in history.changes)
    facts = []
    if history.first_recorded:
        first = history.first_recorded
        facts.append(Fact("First recorded", (parse(first.date).text(),),
                          "or earlier: this is a shallow clone" if history.state == "shallow" else None))
    if history.last_changed:
        last = parse(history.last_changed.date).text()
        facts.append(Fact("Last changed", (last,), "and since, not yet committed"
                          if history.state == "modified" else None))
    return HistoryView(entries, _STATE_NOTE.get(history.state)), tuple(facts)


def claim_page(r: Resolved, claim_id: str, lookups: Lookups, extras: Extras | None = None) -> Page:
    path = record_path("claim", claim_id)
    link = Linker(r, path)
    view = r.claims[claim_id]
    c = view.claim
    permalink = site_url(r.report.site_url, path)
    discrepancies = tuple(link.to(r.discrepancies[i].title, DISCREPANCIES, lookups.anchors[i])
                          for i in lookups.discrepancies.get(claim_id, []))
    history, history_facts = record_history((extras or Extras()).histories, record_file("claim", claim_id))
    context = ClaimPage(
        statement=c.statement,
        status=link.badge(vocab.CLAIM_STATUS, c.status, "Status"),
        credibility=link.badge(vocab.CREDIBILITY, str(c.credibility), "Credibility"),
        attribution=view.attribution.sentence(),
        footnote_numbers=tuple(ct.number for ct in view.citations),
        vague_claimant=c.claimant_vague if view.attribution.vague else None,
        facts=_claim_facts(link, view) + history_facts,
        assessment=c.assessment,
        versions=_version_table(view),
        discrepancies=discrepancies,
        debt=lookups.debt.get(claim_id, ()),
        debt_href=link.href(DEBT),
        related=_related(link, view),
        footnotes=tuple(_footnote(link, ct) for ct in view.citations),
        permalink=permalink,
        json_ld=claim_review(r, view, permalink),
        history=history,
    )
    return Page(path, "claim.md.j2", c.statement, context)
