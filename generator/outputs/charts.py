"""The timeline chart as SVG: marks in, bytes out (no I/O; matplotlib draws, this module finishes).

Two rows, "happened" and "said"; each date at its precision: a day is a point, a month, a year or an
interval a bar over the days it can mean; an approximate or uncertain date is hollow (a point) or
dashed (a bar). Marks are coloured by claim status, and each is an SVG <a href> to its claim's page
with a <title> that says what it is, so the chart reads without JavaScript and its links work from
the keyboard. Above MAX_MARKS marks the chart draws one bar per row, month and status instead,
each linking to that month on the timeline page: the work is bounded by the months, not the claims.

Text, axes and ticks are drawn in currentColor and the background is transparent, so the chart
follows the page's light or dark palette; the status colours keep a 3:1 contrast on both.
The same marks give the same bytes: matplotlib's SVG ids come from `svg.hashsalt`, its date
metadata is dropped, and the text is written as <text>, not glyph paths.
"""
from __future__ import annotations

import datetime
import io
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..dates import MONTHS, DateValue
from .. import vocab
from ..unicode_rules import visible

MAX_MARKS = 600  # above: one bar per row, month and status
ROWS = ("said", "happened")  # bottom to top
ROW_LABEL = {"happened": "What happened", "said": "When it was said"}
# Mid-tone colours with a contrast of about 3:1 or more on white and on Material's dark slate.
STATUS_COLOUR = {
    "reported": "#808080",
    "corroborated": "#3b82d6",
    "confirmed": "#2a9d55",
    "disputed": "#d9730d",
    "refuted": "#e0443a",
    "retracted": "#a05cc8",
}
_HEIGHT = 2.4  # inches
_INK = "#010203"  # drawn by matplotlib, then written as currentColor
_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"


@dataclass(frozen=True)
class Mark:
    """One claim on one row: its date, its status, where it links and its statement."""

    axis: str  # "happened" or "said"
    date: DateValue
    status: str
    href: str
    statement: str


@dataclass(frozen=True)
class Row:
    """One mark as a line of the chart's data table: the text alternative."""

    axis: str  # the row's label
    when: str
    what: str  # the statement, or how many claims a bar stands for
    status: str  # the status's label
    href: str


@dataclass(frozen=True)
class Shape:
    axis: str
    start: datetime.date
    end: datetime.date  # == start: a point
    status: str
    hollow: bool
    href: str
    when: str
    what: str

    @property
    def title(self) -> str:
        return f"{ROW_LABEL[self.axis]}: {self.when} · {status_label(self.status)} · {self.what}"


@dataclass(frozen=True)
class Hit:
    """Where a mark that links is drawn: a box in the chart's view-box units (x, y its top left).
    The PDF puts a link over it, since Typst draws an SVG's <a> as ink only."""

    href: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Drawn:
    """A chart's SVG, its view box's size and where its linked marks are."""

    svg: bytes
    width: float
    height: float
    hits: tuple[Hit, ...]


def timeline_svg(marks: Sequence[Mark], *, month_href=None, width: float = 9.0) -> bytes:
    """The chart's SVG. `month_href(axis, year, month)` links an aggregated bar (month None: the year)."""
    return _svg(tuple(marks), month_href, width).svg


def timeline_drawn(marks: Sequence[Mark], *, month_href=None, width: float = 9.0) -> Drawn:
    """The chart's SVG with where its linked marks are (for the PDF)."""
    return _svg(tuple(marks), month_href, width)


def table(marks: Sequence[Mark], *, month_href=None) -> list[Row]:
    """The chart's marks as rows, in the order they are drawn: its data as a table."""
    return [Row(ROW_LABEL[s.axis], s.when, s.what, status_label(s.status), s.href)
            for s in shapes(tuple(marks), month_href)]


@lru_cache(maxsize=4)  # a build asks for the site's chart more than once (the page, its tests, the PDF)
def _svg(marks: tuple[Mark, ...], month_href, width: float) -> Drawn:
    drawn = shapes(marks, month_href)
    svg, boxes = _draw(drawn, width)
    size = (width * 72, _HEIGHT * 72)  # matplotlib's SVG: a unit of its view box is a point
    hits = tuple(Hit(s.href, *(round(float(v), 1) for v in box)) for s, box in zip(drawn, boxes) if s.href)
    return Drawn(_finish(svg, drawn), *size, hits)


