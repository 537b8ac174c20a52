"""The second report, examples/north-korean-missiles: it passes the check, and its records give
the discrepancies and the languages it was built to show."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from generator.pipeline import build

EXAMPLE = ROOT / "examples" / "north-korean-missiles"
FEB_7 = "kharkiv-strike-2024-02-07"
JAN_2 = "kharkiv-strike-2024-01-02"


@pytest.fixture(scope="module")
def resolved():
    checked, resolved = build(EXAMPLE)
    assert checked.ok, "\n".join(map(str, checked.diagnostics()))
    return resolved


def test_check_passes_with_the_expected_counts():
    run = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(EXAMPLE)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    summary = run.stdout + run.stderr
    counts = {kind: int(n) for n, kind in re.findall(r"(\d+) (claims|sources|weapons|actors|places|events)\b",
                                                     summary)}
    assert counts == {"claims": 42, "sources": 11, "weapons": 9, "actors": 41, "places": 8, "events": 2}, summary
    assert re.search(r"\b50 quotes verified", summary), summary
    assert "no problems" in summary, summary


def _event_weapon_discrepancy(resolved, event_id):
    found = [d for d in resolved.discrepancies
             if d.aspect == "weapon" and d.subject_kind == "event" and d.subject_id == event_id]
    assert len(found) == 1, [d.title for d in resolved.discrepancies]
    return found[0]


def test_the_s300_and_kn23_accounts_of_7_february_are_found_from_the_records(resolved):
    d = _event_weapon_discrepancy(resolved, FEB_7)
    assert d.found  # the generator compared the claims; nobody declared it
    says = {v.claim_id: v.says for v in d.versions}
    assert says["bolvinov-two-of-five-missiles-were-kn-23"] == "KN-23 (Hwasong-11Ga)"
    assert says["syniehubov-kharkiv-shelled-with-s-300-on-7-february"] == "S-300 missile"
    # Not from a declared relation: no claim of that event relates to another as a variant or contradiction.
    ids = set(d.subjects)
    for claim_id in ids:
        related = {r.claim: r.relation for r in resolved.claims[claim_id].claim.related}
        assert not any(other in ids and rel in ("variant-of", "contradicts") for other, rel in related.items())


def test_the_2_january_identifications_differ_but_family_and_variant_agree(resolved, tmp_path):
    d = _event_weapon_discrepancy(resolved, JAN_2)
    says = {v.claim_id: v.says for v in d.versions}
    assert says["terekhov-kharkiv-hit-with-kinzhals"] == "Kh-47M2 Kinzhal"
    assert says["un-monitors-debris-derives-from-hwasong-11"] == "Hwasong-11 family"
    assert says["defence-ministry-institute-identified-kn-23"] == "KN-23 (Hwasong-11Ga)"
    assert resolved.weapons["kn-23"].variant_of == "hwasong-11"
    # Left with the accounts that name the class, the family and its variant, the event has no weapon
    # discrepancy: the Kinzhal and Iskander accounts are what make one.
    content = tmp_path / "example"
    shutil.copytree(EXAMPLE, content)
    keep = {"un-monitors-debris-derives-from-hwasong-11", "defence-ministry-institute-identified-kn-23",
            "kostin-preliminary-expertise-north-korean-missile"}
    listing = f'events:\n  - "{JAN_2}"\n'
    for path in (content / "claims").glob("*.yaml"):
        if path.stem not in keep and listing in (text := path.read_text(encoding="utf-8")):
            path.write_text(text.replace(listing, ""), encoding="utf-8")
    checked, fewer = build(content)
    assert checked.ok, "\n".join(map(str, checked.diagnostics()))
    assert sorted(fewer.claims_describing[JAN_2]) == sorted(keep)
    assert not [x for x in fewer.discrepancies if x.subject_kind == "event" and x.subject_id == JAN_2]


def test_the_declared_contradictions_are_discrepancies(resolved):
    pairs = {d.subjects for d in resolved.discrepancies if d.aspect == "contradiction"}
    assert ("terekhov-kharkiv-hit-with-kinzhals", "filchakov-kharkiv-hit-with-iskanders") in pairs
    assert ("independent-killed-at-least-three-injured-62", "kyiv-independent-iskanders-killed-two-injured-over-60") in pairs


def test_some_quotes_are_not_in_english_and_carry_a_translation(resolved):
    foreign = []
    for view in resolved.claims.values():
        for citation in view.claim.citations:
            language = citation.language or resolved.sources[citation.source].language
            if language != "en":
                foreign.append((language, citation))
    assert {language for language, _ in foreign} == {"uk", "ru"}
    assert all(c.translation and c.translation.by == "analyst" and c.translation.text for _, c in foreign)
    assert any(re.search("[а-яіїєґ]", c.quote, re.I) for _, c in foreign)


def test_modalities_shares_chains_and_unnamed_officials_are_used(resolved):
    claims = {cid: v.claim for cid, v in resolved.claims.items()}
    assert {c.modality for c in claims.values()} >= {"asserted", "denied", "forecast", "speculation"}
    share = claims["bolvinov-two-of-five-missiles-were-kn-23"].quantities[0]
    assert (share.value, share.total) == (2, 5)
    mod = claims["defence-ministry-institute-identified-kn-23"]
    assert mod.claimant == "ministry-of-defence-of-ukraine" and mod.claimant_vague
    chain = [h.actor for h in mod.via] + [h.actor for h in mod.citations[0].via]
    assert chain == ["kyodo-news", "mti"]
    assert claims["kharkiv-shelled-29-december-to-2-january"].event.date == "2023-12-29/2024-01-02"


@pytest.mark.slow
def test_make_example_builds_its_site_and_pdf_with_the_contradiction_and_both_languages(tmp_path):
    """`make example`'s command: the site and the PDF of the second report, whose discrepancies page
    shows the 7 February clash found from the records, and whose Ukrainian quotes keep their language."""
    out = tmp_path / "site-example"
    done = subprocess.run([sys.executable, "-m", "generator", "site", "--content", str(EXAMPLE), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    discrepancies = (out / "discrepancies" / "index.html").read_text(encoding="utf-8")
    assert "The claims name different weapons" in discrepancies and f"events/{FEB_7}/" in discrepancies
    pages = [p.read_text(encoding="utf-8") for p in (out / "claims").glob("*/index.html")]
    assert any('lang="uk"' in page and "Translation by the analysts" in page for page in pages)
    assert any('lang="ru"' in page for page in pages)
    pdf = subprocess.run(["pdftotext", str(out / "report.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"[А-Яа-яІіЇїЄє]{4,}", pdf) and "Translation by the analysts" in pdf
