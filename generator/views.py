"""What the site and the PDF are given of the report: a view of each claim (its attribution, its
citations, its chain), the timeline, the indexes, and the Resolved report that holds them.

Built by resolve.py; read by pages/, outputs/ and the engines. Nothing here does I/O."""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from . import vocab
from .dates import DateValue, parse
from .discrepancy import Discrepancy
from .memo import NO_MEMO, Memo
from .model import Actor, Citation, Claim, EventRecord, Place, Quantity, Report, Source, Weapon


# -- small views ---------------------------------------------------------------


@dataclass(frozen=True)
class Reporter:
    """A source that carries a claim, as the attribution sentence names it."""

    source_id: str
    publisher_id: str
    publisher: str
    published: DateValue | None


@dataclass(frozen=True)
class HopView:
    """One step of an attribution chain: who the words went to or through, and how."""

    kind: str  # a channel term
    how: str  # its label: interview, statement, citing
    actor_id: str | None
    actor: str | None  # the actor's name
    note: str | None

    def phrase(self) -> str:
        """'reported by Yonhap', 'in an interview with Bloomberg': a later step of a chain."""
        if not self.actor:
            return f"in {_ARTICLE.get(self.kind, 'a')} {self.how}"
        return _LATER.get(self.kind, "through {actor}").format(actor=self.actor)


_ARTICLE = {"interview": "an", "article": "an"}
# A later step of a chain, with its actor: how the claim page's sentence words it.
_LATER = {
    "interview": "in an interview with {actor}", "statement": "in a statement by {actor}",
    "press-conference": "at a press conference of {actor}", "social-media": "posted by {actor}",
    "video": "in a video published by {actor}", "report": "in a report by {actor}",
    "article": "reported by {actor}", "citing": "cited by {actor}",
}


@dataclass(frozen=True)
class ChainStep:
    """One link of the chain from the claimant to a source: a name and how it passed the words on."""

    label: str
    actor_id: str | None
    how: str | None  # "interview", "citing", the source's kind; None for the claimant


def chain_text(steps: Iterable[ChainStep]) -> str:
    """'Kyrylo Budanov → Bloomberg (interview) → Korea JoongAng Daily (news article)'."""
    return " → ".join(s.label + (f" ({s.how})" if s.how else "") for s in steps)


@dataclass(frozen=True)
class Attribution:
    """'Kyrylo Budanov, head of ..., told Bloomberg on 11 July 2025; reported by ...'."""

    claimant_id: str | None  # the actor, or the body an unnamed claimant belongs to
    claimant: str  # the actor's name, or the vague wording
    role: str | None
    vague: bool
    verb: str  # "told", "said in a statement to", "said"
    channel_id: str | None
    channel: str | None  # the channel actor's name
    made: DateValue | None
    reporters: tuple[Reporter, ...]
    hops: tuple[HopView, ...] = ()  # the claim's whole `via`, the first of which is the channel
    body: str | None = None  # the named body of an unnamed claimant

    def said(self) -> str:
        """The first half: who said it, to whom, when."""
        who = self.claimant + (f", {self.role}," if self.role else "")
        if self.vague:
            who = f"{self.claimant} (unnamed)" + (f" of {self.body}" if self.body else "")
        out = f"{who} {self.verb}"
        if self.channel:
            out += f" {self.channel}"
        if self.made:
            out += f" {self.made.on()}"
        for hop in self.hops[1:]:
            out += f", {hop.phrase()}"
        return out

    def reported(self) -> str:
        """The second half: 'reported by X on D and by Y'."""
        parts = []
        for i, r in enumerate(self.reporters):
            part = ("reported by " if i == 0 else "by ") + r.publisher
            if r.published:
                part += f" {r.published.on()}"
            parts.append(part)
        if len(parts) > 1:
            return ", ".join(parts[:-1]) + " and " + parts[-1]
        return parts[0] if parts else ""

    def sentence(self) -> str:
        reported = self.reported()
        return self.said() + (f"; {reported}" if reported else "") + "."




