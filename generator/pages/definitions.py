"""The Definitions page: every vocabulary and the definition of each term."""
from __future__ import annotations

from dataclasses import dataclass

from .. import vocab
from .addresses import DEFINITIONS, term_anchor
from .blocks import Page


# -- definitions ------------------------------------------------------------------


@dataclass(frozen=True)
class TermView:
    label: str
    anchor: str
    definition: str
    note: str | None


@dataclass(frozen=True)
class VocabularyView:
    title: str
    anchor: str
    intro: str
    terms: tuple[TermView, ...]


@dataclass(frozen=True)
class DefinitionsPage:
    title: str
    intro: str
    vocabularies: tuple[VocabularyView, ...]


def _term_note(v: vocab.Vocabulary, key: str) -> str | None:
    if v is vocab.CLAIM_STATUS:
        rating = vocab.STATUS_REVIEW_RATING.get(key)
        if rating:
            return f"In ClaimReview markup: rating {rating[0]} of 5 ({rating[1]})."
        return "No ClaimReview rating: the claim is given no verdict."
    return None


def definitions() -> Page:
    views = tuple(
        VocabularyView(v.title, v.name, v.intro, tuple(
            TermView(t.label, term_anchor(v, t.key), t.definition, _term_note(v, t.key)) for t in v.terms))
        for v in vocab.ALL)
    context = DefinitionsPage(
        "Definitions", "The scales and vocabularies the records use, each term with its definition.", views)
    return Page(DEFINITIONS, "definitions.md.j2", "Definitions", context, in_nav=True)
