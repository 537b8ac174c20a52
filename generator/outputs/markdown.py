"""Page contexts + templates/ -> Markdown: a pure function, {path: markdown}.

Record text is plain text. It reaches a page only through `md_text`, which
writes every character that Markdown, its extensions or HTML could read as
syntax as a numeric character reference: the browser shows the character, no
parser acts on it. Only those characters are encoded: Python-Markdown pays for
every reference, and a page of entities renders several times slower. The template environment refuses
to print any value that did not pass through one of the filters below, so a
template cannot forget to escape. Record text is never rendered as a template.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..bulk import bulk
from ..pages import Extras, Page, site_pages
from .search_terms import spelling_variants
from ..unicode_rules import SHOWN, visible

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# What the Markdown extensions in mkdocs.yml (toc, footnotes, attr_list, tables,
# admonition) and HTML read as syntax anywhere in a line: code, emphasis, links
# and footnotes, attribute lists, tags and entities, table cells, heading marks.
# A test keeps mkdocs.yml's extensions to this list; a new one needs a look here.
EXTENSIONS = ("toc", "footnotes", "attr_list", "tables", "admonition")
_INLINE = "\\`*_[]{}<>&|\"#"
_ESCAPE = str.maketrans({c: f"&#{ord(c)};" for c in _INLINE} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# What is syntax only where a line starts: lists, quotes, rules, admonitions.
_LINE_START = re.compile(r"^(?:\d+[.)]|[-+=!:~>])")
# The footnotes extension moves its list to whichever element's text holds this marker (its
# PLACE_MARKER), replacing that element: in record text, its first slash is encoded.
_FOOTNOTES_MARKER = "///Footnotes Go Here///"

# Characters kept as they are in a URL written into a Markdown link; every other
# one is percent-encoded, so that no URL can end the link or start other syntax.
_URL_SAFE = ":/?#=&%;,+@!$~.-_"


# Markup(s) checks its argument for __html__ on every call; the helpers below make millions of
# them from strings they escaped themselves, so they build the object directly.
_markup = partial(str.__new__, Markup)


def md_text(text: str) -> Markup:
    """Plain text as literal inline Markdown: one line, no syntax, no markup."""
    if isinstance(text, Markup):
        return text
    return _markup(_md(str(text)))


@lru_cache(maxsize=1 << 16)  # names, labels and dates recur on thousands of pages
def _md(text: str) -> str:
    return _literal(" ".join(text.split()))


def _literal(line: str) -> str:
    line = visible(line)  # no bidi control or invisible character reaches a page raw (docs/unicode.md)
    start = _LINE_START.match(line)
    head = ""
    if start:  # the mark itself becomes a character reference: "1984&#46; year", "&#45; item"
        mark = start.group()
        head, line = mark[:-1] + f"&#{ord(mark[-1])};", line[len(mark):]
    return (head + line.translate(_ESCAPE)).replace(_FOOTNOTES_MARKER, "&#47;" + _FOOTNOTES_MARKER[1:])


def md_paragraphs(text: str) -> Markup:
    """Plain text that may span lines: blank lines separate paragraphs, nothing else counts."""
    paragraphs = [p for p in (" ".join(block.split()) for block in _blocks(text)) if p]
    return Markup("\n\n".join(_literal(p) for p in paragraphs))


def _blocks(text: str) -> list[str]:
    blocks, current = [], []
    for line in str(text).splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def md_url(url: str) -> Markup:
    """A link destination that cannot end its link or start other syntax."""
    return _markup(_url(str(url)))


@lru_cache(maxsize=1 << 16)
def _url(url: str) -> str:
    return quote(url, safe=_URL_SAFE)


def json_ld(data: dict) -> Markup:
    """JSON for a <script type="application/ld+json"> element: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, code)
    # The data stays exact; the page source holds no raw bidi control or invisible character.
    return Markup(SHOWN.sub(lambda m: json.dumps(m.group())[1:-1], text))


_TOKEN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")


def token(value: str) -> Markup:
    """An id, a class name or an ISO date the generator made: checked, printed as it is."""
    return _markup(_token(str(value)))


@lru_cache(maxsize=1 << 12)
def _token(value: str) -> str:
    if not _TOKEN_RE.match(value):
        raise ValueError(f"{value!r} is not a token (letters, digits and hyphens)")
    return value


