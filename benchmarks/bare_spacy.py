"""The baseline for the build benchmark: bare spaCy ``nlp.pipe`` over the same texts.

Same reader, same model, same batch size as ``newsgraph build``; nothing is extracted or kept.
Prints one JSON line: articles, tokens, model load and pipe seconds.
"""

from __future__ import annotations

import json
import sys
import time

from graph.nlp import PIPE_BATCH_SIZE, load_pipeline
from graph.read import Article, iter_articles


def main(paths: list[str]) -> None:
    started = time.perf_counter()
    nlp = load_pipeline()
    loaded = time.perf_counter()
    articles = tokens = 0
    texts = (a.parse_text for a in iter_articles(paths) if isinstance(a, Article))
    for doc in nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE):
        articles += 1
        tokens += len(doc)
    done = time.perf_counter()
    print(json.dumps({"articles": articles, "tokens": tokens, "load_s": loaded - started,
                      "pipe_s": done - loaded, "batch_size": PIPE_BATCH_SIZE, "model": nlp.meta["name"]}))


if __name__ == "__main__":
    main(sys.argv[1:])
