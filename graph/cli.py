"""The ``newsgraph`` command line: a thin dispatcher over one module per subcommand.

Each module in ``graph/commands`` adds its subparser and a ``run(args) -> int``. Errors the user
can fix are printed as one line on stderr (exit 1; usage errors exit 2), never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from pathlib import Path

COMMANDS = ("build", "query", "validate", "view", "stats", "export", "serve", "remove")


class CommandError(Exception):
    """A failure to report as one line, with exit status 1."""


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="newsgraph",
        description="Build a knowledge graph of who met whom, who holds which post, who signed what "
                    "and who said it, from news articles, with every fact traced to its sentence.",
    )
    ap.add_argument("--version", action=_VersionAction, help="print newsgraph's version and exit")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"graph.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"graph.commands.{name}":
                continue
            raise
        module.add_parser(sub)
    return ap


def version() -> str:
    """The installed package's version; in a source checkout that is not installed, pyproject.toml's."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("newsgraph")
    except PackageNotFoundError:
        pass
    try:
        text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return "unknown (not installed)"
    found = re.search(r'(?m)^version\s*=\s*"([^"]+)"', text)
    return f"{found.group(1)} (source checkout)" if found else "unknown (source checkout)"


class _VersionAction(argparse.Action):
    """``--version``: the version is looked up only when asked (``--help`` stays fast)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        print(f"newsgraph {version()}")
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    ap = parser()
    args = ap.parse_args(argv)
    if not getattr(args, "run", None):
        ap.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except CommandError as exc:
        print(f"newsgraph: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    from graph.cli import main as _main  # the package's copy, so CommandError is the same class

    sys.exit(_main())
