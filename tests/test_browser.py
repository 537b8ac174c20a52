"""The real content's site in Chromium (Debian's, driven by Playwright), served on 127.0.0.1."""
from __future__ import annotations

import functools
import http.server
import re
import threading
from urllib.parse import urlsplit

import pytest
from conftest import CONTENT, RESULTS
from playwright.sync_api import Page, sync_playwright
from site_helpers import real_site, resolved_of

from generator import pages
from generator.dates import DateValue

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SPELLINGS = ("Type 75", "type75", "Type-75", "Kupyansk", "M1991", "M-1991", "Burevii")
PHONE = {"width": 390, "height": 844}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url():
    handler = functools.partial(_Quiet, directory=str(real_site()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


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


def search(page: Page, query: str) -> list[str]:
    page.goto(page.base)
    page.locator("input.md-search__input").click()
    # Material says "Initializing search" until its worker has built the index; a query typed before is lost.
    page.wait_for_function("!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)")
    # Material searches on key events, not on input events: fill the whole query, then one key, so the
    # only search that runs is for the whole query (typing it would show results for its first letters).
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    page.wait_for_function("/\\d+ matching/.test(document.querySelector('.md-search-result__meta').textContent)")
    hrefs = page.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => e.href)")
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


@pytest.mark.parametrize("query", SPELLINGS)
def test_search_finds_every_spelling(page, resolved, query):
    expected = expected_pages(resolved, query)
    assert expected, f"no entity of the content is named {query!r}"
    found = search(page, query)
    assert expected <= set(found), f"{query!r}: expected {sorted(expected)}, found {found[:15]}"


def test_a_footnote_leads_to_its_source(page, resolved):
    claim_id, view = next((i, v) for i, v in resolved.claims.items() if len(v.citations) > 1)
    page.goto(page.base + f"claims/{claim_id}/")
    page.locator("a.footnote-ref").nth(1).click()
    assert page.url.endswith("#fn:2")
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
