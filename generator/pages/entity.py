"""The page of a weapon, an actor, a place or an event."""
from __future__ import annotations

from dataclasses import dataclass

from .. import vocab
from ..dates import parse
from ..resolve import Resolved
from .addresses import DISCREPANCIES, FOLDER, index_path, record_path
from .blocks import AXIS_LABEL, ClaimItem, Fact, Link, Linker, Page
from .entity_charts import ChartView, entity_charts
from .lookups import Backrefs, Lookups
from .placemap import PlaceMap, place_map


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
    chart: ChartView | None = None  # its slice of the timeline chart, over the timeline list
    charts: tuple[ChartView, ...] = ()  # a weapon's: claims per month, the figures its claims give
    map: PlaceMap | None = None  # a place with coordinates: it and its neighbours

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
            facts.append(Fact("Precision", (link.term(vocab.COORDINATE_PRECISION, e.precision),)))
            facts.append(Fact("Coordinates found", (link.term(vocab.COORDINATE_METHOD, e.coordinates.method),),
                              e.coordinates.reasoning))
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
    entries = lookups.timeline.get(entity_id, [])
    timeline_slice, charts = entity_charts(r, entity_id, kind, entries, path)
    context = EntityPage(
        kind.capitalize(), e.name, tuple(e.aliases),
        tuple(_entity_facts(link, kind, e, lookups.backrefs, entity_id)),
        e.description, spellings,
        tuple(link.claim_item(t.claim_id, t.date, AXIS_LABEL[t.axis]) for t in entries),
        tuple(sections),
        link.to(f"All {FOLDER[kind]}, A to Z", index_path(kind)), timeline_slice, charts,
        place_map(r, entity_id, path) if kind == "place" else None)
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
