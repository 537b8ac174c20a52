"""A source's snapshot -> proposed claim records (drafts), and their coverage.

A sentence is proposed as a claim when it attributes something to someone (a
reporting verb: said, told, according to, citing, believes, ...), carries a
figure, or relates entities of the report (it names a weapon, or two entities
or more). Headlines, datelines, bylines, credit lines and photo captions are
never proposed: a paragraph that does not end as a sentence ends is a
headline or a label; a leading "KYIV, Feb 7 (Reuters) -" is cut off.

Each draft quotes its sentence verbatim, so it passes the quote check, and
proposes, where a simple reading of the sentence can tell:
- the claimant: the subject of the reporting verb ("X said", "said X",
  "according to X", "X told Y", "citing X"), "he"/"she" for the previous
  person, the previous speaker for a bare quotation, an unnamed subject as a
  vague claimant ("Security experts"); the outlet only where no one else is
  said to assert it ("reportedly" is not the outlet's own assertion);
- the channel (`via`, one hop): the outlet the claimant spoke to ("told Bloomberg",
  "in an interview with Bloomberg"), the outlet that reported while citing
  the claimant, a post ("said on Facebook"), a briefing ("told reporters");
  never the publisher for being the publisher;
- the figures with their noun phrase ("two of the five missiles", "40 percent
  of the ammunition"), never numbers inside names (S-300, KN-23, Type 75);
- the dates, in the common numeric forms and in words (see `dates_in`):
  `made` where the date goes with the reporting verb, else `event.date`;
- the weapons, actors and places it names through every alias (mentions.py).

Drafts are proposals for an analyst: status reported, credibility 6 (cannot
be judged), assessment TODO. Nothing here does I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ... import quotes
from ..ingest import slug
from ...mentions import Matcher, Mention, name_key
from ..yamlwrite import Note, dump, modeline
from .sentences import MAX_NUMBERS, MAX_SENTENCE, MAX_VERBS, Sentence, furniture, sentences
from .dates import FoundDate, Unread, dates_in
from .figures import Figure, figures
from .attribution import (Claimant, Cue, _REPORTEDLY_RE, _bare_quotation, _made_and_event, channel, claimant, made,
                          replace_how)


__all__ = ["Claimant", "Context", "Draft", "Figure", "FoundDate", "ITEMS", "MAX_NUMBERS", "MAX_SENTENCE", "MAX_VERBS", "Sentence", "agree", "channel", "claimant", "coverage", "dates_in", "draft_text", "drafts", "figures", "furniture", "items", "made", "sentences"]


# -- drafts --------------------------------------------------------------------


@dataclass
class Context:
    """What drafting needs from content/: the source and the entities to match."""

    source_id: str
    snapshot: str
    published: str | None
    matcher: Matcher
    actor_kinds: dict[str, str]  # actor id -> its kind (person, media-outlet, ...)
    publisher: str | None = None  # the source's publisher: the claimant of its own assertions
    language: str | None = None  # the source's language tag (en-US reads 7/2/2024 month first)


@dataclass
class Draft:
    number: int
    sentence: Sentence
    why: list[str]  # "attribution: said", "figure: 40 percent"
    fields: dict[str, Any] = field(default_factory=dict)
    claimant: str | None = None  # the actor id, for the next sentence's "he"

    @property
    def quote(self) -> str:
        return self.sentence.text

    def file_name(self) -> str:
        return f"{self.number:02d}-{slug(self.sentence.text, 48) or 'claim'}.yaml"


_GOES_ON = {"added", "adds", "continued", "continues"}  # "Kostin added": on in the same interview


def drafts(ctx: Context) -> list[Draft]:
    """Every sentence of the snapshot's prose that attributes something, carries a figure or relates entities."""
    out: list[Draft] = []
    person: str | None = None  # the last person who spoke, for "he said"
    speaker: Claimant | None = None  # the last claimant, for a bare quotation
    last: dict[Any, Draft] = {}  # the last draft of each claimant: "He added" goes on in the same interview
    for sentence in sentences(ctx.snapshot):
        mentions = ctx.matcher.find(sentence.text)
        who, cue = claimant(sentence.text, mentions, ctx.actor_kinds, person)
        goes_on = who.how.endswith("the previous claimant") or (
            cue is not None and cue.text.lower() in _GOES_ON and out != [] and out[-1].claimant == who.actor)
        if cue is None and speaker and _bare_quotation(sentence.text):
            who, goes_on = replace_how(speaker, "a bare quotation: the previous speaker goes on"), True
        elif not (who.actor or who.vague) and cue is None:
            who = _unattributed(sentence.text, ctx.publisher)
        numbers = figures(sentence.text, mentions)
        related = _relates(mentions)
        if cue is None and not numbers and not related and not _bare_quotation(sentence.text):
            continue
        why = ([f"attribution: {cue.text}"] if cue else []) + \
              [f"figure: {f.value:g} {f.unit or '?'}" for f in numbers] + \
              ([f"names {related}"] if related and cue is None and not numbers else [])
        draft = Draft(len(out) + 1, sentence, why or ["a quotation"], claimant=who.actor)
        draft.fields = _fields(ctx, sentence, mentions, who, cue, numbers)
        before = last.get(who.actor or who.vague)
        if goes_on and before is not None:
            _go_on(draft.fields, before)
        out.append(draft)
        last[who.actor or who.vague] = draft
        if who.actor and ctx.actor_kinds.get(who.actor) == "person":
            person = who.actor
        if cue is not None and (who.actor or who.vague):
            speaker = who
    return out


