"""Dates at their own precision: parsed from EDTF, sorted, and written out.

A date is never widened (June 2025 is not 1 June 2025) and never moved to
another time zone: a time is shown as the source gave it, with its zone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_RE = re.compile(
    r"^(?P<y>\d{4})(-(?P<m>\d{2})(-(?P<d>\d{2})(T(?P<t>\d{2}:\d{2})(:\d{2})?(?P<z>Z|[+-]\d{2}:\d{2})?)?)?)?"
    r"(?P<q>[~?%])?$"
)


@dataclass(frozen=True)
class DateValue:
    edtf: str
    year: int
    month: int | None
    day: int | None
    time: str | None  # HH:MM, local to the source
    zone: str | None
    approximate: bool
    uncertain: bool

    @classmethod
    def parse(cls, text: str) -> "DateValue":
        m = _RE.match(text)
        if not m:
            raise ValueError(f"not an EDTF date this project uses: {text!r}")
        q = m["q"] or ""
        return cls(text, int(m["y"]), int(m["m"]) if m["m"] else None, int(m["d"]) if m["d"] else None,
                   m["t"], m["z"], q in "~%" and q != "", q in "?%" and q != "")

    @property
    def precision(self) -> str:
        if self.time:
            return "time"
        return "day" if self.day else "month" if self.month else "year"

    def sort_key(self) -> tuple:
        """Coarser dates sort before the finer dates inside them."""
        return (self.year, self.month or 0, self.day or 0, self.time or "")

    def iso(self) -> str:
        """The date part at its precision: 2025, 2025-06, 2025-07-11."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def text(self) -> str:
        """11 July 2025, June 2025, 2025; 'about' and '(uncertain)' where marked."""
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
        """The date with its preposition: on 11 July 2025, in June 2025."""
        return ("on " if self.day else "in ") + self.text()

    def month_key(self) -> tuple[int, int | None]:
        return (self.year, self.month)


def parse(text: str | None) -> DateValue | None:
    return _parse(text) if text else None


@lru_cache(maxsize=1 << 14)  # dates are immutable and recur: a large report has a few thousand distinct ones
def _parse(text: str) -> DateValue:
    return DateValue.parse(text)
