"""The map (outputs/maps.py): links, titles, precision, escaping, bytes, projection and extent."""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from generator.outputs import maps
from generator.outputs.maps import Spot, fit, fit_around, map_svg, neighbours

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Town <script>alert(1)</script> & "quotes" <b>x</b>'

SPOTS = [Spot("Kupiansk", 49.7106, 37.6156, "settlement", "gazetteer", "../kupiansk/"),
         Spot("Kharkiv", 49.9935, 36.2304, "settlement", "gazetteer", "../kharkiv/"),
         Spot("Ukraine", 49.0, 31.4, "country", "approximate", "../ukraine/"),
         Spot("Crater", 50.0, 36.3, "exact", "geolocated", "../crater/"),
         Spot(HOSTILE, 48.5, 35.0, "district", "approximate", "../hostile/"),
         Spot("Korean Peninsula", 38.0, 127.5, "region", "approximate", "../korea/")]


def links(svg: bytes) -> dict[str, ET.Element]:
    return {a.get("href"): a for a in ET.fromstring(svg).iter(f"{SVG}a")}


def test_one_link_per_place_with_its_title():
    found = links(map_svg(SPOTS))
    assert sorted(found) == sorted(s.href for s in SPOTS)
    title = found["../kupiansk/"].find(f"{SVG}title").text
    assert title.startswith("Kupiansk · Settlement · Gazetteer · 49.7106° N, 37.6156° E"), title


def test_a_hostile_name_is_text_not_markup():
    svg = map_svg(SPOTS)
    assert b"<script>" not in svg and b"<b>" not in svg
    root = ET.fromstring(svg)
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}b"))
    assert links(svg)["../hostile/"].find(f"{SVG}title").text.startswith(HOSTILE)


def test_the_marker_shows_the_precision():
    found = links(map_svg(SPOTS))
    circle = {href: a.find(f"{SVG}circle") for href, a in found.items()}
    radius = {href: float(c.get("r")) for href, c in circle.items()}
    assert radius["../crater/"] < radius["../kupiansk/"] < radius["../hostile/"] < radius["../korea/"] < radius["../ukraine/"]
    assert circle["../ukraine/"].get("stroke-dasharray") and not circle["../kupiansk/"].get("stroke-dasharray")
    assert "cs-precision-exact" in found["../crater/"].get("class")


def test_same_places_same_bytes_in_any_order():
    assert map_svg(SPOTS) == map_svg(list(reversed(SPOTS)))
    maps._svg.cache_clear()
    assert map_svg(SPOTS) == map_svg(SPOTS[::-1])


def test_text_is_current_colour_on_a_transparent_background():
    root = ET.fromstring(map_svg(SPOTS))
    assert all(t.get("fill") == "currentColor" for t in root.iter(f"{SVG}text"))
    rect = root.find(f"{SVG}rect")
    assert rect.get("fill") == "none"  # no background painted: the page's palette shows through
    land = root.find(f"{SVG}path")
    assert land.get("fill") == "currentColor" and float(land.get("fill-opacity")) < 0.3


def test_the_view_holds_every_place_with_a_margin_and_projects_north_up():
    view = fit(SPOTS)
    assert view.south < 38.0 and view.north > 50.0 and view.west < 31.4 and view.east > 127.5
    for s in SPOTS:
        x, y = view.project(s.lat, s.lon)
        assert 0 < x < view.width and 0 < y < view.height
    (x_west, _), (x_east, _) = view.project(49, 31.4), view.project(49, 37.6)
    (_, y_north), (_, y_south) = view.project(50, 36), view.project(48, 36)
    assert x_west < x_east and y_north < y_south
    assert maps.MIN_ASPECT <= view.height / view.width <= maps.MAX_ASPECT + 0.01


def test_a_lone_place_still_gets_its_surroundings_and_land():
    view = fit([SPOTS[0]])
    assert view.north - view.south >= maps.MIN_SPAN
    root = ET.fromstring(map_svg([SPOTS[0]]))
    assert len(root.find(f"{SVG}path").get("d")) > 100  # Ukraine's border with Russia runs through it


def test_a_place_page_map_centres_its_place_and_highlights_it():
    spots = [Spot(s.name, s.lat, s.lon, s.precision, s.method, s.href, here=s.href == "../kupiansk/") for s in SPOTS]
    near = neighbours(spots)
    svg = map_svg(near, fit_around(near))
    found = links(svg)
    assert "cs-here" in found["../kupiansk/"].get("class")
    assert "../korea/" not in found  # beyond the neighbours' reach and out of view
    assert {"../kharkiv/", "../crater/"} <= set(found)
    root = ET.fromstring(svg)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    circle = found["../kupiansk/"].find(f"{SVG}circle")
    assert abs(float(circle.get("cx")) - width / 2) < 2 and abs(float(circle.get("cy")) - height / 2) < 2


