"""What the search is given beside each page's text: every spelling of a name that a reader types.

Pagefind (search.py) splits words at spaces and punctuation, indexes "Type-75" as "type75",
"type" and "75", and reads a query "Type-75" as "type75"; but a query "type75" does not find
the text "Type 75". Each weapon, actor and place page carries the variants below in an
attribute that Pagefind indexes and nobody sees (templates/entity.md.j2). Pure: no engine here.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

# A word as the browser test and a reader count them: a run of letters, or of digits.
_WORD = re.compile(r"[^\W\d_]+|\d+")
_APART = re.compile(r"[^\w\-.'\u2019]+")  # what parts words in Pagefind's index; it joins across - . '
SHORT = 3  # letters: "kn", "un", "hwa"; words people join to their neighbours, as numbers
MAX_VARIANTS = 2000  # per page: a bound on what an entity with 500 long aliases adds to the index

def spelling_variants(name: str, aliases: Iterable[str] = ()):
    """The spellings of the names that Pagefind would not find, hyphen-joined and space-separated
    (plain text: the template escapes it for the attribute it goes in). Pagefind indexes a hyphenated word whole and in parts
    ("type-75": "type75", "type", "75"), so each variant makes both forms findable:

    - two words written apart, joined, where one is a number or a syllable of at most
      SHORT letters, as readers join them ("type75", "kn23", "240mm", "jongun"): "Type 75"
      gives "type-75", for the queries "type75" and "Type-75";
    - a word of letters and digits, split: "M1991" gives "m-1991", for the query "M 1991".

    What the names already write in that form gives nothing ("Type-75", "M-1991")."""
    names = [str(n).casefold() for n in (name, *aliases)]
    chunks = [[c for c in _APART.split(text) if _WORD.search(c)] for text in names]
    written = {c for text in chunks for c in text}  # as Pagefind reads them: "type-75" is one word
    joined = {"".join(_WORD.findall(c)) for c in written}
    seen: dict[str, None] = {}
    for text in chunks:
        for a, b in zip(text, text[1:]):
            a, b = "-".join(_WORD.findall(a)), "-".join(_WORD.findall(b))
            if _joinable(a, b) and (a + b).replace("-", "") not in joined:
                seen.setdefault(f"{a}-{b}", None)
        for chunk in text:
            split = "-".join(_WORD.findall(chunk))
            if "-" in split and split not in written:
                seen.setdefault(split, None)
        if len(seen) >= MAX_VARIANTS:
            break
    return " ".join(list(seen)[:MAX_VARIANTS])


def _joinable(a: str, b: str) -> bool:
    return any(w.isdigit() or len(w) <= SHORT for w in (*a.split("-"), *b.split("-")))
