"""Where a reported-speech verb's content lies, one handler per trigger label of
``ontology/rules/reported_speech.json``: each takes the verb and gives the token range
[start, end) of what was said, or None when the verb reports nothing here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from graph.extract.registry import TriggerHandlers
from graph.extract.speech.spans import child, extent, infinitive, without_that
from graph.rules import json_words

if TYPE_CHECKING:
    from spacy.tokens import Token

RULES = "reported_speech.json"
Content = Callable[["Token"], "tuple[int, int] | None"]
HANDLERS: TriggerHandlers[Content] = TriggerHandlers("speech")


@HANDLERS("clause")
def reported_clause(verb: Token) -> tuple[int, int] | None:
    """ "X said (that) the plan would fail" / "The plan will fail, X said" / "The plan, X said,
    will fail" (the verb set inside the clause it reports): the clause, without "that"."""
    clause = child(verb, "ccomp") or _medium_clause(verb)
    aside = clause is None and verb.dep_ == "parataxis"
    if aside:
        clause = verb.head
    if clause is not None and not aside and _subject_read_as_object(verb, clause) is not None:
        return _subject_read_as_object(verb, clause)
    if clause is None or not _finite_clause(clause):
        return None  # "told reporters to wait" is no statement of fact
    start, end = without_that(clause)
    doc = verb.doc
    if doc[start].tag_ in ("WP", "WDT", "WP$"):
        return None  # "a girl who X said Y loved": a relative clause, its antecedent outside
    if aside:  # the clause's verb follows the aside
        return (start, end) if start < verb.left_edge.i and verb.right_edge.i < end - 1 and clause.i > verb.i else None
    return (start, end) if clause.i > verb.i or end <= verb.i else None


def _subject_read_as_object(verb: Token, clause: Token) -> tuple[int, int] | None:
    """ "X tweeted the merger was off" parsed with "the merger" as the verb's object and "was off"
    a clause without a subject: the object and the clause together (never after a verb whose
    object is whom it addresses: "told reporters was" is no such clause)."""
    obj = child(verb, "dobj")
    if obj is None or obj.pos_ == "PRON" or verb.lower_ in json_words(RULES, "addressee_verbs") \
            or clause.pos_ not in ("VERB", "AUX") or obj.right_edge.i + 1 != clause.left_edge.i or clause.i < verb.i \
            or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "mark") or c.lower_ == "to" for c in clause.children):
        return None
    return obj.left_edge.i, extent(clause, clause)[1]


def _medium_clause(verb: Token) -> Token | None:
    """ "wrote in an email that the plan would end": the clause the parser hung on the medium
    noun as a relative clause ("that" its object); none when the verb has an object of its own or
    the clause handles the medium ("an email that she sent to staff")."""
    if child(verb, "dobj", "ccomp") is not None:
        return None
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "on")):
        noun = child(prep, "pobj")
        if noun is None or noun.lower_ not in json_words(RULES, "medium_nouns"):
            continue
        clause = child(noun, "relcl")
        first = clause.doc[clause.left_edge.i] if clause is not None else None
        if first is not None and first.lower_ == "that" and first.head == clause and first.dep_ in ("dobj", "mark") \
                and clause.lower_ not in json_words(RULES, "medium_relative_verbs"):
            return clause
    return None


def _finite_clause(clause: Token) -> bool:
    """A clause with a subject of its own: a verb's (or its auxiliary's: "the case was closed"
    parsed with the subject on "was"), or a word the parser mistagged that has its subject and an
    auxiliary or "that" ("that he 'd vote ..."); a "that" clause whose subject the parser lost
    after a verb that demands ("demanded that the chairman resign", "resign" read as a noun) is
    one too (not "reported that the air quality", a sentence cut short)."""
    owners = (clause, *(c for c in clause.children if c.dep_ in ("aux", "auxpass")))
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for t in owners for c in t.children):
        return clause.dep_ == "ccomp" and clause.head.lower_ in json_words(RULES, "mandative_verbs") \
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
    return clause.pos_ in ("VERB", "AUX") or any(c.dep_ in ("aux", "mark") for c in clause.children)