def test_labels_do_not_overlap():
    svg = map_svg(SPOTS)
    boxes = []
    for a in ET.fromstring(svg).iter(f"{SVG}a"):
        text = a.find(f"{SVG}text")
        if text is not None:
            x, y, w = float(text.get("x")), float(text.get("y")), maps._text_width(text.text)
            x0 = {"start": x, "end": x - w, "middle": x - w / 2}[text.get("text-anchor")]
            boxes.append((x0, y - maps.FONT * 0.65, x0 + w, y + 2))
    assert len(boxes) >= 3
    assert not any(maps._overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


@pytest.mark.parametrize("lat, lon", [(0.0, 179.9), (-89.0, -179.0), (89.0, 0.0)])
def test_places_at_the_edges_of_the_world_still_draw(lat, lon):
    svg = map_svg([Spot("Edge", lat, lon, "exact", "gazetteer", "e/")])
    assert list(links(svg)) == ["e/"]


# -- on the pages and in the PDF --------------------------------------------------------------


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    from conftest import write_content
    from site_helpers import resolved_of, rich_files

    return resolved_of(write_content(tmp_path_factory.mktemp("rich"), rich_files()))


def _html(md: str) -> str:
    import markdown

    from generator.outputs.markdown import EXTENSIONS

    return markdown.markdown(md, extensions=list(EXTENSIONS))


def _figure(html: str) -> tuple[ET.Element, str]:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    assert '<figure class="cs-place-map"' in html[:start] and "<figcaption>" in html[end:]
    return ET.fromstring(html[start:end]), html[html.index("<details"):html.index("</details>")]


def test_the_places_index_carries_the_map_its_table_and_the_places_without_coordinates(rich):
    from generator.engines.scan import scan_page
    from generator.outputs.markdown import render_site

    html = _html(render_site(rich)["places/index.md"])
    svg, table = _figure(html)
    assert sorted(a.get("href") for a in svg.iter(f"{SVG}a")) == ["crater/", "kupiansk/"]
    assert 'href="crater/"' in table and 'href="kupiansk/"' in table and "<table>" in table
    assert "Geolocated: The video&#39;s rail yard." in table or "Geolocated: The video's rail yard." in table
    assert "<b>rail</b>" not in html  # the hostile name is text in the map, its table and the index
    assert "Without coordinates, not on the map:" in html and "Front line</a>" in html
    assert "<p><svg" not in html  # a raw HTML block, not a paragraph Markdown read
    assert scan_page(html, "places/index.html", theme=()) == []


def test_a_place_page_highlights_its_place_and_a_place_without_coordinates_has_no_map(rich):
    from generator.outputs.markdown import render_site

    pages = render_site(rich)
    html = _html(pages["places/kupiansk.md"])
    svg, table = _figure(html)
    here = [a for a in svg.iter(f"{SVG}a") if "cs-here" in a.get("class")]
    assert [a.get("href") for a in here] == ["./"]
    assert {a.get("href") for a in svg.iter(f"{SVG}a")} == {"./", "../crater/"}
    assert table.index("Kupiansk") < table.index("Crater")  # the page's own place first
    assert "Approximate" in html and "coordinate-precision-settlement" in pages["places/kupiansk.md"]
    assert "<svg" not in pages["places/front.md"]


def test_the_pdf_carries_the_same_map_as_a_vector_figure(rich):
    import io

    from pypdf import PdfReader

    from generator.engines.typst import render
    from generator.outputs.pdf import document

    doc = document(rich)
    svg = ET.fromstring(doc["places"]["map"]["svg"])
    assert sorted(a.get("href") for a in svg.iter(f"{SVG}a")) == [
        f"{rich.report.site_url.rstrip('/')}/places/{p}/" for p in ("crater", "kupiansk")]
    assert doc["places"]["unplaced"] == "Front line"
    reader = PdfReader(io.BytesIO(render(doc)))
    page = next(p for p in reader.pages if "Base map: Natural Earth" in p.extract_text())
    text = page.extract_text()
    assert "Kupiansk" in text and "49.7106° N, 37.6156° E" in text and "Without coordinates" in text
    # Vector: the map's own text ("Base map: ...", the names) is text on the page, and no raster image is.
    assert "Crater by the <b>rail</b> yard" in text and list(page.images) == []


def test_the_highlighted_place_is_named_even_among_crowded_markers():
    crowd = [Spot("Here", 50.0, 36.0, "settlement", "gazetteer", "here/", here=True),
             *(Spot(f"N{i}", 50.0 + d[0], 36.0 + d[1], "district", "approximate", f"n{i}/")
               for i, d in enumerate([(0, 0.03), (0, -0.03), (0.02, 0), (-0.02, 0)]))]
    here = links(map_svg(crowd, fit_around(crowd)))["here/"]
    assert here.find(f"{SVG}text").text == "Here"


def test_a_report_without_coordinates_has_no_map_and_says_which_places_it_lacks(make_content):
    from site_helpers import resolved_of

    from generator.outputs.markdown import render_site
    from generator.outputs.pdf import document

    r = resolved_of(make_content())  # the minimal report: Kupiansk without coordinates
    assert document(r)["places"] == {"map": None, "rows": [], "unplaced": "Kupiansk"}
    assert "<svg" not in render_site(r)["places/index.md"]


def test_each_points_box_for_the_pdf_is_its_marker():
    view = fit(SPOTS)
    boxes = {h.href: h for h in maps.hits(SPOTS, view)}
    assert sorted(boxes) == sorted(s.href for s in maps.in_view(SPOTS, view))
    for href, a in links(map_svg(SPOTS, view)).items():
        c = a.find(f"{SVG}circle")
        x, y, r = float(c.get("cx")), float(c.get("cy")), float(c.get("r"))
        h = boxes[href]
        assert h.x <= x - r and x + r <= h.x + h.width and h.y <= y - r and y + r <= h.y + h.height, href
        assert h.width <= 2 * r + 5  # its own marker, not more than a little around it


def test_in_the_pdf_each_point_of_the_map_links_to_its_places_row(rich):
    import io

    from pypdf import PdfReader

    from generator.engines.typst import render
    from generator.outputs.pdf import document
    from pdf_links import chart_links

    doc = document(rich)
    chart = doc["places"]["map"]
    assert sorted(label for *_, label in chart["links"]) == ["place-crater", "place-kupiansk"]
    reader = PdfReader(io.BytesIO(render(doc)))
    page, found = chart_links(reader, chart)
    assert "Base map: Natural Earth" in reader.pages[page].extract_text()
    to = dict(found)
    assert {page for page, _ in to.values()} == {page}  # the rows are under the map, on its page
    assert page > 0 and to["place-crater"][1] < to["place-kupiansk"][1]  # each its own row, by name


# -- across the antimeridian --------------------------------------------------------------------

# Synthetic places on either side of 180°: Chukotka's east runs past it.
CHUKOTKA = [Spot("West of it", 64.7, 177.5, "settlement", "gazetteer", "../west/"),
            Spot("East of it", 64.4, -173.2, "settlement", "gazetteer", "../east/"),
            Spot("Further east", 66.2, -169.8, "exact", "gazetteer", "../further/")]


def test_the_shortest_span_of_longitude_goes_round_the_shorter_way():
    assert maps.span([177.5, -173.2, -169.8]) == (177.5, 190.2)
    assert maps.span([30.0, 40.0, 35.0]) == (30.0, 40.0)  # the usual frame where it is the shorter
    assert maps.span([-170.0, 170.0, 0.0]) == (0.0, 190.0)  # of two widest gaps, the first from the west is left out
    assert maps.span([-60.0, 60.0, 0.0]) == (-60.0, 60.0)
    assert maps.span([179.0]) == (179.0, 179.0)
    assert maps.span([190.0, -175.0]) == (-175.0, -170.0)  # any turn of a longitude is the same one


def test_places_across_the_antimeridian_are_framed_across_it_not_clamped():
    view = fit(CHUKOTKA)
    assert view.west < 177.5 and view.east > 190.2 and view.east - view.west < 40  # not the whole world
    found = links(map_svg(CHUKOTKA, view))
    assert sorted(found) == ["../east/", "../further/", "../west/"]
    x = {href: float(a.find(f"{SVG}circle").get("cx")) for href, a in found.items()}
    assert 0 < x["../west/"] < x["../east/"] < x["../further/"] < view.width  # west to east, across 180°
    assert [h.href for h in maps.hits(CHUKOTKA, view)] and len(maps.hits(CHUKOTKA, view)) == 3


def test_the_base_map_is_drawn_on_both_sides_of_the_antimeridian():
    view = fit(CHUKOTKA)
    root = ET.fromstring(map_svg(CHUKOTKA, view))
    land = next(p for p in root.iter(f"{SVG}path") if p.get("fill-opacity") == "0.1").get("d")
    xs = [int(x) for x in re.findall(r"[ML](-?\d+) -?\d+", land)]
    meridian, _ = view.project(65.0, 180.0)
    assert any(x < meridian - 50 for x in xs) and any(x > meridian + 50 for x in xs)  # Russia's land either side
    assert all(-50 <= x <= view.width + 50 for x in xs)  # and none of it a world away
    # Russia's ring crosses 180° (Chukotka's east is at -180 to -169): read as one line, not with an
    # edge right round the world, which clipping laid across the view as a straight coast.
    for ring in land.strip("MZ").split("ZM"):
        points = [tuple(map(int, p.split())) for p in ring.split("L")]
        for p, q in zip(points, points[1:]):  # the clip's own edges run outside the view
            middle = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
            inside = 0 < middle[0] < view.width and 0 < middle[1] < view.height
            assert not (inside and math.dist(p, q) > view.width / 4), f"a straight coast from {p} to {q}"


def test_a_place_by_the_antimeridian_is_centred_with_its_neighbours_across_it():
    here = replace(CHUKOTKA[0], here=True)
    near = neighbours([here, *CHUKOTKA[1:]])
    assert [s.href for s in near] == ["../west/", "../east/", "../further/"]
    view = fit_around(near)
    assert view.west < 177.5 < view.east and view.east > 190.2 and view.east - view.west < 60
    x, _ = view.project(here.lat, here.lon)
    assert abs(x - view.width / 2) < 1  # centred on it
    assert sorted(links(map_svg(near, view))) == ["../east/", "../further/", "../west/"]
