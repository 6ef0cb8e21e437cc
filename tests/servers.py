"""A real Oxigraph server for tests: ``oxigraph serve`` on 127.0.0.1 at a free port, stopped at the end."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
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


def wait_for(url: str, process: subprocess.Popen, seconds: float, log: Callable[[], str]) -> None:
    """Wait until ``url`` answers; a server process that ends first fails with its log."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if process.poll() is not None:
                raise AssertionError(f"{process.args[0]} ended: {log()}") from None
            if time.monotonic() > deadline:
                raise AssertionError(f"{process.args[0]} did not answer in {seconds} s") from None
            time.sleep(0.05)


def start_oxigraph(folder: Path, *options: str) -> tuple[str, subprocess.Popen]:
    """An Oxigraph server over a fresh store in ``folder`` (more ``oxigraph serve`` options, e.g.
    ``--timeout-s 5``, after it), ready for requests: its URL and its process, for the caller to stop."""
    binary = oxigraph_binary()
    assert binary, "the oxigraph server binary is missing: pip install 'newsgraph[test]'"
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}", *options],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/query?query=ASK%7B%7D", process, 10, lambda: process.stderr.read().decode())
    except BaseException:
        stop(process, kill=True)
        raise
    return url, process


@contextmanager
def oxigraph_server(folder: Path, *options: str) -> Iterator[str]:
    """The URL of an Oxigraph server over a fresh store in ``folder``, stopped at the end."""
    url, process = start_oxigraph(folder, *options)
    try:
        yield url
    finally:
        stop(process)


def stop(process: subprocess.Popen, kill: bool = False) -> None:
    """Stop a server process (SIGTERM, or SIGKILL: a crash) and close its pipe."""
    if process.poll() is None:
        process.kill() if kill else process.terminate()
    process.wait(10)
    if process.stderr:
        process.stderr.close()


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
"""


def virtuoso_binaries() -> tuple[str, str] | None:
    """Virtuoso's server and SQL client (Debian ``virtuoso-opensource``), or None when not installed."""
    server, client = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    return (server, client) if server and client else None


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    """The SPARQL endpoint URL (``.../sparql``) of a fresh Virtuoso in ``folder`` on 127.0.0.1, its
    shipped limits kept (10,000 rows an answer), with SPARQL updates allowed; stopped at the end."""
    binaries = virtuoso_binaries()
    assert binaries, "Virtuoso is not installed: bash scripts/test-services.sh (Debian virtuoso-opensource)"
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    process = subprocess.Popen([binaries[0], "+configfile", str(ini), "+foreground"], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        wait_for(f"{url}?query=ASK%7B%7D", process, 120, lambda: (folder / "virtuoso.log").read_text()[-2000:])
        grant = subprocess.run([binaries[1], str(sql_port), "dba", "dba",
                                "exec=GRANT SPARQL_UPDATE TO \"SPARQL\"; "
                                "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"],
                               capture_output=True, text=True, timeout=60)
        assert grant.returncode == 0 and "Error" not in grant.stdout, grant.stdout + grant.stderr
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def server_nquads(url: str) -> list[bytes]:
    """Every quad the server holds, as sorted N-Quads lines (Oxigraph server or Virtuoso)."""
    from graph.remote import server_nquads as dump

    return sorted(dump(url).splitlines())


def folder_nquads(path: Path) -> list[bytes]:
    """Every quad of an embedded store folder, as sorted N-Quads lines."""
    import pyoxigraph as ox

    return sorted(ox.Store.read_only(str(path)).dump(format=ox.RdfFormat.N_QUADS).splitlines())


def run_cli(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """``newsgraph ARGS...`` in a child process from the repository root (its output captured)."""
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=timeout)
