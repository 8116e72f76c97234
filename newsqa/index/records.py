"""What the store holds, as dataclasses, and the one place their ids are built.

A chunk id names the document, the first ten hex digits of its content hash and the chunk's
position; a sentence id adds the sentence's position inside the chunk. Ids are built here
only, at index time; questions read stored sentences by chunk and never rebuild an id.

Example:
    >>> chunk_id("004_abc", "f00dfeed" * 8, 3)
    '004_abc:f00dfeed00:0003'
    >>> sentence_id("004_abc:f00dfeed00:0003", 12)
    '004_abc:f00dfeed00:0003:012'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def chunk_id(doc_id: str, doc_sha: str, position: int) -> str:
    """The id of chunk ``position`` of version ``doc_sha`` of a document."""
    return f"{doc_id}:{doc_sha[:10]}:{position:04d}"


def sentence_id(chunk: str, position: int) -> str:
    """The id of sentence ``position`` of chunk ``chunk``."""
    return f"{chunk}:{position:03d}"


@dataclass(frozen=True)
class DocumentRecord:
    """A committed document and its clean text."""

    doc_id: str
    title: str
    language: str
    sha256: str
    source: str
    chunks: int
    text: str

    def metadata(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "language": self.language,
            "sha256": self.sha256,
            "source": self.source,
            "chunks": self.chunks,
        }

    @classmethod
    def from_chroma(cls, doc_id: str, text: str, meta: dict[str, Any]) -> DocumentRecord:
        return cls(
            doc_id=doc_id,
            title=str(meta.get("title", doc_id)),
            language=str(meta.get("language", "und")),
            sha256=str(meta.get("sha256", "")),
            source=str(meta.get("source", "")),
            chunks=int(meta.get("chunks", 0)),
            text=text,
        )


@dataclass(frozen=True)
class ChunkRecord:
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

    def metadata(self) -> dict[str, Any]:
        return {
            "tokens": self.tokens,
            "doc_id": self.doc_id,
            "doc_sha": self.doc_sha,
            "title": self.title,
            "language": self.language,
            "source": self.source,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_chroma(cls, chunk_id: str, text: str, meta: dict[str, Any]) -> ChunkRecord:
        return cls(
            chunk_id=chunk_id,
            doc_id=str(meta["doc_id"]),
            doc_sha=str(meta["doc_sha"]),
            title=str(meta["title"]),
            language=str(meta["language"]),
            source=str(meta["source"]),
            start=int(meta["start"]),
            end=int(meta["end"]),
            text=text,
            tokens=str(meta.get("tokens", "")),
        )


@dataclass(frozen=True)
class SentenceRecord:
    """Sentence ``position`` of a chunk, with offsets into the document text."""

    sentence_id: str
    chunk_id: str
    doc_id: str
    doc_sha: str
    start: int
    end: int
    text: str
    position: int = 0

    def metadata(self) -> dict[str, Any]:
        return {
            "chunk_id": self.chunk_id,
            "doc_id": self.doc_id,
            "doc_sha": self.doc_sha,
            "start": self.start,
            "end": self.end,
            "position": self.position,
        }

    @classmethod
    def from_chroma(cls, sentence_id: str, text: str, meta: dict[str, Any]) -> SentenceRecord:
        return cls(
            sentence_id=sentence_id,
            chunk_id=str(meta["chunk_id"]),
            doc_id=str(meta["doc_id"]),
            doc_sha=str(meta["doc_sha"]),
            start=int(meta["start"]),
            end=int(meta["end"]),
            text=text,
            position=int(meta["position"]),
        )
