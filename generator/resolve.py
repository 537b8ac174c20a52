"""Checked records -> the resolved report: back-references and derived facts.

Everything the site and the PDF show that is not a field of one record is
decided here, once: attribution sentences, dates at their precision, the
timeline, the indexes, the discrepancies and the verification debt. The
renderers only format what they are given. Nothing here does I/O.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable
from urllib.parse import quote as urlquote

from . import spelling, vocab
from .dates import DateValue, parse
from .discrepancy import Discrepancy, Version
from .model import Actor, Citation, Claim, EventRecord, Place, Quantity, Report, Source, Weapon
from .validate import Checks

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


# Channel kind -> (verb with the channel actor as object, verb without one).
_VERBS = {
    None: (None, "said"),
    "interview": ("told", "said in an interview"),
    "statement": ("said in a statement to", "said in a statement"),
    "press-conference": ("said at a press conference of", "said at a press conference"),
    "social-media": ("posted on", "posted on social media"),
    "video": ("said in a video published by", "said in a video"),
    "report": ("wrote in a report for", "wrote in a report"),
    "article": ("wrote in", "wrote"),
}


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
        date = self.made or self.event_date
        return (date.sort_key() if date else (9999,), self.id)


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

    def index(self, kind: str) -> list[IndexEntry]:
        """The A-Z index of weapons, actors or places: every name and alias."""
        table = {"weapon": self.weapons, "actor": self.actors, "place": self.places, "event": self.events}[kind]
        vocabulary = {"weapon": vocab.WEAPON_CATEGORY, "actor": vocab.ACTOR_KIND,
                      "place": vocab.PLACE_KIND, "event": vocab.EVENT_KIND}[kind]
        about = self.claims_describing if kind == "event" else self.claims_about
        entries = []
        for entity_id, entity in table.items():
            claims = [self.claims[c] for c in about.get(entity_id, [])]
            dates = sorted((d for c in claims for d in _reported_dates(c, self)), key=DateValue.sort_key)
            strongest = max((c.claim.status for c in claims), key=vocab.STATUS_STRENGTH.index, default=None)
            category = getattr(entity, "category", None) or entity.kind
            for label, is_alias in [(entity.name, False)] + [(a, True) for a in getattr(entity, "aliases", ())]:
                entries.append(IndexEntry(
                    label, entity_id, entity.name, is_alias, vocabulary.get(category).label, len(claims),
                    dates[0] if dates else None, dates[-1] if dates else None,
                    vocab.CLAIM_STATUS.get(strongest) if strongest else None))
        return sorted(entries, key=lambda e: (sort_name(e.label), e.is_alias, e.entity_id))


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


# -- resolving -----------------------------------------------------------------


def text_fragment(url: str, quote: str) -> str:
    """The URL opened at the quoted passage (a text fragment, #:~:text=)."""
    first = re.split(r"\s*(?:\.\.\.|\u2026)\s*", quote.strip())[0]
    words = first.split()

    def enc(s: str) -> str:
        return urlquote(s, safe="").replace("-", "%2D")

    if len(words) > 8:
        spec = enc(" ".join(words[:4])) + "," + enc(" ".join(words[-4:]))
    else:
        spec = enc(" ".join(words))
    return f"{url.split('#')[0]}#:~:text={spec}"


def _hops(hops, actors: dict[str, Actor]) -> tuple[HopView, ...]:
    return tuple(HopView(h.kind, vocab.CHANNEL.get(h.kind).label, h.actor,
                         actors[h.actor].name if h.actor else None, h.note) for h in hops)


def _attribution(claim: Claim, citations: list[CitationView], actors: dict[str, Actor]) -> Attribution:
    actor = actors.get(claim.claimant) if claim.claimant else None
    hops = _hops(claim.via, actors)
    first = hops[0] if hops else None
    with_actor, alone = _VERBS[first.kind if first else None]
    verb = with_actor if first and first.actor and with_actor else alone
    seen: set[str] = set()
    reporters = []
    for c in citations:
        if c.source_id in seen:
            continue
        seen.add(c.source_id)
        reporters.append(Reporter(c.source_id, c.source.publisher, c.publisher, parse(c.source.published)))
    vague = bool(claim.claimant_vague) or actor is None
    return Attribution(
        claimant_id=claim.claimant,
        claimant=claim.claimant_vague if vague and claim.claimant_vague else (actor.name if actor else ""),
        role=actor.role if actor and actor.kind == "person" and not vague else None,
        vague=vague,
        verb=verb,
        channel_id=first.actor_id if first else None,
        channel=first.actor if first else None,
        made=parse(claim.made),
        reporters=tuple(reporters),
        hops=hops,
        body=actor.name if actor and vague else None,
    )


def _chain(claim: Claim, citation: Citation, source: Source, actors: dict[str, Actor]) -> tuple[ChainStep, ...]:
    """Claimant -> the claim's hops -> the citation's hops -> the source's publisher; a step that
    repeats the one before (Bloomberg's interview, published by Bloomberg) is shown once."""
    who = claim.claimant_vague or ""
    if claim.claimant:
        name = actors[claim.claimant].name
        who = f"{claim.claimant_vague} of {name}" if claim.claimant_vague else name
    steps = [ChainStep(who, claim.claimant, None)]
    for hop in (*claim.via, *citation.via):
        label = actors[hop.actor].name if hop.actor else "unnamed"
        steps.append(ChainStep(label, hop.actor, vocab.CHANNEL.get(hop.kind).label))
    publisher = ChainStep(actors[source.publisher].name, source.publisher,
                          vocab.SOURCE_KIND.get(source.kind).label.lower())
    if steps[-1].actor_id != source.publisher:
        steps.append(publisher)
    return tuple(steps)


def _claim_view(claim_id: str, claim: Claim, sources: dict[str, Source], actors: dict[str, Actor],
                report_language: str = "en") -> ClaimView:
    citations = []
    for i, c in enumerate(claim.citations, 1):
        source = sources[c.source]
        publisher = actors[source.publisher].name
        language = c.language or source.language
        citations.append(CitationView(
            i, c, source, c.source, publisher,
            parse(c.made or claim.made),
            parse(c.event_date or (claim.event.date if claim.event else None)),
            tuple(c.quantities or claim.quantities),
            text_fragment(source.url, c.quote) if source.url else None,
            _chain(claim, c, source, actors), language, not same_language(language, report_language),
        ))
    return ClaimView(
        claim_id, claim, _attribution(claim, citations, actors), parse(claim.made),
        parse(claim.event.date if claim.event else None), citations,
        status=vocab.CLAIM_STATUS.get(claim.status),
        credibility=vocab.CREDIBILITY.get(str(claim.credibility)),
        review_rating=vocab.STATUS_REVIEW_RATING.get(claim.status),
        modality=vocab.MODALITY.get(claim.modality),
    )


def same_language(a: str, b: str) -> bool:
    """en-GB and en are one language for a reader; en and uk are not."""
    return a.split("-")[0].lower() == b.split("-")[0].lower()


def _link_related(claims: dict[str, ClaimView]) -> None:
    for claim_id, view in claims.items():
        for rel in view.claim.related:
            label = vocab.RELATION.get(rel.relation).label
            view.related.append(RelatedView(rel.claim, label, rel.relation, True, rel.note))
            claims[rel.claim].related.append(RelatedView(
                claim_id, vocab.RELATION_INVERSE_LABEL[rel.relation], rel.relation, False, rel.note))


def quantity_text(q: Quantity) -> str:
    """'about 40% of the ammunition', '2 of 5 missiles', '10 to 12 launchers'."""
    value = f"{q.value:g}" + (f" to {q.upper:g}" if q.upper is not None else "")
    if q.total is not None:
        value += f" of {q.total:g}"
    unit = "%" if q.unit in ("percent", "%") else f" {q.unit}"
    qualifier = "" if q.qualifier == "exactly" else vocab.QUALIFIER.get(q.qualifier).label + " "
    as_of = f" (as of {parse(q.as_of).text()})" if q.as_of else ""
    return f"{qualifier}{value}{unit}" + (f" of {q.of}" if q.of else "") + as_of


def _find_claim_discrepancies(view: ClaimView) -> list[Discrepancy]:
    """Citations of one claim that disagree on the date or the figures."""
    found = []
    checks = (
        ("date", "when it was said", lambda c: c.made.text() if c.made else None),
        ("date", "when it happened", lambda c: c.event_date.text() if c.event_date else None),
        ("figure", "the figures", lambda c: "; ".join(quantity_text(q) for q in c.quantities) or None),
    )
    for aspect, what, get in checks:
        versions = [(c, get(c)) for c in view.citations]
        values = {v for _, v in versions if v}
        if len(values) > 1:
            notes = tuple((c.publisher, c.citation.note) for c, _ in versions if c.citation.note)
            found.append(Discrepancy(
                aspect, "claim", view.id, f"The sources differ on {what}",
                tuple(Version(c.publisher, c.source_id, view.id, v or "not stated") for c, v in versions),
                notes, True))
    return found


def _families(weapon_id: str, weapons: dict[str, Weapon]) -> list[str]:
    """The families a weapon is a variant of, nearest first (a cycle stops where it repeats)."""
    out: list[str] = []
    parent = weapons[weapon_id].variant_of
    while parent and parent not in out and parent != weapon_id:
        out.append(parent)
        parent = weapons[parent].variant_of
    return out


def _grouped(found: list[Discrepancy]) -> list[Discrepancy]:
    """One difference that several claims share (every claim citing the same two sources, which date
    the same interview differently) is one entry, listing the claims, not one entry per claim."""
    groups: dict[tuple, list[Discrepancy]] = {}
    for d in found:
        key = (d.aspect, d.title, tuple((v.label, v.source_id, v.says) for v in d.versions))
        groups.setdefault(key, []).append(d)
    out = []
    for ds in groups.values():
        first = ds[0]
        subjects = tuple(d.subject_id for d in ds)
        # One claim's notes explain its own citations; shared by several, each claim's page has them.
        out.append(Discrepancy(first.aspect, first.subject_kind, first.subject_id, first.title, first.versions,
                               first.notes if len(ds) == 1 else (), first.found, subjects))
    return out


def _first_quote(view: ClaimView) -> str:
    return view.citations[0].citation.quote


def _claim_version(view: ClaimView, says: str) -> Version:
    first = view.citations[0]
    label = view.attribution.claimant or first.publisher
    return Version(label, first.source_id, view.id, says, _first_quote(view))


def _contradictions(claims: dict[str, ClaimView]) -> list[Discrepancy]:
    """Every declared `contradicts`, each once, with both sides' statements and quotes."""
    found = []
    for claim_id, view in claims.items():
        for rel in view.claim.related:
            if rel.relation != "contradicts":
                continue
            other = claims[rel.claim]
            found.append(Discrepancy(
                "contradiction", "claim", claim_id, "The claims contradict each other",
                (_claim_version(view, view.claim.statement), _claim_version(other, other.claim.statement)),
                ((None, rel.note),) if rel.note else (), False, (claim_id, rel.claim)))
    return found


def _within(place_id: str, places: dict[str, Place]) -> list[str]:
    """The place and every place it lies in, nearest first."""
    out = [place_id]
    while places[out[-1]].within and places[out[-1]].within not in out:
        out.append(places[out[-1]].within)  # type: ignore[arg-type]
    return out


def _performers(view: ClaimView, actors: dict[str, Actor]) -> list[str]:
    """The armed forces and units a claim names: who could have carried the event out. States and
    people named by a claim are often its subject (whose weapon), not who acted."""
    return [a for a in view.claim.actors if actors[a].kind in ("armed-forces", "military-unit")]


def _parents(actor_id: str, actors: dict[str, Actor]) -> list[str]:
    """The actor and every body it is part of: a brigade is part of its national guard."""
    out = [actor_id]
    while actors[out[-1]].parent and actors[out[-1]].parent not in out:
        out.append(actors[out[-1]].parent)  # type: ignore[arg-type]
    return out


def _figure_range(q: Quantity) -> tuple[float, float]:
    """The values a figure allows at its qualifier; 'about' is taken as within a tenth."""
    low, high = q.value, q.upper if q.upper is not None else q.value
    if q.qualifier == "about":
        return low * 0.9, high * 1.1
    if q.qualifier == "up-to":
        return 0.0, high
    if q.qualifier == "at-least":
        return low, float("inf")
    return low, high


def _unit(q: Quantity) -> str:
    unit = q.unit.casefold().strip()
    return "percent" if unit in ("%", "percent", "per cent") else unit.removesuffix("s")


# Events at which claims were made (each about its own subject), rather than events the claims describe.
OCCASIONS = frozenset({"interview", "statement", "meeting"})


def _event_discrepancies(events: dict[str, EventRecord], describing: dict[str, list[str]],
                         claims: dict[str, ClaimView], weapons: dict[str, Weapon], places: dict[str, Place],
                         actors: dict[str, Actor]) -> list[Discrepancy]:
    """The claims about one event, compared: which weapon, how many, when, where and who.

    Two claims differ incompatibly on an aspect only where both state it and nothing can make both
    true: weapons that share no weapon or family, places neither of which lies in the other, dates
    that cannot name the same day, figures of one unit whose ranges do not meet, actors with none in
    common. A claim that leaves an aspect out agrees with every other on it."""
    found = []
    for event_id, claim_ids in sorted(describing.items()):
        views = [claims[c] for c in claim_ids]
        if len(views) < 2:
            continue
        if events[event_id].kind in OCCASIONS:
            # The claims were made at the event, each about something else: only when it was is shared.
            said = [v for v in views if v.made]
            if any(not a.made.overlaps(b.made) for i, a in enumerate(said) for b in said[i + 1:]):
                versions = tuple(_claim_version(v, v.made.text() if v.made else "not stated") for v in views)
                found.append(Discrepancy("date", "event", event_id,
                                         f"The claims date it differently: {events[event_id].name}",
                                         versions, (), True, tuple(v.id for v in views)))
            continue

        def weapon_set(v: ClaimView) -> set[str]:
            return {f for w in v.claim.weapons for f in (w, *_families(w, weapons))}

        def place_set(v: ClaimView) -> set[str]:
            ids = (v.claim.event.places if v.claim.event and v.claim.event.places else v.claim.places)
            return {p for i in ids for p in _within(i, places)}

        def disjoint(get) -> bool:
            sets = [get(v) for v in views]
            return any(a and b and a.isdisjoint(b) for i, a in enumerate(sets) for b in sets[i + 1:])

        def names(ids, table) -> str:
            return ", ".join(table[i].name for i in ids) or "not stated"

        def event_places(v: ClaimView) -> list[str]:
            return v.claim.event.places if v.claim.event and v.claim.event.places else v.claim.places

        def forces(v: ClaimView) -> set[str]:
            return {p for a in _performers(v, actors) for p in _parents(a, actors)}

        checks = []
        if disjoint(weapon_set):
            checks.append(("weapon", "The claims name different weapons", lambda v: names(v.claim.weapons, weapons),
                           weapon_set))
        if disjoint(place_set):
            checks.append(("place", "The claims place it differently", lambda v: names(event_places(v), places),
                           place_set))
        if disjoint(forces):
            checks.append(("actor", "The claims name different forces",
                           lambda v: names(_performers(v, actors), actors), forces))
        dated = [v for v in views if v.event_date]
        if any(not a.event_date.overlaps(b.event_date) for i, a in enumerate(dated) for b in dated[i + 1:]):
            checks.append(("date", "The claims date it differently",
                           lambda v: v.event_date.text() if v.event_date else "not stated",
                           lambda v: v.event_date is not None))
        # Figures of one unit, counted at one time (a toll that grows is not a clash between its counts).
        by_unit: dict[tuple, list[tuple[ClaimView, tuple[float, float]]]] = defaultdict(list)
        for v in views:
            for q in v.claim.quantities:
                by_unit[(_unit(q), q.as_of)].append((v, _figure_range(q)))
        clashing = {u for u, ranges in by_unit.items() for i, a in enumerate(ranges) for b in ranges[i + 1:]
                    if a[0] is not b[0] and (a[1][1] < b[1][0] or b[1][1] < a[1][0])}
        if clashing:
            checks.append(("figure", "The claims give different figures",
                           lambda v: "; ".join(quantity_text(q) for q in v.claim.quantities) or "not stated",
                           lambda v: any((_unit(q), q.as_of) in clashing for q in v.claim.quantities)))
        for aspect, title, get, states in checks:
            # Only the claims that say something on the point: the others agree with every version.
            saying = [v for v in views if states(v)]
            versions = tuple(_claim_version(v, get(v)) for v in saying)
            found.append(Discrepancy(aspect, "event", event_id, f"{title}: {events[event_id].name}",
                                     versions, (), True, tuple(v.id for v in saying)))
    return found


def _variant_discrepancies(claims: dict[str, ClaimView]) -> list[Discrepancy]:
    """Claims declared variants of each other: what differs between them."""
    found = []
    for claim_id, view in claims.items():
        for rel in view.claim.related:
            if rel.relation != "variant-of":
                continue
            other = claims[rel.claim]
            pair = (view, other)
            versions_of = lambda get: tuple(  # noqa: E731
                Version(", ".join(c.publisher for c in v.citations), v.citations[0].source_id, v.id, get(v))
                for v in pair)
            diffs = []
            if view.claim.statement != other.claim.statement:
                diffs.append(("wording", "The sources word it differently",
                              versions_of(lambda v: v.claim.statement)))
            qa = [quantity_text(q) for q in view.claim.quantities]
            qb = [quantity_text(q) for q in other.claim.quantities]
            if qa != qb and qa and qb:
                diffs.append(("figure", "The sources give different figures",
                              versions_of(lambda v: "; ".join(quantity_text(q) for q in v.claim.quantities))))
            if view.made and other.made and view.made != other.made:
                diffs.append(("date", "The sources give different dates",
                              versions_of(lambda v: v.made.text() if v.made else "not stated")))
            for aspect, title, versions in diffs:
                found.append(Discrepancy(aspect, "claim", claim_id, title, versions,
                                         ((None, rel.note),) if rel.note else (), False))
    return found


def _debt(claims: dict[str, ClaimView]) -> list[Debt]:
    out = []
    for claim_id, view in claims.items():
        reasons = []
        publishers = {c.source.publisher for c in view.citations}
        if len(publishers) == 1:
            reasons.append("rests on a single source")
        if view.claim.status == "reported":
            reasons.append("not yet corroborated")
        reporters = publishers | {h.actor for h in view.claim.via if h.actor}
        for rel in view.related:
            if not rel.outgoing and rel.relation == "qualifies":
                qualifier = claims[rel.claim_id].claim.claimant
                if qualifier in reporters:
                    reasons.append("qualified by its own reporter")
                    break
        if reasons:
            out.append(Debt(claim_id, tuple(reasons)))
    return out


def _timeline(claims: dict[str, ClaimView]) -> list[TimelineEntry]:
    entries = []
    for claim_id, view in claims.items():
        if view.event_date:
            entries.append(TimelineEntry(view.event_date, "happened", claim_id))
        if view.made:
            entries.append(TimelineEntry(view.made, "said", claim_id))
    return sorted(entries, key=lambda e: (e.date.sort_key(), e.axis, e.claim_id))


def resolve(checks: Checks) -> Resolved:
    """Build the resolved report from records that passed validation."""
    if checks.diagnostics or checks.report is None:
        raise ValueError("resolve() needs content without errors; run validate() first")

    def table(kind: str) -> dict:
        return {i: c.model for i, c in sorted(checks.by_kind.get(kind, {}).items())}

    sources, actors, weapons, places = table("source"), table("actor"), table("weapon"), table("place")
    events = table("event")
    language = checks.report.model.language
    claims = {i: _claim_view(i, c, sources, actors, language) for i, c in table("claim").items()}
    _link_related(claims)
    variants: dict[str, list[str]] = defaultdict(list)
    for weapon_id, weapon in weapons.items():
        if weapon.variant_of:
            variants[weapon.variant_of].append(weapon_id)

    about: dict[str, list[str]] = defaultdict(list)
    citing: dict[str, list[str]] = defaultdict(list)
    claims_by: dict[str, list[str]] = defaultdict(list)
    describing: dict[str, list[str]] = defaultdict(list)
    for claim_id, view in sorted(claims.items(), key=lambda kv: kv[1].sort_key()):
        c = view.claim
        # A family's page gathers its variants' claims: a claim about the M1989 is about the Koksan.
        families = [f for w in c.weapons for f in _families(w, weapons)]
        for entity_id in dict.fromkeys([*c.weapons, *families, *c.actors, *c.places,
                                        *(c.event.places if c.event else [])]):
            about[entity_id].append(claim_id)
        for event_id in c.events:
            describing[event_id].append(claim_id)
        if c.claimant:
            claims_by[c.claimant].append(claim_id)
        for source_id in view.sources:
            citing[source_id].append(claim_id)
    sources_by: dict[str, list[str]] = defaultdict(list)
    for source_id, source in sources.items():
        sources_by[source.publisher].append(source_id)

    kinds = {**dict.fromkeys(weapons, "weapon"), **dict.fromkeys(actors, "actor"), **dict.fromkeys(places, "place")}
    entities = {**weapons, **actors, **places}
    spellings = spelling.spellings(checks.snapshot_texts, entities)
    discrepancies = _grouped([d for v in claims.values() for d in _find_claim_discrepancies(v)])
    discrepancies += _event_discrepancies(events, describing, claims, weapons, places, actors)
    discrepancies += _contradictions(claims)
    discrepancies += _variant_discrepancies(claims)
    discrepancies += spelling.spelling_discrepancies(spellings, entities, kinds, sources, actors)

    return Resolved(
        report=checks.report.model,
        claims=claims, sources=sources, weapons=weapons, actors=actors, places=places, events=events,
        claims_describing=dict(describing), variants={k: sorted(v) for k, v in sorted(variants.items())},
        quotes_checked=checks.quotes_checked,
        claims_citing=dict(citing), claims_about=dict(about), claims_by=dict(claims_by),
        sources_by=dict(sources_by), discrepancies=discrepancies,
        timeline=_timeline(claims), debt=_debt(claims), spellings=spellings,
    )
