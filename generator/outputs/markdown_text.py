"""Authored Markdown -> plain data: blocks of runs, for the PDF.

The authored pages in content/pages/ are trusted Markdown, but the PDF takes
them as data all the same: Python-Markdown parses them into a tree, and this
module keeps only headings, paragraphs, lists, quotations and code blocks, and
inside them text with emphasis, code and links. Raw HTML keeps its text and
loses its tags (scripts and styles lose their text too). Nothing here becomes Typst markup.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import markdown
from markdown.util import STX, ETX

_PLACEHOLDER = re.compile(f"{STX}wzxhzdk:(\\d+){ETX}")
_TAG = re.compile(r"<[^>]*>")
_HIDDEN = re.compile(r"<(script|style)\b.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_CLAIM_LINK = re.compile(r"^(?:\.\./|\./)*claims/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.md|/|/index\.md)?(?:#.*)?$")


def blocks(text: str) -> list[dict]:
    """Markdown -> a list of blocks: heading, paragraph, list, quote, code."""
    md = markdown.Markdown()
    lines = text.split("\n")
    for pre in md.preprocessors:
        lines = pre.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    for tree in md.treeprocessors:
        root = tree.run(root) or root
    stash = [_TAG.sub("", _HIDDEN.sub("", str(raw))) for raw in md.htmlStash.rawHtmlBlocks]
    return _blocks(root, stash)


def _blocks(parent: ET.Element, stash: list[str]) -> list[dict]:
    out: list[dict] = []
    loose = _text(parent.text, stash).strip()
    if loose:
        out.append({"type": "paragraph", "runs": [_run(loose)]})
    for el in parent:
        out.extend(_block(el, stash))
        tail = _text(el.tail, stash).strip()
        if tail:
            out.append({"type": "paragraph", "runs": [_run(tail)]})
    return out


def _block(el: ET.Element, stash: list[str]) -> list[dict]:
    tag = el.tag
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return [{"type": "heading", "level": int(tag[1]), "runs": _trim(_runs(el, stash))}]
    if tag == "p":
        runs = _trim(_runs(el, stash))
        return [{"type": "paragraph", "runs": runs}] if runs else []
    if tag in ("ul", "ol"):
        items = [_blocks(li, stash) if _has_blocks(li) else [{"type": "paragraph", "runs": _trim(_runs(li, stash))}]
                 for li in el if li.tag == "li"]
        return [{"type": "list", "ordered": tag == "ol", "items": items}]
    if tag == "blockquote":
        return [{"type": "quote", "blocks": _blocks(el, stash)}]
    if tag == "pre":
        return [{"type": "code", "text": _text("".join(el.itertext()), stash).rstrip("\n")}]
    if tag == "hr":
        return []
    if tag == "div" or _has_blocks(el):
        return _blocks(el, stash)
    runs = _trim(_runs(el, stash))
    return [{"type": "paragraph", "runs": runs}] if runs else []


def _has_blocks(el: ET.Element) -> bool:
    return any(child.tag in ("p", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "div")
               for child in el)


def _runs(el: ET.Element, stash: list[str], style: dict | None = None) -> list[dict]:
    """The inline content of an element, as runs of text with one style each."""
    style = style or {}
    runs: list[dict] = []
    if el.text:
        runs.append(_run(_text(el.text, stash), **style))
    for child in el:
        runs.extend(_runs(child, stash, _style(child, style)))
        if child.tail:
            runs.append(_run(_text(child.tail, stash), **style))
    return _merge([r for r in runs if r["text"]])


def _style(el: ET.Element, style: dict) -> dict:
    out = dict(style)
    if el.tag in ("em", "i"):
        out["emph"] = True
    elif el.tag in ("strong", "b"):
        out["strong"] = True
    elif el.tag == "code":
        out["code"] = True
    elif el.tag == "a":
        out.update(_target(el.get("href", "")))
    elif el.tag == "br":
        pass
    return out


def _target(href: str) -> dict:
    """An external address, or a claim of this report as an internal link."""
    claim = _CLAIM_LINK.match(href)
    if claim:
        return {"claim": claim.group(1)}
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") and parts.hostname:
        return {"url": href}
    if parts.scheme == "mailto":
        return {"url": href}
    return {}


def _trim(runs: list[dict]) -> list[dict]:
    """Drop the white space at the ends of a block."""
    if runs:
        runs[0]["text"] = runs[0]["text"].lstrip()
        runs[-1]["text"] = runs[-1]["text"].rstrip()
    return [r for r in runs if r["text"]]


def _run(text: str, **style) -> dict:
    return {"text": text, **style}


def _merge(runs: list[dict]) -> list[dict]:
    out: list[dict] = []
    for run in runs:
        if out and {k: v for k, v in out[-1].items() if k != "text"} == {k: v for k, v in run.items() if k != "text"}:
            out[-1] = {**out[-1], "text": out[-1]["text"] + run["text"]}
        else:
            out.append(run)
    for run in out:
        run["text"] = re.sub(r"\s+", " ", run["text"]) if not run.get("code") else run["text"]
    return out


def _text(text: str | None, stash: list[str]) -> str:
    if not text:
        return ""
    text = _PLACEHOLDER.sub(lambda m: stash[int(m.group(1))] if int(m.group(1)) < len(stash) else "", text)
    return text.replace(STX, "").replace(ETX, "")
