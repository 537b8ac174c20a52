"""`draft`: attribution, channel, figures, dates, what is no claim, --coverage, and the held-out measure."""
from __future__ import annotations

import pytest

from conftest import ROOT
from bench import draft_eval
from generator.cli import main
from generator.authoring.draft import Context, coverage, dates_in, drafts, figures, items, made, sentences
from generator.mentions import Matcher
from generator.model import Claim

ENTITIES = [
    ("actor", "reuters", ["Reuters"]), ("actor", "bloomberg", ["Bloomberg"]), ("actor", "yonhap", ["Yonhap"]),
    ("actor", "yomiuri", ["Yomiuri Shimbun"]), ("actor", "budanov", ["Kyrylo Budanov", "Budanov"]),
    ("actor", "shin", ["Shin Won-sik", "Shin"]), ("actor", "zelenskyy", ["Volodymyr Zelenskyy"]),
    ("actor", "pgo", ["Prosecutor General's Office"]), ("actor", "ukraine", ["Ukraine"]),
    ("actor", "bolvinov", ["Serhii Bolvinov", "Bolvinov"]), ("actor", "russia", ["Russia"]),
    ("weapon", "kn-23", ["KN-23"]),
]
KINDS = {"reuters": "media-outlet", "bloomberg": "media-outlet", "yonhap": "media-outlet",
         "yomiuri": "media-outlet", "budanov": "person", "shin": "person", "zelenskyy": "person",
         "bolvinov": "person", "pgo": "government-agency", "ukraine": "state", "russia": "state"}
MATCHER = Matcher(ENTITIES)


def ctx(text: str, publisher: str = "reuters", published: str | None = "2024-02-07",
        language: str | None = "en") -> Context:
    return Context("src", text, published, MATCHER, KINDS, publisher, language)


def only(text: str, **kw):
    found = drafts(ctx(text + "\n", **kw))
    assert len(found) == 1, [d.quote for d in found]
    return items(found[0].fields), found[0].fields


# -- attribution and channel -------------------------------------------------------


@pytest.mark.parametrize("sentence, who, via", [
    # the outlet is not the claimant of what someone else says
    ("Ukraine's military said two missiles were shot down.", "ukraine's military", None),
    ("Two missiles were shot down, according to Ukraine's Prosecutor General's Office.", ("actor", "pgo"), None),
    ("Two missiles were shot down, said Serhii Bolvinov, a police investigator.", ("actor", "bolvinov"), None),
    ("A senior adviser to President Volodymyr Zelenskyy said on Friday that two missiles hit Kyiv.",
     "senior adviser to president volodymyr zelenskyy", None),
    # the channel is the outlet spoken to, not the publisher (Reuters)
    ("Kyrylo Budanov told Bloomberg that stocks are huge.", ("actor", "budanov"), "bloomberg"),
    ("Defense Minister Shin Won-sik said in an interview with the Yomiuri Shimbun that shipments go on.",
     ("actor", "shin"), "yomiuri"),
    ("Half the missiles failed, Bloomberg reported on May 7, citing Ukraine's Prosecutor General's Office.",
     ("actor", "pgo"), "bloomberg"),
    ("Shin said shipments go on, according to Yonhap.", ("actor", "shin"), "yonhap"),
    # the outlet's own assertion
    ("Russia launched another large-scale attack against Ukraine in the morning.", ("actor", "reuters"), None),
])
def test_the_claimant_and_the_channel_come_from_the_reporting_words(sentence, who, via):
    got, _ = only(sentence)
    if isinstance(who, tuple):
        assert got["claimant"] == [who]
    else:  # a vague claimant: its whole wording, not a part of it
        assert [v.words for v in got["claimant"]] == [who]
    assert got["via"] == ([via] if via else [])


