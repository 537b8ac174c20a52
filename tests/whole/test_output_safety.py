"""Text from content reaching a spreadsheet or a terminal is escaped for it; long output is capped.

Each case is the exact input that broke before: a statement that a spreadsheet runs as a
formula, a file name that forges a diagnostic line and clears the screen, control characters
in a snapshot printed through the closest-passage hint, and 5,000 bad files printing 30,001
lines.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys

from conftest import ROOT, SNAPSHOT

from generator.diagnostics import PER_CODE, TOTAL, Diagnostic, terminal_safe, text_lines
from generator.outputs.exports import exports, spreadsheet_cell
from generator.pipeline import build

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
HYPERLINK = '=HYPERLINK("http://evil","x")'


def check(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "check", *map(str, args)], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=600)


def _claims_csv(content) -> list[dict[str, str]]:
    _, resolved = build(content)
    return list(csv.DictReader(io.StringIO(exports(resolved)["data/claims.csv"].decode("utf-8"))))


def test_a_formula_in_a_statement_is_text_in_the_spreadsheet(make_content):
    content = make_content({"claims/stockpiles.yaml": f"""
        statement: '{HYPERLINK}'
        claimant: "budanov"
        made: "2025-07-11"
        status: "reported"
        credibility: 3
        assessment: "@SUM(1+1) and -2+3"
        citations:
          - source: "src-a"
            quote: "North Korea has huge stockpiles"
    """})
    (row,) = _claims_csv(content)
    assert row["statement"] == "'" + HYPERLINK
    assert row["assessment"] == "'@SUM(1+1) and -2+3"
    assert row["credibility"] == "3"  # numbers stay numbers
    _, resolved = build(content)
    (record,) = json.loads(exports(resolved)["data/claims.json"])["claims"]
    assert record["statement"] == HYPERLINK  # the JSON keeps the exact text


def test_every_formula_start_is_prefixed_and_nothing_else():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert spreadsheet_cell(start + "1") == "'" + start + "1"
    for safe in ("North Korea", " =1", "'quoted", "100", "", "1-2"):
        assert spreadsheet_cell(safe) == safe
    assert spreadsheet_cell(-5) == -5 and spreadsheet_cell(None) is None


def test_a_file_name_cannot_forge_a_line_or_drive_the_terminal(make_content):
    content = make_content()
    forged = "x\nreport.yaml:1:1: I004 forged\x1b[2J.yaml"
    (content / "claims" / forged).write_text('statement: "x"\n', encoding="utf-8")
    done = check("--content", content)
    assert done.returncode == 1
    assert "\x1b" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and "claims/x\\x0areport.yaml:1:1: I004 forged\\x1b[2J.yaml:1:1: I001 " in lines[0]
    data = json.loads(check("--content", content, "--format", "json").stdout)
    assert [d["path"].endswith("claims/" + forged) for d in data] == [True]  # the exact name


def test_control_characters_of_a_snapshot_are_escaped_in_the_hint(make_content):
    snapshot = SNAPSHOT + "Budanov said \x1b[31mthe shells arrive by rail\x1b[0m\x07 every \u202eweek\u202c.\n"
    content = make_content({
        "sources/src-a.txt": snapshot,
        "sources/src-a.yaml": f"""
            kind: "article"
            title: "An article"
            publisher: "outlet"
            url: "https://example.org/a"
            published: "2025-07-12"
            sha256: "{hashlib.sha256(snapshot.encode()).hexdigest()}"
            reliability: "B"
        """,
        "claims/x.yaml": """
            statement: "A quote the snapshot does not hold."
            claimant: "budanov"
            made: "2025-07-11"
            status: "reported"
            credibility: 3
            assessment: "x"
            citations:
              - source: "src-a"
                quote: "Budanov said the shells arrive by train every week."
        """,
    })
    done = check("--content", content)
    (line,) = [x for x in done.stdout.splitlines() if " Q001 " in x]
    assert not any(c in done.stdout for c in "\x1b\x07\u202e\u202c")
    assert "closest passage (line 3)" in line and "\\x1b[31mthe shells arrive by rail\\x1b[0m\\x07" in line


def test_thousands_of_bad_files_print_a_capped_list(make_content):
    content = make_content({f"claims/bad-{i:04d}.yaml": 'statement: "x"\nmade: "2024-02-30"\n' for i in range(5000)})
    done = check("--content", content)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) <= TOTAL + 20
    more = [x for x in lines if x.startswith("... and ")]
    assert more and all("--all prints every one" in x for x in more)
    total = sum(int(x.split()[2].replace(",", "")) for x in more) + len(lines) - len(more)
    every = check("--content", content, "--all").stdout.splitlines()
    data = json.loads(check("--content", content, "--format", "json").stdout)
    assert total == len(every) == len(data) > 10_000  # each file has several problems
    assert not any(x.startswith("... and ") for x in every)
    assert "problems" in done.stderr  # the summary still counts them all


def test_the_cap_is_per_code_then_in_all():
    many = [Diagnostic(f"claims/a{i}.yaml", 1, 1, "S005", "m") for i in range(PER_CODE + 7)]
    many += [Diagnostic(f"claims/b{i}.yaml", 1, 1, "S002", "m") for i in range(3)]
    lines = list(text_lines(many))
    assert len(lines) == PER_CODE + 3 + 1 and lines[-1] == "... and 7 more S005 (--all prints every one)"
    assert len(list(text_lines(many, everything=True))) == len(many)
    flood = [Diagnostic(f"f{i}", 1, 1, code, "m") for code in ("S001", "S002", "S003", "S004", "S005",
                                                              "S006", "S007", "S008", "S009", "S010", "R001")
             for i in range(PER_CODE)]
    assert sum(1 for x in text_lines(flood) if not x.startswith("...")) == TOTAL


def test_terminal_safe_escapes_what_acts_and_keeps_what_shows():
    assert terminal_safe("a\nb\rc\x1b[2J\x07\x9b\u2028\u202e\u200b\ufeff") == \
        "a\\x0ab\\x0dc\\x1b[2J\\x07\\x9b\\u2028\\u202e\\u200b\\ufeff"
    for text in ("Kupiansk", "북한", "Купянськ", "צפון", "كوريا", "tab\u00a0nbsp", "emoji \U0001f600"):
        assert terminal_safe(text) == text


def test_every_verb_that_checks_caps_its_list_and_takes_all(make_content, tmp_path):
    content = make_content({f"claims/bad-{i:03d}.yaml": 'statement: "x"\n' for i in range(PER_CODE + 30)})
    for verb in (["site", "--out", str(tmp_path / "site"), "--no-pdf"], ["render", "--out", str(tmp_path / "md")],
                 ["pdf", "--out", str(tmp_path / "x.pdf")], ["export", "--out", str(tmp_path / "data")]):
        capped = subprocess.run([sys.executable, "-m", "generator", *verb, "--content", str(content)], cwd=ROOT,
                                env=ENV, capture_output=True, text=True, timeout=300)
        every = subprocess.run([sys.executable, "-m", "generator", *verb, "--content", str(content), "--all"],
                               cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300)
        assert capped.returncode == every.returncode == 1, (verb, capped.stderr)
        s002 = [x for x in capped.stdout.splitlines() if " S002 " in x and not x.startswith("...")]
        (more,) = [int(x.split()[2].replace(",", "")) for x in capped.stdout.splitlines()
                   if x.startswith("... and ") and " S002 " in x]
        assert len(s002) == PER_CODE and more > 0, verb
        assert len([x for x in every.stdout.splitlines() if " S002 " in x]) == PER_CODE + more, verb


def test_mkdocs_messages_reach_the_terminal_as_one_line():
    import logging

    from generator.engines.mkdocs import _OneLine

    record = logging.LogRecord("mkdocs", logging.WARNING, __file__, 1, "a link to 'x\n\x1b[2Jforged' is broken",
                               (), None)
    assert _OneLine("mkdocs: %(levelname)s %(message)s").format(record) == \
        "mkdocs: WARNING a link to 'x\\x0a\\x1b[2Jforged' is broken"
