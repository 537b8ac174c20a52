"""pdf: typeset the report, or a part of it, as one PDF."""
from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from ..dates import DateValue
from ._common import add_all_argument, add_content_argument, resolve_content

HELP = "write the report as one PDF (default build/report.pdf); options print a part of it"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_all_argument(p)
    add_content_argument(p)
    p.add_argument("--out", type=Path, default=Path("build/report.pdf"), metavar="PATH",
                   help="where to write the PDF (default: build/report.pdf)")
    p.add_argument("--version", default="draft", help="the version printed on the cover (default: draft)")
    p.add_argument("--weapon", metavar="ID", help="only the claims that name this weapon")
    p.add_argument("--actor", metavar="ID", help="only the claims that name this actor (as claimant, channel, "
                   "publisher or subject)")
    p.add_argument("--from", dest="start", type=_date, metavar="DATE",
                   help="only claims said or happening on or after DATE (2025, 2025-06, 2025-07-11)")
    p.add_argument("--to", dest="end", type=_date, metavar="DATE",
                   help="only claims said or happening on or before DATE")


def _date(text: str) -> DateValue:
    try:
        date = DateValue.parse(text)
        datetime.date(date.year, date.month or 1, date.day or 1)  # a real calendar date
        return date
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write 2025, 2025-06 or 2025-07-11") from None


def run(args: argparse.Namespace) -> int:
    from ..clock import build_epoch
    from ..driver import changes
    from ..engines.typst import MissingFonts, PdfError, write_pdf
    from ..outputs.pdf import Selection

    _, resolved = resolve_content(args.content, on_errors="no PDF written", everything=args.all)
    if resolved is None:
        return 1
    for kind, given, table in (("weapon", args.weapon, resolved.weapons), ("actor", args.actor, resolved.actors)):
        if given is not None and given not in table:
            print(f"error: there is no {kind} '{given}' (the id is the file name in "
                  f"{args.content}/{kind}s/, without .yaml)", file=sys.stderr)
            return 2
    if args.start and args.end and args.start.sort_key() > args.end.sort_key():
        print("error: --from is after --to", file=sys.stderr)
        return 2
    selection = Selection(args.weapon, args.actor, args.start, args.end)
    try:
        # The site's PDF, Changes section included (generator/driver.py), or a part of it.
        path = write_pdf(resolved, args.out, selection=selection, version=args.version,
                         content=args.content, changes=changes(args.content, resolved),
                         epoch=build_epoch(resolved))
    except (MissingFonts, PdfError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 3
    print(f"wrote {path}", file=sys.stderr)
    return 0
