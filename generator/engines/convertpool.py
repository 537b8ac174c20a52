"""The pages' Markdown converted to HTML on two cores: the last part of the pages in a worker process.

MkDocs converts every page's Markdown to HTML, one page after another, before it writes the
first page: about two thirds of its build, on one core, while the other core has nothing to do
(the safety scan and Pagefind come later, with the written pages). A ConvertAlongside gives a
worker process the pages at the end of the order, about half of the work (LINE: how it is
weighed): the worker converts them as MkDocs would (its Markdown extensions, its links checked
against the same files), while MkDocs converts the first part; when MkDocs reaches the worker's
pages, each page takes the worker's result instead of converting its Markdown (take). What a conversion logs (a
link to a missing page, in strict mode a failure) is logged again by the builder, page by page
in the order MkDocs would have logged it; the HTML is the same, byte for byte.

The worker is a fresh interpreter (spawn, as the scan's: a fork would keep a copy of the
builder's memory), started before the pages are rendered so that it has loaded MkDocs by the
time they are; it ends once MkDocs has every page's HTML (close), before the first page is
written.
"""
from __future__ import annotations

import logging
import os
import zlib
from concurrent.futures import Future

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .scanpool import quiet_pool

FROM_PAGES = 200  # below, starting the worker costs more than it saves
SHARE = 0.5  # the part of the conversion's work the worker does
# What a page's conversion costs, in characters: a line costs about as much as 220 of them
# (MkDocs' conversion of the 1,000-claim report: 0.24 us a character and 54 us a line; a claim
# page, short lines of links and footnotes, costs three times a weapon page's, long lines of SVG,
# by the character).
LINE = 220
BATCH = 16  # pages per task

# -- in the worker ---------------------------------------------------------------------


class _Kept(logging.Handler):
    """What MkDocs logs while the worker converts a page, kept to be logged again by the builder."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


_worker: dict = {}


def _start(config_file: str, site_dir: str, level: int) -> None:
    logger = logging.getLogger("mkdocs")
    logger.propagate = False
    logger.setLevel(level)
    _worker["config"] = load_config(config_file=config_file, site_dir=site_dir, strict=True)
    kept = _worker["kept"] = _Kept()
    logger.handlers = [kept]


def _files(site_url: str | None, files: list[tuple[str, int]]) -> None:
    """The build's files, by address and inclusion: what a page's links are checked against."""
    config = _worker["config"]
    config.site_url = site_url
    _worker["files"] = Files([_file(config, uri, InclusionLevel(level)) for uri, level in files])


def _file(config, uri: str, inclusion: InclusionLevel) -> File:
    """A file at `uri` as File.generated makes one (outside a plugin's event, which that needs)."""
    made = File(uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls,
                inclusion=inclusion)
    made._content = ""
    return made


def _convert(pages: list[tuple[str, str]]) -> list[tuple]:
    config, files, kept = _worker["config"], _worker["files"], _worker["kept"]
    done = []
    for uri, source in pages:
        file = files.get_file_from_path(uri)
        file.content_string = source
        page = Page(None, file, config)
        kept.records = []
        page.read_source(config)
        page.render(config, files)
        links = {target.src_uri: anchors for target, anchors in (page.links_to_anchors or {}).items()}
        done.append((uri, zlib.compress(page.content.encode("utf-8"), 1), page.meta, page.toc,
                     page._title_from_render, page.present_anchor_ids,
                     links if page.links_to_anchors is not None else None, kept.records))
        file.content_string, file.page = "", None
    return done


# -- in the builder --------------------------------------------------------------------


class ConvertAlongside:
    """A worker that converts the last part of the pages while MkDocs converts the first."""

    def __init__(self, config) -> None:
        # spawn, not fork (see above), started now: it loads MkDocs and the configuration, as the
        # build did, while the pages are rendered.
        self._pool = quiet_pool(1, _start, (config.config_file_path, config.site_dir,
                                            logging.getLogger("mkdocs").getEffectiveLevel()))
        self._tasks: dict[str, Future] = {}  # a worker page's address -> its batch
        self._done: dict[str, tuple] = {}

    def hand_over(self, files: Files, pages: list[File], site_url: str | None) -> None:
        """Give the worker the pages at the end of `pages` (in the order MkDocs converts them), about
        SHARE of their conversion's work."""
        sizes = [_cost(f.content_string) for f in pages]
        budget, first = SHARE * sum(sizes), len(pages)
        while first > 0 and budget >= sizes[first - 1]:
            first -= 1
            budget -= sizes[first]
        self._pool.submit(_files, site_url, [(f.src_uri, f.inclusion.value) for f in files]).result()
        theirs = pages[first:]
        for n in range(0, len(theirs), BATCH):
            batch = [(f.src_uri, f.content_string) for f in theirs[n:n + BATCH]]
            for f in theirs[n:n + BATCH]:  # the worker's now: freed once it has converted them
                f.content_string = ""
            task = self._pool.submit(_convert, batch)
            self._tasks.update((uri, task) for uri, _ in batch)

    def owns(self, page: Page) -> bool:
        return page.file.src_uri in self._tasks

    def take(self, page: Page, files: Files) -> None:
        """Give `page` what its reading and render() would have: the worker's HTML, metadata, table of
        contents, title and anchors (MkDocs read an empty page: its Markdown went to the worker); and
        log what the conversion logged."""
        uri = page.file.src_uri
        if uri not in self._done:
            self._done.update((r[0], r) for r in self._tasks[uri].result())
        _, html, meta, toc, title, anchors, links, records = self._done.pop(uri)
        del self._tasks[uri]
        for name, level, message in records:
            logger = logging.getLogger(name)
            if logger.isEnabledFor(level):
                logger.handle(logger.makeRecord(name, level, __file__, 0, message, None, None))
        page.content, page.meta = zlib.decompress(html).decode("utf-8"), meta
        page.toc, page._title_from_render = toc, title
        page.present_anchor_ids = anchors
        if links is not None:
            page.links_to_anchors = {files.get_file_from_path(target): found for target, found in links.items()}

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._tasks, self._done = {}, {}


def _cost(markdown: str) -> int:
    return len(markdown) + LINE * markdown.count("\n")


def wanted(pages: int) -> bool:
    """Whether a build of this many pages to convert gains from the worker."""
    return pages >= FROM_PAGES and (os.cpu_count() or 1) >= 2
