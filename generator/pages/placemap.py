"""The map of the places, for the places index and each place's page: the SVG, its caption and its data."""
from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup

from .. import vocab
from ..outputs import maps
from ..resolve import Resolved
from .addresses import record_path
from .blocks import Link, Linker
from .timeline import built_href

KEY = ("A dot is a spot known to within about a hundred metres (small) or a settlement; a ring a district; "
       "a dashed ring a region or a country: the larger the marker, the coarser the coordinates. "
       "Base map: Natural Earth.")


@dataclass(frozen=True)
class MapRow:
    """One place of the map as a line of its data table: the text alternative."""

    name: str
    href: str  # as the built site has it: the table is raw HTML
    coordinates: str
    precision: str  # the precision's label
    method: str  # the method's label
    reasoning: str | None


@dataclass(frozen=True)
class PlaceMap:
    """The map inline (links work in an inline SVG, not in an <img>), its caption, its data, and
    the places it cannot show."""

    svg: Markup  # outputs/maps.py writes every text in it through XML escaping
    caption: str
    rows: tuple[MapRow, ...]
    unplaced: tuple[Link, ...]  # places without coordinates


def spots(r: Resolved, at: str, here: str | None = None, *, absolute=None) -> dict[str, maps.Spot]:
    """Every place with coordinates, by id, as a spot linking to its page from `at` (or to `absolute(path)`)."""
    out = {}
    for place_id, p in r.places.items():
        if p.coordinates is None:
            continue
        path = record_path("place", place_id)
        href = absolute(path) if absolute else built_href(path, at)
        out[place_id] = maps.Spot(p.name, p.coordinates.lat, p.coordinates.lon, p.precision, p.coordinates.method,
                                  href, here=place_id == here)
    return out


def index_map(r: Resolved, at: str) -> PlaceMap | None:
    """The map of every place with coordinates; None where no place has any."""
    placed = spots(r, at)
    if not placed:
        return None
    link = Linker(r, at)
    unplaced = tuple(link.entity(i) for i, p in sorted(r.places.items(), key=lambda kv: kv[1].name)
                     if p.coordinates is None)
    caption = (f"The {len(placed)} places with coordinates"
               + (f" ({len(unplaced)} without are listed under the map)" if unplaced else "")
               + f"; each marker links to its place's page. {KEY}")
    return _map(r, placed, maps.fit(list(placed.values())), caption, unplaced, "Map of the report's places")


def place_map(r: Resolved, place_id: str, at: str) -> PlaceMap | None:
    """The map around one place, highlighted, with its nearest neighbours; None where it has no coordinates."""
    if r.places[place_id].coordinates is None:
        return None
    # The neighbours from the positions alone; only they need their links (a large report has many places).
    where = spots(r, at, here=place_id, absolute=lambda path: "")
    near = maps.neighbours(list(where.values()))
    ids = {s: i for i, s in where.items()}
    placed = {ids[s]: replace(s, href=built_href(record_path("place", ids[s]), at)) for s in near}
    name = r.places[place_id].name
    caption = (f"{name} (highlighted) and the places nearest to it; each marker links to its place's page. {KEY}")
    return _map(r, placed, maps.fit_around(list(placed.values())), caption, (),
                "Map of this place and the places nearest to it")  # the caption names it: text, not an attribute


def _map(r: Resolved, placed: dict[str, maps.Spot], view: maps.View, caption: str, unplaced: tuple[Link, ...],
         label: str) -> PlaceMap:
    shown = set(maps.in_view(list(placed.values()), view))
    rows = tuple(_row(r.places[i].coordinates, s) for i, s in sorted(placed.items(), key=lambda kv: (
        not kv[1].here, kv[1].name, kv[0])) if s in shown)
    svg = maps.map_svg(list(placed.values()), view, label=label).decode("utf-8")
    return PlaceMap(Markup(svg), caption, rows, unplaced)


def _row(c, s: maps.Spot) -> MapRow:
    return MapRow(s.name, s.href, maps.degrees(s.lat, s.lon), vocab.COORDINATE_PRECISION.get(s.precision).label,
                  vocab.COORDINATE_METHOD.get(s.method).label, c.reasoning)
