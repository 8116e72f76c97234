"""The per-process engine: settings, store, embedders and a snapshot of the
committed index (documents, chunks, lexical index), loaded once and refreshed
when the store's generation token changes (another process, or an ingest).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newsqa.errors import DocumentNotFoundError
from newsqa.index import ChunkRecord, DocumentRecord, Embedder, SentenceRecord, Store, embedders_for, open_store
from newsqa.settings import Settings, get_settings

from .lexical import LexicalIndex

log = logging.getLogger(__name__)

REFRESH_EVERY_S = 1.0
SENTENCE_CACHE_CHUNKS = 2048
"""Chunks whose stored sentences and vectors an engine keeps (~35 KB each with both encoders)."""


@dataclass(frozen=True)
class Snapshot:
    """The committed index as one process sees it."""

    generation: str
    documents: dict[str, DocumentRecord]
    chunks: list[ChunkRecord]
    positions: dict[str, int]
    languages: np.ndarray
    doc_ids: np.ndarray
    chinese: np.ndarray
    lexical: LexicalIndex
    groups: tuple[str, ...]
    """Language groups of the corpus (``en``, ``de``, ``zh``: both Chinese scripts are one group)."""
    affinity: list[np.ndarray]
    """Per embedder, chunks x groups: each chunk vector's dot product with each group's mean vector."""


def language_group(language: str) -> str:
    """The group a language tag is centred with. Example: 'zh-Hant' -> 'zh'; 'de' -> 'de'."""
    return "zh" if language.startswith("zh") else language


def centroid_affinity(store: Store, index: int, chunks: list[ChunkRecord], groups: tuple[str, ...]) -> np.ndarray:
    """Each chunk's similarity to the mean vector of every language group (embedder ``index``).

    Subtracting a passage's affinity to the question's language group is what centring each
    language on its mean vector (Libovický et al. 2020) leaves once scores are standardised
    within each passage language.
    """
    stored = store.chunk_vectors(index)
    present = [c.chunk_id in stored for c in chunks]
    if not chunks or not all(present):
        return np.zeros((len(chunks), len(groups)), dtype=np.float32)
    matrix = np.stack([stored[c.chunk_id] for c in chunks])
    labels = np.array([language_group(c.language) for c in chunks], dtype=object)
    means = np.stack([matrix[labels == g].mean(axis=0) for g in groups])
    return (matrix @ means.T).astype(np.float32)


def incomplete(documents: dict[str, DocumentRecord], chunks: list[ChunkRecord]) -> list[str]:
    """Committed documents of which fewer chunks were read than their records count."""
    counts = Counter(c.doc_id for c in chunks)
    return sorted(doc_id for doc_id, record in documents.items() if counts[doc_id] < record.chunks)


def take_snapshot(store: Store) -> Snapshot:
    """Read committed documents and their current chunks (and the language centroids) from the store."""
    generation = store.generation()
    documents = store.documents()
    chunks = [c for c in store.all_chunks() if c.doc_id in documents and documents[c.doc_id].sha256 == c.doc_sha]
    chunks.sort(key=lambda c: (c.doc_id, c.start))
    short = incomplete(documents, chunks)
    if short:  # a read that missed part of a committed write: read again next time, not at the next write
        log.warning("the store's read missed chunks of %s; the snapshot will be read again", ", ".join(short[:5]))
        generation = ""
    groups = tuple(sorted({language_group(c.language) for c in chunks}))
    return Snapshot(
        generation=generation,
        documents=documents,
        chunks=chunks,
        positions={c.chunk_id: i for i, c in enumerate(chunks)},
        languages=np.array([c.language for c in chunks], dtype=object),
        doc_ids=np.array([c.doc_id for c in chunks], dtype=object),
        chinese=np.array([c.language.startswith("zh") for c in chunks], dtype=bool),
        lexical=LexicalIndex(chunks),
        groups=groups,
        affinity=[centroid_affinity(store, i, chunks, groups) for i in range(len(store.chunks))],
    )


class Engine:
    """Everything a question needs, loaded once per process."""

    def __init__(self, settings: Settings | None = None, store: Store | None = None) -> None:
        self.settings = settings or get_settings()
        self.store = store or open_store(self.settings)
        self.embedders: list[Embedder] = embedders_for(self.settings)
        self._lock = threading.Lock()
        self._snapshot = take_snapshot(self.store)
        self._checked = time.monotonic()
        self._vectors: dict[tuple[int, str], np.ndarray] = {}
        self._sentences: dict[str, list[tuple[SentenceRecord, np.ndarray]]] = {}

    @property
    def snapshot(self) -> Snapshot:
        """The current snapshot; re-read when the store changed (checked at most once a second)."""
        now = time.monotonic()
        if now - self._checked >= REFRESH_EVERY_S:
            with self._lock:
                self._checked = now
                if self.store.generation() != self._snapshot.generation:
                    self._snapshot = take_snapshot(self.store)
        return self._snapshot

    def refresh(self) -> None:
        """Re-read the snapshot now (after this process wrote to the store)."""
        with self._lock:
            self._snapshot = take_snapshot(self.store)
            self._checked = time.monotonic()

    def query_vector(self, index: int, text: str) -> np.ndarray:
        """The query vector of embedder ``index``, cached for the last few questions."""
        key = (index, text)
        cached = self._vectors.get(key)
        if cached is None:
            cached = self.embedders[index].encode_queries([text])[0]
            if len(self._vectors) > 256:
                self._vectors.clear()
            self._vectors[key] = cached
        return cached

    def chunk_sentences(self, chunks: list[ChunkRecord]) -> list[tuple[SentenceRecord, np.ndarray]]:
        """The stored sentences of ``chunks`` with their vectors, in chunk order then position; kept
        for the last few thousand chunks (the re-ranker and the reader read the same passages, and a
        chunk id names its content, so a kept copy never goes stale)."""
        kept = self._sentences  # replaced, never changed in place: other threads read it
        missing = [c for c in chunks if c.chunk_id not in kept]
        if missing:
            if len(kept) + len(missing) > SENTENCE_CACHE_CHUNKS:
                kept, missing = {}, list(chunks)
            found: dict[str, list[tuple[SentenceRecord, np.ndarray]]] = {c.chunk_id: [] for c in missing}
            for record, vector in self.store.chunk_sentences(missing):
                found[record.chunk_id].append((record, vector))
            # every chunk has a sentence, so an empty read (a write not yet visible) is not kept
            self._sentences = {**kept, **{cid: rows for cid, rows in found.items() if rows}}
            kept = {**kept, **found}
        return [row for c in chunks for row in kept[c.chunk_id]]

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for (segmenter, CC-CEDICT, encoders)."""
        from newsqa.index.dictionary import translate
        from newsqa.index.normalize import lexical_tokens

        translate(lexical_tokens("王長虎 Wang Changhu 影片"), "de")  # CC-CEDICT and Ding
        for i in range(len(self.embedders)):
            self.embedders[i].encode_queries(["warm up"])

    def clear_query_cache(self) -> None:
        """Forget cached query vectors (benchmarks measure each question from scratch)."""
        self._vectors.clear()

    def document(self, doc_id: str) -> DocumentRecord:
        """A committed document, or DocumentNotFoundError."""
        try:
            return self.snapshot.documents[doc_id]
        except KeyError:
            raise DocumentNotFoundError(f"no document with id {doc_id!r} is indexed") from None


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The process-wide engine, created on first use."""
    return Engine()
