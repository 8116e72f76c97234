"""A passage's neighbours and document in the first stage (an experiment).

    python -m newsqa.eval.experiments.document_context    # ~3 min

A news passage often answers without naming its subject: seed 002's "Tencent Mixin's video
generation large model can generate a five-second video." never says Hunyuan (the machine
translation calls 混元 "Mixin"), but two paragraphs earlier the same article does; the reason Li
Yanhong gives in seed 001 follows a paragraph that names Baidu's camp. The first stage scores each
passage alone. This adds to each passage's fused first-stage score ``weight`` x how far the best
fused (or lexical, or dense) score among the passages of the same document within ``reach``
passages of it (``doc``: anywhere in the document) lies above its own (0 when none does), so a
passage next to a strong one moves towards it and a passage alone in its document does not move.
(A first version added the neighbours' best score itself, with MISSING_Z for a passage without
neighbours; that pushed every single-passage XQuAD paragraph down: objective 0.7158 → at best
0.7170, lexical context, reach 1, weight 0.2.) It reports the first
stage's retrieval on both splits; a point is chosen on the tuning splits' mean MRR, as
``sweep fusion`` chooses (eval/README.md, "Tried and not adopted" or "Adopted").
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0)
REACHES: tuple[int | None, ...] = (1, 2, 3, None)
SOURCES = ("fused", "lexical", "dense")


def neighbourhoods(snap: Any, reach: int | None) -> list[np.ndarray]:
    """For each chunk position, the positions of its document's other chunks within ``reach``
    chunks of it in reading order (None: the whole document)."""
    by_doc: dict[str, list[int]] = {}
    for pos, chunk in enumerate(snap.chunks):
        by_doc.setdefault(chunk.doc_id, []).append(pos)
    out: list[np.ndarray] = [np.zeros(0, dtype=int)] * len(snap.chunks)
    for positions in by_doc.values():
        positions.sort(key=lambda p: snap.chunks[p].start)
        for i, pos in enumerate(positions):
            lo, hi = (0, len(positions)) if reach is None else (max(0, i - reach), i + reach + 1)
            out[pos] = np.array([p for p in positions[lo:hi] if p != pos], dtype=int)
    return out


def context(scores: np.ndarray, around: list[np.ndarray]) -> np.ndarray:
    """How far each chunk's best neighbour (among ``around``) scores above the chunk itself (0 when
    none does, or it has none: a passage alone in its document, as most XQuAD paragraphs are, is not
    moved).

    >>> context(np.array([1.0, 3.0, 2.0]), [np.array([1]), np.array([0, 2]), np.array([1])]).tolist()
    [2.0, 0.0, 1.0]
    """
    best = np.array([float(scores[a].max()) if len(a) else -np.inf for a in around])
    return np.maximum(best - scores, 0.0)


def main(argv: list[str]) -> int:
    from newsqa.index.lang import detect_language

    from ..sweep import ranking_scores, retrieval_questions
    from .first_stage import Results, fused, print_grid

    around: dict[tuple[int, int | None], list[np.ndarray]] = {}
    results: Results = {}
    for suite, snap, mask, q in retrieval_questions():
        engine = suite.client.engine
        question = q["question"]
        dense, lexical = fused(engine, snap, question, mask)
        language = detect_language(question)
        sources = {"fused": dense + lexical, "lexical": lexical, "dense": dense}
        for reach in REACHES:
            if (id(snap), reach) not in around:
                around[(id(snap), reach)] = neighbourhoods(snap, reach)
            for source in SOURCES:
                extra = context(sources[source], around[(id(snap), reach)])
                variant = f"{source}, reach {reach or 'doc'}"
                for weight in WEIGHTS:
                    results.setdefault((variant, weight, f"{suite.name} {q['split']}"), []).append(
                        ranking_scores(suite, snap, q, sources["fused"] + weight * extra, language)
                    )
    print_grid(results, WEIGHTS, "weight")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
