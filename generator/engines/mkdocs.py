"""The one MkDocs-specific module: hands the rendered pages to MkDocs in memory.

Registered as the `claimsite` plugin (pyproject.toml entry point). At each
build it validates and resolves content/ (or takes a report the `site` verb
already resolved), renders every page with the pure `render` functions and
adds them as generated files, so `mkdocs build`, `mkdocs serve` and
`mike deploy` give the same site and nothing generated lands in docs/.

Built from content/ by `mkdocs build` or `mike deploy`, the site carries its
own PDF (the version on its cover is mike's, else "draft"); `mkdocs serve`
leaves it out to keep live reload fast.

After each build, Pagefind indexes the site for search (generator/engines/pagefind.py), in
bundles of a bounded size.
Outside live preview, each page is handed to the safety scan as MkDocs writes
it, to be scanned on another core (generator/engines/scanpool.py); before, in a clean
`mkdocs build` of many pages, that core converts the last part of the pages' Markdown
(generator/engines/convertpool.py). Under
`mkdocs serve --dirty` the pages whose Markdown did not change are not
rendered again; the site verb does the same from one build to the next (build_again: the
previous build's Manifest says what each page was made from).
"""
from __future__ import annotations

import hashlib
import html
import logging
import os
import sys
import tempfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import driver, pages
from . import pagefind
from .rawblocks import Lifted
from ..outputs import markdown as render
from ..diagnostics import terminal_safe, text_lines
from .scan import Finding
from ..gather import read_authored
from ..load import Reuse
from ..memo import NO_MEMO
from ..pipeline import build as build_content
from ..resolve import Resolved
from ..unicode_rules import visible


# Set by `python -m generator publish` and by mike around the builds they run.
ENV_SINCE = "CLAIMSITE_SINCE"  # the release tag the changelog starts from; empty: the first release
ENV_MIKE_VERSION = "MIKE_DOCS_VERSION"  # the version mike is building
# Read by mkdocs.yml (`!ENV`): publish's build is strict and goes to a temporary folder, and
# serve and publish name the content folder the build reads, wherever it is.
ENV_STRICT = "CLAIMSITE_STRICT"
ENV_SITE_DIR = "CLAIMSITE_SITE_DIR"
ENV_CONTENT = "CLAIMSITE_CONTENT"
# MkDocs commands that build no PDF: `serve` (live reload stays fast) and `mike`, which loads
# the configuration only to read its settings and then runs `mkdocs build` for the site itself.
_NO_PDF = ("serve", "mike")


class ClaimsiteConfig(Config):
    content = opt.Type(str, default="content")  # relative to mkdocs.yml


