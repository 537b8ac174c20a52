"""Draft: a snapshot cut into sentences, without headlines, datelines, bylines and captions."""
from __future__ import annotations

import re
from dataclasses import dataclass



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
