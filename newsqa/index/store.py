"""The Chroma store: documents, chunks and sentences, with our own vectors.

Collections (names are fixed; one chunk collection per embedder):

- ``qa-documents``: one record per document; its ``document`` is the clean text
  that citation offsets index into; its metadata holds title, language, source,
  chunk count and ``sha256``. The collection metadata is the manifest: which
  embedders made the vectors, and a ``generation`` counter bumped on every change.
- ``qa-chunks-<embedder>``: chunk text, offsets and metadata, one vector per embedder.
- ``qa-sentences``: every sentence of every chunk, embedded with the first embedder,
  used to pick the answer sentences.

A document record is the commit point. Chunks are written first under ids that
include the content hash, then the document record, then older chunks are
deleted; readers use only chunks whose hash matches the committed record, so an
interrupted build never shows a half-built document. Cosine space is set
explicitly; Chroma's own embedding function is never used.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from .errors import IndexMismatchError, IndexMissingError, StoreBusyError, StoreUnavailableError
from .settings import Settings

SCHEMA = 1
DOCS = "qa-documents"
SENTENCES = "qa-sentences"
T = TypeVar("T")


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
    """A sentence inside a chunk, with offsets into the document text."""

    sentence_id: str
    chunk_id: str
    doc_id: str
    doc_sha: str
    start: int
    end: int
    text: str


PAGE = 5000
READ_RETRIES = 2


def read_all(collection: Any, include: tuple[str, ...] = ("documents", "metadatas")) -> dict[str, list[Any]]:
    """Ids and the included fields of a whole collection, read in pages (one `get` of 100k
    records exceeds SQLite's variable limit)."""
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
    """Turn any chromadb failure inside the wrapped method into StoreUnavailableError."""

    def wrap(func: Callable[..., T]) -> Callable[..., T]:
        def inner(*args: Any, **kwargs: Any) -> T:
            try:
                return func(*args, **kwargs)
            except (IndexMismatchError, IndexMissingError, StoreBusyError):
                raise
            except Exception as err:
                raise StoreUnavailableError(f"the Chroma store could not {action}: {err}") from err

        inner.__doc__ = func.__doc__
        inner.__name__ = func.__name__
        return inner

    return wrap


_OWNED: dict[str, int] = {}


def own_embedded_store(home: Path) -> None:
    """Take this process's exclusive lock on an embedded store (released when the process ends).

    Chroma's embedded mode is not safe across processes, so a second process on the same
    home directory gets StoreBusyError instead of a silently corrupted index.
    """
    key = str(home.resolve())
    if key in _OWNED:
        return
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / "owner.lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise StoreBusyError(
            f"another process (a running `qa serve`?) owns the embedded store in {home}; talk to it with "
            "--url, or run a Chroma server and set QA_CHROMA_URL so several processes can share the store"
        ) from None
    _OWNED[key] = fd


