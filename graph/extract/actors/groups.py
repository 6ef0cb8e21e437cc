"""Groups and countries as actors: "Lebanese officials" as Lebanon, "the two countries" as the
last two named, lists after a dash, and countries named before a noun ("Iran-Iraq accord")."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from graph.extract.actors.countries import country_entry, lasting_key, same, surname_key
from graph.extract.tree import conjuncts
from graph.facts import Mention
from graph.gazetteer import load_gazetteer, normalise

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context
    from graph.gazetteer import GazetteerEntry

ACTOR_TYPES = ("Person", "Country", "Organization", "Place", "Unknown")


class Groups:
    """The group- and country-finding half of :class:`graph.extract.actors.Actors`."""

    doc: Doc
    ctx: Context
    group_nouns: frozenset[str]
    pair_nouns: frozenset[str]
    person_titles: frozenset[str]
    headline_titles: frozenset[str]
    state_nouns: frozenset[str]

    def nationality(self, m: Mention) -> list[GazetteerEntry]: ...  # People's, joined in Actors

    def of_named(self, token: Token) -> list[Mention]: ...  # Actors'

    def _group(self, token: Token) -> Mention | None:
        low = token.lower_
        if low in self.state_nouns and token.tag_ == "NN" and (state := self._state_of(token)) is not None:
            return state  # "the Middle Eastern sheikhdom of Qatar", "the government of Peru"
        if token.idx >= len(self.ctx.article.text) and (low in self.person_titles or low in self.headline_titles):
            found = self._headline_person(token)  # "Chilean President to visit Japan": the body's president
            if found is not None:
                return found
        if low in self.group_nouns or low in self.pair_nouns:
            for child in token.children:
                if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i < token.i:
                    m = self._country_like(child)
                    if m is not None:
                        return m
            for child in token.children:
                if child.dep_ in ("compound", "nmod", "poss") and child.i < token.i:
                    m = self.ctx.mention_at(child, ("Organization", "Country", "Person", "Unknown"))
                    if m is not None:
                        return m
            return None
        if (low in self.person_titles and any(c.lower_ == "the" for c in token.children)
                and any(self._country_like(c) for c in token.children if c.dep_ in ("amod", "compound"))):
            return self.salient_person(token.idx)
        if token.tag_ in ("NNPS", "NNS") and low.endswith("s") and any(
                c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return self._country_like(token)  # "the Nigerians will go on to Paris": Nigeria's side
        return None

    def _state_of(self, token: Token) -> Mention | None:
        """The country an "of" phrase on a state noun names."""
        return next((m for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                     if o.dep_ == "pobj" and (m := self.ctx.mention_at(o, ("Country",))) is not None), None)

    def titled_person(self, token: Token) -> Mention | None:
        """The person "the Swiss official" stands for in a story: as a headline's "Chilean President"."""
        return self._headline_person(token)

    def _headline_person(self, token: Token) -> Mention | None:
        """The body's person a headline title with a nationality stands for ("Chilean President"):
        the one most often named of those the body ties to that country, if any."""
        wanted = {e.key for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i
                  and (m := self._country_like(c)) is not None and (e := country_entry(m.text)) is not None}
        if not wanted:
            return None
        body = len(self.ctx.article.text)
        people = [m for m in self.ctx.mentions if m.end <= body and m.type == "Person"]
        counts = Counter(surname_key(m) for m in people)
        for m in sorted(people, key=lambda m: -counts[surname_key(m)]):
            if any(e.key in wanted for e in self.nationality(m)):
                return m
        return None

    def _country_like(self, token: Token) -> Mention | None:
        m = self.ctx.mention_at(token, ("Country", "Place", "Unknown"))
        text = m.text if m is not None else token.text
        if country_entry(text) is None and (m is None or m.type != "Country"):
            return None
        if m is not None and m.type != "Unknown":
            return m
        start, end = (m.start, m.end) if m is not None else (token.idx, token.idx + len(token))
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return self.ctx.mention_for_span(span, "Country") if span is not None else None

    def recent_countries(self, before: int, n: int = 2) -> list[Mention]:
        """The last ``n`` distinct countries named or implied by a demonym before an offset; for two,
        the last two states or bodies named together ("talks between the EC and the United States
        ... the two sides") when that pair is in the last four sentences."""
        if n == 2 and (pair := self._recent_pair(before)):
            return pair
        seen: dict[str, Mention] = {}
        for tok in reversed([t for t in self.doc if t.idx + len(t) <= before]):
            if tok.pos_ not in ("PROPN", "ADJ", "NOUN"):
                continue
            m = self._country_like(tok)
            if m is None:
                continue
            entry = country_entry(m.text)
            key = lasting_key(entry) if entry else normalise(m.text)  # not the Soviet Union and Russia
            if key not in seen:
                seen[key] = m
            if len(seen) == n:
                break
        return list(seen.values()) if len(seen) == n else []

    def _recent_pair(self, before: int) -> list[Mention]:
        """The last two distinct states or intergovernmental bodies joined by "and" before an offset,
        within the four sentences before it."""
        sents = [s for s in self.doc.sents if s.start_char < before][-4:]
        for tok in reversed([t for s in sents for t in s if t.idx + len(t) <= before and t.dep_ == "conj"]):
            pair = [self._state_or_body(tok.head), self._state_or_body(tok)]
            if pair[0] is not None and pair[1] is not None and not same(pair[0], pair[1]):
                return [pair[0], pair[1]]
        return []

    def _state_or_body(self, tok: Token) -> Mention | None:
        m = self._country_like(tok)
        if m is not None:
            return m
        m = self.ctx.mention_at(tok, ("Organization",))
        entry = load_gazetteer().lookup(m.text) if m is not None else None
        return m if entry is not None and entry.subtype == "IntergovernmentalOrganization" else None

    def members(self, token: Token) -> list[Mention]:
        """The actors a token names, or for a group noun the ones its "from"/"of" phrase lists
        ("executives from A, B and C" -> A, B, C)."""
        found = self.of_named(token)
        if not found:
            return self._group_members(token)
        for t in conjuncts(token)[1:]:  # "X and the presidents of A and B": A and B too
            if self.ctx.mention_at(t) is None:
                found += [m for m in self._group_members(t) if all((m.start, m.end) != (o.start, o.end) for o in found)]
        return found

    def _group_members(self, token: Token) -> list[Mention]:
        """For a group noun, the actors its "from"/"of" phrase lists; nothing for any other word."""
        if token.lower_ not in self.group_nouns:
            return []
        return [m for c in token.children if c.dep_ == "prep" and c.lower_ in ("from", "of")
                for p in c.children if p.dep_ == "pobj" for m in self.of_named(p)]

    def listed(self, token: Token) -> list[Token]:
        """The named members a plural noun lists after a dash or in apposition ("two Indian airlines
        - A and B", "the coffee growers, Brazil, Vietnam and Colombia"), which stand for it."""
        if token.tag_ != "NNS":
            return []
        listed = [a for c in token.children if c.dep_ == "appos" for a in (c, *c.conjuncts)]
        named = [t for t in listed if self.ctx.mention_at(t, ACTOR_TYPES) is not None]
        return self.dash_list(token) or named

    def dash_list(self, token: Token) -> list[Token]:
        """The named items after a plural noun and a dash or colon, which the parser often leaves
        unattached: "three other possessions -- A, the B and C" -> A, B, C (up to the "and" item)."""
        doc = self.doc
        if token.tag_ != "NNS" or token.i + 2 >= len(doc) or doc[token.i + 1].text not in ("--", "-", "\u2013", "\u2014", ":"):
            return []
        out: list[Token] = []
        i, last = token.i + 2, False
        while i < len(doc):
            t = doc[i]
            m = self.ctx.mention_at(t, ACTOR_TYPES)
            if m is not None:
                out.append(t)
                while i + 1 < len(doc) and doc[i + 1].idx < m.end:
                    i += 1
                if last:
                    break
            elif t.lower_ == "and" and out:
                last = True
            elif t.text != "," and t.lower_ != "the":
                break
            i += 1
        return out if len(out) >= 2 and last else []

    def in_premodifiers(self, token: Token) -> list[Mention]:
        """Actors named before a noun inside its phrase ("Iran-Iraq accord", "U.S.-Canadian talks",
        "the U.S./Soviet summit")."""
        left = token.left_edge.i
        out: list[Mention] = []
        for t in self.doc[left:token.i]:
            glued = self.ctx.mentions_in(t.idx, t.idx + len(t.text), ACTOR_TYPES) \
                if "/" in t.text or "-" in t.text else []
            if len(glued) >= 2:  # "the U.S./Soviet summit": one token (the parser's det), two names
                out.extend(m for m in glued if all((m.start, m.end) != (o.start, o.end) for o in out))
                continue
            if t.dep_ in ("det", "poss", "case") or t.is_punct:
                continue
            named = m = self.ctx.mention_at(t, ACTOR_TYPES)
            if m is None or m.type == "Unknown":
                m = self._country_like(t)
            found = [m] if m is not None and "-" not in m.text.strip("-") else self._hyphenated(t, m or named)
            for m in found:
                if all((m.start, m.end) != (o.start, o.end) for o in out):
                    out.append(m)
        return out

    def _hyphenated(self, token: Token, named: Mention | None = None) -> list[Mention]:
        """Countries inside one hyphenated token or entity: "U.S.-Canadian" -> United States, Canada."""
        text, pos = (named.text, named.start) if named is not None and "-" in named.text else (token.text, token.idx)
        if "-" not in text:  # the parser's tokens of one word: "Franco", "-", "German"
            first, last = token.i, token.i
            doc = self.doc
            while first >= 2 and doc[first - 1].text == "-" and not doc[first - 2].whitespace_ \
                    and not doc[first - 1].whitespace_:
                first -= 2
            while last + 2 < len(doc) and doc[last + 1].text == "-" and not doc[last].whitespace_ \
                    and not doc[last + 1].whitespace_:
                last += 2
            text, pos = doc[first: last + 1].text, doc[first].idx
        if "-" not in text:
            return []
        out = []
        parts = text.split("-")
        for n, part in enumerate(parts):
            if part and (country_entry(part) is not None or n < len(parts) - 1 and load_gazetteer().combining(part)):
                span = self.doc[token.i: token.i + 1]
                out.append(Mention(part, "Country", pos, pos + len(part),
                                   self.ctx.evidence(span, pos, pos + len(part)), "rule"))
            pos += len(part) + 1
        return out if len(out) >= 2 else []

