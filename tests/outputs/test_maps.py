"""The map (outputs/maps.py): links, titles, precision, escaping, bytes, projection and extent."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from generator.outputs import maps
from generator.outputs.maps import Spot, fit, fit_around, map_svg

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
    svg = map_svg(spots, fit_around(spots))
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
