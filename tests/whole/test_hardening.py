"""Hardening: the safety scan, links, atomic and interrupted builds, reproducible output, limits.

What the earlier tests already show is not repeated here: loading and its
diagnostics (test_check, test_load, test_fuzz_load), escaping on real pages
(test_site, test_render, test_fuzz_site), a failed build on bad content, on a
strict MkDocs warning and on a PDF failure (test_site), the PDF's own
determinism (test_pdf).
"""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import CONTENT, ROOT, SNAPSHOT, minimal_files, write_content
from site_helpers import real_site, resolved_of, rich_files, served, with_statement

from generator.engines.scan import Finding, scan_page, scan_site
from generator.engines.pagefind import indexed_pages
from generator.verbs import site as site_verb

pytestmark = pytest.mark.slow

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BIN = Path(sys.executable).parent
EPOCH = 1752192000  # 2025-07-11T00:00:00Z
# How long an interrupted build may take to end before the test calls it a hang: a guard, not a
# speed bound (a build ends within a second of a signal on a quiet machine, but CI's may be busy).
HANG = 600


def tree_hash(folder: Path) -> dict[str, str]:
    """The sha256 of every file below `folder`, by its path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_site(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "site", *args], cwd=cwd, env=env or ENV,
                          capture_output=True, text=True, timeout=300)


def temporaries(folder: Path) -> list[str]:
    """What a build leaves beside its site while it runs: .site-XXXX folders."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site-"))


# -- the safety scan ------------------------------------------------------------------


def test_the_real_site_scans_clean():
    assert scan_site(real_site()) == []


