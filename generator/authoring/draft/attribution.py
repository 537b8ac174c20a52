"""Draft: who asserts a sentence, through which channel, and when it was said."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...mentions import Mention
from .sentences import (MAX_VERBS, _WINDOW)
from .dates import (FoundDate, Unread, dates_in)


# -- attribution ---------------------------------------------------------------

_VERBS = (
    r"said|says|say|saying|told|tells|tell|believes?|believed|claim(?:s|ed|ing)?|"
    r"not(?:ed|es|ing)|reveal(?:s|ed|ing)?|report(?:s|ed|ing)?|stat(?:es|ed|ing)|add(?:s|ed|ing)|"
    r"emphasi[sz](?:es|ed|ing|e)|stress(?:es|ed|ing)|warn(?:s|ed|ing)?|assess(?:es|ed)|"
    r"estimat(?:es|ed)|insist(?:s|ed)|argu(?:es|ed)|announc(?:es|ed)|confirm(?:s|ed)|"
    r"den(?:ies|ied)|suggest(?:s|ed|ing)|mention(?:s|ed|ing)|analy[sz](?:es|ed|e)|"
    r"mock(?:s|ed|ing)|accus(?:es|ed)|allege[sd]?|admit(?:s|ted)|describ(?:es|ed)|wrote|writes|"
    r"quoted|reaffirm(?:s|ed)|acknowledg(?:es|ed)|explain(?:s|ed)"
)
_VERB_RE = re.compile(rf"(?<!\w)(?:{_VERBS})(?!\w)", re.IGNORECASE)
# Forms that are nouns as often as verbs: a verb only before "that", a comma, a colon or the end.
_NOUN_TOO = {"reports", "claims", "notes", "states", "estimates", "warns", "claim", "report", "note",
             "estimate", "reporting", "claiming"}
_PASSIVE_RE = re.compile(r"(?:\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?)$", re.IGNORECASE)
_NOUN_BEFORE_RE = re.compile(
    r"(?:^|\s)(?:the|a|an|these|those|this|that|his|her|their|its|our|such|on|of|for|about|"
    r"[\w]+['\u2019]s)\s+$", re.IGNORECASE)
_NOT_SUBJECT = {"it", "they", "this", "that", "these", "those", "which", "who", "he", "she", "we", "i",
                "there", "have", "has", "had", "is", "are", "was", "were", "be", "been", "will", "would",
                "can", "could", "may", "might", "also", "and", "but", "or", "then", "however", "as", "while"}
_BETWEEN_SUBJECT_AND_VERB_RE = re.compile(
    r"^(?:\s*,[^,;\u201c\u201d\"]{1,90},)?\s*,?\s*(?:(?:has|have|had|also|previously|earlier|later|then|was|"
    r"were|is|are|further|again|on\s+\w+|in\s+a\s+\w+|quoted\s+as|as|had)\s+)*$", re.IGNORECASE)
_PREPOSITION_BEFORE_RE = re.compile(
    r"(?:^|\s)(?:to|of|for|with|from|by|at|in|on|about|against|than)\s+"
    r"(?:(?:President|Prime|Minister|Defen[cs]e|Foreign|General|Gen\.|Lt\.|Col\.|Mr\.|Ms\.|Dr\.|leader|the)\s+)*$")
_SUBORDINATE_RE = re.compile(r"\s*(?:While|Although|Though|Whereas|Even though|After|Before|If|Because|Unless)\b"
                             r"[^,;]*,")
_PRONOUN_RE = re.compile(r"(?<!\w)(?:he|she)(?!\w)", re.IGNORECASE)
_REPORTEDLY_RE = re.compile(r"\b(?:reportedly|is reported to|are reported to|was reported to|were reported to|"
                            r"is said to|are said to|was said to|were said to|allegedly)\b", re.IGNORECASE)
_CITING_RE = re.compile(r"(?<!\w)citing\s+", re.IGNORECASE)
_ACCORDING_RE = re.compile(r"(?<!\w)according\s+to\s+", re.IGNORECASE)
_NON_AGENT_RE = re.compile(r"^(?:the\s+)?(?:preliminary\s+|initial\s+|latest\s+|official\s+)*"
                           r"(?:data|information|estimates?|figures|statistics|reports?|results|findings)\b",
                           re.IGNORECASE)


@dataclass(frozen=True)
class Claimant:
    actor: str | None = None
    vague: str | None = None
    how: str = ""
    outlet: str | None = None  # the outlet that reported while citing the claimant ("Reuters reported, citing X")


@dataclass(frozen=True)
class Cue:
    """Where a sentence attributes what it says: the words ("said", "according to") and their span."""

    text: str
    start: int
    end: int

    def group(self) -> str:  # as re.Match, for callers that print the verb
        return self.text


def claimant(sentence: str, mentions: list[Mention], kinds: dict[str, str],
             previous: str | None) -> tuple[Claimant, Cue | None]:
    """Who the sentence says asserts it, and the words of attribution it turned on."""
    actors = [m for m in mentions if m.kind == "actor"]
    outside = _mask_quotations(sentence)
    for reader in (_citing, _according_to, _reporting_verbs):
        who, cue = reader(outside, actors, kinds, previous)
        if cue is not None:
            return who, cue
    return Claimant(), None


def _mask_quotations(sentence: str) -> str:
    """The sentence with what stands inside quotation marks blanked: an "according to" in a
    quotation is the speaker's, not the attribution of the sentence."""
    out = re.sub(r"\u201c[^\u201c\u201d]*\u201d|\u00ab[^\u00ab\u00bb]*\u00bb",
                 lambda m: m.group()[0] + "_" * (len(m.group()) - 2) + m.group()[-1], sentence)
    return re.sub(r'"[^"]*"', lambda m: '"' + "_" * (len(m.group()) - 2) + '"', out)


