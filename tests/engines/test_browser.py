"""The real content's site in Chromium (Debian's, driven by Playwright), served on 127.0.0.1 at
the path it is published at (Pagefind's search works over http only, not from file://)."""
from __future__ import annotations

import gc
import re
from urllib.parse import urlsplit

import pytest
from conftest import CONTENT, RESULTS, ROOT
from playwright.sync_api import Page
from site_helpers import (HOSTILE, build_fixture, pages_of, parse, real_site, resolved_of, rich_files, served,
                          text_of, with_statement)
from browsers import browser  # noqa: F401 - the fixture

from generator import pages
from generator.engines import pagefind
from generator.verbs.site import build_site
from generator.dates import DateValue

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SPELLINGS = ("Type 75", "type75", "Type-75", "Kupyansk", "M1991", "M-1991", "Burevii")
PHONE = {"width": 390, "height": 844}


def base_path(resolved) -> str:
    return urlsplit(resolved.report.site_url).path.rstrip("/") + "/"


@pytest.fixture(scope="module")
def base_url(resolved):
    with served(real_site(), base_path(resolved)) as url:
        yield url


@pytest.fixture
def page(browser, base_url):
    """A page whose every request is recorded; the test fails if one leaves 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    outside: list[str] = []

    def check(route):
        url = route.request.url
        if urlsplit(url).hostname != "127.0.0.1":
            outside.append(url)
            return route.abort()
        return route.continue_()

    context.route("**/*", check)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = base_url
    yield page
    context.close()
    # Playwright keeps each call's stack frames, the test's among them, in reference cycles: collect
    # them now, so that the report a test's frame holds does not outlive the test.
    gc.collect()
    assert not outside, f"the site requested outside itself: {outside}"


@pytest.fixture(scope="module")
def resolved():
    return resolved_of(CONTENT)


def words(text: str) -> list[str]:
    """The words search sees: split at anything not a letter or digit, and between letters and digits."""
    return re.findall(r"[^\W\d_]+|\d+", text.casefold())


def expected_pages(resolved, query: str) -> set[str]:
    """Entity pages with a name or alias holding the query's words in a row."""
    wanted = words(query)
    found = set()
    for kind in pages.ENTITY_KINDS:
        for entity_id, entity in getattr(resolved, pages.FOLDER[kind]).items():
            for name in (entity.name, *entity.aliases):
                have = words(name)
                if any(have[i:i + len(wanted)] == wanted for i in range(len(have))):
                    found.add(f"{pages.FOLDER[kind]}/{entity_id}/")
    return found


SEARCH_BOX = "#__pagefind_ui input"
RESULT_LINKS = "a.pagefind-ui__result-link"
# Pagefind's UI says "N results for <query>" (or "1 result", "No results") once the search is done.
DONE = """q => { const m = document.querySelector('.pagefind-ui__message');
                 return !!m && /results? for /.test(m.textContent) && m.textContent.trim().endsWith(q); }"""
LOADED = "() => !document.querySelector('.pagefind-ui__results .pagefind-ui__loading')"


def search(page: Page, query: str, *, url: str = "") -> list[str]:
    """Type `query` into the header's search box on a fresh page; every result, as a path below the
    site (the UI shows five, then more on request)."""
    page.goto(page.base + url)
    page.locator(SEARCH_BOX).fill(query)  # Pagefind searches on input events, after a pause
    page.wait_for_function(DONE, arg=query)
    more = page.locator("button.pagefind-ui__button")
    while more.is_visible():
        shown = page.locator(RESULT_LINKS).count()
        more.click()
        page.wait_for_function(f"n => document.querySelectorAll({RESULT_LINKS!r}).length > n", arg=shown)
    page.wait_for_function(LOADED)
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "els => els.map(e => e.href)")
    base = urlsplit(page.base).path
    assert all(urlsplit(h).path.startswith(base) for h in hrefs), hrefs  # results link into the site
    return [urlsplit(h).path[len(base):] for h in hrefs]


def title_of(page: Page) -> str:
    return page.locator("article h1").inner_text().rstrip("¶").strip()


@pytest.mark.parametrize("query", SPELLINGS)
def test_search_finds_every_spelling(page, resolved, query):
    expected = expected_pages(resolved, query)
    assert expected, f"no entity of the content is named {query!r}"
    found = search(page, query)
    assert expected <= set(found), f"{query!r}: expected {sorted(expected)}, found {found[:15]}"
    # Following a result opens that page.
    target = sorted(expected)[0]
    folder, entity_id = target.strip("/").split("/")
    page.locator(RESULT_LINKS).nth(found.index(target)).click()
    page.wait_for_url(page.base + target)
    kind = next(k for k in pages.ENTITY_KINDS if pages.FOLDER[k] == folder)
    assert title_of(page) == " ".join(getattr(resolved, pages.FOLDER[kind])[entity_id].name.split())


