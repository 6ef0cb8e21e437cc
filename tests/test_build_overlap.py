"""The one-job build parses here and extracts in a second process (graph.pipeline): the same
N-Triples as parsing and extracting in one process, in input order, one line per failed article."""

from __future__ import annotations

from conftest import SEED

from graph.extract.headline import text_to_parse
from graph.read import Article, iter_articles

NAMES = [("Anna Berg", "Ivo Kral"), ("Lena Stahl", "Omar Haddad"), ("Rita Novak", "Paul Dorn")]


def _articles(n: int) -> list[Article]:
    """The seed article, then ``n`` made-up ones (a meeting, a quote and a role each)."""
    made_up = [Article(id=f"m{i}", title=f"Talks {i}", path=f"in.jsonl:{i + 1}",
                       text=f'Foreign Minister {a} met Prime Minister {b} in Geneva on Monday. "We agreed on '
                            f'item {i}," {a} said.') for i, (a, b) in enumerate(NAMES * (n // 3 + 1))][:n]
    return [next(a for a in iter_articles([str(SEED)]) if isinstance(a, Article)), *made_up]


def test_the_overlapped_one_job_build_gives_what_one_process_gives(nlp):
    """Batches of two (so several batches, and the second process) against parse-and-extract inline."""
    from graph.pipeline import safe_ntriples, stream_ntriples

    articles = _articles(5)
    expected = [(a.id, _lines(safe_ntriples(nlp(text_to_parse(a)), a))) for a in articles]
    got = [(a.id, _lines(data)) for a, data in stream_ntriples(iter(articles), jobs=1, batch_size=2)]
    assert got == expected
    assert all(any(b"#Meeting>" in line for line in lines) for _, lines in got)


def _lines(data: bytes | str) -> list[bytes]:
    """N-Triples as sorted lines (an article's triples come out in a set's order, which differs
    from process to process)."""
    assert isinstance(data, bytes), data
    return sorted(data.splitlines())


def test_a_single_batch_stays_in_this_process(nlp, monkeypatch):
    import graph.pipeline

    def no_pool(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("a second process was started for one batch")

    monkeypatch.setattr(graph.pipeline, "_in_pool", no_pool)
    articles = _articles(2)
    got = list(graph.pipeline.stream_ntriples(iter(articles), jobs=1, batch_size=8))
    assert [a.id for a, _ in got] == [a.id for a in articles]
    assert all(isinstance(data, bytes) and data for _, data in got)


def test_the_extracting_side_reports_each_failure_on_one_line(nlp, monkeypatch):
    """A parse error passes through; a Doc that cannot be read back and an extraction failure each
    cost only their article, with a line naming its file and line."""
    import graph.pipeline
    from graph.pipeline import extract_batch, serialised_docs

    real = graph.pipeline.extract_article
    monkeypatch.setattr(graph.pipeline, "extract_article", lambda doc, article: _raise(
        OverflowError("date value out of range")) if article.id == "m1" else real(doc, article))
    articles = _articles(4)[1:]
    articles.append(Article(id="bad", text="Anna Berg met \ud800 Ivo Kral.", path="in.jsonl:9"))
    docs = serialised_docs(nlp, articles)
    assert [type(d) for d in docs] == [bytes, bytes, bytes, bytes, str]
    docs[2] = b"not a Doc"
    results = extract_batch(articles, docs)
    assert len(results) == len(articles)
    assert isinstance(results[0], bytes) and b"Meeting" in results[0]
    assert results[1] == "in.jsonl:2: extraction failed (OverflowError: date value out of range)"
    assert isinstance(results[2], str) and results[2].startswith("in.jsonl:3: parsing failed (")
    assert isinstance(results[3], bytes) and b"Meeting" in results[3]
    assert results[4].startswith("in.jsonl:9: parsing failed (UnicodeEncodeError")


def test_a_stop_request_ends_the_extracting_batch_at_the_next_article(nlp, monkeypatch):
    import threading

    import graph.pipeline
    from graph.pipeline import extract_batch, serialised_docs

    stop = threading.Event()
    stop.set()
    monkeypatch.setitem(graph.pipeline._WORKER_STATE, "stop", stop)
    articles = _articles(3)[1:]
    assert len(extract_batch(articles, serialised_docs(nlp, articles))) == 1


def test_what_the_sent_docs_leave_out_is_not_read_by_extraction(nlp):
    """The seed's triples from a Doc sent without the tensor equal those from the Doc itself."""
    from spacy.tokens import Doc

    from graph.pipeline import DOC_EXCLUDE, safe_ntriples

    article = _articles(0)[0]
    doc = nlp(text_to_parse(article))
    sent = Doc(nlp.vocab).from_bytes(doc.to_bytes(exclude=DOC_EXCLUDE))
    assert sent.tensor.size == 0 and doc.tensor.size > 0
    assert safe_ntriples(sent, article) == safe_ntriples(doc, article)


def _raise(exc: Exception) -> None:
    raise exc
