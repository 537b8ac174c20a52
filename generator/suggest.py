"""What an author probably meant by a wrong reference, vocabulary term or field name.

No I/O. A reference is matched against the records of its kind through their ids, names and
aliases; a term against its vocabulary's keys, labels and synonyms; a field against the fields
of its record. Strings are compared folded (case, width, spaces and punctuation ignored), first
exactly and then by rapidfuzz's similarity ratio. The work a run spends on references is capped
(`COMPARISONS`), so a file of thousands of bad references is checked as fast as a good one.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from rapidfuzz import fuzz, process

from . import vocab

# Similarity ratios (0-100) a candidate needs: a whole id or name, and one word of a name
# (shorter, so a chance match scores higher). Candidates more than SPREAD below the best are left out.
CUTOFF = 75
WORD_CUTOFF = 85
SPREAD = 10
SHOWN = 3  # suggestions offered at most
# Comparisons of strings a run may spend on close matches of references, in all: ~0.5 s. A
# reference looked up after that gets only the exact match of its id, name or alias.
COMPARISONS = 5_000_000
# Longer values are no misspelt id, name or term; they get no suggestion.
LONGEST = 200


def fold(text: str) -> str:
    """The form under which two spellings count as the same: 'Type 75', 'type-75', 'ＴＹＰＥ75'."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def _split(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in unicodedata.normalize("NFKC", text).casefold()).split()


def _words(text: str) -> list[str]:
    """The words of a name worth matching alone ('Chubenko' in 'Dmytro Chubenko')."""
    return [w for w in _split(text) if len(w) >= 4 and not w.isdigit()]