# Each kind of violation, planted into a page of a copy of the real site: (snippet, what the scan says).
PLANTS = {
    "inline-script": ("<script>alert(1)</script>", "an inline <script> that is not the theme's"),
    "inline-script-uppercase": ("<SCRIPT>alert(1)</SCRIPT>", "an inline <script> that is not the theme's"),
    "script-like-the-theme": ('<script>var palette=__md_get("__palette");alert(1)</script>', "not the theme's"),
    "module-script": ('<script type="module">import("./x.js")</script>', "not the theme's"),
    "template-script": ('<script type="text/x-template"><b>x</b></script>', "neither JSON-LD nor the theme's"),
    "script-src-outside": ('<script src="https://evil.example/x.js"></script>',
                           "<script src> loads 'https://evil.example/x.js' from outside the site"),
    "script-src-protocol-relative": ('<script src="//evil.example/x.js"></script>', "from outside the site"),
    "script-src-not-the-theme": ('<script src="../../assets/claimsite.js"></script>',
                                 "not one of the theme's scripts"),
    "script-src-escaping-the-theme": ('<script src="../../assets/javascripts/../../x.js"></script>',
                                      "not one of the theme's scripts"),
    "script-src-missing": ('<script src="../../assets/javascripts/gone.js"></script>', "whose file is not in the site"),
    # Pagefind's scripts are allowed in the site's pagefind/ folder only, and only those Pagefind writes.
    "script-src-pagefind-elsewhere": ('<script src="../../assets/pagefind/pagefind-ui.js"></script>',
                                      "not one of the theme's scripts"),
    "script-src-pagefind-in-a-page-folder": ('<script type="module" src="pagefind/pagefind.js"></script>',
                                             "not one of the theme's scripts"),
    "script-src-not-pagefinds": ('<script src="../../pagefind/pagefind-extra.js"></script>',
                                 "not one of the theme's scripts"),
    "script-src-pagefind-fragment": ('<script src="../../pagefind/fragment/planted.pf_fragment"></script>',
                                     "not one of the theme's scripts"),
    "script-like-pagefinds-start": ('<script>new PagefindUI({element: "#__pagefind_ui"});alert(1)</script>',
                                    "not the theme's"),
    "json-ld-not-json": ('<script type="application/ld+json">alert(1)</script>', "JSON-LD is not JSON"),
    "json-ld-with-markup": ('<script type="application/ld+json">{"@type": "ClaimReview", "x": "<!--"}</script>',
                            "JSON-LD holds '<'"),
    "json-ld-not-a-review": ('<script type="application/ld+json">{"@type": "Person"}</script>',
                             "JSON-LD is not a ClaimReview"),
    "event-handler": ('<img src="x.png" onerror="alert(1)">', "<img> has the event-handler attribute onerror"),
    "event-handler-svg": ("<svg/onload=alert(1)>", "<svg> has the event-handler attribute onload"),
    "event-handler-mixed-case": ('<p OnClick="alert(1)">x</p>', "event-handler attribute onclick"),
    "event-handler-slashes": ('<img/src="x.png"/onerror=alert(1)>', "event-handler attribute onerror"),
    "javascript-link": ('<a href="javascript:alert(1)">x</a>', "<a href> is a javascript: address"),
    "javascript-link-disguised": ('<a href=" JaVa&#x09;ScRiPt&colon;alert(1)">x</a>', "is a javascript: address"),
    "vbscript-link": ('<a href="vbscript:msgbox(1)">x</a>', "is a vbscript: address"),
    "data-link": ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<a href> is a data: address"),
    "data-image": ('<img src="data:image/svg+xml,x">', "<img src> is a data: address"),
    "data-srcset": ('<img srcset="a.png 1x, data:image/svg+xml,x 2x">', "<img srcset> is a data: address"),
    "javascript-form": ('<form action="javascript:alert(1)"><button>x</button></form>',
                        "<form action> is a javascript:"),
    "javascript-formaction": ('<button formaction="javascript:alert(1)">x</button>',
                              "<button formaction> is a javascript:"),
    "javascript-xlink": ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
                         "<a xlink:href> is a javascript: address"),
    "svg-animated-link": ('<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>',
                          "changes a link's address"),
    "outside-image": ('<img src="https://evil.example/pixel.png">', "<img src> loads 'https://evil.example/pixel.png'"),
    "outside-srcset": ('<img src="x.png" srcset="x.png 1x, https://evil.example/x2.png 2x">', "<img srcset> loads"),
    "outside-stylesheet": ('<link rel="stylesheet" href="https://fonts.example/css">', "<link rel='stylesheet'> loads"),
    "outside-icon": ('<link rel="icon" href="//evil.example/favicon.ico">', "<link rel='icon'> loads"),
    "outside-preload": ('<link rel="preload" as="font" href="https://fonts.example/f.woff2">',
                        "<link rel='preload'> loads"),
    "outside-preconnect": ('<link rel="preconnect" href="https://evil.example">', "<link rel='preconnect'> loads"),
    "outside-video": ('<video src="https://evil.example/v.mp4" poster="x.png"></video>', "<video src> loads"),
    "outside-poster": ('<video poster="https://evil.example/p.png"></video>', "<video poster> loads"),
    "outside-audio": ('<audio><source src="https://evil.example/a.mp3"></audio>', "<source src> loads"),
    "outside-form": ('<form action="https://evil.example/collect"><button>x</button></form>', "<form action> loads"),
    "outside-input-image": ('<input type="image" src="https://evil.example/b.png">', "<input src> loads"),
    "outside-svg-image": ('<svg><image href="https://evil.example/i.png"/></svg>', "<image href> loads"),
    "outside-ping": ('<a href="x/" ping="https://evil.example/track">x</a>', "<a ping> loads"),
    "outside-style-attribute": ("<div style=\"background:url('https://evil.example/bg.png')\">x</div>",
                                "<div style> loads 'https://evil.example/bg.png'"),
    "outside-style-escaped": ('<div style="background:u\\72l(https://evil.example/bg.png)">x</div>',
                              "<div style> loads 'https://evil.example/bg.png'"),
    "outside-style-element": ("<style>body{background:url(//evil.example/bg.png)}</style>", "a <style> element loads"),
    "outside-style-import": ('<style>@import "https://evil.example/x.css";</style>', "a <style> element loads"),
    "style-expression": ('<div style="width:expression(alert(1))">x</div>', "holds script"),
    "iframe": ('<iframe src="../../index.html"></iframe>', "<iframe> embeds another document"),
    "iframe-srcdoc": ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "<iframe srcdoc> embeds"),
    "object": ('<object data="x.swf"></object>', "<object> embeds an object"),
    "embed": ('<embed src="x.swf">', "<embed> embeds an object"),
    "base": ('<base href="https://evil.example/">', "<base> changes where every relative link points"),
    "meta-refresh": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "meta http-equiv=refresh"),
    "malformed-comment": ("<!--><img src=x onerror=alert(1)>-->", "a malformed comment"),
    "cdata": ("<![CDATA[x><img src=x onerror=alert(1)>]]>", "section, which a browser ends at its first '>'"),
    "markup-in-style": ("<svg><style><img src=x onerror=alert(1)></style></svg>", "a <style> element holds markup"),
    "unclosed-script": ("<script>alert(1)", "an inline <script> that is not the theme's: 'alert(1)"),
}
# What the site may have: links out (footnotes link to their sources), and links that only name an address.
ALLOWED = {
    "link-out": '<a href="https://example.org/source?a=1&amp;b=2">the source</a>',
    "protocol-relative-link-out": '<a href="//example.org/">the source</a>',
    "mail-link": '<a href="mailto:team@example.org">write to us</a>',
    "canonical": '<link rel="canonical" href="https://example.org/r/">',
    "alternate": '<link rel="alternate" type="application/atom+xml" href="https://example.org/r/feed.xml">',
    "own-image": '<img src="../../assets/images/favicon.png" alt="">',
    "own-stylesheet": '<link rel="stylesheet" href="../../assets/claimsite.css">',
    "pagefind-script": '<script src="../../pagefind/pagefind-ui.js"></script>',
    "pagefind-module": '<script type="module" src="../../pagefind/pagefind.js"></script>',
    "text-about-schemes": '<span title="javascript: and data: are words here">javascript: onclick=x</span>',
    "comment": "<!-- a comment -->",
}


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory):
    """A copy of the real site with one page per plant (claims pages' depth: the theme's assets resolve)."""
    site = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(real_site(), site)
    base = next((site / "claims").glob("*/index.html")).read_text(encoding="utf-8")
    assert base.count("</article>") == 1
    for name, snippet in {**{k: v for k, (v, _) in PLANTS.items()}, **ALLOWED}.items():
        page = site / "planted" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(base.replace("</article>", snippet + "</article>"), encoding="utf-8")
    (site / "assets" / "planted.css").write_text("@import url(https://fonts.example/css);\n", encoding="utf-8")
    # Pagefind's own script, copied where it does not belong, and a script of another name beside it.
    (site / "assets" / "pagefind").mkdir()
    shutil.copy(site / "pagefind" / "pagefind-ui.js", site / "assets" / "pagefind" / "pagefind-ui.js")
    for page in ("script-src-pagefind-in-a-page-folder",):
        (site / "planted" / page / "pagefind").mkdir()
        shutil.copy(site / "pagefind" / "pagefind.js", site / "planted" / page / "pagefind" / "pagefind.js")
    (site / "pagefind" / "pagefind-extra.js").write_text("alert(1)\n", encoding="utf-8")
    # Entries of Pagefind's index whose result would link, or load its image, elsewhere; and one that is not
    # an entry at all.
    fragments = site / "pagefind" / "fragment"
    for name, entry in PLANTED_FRAGMENTS.items():
        data = b"pagefind_dcd" + json.dumps(entry).encode("utf-8")
        (fragments / f"planted-{name}.pf_fragment").write_bytes(gzip.compress(data, mtime=0))
    (fragments / "planted.pf_fragment").write_bytes(b"alert(1)")
    return site


