"""Who takes part: mentions for the arguments of event and agreement triggers.

A token becomes an actor through the mention covering it, through a nationality group
("Lebanese officials" -> a Country mention over "Lebanese"), a possessor ("Iran's government"),
a pronoun or a definite title ("the Saudi leader") resolved to a salient earlier person, or
"the two countries" resolved to the last two countries named. :class:`Actors` joins the
person-finding (``people.py``) and group-finding (``groups.py``) halves for one article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.actors.countries import country_entry, country_of_place, country_when, same, surname_key
from graph.extract.actors.groups import ACTOR_TYPES, Groups
from graph.extract.actors.people import People
from graph.extract.tree import conjuncts
from graph.facts import Mention
from graph.rules import json_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context

PRONOUNS = {"he", "she", "him", "her", "his", "hers"}


class Actors(People, Groups):
    """Turns tokens into actor mentions for one article."""

    def __init__(self, doc: Doc, ctx: Context) -> None:
        self.doc, self.ctx = doc, ctx
        self.group_nouns = json_words("events.json", "group_nouns")
        self.pair_nouns = json_words("events.json", "pair_nouns")
        self.person_titles = json_words("events.json", "person_titles")
        self.headline_titles = json_words("events.json", "headline_titles")
        self.state_nouns = json_words("events.json", "state_nouns")
        self._gender_cache: dict[str, str] | None = None

    def mention(self, token: Token) -> Mention | None:
        """The entity mention a token stands for, if any."""
        m = self.ctx.mention_at(token, ACTOR_TYPES)
        if m is not None and m.source == "dateline" or self._in_dateline(token):
            return None
        if m is not None:
            if m.type == "Unknown" and country_entry(m.text):
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                return self.ctx.mention_for_span(span, "Country") if span is not None else None
            return m
        if token.lower_ in PRONOUNS and token.i > 0:
            return self.sentence_subject(token) or self.salient_person(token.idx, recent=True)
        if token.lower_ == "it" and token.i > 0:
            return self.sentence_body(token)
        if token.pos_ in ("NOUN", "PROPN"):
            return self._group(token)
        return None

    def _in_name(self, token: Token) -> bool:
        """A pronoun-like word inside a longer person's name ("Liu He"), not a pronoun."""
        m = self.ctx.mention_at(token, ("Person",))
        return m is not None and m.end - m.start > len(token)

    def _in_dateline(self, token: Token) -> bool:
        dl = self.ctx.article.dateline_place
        return bool(dl) and dl[1] <= token.idx < dl[2]

    def of_named(self, token: Token) -> list[Mention]:
        """Like :meth:`of`, but a title set off by commas yields the person it names ("his
        counterpart, Ariel Sharon, and the leader, Mahmoud Abbas" -> Sharon, Abbas), and "he"/"she"
        go to a person of fitting gender who is not the clause's own subject."""
        out: list[Mention] = []
        for t in [u for c in self.joined(token) for u in self.listed(c) or [c]]:
            named = [] if self.in_headline(t) and self.mention(t) is not None else self._named_in_apposition(t)
            items = named or [t]
            for item in items:
                if item.lower_ in PRONOUNS and item.i > 0 and not self._in_name(item):
                    found = [m] if (m := self.pronoun(item)) is not None else []
                elif item.lower_ in self.pair_nouns and any(c.lower_ in ("two", "both") for c in item.children):
                    found = self.recent_countries(item.idx)
                else:
                    found = self.group_leaders(item) or ([m] if (m := self.mention(item)) is not None else [])
                for m in found:
                    if all((m.start, m.end) != (o.start, o.end) for o in out):
                        out.append(m)
        return out

    def group_leaders(self, token: Token) -> list[Mention]:
        """"a Ugandan mission led by X", "a delegation headed by X": the people who lead a group, who
        stand for it (its country is theirs: ``nationality``)."""
        if token.lower_ not in self.group_nouns:
            return []
        return [m for c in token.children if c.dep_ == "acl" and c.lower_ in json_words("events.json", "lead_participles")
                for a in c.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
                for m in self.of_named(p) if m.type == "Person"]

    def in_headline(self, token: Token) -> bool:
        """Whether a token is in the headline, which is parsed after the body (``parse_text`` has the
        body's length; its length is read off ``text``, not recomputed for every token)."""
        return token.idx >= len(self.ctx.article.text)

    def joined(self, token: Token) -> list[Token]:
        """A token's conjuncts; in the headline, where a comma stands for "and" ("REAGAN, NAKASONE TO
        MEET", "EC, U.S. IN PASTA TALKS"), also the name the token is set beside, and a name there is
        not a title that its apposition names."""
        out = conjuncts(token)
        if self.in_headline(token) and token.dep_ == "appos" and token.pos_ == "PROPN" \
                and self.mention(token) is not None and self.mention(token.head) is not None:
            out = [token.head, *out]  # the parser hung the talks on the second name
        return out

    def _named_in_apposition(self, title: Token) -> list[Token]:
        """The people a plural or singular title names in apposition, a list run on through further
        appositions ("Sens. A of X, B of Y, C of Z and D of W")."""
        out: list[Token] = []
        heads = [title]
        if title.i + 1 < len(self.doc) and self.doc[title.i + 1].text == "." and not title.whitespace_:
            heads.append(self.doc[title.i + 1])  # "Sens." split in two: the parser may hang the names on "."
        todo = [a for h in heads for a in h.children if a.dep_ == "appos"]
        if title.lower_ in self.person_titles:  # "ambassador to Moscow Salah Bassiouni": the parser
            todo += [o for p in title.children if p.dep_ == "prep" and p.lower_ in ("to", "of")  # glued the
                     for o in p.children if o.dep_ == "pobj" and self._after_place(o)]  # place to the name
        if len(heads) > 1 and title.i + 2 < len(self.doc) and not self.doc[title.i + 2].is_sent_start:
            # or on the sentence's verb: the name after "."
            m = self.ctx.mention_at(self.doc[title.i + 2], ("Person",))
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand") if m is not None else None
            if span is not None and span.root.i >= title.i + 2:  # the mention may hold the title
                todo.insert(0, span.root)
        while todo:
            a = todo.pop(0)
            if self.ctx.mention_at(a, ("Person",)) is None or a in out:
                continue
            out.append(a)
            if title.tag_ in ("NNS", "NNPS") or title.lower_.endswith("s"):  # "Sens.", "ministers"
                todo.extend(c for c in a.children if c.dep_ in ("appos", "conj"))
                todo.extend(c for p in a.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                            for c in o.children if c.dep_ == "conj")  # "B of Texas and C": C hung on Texas
        return out

    def _after_place(self, token: Token) -> bool:
        """A person's name that starts right after a place it is no part of ("Moscow Salah Bassiouni")."""
        m = self.ctx.mention_at(token, ("Person",))
        if m is None:
            return False
        before = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return before is not None and before.start > 0 and self.ctx.mention_at(
            self.doc[before.start - 1], ("Country", "Place")) is not None

    def of(self, token: Token) -> list[Mention]:
        """Actors for a token and its conjuncts, in order, without repeats."""
        out: list[Mention] = []
        for t in [u for c in self.joined(token) for u in self.listed(c) or [c]]:
            if t.lower_ in self.pair_nouns and any(c.lower_ in ("two", "both") for c in t.children):
                found = self.recent_countries(t.idx)
            else:
                m = self.mention(t)
                found = [m] if m is not None else []
            for m in found:
                if all((m.start, m.end) != (o.start, o.end) for o in out):
                    out.append(m)
        return out


__all__ = ["ACTOR_TYPES", "Actors", "country_entry", "country_of_place", "country_when", "same", "surname_key"]
