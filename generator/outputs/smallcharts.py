"""The small charts of entity pages, written as SVG text directly (no I/O, no matplotlib).

A report of 10,000 claims has some 12,000 entity pages; matplotlib takes tens of milliseconds
per figure, minutes for them all, so these charts are written by hand, a few microseconds a mark
(bench/charts.py --in-build measures it). They follow the rules of the timeline chart
(outputs/charts.py): the same marks and colours, text and axes in currentColor on a transparent
background, a <title> per mark inside an <a href> to its claim, deterministic bytes, and every
text escaped as XML character data (record text is never markup here).

They are written small: a page may carry three, with hundreds of marks each, and every byte goes
through Markdown, the safety scan and the search indexer. The marks of one status sit in one
<g> that carries their colour (and each kind of mark's opacity, dash or stroke width in a <g>
of its own), the axis and its ticks are one <path>, coordinates are whole units of the view box
(about a pixel), and there is no whitespace between elements. No style sheet: the same SVG goes
into the PDF, and presentation attributes are what every renderer reads.

- `slice_svg`: an entity's slice of the timeline, both rows, the shapes of `charts.shapes`.
- `counts_svg`: claims over time, a column per month, stacked by status, a block per claim.
- `figures_svg`: the figures claims give, as each source gives them, a panel per unit, over
  the date each source says the claim was made.
"""
from __future__ import annotations

import calendar
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Sequence
from xml.sax.saxutils import escape

from .. import vocab
from ..dates import MONTHS, DateValue
from ..unicode_rules import visible
from .charts import MAX_MARKS, ROW_LABEL, ROWS, STATUS_COLOUR, Drawn, Hit, Mark, Row, Shape, shapes, status_label

WIDTH = 640
_LEFT, _RIGHT = 118, 14
_FONT = 'font-family="sans-serif" font-size="11"'
_MAX_STACK = 40  # a column of more claims than this is drawn as one block per status


@dataclass(frozen=True)
class Counted:
    """One claim counted in its month: when it was said, its status, its link, its statement."""

    date: DateValue
    status: str
    href: str
    statement: str


@dataclass(frozen=True)
class Figure:
    """One figure as one source gives it for one claim."""

    date: DateValue  # when this source says the claim was made
    value: float
    upper: float | None  # a range's upper end
    unit: str
    qualifier: str
    text: str  # the figure in words: 'about 40% of the ammunition'
    source: str  # the source's title
    status: str
    href: str
    statement: str


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None


@dataclass(frozen=True)
class Table:
    """A chart's data: its text alternative."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


# -- the slice of the timeline -------------------------------------------------------------------


def slice_svg(marks: Sequence[Mark], *, month_href=None, label: str = "Timeline") -> bytes:
    """An entity's claims on the timeline's two rows, drawn as the timeline chart draws them."""
    return slice_drawn(marks, month_href=month_href, label=label).svg


def slice_drawn(marks: Sequence[Mark], *, month_href=None, label: str = "Timeline") -> Drawn:
    """The slice's SVG with where its linked marks are (for the PDF)."""
    return _slice_svg(shapes(tuple(marks), month_href), label)


def timeline_slice(marks: Sequence[Mark], *, month_href=None, label: str = "Timeline") -> tuple[bytes, list[Row]]:
    """The slice's SVG and its marks as the timeline's table rows (charts.table), from one pass."""
    drawn = shapes(tuple(marks), month_href)
    return _slice_svg(drawn, label).svg, [Row(ROW_LABEL[s.axis], s.when, s.what, status_label(s.status), s.href)
                                          for s in drawn]