@lru_cache(maxsize=64)
def status_label(status: str) -> str:
    term = vocab.CLAIM_STATUS.get(status) if status in vocab.CLAIM_STATUS.keys() else None
    return term.label if term else status


# -- marks -> shapes ----------------------------------------------------------------------------


def _day(t: tuple[int, int, int]) -> datetime.date:
    return datetime.date(*t)


def _span(d: DateValue, lo: datetime.date, hi: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day the date can mean; an open end stops at the chart's edge."""
    (a, b) = d.bounds()
    start = lo if a[0] < 1000 else _day(a)
    end = hi if b[0] > 9000 else _day(b)
    return start, end


def shapes(marks: tuple[Mark, ...], month_href) -> list[Shape]:
    """The marks as drawn, in drawing order: one per mark, or above MAX_MARKS one per row, month and status."""
    marks = sorted(marks, key=lambda m: (m.axis, m.date.sort_key(), m.href))
    known = [_day(t) for m in marks for t in m.date.bounds() if 1000 <= t[0] <= 9000]
    lo, hi = (min(known), max(known)) if known else (datetime.date(2000, 1, 1), datetime.date(2000, 12, 31))
    if len(marks) > MAX_MARKS:
        return _aggregate(marks, month_href, lo, hi)
    out = []
    for m in marks:
        start, end = _span(m.date, lo, hi)
        if m.date.precision in ("day", "time"):
            end = start
        out.append(Shape(m.axis, start, end, m.status, m.date.approximate or m.date.uncertain, m.href,
                          m.date.text(), m.statement))
    return out


def _aggregate(marks: list[Mark], month_href, lo, hi) -> list[Shape]:
    counts = Counter((m.axis, m.date.year, m.date.month, m.status) for m in marks)
    out = []
    for (axis, year, month, status), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1],
                                                                                 kv[0][2] or 0, kv[0][3])):
        start, end = _span(DateValue.parse(f"{year:04d}" + (f"-{month:02d}" if month else "")), lo, hi)
        when = f"{MONTHS[month - 1]} {year}" if month else f"{year} (month not known)"
        href = month_href(axis, year, month) if month_href else ""
        out.append(Shape(axis, start, end, status, False, href, when, f"{n} claim{'' if n == 1 else 's'}"))
    return out


# -- drawing ------------------------------------------------------------------------------------


