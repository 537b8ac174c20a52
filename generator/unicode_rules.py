"""The Unicode policy of docs/unicode.md: which invisible characters names refuse, which prose
shows as ⟨U+XXXX⟩, what the quote matcher ignores, and when two names look alike.

Character properties come from the `regex` module (Unicode's Default_Ignorable_Code_Point
and Script data), look-alikes from confusable-homoglyphs (Unicode's confusables.txt); no
table is kept here.
"""
from __future__ import annotations

import functools
import unicodedata

import regex
from confusable_homoglyphs import categories, confusables

# Invisible characters (Default_Ignorable_Code_Point) that text keeps as they are: bidi marks
# (LRM, RLM, ALM), joiners (ZWNJ, ZWJ), the soft hyphen, the combining grapheme joiner and the
# variation selectors all do a job in the scripts this report quotes.
_KEPT = "\u200e\u200f\u061c\u200c\u200d\u00ad\u034f\ufe00-\ufe0f\U000e0100-\U000e01ef\u180b-\u180d\u180f"
# Tag characters are kept only inside an emoji flag sequence (the flags of England, Scotland, Wales).
_FLAG = "\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"
# Everything else invisible: bidi embeddings, overrides and isolates, zero-width space, word
# joiner, BOM, Mongolian vowel separator, invisible operators, Hangul fillers, tag characters...
SHOWN = regex.compile(
    rf"(?:{_FLAG})(*SKIP)(*FAIL)|[\p{{Default_Ignorable_Code_Point}}--[{_KEPT}]]", regex.V1)
_INVISIBLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
# Joiners shape the letters on both sides in Arabic-script and Indic names; next to Latin,
# Greek, Cyrillic, a digit or a space they only hide.
_JOINER_IN_WORD = regex.compile(
    r"(?<=[\p{L}\p{M}--[\p{Latin}\p{Greek}\p{Cyrillic}]])[\u200c\u200d](?=[\p{L}\p{M}--[\p{Latin}\p{Greek}\p{Cyrillic}]])",
    regex.V1)
# Scripts whose letters look alike: a word mixing two of them is a look-alike of one in a single script.
_LOOKALIKE_SCRIPTS = {"LATIN", "CYRILLIC", "GREEK"}


def describe(ch: str) -> str:
    """U+202E RIGHT-TO-LEFT OVERRIDE"""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def visible(text: str) -> str:
    """Prose as shown: each invisible character of the SHOWN class as ⟨U+XXXX⟩."""
    if text.isascii():
        return text
    return SHOWN.sub(lambda m: f"\u27e8U+{ord(m.group()):04X}\u27e9", text)


def without_invisible(text: str) -> str:
    """Text with every default-ignorable character removed: what the quote matcher compares."""
    if text.isascii():
        return text
    return _INVISIBLE.sub("", text)


def name_problem(text: str) -> str | None:
    """The first invisible character a name or alias may not hold, described; or None."""
    if text.isascii():
        return None
    for m in _INVISIBLE.finditer(text):
        if m.group() in "\u200c\u200d" and _JOINER_IN_WORD.match(text, m.start()):
            continue
        return describe(m.group())
    return None


@functools.cache
def _prototypes() -> dict[str, str]:
    """For each character confusables.txt lists, the least character of its look-alike group.

    The data lists look-alikes both ways but not always symmetrically: the groups are the
    connected parts of the graph, so every member of a group gets the same prototype."""
    parent: dict[str, str] = {}

    def root(c: str) -> str:
        while parent.get(c, c) != c:
            parent[c] = parent.get(parent[c], parent[c])
            c = parent[c]
        return c

    for ch, homoglyphs in confusables.confusables_data.items():
        for h in homoglyphs:
            if len(ch) == 1 and len(h["c"]) == 1:
                a, b = root(ch), root(h["c"])
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {c: root(c) for c in parent}


def _prototype(ch: str) -> str:
    return _prototypes().get(ch, ch)


@functools.lru_cache(maxsize=1 << 15)  # every name is checked on every build; names recur across builds
def skeleton(text: str) -> str:
    """The form under which two names look the same: look-alikes merged, case, spacing and
    punctuation ignored, invisible characters dropped."""
    decomposed = unicodedata.normalize("NFD", without_invisible(text))
    merged = "".join(_prototype(c) for c in decomposed)
    folded = unicodedata.normalize("NFD", merged.casefold())
    return "".join(_prototype(c) for c in folded if c.isalnum())


@functools.lru_cache(maxsize=1 << 15)
def mixed_script(text: str) -> tuple[str, list[str]] | None:
    """The first word that mixes look-alike scripts (Latin, Cyrillic, Greek), with its scripts."""
    for word in text.split():
        scripts = categories.unique_aliases(word) & _LOOKALIKE_SCRIPTS
        if len(scripts) > 1 and any(confusables.is_confusable(word, preferred_aliases=[s]) for s in scripts):
            return word, sorted(scripts)
    return None


def scripts(text: str) -> list[str]:
    """The scripts of the letters of `text`, title-cased: ['Cyrillic', 'Latin']."""
    return sorted(a.title() for a in categories.unique_aliases(text) - {"COMMON", "INHERITED"})
