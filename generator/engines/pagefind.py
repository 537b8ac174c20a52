"""The site's search: Pagefind indexes the built HTML; entity pages give it every spelling of a name.

Pagefind (`pagefind[bin]`, pinned in pyproject.toml) runs once per build, from the claimsite
plugin's on_post_build (mkdocs_hook.py), so `python -m generator site`, `mkdocs build`,
`mkdocs serve` and mike all write the same index into the site's pagefind/ folder, before
the safety scan reads the site. In the browser, Pagefind's Default UI in the header
(overrides/partials/search.html) loads only the index chunks a query needs: Material's own
search built one JSON index of the whole site on every page load, 12-20 s at 10,000 claims.

A large site is indexed in bundles, one Pagefind run each, one at a time: its indexer holds
about three times the HTML it reads until it writes (1.6 GB at 10,000 claims in one run).
pagefind/ holds the pages outside the record folders (the home page, the indexes, the timeline)
and the UI's scripts; the claim pages, then the sources', weapons', actors' and places' pages,
are spread over the bundles after it, each group over bundles of its own of about its number
of pages (GROUPS), each page to the bundle its address hashes to, so an edit re-indexes only the
bundles whose pages changed. The entity pages are fewer and heavier (their charts and lists):
at 10,000 claims, 1,900 of them in one bundle took 640 MB, against 200 MB for 2,000 claim
pages. The UI merges the bundles into one search box (Pagefind's `mergeIndex`,
overrides/partials/javascripts/search.html, which reads their names from the search box's
data-bundles attribute).

Only each page's article is indexed (overrides/main.html marks it data-pagefind-body): not the
navigation, header or footer, and not the 404 page. Of a page that lists every record (the claims,
the sources, the discrepancies, the timeline, the verification debt: templates/listing_head.md.j2)
only the heading and the introduction are indexed: each entry is found on its record's own page,
and such a page grows with the report. Pagefind's UI builds a result's excerpts by splitting the
page's whole text again for each matching section, in its one web worker, which every bundle's
results wait for: at 10,000 claims the whole discrepancies page (341,589 words, 4,204 headings)
held a query's first result back 8-10 s in Chromium.

Pagefind splits words at spaces and punctuation, indexes "Type-75" as "type75", "type" and
"75", and reads a query "Type-75" as "type75"; but a query "type75" does not find the text
"Type 75": search_terms.py gives each weapon, actor and place page the hyphen-joined pairs
of its names' words written apart ("type-75"), which Pagefind finds in every form people type.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
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
# A site of up to BATCH_PAGES pages is one bundle. Beyond, each group of record pages below is
# spread over bundles of its own, of up to its number of pages: about 200 MB of Pagefind at a time.
BATCH_PAGES = 2500
GROUPS = ((("claims/",), 2500), (("sources/", "weapons/", "actors/", "places/"), 700))

@dataclass(frozen=True)
class Indexed:
    """What index_site did: the pages in the index, each bundle's digest of its input, the bundles
    it ran Pagefind for (the others were kept as the previous build left them), and the digest of
    each HTML file it read (page_digest), by its path below the site: the safety scan checks the
    same bytes against what it was fed without reading the site a second time."""

    pages: int
    digests: dict[str, str]
    ran: tuple[str, ...]
    read: dict[str, bytes] = field(default_factory=dict)


class SearchIndexFailed(Exception):
    """Pagefind could not index the site; the message holds what it printed."""


def pagefind_binary() -> Path:
    """The Pagefind executable of the pinned `pagefind_bin` wheel (never one found on PATH)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as e:
        raise SearchIndexFailed("Pagefind is not installed (the pagefind[bin] package): run `make install`") from e
    return Path(get_executable())


