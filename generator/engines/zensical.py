"""Zensical, the second engine: the same rendered pages built into HTML by Zensical instead of MkDocs.

`python -m generator site --engine zensical` calls build() from the site verb, inside its
temporary folder, with the site the driver assembled for either engine (driver.assemble): its
pages are rendered here as the claimsite plugin renders them for MkDocs (render.render_pages),
written with the downloads and the project's docs/ assets into a docs
folder, and built by Zensical from a configuration generated from mkdocs.yml (its theme,
Markdown extensions, extra CSS and JavaScript, validation; the report's name, description,
address and navigation as the claimsite plugin sets them). The verb's own flow then goes on
as for MkDocs: Pagefind indexes the site, the safety scan reads it, the marker, the swap.

Zensical is a Rust program with a thin Python layer: its build writes its messages straight to
the process's stdout and stderr, mutates PyYAML's global Loader and keeps the configuration in a
module global. It runs here as a subprocess (its own CLI, `python -m zensical build --strict`),
with a time limit, its messages captured and shown as MkDocs' are, and killed with the build on
Ctrl-C.

Zensical reads Material's theme overrides, with differences in what its templates see
(docs/engines.md): a page has no `file` and no `is_homepage`, and the site's name is plain text
where MkDocs hands over Markup, so `| e` would escape it twice. THEME_PATCHES rewrites those few
expressions in a copy of overrides/ (and of Zensical's own nav.html); a build stops if one is no
longer there to rewrite, so a change to overrides/ cannot silently lose the search marker or the
safe title.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import yaml

from .. import pages
from ..outputs import markdown as render
from . import scan
from ..diagnostics import terminal_safe
from ..driver import Site
from ..resolve import Resolved
from .scan import Finding
from .pagefind import SearchIndexFailed, index_site
from ..unicode_rules import visible

VERSION = "0.0.73"  # pyproject.toml's pin (the `zensical` extra); 0.0.74 and later need zensical-ui
TIMEOUT = 3600  # seconds: a hang guard only; the real report builds in seconds
CONFIG_NAME = "mkdocs.yml"  # Zensical reads a .yml as MkDocs' format, a .toml as its own
# Zensical's project folder (docs, theme, configuration, its .cache, the site), apart from the
# site verb's own files (the PDF, the owner file) in its temporary folder.
ROOT = "zensical"

# What the project's mkdocs.yml says that Zensical is given as it is.
CARRIED = ("use_directory_urls", "markdown_extensions", "extra_css", "extra_javascript", "extra", "validation")
# Theme settings carried over; custom_dir is the patched copy, variant is Material's look.
THEME_CARRIED = ("name", "features", "palette", "font", "language", "favicon", "logo", "icon")

# (file below the overrides folder, expression for MkDocs, the same for Zensical)
THEME_PATCHES = (
    # Pages from Markdown have a `path` in Zensical, not a `file`; the 404 page has neither.
    ("main.html", "{% if page and page.file and", "{% if page and page.path and"),
    # Zensical has no page.is_homepage (undefined: false); the home page is the one whose url is "".
    ("main.html", "{% if page.title and not page.is_homepage %}", "{% if page.title and page.url %}"),
    # The name arrives escaped once (see _settings); MkDocs hands it over as Markup, Zensical as text.
    ("partials/header.html", 'title="{{ config.site_name | e }}"', 'title="{{ config.site_name }}"'),
    # The same in Zensical's own navigation, which overrides/ leaves as it is: patched in a copy.
    ("partials/nav.html", 'title="{{ config.site_name | e }}"', 'title="{{ config.site_name }}"'),
)


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it: `!ENV NAME` and `!ENV [NAME, ..., default]`."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = node.value
        names = [loader.construct_scalar(n) for n in items[:-1]] if len(items) > 1 else \
            [loader.construct_scalar(items[0])]
        default = loader.construct_object(items[-1]) if len(items) > 1 else None
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            return loader.construct_object(yaml.ScalarNode(loader.resolve(yaml.ScalarNode, value, (True, False)),
                                                           value))
    return default


_ConfigLoader.add_constructor("!ENV", _env)


def read_config(config: Path) -> dict:
    """The project's MkDocs configuration."""
    return yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def build(site: Site, config: Path, work: Path, *, verbose: bool = False,
          failed: type[Exception] = RuntimeError) -> tuple[int, list[Finding]]:
    """Build the assembled site (driver.assemble) into work/site with Zensical, index it with
    Pagefind and scan it.

    Returns the number of pages and the safety scan's findings; raises `failed` where Zensical,
    Pagefind or the configuration fails. `work` is the site verb's temporary folder: the docs,
    the theme and the configuration are written there too (Zensical wants the site folder
    inside the configuration's folder)."""
    project = read_config(config)
    root = work / ROOT
    settings = _settings(site.resolved, project, pages.nav(site.pages))
    markdown, extras = render.render_pages(site.pages), site.extras
    del site  # the report and the pages' contexts are no longer needed: the Markdown is
    _write_docs(markdown, extras, config.parent / project.get("docs_dir", "docs"),
                project.get("exclude_docs"), root / "docs", failed)
    del markdown
    if "custom_dir" in settings["theme"]:
        _write_theme(config.parent / project["theme"]["custom_dir"], root / "theme", failed)
    (root / CONFIG_NAME).write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False),
                                    encoding="utf-8")
    _run(root / CONFIG_NAME, verbose, failed)
    built = work / "site"
    (root / "site").rename(built)
    try:
        index_site(built)
    except SearchIndexFailed as e:
        raise failed(f"the search index could not be built: {e}") from e
    return sum(1 for _ in built.rglob("index.html")), scan_site(built, root / "theme")


