"""Draft: the dates a sentence gives, in words and in the common numeric forms."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ...dates import MONTHS


# -- dates ---------------------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_MONTH_CAP = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
             r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"(?<![\d.\-/])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T[\d:]+(?:Z|[+\-]\d{2}:?\d{2})?)?"
                       r"(?![\d\-/])")),
    ("ymd", re.compile(r"(?<![\d.\-/])(?P<y>\d{4})[./](?P<m>\d{1,2})[./](?P<d>\d{1,2})(?!\d|[./]\d)")),
    ("dotted", re.compile(r"(?<![\d.\-/])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?!\d|\.\d)")),
    ("slashed", re.compile(r"(?<![\d.\-/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?!\d|/\d)")),
    ("day-month", re.compile(rf"(?<!\w)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>\d{{4}}))?"
                             r"(?![\w])")),
    ("month-day", re.compile(rf"(?<!\w)(?P<m>{_MONTH_CAP})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
                             r"(?:,?\s+(?P<y>\d{4}))?(?!\d)")),
    ("month-year", re.compile(rf"(?<!\w)(?P<m>{_MONTH_CAP})\s+(?P<y>\d{{4}})(?!\d)")),
    ("month", re.compile(rf"(?<!\w)(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Ee]arly|[Ll]ate|[Mm]id-?)\s+"
                         rf"(?:(?:early|late|mid-?)\s*)?(?P<m>{_MONTH_CAP})(?![\w\s]*\d)")),
    ("year", re.compile(r"(?<!\w)(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Oo]f)\s+"
                        r"(?P<y>(?:1[89]|20)\d{2})(?![\d\-])")),
    ("weekday", re.compile(r"(?<!\w)(?P<w>" + "|".join(w.title() for w in _WEEKDAYS) + r")(?!\w)")),
    ("relative", re.compile(r"(?<!\w)(?P<r>today|yesterday|this morning|this evening|tonight|"
                            r"(?:earlier|later) (?:the same|that|in the) day|on the same day)(?!\w)", re.IGNORECASE)),
)
# The regions that write a numeric date month first (7/2/2024 = July 2); elsewhere day first.
_MONTH_FIRST_REGIONS = {"US", "PH", "CA", "FM", "MH", "PW"}


@dataclass(frozen=True)
class FoundDate:
    edtf: str
    start: int
    end: int
    reasoning: str  # how the text was read, for date_reasoning


@dataclass(frozen=True)
class Unread:
    """A date the text gives that cannot be read without more: no year, or day and month ambiguous."""

    text: str
    start: int
    end: int
    why: str


def dates_in(text: str, published: str | None = None, language: str | None = None
             ) -> tuple[list[FoundDate], list[Unread]]:
    """Every date a sentence gives, in order, as EDTF at the text's precision.

    Numeric forms: 2024-02-07 and 2024.02.07 (year first), 07.02.2024 (day
    first: the dotted form is day-month-year wherever it is written), 7/2/2024
    (day first or month first: read where one part exceeds 12 or both are the
    same, else by the source's region, en-US month first, en-GB or any other
    region day first, and left unread when the language tag gives no region).
    Words: "7 February 2024", "Feb. 7, 2024", "February 2024", "in March",
    "in 2006", "on Saturday", "yesterday", "earlier the same day". A day or month
    without a year takes the publication's year, or the year before where that
    would put it more than a month after publication (news reports the past).
    """
    pub = _published_day(published)
    found: list[FoundDate] = []
    unread: list[Unread] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_RES:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            got = _read_date(kind, m, pub, language)
            if isinstance(got, str):
                unread.append(Unread(m.group().strip(), m.start(), m.end(), got))
                taken.append(m.span())
            elif got is not None:
                found.append(FoundDate(got[0], m.start(), m.end(), got[1]))
                taken.append(m.span())
    found.sort(key=lambda d: d.start)
    return found, unread


def _read_date(kind: str, m: re.Match, pub: datetime.date | None, language: str | None
               ) -> tuple[str, str] | str | None:
    """(EDTF, reasoning); a str: why it cannot be read; None: not a date after all."""
    said = f'"{m.group().strip()}"'
    if kind in ("iso", "ymd", "dotted"):
        return _day(int(m["y"]), int(m["m"]), int(m["d"]),
                    said + (", day first: the dotted form is day.month.year" if kind == "dotted" else ""))
    if kind == "slashed":
        return _slashed(m, said, language)
    if kind == "weekday":
        return _weekday(m["w"], pub, said)
    if kind == "relative":
        return _relative(m["r"].lower(), pub, said)
    month = _month(m["m"]) if m.groupdict().get("m") else None
    year = int(m["y"]) if m.groupdict().get("y") else None
    day = int(m["d"]) if m.groupdict().get("d") else None
    if year is None:
        if pub is None:
            return "the source gives no year and no publication date"
        year, said = _year_for(month, day, pub), said + f", in an article published on {pub.isoformat()}"
    if month is None:
        return f"{year:04d}", said
    if day is None:
        return f"{year:04d}-{month:02d}", said
    return _day(year, month, day, said)


def _day(year: int, month: int, day: int, said: str) -> tuple[str, str] | None:
    try:
        return datetime.date(year, month, day).isoformat(), said
    except ValueError:
        return None


def _slashed(m: re.Match, said: str, language: str | None) -> tuple[str, str] | str | None:
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12 or a == b:
        return _day(year, b, a, said + ", day first" if a != b else said)
    if b > 12:
        return _day(year, a, b, said + ", month first")
    region = _region(language)
    if region is None:
        return (f"{m.group()} is {a} {MONTHS[b - 1]} read day first, {MONTHS[a - 1]} {b} read month first, "
                "and the source's language gives no region to choose")
    if region in _MONTH_FIRST_REGIONS:
        return _day(year, a, b, said + f", month first as the source's region ({region}) writes dates")
    return _day(year, b, a, said + f", day first as the source's region ({region}) writes dates")


def _region(language: str | None) -> str | None:
    m = re.search(r"-([A-Za-z]{2})(?:-|$)", language or "")
    return m.group(1).upper() if m else None


def _weekday(name: str, pub: datetime.date | None, said: str) -> tuple[str, str] | str:
    if pub is None:
        return "a weekday, and the source has no publication date"
    back = (pub.weekday() - _WEEKDAYS.index(name.lower())) % 7
    date = pub - datetime.timedelta(days=back)
    return date.isoformat(), (f'{said} in an article published on {_WEEKDAYS[pub.weekday()].title()} '
                              f'{pub.day} {MONTHS[pub.month - 1]} {pub.year}')


def _relative(words: str, pub: datetime.date | None, said: str) -> tuple[str, str] | str:
    if pub is None:
        return "relative to a publication date the source does not give"
    date = pub - datetime.timedelta(days=1) if words == "yesterday" else pub
    return date.isoformat(), f"{said} in an article published on {pub.isoformat()}"


def _year_for(month: int, day: int | None, pub: datetime.date) -> int:
    ahead = (month - pub.month) * 31 + ((day or 1) - pub.day)
    return pub.year - 1 if ahead > 31 else pub.year


def _month(text: str) -> int:
    return [m[:3].lower() for m in MONTHS].index(text[:3].lower()) + 1


def _published_day(published: str | None) -> datetime.date | None:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published or "")
    return datetime.date(int(m[1]), int(m[2]), int(m[3])) if m else None
