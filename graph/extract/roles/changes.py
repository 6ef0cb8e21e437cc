"""Personnel changes: whether a post was taken, left or held before ("was appointed", "resigned
as", "former"), and "X won the presidential election (in Y)", which names the office that kind of
election fills (``roles_elections.txt``), taken by the winner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.context import Context, token_positions
from graph.extract.roles.arguments import COPULAS, post_predicate
from graph.extract.roles.triggers import election_offices
from graph.facts import Mention, Role
from graph.rules import predicate_verbs

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CONTESTS = ("election", "elections", "race", "vote", "runoff", "run-off", "ballot")
FORMER_WORDS = {"former", "ex", "onetime", "erstwhile", "then"}


def post_status(doc: Doc, head: Token, first: int) -> str | None:
    """ "former chairman", "ex-president", "ex-Labour chancellor" -> former; "the ousted president" -> ended; "was appointed / took over as chairman" ->
    started; "resigned / was fired as chairman" -> ended; "succeeded Y as" (active) -> started,
    "was replaced as" (passive) -> ended. None when the text says no change."""
    if any(t.lower_ in FORMER_WORDS for t in doc[max(first - 3, 0):head.i]) \
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


_MODALS = frozenset({"would", "could", "should", "might", "may", "must", "can", "'d"})
_JOB_OBJECTS = frozenset({"job", "jobs", "post", "position", "role", "seat", "office"})


def unnamed_post_changes(doc: Doc, ctx: Context, roles: list[Role]) -> list[Role]:
    """Posts taken or left whose title the text does not give: "X resigned", "Acme fired X", "X
    was ousted", "the retiring X", "X's resignation", "the firing of X". Each is a role with an
    empty title and the change as its status (a person whose post the same sentence names has it
    already, with its title). Negated, modal, asked-for or refused changes are none ("did not
    resign", "should resign", "urged X to resign", "called for X's resignation")."""
    verbs = predicate_verbs()
    titled = {(r.person.start, r.evidence.sentence) for r in roles if r.person is not None}
    out: list[Role] = []
    words = verbs["change_noun"] | verbs["change_alone"] | verbs["change_object"]
    for i in token_positions(doc, words, pos=("NOUN", "VERB", "ADJ")):
        tok = doc[i]
        form = tok.lower_
        if form in verbs["change_noun"] and tok.pos_ == "NOUN":
            holders = _noun_holders(tok)
        elif form in verbs["change_alone"] and tok.pos_ in ("VERB", "ADJ"):
            holders = _alone_holders(tok)
        elif form in verbs["change_object"] and tok.pos_ == "VERB":
            holders = _object_holders(tok)
        else:
            continue
        if not holders or _no_change(tok, verbs):
            continue
        status = "ended" if form in verbs["ended"] else "started"
        for holder in holders:
            person = ctx.mention_at(holder, ("Person",))
            if person is None:
                continue
            ev = ctx.evidence(doc[tok.i:tok.i + 1], min(person.start, tok.idx), max(person.end, tok.idx + len(tok.text)))
            if (person.start, ev.sentence) in titled:
                continue
            titled.add((person.start, ev.sentence))
            out.append(Role(title="", evidence=ev, person=person, organization=_changed_by(ctx, tok),
                            rule=f"roles.change.{form}", status=status))
    return out


def _with_conjuncts(tok: Token) -> list[Token]:
    """A holder and those joined to it ("Creamer, as well as Foval, were ousted"); a relative
    pronoun stands for what its clause hangs on ("X, a rower who retired"; an apposition's name)."""
    if tok.lower_ in ("who", "that") and tok.head.dep_ == "relcl":
        tok = tok.head.head
        while tok.dep_ == "appos":
            tok = tok.head
    return [tok, *tok.conjuncts]


def _holders(verb: Token, dep: str) -> list[Token]:
    """The verb's subjects of one kind, or for a participle adjunct with none, its clause's subject
    ("X fled Kyiv, ousted by a revolt")."""
    found = [s for c in verb.children if c.dep_ == dep for s in _with_conjuncts(c)]
    if not found and verb.dep_ == "advcl" and verb.tag_ == "VBN" and dep == "nsubjpass":
        found = [s for c in verb.head.children if c.dep_ == "nsubj" for s in _with_conjuncts(c)]
    return found


def _noun_holders(noun: Token) -> list[Token]:
    """ "X's resignation", "the resignation of X", "the Comey firing"."""
    for c in noun.children:
        if c.dep_ == "poss" and c.pos_ == "PROPN":
            return _with_conjuncts(c)
        if c.dep_ == "prep" and c.lower_ == "of":
            return [p for o in c.children if o.dep_ == "pobj" for p in _with_conjuncts(o)]
        if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == noun.i - 1:
            return [c]
    return []


def _alone_holders(tok: Token) -> list[Token]:
    """ "X resigned", "X retired from the bench", "X stepped down", "the retiring X"; not "X quit
    smoking", "X stepped in", "X's retired colleague"."""
    if tok.dep_ == "amod":
        return [tok.head] if tok.head.pos_ == "PROPN" and tok.i < tok.head.i else []
    if tok.lower_ in ("stepped", "steps", "step") and not any(
            c.dep_ in ("prt", "advmod") and c.lower_ in ("down", "aside") for c in tok.children):
        return []
    if any(c.dep_ == "dobj" and c.lower_ not in _JOB_OBJECTS for c in tok.children):
        return []
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children):
        return []  # "resigned as chairman": the titled role has it
    return _holders(tok, "nsubj")


def _object_holders(verb: Token) -> list[Token]:
    """ "Acme fired X", "X was fired (by Acme)"; not "fired X as coach" (the titled role has it)."""
    if any(c.dep_ == "prep" and c.lower_ in ("as", "to") for c in verb.children) or any(
            c.dep_ == "oprd" for c in verb.children):
        return []  # "appointed X as / to the board", "elected X president": the titled role has it
    passive = verb.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in verb.children)
    return _holders(verb, "nsubjpass" if passive else "dobj")


def _no_change(tok: Token, verbs: dict[str, frozenset[str]]) -> bool:
    """Negated, modal, conditional, asked for or refused: the text does not say it happened."""
    head = tok.head if tok.dep_ in ("amod", "compound") else tok
    if any(c.dep_ == "neg" or c.lower_ in _MODALS or (c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless"))
           for c in head.children):
        return True
    up = head
    for _ in range(3):
        if up.dep_ in ("ROOT",) or up.head is up:
            break
        if up.dep_ in ("xcomp", "ccomp", "pobj", "dobj", "advcl") and up.head.lower_ in verbs["change_skip"]:
            return True
        if up.dep_ == "pobj" and up.head.lower_ == "for":
            return True  # "calls for his resignation"
        if up.dep_ == "attr" and any(c.dep_ == "nsubj" and c.lower_ in verbs["change_skip"] for c in up.head.children):
            return True  # "their demand was his dismissal"
        up = up.head
    return False


def _changed_by(ctx: Context, verb: Token) -> Mention | None:
    """The organization that hired or fired (the active verb's subject, the passive's agent) or that
    was left ("resigned from Acme")."""
    for c in verb.children:
        if c.dep_ == "nsubj" and c.lower_ not in ("he", "she"):
            found = ctx.mention_at(c, ("Organization",))
            if found is not None and verb.lower_ in predicate_verbs()["change_object"]:
                return found
        if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "from"):
            for p in c.children:
                if p.dep_ == "pobj" and (found := ctx.mention_at(p, ("Organization",))) is not None:
                    return found
    return None
