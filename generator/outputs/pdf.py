"""Resolved report -> one PDF, typeset by Typst from templates/report.typ.

Python decides every text the PDF shows and hands it to the template as one
JSON document of strings, numbers and lists (through `sys.inputs`, in memory);
the template only lays it out. No text from a record is ever spliced into
Typst markup, so none can become markup. Prose is passed as "runs": pieces of
text with a style (emph, strong, code) and at most one link, either an
address (`url`) or a place in the document (`target`, a label name).

Labels in the document: `claim-<id>`, `source-<id>`, `weapon-<id>`, `place-<id>`.

A chart or the map is an SVG with the boxes of its marks (`links`, in its view box's units), each
going to its claim's or its place's label: Typst draws an SVG's <a> as ink only, so the template
puts a link over each box.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


from . import markdown_text
from .. import vocab
from ..clock import content_date, content_epoch, parts
from ..dates import DateValue, parse
from ..history import Changelog
from ..gather import read_authored
from ..pages import changes_intro, field_change_text, record_path, site_url, translated_by
from ..model import Source
from ..unicode_rules import visible
from ..resolve import ClaimView, CitationView, Discrepancy, IndexEntry, Resolved, quantity_text, sort_name

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "report.typ"
UNTAGGED = "Other claims"

__all__ = ["Selection", "document"]


# -- selection -----------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """A part of the report: the claims about one weapon, one actor, within dates."""

    weapon: str | None = None
    actor: str | None = None
    start: DateValue | None = None
    end: DateValue | None = None

    def includes(self, view: ClaimView) -> bool:
        mentioned = mentions(view)
        if self.weapon and self.weapon not in mentioned:
            return False
        if self.actor and self.actor not in mentioned:
            return False
        if self.start or self.end:
            return any(_overlaps(d, self.start, self.end) for d in (view.made, view.event_date) if d)
        return True

    def describe(self, resolved: Resolved) -> str | None:
        """'Claims about Type 75, from June 2025 to July 2025', or None for the whole report."""
        parts = []
        if self.weapon:
            parts.append(f"about {resolved.weapons[self.weapon].name}")
        if self.actor:
            parts.append(f"involving {resolved.actors[self.actor].name}")
        if self.start and self.end:
            parts.append(f"from {self.start.text()} to {self.end.text()}")
        elif self.start:
            parts.append(f"from {self.start.text()} on")
        elif self.end:
            parts.append(f"up to {self.end.text()}")
        return ("Claims " + ", ".join(parts)) if parts else None


def _bounds(d: DateValue) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The first and last day a date at its precision can mean."""
    return d.bounds()


def _overlaps(d: DateValue, start: DateValue | None, end: DateValue | None) -> bool:
    first, last = _bounds(d)
    return (start is None or last >= _bounds(start)[0]) and (end is None or first <= _bounds(end)[1])


def mentions(view: ClaimView) -> list[str]:
    """Every weapon, actor and place a claim names: what it is about, who said it, who carried it."""
    c = view.claim
    ids = [*c.weapons, *c.actors, *c.places, *(c.event.places if c.event else [])]
    ids += [i for i in (c.claimant, *(h.actor for h in c.via)) if i]
    ids += [cv.source.publisher for cv in view.citations]
    return list(dict.fromkeys(ids))


# -- the document: resolved report -> plain data ---------------------------------


_NO_CHANGES = object()  # no Changes section (a changelog of None: one that says the history is not known)


