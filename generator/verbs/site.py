"""site: validate, then build the site (and the PDF) with MkDocs, replacing site/ only on success."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from ..history import Changelog
from .. import clock, driver
from ..pages import PDF_NAME
from ..pipeline import build
from ..progress import Progress
from ..resolve import Resolved
from ..diagnostics import terminal_lines, terminal_safe
from ._common import add_all_argument, add_config_argument, add_content_argument, print_diagnostics

T = TypeVar("T")
HELP = "validate the records, then build the site (and the PDF) into site/; a failed build keeps the old site/"
# Written into every site this verb builds: the one kind of folder it replaces.
MARKER = ".claimsite-site"
ENGINES = ("mkdocs", "zensical")
MARKER_TEXT = "Built by `python -m generator site`, which replaces this whole folder at each build.\n"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_content_argument(p)
    p.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                   help="where the site goes (default: site)")
    add_config_argument(p)
    p.add_argument("--no-pdf", action="store_true", help="build the site without the PDF")
    add_all_argument(p)
    p.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages too")
    p.add_argument("--engine", choices=ENGINES, default=ENGINES[0],
                   help="what builds the HTML from the pages: MkDocs with Material (the default) or "
                        "Zensical (docs/engines.md)")


class BuildFailed(Exception):
    """The site could not be built; the message says why, `details` list what was found."""

    def __init__(self, message: str, details: list[str] | tuple[str, ...] = ()):
        super().__init__(message)
        self.details = tuple(details)


class OutRefused(BuildFailed):
    """--out names a folder this verb must not replace."""


class BuildInterrupted(BaseException):
    """Ctrl-C, SIGTERM or SIGHUP during the build: the temporary folder is gone; `replaced` says
    whether the new site was already in place."""

    def __init__(self, signum: int, replaced: bool):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.replaced = replaced


@dataclass(frozen=True)
class Built:
    pages: int
    pdf: bool


def run(args: argparse.Namespace) -> int:
    if not args.config.exists():
        print(f"error: no MkDocs configuration at {args.config}", file=sys.stderr)
        return 2
    note = Progress("checking content")
    checked, resolved = build(args.content, note)
    note.close()
    if resolved is None:
        print_diagnostics(checked, args.all)
        print(checked.summary(), file=sys.stderr)
        print("site: not built; the previous site is unchanged", file=sys.stderr)
        return 1
    print(checked.summary(), file=sys.stderr)
    changes = driver.changes(args.content, checked.checks)
    report = Handoff(resolved)
    del checked, resolved  # build_site lets go of the report once MkDocs has the pages
    try:
        built = build_site(report, args.content, args.out, args.config,
                           pdf=not args.no_pdf, verbose=args.verbose, changes=changes, engine=args.engine)
    except OutRefused as e:
        print(f"site: {terminal_lines(str(e))}", file=sys.stderr)
        return 2
    except BuildFailed as e:
        for line in e.details:
            print(terminal_safe(line))
        print(f"site: {terminal_lines(str(e))}; the previous site is unchanged", file=sys.stderr)
        return 3
    except BuildInterrupted as e:
        kept = "the new site is in place" if e.replaced else "the previous site is unchanged"
        print(f"site: interrupted ({e}); {kept}", file=sys.stderr)
        return 128 + e.signum
    print(f"site: {built.pages} pages{' and the PDF' if built.pdf else ''} in {args.out}", file=sys.stderr)
    return 0


class Handoff(Generic[T]):
    """A resolved report (or its assembled site) handed on, let go of once MkDocs has the pages.

    MkDocs holds every page's Markdown and HTML at once; at 10,000 claims the records and
    their views are a quarter of a gigabyte that it can then reuse. A caller that keeps its
    own reference to the report keeps it alive, which is harmless, only larger."""

    def __init__(self, held: T):
        self._held: T | None = held

    def get(self) -> T:
        if self._held is None:
            raise RuntimeError("the report was already handed over")
        return self._held

    def take(self) -> T:
        held, self._held = self.get(), None
        return held


_UNSET = object()


def build_site(resolved: Resolved | Handoff, content: Path, out: Path, config: Path, *,
               pdf: bool = True, verbose: bool = False, changes: Changelog | None | object = _UNSET,
               engine: str = "mkdocs") -> Built:
    """Build into a temporary folder beside `out`, scan it, then swap it in.

    Raises BuildFailed (OutRefused where `out` is not a site this verb built) and, on Ctrl-C,
    SIGTERM or SIGHUP, BuildInterrupted; in every such case `out` is left as it was."""
    report = resolved if isinstance(resolved, Handoff) else Handoff(resolved)
    del resolved
    if changes is _UNSET:
        changes = driver.changes(content, report.get())
    out = out.resolve()
    check_out(out, content, config)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(out)
    replaced, manifest = False, None
    try:
        with _signals_interrupt(), tempfile.TemporaryDirectory(prefix=f".{out.name}-", dir=out.parent) as tmp:
            work = Path(tmp)
            (work / OWNER).write_text(f"{os.getpid()}\n", encoding="utf-8")
            options = driver.Options(pdf=work / PDF_NAME if pdf else None)
            site = Handoff(driver.assemble(report.get(), content, options, changelog=changes, stage=_stage,
                                           failed=BuildFailed, hint="use --no-pdf to build the site without it"))
            downloads, epoch = site.get().downloads, site.get().epoch
            report.take()  # the site holds the report from here on; MkDocs takes the site
            with _build_date(epoch):
                if engine == "zensical":
                    from ..engines import zensical
                    _stage(f"building the site with Zensical {zensical.VERSION} (strict)")
                    pages, findings = zensical.build(site.take(), config, work, verbose=verbose, failed=BuildFailed)
                else:
                    from ..engines import mkdocs

                    before = _copy_previous(out, work / "site", mkdocs.Manifest)
                    _stage("building the site with MkDocs (strict)" if before is None else
                           "building the site again with MkDocs (strict): only what changed since the last build")
                    pages, findings, manifest = mkdocs.build_again(site.take(), config, work, before,
                                                                   verbose=verbose, failed=BuildFailed)
            (work / "site" / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            missing = [d.path for d in downloads if not (work / "site" / d.path).is_file()]
            if missing:  # a pattern of the configuration's exclude_docs, say, dropped it
                raise BuildFailed(f"{', '.join(missing)} was written but MkDocs left it out of the site "
                                  f"(does exclude_docs in {config} match it?)")
            if findings:
                raise BuildFailed(f"the safety scan found {len(findings)} problem{'s' * (len(findings) != 1)} "
                                  "in the built site (listed above)", [str(f) for f in findings])
            with _signals_held():
                cache_file(out).unlink(missing_ok=True)  # it describes the site being replaced
                _swap(work / "site", out, work / "old")
                replaced = True
            _keep_manifest(out, manifest)
    except KeyboardInterrupt:
        raise BuildInterrupted(signal.SIGINT, replaced) from None
    except _Signal as e:
        raise BuildInterrupted(e.signum, replaced) from None
    return Built(pages, bool(downloads))


# -- building again: what the previous build made, reused -----------------------------


def cache_file(out: Path) -> Path:
    """Where the build keeps what the site in `out` is made from (an engine's manifest), for the next
    build to render again only what changed: beside `out`, in a git-ignored .cache/."""
    return out.parent / ".cache" / "claimsite" / f"{out.name}.json"


def _marker_stamp(out: Path) -> list[int] | None:
    try:
        st = (out / MARKER).stat()
    except OSError:
        return None
    return [st.st_ino, st.st_mtime_ns, st.st_size]


def _copy_previous(out: Path, into: Path, kind):
    """Copy the site in `out` into `into` and return its manifest (a `kind`), where the cache
    describes that very site (its marker file unchanged since); else None: build from scratch."""
    try:
        kept = json.loads(cache_file(out).read_text(encoding="utf-8"))
        stamp = _marker_stamp(out)
        before = kind.from_json(kept["manifest"]) if stamp is not None and kept["marker"] == stamp else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if before is not None:
        shutil.copytree(out, into, symlinks=True)
    return before


def _keep_manifest(out: Path, manifest) -> None:
    """Record what the site now in `out` is made from; a build that cannot is only slower next time."""
    stamp = _marker_stamp(out)
    if manifest is None or stamp is None:
        return
    path = cache_file(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps({"marker": stamp, "manifest": manifest.as_json()}), encoding="utf-8")
        partial.replace(path)
    except OSError as e:
        print(f"site: could not keep {path} ({e}); the next build starts from scratch", file=sys.stderr)


def check_out(out: Path, content: Path, config: Path) -> None:
    """Refuse an --out this verb must not replace: a file, a folder holding the content or the
    configuration, or a non-empty folder that is not a site it built. Raises OutRefused."""
    if out.exists() and not out.is_dir():
        raise OutRefused(f"{out} is not a folder: refusing to replace it")
    for inside, what in ((content, "the content"), (config, "the MkDocs configuration")):
        if out == inside.resolve() or out in inside.resolve().parents:
            raise OutRefused(f"{out} holds {what} ({inside}): refusing to replace it; choose another --out")
    if not out.is_dir() or not any(out.iterdir()) or (out / MARKER).is_file() or _built_before_markers(out):
        return
    raise OutRefused(f"{out} is not empty and is not a site this command built (it has no {MARKER}): "
                     "refusing to replace it; remove it or choose another --out")


def _built_before_markers(out: Path) -> bool:
    """A site built by this verb before it wrote its marker: MkDocs' own files are all there, and the
    search index of Material's search, which the site had then."""
    return all((out / rel).is_file() for rel in ("index.html", "404.html", "sitemap.xml", "sitemap.xml.gz",
                                                 "search/search_index.json"))


def _stage(text: str) -> None:
    print(f"site: {text}", file=sys.stderr)


class _Signal(BaseException):
    def __init__(self, signum: int):
        self.signum = signum


@contextmanager
def _signals_interrupt():
    """SIGTERM and SIGHUP stop the build as Ctrl-C does: by an exception, so that the temporary
    folder is removed on the way out (the default action would end the process on the spot)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _Signal(signum)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def _signals_held():
    """Ctrl-C, SIGTERM and SIGHUP wait until the swap is done: between its two renames `out` is
    missing, and an exception there would leave it so."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _build_date(epoch: int):
    """MkDocs dates every page (the sitemap's lastmod, the gzip header of sitemap.xml.gz) by
    SOURCE_DATE_EPOCH, or else by the clock: it is given the build's date (generator/clock.py)
    through that variable, its one way in, for the build's length only."""
    previous = os.environ.get(clock.ENV)
    os.environ[clock.ENV] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ[clock.ENV]
        else:
            os.environ[clock.ENV] = previous


# In each temporary build folder: the id of the process building there. A build that was killed
# (SIGKILL, a power cut) cannot remove its folder; the next build removes it when that process is gone.
OWNER = ".claimsite-build"


def _remove_abandoned(out: Path) -> None:
    for folder in out.parent.glob(f".{out.name}-*"):
        owner = folder / OWNER
        try:
            pid = int(owner.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not a build's folder, or one just starting: not ours to remove
        if not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _swap(new: Path, out: Path, old: Path) -> None:
    """Put `new` in place of `out`; `out` is gone only for the moment between two renames."""
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)
