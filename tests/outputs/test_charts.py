"""The timeline chart (outputs/charts.py): marks, links, precision, escaping, bytes; on the page and in the PDF."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import markdown
import pytest
from pypdf import PdfReader

from conftest import write_content
from site_helpers import resolved_of, rich_files

from generator.dates import DateValue
from generator.engines.scan import scan_page
from generator.engines.typst import render
from generator.outputs import charts
from generator.outputs.charts import Mark, table, timeline_svg
from generator.outputs.markdown import EXTENSIONS, render_site
from generator.outputs.pdf import document

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Rocket <script>alert(1)</script> & "quotes" hit <b>x</b>'


def mark(date: str, axis: str = "happened", status: str = "reported", claim: str = "a", statement: str = "S"):
    return Mark(axis, DateValue.parse(date), status, f"../claims/{claim}/", statement)


MARKS = [mark("2025-06-11", claim="day"), mark("2025-06", claim="month", status="confirmed"),
         mark("2025-05/2025-08", axis="said", claim="interval", status="disputed"),
         mark("2025-07-02~", axis="said", claim="approx"), mark("2025-07-03?", claim="uncertain"),
         mark("2025-03/..", claim="open", status="retracted"), mark("2025-07-04", claim="hostile", statement=HOSTILE)]


def links(svg: bytes) -> dict[str, ET.Element]:
    return {a.get("href"): a for a in ET.fromstring(svg).iter(f"{SVG}a")}


def shape(link: ET.Element) -> str:
    """What a mark is drawn as, by its class: cs-point or cs-bar, with cs-uncertain where marked."""
    return " ".join(c for c in link.get("class").split() if c in ("cs-point", "cs-bar", "cs-uncertain"))


def drawn(link: ET.Element) -> bytes:
    return ET.tostring(link.find(f"{SVG}g"))


def test_the_svg_parses_and_has_a_linked_titled_mark_per_claim():
    svg = timeline_svg(MARKS)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    found = links(svg)
    assert sorted(found) == sorted(m.href for m in MARKS)
    for a in found.values():
        assert a.find(f"{SVG}title").text and a.find(f"{SVG}g") is not None
    assert "Confirmed" in found["../claims/month/"].find(f"{SVG}title").text
    assert b"<script" not in svg.lower() and b"<style" not in svg and b"<metadata" not in svg


def test_same_marks_give_the_same_bytes_in_any_order():
    first = timeline_svg(MARKS)
    charts._svg.cache_clear()
    assert timeline_svg(list(reversed(MARKS))) == first


def test_a_day_is_a_point_an_interval_or_month_a_bar_and_uncertain_dates_differ():
    found = links(timeline_svg(MARKS + [mark("2025-04~", claim="approx-month")]))
    assert shape(found["../claims/day/"]) == "cs-point"
    assert shape(found["../claims/month/"]) == "cs-bar"
    assert shape(found["../claims/interval/"]) == "cs-bar"
    assert shape(found["../claims/uncertain/"]) == shape(found["../claims/approx/"]) == "cs-point cs-uncertain"
    assert shape(found["../claims/approx-month/"]) == "cs-bar cs-uncertain"
    # and drawn differently: a hollow point, a dashed bar
    assert b"fill-opacity: 0;" in drawn(found["../claims/uncertain/"])
    assert b"fill-opacity: 0;" not in drawn(found["../claims/day/"])
    assert b"stroke-dasharray" in drawn(found["../claims/approx-month/"])
    assert b"stroke-dasharray" not in drawn(found["../claims/month/"])
    # a bar is wider than a point: the month's rectangle spans about 30 days of the axis
    width = lambda link: _path_width(drawn(link))
    assert width(found["../claims/month/"]) > 5 * width(found["../claims/day/"])


def _path_width(svg: bytes) -> float:
    el = ET.fromstring(svg)
    xs = [float(v) for p in el.iter(f"{SVG}path") for v in (p.get("d") or "").replace("M", " ").replace(
        "L", " ").replace("z", " ").replace("C", " ").split()[0::2]]
    return max(xs) - min(xs)


def test_status_colours_marks_and_text_is_current_colour():
    svg = timeline_svg(MARKS)
    found = links(svg)
    assert charts.STATUS_COLOUR["disputed"].encode() in ET.tostring(found["../claims/interval/"])
    assert charts.STATUS_COLOUR["retracted"].encode() in ET.tostring(found["../claims/open/"])
    texts = [t for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert texts and all("fill: currentColor" in t.get("style") for t in texts)
    assert b"#ffffff" not in svg.lower()  # no opaque background: the page's palette shows through


def test_hostile_text_is_escaped_in_the_tooltip():
    svg = timeline_svg(MARKS)
    title = links(svg)["../claims/hostile/"].find(f"{SVG}title")
    assert HOSTILE in title.text  # the reader sees the text as written
    assert b"<script>" not in svg and b"<b>" not in svg and b"&lt;script&gt;" in svg


def test_many_marks_are_aggregated_per_month_and_status():
    many = [mark(f"2025-{m:02d}-{d:02d}", status=("reported", "confirmed")[d % 2], claim=f"c{m}-{d}")
            for m in range(1, 13) for d in range(1, 29)] * 2
    assert len(many) > charts.MAX_MARKS
    svg = timeline_svg(many, month_href=lambda axis, year, month: f"#{axis}-{year}-{month:02d}")
    marks = list(ET.fromstring(svg).iter(f"{SVG}a"))
    assert len(marks) == 12 * 2  # a bar per month and status, not one per claim
    march = [a.find(f"{SVG}title").text for a in marks if a.get("href") == "#happened-2025-03"]
    assert sorted(march) == ["What happened: March 2025 · Confirmed · 28 claims",
                             "What happened: March 2025 · Reported · 28 claims"]
    rows = table(many, month_href=lambda axis, year, month: f"#{axis}-{year}-{month:02d}")
    assert len(rows) == 24 and sum(int(r.what.split()[0]) for r in rows) == len(many)


# -- on the page and in the PDF --------------------------------------------------------------


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    files = rich_files()
    return resolved_of(write_content(tmp_path_factory.mktemp("rich"), files))


def test_the_timeline_page_carries_the_chart_inline_with_a_table_and_passes_the_scan(rich):
    md = render_site(rich)["timeline.md"]
    html = markdown.markdown(md, extensions=list(EXTENSIONS))
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    svg = ET.fromstring(html[start:end])
    hrefs = {a.get("href") for a in svg.iter(f"{SVG}a")}
    expected = {f"../claims/{e.claim_id}/" for e in rich.timeline}
    assert hrefs == expected and expected
    assert "<figcaption>" in html and "<details" in html and "<table>" in html
    table_part = html[html.index("<details"):html.index("</details>")]
    assert all(f'href="{h}"' in table_part for h in expected)
    assert "<p><svg" not in html  # a raw HTML block, not a paragraph Markdown read
    assert scan_page(html, "timeline/index.html", theme=()) == []


def test_the_timeline_page_of_an_aggregated_chart_renders_with_its_headings_escaped(rich, monkeypatch):
    """Above MAX_MARKS the table counts claims per bar: its heading once went out unescaped (a filter
    binds tighter than if/else), and every report of 1,000 claims or more failed to render."""
    monkeypatch.setattr(charts, "MAX_MARKS", 1)
    charts._svg.cache_clear()  # an earlier test may have drawn these marks, unaggregated
    try:
        md = render_site(rich)["timeline.md"]
    finally:
        charts._svg.cache_clear()
    html = markdown.markdown(md, extensions=list(EXTENSIONS))
    table_part = html[html.index("<details"):html.index("</details>")]
    assert "<th>Claims</th>" in table_part  # the heading of a table whose rows count claims
    counts = re.findall(r'<a href="#(?:said|happened)-\d{4}-\d{2}">(\d+) claims?</a>', table_part)
    assert counts and sum(map(int, counts)) == len(rich.timeline)  # a row per bar, each with its count
    svg = ET.fromstring(html[html.index("<svg"):html.index("</svg>") + len("</svg>")])
    hrefs = {a.get("href") for a in svg.iter(f"{SVG}a")}
    assert hrefs and all(re.fullmatch(r"#(said|happened)-\d{4}-\d{2}", h) for h in hrefs)  # to the months


def test_the_pdf_timeline_carries_the_chart(rich):
    doc = document(rich)
    assert doc["timeline_chart"]["svg"].startswith("<svg")
    reader = PdfReader(io.BytesIO(render(doc)))
    pages = [p.extract_text() for p in reader.pages]
    timeline = next(t for t in pages if "Figure" in t and "time axis" in t)
    assert "When it was said" in timeline and "What happened" in timeline  # the chart's own row labels


def _points(a: ET.Element, root: ET.Element) -> list[tuple[float, float]]:
    """The points a mark is drawn through: matplotlib defines its path (a marker's, a bar's; one
    marker's path serves every mark of its shape) and draws it with a <use> at an offset."""
    paths = {p.get("id"): p.get("d") for p in root.iter(f"{SVG}path")}
    out = []
    for u in a.iter(f"{SVG}use"):
        d = paths[u.get("{http://www.w3.org/1999/xlink}href").removeprefix("#")]
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", d)]
        out += [(x + float(u.get("x")), y + float(u.get("y"))) for x, y in zip(numbers[::2], numbers[1::2])]
    return out


def test_each_marks_box_for_the_pdf_is_where_the_mark_is_drawn():
    drawn = charts.timeline_drawn(MARKS)
    root = ET.fromstring(drawn.svg)
    assert root.get("viewBox").split()[2:] == [f"{drawn.width:g}", f"{drawn.height:g}"]
    marks = [a for a in root.iter(f"{SVG}a") if a.get("href")]
    assert len(drawn.hits) == len(marks) == len(MARKS)
    for a in marks:
        points = _points(a, root)
        assert points, a.get("href")
        assert any(all(h.x - 0.5 <= x <= h.x + h.width + 0.5 and h.y - 0.5 <= y <= h.y + h.height + 0.5
                       for x, y in points) for h in drawn.hits if h.href == a.get("href")), a.get("href")


def test_in_the_pdf_each_mark_of_the_timeline_chart_links_to_its_claim(rich):
    from pdf_links import chart_links

    doc = document(rich)
    chart = doc["timeline_chart"]
    dated = {e.claim_id for e in rich.timeline}
    assert sorted(label for *_, label in chart["links"]) == sorted(f"claim-{e.claim_id}" for e in rich.timeline)
    reader = PdfReader(io.BytesIO(render(doc)))
    page, links = chart_links(reader, chart)
    assert "time axis" in reader.pages[page].extract_text()
    for label, (to, _) in links:  # to the page its claim is on, in this PDF
        statement = rich.claims[label.removeprefix("claim-")].claim.statement
        assert to is not None and " ".join(statement.split()[:4]) in " ".join(reader.pages[to].extract_text().split()), label
    assert {label.removeprefix("claim-") for label, _ in links} == dated
