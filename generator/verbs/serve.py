"""serve: live preview of a content folder, wherever it is, with `mkdocs serve --dirty`."""
from __future__ import annotations

import argparse
import os
import sys

from ..engines.mkdocs import ENV_CONTENT
from ._common import add_config_argument, add_content_argument

HELP = ("preview the site of the content folder with live reload (mkdocs serve --dirty) "
        "on http://127.0.0.1:8000; Ctrl-C stops it")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = (p.epilog or "") + (
        "  here the exit code is MkDocs' own: 1 when the content has errors as the preview starts\n"
        "  (printed by MkDocs); errors made while it runs are printed and the preview goes on\n")
    add_content_argument(p)
    add_config_argument(p)
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help="where to serve (default: 127.0.0.1:8000)")


def run(args: argparse.Namespace) -> int:
    if not args.config.is_file():
        print(f"error: no MkDocs configuration at {args.config}", file=sys.stderr)
        return 2
    env = {**os.environ, ENV_CONTENT: str(args.content.resolve()), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--config-file", str(args.config),
               "--dev-addr", args.dev_addr]
    print(f"serving {args.content} on http://{args.dev_addr}/ (Ctrl-C stops it)", file=sys.stderr, flush=True)
    # MkDocs takes this process's place: Ctrl-C and signals reach it directly, and its exit code is ours.
    os.execve(sys.executable, command, env)