def layout(paths) -> tuple[int, ...]:
    """How the index of a site of pages at `paths` is cut: each group's number of bundles (GROUPS),
    after pagefind/; () where pagefind/ alone holds every page (up to BATCH_PAGES pages)."""
    paths = list(paths)
    counts = [sum(p.startswith(prefixes) for p in paths) for prefixes, _ in GROUPS]
    if len(paths) <= BATCH_PAGES or not any(counts):
        return ()
    return tuple(-(-count // size) for count, (_, size) in zip(counts, GROUPS))


def bundles(cut: tuple[int, ...]) -> list[str]:
    """The index's bundle folders for a layout(), pagefind/ first."""
    return [INDEX_DIR] + [f"{INDEX_DIR}-{n}" for n in range(2, 2 + sum(cut))]


def bundle_of(rel: str, cut: tuple[int, ...]) -> int:
    """Which bundle of a layout() indexes the page at `rel`: the same one at every build."""
    first = 1
    for (prefixes, _), count in zip(GROUPS, cut):
        if rel.startswith(prefixes) and count:
            digest = hashlib.blake2b(rel.encode("utf-8"), digest_size=8).digest()
            return first + int.from_bytes(digest, "big") % count
        first += count
    return 0


def index_site(site: Path, *, cut: tuple[int, ...] = (), previous: dict[str, str] | None = None,
               stage=None) -> Indexed:
    """Index the built site into the bundles of the layout `cut` (layout()) with Pagefind, one run at a time.

    A bundle whose pages are byte for byte those `previous` (a former Indexed.digests) was made
    from, and that is still in the site, is kept. Pagefind reads settings from PAGEFIND_*
    variables and from a pagefind.yml (or .toml, .json) in its working folder: it runs without
    those and in an empty folder, so every build of the same site gives the same index. Raises
    SearchIndexFailed when Pagefind fails or indexes nothing."""
    site = Path(site).resolve()
    names = bundles(cut)
    parts: list[list[str]] = [[] for _ in names]
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel.split("/", 1)[0] not in names:
            parts[bundle_of(rel, cut)].append(rel)
    read = {rel: page_digest((site / rel).read_bytes()) for part in parts for rel in part}
    digests = {name: _digest(sorted(part), read) for name, part in zip(names, parts)}
    todo = [i for i, name in enumerate(names)
            if (previous or {}).get(name) != digests[name] or not (site / name / ENTRY).is_file()]
    (stage or _stage)(f"indexing {sum(len(parts[i]) for i in todo)} of {sum(map(len, parts))} HTML files "
                      f"with Pagefind, in {len(todo)} of {len(names)} bundle(s)")
    _run_in_turn(site, [(names[i], parts[i] if len(names) > 1 else None)
                        for i in todo if parts[i] or len(names) == 1])
    pages = indexed_pages(site, names)
    if not pages:
        raise SearchIndexFailed(f"Pagefind indexed no page of {site}")
    return Indexed(pages, digests, tuple(names[i] for i in todo), read)


def page_digest(data: bytes) -> bytes:
    """One HTML file's digest, as the bundles' digests and the safety scan (scanpool.py) take it."""
    return hashlib.blake2b(data, digest_size=16).digest()


def _digest(rels: list[str], read: dict[str, bytes]) -> str:
    """What a bundle is made from: its pages' addresses and bytes (`read`: their page_digest), and
    how Pagefind is run."""
    h = hashlib.blake2b(f"{EXCLUDE}\n{_version()}".encode("utf-8"), digest_size=16)
    for rel in rels:
        h.update(rel.encode("utf-8") + b"\0" + read[rel])
    return h.hexdigest()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        return ""


def _run_in_turn(site: Path, runs: list[tuple[str, list[str] | None]]) -> None:
    """Pagefind's runs (into site/name, over `rels`), one at a time. The next run's folder of links
    is made while Pagefind indexes, and each folder is removed while the next run indexes: at 10,000
    claims making and removing the links of 2,500 pages took 4-9 s between two runs."""
    made: list[_Run] = []  # made[n]: run n
    try:
        for n in range(len(runs)):
            if n == 0:
                made.append(_Run(site, *runs[0]))
            made[n].start()
            if n:
                made[n - 1].close()
            if n + 1 < len(runs):
                made.append(_Run(site, *runs[n + 1]))
            made[n].finish()
    finally:
        for run in made:
            run.close()


class _Run:
    """One Pagefind run into site/name: over the whole site, or over `rels` alone (linked into an
    empty folder, so Pagefind gives each the address it has in the site)."""

    def __init__(self, site: Path, name: str, rels: list[str] | None):
        self.site, self.name, self.whole = site, name, rels is None
        self._proc: subprocess.Popen | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="claimsite-pagefind-")
        self.source = site
        if rels is not None:
            self.source = Path(self._folder.name) / "pages"
            for rel in rels:
                (self.source / rel).parent.mkdir(parents=True, exist_ok=True)
                (self.source / rel).symlink_to(site / rel)

    def start(self) -> None:
        out = self.site / self.name
        shutil.rmtree(out, ignore_errors=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
        command = [str(pagefind_binary()), "--site", str(self.source), "--output-path", str(out),
                   "--exclude-selectors", EXCLUDE, "--quiet"]
        try:
            self._proc = subprocess.Popen(command, cwd=self._folder.name, env=env, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True, errors="replace",
                                          stdin=subprocess.DEVNULL)
        except OSError as e:
            raise SearchIndexFailed(f"Pagefind could not be started: {e}") from e

    def finish(self) -> None:
        """Wait for Pagefind; raises SearchIndexFailed where it failed or, over the whole site, indexed nothing."""
        stdout, stderr = self._proc.communicate()
        said = stderr.strip() or stdout.strip()  # Pagefind prints its errors on both
        if self._proc.returncode != 0:
            raise SearchIndexFailed(f"Pagefind failed (exit code {self._proc.returncode}):\n{said[-4000:]}")
        if self.whole and not indexed_pages(self.site, [self.name]):
            raise SearchIndexFailed(f"Pagefind indexed no page of {self.site}" + (f":\n{said[-4000:]}" if said else ""))

    def close(self) -> None:
        """Stop Pagefind if it still runs (a run before it failed, or an interruption), and remove the links."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.communicate()
        self._folder.cleanup()


def present(site: Path) -> list[str]:
    """The bundle folders in a built site, pagefind/ first."""
    site = Path(site)
    found = [p.name for p in site.glob(f"{INDEX_DIR}-*") if p.name[len(INDEX_DIR) + 1:].isdigit()]
    return [INDEX_DIR] * (site / INDEX_DIR).is_dir() + sorted(found, key=lambda n: int(n.rsplit("-", 1)[1]))


def indexed_pages(site: Path, names: list[str] | None = None) -> int:
    """The number of pages in the site's Pagefind index, every bundle's; 0 where there is none."""
    return sum(_bundle_pages(Path(site) / name) for name in (present(site) if names is None else names))


def _bundle_pages(bundle: Path) -> int:
    try:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        return sum(int(lang.get("page_count", 0)) for lang in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0


def _stage(text: str) -> None:
    print(f"search: {text}", file=sys.stderr, flush=True)