def document(resolved: Resolved, *, selection: Selection | None = None, version: str = "draft",
             content: Path | None = None, changes: Changelog | None | object = _NO_CHANGES,
             epoch: int | None = None) -> dict:
    """The whole PDF as plain data for templates/report.typ; with `changes`, a Changes section.
    `epoch` dates it (generator/clock.py); without one, the content's newest date does."""
    selection = selection or Selection()
    views = sorted((v for v in resolved.claims.values() if selection.includes(v)), key=ClaimView.sort_key)
    ctx = _Context(resolved, views)
    shown = [d for d in resolved.discrepancies if ctx.shows(d)]
    doc = {
        "meta": _meta(resolved, selection, version, views, epoch),
        "summary": _paragraphs(resolved.report.summary),
        "key_findings": [_claim_ref(ctx, i) for i in resolved.report.key_findings if i in ctx.claims],
        "pages": _pages(ctx, content),
        "changes": None if changes is _NO_CHANGES else _changes(ctx, changes, version),
        "themes": _themes(ctx, views),
        "timeline": _timeline(ctx),
        "timeline_chart": _timeline_chart(ctx),
        "weapons": _weapons(ctx, whole=selection == Selection()),
        "places": _places(ctx, whole=selection == Selection()),
        "discrepancies": [_discrepancy(ctx, d) for d in shown],
        "bibliography": _bibliography(ctx, _sources_of(resolved, views, shown, whole=selection == Selection())),
        "definitions": _definitions(),
        "index": _book_index(ctx, views),
    }
    return _nfc(doc)


class _Context:
    """The resolved report and which claims this document holds."""

    def __init__(self, resolved: Resolved, views: list[ClaimView]):
        self.r = resolved
        self.claims = {v.id for v in views}
        self.named = {e for v in views for e in mentions(v)}  # the entities the document's claims name
        self.debt = {d.claim_id: d.reasons for d in resolved.debt}
        # the label of each of its claims by the claim's address on the site, which the charts' marks have
        self.targets = {permalink(resolved, i): f"claim-{i}" for i in self.claims}

    def claim_target(self, claim_id: str) -> str | None:
        return f"claim-{claim_id}" if claim_id in self.claims else None

    def entity_name(self, entity_id: str) -> str:
        return self.r.entity(entity_id)[1].name

    def shows(self, d: Discrepancy) -> bool:
        if d.subject_kind == "claim":
            return d.subject_id in self.claims
        if d.subject_kind == "event":
            return any(c in self.claims for c in d.subjects)
        return d.subject_id in self.named


def _meta(r: Resolved, selection: Selection, version: str, views: list[ClaimView], epoch: int | None) -> dict:
    report = r.report
    newest = content_date(r)
    part = selection.describe(r)
    # Typst takes the language subtag alone (ISO 639): en-GB is English, set as en.
    primary = (report.language or "").split("-")[0]
    language = primary if re.fullmatch(r"[a-z]{2,3}", primary) else "en"
    return {
        "title": report.title,
        "subtitle": report.subtitle,
        "authors": list(report.authors),
        "version": version,
        "date": newest.text() if newest else None,
        "timestamp": parts(content_epoch(r) if epoch is None else epoch),
        "licence": report.licence,
        "site_url": report.site_url,
        "language": language,
        "selection": part,
        "subject": (report.subtitle or report.title) + (f" ({part})" if part else ""),
        "keywords": _keywords(r, views),
        "counts": _counts(len(views), len({s for v in views for s in v.sources})),
    }


def _counts(claims: int, sources: int) -> str:
    def n(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 else "s")
    return f"{n(claims, 'claim')} from {n(sources, 'source')}"


def _keywords(r: Resolved, views: list[ClaimView]) -> list[str]:
    named = {e for v in views for e in v.claim.weapons}
    tags = {t for v in views for t in v.claim.tags}
    return sorted({r.weapons[w].name for w in named} | {tag_title(t) for t in tags})


def tag_title(tag: str) -> str:
    """A readable heading for a tag id: 'north-korean-supply' -> 'North korean supply'."""
    words = tag.replace("-", " ")
    return words[:1].upper() + words[1:]


# -- prose: runs and paragraphs --------------------------------------------------


def _run(text: str, *, url: str | None = None, target: str | None = None, **style) -> dict:
    run = {"text": text, **{k: True for k, v in style.items() if v}}
    if url:
        run["url"] = url
    elif target:
        run["target"] = target
    return run


