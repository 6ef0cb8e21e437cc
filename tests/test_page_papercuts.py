"""Papercuts of issue #16: ``meetings`` names its article; ``remove`` takes what ``articles`` prints."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from graph.cli import main
from graph.commands.remove import article_id_of

SAMPLE = Path(__file__).resolve().parent / "data" / "views-sample.ttl"
ID = "https://newsgraph.org/id/"


def test_meetings_rows_name_the_article_of_their_sentence(capsys):
    capsys.readouterr()
    assert main(["query", "meetings", "--graph", str(SAMPLE), "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert "article" in answer["head"]["vars"]
    rows = {(b["event"]["value"].rsplit("/", 1)[-1], b["participant"]["value"]): b["article"]["value"]
            for b in answer["results"]["bindings"]}
    assert rows[("m1", "Ali Larijani")] == ID + "article/a1"
    assert rows[("t1", "Joseph Aoun")] == ID + "article/a2"
    assert rows[("v1", "Ali Larijani")] == ID + "article/a2"


@pytest.mark.parametrize("printed, article_id", [
    ("bbc/politics/001", "bbc/politics/001"),
    (f"{ID}article/bbc%2Fpolitics%2F001", "bbc/politics/001"),
    (f"<{ID}article/bbc%2Fpolitics%2F001>", "bbc/politics/001"),
    ("ngid:article/bbc%2Fpolitics%2F001", "bbc/politics/001"),
    ("ngid:article/kayhan-142517", "kayhan-142517"),
    (f"{ID}person/ali-larijani", f"{ID}person/ali-larijani"),  # not an article IRI: left as it is
])
def test_article_id_of_what_the_articles_query_prints(printed, article_id):
    assert article_id_of(printed) == article_id


@pytest.fixture
def store_of_three(tmp_path):
    """A store holding three small articles, with ids that need escaping in an IRI."""
    from graph.store import open_store, put_articles

    store_dir = tmp_path / "store"
    store = open_store(store_dir)
    put_articles(store, [(f"bbc/politics/00{n}", (
        f'<{ID}article/bbc%2Fpolitics%2F00{n}> <https://schema.org/identifier> "bbc/politics/00{n}" .\n'
        f'<{ID}article/bbc%2Fpolitics%2F00{n}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
        f'<https://schema.org/NewsArticle> .\n').encode()) for n in (1, 2, 3)])
    store.flush()
    del store
    return store_dir


def articles_in(store_dir: Path, capsys, fmt: str) -> list[dict]:
    capsys.readouterr()
    assert main(["query", "articles", "--store", str(store_dir), "--format", fmt, "--no-cache"]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(out)))
    lines = [line for line in out.splitlines()[2:] if line and not line.startswith("(")]
    return [{"article": line.split()[0], "id": line.split()[1]} for line in lines]


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_remove_takes_the_article_iri_the_articles_query_prints(store_of_three, capsys, fmt):
    rows = articles_in(store_of_three, capsys, fmt)
    assert len(rows) == 3
    target = next(r for r in rows if r["id"] == "bbc/politics/002")
    assert main(["remove", target["article"], "--store", str(store_of_three)]) == 0
    assert "removed bbc/politics/002" in capsys.readouterr().out
    assert sorted(r["id"] for r in articles_in(store_of_three, capsys, fmt)) == ["bbc/politics/001",
                                                                                 "bbc/politics/003"]
    assert main(["remove", target["article"], "--store", str(store_of_three)]) == 1
    assert "no article 'bbc/politics/002' in the store" in capsys.readouterr().err