def _slice_svg(drawn: list[Shape], label: str) -> Drawn:
    days = [d for s in drawn for d in (s.start, s.end)]
    scale = _DayScale(min(days), max(days), _LEFT, WIDTH - _RIGHT)
    rows_y = {"happened": 24, "said": 64}
    out = [_open(WIDTH, 118, label), '<g text-anchor="end">']
    for axis in reversed(ROWS):
        out.append(f'<text x="{_LEFT - 8}" y="{rows_y[axis] + 4}">{_esc(ROW_LABEL[axis])}</text>')
    out.append("</g>")
    out += _day_axis(scale, 88)
    marks = [_slice_mark(s, scale, rows_y[s.axis] + _jitter(i)) for i, s in enumerate(drawn)]
    out += _by_status(marks)
    out.append("</svg>")
    return _drawn(out, WIDTH, 118, marks)


def _slice_mark(s: Shape, scale: "_DayScale", y: float) -> _Mark:
    if s.start == s.end:
        x = scale.x(s.start) + scale.day / 2
        body = f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4"/>'
        kind, box = (_HOLLOW_POINT if s.hollow else _POINT), _around(x, y, 4)
    else:
        x0, x1 = scale.x(s.start), scale.x(s.end) + scale.day
        body = f'<rect x="{_n(x0)}" y="{_n(y - 4)}" width="{_n(max(x1 - x0, 3))}" height="8"/>'
        box = (_n(x0), _n(y - 4), _n(max(x1 - x0, 3)), 8)
        long = (s.end - s.start).days > 62  # a year or an interval: under the months
        kind = (_HOLLOW_LONG_BAR if long else _HOLLOW_BAR) if s.hollow else (_LONG_BAR if long else _BAR)
    css = ("cs-point" if s.start == s.end else "cs-bar") + (" cs-uncertain" if s.hollow else "")
    title = f"{ROW_LABEL[s.axis]}: {s.when} · {status_label(s.status)} · {brief(s.what)}"
    return s.status, kind, _link(s.href, title, css, body), _hit(s.href, box)


# Each kind of mark, in the order the layers are drawn (coarse under fine, points on top), with what
# its <g> adds to the colour of its status (stroke, and fill unless hollow). A long bar looks like a bar.
_Kind = tuple[str, str]  # (its layer, its <g>'s attributes)
_LONG_BAR, _HOLLOW_LONG_BAR = ("long bar", 'fill-opacity=".6"'), ("long bar", 'fill-opacity=".2" stroke-dasharray="3 2"')
_BAR, _HOLLOW_BAR = ("bar", 'fill-opacity=".6"'), ("bar", 'fill-opacity=".2" stroke-dasharray="3 2"')
_POINT, _HOLLOW_POINT = ("point", 'stroke-width="1.2"'), ("point", 'fill="none" stroke-width="1.2"')
_SOLID = ("triangle", "")  # the status's colour, filled
_LAYERS = (_LONG_BAR, _HOLLOW_LONG_BAR, _BAR, _HOLLOW_BAR, _SOLID, _POINT, _HOLLOW_POINT)


# A mark as drawn: its status, its kind, its SVG, and where it is if it links (for the PDF).
_Mark = tuple[str, _Kind, str, Hit | None]


def _by_status(marks: Iterable[_Mark]) -> list[str]:
    """(status, kind, mark, _) as a <g> per kind and status carrying the colour and the kind's look, in
    the order of _LAYERS, then of the statuses; the marks keep their order within each."""
    by: dict[tuple[_Kind, str], list[str]] = defaultdict(list)
    for status, kind, mark, _ in marks:
        by[kind, status].append(mark)
    order = {s: n for n, s in enumerate(STATUS_COLOUR)}
    out = []
    for kind, status in sorted(by, key=lambda k: (_LAYERS.index(k[0]), order.get(k[1], len(order)), k[1])):
        colour, look = STATUS_COLOUR.get(status, "currentColor"), kind[1]
        fill = "" if look.startswith('fill="none"') else f' fill="{colour}"'  # hollow: the look says so
        out += [f'<g class="cs-{_attr(status)}"{fill} stroke="{colour}"' + (f" {look}>" if look else ">"),
                *by[kind, status], "</g>"]
    return out


def _jitter(i: int) -> float:
    """As on the timeline chart: marks at one date spread a little up and down."""
    return ((i * 7) % 9 - 4) * 1.8


