"""The resolved report -> open-data downloads: JSON, CSV, CSL-JSON, Atom, JSON Schema.

`exports(resolved)` returns every file as bytes, by its path in the built
site. It is pure and deterministic: the same content gives the same bytes
(keys sorted, records in id order, feed entries by date then id, \\n line
endings, no time taken from the clock).

Stable columns, in this order (a column is only ever added at the end):

data/claims.csv, one row per claim:
  id, url, statement, claimant, claimant_name, claimant_vague, via_actor,
  via_kind, made, made_precision, event_date, event_places, weapons, actors,
  places, tags, quantities, status, credibility, sources, citations,
  attribution, assessment, modality, via, events
data/citations.csv, one row per citation:
  claim_id, number, source_id, publisher, quote, location, made, event_date,
  quantities, note, source_url, quote_url, quote_language, translation,
  translated_by, chain

via_actor and via_kind are the first step of a claim's `via`; via is the whole chain of the
claim's own steps as "kind:actor" pairs, and chain each citation's whole chain from the claimant
to the source's publisher, as one line ("Kyrylo Budanov → Bloomberg (interview) → ...").

Lists in a cell (ids, figures) are joined with "; ". A text cell that starts with =, +, -, @,
a tab or a carriage return starts with ' instead (a spreadsheet would read it as a formula), and
invisible characters show as ⟨U+XXXX⟩, as in the site; data/claims.json keeps the exact text. Dates are EDTF at the
precision the sources give (2025, 2025-06, 2025-07-11,
2025-07-12T10:35:00+09:00): never widened, never moved to another zone.

data/claims.json holds every field of every claim record, with its id, url
and attribution sentence; data/weapons.json, actors.json, places.json and events.json every
field of those records with their id and the ids of the claims about them;
data/sources.csl.json the sources as CSL-JSON for reference managers;
data/feed.xml an Atom feed of the claims, newest first; schema/*.schema.json
the JSON Schemas of the records.
"""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from json.encoder import encode_basestring as _string  # the json module's C function
from typing import Any, Callable, Iterable

from ..dates import DateValue, parse
from ..resolve import ClaimView, Resolved, quantity_text
from .schema import schemas
from ..unicode_rules import visible

CLAIM_COLUMNS = (
    "id", "url", "statement", "claimant", "claimant_name", "claimant_vague", "via_actor", "via_kind",
    "made", "made_precision", "event_date", "event_places", "weapons", "actors", "places", "tags",
    "quantities", "status", "credibility", "sources", "citations", "attribution", "assessment",
    "modality", "via", "events",
)
CITATION_COLUMNS = (
    "claim_id", "number", "source_id", "publisher", "quote", "location", "made", "event_date",
    "quantities", "note", "source_url", "quote_url", "quote_language", "translation", "translated_by", "chain",
)
# A source's kind -> its CSL item type.
CSL_TYPES = {
    "article": "article-newspaper", "interview": "interview", "official-statement": "document",
    "social-media": "post", "video": "motion_picture", "report": "report",
}
ATOM_NS = "http://www.w3.org/2005/Atom"
FORMAT_VERSION = 1


def exports(resolved: Resolved) -> dict[str, bytes]:
    """Every download, by its path in the site."""
    files = {
        "data/claims.json": _json(claims_json(resolved)),
        "data/claims.csv": _csv(CLAIM_COLUMNS, claim_rows(resolved)),
        "data/citations.csv": _csv(CITATION_COLUMNS, citation_rows(resolved)),
        "data/sources.csl.json": _json(sources_csl(resolved)),
        "data/weapons.json": _json(entities_json(resolved, "weapon")),
        "data/actors.json": _json(entities_json(resolved, "actor")),
        "data/places.json": _json(entities_json(resolved, "place")),
        "data/events.json": _json(entities_json(resolved, "event")),
        "data/feed.xml": feed_xml(resolved),
    }
    for name, text in schemas().items():
        files[f"schema/{name}"] = text.encode("utf-8")
    return dict(sorted(files.items()))


# -- serialising ---------------------------------------------------------------


def _json(data: Any) -> bytes:
    """json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), byte for byte: with an indent
    the standard library encodes in Python, a generator per container, 4x slower than this."""
    parts: list[str] = []
    try:
        _indented(data, "", parts.append)
    except _NotPlain:  # a key that is not a string: the standard library's rules for it
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    parts.append("\n")
    return "".join(parts).encode("utf-8")


class _NotPlain(Exception):
    pass


