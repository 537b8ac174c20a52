"""The built site: hostile record text on real pages, the site verb, the real content's site."""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from conftest import CONTENT, ROOT, minimal_files, write_content
from site_helpers import (HOSTILE, SCRIPTS, build_fixture, mkdocs_yml, pages_of, parse, real_site, resolved_of,
                          rich_files, text_of, with_statement)

from generator import gather, pages
from generator.verbs import site as site_verb

pytestmark = pytest.mark.slow

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
FETCHING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src",
            "embed": "src", "object": "data", "link": "href"}


def hostile_files() -> dict[str, str]:
    """The rich report with hostile text in the key finding, the report's title and an alias."""
    files = with_statement(rich_files(), HOSTILE)
    files["report.yaml"] = files["report.yaml"].replace(
        'title: "Test report"', "title: " + json.dumps("Report </title><script>alert(1)</script> & co"))
    files["weapons/type-75.yaml"] = files["weapons/type-75.yaml"].replace(
        'aliases: ["Type-75"]', 'aliases: ["Type-75", ' + json.dumps("<img src=x onerror=alert(1)> *T*") + "]")
    return files


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("hostile"), hostile_files())


# Material's own inline scripts (scope, palette, tabs), which hold no record text.
THEME_INLINE = ("__md_scope=new URL(", "var palette=__md_get(", "var target=document.getElementById(",
                "new PagefindUI({element: ")


def script_is_allowed(el: dict) -> bool:
    """The theme's scripts, Pagefind's, and JSON data (the theme's config, ClaimReview) that nothing can
    close early."""
    attrs = el["attrs"]
    if attrs.get("type") in ("application/ld+json", "application/json"):
        return "<" not in el["text"]
    if attrs.get("src"):
        return "assets/javascripts/" in attrs["src"] or attrs["src"].endswith("pagefind/pagefind-ui.js")
    return el["text"].startswith(THEME_INLINE)


def assert_no_injection(site: Path) -> None:
    """No element or attribute that record text could have smuggled in, on any page."""
    for url, path in pages_of(site).items():
        doc = parse(path)
        for el in doc.elements:
            attrs = el["attrs"]
            assert not [a for a in attrs if a.startswith("on")], f"{url}: {el['tag']} {attrs}"
            for name in ("href", "src", "action", "formaction", "data"):
                value = re.sub(r"[\s\x00-\x1f]", "", attrs.get(name) or "").lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), f"{url}: {name}={value}"
            if el["tag"] == "script":
                assert script_is_allowed(el), f"{url}: script {attrs} {el['text'][:80]!r}"
            if "article" in el["parents"]:
                assert el["tag"] not in ("img", "iframe", "object", "embed", "form"), f"{url}: {el['tag']}"
            assert "title" not in el["parents"], f"{url}: an element inside <title>"


def test_hostile_text_creates_no_element_or_attribute(hostile_site):
    """bad-input 8 and 9: no script, no handler, no javascript: or data: link on any built page."""
    assert_no_injection(hostile_site)


def test_hostile_statement_shows_as_its_own_text(hostile_site):
    """bad-input 10 and 11: the statement is the heading's text, whole, and creates nothing else."""
    doc = parse(hostile_site / "claims/stockpiles/index.html")
    expected = " ".join(HOSTILE.split())
    (h1,) = [e for e in doc.article() if e["tag"] == "h1"]
    assert text_of(h1) == expected
    assert [e["tag"] for e in doc.elements if "h1" in e["parents"]] == ["a"]  # only the permalink mark
    assert text_of(doc.find("title")[0]).startswith(expected + " - Report </title><script>")
    assert not [e for e in doc.article() if e["tag"] == "div" and "danger" in (e["attrs"].get("class") or "")]
    assert len(doc.find("li", id="fn:1")) == 1 and "forged" not in text_of(doc.find("li", id="fn:1")[0])
    home = parse(hostile_site / "index.html")
    links = [e for e in home.article() if e["tag"] == "a" and text_of(e) == expected]
    assert len(links) == 1 and links[0]["parents"][-1] == "li"