def _citing(sentence: str, actors: list[Mention], kinds: dict[str, str], previous: str | None):
    m = _CITING_RE.search(sentence)
    if not m:
        return Claimant(), None
    cited = _actor_or_phrase(sentence, m.end(), actors, kinds)
    if cited is None:
        return Claimant(), None
    who, verb = _reporting_verbs(sentence[:m.start()], actors, kinds, previous)
    outlet = who.actor if who.actor and kinds.get(who.actor) == "media-outlet" else None
    # "Reuters reported on May 7, citing X": the report's verb dates it
    cue = verb if outlet and verb is not None else Cue(m.group().strip(), m.start(), m.end())
    return replace_how(cited, f'{cited.how} after "citing"', outlet), cue


def _according_to(sentence: str, actors: list[Mention], kinds: dict[str, str], previous: str | None):
    for m in _ACCORDING_RE.finditer(sentence):
        if _NON_AGENT_RE.match(sentence[m.end():]):
            continue  # "according to preliminary data": no one
        after = _actor_or_phrase(sentence, m.end(), actors, kinds)
        if after is None:
            continue
        cue = Cue(m.group().strip(), m.start(), m.end())
        if after.actor and kinds.get(after.actor) == "media-outlet":
            # "Shin said, according to Yonhap": Shin, through Yonhap; else the outlet asserts it
            who, verb = _reporting_verbs(sentence[:m.start()], actors, kinds, previous)
            if verb is not None and (who.actor or who.vague) and who.actor != after.actor:
                return replace_how(who, who.how, after.actor), verb
        return replace_how(after, f'{after.how} after "according to"'), cue
    return Claimant(), None


def _reporting_verbs(sentence: str, actors: list[Mention], kinds: dict[str, str], previous: str | None):
    first = None
    verbs = list(_VERB_RE.finditer(sentence))[:MAX_VERBS]
    opening = _SUBORDINATE_RE.match(sentence)
    if opening:  # "While the Air Force reported ..., the governor said": the main clause first
        verbs.sort(key=lambda v: v.start() < opening.end())
    for verb in verbs:
        if not _is_verb(sentence, verb, actors):
            continue
        cue = Cue(verb.group(), verb.start(), verb.end())
        first = first or cue
        who = _subject(sentence, cue, actors, kinds, previous)
        if who.actor or who.vague:
            return who, cue
    return Claimant(), first


