"""Personnel changes: whether a post was taken, left or held before ("was appointed", "resigned
as", "former"), and "X won the presidential election (in Y)", which names the office that kind of
election fills (``roles_elections.txt``), taken by the winner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.context import Context, token_positions
from graph.extract.roles.arguments import COPULAS, post_predicate
from graph.extract.roles.triggers import election_offices, predicate_verbs
from graph.facts import Mention, Role

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CONTESTS = ("election", "elections", "race", "vote", "runoff", "run-off", "ballot")
FORMER_WORDS = {"former", "ex", "onetime", "erstwhile", "then"}


def post_status(doc: Doc, head: Token, first: int) -> str | None:
    """ "former chairman", "ex-president" -> former; "the ousted president" -> ended; "was appointed / took over as chairman" ->
    started; "resigned / was fired as chairman" -> ended; "succeeded Y as" (active) -> started,
    "was replaced as" (passive) -> ended. None when the text says no change."""
    if any(t.lower_ in FORMER_WORDS for t in doc[max(first - 2, 0):head.i]) \
            or (head.dep_ == "attr" and COPULAS.get(head.head.lower_) == "former"):
        return "former"  # "the former chairman", "X was chairman of Y"
    verbs = predicate_verbs()
    if any(t.lower_ in verbs["ended"] and t.tag_ == "VBN" for t in doc[max(first - 2, 0):head.i]):
        return "ended"  # "the ousted president", "the sacked coach"
    verb = post_predicate(head) or object_verb(head)
    if verb is None:
        return None
    form = verb.lower_
    if form in verbs["succession"]:
        return "ended" if any(c.dep_ == "nsubjpass" for c in verb.children) else "started"
    if any(c.dep_ == "prt" and c.lower_ in ("in", "over", "up") for c in verb.children):
        return "started"  # "stepped in as", "took over as"
    return "ended" if form in verbs["ended"] else "started" if form in verbs["started"] else None


def object_verb(head: Token) -> Token | None:
    """ "the party ousted its leader, X", "Acme fired X, its chief executive", "the board fired
    Chief Executive X": the active verb whose object is the post or its holder (``object_holder``
    in ``roles_predicates.txt``)."""
    target = head.head if head.dep_ == "appos" else head
    named = target
    while target.dep_ == "compound" and target.head.i > target.i:
        target = target.head  # "fired Chief Executive Tom Reed": the name is the object
    verb = target.head
    if target.dep_ != "dobj" or verb.lower_ not in predicate_verbs()["object_holder"] or verb.tag_ == "VBN":
        return None
    if target is not named and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return None  # "appointed Foreign Minister X as envoy": the post taken is the envoy's
    return verb


def employer(ctx: Context, head: Token) -> tuple[str, Mention] | None:
    """Who gave or took the post ("Acme hired X as chief economist", "X was sacked as manager by
    Leeds United"): an organization (or a state) that appoints or dismisses is the post's."""
    verb = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "as" else None
    if verb is None or verb.lower_ not in predicate_verbs()["object_holder"]:
        return None
    if any(c.dep_ == "dobj" for c in verb.children):
        who = [c for c in verb.children if c.dep_ == "nsubj"]
    else:
        who = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    m = ctx.mention_at(who[0], ("Organization", "Country")) if who else None
    return ("organization" if m.type == "Organization" else "country", m) if m is not None else None


WINS = ("won", "wins")  # done, not hoped for ("hopes to win"); the pipeline has no lemmatizer


def election_winners(doc: Doc, ctx: Context) -> list[Role]:
    """ "Mira Dahl won the presidential election in Ruritania" -> Mira Dahl, President (Ruritania), started."""
    offices = election_offices()
    out: list[Role] = []
    for i in token_positions(doc, CONTESTS, dep=("dobj",)):
        contest, verb = doc[i], doc[i].head
        kind = next((c for c in contest.children if c.dep_ in ("amod", "compound") and c.lower_ in offices), None)
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if verb.lower_ not in WINS or kind is None or subj is None:
            continue
        person = ctx.mention_at(subj, ("Person",))
        if person is None:
            continue
        ev = ctx.evidence(doc[verb.i:i + 1], min(person.start, verb.idx), contest.idx + len(contest.text))
        out.append(Role(title=offices[kind.lower_], evidence=ev, person=person, country=contest_country(ctx, contest),
                        rule="roles.election.won", status="started"))
    return out


def contest_country(ctx: Context, contest: Token) -> Mention | None:
    """The country of an election: "Ruritania's presidential election", "the election in Ruritania"."""
    for child in (*contest.children, *contest.head.children):
        if child.dep_ == "poss":
            return ctx.mention_at(child, ("Country",))
        if child.dep_ == "prep" and child.lower_ == "in":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            return ctx.mention_at(obj, ("Country",)) if obj is not None else None
    return None
