"""Who takes part: mentions for the arguments of event and agreement triggers.

Shared by ``events`` and ``agreements``. A token becomes an actor through the mention covering
it, through a nationality group ("Lebanese officials" -> a Country mention over "Lebanese"),
a possessor ("Iran's government"), a pronoun or a definite title ("the Saudi leader") resolved to
a salient earlier person, or "the two countries" resolved to the last two countries named.
Also: clause helpers (subjects of a verb, the verb governing a noun) and rule-file loading.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from graph.extract.context import Context
from graph.facts import Mention
from graph.gazetteer import GazetteerEntry, load_gazetteer, normalise
from graph.resources import rules_dir

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ACTOR_TYPES = ("Person", "Country", "Organization", "Place", "Unknown")
PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
RELATIVE = {"who", "which", "that", "whom"}


class RulesError(ValueError):
    """A rule file that cannot be read; the message names the file."""


@lru_cache(maxsize=8)
def load_rules(name: str) -> dict[str, Any]:
    """A JSON rule file from ``ontology/rules`` (e.g. ``events.json``), read once."""
    path = rules_dir() / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"{path}: cannot read rule file ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise RulesError(f"{path}: malformed JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise RulesError(f"{path}: a rule file must hold a JSON object")
    return data


@lru_cache(maxsize=256)
def rule_words(name: str, key: str) -> frozenset[str]:
    """A word list from a rule file, lower-cased; made once, not once per article."""
    return frozenset(w.lower() for w in load_rules(name).get(key, []) if isinstance(w, str))


def forget_rules() -> None:
    """Drop the JSON rule files and word lists read so far (for tests that swap the rules folder;
    matchers and trigger tables other modules made from them keep their own caches)."""
    load_rules.cache_clear()
    rule_words.cache_clear()


def country_entry(text: str) -> GazetteerEntry | None:
    """The country a name or demonym stands for ("Iraqi", "the U.S."), if the gazetteer knows it."""
    gaz = load_gazetteer()
    entry = gaz.lookup(text)
    if entry is not None and entry.type == "Country":
        return entry
    entry = gaz.demonym(text)
    return entry if entry is not None and entry.type == "Country" else None


def country_of_place(text: str) -> GazetteerEntry | None:
    """The country of a known city or region ("Baghdad" -> Iraq), or the country itself."""
    gaz = load_gazetteer()
    entry = gaz.lookup(text)
    if entry is None:
        return None
    if entry.type == "Country":
        return entry
    if entry.country:
        code = entry.country if ":" in entry.country else f"country:{entry.country}"
        return gaz.by_key.get(code)
    return None


def country_when(place: str, published: date | None) -> GazetteerEntry | None:
    """The country a place lay in when the story was written (``historical_states`` in
    events.json: Moscow is in the Soviet Union in 1987); a country stands for itself."""
    entry = country_of_place(place)
    if entry is None or published is None or country_entry(place) is not None:
        return entry
    code = entry.key.split(":")[-1]
    for row in load_rules("events.json").get("historical_states", []):
        if (isinstance(row, dict) and code in row.get("members", []) and published.isoformat() < str(row.get("until", ""))
                and (state := country_entry(str(row.get("state", "")))) is not None):
            return state
    return entry


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The subject tokens of a verb, inherited through conjunction, control and relative clauses."""
    found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if found:
        subj = found[0]
        if subj.lower_ in RELATIVE and verb.dep_ == "relcl":
            return [verb.head]
        return found
    if depth > 4:
        return []
    head = verb.head
    if head is verb:
        return []
    if verb.dep_ == "relcl":
        return [head]
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [head] if head.pos_ != "NOUN" or head.ent_type_ else []
    if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp", "prep", "pobj", "acomp", "dep"):
        if verb.dep_ == "xcomp":
            objects = [c for c in head.children if c.dep_ == "dobj"]
            if objects and head.lower_ not in ("expected", "due", "set", "scheduled"):
                return objects
        return subjects(head, depth + 1)
    return []