PLANTED_FRAGMENTS = {
    "javascript": {"url": "javascript:alert(1)", "content": "x", "meta": {"title": "x"}},
    "outside": {"url": "/claims/x/", "content": "x", "meta": {"title": "x", "url": "https://evil.example/"}},
    "image": {"url": "/claims/x/", "content": "x", "meta": {"title": "x", "image": "https://evil.example/i.png"}},
    "markup-is-text": {"url": "/claims/x/", "content": "<img src=x onerror=alert(1)>", "meta": {"title": "<b>x"}},
}


@pytest.fixture(scope="module")
def planted(planted_site):
    return scan_site(planted_site)


def _at(findings: list[Finding], path: str) -> list[str]:
    return [f.reason for f in findings if f.path == path]


@pytest.mark.parametrize("name", sorted(PLANTS))
def test_the_scan_finds_each_kind_of_violation(planted, name):
    reasons = _at(planted, f"planted/{name}/index.html")
    assert any(PLANTS[name][1] in r for r in reasons), reasons


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_the_scan_allows_what_the_site_may_have(planted, name):
    assert _at(planted, f"planted/{name}/index.html") == []


def test_the_scan_reads_stylesheets_and_the_search_index_and_nothing_else_in_the_copy(planted):
    assert _at(planted, "assets/planted.css") == [
        "the stylesheet loads 'https://fonts.example/css' from outside the site"]
    fragment = "pagefind/fragment/planted-{}.pf_fragment".format
    assert _at(planted, fragment("javascript")) == [
        "the search result's url 'javascript:alert(1)' is not an address in the site"]
    assert _at(planted, fragment("outside")) == [
        "the search result's meta.url 'https://evil.example/' is not an address in the site"]
    assert _at(planted, fragment("image")) == [
        "the search result's meta.image 'https://evil.example/i.png' is not an address in the site"]
    # Pagefind's UI shows an entry's title as text and its excerpt with < and > escaped (tests/engines/test_browser.py).
    assert _at(planted, fragment("markup-is-text")) == []
    (garbage,) = _at(planted, "pagefind/fragment/planted.pf_fragment")
    assert garbage.startswith("is not a Pagefind fragment")
    others = [f for f in planted if not f.path.startswith(("planted/", "assets/planted.css", "pagefind/fragment/planted"))]
    assert others == []


def test_a_finding_fails_the_build_lists_it_and_keeps_the_site(tmp_path):
    """An authored page that embeds a quoted tweet, with the tweet's script: the scan stops the build."""
    content = write_content(tmp_path, minimal_files())
    out = tmp_path / "site"
    assert run_site("--content", str(content), "--out", str(out), "--no-pdf").returncode == 0
    before = tree_hash(out)
    write_content(tmp_path, {"pages/tweet.md": (
        "# A quoted tweet\n\n<blockquote class=\"twitter-tweet\"><p>Quoted.</p></blockquote>\n"
        "<script async src=\"https://platform.twitter.com/widgets.js\" charset=\"utf-8\"></script>\n"
        "<p onmouseover=\"alert(1)\">hover</p>\n")})
    failed = run_site("--content", str(content), "--out", str(out), "--no-pdf")
    assert failed.returncode == 3, failed.stderr
    assert failed.stdout.splitlines() == [
        "about/tweet/index.html: <script src> loads 'https://platform.twitter.com/widgets.js' from outside the site",
        "about/tweet/index.html: <p> has the event-handler attribute onmouseover",
    ]
    assert "the safety scan found 2 problems" in failed.stderr and "previous site is unchanged" in failed.stderr
    assert tree_hash(out) == before
    assert temporaries(tmp_path) == []


def test_no_page_prints_a_missing_value_as_none(tmp_path):
    """bad-input 6: an optional field left out is not shown as "None" (the minimal report leaves out
    most of them; the real report others)."""
    minimal = tmp_path / "site"
    site_verb.build_site(resolved_of(write_content(tmp_path, minimal_files())), tmp_path / "content", minimal,
                         ROOT / "mkdocs.yml", pdf=False)
    for site in (minimal, real_site()):
        for page in site.rglob("*.html"):
            text = re.sub(r"<script\b.*?</script>|<[^>]*>", " ", page.read_text(encoding="utf-8"), flags=re.DOTALL)
            assert not re.search(r"\bNone\b", text), page


def _chart_page() -> str:
    """A weapon page of the real report with its charts: SVG and data tables, the scan's fast path."""
    page = next(p for p in sorted((real_site() / "weapons").glob("*/index.html"))
                if 'class="cs-chart"' in p.read_text(encoding="utf-8"))
    return page.read_text(encoding="utf-8")


def _slow(monkeypatch) -> None:
    """The scan without its fast path over plain markup: html.parser reads every tag."""
    import generator.engines.scan as scan

    monkeypatch.setattr(scan._Scanner, "_plain", lambda self, i: 0)


