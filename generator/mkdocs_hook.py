"""The one MkDocs-specific module: hands the rendered pages to MkDocs in memory.

Registered as the `claimsite` plugin (pyproject.toml entry point). At each
build it validates and resolves content/ (or takes a report the `site` verb
already resolved), renders every page with the pure `render` functions and
adds them as generated files, so `mkdocs build`, `mkdocs serve` and
`mike deploy` give the same site and nothing generated lands in docs/.

Built from content/ by `mkdocs build` or `mike deploy`, the site carries its
own PDF (the version on its cover is mike's, else "draft"); `mkdocs serve`
leaves it out to keep live reload fast.

After each build, Pagefind indexes the site for search (generator/search.py).
"""
from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from urllib.parse import quote, urljoin

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from . import pages, render
from .pipeline import build
from .resolve import Resolved


# Set by `python -m generator publish` and by mike around the builds they run.
ENV_SINCE = "CLAIMSITE_SINCE"  # the release tag the changelog starts from; empty: the first release
ENV_MIKE_VERSION = "MIKE_DOCS_VERSION"  # the version mike is building
# MkDocs commands that build no PDF: `serve` (live reload stays fast) and `mike`, which loads
# the configuration only to read its settings and then runs `mkdocs build` for the site itself.
_NO_PDF = ("serve", "mike")


class ClaimsiteConfig(Config):
    content = opt.Type(str, default="content")  # relative to mkdocs.yml


class ClaimsitePlugin(BasePlugin[ClaimsiteConfig]):
    def __init__(self) -> None:
        self._given: tuple[Resolved, pages.Extras] | None = None
        self._site: list[pages.Page] = []
        self._extras = pages.Extras()
        self._command: str | None = None
        self._pdf_dir: tempfile.TemporaryDirectory | None = None

    # With on_startup, MkDocs keeps one instance of the plugin for the whole process (every
    # rebuild of `mkdocs serve`, every build a caller runs): on_shutdown forgets the build's state.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    def use(self, resolved: Resolved, extras: pages.Extras) -> None:
        """Build from a report resolved by the caller, with its extras (the PDF), instead of content/."""
        self._given = (resolved, extras)

    def on_config(self, config):
        if self._command == "mike" and self._given is None:
            return config  # mike reads only its own settings here; its `mkdocs build` builds the site
        resolved, extras = self._given or self._load(config)
        self._site = pages.site_pages(resolved, extras)
        self._extras = extras
        # The theme prints these three into HTML as they are: they must arrive escaped.
        report = resolved.report
        config.site_name = html.escape(_one_line(report.title))
        config.site_description = html.escape(_one_line(report.summary))
        config.copyright = html.escape(f"{', '.join(report.authors)}. Licence: {report.licence}")
        version = os.environ.get(ENV_MIKE_VERSION)
        if not config.site_url:  # `mkdocs serve` sets its own
            # Printed into href and <loc> as it is: percent-encode what could end an attribute.
            config.site_url = quote(report.site_url, safe=":/?#=%;,+@!$~.-_[]")
            if version:  # each version lives in its own folder, as mike's plugin would say had it a site_url
                config.site_url = urljoin(config.site_url.rstrip("/") + "/", quote(version, safe="") + "/")
        if config.nav is None:
            config.nav = pages.nav(self._site)
        if version:  # mike is building a version: show Material's selector
            config.extra.setdefault("version", {"provider": "mike"})
        return config

    def _load(self, config) -> tuple[Resolved, pages.Extras]:
        content = Path(config.config_file_path).parent / self.config.content
        # Live preview re-reads only the records that changed since the last rebuild.
        checked, resolved = build(content, reuse=self._command == "serve")
        if resolved is None:
            problems = "\n".join(str(d) for d in checked.diagnostics())
            raise PluginError(f"the content has errors:\n{problems}\n{checked.summary()}")
        changes = pages.release_changes(content, checked.checks, os.environ.get(ENV_SINCE))
        version = os.environ.get(ENV_MIKE_VERSION) or None
        downloads: tuple[pages.Download, ...] = ()
        if self._command not in _NO_PDF:
            self._cleanup()
            self._pdf_dir = tempfile.TemporaryDirectory(prefix="claimsite-pdf-")
            downloads = pages.pdf_download(resolved, content, Path(self._pdf_dir.name) / pages.PDF_NAME,
                                           version=version or "draft", changes=changes, failed=PluginError)
        return resolved, pages.extras(resolved, content, downloads, changes, version=version)

    def on_post_build(self, config) -> None:
        """Index the built site for search (every build, `mkdocs serve` too: search works in the
        preview), then scan what `mkdocs build` and mike wrote; the site verb scans its own build
        before the swap. A failure of either fails the build."""
        from .search import SearchIndexFailed, index_site

        try:
            index_site(Path(config.site_dir))
        except SearchIndexFailed as e:
            raise PluginError(f"the search index could not be built: {e}") from e
        if self._command == "serve" or self._given is not None:
            return
        from .scan import scan_site

        findings = scan_site(Path(config.site_dir))
        if findings:
            listed = "\n".join(f"  {f}" for f in findings[:50])
            raise PluginError(f"the safety scan found {len(findings)} problem(s) in the built site:\n{listed}")

    def on_shutdown(self) -> None:
        self._cleanup()
        self._given = None
        self._command = None

    def _cleanup(self) -> None:
        if self._pdf_dir is not None:
            self._pdf_dir.cleanup()
            self._pdf_dir = None

    def on_files(self, files: Files, config) -> Files:
        markdown = render.render_pages(self._site)
        for page in self._site:
            _add(files, File.generated(config, page.path, content=markdown[page.path],
                                       inclusion=_inclusion(page)))
        for download in self._extras.downloads:
            _add(files, File.generated(config, download.path, abs_src_path=str(download.file)))
        for path, data in self._extras.data_files:
            _add(files, File.generated(config, path, content=data))
        return files


def _inclusion(page: pages.Page) -> InclusionLevel:
    # Record pages stay out of the nav: the nav is written into every page (see mkdocs-notes.md).
    return InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV


def _add(files: Files, file: File) -> None:
    if files.get_file_from_path(file.src_uri) is not None:
        raise PluginError(f"docs/{file.src_uri} would hide the generated page {file.src_uri}: rename it")
    files.append(file)


def _one_line(text: str) -> str:
    return " ".join(text.split())