def _paragraphs(text: str | None) -> list[str]:
    """Plain text -> paragraphs: blank lines part them, single line breaks are spaces."""
    if not text:
        return []
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _claim_ref(ctx: _Context, claim_id: str) -> dict:
    view = ctx.r.claims[claim_id]
    return {"statement": view.claim.statement, "target": ctx.claim_target(claim_id),
            "status": view.status.label}


def _pages(ctx: _Context, content: Path | None) -> list[dict]:
    """The authored pages (content/pages/*.md), as the site orders and titles them."""
    out = []
    for page in read_authored(content) if content else ():
        blocks = markdown_text.blocks(page.markdown)
        title_at = next((i for i, b in enumerate(blocks) if b["type"] == "heading" and b["level"] == 1), None)
        if title_at is not None:  # the page's title is its heading in the PDF
            del blocks[title_at]
        out.append({"title": page.title, "blocks": _link_claims(ctx, blocks)})
    return out


def _link_claims(ctx: _Context, blocks: list) -> list:
    """Links in authored pages to claims: to the claim in this document, or to its web page."""
    def fix(node):
        if isinstance(node, list):
            return [fix(n) for n in node]
        if not isinstance(node, dict):
            return node
        node = {k: fix(v) for k, v in node.items()}
        claim = node.pop("claim", None)
        if claim is not None:
            target = ctx.claim_target(claim)
            if target:
                node["target"] = target
            elif claim in ctx.r.claims:
                node["url"] = permalink(ctx.r, claim)
        return node
    return fix(blocks)


def permalink(r: Resolved, claim_id: str) -> str:
    return site_url(r.report.site_url, record_path("claim", claim_id))


# -- changes since the previous release ---------------------------------------------


def _changes(ctx: _Context, log: Changelog | None, version: str) -> dict:
    """The claims added, changed and removed since the previous release, as on the site's Changes page."""
    groups = []
    for kind in ("added", "changed", "removed"):
        items = [{"statement": c.statement,
                  "target": ctx.claim_target(c.claim_id) if kind != "removed" else None,
                  "fields": [field_change_text(ctx.r, f) for f in c.fields]}
                 for c in (log.of_kind(kind) if log and log.since else [])]
        if items:
            groups.append({"title": f"{kind.capitalize()} ({len(items)})", "items": items})
    return {"intro": changes_intro(log, None if version == "draft" else version), "groups": groups}


# -- claims ------------------------------------------------------------------------


def _themes(ctx: _Context, views: list[ClaimView]) -> list[dict]:
    """Claims grouped by their first tag, themes in alphabetical order, untagged last."""
    groups: dict[str, list[ClaimView]] = defaultdict(list)
    for view in views:
        groups[tag_title(view.claim.tags[0]) if view.claim.tags else UNTAGGED].append(view)
    order = sorted((t for t in groups if t != UNTAGGED), key=str.casefold)
    order += [UNTAGGED] if UNTAGGED in groups else []
    return [{"title": title, "claims": [_claim(ctx, v) for v in groups[title]]} for title in order]


def _claim(ctx: _Context, view: ClaimView) -> dict:
    c = view.claim
    return {
        "id": view.id,
        "anchor": f"claim-{view.id}",
        "statement": c.statement,
        "status": view.status.label,
        "credibility": view.credibility.label,
        "attribution": view.attribution.sentence(),
        "facts": _claim_facts(ctx, view),
        "assessment": _paragraphs(c.assessment),
        "citations": [_citation(ctx, cv) for cv in view.citations],
        "related": [{**_claim_ref(ctx, rel.claim_id), "label": rel.label[:1].upper() + rel.label[1:],
                     "note": rel.note} for rel in view.related],
        "debt": list(ctx.debt.get(view.id, ())),
        "permalink": permalink(ctx.r, view.id),
    }


