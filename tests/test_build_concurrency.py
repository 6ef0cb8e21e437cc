"""A store under a writer (#18 items 7, 8, 11): readers always see every article, a kill -9 loses
none, a read racing the writer never fails, and Ctrl-C keeps what was parsed.

Writers run in real child processes; every loop is bounded in time and rounds.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import random
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.store import article_graphs, open_graph, open_store, put_articles, read_store, store_union_graph
from graph.vocab import graph_iri

ARTICLES = 60
NEWS = "https://schema.org/NewsArticle"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def version(i: int, v: int) -> bytes:
    """Article i's graph in version v (v1: 3 triples, v2: 5): no triple is shared between articles."""
    art = f"<https://newsgraph.org/id/article/a{i}>"
    lines = [f"{art} <{TYPE}> <{NEWS}> .", f'{art} <urn:ng:version> "{v}" .']
    lines += [f'{art} <urn:ng:fact> "fact {i}.{v}.{k}" .' for k in range(1 if v == 1 else 3)]
    return ("\n".join(lines) + "\n").encode()


def _triples(data: bytes) -> set[str]:
    return {str(q.triple) for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


# A writer that re-ingests every article, v2 then v1 then v2 ..., printing each finished round.
REINGEST = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    from test_build_concurrency import ARTICLES, version
    from graph.store import open_store, put_articles, settle
    store = open_store({path!r})
    start = time.monotonic()
    for rnd in range({rounds}):
        put_articles(store, [(f"a{{i}}", version(i, 2 if rnd % 2 == 0 else 1)) for i in range(ARTICLES)])
        settle(store)
        print("round", rnd, flush=True)
        if time.monotonic() - start > {seconds}:
            break
""")


def _start_writer(path: Path, rounds: int = 1000, seconds: float = 6.0, script: str = REINGEST) -> subprocess.Popen:
    code = script.format(tests=str(Path(__file__).parent), path=str(path), rounds=rounds, seconds=seconds)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _first_version_store(path: Path) -> None:
    store = open_store(path)
    put_articles(store, [(f"a{i}", version(i, 1)) for i in range(ARTICLES)])
    store.flush()
    del store


def _counts(store: ox.Store) -> tuple[dict[str, int], int]:
    """Triples per article graph, and articles typed in the union."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    per_graph = {row["g"].value: int(row["n"].value) for row in rows}
    typed = int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a a <{NEWS}> }}")))["n"].value)
    return per_graph, typed


def test_readers_see_every_article_while_it_is_reingested(tmp_path):
    path = tmp_path / "store"
    _first_version_store(path)
    writer = _start_writer(path)
    sizes = {len(_triples(version(0, 1))), len(_triples(version(0, 2)))}
    try:
        assert writer.stdout.readline().startswith("round"), writer.stderr.read()
        seen = 0
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            per_graph, typed = read_store(path, _counts)
            assert len(per_graph) == ARTICLES and typed == ARTICLES
            assert set(per_graph.values()) <= sizes  # each article whole: its old or its new version
            seen += 1
    finally:
        writer.kill()
        writer.wait()
    assert seen >= 3


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15])
def test_a_writer_killed_mid_reingest_leaves_every_article_whole(tmp_path, delay):
    path = tmp_path / "store"
    _first_version_store(path)
    writer = _start_writer(path)
    try:
        for _ in range(2):
            assert writer.stdout.readline().startswith("round"), writer.stderr.read()
        time.sleep(delay + random.random() * 0.05)
    finally:
        writer.kill()  # SIGKILL: no cleanup at all
        writer.wait()
    store = open_store(path)
    versions = {v: {i: _triples(version(i, v)) for i in range(ARTICLES)} for v in (1, 2)}
    union = set()
    for i in range(ARTICLES):
        gid = ox.NamedNode(str(graph_iri(f"a{i}")))
        graph = {str(q.triple) for q in store.quads_for_pattern(None, None, None, gid)}
        assert graph in (versions[1][i], versions[2][i]), f"article a{i} is neither version: {graph}"
        union |= graph
    assert {str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())} == union


# A writer that adds new articles in bulk, re-ingests old ones, flushes and compacts: the file
# churn that made read-only opens fail (vanished .sst files, a MANIFEST being rewritten).
CHURN = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    from test_build_concurrency import ARTICLES, version
    from graph.store import open_store, put_articles, settle
    store = open_store({path!r})
    start = time.monotonic()
    for rnd in range({rounds}):
        fresh = [(f"n{{rnd}}-{{i}}", version(i, 1).replace(b"article/a", f"article/n{{rnd}}-".encode()))
                 for i in range(40)]
        put_articles(store, fresh + [(f"a{{i}}", version(i, 1 + rnd % 2)) for i in range(ARTICLES)])
        settle(store, compact=rnd % 3 == 2)
        print("round", rnd, flush=True)
        if time.monotonic() - start > {seconds}:
            break
