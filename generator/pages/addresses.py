"""Where each page lives: id -> Markdown path -> permanent address, in one place.

Paths are Markdown source paths below the site root (claims/<id>.md); an engine turns them into
claims/<id>/ (MkDocs' use_directory_urls, Zensical). Nothing here does I/O."""
from __future__ import annotations

import functools
from dataclasses import replace
from urllib.parse import quote, urljoin

from .. import vocab
from ..resolve import Resolved


# -- where pages live ------------------------------------------------------------

HOME = "index.md"
CLAIMS_INDEX = "claims/index.md"
BIBLIOGRAPHY = "sources/index.md"
TIMELINE = "timeline.md"
DISCREPANCIES = "discrepancies.md"
DEBT = "verification-debt.md"
DEFINITIONS = "definitions.md"
DATA_PAGE = "data.md"
CHANGES = "changes.md"
PDF_NAME = "report.pdf"
AUTHORED_DIR = "about"
FOLDER = {"claim": "claims", "source": "sources", "weapon": "weapons", "actor": "actors", "place": "places",
          "event": "events"}
ENTITY_KINDS = ("weapon", "actor", "place")
INDEXED_KINDS = (*ENTITY_KINDS, "event")  # an A-Z index and a page each


def record_path(kind: str, record_id: str) -> str:
    return f"{FOLDER[kind]}/{record_id}.md"


def index_path(kind: str) -> str:
    return f"{FOLDER[kind]}/index.md"


def site_url(report_url: str, path: str) -> str:
    """The permanent address of a page: claims/x.md -> https://site/claims/x/."""
    base = report_url if report_url.endswith("/") else report_url + "/"
    page = path[: -len("index.md")] if path.endswith("index.md") else path[: -len(".md")] + "/"
    return urljoin(base, page)


def versioned(r: Resolved, version: str) -> Resolved:
    """The report as published under mike, where each version lives in its own folder and the
    root only redirects: every address it gives (permalinks, JSON-LD, the PDF's links, the data
    exports, the feed) becomes the version's own, site_url/VERSION/..., which later releases
    leave as it is. What a reader cites is what they read."""
    base = r.report.site_url.rstrip("/") + "/" + quote(version, safe="") + "/"
    return replace(r, report=r.report.model_copy(update={"site_url": base}))


def term_anchor(vocabulary: vocab.Vocabulary, key: str) -> str:
    return f"{vocabulary.name}-{key.lower()}"




@functools.lru_cache(maxsize=65536)  # a bounded cache: the same few paths recur on every page
def _relative(path: str, folder: str) -> str:
    """posixpath.relpath for the site's own normalised page paths, without its cost."""
    if not folder:
        return path
    here, there = folder.split("/"), path.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def record_file(kind: str, record_id: str) -> str:
    """The record's file, relative to content/: claims/<id>.yaml."""
    return f"{FOLDER[kind]}/{record_id}.yaml"
