"""Quote fidelity: does a quote stand, word for word, in its source's snapshot?

Only white space, typographic quotes and apostrophes, and dashes are
normalised, and invisible characters (bidi marks and controls, zero-width
characters, BOM: Unicode's default ignorables) are ignored on both sides, so a
quote copied with or without them matches (docs/unicode.md); case, spelling and
punctuation must match. An ellipsis (... or …)
in a quote joins fragments that must appear in that order.
"""
from __future__ import annotations

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

    @functools.cached_property
    def words(self) -> "_Words":
        """The words and their index of runs: needed only to find a miss's closest passage."""
        return _Words.of(self.text)

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
            return _closest(frag, snapshot)
        start = at + len(frag)
    return None


# The closest-passage hint costs at most PROBES look-ups of OCCURRENCES positions per miss,
# whatever the size of the snapshot or the quote: runs of N words of the quote are looked up in an
# index of the snapshot's runs (built once per snapshot, at its first miss), and each occurrence
# votes for where the quote would start. The most voted start is the passage shown. A quote that
# shares no run of words with the snapshot gets no passage. (A character-level alignment over the
# whole snapshot, difflib's, took 107 s for one 2,000-character quote against 4 MiB.)
N = 3
PROBES = 64  # runs of the quote looked up, spread over it
OCCURRENCES = 32  # positions kept per run: a run more common than that tells nothing


@dataclass(frozen=True)
class _Words:
    """The snapshot's words: where each starts in the normalised text, and an index of word runs."""

    text: str
    starts: list[int]
    lengths: list[int]
    runs: dict[int, dict[str, list[int]]]  # n -> run of n case-folded words -> first word indices

    @classmethod
    def of(cls, text: str) -> "_Words":
        words = text.split(" ") if text else []
        starts, at = [], 0
        for w in words:
            starts.append(at)
            at += len(w) + 1
        return cls(text, starts, [len(w) for w in words], {})

    def index(self, n: int) -> dict[str, list[int]]:
        """Each run of n case-folded words -> where it starts (at most OCCURRENCES + 1 of them)."""
        if n not in self.runs:
            folded = self.text.casefold().split(" ") if self.text else []
            runs: dict[str, list[int]] = {}
            for i in range(len(folded) - n + 1):
                at = runs.setdefault(" ".join(folded[i:i + n]), [])
                if len(at) <= OCCURRENCES:
                    at.append(i)
            self.runs[n] = runs
        return self.runs[n]


def _closest(frag: str, snapshot: Normalised) -> Miss:
    text = snapshot.text
    words = snapshot.words
    fwords = frag.casefold().split(" ")
    n = min(N, len(fwords))
    index = words.index(n)
    count = len(fwords) - n + 1
    probes = sorted({round(k * (count - 1) / (PROBES - 1)) for k in range(PROBES)}) if count > PROBES \
        else range(count)
    votes: dict[int, int] = {}
    for j in probes:
        at = index.get(" ".join(fwords[j:j + n]), ())
        if len(at) > OCCURRENCES:
            continue  # as common as "of the": it would vote everywhere
        for i in at:
            votes[i - j] = votes.get(i - j, 0) + 1
    if not votes:
        return Miss(frag, 1, "")
    offset = min(votes, key=lambda o: (-votes[o], o))
    first = max(0, offset)
    last = min(len(words.starts), offset + len(fwords)) - 1
    begin = words.starts[first]
    passage = text[begin:words.starts[last] + words.lengths[last]]
    if len(passage) > 240:
        passage = passage[:237] + "..."
    return Miss(frag, snapshot.line_of(begin), passage)
