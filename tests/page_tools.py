"""Helpers of the page tests: the data a page embeds, and the page as headless Chromium leaves it.

A page writes what it drew into ``<body>`` attributes (drawn nodes and edges, settled, label size
in pixels, mode, selection, script errors) and lists the drawn actors in ``#ng-drawn``; a page
opened as ``page.html#search=NAME&kinds=...`` works its own controls as a reader would.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def embedded_data(page: str) -> dict:
    """The NG_DATA object a page embeds."""
    return json.loads(re.search(r"var NG_DATA = (.*);\n", page).group(1))


def labels_of(data: dict, type_name: str | None = None) -> set[str]:
    """Labels of the page's entities (of one type, if given)."""
    types = data["types"]
    return {e[0] for e in data["entities"] if type_name is None or types[e[1]] == type_name}


@dataclass
class Seen:
    """A page after it ran: the dumped DOM, its body attributes, and Chromium's console lines."""

    dom: str
    attrs: dict[str, str]
    console: list[str]

    def drawn(self) -> list[str]:
        """The actors drawn, as the page lists them for screen readers."""
        box = re.search(r'<ul id="ng-drawn"[^>]*>(.*?)</ul>', self.dom, re.S).group(1)
        return [html_lib.unescape(x) for x in re.findall(r"<li>(.*?)</li>", box)]

    def text(self, element_id: str, tag: str) -> str:
        """The visible text of the element ``<tag id=element_id>`` (one not nesting its own tag)."""
        match = re.search(rf'<{tag} id="{element_id}"[^>]*>(.*?)</{tag}>', self.dom, re.S)
        return _text(match.group(1)) if match else ""

    def timeline(self) -> str:
        match = re.search(r'<div class="ng-tl-caption">(.*?)</div>', self.dom, re.S)
        return _text(match.group(1)) if match else ""

    def errors(self) -> str:
        match = re.search(r'<pre id="ng-errors"[^>]*>(.*?)</pre>', self.dom, re.S)
        return match.group(1) if match else ""


def open_page(path: Path, profile: Path, fragment: str = "", *extra: str, budget_ms: int = 8000) -> Seen:
    """Open a page from file:// offline (a proxy that refuses everything) and return what it shows."""
    profile.mkdir(parents=True, exist_ok=True)
    url = path.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={profile}", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
           "--enable-logging=stderr", "--v=0", "--window-size=1400,900", f"--virtual-time-budget={budget_ms}",
           *(extra or ("--dump-dom",)), url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    body = re.search(r"<body([^>]*)>", done.stdout)
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1))) if body else {}
    return Seen(done.stdout, {k: html_lib.unescape(v) for k, v in attrs.items()},
                [line for line in done.stderr.splitlines() if ":CONSOLE" in line])


def _text(markup: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))).strip()
