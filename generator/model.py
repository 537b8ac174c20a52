"""The record types: the one definition of what a record may say.

Pydantic models here check the shape and the vocabulary of each record; the
JSON Schema of each kind is generated from them (`python -m generator schema`).
Checks that need more than one record (references, quotes, snapshots) live in
`validate.py`. Nothing here does I/O.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from . import dates, unicode_rules, vocab

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 64
TEXT_MAX = 2_000
LONG_TEXT_MAX = 20_000
LIST_MAX = 500

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_WIKIDATA_RE = re.compile(r"^Q[1-9][0-9]*$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value is the id of a record of `kind`."""

    kind: str


def _plain_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty", "is empty")
    bad = _CONTROL_RE.search(value)
    if bad:
        raise PydanticCustomError(
            "control_character",
            "holds the control character U+{code}; plain text may hold only printable "
            "characters, tabs and line breaks",
            {"code": f"{ord(bad.group()):04X}"},
        )
    return value


def _name_text(value: str) -> str:
    bad = unicode_rules.name_problem(value)
    if bad:
        raise PydanticCustomError(
            "invisible_character",
            "holds the invisible character {char}: names, aliases and authors are compared, "
            "indexed and linked, and an invisible character makes two of them differ unseen "
            "or reorders what is shown (docs/unicode.md); delete it",
            {"char": bad},
        )
    return value


def _edtf(value: str) -> str:
    # The subset of EDTF records use is checked here rather than with the edtf
    # package's parser, which costs ~11 ms a date (minutes at 10,000 claims);
    # tests/load/test_dates.py checks that both agree on this subset.
    bad = dates.problem(value)
    if bad:
        raise PydanticCustomError("invalid_date", "{problem}", {"problem": bad})
    return value


# Records date what was said, happened or was published: a year outside these is a typo
# (0225, 2205). The newest date also dates the build (verbs/site.py), and gzip's header and
# 32-bit clocks end in February 2106; years below 1000 would need a fifth digit's worth of care
# in every ISO date the site and the PDF write.
YEAR_MIN, YEAR_MAX = dates.YEAR_MIN, dates.YEAR_MAX


def real_date(value: str) -> bool:
    """Whether a string of the EDTF subset names a real day, month and time."""
    return dates.problem(value) is None


def _url(value: str) -> str:
    """An http or https address with a host: written out in full, as a person reads it."""
    from urllib.parse import urlsplit

    hidden = next((c for c in value if unicodedata.category(c)[0] in "CZ" and c != " "), None)
    if hidden is not None:
        name = unicodedata.name(hidden, "a control character")
        raise _bad_url("a web address may hold only visible characters; it holds U+{code} ({name})",
                       code=f"{ord(hidden):04X}", name=name)
    if " " in value:
        raise _bad_url("a web address may not hold white space")
    value_shown = value[:200]  # printable from here on: shown in the message as it is
    scheme = value.partition(":")[0]
    if scheme.lower() in ("http", "https") and scheme not in ("http", "https"):
        raise _bad_url("'{value}': write the scheme in lowercase ({fixed})", value=value_shown,
                       fixed=scheme.lower() + value[len(scheme):][:200])
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as e:
        reason = ("its host has an unclosed '[' or ']' (an IPv6 address is written in brackets: https://[::1]/)"
                  if "IPv6" in str(e) else "its port must be a number from 1 to 65535")
        raise _bad_url("'{value}' is not a web address: {reason}", value=value_shown, reason=reason) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or not value.startswith(parts.scheme + "://"):
        raise _bad_url("'{value}' is not a web address: only http:// or https:// addresses with a host are allowed",
                       value=value_shown)
    if "@" in parts.netloc:
        raise _bad_url("'{value}' holds a user name or password before '@': give the address without them",
                       value=value_shown)
    if port == 0:
        raise _bad_url("'{value}' is not a web address: its port must be a number from 1 to 65535",
                       value=value_shown)
    return value


def _bad_url(message: str, **context: object) -> PydanticCustomError:
    return PydanticCustomError("invalid_url", message, context)


def _language(value: str) -> str:
    """A BCP 47 language tag (en, ko, en-GB, zh-Hant-TW), with its subtags in the registry, in
    the registry's case: a tag is compared as it is written (the PDF's hyphenation, the exports)."""
    if not _valid_language(value):
        raise PydanticCustomError(
            "invalid_language",
            "'{value}' is not a BCP 47 language tag: write one such as en, ko, uk, en-GB or zh-Hant",
            {"value": value[:80]})
    cased = _language_case(value)
    if value != cased:
        raise PydanticCustomError("invalid_language", "'{value}': write the language tag as '{cased}'",
                                  {"value": value, "cased": cased})
    return value


