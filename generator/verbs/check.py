"""check: validate every record and report every problem at once."""
from __future__ import annotations

import argparse
import sys

from ..diagnostics import to_json
from ..pipeline import check
from ..progress import Progress
from ._common import add_all_argument, add_content_argument, print_diagnostics

HELP = "validate the records: every problem at once, as path:line:col: CODE message"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_content_argument(p)
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text: one line per problem; json: a list of objects for editors and CI, every problem")
    add_all_argument(p)


def run(args: argparse.Namespace) -> int:
    progress = Progress("reading records")
    result = check(args.content, progress)
    progress.close()
    diagnostics = result.diagnostics()
    if args.format == "json":
        print(to_json(diagnostics))
    else:
        print_diagnostics(result, args.all)
    print(result.summary(), file=sys.stderr)
    return 0 if result.ok else 1
