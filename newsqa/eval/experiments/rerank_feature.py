"""The re-ranker's view of the passages read, as a feature of the sentence ranker (an experiment).

    python -m newsqa.eval.experiments.rerank_feature    # ~8 min

``ask`` reads the first stage's five passages (reading the re-ranked ones made the answer model
abstain less: eval/README.md), and its sentence ranker knows a passage only by the first stage's
fused score and rank. The re-ranker (``qa.rerank``), which looks inside each passage, is better
at putting the right one first (XQuAD validation R@1 0.883 against the first stage's ~0.79), and
on XQuAD tuning most of the worst pair's quote misses cite a passage without the answer. This keeps
the passages and candidates as they are and adds, for each candidate sentence, the re-ranker's
probability for its passage (over the first stage's ten), its gap to the best of the five read,
and whether its passage is the re-ranker's first among them. The re-ranker was fitted on the
tuning questions, so a tuning question is scored by a re-ranker fitted without its fold
(``reranked_reading_oof.rerankers``); validation by the committed one. Compared as
``sentence_context`` compares: the ranker's top-1 and top-2 out of fold (grouped 5-fold inside
tuning, logistic regression at C 1), and validation for the record.
"""

from __future__ import annotations

from typing import Any

VARIANTS: dict[str, tuple[int, ...]] = {
    "in use": (),
    "+ probability": (0,),
    "+ probability and gap": (0, 1),
    "+ all three": (0, 1, 2),
}


def columns(by_group: dict[str, Any], committed: Any) -> Any:
    """The column function for ``with_columns``: the re-ranker's view of each candidate's passage, a
    tuning question's from the re-ranker fitted without its fold."""
    from newsqa.eval.experiments.reranked_reading_oof import passage_beliefs, reranker_for
    from newsqa.qa.answer import ANSWER_PASSAGES

    def view(suite: Any, engine: Any, q: dict[str, Any], reading: Any) -> list[list[float]]:
        probability = passage_beliefs(engine, reading.query, reranker_for(by_group, committed, suite, q))
        read_ids = [h.chunk_id for h in reading.hits[:ANSWER_PASSAGES]]
        best = max((probability.get(c, 0.0) for c in read_ids), default=0.0)
        first = max(read_ids, key=lambda c: probability.get(c, 0.0)) if read_ids else None
        values = [probability.get(s.hit.chunk_id, 0.0) for s in reading.scored]
        return [[v, v - best, float(s.hit.chunk_id == first)] for v, s in zip(values, reading.scored, strict=True)]

    return view


def main() -> None:
    from newsqa.eval.experiments.reranked_reading_oof import rerankers
    from newsqa.eval.experiments.sentence_context import compare, with_columns

    compare(with_columns("the re-ranker-feature experiment", columns(*rerankers())), VARIANTS)


if __name__ == "__main__":
    main()
