"""site: validate, then build the site (and the PDF) with MkDocs, replacing site/ only on success."""
from __future__ import annotations

import argparse
import inspect
import logging
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..history import Changelog
from ..pages import Download, Extras, extras, pdf_download, release_changes
from ..pipeline import DEFAULT_CONTENT, build
from ..progress import Progress
from ..resolve import Resolved

HELP = "validate the records, then build the site (and the PDF) into site/; a failed build keeps the old site/"
PDF_NAME = "report.pdf"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR",
                   help="the content folder (default: content)")
    p.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                   help="where the site goes (default: site)")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
                   help="the MkDocs configuration (default: mkdocs.yml)")
    p.add_argument("--no-pdf", action="store_true", help="build the site without the PDF")
    p.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages too")


class BuildFailed(Exception):
    """The site could not be built; the message says why."""


@dataclass(frozen=True)
class Built:
    pages: int
    pdf: bool


def run(args: argparse.Namespace) -> int:
    for path, what in ((args.content, "content folder"), (args.config, "MkDocs configuration")):
        if not path.exists():
            print(f"error: no {what} at {path}", file=sys.stderr)
            return 2
    note = Progress("checking content")
    checked, resolved = build(args.content, note)
    note.close()
    if resolved is None:
        for d in checked.diagnostics():
            print(d)
        print(checked.summary(), file=sys.stderr)
        print("site: not built; the previous site is unchanged", file=sys.stderr)
        return 1
    print(checked.summary(), file=sys.stderr)
    try:
        built = build_site(resolved, args.content, args.out, args.config,
                           pdf=not args.no_pdf, verbose=args.verbose,
                           changes=release_changes(args.content, checked.checks))
    except BuildFailed as e:
        print(f"site: {e}; the previous site is unchanged", file=sys.stderr)
        return 3
    print(f"site: {built.pages} pages{' and the PDF' if built.pdf else ''} in {args.out}", file=sys.stderr)
    return 0


def build_site(resolved: Resolved, content: Path, out: Path, config: Path, *,
               pdf: bool = True, verbose: bool = False, changes: Changelog | None = None) -> Built:
    """Build into a temporary folder beside `out`, then swap it in. Raises BuildFailed."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}-", dir=out.parent) as tmp:
        work = Path(tmp)
        downloads = _build_pdf(resolved, content, work / PDF_NAME) if pdf else ()
        site_extras = extras(resolved, content, downloads, changes)
        _stage("building the site with MkDocs (strict)")
        pages = _mkdocs_build(resolved, site_extras, config, work / "site", verbose)
        _swap(work / "site", out, work / "old")
    return Built(pages, bool(downloads))


def _stage(text: str) -> None:
    print(f"site: {text}", file=sys.stderr)


def _pdf_writer():
    """generator.pdf.write_pdf where the PDF module exists; None where it does not (yet)."""
    try:
        from .. import pdf
    except ModuleNotFoundError as e:
        if e.name == "generator.pdf":
            return None
        raise
    return getattr(pdf, "write_pdf", None)


def _build_pdf(resolved: Resolved, content: Path, path: Path) -> tuple[Download, ...]:
    return pdf_download(resolved, content, path, write_pdf=_pdf_writer(), stage=_stage, failed=BuildFailed,
                        hint="use --no-pdf to build the site without it")


def _mkdocs_build(resolved: Resolved, extras: Extras, config: Path, site_dir: Path, verbose: bool) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _mkdocs_log(verbose):
        try:
            cfg = load_config(config_file=str(config), site_dir=str(site_dir), strict=True)
            plugin = cfg.plugins.get("claimsite")
            if plugin is None:
                raise BuildFailed(f"{config} does not enable the claimsite plugin")
            plugin.use(resolved, extras)
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(cfg)
            finally:
                cfg.plugins.on_shutdown()
        except MkDocsException as e:
            raise BuildFailed(f"MkDocs failed: {e}") from e
    return sum(1 for _ in site_dir.rglob("index.html"))


@contextmanager
def _mkdocs_log(verbose: bool):
    """MkDocs' warnings (and with --verbose its progress) on stderr, as its own CLI shows them."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s %(message)s"))
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    old_level = logger.level
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def _swap(new: Path, out: Path, old: Path) -> None:
    """Put `new` in place of `out`; `out` is gone only for the moment between two renames."""
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)
