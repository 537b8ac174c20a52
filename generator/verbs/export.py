"""export: write the open-data downloads (JSON, CSV, CSL-JSON, Atom, JSON Schemas)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..outputs.exports import exports
from ..progress import Progress
from ._common import add_all_argument, add_content_argument, resolve_content

HELP = "write the data downloads (claims as JSON and CSV, sources as CSL-JSON, an Atom feed, schemas)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_all_argument(p)
    p.epilog = (p.epilog or "") + '  here 1 means: the content has errors (printed); nothing is written' + "\n"
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="where to write data/... and schema/... (e.g. site)")
    add_content_argument(p)


def run(args: argparse.Namespace) -> int:
    _, resolved = resolve_content(args.content, everything=args.all)
    if resolved is None:
        return 1
    files = exports(resolved)
    progress = Progress("writing files")
    for n, (rel, data) in enumerate(files.items(), 1):
        progress(n, len(files))
        path = args.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    progress.close()
    print(f"wrote {len(files)} files to {args.out}", file=sys.stderr)
    return 0
