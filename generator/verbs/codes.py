"""codes: print the reference of every diagnostic code (docs/diagnostics.md)."""
from __future__ import annotations

import argparse

from ..diagnostics import codes_markdown

HELP = "print the reference of every diagnostic code, as Markdown"


def add_arguments(p: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print(codes_markdown(), end="")
    return 0
