"""A source's snapshot -> proposed claim records (drafts), and their coverage.

A sentence is proposed as a claim when it attributes something to someone (a
reporting verb: said, told, according to, citing, believes, ...), carries a
figure, or relates entities of the report (it names a weapon, or two entities
or more). Headlines, datelines, bylines, credit lines and photo captions are
never proposed: a paragraph that does not end as a sentence ends is a
headline or a label; a leading "KYIV, Feb 7 (Reuters) -" is cut off.

Each draft quotes its sentence verbatim, so it passes the quote check, and
proposes, where a simple reading of the sentence can tell:
- the claimant: the subject of the reporting verb ("X said", "said X",
  "according to X", "X told Y", "citing X"), "he"/"she" for the previous
  person, the previous speaker for a bare quotation, an unnamed subject as a
  vague claimant ("Security experts"); the outlet only where no one else is
  said to assert it ("reportedly" is not the outlet's own assertion);
- the channel (`via`, one hop): the outlet the claimant spoke to ("told Bloomberg",
  "in an interview with Bloomberg"), the outlet that reported while citing
  the claimant, a post ("said on Facebook"), a briefing ("told reporters");
  never the publisher for being the publisher;
- the figures with their noun phrase ("two of the five missiles", "40 percent
  of the ammunition"), never numbers inside names (S-300, KN-23, Type 75);
- the dates, in the common numeric forms and in words (see `dates_in`):
  `made` where the date goes with the reporting verb, else `event.date`;
- the weapons, actors and places it names through every alias (mentions.py).

Drafts are proposals for an analyst: status reported, credibility 6 (cannot
be judged), assessment TODO. Nothing here does I/O.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from .. import quotes
from ..dates import MONTHS
from .ingest import slug
from ..mentions import Matcher, Mention, name_key
from .yamlwrite import Note, dump, modeline

# -- sentences -----------------------------------------------------------------

_OPEN_QUOTES, _CLOSE_QUOTES = "\u201c\u00ab", "\u201d\u00bb"
_BOUNDARY_RE = re.compile(r"[.!?][\"\u201d\u2019')\]]*\s+(?=[\"\u201c\u2018(\[]?[A-Z0-9])")
_ABBREVIATIONS = ("U.S", "U.K", "U.N", "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "St", "No", "vs",
                  "e.g", "i.e", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
                  "Nov", "Dec", "Prof", "Sen", "Rep", "Gov", "Maj", "Sgt", "Capt", "N")
_ENDS_AS_SENTENCE_RE = re.compile(r"[.!?:][\"\u201d\u2019')\]]*\s*$|[\"\u201d]\s*$")
_BYLINE_RE = re.compile(r"^\s*(?:by|By|BY)\s+[A-Z]|\b\d+\s+min(?:ute)?s?\s+read\b")
_CREDIT_LINE_RE = re.compile(r"^\s*\((?:[^()]*(?:reporting|writing|editing|photo|additional)\b[^()]*)\)\s*$",
                             re.IGNORECASE)
_PHOTO_RE = re.compile(
    r"^\s*(?:photo(?:\s+caption)?\s*:|photo taken\b|pictured\b|file photo\b)|"
    r"\bREUTERS/|==\w+\s*$|\bphoto for illustrative purposes\b|"
    r"\((?:[^()]*/[^()]*|[^()]*\b(?:photo|AFP|AP|EPA|Getty|Reuters|Yonhap|Kyodo|Facebook|Telegram)\b[^()]*)\)\s*$",
    re.IGNORECASE)
# "KYIV, Feb 7 (Reuters) -", "SEOUL/TOKYO, July 24 (Yonhap) --", "KHARKIV, Ukraine (Reuters) –"
_DATELINE_RE = re.compile(
    r"^\s*[A-Z][A-Z'\u2019.\- ]*[A-Z](?:/[A-Z][A-Z'\u2019.\- ]*[A-Z])*"
    r"(?:,\s*[A-Z][\w.]*(?:\s+[\w.]+){0,2})?\s*\([^()]{1,40}\)\s*(?:--|[-\u2013\u2014])\s*")


# The words before a figure or a verb that decide how it reads ("as many as", "is believed") are
# few: each look back reads this many characters, so a sentence costs in proportion to its length.
_WINDOW = 80
# Prose sentences are far shorter; a longer run without a full stop (a table, a list flattened
# by the capture) is not proposed, which also bounds the work on a hostile snapshot.
MAX_SENTENCE = 2000
MAX_NUMBERS, MAX_VERBS = 60, 30  # per sentence: the most a sentence of prose has, many times over


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: int  # 1-based, counting non-empty lines
    line: int  # 1-based line of the snapshot


def sentences(text: str) -> list[Sentence]:
    """The sentences of a snapshot's prose, paragraph by paragraph (a paragraph is a line);
    headlines, bylines, captions and credit lines are left out, datelines cut off."""
    out = []
    paragraph = 0
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        paragraph += 1
        if furniture(line):
            continue
        line = _DATELINE_RE.sub("", line, count=1)
        for part in _split(line):
            if part.strip() and len(part) <= MAX_SENTENCE and not _PHOTO_RE.search(part):
                out.append(Sentence(part.strip(), paragraph, line_no))
    return out


def furniture(line: str) -> str:
    """Why a paragraph is no prose ("headline", "byline", ...), or ""."""
    if _BYLINE_RE.search(line):
        return "byline"
    if _CREDIT_LINE_RE.match(line):
        return "credit line"
    if not _ENDS_AS_SENTENCE_RE.search(line):
        return "headline or label"  # no full stop: a headline, a tag line, a label
    if _PHOTO_RE.search(line) and len(_split(line)) <= 3:
        return "photo caption"
    return ""


def _split(line: str) -> list[str]:
    """The sentences of a line: at each boundary not inside a quotation nor after an abbreviation.
    The quotation marks are counted as the scan goes, so a long line costs in proportion to its length."""
    parts, start, counted, opened, straight = [], 0, 0, 0, 0
    for m in _BOUNDARY_RE.finditer(line):
        segment = line[counted:m.end()]
        counted = m.end()
        opened += sum(segment.count(c) for c in _OPEN_QUOTES) - sum(segment.count(c) for c in _CLOSE_QUOTES)
        straight += segment.count('"')
        if opened > 0 or straight % 2 == 1 or _ends_with_abbreviation(line[max(0, m.start() - 40):m.start()]):
            continue
        parts.append(line[start:m.end()])
        start, opened, straight = m.end(), 0, 0
    parts.append(line[start:])
    return parts


def _ends_with_abbreviation(text: str) -> bool:
    word = re.search(r"(?:^|\s|\()([\w.]+)$", text)
    return bool(word) and (word.group(1) in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1)) is not None)


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


# -- figures -------------------------------------------------------------------

_WORD_NUMBERS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                      "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12})
_SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_NUMBER = (r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\d+,\d+|"
           + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + ")")
_NUMBER_RE = re.compile(rf"(?<![\w.,/\-])(?P<n>{_NUMBER})(?:\s+(?P<scale>{'|'.join(_SCALES)}))?(?![\w\-]|[.,]\d)",
                        re.IGNORECASE)
_PERCENT_RE = re.compile(r"\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
_QUALIFIERS = (
    ("up-to", r"(?:as much as|up to|as many as)\s*$"),
    ("at-least", r"(?:at least|more than|over|over the|upwards of|in excess of)\s*$"),
    ("about", r"(?:about|approximately|around|some|nearly|almost|roughly|an estimated|close to)\s*$"),
)
# Words a unit's noun phrase never runs into.
_UNIT_STOP = set(
    "a an the of to from that which who and or but in on at by for with since as than into onto over under "
    "is are was were be been being has have had do does did will would could should may might can must "
    "it its their his her this these those there here not no also while when where after before about "
    "said says told according per percent including such each every other more less".split())
# Capitalised words that may stand before a figure: elsewhere "Word 75" is a name (Type 75, Resolution 1874).
_BEFORE_FIGURE_OK = set(
    "about around some over nearly almost roughly approximately at up in on by since until more than only just "
    "of the and to with from all another least as an a among including".split()) | set(_WEEKDAYS) | {
    m.lower() for m in MONTHS} | {m[:3].lower() for m in MONTHS} | {"sept"}
_DETERMINERS = {"the", "these", "those", "its", "their", "his", "her", "our", "both", "all"}


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str | None  # the counted noun phrase; None where the text leaves it out
    qualifier: str = "exactly"
    of: str | None = None  # "the ammunition" in "40 percent of the ammunition"
    total: float | None = None  # 5 in "two of five missiles"
    upper: float | None = None  # 64 in "between 52 and 64"

    def __iter__(self):  # (value, unit, qualifier), as tests and callers unpack it
        return iter((self.value, self.unit, self.qualifier))


_FRACTION_RE = re.compile(r"(?<![\w\-])(?P<f>half|a third|one third|a quarter|one quarter|two thirds|two-thirds|"
                          r"three quarters|three-quarters)\s+of\s+", re.IGNORECASE)
_FRACTIONS = {"half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "a quarter": 25.0, "one quarter": 25.0,
              "two thirds": 200 / 3, "two-thirds": 200 / 3, "three quarters": 75.0, "three-quarters": 75.0}


def figures(text: str, mentions: list[Mention]) -> list[Figure]:
    """Each figure with what it counts; dates, years and numbers inside names are not figures."""
    masked = _mask_dates(text)
    inside = [(m.start, m.end) for m in mentions]
    fractions = [(m.start(), _fraction(masked, m)) for m in _FRACTION_RE.finditer(masked)]
    numbers: list[tuple[int, Figure]] = []
    skip_until = -1
    for n, m in enumerate(_NUMBER_RE.finditer(masked)):
        if n == MAX_NUMBERS:
            break  # a table flattened into a sentence, not prose
        if m.start() < skip_until or any(a <= m.start() < b for a, b in inside) or _in_name(masked, m) \
                or _anaphoric(masked, m):
            continue
        read = _figure_at(text, masked, m, mentions, numbers[-1][1].unit if numbers else None)
        if read is not None:
            numbers.append((m.start(), read[0]))
            skip_until = read[1]
    return [f for _, f in sorted([*fractions, *numbers], key=lambda pair: pair[0])]


def _figure_at(text: str, masked: str, m: re.Match, mentions: list[Mention], unit_before: str | None
               ) -> tuple[Figure, int] | None:
    """The figure a number starts, and where it ends: a percentage ("40 percent of the ammunition"),
    a share ("two of five missiles"), a range ("between 52 and 64", "10 to 12 launchers"), a count."""
    value, end = _value(m), m.end()
    before = masked[max(0, m.start() - _WINDOW):m.start()]
    qualifier = _qualifier(before)
    pct = _PERCENT_RE.match(masked, end)
    if pct:
        return Figure(value, "percent", qualifier, _phrase_after(masked, pct.end(), "of")), pct.end()
    total = upper = None
    share = _SHARE_RE.match(masked, end)
    if share:
        total, end = _number(share["t"]) * _SCALES.get((share["s"] or "").lower(), 1), share.end()
    span = _RANGE_RE.match(masked, end)
    if span and (span["j"].lower() != "and" or re.search(r"between\s+$", before, re.IGNORECASE)):
        upper, end = _number(span["u"]), span.end()
    # "killing two people and injuring over 60": a unit left out is the figure before's
    unit = _unit_after(text, end, mentions) or unit_before
    if unit is None and total is None and upper is None and not m["scale"] and value != int(value):
        return None  # "2.5" alone: a version, a score, no count
    return Figure(value, unit, qualifier, None, total, upper), end


_SHARE_RE = re.compile(rf"\s+of\s+(?:the\s+|some\s+|around\s+|about\s+|nearly\s+)?(?P<t>{_NUMBER})"
                       rf"(?:\s+(?P<s>{'|'.join(_SCALES)}))?(?![\w\-])", re.IGNORECASE)
_RANGE_RE = re.compile(rf"\s*(?P<j>\band\b|\bto\b|-|\u2013)\s*(?P<u>{_NUMBER})(?![\w\-])", re.IGNORECASE)


def _fraction(text: str, m: re.Match) -> Figure:
    """"About half of the missiles": 50 percent of the missiles."""
    value = round(_FRACTIONS[m["f"].lower()], 1)
    of = _phrase_after(text, m.end() - len(m.group()) + len(m["f"]), "of")
    return Figure(value, "percent", _qualifier(text[max(0, m.start() - _WINDOW):m.start()]), of)


def _mask_dates(text: str) -> str:
    chars = list(text)
    for kind, pattern in _DATE_RES:
        if kind in ("weekday", "relative"):
            continue
        for m in pattern.finditer(text):
            chars[m.start():m.end()] = " " * (m.end() - m.start())
    for m in re.finditer(r"\b\d{1,2}:\d{2}\b|(?<![\d,.])(?:1[89]|20)\d{2}(?!\d|[.,]\d)(?!\s+[a-z])", text):
        chars[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


def _in_name(text: str, m: re.Match) -> bool:
    """Type 75, Resolution 1874: a number after a capitalised word that is not "About", "In", a weekday, ...
    (S-300, KN-23 and M1991, joined to a letter or a hyphen, never match _NUMBER_RE at all.)"""
    if m["n"][0].isalpha():
        return False
    word = re.search(r"(?:^|\s)([A-Z][\w.\-']*)\s+$", text[max(0, m.start() - _WINDOW):m.start()])
    return bool(word) and word.group(1).lower().rstrip(".") not in _BEFORE_FIGURE_OK


def _anaphoric(text: str, m: re.Match) -> bool:
    """"the two nations", "one of several": a word number that refers back rather than counts."""
    if not m["n"][0].isalpha():
        return False
    word = m["n"].lower()
    if word == "one" and not re.match(rf"\s+of\s+(?:the\s+)?{_NUMBER}\b", text[m.end():], re.IGNORECASE):
        return True
    prev = re.search(r"(\w+)\s+$", text[max(0, m.start() - _WINDOW):m.start()])
    return bool(prev) and prev.group(1).lower() in _DETERMINERS


def _value(m: re.Match) -> float:
    return _number(m["n"]) * _SCALES.get((m["scale"] or "").lower(), 1)


def _number(text: str) -> float:
    word = _WORD_NUMBERS.get(text.lower())
    if word is not None:
        return float(word)
    text = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", text) else text.replace(",", ".")
    return float(text)


def _qualifier(before: str) -> str:
    for key, pattern in _QUALIFIERS:
        if re.search(r"(?<!\w)" + pattern, before, re.IGNORECASE):
            return key
    return "exactly"


_WORD_RE = re.compile(r"\s*([A-Za-z][\w\-\u2019']*|\d+(?:mm|cm|km|kg|t)\b)")


_PUNCTUATION_RE = re.compile(r"\s*[,.;:()]")


def _unit_after(text: str, at: int, mentions: list[Mention]) -> str | None:
    """The noun phrase a number counts: up to four words, to the first plural or the last before a stop."""
    words: list[str] = []
    pos = at
    while len(words) < 4:
        mention = next((mm for mm in mentions if pos <= mm.start <= pos + 3 and not text[pos:mm.start].strip()),
                       None)
        if mention is not None:
            words.append(mention.text)
            pos = mention.end
            continue
        w = _WORD_RE.match(text, pos)
        if not w or w.group(1).lower() in _UNIT_STOP:
            break
        words.append(w.group(1))
        pos = w.end()
        if _plural(w.group(1)) or _PUNCTUATION_RE.match(text, pos):
            break
    while words and not (_plural(words[-1]) or len(words) == 1):
        words.pop()
    return " ".join(words) or None


def _plural(word: str) -> bool:
    w = word.lower()
    return (w.endswith("s") and not w.endswith(("ss", "us", "is"))) or w in {"people", "children", "men", "women",
                                                                             "personnel", "troops", "staff"}


def _phrase_after(text: str, at: int, lead: str) -> str | None:
    m = re.match(rf"\s+{lead}\s+([\w\-\u2019']+(?:\s+[\w\-\u2019']+){{0,5}}?)(?=$|[,.;:()]|\s+(?:that|which|"
                 r"who|is|are|was|were|has|have|had|in|on|at|by|from|to|comes?|came|used|goes|go|and|or|but|with|"
                 r"while|as|"
                 r"about|[a-z]+ed)\b)", text[at:])
    return m.group(1).strip() if m else None


# -- attribution ---------------------------------------------------------------

_VERBS = (
    r"said|says|say|saying|told|tells|tell|believes?|believed|claim(?:s|ed|ing)?|"
    r"not(?:ed|es|ing)|reveal(?:s|ed|ing)?|report(?:s|ed|ing)?|stat(?:es|ed|ing)|add(?:s|ed|ing)|"
    r"emphasi[sz](?:es|ed|ing|e)|stress(?:es|ed|ing)|warn(?:s|ed|ing)?|assess(?:es|ed)|"
    r"estimat(?:es|ed)|insist(?:s|ed)|argu(?:es|ed)|announc(?:es|ed)|confirm(?:s|ed)|"
    r"den(?:ies|ied)|suggest(?:s|ed|ing)|mention(?:s|ed|ing)|analy[sz](?:es|ed|e)|"
    r"mock(?:s|ed|ing)|accus(?:es|ed)|allege[sd]?|admit(?:s|ted)|describ(?:es|ed)|wrote|writes|"
    r"quoted|reaffirm(?:s|ed)|acknowledg(?:es|ed)|explain(?:s|ed)"
)
_VERB_RE = re.compile(rf"(?<!\w)(?:{_VERBS})(?!\w)", re.IGNORECASE)
# Forms that are nouns as often as verbs: a verb only before "that", a comma, a colon or the end.
_NOUN_TOO = {"reports", "claims", "notes", "states", "estimates", "warns", "claim", "report", "note",
             "estimate", "reporting", "claiming"}
_PASSIVE_RE = re.compile(r"(?:\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?)$", re.IGNORECASE)
_NOUN_BEFORE_RE = re.compile(
    r"(?:^|\s)(?:the|a|an|these|those|this|that|his|her|their|its|our|such|on|of|for|about|"
    r"[\w]+['\u2019]s)\s+$", re.IGNORECASE)
_NOT_SUBJECT = {"it", "they", "this", "that", "these", "those", "which", "who", "he", "she", "we", "i",
                "there", "have", "has", "had", "is", "are", "was", "were", "be", "been", "will", "would",
                "can", "could", "may", "might", "also", "and", "but", "or", "then", "however", "as", "while"}
_BETWEEN_SUBJECT_AND_VERB_RE = re.compile(
    r"^(?:\s*,[^,;\u201c\u201d\"]{1,90},)?\s*,?\s*(?:(?:has|have|had|also|previously|earlier|later|then|was|"
    r"were|is|are|further|again|on\s+\w+|in\s+a\s+\w+|quoted\s+as|as|had)\s+)*$", re.IGNORECASE)
_PREPOSITION_BEFORE_RE = re.compile(
    r"(?:^|\s)(?:to|of|for|with|from|by|at|in|on|about|against|than)\s+"
    r"(?:(?:President|Prime|Minister|Defen[cs]e|Foreign|General|Gen\.|Lt\.|Col\.|Mr\.|Ms\.|Dr\.|leader|the)\s+)*$")
_SUBORDINATE_RE = re.compile(r"\s*(?:While|Although|Though|Whereas|Even though|After|Before|If|Because|Unless)\b"
                             r"[^,;]*,")
_PRONOUN_RE = re.compile(r"(?<!\w)(?:he|she)(?!\w)", re.IGNORECASE)
_REPORTEDLY_RE = re.compile(r"\b(?:reportedly|is reported to|are reported to|was reported to|were reported to|"
                            r"is said to|are said to|was said to|were said to|allegedly)\b", re.IGNORECASE)
_CITING_RE = re.compile(r"(?<!\w)citing\s+", re.IGNORECASE)
_ACCORDING_RE = re.compile(r"(?<!\w)according\s+to\s+", re.IGNORECASE)
_NON_AGENT_RE = re.compile(r"^(?:the\s+)?(?:preliminary\s+|initial\s+|latest\s+|official\s+)*"
                           r"(?:data|information|estimates?|figures|statistics|reports?|results|findings)\b",
                           re.IGNORECASE)


@dataclass(frozen=True)
class Claimant:
    actor: str | None = None
    vague: str | None = None
    how: str = ""
    outlet: str | None = None  # the outlet that reported while citing the claimant ("Reuters reported, citing X")


@dataclass(frozen=True)
class Cue:
    """Where a sentence attributes what it says: the words ("said", "according to") and their span."""

    text: str
    start: int
    end: int

    def group(self) -> str:  # as re.Match, for callers that print the verb
        return self.text


def claimant(sentence: str, mentions: list[Mention], kinds: dict[str, str],
             previous: str | None) -> tuple[Claimant, Cue | None]:
    """Who the sentence says asserts it, and the words of attribution it turned on."""
    actors = [m for m in mentions if m.kind == "actor"]
    outside = _mask_quotations(sentence)
    for reader in (_citing, _according_to, _reporting_verbs):
        who, cue = reader(outside, actors, kinds, previous)
        if cue is not None:
            return who, cue
    return Claimant(), None


def _mask_quotations(sentence: str) -> str:
    """The sentence with what stands inside quotation marks blanked: an "according to" in a
    quotation is the speaker's, not the attribution of the sentence."""
    out = re.sub(r"\u201c[^\u201c\u201d]*\u201d|\u00ab[^\u00ab\u00bb]*\u00bb",
                 lambda m: m.group()[0] + "_" * (len(m.group()) - 2) + m.group()[-1], sentence)
    return re.sub(r'"[^"]*"', lambda m: '"' + "_" * (len(m.group()) - 2) + '"', out)


