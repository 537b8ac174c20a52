"""The charts' raw HTML kept out of MkDocs' Markdown conversion (generator/engines/rawblocks.py): the
same HTML, byte for byte, as the conversion of the whole page."""
from __future__ import annotations

import hashlib
from pathlib import Path

import markdown
import pytest
from site_helpers import build_fixture, rich_files

from generator.engines import convertpool
from generator.engines.rawblocks import Lifted

EXTENSIONS = ["toc", "footnotes", "attr_list", "tables", "admonition"]  # mkdocs.yml's

PAGE = """# Type 75

Weapon, also written: Type-75.

## Timeline

<figure class="cs-chart" data-pagefind-ignore><svg xmlns="http://www.w3.org/2000/svg" width="640" height="118"><a href="../../claims/c1/"><title>Said: May 2025 · Reported · a &lt;/figure&gt; in a statement</title><circle cx="1" cy="2" r="4"/></a></svg><figcaption>The claims about &lt;/details&gt;</figcaption></figure>

<details class="cs-chart-data" data-pagefind-ignore><summary>The chart's data as a table</summary>
<table><thead><tr><th>Claim</th></tr></thead><tbody>
<tr><td><a href="../../claims/c1/">a &lt;/details&gt; in a statement</a></td></tr>
</tbody></table>
</details>

- <time datetime="2025-05">May 2025</time> · [A claim](../claims/c1.md)[^1]

<figure class="cs-place-map" data-pagefind-ignore><svg xmlns="http://www.w3.org/2000/svg"></svg><figcaption>A map</figcaption></figure>

[^1]: A footnote.
"""


def tree_hash(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_page_converted_without_its_charts_and_given_them_back_is_the_page_converted_whole():
    lifted = Lifted()
    out = lifted.lift("weapons/type-75.md", PAGE)
    assert "<svg" not in out and "<table" not in out and out.count("data-cs-lifted") == 3
    assert "- <time" in out and "[^1]: A footnote." in out  # the rest of the page is as it was
    whole = markdown.markdown(PAGE, extensions=EXTENSIONS)
    assert lifted.put_back("weapons/type-75.md", markdown.markdown(out, extensions=EXTENSIONS)) == whole
    assert lifted.put_back("weapons/type-75.md", "<p>taken once</p>") == "<p>taken once</p>"  # nothing held now


def test_a_page_without_charts_is_left_as_it_is():
    lifted = Lifted()
    text = "# A claim\n\n<figure>not a chart of ours</figure>\n\nText.\n"
    assert lifted.lift("claims/c1.md", text) == text
    assert lifted.put_back("claims/c1.md", "<h1>A claim</h1>") == "<h1>A claim</h1>"


def test_a_block_whose_first_end_does_not_end_a_line_is_left_in_the_page():
    """Never a match from one block's start to another's end: what lies between stays Markdown."""
    lifted = Lifted()
    text = ('<figure class="cs-chart" data-pagefind-ignore><svg></svg></figure> and *Markdown* after it\n\n'
            "- a list item\n\n"
            '<figure class="cs-chart" data-pagefind-ignore><svg></svg></figure>\n')
    out = lifted.lift("weapons/x.md", text)
    assert out.startswith('<figure class="cs-chart" data-pagefind-ignore><svg></svg></figure> and *Markdown*')
    assert "- a list item" in out and out.count("data-cs-lifted") == 1


@pytest.mark.parametrize("change", ["lost", "twice"])
def test_a_placeholder_lost_or_repeated_by_the_conversion_is_refused(change):
    lifted = Lifted()
    out = markdown.markdown(lifted.lift("weapons/type-75.md", PAGE), extensions=EXTENSIONS)
    first = out[out.index("<figure data-cs-lifted"):out.index("</figure>") + len("</figure>")]
    broken = out.replace(first, "") if change == "lost" else out.replace(first, first + first)
    with pytest.raises(ValueError, match="placeholder"):
        lifted.put_back("weapons/type-75.md", broken)


def test_a_page_cannot_forge_a_placeholder():
    """Each build draws its own token: a page that writes a placeholder of another build keeps it as text."""
    one, other = Lifted(), Lifted()
    forged = one.lift("a.md", PAGE)
    assert other.lift("b.md", forged) == forged  # not a chart block: not taken
    converted = markdown.markdown(forged, extensions=EXTENSIONS)
    assert other.put_back("b.md", converted) == converted


def test_the_site_is_byte_for_byte_the_same_with_the_charts_kept_out_of_the_conversion(tmp_path, monkeypatch):
    """The rich fixture, its pages converted half by MkDocs and half by the worker, with the charts'
    blocks lifted and without."""
    monkeypatch.setattr(convertpool, "FROM_PAGES", 1)
    taken: list[int] = []
    lift = Lifted.lift

    def spied(self, key, text):
        out = lift(self, key, text)
        taken.append(out.count("data-cs-lifted"))
        return out

    monkeypatch.setattr(Lifted, "lift", spied)
    lifted = tree_hash(build_fixture(tmp_path / "lifted", rich_files()))
    assert sum(taken) >= 4  # the timeline's chart and table, a weapon's charts, the places' map
    monkeypatch.setattr(Lifted, "lift", lambda self, key, text: text)
    whole = tree_hash(build_fixture(tmp_path / "whole", rich_files()))
    assert lifted == whole
