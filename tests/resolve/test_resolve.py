"""Derived facts decided once for the site and the PDF."""
from __future__ import annotations

import pytest

from generator.pipeline import build


def claim(channel: str) -> str:
    return f"""
        statement: "North Korea has huge stockpiles of ammunition."
        claimant: "budanov"
        via: {channel}
        made: "2025-07-11"
        status: "reported"
        credibility: 3
        assessment: "x"
        citations: [{{source: "src-a", quote: "North Korea has huge stockpiles"}}]
    """


@pytest.mark.parametrize("channel, said", [
    ('[{actor: "outlet", kind: "interview"}]', "told Bloomberg on 11 July 2025"),
    ('[{kind: "interview"}]', "said in an interview on 11 July 2025"),
    ('[{kind: "article"}]', "wrote on 11 July 2025"),
    ('[{actor: "outlet", kind: "article"}]', "wrote in Bloomberg on 11 July 2025"),
    ('[{actor: "outlet", kind: "statement"}]', "said in a statement to Bloomberg on 11 July 2025"),
    ("[]", "said on 11 July 2025"),
])
def test_attribution_sentence_reads_with_and_without_a_channel_actor(make_content, channel, said):
    _, resolved = build(make_content({"claims/stockpiles.yaml": claim(channel)}))
    sentence = resolved.claims["stockpiles"].attribution.sentence()
    assert sentence == (f"Kyrylo Budanov, head of Ukrainian military intelligence, {said}; "
                        "reported by Bloomberg on 12 July 2025.")


def test_real_attributions_never_dangle():
    from conftest import CONTENT
    _, resolved = build(CONTENT)
    for view in resolved.claims.values():
        said = view.attribution.said()
        assert not said.endswith((" in", " to", " on", " of", " for", " by")), said
        assert " in on " not in said and " to on " not in said
    budanov = resolved.claims["budanov-north-korea-supplies-40-percent-of-russian-ammunition"]
    assert budanov.attribution.sentence().startswith("Kyrylo Budanov, ")
    assert "told Bloomberg on 11 July 2025; reported by Korea JoongAng Daily on 12 July 2025, 10:35 local time" \
        in budanov.attribution.sentence()


@pytest.mark.parametrize("label, letter", [("Type 75", "T"), ("Émile", "E"), ("한국", "한"), ("Киев", "К"),
                                           ("9K720", "#")])
def test_index_letters(label, letter):
    from generator.resolve import IndexEntry
    entry = IndexEntry(label, "x", label, False, "c", 0, None, None, None)
    assert entry.letter == letter
