"""new: write the skeleton of a record, to be filled by hand."""
from __future__ import annotations

import argparse
import sys

from ..load import check_id
from ..model import KINDS, KIND_BY_NAME
from ..skeleton import skeleton
from ._common import add_content_argument

HELP = "write the skeleton of a new record: content/<folder>/<ID>.yaml (never overwrites)"
_CHOICES = [k.name for k in KINDS if k.folder]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = (p.epilog or "") + '  here 1 means: the id is not valid, or a record with that id exists; nothing is written' + "\n"
    p.add_argument("kind", metavar="KIND", choices=_CHOICES, help="one of " + ", ".join(_CHOICES))
    p.add_argument("id", metavar="ID", help="the record's id: lowercase letters, digits and single hyphens")
    add_content_argument(p)


def run(args: argparse.Namespace) -> int:
    problem = check_id(args.id)
    if problem:
        print(f"error: '{args.id}' {problem}; nothing written", file=sys.stderr)
        return 1
    kind = KIND_BY_NAME[args.kind]
    path = args.content / kind.folder / f"{args.id}.yaml"
    taken = [p for p in (args.content / f.folder / f"{args.id}.yaml" for f in KINDS if f.folder) if p.exists()]
    if taken:
        print(f"error: {taken[0]} already exists (ids are unique across kinds); nothing written",
              file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    written = [path]
    with path.open("x", encoding="utf-8", newline="\n") as out:
        out.write(skeleton(kind.name))
    if kind.name == "source":
        snapshot = path.with_suffix(".txt")
        if not snapshot.exists():
            snapshot.open("x").close()
            written.append(snapshot)
    for p in written:
        print(f"wrote {p}", file=sys.stderr)
    if kind.name == "source":
        print(f"paste the source's text into {path.with_suffix('.txt')} and record its sha256 "
              f"(sha256sum {path.with_suffix('.txt')})", file=sys.stderr)
    return 0
