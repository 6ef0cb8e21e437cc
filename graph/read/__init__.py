"""The read stage: inputs of every kind to :class:`Article` records.

One module per input kind: ``text`` (a header block), ``records`` (JSON and JSON Lines), ``html``
(web pages), ``feed`` (RSS and Atom), ``warc`` (web archives); ``inputs`` opens files, folders,
URLs, pipes, compressed files and zips and sends each by its content (``sniff``) to its reader;
``fetch`` gets pages over HTTP. Heavy libraries (trafilatura, feedparser, warcio) load only when
an input needs them.
"""

from graph.read.article import MAX_ARTICLE_CHARS, Article, ArticleError
from graph.read.fetch import Fetcher, is_url, read_url_list
from graph.read.inputs import SUPPORTED_SUFFIXES, iter_articles, read_file
from graph.read.records import article_from_record
from graph.read.text import parse_text_article

__all__ = [
    "MAX_ARTICLE_CHARS",
    "SUPPORTED_SUFFIXES",
    "Article",
    "ArticleError",
    "Fetcher",
    "article_from_record",
    "is_url",
    "iter_articles",
    "parse_text_article",
    "read_file",
    "read_url_list",
]