def _citing(sentence: str, actors: list[Mention], kinds: dict[str, str], previous: str | None):
    m = _CITING_RE.search(sentence)
    if not m:
        return Claimant(), None
    cited = _actor_or_phrase(sentence, m.end(), actors, kinds)
    if cited is None:
        return Claimant(), None
    who, verb = _reporting_verbs(sentence[:m.start()], actors, kinds, previous)
    outlet = who.actor if who.actor and kinds.get(who.actor) == "media-outlet" else None
    # "Reuters reported on May 7, citing X": the report's verb dates it
    cue = verb if outlet and verb is not None else Cue(m.group().strip(), m.start(), m.end())
    return replace_how(cited, f'{cited.how} after "citing"', outlet), cue


def _according_to(sentence: str, actors: list[Mention], kinds: dict[str, str], previous: str | None):
    for m in _ACCORDING_RE.finditer(sentence):
        if _NON_AGENT_RE.match(sentence[m.end():]):
            continue  # "according to preliminary data": no one
        after = _actor_or_phrase(sentence, m.end(), actors, kinds)
        if after is None:
            continue
        cue = Cue(m.group().strip(), m.start(), m.end())
        if after.actor and kinds.get(after.actor) == "media-outlet":
            # "Shin said, according to Yonhap": Shin, through Yonhap; else the outlet asserts it
            who, verb = _reporting_verbs(sentence[:m.start()], actors, kinds, previous)
            if verb is not None and (who.actor or who.vague) and who.actor != after.actor:
                return replace_how(who, who.how, after.actor), verb
        return replace_how(after, f'{after.how} after "according to"'), cue
    return Claimant(), None