def _is_verb(sentence: str, verb: re.Match, actors: list[Mention]) -> bool:
    if any(m.start <= verb.start() < m.end for m in actors):
        return False  # "States" in "United States"
    before = sentence[max(0, verb.start() - _WINDOW):verb.start()]
    word = verb.group().lower()
    if word in ("believed", "said", "reported", "estimated", "alleged", "claimed") and _PASSIVE_RE.search(before):
        return False  # "is believed to have", "is said to": no one is named as saying it
    if word in _NOUN_TOO and not re.match(r"\s*(?:that\b|,|:|$|\u201c|\")", sentence[verb.end():]):
        return False  # "their initial reports on", "the claims"
    if _NOUN_BEFORE_RE.search(before) and word not in ("said", "told"):
        return False  # "on claims that", "the reports"
    return True


def _subject(sentence: str, verb: Cue, actors: list[Mention], kinds: dict[str, str], previous: str | None
             ) -> Claimant:
    """The subject of a reporting verb: before it ("X said"), or after it ("..., said X")."""
    before = sentence[:verb.start]
    clause_start = max([before.rfind(c) for c in ";\u201c\u201d\""] + [-1]) + 1
    for m in reversed([m for m in actors if clause_start <= m.start and m.end <= verb.start]):
        between = sentence[m.end:verb.start]
        if re.match(r"['\u2019]s\b", between):
            break  # "Ukraine's military said": the military, not Ukraine
        if not _BETWEEN_SUBJECT_AND_VERB_RE.match(between):
            continue
        if _PREPOSITION_BEFORE_RE.search(sentence[max(0, m.start - _WINDOW):m.start]):
            # "Budanov, head of Ukraine's intelligence, said": Budanov, if he stands before;
            # "A senior adviser to President Zelenskiy said": the adviser, unnamed
            continue
        return Claimant(m.id, how=f'"{m.text}" before "{verb.text}"')
    inverted = re.search(r"[,\u201d\"]\s*$", before)
    if inverted:
        after = _actor_or_phrase(sentence, verb.end, actors, kinds)
        if after is not None:
            return replace_how(after, f'{after.how} after "{verb.text}"')
    subject = _subject_phrase(sentence, verb.start)
    if _PRONOUN_RE.fullmatch(subject) and previous:
        return Claimant(previous, how=f'"{subject}" before "{verb.text}": the previous claimant')
    if _noun_phrase(subject):
        start = sentence.rfind(subject, 0, verb.start)
        body = _body_of(sentence, start, start + len(subject), actors, kinds)
        return Claimant(body, subject, f'the unnamed subject of "{verb.text}"'
                        + (", of the body it names" if body else ""))
    return Claimant()


def _subject_phrase(sentence: str, end: int) -> str:
    start = max([sentence.rfind(c, 0, end) for c in ",;:\u201c\u201d\""] + [-1]) + 1
    words = sentence[start:end].split()
    while words and words[0].lower() in ("and", "but", "however", "so", "yet", "then", "also", "while"):
        words.pop(0)
    while words and (words[-1].lower() in ("has", "have", "had", "also", "previously", "earlier", "later",
                                           "further", "again", "then", "was", "were", "is", "are")
                     or words[-1].lower().endswith("ly")):
        words.pop()
    return " ".join(words)


def _actor_or_phrase(sentence: str, at: int, actors: list[Mention], kinds: dict[str, str]) -> Claimant | None:
    """The actor named at `at` ("the", "a" and a few words of title aside), or the noun phrase there."""
    rest = sentence[at:at + 300]  # a claimant's name and title are short: bounded work
    lead = re.match(r"\s*(?:the\s+|a\s+|an\s+)?", rest, re.IGNORECASE).end()
    if re.match(r"(?:in|on|at|to|with|that|from|for|by|of|about|after|before|during|it|this)\b", rest[lead:],
                re.IGNORECASE):
        return None  # "revealed in an interview with Bloomberg": no subject after the verb
    phrase = _PHRASE_RE.match(rest[lead:])
    words = phrase.group(1).strip() if phrase else ""
    start = at + lead
    for m in actors:
        if not start <= m.start <= start + max(len(words), 1) or not _heads(sentence[start:m.start]):
            continue
        if re.match(r"['\u2019]s\s+(?!report|statement|data)", sentence[m.end:]):
            continue  # "Ukraine's military": the military; "Ukraine's Prosecutor General's Office": the office
        return Claimant(m.id, how=f'"{m.text}"')
    words = words.rstrip(". ")
    if words and words.split()[0].lower() not in _NOT_SUBJECT and not _NON_AGENT_RE.match(words):
        phrase = (rest[:lead] + words).strip()
        body = _body_of(sentence, at, at + lead + len(words), actors, kinds)
        return Claimant(body, phrase, f'"{phrase}"' + (", of the body it names" if body else ""))
    return None