def _go_on(fields: dict[str, Any], before: Draft) -> None:
    """A claimant who goes on ("He added", a further quotation) speaks through the same channel and,
    unless the sentence says otherwise, on the same day as in the sentence before."""
    n = before.number
    if "via" not in fields and "via" in before.fields:
        fields["via"] = before.fields["via"]
    made_before = before.fields.get("made")
    if isinstance(fields.get("made"), Note) and fields["made"].commented and not isinstance(made_before, Note):
        fields["made"] = made_before
        fields["made_reasoning"] = f"as in draft {n}, which the sentence goes on from"
    in_order = {key: fields.pop(key) for key in _FIELD_ORDER if key in fields}
    rest = dict(fields)
    fields.clear()
    fields.update(in_order | rest)


# The order a draft's fields are written in, as a hand-made claim has them.
_FIELD_ORDER = ("statement", "claimant", "claimant_vague", "via", "made", "made_reasoning", "event", "weapons",
                "actors", "places", "quantities", "status", "credibility", "assessment", "citations")


def _unattributed(sentence: str, publisher: str | None) -> Claimant:
    """A sentence no one is named as saying: "reportedly" hands it to unnamed reports, else the outlet says it."""
    hedge = _REPORTEDLY_RE.search(sentence)
    if hedge:
        return Claimant(vague="unnamed reports", how=f'"{hedge.group()}": the outlet passes on what others report')
    if publisher:
        return Claimant(publisher, how="no one else is named as saying it: the outlet's own assertion")
    return Claimant()


def _relates(mentions: list[Mention]) -> str:
    """What makes a sentence without a reporting verb or a figure a claim: it names a
    weapon, or two entities or more ("North Korea's supply of weapons to Russia ...")."""
    weapons = [m.text for m in mentions if m.kind == "weapon"]
    if weapons:
        return f'the weapon "{weapons[0]}"'
    names = list(dict.fromkeys(name_key(m.text) for m in mentions))
    if len(names) >= 2:
        texts = list(dict.fromkeys(m.text for m in mentions))
        return f'"{texts[0]}" and "{texts[1]}"'
    return ""


