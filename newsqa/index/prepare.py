"""Turn a decoded file into what the store holds: clean text, title, language,
chunks and sentences with offsets. Pure functions; nothing is embedded or stored here.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from ..settings import ChunkSettings
from .chunk import chunk_text, sentences
from .clean import CleanResult, clean_text
from .lang import detect_language
from .load import RawDocument
from .normalize import lexical_tokens
from .records import ChunkRecord, DocumentRecord, SentenceRecord, chunk_id, sentence_id

PIPELINE_VERSION = "6"
"""Bump when cleaning, chunking, sentence splitting or the lexical tokens change what a document becomes
(3: mojibake repaired or dropped; Markdown, HTML, PDF and DOCX read by their libraries; 4: English and
German tokens lemmatised; 5: no sentence end after an abbreviation or an initial, by sentencex; 6: Simplified
Chinese no longer goes through ``tw2sp``, which turned 什么 into 什幺 and 核心 into 内核)."""
MAX_TITLE_CHARS = 160


@dataclass(frozen=True)
class PreparedDocument:
    """A document ready to embed: its record, chunks, sentences, and what cleaning did."""

    record: DocumentRecord
    chunks: list[ChunkRecord]
    sentences: list[SentenceRecord]
    cleaning: CleanResult


def pipeline_signature(settings: ChunkSettings) -> str:
    """What shapes chunks: the pipeline version and the chunk settings, recorded in the store's manifest
    (a store cut another way refuses to open until rebuilt). Example: 'v2;chunks:max=256,min=40'."""
    return f"v{PIPELINE_VERSION};{settings.chunking}"


def content_hash(text: str) -> str:
    """SHA-256 of the clean text and the pipeline version (a pipeline change re-indexes)."""
    return hashlib.sha256(f"{PIPELINE_VERSION}\n{text}".encode()).hexdigest()


def make_title(text: str, given: str | None = None) -> str:
    """The first heading-like line: the first line if short, else its first sentence cut to 80 chars."""
    if given and given.strip():
        return given.strip()
    first = text.split("\n", 1)[0].lstrip("# ").strip()
    if len(first) <= MAX_TITLE_CHARS:
        return first
    head = sentences(first)[0].text if sentences(first) else first
    return head if len(head) <= 80 else head[:79] + "…"


def prepare(raw: RawDocument, max_tokens: int, min_tokens: int) -> PreparedDocument:
    """Clean, chunk and tag one document (its title: the one the source gave, else the first heading-like line)."""
    cleaned = clean_text(raw.text)
    text = cleaned.text
    sha = content_hash(text)
    doc_title = make_title(text, raw.title)
    chunks: list[ChunkRecord] = []
    sentence_records: list[SentenceRecord] = []
    for i, span in enumerate(chunk_text(text, max_tokens=max_tokens, min_tokens=min_tokens)):
        cid = chunk_id(raw.doc_id, sha, i)
        spans = sentences(span.text, span.start)
        chunks.append(
            ChunkRecord(
                chunk_id=cid,
                doc_id=raw.doc_id,
                doc_sha=sha,
                title=doc_title,
                language=detect_language(span.text),
                source=raw.source,
                start=span.start,
                end=span.end,
                text=span.text,
                tokens=" ".join(lexical_tokens(span.text)),
                sentences=len(spans),
            )
        )
        for j, sent in enumerate(spans):
            sentence_records.append(
                SentenceRecord(sentence_id(cid, j), cid, raw.doc_id, sha, sent.start, sent.end, sent.text, j)
            )
    languages: Counter[str] = Counter()
    for chunk in chunks:
        languages[chunk.language] += len(chunk.text)
    language = max(languages, key=lambda lang: languages[lang]) if languages else detect_language(text)
    record = DocumentRecord(
        raw.doc_id,
        doc_title,
        language,
        sha,
        raw.source,
        len(chunks),
        text,
        author=raw.author,
        published=raw.published,
        site=raw.site,
        indexed_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return PreparedDocument(record, chunks, sentence_records, cleaned)
