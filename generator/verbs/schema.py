"""schema: write the JSON Schema of each record kind, for editors."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..outputs.schema import schemas

HELP = "write the JSON Schema of each kind of record (for editors) into a folder"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("schema"), metavar="DIR",
                   help="where to write <kind>.schema.json (default: schema)")


def run(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in schemas().items():
        (args.out / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(schemas())} schemas to {args.out}", file=sys.stderr)
    return 0
