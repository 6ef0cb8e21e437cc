"""Fetching pages and feeds over HTTP(S): a time limit, a size limit, retries and a clear user agent.

Transient failures (timeouts, refused connections, 429 and 5xx answers) are tried again after a
short pause; every failure ends in one line naming the address. Only http and https are fetched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from graph.read.article import ArticleError

USER_AGENT = "newsgraph/0.1 (news knowledge-graph builder; +https://pypi.org/project/newsgraph/)"


def is_url(text: str) -> bool:
    """Whether an input names a web address rather than a file."""
    return text.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Fetched:
    """A fetched answer: its bytes, the address it finally came from, and its declared type."""

    data: bytes
    url: str
    content_type: str


@dataclass(frozen=True)
class Fetcher:
    """How pages are fetched: seconds per try, bytes at most, tries after the first, pause between."""

    timeout: float = 15.0
    max_bytes: int = 20_000_000
    retries: int = 2
    backoff: float = 1.0

    def get(self, url: str) -> Fetched:
        """The answer for ``url``; :class:`ArticleError` (one line) when it cannot be had."""
        import http.client
        import urllib.error
        import urllib.request

        if not is_url(url):
            raise ArticleError(f"{url}: not an http or https address")
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * attempt)
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 - http(s) only
                    declared = answer.headers.get("Content-Length")
                    if declared and declared.isdigit() and int(declared) > self.max_bytes:
                        raise ArticleError(f"{url}: larger than {self._limit()} ({int(declared):,} bytes); not fetched")
                    data = answer.read(self.max_bytes + 1)
                    if len(data) > self.max_bytes:
                        raise ArticleError(f"{url}: larger than {self._limit()}; not fetched")
                    return Fetched(data, answer.geturl(), answer.headers.get("Content-Type", ""))
            except urllib.error.HTTPError as exc:
                problem = f"HTTP {exc.code} {exc.reason}"
                if exc.code != 429 and exc.code < 500:
                    break
            except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                problem = (f"no answer within {self.timeout:g} s" if isinstance(reason, TimeoutError)
                           or "timed out" in str(reason) else f"cannot connect ({reason})")
        tries = attempt + 1
        raise ArticleError(f"{url}: {problem}" + (f" (after {tries} tries)" if tries > 1 else ""))

    def _limit(self) -> str:
        return f"{self.max_bytes / 1_000_000:g} MB"


def read_url_list(path: str) -> list[str]:
    """The addresses in a file of URLs, one a line (blank lines and ``#`` comments left out).

    Raises :class:`ArticleError` naming the file and line of anything that is not an address.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleError(f"{path}: cannot read the list of URLs ({getattr(exc, 'strerror', None) or exc})") from exc
    urls = []
    for lineno, line in enumerate(lines, start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if not is_url(entry):
            raise ArticleError(f"{path}:{lineno}: not an http or https address: {entry[:80]!r}")
        urls.append(entry)
    if not urls:
        raise ArticleError(f"{path}: no URLs in the list")
    return urls