def _either(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


# -- references --------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A record a reference may mean: its id, then its name and aliases (the name first)."""

    id: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hint:
    """A suggestion. `exact`: the value is the record's name or id written otherwise, and `text`
    says so in a sentence of its own; else `text` offers the closest records ("did you mean ...?")."""

    exact: bool
    text: str


@dataclass(frozen=True)
class _Spelling:
    record_id: str
    text: str  # as the record writes it
    how: str  # "id", "name" or "alias"


@dataclass(frozen=True)
class _Index:
    """One kind's spellings, folded: for the exact look-up, and as lists for rapidfuzz."""

    exact: dict[str, tuple[_Spelling, ...]]
    whole: tuple[list[str], list[_Spelling]]
    words: tuple[list[str], list[_Spelling]]

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> "_Index":
        exact: dict[str, list[_Spelling]] = {}
        whole: tuple[list[str], list[_Spelling]] = ([], [])
        words: tuple[list[str], list[_Spelling]] = ([], [])
        for entry in entries:
            spellings = [_Spelling(entry.id, entry.id, "id")] + [
                _Spelling(entry.id, name, "name" if i == 0 else "alias") for i, name in enumerate(entry.names)]
            seen: tuple[set[str], set[str]] = (set(), set())  # 'type-75', 'Type 75', 'Type-75': compared once
            for spelling in spellings:
                key = fold(spelling.text)
                if key:
                    exact.setdefault(key, []).append(spelling)
                for (choices, owners), done, found in ((whole, seen[0], [key] if key else []),
                                                       (words, seen[1], _words(spelling.text))):
                    for k in found:
                        if k not in done:
                            done.add(k)
                            choices.append(k)
                            owners.append(spelling)
        return cls({k: tuple(v) for k, v in exact.items()}, whole, words)


@dataclass
class References:
    """Suggestions for the references of one run: each kind's index is built once, on first use,
    and close matches stop when the run has spent `budget` comparisons."""

    entries: Callable[[str], Iterable[Entry]]  # kind -> its records
    budget: int = COMPARISONS
    _indexes: dict[str, _Index] = field(default_factory=dict, init=False)
    _found: dict[tuple[str, str, bool], tuple[bool, list[_Spelling]]] = field(default_factory=dict, init=False)

    def hint(self, kind: str, value: str) -> Hint | None:
        """What `value`, written where an id of a `kind` belongs, may stand for; None if nothing."""
        key = fold(value) if len(value) <= LONGEST else ""
        if not key:
            return None
        single_word = len(_split(value)) == 1
        if (kind, key, single_word) not in self._found:
            self._found[kind, key, single_word] = self._match(kind, key, single_word)
        exact, spellings = self._found[kind, key, single_word]
        if not spellings:
            return None
        return Hint(True, _exact_sentence(kind, value, spellings)) if exact else Hint(False, _offer(spellings))

    def _match(self, kind: str, key: str, single_word: bool) -> tuple[bool, list[_Spelling]]:
        """(True, the spellings of the one record `key` is) or (False, the closest records)."""
        index = self._indexes.get(kind)
        if index is None:
            index = self._indexes[kind] = _Index.build(self.entries(kind))
        same = index.exact.get(key, ())
        if len({s.record_id for s in same}) == 1:
            return True, list(same)
        return False, _best([(100, s) for s in same]) or self._close(index, key, single_word=single_word)

    def _close(self, index: _Index, key: str, *, single_word: bool) -> list[_Spelling]:
        scored: list[tuple[float, _Spelling]] = []
        lists = [(index.whole, CUTOFF)] + ([(index.words, WORD_CUTOFF)] if single_word else [])
        for (choices, spellings), cutoff in lists:
            if len(choices) > self.budget:
                break
            self.budget -= len(choices)
            found = process.extract(key, choices, scorer=fuzz.ratio, processor=None,
                                    score_cutoff=cutoff, limit=SHOWN * 4)
            scored.extend((score, spellings[i]) for _, score, i in found)
        return _best(scored)


def _best(scored: list[tuple[float, _Spelling]]) -> list[_Spelling]:
    """The best spelling of each record, best records first, within SPREAD of the very best."""
    order = {"id": 0, "name": 1, "alias": 2}
    scored.sort(key=lambda s: (-s[0], s[1].record_id, order[s[1].how]))
    best: dict[str, _Spelling] = {}
    for score, spelling in scored:
        if score >= scored[0][0] - SPREAD:
            best.setdefault(spelling.record_id, spelling)
    return list(best.values())[:SHOWN]


def _exact_sentence(kind: str, value: str, same: list[_Spelling]) -> str:
    """The name (or alias, or id) that `value` folds to, as a sentence: name first, then alias."""
    spelling = min(same, key=lambda s: {"name": 0, "alias": 1, "id": 2}[s.how])
    shown = value[:80]
    if spelling.how == "id":
        return f"'{shown}' is the id '{spelling.record_id}' written otherwise: write it as '{spelling.record_id}'"
    article = "the" if spelling.how == "name" else "a"
    return f"'{shown}' is {article} name of {kind} '{spelling.record_id}': write its id"


def _offer(close: list[_Spelling]) -> str:
    shown = [f"'{s.record_id}'" if s.how == "id" else f"'{s.record_id}' ('{s.text[:80]}')" for s in close]
    return f"did you mean {_either(shown)}?"


# -- vocabulary terms and field names ----------------------------------------


def term(options: Sequence[str], value: object) -> str:
    """A hint for `value`, not one of `options` (the keys of a vocabulary, or other fixed choices):
    the term whose key, label or synonym it is, or the closest; "" if none is close."""
    text = str(value)
    vocabulary = next((v for v in vocab.ALL if set(v.keys()) == set(options)), None)
    spellings = [(o, o) for o in options]
    if vocabulary:
        spellings += [(t.key, s) for t in vocabulary.terms for s in (t.label, *t.synonyms)]
    key = fold(text) if len(text) <= LONGEST else ""
    if not key:
        return ""
    numeric = all(o.isdigit() for o in options)  # written as a number, unquoted
    show = (lambda k: k) if numeric else (lambda k: f"'{k}'")
    exact = sorted({k for k, s in spellings if fold(s) == key})
    if len(exact) == 1:
        return f"'{text[:80]}' is written {show(exact[0])}"
    return _closest([fold(s) for _, s in spellings], [k for k, _ in spellings], key, show)


def field_name(known: Sequence[str], name: str) -> str:
    """A hint for an unknown field `name`: the closest of the `known` fields; "" if none is close."""
    key = fold(name) if len(name) <= LONGEST else ""
    if not key:
        return ""
    return _closest([fold(k) for k in known], list(known), key, lambda k: f"'{k}'")


def _closest(choices: list[str], keys: list[str], key: str, show: Callable[[str], str]) -> str:
    """"did you mean ...?" over the keys of the closest of `choices` (the folded spellings)."""
    found = process.extract(key, choices, scorer=fuzz.ratio, processor=None, score_cutoff=CUTOFF,
                            limit=len(choices))
    found.sort(key=lambda f: (-f[1], keys[f[2]]))
    best: list[str] = []
    for _, score, i in found:
        if score >= found[0][1] - SPREAD and keys[i] not in best:
            best.append(keys[i])
    return f"did you mean {_either([show(k) for k in best[:SHOWN]])}?" if best else ""