# -- the configuration ----------------------------------------------------------------


def _settings(resolved: Resolved, project: dict, nav: list[dict[str, str]]) -> dict:
    """Zensical's configuration: the report's names escaped as the claimsite plugin's on_config
    escapes them (the theme prints them into HTML as they are), the rest from mkdocs.yml."""
    report = resolved.report
    theme = {k: v for k, v in (project.get("theme") or {}).items() if k in THEME_CARRIED}
    theme["variant"] = "classic"  # Material's look; Zensical's own is "modern"
    if (project.get("theme") or {}).get("custom_dir"):
        theme["custom_dir"] = "theme"  # the patched copy (_write_theme), beside the configuration
    settings = {
        "site_name": html.escape(visible(_one_line(report.title))),
        "site_description": html.escape(visible(_one_line(report.summary))),
        "site_url": quote(report.site_url, safe=":/?#=%;,+@!$~.-_[]"),
        "copyright": html.escape(visible(f"{', '.join(report.authors)}. Licence: {report.licence}")),
        # Relative to the configuration: Zensical 0.0.73 panics on an absolute docs_dir
        # ("invariant: Id(Format(Path(RootDir)))").
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": theme,
        "nav": nav,
        # Search is Pagefind's; Zensical's own would add its index and its box.
        "plugins": {"search": {"enabled": False}},
    }
    settings.update({k: project[k] for k in CARRIED if k in project})
    return settings


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- the docs folder and the theme ----------------------------------------------------