""")


def test_reads_racing_a_busy_writer_never_fail(tmp_path, capsys):
    from graph.cli import main
    from graph.sparql import run

    path = tmp_path / "store"
    _first_version_store(path)
    writer = _start_writer(path, seconds=5.0, script=CHURN)
    reads = 0
    try:
        assert writer.stdout.readline().startswith("round"), writer.stderr.read()
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            rows = list(run(open_graph(path), f"SELECT ?a WHERE {{ ?a a <{NEWS}> }}"))
            assert len(rows) >= ARTICLES
            assert len(store_union_graph(path)) >= 3 * ARTICLES
            assert main(["query", f"ASK {{ ?a a <{NEWS}> }}", "--store", str(path), "--no-cache"]) == 0
            out, err = capsys.readouterr()
            assert out.strip() == "yes" and err == ""
            reads += 1
    finally:
        writer.kill()
        writer.wait()
    assert reads >= 2


def test_a_reader_held_open_beside_a_compacting_writer_keeps_its_snapshot(tmp_path):
    """A store opened read-only (as ``serve`` holds one) answers from the state it was opened on,
    while the writer adds, replaces and compacts away the files it started from."""
    path = tmp_path / "store"
    _first_version_store(path)
    reader = open_store(path, read_only=True)
    before = _counts(reader)
    writer = _start_writer(path, seconds=5.0, script=CHURN)
    checks = 0
    try:
        for _ in range(3):  # the third round compacts
            assert writer.stdout.readline().startswith("round"), writer.stderr.read()
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            assert _counts(reader) == before
            checks += 1
    finally:
        writer.kill()
        writer.wait()
    assert checks >= 3 and _counts(open_store(path, read_only=True)) != before


def test_a_killed_readers_snapshot_is_removed_by_the_next_reader(tmp_path):
    from graph.store import SNAPSHOT_PREFIX

    path = tmp_path / "store"
    _first_version_store(path)
    code = f"import os, signal; from graph.store import open_store; open_store({str(path)!r}, read_only=True); " \
           "os.kill(os.getpid(), signal.SIGKILL)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == -signal.SIGKILL
    assert len(list(path.glob(f"{SNAPSHOT_PREFIX}*"))) == 1
    assert read_store(path, _counts)[1] == ARTICLES
    assert list(path.glob(f"{SNAPSHOT_PREFIX}*")) == []


# ---- Ctrl-C ---------------------------------------------------------------------------------

def _records(path: Path, n: int) -> None:
    names = [("Anna Berg", "Ivo Kral"), ("Lena Stahl", "Omar Haddad"), ("Rita Novak", "Paul Dorn")]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            a, b = names[i % 3]
            fh.write(json.dumps({"id": f"r{i}", "title": f"Talks {i}", "published": "2024-03-05",
                                 "text": f"{a} met {b} in Geneva on Monday. They spoke about item {i}."}) + "\n")


def _read_some(fd: int, timeout: float) -> str:
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return ""
    try:
        return os.read(fd, 65536).decode("utf-8", "replace")
    except OSError:  # the terminal's other end closed: the process ended
        return "\x00"


@pytest.mark.parametrize(("jobs", "target"), [(1, "process"), (1, "group"), (2, "process"), (2, "group")])
def test_ctrl_c_keeps_what_was_parsed(tmp_path, jobs, target):
    """SIGINT to the build alone or to its whole process group (a terminal's Ctrl-C), sent once the
    progress bar (on a pseudo-terminal) shows articles done: the store keeps them all."""
    total, threshold = 3000, 40
    src = tmp_path / "many.jsonl"
    _records(src, total)
    store = tmp_path / "store"
    terminal, child_end = pty.openpty()
    fcntl.ioctl(child_end, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a terminal's size
    build = subprocess.Popen([sys.executable, "-m", "graph.cli", "build", str(src), "--store", str(store),
                              "--jobs", str(jobs)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=child_end, text=True, start_new_session=True)
    os.close(child_end)
    screen = ""
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            screen += _read_some(terminal, 1.0)
            done = [int(n) for n in re.findall(rf"(\d+)/{total}\b", screen)]
            if done and max(done) >= threshold or build.poll() is not None:
                break
        assert build.poll() is None, screen
        if target == "group":
            os.killpg(build.pid, signal.SIGINT)
        else:
            os.kill(build.pid, signal.SIGINT)
        while "\x00" not in screen:
            screen += _read_some(terminal, 1.0) or ("\x00" if build.poll() is not None else "")
        build.wait(timeout=120)
    finally:
        if build.poll() is None:
            build.kill()
        os.close(terminal)
    assert build.returncode == 130, screen
    assert "Traceback" not in screen
    kept = re.search(r"interrupted; the store .* keeps the (\d+) article\(s\) parsed before the stop", screen)
    assert kept, screen
    found = {g.rsplit("/", 1)[-1] for g in article_graphs(ox.Store.read_only(str(store)))}
    assert len(found) == int(kept.group(1))
    assert threshold <= len(found) < total
    assert found == {f"r{i}" for i in range(len(found))}  # the articles parsed first, none missing
    ox.Store(str(store))  # opens for writing: no process of the build still holds the store
