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