def _reporting_verbs(sentence: str, actors: list[Mention], kinds: dict[str, str], previous: str | None):
    first = None
    verbs = list(_VERB_RE.finditer(sentence))[:MAX_VERBS]
    opening = _SUBORDINATE_RE.match(sentence)
    if opening:  # "While the Air Force reported ..., the governor said": the main clause first
        verbs.sort(key=lambda v: v.start() < opening.end())
    for verb in verbs:
        if not _is_verb(sentence, verb, actors):
            continue
        cue = Cue(verb.group(), verb.start(), verb.end())
        first = first or cue
        who = _subject(sentence, cue, actors, kinds, previous)
        if who.actor or who.vague:
            return who, cue
    return Claimant(), first


def _is_verb(sentence: str, verb: re.Match, actors: list[Mention]) -> bool:
    if any(m.start <= verb.start() < m.end for m in actors):
        return False  # "States" in "United States"
    before = sentence[max(0, verb.start() - _WINDOW):verb.start()]
    word = verb.group().lower()
    if word in ("believed", "said", "reported", "estimated", "alleged", "claimed") and _PASSIVE_RE.search(before):
        return False  # "is believed to have", "is said to": no one is named as saying it
    if word in _NOUN_TOO and not re.match(r"\s*(?:that\b|,|:|$|\u201c|\")", sentence[verb.end():]):
        return False  # "their initial reports on", "the claims"
    if _NOUN_BEFORE_RE.search(before) and word not in ("said", "told"):
        return False  # "on claims that", "the reports"
    return True


