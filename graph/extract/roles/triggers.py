"""Title phrases: the rules of ``titles.tsv`` and the word lists around them, the PhraseMatcher
that finds them, and a title's canonical spelling."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.rules import rule_lines, table, word_list

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

SMALL_WORDS = {"of", "the", "and", "for", "to"}


@dataclass(frozen=True)
class TitleRule:
    """One title phrase from the data file and what it may combine with."""

    phrase: str
    canonical: str
    flags: frozenset[str]


@lru_cache(maxsize=1)
def title_rules() -> dict[str, TitleRule]:
    """Title rules keyed by lower-case phrase, from ``ontology/rules/titles.tsv``."""
    rules = {}
    for row in table("titles.tsv"):
        phrase = (row.get("phrase") or "").strip().lower()
        if not phrase:
            continue
        flags = frozenset(f.strip() for f in (row.get("flags") or "").split(",") if f.strip())
        rules[phrase] = TitleRule(phrase, (row.get("canonical") or "").strip(), flags)
    return rules


def portfolios() -> frozenset[str]:
    """Portfolio words ("foreign", "oil", "agriculture") from ``roles_portfolios.txt``."""
    return word_list("roles_portfolios.txt")


@lru_cache(maxsize=1)
def beats() -> frozenset[str]:
    """Beat words before "beat" titles ("political editor"): ``roles_beats.txt`` plus portfolios."""
    return word_list("roles_beats.txt") | portfolios()


@lru_cache(maxsize=1)
def time_adjuncts() -> tuple[tuple[str, ...], ...]:
    """Time adjuncts between a title and ", <holder>" ("at the time", "in <DATE>"), as word tuples,
    from ``roles_time_adjuncts.txt``."""
    return tuple(tuple(line.lower().split()) for line in rule_lines("roles_time_adjuncts.txt"))


def units() -> frozenset[str]:
    """Parts of an organization a post may be "of" ("delegation", "team") from ``roles_units.txt``."""
    return word_list("roles_units.txt")


@lru_cache(maxsize=1)
def post_verbs() -> dict[str, str]:
    """Verb form -> title for posts stated by a relative clause ("who heads") from ``roles_verbs.txt``."""
    return {form: line.split()[0].title() for line in word_list("roles_verbs.txt") for form in line.split()[1:]}


@lru_cache(maxsize=1)
def election_offices() -> dict[str, str]:
    """Kind of election -> the office it fills ("presidential" -> President), from ``roles_elections.txt``."""
    return {kind.lower(): title.strip() for kind, _, title in (line.partition(" ") for line in rule_lines("roles_elections.txt"))}


@lru_cache(maxsize=1)
def country_posts() -> dict[str, frozenset[str]]:
    """ISO code -> lower-case titles only that country has, from ``roles_country_posts.txt``."""
    out: dict[str, frozenset[str]] = {}
    for line in rule_lines("roles_country_posts.txt"):
        if " " in line:
            code, titles = line.split(None, 1)
            out[code.upper()] = frozenset(t.strip().lower() for t in titles.split(",") if t.strip())
    return out


@lru_cache(maxsize=1)
def not_holder_words() -> frozenset[str]:
    """Last words of names no person bears ("General Election", "King Haakon Sound"), from
    ``roles_not_holders.txt``."""
    return word_list("roles_not_holders.txt")


def title_prefixes() -> frozenset[str]:
    """Words that may precede any title ("shadow", "acting") from ``roles_prefixes.txt``."""
    return word_list("roles_prefixes.txt")


def phrase_tokens(phrase: str) -> list[str]:
    """Split a phrase the way spaCy's tokenizer splits simple words and hyphens."""
    return phrase.replace("-", " - ").split()


def dot_variants(words: list[str]) -> list[list[str]]:
    """The word lists an abbreviation may be tokenized as: "Lt." "Col." or "Lt" "." "Col" "."."""
    out: list[list[str]] = [[]]
    for w in words:
        forms = [[w], [w[:-1], "."]] if w.endswith(".") and len(w) > 1 else [[w]]
        out = [prefix + form for prefix in out for form in forms]
    return out


