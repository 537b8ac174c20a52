"""The safety scan beside the build: each page is scanned on another core as it is written.

MkDocs builds pages on one core, and scanning a page with the standard library's
HTML parser takes about half as long as building it: run after the build, the
scan added a third to a 10,000-claim build. A ScanAlongside is fed each page's
HTML as the builder hands it over and scans batches of pages in a worker process
meanwhile; finish() then reads the built site back and scans anything it was not
fed or that differs from what it was fed (so what is on disk is what was scanned),
plus the stylesheets and other files scan.scan_assets checks. The findings are
those of scan.scan_site on the finished folder. A build again over a copy of the previous
site trusts the pages that build scanned (trust): those still byte for byte the same are
not scanned again.

The worker is a fresh interpreter (spawn), not a fork of the builder: a fork started once the
site was assembled kept its own copy of every record and page context, over 400 MB at 10,000
claims, as the builder freed or rewrote them; spawned, it holds about 40 MB.

The scan of a page takes longer than MkDocs' writing of it: the builder is held back only once
the pages it handed over and the worker has not yet scanned reach AHEAD characters, not at every
few batches. Once the last page is written (written()), the worker scans what is left beside
Pagefind's first run, on the other core, instead of Pagefind waiting for it; finish() waits for
it and ends it.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from . import scan
from .pagefind import page_digest
from .scan import Finding

BATCH = 32  # pages per task: large enough that handing them over costs little
# The characters of HTML per worker the builder may be ahead of the scan, held in memory until
# scanned: a few seconds of the worker's scanning, which it does beside Pagefind's first run.
AHEAD = 32 * 2**20


_digest = page_digest  # the same digest as the search bundles': a page read once serves both


def quiet_pool(workers: int, initializer=None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """`workers` fresh interpreters (spawn), started now, that Ctrl-C does not reach.

    A terminal's Ctrl-C goes to every process of the build; a worker it reaches while starting
    or waiting prints a traceback, where the build promises one line (verbs/site.py). The builder
    stops its workers itself (close, shutdown). SIGINT is blocked while they start, so that none
    gets it before it ignores it (a blocked signal stays blocked across exec)."""
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_ignore_ctrl_c, initargs=(initializer, initargs))
    main = threading.current_thread() is threading.main_thread()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if main else None
    try:
        for _ in range(workers):  # each submit starts one worker while none is idle
            pool.submit(int)
    finally:
        if main:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    return pool


def _ignore_ctrl_c(initializer, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if initializer is not None:
        initializer(*initargs)


def _scan_batch(pages: list[tuple[str, str]]) -> list[tuple[str, list[Finding], list[tuple[str, str]] | None]]:
    return [(rel, *scan.scan_page_before_site(html, rel)) for rel, html in pages]


class ScanAlongside:
    def __init__(self, site: Path):
        self.site = Path(site)
        workers = max(1, (os.cpu_count() or 1) - 1)  # the builder keeps one core
        self._ahead = AHEAD * workers
        # spawn, not fork (see above). A worker imports the builder's main script again only where
        # it was run as a file (not `python -m`): such a script needs its `__main__` guard.
        self._pool = quiet_pool(workers)
        self._batch: list[tuple[str, str]] = []
        self._tasks: list[Future] = []
        self._sizes: list[int] = []  # the characters of each task in _tasks
        self._fed: dict[str, bytes] = {}  # path below the site -> digest of the bytes written
        self.scanned: dict[str, bytes] = {}  # after finish(): every page of the site, by its digest
        self._found: list[Finding] = []  # settle(): the fed pages' findings
        self._scripts: list[tuple[str, str, str]] = []  # settle(): (page, src, path) of each script they name

    def trust(self, scanned: dict[str, bytes]) -> None:
        """Pages a former scan (its `scanned`) found clean: scanned again only where they changed."""
        self._fed.update({rel: digest for rel, digest in scanned.items() if rel not in self._fed})

    def feed(self, rel: str, html: str) -> None:
        """A page as it will be written to site/rel (UTF-8, as MkDocs writes it)."""
        self._fed[rel] = _digest(html.encode("utf-8", errors="xmlcharrefreplace"))
        self._batch.append((rel, html))
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            self._tasks.append(self._pool.submit(_scan_batch, self._batch))
            self._sizes.append(sum(len(html) for _, html in self._batch))
            self._batch = []
            self._hold_back()

    def _hold_back(self) -> None:
        """Wait for the oldest tasks while the pages not yet scanned exceed the bound: a slower scan
        holds the builder back, not ever more of its pages in memory."""
        pending = [(task, size) for task, size in zip(self._tasks, self._sizes) if not task.done()]
        waiting = sum(size for _, size in pending)
        for task, size in pending:
            if waiting <= self._ahead:
                break
            task.result()
            waiting -= size

    def written(self) -> None:
        """Every page is written: hand over the last batch; the worker scans what is left meanwhile."""
        self._flush()

    def settle(self) -> None:
        """Wait for the scan of every page fed, and end the worker: the site's pages are all written."""
        self._flush()
        try:
            for task in self._tasks:
                for rel, found, scripts in task.result():
                    if scripts is None:  # only the finished site can tell: scanned again by finish()
                        self._fed.pop(rel, None)
                        continue
                    self._found += found
                    self._scripts += [(rel, src, target) for src, target in scripts]
        finally:
            self._tasks, self._sizes = [], []
            self._pool.shutdown(wait=True, cancel_futures=True)

    def finish(self, read: dict[str, bytes] | None = None) -> list[Finding]:
        """Every finding in the finished site folder. `read`: the digests (pagefind.page_digest) of
        pages read from the finished folder already (pagefind.Indexed.read), not read again."""
        read = read or {}
        try:
            self.settle()
            findings = self._found + [Finding(rel, scan.missing_script(src)) for rel, src, target in self._scripts
                                      if not (self.site / target).is_file()]
            unseen, scanned = [], {}
            for path in sorted(self.site.rglob("*.html")):
                rel = path.relative_to(self.site).as_posix()
                scanned[rel] = read[rel] if rel in read else _digest(path.read_bytes())
                if self._fed.get(rel) != scanned[rel]:
                    unseen.append(path)
            findings += [f for found in scan.scan_pages(self.site, unseen) for f in found]
            findings += scan.scan_assets(self.site)
            self.scanned = scanned
        finally:
            self.close()
        return findings[: scan.MAX_FINDINGS] if len(findings) > scan.MAX_FINDINGS else findings

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._tasks, self._sizes, self._batch, self._fed, self._found, self._scripts = [], [], [], {}, [], []