def _subject(sentence: str, verb: Cue, actors: list[Mention], kinds: dict[str, str], previous: str | None
             ) -> Claimant:
    """The subject of a reporting verb: before it ("X said"), or after it ("..., said X")."""
    before = sentence[:verb.start]
    clause_start = max([before.rfind(c) for c in ";\u201c\u201d\""] + [-1]) + 1
    for m in reversed([m for m in actors if clause_start <= m.start and m.end <= verb.start]):
        between = sentence[m.end:verb.start]
        if re.match(r"['\u2019]s\b", between):
            break  # "Ukraine's military said": the military, not Ukraine
        if not _BETWEEN_SUBJECT_AND_VERB_RE.match(between):
            continue
        if _PREPOSITION_BEFORE_RE.search(sentence[max(0, m.start - _WINDOW):m.start]):
            # "Budanov, head of Ukraine's intelligence, said": Budanov, if he stands before;
            # "A senior adviser to President Zelenskiy said": the adviser, unnamed
            continue
        return Claimant(m.id, how=f'"{m.text}" before "{verb.text}"')
    inverted = re.search(r"[,\u201d\"]\s*$", before)
    if inverted:
        after = _actor_or_phrase(sentence, verb.end, actors, kinds)
        if after is not None:
            return replace_how(after, f'{after.how} after "{verb.text}"')
    subject = _subject_phrase(sentence, verb.start)
    if _PRONOUN_RE.fullmatch(subject) and previous:
        return Claimant(previous, how=f'"{subject}" before "{verb.text}": the previous claimant')
    if _noun_phrase(subject):
        start = sentence.rfind(subject, 0, verb.start)
        body = _body_of(sentence, start, start + len(subject), actors, kinds)
        return Claimant(body, subject, f'the unnamed subject of "{verb.text}"'
                        + (", of the body it names" if body else ""))
    return Claimant()