@functools.lru_cache(maxsize=256)
def _valid_language(value: str) -> bool:
    import langcodes

    # langcodes also takes en_GB, which is no BCP 47 tag.
    return value.isascii() and "_" not in value and value == value.strip() and langcodes.tag_is_valid(value)


def _language_case(tag: str) -> str:
    """RFC 5646 section 2.1.1: language lowercase, script titlecase, region uppercase, the rest
    lowercase; after a singleton (x-, u-, ...) everything lowercase."""
    out: list[str] = []
    singleton = False
    for i, sub in enumerate(tag.split("-")):
        if i == 0 or singleton:
            out.append(sub.lower())
        elif len(sub) == 1:
            singleton = True
            out.append(sub.lower())
        elif len(sub) == 4 and sub.isalpha():
            out.append(sub.title())
        elif len(sub) == 2 and sub.isalpha():
            out.append(sub.upper())
        else:
            out.append(sub.lower())
        singleton = singleton or (i == 0 and len(sub) == 1)
    return "-".join(out)


def _id_list(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise PydanticCustomError("duplicate_item", "'{v}' is listed twice", {"v": v})
        seen.add(v)
    return values


Text = Annotated[
    str, StringConstraints(max_length=TEXT_MAX), AfterValidator(_plain_text),
    Field(description="Plain text; never read as Markdown, HTML or a template."),
]
Name = Annotated[
    str, StringConstraints(max_length=TEXT_MAX), AfterValidator(_plain_text), AfterValidator(_name_text),
    Field(description="Plain text naming something; no invisible characters (docs/unicode.md)."),
]
LongText = Annotated[
    str, StringConstraints(max_length=LONG_TEXT_MAX), AfterValidator(_plain_text),
    Field(description="Plain text, may span several lines."),
]
Date = Annotated[
    str, AfterValidator(_edtf),
    Field(
        description="An EDTF date at the precision the source gives: " + dates.RULE + ".",
        pattern=dates.PATTERN,
        examples=["2025-07-11", "2025-06", "2025~", "2024-02-07T14:30", "2024-10/2024-12", "2024-10/.."],
    ),
]
Url = Annotated[
    str, StringConstraints(max_length=TEXT_MAX), AfterValidator(_url),
    Field(description="An http or https address with a host."),
]
Language = Annotated[
    str, StringConstraints(max_length=64), AfterValidator(_language),
    Field(description="A BCP 47 language tag: en, ko, uk, en-GB, zh-Hant.", examples=["en", "ko", "en-GB"]),
]
Sha256 = Annotated[str, StringConstraints(pattern=_SHA256_RE.pattern)]
WikidataId = Annotated[str, StringConstraints(pattern=_WIKIDATA_RE.pattern)]
Tag = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX)]


def _ref(kind: str) -> object:
    return Annotated[
        str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX), Ref(kind),
        Field(description=f"The id of a {kind} record (its file name without .yaml)."),
    ]


ActorRef = _ref("actor")
WeaponRef = _ref("weapon")
SourceRef = _ref("source")
ClaimRef = _ref("claim")


def _refs(kind: str) -> object:
    return Annotated[
        list[_ref(kind)], Field(max_length=LIST_MAX), AfterValidator(_id_list)
    ]


def _lit(v: vocab.Vocabulary) -> object:
    return Annotated[
        Literal[v.keys()],
        Field(description=f"One of the terms of the vocabulary '{v.title}'."),
    ]