class ClaimsitePlugin(BasePlugin[ClaimsiteConfig]):
    def __init__(self) -> None:
        self._given: driver.Site | None = None
        self._site: list[pages.Page] = []
        self._extras = pages.Extras()
        self._command: str | None = None
        self._pdf_dir: tempfile.TemporaryDirectory | None = None
        self._scan = True  # fail the build on a finding; a caller that reports them itself reads .findings
        self._scanner = None  # the safety scan beside the build (scanpool.py); not under `mkdocs serve`
        self._converter = None  # the worker converting the last part of the pages (convertpool.py)
        self.findings: list = []  # the last build's safety-scan findings
        self._dirty = False
        self.reuse = Reuse()  # live preview's readings of the content, from one rebuild to the next
        # `mkdocs serve --dirty`: each page's Markdown digest and the frame at the previous build.
        self._previous: dict[str, bytes] = {}
        self._previous_frame = b""
        # generator/engines/preview.py: what it keeps of a build to re-render single pages later.
        self.keep = False
        self.index = True  # Pagefind after each build; live preview runs it in the background itself
        self.frame: tuple = ()  # frame_of the last build
        self.kept: dict[str, pages.Page] = {}  # every page of the last build, by path
        self.built = None  # (config, files, nav, env) of the last build
        self._nav = None
        self._cut: tuple[int, ...] = ()  # how the search index is cut into bundles (pagefind.layout)
        self._held: dict[str, bytes] = {}  # each page's HTML, compressed, from its conversion to its writing
        self._lifted = Lifted()  # the charts' raw HTML, out of the Markdown conversion (rawblocks.py)
        # The site verb's build again over a copy of the previous site: what that site was made from,
        # and what this build is made from (kept by the verb once the site is in place).
        self._before: Manifest | None = None
        self.manifest: Manifest | None = None

    # With on_startup, MkDocs keeps one instance of the plugin for the whole process (every
    # rebuild of `mkdocs serve`, every build a caller runs): on_shutdown forgets the build's state.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command
        self._dirty = dirty

    def use(self, site: driver.Site, before: Manifest | None = None) -> None:
        """Build the site a caller assembled (generator/driver.py), instead of reading content/; with
        `before`, over the site that manifest describes, rendering only what changed since."""
        self._given = site
        self._before = before

    def on_config(self, config):
        if self._command == "mike" and self._given is None:
            return config  # mike reads only its own settings here; its `mkdocs build` builds the site
        self._scan = self._given is None
        if self._before is None:  # not the site verb's build again: no manifest (one plugin per process)
            self.manifest = None
        site = self._given or self._load(config)
        self._given = None  # from here on the pages are the build's state; the report can be freed
        self._site, self._extras, resolved = site.pages, site.extras, site.resolved
        del site
        names = self.frame = frame_of(resolved.report, self._site)
        config.site_name, config.site_description, config.copyright = names[:3]
        version = os.environ.get(ENV_MIKE_VERSION)
        if not config.site_url:  # `mkdocs serve` sets its own
            config.site_url = names[3]
        if config.nav is None:
            config.nav = names[4]
        self._cut = pagefind.layout(p.path for p in self._site)
        bundles = pagefind.bundles(self._cut)
        if len(bundles) > 1:  # the search box merges the other bundles (overrides/partials/search.html)
            config.extra["claimsite_search_bundles"] = bundles[1:]
        if version:  # mike is building a version: show Material's selector
            config.extra.setdefault("version", {"provider": "mike"})
        return config

    def refresh(self, config) -> tuple[Resolved, pages.Extras]:
        """Live preview (engines/preview.py): the report resolved again from the content as it is
        now, the records that did not change reused (self.reuse says which did), with the authored
        pages read again; the downloads and the git histories stay those of the last full build.
        Raises PluginError when the content has errors."""
        content = self._content(config)
        checked, resolved = build_content(content, reuse=self.reuse)
        if resolved is None:
            problems = "\n".join(text_lines(checked.diagnostics()))
            raise PluginError(f"the content has errors:\n{problems}\n{checked.summary()}")
        changes = driver.changes(content, checked.checks, driver.Options())
        return resolved, replace(self._extras, authored=read_authored(content), changes=changes)

    def content_dir(self, config) -> Path:
        """The content folder this plugin reads."""
        return self._content(config)

    def _content(self, config) -> Path:
        return Path(config.config_file_path).parent / self.config.content

    def on_serve(self, server, *, config, builder):
        """Live preview rebuilds on edits to the content folder, wherever it is (mkdocs.yml's
        `watch` names only the project's own content/)."""
        content = self._content(config).resolve()
        if not any(content == Path(w).resolve() or Path(w).resolve() in content.parents for w in config.watch):
            server.watch(str(content))
        return server

    def _load(self, config) -> driver.Site:
        content = self._content(config)
        # Live preview re-reads only the records that changed since the last rebuild.
        checked, resolved = build_content(content, reuse=self.reuse if self._command == "serve" else None)
        if resolved is None:
            problems = "\n".join(text_lines(checked.diagnostics()))
            raise PluginError(f"the content has errors:\n{problems}\n{checked.summary()}")
        options = driver.Options(version=os.environ.get(ENV_MIKE_VERSION) or None, since=os.environ.get(ENV_SINCE))
        changes = driver.changes(content, checked.checks, options)
        if options.version:  # each version lives in its own folder: its addresses are that folder's
            resolved = pages.versioned(resolved, options.version)
        if self._command not in _NO_PDF:
            self._cleanup()
            self._pdf_dir = tempfile.TemporaryDirectory(prefix="claimsite-pdf-")
            options = replace(options, pdf=Path(self._pdf_dir.name) / pages.PDF_NAME)
        memo = self.reuse.memo if self._command == "serve" else NO_MEMO  # the preview's edits reuse its rows
        return driver.assemble(resolved, content, options, changelog=changes, failed=PluginError, memo=memo)

    def on_pre_build(self, config) -> None:
        """Outside live preview, the safety scan runs beside the build, a page as it is written; a
        clean `build` of many pages has the last part of them converted by another process."""
        self._close_scanner()
        self.findings = []
        if self._command != "serve":
            from .scanpool import ScanAlongside

            self._scanner = ScanAlongside(Path(config.site_dir))
        from . import convertpool

        if self._command == "build" and not self._dirty and convertpool.wanted(len(self._site)) \
                and list(config.plugins) == ["claimsite"]:  # another plugin may change a page's Markdown
            self._converter = convertpool.ConvertAlongside(config)

    @property
    def search_bundles(self) -> tuple[int, ...]:
        """How the last build's search index is cut into the bundles its pages merge (pagefind.layout)."""
        return self._cut

    def on_env(self, env, *, config, files):
        self._close_converter()  # every page is converted
        if self.keep:
            self.built = (config, files, self._nav, env)
        return env

    def on_nav(self, nav, *, config, files):
        self._nav = nav
        if self._converter is not None:  # MkDocs converts the pages next, in this order
            pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
            self._converter.hand_over(files, pages, config.site_url)
        return nav

    def on_pre_page(self, page, *, config, files):
        if self._converter is not None and self._converter.owns(page):
            page.render = partial(self._converted, page)  # this conversion only: the worker has it
        return page

    def _converted(self, page, config, files) -> None:
        del page.render
        self._converter.take(page, files)

    # MkDocs converts every page's Markdown to HTML before it writes the first page, and keeps both
    # to the end of the build, beside Pagefind. Outside live preview each page's HTML waits
    # compressed (a fifth of its size) until its page is written, and neither is kept after.
    def on_page_content(self, html: str, *, page, config, files) -> str:
        if self._command != "build":
            return html
        try:
            html = self._lifted.put_back(page.file.src_uri, html)
        except ValueError as e:
            raise PluginError(str(e)) from e
        self._held[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        page.markdown = ""  # not None: MkDocs then gives the page no title (Page.title)
        page.file.content_string = ""  # read already; "" (not None) keeps it a generated file
        return ""

    def on_page_context(self, context, *, page, config, nav):
        held = self._held.pop(page.file.src_uri, None)
        if held is not None:
            page.content = zlib.decompress(held).decode("utf-8")
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        if self._scanner is not None:
            self._scanner.feed(page.file.dest_uri, output)
        if self._command == "build":
            page.content = None  # written once this returns, and never read again
        return output

    def on_post_build(self, config) -> None:
        """Index the built site for search (every build, `mkdocs serve` too: search works in the
        preview), then finish the safety scan of what was written. A failure of either, or a
        finding, fails the build; the site verb reads the findings and reports them itself."""
        if self._scanner is not None:  # every page is written: the scan's worker ends its backlog beside Pagefind
            self._scanner.written()
        _trim_memory()  # Pagefind runs beside this process: give back what the pages held
        before = self._before.search if self._before is not None and self.manifest is not None else None
        try:
            indexed = (pagefind.index_site(Path(config.site_dir), cut=self._cut, previous=before)
                       if self.index else None)
        except pagefind.SearchIndexFailed as e:
            raise PluginError(f"the search index could not be built: {e}") from e
        if self.manifest is not None and indexed is not None:
            self.manifest = replace(self.manifest, search=indexed.digests)
        scanner, self._scanner = self._scanner, None
        if scanner is None:
            return
        self.findings = scanner.finish(indexed.read if indexed is not None else None)
        if self.manifest is not None:
            self.manifest = replace(self.manifest, scanned={rel: d.hex() for rel, d in scanner.scanned.items()})
        if self.findings and self._scan:
            listed = "\n".join(f"  {f}" for f in self.findings[:50])
            raise PluginError(f"the safety scan found {len(self.findings)} problem(s) in the built site:\n{listed}")

    def on_build_error(self, *, error: Exception) -> None:
        self._close_scanner()
        self._close_converter()

    def _close_converter(self) -> None:
        if self._converter is not None:
            self._converter.close()
            self._converter = None

    def _close_scanner(self) -> None:
        if self._scanner is not None:
            self._scanner.close()
            self._scanner = None

    def on_shutdown(self) -> None:
        self._cleanup()
        self._close_scanner()
        self._close_converter()
        self._given = None
        self._command = None
        self._dirty = False
        self._previous, self._previous_frame = {}, b""
        self.keep, self.kept, self.built, self.index, self.frame = False, {}, None, True, ()
        self._before = None
        self._held = {}
        self._lifted.clear()

    def _cleanup(self) -> None:
        if self._pdf_dir is not None:
            self._pdf_dir.cleanup()
            self._pdf_dir = None

    def on_files(self, files: Files, config) -> Files:
        markdown = render.render_pages(self._site)
        if self._command == "build" and self._before is not None:
            unchanged = self._unchanged_since(markdown, config)
        else:
            unchanged = self._unchanged(markdown, config) if self._dirty else set()
        self._lifted.clear()
        for page in self._site:
            text = markdown.pop(page.path)
            if self._command == "build" and page.markdown is None and page.path not in unchanged:
                text = self._lifted.lift(page.path, text)  # a page of the templates; live preview converts whole pages
            if page.path in unchanged:  # never read: MkDocs keeps the page the previous build wrote
                _add(files, _Unchanged.generated(config, page.path, content="", inclusion=_inclusion(page)))
            else:
                _add(files, File.generated(config, page.path, content=text, inclusion=_inclusion(page)))
        # MkDocs holds every page's Markdown and HTML at once: free the page contexts for it
        # (live preview keeps them, to tell which pages an edit changes).
        self.kept = {page.path: page for page in self._site} if self.keep else {}
        self._site = []
        for download in self._extras.downloads:
            _add(files, File.generated(config, download.path, abs_src_path=str(download.file)))
        for path, data in self._extras.data_files:
            _add(files, File.generated(config, path, content=data))
        if self.manifest is not None:
            self.manifest = replace(self.manifest, files=tuple(sorted(f.dest_uri for f in files)))
            _remove_stale(Path(config.site_dir), set(self._before.files) - set(self.manifest.files))
        return files

    def _unchanged_since(self, markdown: dict[str, str], config) -> set[str]:
        """The site verb's build again: the pages whose Markdown and frame are those `_before` records,
        which the copy of the previous site in site_dir already holds. In another frame (the
        navigation, the configuration, the theme, this code) nothing is: site_dir is emptied, and
        the build is a clean one."""
        digests = {path: _digest(text) for path, text in markdown.items()}
        frame = _build_frame(config)
        self.manifest = Manifest(frame, digests, (), {})
        if frame != self._before.frame:
            _empty(Path(config.site_dir))
            self._before = Manifest(frame, {}, (), {})
            return set()
        if self._scanner is not None:  # the same scan (its code is in the frame) passed these pages
            self._scanner.trust({rel: bytes.fromhex(d) for rel, d in self._before.scanned.items()})
        return {path for path, digest in digests.items() if self._before.pages.get(path) == digest}


    def _unchanged(self, markdown: dict[str, str], config) -> set[str]:
        """Under `mkdocs serve --dirty`: the pages whose Markdown is what the previous build gave them,
        in an unchanged frame (navigation, names, theme overrides, configuration). MkDocs does not
        render them again, so an edit to one claim re-renders only the pages that show it."""
        digests = {path: hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
                   for path, text in markdown.items()}
        frame = _frame(config)
        same = {path for path, digest in digests.items() if self._previous.get(path) == digest} \
            if frame == self._previous_frame else set()
        self._previous, self._previous_frame = digests, frame
        return same


@dataclass(frozen=True)
class Manifest:
    """What a site the site verb built is made from: its frame, each page's Markdown digest, every
    file MkDocs wrote, each search bundle's digest (pagefind.Indexed), and the digest of each HTML
    file the safety scan passed. JSON-able (as_json)."""

    frame: str
    pages: dict[str, str]
    files: tuple[str, ...]
    search: dict[str, str]
    scanned: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"frame": self.frame, "pages": self.pages, "files": list(self.files), "search": self.search,
                "scanned": self.scanned}

    @classmethod
    def from_json(cls, data) -> "Manifest":
        """Raises ValueError (or KeyError, TypeError) on anything but what as_json wrote."""
        made = cls(str(data["frame"]), {str(k): str(v) for k, v in data["pages"].items()},
                   tuple(str(f) for f in data["files"]), {str(k): str(v) for k, v in data["search"].items()},
                   {str(k): str(v) for k, v in data["scanned"].items()})
        if any(f.startswith("/") or ".." in f.split("/") for f in made.files):
            raise ValueError("a file outside the site")
        for digest in made.scanned.values():
            bytes.fromhex(digest)
        return made


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _build_frame(config) -> str:
    """What every page's HTML depends on besides its own Markdown, from one site-verb build to the
    next: the live-preview frame, and the configuration's text (the theme's settings, the Markdown
    extensions) with the variables it reads, the versions of what renders
    (MkDocs, Material, Markdown and its extensions), and the code of the engines that hand the
    pages over, scan them and index them."""
    from importlib.metadata import version

    parts = [_frame(config).hex(), str(config.site_url), str(config.use_directory_urls),
             repr(sorted((k, v) for k, v in os.environ.items() if k.startswith("CLAIMSITE_")))]
    parts += [f"{name}=={version(name)}" for name in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions",
                                                      "pagefind", "jinja2")]
    engines = ("mkdocs.py", "rawblocks.py", "convertpool.py", "scan.py", "scanpool.py", "pagefind.py")
    for path in [config.config_file_path] + [str(Path(__file__).with_name(n)) for n in engines]:
        if path:
            parts.append(hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest())
    return hashlib.blake2b("\n".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def _remove_stale(site: Path, stale: set[str]) -> None:
    """Remove from the copy of the previous site what this build does not write (a deleted record's
    page), and the folders that leaves empty."""
    for rel in sorted(stale):
        path = site / rel
        path.unlink(missing_ok=True)
        for parent in path.parents:
            if parent == site or any(parent.iterdir()):
                break
            parent.rmdir()


def _empty(site: Path) -> None:
    import shutil

    for child in site.iterdir() if site.is_dir() else ():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()


def _trim_memory() -> None:
    """Collect what the build let go of, and hand the freed heap back to the system (glibc)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory stays with the process until it ends


class _Unchanged(File):
    """A generated page whose Markdown and frame are those of the previous build (live preview, or
    the site verb's build again)."""

    def is_modified(self) -> bool:
        return False


def _frame(config) -> bytes:
    """What every page's HTML depends on besides its own Markdown."""
    parts = [repr((config.nav, config.site_name, config.site_description, config.copyright,
                   sorted(config.extra.items(), key=str), config.theme.name)), config.config_file_path or ""]
    stamps = [config.config_file_path] if config.config_file_path else []
    overrides = config.theme.custom_dir  # the theme's own templates do not change during a preview
    stamps += [str(p) for p in sorted(Path(overrides).rglob("*")) if p.is_file()] if overrides else []
    parts += [f"{path}:{os.stat(path).st_mtime_ns}" for path in stamps]
    return hashlib.blake2b("\n".join(parts).encode("utf-8"), digest_size=16).digest()


def frame_of(report, site: list[pages.Page]) -> tuple:
    """What every page's HTML shows besides its own Markdown, as the theme prints it: the site's
    name, description and copyright, its address, and the navigation."""
    # The theme prints the first three into HTML as they are: they must arrive escaped. The name
    # is Markup, escaped once: Material's logo prints it through `| e` (title="..."), which
    # would escape it a second time (A &amp;amp; B).
    return (Markup(html.escape(visible(_one_line(report.title)))),
            html.escape(visible(_one_line(report.summary))),
            html.escape(visible(f"{', '.join(report.authors)}. Licence: {report.licence}")),
            # Printed into href and <loc> as it is: percent-encode what could end an attribute.
            # Under mike the report's address is already the version's own (see _load).
            quote(report.site_url, safe=":/?#=%;,+@!$~.-_[]"),
            pages.nav(site))


def _inclusion(page: pages.Page) -> InclusionLevel:
    # Record pages stay out of the nav: the nav is written into every page (see mkdocs-notes.md).
    return InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV


def _add(files: Files, file: File) -> None:
    if files.get_file_from_path(file.src_uri) is not None:
        raise PluginError(f"docs/{file.src_uri} would hide the generated page {file.src_uri}: rename it")
    files.append(file)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- the site verb's build ------------------------------------------------------------


def build(site: driver.Site, config: Path, work: Path, *, verbose: bool = False,
          failed: type[Exception] = RuntimeError) -> tuple[int, list[Finding]]:
    """Build the assembled site (driver.assemble) into work/site with MkDocs and Material, strict.

    Returns the number of pages and the safety scan's findings, which the plugin makes on another
    core while MkDocs writes the pages (scanpool.py); raises `failed` where MkDocs fails. MkDocs
    takes no object from its caller: the site reaches the plugin that `config` enables through
    ClaimsitePlugin.use, and its findings come back through .findings, both here in one place."""
    pages, findings, _ = build_again(site, config, work, None, verbose=verbose, failed=failed)
    return pages, findings


def build_again(site: driver.Site, config: Path, work: Path, before: Manifest | None, *, verbose: bool = False,
                failed: type[Exception] = RuntimeError) -> tuple[int, list[Finding], Manifest | None]:
    """build(), and the Manifest of what the site is made from. With `before`, work/site must hold a
    copy of the site that manifest describes: MkDocs renders again only the pages whose Markdown
    changed (when nothing else did), Pagefind re-indexes only the bundles whose pages changed, and
    what the site no longer has is removed; the result is byte for byte a clean build's."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site_dir = work / "site"
    with _mkdocs_log(verbose), _quiet_dirty():
        try:
            cfg = load_config(config_file=str(config), site_dir=str(site_dir), strict=True)
            plugin = cfg.plugins.get("claimsite")
            if plugin is None:
                raise failed(f"{config} does not enable the claimsite plugin")
            plugin.use(site, Manifest("", {}, (), {}) if before is None else before)
            del site  # the plugin lets go of the report once MkDocs has the pages
            cfg.plugins.on_startup(command="build", dirty=before is not None)
            try:
                mkdocs_build(cfg, dirty=before is not None)
                findings, manifest = plugin.findings, plugin.manifest
            finally:
                cfg.plugins.on_shutdown()
        except MkDocsException as e:
            raise failed(f"MkDocs failed: {e}") from e
    return sum(1 for _ in site_dir.rglob("index.html")), findings, manifest


class _NotDirty(logging.Filter):
    """MkDocs warns that a dirty build may leave wrong navigation; build_again renders every page
    whose navigation changed, and in strict mode the warning would fail the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


@contextmanager
def _quiet_dirty():
    logger, quiet = logging.getLogger("mkdocs.commands.build"), _NotDirty()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


class _OneLine(logging.Formatter):
    """A log record as one line: what MkDocs quotes of a page never reaches the terminal raw."""

    def format(self, record: logging.LogRecord) -> str:
        return terminal_safe(super().format(record))


@contextmanager
def _mkdocs_log(verbose: bool):
    """MkDocs' warnings (and with --verbose its progress) on stderr, as its own CLI shows them."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine("mkdocs: %(levelname)s %(message)s"))
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    old_level = logger.level
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
