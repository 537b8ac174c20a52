"""The resolved report -> one context object per page of the site.

Everything a page shows is decided here: which facts it lists, in which
order, what each link points to (relative to the page), which badge a status
gets. The templates in templates/ only format these objects. Each context is
a frozen dataclass whose fields are the whole of what its template may use.

Paths are Markdown source paths below the site root (claims/<id>.md); MkDocs
turns them into claims/<id>/ with use_directory_urls.
"""
from __future__ import annotations

import functools
import posixpath
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, NamedTuple
from urllib.parse import quote, urljoin

from . import vocab
from .bulk import bulk
from .dates import DateValue, parse
from .load import MAX_PAGE_BYTES, read_regular
from .history import TAG_PREFIX, Changelog, FieldChange, FileHistory, changelog_since_release, histories, repo_root
from .resolve import ClaimView, Resolved, TimelineEntry, quantity_text, sort_name
from .validate import Checks

# -- where pages live ------------------------------------------------------------

HOME = "index.md"
CLAIMS_INDEX = "claims/index.md"
BIBLIOGRAPHY = "sources/index.md"
TIMELINE = "timeline.md"
DISCREPANCIES = "discrepancies.md"
DEBT = "verification-debt.md"
DEFINITIONS = "definitions.md"
DATA_PAGE = "data.md"
CHANGES = "changes.md"
PDF_NAME = "report.pdf"
AUTHORED_DIR = "about"
FOLDER = {"claim": "claims", "source": "sources", "weapon": "weapons", "actor": "actors", "place": "places",
          "event": "events"}
ENTITY_KINDS = ("weapon", "actor", "place")
INDEXED_KINDS = (*ENTITY_KINDS, "event")  # an A-Z index and a page each


def record_path(kind: str, record_id: str) -> str:
    return f"{FOLDER[kind]}/{record_id}.md"


def index_path(kind: str) -> str:
    return f"{FOLDER[kind]}/index.md"


def site_url(report_url: str, path: str) -> str:
    """The permanent address of a page: claims/x.md -> https://site/claims/x/."""
    base = report_url if report_url.endswith("/") else report_url + "/"
    page = path[: -len("index.md")] if path.endswith("index.md") else path[: -len(".md")] + "/"
    return urljoin(base, page)


def versioned(r: Resolved, version: str) -> Resolved:
    """The report as published under mike, where each version lives in its own folder and the
    root only redirects: every address it gives (permalinks, JSON-LD, the PDF's links, the data
    exports, the feed) becomes the version's own, site_url/VERSION/..., which later releases
    leave as it is. What a reader cites is what they read."""
    base = r.report.site_url.rstrip("/") + "/" + quote(version, safe="") + "/"
    return replace(r, report=r.report.model_copy(update={"site_url": base}))


def term_anchor(vocabulary: vocab.Vocabulary, key: str) -> str:
    return f"{vocabulary.name}-{key.lower()}"


# -- the building blocks of contexts ---------------------------------------------


# Links, badges and claim items are named tuples: a large report makes a million of them, and a
# frozen dataclass costs three times as much to create.
class Link(NamedTuple):
    """A link: its text (record text, escaped by the template) and a relative href."""

    text: str
    href: str


class Badge(NamedTuple):
    """A status or grade: readable as text, linked to its definition; css only adds colour."""

    text: str
    href: str
    css: str


@dataclass(frozen=True)
class Fact:
    """One line of a record's facts: a label and its values (text or links)."""

    label: str
    values: tuple[str | Link, ...]
    note: str | None = None


class ClaimItem(NamedTuple):
    """A claim in a list: its link (the statement), when, and its status."""

    link: Link
    date: str | None  # the date shown in front, at its precision
    iso: str | None  # the same date for <time datetime>
    label: str | None  # "Happened", "Said", or None
    status: Badge
    detail: str | None = None


@dataclass(frozen=True)
class Download:
    """A file offered on the home page: the PDF."""

    label: str
    path: str  # below the site root
    description: str
    file: Path  # where the built file is


@dataclass(frozen=True)
class Authored:
    """A trusted Markdown page from content/pages/, included as it is."""

    path: str  # below the site root: about/<name>.md
    title: str
    markdown: str


