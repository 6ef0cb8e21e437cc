"""Who else takes part: participants the plain actor lookup misses, for the events reader.

"received General Secretary of the Party Nguyen Phu Trong" (a title whose phrase ends in the name),
"discussed it with the Ukrainians" (a plural demonym: the country), "officials, including A and B"
(a group noun and the names it lists), and "the president" (the one person the article's roles give
that title)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.actors import Actors, country_entry
from graph.extract.tree import subjects
from graph.facts import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context

LIST_PREPS = ("including", "like", "such")  # "officials, including A and B", "such as A and B"
FRAME_PREPS = ("from", "after", "before", "of")  # "his departure from a meeting with X"


class Participants:
    """Participant finding for :class:`graph.extract.events.reader.EventReader`."""

    doc: Doc
    ctx: Context
    actors: Actors

    def partners(self, tok: Token) -> list[Mention]:
        """The actors a partner token names: as ``Actors.members``, else a titled person, a plural
        demonym's country, a group's listed members or a bare title's one holder."""
        found = self.actors.members(tok)
        if found:
            return found
        if (named := self.titled_person(tok)) is not None:
            return [named]
        if (country := self.demonym_country(tok)) is not None:
            return [country]
        listed = self.listed_members(tok)
        if listed:
            return listed
        holder = self.title_holder(tok)
        return [holder] if holder is not None else []

    def sides(self, tok: Token) -> list[Mention]:
        """The actors a subject token names, or for "the president" the title's one holder."""
        found = self.actors.members(tok)  # "officials from the two countries met"
        if found:
            return found
        holder = self.title_holder(tok)
        return [holder] if holder is not None else []

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
        """The names a group noun lists: "officials, including A and B", "leaders such as A"."""
        if tok.lower_ not in self.actors.group_nouns:
            return []
        out: list[Mention] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in LIST_PREPS:
                holders = [c, *(a for a in c.children if a.dep_ == "prep" and a.lower_ == "as")]
                out.extend(m for h in holders for p in h.children if p.dep_ == "pobj"
                           for m in self.actors.of_named(p))
        return out

    def title_holder(self, tok: Token) -> Mention | None:
        """"the president" with no name: the person the article's roles give that title with no
        organization, when exactly one person holds it (a title shared by two names neither)."""
        if tok.lower_ not in self.actors.person_titles or not any(
                c.lower_ == "the" and c.dep_ == "det" for c in tok.children):
            return None
        if any(c.dep_ in ("amod", "compound", "poss", "prep") for c in tok.children):
            return None  # "the Iranian foreign minister", "the president of X": other lookups
        holders: dict[str, Mention] = {}
        for role in self.ctx.facts_of("roles"):
            if role.person is None or role.person.type != "Person" or role.organization is not None:
                continue  # "X, the president of the Farm Bureau" is not "the president"
            if role.title.lower() == tok.lower_ and role.person.start < tok.idx:
                holders.setdefault((role.person.text.split() or [""])[-1].lower(), role.person)
        return next(iter(holders.values())) if len(holders) == 1 else None

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
        bare = tok.lower_.endswith("ing") and not any(c.dep_ in ("det", "poss", "nummod") for c in tok.children)
        if bare and tok.dep_ in ("nsubj", "dobj") and tok.head.dep_ == "ccomp" and tok.head.head.pos_ == "VERB":
            return [m for s in subjects(tok.head.head) for m in self.actors.of_named(s)], []
        return [], []