@pytest.mark.parametrize("text, who, via", [
    # the main clause, not an opening "While ..." clause
    ("While Bloomberg reported it could not confirm it, Kyrylo Budanov later said that it was true.",
     ("actor", "budanov"), []),
    # an unnamed subject after a comma, with its article
    ("Two missiles were North Korean, a Ukrainian official said Thursday.", "ukrainian official", []),
    # a broadcast is an interview with the broadcaster
    ("\"We received the first evidence,\" Budanov said on air on Bloomberg.", ("actor", "budanov"), ["bloomberg"]),
])
def test_main_clause_article_led_subjects_and_broadcasts(text, who, via):
    got, _ = only(text)
    assert got["claimant"] == ([who] if isinstance(who, tuple) else got["claimant"])
    if not isinstance(who, tuple):
        assert [v.words for v in got["claimant"]] == [who]
    assert got["via"] == via


def test_added_goes_on_in_the_same_interview():
    found = drafts(ctx("Budanov told Bloomberg on Friday that stocks are huge.\n"
                       "Budanov added that two missiles hit Kyiv and Ukraine.\n"))
    assert [items(d.fields)["via"] for d in found] == [["bloomberg"], ["bloomberg"]]
    assert found[1].fields["made"] == "2024-02-02"


def test_an_unnamed_person_of_a_named_body_gives_both():
    matcher = Matcher(ENTITIES + [("actor", "mfa", ["Foreign Ministry"])])
    c = Context("src", "A spokesperson for the Foreign Ministry told reporters that two missiles hit Kyiv.\n",
                "2024-02-07", matcher, {**KINDS, "mfa": "government-agency"}, "reuters", "en")
    fields = drafts(c)[0].fields
    assert (fields["claimant"].value, fields["claimant_vague"].value) == (
        "mfa", "A spokesperson for the Foreign Ministry")
    assert Claim.model_validate({**{k: getattr(v, "value", v) for k, v in fields.items()}}).claimant == "mfa"
    _, fields = only("A senior adviser to President Volodymyr Zelenskyy said two missiles hit Kyiv.")
    assert "claimant" not in fields  # a person is no body: the adviser stays unnamed


def test_a_vague_claimant_is_its_own_wording_and_the_publisher_is_never_the_channel():
    _, fields = only("Ukraine's military said two missiles were shot down.")
    assert fields["claimant_vague"].value == "Ukraine's military" and "claimant" not in fields
    _, fields = only("Kyrylo Budanov told Reuters that stocks are huge.")
    assert fields["via"] == [{"actor": "reuters", "kind": "interview"}]  # told Reuters: Reuters is spoken to


def test_reportedly_is_not_the_outlets_own_assertion_and_an_unread_subject_is_not_the_outlet():
    _, fields = only("Pyongyang has reportedly provided at least 1 million shells.")
    assert fields["claimant_vague"].value == "unnamed reports"
    _, fields = only("It was said by many that two missiles hit Kyiv, they claimed.")
    assert fields.get("claimant") is None or fields["claimant"].value != "reuters"


def test_he_and_a_bare_quotation_go_on_with_the_speaker_and_the_channel():
    found = drafts(ctx("Kyrylo Budanov told Bloomberg that stocks are huge. He added that production runs.\n"
                       "\u201cIt is a good weapon.\u201d\n"))
    assert [items(d.fields)["claimant"] for d in found] == [[("actor", "budanov")]] * 3
    assert [items(d.fields)["via"] for d in found] == [["bloomberg"]] * 3
    assert list(found[1].fields)[:3] == ["statement", "claimant", "via"]  # in the order records have them


def test_a_post_and_a_briefing_are_channels_without_an_actor():
    _, fields = only("\u201cThese are KN-23 missiles,\u201d Bolvinov said on Facebook.")
    assert fields["via"] == [{"kind": "social-media"}] and fields["claimant"].value == "bolvinov"
    _, fields = only("Budanov told reporters that two missiles hit Kyiv.")
    assert fields["via"] == [{"kind": "press-conference"}]


def test_an_according_to_inside_a_quotation_is_the_speakers():
    _, fields = only("\u201cAccording to specialists, these are KN-23 missiles,\u201d Bolvinov said.")
    assert fields["claimant"].value == "bolvinov"


# -- figures -----------------------------------------------------------------------