@dataclass(frozen=True)
class Extras:
    """What the site has besides the records: authored pages, the PDF, the data downloads."""

    authored: tuple[Authored, ...] = ()
    downloads: tuple[Download, ...] = ()
    data_files: tuple[tuple[str, bytes], ...] = ()  # (path below the site root, bytes)
    data_page: Authored | None = None  # what the data files are, linked from home
    changes: Changelog | None = None  # the findings changed since the last release; None: no history
    histories: dict[str, FileHistory] | None = None  # content-relative path -> its git history; None: no git
    version: str | None = None  # the version being built (mike's); None: a draft


@dataclass(frozen=True)
class Page:
    path: str
    template: str | None  # None: `markdown` is the page
    title: str
    context: object = None
    in_nav: bool = False
    markdown: str | None = None


@functools.lru_cache(maxsize=65536)
def _relative(path: str, folder: str) -> str:
    """posixpath.relpath for the site's own normalised page paths, without its cost."""
    if not folder:
        return path
    here, there = folder.split("/"), path.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


class Linker:
    """Links as seen from one page."""

    def __init__(self, resolved: Resolved, at: str):
        self.r = resolved
        self.at = at
        self.folder = posixpath.dirname(at)

    def href(self, path: str, anchor: str | None = None) -> str:
        rel = _relative(path, self.folder)
        return rel + (f"#{anchor}" if anchor else "")

    def to(self, text: str, path: str, anchor: str | None = None) -> Link:
        return Link(text, self.href(path, anchor))

    def claim(self, claim_id: str) -> Link:
        return self.to(self.r.claims[claim_id].claim.statement, record_path("claim", claim_id))

    def source(self, source_id: str) -> Link:
        return self.to(self.r.sources[source_id].title, record_path("source", source_id))

    def entity(self, entity_id: str) -> Link:
        kind, entity = self.r.entity(entity_id)
        return self.to(entity.name, record_path(kind, entity_id))

    def term(self, vocabulary: vocab.Vocabulary, key: str, text: str | None = None) -> Link:
        label = vocabulary.get(key).label
        return self.to(text or label, DEFINITIONS, term_anchor(vocabulary, key))

    def badge(self, vocabulary: vocab.Vocabulary, key: str, prefix: str) -> Badge:
        term = vocabulary.get(key)
        href = self.href(DEFINITIONS, term_anchor(vocabulary, key))
        return Badge(f"{prefix}: {term.label}", href, f"cs-{vocabulary.name}-{key.lower()}")

    def status(self, claim_id: str) -> Badge:
        return self.badge(vocab.CLAIM_STATUS, self.r.claims[claim_id].claim.status, "Status")

    def claim_item(self, claim_id: str, date: DateValue | None = None, label: str | None = None,
                   detail: str | None = None) -> ClaimItem:
        view = self.r.claims[claim_id]
        date = date or view.made or view.event_date
        return ClaimItem(self.claim(claim_id), date.text() if date else None, date.first_iso() if date else None,
                         label, self.status(claim_id), detail)


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


def record_file(kind: str, record_id: str) -> str:
    """The record's file, relative to content/: claims/<id>.yaml."""
    return f"{FOLDER[kind]}/{record_id}.yaml"


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


def claims_index(r: Resolved) -> Page:
    link = Linker(r, CLAIMS_INDEX)
    rows = []
    for claim_id, view in sorted(r.claims.items(), key=lambda kv: kv[1].sort_key()):
        c = view.claim
        claimant = link.entity(c.claimant) if c.claimant else f"{c.claimant_vague} (unnamed)"
        rows.append(ClaimRow(link.claim(claim_id), link.status(claim_id),
                             link.badge(vocab.CREDIBILITY, str(c.credibility), "Credibility"),
                             view.made.text() if view.made else None, claimant))
    counts = _status_counts(r)
    context = ClaimsIndexPage(
        "Claims", "Every claim in the report, in the order it was made.",
        tuple((link.term(vocab.CLAIM_STATUS, key), n) for key, n in counts), tuple(rows))
    return Page(CLAIMS_INDEX, "claims_index.md.j2", "Claims", context, in_nav=True)


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


# -- weapons, actors, places ------------------------------------------------------


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[ClaimItem | Link, ...]


@dataclass(frozen=True)
class Spelling:
    source: Link
    names: str


