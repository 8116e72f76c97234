"""Incremental, crash-safe index builds, at the speed the encoders allow.

``build`` reads the given files and URLs, embeds only documents whose content hash
changed, stores their chunks, commits each document, and deletes what became stale:
older chunks of changed documents, documents whose source file is gone, and chunks left
behind by a build that died part-way. Running it twice with nothing changed embeds nothing.

The work is a three-stage pipeline, so the encoders (the wall) never wait: one thread
cleans, chunks and tokenises documents; the calling thread encodes them in batches of
whole documents (e5 runs its own OpenMP threads on every core); one thread writes each
encoded batch to Chroma and commits its documents while the next batch is encoded.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from ..errors import DocumentExistsError, SourceError
from ..settings import Settings
from .clean import CleanResult
from .client import reset
from .embed import BUNDLED_DIMENSIONS, Embedder, load_embedder
from .fetch import is_url
from .load import RawDocument, load_paths, load_url
from .prepare import PreparedDocument, pipeline_signature, prepare
from .records import DocumentRecord
from .store import Store

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
"""Called after each batch with the last document id, chunks embedded, and chunks to embed (0: not yet known)."""
BATCH_CHUNKS = 256
"""Chunks encoded per call (whole documents): large enough for the encoders' batching, small enough that
writes overlap encoding."""


CLEANING_COUNTS = tuple(f.name for f in fields(CleanResult) if f.name != "text")
"""The counts of ``CleanResult`` that a build report sums (every field but the text)."""


@dataclass
class BuildReport:
    """What a build did, for the summary table."""

    documents: int = 0
    embedded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks_by_language: Counter[str] = field(default_factory=Counter)
    chunks_embedded: int = 0
    characters_embedded: int = 0
    duplicates_dropped: int = 0
    chrome_dropped: int = 0
    pinyin_stripped: int = 0
    mojibake_repaired: int = 0
    mojibake_dropped: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    floor_seconds: float = 0.0
    """The floor, measured inside this build: the time the encoders took for each chunk, once per encoder
    (sentence vectors, cleaning, tokens and writes are the rest)."""

    sentence_seconds: float = 0.0
    """Time the encoders took for the sentences (the quote is chosen among them)."""
    write_seconds: float = 0.0
    """Time spent writing to the store (on its own thread, overlapping the encoders)."""

    @property
    def floor_ratio(self) -> float | None:
        """Build time over the floor (None when nothing was embedded)."""
        return round(self.seconds / self.floor_seconds, 2) if self.floor_seconds else None

    def count(self, doc: PreparedDocument) -> None:
        """Add what cleaning did to ``doc`` and its chunks' languages."""
        for name in CLEANING_COUNTS:
            setattr(self, name, getattr(self, name) + getattr(doc.cleaning, name))
        self.chunks_by_language.update(c.language for c in doc.chunks)


def embedders_for(settings: Settings) -> list[Embedder]:
    """Load the configured embedders (once per process)."""
    return [load_embedder(name) for name in settings.embedder_names]


def signatures_for(settings: Settings) -> list[str]:
    """Name:dimension of each configured embedder, as recorded in the store.

    Bundled encoders are known without loading them, so a no-op build stays fast.
    """
    return [
        f"{name}:{BUNDLED_DIMENSIONS[name]}" if name in BUNDLED_DIMENSIONS else load_embedder(name).signature
        for name in settings.embedder_names
    ]


def open_store(settings: Settings, create: bool = False) -> Store:
    """Open the store after checking it was built with the configured embedders and chunk settings."""
    return Store(settings, signatures_for(settings), pipeline_signature(settings), create=create)


