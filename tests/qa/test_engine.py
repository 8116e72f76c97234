"""The engine's kept copy of stored sentences: read once from the store, the same rows after."""

import numpy as np
import pytest

from newsqa.qa import Engine
from newsqa.qa import engine as engine_module


def ids_and_vectors(rows: list) -> list:
    return [(record.sentence_id, vector.tolist()) for record, vector in rows]


def test_stored_sentences_are_read_once_and_kept(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_sentences", {})
    chunks = engine.snapshot.chunks[:6]
    first = engine.chunk_sentences(chunks)
    assert first and ids_and_vectors(first) == ids_and_vectors(engine.store.chunk_sentences(chunks))

    def store_read(*args: object) -> None:
        raise AssertionError("kept sentences are read from the store again")

    monkeypatch.setattr(engine.store, "chunk_sentences", store_read)
    wanted = {c.chunk_id for c in chunks[2:4]}
    again = engine.chunk_sentences(chunks[2:4])
    assert ids_and_vectors(again) == ids_and_vectors([row for row in first if row[0].chunk_id in wanted])
    assert all(isinstance(v, np.ndarray) for _, v in again)


def test_the_kept_copy_is_bounded(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "SENTENCE_CACHE_CHUNKS", 4)
    monkeypatch.setattr(engine, "_sentences", {})
    chunks = engine.snapshot.chunks[:6]
    engine.chunk_sentences(chunks[:3])
    rows = engine.chunk_sentences(chunks[3:6])  # 3 kept + 3 more > 4: starts again with these three
    assert set(engine._sentences) == {c.chunk_id for c in chunks[3:6]}
    assert {s.chunk_id for s, _ in rows} <= set(engine._sentences)


def test_an_empty_sentence_read_is_not_kept(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_sentences", {})
    chunks = engine.snapshot.chunks[:2]
    monkeypatch.setattr(engine.store, "chunk_sentences", lambda wanted: [])  # a write not yet visible
    assert engine.chunk_sentences(chunks) == []
    assert not engine._sentences
    monkeypatch.undo()
    monkeypatch.setattr(engine, "_sentences", {})
    assert {s.chunk_id for s, _ in engine.chunk_sentences(chunks)} == {c.chunk_id for c in chunks}


def test_a_snapshot_that_missed_chunks_is_read_again(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    full = engine.snapshot
    doc_id = full.chunks[0].doc_id
    every = engine.store.all_chunks()
    monkeypatch.setattr(engine.store, "all_chunks", lambda: [c for c in every if c.doc_id != doc_id])
    partial = engine_module.take_snapshot(engine.store)
    assert doc_id in caplog.text and partial.generation == ""  # never equal to the store's token
    assert doc_id not in set(partial.doc_ids) and doc_id in partial.documents
    monkeypatch.setattr(engine.store, "all_chunks", lambda: every)
    monkeypatch.setattr(engine, "_snapshot", partial)
    monkeypatch.setattr(engine, "_checked", 0.0)  # the once-a-second check is due
    again = engine.snapshot
    assert again.generation == full.generation and [c.chunk_id for c in again.chunks] == [
        c.chunk_id for c in full.chunks
    ]
