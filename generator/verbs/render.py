"""render: write the site's generated Markdown into a folder, as MkDocs receives it."""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Iterable, Iterator

from .. import driver, fanout
from ..bulk import bulk
from ..gather import data_downloads
from ..pages import PDF_NAME, Lookups, Page, front_pages, record_jobs, record_page
from ..progress import Progress
from ..outputs.markdown import environment, render_page, render_pages
from ._common import add_all_argument, add_content_argument, resolve_content

MARKER = ".claimsite-render"  # marks a folder this verb may empty and rewrite
CHUNK = 250  # record pages per piece of work for a worker: enough that handing over costs little
HELP = ("write every page of the site as Markdown into a folder, with the PDF and the data files: "
        "exactly what the site build gives MkDocs")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_all_argument(p)
    add_content_argument(p)
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="the folder to write into; its previous contents are replaced")
    p.add_argument("--no-pdf", action="store_true",
                   help="leave the PDF out (as `site --no-pdf` does: the home page then does not offer it)")
    p.epilog = (p.epilog or "") + "  here 3 means: the PDF could not be written\n"


def run(args: argparse.Namespace) -> int:
    try:
        asked = fanout.wanted()
    except fanout.BadWorkers as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    _, resolved = resolve_content(args.content, everything=args.all)
    if resolved is None:
        return 1
    processes = fanout.workers(len(resolved.claims), asked)
    if args.out.exists() and any(args.out.iterdir()) and not (args.out / MARKER).exists():
        print(f"error: {args.out} is not empty and was not written by render: choose another folder",
              file=sys.stderr)
        return 2
    staging = args.out.with_name(f".{args.out.name}.partial")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        options = driver.Options(pdf=None if args.no_pdf else staging / PDF_NAME)
        site = driver.assemble(resolved, args.content, options, pages=processes == 1,
                               stage=lambda text: print(f"render: {text}", file=sys.stderr))
    except driver.PdfFailed as e:
        shutil.rmtree(staging)
        print(f"error: {e}; use --no-pdf to write the pages without it", file=sys.stderr)
        return 3
    if processes == 1:
        pages = render_pages(site.pages)
        write_pages(pages, staging, {rel: data for rel, data in site.extras.data_files})
        written = len(pages)
    else:
        written = write_forked(site, staging, processes)
    if args.out.exists():
        shutil.rmtree(args.out)
    staging.rename(args.out)
    print(f"wrote {written} pages to {args.out}", file=sys.stderr)
    return 0


def write_pages(pages: dict[str, str], out: Path, files: dict[str, bytes] | None = None) -> None:
    """The pages and the other files of the site, each at its path below `out` (which exists)."""
    _mark(out)
    everything = {**{rel: markdown.encode("utf-8") for rel, markdown in pages.items()}, **(files or {})}
    progress = Progress("writing pages")
    for n, (rel, data) in enumerate(sorted(everything.items()), 1):
        progress(n, len(everything))
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    progress.close()


def _mark(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by python -m generator render; emptied at each run\n", encoding="utf-8")


def _write(files: Iterable[tuple[str, bytes]], out: Path) -> list[str]:
    written = []
    for rel, data in files:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(rel)
    return written


@bulk
def write_forked(site: driver.Site, out: Path, processes: int) -> int:
    """What render_pages and write_pages write for the whole site, byte for byte, made by
    `processes` forked workers: the data files, and the record pages CHUNK at a time, each worker
    building, rendering and writing its pages; this process does the front pages meanwhile.
    `site` is assembled with pages=False. Returns the number of pages."""
    r, extras = site.resolved, site.extras
    lookups, jobs, env = Lookups.of(r), record_jobs(r), environment()
    chunks = [jobs[n:n + CHUNK] for n in range(0, len(jobs), CHUNK)]

    def rendered(pages: list[Page]) -> Iterator[tuple[str, bytes]]:
        for page in pages:
            yield page.path, (page.markdown if page.markdown is not None else render_page(page, env)).encode("utf-8")

    def work(n: int) -> list[str]:
        if n == 0:  # the data files: the largest single piece, so it starts first
            return _write(data_downloads(r)[0], out)
        return _write(rendered([record_page(r, job, lookups, extras) for job in chunks[n - 1]]), out)

    _mark(out)
    written, front = fanout.fork_map(work, len(chunks) + 1, processes,
                                     meanwhile=lambda: _write(rendered(front_pages(r, extras, lookups)), out))
    data, pages = written[0], [*front, *(rel for part in written[1:] for rel in part)]
    if len(set(pages)) < len(pages):
        raise ValueError(f"two pages would be written to {_first_repeated(pages)}")
    if not set(data).isdisjoint(pages):
        raise ValueError(f"a data file and a page would be written to {sorted(set(data) & set(pages))[0]}")
    return len(pages)


def _first_repeated(paths: list[str]) -> str:
    seen: set[str] = set()
    return next(p for p in paths if p in seen or seen.add(p))  # type: ignore[func-returns-value]
