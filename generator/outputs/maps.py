"""The map as SVG: places in, bytes out (no I/O but reading the base map that ships in generator/data).

An equirectangular projection (longitude scaled by the cosine of the middle latitude) fitted to
the places with a margin, over Natural Earth's countries (generator/data/basemap.json, written by
scripts/basemap.py), clipped to the view and thinned to what the view can show. The places' span
of longitude is the shortest way round the circle, so a view may cross 180° (`View.unwrap`), and
the base map is drawn in it a turn east or west where it falls there. Each place is an
SVG <a href> to its page with a <title> that names it, so the map reads without JavaScript and its
links work from the keyboard. The marker says how closely the coordinates place it: a dot for an
exact spot or a settlement, a ring for a district, a dashed ring for a region or a country, the
larger the coarser. Names are written beside their markers where they do not collide.

Land, borders and text are drawn in currentColor and the background is transparent, so the map
follows the page's light or dark palette; the markers' colours keep a 3:1 contrast on both. The
same places give the same bytes: coordinates are written at one decimal, in a fixed order, and
the SVG has no ids.
"""
from __future__ import annotations

import json
import math
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Iterable, Sequence

from .. import vocab
from ..unicode_rules import visible
from .charts import Hit

WIDTH = 800.0  # the view box's width; its height follows the places' extent, within these bounds
MIN_ASPECT, MAX_ASPECT = 0.45, 0.8
MIN_SPAN = 6.0  # degrees of latitude at least: a lone place still shows its surroundings
MARGIN = 0.12  # of the span, on each side
FONT = 12.0
# Marker by precision: radius in view-box units, and whether it is a filled dot or a (dashed) ring.
MARKER = {"exact": (3.5, "dot"), "settlement": (5.0, "dot"), "district": (8.0, "ring"),
          "region": (15.0, "dashed"), "country": (24.0, "dashed")}
COLOUR, HERE_COLOUR = "#3b82d6", "#d9730d"  # about 3:1 or more on white and on Material's dark slate
_SVG = "http://www.w3.org/2000/svg"
_RANK = {key: i for i, key in enumerate(vocab.COORDINATE_PRECISION.keys())}  # finest first


@dataclass(frozen=True)
class Spot:
    """One place on the map: where, how closely (a term of vocab.COORDINATE_PRECISION), how found
    (vocab.COORDINATE_METHOD), where it links; `here` highlights the place whose page it is."""

    name: str
    lat: float
    lon: float
    precision: str
    method: str
    href: str
    here: bool = False

    @property
    def title(self) -> str:
        return (f"{self.name} · {_label(vocab.COORDINATE_PRECISION, self.precision)} · "
                f"{_label(vocab.COORDINATE_METHOD, self.method)} · {degrees(self.lat, self.lon)}")


@dataclass(frozen=True)
class View:
    """The part of the world drawn: degrees, and the projection onto the view box. `east` may pass
    180 (or `west` -180): a view across the antimeridian, where a longitude is read as the one of its
    turns that falls from `west` eastwards (-170 is 190 in a view from 175 to 195)."""

    south: float
    north: float
    west: float
    east: float
    width: float
    height: float

    @cached_property  # per view, not per point: a map projects every point of its coasts
    def _scale(self) -> tuple[float, float]:
        kx = _kx(self.south, self.north)
        scale = self.width / ((self.east - self.west) * kx)
        return kx * scale, scale

    def unwrap(self, lon: float) -> float:
        """The longitude as this view counts it: within the turn that starts at its west edge."""
        return self.west + (lon - self.west) % 360.0

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        sx, sy = self._scale
        return (self.unwrap(lon) - self.west) * sx, (self.north - lat) * sy


def map_svg(spots: Sequence[Spot], view: View | None = None, *, label: str = "Map of the places") -> bytes:
    """The map's SVG: `spots` in `view` (by default, fitted to all of them); the spots out of view are left out."""
    return _svg(tuple(spots), view or fit(spots), label)


