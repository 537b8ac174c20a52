"""The home page and the Changes page."""
from __future__ import annotations

from dataclasses import dataclass

from ..history import TAG_PREFIX, Changelog, FieldChange
from ..resolve import Resolved
from .addresses import (BIBLIOGRAPHY, CHANGES, CLAIMS_INDEX, DEBT, DEFINITIONS, DISCREPANCIES, HOME, TIMELINE, index_path)
from .blocks import Badge, Extras, Link, Linker, Page


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
