"""Quotes from the passages the sentence channel finds, abstention as now (an experiment).

    python -m newsqa.eval.experiments.sentence_channel_quotes    # ~4 min

``sentence_channel`` (a first-stage channel scoring each passage by its best quotable sentence)
finds better passages, but built into retrieval the refitted answer model abstained less and the
seeds' tuning quotes did not follow. Decoupled here, as ``rerank_view_quotes`` decouples the
re-ranker's view: the committed reader still reads the first stage as it is and decides whether to
answer (its confidence cannot move), while the quoted sentences come from the five best passages of
the first stage with the channel added (weight ``WEIGHT`` and centring 0.5, the joint sweep's best
point at the lexical weights in use), ordered by a sentence ranker fitted on those readings. Both
that ranker and a control ranker on the readings in use are cross-fitted (grouped 5-fold inside
tuning, logistic C 1, as ``eval.fit_reader``); validation gets rankers fitted on all of tuning.
Scored as ``qa eval`` scores the composed answers.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

WEIGHT = 0.25
CENTRING = 0.5


def channel_hits(engine: Any, table: Any, query: str, top_k: int) -> list[Any]:
    """The first stage's hits for ``query`` with the sentence channel added (``qa.retrieve.retrieve``'s
    hybrid scores plus ``WEIGHT`` x the channel)."""
    from newsqa.eval.experiments.sentence_channel import best_sentence
    from newsqa.index.lang import detect_language
    from newsqa.qa import retrieve as r

    snap = engine.snapshot
    mask = np.ones(len(snap.chunks), dtype=bool)
    fused = r.combine_dense(snap, r.dense_similarities(engine, snap, query, mask), query, r.CENTRING)
    fused = fused + r._weighted(r.lexical_channels(snap, query, mask))
    scores = fused + WEIGHT * r.combine_dense(snap, best_sentence(engine, table, query, CENTRING), query, 0.0)
    order = [int(i) for i in np.argsort(-scores) if scores[i] > r.MISSING_Z]
    return r.rank(snap, order, scores, top_k, detect_language(query))


def main() -> None:
    from newsqa.eval.experiments.reranked_reading import _answer, cross_fitted, print_quotes, rescored
    from newsqa.eval.experiments.sentence_channel import sentence_table
    from newsqa.eval.fit_reader import fit_logistic
    from newsqa.eval.metrics import holds_evidence
    from newsqa.eval.suites import in_process
    from newsqa.qa.answer import abstain_threshold, score_sentences
    from newsqa.qa.pipeline import read
    from newsqa.qa.reader import SENTENCE_FEATURES, Logistic

    cut = abstain_threshold(None)
    tables: dict[int, Any] = {}
    items: list[dict[str, Any]] = []
    rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for suite, engine, q, history in in_process("the sentence-channel quotes experiment"):
        if id(engine) not in tables:
            tables[id(engine)] = sentence_table(engine)
        reading = read(engine, q["question"], history, engine.settings.top_k)
        answers = reading.confidence() >= cut
        key = (suite.name, q["split"])
        rows[(*key, "in use")].append(_answer(reading.scored, answers, engine, q))
        hits = channel_hits(engine, tables[id(engine)], reading.query, engine.settings.top_k)
        item = {"key": key, "engine": engine, "q": q, "answers": answers, "group": suite.fold_group(q)}
        for name, scored in (("control", reading.scored), ("channel", score_sentences(engine, q["question"], hits))):
            item[name] = scored
            item[f"{name} rows"] = np.asarray([s.features for s in scored], dtype=np.float64)
            item[f"{name} labels"] = np.asarray(
                [holds_evidence(s.hit.doc_id, s.text, q["doc_ids"], q["evidence"]) for s in scored], dtype=np.float64
            )
        items.append(item)

    for name, label in (("control", "own ranker on the readings in use (control)"), ("channel", "with the channel")):

        def fit(positions: list[int], name: str = name) -> Logistic:
            x = np.vstack([items[i][f"{name} rows"] for i in positions if len(items[i][name])])
            y = np.concatenate([items[i][f"{name} labels"] for i in positions if len(items[i][name])])
            return Logistic.from_dict(fit_logistic(x, y, SENTENCE_FEATURES))

        for item, ranker in zip(items, cross_fitted(items, fit), strict=True):
            scored = rescored(item[name], ranker.probability(item[f"{name} rows"])) if item[name] else []
            rows[(*item["key"], label)].append(_answer(scored, item["answers"], item["engine"], item["q"]))
    print_quotes(rows)


if __name__ == "__main__":
    main()