def _subject_phrase(sentence: str, end: int) -> str:
    start = max([sentence.rfind(c, 0, end) for c in ",;:\u201c\u201d\""] + [-1]) + 1
    words = sentence[start:end].split()
    while words and words[0].lower() in ("and", "but", "however", "so", "yet", "then", "also", "while"):
        words.pop(0)
    while words and (words[-1].lower() in ("has", "have", "had", "also", "previously", "earlier", "later",
                                           "further", "again", "then", "was", "were", "is", "are")
                     or words[-1].lower().endswith("ly")):
        words.pop()
    return " ".join(words)


def _actor_or_phrase(sentence: str, at: int, actors: list[Mention], kinds: dict[str, str]) -> Claimant | None:
    """The actor named at `at` ("the", "a" and a few words of title aside), or the noun phrase there."""
    rest = sentence[at:at + 300]  # a claimant's name and title are short: bounded work
    lead = re.match(r"\s*(?:the\s+|a\s+|an\s+)?", rest, re.IGNORECASE).end()
    if re.match(r"(?:in|on|at|to|with|that|from|for|by|of|about|after|before|during|it|this)\b", rest[lead:],
                re.IGNORECASE):
        return None  # "revealed in an interview with Bloomberg": no subject after the verb
    phrase = _PHRASE_RE.match(rest[lead:])
    words = phrase.group(1).strip() if phrase else ""
    start = at + lead
    for m in actors:
        if not start <= m.start <= start + max(len(words), 1) or not _heads(sentence[start:m.start]):
            continue
        if re.match(r"['\u2019]s\s+(?!report|statement|data)", sentence[m.end:]):
            continue  # "Ukraine's military": the military; "Ukraine's Prosecutor General's Office": the office
        return Claimant(m.id, how=f'"{m.text}"')
    words = words.rstrip(". ")
    if words and words.split()[0].lower() not in _NOT_SUBJECT and not _NON_AGENT_RE.match(words):
        phrase = (rest[:lead] + words).strip()
        body = _body_of(sentence, at, at + lead + len(words), actors, kinds)
        return Claimant(body, phrase, f'"{phrase}"' + (", of the body it names" if body else ""))
    return None


# The kinds of actor an unnamed person can speak for: "a spokesperson for the Foreign Ministry".
_BODY_KINDS = {"government-agency", "armed-forces", "military-unit", "international-organisation", "group"}


def _body_of(sentence: str, start: int, end: int, actors: list[Mention], kinds: dict[str, str]) -> str | None:
    """The body an unnamed claimant belongs to, where the phrase names one after of/for/at/from/in."""
    for m in actors:
        if start <= m.start and m.end <= end and kinds.get(m.id) in _BODY_KINDS and re.search(
                r"\b(?:of|for|at|from|in|with)\s+(?:the\s+)?$", sentence[max(start, m.start - 20):m.start]):
            return m.id
    return None


_PHRASE_RE = re.compile(
    r"([\w\-\u2019'.]+(?:\s+[\w\-\u2019'.]+){0,7}?)(?=$|[,;:()\u201c\u201d\"]|\.\s|\.$|\s+(?:that|who|which|as|"
    r"on|in|at|when|while|and|but|report|reports|said|issued|published|released|seen|viewed)\b)")


def _heads(before: str) -> bool:
    """Whether a name after `before` is what the phrase names: nothing, a few words of title ("Ukraine's
    top prosecutor", "a U.N. sanctions committee"), or a break ("the office, ...") stands before it."""
    return len(before.split()) <= 4 or not before.strip()[-1:].isalpha()


def replace_how(who: Claimant, how: str, outlet: str | None = None) -> Claimant:
    return Claimant(who.actor, who.vague, how, outlet or who.outlet)


def _noun_phrase(subject: str) -> bool:
    """Whether the words before a reporting verb read as its unnamed subject ("Security experts")."""
    words = subject.split()
    if not words:
        return False
    led = words[0][:1].isupper() or (len(words) >= 2 and words[0] in ("the", "a", "an"))  # ", the official said"
    return (1 <= len(words) <= 10 and led and words[0].lower() not in _NOT_SUBJECT
            and not any(w.lower() in ("is", "are", "was", "were", "has", "have", "had") for w in words))


def _bare_quotation(sentence: str) -> bool:
    s = sentence.strip()
    return len(s) > 2 and s[0] in "\"\u201c" and s.rstrip(".")[-1] in "\"\u201d"


# -- the channel ---------------------------------------------------------------

_INTERVIEW_RE = re.compile(r"\binterview(?:ed)?\b(?:\s+(?:with|to|published\s+(?:in|by)|given\s+to|aired\s+on|"
                           r"broadcast\s+(?:on|by)|on))?|\bwritten\s+answers\s+to\b|\bquestions\s+from\b|"
                           r"\bon\s+(?:the\s+)?air\s+(?:on|of)\b|\bspeaking\s+(?:to|with)\b|\bin\s+comments\s+to\b",
                           re.IGNORECASE)
_SOCIAL_RE = re.compile(r"\b(?:on|in\s+a\s+post\s+on|wrote\s+on|posted\s+on|via)\s+(?:his\s+|her\s+|its\s+|their\s+)?"
                        r"(?:Facebook|Telegram|Twitter|X|Instagram|YouTube|TikTok|Weibo|VK)\b")
