"""The charts of an entity page: its slice of the timeline; on a weapon's, its claims per month and
the figures its claims give. Each is an inline SVG (outputs/smallcharts.py) with a caption and its
data as a table under a <details>. The slice's table is written compact: a row per claim, not per
mark (its two dates side by side), the statement cut as in the marks' titles, since the page's
"Timeline" list under it gives each whole (a table of whole statements, a row per mark, was 36 KB on
a weapon's page of fifty claims). An entity with no dated claim gets no chart, not an empty one."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup

from ..dates import parse
from ..outputs import smallcharts
from ..outputs.charts import MAX_MARKS, Mark, status_label
from ..outputs.smallcharts import Cell, Counted, Figure, Table
from ..resolve import Resolved, TimelineEntry, quantity_text
from .addresses import TIMELINE, record_path
from .timeline import built_href, month_anchor


@dataclass(frozen=True)
class ChartView:
    """One chart inline, its caption, and its data as a table under a <details>."""

    title: str  # its heading, where it has one of its own
    svg: Markup  # outputs/smallcharts.py writes every text in it through XML escaping
    caption: str
    summary: str
    table: Table


def entity_charts(r: Resolved, entity_id: str, kind: str, entries: list[TimelineEntry],
                  at: str) -> tuple[ChartView | None, tuple[ChartView, ...]]:
    """The slice of the timeline (None without a dated claim) and, for a weapon, its own charts."""
    claims = built_href(posixpath.dirname(record_path("claim", "x")) + "/index.md", at)  # ../../claims/
    href = lambda claim_id: f"{claims}{claim_id}/"  # noqa: E731  (relpath for each claim is most of the cost)
    name = getattr(r, {"weapon": "weapons", "actor": "actors", "place": "places"}[kind])[entity_id].name
    timeline_slice = _slice(r, name, entries, href, built_href(TIMELINE, at))
    if kind != "weapon":
        return timeline_slice, ()
    claim_ids = r.claims_about.get(entity_id, [])
    own = [c for c in (_counts(name, counted(r, claim_ids, href)), _figures(name, figures(r, claim_ids, href))) if c]
    return timeline_slice, tuple(own)


def slice_marks(r: Resolved, entries: list[TimelineEntry], href: Callable[[str], str]) -> list[Mark]:
    return [Mark(e.axis, e.date, r.claims[e.claim_id].claim.status, href(e.claim_id),
                 r.claims[e.claim_id].claim.statement) for e in entries]


def counted(r: Resolved, claim_ids: list[str], href: Callable[[str], str]) -> list[Counted]:
    """The claims, each once, by when it was said; one said at no known date is not counted."""
    return [Counted(v.made, v.claim.status, href(i), v.claim.statement)
            for i in claim_ids for v in (r.claims[i],) if v.made]


def figures(r: Resolved, claim_ids: list[str], href: Callable[[str], str]) -> list[Figure]:
    """Every figure as each citing source gives it (its own, else the claim's), at the date that
    source says the claim was made, else the claim's, else the source's publication."""
    out = []
    for claim_id in claim_ids:
        v = r.claims[claim_id]
        for cv in v.citations:
            date = cv.made or v.made or parse(cv.source.published)
            if date is None:
                continue
            out += [Figure(date, q.value, q.upper, q.unit, q.qualifier, quantity_text(q), cv.source.title,
                           v.claim.status, href(claim_id), v.claim.statement) for q in cv.quantities]
    return out


def _slice(r: Resolved, name: str, entries: list[TimelineEntry], href, timeline: str) -> ChartView | None:
    marks = slice_marks(r, entries, href)
    if not marks:
        return None
    month = lambda axis, year, m: timeline + month_anchor(axis, year, m)  # noqa: E731
    caption = (f"The claims about {name} on a time axis, twice where it can be: {len(marks)} marks, "
               "once by when the thing happened and once by when it was said. A day is a point, a month, a "
               "year or an interval a bar; an approximate or uncertain date is hollow or faint and dashed. "
               "Colours stand for the claim's status; each mark links to its claim.")
    if len(marks) > MAX_MARKS:
        caption = (f"{len(marks)} dated marks about {name}, too many to draw one by one: each bar counts the "
                   "claims of one status in one month (or year) and links to that month on the timeline page. "
                   "Colours stand for the claims' status.")
    # No record text in the label: the caption names the entity, and an attribute is no place for it.
    svg, rows = smallcharts.timeline_slice(marks, month_href=month, label="Timeline of this page's claims")
    table = slice_table(r, entries, href) if len(marks) <= MAX_MARKS else Table(
        ("Row", "Month", "Status", "Claims"),
        tuple((Cell(row.axis), Cell(row.when), Cell(row.status), Cell(row.what, row.href)) for row in rows))
    return ChartView("Timeline", Markup(svg.decode("utf-8")), caption, "The chart's data as a table", table)


def slice_table(r: Resolved, entries: list[TimelineEntry], href: Callable[[str], str]) -> Table:
    """The slice's data, a row per claim in the order of its first date: the claim (cut as in the
    marks' titles, linking to it), when it happened and when it was said at their precision, its status."""
    dates: dict[str, dict[str, str]] = {}
    for e in entries:
        dates.setdefault(e.claim_id, {})[e.axis] = e.date.text()
    rows = []
    for claim_id, on in dates.items():
        claim = r.claims[claim_id].claim
        rows.append((Cell(smallcharts.brief(claim.statement), href(claim_id)), Cell(on.get("happened", "")),
                     Cell(on.get("said", "")), Cell(status_label(claim.status))))
    return Table(("Claim", "Happened", "Said", "Status"), tuple(rows))


def _counts(name: str, items: list[Counted]) -> ChartView | None:
    if not items:
        return None
    caption = (f"How many claims about {name} were made in each month, by status: each block is a claim and "
               "links to it (a month of more claims stacks one block per status). Colours stand for the "
               "claim's status; a claim said at no known date is not counted.")
    svg = smallcharts.counts_svg(items, label="Claims per month, by status")
    return ChartView("Claims per month", Markup(svg.decode("utf-8")), caption, "The counts as a table",
                     smallcharts.counts_table(items))


def _figures(name: str, items: list[Figure]) -> ChartView | None:
    if not items:
        return None
    caption = (f"The figures the claims about {name} give, as each source gives them, at the date that source "
               "says the claim was made; a panel per unit. A filled point is a figure given as exact, a hollow "
               "one an approximation, a triangle down an upper bound (up to), up a lower bound (at least), and "
               "a bar a range. Colours stand for the claim's status; each mark links to its claim.")
    svg = smallcharts.figures_svg(items, label="Figures the sources give")
    return ChartView("Figures the sources give", Markup(svg.decode("utf-8")), caption,
                     "The figures as a table", smallcharts.figures_table(items))