# The kinds of actor an unnamed person can speak for: "a spokesperson for the Foreign Ministry".
_BODY_KINDS = {"government-agency", "armed-forces", "military-unit", "international-organisation", "group"}


def _body_of(sentence: str, start: int, end: int, actors: list[Mention], kinds: dict[str, str]) -> str | None:
    """The body an unnamed claimant belongs to, where the phrase names one after of/for/at/from/in."""
    for m in actors:
        if start <= m.start and m.end <= end and kinds.get(m.id) in _BODY_KINDS and re.search(
                r"\b(?:of|for|at|from|in|with)\s+(?:the\s+)?$", sentence[max(start, m.start - 20):m.start]):
            return m.id
    return None


_PHRASE_RE = re.compile(
    r"([\w\-\u2019'.]+(?:\s+[\w\-\u2019'.]+){0,7}?)(?=$|[,;:()\u201c\u201d\"]|\.\s|\.$|\s+(?:that|who|which|as|"
    r"on|in|at|when|while|and|but|report|reports|said|issued|published|released|seen|viewed)\b)")


def _heads(before: str) -> bool:
    """Whether a name after `before` is what the phrase names: nothing, a few words of title ("Ukraine's
    top prosecutor", "a U.N. sanctions committee"), or a break ("the office, ...") stands before it."""
    return len(before.split()) <= 4 or not before.strip()[-1:].isalpha()


def replace_how(who: Claimant, how: str, outlet: str | None = None) -> Claimant:
    return Claimant(who.actor, who.vague, how, outlet or who.outlet)


def _noun_phrase(subject: str) -> bool:
    """Whether the words before a reporting verb read as its unnamed subject ("Security experts")."""
    words = subject.split()
    if not words:
        return False
    led = words[0][:1].isupper() or (len(words) >= 2 and words[0] in ("the", "a", "an"))  # ", the official said"
    return (1 <= len(words) <= 10 and led and words[0].lower() not in _NOT_SUBJECT
            and not any(w.lower() in ("is", "are", "was", "were", "has", "have", "had") for w in words))


def _bare_quotation(sentence: str) -> bool:
    s = sentence.strip()
    return len(s) > 2 and s[0] in "\"\u201c" and s.rstrip(".")[-1] in "\"\u201d"


# -- the channel ---------------------------------------------------------------

_INTERVIEW_RE = re.compile(r"\binterview(?:ed)?\b(?:\s+(?:with|to|published\s+(?:in|by)|given\s+to|aired\s+on|"
                           r"broadcast\s+(?:on|by)|on))?|\bwritten\s+answers\s+to\b|\bquestions\s+from\b|"
                           r"\bon\s+(?:the\s+)?air\s+(?:on|of)\b|\bspeaking\s+(?:to|with)\b|\bin\s+comments\s+to\b",
                           re.IGNORECASE)
_SOCIAL_RE = re.compile(r"\b(?:on|in\s+a\s+post\s+on|wrote\s+on|posted\s+on|via)\s+(?:his\s+|her\s+|its\s+|their\s+)?"
                        r"(?:Facebook|Telegram|Twitter|X|Instagram|YouTube|TikTok|Weibo|VK)\b")
_BRIEFING_RE = re.compile(r"\b(?:told\s+(?:reporters|journalists|media|the\s+media|a\s+(?:news\s+)?briefing|"
                          r"a\s+news\s+conference|a\s+press\s+conference)|(?:at|during|in)\s+a\s+(?:news\s+|press\s+)?"
                          r"(?:briefing|press\s+conference|news\s+conference))\b", re.IGNORECASE)