_BRIEFING_RE = re.compile(r"\b(?:told\s+(?:reporters|journalists|media|the\s+media|a\s+(?:news\s+)?briefing|"
                          r"a\s+news\s+conference|a\s+press\s+conference)|(?:at|during|in)\s+a\s+(?:news\s+|press\s+)?"
                          r"(?:briefing|press\s+conference|news\s+conference))\b", re.IGNORECASE)
_STATEMENT_RE = re.compile(r"\bin\s+a\s+(?:written\s+)?statement\b", re.IGNORECASE)
_VIEWED_BY_RE = re.compile(r"\b(?:seen|viewed|obtained|reviewed)\s+by\s+", re.IGNORECASE)


def channel(sentence: str, mentions: list[Mention], who: Claimant, cue: Cue | None,
            kinds: dict[str, str]) -> dict[str, str] | None:
    """How the claimant's words reached the outlet: the outlet told or interviewed, the outlet that
    reported citing the claimant, a post, a briefing, a statement. Never the publisher for being it."""
    if cue is None or not (who.actor or who.vague):
        return None
    outlets = [m for m in mentions if m.kind == "actor" and kinds.get(m.id) == "media-outlet"
               and m.id != who.actor]
    if who.outlet:
        return {"actor": who.outlet, "kind": "report"}
    if cue.text.lower() in ("told", "tells", "tell"):
        right_after = [m for m in outlets if 0 <= m.start - cue.end <= 5]
        if right_after:
            return {"actor": right_after[0].id, "kind": "interview"}
    interview = _INTERVIEW_RE.search(sentence)
    if interview:
        near = [m for m in outlets if 0 <= m.start - interview.end() <= 30]
        if near:
            return {"actor": near[0].id, "kind": "interview"}
    viewed = _VIEWED_BY_RE.search(sentence)
    if viewed:
        near = [m for m in outlets if 0 <= m.start - viewed.end() <= 5]
        if near:
            return {"actor": near[0].id, "kind": "report"}
    if _SOCIAL_RE.search(sentence):
        return {"kind": "social-media"}
    if _BRIEFING_RE.search(sentence):
        return {"kind": "press-conference"}
    if _STATEMENT_RE.search(sentence):
        return {"kind": "statement"}
    if interview:
        return {"kind": "interview"}
    return None


# -- when it was said, when it happened ----------------------------------------


def made(sentence: str, published: str | None, language: str | None = None) -> tuple[str, str] | None:
    """(EDTF date, reasoning) where the sentence dates what was said."""
    said = _made_and_event(sentence, _VERB_RE.search(sentence), published, language)[0]
    return None if isinstance(said, Unread) else said


def _made_and_event(sentence: str, cue: Cue | re.Match | None, published: str | None, language: str | None):
    """The date that goes with the reporting verb (made), and the first other date (the event's)."""
    found, unread = dates_in(sentence, published, language)
    said: FoundDate | Unread | None = None
    if cue is not None:
        c_start, c_end = (cue.start, cue.end) if isinstance(cue, Cue) else cue.span()
        said = next((d for d in sorted([*found, *unread], key=lambda d: d.start)
                     if _goes_with_verb(sentence, d.start, d.end, c_start, c_end)), None)
    others = [d for d in found if d is not said]
    if isinstance(said, Unread):
        return said, others, [u for u in unread if u is not said]
    return ((said.edtf, said.reasoning) if said else None), others, unread


# Between a reporting verb and a date, what starts the clause said ("said it happened on", "said that"):
# the date is then the event's. "published", "issued", "released" still go with the saying.
_CLAUSE_BETWEEN_RE = re.compile(
    r"\b(?:that|which|who|when|after|before|was|were|is|are|had|has|have|will|would|could|it|they|he|she|we)\b|"
    r"[\u201c\"]|\b(?!(?:published|released|issued|posted|aired|broadcast|quoted)\b)[a-z]{3,}ed\b")


def _goes_with_verb(sentence: str, start: int, end: int, c_start: int, c_end: int) -> bool:
    """A date that dates the saying: just after the verb ("said on Friday"), or opening the
    sentence before it ("On 3 June he said"), with no "that" (what was said) between."""
    between = sentence[c_end:start]
    if start >= c_end:
        return len(between.split()) <= 12 and not _CLAUSE_BETWEEN_RE.search(between)
    return (not re.search(r"[.;:\u201c\u201d\"]|\bthat\b", sentence[end:c_start])
            and re.fullmatch(r"\s*(?:On|on|In|in|By|by)?\s*", sentence[:start]) is not None)


# -- drafts --------------------------------------------------------------------


@dataclass
class Context:
    """What drafting needs from content/: the source and the entities to match."""

    source_id: str
    snapshot: str
    published: str | None
    matcher: Matcher
    actor_kinds: dict[str, str]  # actor id -> its kind (person, media-outlet, ...)
    publisher: str | None = None  # the source's publisher: the claimant of its own assertions
    language: str | None = None  # the source's language tag (en-US reads 7/2/2024 month first)


@dataclass
class Draft:
    number: int
    sentence: Sentence
    why: list[str]  # "attribution: said", "figure: 40 percent"
    fields: dict[str, Any] = field(default_factory=dict)
    claimant: str | None = None  # the actor id, for the next sentence's "he"

    @property
    def quote(self) -> str:
        return self.sentence.text

    def file_name(self) -> str:
        return f"{self.number:02d}-{slug(self.sentence.text, 48) or 'claim'}.yaml"


_GOES_ON = {"added", "adds", "continued", "continues"}  # "Kostin added": on in the same interview