# Markup a grammar of safe tags could let through by mistake: another case, another quoting, an
# encoded scheme, a tab, an attribute of the list beside one that is not.
NEAR_MISSES = [
    '<a HREF="javascript:alert(1)">x</a>', "<a href='javascript:alert(1)'>x</a>", "<a href=javascript:alert(1)>x</a>",
    '<a href="java&#115;cript:alert(1)">x</a>', '<a href="javascript&colon;alert(1)">x</a>',
    '<a\thref="javascript:alert(1)">x</a>', '<a href="\tjavascript:alert(1)">x</a>', '<a href=" javascript:x">x</a>',
    '<a class="x" onclick="alert(1)">x</a>', '<a class="x"onclick="alert(1)">x</a>', '<svg/onload=alert(1)>',
    '<g ONLOAD="alert(1)"></g>', '<rect style="behavior:url(x.htc)"/>', '<rect style="max-width: 100%; height: auto; x:url(//e.example/a)"/>',
    '<a xlink:href="javascript:alert(1)">x</a>', '<a href="#x" ping="https://evil.example/">x</a>',
    '<text>x<script>alert(1)</script></text>', '<title>x</title><style>@import "https://e.example/x.css";</style>',
    '<div data="javascript:alert(1)">x</div>', '<form action="https://evil.example/"></form>',
    '<input type="image" src="https://evil.example/b.png">', '<td background="https://evil.example/b.png">x</td>',
    '<a href="//evil.example/">x</a>', '<a href="mailto:team@example.org">x</a>', '<a href="#fn:1">x</a>',
]


@pytest.mark.parametrize("where", ["svg", "table"])
@pytest.mark.parametrize("name", sorted(PLANTS))
def test_a_finding_inside_a_chart_is_found(name, where):
    """Planted among a chart's marks, or among the rows of its data table, each kind of finding is
    still found: the fast path over plain markup stops at it."""
    page = _chart_page()
    at = page.index("</a>", page.index('<figure class="cs-chart"')) if where == "svg" else \
        page.index("</td>", page.index('<details class="cs-chart-data"'))
    planted = page[:at] + PLANTS[name][0] + page[at:]
    reasons = [f.reason for f in scan_page(planted, "weapons/x/index.html", real_site())]
    assert any(PLANTS[name][1] in r for r in reasons), reasons


def test_the_fast_path_finds_what_the_parser_alone_finds(monkeypatch):
    """Every page of the real site, and a chart page with each plant and each near miss inside its
    SVG, gives the same findings with and without the fast path; and the fast path is taken (a chart
    page's tags mostly never reach html.parser)."""
    import generator.engines.scan as scan

    page = _chart_page()
    at = page.index("</a>", page.index('<figure class="cs-chart"'))
    pages = {p.relative_to(real_site()).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(real_site().rglob("*.html"))}
    for n, snippet in enumerate([v for v, _ in PLANTS.values()] + NEAR_MISSES):
        pages[f"planted/{n}/index.html"] = page[:at] + snippet + page[at:]
    fast = {rel: scan_page(html, rel, real_site()) for rel, html in pages.items()}
    tags = []
    monkeypatch.setattr(scan._Scanner, "handle_starttag",
                        lambda self, tag, attrs, real=scan._Scanner.handle_starttag: tags.append(tag) or real(self, tag, attrs))
    scan_page(page, "weapons/x/index.html")
    fast_tags = len(tags)
    _slow(monkeypatch)
    tags.clear()
    scan_page(page, "weapons/x/index.html")
    assert fast_tags * 5 < len(tags), (fast_tags, len(tags))
    slow = {rel: scan_page(html, rel, real_site()) for rel, html in pages.items()}
    assert fast == slow
    assert all(slow[f"planted/{n}/index.html"] for n in range(len(PLANTS)))


def test_scan_page_reads_a_page_on_its_own():
    assert scan_page("<p>x</p>", "a.html") == []
    assert [str(f) for f in scan_page('<p onclick="x()">x</p>', "a/index.html")] == [
        "a/index.html: <p> has the event-handler attribute onclick"]


# -- links ---------------------------------------------------------------------------