def _fields(ctx: Context, sentence: Sentence, mentions: list[Mention], who: Claimant,
            cue: Cue | None, numbers: list[Figure]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "statement": Note(sentence.text, "TODO: rewrite as one plain sentence in your own words"),
    }
    if who.actor:
        fields["claimant"] = Note(who.actor, f"TODO: check: {who.how}")
    if who.vague:  # with an actor too: an unnamed person of that body
        fields["claimant_vague"] = Note(who.vague, f"TODO: check: {who.how}")
    if who.actor or who.vague:
        pass
    elif cue is not None:  # attributed, but to no one read: not the outlet's own assertion
        fields["claimant_vague"] = Note("unnamed", f'TODO: "{cue.text}", but its subject was not read: '
                                                   "who asserts it? (an actor id as claimant:, or the wording)")
    else:
        fields["claimant"] = Note(None, "TODO: who asserts it (no one named): an actor id, or claimant_vague:",
                                  commented=True)
    via = channel(sentence.text, mentions, who, cue, ctx.actor_kinds)
    if via:
        fields["via"] = [via]
    said, others, unread = _made_and_event(sentence.text, cue, ctx.published, ctx.language)
    if isinstance(said, Unread):
        fields["made"] = Note(None, f'TODO: "{said.text}": {said.why}', commented=True)
    elif said:
        fields["made"], fields["made_reasoning"] = said
    elif ctx.published:
        fields["made"] = Note(None, f"TODO: the source's date is {ctx.published[:10]}; when was it said?",
                              commented=True)
    if others:
        event: dict[str, Any] = {"date": others[0].edtf, "date_reasoning": others[0].reasoning}
        if len(others) > 1:
            event["date_reasoning"] += "; the sentence also gives " + ", ".join(d.edtf for d in others[1:])
        fields["event"] = event
    for u in unread:
        fields.setdefault("event", {})
        if "date" not in fields["event"]:
            fields["event"]["date"] = Note(None, f'TODO: "{u.text}": {u.why}', commented=True)
    exclude = {who.actor, via.get("actor") if via else None}
    for kind, name in (("weapon", "weapons"), ("actor", "actors"), ("place", "places")):
        ids = [i for i in dict.fromkeys(m.id for m in mentions if m.kind == kind) if i not in exclude]
        if ids:
            fields[name] = ids
    if numbers:
        fields["quantities"] = [_quantity(f) for f in numbers]
    fields["status"] = "reported"
    fields["credibility"] = 6
    fields["assessment"] = Note("TODO", "TODO: the analyst's assessment")
    fields["citations"] = [{"source": ctx.source_id, "quote": sentence.text,
                            "location": f"paragraph {sentence.paragraph}"}]
    return fields


def _whole(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x  # 5000000, not 5e+06, in the YAML


def _quantity(f: Figure) -> dict[str, Any]:
    q: dict[str, Any] = {"value": _whole(f.value),
                         "unit": f.unit if f.unit else Note("TODO", "TODO: what does the figure count?"),
                         "qualifier": f.qualifier}
    for key in ("total", "upper", "of"):
        if getattr(f, key) is not None:
            q[key] = _whole(getattr(f, key)) if key != "of" else f.of
    return q


def draft_text(ctx: Context, draft: Draft) -> str:
    """The text of one draft file."""
    header = (
        f"# Draft {draft.number} from sources/{ctx.source_id}.txt (paragraph {draft.sentence.paragraph}, "
        f"line {draft.sentence.line}), by `python -m generator draft`.\n"
        f"# Proposed for: {'; '.join(draft.why)}.\n"
        "# A proposal, not a finding: rewrite the statement, check the claimant and the entities,\n"
        "# write the assessment, then move it to content/claims/<id>.yaml.\n"
    )
    return modeline("claim") + header + dump(draft.fields)


# -- comparing a draft with a record ---------------------------------------------

ITEMS = ("claimant", "via", "figure", "date", "weapon")


@dataclass(frozen=True)
class Vague:
    """A vague claimant; two agree when one wording holds the other (case and a leading article aside)."""

    words: str

    @classmethod
    def of(cls, text: str) -> "Vague":
        return cls(re.sub(r"^(?:the|a|an)\s+", "", " ".join(str(text).split()).casefold()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vague) and (self.words in other.words or other.words in self.words)

    def __hash__(self) -> int:
        return 0  # equality is containment, so every Vague shares a hash


def unit_key(unit: Any) -> str:
    """A unit by its last word, singular: "artillery shells" and "shells" agree, "missile" and "missiles"."""
    last = " ".join(str(unit).split()).casefold().split(" ")[-1]
    return last[:-1] if last.endswith("s") and len(last) > 3 else last


def _plain(v: Any) -> Any:
    if isinstance(v, Note):
        return None if v.commented else v.value
    return v


def items(record: dict[str, Any]) -> dict[str, list]:
    """What a claim (a draft's fields, or a record as a mapping) says, item by item, for comparing:
    the claimant, the first hop's actor, (value, unit) per figure, its dates, its weapons."""
    f = {k: _plain(v) for k, v in record.items()}
    out: dict[str, list] = {name: [] for name in ITEMS}
    if f.get("claimant") and f.get("claimant_vague"):  # an unnamed person of a named body
        out["claimant"] = [("actor", f["claimant"], Vague.of(f["claimant_vague"]))]
    elif f.get("claimant"):
        out["claimant"] = [("actor", f["claimant"])]
    elif f.get("claimant_vague"):
        out["claimant"] = [Vague.of(f["claimant_vague"])]
    via = f.get("via")
    hops = via if isinstance(via, list) else [via] if via else []
    out["via"] = [_plain(h.get("actor")) for h in hops[:1] if _plain(h.get("actor"))]
    out["figure"] = [(float(_plain(q["value"])), unit_key(_plain(q["unit"])))
                     for q in f.get("quantities") or []]
    event = f.get("event") or {}
    out["date"] = [str(d) for d in dict.fromkeys([f.get("made"), _plain(event.get("date"))]) if d]
    out["weapon"] = list(f.get("weapons") or [])
    return out


def agree(got: list, want: list) -> int:
    """How many items of `got` stand in `want`, each item of `want` counted once."""
    rest, hits = list(want), 0
    for item in got:
        if item in rest:
            rest.remove(item)
            hits += 1
    return hits


# -- coverage ------------------------------------------------------------------


def spans(quote: str, snapshot: quotes.Normalised) -> list[tuple[int, int]]:
    """Where each fragment of `quote` stands in the normalised snapshot, in order."""
    out, start = [], 0
    for frag in quotes.fragments(quote):
        at = snapshot.text.find(frag, start)
        if at < 0:
            break
        out.append((at, at + len(frag)))
        start = at + len(frag)
    return out


def overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]], least: int = 20) -> bool:
    """Whether two sets of spans share at least `least` characters (or all of the shorter one)."""
    for a0, a1 in a:
        for b0, b1 in b:
            shared = min(a1, b1) - max(a0, b0)
            if shared > 0 and shared >= min(least, a1 - a0, b1 - b0):
                return True
    return False