@dataclass(frozen=True)
class CitationView:
    """One citation of a claim, with everything its footnote needs."""

    number: int  # 1-based, in the claim's order
    citation: Citation
    source: Source
    source_id: str
    publisher: str
    made: DateValue | None  # what this source gives as the date said
    event_date: DateValue | None
    quantities: tuple[Quantity, ...]
    text_fragment_url: str | None  # the original, opened at the quote
    chain: tuple[ChainStep, ...] = ()  # from the claimant to this source's publisher
    language: str = "en"  # the quote's language
    translated: bool = False  # the quote is in another language than the report's

    @property
    def chain_text(self) -> str:
        return chain_text(self.chain)

    @property
    def differs(self) -> bool:
        c = self.citation
        return bool(c.made or c.event_date or c.quantities or c.note)


@dataclass(frozen=True)
class RelatedView:
    claim_id: str
    label: str  # "qualifies", "qualified by", "variant of"
    relation: str
    outgoing: bool
    note: str | None


@dataclass
class ClaimView:
    id: str
    claim: Claim
    attribution: Attribution
    made: DateValue | None
    event_date: DateValue | None
    citations: list[CitationView]
    related: list[RelatedView] = field(default_factory=list)
    status: vocab.Term = None  # type: ignore[assignment]
    credibility: vocab.Term = None  # type: ignore[assignment]
    review_rating: tuple[int, str] | None = None
    modality: vocab.Term = None  # type: ignore[assignment]

    @property
    def sources(self) -> list[str]:
        return sorted({c.source_id for c in self.citations})

    def sort_key(self) -> tuple:
        key = self.__dict__.get("_sort_key")  # the view's fields are not changed once it is built
        if key is None:
            date = self.made or self.event_date
            key = self.__dict__["_sort_key"] = (date.sort_key() if date else (9999,), self.id)
        return key


@dataclass(frozen=True)
class TimelineEntry:
    date: DateValue
    axis: str  # "happened" or "said"
    claim_id: str


@dataclass
class TimelineMonth:
    year: int
    month: int | None  # None: dates known only to the year
    entries: list[TimelineEntry]

    @property
    def title(self) -> str:
        from .dates import MONTHS
        return f"{MONTHS[self.month - 1]} {self.year}" if self.month else f"{self.year} (month not known)"


@dataclass(frozen=True)
class IndexEntry:
    """One line of an A-Z index: a name or an alias, leading to its entity."""

    label: str
    entity_id: str
    name: str  # the entity's own name
    is_alias: bool
    category: str  # the term's label (weapon category, actor kind, place kind)
    claims: int
    first: DateValue | None
    last: DateValue | None
    strongest: vocab.Term | None

    @property
    def letter(self) -> str:
        """The index letter: Latin letters without accents (É under E); other scripts as written."""
        first = self.label[:1]
        base = unicodedata.normalize("NFKD", first)[:1]
        letter = base if base.isascii() else first
        return letter.upper() if letter.isalpha() else "#"


@dataclass(frozen=True)
class Debt:
    claim_id: str
    reasons: tuple[str, ...]


