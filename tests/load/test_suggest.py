"""Suggestions for wrong references, vocabulary terms and field names (generator/suggest.py)."""
from __future__ import annotations

import pytest

from conftest import minimal_files
from generator import suggest, vocab
from generator.diagnostics import BY_CODE, Diagnostic
from generator.pipeline import check

ENTRIES = {
    "actor": [suggest.Entry("dmytro-chubenko", ("Dmytro Chubenko",)),
              suggest.Entry("kyrylo-budanov", ("Kyrylo Budanov", "Budanov"))],
    "weapon": [suggest.Entry("type-75", ("Type 75", "Type-75")),
               suggest.Entry("kn-23", ("KN-23", "Hwasong-11")),
               suggest.Entry("m1991-mrl", ("M1991",))],
}


def references(entries=ENTRIES, **kw) -> suggest.References:
    return suggest.References(lambda kind: entries.get(kind, []), **kw)


# -- references: exact names, aliases and ids ---------------------------------


@pytest.mark.parametrize("value", ["Dmytro Chubenko", "dmytro chubenko", "DMYTRO-CHUBENKO", "Dmytro_Chubenko"])
def test_a_name_written_for_an_id_gets_that_records_id(value):
    hint = references().hint("actor", value)
    assert hint == suggest.Hint(True, f"'{value}' is the name of actor 'dmytro-chubenko': write its id")


def test_each_spelling_of_a_name_is_quoted_as_written():
    refs = references()
    for value in ("Dmytro Chubenko", "dmytro chubenko"):
        assert refs.hint("actor", value).text.startswith(f"'{value}' is the name")


def test_an_alias_says_whose_name_it_is():
    hint = references().hint("weapon", "Hwasong-11")
    assert hint == suggest.Hint(True, "'Hwasong-11' is a name of weapon 'kn-23': write its id")


def test_an_id_written_otherwise_is_given_as_the_id():
    entries = {"claim": [suggest.Entry("north-korea-stockpiles")]}
    hint = references(entries).hint("claim", "North_Korea_Stockpiles")
    assert hint == suggest.Hint(True, "'North_Korea_Stockpiles' is the id 'north-korea-stockpiles' written "
                                      "otherwise: write it as 'north-korea-stockpiles'")


# -- references: close matches ------------------------------------------------


def test_a_misspelt_id_gets_the_closest_id():
    assert references().hint("weapon", "type-57") == suggest.Hint(False, "did you mean 'type-75'?")


@pytest.mark.parametrize("value", ["Chubenko", "chubenko", "Chubenk"])
def test_one_word_of_a_name_finds_the_record(value):
    hint = references().hint("actor", value)
    assert hint is not None and not hint.exact and hint.text.startswith("did you mean 'dmytro-chubenko'")


def test_a_misspelt_name_shows_the_name_it_is_close_to():
    entries = {"actor": [suggest.Entry("budanov", ("Kyrylo Budanov",))]}
    hint = references(entries).hint("actor", "Kyrylo Budanow")
    assert hint == suggest.Hint(False, "did you mean 'budanov' ('Kyrylo Budanov')?")


def test_several_close_records_offer_at_most_three():
    entries = {"weapon": [suggest.Entry(f"type-7{i}") for i in range(1, 6)]}
    hint = references(entries).hint("weapon", "type-70")
    assert hint == suggest.Hint(False, "did you mean 'type-71', 'type-72' or 'type-73'?")


def test_a_name_two_records_share_is_offered_as_both():
    entries = {"place": [suggest.Entry("kharkiv", ("Kharkiv",)), suggest.Entry("kharkiv-oblast", ("Kharkiv",))]}
    hint = references(entries).hint("place", "Kharkiv")
    assert hint == suggest.Hint(False, "did you mean 'kharkiv' or 'kharkiv-oblast' ('Kharkiv')?")


@pytest.mark.parametrize("value", ["qqqzzz", "x", "Vladimir Putin", "../x", "", "-", "a" * 300])
def test_nonsense_gets_no_suggestion(value):
    assert references().hint("actor", value) is None
    assert references().hint("weapon", value) is None


def test_a_kind_without_records_gets_no_suggestion():
    assert references().hint("place", "Kupiansk") is None


# -- references: bounded work -------------------------------------------------


class Counting:
    """Stands in for rapidfuzz's process.extract, counting its calls and the strings compared."""

    def __init__(self, real):
        self.real, self.calls, self.compared = real, 0, 0

    def __call__(self, query, choices, **kw):
        self.calls += 1
        self.compared += len(choices)
        return self.real(query, choices, **kw)


@pytest.fixture
def counting(monkeypatch):
    spy = Counting(suggest.process.extract)
    monkeypatch.setattr(suggest.process, "extract", spy)
    return spy


