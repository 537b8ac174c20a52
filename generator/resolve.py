"""Checked records -> the resolved report: back-references and derived facts.

Everything the site and the PDF show that is not a field of one record is
decided here, once: attribution sentences, dates at their precision, the
timeline, the indexes, the discrepancies and the verification debt. The
renderers only format what they are given. Nothing here does I/O.
"""
from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import quote as urlquote

from . import spelling, vocab
from .dates import parse
from .compare import (OCCASIONS, contradictions, event_discrepancies, families, find_claim_discrepancies, grouped,
                      variant_discrepancies)
from .discrepancy import Discrepancy, Version
from .memo import NO_MEMO, Memo
from .model import Actor, Citation, Claim, Source
from .validate import Checks
from .views import (Attribution, ChainStep, CitationView, ClaimView, Debt, HopView, IndexEntry, RelatedView,
                    Reporter, Resolved, TimelineEntry, TimelineMonth, chain_text, quantity_text, sort_name)

__all__ = ["OCCASIONS", "Attribution", "ChainStep", "CitationView", "ClaimView", "Debt", "Discrepancy", "HopView",
           "IndexEntry", "RelatedView", "Reporter", "Resolved", "TimelineEntry", "TimelineMonth", "Version",
           "chain_text", "quantity_text", "resolve", "same_language", "sort_name", "text_fragment"]

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


def _claim_inputs(claim: Claim, sources: dict[str, Source], actors: dict[str, Actor], language: str) -> tuple:
    """Everything _claim_view reads: the claim, the sources it cites, the actors its chains name."""
    cited = [sources[c.source] for c in claim.citations]
    named = [claim.claimant, *(h.actor for h in claim.via), *(h.actor for c in claim.citations for h in c.via),
             *(s.publisher for s in cited)]
    return (claim, language, *cited, *(actors.get(a) if a else None for a in named))


def _claim_views(claims: dict[str, Claim], sources: dict[str, Source], actors: dict[str, Actor], language: str,
                 memo: Memo) -> dict[str, ClaimView]:
    """Each claim's view with its related claims; under live preview the very view of the last
    resolve where nothing it shows changed, so that what is built from it can be reused too."""
    related = _related(claims)

    def view(claim_id: str, claim: Claim) -> ClaimView:
        def compute() -> ClaimView:
            made = _claim_view(claim_id, claim, sources, actors, language)
            made.related.extend(related[claim_id])
            return made
        inputs = (claim_id, *_claim_inputs(claim, sources, actors, language), *related[claim_id])
        return memo.get("claim-view", claim_id, inputs, compute)

    return {i: view(i, c) for i, c in claims.items()}


def _related(claims: dict[str, Claim]) -> dict[str, list[RelatedView]]:
    """Each claim's related claims: those it names, and those that name it, in the claims' order."""
    related: dict[str, list[RelatedView]] = {claim_id: [] for claim_id in claims}
    for claim_id, claim in claims.items():
        for rel in claim.related:
            label = vocab.RELATION.get(rel.relation).label
            related[claim_id].append(RelatedView(rel.claim, label, rel.relation, True, rel.note))
            related[rel.claim].append(RelatedView(
                claim_id, vocab.RELATION_INVERSE_LABEL[rel.relation], rel.relation, False, rel.note))
    return related


def same_language(a: str, b: str) -> bool:
    """en-GB and en are one language for a reader; en and uk are not."""
    return a.split("-")[0].lower() == b.split("-")[0].lower()


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


def resolve(checks: Checks, memo: Memo = NO_MEMO) -> Resolved:
    """Build the resolved report from records that passed validation.

    `memo`: live preview's results from the last resolve, reused where their inputs are the same."""
    if checks.diagnostics or checks.report is None:
        raise ValueError("resolve() needs content without errors; run validate() first")

    def table(kind: str) -> dict:
        return {i: c.model for i, c in sorted(checks.by_kind.get(kind, {}).items())}

    sources, actors, weapons, places = table("source"), table("actor"), table("weapon"), table("place")
    events = table("event")
    language = checks.report.model.language
    claims = _claim_views(table("claim"), sources, actors, language, memo)
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
        family_ids = [f for w in c.weapons for f in families(w, weapons)]
        for entity_id in dict.fromkeys([*c.weapons, *family_ids, *c.actors, *c.places,
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
    spellings = memo.get("spellings", None, (checks.snapshot_texts, entities),
                         lambda: spelling.spellings(checks.snapshot_texts, entities))
    discrepancies = grouped([d for v in claims.values() for d in memo.get(
        "claim-discrepancies", v.id, (v,), lambda v=v: find_claim_discrepancies(v))])
    discrepancies += event_discrepancies(events, describing, claims, weapons, places, actors)
    discrepancies += contradictions(claims)
    discrepancies += variant_discrepancies(claims)
    discrepancies += memo.get("spelling-discrepancies", None, (spellings, entities, kinds, sources, actors),
                              lambda: spelling.spelling_discrepancies(spellings, entities, kinds, sources, actors))

    return Resolved(
        report=checks.report.model,
        claims=claims, sources=sources, weapons=weapons, actors=actors, places=places, events=events,
        claims_describing=dict(describing), variants={k: sorted(v) for k, v in sorted(variants.items())},
        quotes_checked=checks.quotes_checked,
        claims_citing=dict(citing), claims_about=dict(about), claims_by=dict(claims_by),
        sources_by=dict(sources_by), discrepancies=discrepancies,
        timeline=_timeline(claims), debt=_debt(claims), spellings=spellings,
    )
