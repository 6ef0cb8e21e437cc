"""Types a name's own sentence gives it, over the small model's guess.

NER types each span by its letters and often calls a company a place ("Netflix") or a town a
person ("Grayvoron"). The words around a name say what it is: "the town of Grayvoron", "energy
company Burisma", "the Fine Gael party", "Ansar al-Sharia, an al-Qaeda-linked organization",
"companies such as Petronas and Proton". A cue is read from the parse (the noun must govern the
name or be governed by it), and what one mention's cue says holds for every mention of the same
name in the article; a name with cues for two types keeps what NER said.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.facts import Mention
from graph.gazetteer import Gazetteer, known_cities, normalise
from graph.rules import honorifics, json_words, predicate_verbs, speech_verbs, table, word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

RETYPED = ("Person", "Organization", "Place")
_LIST_HEADS = {"as": "such", "including": None, "like": None}
_NAMED_BEFORE = frozenset({"party", "parties", "movement", "militia"})  # "the X party", never "the X company"
_LIST_KINDS = {"PERSON": "Person", "GPE": "Place", "LOC": "Place"}
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
_CLAUSE_ROLES = frozenset({"nsubj", "nsubjpass", "dobj"})  # "the company Dara Quell founded"
_PLACE_PREPOSITIONS = frozenset({"in", "from", "of", "near", "outside", "inside", "to", "across"})


@lru_cache(maxsize=1)
def _cue_words() -> dict[str, str]:
    """Lower-case cue noun -> the type it gives (``place_nouns.txt``, ``organization_nouns.txt``)."""
    cues = {w: "Place" for w in word_list("place_nouns.txt")}
    cues.update({w: "Organization" for w in word_list("organization_nouns.txt")})
    return cues


@lru_cache(maxsize=1)
def _personal_posts() -> frozenset[str]:
    """Head words of the posts in ``titles.tsv`` that only a person holds: "director", "minister",
    "spokesman"; not those a body may be called too ("the bank's adviser", "the deal's owner")."""
    heads = {(row.get("phrase") or "").strip().lower().split()[-1] for row in table("titles.tsv") if row.get("phrase")}
    return frozenset(h for h in heads if not h.endswith(".")) - word_list("body_posts.txt")


def _cue_of(tok: Token | None) -> str | None:
    """The type a lower-case common noun gives a name it is tied to ("company", "vehicle-maker")."""
    if tok is None or not tok.is_lower or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if tok.lower_.endswith(("maker", "makers")):
        return "Organization"  # "carmaker", "vehicle-maker"
    return _cue_words().get(tok.lower_)


def _tied(a: Token, span: Span) -> bool:
    """Whether a noun and a name are one phrase: one governs the other in the parse."""
    return a.head in span or any(t.head == a for t in span)


def _first_conjunct(tok: Token) -> Token:
    """"Cape Town" of "from Cape Town, Johannesburg and Durban": where a list of names hangs."""
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    return tok


def _list_governor(root: Token) -> Token | None:
    """The noun a list of examples hangs from: "companies" of "companies such as X, Y and Z"."""
    first = _first_conjunct(root)
    prep = first.head
    if first.dep_ != "pobj" or prep.lower_ not in _LIST_HEADS:
        return None
    via = _LIST_HEADS[prep.lower_]
    if via is not None:
        prep = prep.head if prep.head.lower_ == via else prep
    return prep.head if prep.head != prep else None


def _list_type(root: Token) -> str | None:
    """The type every other member of a list of three or more names shares, by NER's labels:
    a name NER typed alone against its list is likelier the list's kind."""
    others = [t.ent_type_ for t in root.conjuncts if t.ent_type_ in _NAME_LABELS]
    if len(others) < 2 or len(set(others)) != 1:
        return None
    return _LIST_KINDS.get(others[0])


