"""The whole flow for a stream of articles: parse -> extract -> resolve -> RDF -> store.

Articles stream through ``nlp.pipe`` in batches; each ``Doc`` is turned into facts and the
N-Triples of its article's named graph and then dropped, so memory stays bounded whatever the
corpus size. With one job, this process parses and a second one extracts: each parsed batch goes
there as ``Doc.to_bytes`` while the next batch is parsed, so extraction and RDF cost little wall
time (a build of one batch stays in one process). With ``jobs > 1``, batches go to worker processes
that parse and extract (each loads the model once). Results come back in input order, so a build
is the same whatever the number of jobs.

One bad record costs only itself: when spaCy, extraction or RDF fails on an article, or the
store cannot read its graph, it is skipped with one line naming its file (and line) and the rest
of its batch goes on. Ctrl-C stops a build after storing what was already parsed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from graph.background import run_in_background
from graph.extract import Context, families
from graph.extract.context import remember_text
from graph.extract.headline import (
    add_headline_facts,
    headline_of,
    headline_start,
    split_headline,
    text_to_parse,
)
from graph.facts import ArticleFacts, Mention
from graph.read import Article, ArticleError, iter_articles
from graph.resolve import Resolution, resolve_mentions

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from rdflib import Dataset
    from rdflib.term import Node
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from graph.storewriter import ArticleWriter

GC_YOUNG_THRESHOLD = 10_000  # allocations between young-generation collections (Python's default: 700)
WORKER_BATCHES_AHEAD = 3  # batches queued per worker: keeps workers busy, memory bounded
STOP_WAIT = 3.0  # seconds a worker gets to end its batch after a stop before it is terminated
DOC_EXCLUDE = ("tensor",)  # what a one-job build leaves out of the Docs it sends to extraction


@dataclass
class BuildReport:
    """What a build did: articles read, problems met (one line each)."""

    articles: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # cross-article merges, with their reasons


def extract_article(doc: Doc, article: Article) -> tuple[ArticleFacts, Resolution]:
    """All facts of one parsed article, with its mentions resolved into entities."""
    parsed = text_to_parse(article)
    if not len(doc) or doc[-1].idx + len(doc[-1].text_with_ws) != len(parsed):
        parsed = article.parse_text  # a Doc of the body alone: no headline to read
    remember_text(doc, parsed)
    ctx = Context(article)
    found: dict[str, list] = {}
    for family in families():  # each after the families it requires; results reach them via ctx
        ctx.record(family.name, family.extract(doc, ctx))
        found[family.assigns] = ctx.results[family.name]
    start = headline_start(article, parsed)
    headline: dict[str, list] = {}
    if start is not None:
        found, headline = split_headline(found, start, headline_of(article))
    facts = ArticleFacts(article.id, **found)
    res = resolve_mentions([*facts.mentions, *_fact_mentions(facts),
                            *_fact_mentions(ArticleFacts(article.id, **headline))], article.text,
                           published=article.published)
    if headline:
        add_headline_facts(facts, headline, lambda m: (ent.key if (ent := res.entity_of(m)) else m.text.lower()))
        res = resolve_mentions([*facts.mentions, *_fact_mentions(facts)], article.text, published=article.published)
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
    for quote in (*facts.quotes, *facts.statements):
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
    from graph.vocab import graph_iri

    ds = ds if ds is not None else new_dataset()
    report = report or BuildReport()
    nlp = load_pipeline(model)
    for batch in batches(articles_and_errors(paths, report), PIPE_BATCH_SIZE):
        for article, doc in parsed_docs(nlp, batch):
            if isinstance(doc, str):
                report.skipped.append(doc)
                continue
            try:
                facts, res = extract_article(doc, article)
                add_article(ds, article, facts, res)
            except Exception as exc:  # one bad article must not stop a build
                ds.remove_graph(graph_iri(article.id))
                report.skipped.append(failure(article, "extraction", exc))
                continue
            report.articles.append(article.id)
            if progress:
                progress(article)
    return ds, report


def failure(article: Article, stage: str, exc: BaseException) -> str:
    """One line saying which article (file, and line for a JSONL record) failed where and why."""
    from graph.errors import first_line

    return f"{article.path or article.id}: {stage} failed ({type(exc).__name__}: {first_line(exc)})"


def parsed_docs(nlp: Language, articles: list[Article]) -> Iterator[tuple[Article, Doc | str]]:
    """Each article of a batch with its ``Doc``, or with a one-line error when spaCy fails on it.

    The batch goes through ``nlp.pipe``; if that fails, the articles it had not yet returned are
    parsed one at a time, so only the article spaCy cannot read is lost (e.g. a lone surrogate).
    """
    done = 0
    try:
        for doc in nlp.pipe((text_to_parse(a) for a in articles), batch_size=len(articles)):
            yield articles[done], doc
            done += 1
    except Exception:  # noqa: BLE001, S110 - found and reported article by article below
        pass
    for article in articles[done:]:
        try:
            doc = nlp(text_to_parse(article))
        except Exception as exc:  # noqa: BLE001 - spaCy's failures on odd text have many types
            yield article, failure(article, "parsing", exc)
            continue
        yield article, doc


def batch_ntriples(nlp: Language, articles: list[Article]) -> Iterator[bytes | str]:
    """The N-Triples of each article of a batch, or a one-line error where it failed."""
    for article, doc in parsed_docs(nlp, articles):
        yield doc if isinstance(doc, str) else safe_ntriples(doc, article)


def safe_ntriples(doc: Doc, article: Article) -> bytes | str:
    """``article_ntriples``, or a one-line error when extraction fails on this article."""
    try:
        return article_ntriples(doc, article)
    except Exception as exc:  # one bad article must not stop a corpus build
        return failure(article, "extraction", exc)


def article_ntriples(doc: Doc, article: Article) -> bytes:
    """One parsed article as the N-Triples of its named graph."""
    from graph.rdf import add_article, new_dataset

    facts, res = extract_article(doc, article)
    sink = _TripleSink()
    try:
        add_article(sink, article, facts, res)  # type: ignore[arg-type]
        triples: Iterable = sink.triples
    except (AttributeError, TypeError):  # graph.rdf needs more of a Dataset than add(): use one
        triples = add_article(new_dataset(), article, facts, res)
    return "".join(f"{_nt_term(s)} {_nt_term(p)} {_nt_term(o)} .\n" for s, p, o in triples).encode("utf-8")


@lru_cache(maxsize=1 << 16)
def _nt_term(term: Node) -> str:
    """A term as N-Triples writes it (rdflib's own formatting), made once for the terms that recur."""
    from rdflib import Literal
    from rdflib.plugins.serializers.nt import _quoteLiteral

    return _quoteLiteral(term) if isinstance(term, Literal) else term.n3()


class _TripleSink:
    """Collects the triples ``graph.rdf.add_article`` writes, without an rdflib store (3x faster)."""

    def __init__(self) -> None:
        self.triples: set[tuple] = set()

    def remove_graph(self, _gid: object) -> None:
        self.triples.clear()

    def graph(self, _gid: object) -> _TripleSink:
        return self

    def add(self, triple: tuple) -> _TripleSink:
        self.triples.add(triple)
        return self


def batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Lists of ``size`` articles (the last shorter), taken lazily from ``items``."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def parse_batch(articles: list[Article], model: str | None = None) -> list[bytes | str]:
    """Parse and extract a batch of articles (what a worker process runs); after a stop request
    the batch ends at the next article and returns what it parsed so far."""
    from graph.nlp import load_pipeline

    stop = _WORKER_STATE.get("stop")
    parsed: list[bytes | str] = []
    for ntriples in batch_ntriples(load_pipeline(model), articles):
        parsed.append(ntriples)
        if stop is not None and stop.is_set():
            break
    return parsed


# A worker process's own state, set once by its initializer: the pool's stop flag.
_WORKER_STATE: dict[str, Any] = {}


def _load_worker(model: str | None, stop: Any = None, parses: bool = True) -> None:
    """A worker's start: its stop flag, and the model when it parses (an extracting one reads Docs,
    and runs below the parsing process: see ``run_in_background``)."""
    from graph.nlp import load_pipeline

    _WORKER_STATE["stop"] = stop
    collect_garbage_less_often()
    if parses:
        load_pipeline(model)
    else:
        run_in_background()


def collect_garbage_less_often() -> None:
    """Tune this process's garbage collector for a corpus build: every article makes thousands of
    short-lived objects, and at Python's default pace the collector took 0.65 s per 600 BBC articles
    (mostly rescanning long-lived ones); at 10,000 allocations a round it takes 0.17 s."""
    import gc

    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def stream_ntriples(articles: Iterable[Article], model: str | None = None, jobs: int = 1,
                    batch_size: int | None = None) -> Iterator[tuple[Article, bytes | str]]:
    """(article, N-Triples of its graph or an error line) for each article, in input order."""
    from graph.nlp import PIPE_BATCH_SIZE, load_pipeline

    size = batch_size or PIPE_BATCH_SIZE
    if jobs > 1:
        yield from _in_pool(batches(articles, size), model, jobs, lambda batch: (parse_batch, batch, model))
        return
    nlp = load_pipeline(model)
    chunks = batches(articles, size)
    first = next(chunks, None)
    second = next(chunks, None) if first else None
    if second is None:  # one batch: not worth a second process and its model load
        yield from zip(first or [], batch_ntriples(nlp, first or []))
        return

    def parse_here(batch: list[Article]) -> tuple:
        return extract_batch, batch, serialised_docs(nlp, batch), nlp.lang

    yield from _in_pool(chain([first, second], chunks), model, 1, parse_here, cut_short=False, parses=False)


def _in_pool(chunks: Iterable[list[Article]], model: str | None, jobs: int,
             task: Callable[[list[Article]], tuple], cut_short: bool = True,
             parses: bool = True) -> Iterator[tuple[Article, bytes | str]]:
    """Each batch's results from ``jobs`` worker processes, in input order: ``task`` turns a batch
    into the call (function and arguments) a worker runs on it, in this process, before it is sent.
    On Ctrl-C, with ``cut_short`` the batches being worked on end at their next article (parsing
    them whole takes long); without, the worker ends them (extracting parsed articles does not)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from graph.interrupt import sigint_held

    ctx = multiprocessing.get_context("spawn")
    stop = ctx.Event()
    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_load_worker, initargs=(model, stop, parses))
    with sigint_held():  # workers start here, loading the model meanwhile; they never see Ctrl-C
        pool.submit(int)  # (see graph.interrupt)
    finished = False

    def submit(batch: list[Article]) -> Future:
        call = task(batch)
        with sigint_held():
            return pool.submit(*call)

    try:
        yield from in_order(chunks, submit, jobs * WORKER_BATCHES_AHEAD, stop.set if cut_short else _nothing)
        finished = True
    finally:
        _stop(pool, finished, stop)


def _nothing() -> None:
    """A stop that lets the workers end their batches."""


def serialised_docs(nlp: Language, articles: list[Article]) -> list[bytes | str]:
    """Each article of a batch parsed, as ``Doc.to_bytes`` without the tensor (extraction reads the
    tokens' attributes, entities and sentences, never the tensor); a one-line error where spaCy failed.
    About 2% of the parse's CPU time; reading it back costs about as much on the other side."""
    return [doc if isinstance(doc, str) else _doc_bytes(doc, article) for article, doc in parsed_docs(nlp, articles)]


def _doc_bytes(doc: Doc, article: Article) -> bytes | str:
    try:
        return doc.to_bytes(exclude=DOC_EXCLUDE)
    except Exception as exc:  # noqa: BLE001 - a Doc that cannot be sent costs only its article
        return failure(article, "parsing", exc)


def extract_batch(articles: list[Article], docs: list[bytes | str], lang: str = "en") -> list[bytes | str]:
    """The N-Triples (or an error line) of each article of a batch that another process parsed
    (``serialised_docs``): the one-job build's second process; like ``parse_batch``, after a stop
    request it ends at the next article and returns what it has."""
    vocab = _reading_vocab(lang)
    stop = _WORKER_STATE.get("stop")
    done: list[bytes | str] = []
    for article, data in zip(articles, docs):
        done.append(data if isinstance(data, str) else _ntriples_of_bytes(vocab, data, article))
        if stop is not None and stop.is_set():
            break
    return done


@lru_cache(maxsize=4)
def _reading_vocab(lang: str) -> Vocab:
    """A blank vocabulary of the model's language: a serialised Doc carries its own strings, so
    reading it back needs no model (the second process loads none: ~2-3 CPU s and ~180 MB less)."""
    import spacy

    return spacy.blank(lang).vocab


def _ntriples_of_bytes(vocab: Vocab, data: bytes, article: Article) -> bytes | str:
    from spacy.tokens import Doc

    try:
        doc = Doc(vocab).from_bytes(data)
    except Exception as exc:  # noqa: BLE001 - a Doc that cannot be read back costs only its article
        return failure(article, "parsing", exc)
    return safe_ntriples(doc, article)


def in_order(batches: Iterable[list[Article]], submit: Callable[[list[Article]], Any], in_flight: int,
             on_stop: Callable[[], object] = lambda: None) -> Iterator[tuple[Article, bytes | str]]:
    """Each batch's results from the future ``submit`` makes for it (a process pool's or a Dask
    cluster's), in input order, with at most ``in_flight`` batches out at once (memory stays flat).
    On Ctrl-C, ``on_stop`` asks the workers to end their batches; what they parsed is still yielded,
    in input order and without a gap, before the interrupt goes on."""
    pending: deque = deque()
    current: deque = deque()  # parsed (article, N-Triples) pairs of the batch being handed out
    try:
        for batch in batches:
            pending.append((batch, submit(batch)))
            while len(pending) >= in_flight:
                yield from _hand_out(pending, current)
        while pending:
            yield from _hand_out(pending, current)
    except KeyboardInterrupt:
        on_stop()  # batches being parsed end at their next article and return what they have
        for _batch, future in pending:
            future.cancel()  # batches not started yet
        yield from _drain(current)  # the rest of a batch the stop cut into
        while pending and not pending[0][1].cancelled():  # what the workers parsed is kept, in input order
            batch, future = pending.popleft()
            try:
                parsed = future.result(timeout=STOP_WAIT)
            except Exception:  # a batch that failed, or is still busy: given up
                break
            yield from zip(batch, parsed)
            if len(parsed) < len(batch):  # a batch cut short: later ones would leave a gap
                break
        raise


def _hand_out(pending: deque, current: deque) -> Iterator[tuple[Article, bytes | str]]:
    """The oldest batch's articles, in order; a stop at any point loses none of them."""
    batch, future = pending[0]
    current.extend(zip(batch, future.result()))
    pending.popleft()
    yield from _drain(current)


def _drain(current: deque) -> Iterator[tuple[Article, bytes | str]]:
    while current:
        yield current[0]
        current.popleft()  # only once handed out: a stop mid-yield hands it out again (build_store skips it)


def _stop(pool: ProcessPoolExecutor, finished: bool, stop: Any) -> None:
    """Shut the worker pool down. After a stop (Ctrl-C, an error) the workers are asked to end their
    batches at the next article; only a worker still busy after STOP_WAIT seconds is terminated (a
    worker terminated while it sends a result can leave the pool's reader thread waiting forever)."""
    if finished:
        pool.shutdown()
        return
    stop.set()
    workers = list((getattr(pool, "_processes", None) or {}).values())  # shutdown forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.join(STOP_WAIT)
        if process.is_alive():
            process.terminate()


def build_store(paths: Iterable[str], writer: ArticleWriter, model: str | None = None, jobs: int = 1,
                report: BuildReport | None = None,
                progress: Callable[[Article], None] | None = None,
                stream: Callable[[Iterable[Article]], Iterator[tuple[Article, bytes | str]]] | None = None,
                ) -> BuildReport:
    """Build (or extend) a store from files and folders; each article replaces its graph.

    ``stream`` turns the articles into (article, N-Triples or error line) in input order; by default
    ``stream_ntriples`` with ``jobs`` processes here (graph.cluster gives one that runs on Dask).

    The writer (see graph.storewriter) loads the article graphs in batches and, at the end, links
    people named only by surname across articles (see graph.crosslink) and flushes the store.
    On Ctrl-C, or when a worker process dies (killed for memory), the articles parsed so far are
    still handed over and the store flushed (without linking); then the exception goes on up.
    """
    from concurrent.futures import BrokenExecutor

    report = report or BuildReport()
    names: dict[str, str] = {}  # article id -> where it was read, for the writer's rejections
    batch: list[tuple[str, bytes]] = []
    stopped: BaseException | None = None
    try:
        stream = stream or (lambda articles: stream_ntriples(articles, model, jobs))
        previous = None
        for article, data in stream(articles_and_errors(paths, report)):
            if article is previous:  # a Ctrl-C right after an article was handed out hands it out again
                continue
            previous = article
            if isinstance(data, str):
                report.skipped.append(data)
                continue
            if article.id in names:
                report.warnings.append(f"{article.path or article.id}: article id {article.id!r} appears "
                                       "twice; the later one replaces the earlier")
            names[article.id] = article.path or article.id
            batch.append((article.id, data))
            report.articles.append(article.id)
            if len(batch) >= writer.batch_size:
                writer.put(batch)
                batch = []
            if progress:
                progress(article)
    except (KeyboardInterrupt, BrokenExecutor) as exc:
        stopped = exc
    if batch:
        writer.put(batch)
    written = writer.finish(link=bool(report.articles) and stopped is None)
    report.links.extend(written.links)
    for article_id, problem in written.rejected:
        report.skipped.append(f"{names[article_id]}: {problem}")
        report.articles = [a for a in report.articles if a != article_id]
    if stopped is not None:
        raise stopped
    return report
