"""Spellings: when two written forms of a name are the same spelling, transliterations of one
name, or different names; the names each source uses; the discrepancies that follow."""
from __future__ import annotations

import hashlib
import re

import pytest

from generator.mentions import NameFinder, name_pattern
from generator.pipeline import build
from generator.spelling import (DIFFERENT_NAMES, TRANSLITERATED, same_key, singular, spellings,
                                transliteration_key)

SAME, TRANSLITERATION, DIFFERENT = "same", "transliteration", "different"

PAIRS = [
    # case, spaces, hyphens and other dashes
    ("Type 75", "Type-75", SAME),
    ("Type 75", "type75", SAME),
    ("Type 75", "TYPE 75", SAME),
    ("Type 75", "Type\u201375", SAME),  # en dash
    ("Type 75", "Type \u2014 75", SAME),  # em dash
    ("Type 75", "Type\u221275", SAME),  # minus sign
    ("Type 75", "Type\u00a075", SAME),  # no-break space
    ("Hwasong-11Ga", "Hwasong 11 Ga", SAME),
    ("North Korea", "NorthKorea", SAME),
    # the plural and the possessive of the last word
    ("M1991 launcher", "M1991 launchers", SAME),
    ("KN-23", "KN-23s", SAME),
    ("KN-23", "KN-23's", SAME),
    ("Type 75 MRL", "Type-75 MRLs", SAME),
    ("Ukraine", "Ukraine's", SAME),
    ("Ukraine", "Ukraine\u2019s", SAME),
    ("launcher", "launchers'", SAME),
    ("battery", "batteries", SAME),
    ("bus", "buses", SAME),
    ("box", "boxes", SAME),
    ("horse", "horses", SAME),
    ("Express", "Expresses", SAME),
    # transliterations
    ("Kupiansk", "Kupyansk", TRANSLITERATION),
    ("Kupiansk", "Kup'yansk", TRANSLITERATION),
    ("Kupiansk", "\u041a\u0443\u043f\u044f\u043d\u0441\u044c\u043a", TRANSLITERATION),  # Купянськ
    ("Kupiansk", "\u041a\u0443\u043f'\u044f\u043d\u0441\u044c\u043a", TRANSLITERATION),  # Куп'янськ
    ("Burevii", "Bureviy", TRANSLITERATION),
    ("Burevii", "\u0411\u0443\u0440\u0435\u0432\u0456\u0439", TRANSLITERATION),  # Буревій
    ("Kharkiv", "Harkiv", TRANSLITERATION),
    ("Zelensky", "Zelenskyy", TRANSLITERATION),
    ("Zelensky", "Zelenski", TRANSLITERATION),
    ("Pokrovsk", "Pokrovsky", TRANSLITERATION),
    ("Dmitriev", "Dmitriyev", TRANSLITERATION),
    ("Yevhen", "Ievhen", TRANSLITERATION),
    ("Bojko", "Boyko", TRANSLITERATION),
    ("Kovalenco", "Kovalenko", DIFFERENT),  # c/k is not among the rules
    ("Huliaipole", "Гуляйполе", TRANSLITERATION),  # Ukrainian г is h, Russian г is g
    ("Huliaipole", "Gulyaypole", TRANSLITERATION),
    # different names
    ("Hwasong-11", "KN-23", DIFFERENT),
    ("United States", "U.S.", DIFFERENT),
    ("U.S.", "US", SAME),  # an abbreviation with or without its stops
    ("U.K.", "US", DIFFERENT),
    ("Kupiansk", "Kupyansk region", DIFFERENT),
    ("Type 75", "Type 76", DIFFERENT),
    ("Type 75", "Type 751", DIFFERENT),
    ("Kyiv", "Kiev", DIFFERENT),
]


@pytest.mark.parametrize("a, b, relation", PAIRS)
def test_pairs(a, b, relation):
    assert (same_key(a) == same_key(b)) == (relation == SAME), (same_key(a), same_key(b))
    assert (transliteration_key(a) == transliteration_key(b)) == (relation != DIFFERENT), \
        (transliteration_key(a), transliteration_key(b))


@pytest.mark.parametrize("word, plural", [
    ("launcher", "launchers"), ("bus", "buses"), ("box", "boxes"), ("horse", "horses"), ("battery", "batteries"),
    ("match", "matches"), ("express", "expresses"), ("gas", "gases"), ("day", "days"), ("force", "forces"),
    ("crash", "crashes"), ("mrl", "mrls"),
])
def test_a_word_and_its_plural_have_one_key(word, plural):
    assert singular(word) == singular(plural)


# -- the name finder --------------------------------------------------------------------------

