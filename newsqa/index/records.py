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

from dataclasses import dataclass, fields
from typing import Any, Self, cast


def chunk_id(doc_id: str, doc_sha: str, position: int) -> str:
    """The id of chunk ``position`` of version ``doc_sha`` of a document."""
    return f"{doc_id}:{doc_sha[:10]}:{position:04d}"


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
    """A committed document and its clean text."""

    doc_id: str
    title: str
    language: str
    sha256: str
    source: str
    chunks: int
    text: str


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