def _indented(o: Any, pad: str, add: Callable[[str], None]) -> None:
    if isinstance(o, str):
        add(_string(o))
    elif isinstance(o, dict):
        if not o:
            add("{}")
            return
        inner, opening = pad + "  ", "{\n"
        if not all(isinstance(k, str) for k in o):
            raise _NotPlain
        for k in sorted(o):
            add(opening + inner + _string(k) + ": ")
            opening = ",\n"
            _indented(o[k], inner, add)
        add("\n" + pad + "}")
    elif isinstance(o, (list, tuple)):
        if not o:
            add("[]")
            return
        inner, opening = pad + "  ", "[\n"
        for v in o:
            add(opening + inner)
            opening = ",\n"
            _indented(v, inner, add)
        add("\n" + pad + "]")
    elif o is None or o is True or o is False:
        add("null" if o is None else "true" if o else "false")
    elif isinstance(o, int):
        add(int.__repr__(o))
    else:  # floats and whatever else: as the standard library writes them, or refuses them
        add(json.dumps(o))


# A cell that starts with one of these is read by a spreadsheet as a formula (OWASP's CSV
# injection guidance): `=HYPERLINK("http://evil", "x")` in a statement would become a link.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell as a spreadsheet may show it: text starting like a formula gets a leading ',
    and invisible characters show as in the site (docs/unicode.md). Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    value = visible(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv(columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row[k] is None else spreadsheet_cell(row[k]) for k in columns})
    return out.getvalue().encode("utf-8")


def _join(values: Iterable[str]) -> str:
    return "; ".join(values)


def claim_url(resolved: Resolved, claim_id: str) -> str:
    return f"{resolved.report.site_url.rstrip('/')}/claims/{claim_id}/"


# -- claims --------------------------------------------------------------------


def claims_json(resolved: Resolved) -> dict[str, Any]:
    report = resolved.report
    claims = []
    for claim_id, view in sorted(resolved.claims.items()):
        record = view.claim.model_dump(mode="json")
        record.update(id=claim_id, url=claim_url(resolved, claim_id),
                      attribution=view.attribution.sentence())
        claims.append(record)
    return {"format": FORMAT_VERSION, "report": report.title, "site_url": report.site_url,
            "licence": report.licence, "claims": claims}


def claim_rows(resolved: Resolved) -> Iterable[dict[str, Any]]:
    for claim_id, view in sorted(resolved.claims.items()):
        c = view.claim
        claimant = resolved.actors.get(c.claimant) if c.claimant else None
        yield {
            "id": claim_id, "url": claim_url(resolved, claim_id), "statement": c.statement,
            "claimant": c.claimant, "claimant_name": claimant.name if claimant else None,
            "claimant_vague": c.claimant_vague,
            "via_actor": c.via[0].actor if c.via else None, "via_kind": c.via[0].kind if c.via else None,
            "made": c.made, "made_precision": view.made.precision if view.made else None,
            "event_date": c.event.date if c.event else None,
            "event_places": _join(c.event.places) if c.event else "",
            "weapons": _join(c.weapons), "actors": _join(c.actors), "places": _join(c.places),
            "tags": _join(c.tags), "quantities": _join(quantity_text(q) for q in c.quantities),
            "status": c.status, "credibility": c.credibility, "sources": _join(view.sources),
            "citations": len(c.citations), "attribution": view.attribution.sentence(),
            "assessment": c.assessment, "modality": c.modality,
            "via": _join(f"{h.kind}:{h.actor or ''}" for h in c.via), "events": _join(c.events),
        }


def citation_rows(resolved: Resolved) -> Iterable[dict[str, Any]]:
    for claim_id, view in sorted(resolved.claims.items()):
        for cv in view.citations:
            c = cv.citation
            yield {
                "claim_id": claim_id, "number": cv.number, "source_id": cv.source_id,
                "publisher": cv.publisher, "quote": c.quote, "location": c.location,
                "made": c.made, "event_date": c.event_date,
                "quantities": _join(quantity_text(q) for q in c.quantities), "note": c.note,
                "source_url": cv.source.url, "quote_url": cv.text_fragment_url,
                "quote_language": cv.language, "translation": c.translation.text if c.translation else None,
                "translated_by": c.translation.by if c.translation else None, "chain": cv.chain_text,
            }


# -- sources as CSL-JSON -------------------------------------------------------


