"""What kind of agreement, in what state, and when: the kind from the noun's modifiers ("security
agreement", "memorandum ... on energy"), the status from the verbs and words around it (signed,
agreed, proposed, negotiating, ended, rejected), the date from the clause."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.dates import date_near
from graph.extract.actors import country_entry
from graph.extract.tree import governing_verb, heads_around
from graph.facts import DateRef

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.extract.context import Context

STATUS_ORDER = ("rejected", "ended", "proposed", "negotiating", "agreed", "signed")


class KindAndStatus:
    """Kind, status and date for :class:`graph.extract.agreements.reader.AgreementReader`."""

    doc: Doc
    ctx: Context
    self_kind: dict[str, str]
    kind_adj: frozenset[str]
    kind_stop: frozenset[str]
    nouns: frozenset[str]
    cues: dict[str, frozenset[str]]
    kind_nouns: frozenset[str]
    kind_map: dict[str, str]
    kind_verbs: dict[str, str]
    complement_preps: frozenset[str]
    acl_cues: frozenset[str]
    generic_kinds: frozenset[str]
    singular: dict[str, str]
    near_words: frozenset[str]
    fail_words: frozenset[str]
    means_preps: frozenset[str]
    keep_verbs: frozenset[str]
    intent_words: frozenset[str]

    def kind(self, tok: Token) -> str:
        """The kind words before the noun, or in an "on/covering X" complement of the noun or of
        its verb ("signed a deal on tourism"), or in a "to VERB X" clause ("to reschedule debt")."""
        if tok.lower_ in self.self_kind:
            return self.self_kind[tok.lower_]
        picked: list[Token] = []
        for t in self.doc[tok.left_edge.i: tok.i]:
            if self._kind_word(t) or picked and t.text == "-":
                picked.append(t)
        if not picked:
            for obj in self.complements(tok):
                if obj.lower_ in self.generic_kinds:  # "covering industries including mining"
                    obj = next((p for c in obj.children if c.dep_ == "prep" and c.lower_ in ("including", "like")
                                for p in c.children if p.dep_ == "pobj"), obj)
                if (obj.pos_ == "NOUN" or obj.tag_ == "VBG") and not self.ctx.mention_at(obj) \
                        and obj.lower_ not in self.kind_stop:
                    picked = [t for t in obj.lefts if t.dep_ in ("compound", "amod", "conj") and self._kind_word(t)]
                    picked.append(obj)
                    break
        text = " ".join(self.self_kind.get(t.lower_, t.text) for t in picked).replace(" - ", "-").strip("- ")
        if not text:
            text = self.clause_kind([c for c in tok.children if c.dep_ == "acl" and c.pos_ == "VERB"
                                     and any(a.lower_ == "to" for a in c.children)])
        return self.mapped(" ".join(text.split()[-3:]).lower())

    def paired_kinds(self, tok: Token) -> list[str]:
        """ "agreements covering scientific and cultural exchanges": a plural deal noun whose subject
        joins two kind words makes one deal of each ("scientific exchanges", "cultural exchanges")."""
        if tok.lower_ not in self.singular:
            return []
        for obj in self.complements(tok):
            mods = [t for t in obj.lefts if t.dep_ in ("amod", "compound") and self._kind_word(t)]
            joined = [c for m in mods[:1] for c in m.conjuncts if c.is_alpha and c.lower_ not in self.kind_stop
                      and self.ctx.mention_at(c) is None and country_entry(c.text) is None]
            if len(mods) == 1 and joined:
                return [self.mapped(f"{m.lower_} {obj.lower_}") for m in sorted([mods[0], *joined], key=lambda t: t.i)]
            topics = [obj, *(c for c in obj.conjuncts if c.pos_ == "NOUN" and c.lower_ not in self.kind_stop
                             and self.ctx.mention_at(c) is None)]  # "agreements on trade and tourism"
            if not mods and len(topics) > 1 and obj.pos_ == "NOUN":
                return [self.mapped(t.lower_) for t in sorted(topics, key=lambda t: t.i)]
        return []

    def complements(self, tok: Token) -> list[Token]:
        """Objects of "on/covering/over X" after the noun, or after its verb when the noun is the
        verb's object ("signed a deal on China-UK tourism")."""
        holders = [tok]
        if tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
            holders.append(tok.head)
        out: list[Token] = []
        for holder in holders:
            for child in holder.children:
                if child.i < tok.i:  # "On the civilian front, Boeing announced a deal"
                    continue
                if child.dep_ == "prep" and child.lower_ in self.complement_preps:
                    out.extend(p for p in child.children if p.dep_ == "pobj")
                elif child.dep_ == "acl" and child.lower_ in self.complement_preps:  # "covering exchanges"
                    out.extend(p for p in child.children if p.dep_ == "dobj")
        return out

    def clause_kind(self, heads: list[Token]) -> str:
        """A kind noun inside a clause ("to reschedule Nigeria's debt" -> "debt rescheduling")."""
        for head in heads:
            for t in head.subtree:
                if t.lower_ in self.kind_nouns and t.pos_ in ("NOUN", "PROPN") and not self.ctx.mention_at(t) \
                        and not self._nested(t, head):
                    verb = self.kind_verbs.get(head.lower_, self.kind_verbs.get(head.lemma_.lower(), ""))
                    return f"{t.lower_} {verb}".strip()
        return ""

    @staticmethod
    def _nested(t: Token, head: Token) -> bool:
        """Whether a word sits in a clause of its own below ``head`` ("to charter tankers in a move to
        protect its oil exports": the oil is the move's, not the deal's)."""
        while t.i != head.i and t.head.i != t.i:
            t = t.head
            if t.i != head.i and t.pos_ in ("VERB", "AUX"):
                return True
        return False

    def mapped(self, kind: str) -> str:
        """A kind named by its subject matter ("missile reductions") as the usual kind ("arms control")."""
        for w in kind.replace("-", " ").split():
            if w in self.kind_map:
                return self.kind_map[w]
        return kind

    def _kind_word(self, t: Token) -> bool:
        if (t.lower_ in self.self_kind or t.lower_ in self.kind_giving_nouns) and t.dep_ in ("compound", "amod"):
            return True
        if not t.is_alpha or t.like_num or t.lower_ in self.kind_stop or t.lower_ in self.nouns:
            return False
        if self.ctx.mention_at(t) is not None or country_entry(t.text) is not None:
            return False
        if t.dep_ == "compound" and t.pos_ == "NOUN":
            return True
        return t.dep_ in ("amod", "compound", "nmod") and t.lower_ in self.kind_adj

    def status(self, tok: Token) -> str:
        near = [t for t in tok.children if t.dep_ in ("amod", "det", "acl", "relcl", "compound")]
        for acl in [t for t in near if t.dep_ in ("acl", "relcl")]:
            if acl.lower_ in self.acl_cues:  # "a deal that could be signed", not "a deal which could cost"
                near.extend(c for c in acl.children if c.dep_ in ("aux", "auxpass"))
        above, cur = heads_around(tok, 3, ("aux", "neg", "advmod"), lambda t: t.pos_ == "VERB")
        near.extend(above)
        low = {t.lower_ for t in near if not self.means_verb(tok, t)}
        if cur.dep_ == "xcomp" and cur.head.lower_ in self.fail_words and cur.lower_ in self.cues["signed"] | self.cues["agreed"]:
            return "rejected"  # "the talks failed to reach an accord"
        if self.nearly_reached(cur) or any(t.lower_ in self.near_words and t.i < tok.i for t in above):
            return "negotiating"  # also "X and Y came close to a deal"
        if self.means_verb(tok, tok.head.head) and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.head.head.children):
            return "proposed"  # "hopes to end the war through a deal with Y": not yet made
        if "to" in low and low & self.cues["negotiating"] or self.intended(cur):
            return "proposed"
        found = next((status for status in STATUS_ORDER if low & self.cues[status]), "signed")
        if found in ("signed", "agreed") and (any(t.dep_ == "neg" and t.head.lower_ not in self.keep_verbs
                                                  for t in above) or any(c.lower_ == "no" for c in tok.children)):
            return "proposed"  # "have never struck a peace treaty", "if no deal is reached": no deal made ("not living up to" one: made)
        return found

    def intended(self, verb: Token) -> bool:
        """A signing only hoped for, planned or expected ("X and Y hope to sign a deal", "are
        expected to sign", "are due to sign"): not made yet."""
        return verb.dep_ == "xcomp" and any(a.lower_ == "to" for a in verb.children if a.dep_ == "aux") \
            and verb.head.lower_ in self.intent_words

    def means_verb(self, tok: Token, t: Token) -> bool:
        """The verb a deal is the means of ("ended the dispute through a deal"): its word says what
        was done with the deal's help, not the deal's state."""
        return tok.dep_ == "pobj" and tok.head.lower_ in self.means_preps and t.i == tok.head.head.i

    def nearly_reached(self, verb: Token) -> bool:
        """A deal the parties are "close to reaching", "nearing" or "on the verge of signing": still
        being negotiated, not signed."""
        if verb.lower_ in self.near_words:
            return True
        up = [verb.head, verb.head.head] if verb.dep_ in ("pcomp", "xcomp") else []
        return any(t.lower_ in self.near_words for t in up)

    def date(self, tok: Token, status: str) -> DateRef | None:
        verb = governing_verb(tok)
        left = min(tok.left_edge.i, verb.left_edge.i if verb is not None else tok.i)
        right = max(tok.right_edge.i, verb.right_edge.i if verb is not None else tok.i)
        left = max(left, self.after_dateline(tok))
        span = self.doc[left: right + 1]
        return date_near(span.text, self.ctx.article.published, tok.idx, status == "proposed", span.start_char)

    def after_dateline(self, tok: Token) -> int:
        """The first token after a dateline's dash in tok's sentence ("PARIS, March 27 - ..."): the
        dateline's date is the story's, not the signing's."""
        end = self.ctx.article.dateline_end
        if not end or tok.sent.start_char >= end:
            return tok.sent.start
        return next((t.i for t in self.doc[tok.sent.start: tok.i + 1] if t.idx >= end), tok.sent.start)