@dataclass(frozen=True)
class EntityPage:
    kind_label: str  # "Weapon"
    name: str
    aliases: tuple[str, ...]
    facts: tuple[Fact, ...]
    description: str | None
    spellings: tuple[Spelling, ...]
    timeline: tuple[ClaimItem, ...]  # the entity's own timeline, both axes, in date order
    sections: tuple[Section, ...]
    index: Link  # back to the A-Z index


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


_BACKREF_LABELS = (
    ("weapon.variant_of", "Variants"),
    ("weapon.origin", "Weapons it makes"),
    ("actor.parent", "Includes"),
    ("actor.country", "Actors of this state"),
    ("place.country", "Places in this country"),
)


def _entity_facts(link: Linker, kind: str, e, backrefs: Backrefs, entity_id: str) -> list[Fact]:
    facts: list[Fact] = []
    if kind == "weapon":
        facts.append(Fact("Category", (link.term(vocab.WEAPON_CATEGORY, e.category),)))
        if e.origin:
            facts.append(Fact("Origin", (link.entity(e.origin),)))
        if e.calibre:
            facts.append(Fact("Calibre", (e.calibre,)))
        if e.variant_of:
            facts.append(Fact("Variant of", (link.entity(e.variant_of),)))
    else:
        terms = vocab.ACTOR_KIND if kind == "actor" else vocab.PLACE_KIND
        facts.append(Fact("Kind", (link.term(terms, e.kind),)))
        if kind == "actor" and e.role:
            facts.append(Fact("Role", (e.role,)))
        if kind == "actor" and e.parent:
            facts.append(Fact("Part of", (link.entity(e.parent),)))
        if e.country:
            facts.append(Fact("Country", (link.entity(e.country),)))
        if kind == "place" and e.region:
            facts.append(Fact("Region", (e.region,)))
        if kind == "place" and e.coordinates:
            lat, lon = e.coordinates.lat, e.coordinates.lon
            osm = f"https://www.openstreetmap.org/?mlat={lat:g}&mlon={lon:g}#map=11/{lat:g}/{lon:g}"
            facts.append(Fact("Coordinates", (Link(f"{lat:g}, {lon:g}", osm),)))
    # Ids are unique across kinds, so a back-reference can only point at the right kind.
    for field_name, label in _BACKREF_LABELS:
        ids = backrefs.of(entity_id, field_name)
        if ids:
            facts.append(Fact(label, tuple(link.entity(i) for i in ids)))
    if e.wikidata:
        facts.append(Fact("Wikidata", (Link(e.wikidata, f"https://www.wikidata.org/wiki/{e.wikidata}"),)))
    return facts


def entity_page(r: Resolved, kind: str, entity_id: str, lookups: Lookups) -> Page:
    path = record_path(kind, entity_id)
    link = Linker(r, path)
    e = getattr(r, FOLDER[kind])[entity_id]
    about = r.claims_about.get(entity_id, [])
    sections = []
    undated = [i for i in about if not r.claims[i].made and not r.claims[i].event_date]
    if undated:
        sections.append(Section("Undated claims about " + e.name, tuple(link.claim_item(i) for i in undated)))
    if kind == "actor":
        made = r.claims_by.get(entity_id, [])
        if made:
            sections.append(Section("Claims made by " + e.name, tuple(link.claim_item(i) for i in made)))
        published = r.sources_by.get(entity_id, [])
        if published:
            sections.append(Section("Sources published by " + e.name, tuple(link.source(i) for i in published)))
    spellings = tuple(Spelling(link.source(sid), ", ".join(names))
                      for sid, names in sorted(r.spellings.get(entity_id, {}).items()))
    context = EntityPage(
        kind.capitalize(), e.name, tuple(e.aliases),
        tuple(_entity_facts(link, kind, e, lookups.backrefs, entity_id)),
        e.description, spellings,
        tuple(link.claim_item(t.claim_id, t.date, _AXIS_LABEL[t.axis]) for t in lookups.timeline.get(entity_id, [])),
        tuple(sections),
        link.to(f"All {FOLDER[kind]}, A to Z", index_path(kind)))
    return Page(path, "entity.md.j2", e.name, context)


