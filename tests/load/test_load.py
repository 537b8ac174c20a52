"""The strict loader: YAML that would be read wrongly is an error with its place."""
from __future__ import annotations

import pytest

from generator.load import Pos, Unquoted, parse_record, plain_scalar
from generator.model import KIND_BY_NAME

CLAIM = KIND_BY_NAME["claim"]


def parse(text: str):
    out = []
    record = parse_record(text, CLAIM, "claims/x.yaml", out)
    return record, [str(d) for d in out]


@pytest.mark.parametrize("text, expected", [
    ("NO", Unquoted("NO", "a boolean")),
    ("on", Unquoted("on", "a boolean")),
    ("1:30", Unquoted("1:30", "a number")),
    ("0x1F", Unquoted("0x1F", "a number")),
    ("017", Unquoted("017", "a number")),
    ("2025-07-11", Unquoted("2025-07-11", "a date")),
    ("2024-02-30", Unquoted("2024-02-30", "a date")),
    ("true", True),
    ("3", 3),
    ("2.5", 2.5),
    ("~", None),
    ("", None),
    ("Kupiansk", "Kupiansk"),
])
def test_plain_scalars_keep_what_the_author_wrote(text, expected):
    assert plain_scalar(text) == expected


def test_quoted_scalars_are_always_text():
    record, errors = parse('a: "NO"\nb: \'1:30\'\nc: "2025-07-11"\nd: |\n  017\n')
    assert errors == []
    assert record.data == {"a": "NO", "b": "1:30", "c": "2025-07-11", "d": "017\n"}


def test_duplicate_key_is_reported_at_the_second_naming_the_first():
    _, errors = parse('statement: "a"\nstatus: "reported"\nstatement: "b"\n')
    assert errors == ["claims/x.yaml:3:1: Y003 duplicate key 'statement' (first at line 1)"]


def test_duplicate_key_in_a_nested_mapping():
    _, errors = parse('via:\n  kind: "interview"\n  kind: "video"\n')
    assert errors == ["claims/x.yaml:3:3: Y003 duplicate key 'kind' (first at line 2)"]


def test_anchors_and_aliases_are_rejected():
    _, errors = parse('a: &x "v"\nb: *x\n')
    assert [e.split(": ")[1].split()[0] for e in errors] == ["Y004", "Y004"]
    assert errors[0].startswith("claims/x.yaml:1:4:")
    assert errors[1].startswith("claims/x.yaml:2:4:")


def test_billion_laughs_is_rejected_without_expanding():
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f'{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n'
        for p, c in zip("abcdefgh", "bcdefghi"))
    _, errors = parse(bomb)
    assert errors and all(" Y004 " in e for e in errors)


def test_tags_are_rejected():
    _, errors = parse('a: !!python/object:os.system "x"\nb: !!str 3\n')
    assert len(errors) == 2 and all(" Y007 " in e for e in errors)


@pytest.mark.parametrize("text, message", [
    ("", "found an empty file"),
    ("# only a comment\n", "found an empty file"),
    ("- a\n- b\n", "found a list"),
    ("just text\n", "found a single value"),
    ('a: "1"\n---\nb: "2"\n', "a second YAML document starts here"),
])
def test_a_record_is_exactly_one_mapping(text, message):
    record, errors = parse(text)
    assert record is None
    assert len(errors) == 1 and " Y005 " in errors[0] and message in errors[0]


