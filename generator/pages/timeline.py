"""The timeline: claims by when things happened and when they were said."""
from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass

from markupsafe import Markup

from ..memo import NO_MEMO, Memo
from ..outputs import charts
from ..resolve import Resolved, TimelineEntry
from .addresses import TIMELINE, record_path
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
class Chart:
    """The chart inline (links work in an inline SVG, not in an <img>), its caption, and its data."""

    svg: Markup  # outputs/charts.py writes every text in it through XML escaping
    caption: str
    rows: tuple[charts.Row, ...]
    aggregated: bool


@dataclass(frozen=True)
class TimelinePage:
    title: str
    intro: str
    chart: Chart | None
    axes: tuple[Axis, ...]
    undated: tuple[ClaimItem, ...]


_AXES = (
    ("happened", "What happened", "Claims placed by when the asserted thing happened, at the precision "
                                  "the sources give: a month-precision event is listed under its month with "
                                  "no day."),
    ("said", "When it was said", "Claims placed by when their claimant made them."),
)


def timeline(r: Resolved, memo: Memo = NO_MEMO) -> Page:
    link = Linker(r, TIMELINE)
    axes = []
    for axis, title, intro in _AXES:
        years: list[Year] = []
        for group in r.timeline_groups(axis):
            if not years or years[-1].year != group.year:
                years.append(Year(group.year, f"{axis}-{group.year}", ()))
            anchor = f"{axis}-{group.year}" + (f"-{group.month:02d}" if group.month else "-year")
            month = Month(group.title, anchor, tuple(
                memo.get("timeline-item", (e.claim_id, e.axis), (r.claims[e.claim_id], e.date),
                         lambda e=e: _timeline_item(link, e)) for e in group.entries))
            years[-1] = Year(years[-1].year, years[-1].anchor, years[-1].months + (month,))
        axes.append(Axis(title, axis, intro, tuple(years)))
    undated = tuple(link.claim_item(i) for i, v in r.claims.items() if not v.made and not v.event_date)
    context = TimelinePage(
        "Timeline", "Every dated claim twice over where it can be: once by when the thing it asserts "
        "happened, once by when it was said. Each date is shown at its own precision.",
        _chart(r, memo), tuple(axes), undated)
    return Page(TIMELINE, "timeline.md.j2", "Timeline", context, in_nav=True)


def _chart(r: Resolved, memo: Memo) -> Chart | None:
    marks = chart_marks(r, TIMELINE, memo)
    # Under live preview the marks of claims that did not change are the same objects: comparing is cheap.
    return memo.get("timeline-chart", None, (tuple(marks),), lambda: _drawn(marks))


def _drawn(marks: list[charts.Mark]) -> Chart | None:
    if not marks:
        return None
    aggregated = len(marks) > charts.MAX_MARKS
    caption = (f"Every dated claim on a time axis, twice where it can be: {len(marks)} marks. A day is a point, "
               "a month, a year or an interval a bar over the days it can mean; an approximate or uncertain "
               "date is hollow or faint and dashed. Colours stand for the claim's status; each mark links to "
               "its claim.")
    if aggregated:
        caption = (f"{len(marks)} dated marks, too many to draw one by one: each bar counts the claims of one "
                   "status in one month (or one year, where only the year is known) and links to that month "
                   "below. Colours stand for the claims' status.")
    return Chart(Markup(charts.timeline_svg(marks, month_href=month_anchor).decode("utf-8")), caption,
                 tuple(charts.table(marks, month_href=month_anchor)), aggregated)


def chart_marks(r: Resolved, at: str, memo: Memo = NO_MEMO) -> list[charts.Mark]:
    """The timeline's entries as the chart's marks, each linking to its claim's built page from `at`."""
    def mark(e: TimelineEntry) -> charts.Mark:
        return charts.Mark(e.axis, e.date, r.claims[e.claim_id].claim.status,
                           built_href(record_path("claim", e.claim_id), at), r.claims[e.claim_id].claim.statement)
    return [memo.get("timeline-mark", (e.claim_id, e.axis, at), (r.claims[e.claim_id], e.date), lambda e=e: mark(e))
            for e in r.timeline]


@functools.lru_cache(maxsize=65536)  # pure; the same page pairs recur on every build
def built_href(path: str, at: str) -> str:
    """A link as the built site has it (claims/x.md -> claims/x/), relative to the page at `at`: raw HTML,
    such as an inline SVG, is not rewritten by the engine as Markdown links are."""
    def folder(p: str) -> str:
        return p[: -len("index.md")] if p.endswith("index.md") else p[: -len(".md")] + "/"
    rel = posixpath.relpath(folder(path) or ".", folder(at) or ".")
    return rel + "/"


def month_anchor(axis: str, year: int, month: int | None) -> str:
    """The link of an aggregated bar: its month's heading on this page."""
    return f"#{axis}-{year}" + (f"-{month:02d}" if month else "-year")


def _timeline_item(link: Linker, e: TimelineEntry) -> ClaimItem:
    said_by = link.r.claims[e.claim_id].attribution.claimant if e.axis == "said" else None
    return link.claim_item(e.claim_id, e.date, AXIS_LABEL[e.axis], f"said by {said_by}" if said_by else None)