def event_page(r: Resolved, event_id: str, lookups: Lookups) -> Page:
    """An event: what happened, when and where, the claims that describe it and where they differ."""
    path = record_path("event", event_id)
    link = Linker(r, path)
    e = r.events[event_id]
    date = parse(e.date)
    facts = [Fact("Kind", (link.term(vocab.EVENT_KIND, e.kind),))]
    if date:
        facts.append(Fact("Date", (date.text(),), e.date_reasoning))
    if e.places:
        facts.append(Fact("Places", tuple(link.entity(p) for p in e.places)))
    claims = r.claims_describing.get(event_id, [])
    sections = []
    if claims:
        sections.append(Section("Claims about this event", tuple(link.claim_item(i) for i in claims)))
    differences = tuple(link.to(r.discrepancies[i].title, DISCREPANCIES, lookups.anchors[i])
                        for i, d in enumerate(r.discrepancies)
                        if (d.subject_kind == "event" and d.subject_id == event_id)
                        or (d.aspect == "contradiction" and set(d.subjects) & set(claims)))
    if differences:
        sections.append(Section("Where the claims differ", differences))
    context = EntityPage("Event", e.name, (), tuple(facts), e.description, (), (), tuple(sections),
                         link.to("All events, A to Z", index_path("event")))
    return Page(path, "entity.md.j2", e.name, context)


@dataclass(frozen=True)
class IndexRow:
    label: str  # the name or alias
    entity: Link  # the entity, by its own name
    is_alias: bool
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


def entity_index(r: Resolved, kind: str) -> Page:
    path = index_path(kind)
    link = Linker(r, path)
    letters: dict[str, list[IndexRow]] = {}
    for entry in r.index(kind):
        strongest = (link.badge(vocab.CLAIM_STATUS, entry.strongest.key, "Strongest status")
                     if entry.strongest else None)
        letters.setdefault(entry.letter, []).append(IndexRow(
            entry.label, link.to(entry.name, record_path(kind, entry.entity_id)), entry.is_alias,
            entry.category, entry.claims, _day(entry.first), _day(entry.last), strongest))
    title, intro = _INDEX_TITLES[kind]
    context = EntityIndexPage(
        title, intro, "Category" if kind == "weapon" else "Kind",
        tuple(Letter(letter, _letter_anchor(letter), tuple(rows)) for letter, rows in letters.items()))
    return Page(path, "entity_index.md.j2", title, context, in_nav=True)


def _day(date: DateValue | None) -> str | None:
    """A date without its clock time, for the columns of an index."""
    return replace(date, time=None, zone=None).text() if date else None


def _letter_anchor(letter: str) -> str:
    return f"letter-{letter.lower()}" if letter.isascii() and letter.isalpha() else f"letter-u{ord(letter):04x}"


# -- the timeline -----------------------------------------------------------------

_AXIS_LABEL = {"happened": "Happened", "said": "Said"}


@dataclass(frozen=True)
class Month:
    title: str
    anchor: str
    entries: tuple[ClaimItem, ...]


@dataclass(frozen=True)
class Year:
    year: int
    anchor: str
    months: tuple[Month, ...]


@dataclass(frozen=True)
class Axis:
    title: str
    anchor: str
    intro: str
    years: tuple[Year, ...]


@dataclass(frozen=True)
class TimelinePage:
    title: str
    intro: str
    axes: tuple[Axis, ...]
    undated: tuple[ClaimItem, ...]


_AXES = (
    ("happened", "What happened", "Claims placed by when the asserted thing happened, at the precision "
                                  "the sources give: a month-precision event is listed under its month with "
                                  "no day."),
    ("said", "When it was said", "Claims placed by when their claimant made them."),
)


def timeline(r: Resolved) -> Page:
    link = Linker(r, TIMELINE)
    axes = []
    for axis, title, intro in _AXES:
        years: list[Year] = []
        for group in r.timeline_groups(axis):
            if not years or years[-1].year != group.year:
                years.append(Year(group.year, f"{axis}-{group.year}", ()))
            anchor = f"{axis}-{group.year}" + (f"-{group.month:02d}" if group.month else "-year")
            month = Month(group.title, anchor, tuple(_timeline_item(link, e) for e in group.entries))
            years[-1] = Year(years[-1].year, years[-1].anchor, years[-1].months + (month,))
        axes.append(Axis(title, axis, intro, tuple(years)))
    undated = tuple(link.claim_item(i) for i, v in r.claims.items() if not v.made and not v.event_date)
    context = TimelinePage(
        "Timeline", "Every dated claim twice over where it can be: once by when the thing it asserts "
        "happened, once by when it was said. Each date is shown at its own precision.",
        tuple(axes), undated)
    return Page(TIMELINE, "timeline.md.j2", "Timeline", context, in_nav=True)