def drafts(ctx: Context) -> list[Draft]:
    """Every sentence of the snapshot's prose that attributes something, carries a figure or relates entities."""
    out: list[Draft] = []
    person: str | None = None  # the last person who spoke, for "he said"
    speaker: Claimant | None = None  # the last claimant, for a bare quotation
    last: dict[Any, Draft] = {}  # the last draft of each claimant: "He added" goes on in the same interview
    for sentence in sentences(ctx.snapshot):
        mentions = ctx.matcher.find(sentence.text)
        who, cue = claimant(sentence.text, mentions, ctx.actor_kinds, person)
        goes_on = who.how.endswith("the previous claimant") or (
            cue is not None and cue.text.lower() in _GOES_ON and out != [] and out[-1].claimant == who.actor)
        if cue is None and speaker and _bare_quotation(sentence.text):
            who, goes_on = replace_how(speaker, "a bare quotation: the previous speaker goes on"), True
        elif not (who.actor or who.vague) and cue is None:
            who = _unattributed(sentence.text, ctx.publisher)
        numbers = figures(sentence.text, mentions)
        related = _relates(mentions)
        if cue is None and not numbers and not related and not _bare_quotation(sentence.text):
            continue
        why = ([f"attribution: {cue.text}"] if cue else []) + \
              [f"figure: {f.value:g} {f.unit or '?'}" for f in numbers] + \
              ([f"names {related}"] if related and cue is None and not numbers else [])
        draft = Draft(len(out) + 1, sentence, why or ["a quotation"], claimant=who.actor)
        draft.fields = _fields(ctx, sentence, mentions, who, cue, numbers)
        before = last.get(who.actor or who.vague)
        if goes_on and before is not None:
            _go_on(draft.fields, before)
        out.append(draft)
        last[who.actor or who.vague] = draft
        if who.actor and ctx.actor_kinds.get(who.actor) == "person":
            person = who.actor
        if cue is not None and (who.actor or who.vague):
            speaker = who
    return out


def _go_on(fields: dict[str, Any], before: Draft) -> None:
    """A claimant who goes on ("He added", a further quotation) speaks through the same channel and,
    unless the sentence says otherwise, on the same day as in the sentence before."""
    n = before.number
    if "via" not in fields and "via" in before.fields:
        fields["via"] = before.fields["via"]
    made_before = before.fields.get("made")
    if isinstance(fields.get("made"), Note) and fields["made"].commented and not isinstance(made_before, Note):
        fields["made"] = made_before
        fields["made_reasoning"] = f"as in draft {n}, which the sentence goes on from"
    in_order = {key: fields.pop(key) for key in _FIELD_ORDER if key in fields}
    rest = dict(fields)
    fields.clear()
    fields.update(in_order | rest)


# The order a draft's fields are written in, as a hand-made claim has them.
_FIELD_ORDER = ("statement", "claimant", "claimant_vague", "via", "made", "made_reasoning", "event", "weapons",
                "actors", "places", "quantities", "status", "credibility", "assessment", "citations")


def _unattributed(sentence: str, publisher: str | None) -> Claimant:
    """A sentence no one is named as saying: "reportedly" hands it to unnamed reports, else the outlet says it."""
    hedge = _REPORTEDLY_RE.search(sentence)
    if hedge:
        return Claimant(vague="unnamed reports", how=f'"{hedge.group()}": the outlet passes on what others report')
    if publisher:
        return Claimant(publisher, how="no one else is named as saying it: the outlet's own assertion")
    return Claimant()


def _relates(mentions: list[Mention]) -> str:
    """What makes a sentence without a reporting verb or a figure a claim: it names a
    weapon, or two entities or more ("North Korea's supply of weapons to Russia ...")."""
    weapons = [m.text for m in mentions if m.kind == "weapon"]
    if weapons:
        return f'the weapon "{weapons[0]}"'
    names = list(dict.fromkeys(name_key(m.text) for m in mentions))
    if len(names) >= 2:
        texts = list(dict.fromkeys(m.text for m in mentions))
        return f'"{texts[0]}" and "{texts[1]}"'
    return ""


def _fields(ctx: Context, sentence: Sentence, mentions: list[Mention], who: Claimant,
            cue: Cue | None, numbers: list[Figure]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "statement": Note(sentence.text, "TODO: rewrite as one plain sentence in your own words"),
    }
    if who.actor:
        fields["claimant"] = Note(who.actor, f"TODO: check: {who.how}")
    if who.vague:  # with an actor too: an unnamed person of that body
        fields["claimant_vague"] = Note(who.vague, f"TODO: check: {who.how}")
    if who.actor or who.vague:
        pass
    elif cue is not None:  # attributed, but to no one read: not the outlet's own assertion
        fields["claimant_vague"] = Note("unnamed", f'TODO: "{cue.text}", but its subject was not read: '
                                                   "who asserts it? (an actor id as claimant:, or the wording)")
    else:
        fields["claimant"] = Note(None, "TODO: who asserts it (no one named): an actor id, or claimant_vague:",
                                  commented=True)
    via = channel(sentence.text, mentions, who, cue, ctx.actor_kinds)
    if via:
        fields["via"] = [via]
    said, others, unread = _made_and_event(sentence.text, cue, ctx.published, ctx.language)
    if isinstance(said, Unread):
        fields["made"] = Note(None, f'TODO: "{said.text}": {said.why}', commented=True)
    elif said:
        fields["made"], fields["made_reasoning"] = said
    elif ctx.published:
        fields["made"] = Note(None, f"TODO: the source's date is {ctx.published[:10]}; when was it said?",
                              commented=True)
    if others:
        event: dict[str, Any] = {"date": others[0].edtf, "date_reasoning": others[0].reasoning}
        if len(others) > 1:
            event["date_reasoning"] += "; the sentence also gives " + ", ".join(d.edtf for d in others[1:])
        fields["event"] = event
    for u in unread:
        fields.setdefault("event", {})
        if "date" not in fields["event"]:
            fields["event"]["date"] = Note(None, f'TODO: "{u.text}": {u.why}', commented=True)
    exclude = {who.actor, via.get("actor") if via else None}
    for kind, name in (("weapon", "weapons"), ("actor", "actors"), ("place", "places")):
        ids = [i for i in dict.fromkeys(m.id for m in mentions if m.kind == kind) if i not in exclude]
        if ids:
            fields[name] = ids
    if numbers:
        fields["quantities"] = [_quantity(f) for f in numbers]
    fields["status"] = "reported"
    fields["credibility"] = 6
    fields["assessment"] = Note("TODO", "TODO: the analyst's assessment")
    fields["citations"] = [{"source": ctx.source_id, "quote": sentence.text,
                            "location": f"paragraph {sentence.paragraph}"}]
    return fields