def _bare_name(span: Span) -> bool:
    """Capitalised words without an article, none a body's head ("Alexandra Field", "Gauteng";
    not "the Norland Council")."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ == "the":
        return False
    return all(t.is_title and t.lower_ not in word_list("organization_heads.txt") for t in span if not t.is_punct)


def _personal_pronoun_cue(span: Span) -> bool:
    """Whether a lone name is the one a he/she of its own clause stands for: "In his ABC interview,
    Trump dismissed ..." (a fronted phrase's his/her before the subject) or "Trump said he would ..."
    (the subject of what the name said). A company is "it"; a one-word name is where NER guesses."""
    root = span.root
    verb = root.head
    if len(span) != 1 or root.dep_ != "nsubj" or verb.pos_ not in ("VERB", "AUX"):
        return False
    fronted = [t for c in verb.children if c.dep_ == "prep" and c.i < span.start for t in c.subtree
               if t.dep_ == "poss" and t.lower_ in ("his", "her")]
    said = verb.lower_ in speech_verbs() and any(
        s.dep_ == "nsubj" and s.lower_ in ("he", "she") for c in verb.children if c.dep_ == "ccomp" and c.i > span.end
        for s in c.children)
    return bool(fronted or said) and not any(e.label_ == "PERSON" and e.start != span.start for e in span.sent.ents)


def _changes_post(span: Span) -> bool:
    """Whether a lone name is who resigned, retired or was fired ("Varga resigned", "fired Varga",
    "Varga's resignation"): only people go through those changes."""
    root = span.root
    head = root.head
    people = predicate_verbs()["change_people"]
    if len(span) != 1 or head.lower_ not in people:
        return False
    if head.pos_ == "NOUN":
        return root.dep_ == "poss" or (root.dep_ == "compound" and root.i == head.i - 1)
    if root.dep_ == "nsubj":
        return head.lower_ in predicate_verbs()["change_alone"] and not any(c.dep_ == "dobj" for c in head.children)
    return root.dep_ in ("dobj", "nsubjpass") and head.lower_ in predicate_verbs()["change_object"]


def _interviewed(span: Span) -> bool:
    """Whether a lone name is who gives an interview: "interviewed Varga", "Varga was interviewed",
    "In an interview, Varga said", "Varga's interview" (a company has spokespeople interviewed)."""
    root = span.root
    head = root.head
    words = json_words("events.json", "interview_words")
    if len(span) != 1:
        return False
    if head.lower_ in words:
        return root.dep_ == "dobj" and head.pos_ == "VERB" or root.dep_ == "nsubjpass" or root.dep_ == "poss"
    return root.dep_ == "nsubj" and any(
        c.dep_ == "prep" and c.lower_ in ("in", "during") and c.i < span.start and any(
            p.dep_ == "pobj" and p.lower_ in words for p in c.children) for c in head.children)


def _remembers(span: Span) -> bool:
    """Whether a lone name recalls or remembers without an object ("..., Heede recalls", "Varga
    remembered"): memory is a person's ("Acme recalled 1m cars" has an object)."""
    root = span.root
    verb = root.head
    return len(span) == 1 and root.dep_ == "nsubj" and verb.pos_ == "VERB" \
        and verb.lower_ in json_words("events.json", "memory_verbs") and not any(c.dep_ == "dobj" for c in verb.children)


def _relative_pronoun(span: Span) -> str | None:
    """The relative pronoun of a clause set off after a name: "Kerr, who said ..." is a person,
    "Euronext, which combines ..." is not."""
    after = span.doc[span.end: span.end + 2]
    if len(after) < 2 or after[0].text != "," or after[1].lower_ not in ("who", "which") or span.root.dep_ == "pobj":
        return None  # "X, deputy director of Comecon, who heads ...": the clause may be X's
    return after[1].lower_ if after[1].head.dep_ == "relcl" and after[1].head.head in span else None


def cue_type(span: Span, full_name: bool = False) -> str | None:
    """The type the words around a name give it, or None when they say nothing (or disagree). A
    noun just before a person's full name is too often a parse's slip ("the company Dara Quell
    founded") to count."""
    doc = span.doc
    found = set()
    before = doc[span.start - 1] if span.start > 0 else None
    clause_after = span.end < len(doc) and doc[span.end].pos_ == "VERB" and (doc[span.end].dep_ in (
        "acl", "advcl", "relcl") or doc[span.end].tag_ in ("VBD", "VBZ", "VBP"))  # "the company Dara Quell
    # founded": the name may be the subject of the verb after it
    if full_name and before is not None and (clause_after or not (before.dep_ == "compound" and before.head in span)):
        before = None  # "water firm Aguas Argentinas" is tied; "the company Dara Quell founded" is not
    after = doc[span.end] if span.end < len(doc) else None
    kind = _cue_of(before)
    if kind is not None and before is not None and (_tied(before, span) or span.root.dep_ not in _CLAUSE_ROLES):
        found.add(kind)  # "energy company Burisma", even where the parse lost the tie
    kind = _cue_of(after)
    if kind is not None and after is not None and _tied(after, span) and (
            kind == "Place" or after.lower_ in _NAMED_BEFORE):
        found.add(kind)  # "the Kunene region", "the Fine Gael party"; not "the South Yorkshire company"
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and _cue_of(doc[span.start - 2]) == "Place":
        found.add("Place")  # "the town of Grayvoron"
    root = span.root
    beside = [c for c in root.children if c.dep_ == "appos" and c.left_edge.i <= span.end + 1
              and c.left_edge.pos_ == "DET"]  # ", an al-Qaeda-linked organization", not ", Florida-based firm"
    for tok in (*beside, root.head if root.dep_ == "appos" and (
            not full_name or root.head.i == span.start - 1 and not clause_after) else None):
        if tok is not None and tok not in span and (kind := _cue_of(tok)) is not None:
            found.add(kind)  # "Ansar al-Sharia, an al-Qaeda-linked organization"
    if any(tok.lower_ in _personal_posts() for tok in beside):
        found.add("Person")  # "Rodrigo de Rato, the IMF's managing director,"
    kind = _list_type(root)
    if kind is not None and _bare_name(span) and (kind != "Person" or 2 <= len(span) <= 3):
        found.add(kind)  # "Jason Carroll, Ben Brumfield, Alexandra Field and Greg Botelho"
    governor = _list_governor(root)
    if (kind := _cue_of(governor)) is not None:
        found.add(kind)  # "companies such as Petronas, Proton and others"
    first = _first_conjunct(root)
    if len(span) == 1 and span.text in known_cities() and doc[first.left_edge.i].lower_ != "the" and (
            (first.dep_ == "pobj" and first.head.lower_ in _PLACE_PREPOSITIONS)
            or (root.dep_ == "compound" and root.head.pos_ == "NOUN")):
        found.add("Place")  # "in Columbia", "a Durban author": a city's name where a place stands
    if _personal_pronoun_cue(span) or _changes_post(span) or _interviewed(span) or _remembers(span) \
            or _relative_pronoun(span) == "who":
        found.add("Person")
    return found.pop() if len(found) == 1 else None


def typed_by_cues(doc: Doc, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """The mentions with every name the gazetteer does not know retyped as its cues say, in all of
    its mentions; honorific forms ("Mr Grey") and names with conflicting cues stay as they are."""
    said: dict[str, set[str]] = {}
    for m in mentions:
        if m.type not in (*RETYPED, "Unknown") or m.source not in ("ner", "consistency") or gaz.lookup(m.text) is not None \
                or m.text.split()[0] in honorifics() or m.text.split()[0].rstrip(".") in honorifics():
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        kind = cue_type(span, m.type == "Person" and " " in m.text) if span is not None else None
        if kind is None and m.type == "Person" and span is not None and _relative_pronoun(span) == "which":
            kind = "Organization"  # "Euronext, which combines ...": a person is "who"; a place NER rarely calls a person
        if kind is not None and (m.type != "Unknown" or kind == "Person"):  # NER's NORP guess may be a person
            said.setdefault(normalise(m.text), set()).add(kind)
    decided = {name: kinds.pop() for name, kinds in said.items() if len(kinds) == 1}
    if not decided:
        return mentions
    out = []
    for m in mentions:
        kind = decided.get(normalise(m.text))
        if kind is not None and m.type in (*RETYPED, "Unknown") and m.type != kind and m.source in ("ner", "consistency") \
                and (m.type != "Unknown" or kind == "Person"):
            m = replace(m, type=kind, source="cue")
        out.append(m)
    return out