def _timeline_item(link: Linker, e: TimelineEntry) -> ClaimItem:
    said_by = link.r.claims[e.claim_id].attribution.claimant if e.axis == "said" else None
    return link.claim_item(e.claim_id, e.date, _AXIS_LABEL[e.axis], f"said by {said_by}" if said_by else None)


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
    note: str | None
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


def discrepancy_anchors(r: Resolved) -> dict[int, str]:
    """A stable anchor for each discrepancy: aspect, subject and a counter."""
    seen: dict[str, int] = defaultdict(int)
    anchors = {}
    for i, d in enumerate(r.discrepancies):
        base = f"{d.aspect}-{d.subject_id}"
        seen[base] += 1
        anchors[i] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return anchors


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
                                         versions, d.note, shared))
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


def debt(r: Resolved) -> Page:
    link = Linker(r, DEBT)
    counts: dict[str, int] = {}
    for d in r.debt:
        for reason in d.reasons:
            counts[reason] = counts.get(reason, 0) + 1
    rows = tuple(DebtRow(link.claim(d.claim_id), link.status(d.claim_id), "; ".join(d.reasons))
                 for d in sorted(r.debt, key=lambda d: r.claims[d.claim_id].sort_key()))
    context = DebtPage(
        "Verification debt", "Claims that still need work: resting on a single source, not yet "
        "corroborated, or qualified by the outlet that reported them.", tuple(sorted(counts.items())), rows)
    return Page(DEBT, "debt.md.j2", "Verification debt", context, in_nav=True)


# -- definitions ------------------------------------------------------------------


@dataclass(frozen=True)
class TermView:
    label: str
    anchor: str
    definition: str
    note: str | None


@dataclass(frozen=True)
class VocabularyView:
    title: str
    anchor: str
    intro: str
    terms: tuple[TermView, ...]


@dataclass(frozen=True)
class DefinitionsPage:
    title: str
    intro: str
    vocabularies: tuple[VocabularyView, ...]


def _term_note(v: vocab.Vocabulary, key: str) -> str | None:
    if v is vocab.CLAIM_STATUS:
        rating = vocab.STATUS_REVIEW_RATING.get(key)
        if rating:
            return f"In ClaimReview markup: rating {rating[0]} of 5 ({rating[1]})."
        return "No ClaimReview rating: the claim is given no verdict."
    return None


def definitions() -> Page:
    views = tuple(
        VocabularyView(v.title, v.name, v.intro, tuple(
            TermView(t.label, term_anchor(v, t.key), t.definition, _term_note(v, t.key)) for t in v.terms))
        for v in vocab.ALL)
    context = DefinitionsPage(
        "Definitions", "The scales and vocabularies the records use, each term with its definition.", views)
    return Page(DEFINITIONS, "definitions.md.j2", "Definitions", context, in_nav=True)


# -- home -------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFinding:
    link: Link
    status: Badge


@dataclass(frozen=True)
class ChangeItem:
    """A claim added, changed or removed since the last release."""

    kind: str  # "Added", "Changed", "Removed"
    claim: str | Link  # a removed claim has no page left: its statement only
    fields: tuple[str, ...]  # "status: reported → corroborated"


@dataclass(frozen=True)
class ChangesView:
    since: str
    items: tuple[ChangeItem, ...]


@dataclass(frozen=True)
class HomePage:
    title: str
    subtitle: str | None
    authors: str
    licence: str
    summary: str
    findings: tuple[KeyFinding, ...]
    counts: tuple[tuple[Link, int], ...]
    browse: tuple[tuple[Link, str], ...]  # (index page, what it holds)
    authored: tuple[Link, ...]
    downloads: tuple[tuple[Link, str], ...]
    changes: ChangesView | None  # only where there is a release to compare with and something changed