def _draw(shapes: list[Shape], width: float) -> tuple[bytes, list[tuple[float, float, float, float]]]:
    """The SVG, and each shape's box (x, y, width, height) in its view box, from the axes' transforms."""
    import matplotlib

    matplotlib.use("svg", force=True)
    from matplotlib.figure import Figure
    import matplotlib.dates as mdates
    from matplotlib.colors import to_rgba

    rc = {"svg.hashsalt": "claimsite-timeline", "svg.fonttype": "none", "font.family": "sans-serif",
          "font.size": 9, "axes.edgecolor": _INK, "xtick.color": _INK, "ytick.color": _INK,
          "text.color": _INK, "axes.labelcolor": _INK}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(width, _HEIGHT))
        fig.patch.set_alpha(0)
        ax = fig.add_axes((0.16, 0.2, 0.82, 0.72))
        ax.patch.set_alpha(0)
        for i, s in enumerate(shapes):
            y = ROWS.index(s.axis)
            colour = STATUS_COLOUR.get(s.status, _INK)
            if s.start == s.end:
                (artist,) = ax.plot([s.start], [y + _jitter(i)], marker="o", markersize=5, linestyle="none",
                                    markerfacecolor="none" if s.hollow else colour, markeredgecolor=colour)
            else:
                artist = ax.broken_barh([(mdates.date2num(s.start), mdates.date2num(s.end) + 1
                                          - mdates.date2num(s.start))], (y + _jitter(i) - 0.06, 0.12),
                                        facecolors=to_rgba(colour, 0.2 if s.hollow else 0.6),
                                        edgecolors=colour,  # opaque: the outline keeps its contrast
                                        linestyles="dashed" if s.hollow else "solid", linewidth=1)
            artist.set_gid(f"m{i}")
        if shapes:  # a margin either side; one day alone still gets a month of axis
            lo, hi = min(x.start for x in shapes), max(x.end for x in shapes)
            pad = datetime.timedelta(days=max(15, (hi - lo).days // 30))
            ax.set_xlim(mdates.date2num(lo - pad), mdates.date2num(hi + pad))
        ax.set_ylim(-0.6, 1.6)
        ax.set_yticks([0, 1], [ROW_LABEL[r] for r in ROWS])
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        boxes = _boxes(shapes, ax, fig, (width * 72, _HEIGHT * 72))
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    return out.getvalue(), boxes


_POINT_R = 4.0  # a point's box: its marker (5 pt across) and a little around it, to be hit easily


def _boxes(shapes: list[Shape], ax, fig, size: tuple[float, float]) -> list[tuple[float, float, float, float]]:
    """Each shape's box in the view box (points, y down): data coordinates through the axes' transform
    to the figure's fraction, which does not depend on the resolution the SVG is written at."""
    import matplotlib.dates as mdates

    to_figure = ax.transData + fig.transFigure.inverted()
    out = []
    for i, s in enumerate(shapes):
        y = ROWS.index(s.axis) + _jitter(i)
        if s.start == s.end:
            (fx, fy), = to_figure.transform([(mdates.date2num(s.start), y)])
            x, y = fx * size[0], (1 - fy) * size[1]
            out.append((x - _POINT_R, y - _POINT_R, 2 * _POINT_R, 2 * _POINT_R))
            continue
        (fx0, fy0), (fx1, fy1) = to_figure.transform([(mdates.date2num(s.start), y - 0.06),
                                                      (mdates.date2num(s.end) + 1, y + 0.06)])
        x0, x1, top, bottom = fx0 * size[0], fx1 * size[0], (1 - fy1) * size[1], (1 - fy0) * size[1]
        out.append((x0, top, max(x1 - x0, 2.0), bottom - top))
    return out


def _jitter(i: int) -> float:
    """Marks at one date spread a little up and down, so that they do not hide each other entirely."""
    return ((i * 7) % 9 - 4) * 0.045


# -- links, tooltips, currentColor --------------------------------------------------------------


def _finish(svg: bytes, shapes: list[Shape]) -> bytes:
    root = ET.fromstring(svg)
    for el in root.iter():
        if "style" in el.attrib:
            el.set("style", el.attrib["style"].replace(_INK, "currentColor"))
        for attr in ("fill", "stroke"):
            if el.get(attr) == _INK:
                el.set(attr, "currentColor")
    parents = {child: parent for parent in root.iter() for child in parent}
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    for i, s in enumerate(shapes):
        group = by_id.get(f"m{i}")
        if group is None:
            continue
        parent = parents[group]
        link = ET.Element(f"{{{_SVG}}}a", {"href": s.href} if s.href else {})
        title = ET.SubElement(link, f"{{{_SVG}}}title")
        # ElementTree escapes it: record text is never markup here; no raw bidi control or invisible
        # character reaches the page either (docs/unicode.md), as everywhere else.
        title.text = visible(s.title)
        kind = "cs-point" if s.start == s.end else "cs-bar"
        link.set("class", f"cs-mark {kind} cs-{s.status}" + (" cs-uncertain" if s.hollow else ""))
        parent.insert(list(parent).index(group), link)
        parent.remove(group)
        link.append(group)
    root.set("aria-label", "Timeline of the claims: when each thing happened and when it was said")
    root.set("style", "max-width: 100%; height: auto")
    for el in list(root):
        if el.tag in (f"{{{_SVG}}}metadata", f"{{{_SVG}}}defs") and el.find(f"{{{_SVG}}}style") is not None \
                or el.tag == f"{{{_SVG}}}metadata":
            root.remove(el)  # matplotlib's <style> selects "*": inline in a page it would reach the page
    for el in root.iter():  # one line: a Markdown raw-HTML block ends at a blank line
        if el.text is not None and not el.text.strip():
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None
    # ElementTree's prefixes are global and other code may register its own: name them at each call.
    ET.register_namespace("", _SVG)  # (outputs/exports.py names Atom's the default for its feed)
    ET.register_namespace("xlink", _XLINK)
    return ET.tostring(root, encoding="utf-8", xml_declaration=False)
