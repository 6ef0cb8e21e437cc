"""``build --cluster``: parse -> extract -> RDF on a real 2-worker Dask LocalCluster, into a real Oxigraph server."""

from __future__ import annotations

from pathlib import Path

import pytest
from servers import folder_nquads, oxigraph_server, run_cli, server_nquads

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpus" / "bbc_news_all.jsonl"

pytest.importorskip("distributed", reason="pip install 'newsgraph[cluster]' brings Dask")



@pytest.mark.skipif(not BBC.is_file(), reason="the shared BBC corpus is not present")
def test_cluster_and_server_build_equals_the_embedded_build_on_100_bbc_articles(tmp_path):
    sample = tmp_path / "bbc100.jsonl"
    with BBC.open(encoding="utf-8") as fh:
        sample.write_text("".join(line for _, line in zip(range(100), fh)), encoding="utf-8")
    home = run_cli("build", str(sample), "--store", str(tmp_path / "home"), "-q")
    assert home.returncode == 0, home.stderr
    with oxigraph_server(tmp_path / "server") as url:
        far = run_cli("build", str(sample), "--cluster", "local:2", "--store", url, "-q")
        assert far.returncode == 0, far.stderr
        assert far.stderr == home.stderr  # the same articles skipped or warned about, in the same words
        remote = server_nquads(url)
    local = folder_nquads(tmp_path / "home")
    assert len(local) > 10_000
    assert remote == local


def test_cluster_build_of_the_seed_writes_the_same_files(tmp_path):
    """A cluster build into files (no store) writes the same graph.trig lines as a one-job build."""
    one = run_cli("build", str(ROOT / "seeds"), "--out", str(tmp_path / "one"), "--no-html", "-q")
    two = run_cli("build", str(ROOT / "seeds"), "--out", str(tmp_path / "two"), "--no-html", "-q",
              "--cluster", "local:2")
    assert one.returncode == two.returncode == 0, two.stderr
    lines = [sorted((tmp_path / run / "graph.trig").read_bytes().splitlines()) for run in ("one", "two")]
    assert lines[0] == lines[1] and len(lines[0]) > 500  # the store's dump order is its own


@pytest.mark.parametrize("address", ["local:0", "local", "somewhere", "tcp://host"])
def test_a_bad_cluster_address_is_one_line(address):
    done = run_cli("build", str(ROOT / "seeds"), "--cluster", address, "--out", "/nonexistent/never")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and f"--cluster {address}:" in done.stderr, done.stderr


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    from servers import free_port

    done = run_cli("build", str(ROOT / "seeds"), "--cluster", f"tcp://127.0.0.1:{free_port()}",
               "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and "cannot start or reach the cluster" in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1 and not (tmp_path / "out").exists()
