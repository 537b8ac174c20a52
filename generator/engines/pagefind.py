"""The site's search: Pagefind indexes the built HTML; entity pages give it every spelling of a name.

Pagefind (`pagefind[bin]`, pinned in pyproject.toml) runs once per build, from the claimsite
plugin's on_post_build (mkdocs_hook.py), so `python -m generator site`, `mkdocs build`,
`mkdocs serve` and mike all write the same index into the site's pagefind/ folder, before
the safety scan reads the site. In the browser, Pagefind's Default UI in the header
(overrides/partials/search.html) loads only the index chunks a query needs: Material's own
search built one JSON index of the whole site on every page load, 12-20 s at 10,000 claims.

Only each page's article is indexed (overrides/main.html marks it data-pagefind-body): not the
navigation, header or footer, and not the 404 page.

Pagefind splits words at spaces and punctuation, indexes "Type-75" as "type75", "type" and
"75", and reads a query "Type-75" as "type75"; but a query "type75" does not find the text
"Type 75": search_terms.py gives each weapon, actor and place page the hyphen-joined pairs
of its names' words written apart ("type-75"), which Pagefind finds in every form people type.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

INDEX_DIR = "pagefind"  # below the site's root; Pagefind's UI finds the site's base address from it
# The scripts Pagefind writes into INDEX_DIR: the only scripts of the site besides the theme's.
SCRIPTS = frozenset({"pagefind.js", "pagefind-ui.js", "pagefind-worker.js", "pagefind-highlight.js",
                     "pagefind-modular-ui.js", "pagefind-component-ui.js"})
ENTRY = "pagefind-entry.json"  # Pagefind's summary of the index: its version, languages and page counts
FRAGMENT_SIGNATURE = b"pagefind_dcd"  # what each gzipped fragment starts with, before its JSON

# What Pagefind indexes for each page (data-pagefind-body), less the marks that are not text:
# the headings' permalinks and the footnotes' links back.
EXCLUDE = ".headerlink, .footnote-backref"


class SearchIndexFailed(Exception):
    """Pagefind could not index the site; the message holds what it printed."""


def pagefind_binary() -> Path:
    """The Pagefind executable of the pinned `pagefind_bin` wheel (never one found on PATH)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as e:
        raise SearchIndexFailed("Pagefind is not installed (the pagefind[bin] package): run `make install`") from e
    return Path(get_executable())


def index_site(site: Path, *, stage=None) -> int:
    """Index the built site into site/pagefind/ with Pagefind; returns the number of pages indexed.

    Pagefind reads settings from PAGEFIND_* variables and from a pagefind.yml (or .toml, .json)
    in its working folder: it runs without those and in an empty folder, so every build of the
    same site gives the same index. Raises SearchIndexFailed when Pagefind fails or indexes nothing."""
    site = Path(site).resolve()
    (stage or _stage)(f"indexing {_count_pages(site)} HTML files with Pagefind")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    command = [str(pagefind_binary()), "--site", str(site), "--output-subdir", INDEX_DIR,
               "--exclude-selectors", EXCLUDE, "--quiet"]
    with tempfile.TemporaryDirectory(prefix="claimsite-pagefind-") as empty:
        try:
            done = subprocess.run(command, cwd=empty, env=env, capture_output=True, text=True,
                                  errors="replace", stdin=subprocess.DEVNULL)
        except OSError as e:
            raise SearchIndexFailed(f"Pagefind could not be started: {e}") from e
    said = done.stderr.strip() or done.stdout.strip()  # Pagefind prints its errors on both
    if done.returncode != 0:
        raise SearchIndexFailed(f"Pagefind failed (exit code {done.returncode}):\n{said[-4000:]}")
    pages = indexed_pages(site)
    if not pages:
        raise SearchIndexFailed(f"Pagefind indexed no page of {site}" + (f":\n{said[-4000:]}" if said else ""))
    return pages


def indexed_pages(site: Path) -> int:
    """The number of pages in the site's Pagefind index; 0 where there is none."""
    try:
        entry = json.loads((Path(site) / INDEX_DIR / ENTRY).read_text(encoding="utf-8"))
        return sum(int(lang.get("page_count", 0)) for lang in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0


def _count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def _stage(text: str) -> None:
    print(f"search: {text}", file=sys.stderr, flush=True)