Credibility = Annotated[
    Literal[tuple(int(k) for k in vocab.CREDIBILITY.keys())],
    Field(description="The Admiralty grade of the information, 1 (confirmed) to 6 (cannot be judged)."),
]
Aliases = Annotated[list[Name], Field(max_length=LIST_MAX), AfterValidator(_id_list)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Quantity(Record):
    """A figure in a claim: 40 percent of Russia's ammunition; 2 of 5 missiles; 10 to 12 launchers."""

    value: float = Field(description="The number as the source gives it; a range's lower end.")
    upper: Optional[float] = Field(None, description="A range's upper end: 'between 10 and 12' is value 10, upper 12.")
    unit: Text = Field(description="What the number counts or measures: percent, rounds, launchers.")
    qualifier: _lit(vocab.QUALIFIER) = "exactly"
    of: Optional[Text] = Field(None, description="What the figure is a share or count of.")
    total: Optional[float] = Field(
        None, description="The whole the figure counts a part of: 'two of five missiles' is value 2, total 5.")
    as_of: Optional[Date] = Field(
        None, description="When the figure stood so, for a count that grows (the injured on the day, the next day).")

    @model_validator(mode="after")
    def _ordered(self) -> "Quantity":
        if self.upper is not None and self.upper < self.value:
            raise PydanticCustomError("bad_range", "a range's 'upper' ({upper}) is below its 'value' ({value})",
                                      {"upper": f"{self.upper:g}", "value": f"{self.value:g}"})
        if self.total is not None and self.total < self.value:
            raise PydanticCustomError("bad_range", "'total' ({total}) is below the part it holds ({value})",
                                      {"total": f"{self.total:g}", "value": f"{self.value:g}"})
        return self


class Hop(Record):
    """One step by which the claimant's words reached the source: told Bloomberg in an interview;
    Yonhap citing RBC-Ukraine."""

    actor: Optional[ActorRef] = Field(None, description="Who the words went to or through at this step.")
    kind: _lit(vocab.CHANNEL)
    note: Optional[Text] = None


Chain = Annotated[list[Hop], Field(max_length=16)]


class Translation(Record):
    """An English (or the report's language) rendering of a quote in another language."""

    text: LongText = Field(description="The translation, in the report's language.")
    by: _lit(vocab.TRANSLATED_BY)
    translator: Optional[Name] = Field(None, description="Who translated it, where by is 'translator'.")
    note: Optional[Text] = None


class Happened(Record):
    """When and where the asserted thing happened, as this claim says."""

    date: Optional[Date] = None
    date_reasoning: Optional[Text] = Field(
        None, description="How a relative date ('last month') was resolved.")
    places: _refs("place") = []


class Citation(Record):
    """A source that carries the claim, with its words."""

    source: SourceRef
    quote: LongText = Field(description="The source's words, verbatim; ... joins fragments in order.")
    language: Optional[Language] = Field(
        None, description="The quote's language, where it is not the source's.")
    translation: Optional[Translation] = Field(
        None, description="The quote in the report's language; needed where the quote is in another.")
    via: Chain = Field([], description="The outlets between the claim's 'via' and this source, in order.")
    location: Optional[Text] = Field(None, description="Where in the source: a paragraph, a timestamp.")
    made: Optional[Date] = Field(None, description="When this source says the claim was made, where it differs.")
    event_date: Optional[Date] = Field(None, description="When this source says the event happened, where it differs.")
    quantities: Annotated[list[Quantity], Field(max_length=LIST_MAX)] = Field(
        [], description="The figures as this source gives them, where they differ.")
    note: Optional[Text] = Field(None, description="How this source's version differs from the others.")


class Related(Record):
    claim: ClaimRef
    relation: _lit(vocab.RELATION)
    note: Optional[Text] = None


class Report(Record):
    """The report as a whole: `content/report.yaml`."""

    title: Text
    subtitle: Optional[Text] = None
    authors: Annotated[list[Name], Field(min_length=1, max_length=LIST_MAX)]
    licence: Text
    summary: LongText
    site_url: Url
    language: Language = "en"
    key_findings: _refs("claim") = []


class Source(Record):
    """One publication something was learned from; its snapshot is `<id>.txt` beside it."""

    kind: _lit(vocab.SOURCE_KIND)
    title: Text
    title_supplied: bool = Field(False, description="True where the original has no title and this one is descriptive.")
    publisher: ActorRef
    authors: Annotated[list[Name], Field(max_length=LIST_MAX)] = []
    url: Optional[Url] = None
    language: Language = "en"
    published: Optional[Date] = None
    updated: Optional[Date] = None
    accessed: Optional[Date] = None
    archive_url: Optional[Url] = None
    sha256: Sha256 = Field(description="The sha256 of the snapshot file, in lowercase hex.")
    reliability: _lit(vocab.RELIABILITY)
    reliability_note: Optional[Text] = None
    unknown: dict[
        Literal["url", "published", "accessed", "authors", "archive_url", "title"], Text
    ] = Field({}, description="Metadata the captured text does not give, each with why it is missing.")
    notes: Optional[LongText] = None


class Claim(Record):
    """One assertion, by one claimant, that can be true or false."""

    statement: Text
    claimant: Optional[ActorRef] = Field(None, description="Who asserts it.")
    claimant_vague: Optional[Text] = Field(
        None, description="An unnamed claimant as the source puts it ('security experts'); with 'claimant', "
        "an unnamed person of that body ('an official').")
    modality: _lit(vocab.MODALITY) = "asserted"
    via: Chain = Field([], description="How the words reached the public, from the claimant outward.")
    made: Optional[Date] = Field(None, description="When the claimant said it.")
    made_reasoning: Optional[Text] = None
    event: Optional[Happened] = None
    events: _refs("event") = Field([], description="The events (content/events/) the claim describes.")
    weapons: _refs("weapon") = []
    actors: _refs("actor") = []
    places: _refs("place") = []
    tags: Annotated[list[Tag], Field(max_length=LIST_MAX), AfterValidator(_id_list)] = []
    quantities: Annotated[list[Quantity], Field(max_length=LIST_MAX)] = []
    status: _lit(vocab.CLAIM_STATUS)
    credibility: Credibility
    assessment: LongText
    citations: Annotated[list[Citation], Field(min_length=1, max_length=LIST_MAX)]
    related: Annotated[list[Related], Field(max_length=LIST_MAX)] = []


class Weapon(Record):
    """A weapon system, munition or family."""

    name: Name
    aliases: Aliases = []
    category: _lit(vocab.WEAPON_CATEGORY)
    category_note: Optional[Text] = Field(None, description="What it is, where the category is 'other'.")
    origin: Optional[ActorRef] = Field(None, description="The state that makes it.")
    calibre: Optional[Text] = None
    variant_of: Optional[WeaponRef] = None
    description: LongText
    wikidata: Optional[WikidataId] = None


class Coordinates(Record):
    """Where a place is (WGS84 degrees), how closely and how that was found."""

    lat: float = Field(ge=-90, le=90, description="Degrees north of the equator; south is negative.")
    lon: float = Field(ge=-180, le=180, description="Degrees east of Greenwich; west is negative.")
    precision: Optional[_lit(vocab.COORDINATE_PRECISION)] = Field(
        None, description="The area the point stands for; without one, the place's kind says (a front line: region).")
    method: _lit(vocab.COORDINATE_METHOD) = "approximate"
    reasoning: Optional[Text] = Field(
        None, description="Where they come from: the gazetteer's entry, or how the footage was geolocated.")


class Actor(Record):
    """A person, organisation, state, military unit or media outlet."""

    name: Name
    aliases: Aliases = []
    kind: _lit(vocab.ACTOR_KIND)
    role: Optional[Text] = None
    country: Optional[ActorRef] = Field(None, description="The state it belongs to (an actor of kind state).")
    parent: Optional[ActorRef] = Field(None, description="The body it is part of.")
    description: Optional[LongText] = None
    wikidata: Optional[WikidataId] = None


class Place(Record):
    name: Name
    aliases: Aliases = []
    kind: _lit(vocab.PLACE_KIND)
    country: Optional[ActorRef] = None
    region: Optional[Text] = None
    within: Optional[_ref("place")] = Field(None, description="The place it lies in: Kharkiv within Kharkiv Oblast.")
    coordinates: Optional[Coordinates] = None
    description: Optional[LongText] = None
    wikidata: Optional[WikidataId] = None

    @property
    def precision(self) -> str | None:
        """How closely the coordinates place it: as recorded, else as its kind says; None without them."""
        if self.coordinates is None:
            return None
        return self.coordinates.precision or vocab.PRECISION_OF_PLACE_KIND[self.kind]


class EventRecord(Record):
    """A thing that happened, which several claims may describe: a strike, a delivery, an interview."""

    name: Name
    kind: _lit(vocab.EVENT_KIND)
    date: Optional[Date] = Field(None, description="When it happened, as the analysts date it.")
    date_reasoning: Optional[Text] = None
    places: _refs("place") = []
    description: Optional[LongText] = None


@dataclass(frozen=True)
class Kind:
    """A kind of record and where its files live."""

    name: str
    folder: str  # below content/; "" for the report itself
    model: type[Record]


KINDS: tuple[Kind, ...] = (
    Kind("report", "", Report),
    Kind("source", "sources", Source),
    Kind("claim", "claims", Claim),
    Kind("weapon", "weapons", Weapon),
    Kind("actor", "actors", Actor),
    Kind("place", "places", Place),
    Kind("event", "events", EventRecord),
)
KIND_BY_NAME = {k.name: k for k in KINDS}
