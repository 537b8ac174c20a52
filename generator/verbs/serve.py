"""serve: live preview of a content folder, wherever it is, with `mkdocs serve --dirty`."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys

from ..publish import ENV_CONTENT
from ._common import add_config_argument, add_content_argument

HELP = ("preview the site of the content folder with live reload (mkdocs serve --dirty) "
        "on http://127.0.0.1:8000; Ctrl-C stops it")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = (p.epilog or "") + (
        "  here 1 means: the content has errors when the preview starts (printed by MkDocs);\n"
        "  errors made while it runs are printed and the preview keeps the last good pages\n")
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
    print(f"serving {args.content} on http://{args.dev_addr}/ (Ctrl-C stops it)", file=sys.stderr)
    try:
        code = subprocess.run(command, env=env).returncode
    except KeyboardInterrupt:
        return 130
    return 0 if code in (0, -2, 130) else 1