def home(r: Resolved, extras: Extras, indexes: list[Page]) -> Page:
    link = Linker(r, HOME)
    rep = r.report
    findings = tuple(KeyFinding(link.claim(i), link.status(i)) for i in rep.key_findings)
    counts = (
        (link.to("claims", CLAIMS_INDEX), len(r.claims)),
        (link.to("sources", BIBLIOGRAPHY), len(r.sources)),
        (link.to("quotes checked word for word against the sources' archived text", BIBLIOGRAPHY),
         r.quotes_checked),
        (link.to("weapons", index_path("weapon")), len(r.weapons)),
        (link.to("actors", index_path("actor")), len(r.actors)),
        (link.to("places", index_path("place")), len(r.places)),
        *([(link.to("events", index_path("event")), len(r.events))] if r.events else []),
        (link.to("discrepancies between sources", DISCREPANCIES), len(r.discrepancies)),
        (link.to("claims still needing verification", DEBT), len(r.debt)),
    )
    context = HomePage(
        rep.title, rep.subtitle, ", ".join(rep.authors), rep.licence, rep.summary, findings, counts,
        tuple((link.to(p.title, p.path), _BROWSE[p.path]) for p in indexes),
        tuple(link.to(a.title, a.path) for a in extras.authored),
        _downloads(link, extras), _changes(link, extras.changes))
    return Page(HOME, "home.md.j2", "Home", context, in_nav=True)


_KIND_ORDER = {"added": 0, "changed": 1, "removed": 2}


def _changes(link: Linker, changelog: Changelog | None) -> ChangesView | None:
    if not changelog or not changelog.since or not changelog.changes:
        return None
    changes = sorted(changelog.changes, key=lambda c: (_KIND_ORDER.get(c.kind, 3), c.claim_id))
    return ChangesView(changelog.since, tuple(_change_item(link, c) for c in changes))


def _change_item(link: Linker, change) -> ChangeItem:
    claim = change.statement if change.kind == "removed" else link.claim(change.claim_id)
    return ChangeItem(change.kind.capitalize(), claim, tuple(field_change_text(link.r, f) for f in change.fields))


def field_change_text(r: Resolved, f: FieldChange) -> str:
    """'status: reported → corroborated', 'citation added: <the source's title>'."""
    if f.field in ("citation added", "citation removed"):
        source_id = f.after if f.field == "citation added" else f.before
        source = r.sources.get(source_id)
        return f"{f.field}: {source.title if source else source_id}"
    return f"{f.field}: {f.before} → {f.after}"


def release_name(tag: str) -> str:
    """report-2025.07 -> 2025.07."""
    return tag[len(TAG_PREFIX):] if tag.startswith(TAG_PREFIX) else tag


def changes_intro(changelog: Changelog | None, version: str | None) -> str:
    """What the changelog compares, or why there is none: for the Changes page and the PDF."""
    if changelog is None:
        return ("The history of the records is not available: the report is not in a git repository, or in "
                "a shallow clone that holds no release, so what changed since the previous published version "
                "cannot be told.")
    if changelog.since is None:
        if version:
            return (f"Version {version} is the first published version of the report: there is no earlier "
                    "version to compare it with.")
        return ("No version of the report has been published yet: there is no earlier version to compare "
                "this draft with.")
    since = release_name(changelog.since)
    tag = f" (tag {changelog.since})" if since != changelog.since else ""
    this = f"version {version}" if version else "this draft"
    if not changelog.changes:
        return f"No claim was added, removed or changed between version {since}{tag} and {this}."
    counts = ", ".join(f"{len(changelog.of_kind(k))} {k}" for k in _KIND_ORDER if changelog.of_kind(k))
    return (f"The claims added, removed and changed between version {since}{tag} and {this} ({counts}), "
            "found by comparing the records as they were then with the records now, claim by claim.")


@dataclass(frozen=True)
class ChangeGroup:
    title: str  # "Added", "Changed", "Removed"
    items: tuple[ChangeItem, ...]


@dataclass(frozen=True)
class ChangesPage:
    title: str
    intro: str
    groups: tuple[ChangeGroup, ...]


def changes_page(r: Resolved, extras: Extras) -> Page:
    link = Linker(r, CHANGES)
    log = extras.changes
    groups = []
    for kind in _KIND_ORDER:
        items = tuple(_change_item(link, c) for c in (log.of_kind(kind) if log and log.since else []))
        if items:
            groups.append(ChangeGroup(kind.capitalize(), items))
    context = ChangesPage("Changes", changes_intro(log, extras.version), tuple(groups))
    return Page(CHANGES, "changes.md.j2", "Changes", context, in_nav=True)