def neighbours(spots: Sequence[Spot], *, count: int = 5, reach_km: float = 1000.0) -> list[Spot]:
    """The spot that is `here` and its nearest `count` others within `reach_km`, nearest first."""
    here = next(s for s in spots if s.here)
    band = reach_km / 111.0  # a degree of latitude is 111 km or more: nothing beyond the band is in reach
    near = sorted((km, s.name, s.href, n) for n, s in enumerate(spots)  # n: as stable as sorted() was
                  if not s.here and abs(s.lat - here.lat) <= band for km in (_km(here, s),) if km <= reach_km)
    return [here, *(spots[n] for *_, n in near[:count])]


def fit_around(spots: Sequence[Spot]) -> View:
    """The view centred on the first spot that holds the others (its neighbours)."""
    here, near = spots[0], spots[1:]
    # Centred on the place: the neighbours mirrored through it widen the view both ways.
    mirrored = [Spot("", 2 * here.lat - s.lat, 2 * here.lon - s.lon, s.precision, s.method, "") for s in near]
    return fit([here, *near, *mirrored])


def hits(spots: Sequence[Spot], view: View) -> list[Hit]:
    """Where each spot the map of `view` draws is, as the box of its marker (for the PDF's links)."""
    out = []
    for s in in_view(spots, view):
        x, y = view.project(s.lat, s.lon)
        r = MARKER.get(s.precision, MARKER["settlement"])[0] + 2  # a little around a dot: easy to hit
        out.append(Hit(s.href, round(x - r, 1), round(y - r, 1), 2 * r, 2 * r))
    return out


def in_view(spots: Sequence[Spot], view: View) -> list[Spot]:
    """The spots the map of `view` draws, in the order it draws them (coarse first)."""
    return sorted((s for s in spots if _inside(view, s)), key=_draw_order)


def fit(spots: Sequence[Spot]) -> View:
    """The view that holds every spot with a margin, at least MIN_SPAN high, within the aspect bounds;
    across the antimeridian where that is the shorter way round (Chukotka at 177° E and 170° W)."""
    lats = [s.lat for s in spots]
    first, last = span(s.lon for s in spots)
    mid_lat, mid_lon = (min(lats) + max(lats)) / 2, (first + last) / 2
    kx = max(math.cos(math.radians(mid_lat)), 0.2)
    half_h = max((max(lats) - min(lats)) * (0.5 + MARGIN), MIN_SPAN / 2)
    half_w = max((last - first) * (0.5 + MARGIN), half_h / kx / MAX_ASPECT)  # in degrees of longitude
    if half_h < half_w * kx * MIN_ASPECT:  # too wide for its height: taller
        half_h = half_w * kx * MIN_ASPECT
    half_w = min(max(half_w, half_h / kx / MAX_ASPECT), 180.0)  # the whole world at most, once
    south, north = max(mid_lat - half_h, -90.0), min(mid_lat + half_h, 90.0)
    west, east = mid_lon - half_w, mid_lon + half_w  # past ±180 where it must: the world goes on round
    kx = _kx(south, north)
    height = WIDTH * (north - south) / ((east - west) * kx)
    return View(south, north, west, east, WIDTH, round(height, 1))


def span(lons: Iterable[float]) -> tuple[float, float]:
    """The shortest arc of longitude that holds every one (west, east; east - west under 360): the
    circle less its widest gap between two neighbouring longitudes. Where that gap is not the one
    across the antimeridian, the arc crosses it, and east passes 180."""
    ring = sorted({(lon + 180.0) % 360.0 - 180.0 for lon in lons})
    if not ring:
        raise ValueError("no longitude")
    # The gap across the antimeridian first: of equal gaps, the usual frame.
    gaps = [(ring[0] + 360.0 - ring[-1], len(ring) - 1)] + [(ring[i + 1] - ring[i], i) for i in range(len(ring) - 1)]
    widest, at = max(gaps, key=lambda g: g[0])  # the first of the widest
    if at == len(ring) - 1:
        return ring[0], ring[-1]
    return ring[at + 1], ring[at] + 360.0