@HANDLERS("object_to")
def urged_to(verb: Token) -> tuple[int, int] | None:
    """ "X urged Y to ..." / "X called on Y to ...": who is urged and to do what."""
    clause = infinitive(verb)
    if clause is None:
        return None
    obj = child(verb, "dobj", "nsubjpass")  # "urged Y to" / "Y was urged (by X) to"
    if obj is None:
        on = child(verb, "prep", word="on")
        obj = child(on, "pobj") if on is not None else None
    if obj is not None and obj.dep_ == "nsubjpass":
        return obj.left_edge.i, extent(clause, clause)[1]
    return (obj.left_edge.i, extent(clause, clause)[1]) if obj is not None and obj.i < clause.i else None


@HANDLERS("object_of")
def accused_of(verb: Token) -> tuple[int, int] | None:
    """ "X accused Y of ...": the accused and the charge."""
    obj = child(verb, "dobj")
    of = child(verb, "prep", word="of") or (child(obj, "prep", word="of") if obj is not None else None)
    if obj is None or of is None or not list(of.children):
        return None
    return obj.left_edge.i, extent(of, of)[1]


@HANDLERS("call_for")
def called_for(verb: Token) -> tuple[int, int] | None:
    """ "X called for an immediate ceasefire" / "X asked for a recount": what is called for
    ("asked for" only with a subject of its own and never for comment: "when asked for comment")."""
    prep = child(verb, "prep", word="for")
    obj = child(prep, "pobj") if prep is not None else None
    if obj is not None and verb.lower_ in json_words(RULES, "question_verbs") and (
            obj.lower_ in ("comment", "comments") or verb.tag_ != "VBG" and child(verb, "nsubj") is None):
        return None
    return extent(obj, obj) if obj is not None else None


@HANDLERS("object")
def denied_claim(verb: Token) -> tuple[int, int] | None:
    """ "X denied the allegations (of ...)": only objects that are claims."""
    obj = child(verb, "dobj")
    if obj is None or obj.lower_ not in json_words(RULES, "claim_nouns"):
        return None
    return extent(obj, obj)


def _to_clause(verb: Token) -> Token | None:
    """The "to" clause a speaker commits to: an infinitive of its own ("vowed to retake the
    port") or a gerund after "to" ("admitted to hiring them")."""
    clause = infinitive(verb)
    if clause is not None and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return clause
    to = child(verb, "prep", word="to")
    return child(to, "pcomp", "pobj") if to is not None else None


@HANDLERS("to_clause")
def vowed_to(verb: Token) -> tuple[int, int] | None:
    """ "X vowed/pledged/threatened to ..." / "X admitted to hiring ...": what the speaker commits
    to or owns up to."""
    clause = _to_clause(verb)
    if clause is None or clause.i < verb.i or (clause.dep_ == "pobj" and clause.tag_ != "VBG"):
        return None
    return extent(clause, clause)


@HANDLERS("statement_object")
def announced_object(verb: Token) -> tuple[int, int] | None:
    """ "X reiterated his support for the plan" / "X urged closer ties with Oslo" / "X declared a
    state of emergency": the object is what was said (never a pronoun, and never with a "to"
    clause, which ``object_to`` reads)."""
    obj = child(verb, "dobj")
    if obj is None or obj.i < verb.i or obj.pos_ == "PRON" or infinitive(verb) is not None:
        return None
    if verb.lower_.startswith("declar") and obj.lower_ in json_words(RULES, "declared_not_said"):
        return None  # "declared the gifts", "declared a dividend": a disclosure, nothing said
    return extent(obj, obj)


LIE_FORMS = ("lie", "lies", "lying")  # also "lies in the valley": only with "to"/"about"


@HANDLERS("lie")
def lied(verb: Token) -> tuple[int, int] | None:
    """ "X lied (to Y) about ..." / "X misled the country": a statement whose speaker is the liar;
    the content is the predicate; a passive with its agent ("Y was misled by X") from Y on."""
    if verb.lower_ in LIE_FORMS:
        if not any(c.dep_ == "prep" and c.lower_ in ("to", "about") for c in verb.children):
            return None  # "the fort lies in the valley", "Underground lies a maze of pipes"
    elif verb.lower_ != "lied" and child(verb, "dobj") is None:
        misled = child(verb, "nsubjpass")  # "you will be deceived by X": X deceived
        if misled is None or child(verb, "agent") is None:
            return None  # "misled/deceived" need whom they misled
        return misled.left_edge.i, extent(verb, verb)[1]
    return verb.i, extent(verb, verb)[1]


