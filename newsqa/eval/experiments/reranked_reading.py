"""What ``ask`` could read from the re-ranker, without refitting the answer model (an experiment, not adopted).

    python -m newsqa.eval.experiments.reranked_reading    # ~4 min

Earlier measurements of "quotes from the re-ranked passages" (``decoupled_quotes``) scored the
re-ordered hits with the committed ranker, whose ``passage_score`` and ``inverse_rank`` features were
fitted on the first stage's fused scores and ranks, while a re-ordered hit carries the passage model's
probability and its new rank. This experiment removes that mismatch in two ways:

- **passage sets** read with their first-stage scores and ranks (so the committed ranker sees what it
  was fitted on): the re-ranker's five best (``rr5``), or the first stage's five plus the re-ranker's
  best one, two or three (``u1``–``u3``), or the first stage's three plus the re-ranker's three
  (``top3u3``); each either decides by its own confidence (``own``) or keeps the first stage's
  decision (``firstdec``);
- **a ranker of its own** (``tworank``): a sentence ranker fitted on the re-ranked reading (grouped
  5-fold cross-fitting inside tuning: a seeds fact or an XQuAD paragraph never straddles folds; the
  validation split gets the model fitted on all of tuning), quoting from the re-ranked passages
  while the first stage's reading decides whether to answer.

For every question it prints, per suite, split and variant, how often a quote holds the evidence,
the citation precision, abstention on unanswerable questions and false abstention.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np

FIRST_STAGE_DEPTH = 10


def _answer(scored: list[Any], answered: bool, engine: Any, q: dict[str, Any]) -> dict[str, Any]:
    """The figures of the answer ``ask`` would compose from ``scored`` (abstaining unless ``answered``)."""
    from newsqa.eval.metrics import answer_scores
    from newsqa.qa.answer import compose

    answer: dict[str, Any] = {"abstained": True, "citations": [], "dropped_citations": 0}
    if answered and scored:
        _, citations, dropped = compose(scored, engine.snapshot.documents)
        answer = {
            "abstained": not citations,
            "citations": [c.to_dict() for c in citations],
            "dropped_citations": dropped,
        }
    texts = {c["doc_id"]: engine.snapshot.documents[c["doc_id"]].text for c in answer["citations"]}
    figures = answer_scores(answer, q["doc_ids"], q["evidence"], texts) if q["doc_ids"] else {}
    return {**figures, "answerable": bool(q["doc_ids"]), "abstained": answer["abstained"]}


def _passage_sets(engine: Any, reading: Any) -> dict[str, list[Any]]:
    """The variants' passages, each a set of first-stage hits (their own scores and ranks) in first-stage order."""
    from newsqa.qa.rerank import rerank
    from newsqa.qa.retrieve import retrieve

    found = retrieve(engine, reading.query, FIRST_STAGE_DEPTH)
    order = [h.chunk_id for h in rerank(engine, reading.query, found, FIRST_STAGE_DEPTH).hits]
    rank = {h.chunk_id: i for i, h in enumerate(found.hits)}
    first = [h.chunk_id for h in found.hits[:5]]

    def pick(ids: list[str]) -> list[Any]:
        return [found.hits[rank[c]] for c in sorted(set(ids), key=rank.__getitem__)]

    return {
        "rr5": pick(order[:5]),
        "u1": pick(first + order[:1]),
        "u2": pick(first + order[:2]),
        "u3": pick(first + order[:3]),
        "top3u3": pick(first[:3] + order[:3]),
    }


def reading_item(suite: Any, engine: Any, q: dict[str, Any], answers: bool, hits: list[Any]) -> dict[str, Any]:
    """What ``own_ranker`` needs of a question read from ``hits``: its candidates' rows and labels,
    whether the first stage's reading answers, and its fold group."""
    from newsqa.eval.metrics import holds_evidence
    from newsqa.qa.answer import score_sentences

    scored = score_sentences(engine, q["question"], hits)
    return {
        "key": (suite.name, q["split"]),
        "engine": engine,
        "q": q,
        "answers": answers,
        "hits": hits,
        "rows": [list(s.features) for s in scored],
        "labels": [float(holds_evidence(s.hit.doc_id, s.text, q["doc_ids"], q["evidence"])) for s in scored],
        "group": suite.fold_group(q),
    }


