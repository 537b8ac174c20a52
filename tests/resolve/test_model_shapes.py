"""The shapes news claims take (issue: real investigations): events and the discrepancies found
among the claims about one, declared contradictions, attribution chains, unnamed officials of a
named body, shares and ranges, weapon families, quotes in their own language, modality, migrate."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from site_helpers import resolved_of

from generator.outputs.exports import exports
from generator.pages import site_pages
from generator.pipeline import check
from generator.outputs.markdown import render_page
from generator.resolve import quantity_text

SNAP = ("The air force said a Kh-47 hit Kharkiv on 2 January.\n"
        "Prosecutors said debris of a KN-23 was found in Kharkiv on 6 January.\n"
        "Ракета KN-23 влучила в Харків.\n")
SHA = hashlib.sha256(SNAP.encode()).hexdigest()


def claim(statement, quote, *, extra="", claimant='claimant: "budanov"', weapons='["kn-23"]', source="src-x"):
    return f"""
        statement: "{statement}"
        {claimant}
        made: "2024-01-06"
        weapons: {weapons}
        status: "reported"
        credibility: 3
        assessment: "x"
        {extra}
        citations:
          - source: "{source}"
            quote: "{quote}"
    """


def strike_files(**overrides) -> dict[str, str]:
    files = {
        "sources/src-x.txt": SNAP,
        "sources/src-x.yaml": f"""
            kind: "article"
            title: "Strike"
            publisher: "outlet"
            url: "https://example.org/x"
            published: "2024-01-07"
            sha256: "{SHA}"
            reliability: "B"
        """,
        "events/kharkiv-strike.yaml": """
            name: "Missile strike on Kharkiv"
            kind: "strike"
            date: "2024-01-02"
            places: ["kharkiv"]
        """,
        "places/kharkiv.yaml": 'name: "Kharkiv"\nkind: "settlement"\nwithin: "kharkiv-oblast"\n',
        "places/kharkiv-oblast.yaml": 'name: "Kharkiv Oblast"\nkind: "region"\n',
        "weapons/kn-23.yaml": 'name: "KN-23"\ncategory: "ballistic-missile"\ndescription: "x"\n',
        "weapons/kh-47.yaml": 'name: "Kh-47 Kinzhal"\ncategory: "ballistic-missile"\ndescription: "x"\n',
        "claims/air-force.yaml": claim("A Kh-47 hit Kharkiv.", "The air force said a Kh-47 hit Kharkiv",
                                       weapons='["kh-47"]', extra='events: ["kharkiv-strike"]\n        '
                                       'event: {date: "2024-01-02", places: ["kharkiv"]}'),
        "claims/prosecutors.yaml": claim("Debris of a KN-23 was found in Kharkiv.",
                                         "Prosecutors said debris of a KN-23 was found in Kharkiv",
                                         extra='events: ["kharkiv-strike"]\n        '
                                         'event: {date: "2024-01", places: ["kharkiv-oblast"]}'),
    }
    files.update(overrides)
    return files


def test_claims_about_one_event_that_name_different_weapons_are_a_discrepancy_found_by_the_generator(make_content):
    r = resolved_of(make_content(strike_files()))
    found = [d for d in r.discrepancies if d.subject_kind == "event"]
    # Only the weapons differ: January 2024 holds 2 January, and Kharkiv lies in Kharkiv Oblast.
    assert [(d.aspect, d.subject_id, set(d.subjects)) for d in found] == [
        ("weapon", "kharkiv-strike", {"air-force", "prosecutors"})]
    assert {v.says for v in found[0].versions} == {"Kh-47 Kinzhal", "KN-23"}
    assert all(v.quote for v in found[0].versions)  # each side with its words
    page = {p.path: p for p in site_pages(r)}
    text = render_page(page["discrepancies.md"])
    assert "The claims name different weapons: Missile strike on Kharkiv" in text
    assert "> The air force said a Kh-47 hit Kharkiv" in text
    assert "events/kharkiv-strike.md" in text
    event = render_page(page["events/kharkiv-strike.md"])
    assert "Claims about this event" in event and "Where the claims differ" in event


def test_a_variant_and_its_family_and_a_place_within_another_are_no_discrepancy(make_content):
    files = strike_files(**{
        "weapons/kh-47.yaml": 'name: "Kh-47 Kinzhal"\ncategory: "ballistic-missile"\nvariant_of: "kn-23"\n'
                              'description: "x"\n'})
    r = resolved_of(make_content(files))
    assert [d for d in r.discrepancies if d.subject_kind == "event"] == []


@pytest.mark.parametrize("date_a, date_b, differs", [
    ("2024-01-02", "2024-01-03", True), ("2024-01-02", "2024-01", False), ("2024-01-02~", "2024-01-03", False),
    ("2023-12-30/2024-01-02", "2024-01-01", False), ("2024-01-02T14:30", "2024-01-02T18:00", False),
])
def test_event_dates_differ_only_where_they_cannot_name_the_same_day(make_content, date_a, date_b, differs):
    files = strike_files()
    files["claims/prosecutors.yaml"] = files["claims/prosecutors.yaml"].replace('"2024-01", places: ["kharkiv-oblast"]',
                                                                                f'"{date_b}"')
    files["claims/air-force.yaml"] = files["claims/air-force.yaml"].replace(
        '"2024-01-02", places', f'"{date_a}", places').replace('weapons: ["kh-47"]', 'weapons: ["kn-23"]')
    r = resolved_of(make_content(files))
    assert [d.aspect for d in r.discrepancies if d.subject_kind == "event"] == (["date"] if differs else [])


@pytest.mark.parametrize("a, b, differs", [
    ("{value: 2, unit: missiles}", "{value: 3, unit: missiles}", True),
    ("{value: 2, unit: missiles, qualifier: at-least}", "{value: 3, unit: missiles}", False),
    ("{value: 40, unit: missiles, qualifier: about}", "{value: 42, unit: missiles}", False),
    ("{value: 2, unit: missiles}", "{value: 3, unit: launchers}", False),
    ("{value: 2, upper: 4, unit: missiles}", "{value: 3, unit: missile}", False),
])
def test_event_figures_differ_only_where_their_ranges_do_not_meet(make_content, a, b, differs):
    files = strike_files()
    files["claims/air-force.yaml"] = files["claims/air-force.yaml"].replace(
        'weapons: ["kh-47"]', f'weapons: ["kn-23"]\n        quantities: [{a}]')
    files["claims/prosecutors.yaml"] = files["claims/prosecutors.yaml"].replace(
        'weapons: ["kn-23"]', f'weapons: ["kn-23"]\n        quantities: [{b}]')
    r = resolved_of(make_content(files))
    assert [d.aspect for d in r.discrepancies if d.subject_kind == "event"] == (["figure"] if differs else [])


def test_a_declared_contradiction_is_always_a_discrepancy_with_both_quotes(make_content):
    files = strike_files()
    files["claims/air-force.yaml"] = files["claims/air-force.yaml"].replace(
        "citations:", 'related: [{claim: "prosecutors", relation: "contradicts", note: "Kh-47 or KN-23"}]\n        citations:')
    del files["events/kharkiv-strike.yaml"]
    for name in ("air-force", "prosecutors"):
        files[f"claims/{name}.yaml"] = files[f"claims/{name}.yaml"].replace('events: ["kharkiv-strike"]', "")
    r = resolved_of(make_content(files))
    found = [d for d in r.discrepancies if d.aspect == "contradiction"]
    assert len(found) == 1 and found[0].subjects == ("air-force", "prosecutors")
    assert found[0].notes == ((None, "Kh-47 or KN-23"),)  # the records' own note: no publisher
    assert [v.quote for v in found[0].versions] == ["The air force said a Kh-47 hit Kharkiv",
                                                   "Prosecutors said debris of a KN-23 was found in Kharkiv"]


def test_one_difference_many_claims_share_is_one_entry_listing_them(make_content):
    def dated(statement):
        return f"""
            statement: "{statement}"
            claimant: "budanov"
            made: "2025-07-11"
            status: "reported"
            credibility: 3
            assessment: "x"
            citations:
              - source: "src-a"
                quote: "North Korea has huge stockpiles"
                made: "2025-07-12"
              - source: "src-x"
                quote: "Prosecutors said"
        """
    files = strike_files(**{"claims/one.yaml": dated("One."), "claims/two.yaml": dated("Two.")})
    r = resolved_of(make_content(files))
    said = [d for d in r.discrepancies if d.title == "The sources differ on when it was said"]
    assert len(said) == 1 and said[0].subjects == ("one", "two")


def test_a_family_page_gathers_its_variants_claims(make_content):
    files = strike_files(**{
        "weapons/hwasong-11.yaml": 'name: "Hwasong-11"\ncategory: "ballistic-missile"\ndescription: "A family."\n',
        "weapons/kn-23.yaml": 'name: "KN-23"\ncategory: "ballistic-missile"\nvariant_of: "hwasong-11"\n'
                              'description: "x"\n'})
    r = resolved_of(make_content(files))
    assert r.variants == {"hwasong-11": ["kn-23"]}
    assert "prosecutors" in r.claims_about["hwasong-11"]
    page = {p.path: p for p in site_pages(r)}["weapons/hwasong-11.md"]
    text = render_page(page)
    assert "Debris of a KN-23 was found in Kharkiv." in text and "Variants:** [KN-23]" in text
    assert json.loads(exports(r)["data/weapons.json"])[0]["variants"] == ["kn-23"]


def test_an_attribution_chain_of_any_length_is_data_and_one_readable_line(make_content):
    files = strike_files(**{
        "actors/rbc.yaml": 'name: "RBC-Ukraine"\nkind: "media-outlet"\n',
        "actors/ministry.yaml": 'name: "Ministry of Defence"\nkind: "government-agency"\n',
    })
    files["claims/prosecutors.yaml"] = files["claims/prosecutors.yaml"].replace(
        'claimant: "budanov"', 'claimant: "ministry"\n        claimant_vague: "an official"\n'
        '        via: [{kind: "statement", actor: "rbc"}]').replace(
        'quote: "Prosecutors said debris of a KN-23 was found in Kharkiv"',
        'quote: "Prosecutors said debris of a KN-23 was found in Kharkiv"\n            via: [{kind: "citing", actor: "rbc"}, '
        '{kind: "citing", actor: "budanov"}]')
    r = resolved_of(make_content(files))
    view = r.claims["prosecutors"]
    assert view.attribution.sentence().startswith(
        "an official (unnamed) of Ministry of Defence said in a statement to RBC-Ukraine on 6 January 2024")
    assert view.citations[0].chain_text == ("an official of Ministry of Defence → RBC-Ukraine (statement) → "
                                            "RBC-Ukraine (citing) → Kyrylo Budanov (citing) → Bloomberg (news article)")
    row = [line for line in exports(r)["data/citations.csv"].decode().splitlines() if line.startswith("prosecutors,")]
    assert "Kyrylo Budanov (citing) → Bloomberg (news article)" in row[0]
    page = {p.path: p for p in site_pages(r)}["claims/prosecutors.md"]
    assert "How it reached this source: an official of Ministry of Defence → RBC-Ukraine" in render_page(page)


def test_shares_and_ranges_read_as_the_sources_give_them(make_content):
    from generator.model import Quantity
    assert quantity_text(Quantity(value=2, total=5, unit="missiles")) == "2 of 5 missiles"
    assert quantity_text(Quantity(value=10, upper=12, unit="launchers", qualifier="about")) == "about 10 to 12 launchers"
    files = strike_files()
    files["claims/prosecutors.yaml"] = files["claims/prosecutors.yaml"].replace(
        'weapons: ["kn-23"]', 'weapons: ["kn-23"]\n        quantities: [{value: 6, total: 5, unit: "missiles"}]')
    found = [str(d) for d in check(make_content(files)).checks.diagnostics]
    assert len(found) == 1 and "S009" in found[0] and "'total' (5) is below the part it holds (6)" in found[0], found


def test_a_quote_in_its_own_language_is_verified_there_and_needs_its_translation(make_content):
    quote = "Ракета KN-23 влучила в Харків."
    files = strike_files()
    files["claims/prosecutors.yaml"] = files["claims/prosecutors.yaml"].replace(
        'quote: "Prosecutors said debris of a KN-23 was found in Kharkiv"', f'quote: "{quote}"\n            language: "uk"')
    found = [str(d) for d in check(make_content(files)).checks.diagnostics]
    assert len(found) == 1 and "S002 missing 'translation': the quote is in 'uk'" in found[0], found
    files["claims/prosecutors.yaml"] = files["claims/prosecutors.yaml"].replace(
        'language: "uk"', 'language: "uk"\n            translation: {text: "A KN-23 missile hit Kharkiv.", by: "analyst"}')
    r = resolved_of(make_content(files))
    text = render_page({p.path: p for p in site_pages(r)}["claims/prosecutors.md"])
    assert f'> {quote}\n    > {{ lang="uk" }}' in text
    assert "Translation by the analysts (from uk): “A KN-23 missile hit Kharkiv.”" in text
    wrong = files["claims/prosecutors.yaml"].replace(quote, "Ракета KN-23 влучила в Київ.")
    found = [str(d) for d in check(make_content({**files, "claims/prosecutors.yaml": wrong})).checks.diagnostics]
    assert len(found) == 1 and "Q001" in found[0]


def test_modality_and_categories_are_vocabularies(make_content):
    files = strike_files()
    files["claims/prosecutors.yaml"] = files["claims/prosecutors.yaml"].replace('weapons:', 'modality: "forecast"\n        weapons:')
    files["weapons/kh-47.yaml"] = 'name: "Kh-47"\ncategory: "other"\ndescription: "x"\n'
    found = [str(d) for d in check(make_content(files)).checks.diagnostics]
    assert len(found) == 1 and "S002 missing 'category_note'" in found[0], found
    files["weapons/kh-47.yaml"] += 'category_note: "An air-launched missile."\n'
    r = resolved_of(make_content(files))
    assert r.claims["prosecutors"].modality.label == "forecast"
    assert "**Modality:** [forecast]" in render_page({p.path: p for p in site_pages(r)}["claims/prosecutors.md"])
    files["claims/prosecutors.yaml"] = files["claims/prosecutors.yaml"].replace('"forecast"', '"prediction"')
    assert any("S006 'modality'" in str(d) for d in check(make_content(files)).checks.diagnostics)


OLD_CLAIM = """\
# a comment that stays
statement: "x"
claimant: "budanov"
via:
  actor: "outlet"   # who he told
  kind: "interview"