@lru_cache(maxsize=512)  # a build asks for each map more than once (the page, the PDF, their tests)
def _svg(spots: tuple[Spot, ...], view: View, label: str) -> bytes:
    root = ET.Element(f"{{{_SVG}}}svg", {
        "viewBox": f"0 0 {_num(view.width)} {_num(view.height)}", "width": _num(view.width),
        "height": _num(view.height), "class": "cs-map", "aria-label": label,
        "style": "max-width: 100%; height: auto", "font-family": "sans-serif", "font-size": _num(FONT)})
    ET.SubElement(root, f"{{{_SVG}}}rect", {"x": "0.5", "y": "0.5", "width": _num(view.width - 1),
                                            "height": _num(view.height - 1), "fill": "none",
                                            "stroke": "currentColor", "stroke-opacity": "0.4"})
    land = _land(view)
    if land:
        ET.SubElement(root, f"{{{_SVG}}}path", {"d": land, "fill": "currentColor", "fill-opacity": "0.1",
                                                "fill-rule": "evenodd", "stroke": "currentColor",
                                                "stroke-opacity": "0.45", "stroke-width": "0.7",
                                                "stroke-linejoin": "round"})
    shown = in_view(spots, view)
    labels = _labels(view, shown)
    for s in shown:
        _marker(root, view, s, labels.get(s))
    note = ET.SubElement(root, f"{{{_SVG}}}text", {"x": _num(view.width - 6), "y": _num(view.height - 6),
                                                   "text-anchor": "end", "font-size": "10", "fill": "currentColor"})
    note.text = "Base map: Natural Earth"
    ET.register_namespace("", _SVG)  # ElementTree's prefixes are global: name it at each call
    return ET.tostring(root, encoding="utf-8", xml_declaration=False)


def _marker(root: ET.Element, view: View, s: Spot, label: tuple[float, float, str] | None) -> None:
    x, y = view.project(s.lat, s.lon)
    radius, style = MARKER.get(s.precision, MARKER["settlement"])
    colour = HERE_COLOUR if s.here else COLOUR
    kind = f"cs-place cs-precision-{s.precision}" + (" cs-here" if s.here else "")
    link = ET.SubElement(root, f"{{{_SVG}}}a", {"href": s.href, "class": kind})
    ET.SubElement(link, f"{{{_SVG}}}title").text = visible(s.title)  # ElementTree escapes it
    width = "3" if s.here else ("1" if style == "dot" else "2")
    circle = {"cx": _num(x), "cy": _num(y), "r": _num(radius + (1.5 if s.here and style == "dot" else 0)),
              "fill": colour, "stroke": "currentColor" if style == "dot" else colour, "stroke-width": width}
    if style != "dot":  # a ring: the area it stands for, faintly filled
        circle["fill-opacity"] = "0.12"
    if style == "dashed":
        circle["stroke-dasharray"] = "4 3"
    ET.SubElement(link, f"{{{_SVG}}}circle", circle)
    if label:
        lx, ly, anchor = label
        text = ET.SubElement(link, f"{{{_SVG}}}text", {"x": _num(lx), "y": _num(ly), "text-anchor": anchor,
                                                        "fill": "currentColor"})
        if s.here:
            text.set("font-weight", "bold")
        text.text = visible(s.name)


# -- labels -------------------------------------------------------------------------------------


