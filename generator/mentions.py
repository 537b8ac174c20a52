"""Where a text names a weapon, an actor or a place, through any of its aliases.

A name matches whatever its spacing, hyphens and case: the alias "Type 75"
finds "Type 75", "Type-75", "type75" and "TYPE 75"; "Hwasong-11Ga" finds
"Hwasong 11 Ga". Names are cut into tokens at spaces, hyphens and at every
change between letters and digits, and the tokens may be joined in the text by
any run of spaces and hyphens (or nothing). A match must stand as whole words.
The plural of a name's last word is found too: "M1991 launcher" finds "M1991
launchers", "KN-23" finds "KN-23s", "battery" finds "batteries".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

_SEP = "[\\s\\-\u2010\u2011\u2012\u2013\u2014]*"
# Apostrophes are one character, whichever a text types: "Prosecutor’s Office" is the alias
# "Prosecutor's Office". One character for one, so a match's place in the text stays where it is.
_APOSTROPHES = str.maketrans("\u2019\u02bc\u2018\u0060\u00b4", "'''''")
_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+|[^\w\s\-\u2010-\u2014]")


@dataclass(frozen=True)
class Mention:
    kind: str  # weapon, actor, place
    id: str
    start: int
    end: int
    text: str  # as the text writes it


def tokens(name: str) -> list[str]:
    return _TOKEN_RE.findall(name)


def _plural(token: str) -> str:
    """The pattern of a last token and its plural: launcher(s), bus(es), batter(y|ies), 23(s)."""
    if token.isdigit():
        return re.escape(token) + "s?"
    if not token.isalpha():
        return re.escape(token)
    if len(token) > 1 and token[-1] in "yY" and token[-2] not in "aeiouAEIOU":
        return re.escape(token[:-1]) + "(?:y|ies)"
    return re.escape(token) + "(?:e?s)?"


def _tokens_pattern(parts: tuple[str, ...] | list[str]) -> str:
    return (r"(?<!\w)" + "".join(re.escape(p) + _SEP for p in parts[:-1]) + _plural(parts[-1])
            + r"(?!\w)")


def name_pattern(name: str) -> str | None:
    parts = tokens(name)
    return _tokens_pattern(parts) if parts else None


class Matcher:
    """Finds every entity named in a text; the longest name wins where names overlap."""

    def __init__(self, entities: Iterable[tuple[str, str, Iterable[str]]]):
        """entities: (kind, id, names) with the name first and then the aliases."""
        self._names: list[tuple[re.Pattern[str], str, str]] = []
        for kind, entity_id, names in entities:
            for name in dict.fromkeys(names):
                pattern = name_pattern(name.translate(_APOSTROPHES))
                if pattern:
                    self._names.append((re.compile(pattern, re.IGNORECASE), kind, entity_id))

    @classmethod
    def from_records(cls, by_kind: dict[str, dict]) -> "Matcher":
        """From checked records by kind (validate.Checks.by_kind)."""
        entities = []
        for kind in ("weapon", "actor", "place"):
            for entity_id, checked in sorted(by_kind.get(kind, {}).items()):
                model = checked.model
                entities.append((kind, entity_id, [model.name, *model.aliases]))
        return cls(entities)

    def find(self, text: str) -> list[Mention]:
        folded = text.translate(_APOSTROPHES)
        found = list({Mention(kind, entity_id, m.start(), m.end(), text[m.start():m.end()]): None
                      for pattern, kind, entity_id in self._names for m in pattern.finditer(folded)})
        # Longest first; a mention inside a longer one is dropped ("North Korea" inside
        # "North Korean ammunition"); entities of one name at one place are all kept.
        found.sort(key=lambda m: (-(m.end - m.start), m.start, m.kind, m.id))
        kept: list[Mention] = []
        for m in found:
            inside = (k for k in kept if k.start <= m.start and m.end <= k.end)
            if not any((k.end - k.start) > (m.end - m.start) for k in inside):
                kept.append(m)
        return sorted(kept, key=lambda m: (m.start, m.kind, m.id))

    def ids(self, text: str, kind: str) -> list[str]:
        """The ids of `kind` named in `text`, in order of first mention."""
        return list(dict.fromkeys(m.id for m in self.find(text) if m.kind == kind))


_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")
_SEP_RUN = re.compile(_SEP)
# The characters _SEP matches (\s is str.isspace, all below U+3001), to delete with str.translate.
_SEP_DELETE = dict.fromkeys([i for i in range(0x3001) if chr(i).isspace()]
                            + [ord(c) for c in "-\u2010\u2011\u2012\u2013\u2014"])


def _plurals(parts: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A name's tokens, and those of its plurals, as _plural finds them."""
    last = parts[-1]
    if last.isdigit():
        return [parts, (*parts[:-1], last + "s")]
    if not last.isalpha():
        return [parts]
    if len(last) > 1 and last[-1] == "y" and last[-2] not in "aeiou":
        return [parts, (*parts[:-1], last[:-1] + "ies")]
    return [parts, (*parts[:-1], last + "s"), (*parts[:-1], last + "es")]