def build(
    sources: Sequence[Path | str],
    settings: Settings,
    rebuild: bool = False,
    progress: Progress | None = None,
    store: Store | None = None,
) -> BuildReport:
    """Bring the index in line with the files, folders and URLs in ``sources`` (a feed URL brings the
    articles it links to)."""
    started = time.perf_counter()
    urls = [str(s) for s in sources if is_url(str(s))]
    paths = [Path(s) for s in sources if not is_url(str(s))]
    loaded = load_paths(paths)
    if rebuild:
        reset(settings)
        store = None
    store = store or open_store(settings, create=True)
    with store.write_lock:
        committed = store.documents()
        for url in urls:
            try:
                fetched = load_url(url, settings, committed)
            except SourceError as err:  # refused, unreachable or unreadable: skipped like a bad file
                log.warning("skipped %s: %s", url, err)
                loaded.skipped.append((url, str(err)))
                continue
            loaded.documents.extend(fetched.documents)
            loaded.skipped.extend(fetched.skipped)
            loaded.unchanged.extend(fetched.unchanged)
        report = BuildReport(skipped=loaded.skipped, unchanged=list(loaded.unchanged))
        _remove_orphans(store, committed)
        preparer = _Preparer(loaded.documents, settings, committed)
        index_documents(store, preparer.changed(report), settings, report, progress, preparer, set(committed))
        roots = [p.resolve() for p in paths]
        present = {d.doc_id for d in loaded.documents}
        for doc_id, record in committed.items():
            if doc_id not in present and _under(record.source, roots):
                store.delete_document(doc_id)
                report.removed.append(doc_id)
    report.documents = len(loaded.documents) + len(loaded.unchanged)
    report.seconds = time.perf_counter() - started
    return report


