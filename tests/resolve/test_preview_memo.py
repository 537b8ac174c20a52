"""Live preview's memo (generator/memo.py) gives, edit after edit, exactly what a build from scratch gives.

One synthetic report (bench/synth.py) is built with a load.Reuse, as `generator serve` builds it, then
edited step by step; after each step the diagnostics, the resolved report, every page's context and
every page's Markdown are compared with those of a build that reuses nothing."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import pages, pipeline
from generator.load import Reuse
from generator.outputs.markdown import render_pages

CLAIM = "claims/claim-00003.yaml"


def edit(content: Path, record: str, old: str, new: str) -> None:
    path = content / record
    text = path.read_text(encoding="utf-8")
    assert old in text, (record, old)
    write(path, text.replace(old, new, 1))


def write(path: Path, text: str) -> None:
    """Written with a later mtime than before, whatever the file system's granularity."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def add_claim(content: Path) -> None:
    text = (content / CLAIM).read_text(encoding="utf-8")
    write(content / "claims/claim-added.yaml", text.replace('statement: "', 'statement: "Added. ', 1))


# Each step is applied on top of the ones before, as an analyst's edits follow one another.
STEPS = [
    ("claim text", lambda c: edit(c, CLAIM, 'statement: "', 'statement: "Edited. ')),
    ("claim assessment", lambda c: edit(c, CLAIM, 'assessment: "', 'assessment: "Edited. ')),
    ("claim status", lambda c: edit(c, CLAIM, 'status: "corroborated"', 'status: "disputed"')),
    ("claim date", lambda c: edit(c, CLAIM, 'made: "2025-05-24"', 'made: "2024-11-02"')),
    ("a citation's source record", lambda c: edit(c, "sources/source-3.yaml", 'title: "Synthetic article 3"',
                                                   'title: "A renamed article"')),
    ("an actor's name", lambda c: edit(c, "actors/person-1.yaml", 'name: "Official 1 Kovalenko"',
                                       'name: "Officer 1 Kovalenko"')),
    ("an entity's alias", lambda c: edit(c, "weapons/weapon-0.yaml", 'aliases: ["Type-100"', 'aliases: ["T-100 Mk", "Type-100"')),
    ("a weapon's claims", lambda c: edit(c, "claims/claim-00005.yaml", 'weapons: ["', 'weapons: ["weapon-2", "')),
    ("a record added", add_claim),
    ("a record deleted", lambda c: (c / "claims/claim-added.yaml").unlink()),
    ("a citation moved to another source (an error: the quote is not there)",
     lambda c: edit(c, CLAIM, 'source: "source-3"', 'source: "source-4"')),
    ("the error fixed", lambda c: edit(c, CLAIM, 'source: "source-4"', 'source: "source-3"')),
    ("an error in a claim", lambda c: edit(c, CLAIM, 'credibility: 4', 'credibility: 9')),
    ("an unknown weapon named (an error)", lambda c: edit(c, CLAIM, 'credibility: 9', 'credibility: 4')
     or edit(c, "claims/claim-00005.yaml", 'weapons: ["weapon-2", ', 'weapons: ["weapon-999", ')),
    ("both errors fixed", lambda c: edit(c, "claims/claim-00005.yaml", 'weapons: ["weapon-999", ', 'weapons: ["weapon-2", ')),
    ("a source's language (an error: its quotes need a translation)",
     lambda c: edit(c, "sources/source-3.yaml", 'kind: "article"', 'kind: "article"\nlanguage: "uk"')),
    ("the language error fixed", lambda c: edit(c, "sources/source-3.yaml", '\nlanguage: "uk"', '')),
    ("a snapshot's source record and its claim", lambda c: edit(c, "sources/source-3.yaml",
                                                                 'title: "A renamed article"', 'title: "Again"')
     or edit(c, CLAIM, 'assessment: "', 'assessment: "Once more. ')),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from bench.synth import generate

    content = generate(tmp_path_factory.mktemp("incremental") / "content", 60)
    reuse = Reuse()
    build(content, reuse)
    yield content, reuse
    shutil.rmtree(content)


def build(content: Path, reuse: Reuse | None):
    checked, resolved = pipeline.build(content, reuse=reuse)
    site = pages.site_pages(resolved, memo=reuse.memo) if resolved and reuse else (
        pages.site_pages(resolved) if resolved else None)
    return checked, resolved, site


@pytest.mark.parametrize("what, step", STEPS, ids=[s[0] for s in STEPS])
def test_an_edit_resolved_with_the_memo_is_what_a_build_from_scratch_gives(report, what, step):
    content, reuse = report
    step(content)
    checked, resolved, site = build(content, reuse)
    fresh_checked, fresh_resolved, fresh_site = build(content, None)
    assert checked.diagnostics() == fresh_checked.diagnostics()
    assert (resolved is None) == (fresh_resolved is None) == ("error" in what and "fixed" not in what)
    if resolved is None:
        return
    assert resolved == fresh_resolved
    assert [p.path for p in site] == [p.path for p in fresh_site]
    assert site == fresh_site
    assert render_pages(site) == render_pages(fresh_site)


def test_the_first_steps_found_what_they_look_for(report):
    """The steps above are not empty: the error steps have errors and the edits reach the pages."""
    content, reuse = report
    assert "Again" in "".join(render_pages(build(content, None)[2]).values())


def test_an_edit_to_one_claim_computes_again_only_what_shows_that_claim(tmp_path):
    from bench.synth import generate

    content = generate(tmp_path / "content", 60)
    reuse = Reuse()
    build(content, reuse)
    build(content, reuse)
    reuse.memo.hits = reuse.memo.misses = 0
    edit(content, CLAIM, 'assessment: "', 'assessment: "Edited. ')
    build(content, reuse)
    # The claim's view, its discrepancies, its two timeline items and marks, its rows, the entries of
    # the entities it is about: a handful, against hundreds kept.
    assert 0 < reuse.memo.misses <= 20
    assert reuse.memo.hits > 300


def test_a_build_without_reuse_keeps_nothing(tmp_path):
    from bench.synth import generate
    from generator.memo import NO_MEMO

    content = generate(tmp_path / "content", 20)
    build(content, None)
    assert NO_MEMO.hits == NO_MEMO.misses == 0 and not NO_MEMO._last and not NO_MEMO._now
