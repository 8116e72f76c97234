"""Dense similarities do not lose a passage to Chroma's approximate index."""

import numpy as np
import pytest

from newsqa.qa import Engine, retrieve
from newsqa.qa.retrieve import dense_similarities

QUESTION = "Wie lang sind die Videos von Tencent Hunyuan?"


def test_a_chunk_the_index_misses_is_scored_from_its_stored_vector(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    snap = engine.snapshot
    mask = np.ones(len(snap.chunks), dtype=bool)
    exact = dense_similarities(engine, snap, QUESTION, mask)
    best = [int(np.nanargmax(raw)) for raw in exact]
    query = engine.store.query

    def missing_the_best(collection: object, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        lost = {snap.chunks[p].chunk_id for p in best}
        return [hit for hit in query(collection, vector, n) if hit[0] not in lost]

    monkeypatch.setattr(engine.store, "query", missing_the_best)
    repaired = dense_similarities(engine, snap, QUESTION, mask)
    for raw_exact, raw_repaired in zip(exact, repaired, strict=True):
        assert not np.isnan(raw_repaired).any()
        np.testing.assert_allclose(raw_repaired, raw_exact, atol=1e-4)


def test_a_partial_candidate_list_is_not_completed(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    snap = engine.snapshot
    monkeypatch.setattr(retrieve, "DENSE_CANDIDATES", len(snap.chunks) - 50)

    def no_reads(*args: object) -> None:
        raise AssertionError("chunks beyond the candidates asked for are not read")

    monkeypatch.setattr(engine.store, "vectors_of", no_reads)
    raws = dense_similarities(engine, snap, QUESTION, np.ones(len(snap.chunks), dtype=bool))
    assert all(int(np.isnan(raw).sum()) == 50 for raw in raws)
