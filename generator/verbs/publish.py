"""publish: deploy a version of the site and its PDF with mike, and tag the content."""
from __future__ import annotations

import argparse
import sys

from ..engines.mike import Refused, publish
from ..diagnostics import terminal_lines
from ._common import add_config_argument, add_content_argument

HELP = ("publish VERSION: build the site and PDF, deploy them with mike to gh-pages as that version, "
        "make it 'latest' and the default, and tag the content report-VERSION")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("version", metavar="VERSION", help="the version name, such as 2025.07")
    add_content_argument(p)
    add_config_argument(p)
    p.add_argument("--push", action="store_true", help="push gh-pages and the tag to the remote")
    p.add_argument("--remote", default="origin", help="the remote to push to (default: origin)")
    p.add_argument("--force", action="store_true", help="publish again a version that exists")


def run(args: argparse.Namespace) -> int:
    print(f"publishing {args.version} (building the site and the PDF) ...", file=sys.stderr)
    try:
        done = publish(args.content, args.version, config=args.config, force=args.force,
                       push=args.push, remote=args.remote)
    except Refused as refused:
        print(f"publish: {terminal_lines(str(refused))}\nnothing was changed", file=sys.stderr)
        return refused.code
    since = f"changes since {done.since}" if done.since else "the first release"
    where = "pushed" if done.pushed else "local only: push with --push (make publish PUSH=1)"
    print(f"published {done.version} as latest on gh-pages, tagged {done.tag} ({since}; {where})",
          file=sys.stderr)
    return 0