# -- claims per month, by status -----------------------------------------------------------------


def counts(items: Sequence[Counted]) -> list[tuple[tuple[int, int | None], list[Counted]]]:
    """The claims by month (year, month; month None where only the year is known), every month from
    the first to the last, empty ones too; a year-only column comes before that year's months."""
    by: dict[tuple[int, int | None], list[Counted]] = defaultdict(list)
    for c in items:
        by[c.date.anchor.month_key()].append(c)
    if not by:
        return []
    months = [k for k in by if k[1]]
    keys = set(by)
    if months:
        (y, m), last = min(months), max(months)
        while (y, m) <= last:
            keys.add((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    order = sorted(keys, key=lambda k: (k[0], k[1] or 0))
    return [(k, sorted(by.get(k, []), key=lambda c: (vocab.STATUS_STRENGTH.index(c.status)
                                                     if c.status in vocab.STATUS_STRENGTH else 99, c.href)))
            for k in order]


def counts_svg(items: Sequence[Counted], *, label: str = "Claims per month") -> bytes:
    """A column per month, stacked by status: a block per claim linking to it; a taller column
    (more than _MAX_STACK claims in one month) is a block per status, titled with its count."""
    return counts_drawn(items, label=label).svg


def counts_drawn(items: Sequence[Counted], *, label: str = "Claims per month") -> Drawn:
    """counts_svg's SVG with where its linked blocks are (for the PDF)."""
    columns = counts(items)
    most = max(len(cs) for _, cs in columns)
    top, bottom = 10.0, 110.0
    unit = (bottom - top) / most
    step = min((WIDTH - _RIGHT - _LEFT) / len(columns), 40)
    out = [_open(WIDTH, 140, label), f'<path d="M{_LEFT} {_n(top)}V{_n(bottom)}H{WIDTH - _RIGHT}" fill="none" '
           'stroke="currentColor"/>', '<g text-anchor="end">']
    for value in sorted({0, most}):
        out.append(f'<text x="{_LEFT - 8}" y="{_n(bottom - value * unit + 4)}">{value}</text>')
    out.append(f'<text x="{_LEFT - 8}" y="{_n((top + bottom) / 2 + 4)}">{_esc("claims")}</text></g>')
    every = -(-len(columns) // 7)  # at most 7 labels
    out.append('<g text-anchor="middle">')
    for i, ((year, month), _) in enumerate(columns):
        if i % every == 0:
            text = (str(year) if not month else f"{MONTHS[month - 1][:3]} {year}" if i == 0 or month == 1
                    else MONTHS[month - 1][:3])
            out.append(f'<text x="{_n(_LEFT + i * step + step / 2)}" y="{_n(bottom + 14)}">{_esc(text)}</text>')
    out.append("</g>")
    blocks = []
    for i, ((year, month), cs) in enumerate(columns):
        x = _LEFT + i * step
        when = f"{MONTHS[month - 1]} {year}" if month else f"{year} (month not known)"
        width = max(step - 2, 1)
        y = bottom
        for status, group in _stacks(cs):
            h = unit * len(group)
            # edges rounded, not sizes: the blocks of a column meet exactly
            box = (_n(x + 1), _n(y - h), _n(x + 1 + width) - _n(x + 1), _n(y) - _n(y - h))
            rect = f'<rect x="{box[0]}" y="{box[1]}" width="{box[2]}" height="{box[3]}"/>'
            if len(group) == 1:
                title = f"{when} · {status_label(status)} · {brief(group[0].statement)}"
                blocks.append((status, _BAR, _link(group[0].href, title, "cs-count", rect),
                               _hit(group[0].href, box)))
            else:
                title = f"{when} · {status_label(status)} · {len(group)} claims"
                blocks.append((status, _BAR, _link("", title, "cs-count", rect), None))
            y -= h
    out += _by_status(blocks)
    out.append("</svg>")
    return _drawn(out, WIDTH, 140, blocks)


def _stacks(cs: list[Counted]) -> list[tuple[str, list[Counted]]]:
    if len(cs) <= _MAX_STACK:
        return [(c.status, [c]) for c in cs]
    by: dict[str, list[Counted]] = {}
    for c in cs:
        by.setdefault(c.status, []).append(c)
    return list(by.items())


def counts_table(items: Sequence[Counted]) -> Table:
    rows = []
    for (year, month), cs in counts(items):
        for status, n in Counter(c.status for c in cs).items():
            when = f"{MONTHS[month - 1]} {year}" if month else f"{year} (month not known)"
            rows.append((Cell(when), Cell(status_label(status)), Cell(str(n))))
    return Table(("Month", "Status", "Claims"), tuple(rows))


# -- the figures claims give ---------------------------------------------------------------------


def figures_svg(figures: Sequence[Figure], *, label: str = "Figures the sources give") -> bytes:
    """A panel per unit (the most figures first), each figure a mark at the date its source says
    the claim was made: a point (hollow: about; a triangle down: up to, up: at least), a bar for a
    range. Above MAX_MARKS figures, a panel draws the range of each month's figures per status."""
    return figures_drawn(figures, label=label).svg


def figures_drawn(figures: Sequence[Figure], *, label: str = "Figures the sources give") -> Drawn:
    """figures_svg's SVG with where its linked marks are (for the PDF)."""
    panels = _panels(figures)
    days = [d for f in figures for d in _days(f.date)]
    scale = _DayScale(min(days), max(days), _LEFT, WIDTH - _RIGHT)
    height = 30 + 110 * len(panels)
    out = [_open(WIDTH, height, label)]
    every: list[_Mark] = []
    for p, (unit, fs) in enumerate(panels):
        top, bottom = 12 + 110 * p, 12 + 110 * p + 80
        high = _nice(max(f.upper if f.upper is not None else f.value for f in fs), unit)
        y = lambda v: bottom - (v / high) * (bottom - top) if high else bottom  # noqa: E731
        out.append(f'<g text-anchor="end"><text x="{_LEFT - 8}" y="{top + 4}">{_esc(_number(high))}</text>'
                   f'<text x="{_LEFT - 8}" y="{bottom + 4}">0</text></g>')
        out.append(f'<text x="{_LEFT + 6}" y="{top + 4}">{_esc(unit)}</text>')  # whole: a long unit runs right
        out += _day_axis(scale, bottom, top)
        if len(fs) > MAX_MARKS:
            out += _by_status(_figure_ranges(fs, scale, y))  # they link nowhere
            continue
        seen: Counter = Counter()
        marks = []
        for f in fs:
            x = scale.x(_middle(f.date)) + scale.day / 2
            spot = (round(x), round(y(f.value)))
            x += 5 * seen[spot]  # the same figure from another source stands beside it
            seen[spot] += 1
            marks.append(_figure_mark(f, x, y))
        out += _by_status(marks)
        every += marks
    out.append("</svg>")
    return _drawn(out, WIDTH, height, every)


def _figure_mark(f: Figure, x: float, y: Callable[[float], float]) -> _Mark:
    v = y(f.value)
    box = _around(x, v, 4)
    if f.upper is not None:
        # edges rounded, not sizes: the bar ends where its figures are
        box = (_n(x - 3), _n(y(f.upper)), 6, max(_n(v) - _n(y(f.upper)), 2))
        body = f'<rect x="{box[0]}" y="{box[1]}" width="6" height="{box[3]}"/>'
        kind, style = "cs-range", _BAR
    elif f.qualifier in ("up-to", "at-least"):
        d = -1 if f.qualifier == "up-to" else 1  # the side the flat edge is on: up to points down
        body = f'<path d="M{_n(x - 4)} {_n(v + 3 * d)}h8l-4 {-7 * d}z"/>'
        kind, style = f"cs-{f.qualifier}", _SOLID
    else:
        body = f'<circle cx="{_n(x)}" cy="{_n(v)}" r="4"/>'
        kind, style = ("cs-about", _HOLLOW_POINT) if f.qualifier == "about" else ("cs-exactly", _POINT)
    title = f"{f.source}: {f.text} · {f.date.text()} · {status_label(f.status)} · {brief(f.statement)}"
    return f.status, style, _link(f.href, title, f"cs-figure {kind}", body), _hit(f.href, box)


def _figure_ranges(fs: list[Figure], scale: "_DayScale", y) -> list[_Mark]:
    by: dict[tuple, list[Figure]] = defaultdict(list)
    for f in fs:
        by[(f.date.anchor.month_key(), f.status)].append(f)
    out = []
    for ((year, month), status), group in sorted(by.items(), key=lambda kv: (kv[0][0][0], kv[0][0][1] or 0, kv[0][1])):
        lo = min(f.value for f in group)
        hi = max(f.upper if f.upper is not None else f.value for f in group)
        start = datetime.date(year, month or 1, 1)
        end = datetime.date(year, month or 12, calendar.monthrange(year, month or 12)[1])
        x0, x1 = scale.x(start), scale.x(end) + scale.day
        body = (f'<rect x="{_n(x0)}" y="{_n(y(hi))}" width="{max(_n(x1) - _n(x0), 3)}" '
                f'height="{max(_n(y(lo)) - _n(y(hi)), 2)}"/>')
        when = f"{MONTHS[month - 1]} {year}" if month else str(year)
        title = f"{when} · {status_label(status)} · {len(group)} figures from {_number(lo)} to {_number(hi)}"
        out.append((status, _BAR, _link("", title, "cs-figure cs-range", body), None))
    return out


def figures_table(figures: Sequence[Figure]) -> Table:
    rows = tuple((Cell(f.date.text()), Cell(f.source), Cell(f.text), Cell(status_label(f.status)),
                  Cell(f.statement, f.href)) for _, fs in _panels(figures) for f in fs)
    return Table(("Said", "Source", "Figure", "Status", "Claim"), rows)


def _panels(figures: Iterable[Figure]) -> list[tuple[str, list[Figure]]]:
    by: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by["percent" if f.unit in ("percent", "%") else f.unit].append(f)
    order = sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [(unit, sorted(fs, key=lambda f: (f.date.sort_key(), f.href, f.source, f.value))) for unit, fs in order]


def _nice(high: float, unit: str) -> float:
    """The top of a panel's axis: 100 for shares, else the next 1, 2 or 5 times a power of ten."""
    if unit == "percent" and high <= 100:
        return 100
    if high <= 0:
        return 1
    step = 1.0
    while step * 10 <= high:
        step *= 10
    return next(m * step for m in (1, 2, 5, 10) if m * step >= high)


def _number(v: float) -> str:
    return f"{v:,.0f}" if v == int(v) else f"{v:,g}"


# -- dates on the horizontal axis ----------------------------------------------------------------


def _days(d: DateValue) -> list[datetime.date]:
    (a, b) = d.bounds()
    return [datetime.date(*t) for t in (a, b) if 1000 <= t[0] <= 9000] or [datetime.date(*a if a[0] >= 1000 else b)]


def _middle(d: DateValue) -> datetime.date:
    days = _days(d)
    return days[0] + (days[-1] - days[0]) / 2


class _DayScale:
    """Days to x, with a margin either side; a single day still gets a month of axis."""

    def __init__(self, lo: datetime.date, hi: datetime.date, x0: float, x1: float):
        pad = datetime.timedelta(days=max(15, (hi - lo).days // 30))
        self.lo, self.hi = lo - pad, hi + pad
        self.x0, self.x1 = x0, x1
        self.day = (x1 - x0) / ((self.hi - self.lo).days + 1)

    def x(self, d: datetime.date) -> float:
        return self.x0 + (d - self.lo).days * self.day


def _day_axis(scale: _DayScale, y: float, top: float | None = None) -> list[str]:
    """The axis with a tick at the first of every 1, 2, 3, 6 or 12 months (or more years), at most
    7, as one path and a <g> of labels; from `top`, the vertical axis too."""
    ticks = list(_ticks(scale))
    start = f"M{_n(scale.x0)} {_n(top)}V{_n(y)}" if top is not None else f"M{_n(scale.x0)} {_n(y)}"
    d = start + f"H{_n(scale.x1)}" + "".join(f"M{_n(x)} {_n(y)}v4" for x, _ in ticks)
    return [f'<path d="{d}" fill="none" stroke="currentColor"/><g text-anchor="middle">',
            *(f'<text x="{_n(x)}" y="{_n(y + 16)}">{_esc(text)}</text>' for x, text in ticks), "</g>"]


def _ticks(scale: _DayScale) -> Iterable[tuple[float, str]]:
    if (scale.hi - scale.lo).days <= 70:  # a short axis: the 1st, 11th and 21st of each month
        days = [scale.lo + datetime.timedelta(days=n) for n in range((scale.hi - scale.lo).days + 1)]
        yield from ((scale.x(day), f"{day.day} {MONTHS[day.month - 1][:3]}") for day in days if day.day in (1, 11, 21))
        return
    span = (scale.hi.year - scale.lo.year) * 12 + scale.hi.month - scale.lo.month + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120, 600) if span / s <= 7), 1200)
    year, month = scale.lo.year, scale.lo.month
    first = True
    while datetime.date(year, month, 1) <= scale.hi:
        day = datetime.date(year, month, 1)
        if day >= scale.lo and ((year * 12 + month - 1) % step == 0):
            yield scale.x(day), (str(year) if step >= 12 else (f"{MONTHS[month - 1][:3]} {year}" if first or month == 1
                                                               else MONTHS[month - 1][:3]))
            first = False
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# -- SVG text ------------------------------------------------------------------------------------


def _drawn(out: list[str], width: int, height: int, marks: Iterable[_Mark]) -> Drawn:
    return Drawn("".join(out).encode("utf-8"), width, height, tuple(m[3] for m in marks if m[3] is not None))


def _around(x: float, y: float, r: float) -> tuple[int, int, int, int]:
    """The box of a point of radius r, a unit wider each way: the PDF's link over it is easy to hit."""
    return (_n(x - r - 1), _n(y - r - 1), _n(2 * r + 2), _n(2 * r + 2))


def _hit(href: str, box: tuple[float, float, float, float]) -> Hit | None:
    return Hit(href, *box) if href else None


def _open(width: int, height: int, label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" aria-label="{_attr(label)}" style="max-width: 100%; height: auto" '
            f'fill="currentColor" {_FONT}>')


BRIEF = 80  # characters of a statement in a mark's title


@lru_cache(maxsize=1 << 16)
def brief(statement: str) -> str:
    """A statement cut to BRIEF characters at a word, ended by an ellipsis: enough to tell the marks
    apart in a tooltip; the page gives it whole in the list under the chart (or the table beside it)
    and on the claim's page the mark links to (the slice's table cuts it so too). Most of the charts' bytes were these titles."""
    text = " ".join(statement.split())
    if len(text) <= BRIEF:
        return text
    cut = text[:BRIEF - 1]
    return (cut[:cut.rfind(" ")] if " " in cut[BRIEF // 2:] else cut).rstrip(" ,;:") + "…"


def _n(v: float) -> int:
    """A coordinate in whole units of the view box: a unit is about a pixel, and finer changes nothing seen."""
    return round(v)


def _link(href: str, title: str, css: str, body: str) -> str:
    at = f' href="{_attr(href)}"' if href else ""
    return f'<a{at} class="{css}"><title>{_esc(title)}</title>{body}</a>'


@lru_cache(maxsize=1 << 16)  # a claim's title recurs on each page of what it names
def _esc(text: str) -> str:
    """Record text as XML character data, one line, every invisible character shown by name."""
    return escape(visible(" ".join(text.split())))


def _attr(text: str) -> str:
    return escape(visible(text), {'"': "&quot;"})