@dataclass
class Resolved:
    report: Report
    claims: dict[str, ClaimView]
    sources: dict[str, Source]
    weapons: dict[str, Weapon]
    actors: dict[str, Actor]
    places: dict[str, Place]
    events: dict[str, EventRecord]
    claims_describing: dict[str, list[str]]  # event id -> the claims that list it, by date
    variants: dict[str, list[str]]  # weapon id -> the weapons that are variants of it
    quotes_checked: int
    claims_citing: dict[str, list[str]]  # source id -> claim ids
    claims_about: dict[str, list[str]]  # weapon/actor/place id -> claim ids, by date
    claims_by: dict[str, list[str]]  # actor id -> claims it asserts
    sources_by: dict[str, list[str]]  # actor id -> sources it published
    discrepancies: list[Discrepancy]
    timeline: list[TimelineEntry]
    debt: list[Debt]
    spellings: dict[str, dict[str, list[str]]]  # entity id -> source id -> names found in it

    def entity(self, entity_id: str) -> tuple[str, Weapon | Actor | Place | EventRecord]:
        for kind, table in (("weapon", self.weapons), ("actor", self.actors), ("place", self.places),
                            ("event", self.events)):
            if entity_id in table:
                return kind, table[entity_id]
        raise KeyError(entity_id)

    def timeline_groups(self, axis: str | None = None) -> list[TimelineMonth]:
        groups: list[TimelineMonth] = []
        for entry in self.timeline:
            if axis and entry.axis != axis:
                continue
            key = entry.date.month_key()
            if not groups or (groups[-1].year, groups[-1].month) != key:
                groups.append(TimelineMonth(key[0], key[1], []))
            groups[-1].entries.append(entry)
        return groups

    def index(self, kind: str, memo: Memo = NO_MEMO) -> list[IndexEntry]:
        """The A-Z index of weapons, actors or places: every name and alias.

        `memo`: live preview's entries of the last build, kept for each entity whose claims' views
        are the same."""
        table = {"weapon": self.weapons, "actor": self.actors, "place": self.places, "event": self.events}[kind]
        vocabulary = {"weapon": vocab.WEAPON_CATEGORY, "actor": vocab.ACTOR_KIND,
                      "place": vocab.PLACE_KIND, "event": vocab.EVENT_KIND}[kind]
        about = self.claims_describing if kind == "event" else self.claims_about
        entries = []
        for entity_id, entity in table.items():
            claims = [self.claims[c] for c in about.get(entity_id, [])]
            entries += memo.get("index-entries", (kind, entity_id), (entity, *claims),
                                lambda: _index_entries(entity_id, entity, claims, vocabulary, self))
        return sorted(entries, key=lambda e: (sort_name(e.label), e.is_alias, e.entity_id))


def _index_entries(entity_id: str, entity, claims: list[ClaimView], vocabulary: vocab.Vocabulary,
                   resolved: "Resolved") -> list[IndexEntry]:
    """One entity's lines of the A-Z index: its name, then each alias."""
    dates = sorted((d for c in claims for d in _reported_dates(c, resolved)), key=DateValue.sort_key)
    strongest = max((c.claim.status for c in claims), key=vocab.STATUS_STRENGTH.index, default=None)
    category = getattr(entity, "category", None) or entity.kind
    return [IndexEntry(label, entity_id, entity.name, is_alias, vocabulary.get(category).label, len(claims),
                       dates[0] if dates else None, dates[-1] if dates else None,
                       vocab.CLAIM_STATUS.get(strongest) if strongest else None)
            for label, is_alias in [(entity.name, False)] + [(a, True) for a in getattr(entity, "aliases", ())]]


@functools.lru_cache(maxsize=1 << 15)  # pure; every name and alias is sorted on every build
def sort_name(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _reported_dates(view: ClaimView, resolved: "Resolved") -> Iterable[DateValue]:
    """When a claim was reported: its sources' publication dates, else when it was made."""
    found = False
    for c in view.citations:
        published = parse(c.source.published)
        if published:
            found = True
            yield published
    if not found and view.made:
        yield view.made


def quantity_text(q: Quantity) -> str:
    """'about 40% of the ammunition', '2 of 5 missiles', '10 to 12 launchers'."""
    value = f"{q.value:g}" + (f" to {q.upper:g}" if q.upper is not None else "")
    if q.total is not None:
        value += f" of {q.total:g}"
    unit = "%" if q.unit in ("percent", "%") else f" {q.unit}"
    qualifier = "" if q.qualifier == "exactly" else vocab.QUALIFIER.get(q.qualifier).label + " "
    as_of = f" (as of {parse(q.as_of).text()})" if q.as_of else ""
    return f"{qualifier}{value}{unit}" + (f" of {q.of}" if q.of else "") + as_of


