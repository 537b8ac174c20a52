"""Dates at their own precision: parsed from EDTF, sorted, and written out.

A date is never widened (June 2025 is not 1 June 2025) and never moved to
another time zone: a time is shown as the source gave it, with its zone.

The one rule for what a record may write (RULE, repeated by every message):
a year, a month or a day, a day with a time to the minute or the second and
optionally its zone; ~ approximate, ? uncertain, % both; or an interval of two
of those joined by /, with .. for an open end. Everything here is EDTF
(ISO 8601-2) except a time without seconds, which sources give and EDTF does
not: 14:30 is read as the minute, never as 14:30:00.
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

RULE = ("write a year (2025), a month (2025-06) or a day (2025-07-11), optionally with a time "
        "(2024-02-07T14:30, seconds and a zone such as Z or +09:00 optional); mark it ~ approximate, "
        "? uncertain or % both (2025-06~); or an interval of two of these joined by / "
        "(2024-10/2024-12), with .. for an open end (2024-10/..)")

_SIMPLE = (r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?)?)?[~?%]?")
PATTERN = rf"^(?:{_SIMPLE}|{_SIMPLE}/(?:{_SIMPLE}|\.\.)|\.\./{_SIMPLE})$"  # the JSON Schema's pattern
_RE = re.compile(
    r"^(?P<y>\d{4})(-(?P<m>\d{2})(-(?P<d>\d{2})(T(?P<t>\d{2}:\d{2})(?P<s>:\d{2})?(?P<z>Z|[+-]\d{2}:\d{2})?)?)?)?"
    r"(?P<q>[~?%])?$"
)
YEAR_MIN, YEAR_MAX = 1000, 2100


@dataclass(frozen=True)
class DateValue:
    """A date at its precision, or an interval of two (`end` set; an open end is `None` with `open_*`).

    For an interval the fields year..uncertain describe the date it is sorted and grouped by:
    its start, or its end where the start is open.
    """

    edtf: str
    year: int
    month: int | None
    day: int | None
    time: str | None  # HH:MM, local to the source
    zone: str | None
    approximate: bool
    uncertain: bool
    start: "DateValue | None" = None  # an interval's first date; None where it is open or no interval
    end: "DateValue | None" = None  # an interval's last date
    interval: bool = False

    @classmethod
    def parse(cls, text: str) -> "DateValue":
        if "/" in text:
            first, _, last = text.partition("/")
            if "/" in last or (first == ".." and last == ".."):
                raise ValueError(f"not an EDTF date this project uses: {text!r}")
            start = None if first == ".." else cls.parse(first)
            end = None if last == ".." else cls.parse(last)
            if start is not None and start.interval or end is not None and end.interval:
                raise ValueError(f"not an EDTF date this project uses: {text!r}")
            anchor = start or end
            assert anchor is not None
            return cls(text, anchor.year, anchor.month, anchor.day, anchor.time, anchor.zone,
                       anchor.approximate, anchor.uncertain, start, end, True)
        m = _RE.match(text)
        if not m:
            raise ValueError(f"not an EDTF date this project uses: {text!r}")
        q = m["q"] or ""
        return cls(text, int(m["y"]), int(m["m"]) if m["m"] else None, int(m["d"]) if m["d"] else None,
                   m["t"], m["z"], q in "~%" and q != "", q in "?%" and q != "")

    @property
    def precision(self) -> str:
        if self.interval:
            return "interval"
        if self.time:
            return "time"
        return "day" if self.day else "month" if self.month else "year"

    def sort_key(self) -> tuple:
        """Coarser dates sort before the finer dates inside them; an interval by its start."""
        key = self.__dict__.get("_sort_key")  # worked out once: parse() hands out one value per text
        if key is None:
            own = (self.year, self.month or 0, self.day or 0, self.time or "")
            key = own + ((0 if self.start else -1, self.end.sort_key() if self.end else (9999,)) if self.interval
                         else ())
            object.__setattr__(self, "_sort_key", key)
        return key

    def iso(self) -> str:
        """The date part at its precision: 2025, 2025-06, 2025-07-11; an interval's as start/end."""
        if self.interval:
            return f"{self.start.iso() if self.start else '..'}/{self.end.iso() if self.end else '..'}"
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def anchor(self) -> "DateValue":
        """The one date that stands for it where only one fits: an interval's start, else its end."""
        return ((self.start or self.end) if self.interval else self)  # type: ignore[return-value]

    def first_iso(self) -> str:
        """The date a machine-readable single date stands for (<time datetime>, schema.org)."""
        return self.anchor.iso()

    def text(self) -> str:
        """11 July 2025, June 2025, 2025; 'about' and '(uncertain)' where marked; intervals with 'to'."""
        if self.interval:
            if self.start and self.end:
                return f"{self.start.text()} to {self.end.text()}"
            return f"{self.start.text()} onwards" if self.start else f"until {self.end.text()}"  # type: ignore[union-attr]
        if self.day:
            out = f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        elif self.month:
            out = f"{MONTHS[self.month - 1]} {self.year}"
        else:
            out = str(self.year)
        if self.time:
            zone = {None: " local time", "Z": " UTC"}.get(self.zone, f" UTC{self.zone}")
            out += f", {self.time}{zone}"
        if self.approximate:
            out = "about " + out
        if self.uncertain:
            out += " (uncertain)"
        return out

    def on(self) -> str:
        """The date with its preposition: on 11 July 2025, in June 2025, from October to December 2024."""
        if self.interval:
            if self.start and self.end:
                return f"from {self.start.text()} to {self.end.text()}"
            return f"from {self.start.text()} on" if self.start else f"until {self.end.text()}"  # type: ignore[union-attr]
        return ("on " if self.day else "in ") + self.text()

    def month_key(self) -> tuple[int, int | None]:
        return (self.year, self.month)

    def bounds(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """The first and last day the date can mean at its precision; an open end is unbounded."""
        if self.interval:
            low = self.start.bounds()[0] if self.start else (0, 1, 1)
            high = self.end.bounds()[1] if self.end else (9999, 12, 31)
            return low, high
        last_day = self.day or (calendar.monthrange(self.year, self.month)[1] if self.month else 31)
        return (self.year, self.month or 1, self.day or 1), (self.year, self.month or 12, last_day)

    def overlaps(self, other: "DateValue") -> bool:
        """Whether the two can name the same day (June 2025 and 11 June 2025 can; 11 and 12 July cannot).

        Approximate and uncertain dates can mean a nearby day too, so they are taken to overlap any
        date within a month of them at their precision."""
        (a0, a1), (b0, b1) = self.bounds(), other.bounds()
        if self.approximate or self.uncertain or other.approximate or other.uncertain:
            a0, a1 = _widen(a0, -31), _widen(a1, 31)
        return a0 <= b1 and b0 <= a1


def _widen(day: tuple[int, int, int], days: int) -> tuple[int, int, int]:
    if day[0] < 1 or day[0] > 9998:
        return day
    d = datetime.date(*day) + datetime.timedelta(days=days)
    return (d.year, d.month, d.day)


def problem(text: str) -> str | None:
    """Why a string is not a date records may hold, or None: the rule in RULE."""
    try:
        value = DateValue.parse(text)
    except ValueError:
        return f"'{text[:80]}' is not a date: {RULE}"
    for part in ((value.start, value.end) if value.interval else (value,)):
        if part is None:
            continue
        if not _real(part):
            return f"'{part.edtf}' is not a real calendar date or time"
        if not YEAR_MIN <= part.year <= YEAR_MAX:
            return f"'{part.edtf}' is outside the years {YEAR_MIN} to {YEAR_MAX} that dates may have here"
    if value.interval and value.start and value.end and value.start.bounds()[0] > value.end.bounds()[1]:
        return f"'{text}' ends before it starts: write the earlier date first"
    return None


def _real(d: DateValue) -> bool:
    try:
        datetime.date(d.year, 1 if d.month is None else d.month, 1 if d.day is None else d.day)
    except ValueError:
        return False
    if d.time is None:
        return True
    clock = d.edtf.rstrip("~?%").split("T")[1]
    if d.zone:
        clock = clock[: len(clock) - len(d.zone)]
    h, mi, *sec = (int(x) for x in clock.split(":"))
    if h > 23 or mi > 59 or (sec and sec[0] > 59):
        return False
    if d.zone and d.zone != "Z":
        zh, zm = (int(x) for x in d.zone[1:].split(":"))
        if zh > 14 or zm > 59:
            return False
    return True


def parse(text: str | None) -> DateValue | None:
    return _parse(text) if text else None


@lru_cache(maxsize=1 << 14)  # dates are immutable and recur: a large report has a few thousand distinct ones
def _parse(text: str) -> DateValue:
    return DateValue.parse(text)