def _downloads(link: Linker, extras: Extras) -> tuple[tuple[Link, str], ...]:
    out = tuple((link.to(d.label, d.path), d.description) for d in extras.downloads)
    if extras.data_page:
        out += ((link.to("The data behind the report", extras.data_page.path),
                 "claims, citations, sources and entities as JSON, CSV, CSL-JSON and an Atom feed"),)
    return out


_BROWSE = {
    CLAIMS_INDEX: "every claim, with its status and credibility",
    BIBLIOGRAPHY: "the bibliography: every source, its reliability and the claims it carries",
    index_path("weapon"): "every weapon under every designation and spelling, A to Z",
    index_path("actor"): "people, bodies, states and outlets, A to Z",
    index_path("place"): "places under every spelling, A to Z",
    index_path("event"): "the strikes, deliveries and interviews the claims describe, and where their claims differ",
    TIMELINE: "claims by when things happened and when they were said",
    DISCREPANCIES: "where the sources disagree, side by side",
    DEBT: "claims resting on one source or not yet corroborated",
    DEFINITIONS: "the status, credibility and reliability scales and other vocabularies",
    CHANGES: "the claims added, removed and changed since the previous published version",
}


# -- the whole site ---------------------------------------------------------------


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



def read_authored(content: Path) -> tuple[Authored, ...]:
    """The trusted Markdown pages in content/pages/*.md, by file name."""
    folder = content / "pages"
    pages = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        # `check` refused any page that is not a regular UTF-8 file (load.check_authored); read as it did.
        text = read_regular(path, MAX_PAGE_BYTES).decode("utf-8")
        pages.append(Authored(f"{AUTHORED_DIR}/{path.name}", _title_of(text, path.stem), text))
    return tuple(pages)


def data_downloads(r: Resolved) -> tuple[tuple[tuple[str, bytes], ...], Authored | None]:
    """The open-data files and their page, where generator/export.py provides them."""
    try:
        from . import export
    except ModuleNotFoundError as e:
        if e.name == f"{__package__}.export":
            return (), None
        raise
    page = Authored(DATA_PAGE, "Data", export.data_page_markdown(r))
    return tuple(export.exports(r).items()), page


def extras(r: Resolved, content: Path, downloads: tuple[Download, ...] = (),
           changes: Changelog | None = None, *, version: str | None = None) -> Extras:
    """Everything the site has besides the records, for the report in `content`: with each
    record's history, read from git in one pass."""
    data_files, data_page = data_downloads(r)
    return Extras(read_authored(content), downloads, data_files, data_page, changes,
                  record_histories(content), version)


def record_histories(content: Path) -> dict[str, FileHistory] | None:
    """Every record file's git history (one `git log` pass); None outside a git repository."""
    return histories(content) if repo_root(content) is not None else None


def release_changes(content: Path, report: Checks | Resolved, since: str | None = None) -> Changelog | None:
    """The changelog since release `since` (default: the newest release tag; "": this is the first).

    None where git cannot tell (no repository, a shallow clone without releases): the Changes page
    says so. Where content/ did not exist at the release, every claim is new."""
    return changelog_since_release(content, report, since)


def _title_of(markdown: str, stem: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip().strip("#").strip()
    return stem.replace("-", " ").capitalize()


@bulk
def site_pages(r: Resolved, extras: Extras = Extras()) -> list[Page]:
    """Every page of the site: home, the indexes, then a page per record."""
    lookups = Lookups.of(r)
    indexes = [claims_index(r), bibliography(r), *(entity_index(r, k) for k in ENTITY_KINDS),
               *([entity_index(r, "event")] if r.events else []),
               timeline(r), discrepancies(r, lookups.anchors), debt(r), changes_page(r, extras), definitions()]
    pages = [home(r, extras, indexes), *indexes]
    trusted = (*extras.authored, *([extras.data_page] if extras.data_page else []))
    pages += [Page(a.path, None, a.title, in_nav=True, markdown=a.markdown) for a in trusted]
    pages += [claim_page(r, i, lookups, extras) for i in r.claims]
    pages += [source_page(r, i) for i in r.sources]
    for kind in ENTITY_KINDS:
        pages += [entity_page(r, kind, i, lookups) for i in getattr(r, FOLDER[kind])]
    pages += [event_page(r, i, lookups) for i in r.events]
    return pages


def nav(pages: list[Page]) -> list[dict[str, str]]:
    """The navigation: home, the indexes and the authored pages; never a record's page."""
    return [{p.title: p.path} for p in pages if p.in_nav]
