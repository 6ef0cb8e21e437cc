"""A real Oxigraph server for tests: ``oxigraph serve`` on 127.0.0.1 at a free port, stopped at the end."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server binary of the PyPI package ``oxigraph`` (beside this Python, or on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    """The URL of an Oxigraph server over a fresh store in ``folder``, ready for requests."""
    binary = oxigraph_binary()
    assert binary, "the oxigraph server binary is missing: pip install 'newsgraph[test]'"
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError(f"oxigraph serve ended: {process.stderr.read().decode()}") from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def server_nquads(url: str) -> list[bytes]:
    """Every quad the server holds, as sorted N-Quads lines."""
    request = urllib.request.Request(f"{url}/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return sorted(response.read().splitlines())


def folder_nquads(path: Path) -> list[bytes]:
    """Every quad of an embedded store folder, as sorted N-Quads lines."""
    import pyoxigraph as ox

    return sorted(ox.Store.read_only(str(path)).dump(format=ox.RdfFormat.N_QUADS).splitlines())


def run_cli(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """``newsgraph ARGS...`` in a child process from the repository root (its output captured)."""
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=timeout)