def test_hostile_alias_and_title_stay_text(hostile_site):
    weapon = parse(hostile_site / "weapons/type-75/index.html")
    assert "<img src=x onerror=alert(1)> *T*" in " ".join(text_of(e) for e in weapon.article() if e["tag"] == "p")
    home = parse(hostile_site / "index.html")
    assert text_of(home.find("title")[0]) == "Report </title><script>alert(1)</script> & co"


def test_other_scripts_reach_the_page_intact(tmp_path):
    """bad-input 14: Korean, Cyrillic, Hebrew and Arabic, in NFC and in NFD, intact on the page.

    The loader stores record text in NFC, so NFD input arrives as its canonical equivalent."""
    text = " / ".join(unicodedata.normalize(form, SCRIPTS[s]) for s in sorted(SCRIPTS) for form in ("NFC", "NFD"))
    site = build_fixture(tmp_path, with_statement(minimal_files(), text))
    (h1,) = [e for e in parse(site / "claims/stockpiles/index.html").article() if e["tag"] == "h1"]
    assert text_of(h1) == unicodedata.normalize("NFC", text)
    for script in SCRIPTS.values():
        assert text_of(h1).count(script) == 2


# -- the site verb ----------------------------------------------------------------------


def run_site(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "site", *args], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=300)


def tree_hash(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_site_verb_builds_and_a_failed_build_keeps_the_previous_site(tmp_path):
    content = write_content(tmp_path, minimal_files())
    out = tmp_path / "site"
    ok = run_site("--content", str(content), "--out", str(out), "--no-pdf")
    assert ok.returncode == 0, ok.stderr
    assert (out / "claims/stockpiles/index.html").is_file() and "building the site" in ok.stderr
    before = tree_hash(out)

    write_content(tmp_path, {"sources/src-a.yaml": minimal_files()["sources/src-a.yaml"].replace(
        '"https://example.org/a"', '"javascript:alert(1)"')})
    bad = run_site("--content", str(content), "--out", str(out), "--no-pdf")
    assert bad.returncode == 1
    assert re.search(r"sources/src-a\.yaml:\d+:\d+: S007 ", bad.stdout), bad.stdout
    assert tree_hash(out) == before

    write_content(tmp_path, {"sources/src-a.yaml": minimal_files()["sources/src-a.yaml"]})
    config = mkdocs_yml()
    config.update(nav=[{"Home": "index.md"}, {"Missing": "missing.md"}],
                  docs_dir=str(ROOT / "docs"), theme={**config["theme"], "custom_dir": str(ROOT / "overrides")},
                  watch=[])
    broken = tmp_path / "mkdocs.yml"
    broken.write_text(yaml.safe_dump(config), encoding="utf-8")
    failed = run_site("--content", str(content), "--out", str(out), "--no-pdf", "--config", str(broken))
    assert failed.returncode == 3, failed.stderr
    assert "missing.md" in failed.stderr and "previous site is unchanged" in failed.stderr
    assert tree_hash(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_plain_mkdocs_refuses_content_with_errors(tmp_path):
    """`mkdocs build` and `mkdocs serve` validate content/ through the plugin and print every problem."""
    files = minimal_files()
    files["claims/stockpiles.yaml"] = files["claims/stockpiles.yaml"].replace('status: "reported"', 'status: "sure"')
    content = write_content(tmp_path, files)
    config = mkdocs_yml()
    config.update(docs_dir=str(ROOT / "docs"), theme={**config["theme"], "custom_dir": str(ROOT / "overrides")},
                  plugins=[{"claimsite": {"content": str(content)}}], watch=[])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml"),
                           "-d", str(tmp_path / "s")], env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert re.search(r"claims/stockpiles\.yaml:\d+:\d+: S006 ", done.stderr), done.stderr


def test_site_verb_help_and_usage_errors(tmp_path):
    assert run_site("--help").returncode == 0
    assert run_site("--content", str(tmp_path / "none")).returncode == 2


def test_the_pdf_is_built_into_the_site_and_linked_from_home(tmp_path, monkeypatch):
    written = []

    def write_pdf(resolved, path, content=None, version=None, changes=None, epoch=None):
        written.append(content)
        Path(path).write_bytes(b"%PDF-1.7 test")

    monkeypatch.setattr("generator.engines.typst.write_pdf", write_pdf)
    site = build_fixture(tmp_path, minimal_files(), pdf=True)
    assert (site / "report.pdf").read_bytes() == b"%PDF-1.7 test" and written == [tmp_path / "content"]
    home = parse(site / "index.html")
    assert [text_of(a) for a in home.article() if a["tag"] == "a" and a["attrs"].get("href") == "report.pdf"] == [
        "The report as PDF"]


def test_a_failing_pdf_fails_the_build_and_keeps_the_site(tmp_path, monkeypatch):
    site = build_fixture(tmp_path, minimal_files())
    before = tree_hash(site)

    def broken(resolved, path, **options):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("generator.engines.typst.write_pdf", broken)
    with pytest.raises(site_verb.BuildFailed, match="no fonts"):
        build_fixture(tmp_path, minimal_files(), pdf=True)
    assert tree_hash(site) == before


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def test_home_lists_the_changes_since_the_last_release(tmp_path):
    files = rich_files()
    content = write_content(tmp_path, files)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "content")
    git(tmp_path, "commit", "-q", "-m", "first")
    assert "Changes since" not in run_site_home(tmp_path, content), "no release yet: nothing to list"
    git(tmp_path, "tag", "-a", "report-1.0", "-m", "1.0")
    write_content(tmp_path, {
        "claims/stockpiles.yaml": files["claims/stockpiles.yaml"].replace('status: "reported"', 'status: "disputed"'),
        "claims/undated.yaml": None})
    git(tmp_path, "commit", "-qam", "second")
    home = run_site_home(tmp_path, content)
    assert "Changes since report-1.0" in home
    assert "Changed: North Korea has huge stockpiles of ammunition. (status: reported → disputed)" in home
    assert "Removed: North Korean production goes on around the clock." in home


