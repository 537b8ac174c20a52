"""The building blocks of page contexts: links relative to the page, badges, facts, the Page itself."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .. import vocab
from ..dates import DateValue
from ..history import Changelog, FileHistory
from ..resolve import Resolved
from .addresses import DEFINITIONS, _relative, record_path, term_anchor


# -- the building blocks of contexts ---------------------------------------------


# Links, badges and claim items are named tuples: a large report makes a million of them, and a
# frozen dataclass costs three times as much to create.
class Link(NamedTuple):
    """A link: its text (record text, escaped by the template) and a relative href."""

    text: str
    href: str


class Badge(NamedTuple):
    """A status or grade: readable as text, linked to its definition; css only adds colour."""

    text: str
    href: str
    css: str


@dataclass(frozen=True)
class Fact:
    """One line of a record's facts: a label and its values (text or links)."""

    label: str
    values: tuple[str | Link, ...]
    note: str | None = None


class ClaimItem(NamedTuple):
    """A claim in a list: its link (the statement), when, and its status."""

    link: Link
    date: str | None  # the date shown in front, at its precision
    iso: str | None  # the same date for <time datetime>
    label: str | None  # "Happened", "Said", or None
    status: Badge
    detail: str | None = None


@dataclass(frozen=True)
class Download:
    """A file offered on the home page: the PDF."""

    label: str
    path: str  # below the site root
    description: str
    file: Path  # where the built file is


@dataclass(frozen=True)
class Authored:
    """A trusted Markdown page from content/pages/, included as it is."""

    path: str  # below the site root: about/<name>.md
    title: str
    markdown: str


@dataclass(frozen=True)
class Extras:
    """What the site has besides the records: authored pages, the PDF, the data downloads."""

    authored: tuple[Authored, ...] = ()
    downloads: tuple[Download, ...] = ()
    data_files: tuple[tuple[str, bytes], ...] = ()  # (path below the site root, bytes)
    data_page: Authored | None = None  # what the data files are, linked from home
    changes: Changelog | None = None  # the findings changed since the last release; None: no history
    histories: dict[str, FileHistory] | None = None  # content-relative path -> its git history; None: no git
    version: str | None = None  # the version being built (mike's); None: a draft


@dataclass(frozen=True)
class Page:
    path: str
    template: str | None  # None: `markdown` is the page
    title: str
    context: object = None
    in_nav: bool = False
    markdown: str | None = None


class Linker:
    """Links as seen from one page."""

    def __init__(self, resolved: Resolved, at: str):
        self.r = resolved
        self.at = at
        self.folder = posixpath.dirname(at)

    def href(self, path: str, anchor: str | None = None) -> str:
        rel = _relative(path, self.folder)
        return rel + (f"#{anchor}" if anchor else "")

    def to(self, text: str, path: str, anchor: str | None = None) -> Link:
        return Link(text, self.href(path, anchor))

    def claim(self, claim_id: str) -> Link:
        return self.to(self.r.claims[claim_id].claim.statement, record_path("claim", claim_id))

    def source(self, source_id: str) -> Link:
        return self.to(self.r.sources[source_id].title, record_path("source", source_id))

    def entity(self, entity_id: str) -> Link:
        kind, entity = self.r.entity(entity_id)
        return self.to(entity.name, record_path(kind, entity_id))

    def term(self, vocabulary: vocab.Vocabulary, key: str, text: str | None = None) -> Link:
        label = vocabulary.get(key).label
        return self.to(text or label, DEFINITIONS, term_anchor(vocabulary, key))

    def badge(self, vocabulary: vocab.Vocabulary, key: str, prefix: str) -> Badge:
        term = vocabulary.get(key)
        href = self.href(DEFINITIONS, term_anchor(vocabulary, key))
        return Badge(f"{prefix}: {term.label}", href, f"cs-{vocabulary.name}-{key.lower()}")

    def status(self, claim_id: str) -> Badge:
        return self.badge(vocab.CLAIM_STATUS, self.r.claims[claim_id].claim.status, "Status")

    def claim_item(self, claim_id: str, date: DateValue | None = None, label: str | None = None,
                   detail: str | None = None) -> ClaimItem:
        view = self.r.claims[claim_id]
        date = date or view.made or view.event_date
        return ClaimItem(self.claim(claim_id), date.text() if date else None, date.first_iso() if date else None,
                         label, self.status(claim_id), detail)


# A timeline entry's axis, as a list of claims labels it.
AXIS_LABEL = {"happened": "Happened", "said": "Said"}
