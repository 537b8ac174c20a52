"""Search: the spellings entity pages give Pagefind, running Pagefind on every build, and the
theme's search box. What a reader finds in Chromium is in tests/engines/test_browser.py; the safety
scan of Pagefind's files in tests/whole/test_hardening.py."""
from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, minimal_files, write_content
from markupsafe import Markup
from site_helpers import HOSTILE, build_fixture, parse, resolved_of, rich_files

from generator.engines import pagefind as search
from generator.outputs import search_terms
from generator.outputs.markdown import render_site
from generator.verbs import site as site_verb

MATERIAL = Path(__import__("material").__file__).resolve().parent / "templates"


def variants(name: str, *aliases: str) -> list[str]:
    return str(search_terms.spelling_variants(name, aliases)).split()


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
    from generator.outputs.markdown import environment

    out = environment().filters["search_variants"]("<img src=x onerror=alert(1)>", ['a"b', "x & y", HOSTILE])
    assert isinstance(out, Markup) and re.fullmatch(r"[\w -]*", str(out)), out
    assert "x-onerror" in str(out).split()


def test_variants_are_bounded_however_many_aliases_an_entity_has():
    aliases = [" ".join(f"w{i}x{j} {j}" for j in range(100)) for i in range(500)]
    assert len(variants("Type 75", *aliases)) == search_terms.MAX_VARIANTS


def test_entity_pages_carry_their_variants_where_pagefind_reads_them(tmp_path):
    files = minimal_files()
    files["weapons/type-75.yaml"] = files["weapons/type-75.yaml"].replace('aliases: ["Type-75"]', 'aliases: ["KN 23"]')
    markdown = render_site(resolved_of(write_content(tmp_path, files)))["weapons/type-75.md"]
    assert ('<div hidden data-pagefind-index-attrs="data-search-terms" data-search-terms="type-75 kn-23"></div>'
            in markdown.splitlines())


# -- Pagefind on every build --------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("search"), rich_files())


def fragments(site: Path) -> dict[str, dict]:
    """Pagefind's entry of every page it indexed, by the page's address."""
    out = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        entry = json.loads(gzip.decompress(path.read_bytes())[len(search.FRAGMENT_SIGNATURE):])
        out[entry["url"]] = entry
    return out


@pytest.mark.slow
def test_the_build_indexes_each_pages_article_and_nothing_else(built):
    entries = fragments(built)
    pages = {f"/{p.relative_to(built).parent.as_posix()}/".replace("/./", "/") for p in built.rglob("index.html")}
    assert set(entries) == pages and "/404.html" not in entries  # every page, but not the 404 page
    assert search.indexed_pages(built) == len(pages)
    weapon = entries["/weapons/type-75/"]
    assert weapon["meta"]["title"] == "Type 75"  # the heading without its permalink mark
    assert weapon["content"].startswith("Type 75. Weapon, also written: Type-75.")
    for entry in entries.values():  # no navigation, header, footer or permalink marks
        assert "Skip to content" not in entry["content"] and "\u00b6" not in entry["content"], entry["url"]
        assert "Made with" not in entry["content"] and "Definitions Data" not in entry["content"], entry["url"]
    for name in search.SCRIPTS | {"pagefind-ui.css", search.ENTRY}:
        assert (built / "pagefind" / name).is_file(), name


# The pages that list every record: Pagefind gets their heading and introduction only.
LISTINGS = {"/claims/": "Claims", "/sources/": "Sources", "/discrepancies/": "Discrepancies",
            "/timeline/": "Timeline", "/verification-debt/": "Verification debt"}


@pytest.mark.slow
def test_a_page_listing_every_record_is_indexed_by_its_heading_and_introduction_only(built):
    """Each entry of those pages is found on its record's own page; indexed whole, the discrepancies
    page of 10,000 claims held the search's one worker for 10 s while it made its excerpts."""
    entries = fragments(built)
    for url, title in LISTINGS.items():
        doc = parse(built / url.strip("/") / "index.html")
        (h1,) = doc.find("h1")
        intro = next(e for e in doc.find("p") if "article" in e["parents"])
        content = entries[url]["content"]
        assert entries[url]["meta"]["title"] == title and content.startswith(f"{title}. "), url
        assert "data-pagefind-body" in h1["attrs"] and "data-pagefind-body" in intro["attrs"], url
        assert entries[url]["word_count"] == len(content.split()) < 80, (url, content)
    # What those pages list is still found, on its own page: the claim and the discrepancy it is in.
    claim = entries["/claims/strike/"]["content"]
    assert "Kupyansk" in claim and "Kupyansk" not in entries["/claims/"]["content"]
    assert "Kupyansk" not in entries["/timeline/"]["content"]


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
    # From scratch: a build again of the same content would keep the index it has and not run Pagefind
    # (test_incremental.py fails Pagefind in a build again).
    site_verb.cache_file(out).unlink()
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
    assert search.index_site(site, stage=lambda _: None).pages == 1
    assert not (site / "elsewhere").exists()
    entry = json.loads((site / "pagefind" / search.ENTRY).read_text())
    assert list(entry["languages"]) == ["en"]
    assert next(iter(fragments(site).values()))["meta"]["title"] == "Alpha"