def _labels(view: View, spots: list[Spot]) -> dict[Spot, tuple[float, float, str]]:
    """Where each name goes (x, y of the baseline, anchor): right, left, above or below its marker,
    the first of those that overlaps no name already placed, no other dot and no edge; else no name.
    The highlighted place's name is placed first, over any dot."""
    taken = _Grid()
    for s in spots:
        x, y = view.project(s.lat, s.lon)
        r, style = MARKER.get(s.precision, MARKER["settlement"])
        if style != "dashed":
            taken.add((x - r, y - r, x + r, y + r))
    out = {}
    for s in sorted(spots, key=lambda s: (not s.here, _RANK.get(s.precision, 9), s.name, s.href)):
        x, y = view.project(s.lat, s.lon)
        r, style = MARKER.get(s.precision, MARKER["settlement"])
        own = (x - r, y - r, x + r, y + r) if style != "dashed" else None
        r = 4.0 if style == "dashed" else r  # a wide ring's name sits by its centre
        w = _text_width(s.name)
        for lx, ly, anchor, box in (
                (x + r + 3, y + FONT * 0.35, "start", (x + r + 3, y - FONT * 0.65, x + r + 3 + w, y + FONT * 0.45)),
                (x - r - 3, y + FONT * 0.35, "end", (x - r - 3 - w, y - FONT * 0.65, x - r - 3, y + FONT * 0.45)),
                (x, y - r - 4, "middle", (x - w / 2, y - r - 4 - FONT, x + w / 2, y - r - 2)),
                (x, y + r + FONT, "middle", (x - w / 2, y + r + 1, x + w / 2, y + r + FONT + 2))):
            # The highlighted place is named first and always, over any marker near it.
            if (box[0] >= 2 and box[1] >= 2 and box[2] <= view.width - 2 and box[3] <= view.height - 16
                    and (s.here or not taken.hits(box, own))):
                taken.add(box)
                out[s] = (lx, ly, anchor)
                break
    return out


