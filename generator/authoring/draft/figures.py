"""Draft: the figures a sentence gives, with their noun phrase, never numbers inside names."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...dates import MONTHS
from ...mentions import Mention
from .sentences import MAX_NUMBERS, _WINDOW
from .dates import (_DATE_RES, _WEEKDAYS)


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
