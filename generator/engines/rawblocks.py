"""The charts' raw HTML kept out of MkDocs' Markdown conversion, and put back after it.

A chart reaches a page as raw HTML the generator writes whole (outputs/markdown.py's
chart_figure, and the timeline's and the place map's templates): its <figure> with the SVG on one
line, and its data as a <table> under a <details>. Python-Markdown stashes such a block
verbatim, but first reads it tag by tag with its HTML parser, and MkDocs reads it once more for
the ids it holds: at 10,000 claims a weapon page carries a few hundred kilobytes of SVG and table,
and those two passes were most of what the charts added to the Markdown conversion. `lift` takes
each such block out of a page's Markdown, leaves an empty element of the same kind in its place
(a block-level raw HTML block too, so the page's blocks stay what they were), and `put_back`
puts each block back where its placeholder came out of the conversion: the HTML is the same,
byte for byte.

Only the pages the generator renders from its templates are read (not an authored page, whose
Markdown is the author's), and only a block that starts a line and ends one at the first closing
tag of its kind: record text inside it is escaped (no '<' of its own), so that is its end. The
placeholders carry a token drawn for each build, which no page can hold, and put_back refuses a
page where one is missing or there twice. The chart's SVG holds no id another page links to
(MkDocs' check of anchors does not need to see it); the timeline's matplotlib chart has ids of
its own that nothing links to.
"""
from __future__ import annotations

import re
import secrets

# Up to the first closing tag of its kind and no further (a block whose first one does not end a
# line is left where it is: never one that would reach across the page to another's end).
_BLOCK = re.compile(
    r'^(?:<figure class="cs-[a-z-]+" data-pagefind-ignore>(?:(?!</figure>).)*+</figure>'
    r'|<details class="cs-chart-data" data-pagefind-ignore>(?:(?!</details>).)*+</details>)$',
    re.MULTILINE | re.DOTALL)


class Lifted:
    """The blocks taken out of the pages of one build, by page, until each page is converted."""

    def __init__(self) -> None:
        self._token = secrets.token_hex(8)
        self._placeholder = re.compile(rf'<(figure|details) data-cs-lifted="{self._token}-(\d+)"></\1>')
        self._blocks: dict[str, list[str]] = {}

    def lift(self, key: str, markdown: str) -> str:
        """`markdown` with each chart block replaced by a placeholder; the blocks are kept under `key`."""
        blocks: list[str] = []

        def take(m: re.Match) -> str:
            blocks.append(m.group(0))
            tag = "figure" if m.group(0).startswith("<figure") else "details"
            return f'<{tag} data-cs-lifted="{self._token}-{len(blocks) - 1}"></{tag}>'

        out = _BLOCK.sub(take, markdown)
        if blocks:
            self._blocks[key] = blocks
        else:
            self._blocks.pop(key, None)
        return out

    def put_back(self, key: str, html: str) -> str:
        """The converted page `key` with its blocks back in place of their placeholders."""
        blocks = self._blocks.pop(key, None)
        if blocks is None:
            return html
        seen = [0] * len(blocks)

        def give(m: re.Match) -> str:
            n = int(m.group(2))
            if n >= len(blocks):
                raise ValueError(f"{key}: a chart's placeholder that this page did not have")
            seen[n] += 1
            return blocks[n]

        out = self._placeholder.sub(give, html)
        if any(count != 1 for count in seen):
            raise ValueError(f"{key}: the Markdown conversion lost or repeated a chart's placeholder")
        return out

    def clear(self) -> None:
        self._blocks = {}