def csl_date(edtf: str | None) -> dict[str, Any] | None:
    """A CSL date at the precision given: [[2025]], [[2025, 6]] or [[2025, 7, 11]]."""
    date = parse(edtf)
    if date is None:
        return None
    if date.interval:  # CSL holds a range as two date-parts; an open end is left out
        ends = [csl_date(d.edtf) for d in (date.start, date.end) if d]
        out = {"date-parts": [p for e in ends for p in e["date-parts"]]}  # type: ignore[index]
        if any(e.get("circa") for e in ends):  # type: ignore[union-attr]
            out["circa"] = True
        return out
    parts = [date.year] + ([date.month] if date.month else []) + ([date.day] if date.day else [])
    out: dict[str, Any] = {"date-parts": [parts]}
    if date.approximate or date.uncertain:
        out["circa"] = True
    return out


def sources_csl(resolved: Resolved) -> list[dict[str, Any]]:
    items = []
    for source_id, source in sorted(resolved.sources.items()):
        item: dict[str, Any] = {
            "id": source_id,
            "type": CSL_TYPES[source.kind],
            "title": source.title,
            "container-title": resolved.actors[source.publisher].name,
            "language": source.language,
        }
        if source.authors:
            # Names are kept whole: their order (family first or last) differs between languages.
            item["author"] = [{"literal": name} for name in source.authors]
        notes = []
        if source.title_supplied:
            notes.append("Title supplied by the analysts: the original has none.")
        if source.archive_url:
            notes.append(f"Archived copy: {source.archive_url}")
        optional = {"issued": csl_date(source.published), "accessed": csl_date(source.accessed),
                    "URL": source.url, "note": " ".join(notes) or None}
        item.update({k: v for k, v in optional.items() if v})
        items.append(item)
    return items


# -- weapons, actors, places ---------------------------------------------------


def entities_json(resolved: Resolved, kind: str) -> list[dict[str, Any]]:
    table = {"weapon": resolved.weapons, "actor": resolved.actors, "place": resolved.places,
             "event": resolved.events}[kind]
    about = resolved.claims_describing if kind == "event" else resolved.claims_about
    out = []
    for entity_id, entity in sorted(table.items()):
        record = entity.model_dump(mode="json")
        record.update(id=entity_id, claims=sorted(about.get(entity_id, [])))
        if kind == "weapon":
            record.update(variants=resolved.variants.get(entity_id, []))
        if kind == "actor":
            record.update(claims_made=sorted(resolved.claims_by.get(entity_id, [])),
                          sources_published=sorted(resolved.sources_by.get(entity_id, [])))
        out.append(record)
    return out


# -- the Atom feed -------------------------------------------------------------


def feed_date(view: ClaimView) -> DateValue | None:
    """When a claim was made, else when it was first reported, else when its event happened."""
    if view.made:
        return view.made
    published = sorted((d for d in (parse(c.source.published) for c in view.citations) if d),
                       key=DateValue.sort_key)
    return published[0] if published else view.event_date


def atom_timestamp(date: DateValue) -> str:
    """RFC 3339, as Atom requires: a coarser date stands for its first day, 00:00 UTC.

    The stamp only orders the entries; each entry's text gives the date at its own
    precision. A time is kept with its own zone, never converted; a time whose
    zone the source does not give is left out (the day stands), since Atom needs
    a zone and inventing one would move the moment.
    """
    date = date.anchor
    if date.time and date.zone:
        clock = date.edtf.rstrip("~?%").split("T")[1].removesuffix(date.zone or "")
        clock += ":00" if clock.count(":") == 1 else ""  # RFC 3339 wants the seconds
        return f"{date.iso()}T{clock}{date.zone or 'Z'}"
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T00:00:00Z"


def feed_entries(resolved: Resolved) -> list[tuple[ClaimView, DateValue | None]]:
    """The claims, newest first (claims with no date last), ties by id."""
    dated = [(view, feed_date(view)) for _, view in sorted(resolved.claims.items())]
    # Sorting is stable, reverse=True too: within one date the ids stay ascending.
    with_date = sorted((e for e in dated if e[1]), key=lambda e: e[1].sort_key(), reverse=True)
    return with_date + [e for e in dated if not e[1]]


