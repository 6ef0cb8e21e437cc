"""Shared fixtures: the spaCy pipeline once per session, and sentence -> (Doc, Context) helpers."""

from __future__ import annotations

import signal
from datetime import date
from pathlib import Path

import pytest

from graph.extract import Context, families
from graph.nlp import load_pipeline
from graph.pipeline import extract_article
from graph.read import Article

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "kayhan-142517.txt"
SEED_GOLD = Path(__file__).resolve().parent / "data" / "kayhan-142517.gold.json"

# A test run started in the background of a non-interactive shell ("make test &") inherits SIGINT
# ignored, and so would every build and server the tests interrupt (an ignored signal survives exec):
# give them the default Ctrl-C, as a terminal's run has.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def parse_sentence(nlp):
    """text -> (doc, ctx) for a one-article text published on ``published`` (default 2025-08-12);
    the context holds every family's results, so any family's extractor can be called on it."""

    def _parse(text: str, published: date | None = date(2025, 8, 12), article_id: str = "t"):
        article = Article(id=article_id, text=text, published=published)
        doc = nlp(article.parse_text)
        ctx = Context(article)
        for family in families():
            ctx.record(family.name, family.extract(doc, ctx))
        return doc, ctx

    return _parse


@pytest.fixture(scope="session")
def extract_text(nlp):
    """text -> (facts, resolution) through the whole extraction flow for one article."""

    def _extract(text: str, published: date | None = date(2025, 8, 12), article_id: str = "t"):
        article = Article(id=article_id, text=text, published=published)
        return extract_article(nlp(article.parse_text), article)

    return _extract