@pytest.fixture(scope="module")
def bundled(tmp_path_factory, resolved):
    """The real content's site with its search index in several bundles, as a large report has it
    (pagefind.BATCH_PAGES and GROUPS made small): (the site's folder, its address, its layout)."""
    root = tmp_path_factory.mktemp("bundled")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pagefind, "BATCH_PAGES", 12)
        mp.setattr(pagefind, "GROUPS", tuple((prefixes, 12) for prefixes, _ in pagefind.GROUPS))
        build_site(resolved_of(CONTENT), CONTENT, root / "site", ROOT / "mkdocs.yml", pdf=False)
        cut = pagefind.layout(f"{u}index.html" for u in pages_of(root / "site"))
    with served(root / "site", base_path(resolved)) as url:
        yield root / "site", url, cut


def test_one_search_box_finds_pages_of_every_bundle(page, bundled):
    """A claim of each later bundle (pagefind-2/, ...) is found by its heading from the one search box
    and opens; a spelling on an entity page (in the entity pages' bundles) is found beside them."""
    site, page.base, cut = bundled
    names = pagefind.present(site)
    assert len(names) >= 3, names
    claims = {url: path for url, path in pages_of(site).items()  # the claims' own pages (not their list)
              if url.startswith("claims/") and url != "claims/"}
    assert cut[0] >= 2 and cut[1] >= 2 and len(names) == 1 + sum(cut), (cut, names)
    for n, name in enumerate(names[1:1 + cut[0]], start=1):  # the claims' bundles
        url = next(u for u in sorted(claims) if pagefind.bundle_of(f"{u}index.html", cut) == n)
        heading = text_of(parse(claims[url]).find("h1")[0]).rstrip("¶").strip()
        query = " ".join(heading.split()[:6])
        found = search(page, query)
        assert url in found, f"{name}: {query!r} did not find {url} ({found[:10]})"
        page.locator(RESULT_LINKS).nth(found.index(url)).click()
        page.wait_for_url(page.base + url)
    assert "weapons/type-75-mrl/" in search(page, "type75")


def test_search_shows_record_text_as_text_and_runs_none_of_it(browser, tmp_path):
    """A statement holding <img src=x onerror=...>, <script> and <svg onload=...> is a result whose title
    and excerpt show those characters; no element is made from them and nothing runs."""
    statement = HOSTILE + " Zanzibarite"
    site = build_fixture(tmp_path, with_statement(rich_files(), statement))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    ran: list[str] = []
    context.on("dialog", lambda d: (ran.append(d.message), d.dismiss()))
    try:
        with served(site, "/r/") as url:
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.on("pageerror", lambda e: ran.append(str(e)))
            page.base = url
            found = search(page, "Zanzibarite")
            assert "claims/stockpiles/" in found  # and every page that quotes the key finding
            result = page.locator(".pagefind-ui__result").nth(found.index("claims/stockpiles/"))
            title = result.locator(".pagefind-ui__result-title").inner_text()
            assert " ".join(title.split()) == " ".join(statement.split())
            excerpt = result.locator(".pagefind-ui__result-excerpt").inner_text()
            assert "<img src=x onerror=alert(1)>" in excerpt and "<script>alert(1)</script>" in excerpt
            results = page.locator(".pagefind-ui__results")
            made = results.evaluate("r => [...r.querySelectorAll('*')].map(e => e.tagName.toLowerCase())")
            assert set(made) <= {"ol", "li", "div", "p", "a", "mark"}, made
            page.wait_for_timeout(500)  # an onerror would have fired by now
    finally:
        context.close()
    assert ran == []


def test_a_footnote_leads_to_its_source(page, resolved):
    claim_id, view = next((i, v) for i, v in resolved.claims.items() if len(v.citations) > 1)
    page.goto(page.base + f"claims/{claim_id}/")
    page.locator("a.footnote-ref").nth(1).click()
    page.wait_for_url("**#fn:2")  # the click's navigation is done when the address says so, not before
    note = page.locator("li[id='fn:2']")
    assert note.is_visible()
    note.get_by_role("link", name=re.compile("^Source record: ")).click()
    source = view.citations[1]
    page.wait_for_url(f"**/sources/{source.source_id}/")
    assert page.locator("article h1").inner_text().rstrip("¶").strip() == " ".join(source.source.title.split())


