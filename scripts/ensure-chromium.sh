#!/usr/bin/env bash
# Install Debian's headless Chromium for the page tests when it is missing (needs root or sudo).
set -u
command -v chromium >/dev/null 2>&1 && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
if command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium for the page tests..." >&2
  $SUDO apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null 2>&1 \
    || echo "warning: could not install chromium; the browser tests will be skipped" >&2
else
  echo "warning: no apt-get; install chromium to run the browser tests" >&2
fi
exit 0
