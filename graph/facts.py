"""Typed facts that flow from the extractors through resolution into RDF.

Every fact carries :class:`Evidence` (article id, sentence text, character offsets into the
article's text) so that a query or a view can always reach the sentence it came from.
Extractors refer to entities by *mention* (the surface span they saw); resolution later maps
each mention to an :class:`Entity`. Every fact also names the pattern that produced it
(``rule``, e.g. ``events.verb.met``), so precision can be measured per pattern; the id takes no
part in comparing facts, so two patterns finding the same fact still find one fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ENTITY_TYPES = ("Person", "Country", "Organization", "Place")
PERSONISH = ("Person", "Unknown")  # a person, or a name NER could not type that may be one


@dataclass(frozen=True)
class Evidence:
    """Where a fact or mention was read: a sentence of one article and the span inside it."""

    article_id: str
    sentence: str
    start: int
    end: int
    headline: bool = False  # read in the article's title: the offsets point into the title


@dataclass(frozen=True)
class Mention:
    """A surface form of an entity at a character span of the article text."""

    text: str
    type: str  # one of ENTITY_TYPES
    start: int
    end: int
    evidence: Evidence
    source: str = "ner"  # ner | gazetteer | dateline | acronym | rule


@dataclass
class Entity:
    """A resolved real-world thing: one canonical label, every alias seen, every mention."""

    key: str  # stable identity key, e.g. "country:IR" or "person:ali-larijani"
    type: str
    label: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    wikidata: str | None = None
    decisions: list[str] = field(default_factory=list)  # why mentions were merged


@dataclass(frozen=True)
class DateRef:
    """A date the text states or implies, resolved against the publication date."""

    surface: str
    value: date | None
    start: int = -1
    end: int = -1
    period: str = ""  # a span without a day, in ISO 8601: "2025-07" (month), "2025-W33" (week), "2025"


@dataclass(frozen=True)
class Role:
    """A person (or an unnamed office holder) holding a post; a post taken or left whose title the
    text does not give ("X resigned", "Acme fired X") has an empty title and the change as status."""

    title: str
    evidence: Evidence
    person: Mention | None = None
    organization: Mention | None = None
    country: Mention | None = None
    to: Mention | None = None
    rule: str = field(default="", compare=False)  # the pattern id, e.g. "roles.title.after"
    status: str | None = None  # started | ended | former, when the text says the post changed hands


@dataclass(frozen=True)
class Event:
    """A meeting, talks, summit, visit or call: an n-ary fact node."""

    kind: str  # meeting | talks | summit | visit | call
    participants: tuple[Mention, ...]
    evidence: Evidence
    status: str = "held"  # held | planned | proposed | cancelled
    place: Mention | None = None
    date: DateRef | None = None
    proposed_by: Mention | None = None
    trigger: str = ""
    rule: str = field(default="", compare=False)  # the pattern id, e.g. "events.verb.met"


@dataclass(frozen=True)
class Agreement:
    """An agreement, treaty, accord, deal, pact or ceasefire between parties."""

    kind: str  # e.g. security, trade, ceasefire ("" when the text gives none)
    parties: tuple[Mention, ...]
    evidence: Evidence
    status: str = "signed"  # signed | agreed | proposed | negotiating | ended | rejected
    date: DateRef | None = None
    trigger: str = ""
    rule: str = field(default="", compare=False)  # the pattern id, e.g. "agreements.noun.treaty"


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it; ``direct`` is False for reported speech."""

    text: str
    start: int  # offsets of the quoted words (without marks) in the article text
    end: int
    evidence: Evidence
    speaker: Mention | None = None
    date: DateRef | None = None
    direct: bool = True
    rule: str = field(default="", compare=False)  # the pattern id, e.g. "quotes.direct.verb"


@dataclass
class ArticleFacts:
    """Everything extracted from one article, before and after resolution."""

    article_id: str
    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    statements: list[Quote] = field(default_factory=list)  # reported speech (direct=False)
    entities: list[Entity] = field(default_factory=list)
