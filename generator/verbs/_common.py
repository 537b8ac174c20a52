"""What several verbs share: the content argument, and resolving with every problem reported."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..pipeline import DEFAULT_CONTENT, Checked, build
from ..progress import Progress
from ..resolve import Resolved


def _content_folder(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"no content folder at {text}")
    return path


def add_content_argument(p: argparse.ArgumentParser) -> None:
    """--content DIR; a folder that does not exist is a usage error (exit 2), like any bad option."""
    p.add_argument("--content", type=_content_folder, default=str(DEFAULT_CONTENT), metavar="DIR",
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