def test_deep_nesting_is_an_error_not_a_recursion_error():
    record, errors = parse("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert record is None and " Y006 " in errors[0]


def test_syntax_error_has_line_and_column():
    _, errors = parse('statement: "a"\nstatus: x: y\n')
    assert errors == ["claims/x.yaml:2:10: Y002 YAML syntax: mapping values are not allowed in this context"]


def test_positions_of_keys_and_values():
    record, _ = parse('statement: "a"\ncitations:\n  - source: "s"\n    quote: "q"\n')
    assert record.values[("citations", 0, "quote")] == Pos(4, 12)
    assert record.keys[("citations", 0, "quote")] == Pos(4, 5)
    assert record.pos(("citations", 0, "missing")) == Pos(3, 5)


def test_text_is_normalised_to_nfc():
    record, _ = parse('statement: "Cafe\u0301"\n')
    assert record.data["statement"] == "Caf\u00e9"


def test_control_character_is_a_positioned_error():
    _, errors = parse('statement: "ok"\nmade: "a\x01b"\n')
    assert errors == ["claims/x.yaml:2:9: Y002 YAML syntax: the character U+0001 is not allowed in YAML text"]


def test_reuse_reads_only_the_files_that_changed(make_content):
    """Under live preview an edit re-reads one file, and the result is the same as a full read."""
    import os

    from generator import load
    from generator.pipeline import check

    content = make_content()
    reuse = load.Reuse()
    check(content, reuse=reuse)
    before = reuse.reads
    assert check(content, reuse=reuse).ok
    assert reuse.reads == before  # nothing changed, nothing read
    path = content / "claims" / "stockpiles.yaml"
    path.write_text(path.read_text().replace('status: "reported"', 'status: "confirmd"'))
    os.utime(path, ns=(1, 1))  # a new mtime, whatever the clock's granularity
    found = check(content, reuse=reuse).checks.diagnostics
    assert reuse.reads == before + 1
    assert [d.code for d in found] == ["S006"]
    assert [str(d) for d in found] == [str(d) for d in check(content).checks.diagnostics]
    # What is gone from the content is gone from what is kept: the cache is bounded by the content.
    (content / "claims" / "stockpiles.yaml").unlink()
    check(content, reuse=reuse)
    assert path.absolute() not in reuse.files and len(reuse.normalised) == 1


def test_told_which_files_changed_reuse_reads_those_alone_and_lists_nothing(make_content, monkeypatch):
    """reuse.trust(): the files named are read again, even rewritten at the same size and mtime;
    the others are neither listed nor looked at, and the result is that of a full read."""
    import os

    from generator import load
    from generator.pipeline import check

    content = make_content()
    reuse = load.Reuse()
    check(content, reuse=reuse)
    path = content / "claims" / "stockpiles.yaml"
    stamp = path.stat()
    path.write_text(path.read_text().replace('status: "reported"', 'status: "disputed"'))
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # as it was: only the notification tells
    assert path.stat().st_size == stamp.st_size
    looked: list[str] = []
    scandir = os.scandir
    monkeypatch.setattr(load.os, "scandir", lambda p: looked.append(str(p)) or scandir(p))
    before = reuse.reads
    reuse.trust([path.absolute()])
    checked = check(content, reuse=reuse)
    assert not reuse.scanned and reuse.reads == before + 1 and reuse.changed == [path.absolute()]
    assert [p for p in looked if "pages" not in p] == []  # the record folders were not listed again
    assert checked.checks.by_kind["claim"]["stockpiles"].model.status == "disputed"
    assert [str(d) for d in checked.checks.diagnostics] == [str(d) for d in check(content).checks.diagnostics]
    # Not told again: everything is listed and looked at, as before.
    check(content, reuse=reuse)
    assert reuse.scanned and any("claims" in p for p in looked)


@pytest.mark.parametrize("named", ["claims/new-claim.yaml", "claims/gone.yaml", "../elsewhere.yaml", "claims"])
def test_told_of_a_file_the_last_listing_did_not_have_reuse_lists_everything(make_content, named):
    """A file created, one removed, one outside the content folder, a folder: the listing is made again."""
    from generator import load
    from generator.pipeline import check

    content = make_content()
    reuse = load.Reuse()
    check(content, reuse=reuse)
    (content / "claims/new-claim.yaml").write_text((content / "claims/stockpiles.yaml").read_text())
    reuse.trust([(content / named).absolute()])
    checked = check(content, reuse=reuse)
    assert reuse.scanned
    assert "new-claim" in checked.checks.by_kind["claim"]


def test_a_build_leaves_no_reference_cycles():
    """The generator's objects are frozen out of garbage collection (generator/bulk.py): a cycle
    among them would never be collected while MkDocs renders, so there must be none."""
    import gc

    from conftest import CONTENT

    from generator.gather import read_authored
    from generator.pages import Extras, site_pages
    from generator.pipeline import build
    from generator.outputs.markdown import render_pages

    def once():
        checked, resolved = build(CONTENT)
        return checked, resolved, render_pages(site_pages(resolved, Extras(authored=read_authored(CONTENT))))

    # A first build imports what it draws with (matplotlib), whose import leaves exceptions' tracebacks
    # in cycles that hold the frames of the stage it ran in: once, not a build's own garbage. Run on its
    # own, this test is a first build.
    once()
    gc.unfreeze()
    gc.collect()  # what earlier tests and the first build left: only this build's garbage is looked at
    checked, resolved, markdown = once()
    del checked, resolved
    gc.unfreeze()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        ours = [type(o).__name__ for o in gc.garbage if type(o).__module__.startswith("generator")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert markdown and not ours