def governing_verb(token: Token, limit: int = 6) -> Token | None:
    """The nearest verb above a noun (the noun itself when it is a verb)."""
    cur = token
    for _ in range(limit):
        if cur.pos_ in ("VERB", "AUX") and cur is not token:
            return cur
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def conjuncts(token: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("Bush, Shultz and Baldrige")."""
    out = [token]
    for t in token.conjuncts:
        if t not in out:
            out.append(t)
    for child in token.children:  # appositive lists: "possessions -- Samoa, Guam"
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            out.extend(t for t in [child, *child.conjuncts] if t not in out)
    return out


class Actors:
    """Turns tokens into actor mentions for one article."""

    def __init__(self, doc: Doc, ctx: Context) -> None:
        self.doc, self.ctx = doc, ctx
        self.group_nouns = rule_words("events.json", "group_nouns")
        self.pair_nouns = rule_words("events.json", "pair_nouns")
        self.person_titles = rule_words("events.json", "person_titles")
        self._gender_cache: dict[str, str] | None = None

    # -- single tokens -------------------------------------------------------------------
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

    def _in_dateline(self, token: Token) -> bool:
        dl = self.ctx.article.dateline_place
        return bool(dl) and dl[1] <= token.idx < dl[2]

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
            near = [t for t in self.doc[max(root.left_edge.i, span.start - 5): span.start]]
            for child in root.children:
                if child.dep_ in ("appos", "prep") and child.i > root.i:
                    near.extend(child.subtree)
            if root.dep_ == "appos":
                near.extend(self.doc[root.head.left_edge.i: root.head.i + 1])
            for t in near:
                entry = country_entry(t.text) if t.pos_ in ("PROPN", "ADJ", "NOUN") else None
                if entry is not None and entry not in found:
                    found.append(entry)
        return found

    def _group(self, token: Token) -> Mention | None:
        low = token.lower_
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
        return None

    # -- named people and pronouns (events) ------------------------------------------------
    def of_named(self, token: Token) -> list[Mention]:
        """Like :meth:`of`, but a title set off by commas yields the person it names ("his
        counterpart, Ariel Sharon, and the leader, Mahmoud Abbas" -> Sharon, Abbas), and "he"/"she"
        go to a person of fitting gender who is not the clause's own subject."""
        out: list[Mention] = []
        for t in [*conjuncts(token), *self.dash_list(token)]:
            named = [a for a in t.children if a.dep_ == "appos"
                     and (m := self.ctx.mention_at(a, ("Person",))) is not None]
            items = named or [t]
            for item in items:
                if item.lower_ in PRONOUNS and item.i > 0:
                    found = [m] if (m := self.pronoun(item)) is not None else []
                elif item.lower_ in self.pair_nouns and any(c.lower_ in ("two", "both") for c in item.children):
                    found = self.recent_countries(item.idx)
                else:
                    found = [m] if (m := self.mention(item)) is not None else []
                for m in found:
                    if all((m.start, m.end) != (o.start, o.end) for o in out):
                        out.append(m)
        return out

    def pronoun(self, pronoun: Token) -> Mention | None:
        """The person "he"/"she"/"him"/"her" stands for: as :meth:`mention`, but skipping people of the
        other gender and, for an object, the subject of its own clause ("Gorbachev, who had talks
        with her" is not Gorbachev)."""
        female = pronoun.lower_ in ("she", "her", "hers")
        banned: set[str] = set()
        if pronoun.dep_ in ("pobj", "dobj"):
            verb = governing_verb(pronoun)
            for s in subjects(verb) if verb is not None else []:
                m = self.ctx.mention_at(s, ("Person", "Unknown"))
                if m is not None:
                    banned.add(_surname(m))

        # news names far more men than women: "she" goes to a known woman when there is one
        wanted = "f" if female else "m"
        strict = female and any(self.gender(m) == "f" for m in self.ctx.mentions if m.end <= pronoun.idx)

        def fits(m: Mention) -> bool:
            g = self.gender(m)
            return _surname(m) not in banned and (g == wanted or g is None and not strict)

        first = self.sentence_subject(pronoun)
        if first is not None and first.end <= pronoun.idx and fits(first):
            return first
        people = [m for m in self.ctx.mentions if m.end <= pronoun.idx and self._personlike(m) and fits(m)]
        for m in reversed(people):
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.root.dep_ in SUBJECT_DEPS:
                return m
        return people[-1] if people else None

    def gender(self, m: Mention) -> str | None:
        """"f" or "m" for a person when the article shows it (a style such as "Mrs" or "King" before
        the name, or "she"/"he" used right after the person as subject); None when unknown."""
        return self._genders().get(_surname(m))

    def _genders(self) -> dict[str, str]:
        if self._gender_cache is not None:
            return self._gender_cache
        female, male = rule_words("events.json", "female_styles"), rule_words("events.json", "male_styles")
        votes: dict[str, Counter[str]] = {}
        for m in self.ctx.mentions:
            if m.type != "Person":
                continue
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            before = [t.lower_ for t in self.doc[max(span.start - 3, 0): span.end]]
            key = _surname(m)
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

    def recent_countries(self, before: int, n: int = 2) -> list[Mention]:
        """The last ``n`` distinct countries named or implied by a demonym before an offset."""
        seen: dict[str, Mention] = {}
        for tok in reversed([t for t in self.doc if t.idx + len(t) <= before]):
            if tok.pos_ not in ("PROPN", "ADJ", "NOUN"):
                continue
            m = self._country_like(tok)
            if m is None:
                continue
            entry = country_entry(m.text)
            key = entry.key if entry else normalise(m.text)
            if key not in seen:
                seen[key] = m
            if len(seen) == n:
                break
        return list(seen.values()) if len(seen) == n else []

    # -- groups --------------------------------------------------------------------------
    def dash_list(self, token: Token) -> list[Token]:
        """The named items after a plural noun and a dash or colon, which the parser often leaves
        unattached: "three other possessions -- A, the B and C" -> A, B, C (up to the "and" item)."""
        doc = self.doc
        if token.tag_ != "NNS" or token.i + 2 >= len(doc) or doc[token.i + 1].text not in ("--", "\u2014", ":"):
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

    def of(self, token: Token) -> list[Mention]:
        """Actors for a token and its conjuncts, in order, without repeats."""
        out: list[Mention] = []
        for t in [*conjuncts(token), *self.dash_list(token)]:
            if t.lower_ in self.pair_nouns and any(c.lower_ in ("two", "both") for c in t.children):
                found = self.recent_countries(t.idx)
            else:
                m = self.mention(t)
                found = [m] if m is not None else []
            for m in found:
                if all((m.start, m.end) != (o.start, o.end) for o in out):
                    out.append(m)
        return out

    def in_premodifiers(self, token: Token) -> list[Mention]:
        """Actors named before a noun inside its phrase ("Iran-Iraq accord", "U.S.-Canadian talks")."""
        left = token.left_edge.i
        out: list[Mention] = []
        for t in self.doc[left:token.i]:
            if t.dep_ in ("det", "poss", "case") or t.is_punct:
                continue
            m = self.ctx.mention_at(t, ACTOR_TYPES)
            if m is None or m.type == "Unknown":
                m = self._country_like(t)
            found = [m] if m is not None and "-" not in m.text.strip("-") else self._hyphenated(t)
            for m in found:
                if all((m.start, m.end) != (o.start, o.end) for o in out):
                    out.append(m)
        return out

    def _hyphenated(self, token: Token) -> list[Mention]:
        """Countries inside one hyphenated token: "U.S.-Canadian" -> United States, Canada."""
        if "-" not in token.text:
            return []
        out, pos = [], token.idx
        for part in token.text.split("-"):
            if part and country_entry(part) is not None:
                span = self.doc[token.i: token.i + 1]
                out.append(Mention(part, "Country", pos, pos + len(part),
                                   self.ctx.evidence(span, pos, pos + len(part)), "rule"))
            pos += len(part) + 1
        return out if len(out) >= 2 else []


def same(a: Mention, b: Mention) -> bool:
    """Whether two mentions plainly name the same thing (same text or same country)."""
    na, nb = normalise(a.text), normalise(b.text)
    if na == nb:
        return True
    short, long_ = sorted((na, nb), key=len)
    if " " not in short and " " in long_ and (long_.split()[-1] == short or long_.split()[0] == short):
        return True  # "Larijani" and "Ali Larijani"
    if " " not in short and short == "".join(w[0] for w in long_.split() if w not in ("of", "and", "the")):
        return True  # "EC" and "European Community"
    ca, cb = country_entry(a.text), country_entry(b.text)
    return ca is not None and cb is not None and ca.key == cb.key


def _surname(m: Mention) -> str:
    """The last word of a name, normalised: the key under which one person's mentions meet."""
    return (normalise(m.text).split() or [""])[-1]
