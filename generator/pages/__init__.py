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
    "entity_index", "entity_page", "event_page", "field_change_text", "index_path", "nav", "record_file",
    "record_history", "record_pages", "record_path", "release_name", "site_pages", "site_url", "term_anchor", "timeline",
    "translated_by", "versioned",
]


@bulk
def site_pages(r: Resolved, extras: Extras = Extras(), records: Callable[[str], bool] | None = None,
               lookups: Lookups | None = None) -> list[Page]:
    """Every page of the site: home, the indexes, then a page per record.

    `records`: only the record pages whose path (claims/x.md) it accepts; live preview builds
    again only the pages an edit can have changed."""
    lookups = lookups or Lookups.of(r)
    indexes = [claims_index(r), bibliography(r), *(entity_index(r, k) for k in ENTITY_KINDS),
               *([entity_index(r, "event")] if r.events else []),
               timeline(r), discrepancies(r, lookups.anchors), debt(r), changes_page(r, extras), definitions()]
    pages = [home(r, extras, indexes), *indexes]
    trusted = (*extras.authored, *([extras.data_page] if extras.data_page else []))
    pages += [Page(a.path, None, a.title, in_nav=True, markdown=a.markdown) for a in trusted]
    return pages + record_pages(r, extras, lookups, records)


@bulk
def record_pages(r: Resolved, extras: Extras, lookups: Lookups, records: Callable[[str], bool] | None = None
                 ) -> list[Page]:
    """A page per record, or per record whose page's path `records` accepts."""
    wanted = records or (lambda path: True)
    pages = [claim_page(r, i, lookups, extras) for i in r.claims if wanted(record_path("claim", i))]
    pages += [source_page(r, i) for i in r.sources if wanted(record_path("source", i))]
    for kind in ENTITY_KINDS:
        pages += [entity_page(r, kind, i, lookups) for i in getattr(r, FOLDER[kind]) if wanted(record_path(kind, i))]
    pages += [event_page(r, i, lookups) for i in r.events if wanted(record_path("event", i))]
    return pages


def nav(pages: list[Page]) -> list[dict[str, str]]:
    """The navigation: home, the indexes and the authored pages; never a record's page."""
    return [{p.title: p.path} for p in pages if p.in_nav]
