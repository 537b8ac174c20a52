"""Quote fidelity: does a quote stand, word for word, in its source's snapshot?

Only white space, typographic quotes and apostrophes, and dashes are
normalised, and invisible characters (bidi marks and controls, zero-width
characters, BOM: Unicode's default ignorables) are ignored on both sides, so a
quote copied with or without them matches (docs/unicode.md); case, spelling and
punctuation must match. An ellipsis (... or …)
in a quote joins fragments that must appear in that order.
"""
from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from .unicode_rules import without_invisible

_TRANSLATE = str.maketrans({
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
})
_ELLIPSIS_RE = re.compile(r"\s*(?:\.\.\.|\u2026)\s*")


@dataclass(frozen=True)
class Normalised:
    text: str
    original: str  # the NFC text, with its typographic marks already folded

    @functools.cached_property
    def offsets(self) -> list[int]:
        """For each character of text, its index in the original: needed only to place a miss."""
        offsets: list[int] = []
        in_space = True  # leading space is dropped
        for i, ch in enumerate(self.original):
            if ch.isspace():
                if not in_space:
                    offsets.append(i)
                in_space = True
            else:
                offsets.append(i)
                in_space = False
        return offsets[: len(self.text)]  # trailing space is dropped

    def line_of(self, index: int) -> int:
        at = self.offsets[min(index, len(self.offsets) - 1)] if self.offsets else 0
        return self.original.count("\n", 0, at) + 1


def normalise(original: str) -> Normalised:
    """Fold white space runs to one space and typographic marks to ASCII; drop invisible characters."""
    text = without_invisible(unicodedata.normalize("NFC", original).translate(_TRANSLATE))
    # NFC can change lengths; positions are kept against the NFC text. str.split() splits at
    # exactly the characters str.isspace() calls space, runs and both ends included.
    return Normalised(" ".join(text.split()), text)


def fragments(quote: str) -> list[str]:
    return [f for f in (normalise(p).text for p in _ELLIPSIS_RE.split(quote)) if f]


@dataclass(frozen=True)
class Miss:
    fragment: str
    line: int
    closest: str


def find(quote: str, snapshot: Normalised) -> Miss | None:
    """None if every fragment of `quote` stands in `snapshot` in order; else the first miss."""
    start = 0
    for frag in fragments(quote):
        at = snapshot.text.find(frag, start)
        if at < 0:
            return _closest(frag, snapshot, start)
        start = at + len(frag)
    return None


def _closest(frag: str, snapshot: Normalised, start: int) -> Miss:
    text = snapshot.text
    matcher = difflib.SequenceMatcher(None, text, frag, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(frag))
    begin = max(0, match.a - match.b)
    end = min(len(text), begin + len(frag))
    # Widen to word boundaries so the passage reads as words.
    while begin > 0 and text[begin - 1] != " ":
        begin -= 1
    while end < len(text) and text[end] != " ":
        end += 1
    passage = text[begin:end]
    if len(passage) > 240:
        passage = passage[:237] + "..."
    return Miss(frag, snapshot.line_of(begin), passage)
