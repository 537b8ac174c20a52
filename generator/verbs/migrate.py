"""migrate: rewrite records written for an older model, keeping their comments."""
from __future__ import annotations

import argparse
import os
import stat
import sys

from ..diagnostics import terminal_safe
from ..authoring.migrate import migrate
from ..model import KINDS
from ._common import add_content_argument

HELP = "rewrite records written for an older version of the model (comments and order are kept)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = (p.epilog or "") + ("  with --check, 1 means: some records need migrating (listed); "
                                   "nothing is written\n")
    p.add_argument("--check", action="store_true",
                   help="only list the records that need migrating, and exit 1 if there are any")
    add_content_argument(p)


def run(args: argparse.Namespace) -> int:
    pending = written = 0
    for kind in KINDS:
        folder = args.content / kind.folder if kind.folder else args.content
        if not folder.is_dir() or folder.is_symlink():
            continue
        names = sorted(os.listdir(folder)) if kind.folder else ["report.yaml"]
        for name in names:
            path = folder / name
            if not name.endswith(".yaml"):
                continue
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                continue
            if not stat.S_ISREG(info.st_mode):
                continue  # check reports links and other files (I005); only regular files are read
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue  # check reports it
            new, changes = migrate(kind.name, text)
            if not changes:
                continue
            pending += 1
            rel = path.relative_to(args.content).as_posix()
            for change in changes:
                print(terminal_safe(f"{args.content.as_posix()}/{rel}:{change.line}:1: {change.what}"))
            if not args.check:
                tmp = path.with_name(f".{name}.partial")
                tmp.write_text(new, encoding="utf-8")
                os.replace(tmp, path)
                written += 1
    if args.check:
        print(f"{pending} records need migrating" if pending else "every record is current", file=sys.stderr)
        return 1 if pending else 0
    print(f"migrated {written} records" if written else "every record is current", file=sys.stderr)
    return 0
