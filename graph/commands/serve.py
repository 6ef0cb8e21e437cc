"""``newsgraph serve --graph FILE | --store DIR | --store URL``: a read-only SPARQL endpoint at /sparql.

With ``--store http://HOST:PORT`` (an Oxigraph server) or ``http://HOST:8890/sparql`` (Virtuoso) it is a
read-only front for that server: the same checks and limits, the queries evaluated by the server, and
no answers kept in memory (builds may change the server's graph at any time).
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

from graph.cli import CommandError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the graph read-only over the SPARQL 1.1 Protocol",
                       description=__doc__)
    src = p.add_mutually_exclusive_group()
    src.add_argument("--graph", help="graph file to load into memory (default: out/graph.ttl)")
    src.add_argument("--store", metavar="DIR|URL",
                     help="on-disk Oxigraph store folder, opened read-only; or the http:// URL of a SPARQL "
                          "server (Oxigraph server, Virtuoso .../sparql) to front read-only; credentials "
                          "from NEWSGRAPH_STORE_USER and NEWSGRAPH_STORE_PASSWORD")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default: 127.0.0.1, loopback only)")
    p.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    p.add_argument("--timeout", type=float, default=10.0,
                   help="seconds a query may run (default: 10); over a server the front stops waiting then "
                        "(start oxigraph serve with --timeout-s so the server stops the query too)")
    p.add_argument("--max-results", type=int, default=10_000,
                   help="rows or triples per answer before it is cut (default: 10000)")
    p.add_argument("--workers", type=int, default=4,
                   help="worker processes, so queries run at once (default: 4); half may run long queries; "
                        "over a server they check queries, and this many are sent to it at once")
    p.add_argument("--worker-memory-mb", type=int, default=2048,
                   help="data memory of each worker process; a query past it fails alone (default: 2048; 0: no cap)")
    p.add_argument("--cors", action="append", default=[], metavar="ORIGIN",
                   help="let web pages from ORIGIN (e.g. http://localhost:8888; '*' for any) read answers; "
                        "repeatable (default: none, same origin only)")
    p.add_argument("--cache-mb", type=float, default=64,
                   help="megabytes of answers kept in memory for repeated queries (default: 64; 0 keeps none); "
                        "none over a server (--store URL), whose graph builds may change at any time")
    p.add_argument("-v", "--verbose", action="store_true", help="log each request")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.querypool import PoolError
    from graph.remote import RemoteStoreError
    from graph.serve import ServeConfig, load_served, make_server

    if (not 0 <= args.port <= 65535 or args.timeout <= 0 or args.max_results <= 0 or args.cache_mb < 0
            or not 1 <= args.workers <= 64 or args.worker_memory_mb < 0):
        print("newsgraph serve: error: --port must be 0..65535; --timeout and --max-results above 0; "
              "--cache-mb and --worker-memory-mb 0 or more; --workers 1..64", file=sys.stderr)
        return 2
    try:
        served = load_served(None if args.store else (args.graph or "out/graph.ttl"), args.store)
    except RemoteStoreError as exc:  # a server that is down or refuses: nothing to front
        print(f"newsgraph serve: error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    config = ServeConfig(host=args.host, port=args.port, timeout=args.timeout, max_results=args.max_results,
                         cache_bytes=int(args.cache_mb * 2**20), workers=args.workers, cors=tuple(args.cors),
                         memory_mb=args.worker_memory_mb)
    try:
        server = make_server(served.source, config, verbose=args.verbose)
    except OSError as exc:
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    except PoolError as exc:
        raise CommandError(f"cannot start the query workers: {exc}") from exc
    host, port = server.server_address[:2]
    print(f"serving {served.size} read-only at http://{_url_host(host)}:{port}/sparql "
          "(Ctrl-C stops)", file=sys.stderr)
    if not _is_loopback(args.host):
        print(f"newsgraph: warning: listening on {args.host}, reachable from other machines",
              file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.endpoint.close()
    return 0


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
