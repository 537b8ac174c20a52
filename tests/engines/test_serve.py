"""Plain `mkdocs serve --dirty` (still supported; `make serve` runs generator/engines/preview.py,
tested in test_preview.py) re-renders only the pages an edit changes.

MkDocs' serve loop is driven in-process here as `mkdocs serve` drives it: the plugin is
started once with command "serve", then the configuration is loaded and the site built
again after each edit, into the same folder."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import minimal_files, write_content
from mkdocs.commands.build import build
from mkdocs.config import load_config

from bench.preview import config_for

pytestmark = pytest.mark.slow


def preview_config(tmp_path: Path, content: Path) -> Path:
    """The project's mkdocs.yml, with the plugin reading `content` (as the bench's preview uses it)."""
    return config_for(content, tmp_path)


def stamps(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("index.html")}


@pytest.fixture
def preview(tmp_path):
    content = write_content(tmp_path, minimal_files())
    config, site = preview_config(tmp_path, content), tmp_path / "preview"
    started = []

    def rebuild() -> dict[str, int]:
        time.sleep(0.05)  # a rewritten page gets a later mtime than the build before
        cfg = load_config(config_file=str(config), site_dir=str(site))
        if not started:
            cfg.plugins.on_startup(command="serve", dirty=True)
            started.append(cfg)
        build(cfg, dirty=True)
        return stamps(site)

    rebuild.plugin = lambda: started[0].plugins["claimsite"]  # one instance for the process, as under serve
    yield content, site, rebuild
    started[0].plugins.on_shutdown()


def test_an_edit_rerenders_only_the_pages_that_show_it(preview):
    content, site, rebuild = preview
    first = rebuild()
    assert "claims/stockpiles/index.html" in first and len(first) > 8
    claim = content / "claims" / "stockpiles.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace(
        "Single claimant.", "Single claimant, now checked twice."), encoding="utf-8")
    reuse = rebuild.plugin().reuse
    read = reuse.reads
    second = rebuild()
    assert reuse.reads - read == 1  # only the edited record was read again
    changed = {page for page, stamp in second.items() if stamp != first[page]}
    assert changed == {"claims/stockpiles/index.html"}
    assert "now checked twice" in (site / "claims/stockpiles/index.html").read_text(encoding="utf-8")


def test_a_change_to_what_every_page_shows_rerenders_every_page(preview):
    content, site, rebuild = preview
    first = rebuild()
    report = content / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("Test report", "Renamed report"),
                      encoding="utf-8")
    second = rebuild()
    assert all(second[page] != first[page] for page in first)
    assert "Renamed report" in (site / "weapons/type-75/index.html").read_text(encoding="utf-8")


def test_without_dirty_every_page_is_rendered(tmp_path):
    content = write_content(tmp_path, minimal_files())
    config, site = preview_config(tmp_path, content), tmp_path / "preview"
    cfg = load_config(config_file=str(config), site_dir=str(site))
    cfg.plugins.on_startup(command="serve", dirty=False)
    try:
        build(cfg)
        first = stamps(site)
        time.sleep(0.05)
        build(load_config(config_file=str(config), site_dir=str(site)))
        assert all(stamps(site)[page] != first[page] for page in first)
    finally:
        cfg.plugins.on_shutdown()