def _claim_facts(ctx: _Context, view: ClaimView) -> list[list]:
    """Label / runs pairs: when it was said and happened, where, the figures, what it is about."""
    c = view.claim
    facts: list[list] = []
    if c.modality != "asserted":
        facts.append(["Modality", [_run(f"{view.modality.label}: {view.modality.definition}")]])
    for n, hop in enumerate(view.attribution.hops):
        facts.append(["Through" if n == 0 else "Then",
                      [_run(hop.how + (f", {hop.actor}" if hop.actor else "") + (f" ({hop.note})" if hop.note else ""))]])
    if c.events:
        facts.append(["Events", [_run(", ".join(ctx.r.events[e].name for e in c.events))]])
    if view.made:
        facts.append(["Said", [_run(view.made.text() + (f" ({c.made_reasoning})" if c.made_reasoning else ""))]])
    if view.event_date:
        reasoning = c.event.date_reasoning if c.event else None
        facts.append(["Happened", [_run(view.event_date.text() + (f" ({reasoning})" if reasoning else ""))]])
    places = c.event.places if c.event else []
    if places:
        facts.append(["Where", [_run(", ".join(ctx.entity_name(p) for p in places))]])
    if c.quantities:
        facts.append(["Figures", [_run("; ".join(quantity_text(q) for q in c.quantities))]])
    about = _entity_runs(ctx, [*c.weapons, *c.actors, *c.places])
    if about:
        facts.append(["About", about])
    if c.tags:
        facts.append(["Tags", [_run(", ".join(tag_title(t) for t in c.tags))]])
    return facts


def _entity_runs(ctx: _Context, ids: Iterable[str]) -> list[dict]:
    """Entity names, weapons linked to their entry in the per-weapon index."""
    runs: list[dict] = []
    for i, entity_id in enumerate(ids):
        if i:
            runs.append(_run(", "))
        kind, entity = ctx.r.entity(entity_id)
        runs.append(_run(entity.name, target=f"weapon-{entity_id}" if kind == "weapon" else None))
    return runs


def _citation(ctx: _Context, cv: CitationView) -> dict:
    c = cv.citation
    differs = []
    if c.made and cv.made:
        differs.append(f"said {cv.made.on()}")
    if c.event_date and cv.event_date:
        differs.append(f"happened {cv.event_date.on()}")
    if c.quantities:
        differs.append("figures: " + "; ".join(quantity_text(q) for q in c.quantities))
    return {
        "publisher": cv.publisher,
        "reference": reference(ctx, cv.source_id),
        "quote": " ".join(c.quote.split()),
        "quote_url": cv.text_fragment_url,
        "location": c.location,
        "differs": ("This source gives: " + "; ".join(differs) + ".") if differs else None,
        "note": c.note,
        "source": f"source-{cv.source_id}",
        "language": cv.language if cv.translated else None,
        "translation": (f"{translated_by(c.translation)}: \u201c{' '.join(c.translation.text.split())}\u201d."
                        if c.translation else None),
        "chain": f"How it reached this source: {cv.chain_text}." if len(cv.chain) > 3 else None,
    }


def reference(ctx: _Context, source_id: str) -> list[dict]:
    """The full reference of a source, as runs: publisher, authors, title, dates, addresses."""
    s = ctx.r.sources[source_id]
    publisher = ctx.entity_name(s.publisher)
    runs = [_run(publisher + ". ")]
    if s.authors:
        runs.append(_run(", ".join(s.authors) + ". "))
    title = f"[{s.title}]" if s.title_supplied else f"\u201c{s.title}\u201d"
    runs.append(_run(title, emph=not s.title_supplied))
    language = f", {LANGUAGES.get(s.language, 'language: ' + s.language)}" if s.language != "en" else ""
    runs.append(_run(f" ({vocab.SOURCE_KIND.get(s.kind).label.lower()}{language})."))
    published, updated = parse(s.published), parse(s.updated)
    if published:
        runs.append(_run(f" Published {published.text()}" + (f", updated {updated.text()}." if updated else ".")))
    if s.url:
        runs += [_run(" "), _run(s.url, url=s.url), _run(".")]
    if s.archive_url:
        runs += [_run(" Archived copy: "), _run(s.archive_url, url=s.archive_url), _run(".")]
    accessed = parse(s.accessed)
    if accessed:
        runs.append(_run(f" Accessed {accessed.text()}."))
    return runs