def _many(n: int) -> dict[str, list[suggest.Entry]]:
    return {"actor": [suggest.Entry(f"person-{i:05d}", (f"Person Number{i:05d}",)) for i in range(n)]}


def test_close_matches_stop_when_the_budget_is_spent(counting):
    built = []
    entries = _many(2_000)
    refs = suggest.References(lambda kind: built.append(kind) or entries[kind], budget=100_000)
    hints = [refs.hint("actor", f"persen-{i:05d}") for i in range(1_000)]
    assert built == ["actor"]  # the candidates are gathered once per kind
    assert 0 < counting.compared <= 100_000
    assert counting.calls < 100  # not one search per reference
    assert hints[0] is not None and hints[0].text.startswith("did you mean 'person-00000'")
    assert hints[-1] is None
    # Past the budget, an exact name is still found: it costs a look-up, not a search.
    assert refs.hint("actor", "Person Number01999") == suggest.Hint(
        True, "'Person Number01999' is the name of actor 'person-01999': write its id")


def test_the_same_wrong_reference_is_looked_up_once(counting):
    refs = references()
    assert {refs.hint("weapon", "type-57") for _ in range(1_000)} == {suggest.Hint(False, "did you mean 'type-75'?")}
    assert counting.calls == 1


def test_the_default_budget_caps_a_hostile_run(counting):
    refs = suggest.References(lambda kind: _many(10_000)[kind])
    for i in range(300):
        refs.hint("actor", f"zz{i}-persen")
    # Two spellings (id, name) a record, searched whole: each search compares 20,000 strings.
    assert counting.compared <= suggest.COMPARISONS
    assert counting.calls == suggest.COMPARISONS // 20_000 < 300  # it stopped searching before the end


# -- vocabulary terms and field names -----------------------------------------


@pytest.mark.parametrize("value, key", [
    ("approximately", "about"), ("around", "about"), ("roughly", "about"), ("Approximately", "about"),
    ("as much as", "up-to"), ("up to", "up-to"), ("Up To", "up-to"),
    ("more than", "at-least"), ("at least", "at-least"),
])
def test_a_qualifier_written_in_words_is_its_term(value, key):
    assert suggest.term(vocab.QUALIFIER.keys(), value) == f"'{value}' is written '{key}'"


def test_a_status_synonym_is_its_term():
    assert suggest.term(vocab.CLAIM_STATUS.keys(), "unverified") == "'unverified' is written 'reported'"


def test_a_misspelt_term_gets_the_closest():
    assert suggest.term(vocab.CLAIM_STATUS.keys(), "confirmd") == "did you mean 'confirmed'?"
    assert suggest.term(vocab.QUALIFIER.keys(), "aboot") == "did you mean 'about'?"


def test_a_numeric_term_is_offered_unquoted():
    assert suggest.term(tuple(vocab.CREDIBILITY.keys()), "probably true") == "did you mean 2?"


@pytest.mark.parametrize("value", ["banana", "zzzz", "", "a" * 300])
def test_nonsense_terms_get_no_suggestion(value):
    assert suggest.term(vocab.QUALIFIER.keys(), value) == ""
    assert suggest.term(vocab.CLAIM_STATUS.keys(), value) == ""


def test_no_synonym_or_label_leads_to_two_terms():
    for v in vocab.ALL:
        owner: dict[str, str] = {}
        for t in v.terms:
            for spelling in {t.key, t.label, *t.synonyms}:
                assert owner.setdefault(suggest.fold(spelling), t.key) == t.key, (v.name, spelling)


def test_an_unknown_field_gets_the_closest_field():
    assert suggest.field_name(["statement", "claimant", "claimant_vague"], "claimnat") == "did you mean 'claimant'?"
    assert suggest.field_name(["statement", "claimant"], "colour") == ""


# -- through check: the diagnostics an author sees ----------------------------

CHUBENKO = 'name: "Dmytro Chubenko"\nkind: "person"\n'
KN23 = 'name: "KN-23"\naliases: ["Hwasong-11"]\ncategory: "ballistic-missile"\ndescription: "A missile."\n'


def _claim(old: str, new: str) -> dict[str, str]:
    text = minimal_files()["claims/stockpiles.yaml"]
    assert old in text
    return {"claims/stockpiles.yaml": text.replace(old, new), "actors/dmytro-chubenko.yaml": CHUBENKO,
            "weapons/kn-23.yaml": KN23}


def problems(content) -> list[str]:
    return [str(d) for d in check(content).checks.diagnostics]


def test_check_gives_the_id_of_a_claimant_written_by_name(make_content):
    content = make_content(_claim('claimant: "budanov"', 'claimant: "Dmytro Chubenko"'))
    assert problems(content) == ["claims/stockpiles.yaml:2:11: S009 'claimant': 'Dmytro Chubenko' is the name of "
                                 "actor 'dmytro-chubenko': write its id"]


