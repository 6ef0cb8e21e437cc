"""Corpus builds through the CLI: streaming into a store, idempotent rebuilds, jobs, remove."""

from __future__ import annotations

import json

import pytest

from graph.cli import main
from graph.store import article_count, open_store, quad_count, triple_count

ARTICLES = [
    {"id": "t/1", "title": "Talks in Berlin", "published": "2025-03-03",
     "text": "Prime Minister Helmut Kessler met the Danish ambassador in Berlin on Monday. "
             "The two discussed trade between Germany and Denmark."},
    {"id": "t/2", "title": "Kessler upbeat", "published": "2025-03-04",
     "text": "Kessler told reporters in Hamburg that the talks with Denmark had gone well."},
    {"id": "t/3", "title": "Oslo visit", "published": "2025-03-05",
     "text": "Greta Lindqvist, the Swedish trade minister, visited Oslo on Tuesday. "
             "She met officials of the Norwegian government."},
]


def write_jsonl(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def counts(store_dir) -> tuple[int, int, int]:
    store = open_store(store_dir, read_only=True)
    return article_count(store), triple_count(store), quad_count(store)


def ttl_triples(path) -> set:
    from rdflib import Graph

    return set(Graph().parse(path, format="turtle"))


def test_building_the_same_corpus_twice_leaves_the_store_unchanged(tmp_path, nlp):
    corpus = write_jsonl(tmp_path / "c.jsonl", ARTICLES)
    store = tmp_path / "store"
    assert main(["build", corpus, "--store", str(store), "-q"]) == 0
    first = counts(store)
    assert first[0] == 3 and first[1] > 0
    assert main(["build", corpus, "--store", str(store), "-q"]) == 0
    assert counts(store) == first
    assert not (tmp_path / "out").exists()  # with --store, files only when --out is given


def test_a_compacted_store_holds_the_same_graph_in_fewer_files(tmp_path, nlp):
    corpus = write_jsonl(tmp_path / "c.jsonl", ARTICLES)
    plain, compacted = tmp_path / "plain", tmp_path / "compacted"
    assert main(["build", corpus, "--store", str(plain), "-q"]) == 0
    assert main(["build", corpus, "--store", str(compacted), "--compact", "-q"]) == 0
    assert counts(compacted) == counts(plain)
    assert len(list(compacted.glob("*.sst"))) < len(list(plain.glob("*.sst")))


def test_adding_articles_never_duplicates_and_remove_retracts(tmp_path, nlp, capsys):
    store = tmp_path / "store"
    whole = write_jsonl(tmp_path / "all.jsonl", ARTICLES)
    assert main(["build", whole, "--store", str(store), "-q"]) == 0
    expected = counts(store)
    fresh = tmp_path / "fresh"
    assert main(["build", write_jsonl(tmp_path / "a.jsonl", ARTICLES[:2]), "--store", str(fresh), "-q"]) == 0
    assert main(["build", write_jsonl(tmp_path / "b.jsonl", ARTICLES[1:]), "--store", str(fresh), "-q"]) == 0
    assert counts(fresh) == expected
    capsys.readouterr()
    assert main(["remove", "t/3", "--store", str(fresh)]) == 0
    assert "removed t/3" in capsys.readouterr().out
    assert counts(fresh)[0] == 2
    assert main(["remove", "t/3", "--store", str(fresh)]) == 1
    assert "no article 't/3'" in capsys.readouterr().err
    assert main(["query", "articles", "--store", str(fresh), "--format", "json"]) == 0
    ids = sorted(b["id"]["value"] for b in json.loads(capsys.readouterr().out)["results"]["bindings"])
    assert ids == ["t/1", "t/2"]


def test_surname_only_article_joins_the_full_name_across_articles(tmp_path, nlp, capsys):
    store = tmp_path / "store"
    corpus = write_jsonl(tmp_path / "c.jsonl", ARTICLES)
    assert main(["build", corpus, "--store", str(store)]) == 0
    assert "linked 1 surname(s) across articles" in capsys.readouterr().out
    assert main(["query", "SELECT ?e ?alt WHERE { ?e a schema:Person ; skos:altLabel ?alt }",
                 "--store", str(store), "--format", "json"]) == 0
    rows = {(b["e"]["value"].rsplit("/", 1)[-1], b["alt"]["value"])
            for b in json.loads(capsys.readouterr().out)["results"]["bindings"]}
    assert ("helmut-kessler", "Kessler") in rows
    assert main(["query", "entities", "--store", str(store), "--format", "json"]) == 0
    people = [b["label"]["value"] for b in json.loads(capsys.readouterr().out)["results"]["bindings"]
              if b["type"]["value"].endswith("Person")]
    assert "Kessler" not in people and people.count("Helmut Kessler") == 1


def test_two_people_with_one_surname_stay_apart(tmp_path, nlp, capsys):
    other = {"id": "t/4", "title": "Library", "published": "2025-03-06",
             "text": "Anna Kessler opened the new library in Munich."}
    corpus = write_jsonl(tmp_path / "c.jsonl", [*ARTICLES, other])
    assert main(["build", corpus, "--out", str(tmp_path / "out"), "--no-html", "-q"]) == 0
    assert main(["query", "entities", "--graph", str(tmp_path / "out" / "graph.ttl"), "--format", "json"]) == 0
    people = {b["label"]["value"] for b in json.loads(capsys.readouterr().out)["results"]["bindings"]
              if b["type"]["value"].endswith("Person")}
    assert {"Helmut Kessler", "Anna Kessler", "Kessler"} <= people


def test_outputs_match_the_store_and_jobs_do_not_change_the_graph(tmp_path, nlp):
    corpus = write_jsonl(tmp_path / "c.jsonl", ARTICLES)
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["build", corpus, "--out", str(one), "--store", str(tmp_path / "s1"), "--no-html", "-q"]) == 0
    assert main(["build", corpus, "--out", str(two), "--no-html", "-q", "--jobs", "2"]) == 0
    triples = ttl_triples(one / "graph.ttl")
    assert len(triples) == counts(tmp_path / "s1")[1]
    assert ttl_triples(two / "graph.ttl") == triples


def test_bad_inputs_are_skipped_with_one_line_and_no_progress_bar_when_piped(tmp_path, nlp, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.jsonl").write_text(json.dumps(ARTICLES[0]) + "\n{not json\n", encoding="utf-8")
    (folder / "empty.txt").write_text("Title: nothing\n\n", encoding="utf-8")
    assert main(["build", str(folder), "--store", str(tmp_path / "s")]) == 0
    captured = capsys.readouterr()
    assert "read 1 article(s)" in captured.out
    assert "skipped:" in captured.err and "malformed JSON line" in captured.err
    assert "Traceback" not in captured.err and "article/s" not in captured.err


@pytest.mark.parametrize("argv, message", [
    (["--jobs", "0"], "must be 1 or more"),
    (["--jobs", "two"], "not a number"),
])
def test_jobs_must_be_a_positive_number(tmp_path, capsys, argv, message):
    with pytest.raises(SystemExit) as exc:
        main(["build", str(tmp_path), *argv])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_store_path_that_is_a_file_is_a_one_line_error(tmp_path, capsys):
    corpus = write_jsonl(tmp_path / "c.jsonl", ARTICLES[:1])
    (tmp_path / "file").write_text("x")
    assert main(["build", corpus, "--store", str(tmp_path / "file")]) == 1
    assert "is a file, not a store folder" in capsys.readouterr().err
