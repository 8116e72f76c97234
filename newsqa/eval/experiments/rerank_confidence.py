"""The re-ranker's belief that a passage holds the answer, as answer-model features (an experiment).

    python -m newsqa.eval.experiments.rerank_confidence    # ~6 min

The answer model knows the search only by the first stage's fused score of the best passage and
each encoder's prominence; both are high for a question about an attribute the documents never
give, because the passages naming its entity match well ("How many downloads does the Tencent
Yuanbao app have?" is answered at 0.78). The re-ranker (``qa.rerank``) was fitted to tell the
passage holding the answer from its neighbours, looking inside each passage (its best sentence's
similarity under both encoders, its term coverage), so its probability may say what the fused
score cannot. Over the first stage's ten passages (``qa.rerank.DEPTH``):

- ``rerank_best``: the re-ranker's highest probability among the ten;
- ``rerank_read``: its highest probability among the five passages the reader reads.

A tuning question is scored by a re-ranker fitted without its fold
(``reranked_reading_oof.rerankers``), validation by the committed one. It prints each feature's AUC
(the best quote holds the answer; answerable against unanswerable) per suite and split, then
refits the answer model with each set added exactly as ``eval.fit_reader`` does
(``focus_terms.compare_answer_models``).
"""

from __future__ import annotations

from typing import Any

VARIANTS: dict[str, tuple[str, ...]] = {
    "in use": (),
    "rerank_best": ("rerank_best",),
    "rerank_read": ("rerank_read",),
    "both": ("rerank_best", "rerank_read"),
}


def beliefs(by_group: dict[str, Any], committed: Any) -> Any:
    """The column function for ``with_columns``: the two features of a question's reading."""
    from newsqa.eval.experiments.reranked_reading_oof import passage_beliefs, reranker_for
    from newsqa.qa.answer import ANSWER_PASSAGES

    def view(suite: Any, engine: Any, q: dict[str, Any], reading: Any) -> dict[str, float]:
        probability = passage_beliefs(engine, reading.query, reranker_for(by_group, committed, suite, q))
        read = [probability.get(h.chunk_id, 0.0) for h in reading.hits[:ANSWER_PASSAGES]]
        return {"rerank_best": max(probability.values(), default=0.0), "rerank_read": max(read, default=0.0)}

    return view


def main() -> None:
    from newsqa.eval.experiments.focus_terms import compare_answer_models
    from newsqa.eval.experiments.reranked_reading_oof import rerankers
    from newsqa.eval.experiments.sentence_context import with_columns

    records = with_columns("the re-ranker-confidence experiment", beliefs(*rerankers()), every=True)
    compare_answer_models(records, VARIANTS)


if __name__ == "__main__":
    main()