NAMES = ["M1991 launcher", "M1991", "KN-23", "Type 75", "Type-75", "Type 75 MRL", "North Korea",
         "battery", "Kupyansk", "Kupyansk region", "U.S.", "(Typhoon) brigade", "1st Brigade"]


@pytest.mark.parametrize("text, matched, name", [
    ("Two M1991 launchers were hit.", "m1991 launchers", "M1991 launcher"),
    ("The M1991 was hit.", "m1991", "M1991"),
    ("KN-23s and more", "kn-23s", "KN-23"),
    ("KN-23's range", "kn-23", "KN-23"),
    ("a type75 here", "type75", "Type 75"),
    ("a Type-75 here", "type-75", "Type-75"),
    ("the Type-75s", "type-75s", "Type-75"),
    ("two Type 75 MRLs", "type 75 mrls", "Type 75 MRL"),
    ("the Type-75 MRL", "type-75 mrl", "Type 75 MRL"),  # "Type-75" as written, but a longer name
    ("the Type\u201375s", "type\u201375s", "Type 75"),
    ("Type\n        75 launchers", "type\n        75", "Type 75"),
    ("NorthKorea said", "northkorea", "North Korea"),
    ("the batteries", "batteries", "battery"),
    ("near the Kupyansk region", "kupyansk region", "Kupyansk region"),
    ("the U.S. said", "u.s.", "U.S."),
    ("the (Typhoon) brigade", "(typhoon) brigade", "(Typhoon) brigade"),
    ("the 1st Brigade", "1st brigade", "1st Brigade"),
])
def test_the_finder_finds_names_their_variants_and_plurals(text, matched, name):
    found = NameFinder(NAMES).find(text)
    assert len(found) == 1, found
    assert found[0][0] == matched and name in found[0][1]


@pytest.mark.parametrize("text", ["Type 751", "xType 75", "Type 75x", "KN-23a", "M19 91", "Kupyanskregionx",
                                  "Ty pe 75", "batteryx", "Type_75"])
def test_the_finder_finds_only_whole_names(text):
    assert NameFinder(NAMES).find(text) == []


TEXTS = ["Type 75, Type-75 MRL and type 75 mrls; two M1991 launchers and an M1991; KN-23s.",
         "Near Kupyansk, in the Kupyansk region, North Korean batteries fired; the U.S. said so.",
         "A KN-23 (Typhoon) brigade; the 1st Brigade; Type--75; type \u2013 75 mrl."]


@pytest.mark.parametrize("text", TEXTS)
def test_the_finder_agrees_with_name_pattern(text):
    """Every match the finder reports is a match of one of its names' name_pattern at that place,
    and every name_pattern match lies inside one the finder reports."""
    found = NameFinder(NAMES).find(text)
    folded = text.casefold()
    spans = []
    at = 0
    for matched, names in found:
        start = folded.index(matched, at)
        spans.append((start, start + len(matched)))
        at = start + len(matched)
        assert any((m := re.compile(name_pattern(n), re.I).match(folded, start)) and m.end() == start + len(matched)
                   for n in names), (matched, names)
    for name in NAMES:
        for m in re.finditer(name_pattern(name), folded, re.I):
            assert any(s <= m.start() and m.end() <= e for s, e in spans), (name, m.group())


def _entity(name, aliases=()):
    from generator.model import Place
    return Place(name=name, aliases=list(aliases), kind="settlement")


def test_spellings_record_the_alias_a_plural_matches():
    entities = {"m1991": _entity("M1991 240 mm multiple rocket launcher", ["M1991 launcher", "M1991"])}
    found = spellings({"a": "Two M1991 launchers were destroyed.", "b": "An M1991 launcher was destroyed."},
                      entities)
    assert found == {"m1991": {"a": ["M1991 launcher"], "b": ["M1991 launcher"]}}


# -- through resolve ----------------------------------------------------------------------------


def _source(sid: str, publisher: str, text: str) -> dict[str, str]:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return {
        f"sources/{sid}.txt": text,
        f"sources/{sid}.yaml": f"""
            kind: "article"
            title: "Another article"
            publisher: "{publisher}"
            url: "https://example.org/{sid}"
            published: "2025-07-12"
            sha256: "{sha}"
            reliability: "B"
        """,
        f"actors/{publisher}.yaml": f"""
            name: "{publisher.title()}"
            kind: "media-outlet"
        """,
    }


M1991 = {"weapons/m1991.yaml": """
    name: "M1991 240 mm multiple rocket launcher"
    aliases: ["M1991 launcher", "M1991"]
    category: "multiple-rocket-launcher"
    description: "A launcher."
"""}


