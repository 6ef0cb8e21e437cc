"""End to end: build the seed article through the command line and check it against its gold."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata

import pytest
from conftest import SEED, SEED_GOLD
from rdflib import Dataset, Graph


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").lower()
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"^(the|mr|mrs|ms|dr)\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed")
    done = cli("build", str(SEED), "--out", str(out), "--no-html")
    assert done.returncode == 0, done.stderr
    return out


def test_build_writes_every_serialisation(seed_build):
    for name in ("graph.ttl", "graph.trig", "graph.jsonld"):
        assert (seed_build / name).stat().st_size > 1000
    ds = Dataset()
    ds.parse(seed_build / "graph.trig", format="trig")
    named = [g.identifier for g in ds.graphs() if len(g)]
    assert any(str(i).endswith("/graph/kayhan-142517") for i in named), "one named graph per article"
    assert len(Graph().parse(seed_build / "graph.jsonld", format="json-ld")) == len(
        Graph().parse(seed_build / "graph.ttl"))


def test_seed_entities_match_the_gold(seed_build):
    gold = json.loads(SEED_GOLD.read_text())
    canon = {}
    for ent in gold["entities"]:
        for form in (ent["name"], *ent["aliases"]):
            canon[norm(form)] = (ent["name"], ent["type"])
    optional = {norm(x) for x in gold["optional_entities"]}
    done = cli("query", "entities", "--graph", str(seed_build / "graph.ttl"), "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = [(b["label"]["value"], b["type"]["value"].rsplit("/", 1)[-1])
            for b in json.loads(done.stdout)["results"]["bindings"]]
    found = [canon.get(norm(label), (label, type_)) for label, type_ in rows if norm(label) not in optional]
    wanted = {(e["name"], e["type"]) for e in gold["entities"]}
    assert set(found) == wanted
    assert len(found) == len(set(found)), "an entity appears twice (alias not merged)"


def test_every_entity_reaches_its_sentences(seed_build):
    g = Graph().parse(seed_build / "graph.ttl")
    rows = g.query("""
        PREFIX ng: <https://newsgraph.org/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?label ?sentence ?start ?end WHERE {
          ?e rdfs:label ?label ; ng:evidence ?ev .
          ?ev ng:sentence ?sentence ; ng:charStart ?start ; ng:charEnd ?end .
          FILTER (?label = "Ali Larijani")
        }""")
    from graph.read import read_file

    article = next(read_file(SEED))
    spans = {article.text[int(r.start):int(r.end)] for r in rows}
    assert {"Ali Larijani", "Larijani"} <= spans, "offsets point into the article text"
    assert all(str(r.sentence) for r in rows)


def test_rebuild_gives_the_same_graph(seed_build, tmp_path):
    done = cli("build", str(SEED), "--out", str(tmp_path), "--no-html", "-q")
    assert done.returncode == 0, done.stderr
    first = set(Graph().parse(seed_build / "graph.ttl"))
    second = set(Graph().parse(tmp_path / "graph.ttl"))
    assert first == second, "IRIs are stable: the same text gives the same graph"


def test_seed_graph_conforms_to_the_shapes(seed_build):
    done = cli("validate", str(seed_build / "graph.ttl"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "conforms" in done.stdout


def test_fact_queries_run_and_return_the_documented_columns(seed_build):
    columns = {"roles": {"person", "title", "organization", "country", "to"},
               "agreements": {"agreement", "kind", "party", "date", "status"},
               "meetings": {"event", "kind", "participant", "place", "date", "status"},
               "quotes": {"speaker", "text", "date"}}
    for name, wanted in columns.items():
        done = cli("query", name, "--graph", str(seed_build / "graph.ttl"), "--format", "json")
        assert done.returncode == 0, done.stderr
        assert wanted <= set(json.loads(done.stdout)["head"]["vars"]), name
