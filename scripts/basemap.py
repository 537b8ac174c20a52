"""Write generator/data/basemap.json, the map's land and borders, from Natural Earth's countries.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/basemap.py package/countries-50m.json

world-atlas 2.0.2 (ISC licence, https://github.com/topojson/world-atlas) is Natural Earth's
1:50m Admin 0 countries (public domain, https://www.naturalearthdata.com/) as TopoJSON. This
script decodes it in plain Python, simplifies each shared arc (Douglas-Peucker, so that
neighbouring countries still meet), rounds to 0.01 degree and writes each country's rings as
flat lists of integers in hundredths of a degree: lon, lat, lon, lat, ...
The same input gives the same bytes.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "generator" / "data" / "basemap.json"
TOLERANCE = 0.05  # degrees: about 5 km, two units on a map of Ukraine 800 units wide
MIN_RING_POINTS = 4  # a ring reduced to fewer is a speck: dropped


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantised, delta-encoded arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iteratively; the ends are kept, so arcs still join."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, far = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > best:
                best, far = d, i
        if far >= 0 and best > tolerance:
            keep[far] = True
            stack += [(a, far), (far, b)]
    return [p for p, k in zip(points, keep) if k]


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[int]:
    """One ring from its arcs (~i: arc i reversed), as flat hundredths of a degree."""
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points += arc if not points else arc[1:]
    flat: list[int] = []
    for lon, lat in points:
        q = (round(lon * 100), round(lat * 100))
        if len(flat) < 2 or (flat[-2], flat[-1]) != q:
            flat += q
    return flat


def countries(topology: dict, tolerance: float) -> list[dict]:
    arcs = [simplify(a, tolerance) for a in decode_arcs(topology)]
    out = []
    for g in topology["objects"]["countries"]["geometries"]:
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]] if g["type"] == "Polygon" else []
        rings = [r for polygon in polygons for r in (ring(arcs, ix) for ix in polygon) if len(r) >= 2 * MIN_RING_POINTS]
        if rings:
            out.append({"id": g.get("id", ""), "name": g.get("properties", {}).get("name", ""), "rings": rings})
    return sorted(out, key=lambda c: (c["name"], c["id"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas 2.0.2's countries-50m.json")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    args = parser.parse_args(argv)
    data = {
        "source": "Natural Earth 1:50m Admin 0 countries, through world-atlas 2.0.2 (countries-50m.json); "
                  "written by scripts/basemap.py",
        "licence": "Natural Earth: public domain (https://www.naturalearthdata.com/about/terms-of-use/); "
                   "world-atlas: ISC licence, Copyright 2013-2019 Michael Bostock",
        "units": "hundredths of a degree, WGS84; each ring flat: lon, lat, lon, lat, ...",
        "tolerance_degrees": args.tolerance,
        "countries": countries(json.loads(args.topojson.read_text(encoding="utf-8")), args.tolerance),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # One country a line: a regeneration's diff shows which countries moved.
    text = text.replace(',{"id":', ',\n{"id":')
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(data['countries'])} countries, {args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