class _Grid:
    """Boxes by the cells of a coarse grid they touch: a new box is checked against its neighbours only."""

    CELL = 64.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, box: tuple[float, float, float, float]):
        c = self.CELL
        return ((i, j) for i in range(int(box[0] // c), int(box[2] // c) + 1)
                for j in range(int(box[1] // c), int(box[3] // c) + 1))

    def add(self, box: tuple[float, float, float, float]) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def hits(self, box: tuple[float, float, float, float], ignore=None) -> bool:
        return any(_overlap(box, b) for key in self._keys(box) for b in self.cells.get(key, ()) if b != ignore)


def _text_width(text: str) -> float:
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return FONT * (0.58 * (len(text) - wide) + 1.0 * wide)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# -- the base map -------------------------------------------------------------------------------


_CHUNK = 32  # points: a ring is kept in runs this long, each with its box, so that a view skips the far ones

Box = tuple[float, float, float, float]  # west, south, east, north
Chunk = tuple[Box, tuple[tuple[float, float], ...]]


@lru_cache(maxsize=1)
def _rings() -> tuple[tuple[Box, tuple[Chunk, ...]], ...]:
    """Every ring of the base map with its box, in runs of points each with its own box, in degrees."""
    data = json.loads(resources.files("generator").joinpath("data/basemap.json").read_text(encoding="utf-8"))
    out = []
    for country in data["countries"]:
        for flat in country["rings"]:
            points = _unbroken(tuple((flat[i] / 100, flat[i + 1] / 100) for i in range(0, len(flat), 2)))
            chunks = tuple((_box(points[k:k + _CHUNK + 1]), points[k:k + _CHUNK])
                           for k in range(0, len(points), _CHUNK))
            out.append((_box(points), chunks))
    return tuple(out)


def _unbroken(points: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
    """A ring that crosses the antimeridian (Russia's: Chukotka's east is at -180 to -169) as one
    line, each longitude the turn nearest the one before (-172 after 179.9 is 188), rather than
    with an edge right round the world, which clipping would lay across any view near 180°."""
    out = [points[0]]
    for lon, lat in points[1:]:
        before = out[-1][0]
        out.append((before + (lon - before + 180.0) % 360.0 - 180.0, lat))
    return tuple(out)


def _box(points: Sequence[tuple[float, float]]) -> Box:
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lons), min(lats), max(lons), max(lats))


def _land(view: View) -> str:
    """The countries in view as one path: each ring clipped to a little beyond the view, projected,
    and thinned to whole units of the view box."""
    pad_lat, pad_lon = (view.north - view.south) * 0.02, (view.east - view.west) * 0.02
    parts = []
    # A view past ±180 draws the world's rings once more a turn east or west, where they fall in it.
    for turn in (-360.0, 0.0, 360.0):
        box = (view.west - pad_lon - turn, view.south - pad_lat, view.east + pad_lon - turn, view.north + pad_lat)
        for ring_box, chunks in _rings():
            if _apart(ring_box, box):
                continue
            if _within(ring_box, box):
                points = [p for _, run in chunks for p in run]
            else:
                points = _clip(_near(chunks, box), box)
            d = _ring_path(view, points, turn)
            if d:
                parts.append(d)
    return "".join(parts)


def _near(chunks: tuple[Chunk, ...], box: Box) -> list[tuple[float, float]]:
    """A ring's points, each run wholly beyond one edge of the box cut to its ends: clipping would lay
    it along that edge, outside the view, whatever its shape (the edge's outer side is convex)."""
    out: list[tuple[float, float]] = []
    for (w, s, e, n), run in chunks:
        if e < box[0] or w > box[2] or n < box[1] or s > box[3]:
            out += (run[0], run[-1])
        else:
            out += run
    return out


def _apart(a: Box, b: Box) -> bool:
    return a[2] < b[0] or a[0] > b[2] or a[3] < b[1] or a[1] > b[3]


def _within(a: Box, b: Box) -> bool:
    return a[0] >= b[0] and a[2] <= b[2] and a[1] >= b[1] and a[3] <= b[3]


def _ring_path(view: View, points: Sequence[tuple[float, float]], turn: float = 0.0) -> str:
    """A ring's points projected, `turn` degrees east of where the base map has them."""
    out: list[str] = []
    last = None
    sx, sy = view._scale
    for lon, lat in points:
        x, y = (lon + turn - view.west) * sx, (view.north - lat) * sy  # not project(): the ring's turn is its own
        point = (round(x), round(y))  # a unit of the view box is about a pixel: coasts need no finer
        if point == last:
            continue
        last = point
        out.append(f"{point[0]} {point[1]}")
    if len(out) < 3:
        return ""
    return "M" + "L".join(out) + "Z"


def _clip(points: Sequence[tuple[float, float]], box: tuple[float, float, float, float]
          ) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the ring cut to the box; what it adds runs along the box's edges, outside the view."""
    out = list(points)
    for axis, limit, keep_below in ((0, box[0], False), (0, box[2], True), (1, box[1], False), (1, box[3], True)):
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for cur in src:
            cur_in = cur[axis] <= limit if keep_below else cur[axis] >= limit
            prev_in = prev[axis] <= limit if keep_below else prev[axis] >= limit
            if cur_in != prev_in:
                t = (limit - prev[axis]) / (cur[axis] - prev[axis])
                cross = (prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1]))
                out.append(cross)
            if cur_in:
                out.append(cur)
            prev = cur
    return out


# -- small helpers ------------------------------------------------------------------------------


def _kx(south: float, north: float) -> float:
    """How much shorter a degree of longitude is than one of latitude, mid-view (bounded near the poles)."""
    return max(math.cos(math.radians((south + north) / 2)), 0.2)


def _inside(view: View, s: Spot) -> bool:
    return view.south <= s.lat <= view.north and view.unwrap(s.lon) <= view.east


def _draw_order(s: Spot) -> tuple:
    """Coarse markers first, so that the finer ones on top of them stay visible and clickable."""
    return (s.here, -_RANK.get(s.precision, 1), s.name, s.href)


def _km(a: Spot, b: Spot) -> float:
    """Great-circle distance (haversine), in kilometres."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _num(v: float) -> str:
    text = f"{v:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def degrees(lat: float, lon: float) -> str:
    """49.7106° N, 37.6156° E: at most four decimals (about ten metres), as a title or a table shows them."""
    def part(v: float) -> str:
        return f"{abs(v):.4f}".rstrip("0").rstrip(".")
    return f"{part(lat)}° {'N' if lat >= 0 else 'S'}, {part(lon)}° {'E' if lon >= 0 else 'W'}"


def _label(v: vocab.Vocabulary, key: str) -> str:
    return v.get(key).label if key in v.keys() else key
