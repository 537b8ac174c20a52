"""ingest: a saved article (HTML or text) -> a source record and its snapshot.

The record is written with a commented line marked TODO for every field the
article does not give and for the reliability grade, which is the author's to
judge; `check` fails on it until they are filled in or explained under
`unknown:`. An existing record or snapshot is never overwritten.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..authoring.ingest import IngestError, read_article, slug, source_record
from ..load import check_id
from ..model import KINDS
from ..pipeline import DEFAULT_CONTENT, check
from ..progress import Progress
from ..diagnostics import terminal_lines
from ._common import add_content_argument

HELP = "make a source record and its snapshot from an article saved as HTML or text (never overwrites)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = (p.epilog or "") + (
        "\nThe record fails the check until the author has been through it: the reliability grade,\n"
        "and every field the article does not give, are commented lines marked TODO. Give each, or\n"
        "uncomment the proposed reasons under 'unknown:' (the record then passes with explicit unknowns).\n\n"
    ) + '  here 1 means: the id is not valid or taken, or the file is not UTF-8 or holds no article;\n  nothing is written. 2: no such file or content folder' + "\n"
    p.add_argument("path", metavar="PATH", type=Path, help="the saved article: .html/.htm or UTF-8 text")
    p.add_argument("--id", metavar="ID", help="the source's id (default: a slug of the headline)")
    add_content_argument(p)


def _existing(content: Path, source_id: str) -> Path | None:
    candidates = [content / k.folder / f"{source_id}.yaml" for k in KINDS if k.folder]
    candidates.append(content / "sources" / f"{source_id}.txt")
    return next((p for p in candidates if p.exists()), None)


def run(args: argparse.Namespace) -> int:
    if not args.path.is_file():
        print(f"error: no file at {args.path}", file=sys.stderr)
        return 2
    progress = Progress("extracting the article")
    try:
        article = read_article(args.path.name, args.path.read_bytes())
    except IngestError as exc:
        progress.close()
        print(f"error: {terminal_lines(str(exc))}; nothing written", file=sys.stderr)
        return 1
    progress.stage("reading the actors")
    actors = {i: c.model for i, c in check(args.content).checks.by_kind.get("actor", {}).items()}
    progress.close()
    source_id = args.id or slug(article.title or "") or slug(args.path.stem)
    problem = check_id(source_id) if source_id else "could not be made from the headline"
    if problem:
        print(f"error: the id '{source_id}' {problem}: give one with --id; nothing written", file=sys.stderr)
        return 1
    taken = _existing(args.content, source_id)
    if taken:
        print(f"error: {taken} already exists: records are never overwritten; give another --id",
              file=sys.stderr)
        return 1
    record = args.content / "sources" / f"{source_id}.yaml"
    record.parent.mkdir(parents=True, exist_ok=True)
    with record.with_suffix(".txt").open("xb") as out:
        out.write(article.snapshot)
    with record.open("x", encoding="utf-8", newline="\n") as out:
        out.write(source_record(article, source_id, actors))
    print(f"wrote {record} and {record.with_suffix('.txt')}", file=sys.stderr)
    where = "" if args.content == DEFAULT_CONTENT else f" --content {args.content}"
    print(f"fill the lines marked TODO in {record}, then run `python -m generator check{where}`", file=sys.stderr)
    return 0
