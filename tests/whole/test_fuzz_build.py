"""Property test: a content tree that `check` accepts always builds, the site and the PDF.

Hypothesis varies the tree's shape rather than its text (tests/whole/test_fuzz_site.py
does the text): sources that no claim cites yet (what `ingest` leaves), records
of every kind named like the site's own pages (`index`, `search`, `data`…),
entities that nothing names, and dates at the edges of what the model accepts
(years 1000 and 2100, a time zone that moves a day past either, 29 February, and years past them).
Either `check` refuses the tree with diagnostics, or `site` builds it, PDF
included, with no exception and no engine error.
"""
from __future__ import annotations

import hashlib
import re
import textwrap

import pytest
from conftest import ROOT, write_content
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from site_helpers import rich_files

from generator.pipeline import build
from generator.verbs.site import build_site

pytestmark = pytest.mark.slow

# Names the site, MkDocs, Material or Pagefind use for pages and folders of their own.
SITE_NAMES = ("index", "index-2", "search", "data", "assets", "404", "sitemap", "feed", "tags", "claims", "sources",
              "weapons", "actors", "places", "timeline", "changes", "pagefind", "javascripts", "stylesheets",
              "report", "discrepancies", "verification", "a", "x" * 64)
# Dates at the edges of what the model accepts (years 1000 to 2100), and a few past them.
EDGE_DATES = ("1000", "1000-01-01", "1000-01-01T00:00:00+14:00", "1969-12-31", "1970-01-01T00:00:00Z",
              "1979-12", "1980-01-01", "2024-02-29", "2038-01-19T03:14:08Z", "2099-12-31", "2100",
              "2100-12-31", "2100-12-31T23:59:59-12:00", "2025~", "2025-06?", "2025-07-11%",
              "2025-07-12T10:35:00+09:00")
PAST_EDGES = ("0001", "0999-12-31", "2101-01-01", "2107-01-01", "9999-12-31")
dates = st.one_of(st.sampled_from(EDGE_DATES), st.sampled_from(PAST_EDGES),
                  st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(1000, 2100),
                            st.integers(1, 12), st.integers(1, 28)))
# The records of rich_files() whose id a tree may rename, with their folder.
RENAMEABLE = ("claims/stockpiles", "claims/strike", "sources/src-a", "sources/src-b", "weapons/type-75",
              "actors/budanov", "actors/paper", "places/kupiansk")
DATED = (("claims/forty-percent.yaml", "made"), ("claims/strike.yaml", "made"), ("claims/undated.yaml", "made"),
         ("sources/src-a.yaml", "published"), ("sources/src-b.yaml", "accessed"))


def _uncited(i: int, published: str) -> dict[str, str]:
    text = f"An article captured but not yet read, number {i}, which mentions the Type 75 and Kupyansk.\n"
    return {
        f"sources/captured-{i}.txt": text,
        f"sources/captured-{i}.yaml": f"""
            kind: "article"
            title: "Captured {i}"
            publisher: "outlet"
            url: "https://example.org/captured/{i}"
            published: "{published}"
            sha256: "{hashlib.sha256(text.encode()).hexdigest()}"
            reliability: "F"
        """,
    }


def _lonely(kind: str, i: int) -> dict[str, str]:
    body = {
        "weapons": 'name: "Lonely weapon {i}"\ncategory: "other"\ndescription: "Named by no claim."',
        "actors": 'name: "Lonely actor {i}"\nkind: "person"',
        "places": 'name: "Lonely place {i}"\nkind: "settlement"',
    }[kind]
    return {f"{kind}/lonely-{i}.yaml": body.format(i=i) + "\n"}


def _renamed(files: dict[str, str], record: str, new_id: str) -> dict[str, str]:
    """The tree with `record` (folder/id) given the id `new_id`, every reference to it following."""
    folder, old = record.split("/")
    if any(rel.split("/")[-1].rsplit(".", 1)[0] == new_id for rel in files):
        return files
    out = {}
    for rel, text in files.items():
        if rel.startswith(f"{folder}/{old}."):
            rel = f"{folder}/{new_id}.{rel.rsplit('.', 1)[1]}"
        if rel.endswith(".yaml"):
            text = re.sub(rf'"{re.escape(old)}"', f'"{new_id}"', text)
        out[rel] = text
    return out


def _dated(files: dict[str, str], rel: str, field: str, value: str) -> dict[str, str]:
    text = textwrap.dedent(files[rel])
    text, n = re.subn(rf'^{field}: ".*"$', f'{field}: "{value}"', text, flags=re.M)
    return {**files, rel: text if n else text + f'{field}: "{value}"\n'}