LANGUAGES = {"ko": "in Korean", "ru": "in Russian", "uk": "in Ukrainian", "de": "in German",
             "fr": "in French", "ja": "in Japanese", "zh": "in Chinese", "ar": "in Arabic", "he": "in Hebrew"}


# -- timeline, weapons, discrepancies, bibliography, definitions -------------------


def _timeline(ctx: _Context) -> list[dict]:
    months = []
    for group in ctx.r.timeline_groups():
        entries = [{"date": e.date.text(), "axis": e.axis, "statement": ctx.r.claims[e.claim_id].claim.statement,
                    "target": ctx.claim_target(e.claim_id)}
                   for e in group.entries if e.claim_id in ctx.claims]
        if entries:
            months.append({"title": group.title, "entries": entries})
    return months


def _timeline_chart(ctx: _Context) -> dict | None:
    """The site's timeline chart (outputs/charts.py) over this document's claims (_chart); None
    without a dated claim. Above MAX_MARKS its bars stand for months and link nowhere."""
    from .charts import Mark, timeline_drawn

    r = ctx.r
    marks = [Mark(e.axis, e.date, r.claims[e.claim_id].claim.status, permalink(r, e.claim_id),
                  r.claims[e.claim_id].claim.statement)
             for e in r.timeline if e.claim_id in ctx.claims]
    return _chart(timeline_drawn(marks), ctx.targets) if marks else None


def _chart(drawn, targets: dict[str, str], **more) -> dict:
    """A chart as the template draws it: its SVG text, its view box's size, and a link per mark
    [x, y, width, height, label] to the label of the address the mark has (marks linking elsewhere
    keep their ink only)."""
    links = [[h.x, h.y, h.width, h.height, targets[h.href]] for h in drawn.hits if h.href in targets]
    return {"svg": drawn.svg.decode("utf-8"), "width": drawn.width, "height": drawn.height, "links": links, **more}


def _weapons(ctx: _Context, *, whole: bool) -> list[dict]:
    """The per-weapon index: every weapon (in a part: those its claims name), with its claims."""
    out = []
    for entry in ctx.r.index("weapon"):  # sorted by name
        if entry.is_alias or not (whole or entry.entity_id in ctx.named):
            continue
        w = ctx.r.weapons[entry.entity_id]
        claims = [c for c in ctx.r.claims_about.get(entry.entity_id, []) if c in ctx.claims]
        facts = [["Category", entry.category]]
        if w.origin:
            facts.append(["Origin", ctx.entity_name(w.origin)])
        if w.calibre:
            facts.append(["Calibre", w.calibre])
        if w.variant_of:
            facts.append(["Variant of", ctx.r.weapons[w.variant_of].name])
        if w.wikidata:
            facts.append(["Wikidata", w.wikidata])
        out.append({
            "anchor": f"weapon-{entry.entity_id}",
            "name": w.name,
            "aliases": ", ".join(w.aliases),
            "facts": facts,
            "description": _paragraphs(w.description),
            "evidence": _evidence(entry, whole),
            "claims": [_claim_ref(ctx, c) for c in claims],
            "charts": _weapon_charts(ctx, claims),
        })
    return out


