"""Language-centred sentence similarities for the sentence ranker (an experiment).

    python -m newsqa.eval.experiments.sentence_centring    # ~4 min

Passages are compared across languages after centring (``qa.retrieve.dense_z``: half of each
passage's similarity to the mean vector of the question's language is removed, Libovický et al.
2020, then z-scores within each passage language), but the reader's sentence features are raw
cosines, and the encoders rate a sentence in the question's own language higher. The ranker's
``same_language`` flag corrects that by one weight for every pair; on XQuAD tuning the worst pair
(Chinese questions, German passages) loses most of its misses to the wrong passage (18 of 25
quote misses cite a passage without the answer, while `search` ranks the German gold first for
most of them). This adds, for each encoder, the sentence's cosine minus ``share`` × its similarity
to the mean chunk vector of the question's language group (``CENTRED``: share 0.5 as the first
stage, and 1.0), beside the raw features, as ``sentence_context`` scores it: the ranker's top-1 and
top-2 out of fold (grouped 5-fold cross-validation inside tuning, logistic regression at C 1 as
``eval.fit_reader``), and on validation for the record.
"""

from __future__ import annotations

from typing import Any

import numpy as np

SHARES = (0.5, 1.0)
MEANS: dict[int, list[dict[str, np.ndarray]]] = {}
"""Per engine (by id), ``language_means``, computed once."""
VARIANTS: dict[str, tuple[int, ...]] = {
    "in use": (),
    "+ centred 0.5 (both encoders)": (0, 1),
    "+ centred 1.0 (both encoders)": (2, 3),
}


def language_means(engine: Any) -> list[dict[str, np.ndarray]]:
    """Per embedder, the mean chunk vector of every language group of the engine's store."""
    from newsqa.qa.engine import language_group

    snap = engine.snapshot
    labels = np.array([language_group(c.language) for c in snap.chunks], dtype=object)
    out = []
    for i in range(len(engine.embedders)):
        stored = engine.store.chunk_vectors(i)
        matrix = np.stack([stored[c.chunk_id] for c in snap.chunks])
        out.append({g: matrix[labels == g].mean(axis=0) for g in set(labels)})
    return out


def columns(suite: Any, engine: Any, q: dict[str, Any], reading: Any) -> list[list[float]]:
    """For each share of ``SHARES`` and each encoder, each candidate's centred cosine."""
    from newsqa.index.lang import detect_language
    from newsqa.qa.answer import ANSWER_PASSAGES
    from newsqa.qa.engine import language_group

    if id(engine) not in MEANS:
        MEANS[id(engine)] = language_means(engine)
    snap = engine.snapshot
    chunks = [snap.chunks[snap.positions[h.chunk_id]] for h in reading.hits[:ANSWER_PASSAGES]]
    vectors = {(r.chunk_id, r.start): v for r, v in engine.chunk_sentences(chunks)}
    group = language_group(detect_language(q["question"]))
    dims = [e.dim for e in engine.embedders]
    extra = []
    for s in reading.scored:
        vector = vectors[(s.hit.chunk_id, s.start)]
        row = []
        for share in SHARES:
            start = 0
            for i, dim in enumerate(dims[:2]):
                part = vector[start : start + dim]
                cosine = float(part @ engine.query_vector(i, q["question"]))
                centre = MEANS[id(engine)][i].get(group)
                row.append(cosine - share * float(part @ centre) if centre is not None else cosine)
                start += dim
        extra.append(row)
    return extra


def main() -> None:
    from newsqa.eval.experiments.sentence_context import compare, with_columns

    compare(with_columns("the sentence-centring experiment", columns), VARIANTS)


if __name__ == "__main__":
    main()
