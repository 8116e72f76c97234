"""The Chroma store: documents, chunks and sentences, with our own vectors.

Collections (names are fixed; one chunk collection per embedder):

- ``qa-documents``: one record per document; its ``document`` is the clean text
  that citation offsets index into; its metadata holds title, language, source,
  chunk count and ``sha256``. The collection metadata is the manifest: which
  embedders made the vectors, the schema of the records, the pipeline that cut the chunks
  (``PIPELINE_VERSION`` and the chunk settings), and a ``generation`` token, a fresh random value
  written on every change (not a counter: two writers that both read 5 and write 6 would hide the second
  change from a reader that saw the first; two fresh tokens always differ from what a reader saw).
  Opening a store whose manifest differs from the settings fails loudly (IndexMismatchError).
- ``qa-chunks-<embedder>``: chunk text, offsets and metadata, one vector per embedder.
- ``qa-sentences``: every sentence of every chunk with its position, embedded with every
  embedder (the vectors side by side); answers read them by chunk (sentences are split once, at index time).

A document record is the commit point. Chunks are written first under ids that
include the content hash, then the document record, then older chunks are
deleted; readers use only chunks whose hash matches the committed record, so an
interrupted build never shows a half-built document. Cosine space is set
explicitly; Chroma's own embedding function is never used.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np

from ..errors import IndexMismatchError, IndexMissingError, StoreBusyError, StoreUnavailableError
from ..settings import StoreSettings
from .client import make_client
from .records import ChunkRecord, DocumentRecord, SentenceRecord, Stored

SCHEMA = 4
"""Version of the record layout (3: sentences carry their position, chunks their sentence count; 4: a
sentence's vector is every embedder's vector side by side)."""
DOCS = "qa-documents"
SENTENCES = "qa-sentences"
T = TypeVar("T")
PROGRAMMING_ERRORS = (KeyError, TypeError, AttributeError, IndexError, NameError, AssertionError)

SENTENCE_HNSW = {"ef_construction": 10, "max_neighbors": 4}
PAGE = 5000
READ_RETRIES = 2


def retried(read: Callable[[], T]) -> T:
    """Run an idempotent read, retrying it twice when a Chroma server fails it because it raced a
    concurrent delete ("Error finding id")."""
    from chromadb.errors import InternalError

    for attempt in range(READ_RETRIES + 1):
        try:
            return read()
        except InternalError:
            if attempt == READ_RETRIES:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def read_all(collection: Any, include: tuple[str, ...] = ("documents", "metadatas")) -> dict[str, list[Any]]:
    """Ids and the included fields of a whole collection, read in pages (one `get` of 100k
    records exceeds SQLite's variable limit); the whole read is ``retried``."""
    return retried(lambda: _read_pages(collection, include))


def _by_id(got: Any) -> dict[str, np.ndarray]:
    """The vectors of a Chroma read, by id."""
    return {rid: np.asarray(vec, dtype=np.float32) for rid, vec in zip(got["ids"], got["embeddings"], strict=True)}


def _read_pages(collection: Any, include: tuple[str, ...]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {"ids": [], **{key: [] for key in include}}
    offset = 0
    while True:
        got = collection.get(include=list(include), limit=PAGE, offset=offset)
        for key in out:
            values = got[key]
            out[key].extend([] if values is None else list(values))
        if len(got["ids"]) < PAGE:
            return out
        offset += PAGE


def collection_slug(name: str) -> str:
    """A Chroma-safe slug for an embedder name. Example: 'intfloat/e5-small' -> 'intfloat-e5-small'."""
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:40] or "model"


def _guard(action: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Turn a chromadb, network or disk failure inside the wrapped method into StoreUnavailableError
    (a programming error such as KeyError or TypeError propagates as itself)."""

    def wrap(func: Callable[..., T]) -> Callable[..., T]:
        def inner(*args: Any, **kwargs: Any) -> T:
            try:
                return func(*args, **kwargs)
            except (IndexMismatchError, IndexMissingError, StoreBusyError, *PROGRAMMING_ERRORS):
                raise  # ours, or a bug: never reported as "store unavailable"
            except Exception as err:
                raise StoreUnavailableError(f"the Chroma store could not {action}: {err}") from err

        inner.__doc__ = func.__doc__
        inner.__name__ = func.__name__
        return inner

    return wrap


class Store:
    """Reads and writes documents, chunks and sentences; one instance per process."""

    def __init__(self, settings: StoreSettings, signatures: Sequence[str], pipeline: str, create: bool = False) -> None:
        self.settings = settings
        self.signatures = list(signatures)
        self.pipeline = pipeline
        self.write_lock = threading.Lock()
        self._client = make_client(settings)
        self._open(create)

    @_guard("open its collections")
    def _open(self, create: bool) -> None:
        names = {c.name if hasattr(c, "name") else str(c) for c in self._client.list_collections()}
        manifest = self.manifest
        if DOCS in names:
            self.docs = self._client.get_collection(DOCS, embedding_function=None)
            built = self.docs.metadata or {}
            for key, wanted in manifest.items():
                if built.get(key) != wanted:
                    raise IndexMismatchError(
                        f"the index under {self.location} was built with {key} {built.get(key)!r} but this "
                        f"version and its settings need {wanted!r}; run `qa index --rebuild` to rebuild it"
                    )
        elif create:
            self.docs = self._collection(DOCS, {**manifest, "generation": "new"})
        else:
            raise IndexMissingError(
                f"no index found at {self.location}; build it with `qa index` (default source: seeds/)"
            )
        self.chunks = [
            self._collection(f"qa-chunks-{collection_slug(sig.rsplit(':', 1)[0])}", {"embedder": sig})
            for sig in self.signatures
        ]
        # Sentences are read by id, never searched by vector: the leanest graph Chroma allows costs the least
        # to write (6,500 sentences: 3.6 s instead of 5.2 s).
        self.sentences = self._collection(SENTENCES, {"embedder": "+".join(self.signatures)}, SENTENCE_HNSW)

    @property
    def manifest(self) -> dict[str, Any]:
        """What this store's vectors and records were made with; a store built otherwise is refused."""
        return {"embedders": "+".join(self.signatures), "schema": SCHEMA, "pipeline": self.pipeline}

    @property
    def location(self) -> str:
        return self.settings.chroma_url or str(self.settings.chroma_path)

    def _collection(self, name: str, metadata: dict[str, Any], hnsw: dict[str, Any] | None = None) -> Any:
        return self._client.get_or_create_collection(
            name,
            configuration={"hnsw": {"space": "cosine", **(hnsw or {})}},
            metadata=metadata,
            embedding_function=None,
        )

    def _batches(self, n: int) -> Iterator[slice]:
        size = max(1, min(int(self._client.get_max_batch_size()), 1000))
        for start in range(0, n, size):
            yield slice(start, start + size)

    # -- reads ---------------------------------------------------------------

    @_guard("be reached")
    def heartbeat(self) -> int:
        """Counts committed documents; raises StoreUnavailableError when the store is down."""
        return int(self.docs.count())

    @_guard("read its manifest")
    def generation(self) -> str:
        """A token that changes on every committed change; readers compare it with the one they loaded."""
        fresh = self._client.get_collection(DOCS, embedding_function=None)
        return str((fresh.metadata or {}).get("generation", ""))

    @_guard("read the documents")
    def documents(self) -> dict[str, DocumentRecord]:
        """Every committed document by id."""
        got = read_all(self.docs)
        return {
            doc_id: DocumentRecord.from_chroma(doc_id, text or "", meta or {})
            for doc_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        }

    @_guard("read a document")
    def document(self, doc_id: str) -> DocumentRecord | None:
        """One committed document, or None (read by id: no need to read every document's text)."""
        got = self.docs.get(ids=[doc_id], include=["documents", "metadatas"])
        if not got["ids"]:
            return None
        return DocumentRecord.from_chroma(
            doc_id, (got["documents"] or [""])[0] or "", (got["metadatas"] or [{}])[0] or {}
        )

    @_guard("read the chunks")
    def all_chunks(self) -> list[ChunkRecord]:
        """Every stored chunk (committed or not; callers filter by the committed hashes)."""
        got = read_all(self.chunks[0])
        return [
            ChunkRecord.from_chroma(cid, text or "", meta or {})
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]

    @_guard("read chunk vectors")
    def chunk_vectors(self, index: int) -> dict[str, np.ndarray]:
        """Every stored chunk vector of embedder ``index``, by chunk id."""
        return _by_id(read_all(self.chunks[index], include=("embeddings",)))

    @_guard("read chunk vectors")
    def vectors_of(self, index: int, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of embedder ``index`` for ``chunk_ids`` (read by id; absent ids are left out)."""
        if not chunk_ids:
            return {}
        return _by_id(retried(lambda: self.chunks[index].get(ids=list(chunk_ids), include=["embeddings"])))

    @_guard("search")
    def query(self, collection: Any, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        """Nearest records as (id, cosine similarity); ids only, so large candidate lists stay cheap.

        The query is ``retried`` when a Chroma server fails it by racing a concurrent delete.
        """
        # Chroma returns at most what the collection holds (none when empty), so no count() first:
        # it cost a round trip on every query.
        got = retried(lambda: collection.query(query_embeddings=[vector.tolist()], n_results=n, include=["distances"]))
        return [(rid, 1.0 - float(dist)) for rid, dist in zip(got["ids"][0], got["distances"][0], strict=True)]

    @_guard("read sentences")
    def chunk_sentences(self, chunks: Sequence[ChunkRecord]) -> list[tuple[SentenceRecord, np.ndarray]]:
        """The stored sentences of the given chunks with their vectors, in chunk order then position
        (read by id: a metadata filter costs ~90 ms at 100k chunks, an id lookup a few)."""
        ids = [sid for chunk in chunks for sid in chunk.sentence_ids()]
        if not ids:
            return []
        got = self.sentences.get(ids=ids, include=["documents", "metadatas", "embeddings"])
        rows = [
            (SentenceRecord.from_chroma(sid, text or "", meta or {}), np.asarray(vec, dtype=np.float32))
            for sid, text, meta, vec in zip(
                got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True
            )
        ]
        order = {chunk.chunk_id: i for i, chunk in enumerate(chunks)}
        rows.sort(key=lambda row: (order[row[0].chunk_id], row[0].position))
        return rows

    # -- writes (callers hold write_lock) -------------------------------------

    @_guard("store chunks")
    def add_chunks(self, index: int, chunks: Sequence[ChunkRecord], vectors: np.ndarray) -> None:
        """Upsert chunks with the vectors of embedder ``index``."""
        self._upsert(self.chunks[index], [c.chunk_id for c in chunks], chunks, vectors)

    @_guard("store sentences")
    def add_sentences(self, sentences: Sequence[SentenceRecord], vectors: np.ndarray) -> None:
        """Upsert sentences with their vectors (every embedder's, concatenated in embedder order)."""
        self._upsert(self.sentences, [s.sentence_id for s in sentences], sentences, vectors)

    def _upsert(self, collection: Any, ids: list[str], records: Sequence[Stored], vectors: np.ndarray) -> None:
        for part in self._batches(len(records)):
            batch = records[part]
            collection.upsert(
                ids=ids[part],
                embeddings=vectors[part].tolist(),
                documents=[r.text for r in batch],
                metadatas=[r.metadata() for r in batch],
            )

    @_guard("commit documents")
    def commit_documents(self, docs: Sequence[DocumentRecord]) -> None:
        """Make each of ``docs`` (whose chunks are already stored) the visible version, in one write."""
        self.docs.upsert(
            ids=[d.doc_id for d in docs],
            embeddings=[[1.0]] * len(docs),
            documents=[d.text for d in docs],
            metadatas=[d.metadata() for d in docs],
        )
        self._bump()

    @_guard("delete a document")
    def delete_document(self, doc_id: str) -> None:
        """Remove the document record, then all its chunks and sentences."""
        self.docs.delete(ids=[doc_id])
        self._bump()
        self.delete_chunks(doc_id)

    @_guard("delete chunks")
    def delete_chunks(self, doc_id: str, keep_sha: str | None = None) -> None:
        """Delete a document's chunks and sentences, except those of version ``keep_sha``."""
        where: dict[str, Any] = {"doc_id": doc_id}
        if keep_sha:
            where = {"$and": [{"doc_id": doc_id}, {"doc_sha": {"$ne": keep_sha}}]}
        for collection in [*self.chunks, self.sentences]:
            collection.delete(where=where)

    def _bump(self) -> str:
        """Write a fresh generation token (the manifest keys are this store's own; ``modify`` replaces the
        whole metadata) and return it."""
        token = f"{time.time_ns():x}-{secrets.token_hex(6)}"
        self.docs.modify(metadata={**self.manifest, "generation": token})
        return token
