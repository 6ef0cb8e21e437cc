"""One fast regular expression for many literal words.

Python's ``re`` tries the branches of ``a|b|c`` one by one at every position, so an alternation
of a thousand names is slow; the same words folded into a trie (``Ira(?:n|q)``) are matched in a
single pass. Longer words win over their prefixes, as with a longest-first alternation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching exactly ``words`` (non-empty literals), longest first."""
    root: dict = {}
    for word in words:
        if not word:
            continue
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _source(root) if root else "(?!)"


def _source(node: dict) -> str:
    branches = [re.escape(ch) + _source(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return f"(?:{body})?"
    return body