def _finalize(value: object) -> object:
    """Only escaped text and numbers are printed; a bare string is a template bug."""
    if isinstance(value, Markup) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError(
        f"a template printed a {type(value).__name__} ({str(value)[:60]!r}) without escaping it: "
        "pipe it through |md, |paragraphs or |url")


# -- the formatting helpers every template may call --------------------------------
# Written in Python rather than as Jinja macros: they run a million times in a large report,
# and a macro call costs twenty times a function call. Each returns escaped Markup.


def _link(l) -> str:
    return f"[{_md(l.text)}]({_url(l.href)})"


def _badge(b) -> str:
    return f"[{_md(b.text)}]({_url(b.href)}){{ .cs-badge .{_token(b.css)} }}"


def _values(vs) -> str:
    return ", ".join([_md(v) if isinstance(v, str) else _link(v) for v in vs])


def _when(item) -> str:
    if not item.date:
        return "date not known"
    return f'<time datetime="{_token(item.iso)}">{_md(item.date)}</time>'


def link(l) -> Markup:
    return _markup(_link(l))


def badge(b) -> Markup:
    return _markup(_badge(b))


def value(v) -> Markup:
    return md_text(v) if isinstance(v, str) else link(v)


def facts(fs) -> Markup:
    return _markup("".join([f"- **{_md(f.label)}:** {_values(f.values)}"
                            + (f" ({_md(f.note)})" if f.note else "") + "\n" for f in fs]))


def claim_item(item) -> Markup:
    label = f" · **{_md(item.label)}**" if item.label else ""
    detail = f" ({_md(item.detail)})" if item.detail else ""
    return _markup(f"{_when(item)}{label} · {_link(item.link)} {_badge(item.status)}{detail}")


def chart_figure(c) -> Markup:
    """A chart inline with its caption, then its data as a table under a <details>: raw HTML, each
    block one line or ended by a blank line, so that Markdown reads it as HTML and nothing else."""
    figure = f'<figure class="cs-chart" data-pagefind-ignore>{c.svg}<figcaption>{_md(c.caption)}</figcaption></figure>\n'
    head = "".join([f"<th>{_md(col)}</th>" for col in c.table.columns])
    rows = "".join(["<tr>" + "".join([_cell(cell) for cell in row]) + "</tr>\n" for row in c.table.rows])
    return _markup(f'{figure}\n<details class="cs-chart-data" data-pagefind-ignore><summary>{_md(c.summary)}'
                   f'</summary>\n<table><thead><tr>{head}</tr></thead><tbody>\n{rows}</tbody></table>\n</details>\n')


def _cell(cell) -> str:
    if cell.href:
        return f'<td><a href="{_url(cell.href)}">{_md(cell.text)}</a></td>'
    return f"<td>{_md(cell.text)}</td>"


HELPERS = {f.__name__: f for f in (link, badge, value, facts, claim_item, chart_figure)}


@lru_cache(maxsize=4)
def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        finalize=_finalize,
        # No autoescape: HTML escaping alone would leave Markdown syntax alive. Instead _finalize
        # refuses to print anything that did not pass through one of the filters or helpers.
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.filters.update(md=md_text, paragraphs=md_paragraphs, url=md_url, jsonld=json_ld, token=token)
    env.globals.update(HELPERS)
    # search_terms.py: the spellings the search is given, escaped for the attribute they go in.
    env.filters["search_variants"] = lambda name, aliases=(): md_text(spelling_variants(name, aliases))
    return env


def render_page(page: Page, env: Environment | None = None) -> str:
    env = env or environment()
    markdown = env.get_template(page.template).render(page=page.context)
    return "\n".join(line.rstrip() for line in markdown.strip().splitlines()) + "\n"


@bulk
def render_pages(pages: list[Page], templates: Path = TEMPLATES) -> dict[str, str]:
    """Every page's Markdown by its path; refuses two pages at one path."""
    env = environment(templates)
    out: dict[str, str] = {}
    for page in pages:
        if page.path in out:
            raise ValueError(f"two pages would be written to {page.path}")
        out[page.path] = page.markdown if page.markdown is not None else render_page(page, env)
    return out


def render_site(resolved, extras: Extras = Extras()) -> dict[str, str]:
    """The resolved report -> {path: markdown} for every page of the site."""
    return render_pages(site_pages(resolved, extras))