def test_figures_keep_their_noun_phrase_share_and_whole():
    text = ("Two of five missiles hit, and 40 percent of the ammunition and about 1,500 containers came "
            "with more than 5 million artillery shells.")
    got = figures(text, MATCHER.find(text))
    assert [(f.value, f.unit, f.qualifier, f.total, f.of) for f in got] == [
        (2, "missiles", "exactly", 5, None),
        (40, "percent", "exactly", None, "the ammunition"),
        (1500, "containers", "about", None, None),
        (5_000_000, "artillery shells", "at-least", None, None),
    ]


def test_half_of_is_a_share():
    text = "About half of the missiles and a quarter of the shells failed."
    assert [(f.value, f.unit, f.qualifier, f.of) for f in figures(text, [])] == [
        (50, "percent", "about", "the missiles"), (25, "percent", "exactly", "the shells")]


@pytest.mark.parametrize("text", [
    "Russian troops used S-300 missiles.", "An M1991 launcher and a Type 75 were hit.",
    "They fired KN-23 and Hwasong-11 missiles.", "It violates Security Council Resolution 1874.",
    "In 2014, the two Koreas exchanged fire.", "The two nations signed it on 07.02.2024 at 06:00.",
])
def test_numbers_inside_names_dates_and_anaphora_are_no_figures(text):
    assert figures(text, []) == []  # no entity record needed to see a name


def test_a_figure_after_a_capitalised_word_that_is_no_name_is_read():
    text = "About 1,500 containers came, and on Monday 3 missiles hit; Feb. 20 is a date."
    assert [(f.value, f.unit) for f in figures(text, [])] == [(1500, "containers"), (3, "missiles")]


def test_a_figure_whose_unit_is_left_out_takes_the_one_before_or_a_todo():
    text = "The strike killed two people and injured over 60 in the city."
    assert [(f.value, f.unit, f.qualifier) for f in figures(text, [])] == [(2, "people", "exactly"),
                                                                          (60, "people", "at-least")]
    _, fields = only("Prosecutors said they examined the debris of 21 and more.")
    assert fields["quantities"][0]["unit"].value == "TODO"


def test_a_share_and_a_range_are_written_as_the_model_has_them():
    _, fields = only("Bolvinov said two of the five missiles were North Korean.")
    assert fields["quantities"] == [{"value": 2, "unit": "missiles", "qualifier": "exactly", "total": 5}]
    _, fields = only("Prosecutors said three employees aged between 52 and 64 were hurt.")
    assert fields["quantities"][1]["value"] == 52 and fields["quantities"][1]["upper"] == 64
    text = "It had 10 to 12 launchers and 3\u20134 radars."
    assert [(f.value, f.upper, f.unit) for f in figures(text, [])] == [(10, 12, "launchers"), (3, 4, "radars")]


# -- dates -------------------------------------------------------------------------


@pytest.mark.parametrize("text, language, edtf", [
    ("on 07.02.2024", "en", "2024-02-07"),  # dotted: day first
    ("on 2024-02-07", "en", "2024-02-07"),
    ("on 2024.02.07", "ko", "2024-02-07"),
    ("on 13/2/2024", "en", "2024-02-13"),  # unambiguous
    ("on 2/13/2024", "en", "2024-02-13"),
    ("on 7/2/2024", "en-US", "2024-07-02"),  # by the source's region
    ("on 7/2/2024", "en-GB", "2024-02-07"),
    ("on 7 February 2024", "en", "2024-02-07"),
    ("on Feb. 7, 2024", "en", "2024-02-07"),
    ("on Feb. 7", "en", "2024-02-07"),
    ("in February 2022", "en", "2022-02"),
    ("in 2006", "en", "2006"),
    ("on Wednesday", "en", "2024-02-07"),
    ("on Monday", "en", "2024-02-05"),
    ("on Dec. 30", "en", "2023-12-30"),  # a month and more ahead of publication: the year before
])
def test_dates_in_numeric_and_word_forms(text, language, edtf):
    found, unread = dates_in(f"It happened {text}.", "2024-02-07", language)
    assert [d.edtf for d in found] == [edtf] and unread == []


