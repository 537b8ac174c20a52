"""A source's snapshot -> proposed claim records (drafts), and their coverage.

A sentence is proposed as a claim when it attributes something to someone (a
reporting verb: said, told, according to, believes, ...), carries a figure (a
percentage or a count), or relates entities of the report (it names a weapon,
or two entities or more): the outlets' own assertions ("North Korea's supply
of weapons to Russia violates ...") are claims too. Each draft quotes its
sentence verbatim, so it passes the quote check; names the claimant where a
simple reading of the sentence can tell (the person before the verb, the actor
after "according to", "he" or "she" for the previous sentence's person, the
unnamed subject as a vague claimant: "Security experts", else the source's
publisher, for its own assertions); lists the weapons, actors and places
it mentions through every alias (see mentions.py); and dates the claim where
the sentence does ("on July 11", "on Saturday" in an article of a Saturday).
Drafts are proposals for an analyst: status reported, credibility 6 (cannot
be judged), assessment TODO. Nothing here does I/O.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from . import quotes
from .dates import MONTHS
from .ingest import slug
from .mentions import Matcher, Mention, name_key
from .yamlwrite import Note, dump, modeline

_VERBS = (
    r"said|says|say|saying|told|tells|tell|according to|believes?|believed|claim(?:s|ed|ing)?|"
    r"not(?:ed|es|ing)|reveal(?:s|ed|ing)?|report(?:s|ed)|stat(?:es|ed|ing)|add(?:s|ed|ing)|"
    r"emphasi[sz](?:es|ed|ing|e)|stress(?:es|ed|ing)|warn(?:s|ed|ing)?|assess(?:es|ed)|"
    r"estimat(?:es|ed)|insist(?:s|ed)|argu(?:es|ed)|announc(?:es|ed)|confirm(?:s|ed)|"
    r"den(?:ies|ied)|suggest(?:s|ed|ing)|cit(?:es|ed)|mention(?:s|ed|ing)|analy[sz](?:es|ed|e)|"
    r"mock(?:s|ed|ing)|accus(?:es|ed)|allege[sd]?|admit(?:s|ted)|describ(?:es|ed)"
)
_VERB_RE = re.compile(rf"(?<!\w)(?:{_VERBS})(?!\w)", re.IGNORECASE)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE_MASK_RE = re.compile(
    rf"\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:+\-Z]+)?|\d{{1,2}}\s+{_MONTH},?(?:\s+\d{{4}})?|"
    rf"{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}:\d{{2}}|(?<!\d)(?:1[89]|20)\d{{2}}(?!\d)")
_PERCENT_RE = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
_COUNT_RE = re.compile(r"(?<![\w.,/])(\d+(?:[.,]\d+)*)\s+([a-z][a-z\-]+)")
_QUALIFIERS = (
    ("up-to", r"(?:as much as|up to|as many as)\s*$"),
    ("at-least", r"(?:at least|more than|over|over the)\s*$"),
    ("about", r"(?:about|approximately|around|some|nearly|almost|roughly|an estimated)\s*$"),
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ON_DATE_RE = re.compile(
    rf"\b[Oo]n\s+(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH}))"
    r"(?:,?\s+(?P<y>\d{4}))?")
_ON_WEEKDAY_RE = re.compile(r"\b[Oo]n\s+(?P<w>" + "|".join(w.title() for w in _WEEKDAYS) + r")\b")
_LEAD_RE = re.compile(r"\s*(?:(?:and|but|however|so|yet|then|also)\s+)*", re.IGNORECASE)
_NOUN_BEFORE_RE = re.compile(
    r"(?:^|\s)(?:the|a|an|these|those|this|that|his|her|their|its|our|such|on|of|for|about|"
    r"[\w]+['\u2019]s)\s+$", re.IGNORECASE)
_NOT_SUBJECT = {"it", "they", "this", "that", "these", "those", "which", "who", "he", "she", "we", "i",
                "there", "have", "has", "had", "is", "are", "was", "were", "be", "been", "will", "would",
                "can", "could", "may", "might", "also", "and", "but", "or", "then", "however"}
_SUBJECT_START_RE = re.compile(r"\s*(?:[Tt]he\s+)?")
_PRONOUN_RE = re.compile(r"(?<!\w)(?:he|she)(?!\w)", re.IGNORECASE)
_OPEN_QUOTES, _CLOSE_QUOTES = "\u201c\u00ab", "\u201d\u00bb"
_BOUNDARY_RE = re.compile(r"[.!?][\"\u201d\u2019')\]]*\s+(?=[\"\u201c\u2018(\[]?[A-Z0-9])")
_ABBREVIATIONS = ("U.S", "U.K", "U.N", "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "St", "No", "vs",
                  "e.g", "i.e", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
                  "Nov", "Dec", "Prof", "Sen", "Rep", "Gov", "Maj", "Sgt", "Capt")


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: int  # 1-based, counting non-empty lines
    line: int  # 1-based line of the snapshot


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


# -- sentences -----------------------------------------------------------------


def sentences(text: str) -> list[Sentence]:
    """The sentences of a snapshot, paragraph by paragraph (a paragraph is a line)."""
    out = []
    paragraph = 0
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        paragraph += 1
        for part in _split(line):
            if part.strip():
                out.append(Sentence(part.strip(), paragraph, line_no))
    return out


def _split(line: str) -> list[str]:
    parts, start = [], 0
    for m in _BOUNDARY_RE.finditer(line):
        head = line[start:m.end()]
        if _inside_quote(head) or _ends_with_abbreviation(line[:m.start()]):
            continue
        parts.append(line[start:m.end()])
        start = m.end()
    parts.append(line[start:])
    return parts


def _inside_quote(text: str) -> bool:
    opened = sum(text.count(c) for c in _OPEN_QUOTES) - sum(text.count(c) for c in _CLOSE_QUOTES)
    return opened > 0 or text.count('"') % 2 == 1


def _ends_with_abbreviation(text: str) -> bool:
    word = re.search(r"(?:^|\s|\()([\w.]+)$", text)
    return bool(word) and (word.group(1) in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1)) is not None)


# -- what a sentence says ------------------------------------------------------


def figures(text: str, mentions: list[Mention]) -> list[tuple[float, str, str]]:
    """(value, unit, qualifier) for each figure; dates, years and names (Type 75) are not figures."""
    masked = _mask(text, [(m.start, m.end) for m in mentions])
    masked = _DATE_MASK_RE.sub(lambda m: " " * len(m.group()), masked)
    found = []
    taken: list[tuple[int, int]] = []
    for m in _PERCENT_RE.finditer(masked):
        found.append((m.start(), _number(m.group(1)), "percent", _qualifier(masked[:m.start()])))
        taken.append(m.span())
    for m in _COUNT_RE.finditer(masked):
        if any(a <= m.start() < b for a, b in taken):
            continue
        found.append((m.start(), _number(m.group(1)), m.group(2), _qualifier(masked[:m.start()])))
    return [(v, u, q) for _, v, u, q in sorted(found)]


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _number(text: str) -> float:
    text = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", text) else text.replace(",", ".")
    return float(text)


def _qualifier(before: str) -> str:
    for key, pattern in _QUALIFIERS:
        if re.search(pattern, before, re.IGNORECASE):
            return key
    return "exactly"


@dataclass(frozen=True)
class Claimant:
    actor: str | None = None
    vague: str | None = None
    how: str = ""


def claimant(sentence: str, mentions: list[Mention], kinds: dict[str, str],
             previous: str | None) -> tuple[Claimant, re.Match | None]:
    """Who the sentence says asserts it, and the reporting verb it turned on."""
    actors = [m for m in mentions if m.kind == "actor"]
    first_verb = None
    for verb in _VERB_RE.finditer(sentence):
        if any(m.start <= verb.start() < m.end for m in mentions):
            continue  # "States" in "United States"
        if _NOUN_BEFORE_RE.search(sentence[:verb.start()]):
            continue  # "claims" in "on claims that", "reports" in "the reports"
        first_verb = first_verb or verb
        if verb.group().lower() == "according to":
            after = [m for m in actors if verb.end() <= m.start <= verb.end() + 40]
            if after:
                return Claimant(after[0].id, how=f'"{after[0].text}" after "according to"'), verb
            continue
        before = [m for m in actors if m.end <= verb.start()]
        people = [m for m in before if kinds.get(m.id) == "person"]
        if people:
            return Claimant(people[-1].id, how=f'"{people[-1].text}" before "{verb.group()}"'), verb
        opening = [m for m in before if _SUBJECT_START_RE.fullmatch(sentence[:m.start])]
        if opening:
            return Claimant(opening[0].id, how=f'"{opening[0].text}" opens the sentence'), verb
        subject_start = max((sentence.rfind(c, 0, verb.start()) for c in ",;:\u201c\u201d\""), default=-1) + 1
        subject_start = _LEAD_RE.match(sentence, subject_start).end()
        subject = sentence[subject_start:verb.start()].strip()
        if _PRONOUN_RE.fullmatch(subject) and previous:
            return Claimant(previous, how=f'"{subject}" before "{verb.group()}": the previous claimant'), verb
        the = re.match(r"(?i)the\s+", subject)
        opens = [m for m in before if m.start == subject_start + (the.end() if the else 0)]
        if opens:
            return Claimant(opens[0].id, how=f'"{opens[0].text}" before "{verb.group()}"'), verb
        if _noun_phrase(subject):
            return Claimant(vague=subject, how=f'the unnamed subject of "{verb.group()}"'), verb
    return Claimant(), first_verb


def _noun_phrase(subject: str) -> bool:
    """Whether the words before a reporting verb read as its unnamed subject ("Security experts")."""
    words = subject.split()
    return (1 <= len(words) <= 10 and words[0][:1].isupper() and words[0].lower() not in _NOT_SUBJECT
            and not any(w.lower() in ("is", "are", "was", "were", "has", "have", "had") for w in words))


def made(sentence: str, published: str | None) -> tuple[str, str] | None:
    """(EDTF date, reasoning) where the sentence dates what was said."""
    pub = _published_day(published)
    m = _ON_DATE_RE.search(sentence)
    if m:
        month = _month(m["m1"] or m["m2"])
        day = int(m["d1"] or m["d2"])
        year = int(m["y"]) if m["y"] else (pub.year if pub else None)
        if year is None:
            return None
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            return None
        reason = f'"{m.group().strip()}"' + ("" if m["y"] else f", in an article published in {year}")
        return date.isoformat(), reason
    w = _ON_WEEKDAY_RE.search(sentence)
    if w and pub:
        back = (pub.weekday() - _WEEKDAYS.index(w["w"].lower())) % 7
        date = pub - datetime.timedelta(days=back)
        return date.isoformat(), (f'"{w.group()}" in an article published on '
                                  f'{_WEEKDAYS[pub.weekday()].title()} {pub.day} {MONTHS[pub.month - 1]} {pub.year}')
    return None


def _month(text: str) -> int:
    return [m[:3].lower() for m in MONTHS].index(text[:3].lower()) + 1


def _published_day(published: str | None) -> datetime.date | None:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published or "")
    return datetime.date(int(m[1]), int(m[2]), int(m[3])) if m else None


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


def drafts(ctx: Context) -> list[Draft]:
    """Every sentence of the snapshot that attributes something or carries a figure."""
    snapshot = quotes.normalise(ctx.snapshot)
    out: list[Draft] = []
    previous: str | None = None
    for sentence in sentences(ctx.snapshot):
        mentions = ctx.matcher.find(sentence.text)
        who, verb = claimant(sentence.text, mentions, ctx.actor_kinds, previous)
        if not (who.actor or who.vague) and ctx.publisher:
            who = Claimant(ctx.publisher, how="no one else is named as saying it: the outlet's own assertion")
        numbers = figures(sentence.text, mentions)
        related = _relates(mentions)
        if verb is None and not numbers and not related:
            continue
        if quotes.find(sentence.text, snapshot) is not None:  # pragma: no cover - a sentence is a substring
            continue
        why = ([f"attribution: {verb.group()}"] if verb else []) + \
              [f"figure: {v:g} {u}" for v, u, _ in numbers] + \
              ([f"names {related}"] if related and verb is None and not numbers else [])
        draft = Draft(len(out) + 1, sentence, why, claimant=who.actor)
        draft.fields = _fields(ctx, sentence, mentions, who, verb, numbers)
        out.append(draft)
        if who.actor and ctx.actor_kinds.get(who.actor) == "person":
            previous = who.actor
    return out


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
            verb: re.Match | None, numbers: list[tuple[float, str, str]]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "statement": Note(sentence.text, "TODO: rewrite as one plain sentence in your own words"),
    }
    if who.actor:
        fields["claimant"] = Note(who.actor, f"TODO: check: {who.how}")
    elif who.vague:
        fields["claimant_vague"] = Note(who.vague, f"TODO: check: {who.how}")
    else:
        fields["claimant"] = Note(None, "TODO: who asserts it (an actor id), or claimant_vague:", commented=True)
    via = _via(sentence.text, mentions, who, verb, ctx.actor_kinds)
    if via:
        fields["via"] = via
    date = made(sentence.text, ctx.published)
    if date:
        fields["made"] = date[0]
        fields["made_reasoning"] = date[1]
    elif _ON_DATE_RE.search(sentence.text):
        fields["made"] = Note(None, f'TODO: "{_ON_DATE_RE.search(sentence.text).group()}": the source gives '
                                    "no year", commented=True)
    elif ctx.published:
        fields["made"] = Note(ctx.published[:10], "TODO: the source's date; when was it said?", commented=True)
    exclude = {who.actor, via["actor"] if via else None}
    for kind, name in (("weapon", "weapons"), ("actor", "actors"), ("place", "places")):
        ids = [i for i in dict.fromkeys(m.id for m in mentions if m.kind == kind) if i not in exclude]
        if ids:
            fields[name] = ids
    if numbers:
        fields["quantities"] = [{"value": v, "unit": u, "qualifier": q} for v, u, q in numbers]
    fields["status"] = "reported"
    fields["credibility"] = 6
    fields["assessment"] = Note("TODO", "TODO: the analyst's assessment")
    fields["citations"] = [{"source": ctx.source_id, "quote": sentence.text,
                            "location": f"paragraph {sentence.paragraph}"}]
    return fields


def _via(text: str, mentions: list[Mention], who: Claimant, verb: re.Match | None,
         actor_kinds: dict[str, str]) -> dict[str, str] | None:
    """An interview: the claimant told an outlet, or spoke in an interview with it."""
    if not who.actor or actor_kinds.get(who.actor) != "person":
        return None
    told = verb is not None and verb.group().lower() in ("told", "tells", "tell")
    if not (told or re.search(r"\binterview\b", text, re.IGNORECASE)):
        return None
    outlets = [m.id for m in mentions if m.kind == "actor" and actor_kinds.get(m.id) == "media-outlet"
               and m.id != who.actor]
    return {"actor": outlets[0], "kind": "interview"} if outlets else None


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
class Coverage:
    source_id: str
    covered: tuple[str, ...]  # hand-made claim ids
    missed: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.missed)

    @property
    def share(self) -> float:
        return len(self.covered) / self.total if self.total else 1.0

    def line(self) -> str:
        return (f"{self.source_id}: drafts cover {len(self.covered)} of {self.total} hand-made claims "
                f"citing it ({self.share:.0%})")


def coverage(source_id: str, snapshot: str, found: list[Draft], claims: dict[str, Any]) -> Coverage:
    """Which hand-made claims citing `source_id` some draft's quote overlaps."""
    normalised = quotes.normalise(snapshot)
    draft_spans = [spans(d.quote, normalised) for d in found]
    covered, missed = [], []
    for claim_id, claim in sorted(claims.items()):
        cited = [spans(c.quote, normalised) for c in claim.citations if c.source == source_id]
        if not cited:
            continue
        hit = any(overlaps(c, d) for c in cited for d in draft_spans)
        (covered if hit else missed).append(claim_id)
    return Coverage(source_id, tuple(covered), tuple(missed))
