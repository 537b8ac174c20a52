"""render: write the site's generated Markdown into a folder, as MkDocs receives it."""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .. import driver
from ..pages import PDF_NAME
from ..progress import Progress
from ..outputs.markdown import render_pages
from ._common import add_all_argument, add_content_argument, resolve_content

MARKER = ".claimsite-render"  # marks a folder this verb may empty and rewrite
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
    _, resolved = resolve_content(args.content, everything=args.all)
    if resolved is None:
        return 1
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
        site = driver.assemble(resolved, args.content, options,
                               stage=lambda text: print(f"render: {text}", file=sys.stderr))
    except driver.PdfFailed as e:
        shutil.rmtree(staging)
        print(f"error: {e}; use --no-pdf to write the pages without it", file=sys.stderr)
        return 3
    pages = render_pages(site.pages)
    write_pages(pages, staging, {rel: data for rel, data in site.extras.data_files})
    if args.out.exists():
        shutil.rmtree(args.out)
    staging.rename(args.out)
    print(f"wrote {len(pages)} pages to {args.out}", file=sys.stderr)
    return 0


def write_pages(pages: dict[str, str], out: Path, files: dict[str, bytes] | None = None) -> None:
    """The pages and the other files of the site, each at its path below `out` (which exists)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by python -m generator render; emptied at each run\n", encoding="utf-8")
    everything = {**{rel: markdown.encode("utf-8") for rel, markdown in pages.items()}, **(files or {})}
    progress = Progress("writing pages")
    for n, (rel, data) in enumerate(sorted(everything.items()), 1):
        progress(n, len(everything))
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    progress.close()
