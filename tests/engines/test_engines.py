"""The second engine: `python -m generator site --engine zensical` builds the real content from the same
rendered pages, searchable with Pagefind, scanned, with the theme's changes (docs/engines.md)."""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import CONTENT, ROOT, minimal_files, write_content
from site_helpers import HOSTILE, pages_of, parse, resolved_of, rich_files, served, text_of, with_statement
from browsers import browser  # noqa: F401 - the fixture

from generator import gather, pages
from generator.engines import scan
from generator.engines import zensical
from generator.engines.pagefind import INDEX_DIR, indexed_pages
from generator.verbs.site import MARKER, BuildFailed, build_site

pytestmark = pytest.mark.slow

HANG_GUARD = 900  # seconds; the real report builds in a few


def run_site(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "site", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=HANG_GUARD, stdin=subprocess.DEVNULL)


def tree_hash(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The real content's site with its PDF, built by the command line with --engine zensical."""
    out = tmp_path_factory.mktemp("zensical") / "site"
    done = run_site("--engine", "zensical", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out, done


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def resolved():
    return resolved_of(CONTENT)


def article_text(path: Path) -> str:
    return " ".join(text_of(e) for e in parse(path).article())


# -- the build --------------------------------------------------------------------------------------


def test_zensical_built_it_and_the_verb_marked_it(site, built):
    assert "building the site with Zensical 0.0.73 (strict)" in built[1].stderr
    home = parse(site / "index.html")
    assert [m["attrs"]["content"] for m in home.find("meta", name="generator")] == ["zensical-0.0.73"]
    assert (site / MARKER).is_file()
    assert not (site / zensical.ROOT).exists() and not (site / ".cache").exists()  # Zensical's own folder stays out


def test_every_page_of_the_report_is_there(site, resolved):
    expected = {p.path for p in pages.site_pages(resolved, gather.extras(resolved, CONTENT))}
    urls = set(pages_of(site))
    for path in expected:
        url = "" if path == "index.md" else path.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"
        assert url in urls, path
    assert "404.html" in urls


def test_a_claim_page_has_its_footnotes_with_the_quotes(site, resolved):
    claim_id, view = next((i, v) for i, v in resolved.claims.items() if len(v.citations) > 1)
    doc = parse(site / "claims" / claim_id / "index.html")
    refs = [e for e in doc.article() if e["tag"] == "a" and "footnote-ref" in (e["attrs"].get("class") or "")]
    assert len(refs) >= len(view.citations)
    for c in view.citations:
        (note,) = doc.find("li", id=f"fn:{c.number}")
        assert " ".join(c.citation.quote.split()) in " ".join(note["text"].split()), c.number


def test_the_weapons_index_lists_every_alias(site, resolved):
    text = article_text(site / "weapons" / "index.html")
    names = [n for w in resolved.weapons.values() for n in (w.name, *w.aliases)]
    assert len(names) > len(resolved.weapons)  # the content has aliases to look for
    assert [n for n in names if " ".join(n.split()) not in text] == []


def test_the_home_page_links_every_index(site, resolved):
    home = parse(site / "index.html")
    hrefs = {a["attrs"].get("href") for a in home.article() if a["tag"] == "a"}
    indexes = [p for p in pages.site_pages(resolved, gather.extras(resolved, CONTENT)) if p.in_nav]
    for page in indexes:
        if page.path != "index.md":
            assert page.path.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/" in hrefs, page.path


def test_the_pdf_and_the_data_downloads_are_there(site, resolved):
    assert (site / pages.PDF_NAME).read_bytes().startswith(b"%PDF-")
    hrefs = {a["attrs"].get("href") for a in parse(site / "index.html").article() if a["tag"] == "a"}
    assert pages.PDF_NAME in hrefs
    data_files, data_page = gather.data_downloads(resolved)
    assert data_files and data_page
    for rel, data in data_files:
        assert (site / rel).read_bytes() == data, rel


def test_pagefind_indexed_the_articles_only(site):
    marked = [url for url, path in pages_of(site).items() if "data-pagefind-body" in path.read_text(encoding="utf-8")]
    assert "404.html" not in marked and "" in marked
    assert indexed_pages(site) == len(marked) == len(pages_of(site)) - 1
    assert (site / INDEX_DIR / "pagefind-ui.js").is_file()


def test_the_theme_overrides_apply(site, resolved):
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="__pagefind_ui"' in page and "pagefind/pagefind-ui.js" in page  # Pagefind's box, not Material's
    assert 'data-md-component="search"' not in page and not (site / "assets/javascripts/lunr").exists()
    assert "assets/claimsite.css" in page and (site / "assets/claimsite.css").is_file()
    home, claim = parse(site / "index.html"), parse(site / "claims" / next(iter(resolved.claims)) / "index.html")
    assert text_of(home.find("title")[0]) == " ".join(resolved.report.title.split())  # the home page: the name only
    assert text_of(claim.find("title")[0]).endswith(" - " + " ".join(resolved.report.title.split()))
    assert "&amp;#x27;" not in page  # the name (with its apostrophe) is escaped once, in every tooltip


def test_the_safety_scan_knows_zensicals_scripts_and_finds_any_other(site, tmp_path, monkeypatch):
    assert zensical.scan_site(site) == []
    assert scan.scan_site(site) != []  # Material's scripts are not Zensical's: the engine needs its own list
    monkeypatch.setattr(scan, "PARALLEL_FROM", 1)  # a large site's scan, in worker processes
    assert zensical.scan_site(site) == []
    copy = tmp_path / "site"
    (copy / "claims").mkdir(parents=True)
    page = (site / "index.html").read_text(encoding="utf-8").replace("</article>", "<script>alert(1)</script></article>")
    (copy / "index.html").write_text(page, encoding="utf-8")
    (copy / "claims" / "x.html").write_text('<p><img src="https://evil.example/x.png"></p>', encoding="utf-8")
    found = [str(f) for f in zensical.scan_site(copy)]  # in worker processes too
    assert any(f.startswith("index.html: an inline <script> that is not the theme's: 'alert(1)'") for f in found), found
    assert any(f.startswith("claims/x.html: <img src> loads") for f in found), found


# -- the verb's guarantees, with the other engine ------------------------------------------------------


def hostile_files() -> dict[str, str]:
    files = with_statement(rich_files(), HOSTILE)
    files["report.yaml"] = files["report.yaml"].replace(
        'title: "Test report"', "title: " + json.dumps("Report </title><script>alert(1)</script> & co"))
    return files


def build(root: Path, files: dict[str, str]) -> Path:
    content = write_content(root, files)
    build_site(resolved_of(content), content, root / "site", ROOT / "mkdocs.yml", pdf=False, engine="zensical")
    return root / "site"


def test_hostile_text_stays_text_and_two_builds_are_byte_identical(tmp_path):
    site = build(tmp_path / "a", hostile_files())
    for url, path in pages_of(site).items():
        doc = parse(path)
        assert not [e for e in doc.elements if any(a.startswith("on") for a in e["attrs"])], url
        made = [e for e in doc.article() if e["tag"] in ("script", "img", "svg", "iframe")
                and e["attrs"].get("type") != "application/ld+json"  # a claim's ClaimReview
                and not (e["tag"] == "svg" and "figure" in e["parents"])]  # a chart: the timeline's, an entity's
        assert not made, url
        assert "title" not in [p for e in doc.elements for p in e["parents"]], url  # nothing inside <title>
    title = text_of(parse(site / "claims" / "stockpiles" / "index.html").find("title")[0])
    assert title == " ".join(HOSTILE.split()) + " - Report </title><script>alert(1)</script> & co"
    assert tree_hash(build(tmp_path / "b", hostile_files())) == tree_hash(site)


def test_a_failed_zensical_build_keeps_the_previous_site(tmp_path):
    files = minimal_files()
    site = build(tmp_path, files)
    before = tree_hash(site)
    broken = {**files, "pages/notes.md": "# Notes\n\nSee [the appendix](appendix.md).\n"}
    with pytest.raises(BuildFailed, match="Zensical failed"):
        build(tmp_path, broken)
    assert tree_hash(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_a_theme_patch_that_no_longer_applies_stops_the_build(tmp_path):
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    for rel in ("main.html", "partials/header.html"):
        (overrides / rel).write_text((ROOT / "overrides" / rel).read_text(encoding="utf-8"), encoding="utf-8")
    zensical._write_theme(overrides, tmp_path / "ok", RuntimeError)
    assert "page.path" in (tmp_path / "ok" / "main.html").read_text(encoding="utf-8")
    assert "| e" not in re.findall(r'title="[^"]*site_name[^"]*"', (tmp_path / "ok" / "partials/nav.html").read_text())[0]
    (overrides / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"overrides/main.html no longer has"):
        zensical._write_theme(overrides, tmp_path / "stale", RuntimeError)


def test_the_engine_option_is_checked():
    done = run_site("--engine", "hugo", "--no-pdf", "--out", "/nonexistent")
    assert done.returncode == 2 and "invalid choice: 'hugo'" in done.stderr


# -- in Chromium -----------------------------------------------------------------------------------------


@pytest.fixture
def page(browser, site, resolved):
    """A page of the Zensical site served at its published path; fails if it requests outside 127.0.0.1."""
    from test_browser import base_path

    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    outside: list[str] = []
    errors: list[str] = []

    def check(route):
        if urlsplit(route.request.url).hostname != "127.0.0.1":
            outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", check)
    with served(site, base_path(resolved)) as url:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.set_default_timeout(15_000)
        page.base = url
        yield page
        context.close()
    assert not outside, f"the site requested outside itself: {outside}"
    assert not errors, errors


@pytest.mark.browser
def test_the_home_page_loads(page, resolved):
    from test_browser import title_of

    page.goto(page.base)
    assert title_of(page) == " ".join(resolved.report.title.split())
    assert page.locator("#__pagefind_ui input").is_visible()
    assert page.locator("nav.md-nav--primary").get_by_role("link", name="Weapons").count() >= 1


@pytest.mark.browser
def test_a_footnote_leads_to_its_source(page, resolved):
    claim_id, view = next((i, v) for i, v in resolved.claims.items() if len(v.citations) > 1)
    page.goto(page.base + f"claims/{claim_id}/")
    page.locator("a.footnote-ref").nth(1).click()
    page.wait_for_url("**#fn:2")  # the click's navigation is done when the address says so, not before
    note = page.locator("li[id='fn:2']")
    assert note.is_visible()
    assert " ".join(view.citations[1].citation.quote.split()) in " ".join(note.inner_text().split())
    note.get_by_role("link", name=re.compile("^Source record: ")).click()
    page.wait_for_url(f"**/sources/{view.citations[1].source_id}/")


@pytest.mark.browser
@pytest.mark.parametrize("query", ["Type-75", "type75"])
def test_search_finds_the_weapon_by_its_alias(page, resolved, query):
    from test_browser import RESULT_LINKS, expected_pages, search, title_of

    expected = expected_pages(resolved, query)
    assert "weapons/type-75-mrl/" in expected
    found = search(page, query)
    assert expected <= set(found), found
    page.locator(RESULT_LINKS).nth(found.index("weapons/type-75-mrl/")).click()
    page.wait_for_url(page.base + "weapons/type-75-mrl/")
    assert title_of(page) == " ".join(resolved.weapons["type-75-mrl"].name.split())


@pytest.mark.browser
def test_the_weapons_index_leads_to_every_weapon(page, resolved):
    page.goto(page.base + "weapons/")
    article = page.locator("article")
    for weapon_id, weapon in resolved.weapons.items():
        link = article.locator(f"a[href$='{weapon_id}/']").first
        assert link.is_visible(), weapon_id
    weapon_id = next(iter(resolved.weapons))
    article.locator(f"a[href$='{weapon_id}/']").first.click()
    page.wait_for_url(page.base + f"weapons/{weapon_id}/")
