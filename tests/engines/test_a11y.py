"""Every kind of page, at a desktop's and a phone's width, checked by axe-core (the copy that
axe-playwright-python ships: no network) in Debian's Chromium: no serious or critical violation,
and no table wider than the text column on a desktop. Moderate and minor findings are printed,
not failed on (run with -s to see them)."""
from __future__ import annotations

import gc
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import CONTENT
from site_helpers import real_site, resolved_of, served
from browsers import browser  # noqa: F401 - the fixture

from generator import pages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = {"desktop": 1280, "phone": 390}
# Each width in the light palette, and the desktop in the dark one (the reader's system asks for it).
VIEWS = {"desktop": (1280, "light"), "phone": (390, "light"), "desktop-dark": (1280, "dark")}
FAILING = {"serious", "critical"}


@pytest.fixture(scope="module")
def resolved():
    return resolved_of(CONTENT)


def kinds(resolved) -> dict[str, str]:
    """One page of each kind, by its URL below the site."""
    def record(kind: str, ids) -> str:
        return pages.record_path(kind, sorted(ids)[0]).removesuffix(".md") + "/"

    def index(kind: str) -> str:
        return pages.index_path(kind).removesuffix("index.md")

    authored = sorted((CONTENT / "pages").glob("*.md"))[0].stem
    return {
        "home": "", "claims index": index("claim"), "claim": record("claim", resolved.claims),
        "sources index": index("source"), "source": record("source", resolved.sources),
        "weapons index": index("weapon"), "actors index": index("actor"), "places index": index("place"),
        "events index": index("event"),
        "weapon": record("weapon", resolved.weapons), "actor": record("actor", resolved.actors),
        "place": record("place", resolved.places), "event": record("event", resolved.events),
        "timeline": "timeline/", "discrepancies": "discrepancies/", "verification debt": "verification-debt/",
        "definitions": "definitions/", "changes": "changes/", "data": "data/",
        "authored page": f"{pages.AUTHORED_DIR}/{authored}/",
    }


@pytest.fixture(scope="module")
def site_url(resolved):
    base = urlsplit(resolved.report.site_url).path.rstrip("/") + "/"
    with served(real_site(), base) as url:
        yield url


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("width,scheme", VIEWS.values(), ids=VIEWS.keys())
def test_no_serious_accessibility_violation_on_any_kind_of_page(browser, axe, site_url, resolved, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block",
                                  color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(15_000)
    failing, reported = [], []
    try:
        for kind, url in kinds(resolved).items():
            response = page.goto(site_url + url)
            assert response and response.ok, f"{kind}: {url} did not load"
            page.wait_for_load_state("networkidle")
            shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert shown == ("slate" if scheme == "dark" else "default"), f"{kind}: palette {shown}"
            for v in axe.run(page).response["violations"]:
                line = f"{kind} ({url or '/'}) at {width}px, {scheme}: {v['id']} ({v['impact']}), {len(v['nodes'])} elements: " \
                       f"{[n['target'] for n in v['nodes'][:3]]}"
                (failing if v["impact"] in FAILING else reported).append(line)
    finally:
        context.close()
        gc.collect()
    print("\n".join(["moderate or minor:", *reported] if reported else ["no moderate or minor findings"]))
    assert not failing, "\n".join(failing)


def test_no_table_is_wider_than_the_page_on_a_desktop(browser, site_url, resolved):
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900}, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(15_000)
    wide, tables = [], 0
    try:
        for kind, url in kinds(resolved).items():
            page.goto(site_url + url)
            page.wait_for_load_state("networkidle")
            sizes = page.evaluate("Array.from(document.querySelectorAll('.md-typeset__scrollwrap'))"
                                  ".map(w => [w.scrollWidth, w.clientWidth])")
            tables += len(sizes)
            wide += [f"{kind} ({url or '/'}): table {i + 1} is {s}px wide in {c}px"
                     for i, (s, c) in enumerate(sizes) if s > c]
    finally:
        context.close()
        gc.collect()
    assert tables >= 5  # the indexes have tables: the check measured something
    assert not wide, "\n".join(wide)