def make_client(settings: Settings) -> Any:
    """An embedded PersistentClient under home, or an HttpClient for QA_CHROMA_URL."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_url:
            from urllib.parse import urlparse

            url = urlparse(settings.chroma_url)
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or 8000,
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        own_embedded_store(settings.home)
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except StoreBusyError:
        raise
    except Exception as err:
        where = settings.chroma_url or settings.chroma_path
        raise StoreUnavailableError(
            f"could not open the Chroma store at {where}: {err}. Rebuild it with `qa index --rebuild`."
        ) from err


class Store:
    """Reads and writes documents, chunks and sentences; one instance per process."""

    def __init__(self, settings: Settings, signatures: Sequence[str], create: bool = False) -> None:
        self.settings = settings
        self.signatures = list(signatures)
        self.write_lock = threading.Lock()
        self._client = make_client(settings)
        self._open(create)

    @_guard("open its collections")
    def _open(self, create: bool) -> None:
        names = {c.name if hasattr(c, "name") else str(c) for c in self._client.list_collections()}
        manifest = "+".join(self.signatures)
        if DOCS in names:
            self.docs = self._client.get_collection(DOCS, embedding_function=None)
            built_with = (self.docs.metadata or {}).get("embedders")
            if built_with != manifest:
                raise IndexMismatchError(
                    f"the index under {self.location} was built with embedders {built_with!r} but the "
                    f"settings name {manifest!r}; run `qa index --rebuild` to rebuild it"
                )
        elif create:
            self.docs = self._collection(DOCS, {"embedders": manifest, "schema": SCHEMA, "generation": 0})
        else:
            raise IndexMissingError(
                f"no index found at {self.location}; build it with `qa index` (default source: seeds/)"
            )
        self.chunks = [
            self._collection(f"qa-chunks-{collection_slug(sig.rsplit(':', 1)[0])}", {"embedder": sig})
            for sig in self.signatures
        ]
        self.sentences = self._collection(SENTENCES, {"embedder": self.signatures[0]})

    @property
    def location(self) -> str:
        return self.settings.chroma_url or str(self.settings.chroma_path)

    def _collection(self, name: str, metadata: dict[str, Any]) -> Any:
        return self._client.get_or_create_collection(
            name, configuration={"hnsw": {"space": "cosine"}}, metadata=metadata, embedding_function=None
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
    def generation(self) -> int:
        """Bumped on every committed change; other processes compare it to refresh."""
        fresh = self._client.get_collection(DOCS, embedding_function=None)
        return int((fresh.metadata or {}).get("generation", 0))

    @_guard("read the documents")
    def documents(self) -> dict[str, DocumentRecord]:
        """Every committed document by id."""
        got = read_all(self.docs)
        return {
            doc_id: _document(doc_id, text or "", meta or {})
            for doc_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        }

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
        got = read_all(self.chunks[index], include=("embeddings",))
        return {cid: np.asarray(vec, dtype=np.float32) for cid, vec in zip(got["ids"], got["embeddings"], strict=True)}

    @_guard("search")
    def query(self, collection: Any, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        """Nearest records as (id, cosine similarity); ids only, so large candidate lists stay cheap.

        A Chroma server can fail a query that races a concurrent delete ("Error finding id");
        reads are idempotent, so such internal errors are retried twice before giving up.
        """
        from chromadb.errors import InternalError

        for attempt in range(READ_RETRIES + 1):
            try:
                count = collection.count()
                if not count:
                    return []
                got = collection.query(
                    query_embeddings=[vector.tolist()], n_results=min(n, count), include=["distances"]
                )
                break
            except InternalError:
                if attempt == READ_RETRIES:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return [(rid, 1.0 - float(dist)) for rid, dist in zip(got["ids"][0], got["distances"][0], strict=True)]

    @_guard("read vectors")
    def vectors(self, collection: Any, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of the given record ids (missing ids are left out)."""
        if not ids:
            return {}
        got = collection.get(ids=list(ids), include=["embeddings"])
        return {rid: np.asarray(vec, dtype=np.float32) for rid, vec in zip(got["ids"], got["embeddings"], strict=True)}

    # -- writes (callers hold write_lock) -------------------------------------

    @_guard("store chunks")
    def add_chunks(self, index: int, chunks: Sequence[ChunkRecord], vectors: np.ndarray) -> None:
        """Upsert chunks with the vectors of embedder ``index``."""
        for part in self._batches(len(chunks)):
            batch = chunks[part]
            self.chunks[index].upsert(
                ids=[c.chunk_id for c in batch],
                embeddings=vectors[part].tolist(),
                documents=[c.text for c in batch],
                metadatas=[c.metadata() for c in batch],
            )

    @_guard("store sentences")
    def add_sentences(self, sentences: Sequence[SentenceRecord], vectors: np.ndarray) -> None:
        for part in self._batches(len(sentences)):
            batch = sentences[part]
            self.sentences.upsert(
                ids=[s.sentence_id for s in batch],
                embeddings=vectors[part].tolist(),
                documents=[s.text for s in batch],
                metadatas=[
                    {
                        "chunk_id": s.chunk_id,
                        "doc_id": s.doc_id,
                        "doc_sha": s.doc_sha,
                        "start": s.start,
                        "end": s.end,
                    }
                    for s in batch
                ],
            )

    @_guard("commit a document")
    def commit_document(self, doc: DocumentRecord) -> None:
        """Make ``doc`` (whose chunks are already stored) the visible version."""
        meta = {
            "title": doc.title,
            "language": doc.language,
            "sha256": doc.sha256,
            "source": doc.source,
            "chunks": doc.chunks,
        }
        self.docs.upsert(ids=[doc.doc_id], embeddings=[[1.0]], documents=[doc.text], metadatas=[meta])
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

    def _bump(self) -> None:
        meta = dict(self.docs.metadata or {})
        fresh = self._client.get_collection(DOCS, embedding_function=None)
        meta.update(fresh.metadata or {})
        meta["generation"] = int(meta.get("generation", 0)) + 1
        self.docs.modify(metadata=meta)


def reset(settings: Settings) -> None:
    """Delete every collection this project owns (`qa index --rebuild`).

    An embedded store that cannot even be opened (corrupt files) is removed from disk.
    """
    try:
        client = make_client(settings)
    except StoreUnavailableError:
        if settings.chroma_url:
            raise
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        shutil.rmtree(settings.chroma_path, ignore_errors=True)
        return
    try:
        for collection in client.list_collections():
            name = collection.name if hasattr(collection, "name") else str(collection)
            if name.startswith("qa-"):
                client.delete_collection(name)
    except Exception as err:
        raise StoreUnavailableError(f"could not reset the Chroma store: {err}") from err


def _document(doc_id: str, text: str, meta: dict[str, Any]) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc_id,
        title=str(meta.get("title", doc_id)),
        language=str(meta.get("language", "und")),
        sha256=str(meta.get("sha256", "")),
        source=str(meta.get("source", "")),
        chunks=int(meta.get("chunks", 0)),
        text=text,
    )
