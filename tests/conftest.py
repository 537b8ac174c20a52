"""Shared fixtures: tiny reports written by the tests themselves."""
from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
RESULTS = ROOT / "test-results"  # screenshots and PDF pages, kept for people to look at

SNAPSHOT = (
    "Kyrylo Budanov told Bloomberg that \u201cNorth Korea has huge stockpiles and production "
    "goes on around the clock.\u201d\n"
    "A Type 75 launcher was destroyed near Kupiansk last month.\n"
)


def minimal_files() -> dict[str, str]:
    """The smallest valid report: one source, one claim, one weapon, two actors, one place."""
    sha = hashlib.sha256(SNAPSHOT.encode()).hexdigest()
    return {
        "report.yaml": """
            title: "Test report"
            authors: ["Tester"]
            licence: "CC BY 4.0"
            summary: "A tiny report."
            site_url: "https://example.org/r/"
            key_findings: ["stockpiles"]
        """,
        "sources/src-a.txt": SNAPSHOT,
        "sources/src-a.yaml": f"""
            kind: "article"
            title: "An article"
            publisher: "outlet"
            url: "https://example.org/a"
            published: "2025-07-12"
            sha256: "{sha}"
            reliability: "B"
        """,
        "claims/stockpiles.yaml": """
            statement: "North Korea has huge stockpiles of ammunition."
            claimant: "budanov"
            via: [{actor: "outlet", kind: "interview"}]
            made: "2025-07-11"
            weapons: ["type-75"]
            places: ["kupiansk"]
            status: "reported"
            credibility: 3
            assessment: "Single claimant."
            citations:
              - source: "src-a"
                quote: "North Korea has huge stockpiles and production goes on around the clock."
        """,
        "weapons/type-75.yaml": """
            name: "Type 75"
            aliases: ["Type-75"]
            category: "multiple-rocket-launcher"
            description: "A launcher."
        """,
        "actors/budanov.yaml": """
            name: "Kyrylo Budanov"
            kind: "person"
            role: "head of Ukrainian military intelligence"
        """,
        "actors/outlet.yaml": """
            name: "Bloomberg"
            kind: "media-outlet"
        """,
        "places/kupiansk.yaml": """
            name: "Kupiansk"
            aliases: ["Kupyansk"]
            kind: "settlement"
        """,
    }


def write_content(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write `files` (path -> text; None deletes) under root/content; returns the folder."""
    content = root / "content"
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            path.unlink(missing_ok=True)
        elif isinstance(text, bytes):
            path.write_bytes(text)
        elif rel.endswith(".txt"):
            path.write_text(text, encoding="utf-8")
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return content


@pytest.fixture
def make_content(tmp_path):
    """make_content({path: text}) -> a content folder: the minimal report with those changes."""
    def make(changes: dict[str, str | bytes | None] | None = None) -> Path:
        return write_content(tmp_path, {**minimal_files(), **(changes or {})})
    return make


@pytest.fixture
def make_content_once(tmp_path_factory):
    """Like make_content, for Hypothesis: each call starts again from the minimal report."""
    def make(changes: dict[str, str | bytes | None]) -> Path:
        root = tmp_path_factory.mktemp("c")
        return write_content(root, {**minimal_files(), **changes})
    return make