_STATEMENT_RE = re.compile(r"\bin\s+a\s+(?:written\s+)?statement\b", re.IGNORECASE)
_VIEWED_BY_RE = re.compile(r"\b(?:seen|viewed|obtained|reviewed)\s+by\s+", re.IGNORECASE)


def channel(sentence: str, mentions: list[Mention], who: Claimant, cue: Cue | None,
            kinds: dict[str, str]) -> dict[str, str] | None:
    """How the claimant's words reached the outlet: the outlet told or interviewed, the outlet that
    reported citing the claimant, a post, a briefing, a statement. Never the publisher for being it."""
    if cue is None or not (who.actor or who.vague):
        return None
    outlets = [m for m in mentions if m.kind == "actor" and kinds.get(m.id) == "media-outlet"
               and m.id != who.actor]
    if who.outlet:
        return {"actor": who.outlet, "kind": "report"}
    if cue.text.lower() in ("told", "tells", "tell"):
        right_after = [m for m in outlets if 0 <= m.start - cue.end <= 5]
        if right_after:
            return {"actor": right_after[0].id, "kind": "interview"}
    interview = _INTERVIEW_RE.search(sentence)
    if interview:
        near = [m for m in outlets if 0 <= m.start - interview.end() <= 30]
        if near:
            return {"actor": near[0].id, "kind": "interview"}
    viewed = _VIEWED_BY_RE.search(sentence)
    if viewed:
        near = [m for m in outlets if 0 <= m.start - viewed.end() <= 5]
        if near:
            return {"actor": near[0].id, "kind": "report"}
    if _SOCIAL_RE.search(sentence):
        return {"kind": "social-media"}
    if _BRIEFING_RE.search(sentence):
        return {"kind": "press-conference"}
    if _STATEMENT_RE.search(sentence):
        return {"kind": "statement"}
    if interview:
        return {"kind": "interview"}
    return None


# -- when it was said, when it happened ----------------------------------------


def made(sentence: str, published: str | None, language: str | None = None) -> tuple[str, str] | None:
    """(EDTF date, reasoning) where the sentence dates what was said."""
    said = _made_and_event(sentence, _VERB_RE.search(sentence), published, language)[0]
    return None if isinstance(said, Unread) else said


def _made_and_event(sentence: str, cue: Cue | re.Match | None, published: str | None, language: str | None):
    """The date that goes with the reporting verb (made), and the first other date (the event's)."""
    found, unread = dates_in(sentence, published, language)
    said: FoundDate | Unread | None = None
    if cue is not None:
        c_start, c_end = (cue.start, cue.end) if isinstance(cue, Cue) else cue.span()
        said = next((d for d in sorted([*found, *unread], key=lambda d: d.start)
                     if _goes_with_verb(sentence, d.start, d.end, c_start, c_end)), None)
    others = [d for d in found if d is not said]
    if isinstance(said, Unread):
        return said, others, [u for u in unread if u is not said]
    return ((said.edtf, said.reasoning) if said else None), others, unread


# Between a reporting verb and a date, what starts the clause said ("said it happened on", "said that"):
# the date is then the event's. "published", "issued", "released" still go with the saying.
_CLAUSE_BETWEEN_RE = re.compile(
    r"\b(?:that|which|who|when|after|before|was|were|is|are|had|has|have|will|would|could|it|they|he|she|we)\b|"
    r"[\u201c\"]|\b(?!(?:published|released|issued|posted|aired|broadcast|quoted)\b)[a-z]{3,}ed\b")


def _goes_with_verb(sentence: str, start: int, end: int, c_start: int, c_end: int) -> bool:
    """A date that dates the saying: just after the verb ("said on Friday"), or opening the
    sentence before it ("On 3 June he said"), with no "that" (what was said) between."""
    between = sentence[c_end:start]
    if start >= c_end:
        return len(between.split()) <= 12 and not _CLAUSE_BETWEEN_RE.search(between)
    return (not re.search(r"[.;:\u201c\u201d\"]|\bthat\b", sentence[end:c_start])
            and re.fullmatch(r"\s*(?:On|on|In|in|By|by)?\s*", sentence[:start]) is not None)
