"""The discrepancies found by comparing: the cited versions of one claim, the claims about one
event, declared contradictions and variants. Spellings are spelling.py's. Nothing here does I/O."""
from __future__ import annotations

from collections import defaultdict

from .discrepancy import Discrepancy, Version
from .model import Actor, EventRecord, Place, Quantity, Weapon
from .views import ClaimView, quantity_text


def find_claim_discrepancies(view: ClaimView) -> list[Discrepancy]:
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


def families(weapon_id: str, weapons: dict[str, Weapon]) -> list[str]:
    """The families a weapon is a variant of, nearest first (a cycle stops where it repeats)."""
    out: list[str] = []
    parent = weapons[weapon_id].variant_of
    while parent and parent not in out and parent != weapon_id:
        out.append(parent)
        parent = weapons[parent].variant_of
    return out


def grouped(found: list[Discrepancy]) -> list[Discrepancy]:
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


def contradictions(claims: dict[str, ClaimView]) -> list[Discrepancy]:
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


def event_discrepancies(events: dict[str, EventRecord], describing: dict[str, list[str]],
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
            return {f for w in v.claim.weapons for f in (w, *families(w, weapons))}

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


def variant_discrepancies(claims: dict[str, ClaimView]) -> list[Discrepancy]:
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