def test_the_timeline_lists_its_entries_in_date_order(page, resolved):
    page.goto(page.base + "timeline/")
    sections = page.evaluate("""() => {
        const out = {}; let axis = null;
        for (const el of document.querySelectorAll('article h2, article time')) {
            if (el.tagName === 'H2') { axis = el.id; out[axis] = []; }
            else out[axis].push(el.getAttribute('datetime'));
        }
        return out;
    }""")
    assert set(sections) >= {"happened", "said"}
    for axis in ("happened", "said"):
        dates = sections[axis]
        expected = [e.date.iso() for e in resolved.timeline if e.axis == axis]
        assert dates == expected
        keys = [DateValue.parse(d).sort_key() for d in dates]
        assert keys == sorted(keys), f"{axis}: {dates}"


def test_the_map_links_every_place_with_coordinates_from_the_keyboard(page, resolved):
    """The places index draws its map inline: one link per place with coordinates, each reached with
    Tab and followed with Enter to the place's page, which draws its own map with that place highlighted;
    nothing is fetched for it (the page fixture fails on any request outside the site)."""
    page.goto(page.base + "places/")
    page.wait_for_load_state("networkidle")
    hrefs = page.eval_on_selector_all("figure.cs-place-map svg a", "as => as.map(a => a.getAttribute('href'))")
    placed = sorted(f"{i}/" for i, p in resolved.places.items() if p.coordinates)
    assert sorted(hrefs) == placed and placed
    first = page.locator("figure.cs-place-map svg a").first
    first.focus()
    assert page.evaluate("() => document.activeElement.closest('figure.cs-place-map') !== null")
    target = first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(page.base + "places/" + target)
    here = page.eval_on_selector_all("figure.cs-place-map svg a.cs-here", "as => as.map(a => a.getAttribute('href'))")
    assert here == ["./"]
    box = page.locator("figure.cs-place-map svg").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100  # drawn, not collapsed


def screenshot(page: Page, url: str, name: str) -> None:
    page.goto(page.base + url)
    page.wait_for_load_state("networkidle")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)


def test_screenshots_and_no_sideways_scrolling_on_a_phone(page, resolved):
    claim_id = next(iter(resolved.report.key_findings or resolved.claims))
    shots = {"site-home": "", "site-claim": f"claims/{claim_id}/", "site-timeline": "timeline/",
             "site-weapons": "weapons/"}
    for name, url in shots.items():
        screenshot(page, url, name)
    page.set_viewport_size(PHONE)
    for name, url in shots.items():
        screenshot(page, url, name + "-phone")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{url or 'home'} is {width}px wide on a {PHONE['width']}px phone"
    for name in shots:
        assert (RESULTS / f"{name}.png").stat().st_size > 10_000


def test_search_on_a_phone_opens_over_the_page_and_leads_to_the_result(page):
    page.set_viewport_size(PHONE)
    page.goto(page.base)
    box = page.locator(SEARCH_BOX)
    assert not box.is_visible()  # on a phone the header shows the magnifier, as Material's search did
    page.locator("label.cs-search__open").click()
    assert box.is_visible() and page.evaluate("document.activeElement.matches('#__pagefind_ui input')")
    page.keyboard.type("Kupyansk")
    page.wait_for_function(DONE, arg="Kupyansk")
    page.wait_for_function(LOADED)
    first = page.locator(RESULT_LINKS).first
    assert first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "site-search-phone.png"))
    href = urlsplit(first.evaluate("a => a.href")).path
    first.click()
    page.wait_for_url(f"**{href}")
    assert "kupiansk" in href and not box.is_visible()


def test_search_in_the_header_drops_its_results_under_the_box(page):
    page.goto(page.base)
    box = page.locator(SEARCH_BOX)
    header = page.locator("header.md-header").bounding_box()
    inside = box.bounding_box()
    assert header["y"] <= inside["y"] and inside["y"] + inside["height"] <= header["y"] + header["height"]
    assert not page.locator("label.cs-search__open").is_visible()
    page.keyboard.press("/")  # as with Material's search, / (or s, f) goes to the box
    assert page.evaluate("document.activeElement.matches('#__pagefind_ui input')")
    page.keyboard.type("Burevii")
    page.wait_for_function(DONE, arg="Burevii")
    page.wait_for_function(LOADED)
    drawer = page.locator(".pagefind-ui__drawer")
    assert drawer.is_visible() and drawer.bounding_box()["y"] >= inside["y"] + inside["height"]
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "site-search.png"))
    page.mouse.click(5, PHONE["height"] // 2)  # a click elsewhere (the margin) puts the results away
    assert not drawer.is_visible()
    box.click()
    assert drawer.is_visible()