@lru_cache(maxsize=4)
def title_phrase_matcher(vocab: Vocab) -> PhraseMatcher:
    """A PhraseMatcher for every title phrase (case-insensitive), keyed by the phrase."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    matcher = PhraseMatcher(vocab, attr="LOWER")
    for phrase in title_rules():
        forms = dot_variants(phrase_tokens(phrase))
        if not phrase.endswith("."):
            forms.append(phrase_tokens(plural_phrase(phrase)))
        matcher.add(phrase, [Doc(vocab, words=words) for words in forms])
    return matcher


def plural_phrase(phrase: str) -> str:
    """A title phrase with its last word in the plural ("commissioner" -> "commissioners",
    "chairman" -> "chairmen", "secretary" -> "secretaries")."""
    if phrase.endswith("man"):
        return phrase[:-3] + "men"
    if phrase.endswith("y") and phrase[-2:-1] not in "aeiou":
        return phrase[:-1] + "ies"
    return phrase + ("es" if phrase.endswith(("s", "x", "ch", "sh")) else "s")


@lru_cache(maxsize=1)
def plural_rules() -> dict[str, TitleRule]:
    """Title rules keyed by their plural phrase ("commissioners")."""
    return {plural_phrase(phrase): rule for phrase, rule in title_rules().items() if not phrase.endswith(".")}


def title_spans(doc: Doc) -> list[Span]:
    """Every title phrase in the text, alone and with each run of words that may precede it
    (up to two prefixes such as "acting", portfolios such as "Foreign", beats such as "defence")."""
    rules = title_rules()
    prefixes, folios, beat = title_prefixes(), portfolios(), beats()
    spans = []
    for match_id, start, end in title_phrase_matcher(doc.vocab)(doc):
        rule = rules[doc.vocab.strings[match_id]]
        lefts = {0} | set(leading_run(doc, start, prefixes))
        if "portfolio" in rule.flags:
            lefts |= set(leading_run(doc, start, folios | prefixes))  # "chief military spokesperson"
            if start >= 3 and doc[start - 2].lower_ == "and" and {doc[start - 1].lower_, doc[start - 3].lower_} <= folios:
                lefts.add(3)
        if "beat" in rule.flags:
            lefts |= set(leading_run(doc, start, beat | prefixes))
        spans += [doc[start - k: end] for k in sorted(lefts)]
    return spans


def leading_run(doc: Doc, start: int, words: frozenset[str]) -> list[int]:
    """How many tokens (1 or 2) just before ``start`` may be taken from ``words``."""
    taken = []
    for k in (1, 2):
        if start - k < 0 or doc[start - k].lower_ not in words:
            break
        taken.append(k)
    return taken


def title_case(words: list[str]) -> str:
    """ "secretary of state" -> "Secretary of State"; acronyms stay as written."""
    out = []
    for i, w in enumerate(words):
        if i and w.lower() in SMALL_WORDS:
            out.append(w.lower())
        else:
            out.append("-".join(p if p.isupper() and len(p) > 1 else p[:1].upper() + p[1:].lower()
                                for p in w.split("-")))
    return " ".join(out).replace(" - ", "-")


def rule_for(span: Span) -> TitleRule | None:
    """The rule of a matched title span (its head phrase, without portfolio words)."""
    rules = title_rules()
    words = [t.lower_ for t in span]
    for i in range(len(words)):
        phrase = " ".join(words[i:]).replace(" - ", "-").replace(" .", ".")
        rule = rules.get(phrase) or plural_rules().get(phrase)
        if rule is not None:
            return rule
    return None


def head_length(span: Span, rule: TitleRule) -> int:
    """How many tokens at the end of ``span`` are the rule's own phrase ("Sens" "." counts two)."""
    words = phrase_tokens(rule.phrase)
    tokens = [t.text for t in span]
    return max((len(v) for v in dot_variants(words)
                if [w.lower() for w in tokens[-len(v):]] == v), default=len(words))


def is_plural(span: Span) -> bool:
    """ "foreign ministers", "ambassadors": a group, not one post holder."""
    return span[-1].tag_ in ("NNS", "NNPS")