def check_links(tmp: Path, site: Path, base: str = "/") -> tuple[list[subprocess.CompletedProcess], int]:
    """LinkChecker with its anchor check on every page of the site, internal links only (no request
    leaves 127.0.0.1). Every page is a start address, checked to depth 1: its links and their anchors,
    whether or not another page links to it (the 404 page). Two processes share the pages: the anchor
    check reads a page again for every anchor, and one process uses one core."""
    env = {**ENV, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp), "XDG_DATA_HOME": str(tmp)}
    pages = sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))
    with served(site, base) as url:
        # Everything the server has is internal (by default only what lies below a start address is);
        # the server says LinkChecker (see _Site) and the rate lets it go as fast as it can.
        rc = tmp / "linkcheckerrc"
        rc.write_text("[checking]\nthreads=4\nmaxrequestspersecond=10000\n[filtering]\ncheckextern=0\n"
                      f"internlinks=^{re.escape(url[:-len(base)])}/\n[AnchorCheck]\n", encoding="utf-8")
        procs = [subprocess.Popen([str(BIN / "linkchecker"), "-f", str(rc), "--no-status", "--no-robots", "-r", "1",
                                   *(url + p for p in pages[i::2])], cwd=tmp, env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(2)]
        done = [subprocess.CompletedProcess(p.args, p.wait(timeout=600), *p.communicate()) for p in procs]
    return done, len(pages)


SUMMARY = re.compile(r"(\d+) links? in (\d+) URLs? checked\. (\d+) warnings? found\. (\d+) errors? found")


def test_the_link_checker_finds_broken_links_and_anchors(tmp_path):
    """The checker as run here reports a missing page, a missing anchor on another page and on the
    same page, and a missing image; and takes what is there."""
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_text(
        '<h1 id="top">x</h1><a href="#top">ok</a> <a href="#nowhere">same page</a> <a href="sub/">ok</a> '
        '<a href="sub/#there">ok</a> <a href="sub/#gone">other page</a> <a href="missing/">page</a> '
        '<a href="https://example.org/">out</a> <img src="missing.png" alt="">', encoding="utf-8")
    (site / "sub" / "index.html").write_text('<p id="there">t</p><a href="../#top">back</a> <a href="../#lost">x</a>',
                                             encoding="utf-8")
    done, _ = check_links(tmp_path, site)
    out = "".join(d.stdout for d in done)
    assert [d.returncode for d in done] == [1, 1], out
    for broken in ("`#nowhere'", "`sub/#gone'", "`missing/'", "`missing.png'", "`../#lost'"):
        assert f"URL        {broken}" in out, out
    for fine in ("`#top'", "`sub/#there'", "`../#top'", "`https://example.org/'"):
        assert f"URL        {fine}" not in out


def test_every_internal_link_and_anchor_of_the_real_site_resolves(tmp_path):
    site = real_site()
    # The 404 page links from the site's root (/nk-munitions/...): the site is served at its own path.
    done, pages = check_links(tmp_path, site, urlsplit(resolved_of(CONTENT).report.site_url).path.rstrip("/") + "/")
    checked = 0
    for d in done:
        summary = SUMMARY.search(d.stdout)
        assert summary, d.stdout + d.stderr
        assert d.returncode == 0 and summary.group(3, 4) == ("0", "0"), d.stdout
        checked += int(summary.group(2))
    assert checked > 2 * pages, "the checker did not follow the pages' links"


# -- atomic builds, interrupted builds, files the build does not own -----------------------

# Runs the site verb with MkDocs held just after it has written the new site into the
# temporary folder, before the scan and the swap: the moment to interrupt it.
HELD = """
import sys, time
import mkdocs.commands.build as build

real = build.build

def held(config, **kwargs):
    real(config, **kwargs)
    print("held after MkDocs", file=sys.stderr, flush=True)
    time.sleep(120)

build.build = held
from generator.cli import main
sys.exit(main(["site", *sys.argv[1:]]))
"""


def _held_build(args: list[str]) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HELD, *args], cwd=ROOT, env=ENV, stderr=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    timer = threading.Timer(120, proc.kill)
    timer.start()
    try:
        for line in proc.stderr:
            if line.startswith("held after MkDocs"):
                return proc
        raise AssertionError(f"the build ended before MkDocs was done: {proc.wait()}")
    finally:
        timer.cancel()


@pytest.fixture
def built_once(tmp_path):
    """A built site with files beside it that the build does not own; returns (content, out)."""
    content = write_content(tmp_path, rich_files())
    out = tmp_path / "site"
    site_verb.build_site(resolved_of(content), content, out, ROOT / "mkdocs.yml", pdf=False)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / ".site-mine").mkdir()  # named like the build's temporary folders, but not one of them
    (tmp_path / ".site-mine" / "keep.txt").write_text("mine", encoding="utf-8")
    return content, out


def _beside(root: Path) -> dict[str, str]:
    return {k: v for k, v in tree_hash(root).items() if not k.startswith(("site/", "content/"))}


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_an_interrupted_build_leaves_the_previous_site_whole(built_once, tmp_path, signum):
    content, out = built_once
    before, beside = tree_hash(out), _beside(tmp_path)
    write_content(tmp_path, with_statement(rich_files(), "A new statement, never published."))
    proc = _held_build(["--content", str(content), "--out", str(out), "--no-pdf"])
    try:
        (work,) = [tmp_path / t for t in temporaries(tmp_path) if t != ".site-mine"]
        assert (work / "site" / "claims" / "stockpiles" / "index.html").is_file()  # the new site, not swapped in
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=HANG)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signum, err
    assert "interrupted" in err and "the previous site is unchanged" in err
    assert tree_hash(out) == before
    assert temporaries(tmp_path) == [".site-mine"] and _beside(tmp_path) == beside


# Where in a build Ctrl-C lands: a fixed moment into the start-up (modules still importing), or
# just after the build prints a stage's line.
MOMENTS = (0.05, 0.3, "checked content", "writing the PDF", "building the site with MkDocs", "search: indexing")