def _whole(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x  # 5000000, not 5e+06, in the YAML


def _quantity(f: Figure) -> dict[str, Any]:
    q: dict[str, Any] = {"value": _whole(f.value),
                         "unit": f.unit if f.unit else Note("TODO", "TODO: what does the figure count?"),
                         "qualifier": f.qualifier}
    for key in ("total", "upper", "of"):
        if getattr(f, key) is not None:
            q[key] = _whole(getattr(f, key)) if key != "of" else f.of
    return q


def draft_text(ctx: Context, draft: Draft) -> str:
    """The text of one draft file."""
    header = (
        f"# Draft {draft.number} from sources/{ctx.source_id}.txt (paragraph {draft.sentence.paragraph}, "
        f"line {draft.sentence.line}), by `python -m generator draft`.\n"
        f"# Proposed for: {'; '.join(draft.why)}.\n"
        "# A proposal, not a finding: rewrite the statement, check the claimant and the entities,\n"
        "# write the assessment, then move it to content/claims/<id>.yaml.\n"
    )
    return modeline("claim") + header + dump(draft.fields)


# -- comparing a draft with a record ---------------------------------------------

ITEMS = ("claimant", "via", "figure", "date", "weapon")


@dataclass(frozen=True)
class Vague:
    """A vague claimant; two agree when one wording holds the other (case and a leading article aside)."""

    words: str

    @classmethod
    def of(cls, text: str) -> "Vague":
        return cls(re.sub(r"^(?:the|a|an)\s+", "", " ".join(str(text).split()).casefold()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vague) and (self.words in other.words or other.words in self.words)

    def __hash__(self) -> int:
        return 0  # equality is containment, so every Vague shares a hash


def unit_key(unit: Any) -> str:
    """A unit by its last word, singular: "artillery shells" and "shells" agree, "missile" and "missiles"."""
    last = " ".join(str(unit).split()).casefold().split(" ")[-1]
    return last[:-1] if last.endswith("s") and len(last) > 3 else last


def _plain(v: Any) -> Any:
    if isinstance(v, Note):
        return None if v.commented else v.value
    return v


def items(record: dict[str, Any]) -> dict[str, list]:
    """What a claim (a draft's fields, or a record as a mapping) says, item by item, for comparing:
    the claimant, the first hop's actor, (value, unit) per figure, its dates, its weapons."""
    f = {k: _plain(v) for k, v in record.items()}
    out: dict[str, list] = {name: [] for name in ITEMS}
    if f.get("claimant") and f.get("claimant_vague"):  # an unnamed person of a named body
        out["claimant"] = [("actor", f["claimant"], Vague.of(f["claimant_vague"]))]
    elif f.get("claimant"):
        out["claimant"] = [("actor", f["claimant"])]
    elif f.get("claimant_vague"):
        out["claimant"] = [Vague.of(f["claimant_vague"])]
    via = f.get("via")
    hops = via if isinstance(via, list) else [via] if via else []
    out["via"] = [_plain(h.get("actor")) for h in hops[:1] if _plain(h.get("actor"))]
    out["figure"] = [(float(_plain(q["value"])), unit_key(_plain(q["unit"])))
                     for q in f.get("quantities") or []]
    event = f.get("event") or {}
    out["date"] = [str(d) for d in dict.fromkeys([f.get("made"), _plain(event.get("date"))]) if d]
    out["weapon"] = list(f.get("weapons") or [])
    return out


def agree(got: list, want: list) -> int:
    """How many items of `got` stand in `want`, each item of `want` counted once."""
    rest, hits = list(want), 0
    for item in got:
        if item in rest:
            rest.remove(item)
            hits += 1
    return hits


# -- coverage ------------------------------------------------------------------


def spans(quote: str, snapshot: quotes.Normalised) -> list[tuple[int, int]]:
    """Where each fragment of `quote` stands in the normalised snapshot, in order."""
    out, start = [], 0
    for frag in quotes.fragments(quote):
        at = snapshot.text.find(frag, start)
        if at < 0:
            break
        out.append((at, at + len(frag)))
        start = at + len(frag)
    return out


def overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]], least: int = 20) -> bool:
    """Whether two sets of spans share at least `least` characters (or all of the shorter one)."""
    for a0, a1 in a:
        for b0, b1 in b:
            shared = min(a1, b1) - max(a0, b0)
            if shared > 0 and shared >= min(least, a1 - a0, b1 - b0):
                return True
    return False


@dataclass(frozen=True)
class ClaimCoverage:
    claim_id: str
    draft: int | None  # the number of the draft that quotes the same passage, or None
    agreed: dict[str, tuple[int, int]]  # item -> (the claim's items the draft has, the claim's items)

    def disagreements(self) -> list[str]:
        return [name for name, (hit, total) in self.agreed.items() if hit < total]


@dataclass(frozen=True)
class Coverage:
    source_id: str
    claims: tuple[ClaimCoverage, ...]

    @property
    def found(self) -> tuple[ClaimCoverage, ...]:
        return tuple(c for c in self.claims if c.draft is not None)

    @property
    def missed(self) -> tuple[str, ...]:
        return tuple(c.claim_id for c in self.claims if c.draft is None)

    @property
    def covered(self) -> tuple[str, ...]:
        return tuple(c.claim_id for c in self.found)

    @property
    def total(self) -> int:
        return len(self.claims)

    def agreement(self, name: str) -> tuple[int, int]:
        """(items of the hand-made claims the drafts give alike, their items), found or not."""
        pairs = [c.agreed[name] for c in self.claims]
        return sum(h for h, _ in pairs), sum(t for _, t in pairs)

    def line(self) -> str:
        parts = []
        for name in ITEMS:
            hit, total = self.agreement(name)
            if total:
                parts.append(f"{name} {hit}/{total}")
        right = sum(self.agreement(n)[0] for n in ITEMS)
        total = sum(self.agreement(n)[1] for n in ITEMS)
        share = f"{right / total:.0%}" if total else "n/a"
        return (f"{self.source_id}: drafts cover {len(self.found)} of {self.total} hand-made claims citing it; "
                f"their fields agree {right} of {total} ({share}): {', '.join(parts) or 'no fields'}")


def coverage(source_id: str, snapshot: str, found: list[Draft], claims: dict[str, Any]) -> Coverage:
    """For each hand-made claim citing `source_id`: the draft that quotes the same passage, and
    whether that draft's claimant, channel, figures, dates and weapons agree with the claim's."""
    normalised = quotes.normalise(snapshot)
    draft_spans = [(d, spans(d.quote, normalised)) for d in found]
    out = []
    for claim_id, claim in sorted(claims.items()):
        cited = [spans(c.quote, normalised) for c in claim.citations if c.source == source_id]
        if not cited:
            continue
        draft = next((d for d, s in draft_spans if any(overlaps(c, s) for c in cited)), None)
        want = items(claim.model_dump(exclude_none=True))
        got = items(draft.fields) if draft else {name: [] for name in ITEMS}
        out.append(ClaimCoverage(claim_id, draft.number if draft else None,
                                 {name: (agree(got[name], want[name]), len(want[name])) for name in ITEMS}))
    return Coverage(source_id, tuple(out))
