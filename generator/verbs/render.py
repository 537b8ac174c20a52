"""render: write the site's generated Markdown into a folder, as MkDocs receives it."""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from ..pages import Extras, read_authored
from ._common import add_all_argument, add_content_argument, resolve_content
from ..render import render_site

MARKER = ".claimsite-render"  # marks a folder this verb may empty and rewrite
HELP = "write every page of the site as Markdown into a folder (what MkDocs receives)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_all_argument(p)
    add_content_argument(p)
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="the folder to write into; its previous contents are replaced")


def run(args: argparse.Namespace) -> int:
    _, resolved = resolve_content(args.content, everything=args.all)
    if resolved is None:
        return 1
    pages = render_site(resolved, Extras(authored=read_authored(args.content)))
    if args.out.exists() and any(args.out.iterdir()) and not (args.out / MARKER).exists():
        print(f"error: {args.out} is not empty and was not written by render: choose another folder",
              file=sys.stderr)
        return 2
    write_pages(pages, args.out)
    print(f"wrote {len(pages)} pages to {args.out}", file=sys.stderr)
    return 0


def write_pages(pages: dict[str, str], out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("written by python -m generator render; emptied at each run\n", encoding="utf-8")
    for rel, markdown in pages.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