def cross_fitted(items: list[dict[str, Any]], fit: Callable[[list[int]], Any]) -> list[Any]:
    """Per item, the model ``fit`` (given item positions) gives without the item's fold: grouped 5-fold
    inside tuning (an item's ``group``, a seeds fact or an XQuAD paragraph, never straddles folds);
    an item outside tuning gets the model fitted on all of tuning."""
    from sklearn.model_selection import GroupKFold

    tuning = [i for i, item in enumerate(items) if item["key"][1] == "tuning"]
    models: dict[int, Any] = {}
    for train, test in GroupKFold(n_splits=5).split(tuning, groups=[items[i]["group"] for i in tuning]):
        model = fit([tuning[j] for j in train])
        models.update({tuning[j]: model for j in test})
    everything = fit(tuning)
    return [models.get(i, everything) for i in range(len(items))]


def rescored(scored: list[Any], probability: Any) -> list[Any]:
    """``scored`` with ``probability`` as each sentence's score, best first."""
    out = [dataclasses.replace(s, score=float(p)) for s, p in zip(scored, probability, strict=True)]
    return sorted(out, key=lambda s: s.score, reverse=True)


def print_quotes(rows: dict[tuple[str, str, str], list[dict[str, Any]]]) -> None:
    """Per suite, split and variant: quote holds and citation precision over the answerable questions,
    abstention on the unanswerable ones and false abstention."""
    from newsqa.eval.metrics import mean_by

    for (suite_name, split, name), part in sorted(rows.items()):
        answerable = [p for p in part if p["answerable"]]
        unanswerable = [p for p in part if not p["answerable"]]
        print(
            f"{suite_name} {split} {name}: quote holds {mean_by(answerable, 'quote_holds') or 0.0:.4f}, "
            f"precision {mean_by(answerable, 'citation_precision') or 0.0:.4f} ({len(answerable)} answerable), "
            f"abstains {np.mean([p['abstained'] for p in unanswerable]) if unanswerable else 0.0:.3f}, "
            f"false abstention {np.mean([p['abstained'] for p in answerable]) if answerable else 0.0:.3f}"
        )


def own_ranker(items: list[dict[str, Any]], rows: dict[tuple[str, str, str], list[dict[str, Any]]], name: str) -> None:
    """Add to ``rows`` under ``name`` the answers quoted from each item's ``hits`` by a sentence ranker
    fitted on those readings (``cross_fitted``), each answering as the item's ``answers`` decided."""
    from newsqa.eval.fit_reader import fit_logistic
    from newsqa.qa.answer import score_sentences
    from newsqa.qa.reader import SENTENCE_FEATURES, Logistic

    def fit(positions: list[int]) -> Logistic:
        x = np.asarray([row for i in positions for row in items[i]["rows"]], dtype=np.float64)
        y = np.asarray([label for i in positions for label in items[i]["labels"]])
        return Logistic.from_dict(fit_logistic(x, y, SENTENCE_FEATURES))

    for item, ranker in zip(items, cross_fitted(items, fit), strict=True):
        scored = score_sentences(item["engine"], item["q"]["question"], item["hits"], model=ranker)
        rows[(*item["key"], name)].append(_answer(scored, item["answers"], item["engine"], item["q"]))


def main() -> None:
    from newsqa.eval.suites import in_process
    from newsqa.qa.answer import abstain_threshold, score_sentences
    from newsqa.qa.pipeline import read
    from newsqa.qa.rerank import find

    cut = abstain_threshold(None)
    rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    items: list[dict[str, Any]] = []
    for suite, engine, q, history in in_process("the reranked-reading experiment"):
        reading = read(engine, q["question"], history, engine.settings.top_k)
        first_conf = reading.confidence()
        first_answers = first_conf >= cut
        key = (suite.name, q["split"])
        rows[(*key, "first stage")].append(_answer(reading.scored, first_answers, engine, q))
        for name, hits in _passage_sets(engine, reading).items():
            scored = score_sentences(engine, q["question"], hits, len(hits))
            own = reading.confidence(scored) >= cut
            rows[(*key, f"{name}/own")].append(_answer(scored, own, engine, q))
            rows[(*key, f"{name}/firstdec")].append(_answer(scored, first_answers, engine, q))
        hits = find(engine, reading.query, engine.settings.top_k).hits
        items.append(reading_item(suite, engine, q, first_answers, hits))

    own_ranker(items, rows, "tworank/firstdec")
    print_quotes(rows)


if __name__ == "__main__":
    main()
