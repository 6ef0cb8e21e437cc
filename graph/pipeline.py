"""The whole flow for a stream of articles: parse -> extract -> resolve -> RDF.

Articles stream through ``nlp.pipe``; each ``Doc`` is turned into facts and triples and then
dropped, so memory stays bounded whatever the corpus size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.article import Article, ArticleError, iter_articles
from graph.extract import FACT_EXTRACTORS, Context, extract_mentions
from graph.facts import ArticleFacts, Mention
from graph.resolve import Resolution, resolve_mentions

if TYPE_CHECKING:
    from rdflib import Dataset
    from spacy.tokens import Doc


@dataclass
class BuildReport:
    """What a build did: articles read, problems met (one line each)."""

    articles: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def extract_article(doc: Doc, article: Article) -> tuple[ArticleFacts, Resolution]:
    """All facts of one parsed article, with its mentions resolved into entities."""
    ctx = Context(article, [])
    mentions = extract_mentions(doc, ctx)
    ctx = Context(article, mentions)
    facts = ArticleFacts(article.id, mentions=mentions)
    facts.roles = FACT_EXTRACTORS["roles"](doc, ctx)
    facts.events = FACT_EXTRACTORS["events"](doc, ctx)
    facts.agreements = FACT_EXTRACTORS["agreements"](doc, ctx)
    facts.quotes = FACT_EXTRACTORS["quotes"](doc, ctx)
    res = resolve_mentions([*mentions, *_fact_mentions(facts)], article.text)
    facts.entities = list(res.entities.values())
    return facts, res


def _fact_mentions(facts: ArticleFacts) -> Iterator[Mention]:
    """Mentions that only a fact refers to (e.g. "Lebanese officials" as Lebanon)."""
    for role in facts.roles:
        yield from (m for m in (role.person, role.organization, role.country, role.to) if m)
    for event in facts.events:
        yield from event.participants
        yield from (m for m in (event.place, event.proposed_by) if m)
    for agreement in facts.agreements:
        yield from agreement.parties
    for quote in facts.quotes:
        if quote.speaker:
            yield quote.speaker


def articles_and_errors(paths: Iterable[str], report: BuildReport) -> Iterator[Article]:
    """Good articles from the inputs; each bad one is recorded in the report and skipped."""
    for item in iter_articles(paths):
        if isinstance(item, ArticleError):
            report.skipped.append(str(item))
            continue
        report.warnings.extend(item.warnings)
        yield item


def build_dataset(paths: Iterable[str], model: str | None = None, ds: Dataset | None = None,
                  report: BuildReport | None = None,
                  progress: Callable[[Article], None] | None = None) -> tuple[Dataset, BuildReport]:
    """Build (or extend) a dataset from files and folders of articles."""
    from graph.nlp import PIPE_BATCH_SIZE, load_pipeline
    from graph.rdf import add_article, new_dataset

    ds = ds if ds is not None else new_dataset()
    report = report or BuildReport()
    nlp = load_pipeline(model)
    stream = ((a.parse_text, a) for a in articles_and_errors(paths, report))
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=PIPE_BATCH_SIZE):
        facts, res = extract_article(doc, article)
        add_article(ds, article, facts, res)
        report.articles.append(article.id)
        if progress:
            progress(article)
    return ds, report
