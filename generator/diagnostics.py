"""Diagnostics: every problem found in the content, with its place and a stable code.

The codes are listed here, once, with an example each; `docs/diagnostics.md`
is generated from this table and a test keeps the two in step.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Iterable, Iterator

import regex

# Characters that would act on a terminal or a log rather than show: controls (ESC, CR, line
# feeds, C1), the line and paragraph separators, and format characters (bidi controls, zero-width
# spaces). In the text output each is written as its escape, so one diagnostic is one line.
_UNSAFE = regex.compile(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]")
# The text output shows this many diagnostics of one code, and this many in all (--all: every one).
PER_CODE = 50
TOTAL = 500


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    summary: str
    example: str


CODES: tuple[Code, ...] = (
    # Files and YAML
    Code("Y001", "bad-utf8", "The file is not valid UTF-8.",
         "claims/x.yaml:3:17: Y001 invalid UTF-8 (byte 0xE9): save the file as UTF-8"),
    Code("Y002", "yaml-syntax", "The file is not well-formed YAML.",
         "claims/x.yaml:4:9: Y002 YAML syntax: mapping values are not allowed here"),
    Code("Y003", "duplicate-key", "A key appears twice in one mapping.",
         "claims/x.yaml:9:1: Y003 duplicate key 'status' (first at line 7)"),
    Code("Y004", "anchor", "Anchors and aliases (&a, *a) are not used in records.",
         "claims/x.yaml:5:11: Y004 anchors and aliases are not allowed: write the value out"),
    Code("Y005", "not-one-mapping", "A record file must hold exactly one mapping.",
         "claims/x.yaml:1:1: Y005 expected one mapping of fields, found an empty file"),
    Code("Y006", "too-deep", "Nesting deeper than any record needs.",
         "claims/x.yaml:40:81: Y006 nested deeper than 20 levels"),
    Code("Y007", "tag", "Explicit YAML tags (!!str, !x) are not used in records.",
         "claims/x.yaml:2:12: Y007 YAML tags are not allowed: quote the value instead"),
    Code("Y008", "ambiguous-scalar", "An unquoted value YAML would read as a boolean, number or date.",
         "claims/x.yaml:3:11: Y008 'NO' unquoted is read by YAML as a boolean: quote it (\"NO\")"),
    Code("Y009", "file-too-large", "A record or snapshot file larger than the limit.",
         "sources/x.txt:1:1: Y009 file is 12.0 MiB; the limit is 4 MiB"),
    Code("Y010", "bad-key", "A mapping key that is not a plain name.",
         "claims/x.yaml:6:1: Y010 keys must be plain text names"),
    # Ids and files
    Code("I001", "bad-id", "A file name (the record's id) that is not a valid id.",
         "claims/Type-75.yaml:1:1: I001 'Type-75' is not a valid id: use lowercase letters, digits and single hyphens"),
    Code("I002", "duplicate-id", "Two records with the same id, after case folding and NFKC.",
         "places/kupiansk.yaml:1:1: I002 id 'kupiansk' is also used by claims/kupiansk.yaml"),
    Code("I003", "stray-file", "A file in a record folder that is not a record.",
         "claims/x.yml:1:1: I003 not a record file: records end in .yaml"),
    Code("I004", "missing-report", "content/report.yaml is missing.",
         "report.yaml:1:1: I004 the report record content/report.yaml is missing"),
    Code("I005", "not-a-regular-file",
         "A content file or folder that is a symbolic link, a named pipe or a device, or cannot be read: "
         "only regular files inside the content folder are read, and no link is followed.",
         "pages/leak.md:1:1: I005 is a symbolic link: content is read only from regular files inside "
         "the content folder (put the file itself here, not a link to it)"),
    # Schema
    Code("S001", "unknown-field", "A field the record's kind does not have.",
         "claims/x.yaml:4:1: S001 unknown field 'claimnat' (did you mean 'claimant'?)"),
    Code("S002", "missing-field", "A required field is missing.",
         "claims/x.yaml:1:1: S002 missing required field 'statement'"),
    Code("S003", "empty", "A required text field is empty or null.",
         "claims/x.yaml:2:12: S003 'statement' is empty"),
    Code("S004", "wrong-type", "A value of the wrong type.",
         "claims/x.yaml:8:14: S004 'credibility' must be a whole number, found text"),
    Code("S005", "bad-date", "A date that is not EDTF or not a real day.",
         "claims/x.yaml:5:7: S005 'made': '2024-02-30' is not a real calendar date"),
    Code("S006", "bad-term", "A value outside its vocabulary.",
         "claims/x.yaml:7:9: S006 'quantities[0].qualifier': 'approximately' is not one of 'exactly', 'about', "
         "'up-to' or 'at-least' ('approximately' is written 'about')"),
    Code("S007", "bad-url", "A URL that is not http(s) with a host.",
         "sources/x.yaml:6:6: S007 'url': 'javascript:alert(1)' is not a web address"),
    Code("S008", "too-long", "A text or list longer than the limit.",
         "claims/x.yaml:2:12: S008 'statement' is 200000 characters long; the limit is 2000"),
    Code("S009", "bad-value", "A value that breaks a rule of its field.",
         "claims/x.yaml:2:12: S009 'statement' holds the control character U+0007"),
    Code("S010", "conflict", "Fields that contradict each other.",
         "sources/x.yaml:9:1: S010 'url' is given and also listed under 'unknown'"),
    # References
    Code("R001", "unknown-ref",
         "A reference to an id that does not exist; the record meant is suggested by its id, name or aliases.",
         "claims/x.yaml:12:5: R001 no weapon 'hwasong-11'; 'hwasong-11' is a name of weapon 'kn-23': write its id"),
    Code("R002", "wrong-kind-ref", "A reference to a record of the wrong kind.",
         "claims/x.yaml:12:5: R002 'kupiansk' is a place, not a weapon"),
    Code("R003", "alias-clash", "Two entities share a name or alias, or have names that look alike.",
         "weapons/a.yaml:4:5: R003 'Туре 75' (Cyrillic) looks like 'Type 75' (Latin), which names weapon 'type-75'"),
    Code("R004", "self-ref", "A record that refers to itself.",
         "claims/x.yaml:20:14: R004 a claim cannot be related to itself"),
    Code("R005", "mixed-script", "A name or alias with a word mixing look-alike scripts (Latin, Cyrillic, Greek).",
         "weapons/buk.yaml:1:7: R005 'Бук-M1' mixes Cyrillic and Latin letters that look alike: write the word in one script"),
    # Quotes and snapshots
    Code("Q001", "quote-not-found", "A quote that does not stand in its source's snapshot.",
         "claims/x.yaml:15:12: Q001 quote not found in sources/y.txt; closest passage (line 3): \"...\""),
    Code("Q002", "snapshot-hash", "A snapshot whose sha256 differs from its record.",
         "sources/y.yaml:12:9: Q002 sources/y.txt has sha256 ab12...; the record says cd34..."),
    Code("Q003", "snapshot-missing", "A source record without its snapshot file, or the reverse.",
         "sources/y.yaml:1:1: Q003 snapshot sources/y.txt is missing"),
)
BY_CODE = {c.code: c for c in CODES}


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in BY_CODE:
            raise ValueError(f"unregistered diagnostic code {self.code}")

    def __str__(self) -> str:
        """The line for a terminal: file name and message with their controls escaped."""
        return f"{terminal_safe(self.path)}:{self.line}:{self.col}: {self.code} {terminal_safe(self.message)}"

    def as_json(self) -> dict:
        return asdict(self) | {"name": BY_CODE[self.code].name, "severity": "error"}


def terminal_safe(text: str) -> str:
    """`text` with every control, separator and format character written as its escape (\\x1b, \\u202e)."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def terminal_lines(text: str) -> str:
    """A message of several lines for a terminal: its line breaks kept, everything else escaped."""
    return "\n".join(terminal_safe(line) for line in text.split("\n"))