def feed_xml(resolved: Resolved) -> bytes:
    report = resolved.report
    entries = feed_entries(resolved)
    dates = [d for _, d in entries if d]
    newest = atom_timestamp(max(dates, key=DateValue.sort_key)) if dates else "1970-01-01T00:00:00Z"
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _sub(feed, "id", report.site_url)
    _sub(feed, "title", report.title)
    if report.subtitle:
        _sub(feed, "subtitle", report.subtitle)
    _sub(feed, "updated", newest)
    _sub(feed, "rights", report.licence)
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", href=report.site_url)
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="self", href=f"{report.site_url.rstrip('/')}/data/feed.xml")
    for name in report.authors:
        _sub(ET.SubElement(feed, f"{{{ATOM_NS}}}author"), "name", name)
    for view, date in entries:
        feed.append(_entry(resolved, view, date, newest))
    ET.indent(feed, space="  ")
    body = ET.tostring(feed, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def _entry(resolved: Resolved, view: ClaimView, date: DateValue | None, fallback: str) -> ET.Element:
    url = claim_url(resolved, view.id)
    entry = ET.Element(f"{{{ATOM_NS}}}entry")
    _sub(entry, "id", url)
    _sub(entry, "title", view.claim.statement)
    _sub(entry, "updated", atom_timestamp(date) if date else fallback)
    ET.SubElement(entry, f"{{{ATOM_NS}}}link", href=url)
    when = f" Date: {date.text()}." if date else ""
    summary = (f"{view.attribution.sentence()} Status: {view.status.label}. "
               f"Credibility: {view.credibility.label}.{when}")
    _sub(entry, "summary", summary)
    for term in (*view.claim.tags, view.claim.status):
        ET.SubElement(entry, f"{{{ATOM_NS}}}category", term=term)
    return entry


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}")
    el.text = text
    return el


# -- the Data page -------------------------------------------------------------

_DOWNLOADS = (
    ("data/claims.json", "Claims (JSON)",
     "Every claim with all its fields, its id, its permanent address and its attribution sentence."),
    ("data/claims.csv", "Claims (CSV)", "One row per claim."),
    ("data/citations.csv", "Citations (CSV)",
     "One row per citation: which source carries which claim, with its verbatim quote."),
    ("data/sources.csl.json", "Sources (CSL-JSON)",
     "The sources as CSL-JSON, which Zotero and other reference managers import. Dates keep the "
     "precision the source gives (a year, a month or a day)."),
    ("data/weapons.json", "Weapons (JSON)",
     "Every weapon with its aliases, the ids of the claims about it (a family's include its variants') "
     "and its variants."),
    ("data/actors.json", "Actors (JSON)",
     "Every actor with its aliases, the claims about it, the claims it makes and the sources it published."),
    ("data/places.json", "Places (JSON)", "Every place with its aliases, coordinates and the claims about it."),
    ("data/events.json", "Events (JSON)", "Every event with its date, places and the ids of the claims about it."),
    ("data/feed.xml", "Claims feed (Atom)", "The claims, newest first, for feed readers."),
)


def data_page_markdown(resolved: Resolved, base: str = "") -> str:
    """The Data page: each download, what it holds, its columns; links relative to `base`.

    It holds no record text (only counts and fixed wording), so it needs no escaping.
    """
    counts = {"data/claims.json": len(resolved.claims), "data/claims.csv": len(resolved.claims),
              "data/citations.csv": sum(len(v.citations) for v in resolved.claims.values()),
              "data/sources.csl.json": len(resolved.sources), "data/weapons.json": len(resolved.weapons),
              "data/actors.json": len(resolved.actors), "data/places.json": len(resolved.places),
              "data/events.json": len(resolved.events), "data/feed.xml": len(resolved.claims)}
    lines = [
        "# Data", "",
        "Everything in this report can be downloaded and reused by other tools, under the report's licence. "
        "The files are generated from the same records as the pages: the same content always gives "
        "the same bytes. Dates are EDTF at the precision the sources give (`2025`, `2025-06`, "
        "`2025-07-11`, `2025-07-12T10:35:00+09:00`), never widened and never moved to another time zone.",
        "",
        "| File | What it holds | Records |", "| --- | --- | --- |",
    ]
    for path, title, what in _DOWNLOADS:
        lines.append(f"| [{title}]({base}{path}) | {what} | {counts[path]} |")
    lines += ["", "## Columns of the CSV files", "",
              "Columns are stable: a new column is only ever added at the end. Lists in a cell are "
              "joined with `; `. A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage "
              "return starts with `'` instead, so that a spreadsheet does not read it as a formula; "
              "invisible characters show as ⟨U+XXXX⟩. The JSON files keep the exact text.", "",
              f"[claims.csv]({base}data/claims.csv): " + ", ".join(f"`{c}`" for c in CLAIM_COLUMNS) + ".", "",
              f"[citations.csv]({base}data/citations.csv): "
              + ", ".join(f"`{c}`" for c in CITATION_COLUMNS) + ".", "",
              "## JSON Schemas", "",
              "The records themselves are described by JSON Schemas, the same ones editors use to check "
              "records as they are typed:", ""]
    for name in schemas():
        lines.append(f"- [{name}]({base}schema/{name})")
    return "\n".join(lines) + "\n"
