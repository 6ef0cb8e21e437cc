#!/usr/bin/env bash
# The services the tests start on 127.0.0.1 that pip cannot bring: Virtuoso (Debian virtuoso-opensource),
# the second SPARQL server of `--store http://HOST:8890/sparql`. Installed with apt where this user may
# (root, or sudo without a password); elsewhere its tests skip and say why. The Oxigraph server comes
# with pip (the test extra).
set -euo pipefail
if command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null; then
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "note: no apt-get here: the Virtuoso tests will skip (install virtuoso-opensource 7.2 by hand to run them)"
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "note: not root and no password-less sudo: the Virtuoso tests will skip (apt-get install virtuoso-opensource)"
    exit 0
fi
echo "installing virtuoso-opensource for the tests (apt-get, once)"
if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends virtuoso-opensource >/dev/null; then
    $SUDO apt-get update -q >/dev/null
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends virtuoso-opensource >/dev/null \
        || echo "note: virtuoso-opensource could not be installed: the Virtuoso tests will skip"
fi
