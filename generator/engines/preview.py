"""Live preview (`python -m generator serve`, `make serve`): an edit re-renders only the pages it changes.

The first build is MkDocs' own (`mkdocs build` with the claimsite plugin), and the plugin keeps
what MkDocs gathered: the configuration, the files, the navigation, the theme's templates and
every page's context. On an edit the content is read again (only the changed records are parsed,
load.Reuse: the server names the files its notifications saw saved, and the others are then
neither listed nor looked at; anything else, a file created, deleted or moved, a folder, an event
outside the content, an overflow of the kernel's queue, the first update and one after a failure,
has every file's mtime looked at) and resolved, what was computed from unchanged records given back (memo.py); the
contexts of the pages the edit can change are built again: the edited records' pages, the pages
whose Markdown linked to them or that theirs links to (a page that shows a record links to it),
and the index pages (their rows of unchanged records given back too). Those whose context differs are rendered
to Markdown and passed, one by one, through MkDocs' own page machinery (plugin events, Markdown
to HTML, the theme's main.html) with the navigation built once. An edit to anything but records
with a page (report.yaml, a record added or removed) builds every page's context again. The browser reloads
through MkDocs' livereload server, told of edits by inotify rather than by polling.

What every page shows (the navigation, the site's name, the theme overrides, mkdocs.yml) changing,
or a page appearing or going, means a full MkDocs build again. The search index is rebuilt after
each edit in the background; until it is done, search finds the text as it was. The data downloads
and each record's git history are those of the last full build.

`mkdocs serve --dirty` still works (the plugin's `_unchanged`), but takes 20 s an edit at 10,000
claims: every rebuild loads the configuration and the theme again, gathers and renders the Markdown
of every page, builds the navigation over every file and runs Pagefind over the whole site.
"""
from __future__ import annotations

import hashlib
import html
import logging
import os
import posixpath
import re
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from mkdocs.commands.build import _build_page, _populate_page, build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from .. import pages
from ..diagnostics import terminal_lines
from ..outputs import markdown as render
from ..pages import FOLDER
from .mkdocs import ClaimsitePlugin, _mkdocs_log, frame_of

log = logging.getLogger("mkdocs.claimsite.preview")


@dataclass
class Update:
    """What one edit rebuilt: the pages written again, or the whole site, or nothing (an error)."""

    written: list[str] = field(default_factory=list)  # the generated pages' paths (claims/x.md)
    full: bool = False
    contexts: int = 0  # how many page contexts were built again to find them
    error: str | None = None
    seconds: float = 0.0


