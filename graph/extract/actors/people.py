"""People behind pronouns and bare titles: "he"/"she" by gender and clause, "the king" by
salience, "it" as the main clause's country or organization, and a person's nationality."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from graph.extract.actors.countries import country_entry, surname_key
from graph.extract.tree import SUBJECT_DEPS, governing_verb, subjects
from graph.facts import Mention
from graph.gazetteer import GazetteerEntry, normalise
from graph.rules import json_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context


class People:
    """The person-finding half of :class:`graph.extract.actors.Actors`."""

    doc: Doc
    ctx: Context

    def nationality(self, m: Mention) -> list[GazetteerEntry]:
        """Countries the text ties a person to near any mention of the same name
        ("French Prime Minister Jacques Chirac", "King Fahd of Saudi Arabia", "X, Iran's envoy")."""
        last = (normalise(m.text).split() or [""])[-1]
        found: list[GazetteerEntry] = []
        for other in self.ctx.mentions:
            if other.type not in ("Person", "Unknown") or (normalise(other.text).split() or [""])[-1] != last:
                continue
            span = self.doc.char_span(other.start, other.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            near = [t for t in self.doc[max(root.left_edge.i, span.start - 10): span.start]]  # a long title
            for child in root.children:
                if child.dep_ == "appos" and child.i > root.i or (
                        child.dep_ == "prep" and child.i > root.i and child.lower_ not in json_words("events.json", "where_preps")):
                    near.extend(child.subtree)  # "King Fahd of Saudi Arabia", not "X, in Kenya for talks,"
            if root.dep_ == "appos":
                near.extend(self.doc[root.head.left_edge.i: root.head.i + 1])
            if root.dep_ == "pobj" and root.head.dep_ == "agent" and root.head.head.dep_ == "acl":
                group = root.head.head.head  # "a Ugandan mission led by X": X is the group's
                near.extend(self.doc[group.left_edge.i: group.i + 1])
            for t in near:
                entry = country_entry(t.text) if t.pos_ in ("PROPN", "ADJ", "NOUN") else None
                if entry is not None and entry not in found:
                    found.append(entry)
        return found

    def pronoun(self, pronoun: Token) -> Mention | None:
        """The person "he"/"she"/"him"/"her" stands for: as :meth:`mention`, but skipping people of the
        other gender and, for an object, the subject of its own clause ("Gorbachev, who had talks
        with her" is not Gorbachev)."""
        female = pronoun.lower_ in ("she", "her", "hers")
        banned: set[str] = set()
        if pronoun.dep_ in ("pobj", "dobj"):
            verb = governing_verb(pronoun)
            subs = subjects(verb) if verb is not None else []
            if verb is not None and not subs and verb.dep_ == "dobj":  # "he had a meeting with him"
                subs = subjects(verb.head)
            for s in subs:
                m = self.ctx.mention_at(s, ("Person", "Unknown"))
                if m is None and s.lower_ in ("he", "she") and s.i < pronoun.i:
                    m = self.pronoun(s)  # "he had a meeting with him": not the one "he" means
                if m is not None:
                    banned.add(surname_key(m))

        # news names far more men than women: "she" goes to a known woman when there is one
        wanted = "f" if female else "m"
        strict = female and any(self.gender(m) == "f" for m in self.ctx.mentions if m.end <= pronoun.idx)

        def fits(m: Mention) -> bool:
            g = self.gender(m)
            return surname_key(m) not in banned and (g == wanted or g is None and not strict)

        first = self.sentence_subject(pronoun)
        if first is not None and first.end <= pronoun.idx and fits(first):
            return first
        owner = self.owner_of_last_subject(pronoun)
        if owner is not None and fits(owner):
            return owner
        people = [m for m in self.ctx.mentions if m.end <= pronoun.idx and self._personlike(m) and fits(m)]
        for m in reversed(people):
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.root.dep_ in SUBJECT_DEPS:
                return m
        return people[-1] if people else None

    def owner_of_last_subject(self, pronoun: Token) -> Mention | None:
        """ "Mr Straw's China trip is part of regular talks. He will meet ...": a subject pronoun
        opening a sentence stands for the person whose thing the sentence before was about."""
        if pronoun.dep_ not in SUBJECT_DEPS or pronoun.sent.start == 0 or pronoun.i != pronoun.sent.start:
            return None
        before = self.doc[pronoun.sent.start - 1].sent
        subj = next((t for t in before if t.dep_ in SUBJECT_DEPS and t.head.i == before.root.i), None)
        owner = next((c for c in subj.children if c.dep_ == "poss"), None) \
            if subj is not None and subj.pos_ == "NOUN" else None
        return self.ctx.mention_at(owner, ("Person",)) if owner is not None else None

    def gender(self, m: Mention) -> str | None:
        """"f" or "m" for a person when the article shows it (a style such as "Mrs" or "King" before
        the name, or "she"/"he" used right after the person as subject); None when unknown."""
        return self._genders().get(surname_key(m))

    def _genders(self) -> dict[str, str]:
        if self._gender_cache is not None:
            return self._gender_cache
        female, male = json_words("events.json", "female_styles"), json_words("events.json", "male_styles")
        votes: dict[str, Counter[str]] = {}
        for m in self.ctx.mentions:
            if m.type != "Person":
                continue
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            before = [t.lower_ for t in self.doc[max(span.start - 3, 0): span.end]]
            key = surname_key(m)
            if any(w in female for w in before):
                votes.setdefault(key, Counter())["f"] += 3
            if any(w in male for w in before):
                votes.setdefault(key, Counter())["m"] += 3
            if span.root.dep_ not in SUBJECT_DEPS:
                continue
            for t in self.doc[span.end: span.sent.end]:  # "Thatcher said she ...": first pronoun after
                if t.lower_ in ("she", "her", "he", "his", "him"):
                    votes.setdefault(key, Counter())["f" if t.lower_ in ("she", "her") else "m"] += 1
                    break
                if t.ent_type_ == "PERSON":
                    break
        self._gender_cache = {k: c.most_common(1)[0][0] for k, c in votes.items()
                              if len(c) == 1 or c["f"] != c["m"]}
        return self._gender_cache

    def salient_person(self, before: int, recent: bool = False) -> Mention | None:
        """The person a pronoun or "the king" most likely means: recent (pronouns) or frequent."""
        people = [m for m in self.ctx.mentions if m.end <= before and self._personlike(m)]
        if not people:
            return None
        if recent:
            for m in reversed(people):
                tok = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if tok is not None and tok.root.dep_ in SUBJECT_DEPS:
                    return m
            return people[-1]
        counts = Counter(normalise(m.text).split()[-1] for m in people if normalise(m.text))
        best = max(reversed(people), key=lambda m: counts.get((normalise(m.text).split() or [""])[-1], 0))
        return best

    def sentence_subject(self, pronoun: Token) -> Mention | None:
        """A person named as subject earlier in the pronoun's own sentence ("Chirac ... his visit")."""
        for tok in pronoun.sent:
            if tok.dep_ in SUBJECT_DEPS and tok.head.dep_ == "ROOT" and tok is not pronoun:
                m = self.ctx.mention_at(tok, ("Person", "Unknown"))
                if m is not None and self._personlike(m):
                    return m
        return None

    def sentence_body(self, pronoun: Token) -> Mention | None:
        """The country or organization "it" stands for: the main clause's subject earlier in the
        sentence ("The EU has announced that it will start talks with Croatia")."""
        root = pronoun.sent.root
        for tok in root.children:
            if tok.dep_ in SUBJECT_DEPS and tok.i < pronoun.i:
                m = self.ctx.mention_at(tok, ("Organization", "Country"))
                if m is None and (m := self.ctx.mention_at(tok, ("Unknown",))) is not None:
                    m = m if country_entry(m.text) else None
                return m
        return None

    def _personlike(self, m: Mention) -> bool:
        if m.type == "Person":
            return True
        return m.type == "Unknown" and country_entry(m.text) is None and m.text[:1].isupper()

