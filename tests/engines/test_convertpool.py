"""The pages' Markdown converted on two cores (generator/engines/convertpool.py): the same site, the
same warnings, as MkDocs converting every page itself."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from site_helpers import build_fixture, rich_files

from generator.engines import convertpool
from generator.verbs.site import BuildFailed


def tree_hash(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def taken(monkeypatch) -> list[str]:
    """The addresses of the pages that took the worker's conversion, in the order MkDocs took them."""
    seen: list[str] = []
    take = convertpool.ConvertAlongside.take

    def spied(self, page, files):
        seen.append(page.file.src_uri)
        return take(self, page, files)

    monkeypatch.setattr(convertpool.ConvertAlongside, "take", spied)
    return seen


def test_the_pages_the_worker_converts_are_byte_for_byte_those_mkdocs_converts(tmp_path, monkeypatch, taken):
    monkeypatch.setattr(convertpool, "FROM_PAGES", 10**9)
    alone = tree_hash(build_fixture(tmp_path / "alone", rich_files()))
    assert taken == []
    monkeypatch.setattr(convertpool, "FROM_PAGES", 1)
    shared = tree_hash(build_fixture(tmp_path / "shared", rich_files()))
    assert len(taken) > 1 and "index.md" not in taken  # the last part of the pages, not the first
    assert shared == alone


def test_what_the_worker_s_conversion_logs_fails_a_strict_build_as_mkdocs_own_does(tmp_path, monkeypatch, taken,
                                                                                 capsys):
    files = rich_files()
    files["pages/methodology.md"] = "# Methodology\n\nSee [the annex](annex-that-is-not-there.md).\n"
    said = {}
    for name, from_pages in (("alone", 10**9), ("shared", 1)):
        monkeypatch.setattr(convertpool, "FROM_PAGES", from_pages)
        monkeypatch.setattr(convertpool, "SHARE", 1.0)  # every page, the authored one with them
        with pytest.raises(BuildFailed, match="strict"):
            build_fixture(tmp_path / name, files)
        said[name] = [line for line in capsys.readouterr().err.splitlines() if "annex-that-is-not-there" in line]
    assert any(uri.endswith("methodology.md") for uri in taken)  # the page with the link went to the worker
    assert len(said["shared"]) == 1 and said["shared"] == said["alone"]