def _weapon_charts(ctx: _Context, claims: list[str]) -> list[dict]:
    """The weapon page's charts (outputs/smallcharts.py) over this document's claims about it (_chart)
    with a caption; their marks' <a> are the claims' pages on the site, their links in the PDF the claims."""
    from . import smallcharts
    from ..pages.entity_charts import counted, figures, slice_marks

    r = ctx.r
    href = lambda claim_id: permalink(r, claim_id)  # noqa: E731
    targets = ctx.targets
    chosen = set(claims)
    marks = slice_marks(r, [e for e in r.timeline if e.claim_id in chosen], href)
    counts, figs = counted(r, claims, href), figures(r, claims, href)
    out = []
    if marks:
        out.append(_chart(smallcharts.slice_drawn(marks), targets, alt="Timeline of its claims",
                          caption="Its claims on a time axis: what happened (top) and when it was said (bottom)."))
    if counts:
        out.append(_chart(smallcharts.counts_drawn(counts), targets, alt="Claims per month",
                          caption="Its claims per month, by when they were said, a block per claim coloured by status."))
    if figs:
        out.append(_chart(smallcharts.figures_drawn(figs), targets, alt="Figures the sources give",
                          caption="The figures its claims give, as each source gives them, by when it says the claim "
                                  "was made: filled exact, hollow about, a triangle down up to, up at least, a bar a range."))
    return out


def _places(ctx: _Context, *, whole: bool) -> dict:
    """The map of the places (outputs/maps.py, as on the site's places index, _chart), with each
    place's coordinates, its row labelled `place-<id>`; in a part, the places its claims name. Its
    markers' <a> are the places' pages on the site, their links in the PDF the places' rows."""
    from ..pages.placemap import spots
    from .charts import Drawn
    from .maps import degrees, fit, hits, map_svg

    r = ctx.r
    wanted = {i for i in r.places if whole or i in ctx.named}
    placed = {i: s for i, s in spots(r, "", absolute=lambda path: site_url(r.report.site_url, path)).items()
              if i in wanted}
    rows = [{"anchor": f"place-{i}",
             "cells": [s.name, degrees(s.lat, s.lon), vocab.COORDINATE_PRECISION.get(s.precision).label,
                       vocab.COORDINATE_METHOD.get(s.method).label + (f": {r.places[i].coordinates.reasoning}"
                                                                       if r.places[i].coordinates.reasoning else "")]}
            for i, s in sorted(placed.items(), key=lambda kv: (sort_name(kv[1].name), kv[0]))]
    unplaced = sorted((r.places[i].name for i in wanted if i not in placed), key=sort_name)
    shown = list(placed.values())
    chart = None
    if shown:
        view = fit(shown)
        drawn = Drawn(map_svg(shown, view, label="Map of the report's places"), view.width, view.height,
                      tuple(hits(shown, view)))
        chart = _chart(drawn, {s.href: f"place-{i}" for i, s in placed.items()})
    return {"map": chart, "rows": rows, "unplaced": ", ".join(unplaced)}


def _evidence(entry: IndexEntry, whole: bool) -> str:
    """How well the whole report evidences a weapon: claims, when reported, the strongest status."""
    if not entry.claims:
        return "No claim in the report names it yet."
    claims = "1 claim" if entry.claims == 1 else f"{entry.claims} claims"
    if entry.first:
        span = entry.first.text() if entry.first == entry.last else f"{entry.first.text()} to {entry.last.text()}"
        claims += f", reported {span}"
    return ("" if whole else "In the whole report: ") + f"{claims}; strongest status: {entry.strongest.label}."


def _discrepancy(ctx: _Context, d: Discrepancy) -> dict:
    if d.subject_kind == "claim":
        subject = {"kind": "Claim", "text": ctx.r.claims[d.subject_id].claim.statement,
                   "target": ctx.claim_target(d.subject_id)}
    else:
        subject = {"kind": d.subject_kind.capitalize(), "text": ctx.entity_name(d.subject_id),
                   "target": f"weapon-{d.subject_id}" if d.subject_kind == "weapon" else None}
    return {
        "title": d.title,
        "aspect": d.aspect.capitalize(),
        "subject": subject,
        "versions": [{"label": v.label, "says": v.says, "quote": " ".join(v.quote.split()) if v.quote else None,
                      "target": f"source-{v.source_id}" if v.source_id else None} for v in d.versions],
        "claims": len(d.subjects),
        "notes": [{"who": who, "note": note} for who, note in d.notes],
        "origin": "Found by the generator" if d.found else "Declared in the records",
    }