@st.composite
def trees(draw) -> dict[str, str]:
    files = {rel: textwrap.dedent(text).lstrip("\n") if rel.endswith(".yaml") else text
             for rel, text in rich_files().items()}
    for i in range(draw(st.integers(0, 2))):
        files.update(_uncited(i, draw(dates)))
    for kind in draw(st.lists(st.sampled_from(("weapons", "actors", "places")), max_size=3)):
        files.update(_lonely(kind, len(files)))
    for rel, field in draw(st.lists(st.sampled_from(DATED), max_size=3, unique=True)):
        files = _dated(files, rel, field, draw(dates))
    for record, new_id in draw(st.lists(st.tuples(st.sampled_from(RENAMEABLE), st.sampled_from(SITE_NAMES)),
                                        max_size=2, unique_by=lambda t: t[0])):
        files = _renamed(files, record, new_id)
    return files


def _case(**changes) -> dict[str, str]:
    """An explicit example: the rich report with uncited sources, renames and dates."""
    files = {rel: textwrap.dedent(text).lstrip("\n") if rel.endswith(".yaml") else text
             for rel, text in rich_files().items()}
    for i, published in enumerate(changes.get("uncited", ())):
        files.update(_uncited(i, published))
    for record, new_id in changes.get("renames", ()):
        files = _renamed(files, record, new_id)
    for (rel, field), value in changes.get("dates", {}).items():
        files = _dated(files, rel, field, value)
    return files


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(files=trees())
def test_a_tree_check_accepts_builds_with_its_pdf(tmp_path_factory, files):
    event(_refused_or_built(tmp_path_factory.mktemp("tree"), files))  # --hypothesis-show-statistics


# Trees that must build: what `ingest` leaves, page names of the site as ids, the edges of dates.
MUST_BUILD = {
    "an uncited source": _case(uncited=["2025-07-20"]),
    "site page names as ids": _case(renames=[("claims/stockpiles", "search"), ("weapons/type-75", "data"),
                                             ("actors/budanov", "assets"), ("places/kupiansk", "404")]),
    "a source named like a folder": _case(renames=[("sources/src-a", "claims")], uncited=["2100-12-31"]),
    "the latest date, a day later in UTC": _case(dates={("claims/strike.yaml", "made"): "2100-12-31T23:59:59-12:00"}),
    "the earliest dates": _case(dates={("sources/src-a.yaml", "published"): "1000-01-01T00:00:00+14:00",
                                       ("claims/undated.yaml", "made"): "1000"}),
    "before 1970": _case(dates={(rel, field): "1950-06-25" for rel, field in DATED}),
}
# Trees check must refuse, with these codes.
MUST_REFUSE = {
    "the id index": (_case(renames=[("claims/stockpiles", "index")]), "I001"),
    "a weapon named index": (_case(renames=[("weapons/type-75", "index")]), "I001"),
    "after 2100": (_case(dates={("claims/strike.yaml", "made"): "2107-01-01"}), "S005"),
    "year 1": (_case(dates={("claims/undated.yaml", "made"): "0001"}), "S005"),
}


@pytest.mark.parametrize("name", MUST_BUILD)
def test_trees_at_the_edges_build(tmp_path, name):
    assert _refused_or_built(tmp_path, MUST_BUILD[name]) == "built"


@pytest.mark.parametrize("name", MUST_REFUSE)
def test_trees_past_the_edges_are_refused_at_check(tmp_path, name):
    files, code = MUST_REFUSE[name]
    checked, resolved = build(write_content(tmp_path, files))
    assert resolved is None and code in {d.code for d in checked.diagnostics()}


def _refused_or_built(root, files) -> str:
    """Check the tree; where check accepts it, build the site and its PDF, which must succeed."""
    content = write_content(root, files)
    checked, resolved = build(content)
    if resolved is None:
        assert checked.diagnostics(), "refused without a diagnostic"
        return "refused"
    built = build_site(resolved, content, root / "site", ROOT / "mkdocs.yml", pdf=True)
    assert built.pdf and (root / "site" / "report.pdf").read_bytes().startswith(b"%PDF-")
    for stem in (rel.rsplit(".", 1)[0] for rel in files if rel.endswith(".yaml") and "/" in rel):
        assert (root / "site" / stem / "index.html").is_file(), f"no page for {stem}"
    return "built"
