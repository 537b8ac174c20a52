"""What several verbs share: the content argument, and resolving with every problem reported."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..diagnostics import PER_CODE, TOTAL, text_lines
from ..pipeline import DEFAULT_CONTENT, Checked, build
from ..progress import Progress
from ..resolve import Resolved

# The claimsite checkout this package runs from (installed with `pip install -e .`): its MkDocs
# configuration, theme overrides and example report serve reports kept in folders of their own.
PROJECT = Path(__file__).resolve().parents[2]
PROJECT_CONFIG = PROJECT / "mkdocs.yml"
PROJECT_CONTENT = PROJECT / "content"


def _content_folder(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"no content folder at {text}")
    return path


def add_content_argument(p: argparse.ArgumentParser) -> None:
    """--content DIR; a folder that does not exist is a usage error (exit 2), like any bad option."""
    p.add_argument("--content", type=_content_folder, default=str(DEFAULT_CONTENT), metavar="DIR",
                   help="the content folder (default: content)")


def default_config() -> Path:
    """mkdocs.yml in the working folder, else the claimsite checkout's."""
    here = Path("mkdocs.yml")
    return here if here.is_file() or not PROJECT_CONFIG.is_file() else PROJECT_CONFIG


def add_config_argument(p: argparse.ArgumentParser) -> None:
    """--config FILE, the MkDocs configuration."""
    p.add_argument("--config", type=Path, default=default_config(), metavar="FILE",
                   help="the MkDocs configuration (default: mkdocs.yml here, else the claimsite checkout's)")


def add_all_argument(p: argparse.ArgumentParser) -> None:
    """--all: every diagnostic in the text output, not the first of each code."""
    p.add_argument("--all", action="store_true",
                   help=f"print every problem (the text output shows the first {PER_CODE} of each code "
                        f"and {TOTAL} in all)")


def print_diagnostics(checked: Checked, everything: bool) -> None:
    for line in text_lines(checked.diagnostics(), everything=everything):
        print(line)


def resolve_content(content: Path, *, on_errors: str = "nothing written", everything: bool = False
                    ) -> tuple[Checked, Resolved | None]:
    """Check and resolve `content` with a progress line; on errors print them and the summary."""
    progress = Progress("checking content")
    checked, resolved = build(content, progress)
    progress.close()
    if resolved is None:
        print_diagnostics(checked, everything)
        print(f"{checked.summary()}; {on_errors}", file=sys.stderr)
    return checked, resolved