def run_site_home(root: Path, content: Path) -> str:
    done = run_site("--content", str(content), "--out", str(root / "site"), "--no-pdf")
    assert done.returncode == 0, done.stderr
    return " ".join(text_of(e) for e in parse(root / "site/index.html").article() if e["tag"] in ("h2", "li"))


def test_two_builds_are_byte_identical(tmp_path):
    """bad-input 16."""
    first = tree_hash(build_fixture(tmp_path / "a", rich_files()))
    second = tree_hash(build_fixture(tmp_path / "b", rich_files()))
    assert first == second


# -- the real content -------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    return real_site()


@pytest.fixture(scope="module")
def resolved():
    return resolved_of(CONTENT)


def test_mkdocs_build_strict_passes_on_the_real_content(tmp_path):
    """The plain MkDocs command, through the plugin's own loading of content/."""
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "s")],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "s/claims/index.html").is_file()


def test_the_real_site_has_no_injection(real):
    assert_no_injection(real)


def internal_links(site: Path, url: str) -> set[str]:
    base = "http://site/" + url
    out = set()
    for el in parse(pages_of(site)[url]).elements:
        href = el["attrs"].get("href") if el["tag"] == "a" else None
        if not href:
            continue
        target = urlsplit(urljoin(base, href))
        if target.netloc == "site":
            out.add(target.path.lstrip("/"))
    return out


def test_every_record_is_within_two_clicks_of_home(real, resolved):
    depth = {"": 0}
    queue = deque([""])
    known = pages_of(real)
    while queue:
        url = queue.popleft()
        if depth[url] == 2:
            continue
        for target in internal_links(real, url) & known.keys():
            if target not in depth:
                depth[target] = depth[url] + 1
                queue.append(target)
    for kind in ("claim", "source", "weapon", "actor", "place"):
        table = resolved.claims if kind == "claim" else getattr(resolved, pages.FOLDER[kind])
        missing = [i for i in table if f"{pages.FOLDER[kind]}/{i}/" not in depth]
        assert not missing, f"{kind} pages more than two clicks from home: {missing}"


def test_entity_pages_hold_every_alias(real, resolved):
    for kind in pages.ENTITY_KINDS:
        for entity_id, entity in getattr(resolved, pages.FOLDER[kind]).items():
            text = " ".join(text_of(e) for e in parse(real / pages.FOLDER[kind] / entity_id / "index.html").article())
            for name in (entity.name, *entity.aliases):
                assert " ".join(name.split()) in text, f"{kind} {entity_id}: {name}"


