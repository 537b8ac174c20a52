"""Entity pages' charts (pages/entity_charts.py, outputs/smallcharts.py): each weapon, actor and place
page's slice of the timeline, a weapon's claims per month and the figures its sources give; links,
escaping, bytes, the text alternative, and the same charts in the PDF."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import markdown
import pytest
from pypdf import PdfReader

from conftest import write_content
from site_helpers import resolved_of, rich_files, with_statement

from generator.dates import DateValue
from generator.engines.scan import scan_page
from generator.engines.typst import render
from generator.outputs import smallcharts
from generator.outputs.charts import MAX_MARKS, Mark
from generator.outputs.markdown import EXTENSIONS, render_site
from generator.outputs.pdf import document
from generator.outputs.smallcharts import Counted, Figure
from generator.pages.lookups import Lookups

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Rocket <script>alert(1)</script> & "quotes" hit <b>x</b>'


def files_with_more() -> dict[str, str]:
    """The rich report, plus a claim about an actor with a range and a lower bound, and a place
    named only by an undated claim."""
    files = rich_files()
    files["claims/launchers.yaml"] = """
        statement: "Budanov's service counts 10 to 12 launchers and at least 3 hit."
        claimant: "paper"
        made: "2025-08-02"
        weapons: ["type-75"]
        actors: ["budanov"]
        quantities:
          - {value: 10, upper: 12, unit: "launchers"}
          - {value: 3, unit: "launchers", qualifier: "at-least", of: "launchers hit"}
        status: "disputed"
        credibility: 4
        assessment: "One outlet."
        citations:
          - source: "src-b"
            quote: "Some Western officials say a Type-75 launcher was hit near Kupyansk in June."
    """
    files["places/nowhere.yaml"] = """
        name: "Nowhere"
        kind: "settlement"
    """
    files["claims/undated.yaml"] = files["claims/undated.yaml"].replace(
        'claimant: "budanov"', 'claimant: "budanov"\n        places: ["nowhere"]')
    return files


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    return resolved_of(write_content(tmp_path_factory.mktemp("rich"), files_with_more()))


@pytest.fixture(scope="module")
def site(rich):
    return render_site(rich)


def svgs(md: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>", md)]


def hrefs(svg: ET.Element) -> list[str]:
    return [a.get("href") for a in svg.iter(f"{SVG}a")]


def kinds(svg: ET.Element) -> list[str]:
    return sorted(c for a in svg.iter(f"{SVG}a") for c in a.get("class").split()
                  if c.startswith("cs-") and c not in ("cs-mark", "cs-figure", "cs-count") and not
                  any(c == f"cs-{s}" for s in ("reported", "corroborated", "confirmed", "disputed", "refuted")))


@pytest.mark.parametrize("kind, entity", [("weapons", "type-75"), ("actors", "budanov"), ("places", "kupiansk")])
def test_each_entity_page_has_its_slice_linking_to_its_own_claims_only(rich, site, kind, entity):
    md = site[f"{kind}/{entity}.md"]
    timeline = md[md.index("## Timeline"):]
    chart = svgs(timeline)[0]
    expected = sorted(f"../../claims/{e.claim_id}/" for e in Lookups.of(rich).timeline[entity])
    assert sorted(hrefs(chart)) == expected and expected
    others = {f"../../claims/{c}/" for c in rich.claims} - set(expected)
    assert others and not others & set(hrefs(chart))
    for a in chart.iter(f"{SVG}a"):  # a title per mark, saying which row and date it is
        assert a.find(f"{SVG}title").text.startswith(("What happened: ", "When it was said: "))
    # its data as a table under a <details>: each claim once, a row with both its dates
    table = timeline[timeline.index("<details"):timeline.index("</details>")]
    assert sorted(set(re.findall(r'href="([^"]+)"', table))) == sorted(set(expected))
    assert len(re.findall(r'href="([^"]+)"', table)) == len(set(expected))
    assert "<th>Claim</th><th>Happened</th><th>Said</th><th>Status</th>" in table
    assert "<figcaption>" in timeline


def test_the_slices_table_gives_each_claims_dates_at_their_precision_and_its_status(site):
    md = site["places/kupiansk.md"]
    table = md[md.index("## Timeline"):][md[md.index("## Timeline"):].index("<details"):]
    table = table[:table.index("</details>")]
    strike = next(row for row in table.split("<tr>") if "claims/strike/" in row)
    assert re.findall(r"<td>([^<]*)</td>", strike) == ["June 2025", "13 July 2025", "Refuted"]
    stockpiles = next(row for row in table.split("<tr>") if "claims/stockpiles/" in row)
    assert re.findall(r"<td>([^<]*)</td>", stockpiles) == ["", "11 July 2025", "Reported"]


def test_the_slices_table_escapes_and_cuts_the_statement(tmp_path):
    long = HOSTILE + " and then " + "a great many more words " * 8
    files = with_statement(rich_files(), long)  # the stockpiles claim's
    md = render_site(resolved_of(write_content(tmp_path, files)))["places/kupiansk.md"]
    table = md[md.index("<details", md.index("## Timeline")):md.index("</details>", md.index("## Timeline"))]
    assert "<script>" not in table and "<b>" not in table and "&lt;script&gt;" in table
    cell = re.search(r'<a href="\.\./\.\./claims/stockpiles/">([^<]*)</a>', table).group(1)
    assert cell.endswith("…") and len(cell) < len(long)


def test_a_day_is_a_point_and_a_month_a_bar_on_the_slice(site):
    md = site["places/kupiansk.md"]
    chart = svgs(md[md.index("## Timeline"):])[0]  # the place's map comes before it
    by_href = {a.get("href"): a.get("class").split() for a in chart.iter(f"{SVG}a")}
    assert "cs-point" in by_href["../../claims/stockpiles/"]  # said on 11 July 2025
    strike = [a.get("class").split() for a in chart.iter(f"{SVG}a") if a.get("href") == "../../claims/strike/"]
    assert sorted("cs-bar" in c for c in strike) == [False, True]  # happened in June 2025, said on 13 July


def test_no_chart_where_the_entity_has_no_dated_claim(site):
    assert "<svg" not in site["places/nowhere.md"]  # named by an undated claim only
    assert "Undated claims about Nowhere" in site["places/nowhere.md"]
    assert "<svg" not in site["actors/outlet.md"]  # no claim about it at all
    assert "<figure" not in site["actors/outlet.md"] and "<details" not in site["actors/outlet.md"]


def test_a_weapon_page_has_claims_per_month_and_the_figures_each_source_gives(site):
    md = site["weapons/type-75.md"]
    _slice, per_month, figures = svgs(md)
    assert md.index("## Claims per month") < md.index("## Figures the sources give")
    # a block per claim said in a known month, linked to it
    assert sorted(hrefs(per_month)) == ["../../claims/forty-percent/", "../../claims/launchers/",
                                        "../../claims/stockpiles/", "../../claims/strike/"]
    # each source's figure for the 40 percent (up to, about), the range, the lower bound
    assert sorted(hrefs(figures)) == ["../../claims/forty-percent/"] * 2 + ["../../claims/launchers/"] * 2
    assert kinds(figures) == ["cs-about", "cs-at-least", "cs-range", "cs-up-to"]
    titles = sorted(a.find(f"{SVG}title").text for a in figures.iter(f"{SVG}a"))
    assert titles[0].startswith("An article: up to 40% of Russia's ammunition · 11 July 2025")
    assert any(t.startswith("Another article: about 40% · 12 July 2025") for t in titles)
    assert any("10 to 12 launchers" in t for t in titles)
    texts = [t.text for t in figures.iter(f"{SVG}text")]
    assert "percent" in texts and "launchers" in texts  # a panel per unit
    table = md[md.index("## Figures the sources give"):]
    assert table.count("<tr><td>") == 4 and "at least 3 launchers of launchers hit" in table


def test_actor_and_place_pages_have_no_weapon_charts(site):
    for page in ("actors/budanov.md", "places/kupiansk.md"):
        md = site[page]
        assert len(svgs(md[md.index("## Timeline"):])) == 1 and "## Claims per month" not in md  # the slice only
    assert len(svgs(site["places/kupiansk.md"])) == 2  # and a place's map


def test_charts_are_current_colour_on_no_background_and_parse_as_raw_html(site):
    md = site["weapons/type-75.md"]
    for svg in svgs(md):
        assert svg.get("fill") == "currentColor"
        assert not [r for r in svg.iter(f"{SVG}rect") if r.get("fill") in ("#fff", "#ffffff", "white")]
    html = markdown.markdown(md, extensions=list(EXTENSIONS))
    assert html.count("<svg") == 3 and "<p><svg" not in html and "<p><figure" not in html
    assert html.count("<details") == 3
    assert scan_page(html, "weapons/type-75/index.html", theme=()) == []


def test_same_report_gives_the_same_bytes(rich, tmp_path):
    again = resolved_of(write_content(tmp_path, files_with_more()))
    smallcharts._esc.cache_clear()
    assert render_site(again)["weapons/type-75.md"] == render_site(rich)["weapons/type-75.md"]


def test_hostile_text_stays_text_in_the_titles_and_the_table(tmp_path):
    r = resolved_of(write_content(tmp_path, with_statement(files_with_more(), HOSTILE)))
    md = render_site(r)["weapons/type-75.md"]
    found = [a.find(f"{SVG}title").text for svg in svgs(md) for a in svg.iter(f"{SVG}a")]
    assert sum(HOSTILE in t for t in found) == 2  # the slice and the claims per month
    assert "<script>" not in md and "<b>" not in md
    html = markdown.markdown(md, extensions=list(EXTENSIONS))
    assert scan_page(html, "weapons/type-75/index.html", theme=()) == []


# -- the writer alone: order, aggregation ---------------------------------------------------------


def mark(date: str, claim: str, axis: str = "happened", status: str = "reported") -> Mark:
    return Mark(axis, DateValue.parse(date), status, f"../../claims/{claim}/", f"Claim {claim}")


def test_marks_in_any_order_give_the_same_bytes():
    marks = [mark("2025-06-11", "a"), mark("2025-06", "b", status="confirmed"), mark("2025-07-02~", "c", "said")]
    counted = [Counted(DateValue.parse(d), s, f"../c/{i}/", "S") for i, (d, s) in
               enumerate([("2025-06-11", "reported"), ("2025-06", "confirmed"), ("2025-08-01", "refuted")])]
    assert smallcharts.slice_svg(marks) == smallcharts.slice_svg(marks[::-1])
    assert smallcharts.counts_svg(counted) == smallcharts.counts_svg(counted[::-1])


def test_a_large_slice_is_a_bar_per_month_and_status_linking_to_the_timeline_page():
    many = [mark(f"2025-{m:02d}-{d:02d}", f"c{m}-{d}", status=("reported", "confirmed")[d % 2])
            for m in range(1, 13) for d in range(1, 29)] * 2
    assert len(many) > MAX_MARKS
    svg, rows = smallcharts.timeline_slice(many, month_href=lambda axis, y, m: f"../../timeline/#{axis}-{y}-{m:02d}")
    links = hrefs(ET.fromstring(svg))
    assert len(links) == 24 and "../../timeline/#happened-2025-03" in links
    assert sum(int(r.what.split()[0]) for r in rows) == len(many)


def test_a_crowded_month_stacks_a_block_per_status_with_its_count():
    crowded = [Counted(DateValue.parse("2025-03-02"), ("reported", "confirmed")[i % 2], f"../c/{i}/", "S")
               for i in range(smallcharts._MAX_STACK + 2)]
    svg = ET.fromstring(smallcharts.counts_svg(crowded))
    titles = sorted(a.find(f"{SVG}title").text for a in svg.iter(f"{SVG}a"))
    n = (smallcharts._MAX_STACK + 2) // 2
    assert titles == [f"March 2025 · Confirmed · {n} claims", f"March 2025 · Reported · {n} claims"]


def test_many_figures_are_drawn_as_each_months_range():
    figs = [Figure(DateValue.parse(f"2025-{1 + i % 12:02d}-01"), float(i % 50), None, "percent", "about",
                   f"{i % 50}%", "A source", "reported", f"../c/{i}/", "S") for i in range(MAX_MARKS + 1)]
    svg = ET.fromstring(smallcharts.figures_svg(figs))
    marks = list(svg.iter(f"{SVG}a"))
    assert len(marks) == 12 and all("cs-range" in a.get("class") for a in marks)
    assert len(smallcharts.figures_table(figs).rows) == len(figs)  # the table keeps every figure


# -- the PDF ----------------------------------------------------------------------------------------


def test_the_pdf_weapon_section_carries_its_charts_as_vectors(rich):
    doc = document(rich)
    weapon = next(w for w in doc["weapons"] if w["anchor"] == "weapon-type-75")
    assert [c["svg"][:4] for c in weapon["charts"]] == ["<svg"] * 3
    assert "https://example.org/r/claims/launchers/" in weapon["charts"][2]["svg"]
    reader = PdfReader(io.BytesIO(render(doc)))
    pages = [p.extract_text() for p in reader.pages]
    section = next(t for t in pages if "Type 75" in t and "per month" in t)
    assert "launchers" in section and "percent" in section  # the figures' panels, drawn as text
    assert "When it was said" in section
    # each mark a link to its claim in the PDF, over where it is drawn
    from pdf_links import chart_links

    about = set(rich.claims_about["type-75"])
    linked = []
    for chart in weapon["charts"]:
        page, found = chart_links(reader, chart)
        assert "Type 75" in pages[page]
        linked.append({label.removeprefix("claim-") for label, _ in found})
        for label, (to, _) in found:
            statement = rich.claims[label.removeprefix("claim-")].claim.statement
            assert " ".join(statement.split()[:4]) in " ".join(pages[to].split()), label
    assert linked[0] == linked[1] == about and linked[2] == {"forty-percent", "launchers"}  # those with figures


def test_each_marks_box_for_the_pdf_is_where_the_small_chart_draws_it(rich):
    doc = document(rich)
    weapon = next(w for w in doc["weapons"] if w["anchor"] == "weapon-type-75")
    for chart in weapon["charts"]:
        root = ET.fromstring(chart["svg"])
        assert root.get("viewBox") == f"0 0 {chart['width']} {chart['height']}"
        marks = [a for a in root.iter(f"{SVG}a") if a.get("href")]
        assert len(marks) == len(chart["links"])
        for a, (x, y, w, h, label) in zip(sorted(marks, key=_box), sorted(chart["links"])):
            x0, y0, x1, y1 = _box(a)
            assert x <= x0 and x1 <= x + w and y <= y0 and y1 <= y + h, (label, _box(a), (x, y, w, h))
            assert a.get("href").endswith(f"/claims/{label.removeprefix('claim-')}/")


def _box(a: ET.Element) -> tuple[float, float, float, float]:
    """Where a small chart's mark is drawn: its circle, rectangle or triangle."""
    body = a[1]
    if body.tag == f"{SVG}circle":
        x, y, r = (float(body.get(k)) for k in ("cx", "cy", "r"))
        return x - r, y - r, x + r, y + r
    if body.tag == f"{SVG}rect":
        x, y, w, h = (float(body.get(k)) for k in ("x", "y", "width", "height"))
        return x, y, x + w, y + h
    m = re.fullmatch(r"M(-?\d+) (-?\d+)h8l-4 (-?\d+)z", body.get("d"))  # a triangle
    x, y, dy = (float(v) for v in m.groups())
    return x, min(y, y + dy), x + 8, max(y, y + dy)


def test_a_long_statement_is_cut_at_a_word_in_the_titles_and_whole_in_the_list(tmp_path):
    long = "Budanov said " + " ".join(f"word{i}" for i in range(40)) + " & more."
    r = resolved_of(write_content(tmp_path, with_statement(files_with_more(), long)))
    md = render_site(r)["weapons/type-75.md"]
    titles = [a.find(f"{SVG}title").text for svg in svgs(md) for a in svg.iter(f"{SVG}a")]
    cut = [t for t in titles if "Budanov said word0" in t]
    assert cut and all(t.endswith("…") and long not in t for t in cut)
    assert all(len(t.split(" · ")[-1]) <= smallcharts.BRIEF for t in cut)
    assert all(re.search(r"word\d+…$", t) for t in cut)  # at a word, not inside one
    assert long.replace("&", "&amp;") in md.split("## Timeline")[1]  # whole in the list
