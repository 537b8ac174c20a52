"""Search: the spellings entity pages give Pagefind, and running Pagefind on every build."""
from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, minimal_files, write_content
from markupsafe import Markup
from site_helpers import HOSTILE, resolved_of

from generator import search
from generator.render import render_site
from generator.verbs import site as site_verb


def variants(name: str, *aliases: str) -> list[str]:
    return str(search.spelling_variants(name, aliases)).split()


# -- the spellings an entity page gives Pagefind ----------------------------------------------


@pytest.mark.parametrize("names, expected", [
    (["Type 75"], ["type-75"]),  # "type75" and "Type-75" find "Type 75"
    (["M1991"], ["m-1991"]),  # "M 1991" finds "M1991"
    (["KN 23", "Hwasong 11"], ["kn-23", "hwasong-11"]),
    (["Kim Jong Un"], ["kim-jong", "jong-un"]),  # a short syllable is joined to its neighbours
    (["240 mm rocket launcher"], ["240-mm", "mm-rocket"]),  # a number or a short word joins its neighbours
    (["multiple rocket launcher"], []),  # longer words are not typed together
    (["Kupiansk", "Kupyansk"], []),  # one word each: the page shows them as they are
])
def test_variants_join_and_split_what_readers_type_together(names, expected):
    assert variants(*names) == expected


def test_variants_leave_out_what_the_names_already_write():
    """Pagefind reads "Type-75" as "type75", "type" and "75": an alias so written needs no variant."""
    assert variants("Type 75", "Type-75") == []
    assert variants("M1991", "M-1991") == []
    assert variants("M-1991 MRL") == ["m-1991-mrl"]  # the split "m-1991" is written; the join with MRL is not


def test_variants_are_words_and_hyphens_escaped_for_an_attribute():
    out = search.spelling_variants("<img src=x onerror=alert(1)>", ['a"b', "x & y", HOSTILE])
    assert isinstance(out, Markup) and re.fullmatch(r"[\w -]*", str(out)), out
    assert "x-onerror" in str(out).split()


def test_variants_are_bounded_however_many_aliases_an_entity_has():
    aliases = [" ".join(f"w{i}x{j} {j}" for j in range(100)) for i in range(500)]
    assert len(variants("Type 75", *aliases)) == search.MAX_VARIANTS


def test_entity_pages_carry_their_variants_where_pagefind_reads_them(tmp_path):
    files = minimal_files()
    files["weapons/type-75.yaml"] = files["weapons/type-75.yaml"].replace('aliases: ["Type-75"]', 'aliases: ["KN 23"]')
    markdown = render_site(resolved_of(write_content(tmp_path, files)))["weapons/type-75.md"]
    assert ('<div hidden data-pagefind-index-attrs="data-search-terms" data-search-terms="type-75 kn-23"></div>'
            in markdown.splitlines())


# -- Pagefind on every build --------------------------------------------------------------------


def fragments(site: Path) -> dict[str, dict]:
    """Pagefind's entry of every page it indexed, by the page's address."""
    out = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        entry = json.loads(gzip.decompress(path.read_bytes())[len(search.FRAGMENT_SIGNATURE):])
        out[entry["url"]] = entry
    return out


def _failing_pagefind(tmp_path: Path, code: int = 1) -> Path:
    fake = tmp_path / "pagefind"
    fake.write_text(f"#!/bin/sh\necho 'Error: something went wrong' >&2\nexit {code}\n", encoding="utf-8")
    fake.chmod(0o755)
    return fake


@pytest.mark.slow
def test_a_pagefind_failure_fails_the_build_and_keeps_the_previous_site(tmp_path, monkeypatch, capsys):
    content = write_content(tmp_path, minimal_files())
    out = tmp_path / "site"
    site_verb.build_site(resolved_of(content), content, out, ROOT / "mkdocs.yml", pdf=False)
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    monkeypatch.setattr(search, "pagefind_binary", lambda: _failing_pagefind(tmp_path))
    capsys.readouterr()
    with pytest.raises(site_verb.BuildFailed, match="MkDocs failed"):
        site_verb.build_site(resolved_of(content), content, out, ROOT / "mkdocs.yml", pdf=False)
    said = capsys.readouterr().err
    assert "the search index could not be built: Pagefind failed (exit code 1)" in said, said
    assert "Error: something went wrong" in said
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_a_site_without_pages_is_a_failure_that_says_why(tmp_path):
    (tmp_path / "site").mkdir()
    with pytest.raises(search.SearchIndexFailed) as failed:
        search.index_site(tmp_path / "site", stage=lambda _: None)
    assert "not able to build an index" in str(failed.value)


def test_pagefind_takes_no_settings_from_the_environment_or_the_working_folder(tmp_path, monkeypatch):
    """The same site gives the same index wherever it is built: PAGEFIND_* variables and a
    pagefind.yml in the working folder are not read."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        "<html lang=en><body><main data-pagefind-body><h1>Alpha</h1><p>Type 75</p></main></body></html>")
    (tmp_path / "pagefind.yml").write_text("output_subdir: elsewhere\nforce_language: fr\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PAGEFIND_OUTPUT_SUBDIR", "elsewhere")
    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "p")
    assert search.index_site(site, stage=lambda _: None) == 1
    assert not (site / "elsewhere").exists()
    entry = json.loads((site / "pagefind" / search.ENTRY).read_text())
    assert list(entry["languages"]) == ["en"]
    assert next(iter(fragments(site).values()))["meta"]["title"] == "Alpha"


def test_the_binary_is_the_locked_version():
    locked = re.search(r"^pagefind_bin==(\S+)$", (ROOT / "requirements.lock").read_text(), re.MULTILINE).group(1)
    done = subprocess.run([str(search.pagefind_binary()), "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"pagefind {locked}"