def test_the_binary_is_the_locked_version():
    locked = re.search(r"^pagefind_bin==(\S+)$", (ROOT / "requirements.lock").read_text(), re.MULTILINE).group(1)
    done = subprocess.run([str(search.pagefind_binary()), "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"pagefind {locked}"


# -- the theme: Pagefind's box where Material's was, the article marked for indexing ----------------


def test_the_header_is_materials_with_pagefinds_search_in_place_of_its_own():
    ours = (ROOT / "overrides" / "partials" / "header.html").read_text(encoding="utf-8")
    theirs = (MATERIAL / "partials" / "header.html").read_text(encoding="utf-8")
    search_block = re.compile(r'    \{% if "material/search" in config\.plugins %\}.*?\n    \{% endif %\}\n', re.DOTALL)
    assert len(search_block.findall(theirs)) == 1
    expected = search_block.sub('    {% include "partials/search.html" %}\n', theirs)
    assert _without_comment(ours) == _without_comment(expected), "Material's header changed: update the override"


def test_the_article_block_is_materials_with_the_pagefind_body_mark():
    mine = _block((ROOT / "overrides" / "main.html").read_text(encoding="utf-8"), "container")
    material = _block((MATERIAL / "base.html").read_text(encoding="utf-8"), "container")
    marked = material.replace('<article class="md-content__inner md-typeset">',
                              '<article class="md-content__inner md-typeset"'
                              '{% if page and page.file and not page.meta.search_index %} data-pagefind-body{% endif %}>')
    assert marked != material and _squeezed(mine) == _squeezed(marked), "Material's container block changed"


def _block(template: str, name: str) -> str:
    """The text of `{% block name %}...{% endblock %}`, blocks inside it included."""
    start = template.index(f"{{% block {name} %}}")
    depth = 0
    for m in re.finditer(r"\{%-?\s*(block|endblock)\b[^%]*%\}", template[start:]):
        depth += 1 if m.group(1) == "block" else -1
        if depth == 0:
            return template[start:start + m.end()]
    raise AssertionError(f"no end to block {name}")


def _without_comment(template: str) -> str:
    return re.sub(r"^\{#-.*?-#\}\n", "", template, count=1, flags=re.DOTALL)


def _squeezed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.slow
def test_every_page_loads_pagefinds_ui_and_marks_its_article(built):
    for path in built.rglob("*.html"):
        if path.is_relative_to(built / "pagefind"):
            continue
        doc = parse(path)
        scripts = [e["attrs"].get("src") for e in doc.find("script") if e["attrs"].get("src")]
        assert any(s.endswith("pagefind/pagefind-ui.js") for s in scripts), path
        (article,) = doc.find("article")
        url = f"/{path.relative_to(built).parent.as_posix()}/".replace("/./", "/")
        assert ("data-pagefind-body" in article["attrs"]) == (path.name != "404.html" and url not in LISTINGS), path
        (box,) = [e for e in doc.elements if e["attrs"].get("id") == "__pagefind_ui"]
        assert "header" in box["parents"], path


def _page(site: Path, rel: str, text: str) -> None:
    (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / rel).write_text(f"<html lang=en><body><main data-pagefind-body><h1>{text}</h1></main></body></html>")


def test_a_large_site_is_indexed_in_bundles_each_made_again_only_when_its_pages_change(tmp_path, monkeypatch):
    """Pages outside the record folders in pagefind/; the claims spread over bundles of their own by
    their address, and the entity pages over others; a bundle whose pages did not change is kept."""
    monkeypatch.setattr(search, "BATCH_PAGES", 4)
    monkeypatch.setattr(search, "GROUPS", ((("claims/",), 3), (("sources/", "weapons/"), 2)))
    site = tmp_path / "site"
    _page(site, "index.html", "Home")
    for n in range(3):
        _page(site, f"weapons/w{n}/index.html", f"Weapon {n}")
    for n in range(9):
        _page(site, f"claims/c{n}/index.html", f"Claim {n}")
    cut = search.layout(["index.md"] + [f"weapons/w{n}.md" for n in range(3)] + [f"claims/c{n}.md" for n in range(9)])
    assert cut == (3, 2)
    names = search.bundles(cut)
    assert names == ["pagefind", "pagefind-2", "pagefind-3", "pagefind-4", "pagefind-5", "pagefind-6"]
    assert search.layout(["index.md", "claims/c.md"]) == () and search.bundles(()) == ["pagefind"]
    assert search.layout(["index.md"] * 5) == ()  # no record pages: nothing to spread
    first = search.index_site(site, cut=cut, stage=lambda _: None)
    assert first.pages == 13 == search.indexed_pages(site) and first.ran == tuple(names) == tuple(search.present(site))
    titles = {name: sorted(f["meta"]["title"] for f in fragments_of(site / name)) for name in names}
    assert titles["pagefind"] == ["Home"]
    for n in range(9):
        assert f"Claim {n}" in titles[names[search.bundle_of(f"claims/c{n}/index.html", cut)]]
        assert search.bundle_of(f"claims/c{n}/index.html", cut) in (1, 2, 3)
    for n in range(3):
        assert f"Weapon {n}" in titles[names[search.bundle_of(f"weapons/w{n}/index.html", cut)]]
        assert search.bundle_of(f"weapons/w{n}/index.html", cut) in (4, 5)
    again = search.index_site(site, cut=cut, previous=first.digests, stage=lambda _: None)
    assert again.ran == () and again.digests == first.digests
    _page(site, "claims/c4/index.html", "Claim four")
    edited = names[search.bundle_of("claims/c4/index.html", cut)]
    assert search.index_site(site, cut=cut, previous=first.digests, stage=lambda _: None).ran == (edited,)


def fragments_of(bundle: Path) -> list[dict]:
    out = []
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        out.append(json.loads(data[len(search.FRAGMENT_SIGNATURE):]))
    return out