@dataclass(frozen=True)
class ClaimCoverage:
    claim_id: str
    draft: int | None  # the number of the draft that quotes the same passage, or None
    agreed: dict[str, tuple[int, int]]  # item -> (the claim's items the draft has, the claim's items)

    def disagreements(self) -> list[str]:
        return [name for name, (hit, total) in self.agreed.items() if hit < total]


@dataclass(frozen=True)
class Coverage:
    source_id: str
    claims: tuple[ClaimCoverage, ...]

    @property
    def found(self) -> tuple[ClaimCoverage, ...]:
        return tuple(c for c in self.claims if c.draft is not None)

    @property
    def missed(self) -> tuple[str, ...]:
        return tuple(c.claim_id for c in self.claims if c.draft is None)

    @property
    def covered(self) -> tuple[str, ...]:
        return tuple(c.claim_id for c in self.found)

    @property
    def total(self) -> int:
        return len(self.claims)

    def agreement(self, name: str) -> tuple[int, int]:
        """(items of the hand-made claims the drafts give alike, their items), found or not."""
        pairs = [c.agreed[name] for c in self.claims]
        return sum(h for h, _ in pairs), sum(t for _, t in pairs)

    def line(self) -> str:
        parts = []
        for name in ITEMS:
            hit, total = self.agreement(name)
            if total:
                parts.append(f"{name} {hit}/{total}")
        right = sum(self.agreement(n)[0] for n in ITEMS)
        total = sum(self.agreement(n)[1] for n in ITEMS)
        share = f"{right / total:.0%}" if total else "n/a"
        return (f"{self.source_id}: drafts cover {len(self.found)} of {self.total} hand-made claims citing it; "
                f"their fields agree {right} of {total} ({share}): {', '.join(parts) or 'no fields'}")


def coverage(source_id: str, snapshot: str, found: list[Draft], claims: dict[str, Any]) -> Coverage:
    """For each hand-made claim citing `source_id`: the draft that quotes the same passage, and
    whether that draft's claimant, channel, figures, dates and weapons agree with the claim's."""
    normalised = quotes.normalise(snapshot)
    draft_spans = [(d, spans(d.quote, normalised)) for d in found]
    out = []
    for claim_id, claim in sorted(claims.items()):
        cited = [spans(c.quote, normalised) for c in claim.citations if c.source == source_id]
        if not cited:
            continue
        draft = next((d for d, s in draft_spans if any(overlaps(c, s) for c in cited)), None)
        want = items(claim.model_dump(exclude_none=True))
        got = items(draft.fields) if draft else {name: [] for name in ITEMS}
        out.append(ClaimCoverage(claim_id, draft.number if draft else None,
                                 {name: (agree(got[name], want[name]), len(want[name])) for name in ITEMS}))
    return Coverage(source_id, tuple(out))