def _escape(m) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def text_lines(diagnostics: Iterable[Diagnostic], *, everything: bool = False) -> Iterator[str]:
    """The text output: one line per diagnostic, at most PER_CODE of a code and TOTAL in all unless
    `everything`, then one line per code saying how many more there are."""
    shown: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    for d in diagnostics:
        if everything or (shown[d.code] < PER_CODE and sum(shown.values()) < TOTAL):
            shown[d.code] += 1
            yield str(d)
        else:
            hidden[d.code] += 1
    for code, more in sorted(hidden.items()):
        yield f"... and {more:,} more {code} (--all prints every one)"


def to_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([d.as_json() for d in diagnostics], ensure_ascii=False, indent=2)


def codes_markdown() -> str:
    """The reference of every code, for docs/diagnostics.md."""
    lines = [
        "# Diagnostics",
        "",
        "`python -m generator check` reports every problem of a run at once, one per line, as",
        "`path:line:col: CODE message`; `--format json` prints the same as a JSON list.",
        "Lines and columns start at 1 and point at the offending key or value.",
        "",
        f"The text output shows the first {PER_CODE} problems of each code and {TOTAL} in all, then one line",
        "per code such as `... and 4,950 more S005`; `--all` prints every one, and the JSON output always",
        "holds every one. In the text output, control, separator and format characters in file names and",
        "messages (ESC, line feeds, bidi controls) are written as escapes (`\\x1b`, `\\u202e`), so that one",
        "problem is always one line; the JSON output keeps the exact strings.",
        "",
        "<!-- generated from generator/diagnostics.py by `python -m generator codes`; do not edit -->",
        "",
        "| code | name | meaning | example |",
        "|---|---|---|---|",
    ]
    for c in CODES:
        example = c.example.replace("|", "\\|")
        lines.append(f"| {c.code} | {c.name} | {c.summary} | `{example}` |")
    return "\n".join(lines) + "\n"