def _sources_of(r: Resolved, views: list[ClaimView], shown: list[Discrepancy], *, whole: bool) -> set[str]:
    """The sources the bibliography lists: every source of the report in the whole report (a source
    no claim cites yet, just captured, among them); in a part, those its claims cite and its
    discrepancies name."""
    if whole:
        return set(r.sources)
    return {s for v in views for s in v.sources} | {v.source_id for d in shown for v in d.versions if v.source_id}


def _bibliography(ctx: _Context, cited: set[str]) -> list[dict]:
    """The sources given, by publisher, date and title."""

    def key(source_id: str) -> tuple:
        s = ctx.r.sources[source_id]
        published = parse(s.published)
        return (ctx.entity_name(s.publisher).casefold(), published.sort_key() if published else (9999,),
                s.title.casefold(), source_id)

    return [{
        "anchor": f"source-{sid}",
        "reference": reference(ctx, sid),
        "details": _source_details(ctx.r.sources[sid]),
        "claims": [f"claim-{c}" for c in ctx.r.claims_citing.get(sid, []) if c in ctx.claims],
    } for sid in sorted(cited, key=key)]


_UNKNOWN = {"title": "Title", "url": "Web address", "published": "Publication date", "accessed": "Date of access",
            "authors": "Authors", "archive_url": "Archived copy"}


def _source_details(s: Source) -> list[str]:
    """What the bibliography says beyond the reference: the grade, the gaps and why, the notes."""
    grade = "Reliability: " + vocab.RELIABILITY.get(s.reliability).label + "."
    out = [grade + (f" {s.reliability_note}" if s.reliability_note else "")]
    out += [f"{_UNKNOWN[k]} not known: {why}" for k, why in s.unknown.items()]
    return out + _paragraphs(s.notes)


def _definitions() -> list[dict]:
    return [{"title": v.title, "intro": v.intro, "terms": [[t.label, t.definition] for t in v.terms]}
            for v in vocab.ALL]


# -- the back-of-book index ----------------------------------------------------------


def _book_index(ctx: _Context, views: list[ClaimView]) -> list[dict]:
    """Weapons, actors and places with their aliases, each with the claims that name it, by letter."""
    named: dict[str, list[str]] = defaultdict(list)
    for view in views:
        for entity_id in mentions(view):
            named[entity_id].append(f"claim-{view.id}")
    entries = sorted((e for kind in ("weapon", "actor", "place") for e in ctx.r.index(kind)
                      if e.entity_id in named), key=lambda e: (sort_name(e.label), e.is_alias, e.entity_id))
    letters: dict[str, list[dict]] = {}
    for e in entries:
        letters.setdefault(e.letter, []).append({
            "label": e.label, "see": e.name if e.is_alias else None, "targets": named[e.entity_id]})
    return [{"letter": letter, "entries": letters[letter]}
            for letter in sorted(letters, key=lambda x: (x == "#", x))]


# -- output ------------------------------------------------------------------------------


def _nfc(node):
    """Every string in NFC, so that decomposed text is shaped with the composed glyphs, and with
    its bidi controls and invisible characters shown as ⟨U+XXXX⟩ (docs/unicode.md)."""
    if isinstance(node, str):
        return visible(unicodedata.normalize("NFC", node))
    if isinstance(node, list):
        return [_nfc(n) for n in node]
    if isinstance(node, dict):
        return {k: _nfc(v) for k, v in node.items()}
    return node
