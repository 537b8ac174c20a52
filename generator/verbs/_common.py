"""What several verbs share: the content argument, and resolving with every problem reported."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..pipeline import DEFAULT_CONTENT, Checked, build
from ..progress import Progress
from ..resolve import Resolved


def add_content_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR",
                   help="the content folder (default: content)")


def resolve_content(content: Path, *, on_errors: str = "nothing written") -> tuple[Checked, Resolved | None]:
    """Check and resolve `content` with a progress line; on errors print each one and the summary."""
    progress = Progress("checking content")
    checked, resolved = build(content, progress)
    progress.close()
    if resolved is None:
        for d in checked.diagnostics():
            print(d)
        print(f"{checked.summary()}; {on_errors}", file=sys.stderr)
    return checked, resolved