def _write_docs(markdown: dict[str, str], extras: pages.Extras, project_docs: Path, exclude: str | None,
                docs: Path, failed: type[Exception]) -> None:
    """The project's docs/ as MkDocs includes it (exclude_docs applied), the pages and the downloads."""
    from pathspec.gitignore import GitIgnoreSpec

    spec = GitIgnoreSpec.from_lines((exclude or "").splitlines())
    for path in sorted(project_docs.rglob("*")) if project_docs.is_dir() else ():
        rel = path.relative_to(project_docs).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in rel.split("/")) and not spec.match_file(rel):
            _copy(path, docs / rel)
    generated = {**{p: t.encode("utf-8") for p, t in markdown.items()}, **dict(extras.data_files)}
    generated.update({d.path: None for d in extras.downloads})
    for rel in generated:
        if (docs / rel).exists():
            raise failed(f"{project_docs.name}/{rel} would hide the generated page {rel}: rename it")
    files = {d.path: d.file for d in extras.downloads}
    for rel, data in generated.items():
        if data is None:
            _copy(Path(files[rel]), docs / rel)
        else:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_bytes(data)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _write_theme(overrides: Path, theme: Path, failed: type[Exception]) -> None:
    """A copy of the theme overrides with THEME_PATCHES applied, each to the overrides' template or,
    where they have none, to a copy of Zensical's own; each patch must find its expression."""
    import zensical

    shutil.copytree(overrides, theme)
    builtin = Path(zensical.__file__).resolve().parent / "templates"
    for rel, old, new in THEME_PATCHES:
        path = theme / rel
        origin = f"{overrides.name}/{rel}" if path.is_file() else f"Zensical's templates/{rel}"
        if not path.is_file() and (builtin / rel).is_file():
            _copy(builtin / rel, path)
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if old not in text:
            raise failed(f"{origin} no longer has {old!r}, which the Zensical build rewrites "
                         "(generator/engines/zensical.py THEME_PATCHES): update the patch")
        path.write_text(text.replace(old, new), encoding="utf-8")


# -- the build ------------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _run(config: Path, verbose: bool, failed: type[Exception]) -> None:
    """`zensical build --strict` on `config`, in its folder; its messages on stderr, one safe line
    each, where it fails or with --verbose."""
    env = {**os.environ, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config)]
    try:
        done = subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True,
                              errors="replace", stdin=subprocess.DEVNULL, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        raise failed(f"Zensical did not finish within {TIMEOUT} s") from e
    except OSError as e:
        raise failed(f"Zensical could not be started: {e}") from e
    said = [_ANSI.sub("", line) for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    if verbose or done.returncode != 0:
        for line in said:
            print(f"zensical: {terminal_safe(line)}", file=sys.stderr)
    if done.returncode != 0:
        if any("No module named zensical" in line for line in said):
            raise failed(f"Zensical is not installed: `pip install zensical=={VERSION}` "
                         "(or `pip install -e '.[zensical]'`)")
        last = next((line for line in reversed(said) if line.strip()), "no message")
        raise failed(f"Zensical failed (exit code {done.returncode}): {terminal_safe(last.strip())}")
    if not (config.parent / "site" / "index.html").is_file():  # site_dir, as _settings sets it
        raise failed("Zensical wrote no index.html")


# -- the safety scan ------------------------------------------------------------------


def theme_scripts(theme: Path | None = None) -> tuple[re.Pattern, ...]:
    """The inline scripts of Zensical's templates and of the (patched) overrides, as scan.py reads
    Material's: each template's expressions match a relative or site-absolute path."""
    import zensical

    folders = [Path(zensical.__file__).resolve().parent / "templates" / "partials" / "javascripts",
               (theme if theme is not None else scan.OVERRIDES) / "partials" / "javascripts"]
    return scan.script_patterns(folders)


def scan_site(site: Path, theme: Path | None = None) -> list[Finding]:
    """scan.scan_site with Zensical's inline scripts as the theme's; on every core for a large site."""
    patterns = theme_scripts(theme if theme is not None and theme.is_dir() else None)
    files = sorted(site.rglob("*.html"))
    jobs = [(path.read_text(encoding="utf-8", errors="replace"), path.relative_to(site).as_posix())
            for path in files] if len(files) < scan.PARALLEL_FROM else None
    findings: list[Finding] = []
    if jobs is not None:
        for text, rel in jobs:
            findings += scan.scan_page(text, rel, site, patterns)
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(min(os.cpu_count() or 1, 8)) as pool:
            for found in pool.map(_scan_file, [site] * len(files), files, [patterns] * len(files), chunksize=64):
                findings += found
    return findings[:scan.MAX_FINDINGS] + scan.scan_assets(site)


def _scan_file(site: Path, path: Path, patterns: tuple[re.Pattern, ...]) -> list[Finding]:
    return scan.scan_page(path.read_text(encoding="utf-8", errors="replace"), path.relative_to(site).as_posix(),
                          site, patterns)
