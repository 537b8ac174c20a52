"""One build for every command: a resolved report -> its pages, its downloads and its PDF.

The site verb, the MkDocs plugin (`mkdocs build`, `mike deploy`), `render` and `pdf` all
assemble the report here, so that it comes out the same whichever command builds it: the
same pages, the same PDF (its Changes section included), the same downloads.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import clock
from .history import Changelog
from .memo import NO_MEMO, Memo
from .gather import extras, release_changes
from .pages import PDF_NAME, Download, Extras, Page, site_pages
from .resolve import Resolved
from .validate import Checks


class PdfFailed(Exception):
    """The PDF could not be written; the message says why."""


@dataclass(frozen=True)
class Options:
    """What a build is asked for."""

    pdf: Path | None = None  # where to write the PDF; None: no PDF (live preview, --no-pdf)
    version: str | None = None  # the published version (mike's); None: a draft
    since: str | None = None  # the release the changelog starts from; None: the newest release tag
    epoch: int | None = None  # the build's date (clock.build_epoch); None: read it once, in assemble


@dataclass
class Site:
    """Everything a site engine is given: the report, its pages and what is offered beside them."""

    resolved: Resolved
    extras: Extras
    pages: list[Page]
    epoch: int  # the build's date, in seconds since 1970 (generator/clock.py)

    @property
    def downloads(self) -> tuple[Download, ...]:
        return self.extras.downloads


_UNSET = object()


def changes(content: Path, report: Checks | Resolved, options: Options = Options()) -> Changelog | None:
    """The changelog of the build: since `options.since`, else since the newest release."""
    return release_changes(content, report, options.since)


def write_pdf(resolved: Resolved, content: Path, path: Path, *, version: str | None = None, epoch: int,
              changelog: Changelog | None | object = _UNSET, stage: Callable[[str], None] | None = None,
              failed: type[Exception] = PdfFailed, hint: str | None = None) -> Download:
    """Typeset the whole report into `path`, with the authored pages and the Changes section; raises
    `failed` with the reason (and `hint`) where Typst or the fonts fail."""
    from .engines import typst

    if stage:
        stage("writing the PDF")
    changelog = release_changes(content, resolved) if changelog is _UNSET else changelog
    try:
        typst.write_pdf(resolved, path, version=version or "draft", content=content, changes=changelog, epoch=epoch)
    except Exception as e:  # the PDF's own errors: reported, and nothing is built
        raise failed(f"the PDF could not be written ({type(e).__name__}: {e})"
                     + (f"; {hint}" if hint else "")) from e
    return Download("The report as PDF", PDF_NAME,
                    "the whole report, with footnotes, a table of contents and an index", path)


def assemble(resolved: Resolved, content: Path, options: Options = Options(), *,
             changelog: Changelog | None | object = _UNSET, stage: Callable[[str], None] | None = None,
             failed: type[Exception] = PdfFailed, hint: str | None = None, pages: bool = True,
             memo: Memo = NO_MEMO) -> Site:
    """The report's site: the PDF written where `options.pdf` says, the downloads, every page.

    `changelog` is computed from git when not given (a caller that let go of the checked records
    computes it before resolving). With `pages=False` the site has neither pages nor data files:
    a writer that makes them in several processes (verbs/render.py) builds them itself. `memo`: live
    preview's, which keeps the index pages' rows for its edits (memo.py)."""
    changelog = changes(content, resolved, options) if changelog is _UNSET else changelog
    epoch = clock.build_epoch(resolved) if options.epoch is None else options.epoch
    downloads = (write_pdf(resolved, content, options.pdf, version=options.version, epoch=epoch,
                           changelog=changelog, stage=stage, failed=failed, hint=hint),) if options.pdf else ()
    site_extras = extras(resolved, content, downloads, changelog, version=options.version,  # type: ignore[arg-type]
                         data_files=pages)
    return Site(resolved, site_extras, site_pages(resolved, site_extras, memo=memo) if pages else [], epoch)
