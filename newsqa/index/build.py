"""Incremental, crash-safe index builds.

``build`` loads and prepares the given files, embeds only documents whose
content hash changed, stores their chunks, commits each document, and deletes
what became stale: older chunks of changed documents, documents whose source
file is gone, and chunks left behind by a build that died part-way. Running it
twice with nothing changed embeds nothing.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..settings import Settings
from .client import reset
from .embed import BUNDLED_DIMENSIONS, Embedder, load_embedder
from .load import RawDocument, load_paths
from .prepare import PreparedDocument, pipeline_signature, prepare
from .store import Store

Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    """What a build did, for the summary table."""

    documents: int = 0
    embedded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks_by_language: Counter[str] = field(default_factory=Counter)
    duplicates_dropped: int = 0
    chrome_dropped: int = 0
    pinyin_stripped: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


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
    paths: list[Path],
    settings: Settings,
    rebuild: bool = False,
    progress: Progress | None = None,
    store: Store | None = None,
) -> BuildReport:
    """Bring the index in line with the files under ``paths``."""
    started = time.perf_counter()
    loaded = load_paths(paths)
    report = BuildReport(skipped=loaded.skipped)
    if rebuild:
        reset(settings)
        store = None
    store = store or open_store(settings, create=True)
    prepared = [prepare(raw, settings.chunk_max_tokens, settings.chunk_min_tokens) for raw in loaded.documents]
    roots = [p.resolve() for p in paths]
    with store.write_lock:
        committed = store.documents()
        _remove_orphans(store, committed)
        for doc in prepared:
            report.duplicates_dropped += doc.duplicates_dropped
            report.chrome_dropped += doc.chrome_dropped
            report.pinyin_stripped += doc.pinyin_stripped
            report.chunks_by_language.update(c.language for c in doc.chunks)
            previous = committed.get(doc.record.doc_id)
            if previous is not None and previous.sha256 == doc.record.sha256:
                report.unchanged.append(doc.record.doc_id)
        todo = [d for d in prepared if d.record.doc_id not in report.unchanged]
        total = sum(len(d.chunks) for d in todo)
        done = 0
        for doc in todo:
            index_document(store, doc, settings)
            done += len(doc.chunks)
            report.embedded.append(doc.record.doc_id)
            if progress:
                progress(doc.record.doc_id, done, total)
        present = {d.record.doc_id for d in prepared}
        for doc_id, record in committed.items():
            if doc_id not in present and _under(record.source, roots):
                store.delete_document(doc_id)
                report.removed.append(doc_id)
    report.documents = len(prepared)
    report.seconds = time.perf_counter() - started
    return report


def index_document(store: Store, doc: PreparedDocument, settings: Settings) -> None:
    """Embed and store one prepared document, commit it, then drop its older chunks.

    The caller holds ``store.write_lock``.
    """
    texts = [c.text for c in doc.chunks]
    for i, embedder in enumerate(embedders_for(settings)):
        store.add_chunks(i, doc.chunks, embedder.encode_documents(texts))
    first = embedders_for(settings)[0]
    store.add_sentences(doc.sentences, first.encode_documents([s.text for s in doc.sentences]))
    store.commit_document(doc.record)
    store.delete_chunks(doc.record.doc_id, keep_sha=doc.record.sha256)


def add_text(
    store: Store, settings: Settings, doc_id: str, text: str, title: str | None, source: str
) -> PreparedDocument:
    """Index one document given as text (the HTTP API's ingest)."""
    raw = RawDocument(doc_id=doc_id, text=text, source=source, encoding="utf-8")
    doc = prepare(raw, settings.chunk_max_tokens, settings.chunk_min_tokens, title=title)
    with store.write_lock:
        index_document(store, doc, settings)
    return doc


def _remove_orphans(store: Store, committed: Mapping[str, object]) -> None:
    """Delete chunks of documents that were never committed (a build that died part-way)."""
    stored_docs = {c.doc_id for c in store.all_chunks()}
    for doc_id in stored_docs - set(committed):
        store.delete_chunks(doc_id)


def _under(source: str, roots: list[Path]) -> bool:
    if not source or source.startswith("api:"):
        return False
    path = Path(source).resolve()
    return any(path == root or root in path.parents for root in roots)