def test_an_ambiguous_numeric_date_without_a_region_is_left_for_the_analyst():
    found, unread = dates_in("It happened on 7/2/2024.", "2024-02-07", "en")
    assert found == [] and len(unread) == 1
    assert "7 February" in unread[0].why and "July 7" not in unread[0].why and "region" in unread[0].why
    _, fields = only("Budanov said it happened on 7/2/2024 in Kyiv.")
    assert fields["event"]["date"].commented


def test_a_citing_outlets_report_dates_the_claim():
    _, fields = only("Half the missiles failed, Bloomberg reported on May 7, citing Ukraine's Prosecutor "
                     "General's Office.", published="2024-05-08")
    assert fields["made"] == "2024-05-07" and "event" not in fields


def test_the_date_of_the_saying_is_made_and_other_dates_the_events():
    _, fields = only("Two of the five missiles launched on Feb. 6 were North Korean, Budanov said on 07.02.2024.")
    assert fields["made"] == "2024-02-07" and fields["event"]["date"] == "2024-02-06"
    assert made("On 3 June 2024 he said ...", None)[0] == "2024-06-03"


# -- what is no claim --------------------------------------------------------------


def test_headlines_datelines_bylines_and_captions_are_no_claims():
    text = ("Police: Russia fires 2 North Korean missiles at Kharkiv\n"
            "by Jane Doe and the news desk February 7, 2024 5:19 PM 2 min read\n"
            "A building damaged by a missile strike on Kharkiv on Feb. 7, 2024. (Serhii Bolvinov/Facebook)\n"
            "KYIV, Feb 7 (Reuters) - Ukraine's military said two missiles were shot down.\n"
            "(Reporting by Jane Doe; editing by John Roe)\n")
    assert [s.text for s in sentences(text)] == ["Ukraine's military said two missiles were shot down."]
    found = drafts(ctx(text))
    assert len(found) == 1 and found[0].fields["claimant_vague"].value == "Ukraine's military"


# -- --coverage --------------------------------------------------------------------


def _claim(quote: str, claimant: str) -> Claim:
    return Claim.model_validate({"statement": "s", "claimant": claimant, "status": "reported", "credibility": 3,
                                 "assessment": "a", "citations": [{"source": "src", "quote": quote}]})


def test_coverage_finds_the_claim_but_counts_the_wrong_claimant():
    text = "Kyrylo Budanov told Bloomberg that stocks are huge.\n"
    found = drafts(ctx(text))
    right = coverage("src", text, found, {"c": _claim("stocks are huge", "budanov")})
    wrong = coverage("src", text, found, {"c": _claim("stocks are huge", "bloomberg")})
    assert right.covered == wrong.covered == ("c",)
    assert right.agreement("claimant") == (1, 1) and wrong.agreement("claimant") == (0, 1)
    assert "agree 1 of 1 (100%)" in right.line() and "agree 0 of 1 (0%)" in wrong.line()


