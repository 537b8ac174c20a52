"""The site verb builds again only what changed since its last build, and the site it gives is byte
for byte the one a clean build gives; a failed build again leaves the previous site whole."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator.engines import pagefind, scan
from generator.pipeline import build
from generator.verbs import site as site_verb

sys.path.insert(0, str(ROOT))
from bench.synth import generate  # noqa: E402 - the benchmark's synthetic report

pytestmark = pytest.mark.slow

CLAIMS = 30


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def build_site(content: Path, out: Path) -> None:
    checked, resolved = build(content)
    assert resolved is not None, checked.summary()
    site_verb.build_site(resolved, content, out, ROOT / "mkdocs.yml", pdf=False)


@pytest.fixture
def content(tmp_path, monkeypatch):
    """A small synthetic report whose search index comes in several bundles, the claims' and the
    entity pages' each in several."""
    monkeypatch.setattr(pagefind, "BATCH_PAGES", 20)
    monkeypatch.setattr(pagefind, "GROUPS", ((("claims/",), 20), (pagefind.GROUPS[1][0], 10)))
    return generate(tmp_path / "content", CLAIMS)


def claim(content: Path, n: int) -> Path:
    return content / "claims" / f"claim-{n:05d}.yaml"


def edit(content: Path, n: int, text: str) -> None:
    path = claim(content, n)
    before = path.read_text(encoding="utf-8")
    assert 'assessment: "Synthetic assessment."' in before
    path.write_text(before.replace('assessment: "Synthetic assessment."', f"assessment: {text!r}"), encoding="utf-8")


def test_a_build_again_after_an_edit_an_addition_and_a_deletion_is_a_clean_builds_twin(tmp_path, content, capsys):
    site = tmp_path / "site"
    build_site(content, site)
    assert len(pagefind.present(site)) >= 5
    assert site_verb.cache_file(site).is_file()
    edit(content, 3, "Edited after the first build.")
    added = claim(content, CLAIMS + 7)
    added.write_text(claim(content, 4).read_text(encoding="utf-8").replace("Synthetic assessment.", "A new claim."),
                     encoding="utf-8")
    claim(content, 5).unlink()
    capsys.readouterr()
    build_site(content, site)
    assert "building the site again" in capsys.readouterr().err
    build_site(content, tmp_path / "clean")
    assert tree(site) == tree(tmp_path / "clean")
    assert "claims/claim-00005/index.html" not in tree(site) and f"claims/claim-{CLAIMS + 7:05d}/index.html" in tree(site)


def test_one_edit_renders_scans_and_indexes_again_only_what_it_changed(tmp_path, content, capsys, monkeypatch):
    site = tmp_path / "site"
    build_site(content, site)
    before = stamps(site)
    edit(content, 3, "Edited after the first build.")
    capsys.readouterr()
    scanned_after: list[Path] = []
    scan_pages = scan.scan_pages
    monkeypatch.setattr(scan, "scan_pages", lambda folder, paths: (scanned_after.extend(paths),
                                                                   scan_pages(folder, paths))[1])
    build_site(content, site)
    said = capsys.readouterr().err
    after = stamps(site)
    pages = [rel for rel in after if rel.endswith(".html") and rel.split("/")[0] not in pagefind.present(site)]
    again = [rel for rel in pages if after[rel] != before.get(rel)]
    assert "claims/claim-00003/index.html" in again
    assert "claims/claim-00004/index.html" not in again and len(again) < len(pages) / 4, again
    # The scan of the finished folder reads again only what was not scanned as it was written.
    assert len(scanned_after) < len(pages) / 4 and site / "claims/claim-00004/index.html" not in scanned_after
    kept = [b for b in pagefind.present(site) if after[f"{b}/{pagefind.ENTRY}"] == before[f"{b}/{pagefind.ENTRY}"]]
    assert kept and f"in {len(pagefind.present(site)) - len(kept)} of {len(pagefind.present(site))} bundle" in said
    build_site(content, tmp_path / "clean")
    assert tree(site) == tree(tmp_path / "clean")


def test_a_change_to_every_pages_frame_builds_every_page_again(tmp_path, content, monkeypatch):
    """The report's title is in every page's header: no page of the previous site is kept."""
    site = tmp_path / "site"
    build_site(content, site)
    before = stamps(site)
    report = content / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("title: \"", "title: \"Renamed ", 1), encoding="utf-8")
    build_site(content, site)
    after = stamps(site)
    assert all(after[rel] != before.get(rel) for rel in after if rel.endswith(".html"))
    build_site(content, tmp_path / "clean")
    assert tree(site) == tree(tmp_path / "clean")


def test_a_failed_build_again_leaves_the_previous_site_and_its_cache_whole(tmp_path, content, monkeypatch):
    site = tmp_path / "site"
    build_site(content, site)
    whole, cache = tree(site), site_verb.cache_file(site).read_bytes()
    edit(content, 3, "Edited before a failing build.")
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'no index today' >&2\nexit 1\n")
    fake.chmod(0o755)
    with monkeypatch.context() as m:
        m.setattr(pagefind, "pagefind_binary", lambda: fake)
        with pytest.raises(site_verb.BuildFailed):
            build_site(content, site)
    assert tree(site) == whole and site_verb.cache_file(site).read_bytes() == cache
    assert not list(tmp_path.glob(".site-*"))
    build_site(content, site)
    build_site(content, tmp_path / "clean")
    assert tree(site) == tree(tmp_path / "clean")