made: "2025-07-11"
"""


def test_migrate_rewrites_the_old_via_and_keeps_every_comment(make_content):
    content = make_content({"claims/old.yaml": OLD_CLAIM + "status: reported\n",
                            "claims/flow.yaml": 'statement: "y"\nvia: {actor: "outlet", kind: "interview"}\n'})
    # The fixture writer dedents; write the files as they are.
    (content / "claims/old.yaml").write_text(OLD_CLAIM, encoding="utf-8")
    run = [sys.executable, "-m", "generator", "migrate", "--content", str(content)]
    checked = subprocess.run([*run, "--check"], capture_output=True, text=True)
    assert checked.returncode == 1 and "claims/old.yaml:4:1:" in checked.stdout and "claims/flow.yaml:2:1:" in checked.stdout
    assert subprocess.run(run, capture_output=True, text=True).returncode == 0
    assert (content / "claims/old.yaml").read_text(encoding="utf-8") == OLD_CLAIM.replace(
        '  actor: "outlet"   # who he told\n  kind: "interview"',
        '  - actor: "outlet"   # who he told\n    kind: "interview"')
    assert (content / "claims/flow.yaml").read_text() == 'statement: "y"\nvia: [{actor: "outlet", kind: "interview"}]\n'
    again = subprocess.run([*run, "--check"], capture_output=True, text=True)
    assert again.returncode == 0 and again.stdout == ""
