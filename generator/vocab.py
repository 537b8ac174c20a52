"""The controlled vocabularies: every term with its written definition.

This is the one place the terms are defined. The record model takes its
allowed values from here, the JSON Schema lists them as enums, and the
site and the PDF print the definitions.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    definition: str
    # Other words an author may write for it; `check` suggests the term for them (suggest.py).
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    name: str
    title: str
    intro: str
    terms: tuple[Term, ...]

    def keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.terms)

    def get(self, key: str) -> Term:
        for term in self.terms:
            if term.key == key:
                return term
        raise KeyError(key)

    def rank(self, key: str) -> int:
        return self.keys().index(key)


def _vocab(name: str, title: str, intro: str, *terms: tuple) -> Vocabulary:
    return Vocabulary(name, title, intro, tuple(Term(*t) for t in terms))


CLAIM_STATUS = _vocab(
    "claim-status",
    "Claim status",
    "Where the verification of a claim stands. The order runs from the weakest "
    "to the strongest support; disputed, refuted and retracted are outcomes of "
    "their own.",
    ("reported", "Reported",
     "Asserted by its claimant and carried by at least one source; not yet checked "
     "against independent evidence.",
     ("unverified", "alleged", "claimed")),
    ("corroborated", "Corroborated",
     "Supported by at least one source independent of the claimant, or by evidence "
     "consistent with it, without being fully confirmed."),
    ("confirmed", "Confirmed",
     "Established by independent, reliable evidence; the analysts consider it true."),
    ("disputed", "Disputed",
     "Contradicted by other credible sources or evidence; the disagreement is not resolved.",
     ("contested",)),
    ("refuted", "Refuted",
     "Shown to be false by reliable evidence.", ("false", "debunked")),
    ("retracted", "Retracted",
     "Withdrawn by its claimant or by the source that carried it.", ("withdrawn",)),
)

# How a status reads as a schema.org ClaimReview rating (1 false ... 5 true).
# A status missing here has no verdict, so its claim page carries no ClaimReview.
STATUS_REVIEW_RATING: dict[str, tuple[int, str]] = {
    "confirmed": (5, "True"),
    "corroborated": (4, "Mostly true"),
    "disputed": (2, "Disputed"),
    "refuted": (1, "False"),
}

CREDIBILITY = _vocab(
    "credibility",
    "Credibility of the information",
    "The analysts' grade of the information itself, on the NATO Admiralty scale "
    "(STANAG 2511), independent of who said it.",
    ("1", "1 - Confirmed by other sources",
     "Confirmed by other independent sources; logical in itself; consistent with "
     "other information on the subject."),
    ("2", "2 - Probably true",
     "Not confirmed; logical in itself; consistent with other information on the subject."),
    ("3", "3 - Possibly true",
     "Not confirmed; reasonably logical in itself; agrees with some other information."),
    ("4", "4 - Doubtful",
     "Not confirmed; possible but not logical; no other information on the subject."),
    ("5", "5 - Improbable",
     "Not confirmed; not logical in itself; contradicted by other information."),
    ("6", "6 - Truth cannot be judged",
     "No basis exists for evaluating the validity of the information."),
)

RELIABILITY = _vocab(
    "reliability",
    "Reliability of a source",
    "The analysts' grade of a source, on the NATO Admiralty scale (STANAG 2511), "
    "from its record, not from the claim at hand.",
    ("A", "A - Completely reliable",
     "No doubt of authenticity, trustworthiness or competency; a history of complete reliability."),
    ("B", "B - Usually reliable",
     "Minor doubt about authenticity, trustworthiness or competency; a history of "
     "valid information most of the time."),
    ("C", "C - Fairly reliable",
     "Doubt of authenticity, trustworthiness or competency, but has provided valid "
     "information in the past."),
    ("D", "D - Not usually reliable",
     "Significant doubt about authenticity, trustworthiness or competency, but has "
     "provided valid information in the past."),
    ("E", "E - Unreliable",
     "Lacking in authenticity, trustworthiness and competency; a history of invalid information."),
    ("F", "F - Reliability cannot be judged",
     "No basis exists for evaluating the reliability of the source."),
)

SOURCE_KIND = _vocab(
    "source-kind",
    "Kinds of source",
    "What a source is.",
    ("article", "News article", "A report published by a news outlet."),
    ("interview", "Interview", "A published interview, or an outlet's account of one."),
    ("official-statement", "Official statement",
     "A statement published by a government, an armed force or another official body."),
    ("social-media", "Social-media post", "A post on a social-media platform or messaging channel."),
    ("video", "Video", "A published video."),
    ("report", "Report", "A research, intelligence or institutional report."),
)

WEAPON_CATEGORY = _vocab(
    "weapon-category",
    "Weapon categories",
    "What kind of weapon, munition or family a weapon record describes.",
    ("ammunition", "Ammunition",
     "Munitions in general, of any calibre or kind, where the source does not say which."),
    ("artillery-ammunition", "Artillery ammunition",
     "Shells, charges and fuzes fired by guns, howitzers and mortars."),
    ("artillery-system", "Artillery system",
     "Guns, howitzers and mortars, towed or self-propelled, as a class or a model."),
    ("self-propelled-gun", "Self-propelled gun",
     "A gun or howitzer mounted on its own tracked or wheeled chassis."),
    ("multiple-rocket-launcher", "Multiple rocket launcher",
     "A launcher that fires unguided or guided artillery rockets in salvoes."),
    ("ballistic-missile", "Ballistic missile",
     "A missile that follows a ballistic trajectory after its boost phase."),
    ("cruise-missile", "Cruise missile", "A guided missile that flies a powered, aerodynamic path."),
    ("drone", "Drone", "An uncrewed aerial vehicle, for reconnaissance or attack."),
    ("artillery-rocket", "Artillery rocket",
     "Rockets fired by multiple rocket launchers, guided or unguided, as munitions."),
    ("air-defence-missile", "Air-defence missile",
     "A surface-to-air missile, or an air-defence system that fires one (S-300, Buk)."),
    ("anti-tank-missile", "Anti-tank missile", "A guided missile fired at armoured vehicles."),
    ("small-arms", "Small arms", "Rifles, machine guns and other individual or crew-served firearms."),
    ("armoured-vehicle", "Armoured vehicle", "Tanks, infantry fighting vehicles and armoured carriers."),
    ("other", "Other", "Anything else; the record's category_note says what it is."),
)

ACTOR_KIND = _vocab(
    "actor-kind",
    "Actor kinds",
    "What kind of person or body an actor record describes.",
    ("person", "Person", "A named individual."),
    ("state", "State", "A sovereign state, as a party to a conflict, a treaty or a transfer."),
    ("government-agency", "Government agency",
     "A ministry, intelligence service or other body of a state's government."),
    ("armed-forces", "Armed forces", "The armed forces of a state, or one of its services."),
    ("military-unit", "Military unit", "A brigade, regiment or other formation of armed forces."),
    ("media-outlet", "Media outlet", "A newspaper, news agency, broadcaster or online news service."),
    ("international-organisation", "International organisation",
     "A body whose members are states, such as the United Nations."),
    ("group", "Group",
     "An unnamed or collective group of people, such as experts or officials, "
     "where the source names no one."),
)

PLACE_KIND = _vocab(
    "place-kind",
    "Place kinds",
    "What kind of place a place record describes.",
    ("settlement", "Settlement", "A city, town or village."),
    ("district", "District", "An administrative district or the area around a settlement."),
    ("region", "Region", "A province, oblast or wider geographic region."),
    ("country", "Country", "A country's territory."),
    ("front", "Front line", "A stretch of front line or a battlefield area."),
)

COORDINATE_PRECISION = _vocab(
    "coordinate-precision",
    "Precision of coordinates",
    "How closely a place's coordinates pin it down: the size of the area the point stands for. "
    "Coordinates given without a precision take it from the place's kind (a front line: region).",
    ("exact", "Exact", "A spot known to within about a hundred metres: a building, a crater, a crossroads."),
    ("settlement", "Settlement", "The centre of a city, town or village; the thing itself may be anywhere in it."),
    ("district", "District", "The centre of a district, or of an area of some ten kilometres around a settlement."),
    ("region", "Region", "The centre of a province, an oblast or a wider region: a hundred kilometres or more."),
    ("country", "Country", "The centre of a country: the point says no more than which country."),
)

COORDINATE_METHOD = _vocab(
    "coordinate-method",
    "How coordinates were found",
    "Where a place's coordinates come from. Coordinates given without a method are approximate.",
    ("geolocated", "Geolocated",
     "Found by matching footage or imagery (photographs, video, satellite images) to the ground; "
     "the reasoning says how.", ("geolocation", "footage", "imagery")),
    ("gazetteer", "Gazetteer",
     "Taken from a gazetteer or an atlas (GeoNames, Wikidata, OpenStreetMap) for the named place.",
     ("atlas", "geonames", "wikidata", "openstreetmap")),
    ("approximate", "Approximate",
     "Estimated by the analysts, such as the middle of a region a source names without bounds.",
     ("estimated", "estimate", "guess")),
)

# A place's coordinates without a precision stand for the place as its kind says.
PRECISION_OF_PLACE_KIND: dict[str, str] = {
    "settlement": "settlement", "district": "district", "region": "region", "country": "country", "front": "region",
}

RELATION = _vocab(
    "relation",
    "Relations between claims",
    "How one claim bears on another. A relation is read from the claim that "
    "declares it: 'A qualifies B'.",
    ("supports", "supports", "Gives evidence or reasoning in favour of the other claim."),
    ("contradicts", "contradicts", "Cannot be true at the same time as the other claim."),
    ("qualifies", "qualifies",
     "Limits or conditions the other claim without contradicting it, such as an "
     "outlet saying it could not verify what it reports."),
    ("variant-of", "variant of",
     "The same assertion as the other claim, as another source words or reports it."),
    ("updates", "updates", "Replaces the other claim with newer information from the same claimant."),
)

# The inverse of a relation, as the other claim's page reads it.
RELATION_INVERSE_LABEL: dict[str, str] = {
    "supports": "supported by",
    "contradicts": "contradicted by",
    "qualifies": "qualified by",
    "variant-of": "variant of",
    "updates": "updated by",
}

CHANNEL = _vocab(
    "channel",
    "Channels",
    "How a claimant's words reached the public.",
    ("interview", "interview", "An interview given to an outlet or a person."),
    ("statement", "statement", "A statement, press release or announcement."),
    ("press-conference", "press conference", "Remarks made at a press conference or briefing."),
    ("social-media", "social media", "A post on a social-media platform or messaging channel."),
    ("video", "video", "A published video."),
    ("report", "report", "A written report or publication."),
    ("article", "article", "An article written by the claimant's own outlet."),
    ("citing", "citing",
     "An outlet's report of another's report: the hop from the outlet it cites to the one that cites it."),
)

MODALITY = _vocab(
    "modality",
    "Modalities",
    "What the claimant does with the statement: asserts it, denies it, predicts it, announces an "
    "intention or speculates. A claim is checked against what happened, so a forecast is true or false "
    "only once its date has passed.",
    ("asserted", "asserted", "The claimant states it as a fact."),
    ("denied", "denied", "The claimant states that it is not so; the statement is what is denied."),
    ("forecast", "forecast", "The claimant says it will happen."),
    ("intention", "intention", "The claimant says that someone plans or intends to do it."),
    ("speculation", "speculation", "The claimant says it may be so, without asserting it."),
)

TRANSLATED_BY = _vocab(
    "translated-by",
    "Translators",
    "Who translated a quote that is not in the report's language.",
    ("analyst", "analyst", "One of the report's analysts."),
    ("translator", "translator", "A translator, named in the translation's 'translator'."),
    ("machine", "machine translation", "A machine translation, checked or not: the note says which."),
    ("source", "the source", "The source itself gives the translation (a bilingual post, a subtitled video)."),
)

EVENT_KIND = _vocab(
    "event-kind",
    "Event kinds",
    "What kind of thing an event record describes.",
    ("strike", "Strike", "An attack on a place: a missile or drone strike, a shelling."),
    ("launch", "Launch", "A launch or firing, such as a missile test or a salvo, where no target is known."),
    ("delivery", "Delivery", "A transfer of weapons or munitions from one party to another."),
    ("deployment", "Deployment", "Troops or weapons sent to, or seen in, a place."),
    ("test", "Test", "A weapons test."),
    ("video-release", "Video release", "The publication of footage, by a party or an outlet."),
    ("interview", "Interview", "An interview in which claims were made."),
    ("statement", "Statement", "A statement, briefing or press conference in which claims were made."),
    ("meeting", "Meeting", "A meeting of officials, a summit, a session of a body."),
    ("other", "Other", "Anything else; the description says what it is."),
)

QUALIFIER = _vocab(
    "qualifier",
    "Figure qualifiers",
    "How exact a figure is, as its source states it.",
    ("exactly", "exactly", "The figure is given as exact.", ("exact", "precisely")),
    ("about", "about", "The figure is an approximation (about, approximately, some).",
     ("approximately", "approx", "around", "roughly", "some", "circa", "nearly")),
    ("up-to", "up to", "The figure is an upper bound (up to, as much as).",
     ("as much as", "as many as", "at most", "no more than", "maximum")),
    ("at-least", "at least", "The figure is a lower bound (at least, more than).",
     ("more than", "over", "no less than", "minimum")),
)

ALL: tuple[Vocabulary, ...] = (
    CLAIM_STATUS, CREDIBILITY, RELIABILITY, SOURCE_KIND, WEAPON_CATEGORY,
    ACTOR_KIND, PLACE_KIND, COORDINATE_PRECISION, COORDINATE_METHOD, RELATION, CHANNEL, QUALIFIER, MODALITY, TRANSLATED_BY, EVENT_KIND,
)

# Strength of support a status stands for, weakest first; for "strongest status reached".
STATUS_STRENGTH: tuple[str, ...] = ("refuted", "retracted", "disputed", "reported", "corroborated", "confirmed")