class Preview:
    """One report's live preview into `site_dir`: `start()` builds it all, `update()` after an edit."""

    def __init__(self, config_file: Path, site_dir: Path, *, serve_url: str | None = None,
                 search: bool = True) -> None:
        self.config_file, self.site_dir, self.serve_url = Path(config_file), Path(site_dir), serve_url
        self._plugin: ClaimsitePlugin | None = None
        self._stamps = b""
        self._links: dict[str, set[str]] = {}  # page -> the pages its Markdown links to
        self._linked_from: dict[str, set[str]] = {}  # page -> the pages whose Markdown links to it
        self._in_nav: set[str] = set()
        self._edited: set[str] = set()  # the pages of the records the last edit changed
        self._pending: set[Path] = set()  # files read again by updates that failed since the last good one
        self._clean = True  # the last update ended well: the next may look only at the files it is told of
        self._search = _Search(self.site_dir) if search else None

    @property
    def plugin(self) -> ClaimsitePlugin:
        assert self._plugin is not None, "start() first"
        return self._plugin

    def start(self) -> Update:
        """The whole site, built by MkDocs (a full build also follows an edit to what every page shows)."""
        started = time.perf_counter()
        config = self._config()
        if self._plugin is None:
            config.plugins.on_startup(command="serve", dirty=False)
        plugin = config.plugins["claimsite"]
        if self._plugin is not None and plugin is not self._plugin:  # MkDocs keeps one instance
            raise RuntimeError("the claimsite plugin was not kept from one build to the next")
        self._plugin, plugin.keep, plugin.index = plugin, True, False  # search: _Search
        mkdocs_build(config, serve_url=self.serve_url)
        self._stamps = _stamps(config, self.plugin.built[1])
        self._index_links()
        self._reindex()
        return Update(full=True, seconds=time.perf_counter() - started)

    def update(self, changed: Iterable[str | Path] | None = None) -> Update:
        """After an edit: the pages it changed, each through MkDocs' page machinery; the whole site
        where the frame changed; on an error in the content, nothing, and the error said.

        `changed`: every file edited since the last update, where the caller knows them (the
        server's notifications): then only those are looked at again, the other files are taken as
        the last update saw them. None, or an update after one that failed, looks at every file."""
        started = time.perf_counter()
        plugin = self.plugin
        config, files, nav, env = plugin.built
        clean, self._clean = self._clean, False  # until this update ends well
        plugin.reuse.trust(_within(changed, plugin.content_dir(config)) if clean else None)
        try:
            resolved, extras = plugin.refresh(config)
            records = self._affected(plugin.content_dir(config))
            lookups = pages.Lookups.of(resolved)
            site = pages.site_pages(resolved, extras, records, lookups, plugin.reuse.memo)
            same_pages = records is not None or plugin.kept.keys() == {page.path for page in site}
            same_frame = frame_of(resolved.report, site) == plugin.frame and _stamps(config, files) == self._stamps
            if not (same_pages and same_frame):
                del site
                update = self.start()
            else:
                written, contexts = self._rerender(site, config, files, nav, env), len(site)
                # A page the edit now links to may show it (a claim's new weapon lists the claim).
                linked = {target for path in self._edited for target in self._links.get(path, ())}
                more = linked - {page.path for page in site} - self._in_nav
                if more:
                    site = pages.record_pages(resolved, extras, lookups, more.__contains__)
                    written, contexts = written + self._rerender(site, config, files, nav, env), contexts + len(site)
                update = Update(written=written, contexts=contexts)
        except MkDocsException as e:  # PluginError (the content's errors) among them
            # What this edit read again is not shown yet: the next update's pages must include it.
            self._pending |= set(plugin.reuse.changed) | set(plugin.reuse.dropped)
            return Update(error=str(e), seconds=time.perf_counter() - started)
        self._pending, self._clean = set(), True
        update.seconds = time.perf_counter() - started
        if update.written:
            self._reindex()
        return update

    def _affected(self, content: Path) -> Callable[[str], bool] | None:
        """The record pages an edit can have changed: those of the records read again, and the pages
        that linked to them or that they linked to; None (every page) where the edit is not only to
        records that have a page (report.yaml, a record added or removed)."""
        reuse = self.plugin.reuse
        if reuse.dropped:
            return None
        own = set()
        for path in {*reuse.changed, *self._pending}:
            page = _record_page(path, content)
            if page is None or page not in self.plugin.kept:
                return None
            own.add(page)
        near, self._edited = set(own), own
        for page in own:
            near |= self._links.get(page, set()) | self._linked_from.get(page, set())
        return near.__contains__

    def _rerender(self, site, config, files, nav, env) -> list[str]:
        """The pages whose context changed, rendered and written again; returns their paths."""
        plugin = self.plugin
        changed = [page for page in site if plugin.kept.get(page.path) != page]
        plugin.kept.update((page.path, page) for page in site)
        markdown = render.render_pages(changed)
        doc_files = files.documentation_pages()
        for page in changed:
            file = files.get_file_from_path(page.path)
            file.content_string = markdown[page.path]
            self._link(page.path, markdown[page.path])
            _populate_page(file.page, config, files)
            _build_page(file.page, config, doc_files, nav, env)
        return [page.path for page in changed]

    def _index_links(self) -> None:
        """Which page links to which, from every generated page's Markdown."""
        self._links, self._linked_from = {}, {}
        self._in_nav = {path for path, page in self.plugin.kept.items() if page.in_nav}
        _, files, _, _ = self.plugin.built
        for path in self.plugin.kept:
            self._link(path, files.get_file_from_path(path).content_string)

    def _link(self, path: str, markdown: str) -> None:
        for target in self._links.get(path, ()):
            self._linked_from[target].discard(path)
        folder = posixpath.dirname(path)
        targets = {posixpath.normpath(posixpath.join(folder, link)) for link in _MD_LINK.findall(markdown)}
        self._links[path] = targets
        for target in targets:
            self._linked_from.setdefault(target, set()).add(path)

    def _config(self):
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir))
        if self.serve_url:
            config.site_url = self.serve_url
        return config

    def search_done(self) -> None:
        """Wait until the search index is that of the site as it is now."""
        if self._search is not None:
            self._search.wait()

    def _reindex(self) -> None:
        if self._search is not None:
            self._search.bundles = self.plugin.search_bundles
            self._search.request()

    def close(self) -> None:
        if self._search is not None:
            self._search.close()
        if self._plugin is not None:
            self._plugin.on_shutdown()


