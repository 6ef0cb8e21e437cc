"""The writers a build hands its article graphs to: in-process and through a writer process."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.store import StoreError, open_store
from graph.storewriter import InProcessWriter, ProcessWriter
from graph.vocab import graph_iri

PERSON = "<https://schema.org/Person>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def _person(iri: str, label: str) -> bytes:
    return f'<{iri}> {TYPE} {PERSON} .\n<{iri}> {LABEL} "{label}" .\n'.encode()


# Two batches; a surname-only person in one article and the one full name it fits in another.
BATCHES = [
    [("a1", _person("https://newsgraph.org/id/person/ali-larijani", "Ali Larijani"))],
    [("a2", _person("https://newsgraph.org/id/person/larijani", "Larijani")),
     ("a3", _person("https://newsgraph.org/id/person/someone-else", "Someone Else"))],
]


def _quads(store: ox.Store) -> set[tuple[str, ...]]:
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store}


def test_the_writer_process_leaves_the_store_an_in_process_writer_leaves(tmp_path):
    memory = ox.Store()
    local = InProcessWriter(memory)
    for batch in BATCHES:
        local.put(batch)
    local_links = local.finish(link=True).links

    with ProcessWriter(tmp_path / "store") as writer:
        for batch in BATCHES:
            writer.put(batch)
        links = writer.finish(link=True).links

    assert links == local_links
    assert len(links) == 1 and links[0].startswith("Larijani -> Ali Larijani")
    assert _quads(open_store(tmp_path / "store", read_only=True)) == _quads(memory)


def test_finish_without_linking_leaves_the_surname_person_alone(tmp_path):
    with ProcessWriter(tmp_path / "store") as writer:
        for batch in BATCHES:
            writer.put(batch)
        assert writer.finish(link=False).links == []
    labels = {str(q.object) for q in open_store(tmp_path / "store", read_only=True)
              .quads_for_pattern(None, ox.NamedNode(LABEL[1:-1]), None, None)}
    assert '"Larijani"' in labels


def test_a_store_the_writer_cannot_open_is_a_one_line_store_error(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(StoreError) as caught, ProcessWriter(not_a_folder) as writer:
        writer.put(BATCHES[0])
        writer.finish(link=True)
    message = str(caught.value)
    assert str(not_a_folder) in message and "\n" not in message


def test_leaving_early_stops_the_writer_and_frees_the_store(tmp_path):
    with pytest.raises(RuntimeError), ProcessWriter(tmp_path / "store") as writer:
        writer.put(BATCHES[0])
        raise RuntimeError("the build failed")
    assert not writer._process.is_alive()
    store = open_store(tmp_path / "store")  # the write lock is free again
    # the batch sent before leaving was loaded (it came before the end of the pipe); nothing was linked
    assert store.contains_named_graph(ox.NamedNode(str(graph_iri("a1"))))
    assert not store.contains_named_graph(ox.NamedNode(str(graph_iri("a2"))))


def test_a_writer_that_dies_is_a_one_line_store_error(tmp_path):
    with pytest.raises(StoreError) as caught, ProcessWriter(tmp_path / "store") as writer:
        writer.put(BATCHES[0])
        writer._process.kill()  # as the out-of-memory killer would
        writer._process.join()
        writer.put(BATCHES[1])  # the closed pipe is reported here or, at the latest, by finish
        writer.finish(link=True)
    assert str(caught.value) == f"{tmp_path / 'store'}: the store writer stopped unexpectedly"
