"""One module per ``newsgraph`` subcommand; each defines ``add_parser(subparsers)``.

Modules import heavy libraries inside their ``run`` function so ``newsgraph --help`` stays fast.
"""