# A relative link to a page in the generated Markdown: ](../claims/x.md) or ](../claims/x.md#anchor).
_MD_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:)([^)\s#]+\.md)(?:#[^)\s]*)?\)")


def _within(changed: Iterable[str | Path] | None, content: Path) -> list[Path] | None:
    """The changed files as the content's reading names them (the notifications name the folder as
    resolved), or None where one is not inside the content folder."""
    if changed is None:
        return None
    folders = dict.fromkeys((content.absolute(), content.resolve()))
    out = []
    for path in (Path(os.path.abspath(p)) for p in changed):
        inside = [folder for folder in folders if folder in path.parents]
        if not inside:
            return None
        out.append(content.absolute() / path.relative_to(inside[0]))
    return out


def _record_page(path: Path, content: Path) -> str | None:
    """The page of the record read from `path` (claims/x.yaml, a source's snapshot sources/x.txt)."""
    try:
        rel = path.relative_to(content.absolute())
    except ValueError:
        return None
    if len(rel.parts) != 2 or rel.parts[0] not in FOLDER.values() or rel.suffix not in (".yaml", ".txt"):
        return None
    return f"{rel.parts[0]}/{rel.stem}.md"


def _stamps(config, files) -> bytes:
    """The modification times of what every page's HTML depends on besides the records: mkdocs.yml,
    the theme's overrides, the page templates and what docs/ gives the site (the stylesheet)."""
    docs = Path(config.docs_dir).resolve()
    paths = [Path(config.config_file_path)] if config.config_file_path else []
    paths += sorted(p for p in Path(render.TEMPLATES).rglob("*") if p.is_file())
    if config.theme.custom_dir:
        paths += sorted(p for p in Path(config.theme.custom_dir).rglob("*") if p.is_file())
    paths += sorted(Path(f.abs_src_path) for f in files if f.abs_src_path and not f.inclusion.is_excluded()
                    and docs in Path(f.abs_src_path).resolve().parents)
    digest = hashlib.blake2b(digest_size=16)
    for path in paths:
        digest.update(f"{path}:{os.stat(path).st_mtime_ns}\n".encode())
    return digest.digest()


class _Search:
    """Pagefind over the preview's site in a thread of its own: one run at a time, and one more
    when the site changed while it ran."""

    def __init__(self, site: Path) -> None:
        self._site = site
        self.bundles: tuple[int, ...] = ()  # how the search index is cut into bundles (pagefind.layout)
        self._cond = threading.Condition()
        self._wanted = self._running = self._stop = False
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        with self._cond:
            self._wanted = True
            self._cond.notify_all()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="preview-search", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        """Until the index is that of the site as it is."""
        with self._cond:
            self._cond.wait_for(lambda: not (self._wanted or self._running) or self._stop)

    def _run(self) -> None:
        from .pagefind import SearchIndexFailed, index_site

        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._wanted or self._stop)
                if self._stop:
                    return
                self._wanted, self._running = False, True
            try:
                index_site(self._site, cut=self.bundles, stage=lambda text: None)
            except SearchIndexFailed as e:
                log.warning(f"the search index could not be rebuilt: {e}")
            finally:
                with self._cond:
                    self._running = False
                    self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join()


# -- the server ---------------------------------------------------------------------------

# What an edit looks like to inotify; "opened" and "closed_no_write" are the preview's own reads.
_EDITS = frozenset({"created", "deleted", "modified", "moved", "closed"})
_SAVED = frozenset({"modified", "closed"})  # a file written where it was
_ERROR_STYLE = ("position:sticky;top:0;z-index:10;margin:0;padding:1em;background:#b00020;color:#fff;"
                "font:0.8rem/1.4 monospace;white-space:pre-wrap;max-height:50vh;overflow:auto")