def test_coverage_prints_each_line_once_and_help_says_what_it_measures(make_content, tmp_path, capsys):
    content = make_content()
    assert main(["draft", "src-a", "--content", str(content), "--out", str(tmp_path / "d"), "--coverage"]) == 0
    out, err = capsys.readouterr()
    lines = [line for line in (out + err).splitlines() if "hand-made claims" in line]
    assert len(lines) == 1 and lines[0] in out.splitlines()
    with pytest.raises(SystemExit):
        main(["draft", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "count as not alike" in help_text
    assert "not correctness" in help_text and "claimant" in help_text and "figure" in help_text


# -- the held-out measure ----------------------------------------------------------


def test_the_held_out_table_in_docs_is_the_one_the_eval_computes():
    doc = (ROOT / "docs" / "draft.md").read_text(encoding="utf-8")
    result = draft_eval.evaluate()
    assert len(result.articles) >= 3
    assert draft_eval.replace_table(doc, draft_eval.table(result)) == doc, \
        "docs/draft.md is stale: run python -m bench.draft_eval --write docs/draft.md"
    assert draft_eval.main(["--check", str(ROOT / "docs" / "draft.md")]) == 0


def test_the_eval_counts_a_drafted_headline_and_a_wrong_claimant(tmp_path):
    for name in ("entities.yaml",):
        (tmp_path / name).write_text((draft_eval.DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a.txt").write_text("Reuters says two missiles hit\nKostin said two missiles hit Kyiv.\n",
                                    encoding="utf-8")
    (tmp_path / "a.yaml").write_text('outlet: "reuters"\npublished: "2024-02-07"\n', encoding="utf-8")
    (tmp_path / "a.expected.yaml").write_text(
        'claims:\n  - sentence: "Kostin said"\n    claimant: reuters\n'
        '    figures: [{value: 2, unit: missiles}]\n', encoding="utf-8")
    t = draft_eval.evaluate(tmp_path).tallies
    assert (t["sentences"].tp, t["sentences"].predicted) == (1, 1)  # the headline is not drafted
    assert (t["claimant"].tp, t["claimant"].expected) == (0, 1)  # Kostin, not the expected Reuters
    assert (t["figure"].tp, t["figure"].predicted, t["figure"].expected) == (1, 1, 1)


def test_the_drafts_of_the_held_out_articles_are_valid_claim_records():
    import yaml

    from generator import quotes
    from generator.authoring.draft import draft_text

    matcher, kinds = draft_eval.matcher_and_kinds(draft_eval.DATA / "entities.yaml")
    checked = 0
    for text_path in sorted(draft_eval.DATA.glob("*.txt")):
        meta = yaml.safe_load(text_path.with_suffix(".yaml").read_text(encoding="utf-8"))
        text = text_path.read_text(encoding="utf-8")
        c = Context(text_path.stem, text, meta["published"], matcher, kinds, meta["outlet"], meta["language"])
        for d in drafts(c):
            claim = Claim.model_validate(yaml.safe_load(draft_text(c, d)))
            assert quotes.find(claim.citations[0].quote, quotes.normalise(text)) is None
            checked += 1
    assert checked >= 30


def test_a_hostile_snapshot_costs_in_proportion_to_its_length():
    """Bounded by construction: a sentence over MAX_SENTENCE is not read, a sentence's look-backs
    read a window, at most MAX_NUMBERS numbers and MAX_VERBS verbs are read in one sentence.
    The alarm is only a hang guard, far above the time this takes."""
    import signal

    from generator.authoring import draft as d

    assert figures("1 " * 500 + "missiles.", []).__len__() <= d.MAX_NUMBERS
    runs = ["1 ", "Budanov said ", "according to ", "\u201cA. \u201d B said. ", "KYIV ", "on 7/2/2024 and ",
            "Budanov, head of it, said two of five missiles, ", "about 1,500 KN-23 of 5 "]
    text = "".join(("Reuters " + (r * (1900 // len(r))).strip() + ".\n") * 4 for r in runs)
    text += "word " * 5000 + ".\n"  # one sentence over the cap
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("draft hangs")))
    signal.alarm(300)
    try:
        found = drafts(ctx(text))
    finally:
        signal.alarm(0)
    assert found and all(len(x.quote) <= d.MAX_SENTENCE for x in found)


def test_the_verb_reads_numeric_dates_by_the_sources_language(make_content, tmp_path, capsys):
    import hashlib

    import yaml

    snapshot = "Kyrylo Budanov said on 7/2/2025 that North Korea has huge stockpiles.\n"
    for language, made_ in (("en-US", "2025-07-02"), ("en-GB", "2025-02-07")):
        content = make_content({
            "sources/src-a.txt": snapshot,
            "sources/src-a.yaml": f"""
                kind: "article"
                title: "An article"
                publisher: "outlet"
                url: "https://example.org/a"
                published: "2025-07-12"
                language: "{language}"
                sha256: "{hashlib.sha256(snapshot.encode()).hexdigest()}"
                reliability: "B"
            """})
        out = tmp_path / language
        main(["draft", "src-a", "--content", str(content), "--out", str(out)])
        (draft,) = sorted((out / "src-a").glob("*.yaml"))
        assert yaml.safe_load(draft.read_text(encoding="utf-8"))["made"] == made_