def _plural_spellings(name: str, parts: tuple[str, ...]) -> list[str | None]:
    """A casefolded name as written, and its plurals, in the order of _plurals(parts); None
    where the name does not end in its last token."""
    variants = _plurals(parts)
    if not name.endswith(parts[-1]):
        return [None] * len(variants)
    stem = name[:len(name) - len(parts[-1])]
    return [stem + v[-1] for v in variants]


def _leading_joins(parts: tuple[str, ...]) -> list[str]:
    """What a text's first token may be where a name starts: the name's first tokens of one
    kind (letters, digits) joined, as a text may write them ("northkorea", "frontlines")."""
    if not parts[0].isalnum():
        return [parts[0]]
    kind = str.isdigit if parts[0].isdigit() else str.isalpha
    joins = []
    for variant in _plurals(parts):
        joined = ""
        for part in variant:
            if not kind(part):
                break
            joined += part
            joins.append(joined)
    return joins


class NameFinder:
    """Finds names in long texts as name_pattern does, built for many names and many texts.

    A regular expression per name (as Matcher has) costs more to compile than to run
    over a thousand articles, so here: a text is searched, with str.find, only for
    the first tokens of names that it contains. Where one starts a name, the text's
    next characters are looked up, longest first, among the names (and plurals) as
    they are written; where that finds nothing, or a longer name could begin with
    the one found, they are looked up without separators among the names' tokens
    joined, and a hit is confirmed token by token. The longest name wins, and a
    match is not searched again inside itself ("Kupyansk" in "Kupyansk region"
    counts once, as the longer name). Names that differ only in case, spacing or
    hyphens are one pattern and are found together.
    """

    def __init__(self, names: Iterable[str]):
        groups: dict[tuple[str, ...], list[str]] = {}
        for name in dict.fromkeys(names):
            parts = tuple(tokens(name.translate(_APOSTROPHES).casefold()))
            if parts:
                groups.setdefault(parts, []).append(name)
        # first token -> (the lengths of its joined forms, longest first; joined form ->
        # (tokens to confirm, names, the names as written)); a text token -> the first token
        # to search for.
        self._first: dict[str, tuple[list[int], dict[str, tuple[tuple[str, ...], tuple[str, ...],
                                                               tuple[str, ...]]]]] = {}
        self._lookup: dict[str, str] = {}
        self._window: dict[str, int] = {}
        self._needle: dict[str, str] = {}  # what str.find looks for, where not the first token
        for parts in sorted(groups, key=lambda k: (-len("".join(k)), k)):
            forms = self._first.setdefault(parts[0], ([], {}))[1]
            written = [_plural_spellings(name.translate(_APOSTROPHES).casefold(), parts) for name in groups[parts]]
            for i, variant in enumerate(_plurals(parts)):
                literals = tuple(dict.fromkeys(w[i] for w in written if w[i]))
                forms.setdefault("".join(variant), (variant, tuple(groups[parts]), literals))
            for joined in _leading_joins(parts):
                self._lookup.setdefault(joined, parts[0])
            self._window[parts[0]] = max(self._window.get(parts[0], 0), len("".join(parts)) + 3 + 2 * len(parts))
            if len(parts) == 1 and _plurals(parts)[-1][0].endswith("ies"):  # battery: search "batter"
                self._needle[parts[0]] = parts[0][:-1]
        for lengths, forms in self._first.values():
            lengths.extend(sorted({len(f) for f in forms}, reverse=True))
        self._digit_first = any(first.isdigit() for first in self._first)
        self._other_first = [first for first in self._first if not first.isalnum()]
        # The fast way first: the text's next characters as one of the names writes them. Where
        # a longer name could start with the one found, written otherwise, the slow way looks on.
        self._raw: dict[str, tuple[list[int], dict[str, tuple[tuple[str, ...], int, bool]]]] = {}
        for first, (_, forms) in self._first.items():
            joined = sorted(forms)  # the forms that begin with a form follow it
            raw: dict[str, tuple[tuple[str, ...], int, bool]] = {}
            for i, form in enumerate(joined):
                _, names, literals = forms[form]
                # A name's own plurals are literals too; only another name makes it extendable.
                extendable, j = False, i + 1
                while not extendable and j < len(joined) and joined[j].startswith(form):
                    extendable, j = forms[joined[j]][1] != names, j + 1
                for literal in literals:
                    raw.setdefault(literal, (names, len(form), extendable))
            self._raw[first] = (sorted({len(r) for r in raw}, reverse=True), raw)

    def _match(self, folded: str, at: int, first: str) -> tuple[int, tuple[str, ...]] | None:
        best, floor = None, 0
        raw_lengths, raw = self._raw[first]
        for length in raw_lengths:
            literal = raw.get(folded[at:at + length])
            if literal and at + length <= len(folded):
                end = at + length
                if end == len(folded) or not (folded[end].isalnum() or folded[end] == "_"):
                    if not literal[2]:
                        return end, literal[0]
                    best, floor = (end, literal[0]), literal[1]
                    break
        lengths, forms = self._first[first]
        width = self._window[first]
        while True:  # the window grows where separators run long ("Type\n        75")
            squeezed = "".join(folded[at:at + width].split()).replace("-", "")  # str.split: \s
            if not squeezed.isascii():
                squeezed = squeezed.translate(_SEP_DELETE)
            if len(squeezed) >= lengths[0] or at + width >= len(folded):
                break
            width *= 2
        for length in lengths:
            if length <= floor:
                break
            hit = forms.get(squeezed[:length])
            if hit and len(squeezed) >= length:
                end = self._confirm(folded, at, hit[0], hit[2])
                if end >= 0:
                    return end, hit[1]
        return best

    @staticmethod
    def _confirm(folded: str, at: int, parts: tuple[str, ...], written: tuple[str, ...]) -> int:
        """Where the name of these tokens ends if it starts at `at` (name_pattern), else -1."""
        for literal in written:  # most texts write a name as one of its names does
            if folded.startswith(literal, at):
                pos = at + len(literal)
                break
        else:
            pos = at
            for i, part in enumerate(parts):
                if i:
                    pos = _SEP_RUN.match(folded, pos).end()
                if not folded.startswith(part, pos):
                    return -1
                pos += len(part)
        return -1 if pos < len(folded) and (folded[pos].isalnum() or folded[pos] == "_") else pos

    def find(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """Each name found, in order: (the casefolded text matched, the names it matches)."""
        folded = text.translate(_APOSTROPHES).casefold()
        present = set(_LETTERS.findall(folded))  # the letter runs: most names begin with one
        if self._digit_first:
            present.update(_DIGITS.findall(folded))
        present.update(p for p in self._other_first if p in folded)
        starts = []
        for first in {self._lookup[t] for t in self._lookup.keys() & present}:
            needle = self._needle.get(first, first)
            at = folded.find(needle)
            while at >= 0:
                if not at or not (folded[at - 1].isalnum() or folded[at - 1] == "_"):
                    starts.append((at, first))
                at = folded.find(needle, at + 1)
        starts.sort()
        found: list[tuple[str, tuple[str, ...]]] = []
        end = 0
        best: tuple[int, int, tuple[str, ...]] | None = None  # the longest match at one place
        for at, first in starts:
            if best and at != best[0]:
                found.append((folded[best[0]:best[1]], best[2]))
                end, best = best[1], None
            if at < end:
                continue
            hit = self._match(folded, at, first)
            if hit and (best is None or hit[0] > best[1]):
                best = (at, *hit)
        if best:
            found.append((folded[best[0]:best[1]], best[2]))
        return found


def name_key(name: str) -> str:
    """The form under which two names are the same: case, spaces and hyphens ignored."""
    return "".join(tokens(name)).casefold()