class _Server(LiveReloadServer):
    """MkDocs' livereload server, told of edits by inotify at once (its own polls every file of the
    content twice a second), and showing the last rebuild's error at the top of every page."""

    def __init__(self, preview: Preview, *, host: str, port: int, root: str) -> None:
        super().__init__(builder=self._rebuild, host=host, port=port, root=root)
        self.observer = Observer()
        self.preview = preview
        self.error: str | None = None
        # The files edited since the last update; None until the first (an edit made while the first
        # build ran was not seen) and after a notification that names no one file's edit.
        self._changed: set[str] | None = None
        self._overflow = _Overflow(self)

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        # LiveReloadServer.watch (mkdocs 1.6.1, pinned), with its edits told apart from reads.
        path = os.path.abspath(path)
        if path in self._watched_paths:
            return
        self._watched_paths[path] = 1

        handler = FileSystemEventHandler()
        handler.on_any_event = self._edited  # type: ignore[method-assign]
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def _edited(self, event) -> None:
        if event.event_type not in _EDITS or (event.is_directory and event.event_type == "modified"):
            return  # a folder is "modified" with each file saved in it: the file's own event comes too
        with self._rebuild_cond:
            self._note(event)
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def _note(self, event) -> None:
        """One edit into the files the next update is told of; a file created, deleted or moved, or
        anything done to a folder, and the next update looks at every file."""
        if self._changed is not None and not event.is_directory and event.event_type in _SAVED:
            self._changed.add(os.fsdecode(event.src_path))
        else:
            self._changed = None

    def _taken(self) -> set[str] | None:
        """The files edited since the last update (None: look at all), and a new set begun."""
        with self._rebuild_cond:
            changed, self._changed = self._changed, set()
        return changed

    def overflowed(self) -> None:
        """The kernel dropped notifications: the next update looks at every file, and one is due."""
        with self._rebuild_cond:
            self._changed = None
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def _rebuild(self) -> None:
        try:
            update = self.preview.update(self._taken())
        except Exception as e:  # a failure of its own: said, and the preview goes on (never stuck)
            update = Update(error=f"the preview failed: {type(e).__name__}: {e}")
        self.error = update.error
        if update.error:  # a line at a time: the log prints each on one line
            for line in [*terminal_lines(update.error).split("\n"), "the preview shows the last good site, the error at the top"]:
                log.error(line)  # record text may be in it: escaped for the terminal, as the banner is for HTML
        elif update.full:
            log.info(f"rebuilt the whole site in {update.seconds:.2f} s")
        else:
            log.info(f"{len(update.written)} page(s) written again in {update.seconds:.2f} s")

    def server_close(self) -> None:
        self._overflow.close()
        super().server_close()

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        if not self.error:
            return content
        banner = (f'<pre role="alert" style="{_ERROR_STYLE}">'
                  f'{html.escape(terminal_lines(self.error))}</pre>').encode("utf-8")
        start = content.find(b">", content.find(b"<body")) + 1
        return content[:start] + banner + content[start:] if start > 0 else banner + content


class _Overflow(logging.Handler):
    """Watchdog (7.1.0, pinned) tells of the kernel's queue of notifications overflowing only in its
    log, as it watches the folders again: the server hears of it there."""

    LOGGER = "watchdog.observers"

    def __init__(self, server: _Server) -> None:
        super().__init__(logging.WARNING)
        self._server = server
        logging.getLogger(self.LOGGER).addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in record.getMessage().lower():
            self._server.overflowed()

    def close(self) -> None:
        logging.getLogger(self.LOGGER).removeHandler(self)
        super().close()


def watched(config) -> list[Path]:
    """What the preview watches: the content folder, the page templates, mkdocs.yml, docs/ (the
    stylesheet), the theme's overrides and mkdocs.yml's own `watch` list."""
    plugin = config.plugins["claimsite"]
    paths = [plugin.content_dir(config), Path(render.TEMPLATES), Path(config.docs_dir)]
    paths += [Path(config.config_file_path)] if config.config_file_path else []
    paths += [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    paths += [Path(p) for p in config.watch]
    return [p for p in dict.fromkeys(p.resolve() for p in paths) if p.exists()]


def serve(config_file: Path, host: str, port: int) -> int:
    """Preview the site on http://host:port/ until interrupted; 1 when the content has errors at
    the start (printed), 3 when MkDocs fails otherwise."""
    with tempfile.TemporaryDirectory(prefix="claimsite-preview-") as site_dir, _mkdocs_log(True):
        preview = Preview(config_file, Path(site_dir), serve_url=f"http://{host}:{port}/")
        try:
            try:
                first = preview.start()
            except PluginError as e:
                print(f"error: {e}", file=sys.stderr)
                return 1
            except MkDocsException as e:
                print(f"error: MkDocs failed: {e}", file=sys.stderr)
                return 3
            log.info(f"built the site in {first.seconds:.1f} s")
            server = _Server(preview, host=host, port=port, root=site_dir)
            server.error_handler = lambda code: _error_page(Path(site_dir), code)
            for path in watched(preview.plugin.built[0]):
                server.watch(str(path))
            _stop_on_sigterm()
            try:
                server.serve()
            except KeyboardInterrupt:
                log.info("stopping the preview")
            finally:
                server.shutdown()
        finally:
            preview.close()
    return 0


def _stop_on_sigterm() -> None:
    """SIGTERM stops the preview as Ctrl-C does, so its temporary site is removed."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


def _error_page(site: Path, code: int) -> bytes | None:
    page = site / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
