"""Who else takes part: participants the plain actor lookup misses, for the events reader.

"received General Secretary of the Party Nguyen Phu Trong" (a title whose phrase ends in the name),
"discussed it with the Ukrainians" (a plural demonym: the country), "officials, including A and B"
(a group noun and the names it lists), "the president" (the one person the article's roles give
that title), and owners from the phrase around an event noun ("his departure from a meeting with X",
"Trump's call when he asked X", talks whose side the sentence before names)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.actors import Actors, country_entry
from graph.extract.tree import governing_verb, subjects
from graph.facts import Event, Mention
from graph.gazetteer import load_gazetteer
from graph.rules import json_words

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Token

    from graph.extract.context import Context

LIST_PREPS = ("including", "like", "such")  # "officials, including A and B", "such as A and B"
FRAME_PREPS = ("from", "after", "before", "of")  # "his departure from a meeting with X"


class Participants:
    """Participant finding for :class:`graph.extract.events.reader.EventReader`."""

    doc: Doc
    ctx: Context
    actors: Actors
    motion_verbs: frozenset[str]
    joining_verbs: frozenset[str]
    speech: frozenset[str]
    nouns: dict[str, str]
    events: list[Event]
    trigger_at: list[int]
    host_country: Callable[[Mention], Mention]  # from Arguments

    def partners(self, tok: Token) -> list[Mention]:
        """The actors a partner token names: a bare title's one holder ("the president"), else as
        ``Actors.members``, else "the President of X", a titled name, a plural demonym's country or
        a group's listed members."""
        holder = self.title_holder(tok)
        if holder is not None:
            return [holder]
        found = self.actors.members(tok)
        if found and tok.dep_ == "pobj" and tok.head.lower_ == "with":
            found = [self.city_state(m) for m in found]  # "talks with Washington": the United States
        if found:  # "House leaders, including A": the body and the listed names
            return found + [m for m in self.listed_members(tok) if m not in found]
        if (office := self.office_of_country(tok)) is not None:
            return [office]
        if (named := self.titled_person(tok)) is not None:
            return [named]
        if (country := self.demonym_country(tok)) is not None:
            return [country]
        return self.listed_members(tok)

    def city_state(self, m: Mention) -> Mention:
        """A city one talks with stands for its country's government (Moscow in 1987: the Soviet Union)."""
        entry = load_gazetteer().lookup(m.text) if m.type == "Place" else None
        return self.host_country(m) if entry is not None and entry.subtype == "City" else m

    def reporting_speaker(self, tok: Token) -> Mention | None:
        """"Sondland has said he has spoken with the president": "he" or "she" as the subject of what a
        named person says is that person, when the gender the article shows does not differ."""
        if tok.lower_ not in ("he", "she") or tok.dep_ not in ("nsubj", "nsubjpass"):
            return None
        clause = tok.head
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ != "ccomp" or clause.head.lower_ not in self.speech:
            return None
        said = [m for s in subjects(clause.head) if s.pos_ == "PROPN"
                for m in self.actors.of_named(s) if m.type == "Person"]
        if len(said) != 1 or self.actors.gender(said[0]) not in (None, "f" if tok.lower_ == "she" else "m"):
            return None
        return said[0]

    def person_partner(self, tok: Token) -> bool:
        """Whether a partner token names a person (or a group of people, or their country by a
        plural demonym): the objects of "hosted", "spoke with", "called"."""
        return bool((m := self.ctx.mention_at(tok)) is not None and m.type in ("Person", "Unknown")
                    or tok.lower_ in self.actors.group_nouns or self.titled_person(tok)
                    or self.title_holder(tok) or self.demonym_country(tok))

    def paired_people(self, tok: Token) -> list[Mention]:
        """People paired by a hyphen before an event noun, each a surname of a person the article
        names ("the first Clinton-Trump debate", "the Putin - Xi summit"; of a pair, one may be a name the
        article gives no person, as NER took it for a firm); none unless two are found."""
        surnames = {m.text.split()[-1].lower() for m in self.ctx.mentions if m.type == "Person" and m.text.split()}
        words = self.doc[tok.left_edge.i: tok.i]
        if not any("-" in t.text for t in words):
            return []
        out: list[Mention] = []
        known = 0
        for t in words:
            pos = t.idx
            for part in t.text.split("-"):
                if part.lower() in surnames or t.pos_ == "PROPN" and part[:1].isupper() and part[1:].islower() \
                        and len(part) > 2 and load_gazetteer().lookup(part) is None and part.lower() not in self.nouns:
                    known += part.lower() in surnames  # "the Clinton - Trump debate": Trump named by NER as a firm
                    span = self.doc[t.i: t.i + 1]
                    out.append(Mention(part, "Person", pos, pos + len(part),
                                       self.ctx.evidence(span, pos, pos + len(part)), "rule"))
                pos += len(part) + 1
        return out if len(out) == 2 and known or len(out) > 2 and known == len(out) else []

    def hosted_groups(self, premod: list[Mention]) -> list[list[Mention]]:
        """Actors before an event noun, as the events they hold: one of all, or, for "A and B in WTO
        talks" (a body named after "in"), one of each with that body."""
        hosts = [m for m in premod if m.type == "Organization" and (t := self.doc.char_span(m.start, m.end, alignment_mode="expand"))
                 is not None and t.root.dep_ == "pobj" and t.root.head.lower_ == "in"]
        if len(hosts) != 1:
            return [premod]
        return [[hosts[0], m] for m in premod if m is not hosts[0]]

    def paired_before(self, tok: Token) -> list[Mention]:
        """Bare talks as a subject, their sides unsaid: the two or more actors one of the three sentences
        before had as its subject, when none between has an actor as subject ("Egypt and the Soviet
        Union are to sign an accord. Talks begin Wednesday")."""
        if self.nouns.get(tok.lower_) != "talks" or tok.dep_ not in ("nsubj", "nsubjpass") or any(
                c.dep_ in ("prep", "poss", "compound", "amod") for c in tok.children) or tok.sent.start == 0:
            return []
        start = tok.sent.start
        for _ in range(3):  # "X and Y are to sign an accord. One official said ... Talks begin Wednesday"
            if start == 0:
                return []
            before = self.doc[start - 1].sent
            for clause in [*(c for c in before.root.children if c.dep_ == "ccomp"), before.root]:
                pair = [m for s in subjects(clause) for m in self.actors.of_named(s)]  # "officials said X and Y ..."
                if len(pair) >= 2 and all(m.type in ("Country", "Organization") for m in pair):
                    return pair
            if pair:
                return []  # another actor took over the story
            start = before.start
        return []

    def sides(self, tok: Token) -> list[Mention]:
        """The actors a subject token names, or for "the president" the title's one holder."""
        if (speaker := self.reporting_speaker(tok)) is not None:
            return [speaker]
        holder = self.title_holder(tok)
        return [holder] if holder is not None else self.actors.members(tok)  # "officials from the two countries"

    def titled_person(self, tok: Token) -> Mention | None:
        """The person a long title phrase ends in: "General Secretary of the Central Committee
        Nguyen Phu Trong" (the parser hangs the name deep inside the "of" phrase)."""
        if self.ctx.mention_at(tok) is not None or tok.lower_ not in self.actors.person_titles:
            return None
        last = tok
        for t in self.doc[tok.i + 1: tok.right_edge.i + 1]:  # up to a comma or a clause
            if t.is_punct or t.dep_ in ("relcl", "acl") or t.pos_ in ("VERB", "AUX", "PRON"):
                break
            last = t
        m = self.ctx.mention_at(last, ("Person",))
        return m if m is not None and m.start > tok.idx else None

    def demonym_country(self, tok: Token) -> Mention | None:
        """"with the Ukrainians": a plural demonym used as a party stands for its country."""
        if tok.tag_ not in ("NNPS", "NNS") or not tok.text[:1].isupper() or not tok.lower_.endswith("s"):
            return None
        if country_entry(tok.text[:-1]) is None and country_entry(tok.text) is None:
            return None  # "the Ukrainians" -> Ukrainian
        return self.ctx.mention_for_span(self.doc[tok.i: tok.i + 1], "Country")

    def listed_members(self, tok: Token) -> list[Mention]:
        """The names a group noun lists: "officials, including A and B", "leaders such as A", "a
        number of diplomats, including the representative of X" (an office stands for its holder or
        country), "leaders pressing for a bill, including Congressman A" (the list hung on the
        group's own clause)."""
        groups = self.actors.group_nouns
        counted = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                   if p.dep_ == "pobj"] if tok.lower_ in json_words("events.json", "measure_nouns") else []
        if tok.lower_ not in groups and not any(p.lower_ in groups for p in counted):
            return []  # "a number of diplomats": the measure noun holds the list
        preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in LIST_PREPS]
        if not preps:  # "including" after a comma that ends the group's clause
            preps = [t for c in tok.children if c.dep_ in ("acl", "relcl") for t in c.subtree
                     if t.dep_ == "prep" and t.lower_ == "including" and t.i > 0 and self.doc[t.i - 1].text == ","]
        out: list[Mention] = []
        for c in preps:
            holders = [c, *(a for a in c.children if a.dep_ == "prep" and a.lower_ == "as")]
            for p in (p for h in holders for p in h.children if p.dep_ == "pobj"):
                named = self.actors.of_named(p)
                office = self.office_of_country(p) if not named else None
                out.extend(named or ([office] if office is not None else []))
        return out

    def title_holder(self, tok: Token) -> Mention | None:
        """"the president", "the Iranian foreign minister" with no name: the person the article's
        roles give that title (and that country, when one is named), when exactly one person holds
        it (a title two people hold names neither; "the president of the Farm Bureau" is not
        "the president")."""
        if tok.lower_ not in self.actors.person_titles or not any(
                c.lower_ == "the" and c.dep_ == "det" for c in tok.children):
            return None
        if any(c.dep_ in ("poss", "appos") or c.dep_ == "prep" and c.lower_ in ("of", "to", "for")
               for c in tok.children):
            return None  # "the president of X", "the ambassador to Y": a post the roles name otherwise
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound")]
        countries = {e.key for c in mods if (e := country_entry(c.text)) is not None}
        phrase = " ".join(c.lower_ for c in mods if country_entry(c.text) is None) + " " + tok.lower_
        holders: dict[str, Mention] = {}
        for role in self.ctx.facts_of("roles"):
            if role.person is None or role.person.type != "Person" or role.person.start >= tok.idx:
                continue
            title = role.title.lower()
            if title != phrase.strip() and not title.startswith(phrase.strip() + " of ") \
                    or (role.organization is not None and not countries):
                continue  # "the chancellor": the Chancellor of the Exchequer too
            home = country_entry(role.country.text) if role.country is not None else None
            if countries and (home is None or home.key not in countries):
                continue
            holders.setdefault((role.person.text.split() or [""])[-1].lower(), role.person)
        return next(iter(holders.values())) if len(holders) == 1 else None

    def office_of_country(self, tok: Token) -> Mention | None:
        """"conferred with the President of South Korea" (or "of the Peruvian central bank"): the
        holder the roles give that title and country, else the country (the office acts for it)."""
        if tok.lower_ not in self.actors.person_titles or self.ctx.mention_at(tok, ("Person",)) is not None:
            return None
        objects = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        where = next((m for p in objects if (m := self.actors.mention(p)) is not None and m.type == "Country"), None)
        if where is None:  # "the president of the Peruvian central bank": the body's country (not its president's)
            return next((self.ctx.mention_for_span(self.doc[a.i: a.i + 1], "Country") for p in objects
                         if self.ctx.mention_at(p) is None for a in p.children
                         if a.dep_ in ("amod", "compound") and a.i < p.i and country_entry(a.text) is not None), None)
        if (home := country_entry(where.text)) is None:
            return None
        holders = {(r.person.text.split() or [""])[-1].lower(): r.person for r in self.ctx.facts_of("roles")
                   if r.person is not None and r.person.type == "Person" and r.title.lower() == tok.lower_
                   and r.country is not None and country_entry(r.country.text) == home}
        return next(iter(holders.values())) if len(holders) == 1 else where

    def clause_partners(self, tok: Token) -> list[Token]:
        """The person an owned call or meeting reaches in its own clause: "Trump's July 25 call when he
        asked President X for ...", "her meeting, in which she told Y ..." (the clause's subject is
        a pronoun or the owner; its object is a named person)."""
        if not any(c.dep_ == "poss" for c in tok.children):
            return []
        out: list[Token] = []
        for clause in (c for c in tok.children if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB"):
            if not any(s.pos_ == "PRON" or s.dep_ == "poss" for s in subjects(clause)):
                continue
            out.extend(o for o in clause.children if o.dep_ in ("dobj", "dative")
                       and self.ctx.mention_at(o, ("Person",)) is not None)
        return out

    def earlier_side(self, tok: Token, kind: str) -> list[Mention]:
        """The side that holds the same kind of event in the sentence before, for talks whose owner
        goes unsaid ("The IMF will open loan talks with Zambia. Talks with Malawi have dragged on")."""
        sent = tok.sent
        for ev, at in zip(reversed(self.events), reversed(self.trigger_at)):
            before = self.doc[at].sent
            if before.end > sent.start:
                continue
            if before.end != sent.start:
                return []  # only the sentence just before
            return [ev.participants[0]] if ev.kind == kind and len(ev.participants) >= 2 else []
        return []

    def body_of(self, tok: Token) -> Mention | None:
        """The organization an event noun belongs to ("a conference of the Governors Association")."""
        return next((m for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj"
                     and (m := self.ctx.mention_at(p, ("Organization",))) is not None), None)

    def framing_owner(self, tok: Token) -> tuple[list[Mention], list[Token]]:
        """Who takes part in an unowned event noun, from the phrase around it: the possessor of the
        noun it hangs from ("his departure from a meeting in Hanoi with X", with the "with" the parser
        gave that noun), or the speaker of a bare gerund ("X said meeting with Y was useful")."""
        if tok.dep_ == "pobj" and tok.head.lower_ in FRAME_PREPS and tok.head.head.pos_ == "NOUN":
            outer = tok.head.head
            owners = [m for c in outer.children if c.dep_ == "poss" for m in self.actors.of_named(c)]
            if owners:
                return owners, [p for c in outer.children if c.dep_ == "prep" and c.lower_ == "with"
                                for p in c.children if p.dep_ == "pobj"]
        if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lower_ in self.motion_verbs:
            # "travelling to Florida for a conference of X": the traveller attends
            verb: Token | None = tok.head.head
            for _ in range(3):  # "X kept plans for travelling to Y for ...": the planner's subject
                if verb is None or subjects(verb):
                    break
                verb = governing_verb(verb.head) if verb.head is not verb else None
            return ([m for s in subjects(verb) for m in self.actors.of_named(s)] if verb is not None else []), []
        bare = tok.lower_.endswith("ing") and not any(c.dep_ in ("det", "poss", "nummod") for c in tok.children)
        if bare and tok.dep_ in ("nsubj", "dobj") and tok.head.dep_ == "ccomp" and tok.head.head.pos_ == "VERB":
            return [m for s in subjects(tok.head.head) for m in self.actors.of_named(s)], []
        return [], []