def test_the_site_fetches_nothing_from_elsewhere(real):
    for url, path in pages_of(real).items():
        for el in parse(path).elements:
            attr = FETCHING.get(el["tag"])
            value = (el["attrs"].get(attr) or "") if attr else ""
            if el["tag"] == "link" and el["attrs"].get("rel") in ("canonical", "alternate"):
                continue
            assert not urlsplit(value).netloc and not urlsplit(value).scheme, f"{url}: {el['tag']} {value}"
    for css in real.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


def test_headings_are_in_order_and_links_say_where_they_go(real):
    vague = {"here", "click here", "more", "link", "read more", "this"}
    for url, path in pages_of(real).items():
        if url == "404.html":
            continue
        article = parse(path).article()
        levels = [int(e["tag"][1]) for e in article if re.fullmatch(r"h[1-6]", e["tag"])]
        assert levels and levels[0] == 1 and levels.count(1) == 1, f"{url}: {levels}"
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{url}: {levels}"
        for a in (e for e in article if e["tag"] == "a"):
            cls = a["attrs"].get("class") or ""
            if re.search(r"headerlink|footnote-(ref|backref)", cls) or "md-content__button" in cls:
                continue
            text = text_of(a)
            assert text and text.casefold() not in vague, f"{url}: link {a['attrs']} {text!r}"


def test_badges_carry_their_meaning_in_text(real):
    prefixes = ("Status: ", "Credibility: ", "Reliability: ", "Strongest status: ")
    for url, path in pages_of(real).items():
        for a in parse(path).find("a"):
            if "cs-badge" in (a["attrs"].get("class") or ""):
                assert text_of(a).startswith(prefixes), f"{url}: {text_of(a)}"
                assert "definitions/#" in a["attrs"]["href"]


def test_claim_review_where_a_claim_has_a_rating(real, resolved):
    for claim_id, view in resolved.claims.items():
        doc = parse(real / "claims" / claim_id / "index.html")
        blocks = [json.loads(e["text"]) for e in doc.find("script", type="application/ld+json")]
        if view.review_rating is None:
            assert blocks == [], claim_id
            continue
        (review,) = blocks
        assert review["@type"] == "ClaimReview" and review["claimReviewed"] == view.claim.statement
        assert review["reviewRating"]["ratingValue"] == view.review_rating[0]
        assert review["url"] == pages.site_url(resolved.report.site_url, f"claims/{claim_id}.md")


def test_status_and_terms_link_to_their_definitions(real):
    definitions = parse(real / "definitions/index.html")
    ids = {e["attrs"]["id"] for e in definitions.elements if "id" in e["attrs"]}
    for url, path in pages_of(real).items():
        for a in parse(path).find("a"):
            href = a["attrs"].get("href") or ""
            if "definitions/#" in href:
                assert href.split("#")[1] in ids, f"{url}: {href}"


def test_authored_pages_and_downloads(real, resolved):
    home = parse(real / "index.html")
    hrefs = {a["attrs"].get("href") for a in home.article() if a["tag"] == "a"}
    for page in gather.read_authored(CONTENT):
        assert page.path.removesuffix(".md") + "/" in hrefs
        assert (real / page.path.removesuffix(".md") / "index.html").is_file()
    data_files, data_page = gather.data_downloads(resolved)
    for rel, data in data_files:
        assert (real / rel).read_bytes() == data
    assert ("data/" in hrefs) == bool(data_page)
    canonical = home.find("link", rel="canonical")[0]["attrs"]["href"]
    assert canonical == resolved.report.site_url.rstrip("/") + "/"


@pytest.mark.slow
def test_a_pdf_the_configuration_leaves_out_fails_the_build(tmp_path):
    """exclude_docs applies to generated files too: a pattern that drops report.pdf must not give a
    site without its PDF and a message saying it has one."""
    content = write_content(tmp_path, minimal_files())
    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}").replace(
        "  - templates", f"  - {ROOT / 'templates'}")
    config.write_text(text.replace("exclude_docs: |\n", "exclude_docs: |\n  /*.pdf\n"), encoding="utf-8")
    out = tmp_path / "site"
    with pytest.raises(site_verb.BuildFailed, match="report.pdf was written but MkDocs left it out"):
        site_verb.build_site(resolved_of(content), content, out, config, pdf=True)
    assert not out.exists()
