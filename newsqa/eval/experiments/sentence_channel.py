"""A sentence-level dense channel in the first stage (an experiment).

    python -m newsqa.eval.experiments.sentence_channel    # ~3 min

The first stage compares the question with each passage's one vector; a passage of ten sentences
whose one sentence answers is diluted by the other nine (seeds validation: 49 of 94 answerable
questions cite a passage without the evidence, and the re-ranker, which looks at each passage's
best sentence, only sees the first stage's ten). Every stored sentence keeps both encoders'
vectors, so each passage can also be scored by its best quotable sentence over the whole corpus
(one matrix product a question). This adds, per encoder, the best sentence cosine of each passage,
standardised within each passage language as the passage cosines are, and their mean times
``WEIGHTS`` to the fused first-stage score (the fitted constants otherwise unchanged). It reports
the first stage's retrieval on both splits; a weight is chosen on the tuning splits' mean MRR, as
``sweep fusion`` chooses. The channel built into retrieval, the joint sweep and the refits:
``sentence_channel.patch`` (eval/README.md, "Tried and not adopted").
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
CENTRING_SHARES = (0.0, 0.5)


def sentence_table(engine: Any, only_quotable: bool = True) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Every (quotable) sentence of the snapshot: its chunk position, its vectors, and the dims."""
    from newsqa.qa.reader import quotable

    snap = engine.snapshot
    positions, vectors = [], []
    step = 500
    for at in range(0, len(snap.chunks), step):
        for record, vector in engine.store.chunk_sentences(snap.chunks[at : at + step]):
            document = snap.documents[record.doc_id].text
            if only_quotable and not quotable(record.text, "", document, record.start, record.end):
                continue
            positions.append(snap.positions[record.chunk_id])
            vectors.append(vector)
    return np.asarray(positions), np.stack(vectors), [e.dim for e in engine.embedders]


def best_sentence(
    engine: Any, table: tuple[np.ndarray, np.ndarray, list[int]], question: str, centring: float = 0.0
) -> list[np.ndarray]:
    """Per encoder, each chunk's best sentence cosine (NaN for a chunk without one), after removing
    ``centring`` x each sentence's similarity to the mean sentence vector of the question's language."""
    from newsqa.index.lang import detect_language
    from newsqa.qa.engine import language_group

    positions, vectors, dims = table
    snap = engine.snapshot
    n = len(snap.chunks)
    group = language_group(detect_language(question))
    labels = np.array([language_group(snap.chunks[p].language) for p in positions], dtype=object)
    out, start = [], 0
    for i, dim in enumerate(dims[:2]):
        part = vectors[:, start : start + dim]
        sims = part @ engine.query_vector(i, question)
        if centring and (labels == group).any():
            sims = sims - centring * (part @ part[labels == group].mean(axis=0))
        best = np.full(n, -np.inf)
        np.maximum.at(best, positions, sims)
        best[np.isinf(best)] = np.nan
        out.append(best)
        start += dim
    return out


def main(argv: list[str]) -> int:
    from newsqa.index.lang import detect_language
    from newsqa.qa.retrieve import combine_dense

    from ..sweep import ranking_scores, retrieval_questions
    from .first_stage import Results, fused, print_grid

    tables: dict[tuple[int, bool], Any] = {}
    results: Results = {}
    for suite, snap, mask, q in retrieval_questions():
        engine = suite.client.engine
        for only_quotable in (True, False):
            if (id(engine), only_quotable) not in tables:
                tables[(id(engine), only_quotable)] = sentence_table(engine, only_quotable)
                count = len(tables[(id(engine), only_quotable)][0])
                print(f"{suite.name}: {count} sentences, {len(snap.chunks)} chunks")
        question = q["question"]
        dense, lexical = fused(engine, snap, question, mask)
        first = dense + lexical
        language = detect_language(question)
        for only_quotable in (True, False):
            for share in CENTRING_SHARES:
                best = best_sentence(engine, tables[(id(engine), only_quotable)], question, share)
                sentence = combine_dense(snap, best, question, 0.0)
                variant = f"{'quotable' if only_quotable else 'all'} sentences, centring {share}"
                for weight in WEIGHTS:
                    scores = first + weight * sentence
                    results.setdefault((variant, weight, f"{suite.name} {q['split']}"), []).append(
                        ranking_scores(suite, snap, q, scores, language)
                    )
    print_grid(results, WEIGHTS, "weight")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
