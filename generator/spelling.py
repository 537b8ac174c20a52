"""The names each source uses for a weapon, an actor or a place, and where they differ.

Two written forms are the SAME spelling when they differ only in case, spacing,
hyphens and other dashes, the kind of apostrophe, or by the plural or possessive
of the last word: "Type 75", "Type-75" and "type75" are one spelling, so are
"M1991 launchers" and "M1991 launcher", "KN-23s" and "KN-23".

Two forms are TRANSLITERATIONS of one name when they are the same once written in
Latin letters (anyascii) and stripped of what the usual romanisations disagree
on: i/y/ii/iy/yi, kh/h, ts/tz, j/y, ie/ye, -sk/-sky/-ski, and apostrophes for
soft signs: "Kupiansk", "Kupyansk" and "Куп'янськ"; "Burevii" and "Bureviy".
Anything else is a different name: "Hwasong-11" and "KN-23".
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Iterable

from anyascii import anyascii

from .discrepancy import Discrepancy, Version
from .mentions import NameFinder, tokens
from .model import Actor, Place, Source, Weapon

_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u02bb\u0060\u00b4\u2032", "'"))
_SIBILANT_E = ("se", "xe", "ze", "che", "she")


def _is_dash(token: str) -> bool:
    return len(token) == 1 and (unicodedata.category(token) == "Pd" or token == "\u2212")


def singular(word: str) -> str:
    """A casefolded word without its plural ending: launchers -> launcher, batteries ->
    battery. Every word and its plural in -s or -es end the same ("bus" and "buses" both
    become "bu"): the result is a key to compare by, not a word to show."""
    while len(word) > 2:
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") or word.endswith(_SIBILANT_E):
            word = word[:-1]
        else:
            break
    return word


def _words(form: str) -> list[str]:
    """The tokens of a form that make its spelling: casefolded, without dashes, and
    without the possessive and the plural of the last word."""
    text = unicodedata.normalize("NFKC", form).casefold().translate(_APOSTROPHES)
    parts = [t for t in tokens(text) if not _is_dash(t)]
    if "." in parts and all(len(t) == 1 and (t.isalpha() or t == ".") for t in parts):
        parts = ["".join(t for t in parts if t != ".")]  # an abbreviation: "U.S." is "US"
    if len(parts) > 2 and parts[-2:] == ["'", "s"]:  # Ukraine's, KN-23's
        parts = parts[:-2]
    elif len(parts) > 1 and parts[-1] == "'" and parts[-2].endswith("s"):  # launchers'
        parts = parts[:-1]
    if len(parts) > 1 and parts[-1] in ("s", "es") and parts[-2].isdigit():  # KN-23s, Type 75s
        parts = parts[:-1]
    if parts and parts[-1].isalpha():
        parts[-1] = singular(parts[-1])
    return parts


def same_key(form: str) -> str:
    """The key under which two written forms are the same spelling."""
    return "".join(_words(form))


def _romanised(word: str) -> str:
    # Ukrainian г is h (Huliaipole), Russian г is g (Gulyaypole): one letter of one name.
    word = word.replace("kh", "h").replace("tz", "ts").replace("j", "y").replace("g", "h")
    word = re.sub("[iy]+e", "e", word)
    word = re.sub("[iy]+", "i", word)
    return word[:-1] if word.endswith("ski") else word


def transliteration_key(form: str) -> str:
    """The key under which two forms are transliterations of one name (or the same spelling)."""
    latin = anyascii(unicodedata.normalize("NFKC", form)).translate(_APOSTROPHES).replace("'", "")
    return "".join(_romanised(w) if w.isalpha() else w for w in _words(latin))


# -- which names each source uses -------------------------------------------------------------


def _chosen(matched: str, names: tuple[str, ...], owners: dict[str, list[str]]) -> dict[str, str]:
    """For each entity one of the names a match stands for: the one the text writes exactly,
    else one the text begins with ("Type-75" for "Type-75s"), else the first given."""
    chosen: dict[str, tuple[tuple[bool, bool], str]] = {}
    for name in names:
        folded = name.casefold()
        score = (matched == folded, matched.startswith(folded))
        for entity_id in owners[name]:
            if entity_id not in chosen or score > chosen[entity_id][0]:
                chosen[entity_id] = (score, name)
    return {entity_id: name for entity_id, (_, name) in chosen.items()}


def spellings(snapshots: dict[str, str],
              entities: dict[str, Weapon | Actor | Place]) -> dict[str, dict[str, list[str]]]:
    """For each entity, the names and aliases each source's snapshot uses for it.

    A name is found whatever its case, spacing and hyphens, and in the plural
    (mentions.NameFinder); what is recorded is the name or alias it matches, so
    "M1991 launchers" in a text counts as the alias "M1991 launcher".
    """
    owners: dict[str, list[str]] = defaultdict(list)  # name or alias -> the entities that have it
    for entity_id, entity in entities.items():
        for name in dict.fromkeys([entity.name, *entity.aliases]):
            owners[name].append(entity_id)
    finder = NameFinder(owners)
    chosen: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {}  # the same few matches recur
    found: dict[str, dict[str, list[str]]] = {}
    for source_id, text in sorted(snapshots.items()):
        for match in finder.find(text):
            if match not in chosen:
                chosen[match] = _chosen(*match, owners)
            for entity_id, name in chosen[match].items():
                used = found.setdefault(entity_id, {}).setdefault(source_id, [])
                if name not in used:
                    used.append(name)
    return found


# -- where the sources differ -----------------------------------------------------------------

TRANSLITERATED = "The sources transliterate the name differently"
DIFFERENT_NAMES = "The sources use different names"


def _differ(by_source: dict[str, list[str]]) -> bool:
    """Whether the sources differ beyond the same spelling: each uses only names no other
    source uses (a source that uses both spellings makes them no discrepancy)."""
    keys = {frozenset(same_key(n) for n in names) for names in by_source.values()}
    return len(by_source) > 1 and len(keys) > 1 and all(a.isdisjoint(b) or a == b for a in keys for b in keys)


def _word_list(forms: Iterable[str]) -> list[str]:
    return [w for form in forms for w in tokens(form) if w.isalnum()]


def _transliterated(entity: Weapon | Actor | Place, by_source: dict[str, list[str]]) -> dict[str, str]:
    """The words the sources spell as different transliterations of one word: each such
    word (by its same key) -> the spelling it is another transliteration of, the record's
    own where the record has one."""
    spelled: dict[str, set[str]] = defaultdict(set)  # transliteration key -> same keys used
    for names in by_source.values():
        for word in _word_list(names):
            spelled[transliteration_key(word)].add(same_key(word))
    reference: dict[str, str] = {}
    for word in _word_list([entity.name, *entity.aliases, *(n for _, ns in sorted(by_source.items()) for n in ns)]):
        reference.setdefault(transliteration_key(word), word)
    out = {}
    for key, used in spelled.items():
        if len(used) > 1:
            ref = reference[key]
            out.update({u: ref for u in used if u != same_key(ref)})
    return out


def _says(names: list[str], transliterated: dict[str, str]) -> str:
    """One source's names, one per spelling, each word that is another transliteration said so."""
    first: dict[str, str] = {}
    for name in names:
        first.setdefault(same_key(name), name)
    out = []
    for name in first.values():
        notes = list(dict.fromkeys(
            (word, transliterated[same_key(word)]) for word in _word_list([name]) if same_key(word) in transliterated))
        if len(notes) == 1 and same_key(notes[0][0]) == same_key(name):
            out.append(f"{name} (another transliteration of {notes[0][1]})")
        elif notes:
            out.append(f"{name} (" + "; ".join(f"{w}: another transliteration of {r}" for w, r in notes) + ")")
        else:
            out.append(name)
    return ", ".join(out)


def spelling_discrepancies(spellings: dict[str, dict[str, list[str]]], entities: dict[str, Weapon | Actor | Place],
                           kinds: dict[str, str], sources: dict[str, Source],
                           actors: dict[str, Actor]) -> list[Discrepancy]:
    """The entities whose sources name them differently: by another transliteration of the
    same name, or by a different name; the same spelling written otherwise is no discrepancy."""
    found = []
    for entity_id, by_source in sorted(spellings.items()):
        if not _differ(by_source):
            continue
        transliterated = _transliterated(entities[entity_id], by_source)
        versions = tuple(Version(actors[sources[sid].publisher].name, sid, None, _says(names, transliterated))
                         for sid, names in sorted(by_source.items()))
        found.append(Discrepancy("spelling", kinds[entity_id], entity_id,
                                 TRANSLITERATED if transliterated else DIFFERENT_NAMES, versions, (), True))
    return found