def test_check_suggests_for_a_name_not_quite_right(make_content):
    content = make_content(_claim('claimant: "budanov"', 'claimant: "Chubenko"'))
    assert problems(content) == ["claims/stockpiles.yaml:2:11: S009 'claimant': 'Chubenko' must be an id: lowercase "
                                 "ASCII letters, digits and single hyphens (did you mean 'dmytro-chubenko'?)"]


def test_check_names_the_weapon_an_alias_belongs_to(make_content):
    content = make_content(_claim('weapons: ["type-75"]', 'weapons: ["type-75", "Hwasong-11"]'))
    assert problems(content) == [
        "claims/stockpiles.yaml:5:22: S009 'weapons[1]': 'Hwasong-11' is a name of weapon 'kn-23': write its id"]


def test_check_names_the_weapon_of_a_lowercase_alias(make_content):
    content = make_content(_claim('weapons: ["type-75"]', 'weapons: ["hwasong-11"]'))
    assert problems(content) == ["claims/stockpiles.yaml:5:11: R001 no weapon 'hwasong-11'; 'hwasong-11' is a name "
                                 "of weapon 'kn-23': write its id"]


def test_the_reference_examples_are_what_check_prints(make_content):
    found = problems(make_content(_claim('weapons: ["type-75"]', 'weapons: ["hwasong-11"]')))
    assert [f.split(" R001 ")[1] for f in found] == [BY_CODE["R001"].example.split(" R001 ")[1]]
    found = problems(make_content(_claim('status: "reported"', 'quantities: [{value: 3, unit: "x", qualifier: '
                                                               '"approximately"}]\n            status: "reported"')))
    assert [f.split(" S006 ")[1] for f in found] == [BY_CODE["S006"].example.split(" S006 ")[1]]


def test_check_suggests_the_closest_id(make_content):
    content = make_content(_claim('weapons: ["type-75"]', 'weapons: ["type-57"]'))
    assert problems(content) == ["claims/stockpiles.yaml:5:11: R001 no weapon 'type-57' (did you mean 'type-75'?)"]


def test_check_suggests_nothing_for_nonsense(make_content):
    content = make_content(_claim('weapons: ["type-75"]', 'weapons: ["qqqzzz"]'))
    assert problems(content) == ["claims/stockpiles.yaml:5:11: R001 no weapon 'qqqzzz'"]


def test_a_record_that_fails_its_own_checks_is_still_suggested_by_its_id(make_content):
    files = _claim('weapons: ["type-75"]', 'weapons: ["kn-32"]')
    files["weapons/kn-23.yaml"] = KN23.replace('category: "ballistic-missile"', 'category: "rocket"')
    found = problems(make_content(files))
    assert "claims/stockpiles.yaml:5:11: R001 no weapon 'kn-32' (did you mean 'kn-23'?)" in found, found


@pytest.mark.parametrize("value, key", [("approximately", "about"), ("as much as", "up-to"),
                                        ("more than", "at-least")])
def test_check_gives_the_term_of_a_qualifier_in_words(make_content, value, key):
    content = make_content(_claim('status: "reported"', f'quantities: [{{value: 3, unit: "x", qualifier: "{value}"}}]\n'
                                                        '            status: "reported"'))
    assert problems(content) == [f"claims/stockpiles.yaml:7:47: S006 'quantities[0].qualifier': '{value}' is not one "
                                 f"of 'exactly', 'about', 'up-to' or 'at-least' ('{value}' is written '{key}')"]


def test_check_gives_the_term_of_a_status_synonym(make_content):
    content = make_content(_claim('status: "reported"', 'status: "unverified"'))
    found = problems(content)
    assert len(found) == 1 and found[0].endswith("('unverified' is written 'reported')"), found


# -- terminal safety ----------------------------------------------------------


def test_a_suggested_name_with_control_characters_is_shown_escaped():
    entries = {"actor": [suggest.Entry("person-1", ("Evil\x1b]0;owned\x07 Name\u202e",))]}
    hint = references(entries).hint("actor", "Evil owned Nane")
    assert hint is not None and "\x1b" in hint.text  # the hint keeps the exact name; the output escapes it
    line = str(Diagnostic("claims/x.yaml", 2, 11, "R001", f"no actor 'evil-nane' ({hint.text})"))
    assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
    assert "Evil\\x1b]0;owned\\x07 Name\\u202e" in line


def test_check_shows_a_claimant_with_a_control_character_escaped(make_content):
    content = make_content(_claim('claimant: "budanov"', 'claimant: "Dmytro\\eChubenko"'))
    assert problems(content) == ["claims/stockpiles.yaml:2:11: S009 'claimant': 'Dmytro\\x1bChubenko' is the name of "
                                 "actor 'dmytro-chubenko': write its id"]
