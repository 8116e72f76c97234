"""Fit the retrieval constants on the tuning splits only, and show what they give on validation.

    python -m newsqa.eval.sweep fusion        # centring and lexical weights of hybrid retrieval (qa.retrieve)
    python -m newsqa.eval.sweep quotes        # SECOND_RATIO: when the answer quotes a second sentence (qa.answer)

``fusion`` runs every tuning question of both suites through the retrieval steps for each grid
point and picks the point with the best mean of the two suites' tuning MRR; it writes the whole
grid (tuning and validation columns) to ``eval/sweeps/fusion.json``. It does not edit code: a
fitted value is copied into the code by hand and recorded in eval/README.md, as a deliberate
change. ``quotes`` reads every question once as ``qa.ask`` does, and for each ratio of
``SECOND_RATIOS`` composes the answers the bot would give (those at or above the fitted abstention
threshold) and scores their quotes as ``qa eval`` does; it picks the ratio with the best mean over
the two suites of the tuning harmonic mean of "a quote holds the evidence" and citation precision
(a second sentence can only add a holding quote, and only take precision away), and writes
``eval/sweeps/quotes.json``. ``fit_threshold`` and ``abstention_at`` serve ``eval.fit_reader``, which fits the
abstention threshold together with the reader.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from .metrics import abstention, mean_by, retrieval_scores

HERE = Path(__file__).parent
MAX_FALSE_ABSTENTION = 0.05
CENTRINGS = (0.0, 0.5, 1.0)
WORD_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
BRIDGE_WEIGHTS = (1.0, 1.5, 2.5)
TO_ENGLISH_WEIGHTS = (0.0, 0.5, 1.0, 2.0)
TO_CHINESE_WEIGHTS = (0.0, 0.5, 1.0, 2.0)
SECOND_RATIOS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0)
"""The grid of the last sweep (session 25 widened the word weights past 0.5, where the optimum had sat
at the edge; it stays at 0.5). An earlier, wider sweep (centring 0-2, word 0-1.5, bridge 0-3.5, no
dictionary channels) is recorded in the commit history of eval/sweeps/fusion.json."""


def fit_threshold(rows: list[dict[str, Any]], max_false: float = MAX_FALSE_ABSTENTION) -> float:
    """The highest cut (abstain below it) whose false-abstention rate stays within ``max_false``.

    Example: answerable confidences 0.2, 0.4, 0.6 and max_false 0.34 -> 0.4 (one of three abstains).
    """
    answerable = sorted(float(r["confidence"]) for r in rows if r["answerable"])
    best = 0.0
    for cut in sorted({float(r["confidence"]) for r in rows}):
        if sum(c < cut for c in answerable) / max(len(answerable), 1) <= max_false:
            best = cut
    return best


def abstention_at(rows: list[dict[str, Any]], cut: float) -> dict[str, float]:
    """Abstention figures if every row with confidence below ``cut`` abstained."""
    return abstention({"answerable": r["answerable"], "abstained": r["confidence"] < cut} for r in rows)


def retrieval_questions() -> Iterator[tuple[Any, Any, np.ndarray, dict[str, Any]]]:
    """Every answerable first-turn question of both suites with its suite, the suite's in-process
    snapshot and an all-passages mask: what retrieval constants are fitted on."""
    from .suites import LocalClient, seeds_suite, xquad_suite

    for suite in (seeds_suite(), xquad_suite()):
        assert isinstance(suite.client, LocalClient), "retrieval sweeps run in-process"
        snap = suite.client.engine.snapshot
        mask = np.ones(len(snap.chunks), dtype=bool)
        for q in suite.questions:
            if q["doc_ids"] and "follow_up_of" not in q:
                yield suite, snap, mask, q


def ranking_scores(suite: Any, snap: Any, q: dict[str, Any], scores: np.ndarray, language: str) -> dict[str, float]:
    """Retrieval metrics of the top 10 passages by fused ``scores``, ranked as ``qa.retrieve.retrieve`` ranks."""
    from newsqa.qa.retrieve import MISSING_Z, rank

    order = [int(i) for i in np.argsort(-scores) if scores[i] > MISSING_Z]
    results = [h.to_dict() for h in rank(snap, order, scores, 10, language)]
    return retrieval_scores(results, q["doc_ids"], q["evidence"] if suite.passage_gold else None)


def sweep_fusion() -> dict[str, Any]:
    """Grid of CENTRING x the four lexical weights; best by mean tuning MRR over the suites.

    Dense similarities and the two lexical channels are computed once per question and
    recombined for every grid point, exactly as ``qa.retrieve.retrieve`` combines them.
    """
    from newsqa.index.lang import detect_language
    from newsqa.qa.retrieve import combine_dense, dense_similarities, lexical_channels

    prepared = []
    for suite, snap, mask, q in retrieval_questions():
        engine = suite.client.engine
        similarities = dense_similarities(engine, snap, q["question"], mask)
        dense = {c: combine_dense(snap, similarities, q["question"], c) for c in CENTRINGS}
        channels = lexical_channels(snap, q["question"], mask)
        prepared.append((suite, snap, q, dense, channels, detect_language(q["question"])))
    grid = []
    weights = itertools.product(CENTRINGS, WORD_WEIGHTS, BRIDGE_WEIGHTS, TO_ENGLISH_WEIGHTS, TO_CHINESE_WEIGHTS)
    for centring, word, bridge, to_english, to_chinese in weights:
        point: dict[str, Any] = {
            "centring": centring,
            "word_weight": word,
            "bridge_weight": bridge,
            "to_english_weight": to_english,
            "to_chinese_weight": to_chinese,
        }
        scores: dict[str, list[dict[str, float]]] = {}
        for suite, snap, q, dense, channels, language in prepared:
            words, bridges, english, chinese = channels
            combined = dense[centring] + words * word + bridges * bridge + english * to_english + chinese * to_chinese
            group = f"{suite.name} {q['split']}"
            scores.setdefault(group, []).append(ranking_scores(suite, snap, q, combined, language))
        for group, rows in sorted(scores.items()):
            for metric in ("recall@1", "recall@5", "mrr"):
                point[f"{group} {metric}"] = round(mean_by(rows, metric) or 0.0, 4)
        point["objective"] = round((point["seeds tuning mrr"] + point["xquad tuning mrr"]) / 2, 4)
        grid.append(point)
    best = max(grid, key=lambda p: p["objective"])
    return {"objective": "mean over the two suites of tuning MRR", "best": best, "grid": grid}


def sweep_quotes() -> dict[str, Any]:
    """Every ratio of SECOND_RATIOS on the answered, answerable questions of both suites; best by the
    mean over the suites of the tuning harmonic mean of quote holds and citation precision."""
    from newsqa.qa.answer import abstain_threshold, compose
    from newsqa.qa.pipeline import read

    from .metrics import answer_scores
    from .suites import in_process

    scores: dict[tuple[float, str], list[dict[str, float]]] = {}
    for suite, engine, q, history in in_process("the quotes sweep"):
        if not q["doc_ids"]:
            continue
        reading = read(engine, q["question"], history, engine.settings.top_k)
        sure = reading.confidence()
        if sure < abstain_threshold(engine.settings.abstain_threshold):
            continue
        for ratio in SECOND_RATIOS:
            _, citations, dropped = compose(reading.scored, engine.snapshot.documents, ratio)
            answer = {"abstained": False, "citations": [c.to_dict() for c in citations], "dropped_citations": dropped}
            texts = {c.doc_id: engine.snapshot.documents[c.doc_id].text for c in citations}
            row = {**answer_scores(answer, q["doc_ids"], q["evidence"], texts), "quotes": float(len(citations))}
            scores.setdefault((ratio, f"{suite.name} {q['split']}"), []).append(row)
    grid = []
    for ratio in SECOND_RATIOS:
        point: dict[str, Any] = {"second_ratio": ratio}
        for (r, group), rows in sorted(scores.items()):
            if r != ratio:
                continue
            holds, precision = mean_by(rows, "quote_holds") or 0.0, mean_by(rows, "citation_precision") or 0.0
            point[f"{group} answered"] = len(rows)
            point[f"{group} quote_holds"] = round(holds, 4)
            point[f"{group} citation_precision"] = round(precision, 4)
            point[f"{group} quotes_per_answer"] = round(mean_by(rows, "quotes") or 0.0, 3)
            point[f"{group} harmonic"] = (
                round(2 * holds * precision / (holds + precision), 4) if holds + precision else 0.0
            )
        point["objective"] = round((point["seeds tuning harmonic"] + point["xquad tuning harmonic"]) / 2, 4)
        grid.append(point)
    best = max(grid, key=lambda p: p["objective"])
    objective = "mean over the two suites of the tuning harmonic mean of quote holds and citation precision"
    return {"objective": objective, "best": best, "grid": grid}


def main(argv: list[str]) -> int:
    sweeps = {"fusion": sweep_fusion, "quotes": sweep_quotes}
    if len(argv) != 2 or argv[1] not in sweeps:
        print(f"usage: python -m newsqa.eval.sweep {{{'|'.join(sweeps)}}}", file=sys.stderr)
        return 2
    result = sweeps[argv[1]]()
    (HERE / "sweeps").mkdir(exist_ok=True)
    (HERE / "sweeps" / f"{argv[1]}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print("best:", json.dumps(result["best"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
