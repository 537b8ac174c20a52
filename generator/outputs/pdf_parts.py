"""The PDF's document (outputs/pdf.py) cut into parts that Typst can typeset one at a time.

Typst holds a whole document in memory while it lays it out (about 2 GB per 1,000 claims), so a
large report is typeset part by part, each in a process of its own, and the parts are joined into
one PDF (engines/typst.py). A part is one section of the report, or a run of a long section
(claims, timeline entries, weapons, discrepancies, sources, index entries) of at most `budget`
units of weight, a claim weighing 1. Every part starts on a new page, whether the parts are
typeset together or apart, so both give the same pages.

A compilation that ends inside a run would leave its last page part-empty, so engines/typst.py
moves the cut, once the compilation is typeset, to an item that began a page there (carry()):
the items from it on go to the next compilation, which starts on a new page anyway.
"""
from __future__ import annotations

from collections.abc import Iterator

__all__ = ["DEFAULT_BUDGET", "carry", "continues", "parts", "units"]

DEFAULT_BUDGET = 250  # claims' worth of layout in one Typst process: about 0.35 GB at its peak, two at once
# beside the report (engines/typst.py); 400 took 0.4-0.5 GB (bench/RESULTS.md)

# The weight of one item of a section, against a claim (its heading, facts and two footnotes).
_WEIGHT = {"themes": 1.0, "timeline": 0.08, "weapons": 0.3, "discrepancies": 0.4, "bibliography": 0.3,
           "index": 0.06}
_PER_REF = 0.01  # each page number an index line or a source's "cited on" list prints
_PER_CHART = 2.0  # each chart a weapon carries (outputs/smallcharts.py): about 2 MB of Typst's memory each,
# twice a claim (510 charts took 1.1 GB at 10,000 claims)


def parts(doc: dict, budget: float = DEFAULT_BUDGET) -> list[dict]:
    """The document's parts in reading order; each a dict with its `kind`, the `section` its pages
    are headed with, and its share of the document's data."""
    out = [{"kind": "cover", "section": None}, {"kind": "contents", "section": "Contents"},
           {"kind": "summary", "section": "Summary", "summary": doc["summary"],
            "key_findings": doc["key_findings"]}]
    out += [{"kind": "page", "section": p["title"], "page": p} for p in doc["pages"]]
    if doc["changes"] is not None:
        out.append({"kind": "changes", "section": "Changes", "changes": doc["changes"]})
    out += _runs("themes", "Claims", _grouped(doc["themes"], "claims"), budget)
    out += _runs("timeline", "Timeline", _grouped(doc["timeline"], "entries"), budget,
                 chart=doc["timeline_chart"])
    out += _runs("weapons", "Weapons", [(None, doc["weapons"])], budget)
    places = doc.get("places")  # outputs/pdf.py's map of the places and the places without coordinates
    if places and (places["map"] is not None or places["unplaced"]):
        out.append({"kind": "places", "section": "Places", "places": places})
    for kind, title in (("discrepancies", "Discrepancies"), ("bibliography", "Bibliography")):
        out += _runs(kind, title, [(None, doc[kind])], budget)
    out.append({"kind": "definitions", "section": "Definitions", "definitions": doc["definitions"]})
    out += _runs("index", "Index", _grouped(doc["index"], "entries"), budget)
    return out


def units(parts_: list[dict], budget: float = DEFAULT_BUDGET) -> list[list[dict]]:
    """Consecutive parts packed into compilations of at most `budget` weight each (a part heavier
    than that alone): a small report is typeset in one."""
    out: list[list[dict]] = []
    load = budget
    for part in parts_:
        w = weight(part)
        if out and load + w <= budget:
            out[-1].append(part)
            load += w
        else:
            out.append([part])
            load = w
    return out


def weight(part: dict) -> float:
    kind = part["kind"]
    if kind not in _WEIGHT:
        return 1.0
    return sum(len(g["items"]) * _WEIGHT[kind] + _refs(g["items"]) * _PER_REF + _charts(g["items"]) * _PER_CHART
               for g in part["groups"])


def _refs(items: list) -> int:
    return sum(len(i.get("targets", i.get("claims", ()))) for i in items if isinstance(i, dict)
               and isinstance(i.get("targets", i.get("claims")), list) and not i.get("citations"))


def _charts(items: list) -> int:
    return sum(len(i.get("charts", ())) for i in items if isinstance(i, dict))


def _grouped(groups: list[dict], key: str) -> list[tuple[dict | None, list]]:
    return [({k: v for k, v in g.items() if k != key}, g[key]) for g in groups]


def _runs(kind: str, section: str, groups: list[tuple[dict | None, list]], budget: float,
          **first) -> list[dict]:
    """A section cut into runs of at most `budget` weight; a group (a theme, a month, a letter) cut
    across two runs keeps its heading in the first only. The first run carries the section's heading."""
    runs = []
    for n, chunk in enumerate(_chunks(groups, _WEIGHT[kind], budget)):
        run = {"kind": kind, "section": section, "first": n == 0, "groups": chunk}
        runs.append({**run, **first} if n == 0 else run)
    if not runs:
        runs.append({"kind": kind, "section": section, "first": True, "groups": [], **first})
    return runs


def _chunks(groups: list[tuple[dict | None, list]], each: float, budget: float) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    load = 0.0
    for head, items in groups:
        start = 0
        for i, item in enumerate(items):
            w = each + _refs([item]) * _PER_REF + _charts([item]) * _PER_CHART
            if load + w > budget and (chunk or i > start):
                if i > start:
                    chunk.append({"head": head if start == 0 else None, "items": items[start:i]})
                yield chunk
                chunk, load, start = [], 0.0, i
            load += w
        if items[start:] or not items:
            chunk.append({"head": head if start == 0 else None, "items": items[start:]})
    if chunk:
        yield chunk


def continues(batch: list[dict], following: list[dict]) -> bool:
    """Whether a compilation ends inside a run that the following one goes on with."""
    last, first = batch[-1], following[0]
    return last["kind"] == first["kind"] and last["kind"] in _WEIGHT and not first["first"]


def carry(batch: list[dict], following: list[dict], group: int, item: int) -> None:
    """The items of `batch`'s last part from its group `group`'s item `item` on moved to the start
    of `following`'s first part (the same run). A group cut keeps its heading in the first half; a
    group carried whole takes it along."""
    last, first = batch[-1], following[0]
    groups = last["groups"]
    moved = [{"head": groups[group]["head"] if item == 0 else None, "items": groups[group]["items"][item:]},
             *groups[group + 1:]]
    if item == 0:
        del groups[group:]
    else:
        groups[group] = {**groups[group], "items": groups[group]["items"][:item]}
        del groups[group + 1:]
    if first["groups"] and first["groups"][0]["head"] is None:  # it goes on with the group carried last
        moved[-1] = {**moved[-1], "items": moved[-1]["items"] + first["groups"][0]["items"]}
        first["groups"] = moved + first["groups"][1:]
    else:
        first["groups"] = moved + first["groups"]