def _spelling(resolved, subject_id):
    return [d for d in resolved.discrepancies if d.aspect == "spelling" and d.subject_id == subject_id]


def test_a_plural_in_the_text_is_no_spelling_discrepancy(make_content):
    _, resolved = build(make_content({
        **M1991,
        **_source("src-b", "daily", "Two M1991 launchers were destroyed near Kupiansk, and a Type-75."),
        **_source("src-c", "weekly", "An M1991 launcher was destroyed near kupiansk, and a type 75."),
    }))
    assert resolved.spellings["m1991"]["src-b"] == ["M1991 launcher"]
    assert resolved.spellings["m1991"]["src-c"] == ["M1991 launcher"]
    assert _spelling(resolved, "m1991") == []
    assert _spelling(resolved, "type-75") == []  # "Type 75" in src-a, Type-75 and type 75 here
    assert _spelling(resolved, "kupiansk") == []


def test_another_transliteration_is_a_spelling_discrepancy(make_content):
    _, resolved = build(make_content({
        **_source("src-b", "daily", "A launcher was destroyed near Kupyansk."),
    }))
    [found] = _spelling(resolved, "kupiansk")
    assert found.title == TRANSLITERATED
    says = {v.source_id: v.says for v in found.versions}
    assert says == {"src-a": "Kupiansk", "src-b": "Kupyansk (another transliteration of Kupiansk)"}
    assert found.notes == ()


def test_another_name_is_a_spelling_discrepancy(make_content):
    _, resolved = build(make_content({
        "weapons/type-75.yaml": """
            name: "Type 75"
            aliases: ["Type-75", "Type 63 copy"]
            category: "multiple-rocket-launcher"
            description: "A launcher."
        """,
        **_source("src-b", "daily", "A Type 63 copy was destroyed near Kupiansk."),
    }))
    [found] = _spelling(resolved, "type-75")
    assert found.title == DIFFERENT_NAMES
    assert [v.says for v in found.versions] == ["Type 75", "Type 63 copy"]


def test_the_seed_reports_spelling_discrepancies_say_what_differs():
    from conftest import CONTENT
    _, resolved = build(CONTENT)
    by_subject = {d.subject_id: d for d in resolved.discrepancies if d.aspect == "spelling"}
    assert by_subject["kupiansk"].title == TRANSLITERATED
    assert "Kupyansk: another transliteration of Kupiansk" in " ".join(v.says for v in by_subject["kupiansk"].versions)
    assert by_subject["burevii-brigade"].title == TRANSLITERATED
    assert "Bureviy: another transliteration of Burevii" in \
        " ".join(v.says for v in by_subject["burevii-brigade"].versions)
    assert by_subject["united-states"].title == DIFFERENT_NAMES


def test_claim_discrepancy_notes_stay_apart():
    from conftest import CONTENT
    _, resolved = build(CONTENT)
    noted = [d for d in resolved.discrepancies if d.found and len(d.notes) > 1]
    assert noted
    for d in noted:
        publishers = [who for who, _ in d.notes]
        assert len(set(publishers)) == len(publishers)
        assert all("; Global Economic Times:" not in note for _, note in d.notes)


def test_each_note_is_its_own_paragraph_on_the_discrepancies_page():
    from conftest import CONTENT
    from generator.pages import Extras
    from generator.outputs.markdown import render_site
    _, resolved = build(CONTENT)
    page = render_site(resolved, Extras())["discrepancies.md"]
    assert "\n\nKorea JoongAng Daily: Gives the figure as" in page
    assert "\n\nGlobal Economic Times: Gives the figure as" in page
    assert "; Global Economic Times:" not in page and ".; " not in page
    assert "Kupyansk region (Kupyansk: another transliteration of Kupiansk)" in page


def test_a_version_shows_each_spelling_once_in_the_order_found():
    from types import SimpleNamespace
    from generator.spelling import spelling_discrepancies
    found = {"kupiansk": {"a": ["Kupyansk", "Kupyansk region", "kupyansk"], "b": ["Kupiansk"]}}
    sources = {"a": SimpleNamespace(publisher="pa"), "b": SimpleNamespace(publisher="pb")}
    actors = {"pa": SimpleNamespace(name="A"), "pb": SimpleNamespace(name="B")}
    [d] = spelling_discrepancies(found, {"kupiansk": _entity("Kupiansk", ["Kupyansk", "Kupyansk region"])},
                                 {"kupiansk": "place"}, sources, actors)
    assert [v.says for v in d.versions] == [
        "Kupyansk (another transliteration of Kupiansk), "
        "Kupyansk region (Kupyansk: another transliteration of Kupiansk)",
        "Kupiansk"]