@pytest.mark.parametrize("moment", MOMENTS)
def test_ctrl_c_at_any_moment_ends_with_one_line(built_once, tmp_path, moment):
    """Ctrl-C in a terminal signals the whole process group (the builder, the scan's workers,
    Pagefind): the build stops with one line on stderr and no traceback, and the site is the
    previous one or the new one, whole."""
    content, out = built_once
    before = tree_hash(out)
    proc = subprocess.Popen([sys.executable, "-m", "generator", "site", "--content", str(content),
                             "--out", str(out)], cwd=ROOT, env=ENV, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    seen = []
    try:
        if isinstance(moment, float):
            time.sleep(moment)
        else:
            for line in proc.stderr:
                seen.append(line)
                if moment in line:
                    break
        os.killpg(proc.pid, signal.SIGINT)
        err = "".join(seen) + proc.communicate(timeout=HANG)[1]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    last = err.strip().splitlines()[-1]
    if proc.returncode == 0:  # the build was already swapping in the new site
        assert last.startswith("site: ") and "pages" in last
    else:
        assert proc.returncode == 128 + signal.SIGINT, err
        assert last in ("interrupted", "site: interrupted (SIGINT); the previous site is unchanged"), err
        assert tree_hash(out) == before
    assert temporaries(tmp_path) == [".site-mine"]


@pytest.mark.parametrize("delay", [0.0, 0.4])
def test_a_build_stopped_at_any_moment_leaves_one_whole_site(built_once, tmp_path, delay):
    """SIGTERM while MkDocs runs, or later: the site is the previous one or the new one, whole."""
    content, out = built_once
    before = tree_hash(out)
    write_content(tmp_path, with_statement(rich_files(), "A new statement, never published."))
    new = tmp_path / "reference"
    new_build = run_site("--content", str(content), "--out", str(new), "--no-pdf")
    assert new_build.returncode == 0, new_build.stderr
    after = tree_hash(new)
    proc = subprocess.Popen([sys.executable, "-m", "generator", "site", "--content", str(content), "--out", str(out),
                             "--no-pdf"], cwd=ROOT, env=ENV, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:
            if "building the site with MkDocs" in line:
                break
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode in (0, 128 + signal.SIGTERM)
    assert tree_hash(out) == (before if proc.returncode else after)
    assert temporaries(tmp_path) == [".site-mine"]


def test_a_killed_builds_folder_is_removed_by_the_next_build(built_once, tmp_path):
    """SIGKILL cannot be caught: the killed build's temporary folder stays until the next build,
    which removes it since its process is gone, and leaves a running build's folder alone."""
    content, out = built_once
    proc = _held_build(["--content", str(content), "--out", str(out), "--no-pdf"])
    proc.kill()
    proc.wait()
    (killed,) = [t for t in temporaries(tmp_path) if t != ".site-mine"]
    running = tmp_path / ".site-running"
    running.mkdir()
    (running / site_verb.OWNER).write_text(f"{os.getpid()}\n", encoding="utf-8")
    site_verb.build_site(resolved_of(content), content, out, ROOT / "mkdocs.yml", pdf=False)
    assert killed not in temporaries(tmp_path)
    assert temporaries(tmp_path) == [".site-mine", ".site-running"]


def test_builds_delete_nothing_they_do_not_own(built_once, tmp_path):
    content, out = built_once
    cache = ".cache/claimsite/"  # the site's build cache: the build's own, rewritten by each good build
    beside = {k: v for k, v in _beside(tmp_path).items() if not k.startswith(cache)}
    write_content(tmp_path, with_statement(rich_files(), "Changed."))
    assert run_site("--content", str(content), "--out", str(out), "--no-pdf").returncode == 0
    cached = {k: v for k, v in _beside(tmp_path).items() if k.startswith(cache)}
    write_content(tmp_path, {"claims/stockpiles.yaml": "statement: ''\n"})
    assert run_site("--content", str(content), "--out", str(out), "--no-pdf").returncode == 1
    assert {k: v for k, v in _beside(tmp_path).items() if not k.startswith(cache)} == beside
    assert cached and {k: v for k, v in _beside(tmp_path).items() if k.startswith(cache)} == cached  # kept
    assert (out / site_verb.MARKER).is_file()


@pytest.mark.parametrize("case", ["foreign folder", "a file", "the content's folder", "the content",
                                  "the configuration's folder"])
def test_the_site_verb_replaces_only_a_site_it_built(tmp_path, case):
    content = write_content(tmp_path / "r", minimal_files())
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep", encoding="utf-8")
    (tmp_path / "file.txt").write_text("keep", encoding="utf-8")
    out = {"foreign folder": foreign, "a file": tmp_path / "file.txt", "the content's folder": tmp_path / "r",
           "the content": content, "the configuration's folder": ROOT}[case]
    before = tree_hash(tmp_path)
    done = run_site("--content", str(content), "--out", str(out), "--no-pdf")
    assert done.returncode == 2, done.stderr
    assert "refusing to replace it" in done.stderr
    assert tree_hash(tmp_path) == before and temporaries(out.parent) == []


def test_an_empty_folder_a_marked_site_and_an_older_site_are_replaced(tmp_path):
    content = write_content(tmp_path, minimal_files())
    out = tmp_path / "site"
    out.mkdir()
    assert run_site("--content", str(content), "--out", str(out), "--no-pdf").returncode == 0
    assert (out / site_verb.MARKER).read_text(encoding="utf-8") == site_verb.MARKER_TEXT
    (out / site_verb.MARKER).unlink()  # as a site built before the marker, with Material's search then
    (out / "search").mkdir()
    (out / "search" / "search_index.json").write_text('{"docs": []}', encoding="utf-8")
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert run_site("--content", str(content), "--out", str(out), "--no-pdf").returncode == 0
    assert not (out / "stale.html").exists() and (out / site_verb.MARKER).is_file()


# -- reproducible output ---------------------------------------------------------------


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path):
    """`make site` twice, with SOURCE_DATE_EPOCH: the site, its search index (Pagefind's) and sitemap,
    the PDF and the data downloads, byte for byte; from other folders, hash seeds and time zones."""
    hashes = []
    for name, seed, zone in (("a", "1", "UTC"), ("b", "2", "Asia/Seoul")):
        folder = tmp_path / name
        folder.mkdir()
        env = {**ENV, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": seed, "TZ": zone}
        done = run_site("--content", str(CONTENT), "--config", str(ROOT / "mkdocs.yml"), "--out", "site",
                        cwd=folder, env=env)
        assert done.returncode == 0, done.stderr
        hashes.append(tree_hash(folder / "site"))
    assert hashes[0] == hashes[1], sorted(k for k in hashes[0] if hashes[0][k] != hashes[1].get(k))
    site = tmp_path / "a" / "site"
    for rel in ("report.pdf", "sitemap.xml", "sitemap.xml.gz", "pagefind/pagefind-entry.json", "index.html"):
        assert rel in hashes[0]
    assert sum(k.startswith("pagefind/fragment/") for k in hashes[0]) == indexed_pages(site) > 50
    assert any(k.startswith("data/") for k in hashes[0])
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", (site / "sitemap.xml").read_text())) == {"2025-07-11"}
    with gzip.open(site / "sitemap.xml.gz") as gz:
        gz.read()
        assert gz.mtime == EPOCH
    check_golden_site(hashes[0])


GOLDEN_SITE = ROOT / "tests" / "golden" / "site-content.sha256"


def check_golden_site(hashes: dict[str, str]) -> None:
    """The site built from content/ is the one recorded: a change of the code that is meant to change
    no page (moving modules, a new engine seam) shows here, file by file. After a change that is
    meant to change pages: UPDATE_GOLDEN=1 pytest tests/whole/test_hardening.py -k byte_identical.
    The PDF is left out: its bytes hold the fonts of the machine's Debian release (its text is
    checked in tests/outputs/test_pdf.py)."""
    lines = "".join(f"{digest}  {rel}\n" for rel, digest in sorted(hashes.items()) if rel != "report.pdf")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN_SITE.write_text(lines, encoding="utf-8")
    recorded = dict(line.split("  ", 1)[::-1] for line in GOLDEN_SITE.read_text(encoding="utf-8").splitlines())
    built = {rel: digest for rel, digest in hashes.items() if rel != "report.pdf"}
    changed = sorted(rel for rel in recorded.keys() | built.keys() if recorded.get(rel) != built.get(rel))
    assert not changed, f"the site differs from {GOLDEN_SITE.name} in: {changed[:20]}"


def test_without_source_date_epoch_the_content_dates_the_build(tmp_path, monkeypatch):
    """MkDocs dates pages by the clock unless SOURCE_DATE_EPOCH is set: the verb sets it to the
    content's newest date, so a build on another day gives the same bytes."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = write_content(tmp_path, rich_files())
    site_verb.build_site(resolved_of(content), content, tmp_path / "site", ROOT / "mkdocs.yml", pdf=False)
    assert "SOURCE_DATE_EPOCH" not in os.environ
    lastmod = set(re.findall(r"<lastmod>(.*?)</lastmod>", (tmp_path / "site/sitemap.xml").read_text()))
    assert lastmod == {"2025-07-14"}  # src-b was accessed on 14 July 2025, the newest date of the content


# -- limits ------------------------------------------------------------------------------


def _timed(content: Path) -> tuple[list[str], float]:
    from generator.pipeline import check

    started = time.perf_counter()
    found = [str(d) for d in check(content).checks.diagnostics]
    return found, time.perf_counter() - started


def test_a_list_of_100000_aliases_is_refused_quickly(make_content):
    aliases = ", ".join(f'"a{i}"' for i in range(100_000))
    weapon = (f'name: "Type 75"\naliases: [{aliases}]\n'
              'category: "multiple-rocket-launcher"\ndescription: "A launcher."\n')
    content = make_content({"weapons/type-75.yaml": weapon})
    found, elapsed = _timed(content)
    assert found == ["weapons/type-75.yaml:2:10: S008 'aliases' is 100000 items long; the limit is 500"]
    assert elapsed < 60  # a generous bound against a hang, not a timing test


def test_a_snapshot_over_the_limit_is_refused_unread(make_content):
    big = SNAPSHOT + "x" * (5 << 20)
    found, elapsed = _timed(make_content({"sources/src-a.txt": big}))
    assert found[0] == "sources/src-a.txt:1:1: Y009 file is 5.0 MiB; the limit is 4 MiB"
    assert elapsed < 60


def test_a_quote_missing_from_a_snapshot_at_the_limit_is_reported_without_hanging(make_content):
    """The closest passage is searched for in the whole snapshot: 4 MiB of text, in bounded time."""
    words = [f"w{i}x" for i in range(3000)]
    lines, size, i = [], len(SNAPSHOT), 0
    while size < 3.9 * 2**20:
        lines.append(" ".join(words[(i * 7 + j * 13) % 3000] for j in range(14)))
        size += len(lines[-1]) + 1
        i += 1
    snapshot = SNAPSHOT + "\n".join(lines) + "\n"
    assert len(snapshot.encode()) < 4 << 20
    source = minimal_files()["sources/src-a.yaml"].replace(
        hashlib.sha256(SNAPSHOT.encode()).hexdigest(), hashlib.sha256(snapshot.encode()).hexdigest())
    claim = minimal_files()["claims/stockpiles.yaml"].replace(
        "North Korea has huge stockpiles and production goes on around the clock.",
        "North Korea has enormous stockpiles and production runs around the clock every day.")
    found, elapsed = _timed(make_content({"sources/src-a.txt": snapshot, "sources/src-a.yaml": source,
                                          "claims/stockpiles.yaml": claim}))
    assert len(found) == 1 and " Q001 " in found[0] and "closest passage (line 1)" in found[0], found
    assert elapsed < 60


def test_thousands_of_files_and_keys_end_in_diagnostics(tmp_path):
    files = {f"claims/c{i}.yaml": "" for i in range(5000)}
    found, elapsed = _timed(write_content(tmp_path / "files", {**minimal_files(), **files}))
    assert len(found) == 5000 and all(" Y005 " in f for f in found) and elapsed < 60
    keys = "".join(f"k{i}: 'x'\n" for i in range(20_000))
    record = {"actors/outlet.yaml": 'name: "Bloomberg"\nkind: "media-outlet"\n' + keys}
    found, elapsed = _timed(write_content(tmp_path / "keys", {**minimal_files(), **record}))
    assert len(found) == 20_000 and all(" S001 " in f for f in found) and elapsed < 60


def test_records_at_every_limit_build_in_bounded_time(tmp_path):
    """The longest fields and lists a record may have go through the whole site build."""
    files = with_statement(rich_files(), ("*_[" * 700)[:2000])
    longest = {
        "claims/forty-percent.yaml": ('assessment: "Two outlets.\\n\\nA second paragraph."',
                                      "assessment: " + json.dumps(("<b>*_[`|#{{x}}</b>\n\n" * 1200)[:20_000])),
        "weapons/type-75.yaml": ('aliases: ["Type-75"]',
                                 "aliases: " + json.dumps([f"Type-75 {i} " + "*_[" * 30 for i in range(500)])),
    }
    for rel, (old, new) in longest.items():
        assert old in files[rel]
        files[rel] = files[rel].replace(old, new)
    content = write_content(tmp_path, files)
    resolved = resolved_of(content)
    started = time.perf_counter()
    site_verb.build_site(resolved, content, tmp_path / "site", ROOT / "mkdocs.yml", pdf=False)
    assert time.perf_counter() - started < 120
    assert (tmp_path / "site" / "weapons" / "type-75" / "index.html").is_file()


def test_a_large_site_is_scanned_on_every_core_with_the_same_findings(planted_site, planted, monkeypatch):
    from generator.engines import scan

    monkeypatch.setattr(scan, "PARALLEL_FROM", 1)
    assert scan.scan_site(planted_site) == planted


# -- the guarantees (docs/guarantees.md) --------------------------------------------------------------


def test_every_test_docs_guarantees_names_exists():
    import ast

    section = (ROOT / "docs" / "guarantees.md").read_text(encoding="utf-8")
    named, current = [], None
    for m in re.finditer(r"`(tests/[\w/]+\.py)?::(\w+)`|`(tests/[\w/]+\.py)`", section):
        current = m.group(1) or m.group(3) or current
        if m.group(2):
            named.append((current, m.group(2)))
    assert len(named) > 20
    for path, name in named:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        assert name in {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}, f"{path}::{name}"


# -- the scan beside the build (generator/engines/scanpool.py) ------------------------------------------------


def _fed(site: Path, change=None) -> list[Finding]:
    """Feed every page of `site` as the build would, let `change` alter the folder, then finish."""
    from generator.engines.scanpool import ScanAlongside

    alongside = ScanAlongside(site)
    for path in sorted(site.rglob("*.html")):
        alongside.feed(path.relative_to(site).as_posix(), path.read_text(encoding="utf-8"))
    if change:
        change(site)
    return alongside.finish()


def test_the_scan_beside_the_build_finds_what_the_scan_of_the_finished_site_finds(planted_site):
    assert sorted(_fed(planted_site), key=str) == sorted(scan_site(planted_site), key=str)


def test_the_scan_beside_the_build_looks_again_at_what_changed_after_it_was_fed(tmp_path):
    """A page rewritten after the builder handed it over is scanned as it is on disk; a script
    whose file is missing from the finished site is found, as is one that names a file by a
    site-absolute address."""
    site = tmp_path / "site"
    shutil.copytree(real_site(), site)
    claim = next((site / "claims").glob("*/index.html"))
    source = next((site / "sources").glob("*/index.html"))

    def change(site: Path) -> None:
        claim.write_text(claim.read_text(encoding="utf-8").replace(
            "</article>", "<script>alert(1)</script></article>"), encoding="utf-8")
        (site / "assets" / "javascripts" / "gone.js").write_text("", encoding="utf-8")
        source.write_text(source.read_text(encoding="utf-8").replace(
            "</article>", '<script src="../../assets/javascripts/gone.js"></script>'
                          '<script src="/x/assets/javascripts/absent.js"></script></article>'), encoding="utf-8")

    actor = next((site / "actors").glob("*/index.html"))  # fed as it is on disk, naming a file never written
    actor.write_text(actor.read_text(encoding="utf-8").replace(
        "</article>", '<script src="../../assets/javascripts/never.js"></script></article>'), encoding="utf-8")
    found = {str(f) for f in _fed(site, change)}
    assert found == {str(f) for f in scan_site(site)}
    assert any(f.startswith(actor.relative_to(site).as_posix()) and "never.js" in f and "not in the site" in f
               for f in found)
    assert any(f.startswith(claim.relative_to(site).parent.as_posix()) and "inline <script>" in f for f in found)
    assert any("absent.js" in f for f in found) and not any("gone.js" in f for f in found)
    (site / "assets" / "javascripts" / "gone.js").unlink()
    assert any("gone.js" in str(f) and "not in the site" in str(f) for f in scan_site(site))
