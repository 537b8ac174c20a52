"""The resolved report -> one context object per page of the site.

Everything a page shows is decided here: which facts it lists, in which
order, what each link points to (relative to the page), which badge a status
gets. The templates in templates/ only format these objects. Each context is
a frozen dataclass whose fields are the whole of what its template may use.
Nothing here does I/O: what the site has besides the records (authored pages,
git history, the changelog, the downloads) is read by generator/gather.py.

One module per kind of page; addresses.py says where each page lives.
"""
from __future__ import annotations

from typing import Callable

from ..bulk import bulk
from ..memo import NO_MEMO, Memo
from ..resolve import Resolved
from .addresses import (AUTHORED_DIR, BIBLIOGRAPHY, CHANGES, CLAIMS_INDEX, DATA_PAGE, DEBT, DEFINITIONS, DISCREPANCIES, ENTITY_KINDS, FOLDER, HOME, INDEXED_KINDS, PDF_NAME, TIMELINE, index_path, record_file, record_path, site_url, term_anchor, versioned)
from .blocks import Authored, Badge, ClaimItem, Download, Extras, Fact, Link, Linker, Page
from .claim import claim_page, record_history, translated_by
from .definitions import definitions
from .discrepancies import debt, discrepancies
from .entity import entity_page, event_page
from .home import changes_intro, changes_page, field_change_text, home, release_name
from .indexes import bibliography, claims_index, entity_index, source_page
from .lookups import Lookups
from .timeline import timeline

__all__ = [
    "AUTHORED_DIR", "BIBLIOGRAPHY", "CHANGES", "CLAIMS_INDEX", "DATA_PAGE", "DEBT", "DEFINITIONS", "DISCREPANCIES",
    "ENTITY_KINDS", "FOLDER", "HOME", "INDEXED_KINDS", "PDF_NAME", "TIMELINE", "Authored", "Badge", "ClaimItem",
    "Download", "Extras", "Fact", "Link", "Linker", "Lookups", "Page", "changes_intro", "claim_page",
    "entity_index", "entity_page", "event_page", "field_change_text", "front_pages", "index_path", "nav",
    "record_file", "record_history", "record_jobs", "record_page", "record_pages", "record_path", "release_name", "site_pages",
    "site_url", "term_anchor", "timeline", "translated_by", "versioned",
]


@bulk
def site_pages(r: Resolved, extras: Extras = Extras(), records: Callable[[str], bool] | None = None,
               lookups: Lookups | None = None, memo: Memo = NO_MEMO) -> list[Page]:
    """Every page of the site: home, the indexes, then a page per record.

    `records`: only the record pages whose path (claims/x.md) it accepts; live preview builds
    again only the pages an edit can have changed. `memo`: live preview's rows of the index pages
    from the last build, reused for the claims and entities that did not change (memo.py)."""
    lookups = lookups or Lookups.of(r)
    return front_pages(r, extras, lookups, memo) + record_pages(r, extras, lookups, records)


def front_pages(r: Resolved, extras: Extras, lookups: Lookups, memo: Memo = NO_MEMO) -> list[Page]:
    """Home, the indexes and the authored pages: the pages that are not a record's."""
    indexes = [claims_index(r, memo), bibliography(r), *(entity_index(r, k, memo) for k in ENTITY_KINDS),
               *([entity_index(r, "event", memo)] if r.events else []),
               timeline(r, memo), discrepancies(r, lookups.anchors), debt(r, memo), changes_page(r, extras), definitions()]
    pages = [home(r, extras, indexes), *indexes]
    trusted = (*extras.authored, *([extras.data_page] if extras.data_page else []))
    return pages + [Page(a.path, None, a.title, in_nav=True, markdown=a.markdown) for a in trusted]


@bulk
def record_pages(r: Resolved, extras: Extras, lookups: Lookups, records: Callable[[str], bool] | None = None
                 ) -> list[Page]:
    """A page per record, or per record whose page's path `records` accepts."""
    wanted = records or (lambda path: True)
    return [record_page(r, job, lookups, extras) for job in record_jobs(r) if wanted(record_path(*job))]


def record_jobs(r: Resolved) -> list[tuple[str, str]]:
    """(kind, id) of every record that has a page, in the order of the site's pages."""
    jobs = [("claim", i) for i in r.claims] + [("source", i) for i in r.sources]
    for kind in ENTITY_KINDS:
        jobs += [(kind, i) for i in getattr(r, FOLDER[kind])]
    return jobs + [("event", i) for i in r.events]


def record_page(r: Resolved, job: tuple[str, str], lookups: Lookups, extras: Extras) -> Page:
    """The page of one record: `job` is one of record_jobs(r)."""
    kind, record_id = job
    if kind == "claim":
        return claim_page(r, record_id, lookups, extras)
    if kind == "source":
        return source_page(r, record_id)
    if kind == "event":
        return event_page(r, record_id, lookups)
    return entity_page(r, kind, record_id, lookups)


def nav(pages: list[Page]) -> list[dict[str, str]]:
    """The navigation: home, the indexes and the authored pages; never a record's page."""
    return [{p.title: p.path} for p in pages if p.in_nav]
