"""What the store holds, as dataclasses, and the one place their ids are built.

A chunk id names the document, the first ten hex digits of its content hash and the chunk's
position; a sentence id adds the sentence's position inside the chunk. Ids are built here only.
Sentences are split once, at index time, and each chunk records how many it has, so a question
reads a chunk's stored sentences by id without splitting anything again.

Example:
    >>> chunk_id("004_abc", "f00dfeed" * 8, 3)
    '004_abc:f00dfeedf0:0003'
    >>> sentence_id("004_abc:f00dfeedf0:0003", 12)
    '004_abc:f00dfeedf0:0003:012'
    >>> SentenceRecord.from_chroma("c:001", "Hi.", {"chunk_id": "c", "doc_id": "d", "doc_sha": "s",
    ...     "start": 4, "end": 7, "position": 1}).metadata()["position"]
    1
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any, Self, cast


def chunk_id(doc_id: str, doc_sha: str, position: int) -> str:
    """The id of chunk ``position`` of version ``doc_sha`` of a document."""
    return f"{doc_id}:{doc_sha[:10]}:{position:04d}"


def url_doc_id(url: str) -> str:
    """The id of a document fetched from ``url``: host and path as a slug plus a hash of the whole URL.

    >>> url_doc_id("https://www.example.com/news/2024/pixverse-launch.html?ref=rss")
    'example.com_news_2024_pixverse-launch-2345dfc8'
    """
    import hashlib
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = (parts.hostname or "web").removeprefix("www.")
    path = re.sub(r"\.(?:html?|php|aspx?)$", "", parts.path)
    slug = re.sub(r"[^A-Za-z0-9.-]+", "_", f"{host}{path}").strip("_.")[:100]
    return f"{slug}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


def sentence_id(chunk: str, position: int) -> str:
    """The id of sentence ``position`` of chunk ``chunk``."""
    return f"{chunk}:{position:03d}"


class Stored:
    """What the records share in the store: the first field is the Chroma id, ``text`` the Chroma
    document, and every other field a metadata value (ints stay ints)."""

    text: str

    def metadata(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(cast(Any, self))[1:] if f.name != "text"}

    @classmethod
    def from_chroma(cls, record_id: str, text: str, meta: dict[str, Any]) -> Self:
        """The record from what Chroma returned; a missing value takes the field's default."""
        first, *rest = fields(cast(Any, cls))
        values = {
            f.name: int(meta[f.name]) if f.type == "int" else str(meta[f.name])
            for f in rest
            if f.name != "text" and f.name in meta
        }
        return cls(**{first.name: record_id, "text": text, **values})


@dataclass(frozen=True)
class DocumentRecord(Stored):
    """A committed document, its clean text and its metadata ('' when the source does not say)."""

    doc_id: str
    title: str
    language: str
    sha256: str
    """SHA-256 of the clean text (and the pipeline version): the content hash."""
    source: str
    """The file path, the URL it was fetched from, or ``api:<id>``."""
    chunks: int
    text: str
    author: str = ""
    published: str = ""
    """Publication date, YYYY-MM-DD."""
    site: str = ""
    indexed_at: str = ""
    """When this version was indexed, ISO 8601 UTC."""


@dataclass(frozen=True)
class ChunkRecord(Stored):
    """A chunk: ``document.text[start:end] == text``."""

    chunk_id: str
    doc_id: str
    doc_sha: str
    title: str
    language: str
    source: str
    start: int
    end: int
    text: str
    tokens: str = ""
    """The lexical tokens, space-separated, computed once at index time (empty: compute on load)."""
    sentences: int = 0
    """How many sentences the index stored for this chunk (ids: ``sentence_id(chunk_id, 0..n-1)``)."""

    def sentence_ids(self) -> list[str]:
        return [sentence_id(self.chunk_id, j) for j in range(self.sentences)]


@dataclass(frozen=True)
class SentenceRecord(Stored):
    """Sentence ``position`` of a chunk, with offsets into the document text."""

    sentence_id: str
    chunk_id: str
    doc_id: str
    doc_sha: str
    start: int
    end: int
    text: str
    position: int = 0