class _Preparer:
    """Cleans, chunks and tokenises documents on a thread of its own while the caller encodes (that work is
    pure Python; the encoders release the GIL). ``total`` counts the chunks of changed documents so far."""

    def __init__(self, raws: list[RawDocument], settings: Settings, committed: Mapping[str, DocumentRecord]) -> None:
        self.total = 0
        self.finished = False
        self._out: queue.Queue[PreparedDocument | BaseException | None] = queue.Queue()
        self._raws, self._settings, self._committed = raws, settings, committed
        threading.Thread(target=self._work, name="qa-prepare", daemon=True).start()

    def _work(self) -> None:
        try:
            for raw in self._raws:
                doc = prepare(raw, self._settings.chunk_max_tokens, self._settings.chunk_min_tokens)
                if not self._unchanged(doc):
                    self.total += len(doc.chunks)
                self._out.put(doc)
            self.finished = True
            self._out.put(None)
        except BaseException as err:  # handed to the consumer, which re-raises it
            self._out.put(err)

    def _unchanged(self, doc: PreparedDocument) -> bool:
        previous = self._committed.get(doc.record.doc_id)
        return previous is not None and previous.sha256 == doc.record.sha256

    def changed(self, report: BuildReport) -> Iterator[PreparedDocument]:
        """Prepared documents whose content changed; unchanged ones are counted in ``report``."""
        while (item := self._out.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            report.count(item)
            if self._unchanged(item):
                report.unchanged.append(item.record.doc_id)
            else:
                yield item


def index_documents(
    store: Store,
    docs: Iterable[PreparedDocument],
    settings: Settings,
    report: BuildReport | None = None,
    progress: Progress | None = None,
    preparer: _Preparer | None = None,
    replacing: Set[str] = frozenset(),
) -> None:
    """Encode ``docs`` in batches and store them: each document's chunks and sentences, then its record
    (the commit point), then the removal of the older chunks of the ids in ``replacing``. The caller holds
    ``store.write_lock``."""
    report = report or BuildReport()
    embedders = embedders_for(settings)
    done = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa-write") as writer:
        pending: Future[None] | None = None
        for batch in _batches(docs):
            vectors = _encode(batch, embedders, report)
            if pending is not None:
                pending.result()
            pending = writer.submit(_write, store, batch, vectors, replacing, report)
            for doc in batch:
                report.embedded.append(doc.record.doc_id)
                report.chunks_embedded += len(doc.chunks)
                report.characters_embedded += sum(len(c.text) for c in doc.chunks)
            done += sum(len(d.chunks) for d in batch)
            if progress:
                total = done if preparer is None else preparer.total if preparer.finished else 0
                progress(batch[-1].record.doc_id, done, total)
        if pending is not None:
            pending.result()


def _batches(docs: Iterable[PreparedDocument]) -> Iterator[list[PreparedDocument]]:
    batch: list[PreparedDocument] = []
    size = 0
    for doc in docs:
        batch.append(doc)
        size += len(doc.chunks)
        if size >= BATCH_CHUNKS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _encode(batch: list[PreparedDocument], embedders: list[Embedder], report: BuildReport) -> list[np.ndarray]:
    """One matrix of chunk vectors per embedder, then the sentence vectors: every embedder's, side by side."""
    chunks = [c.text for d in batch for c in d.chunks]
    started = time.perf_counter()
    vectors = [e.encode_documents(chunks) for e in embedders]
    report.floor_seconds += time.perf_counter() - started
    started = time.perf_counter()
    texts = [s.text for d in batch for s in d.sentences]
    sentences = np.hstack([e.encode_documents(texts) for e in embedders])
    report.sentence_seconds += time.perf_counter() - started
    return [*vectors, sentences]


def _write(
    store: Store, batch: list[PreparedDocument], vectors: list[np.ndarray], replacing: Set[str], report: BuildReport
) -> None:
    """Store a batch: chunks and sentences of every document, then their records in one commit, then the older
    chunks of documents that replaced a version (a new document has none to look for)."""
    started = time.perf_counter()
    chunks = [c for d in batch for c in d.chunks]
    for i in range(len(vectors) - 1):
        store.add_chunks(i, chunks, vectors[i])
    store.add_sentences([s for d in batch for s in d.sentences], vectors[-1])
    store.commit_documents([d.record for d in batch])
    for doc in batch:
        if doc.record.doc_id in replacing:
            store.delete_chunks(doc.record.doc_id, keep_sha=doc.record.sha256)
    report.write_seconds += time.perf_counter() - started


def add_document(store: Store, settings: Settings, raw: RawDocument, replace: bool = False) -> tuple[str, int]:
    """Index one document (the HTTP API's ingest); returns ("added" | "replaced" | "unchanged", chunk count).

    An id that is taken raises DocumentExistsError unless ``replace`` is set or the document was fetched
    from the same URL (fetching it again is how a page is refreshed). Replacing is atomic: readers see
    the old version until the new one's record is committed, then only the new one.
    """
    doc = prepare(raw, settings.chunk_max_tokens, settings.chunk_min_tokens)
    with store.write_lock:
        previous = store.document(raw.doc_id)
        if previous is not None:
            if not (replace or (previous.source == raw.source and not raw.source.startswith("api:"))):
                raise DocumentExistsError(
                    f"a document with id {raw.doc_id!r} is already indexed ({previous.title!r}, {previous.chunks} "
                    'chunks); replace it with PUT /documents/{id} or {"replace": true}, or choose another id'
                )
            if previous.sha256 == doc.record.sha256:
                return "unchanged", previous.chunks
        index_documents(store, [doc], settings, replacing={raw.doc_id} if previous is not None else set())
    return ("replaced" if previous is not None else "added"), len(doc.chunks)


def _remove_orphans(store: Store, committed: Mapping[str, object]) -> None:
    """Delete chunks of documents that were never committed (a build that died part-way)."""
    stored_docs = {c.doc_id for c in store.all_chunks()}
    for doc_id in stored_docs - set(committed):
        store.delete_chunks(doc_id)


def _under(source: str, roots: list[Path]) -> bool:
    if not source or source.startswith("api:") or is_url(source):
        return False
    path = Path(source).resolve()
    return any(path == root or root in path.parents for root in roots)
