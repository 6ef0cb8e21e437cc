"""The page as a person sees it: opened offline from file:// in headless Chromium.

The page writes what vis-network drew (``data-drawn-nodes``), whether the layout settled and how
many script errors it caught into ``<body>``; ``--dump-dom`` reads them back. A proxy that
refuses every connection stands in for "no network". Skipped when Chromium is not installed
(``make test`` installs it with scripts/ensure-chromium.sh).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from graph.sparql import load_graph
from graph.views import select, write_html
from graph.views_model import project

SAMPLE = Path(__file__).resolve().parent / "data" / "views-sample.ttl"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")


def open_page(path: Path, tmp_path: Path, *extra: str) -> tuple[str, str]:
    """(DOM after the page ran, Chromium's log of console messages) for a file opened offline."""
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={profile}", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
           "--enable-logging=stderr", "--v=0", "--window-size=1280,800", "--virtual-time-budget=8000",
           *extra, path.resolve().as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    return done.stdout, done.stderr


def body_attrs(dom: str) -> dict[str, str]:
    body = re.search(r"<body([^>]*)>", dom)
    assert body, "no <body> in the dumped DOM"
    return dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1)))


def console_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def seed_graph(nlp):
    import graph
    from graph.rdf import union_graph

    return union_graph(graph.build(SEEDS))


def test_seed_page_draws_offline(seed_graph, tmp_path):
    page = write_html(seed_graph, tmp_path / "graph.html")
    expected = len(select(project(seed_graph)).nodes)
    assert expected > 5
    dom, log = open_page(page, tmp_path, "--dump-dom")
    attrs = body_attrs(dom)
    assert attrs.get("data-drawn-nodes") == str(expected)
    assert attrs.get("data-settled") == "true", "physics did not settle and stop"
    assert attrs.get("data-errors") == "0", re.search(r'<pre id="ng-errors"[^>]*>(.*?)</pre>', dom, re.S)
    assert console_lines(log) == []
    legend = re.search(r'<ul id="ng-legend">(.*?)</ul>', dom, re.S).group(1)
    for name in ("Person", "Country", "Organization", "Place"):
        assert f"<span>{name}</span>" in legend
    assert "Ali Larijani" in dom  # the search list holds every entity


def test_max_nodes_page_draws_what_it_says(tmp_path):
    page = write_html(load_graph(SAMPLE), tmp_path / "small.html", max_nodes=4)
    dom, log = open_page(page, tmp_path, "--dump-dom")
    attrs = body_attrs(dom)
    assert attrs.get("data-drawn-nodes") == "4"
    assert attrs.get("data-errors") == "0" and console_lines(log) == []
    assert "11 less connected node(s) left out" in dom


def test_screenshot_is_not_blank(tmp_path):
    page = write_html(load_graph(SAMPLE), tmp_path / "shot.html")
    shot = tmp_path / "shot.png"
    open_page(page, tmp_path, f"--screenshot={shot}")
    assert shot.is_file()
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # A page with a drawn network and legend compresses far worse than an empty white page.
    assert len(data) > 30_000
