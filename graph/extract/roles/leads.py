"""A lead's unnamed post named in the next sentence: "India's defence minister has opened the air
show. Pranab Mukherjee said ..." (a news lead names the post; the story then names its holder)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from graph.extract.context import text_of
from graph.extract.roles.passes import last_word, paragraph, quoted
from graph.facts import Role
from graph.rules import address_forms

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from graph.extract.context import Context
    from graph.facts import Mention


def named_next(doc: Doc, ctx: Context, roles: list[Role], unnamed: list[Role]) -> tuple[list[Role], list[Role]]:
    """Unnamed holders the very next sentence names as its subject (a full name the article has not
    given before and gives no post of its own); returns (those named, the rest)."""
    named: list[Role] = []
    rest: list[Role] = []
    for role in unnamed:
        person = _next_subject(doc, ctx, roles, role)
        if person is not None and all(last_word(r.person) != last_word(person) for r in named if r.person):
            named.append(replace(role, person=person, rule="roles.named_next"))
        else:
            rest.append(role)
    return named, rest


def _next_subject(doc: Doc, ctx: Context, roles: list[Role], role: Role) -> Mention | None:
    span = doc.char_span(role.evidence.start, role.evidence.end, alignment_mode="expand")
    if span is None or span.sent.end >= len(doc):
        return None
    sent, nxt = span.sent, doc[span.sent.end].sent
    text = text_of(doc)
    if paragraph(text, nxt.start_char) - paragraph(text, sent.start_char) > 1 \
            or quoted(text, nxt.start_char, nxt.end_char):
        return None
    subject = next((t for t in nxt if t.dep_ == "nsubj" and t.head.i == nxt.root.i), None)
    person = ctx.mention_at(subject, ("Person",)) if subject is not None else None
    if person is None:
        return None
    name = [t for t in subject.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    if not name or len(name) != subject.i - name[0].i:
        return None  # a full name, its words the subject's own
    if any(t.i < name[0].i and t.lower_.rstrip(".") not in address_forms() for t in subject.lefts):
        return None  # "Analyst Jo Kerr said": a title of its own ("Dr Jo Kerr" has none)
    if person.start > name[0].idx:  # NER kept the surname alone
        person = ctx.mention_for_span(doc[name[0].i: subject.i + 1], "Person")
    first = min((m.start for m in ctx.mentions if m.type == "Person" and nxt.start_char <= m.start < nxt.end_char),
                default=person.start)
    surname = last_word(person)
    if first < person.start or any(m.type == "Person" and m.end <= sent.end_char and last_word(m) == surname
                                   for m in ctx.mentions):
        return None
    if any(r.person is not None and last_word(r.person) == surname for r in roles):
        return None
    return person
