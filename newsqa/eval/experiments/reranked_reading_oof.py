"""Quotes from the re-ranked passages, measured with the re-ranker out of fold on tuning (an experiment).

    python -m newsqa.eval.experiments.reranked_reading_oof    # ~8 min

``reranked_reading``'s ``tworank`` variant (a sentence ranker of its own, fitted on what the
re-ranker's passages offer; the first stage's reading still decides whether to answer) scored the
tuning questions with the committed re-ranker, which was fitted on those very questions: since the
re-ranker became 200 trees of 15 leaves its tuning R@1 is in-sample (XQuAD 0.935 against 0.883 on
validation), so the tuning gain of ``tworank`` is inflated. Here every tuning question is re-ranked
by a re-ranker fitted without its fold (``eval.fit_rerank.fit`` on the other four folds, with the
committed passage-model setting only), and the quoting ranker is cross-fitted on the same folds. A
question whose group no re-ranker saw (unanswerable ones, follow-ups) gets the committed re-ranker.
Validation is read with the committed re-ranker and a quoting ranker fitted on all of tuning.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any


def rerankers() -> tuple[dict[str, Any], Any]:
    """Per tuning fold group, the re-ranker fitted without that group's fold; and the committed one."""
    from newsqa.eval import fit_rerank
    from newsqa.qa.reader import Logistic
    from newsqa.qa.rerank import Reranker, load_model, load_reranker

    committed = load_reranker()
    assert committed is not None, "fit the re-ranker first (python -m newsqa.eval.fit_rerank)"
    chosen = json.loads(fit_rerank.MODEL.read_text(encoding="utf-8"))["run"]["passage_model"]
    tried = fit_rerank.candidates()
    fit_rerank.candidates = lambda: {chosen: tried[chosen]}  # the committed setting only
    records = fit_rerank.collect()
    tuning = [r for r in records if r["split"] == "tuning"]
    by_group: dict[str, Any] = {}
    for fold in fit_rerank.folds(tuning):
        inside = set(fold.tolist())
        data = fit_rerank.fit([r for i, r in enumerate(tuning) if i not in inside])
        model = Reranker(Logistic.from_dict(data["sentences"]), load_model(data["passages"]))
        by_group.update({tuning[i]["group"]: model for i in fold})
    return by_group, committed


def reranker_for(by_group: dict[str, Any], committed: Any, suite: Any, q: dict[str, Any]) -> Any:
    """The re-ranker ``q`` is scored by: for a tuning question, the one fitted without its fold."""
    return by_group.get(suite.fold_group(q), committed) if q["split"] == "tuning" else committed


def passage_beliefs(engine: Any, query: str, model: Any) -> dict[str, float]:
    """``model``'s probability for each of the first stage's ``qa.rerank.DEPTH`` passages for
    ``query``, by chunk id (empty when there is nothing to re-rank)."""
    from newsqa.qa.rerank import DEPTH, passage_rows
    from newsqa.qa.retrieve import retrieve

    found = retrieve(engine, query, DEPTH)
    if found.channels is None or len(found.hits) < 2:
        return {}
    p = model.passages.probability(passage_rows(engine, query, found, model.sentences))
    return {h.chunk_id: float(v) for h, v in zip(found.hits, p, strict=True)}


def main() -> None:
    from newsqa.eval.experiments.reranked_reading import _answer, own_ranker, print_quotes, reading_item
    from newsqa.eval.suites import in_process
    from newsqa.qa.answer import abstain_threshold, score_sentences
    from newsqa.qa.pipeline import read
    from newsqa.qa.rerank import DEPTH, rerank
    from newsqa.qa.retrieve import retrieve

    by_group, committed = rerankers()
    cut = abstain_threshold(None)
    rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    items: list[dict[str, Any]] = []
    for suite, engine, q, history in in_process("the out-of-fold reranked-reading experiment"):
        reading = read(engine, q["question"], history, engine.settings.top_k)
        answers = reading.confidence() >= cut
        key = (suite.name, q["split"])
        rows[(*key, "first stage")].append(_answer(reading.scored, answers, engine, q))
        model = reranker_for(by_group, committed, suite, q)
        found = retrieve(engine, reading.query, DEPTH)
        hits = rerank(engine, reading.query, found, engine.settings.top_k, model).hits
        scored = score_sentences(engine, q["question"], hits)
        rows[(*key, "re-ranked, first-stage ranker")].append(_answer(scored, answers, engine, q))
        items.append(reading_item(suite, engine, q, answers, hits))

    own_ranker(items, rows, "re-ranked, own ranker")
    print_quotes(rows)


if __name__ == "__main__":
    main()