@HANDLERS("false_words")
def false_words(word: Token) -> tuple[int, int] | None:
    """ "X's remarks are artfully deceiving" / "What X said was false": someone's words judged
    untrue; the content is the judged clause (the caller finds the words' owner)."""
    head = word
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    if head.dep_ == "acomp":
        head = head.head
    elif head.dep_ not in ("ROOT", "ccomp") or head.pos_ != "VERB":
        return None  # "a false claim", "the claims, false as they were"
    if child(word, "dobj") is not None:
        return None  # "deceiving voters": the lie handler's
    subject = child(head, "nsubj", "csubj")
    if subject is None or subject.i > word.i:
        return None
    return subject.left_edge.i, extent(word, word)[1]


@HANDLERS("noun")
def pledge_noun(noun: Token) -> tuple[int, int] | None:
    """ "X's pledge to cut taxes" / "a call by X for calm" / "X's warning that ...": the noun's
    "to", "for", "of" or "that" part (the owner is found by the caller)."""
    part = infinitive(noun) or next((c for c in noun.children if c.dep_ in ("acl", "ccomp")
                                      and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)), None)
    if part is None:
        prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "against")), None)
        part = child(prep, "pobj", "pcomp") if prep is not None else None
    if part is None or part.i < noun.i:
        return None
    return without_that(part)


@HANDLERS("oath")
def took_oath(verb: Token) -> tuple[int, int] | None:
    """ "X took the oath of office" / "X swore an oath to defend ..." / "the oath he took to
    defend ...": the oath sworn."""
    oath = child(verb, "dobj")
    if oath is None and verb.dep_ == "relcl" and not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        oath = verb.head  # "broke an oath he took to protect ...": the oath is the clause's antecedent
    return extent(oath, oath) if oath is not None and oath.lower_ in ("oath", "oaths") else None


@HANDLERS("question")
def asked_whether(verb: Token) -> tuple[int, int] | None:
    """ "X asked the minister whether the plan was legal" / "X asked why the talks failed": whom
    the question was put to and the question (the verb's own subject asks; "Asked whether ..., X
    said" is X being asked)."""
    subject = child(verb, "nsubj")
    if verb.tag_ != "VBG" and subject is None:
        return None
    if subject is not None and subject.i < verb.i and verb.doc[verb.i - 1].text == ",":
        return None  # "X, asked if ..., said": the participle of a question put to X
    clause = child(verb, "ccomp")
    if clause is None or clause.i < verb.i or not _finite_clause(clause):
        return None
    first = verb.doc[clause.left_edge.i]
    if first.lower_ not in ("whether", "if") and first.tag_ not in ("WRB", "WP"):
        return None
    obj = child(verb, "dobj", "dative")
    start = obj.left_edge.i if obj is not None and obj.i < clause.i else first.i
    return start, extent(clause, clause)[1]


def according_source(word: Token) -> Token | None:
    """X of "according to X"."""
    to = child(word, "prep", word="to")
    return child(to, "pobj") if to is not None else None


@HANDLERS("according_to")
def according_to(word: Token) -> tuple[int, int] | None:
    """ "Twenty people died, according to X" / "According to X, the talks will resume": the
    clause the phrase hangs on, without the phrase (kept whole when it sits inside: "The talks,
    according to X, will resume")."""
    clause = word.head
    if clause.dep_ in ("nsubj", "nsubjpass") and clause.i < word.i:
        clause = clause.head  # "The talks, according to X, will resume": the phrase hung on the subject
    if according_source(word) is None or clause is word or clause.pos_ not in ("VERB", "AUX") \
            or not _finite_clause(clause):
        return None
    start, end = extent(clause, clause)
    first, last = word.left_edge.i, word.right_edge.i
    if first <= start:
        start = last + 1
    elif last >= end - 1:
        end = first
    doc = word.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start < end and doc[start].tag_ in ("WP", "WDT", "WP$"):
        return None  # "groups which, according to X, were set up ...": a relative clause, its antecedent outside
    return (start, end) if start < end else None
