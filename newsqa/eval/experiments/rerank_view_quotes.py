"""Quotes chosen with the re-ranker's view, abstention as now (an experiment).

    python -m newsqa.eval.experiments.rerank_view_quotes    # ~4 min

``rerank_feature`` found the re-ranker's probability for each read passage (its gap to the best of
the five read, whether it is the re-ranker's first among them) a real gain for the sentence ranker
out of fold, but the build that let the answer model read that ranker's probabilities abstained
far less (eval/README.md). Decoupled here: the candidates stay the first stage's five passages and
the committed reader still decides whether to answer (its confidence is unchanged), while the
quoted sentences are ordered by a second ranker that also reads the three re-ranker columns.
Scored as ``qa eval`` scores the composed answers (quote holds and citation precision over the
answerable questions; abstaining scores 0), with everything fitted kept out of the questions it
scores on tuning: the re-ranker by ``reranked_reading_oof.rerankers`` (fitted without the
question's fold), the quoting rankers by grouped 5-fold cross-fitting (logistic, C 1, as
``eval.fit_reader``). A control ranker without the columns, cross-fitted the same way, separates
the columns' effect from the cross-fitting's. Validation is read with the committed re-ranker and
rankers fitted on all of tuning.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

VARIANTS: dict[str, tuple[int, ...]] = {
    "own ranker (control)": (),
    "+ re-ranker probability and gap": (0, 1),
    "+ all three re-ranker columns": (0, 1, 2),
}


def main() -> None:
    from newsqa.eval.experiments.rerank_feature import columns
    from newsqa.eval.experiments.reranked_reading import _answer, cross_fitted, print_quotes, rescored
    from newsqa.eval.experiments.reranked_reading_oof import rerankers
    from newsqa.eval.fit_reader import fit_logistic
    from newsqa.eval.metrics import holds_evidence
    from newsqa.eval.suites import in_process
    from newsqa.qa.answer import abstain_threshold
    from newsqa.qa.pipeline import read
    from newsqa.qa.reader import SENTENCE_FEATURES, Logistic

    view = columns(*rerankers())
    cut = abstain_threshold(None)
    items: list[dict[str, Any]] = []
    rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for suite, engine, q, history in in_process("the re-ranker-view quotes experiment"):
        reading = read(engine, q["question"], history, engine.settings.top_k)
        answers = reading.confidence() >= cut
        key = (suite.name, q["split"])
        rows[(*key, "in use")].append(_answer(reading.scored, answers, engine, q))
        if not reading.scored:
            for name in VARIANTS:
                rows[(*key, name)].append(_answer([], answers, engine, q))
            continue
        items.append(
            {
                "key": key,
                "engine": engine,
                "q": q,
                "answers": answers,
                "scored": reading.scored,
                "rows": np.asarray([s.features for s in reading.scored], dtype=np.float64),
                "extra": np.asarray(view(suite, engine, q, reading), dtype=np.float64),
                "labels": [holds_evidence(s.hit.doc_id, s.text, q["doc_ids"], q["evidence"]) for s in reading.scored],
                "group": suite.fold_group(q),
            }
        )

    for name, picked in VARIANTS.items():

        def matrix(item: dict[str, Any], picked: tuple[int, ...] = picked) -> np.ndarray:
            return np.hstack([item["rows"], item["extra"][:, list(picked)]]) if picked else item["rows"]

        def fit(positions: list[int], picked: tuple[int, ...] = picked) -> Logistic:
            x = np.vstack([matrix(items[i]) for i in positions])
            y = np.concatenate([np.asarray(items[i]["labels"], dtype=np.float64) for i in positions])
            names = SENTENCE_FEATURES + tuple(f"rerank_{c}" for c in picked)
            return Logistic.from_dict(fit_logistic(x, y, names))

        for item, ranker in zip(items, cross_fitted(items, fit), strict=True):
            scored = rescored(item["scored"], ranker.probability(matrix(item)))
            rows[(*item["key"], name)].append(_answer(scored, item["answers"], item["engine"], item["q"]))
    print_quotes(rows)


if __name__ == "__main__":
    main()
