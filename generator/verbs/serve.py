"""serve: live preview of a content folder, wherever it is (generator/engines/preview.py)."""
from __future__ import annotations

import argparse
import os
import sys

from ._common import add_config_argument, add_content_argument

HELP = ("preview the site of the content folder with live reload on http://127.0.0.1:8000: "
        "an edit re-renders only the pages it changes; Ctrl-C stops it")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = (p.epilog or "") + (
        "  here 1 means the content has errors as the preview starts (printed); errors made while\n"
        "  it runs are printed, shown at the top of every page, and the preview goes on\n")
    add_content_argument(p)
    add_config_argument(p)
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help="where to serve (default: 127.0.0.1:8000)")


def run(args: argparse.Namespace) -> int:
    from ..engines.mkdocs import ENV_CONTENT
    from ..engines.preview import serve

    if not args.config.is_file():
        print(f"error: no MkDocs configuration at {args.config}", file=sys.stderr)
        return 2
    host, _, port = args.dev_addr.rpartition(":")
    if not host or not port.isdigit():
        print(f"error: --dev-addr wants HOST:PORT, not {args.dev_addr!r}", file=sys.stderr)
        return 2
    # mkdocs.yml reads the content folder from the environment (`!ENV`).
    os.environ[ENV_CONTENT] = str(args.content.resolve())
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(f"serving {args.content} on http://{args.dev_addr}/ (Ctrl-C stops it)", file=sys.stderr, flush=True)
    return serve(args.config.resolve(), host, int(port))
