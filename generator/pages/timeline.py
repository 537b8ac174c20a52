"""The timeline: claims by when things happened and when they were said."""
from __future__ import annotations

from dataclasses import dataclass

from ..resolve import Resolved, TimelineEntry
from .addresses import TIMELINE
from .blocks import AXIS_LABEL, ClaimItem, Linker, Page


# -- the timeline -----------------------------------------------------------------



@dataclass(frozen=True)
class Month:
    title: str
    anchor: str
    entries: tuple[ClaimItem, ...]


@dataclass(frozen=True)
class Year:
    year: int
    anchor: str
    months: tuple[Month, ...]


@dataclass(frozen=True)
class Axis:
    title: str
    anchor: str
    intro: str
    years: tuple[Year, ...]


@dataclass(frozen=True)
class TimelinePage:
    title: str
    intro: str
    axes: tuple[Axis, ...]
    undated: tuple[ClaimItem, ...]


_AXES = (
    ("happened", "What happened", "Claims placed by when the asserted thing happened, at the precision "
                                  "the sources give: a month-precision event is listed under its month with "
                                  "no day."),
    ("said", "When it was said", "Claims placed by when their claimant made them."),
)


def timeline(r: Resolved) -> Page:
    link = Linker(r, TIMELINE)
    axes = []
    for axis, title, intro in _AXES:
        years: list[Year] = []
        for group in r.timeline_groups(axis):
            if not years or years[-1].year != group.year:
                years.append(Year(group.year, f"{axis}-{group.year}", ()))
            anchor = f"{axis}-{group.year}" + (f"-{group.month:02d}" if group.month else "-year")
            month = Month(group.title, anchor, tuple(_timeline_item(link, e) for e in group.entries))
            years[-1] = Year(years[-1].year, years[-1].anchor, years[-1].months + (month,))
        axes.append(Axis(title, axis, intro, tuple(years)))
    undated = tuple(link.claim_item(i) for i, v in r.claims.items() if not v.made and not v.event_date)
    context = TimelinePage(
        "Timeline", "Every dated claim twice over where it can be: once by when the thing it asserts "
        "happened, once by when it was said. Each date is shown at its own precision.",
        tuple(axes), undated)
    return Page(TIMELINE, "timeline.md.j2", "Timeline", context, in_nav=True)


def _timeline_item(link: Linker, e: TimelineEntry) -> ClaimItem:
    said_by = link.r.claims[e.claim_id].attribution.claimant if e.axis == "said" else None
    return link.claim_item(e.claim_id, e.date, AXIS_LABEL[e.axis], f"said by {said_by}" if said_by else None)
