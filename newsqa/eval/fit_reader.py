"""Fit the reader (sentence ranker and answer model) on the tuning splits of both suites.

    python -m newsqa.eval.fit_reader        # writes qa/models/reader.json and eval/sweeps/reader.json

For every question of both suites it reads as ``qa.ask`` does (``qa.pipeline.read``: a follow-up is
searched with the turn it needs), describes every candidate sentence with
``qa.answer.score_sentences`` and labels it 1 when it holds an evidence string / the gold answer
from a gold document. Then, on the **tuning** questions only:

1. the sentence ranker: scikit-learn ``LogisticRegression`` on the standardised
   ``qa.reader.SENTENCE_FEATURES``;
2. the answer model: ``LogisticRegression`` on ``qa.reader.ANSWER_FEATURES`` of each question,
   labelled 1 when the ranker's best sentence holds the answer (0 for every unanswerable question);
   its regularisation ``C`` chosen from ``ANSWER_C_GRID`` by cross-validation inside the tuning split
   (5 shuffles of 5 folds; most abstention on unanswerable held-out questions, mean over suites;
   ``choose_c``), then Platt scaling fitted on its out-of-fold scores folded into its weights, so
   that its probability reads as one (``calibrated``);
3. the threshold: the highest probability cut whose false abstention on answerable tuning
   questions is at most 0.05 in each suite (``eval.sweep.fit_threshold``).

The model is written as plain JSON (weights, means, scales, threshold, and this run's data and
figures); the printed figures for the validation split are what the fit did out of sample.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from .metrics import abstention, calibration, holds_evidence
from .sweep import MAX_FALSE_ABSTENTION, abstention_at, fit_threshold

HERE = Path(__file__).parent
ANSWER_C_GRID = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.1, 1.0)
"""Inverse regularisation strengths tried for the answer model (chosen by cross-validation on tuning)."""
CV_FOLDS = 5
CV_REPEATS = 5
MODEL = HERE.parent / "qa" / "models" / "reader.json"


def collect() -> list[dict[str, Any]]:
    """One ``reading_record`` per question of both suites, read as ``qa.ask`` reads it."""
    from newsqa.qa.pipeline import read

    from .suites import in_process

    return [
        reading_record(suite, q, read(engine, q["question"], history, engine.settings.top_k))
        for suite, engine, q, history in in_process("fitting")
    ]


def reading_record(suite: Any, q: dict[str, Any], reading: Any) -> dict[str, Any]:
    """What the reader's fit (and the experiments beside it) keep of one question's reading (a
    ``qa.pipeline.Reading``): suite, split, fold group (a seeds fact, an XQuAD paragraph), the question
    and whether it is answerable, its candidate sentences' texts, feature rows and labels (1: holds an
    evidence string / the gold answer, from a gold document), and the answer model's question-level inputs."""
    scored = reading.scored
    return {
        "suite": suite.name,
        "split": q["split"],
        "group": suite.fold_group(q),
        "answerable": bool(q["doc_ids"]),
        "question": q["question"],
        "texts": [s.text for s in scored],
        "rows": [list(s.features) for s in scored],
        "labels": [float(holds_evidence(s.hit.doc_id, s.text, q["doc_ids"], q["evidence"])) for s in scored],
        "top_passage": reading.top_passage,
        "unknown": reading.unknown,
        "prominence": list(reading.prominence),
    }


def fit_logistic(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], c: float = 1.0) -> dict[str, Any]:
    """A standardised logistic regression (inverse regularisation ``c``) as plain data (the layout
    ``qa.reader.Logistic`` reads)."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y)
    return {
        "features": list(names),
        "mean": mean.round(6).tolist(),
        "scale": scale.round(6).tolist(),
        "weights": model.coef_[0].round(6).tolist(),
        "bias": round(float(model.intercept_[0]), 6),
    }


def top1(records: list[dict[str, Any]], ranker: Any) -> float:
    """Share of answerable questions whose best-ranked sentence holds the answer."""
    hits = [
        r["labels"][int(np.argmax(ranker.probability(np.asarray(r["rows"]))))] if r["rows"] else 0.0
        for r in records
        if r["answerable"]
    ]
    return round(float(np.mean(hits)), 4) if hits else 0.0


def answer_weights(rows: list[dict[str, Any]], c: float) -> dict[str, Any]:
    """The answer model (uncalibrated) fitted on ``rows`` with regularisation ``c``."""
    from newsqa.qa.reader import ANSWER_FEATURES

    x, y = np.asarray([r["answer_row"] for r in rows]), np.asarray([r["answer_label"] for r in rows])
    return fit_logistic(x, y, ANSWER_FEATURES, c)


def fit_answer(rows: list[dict[str, Any]], c: float) -> tuple[dict[str, Any], float]:
    """The answer model on ``rows`` and its threshold: the highest cut whose false abstention is at
    most 0.05 in every suite of ``rows``."""
    from newsqa.qa.reader import Logistic

    data = answer_weights(rows, c)
    return data, suite_cut(rows, Logistic.from_dict(data))


def suite_cut(rows: list[dict[str, Any]], model: Any) -> float:
    """The highest cut on ``model``'s probability whose false abstention is at most 0.05 in every
    suite of ``rows``."""
    scored = [{**r, "confidence": float(model.probability(np.asarray([r["answer_row"]]))[0])} for r in rows]
    return min(fit_threshold([r for r in scored if r["suite"] == s]) for s in sorted({r["suite"] for r in rows}))


def calibrated(data: dict[str, Any], rows: list[dict[str, Any]], c: float) -> dict[str, Any]:
    """The answer model ``data`` (fitted on ``rows`` with ``c``) with Platt scaling folded into it.

    Strong regularisation shrinks the weights, so the probabilities crowd around the base rate
    (0.49 to 0.55 for very different questions at c 0.0001): a ranking, not a probability. Each
    row's out-of-fold log-odds (``CV_FOLDS`` folds) are mapped to its label by a one-feature
    logistic regression, ``a * z + b0``; since ``z`` is itself linear, the calibrated model is the
    same model with weights ``a * w`` and bias ``a * b + b0``. It decides exactly as before
    (a monotone map; the threshold is refitted on it), only its confidence is re-scaled.
    """
    from sklearn.linear_model import LogisticRegression

    from newsqa.qa.reader import Logistic

    log_odds = np.zeros(len(rows))
    order = np.random.default_rng(1).permutation(len(rows))
    for fold in np.array_split(order, CV_FOLDS):
        out = set(fold.tolist())
        model = Logistic.from_dict(answer_weights([rows[i] for i in order if i not in out], c))
        p = model.probability(np.asarray([rows[i]["answer_row"] for i in fold]))
        log_odds[fold] = np.log(p / (1 - p))
    platt = LogisticRegression(C=1e6, max_iter=5000).fit(log_odds[:, None], [r["answer_label"] for r in rows])
    slope, intercept = float(platt.coef_[0][0]), float(platt.intercept_[0])
    return {
        **data,
        "weights": (np.asarray(data["weights"]) * slope).round(6).tolist(),
        "bias": round(data["bias"] * slope + intercept, 6),
        "platt": {"slope": round(slope, 6), "intercept": round(intercept, 6)},
    }


def choose_c(tuning: list[dict[str, Any]]) -> tuple[float, dict[str, Any]]:
    """The answer model's regularisation, by cross-validation inside the tuning split: the ``c``
    whose held-out questions abstain most when unanswerable (mean over suites).

    ``CV_REPEATS`` shuffles of ``CV_FOLDS``-fold cross-validation, pooled: with one shuffle the
    choice moved from one refit to the next on differences of a question or two. The table keeps
    each ``c``'s standard error (binomial, over each suite's unanswerable questions); the
    one-standard-error rule was tried and not adopted (eval/README.md).
    """
    from newsqa.qa.reader import Logistic

    table: dict[str, Any] = {}
    for c in ANSWER_C_GRID:
        held: list[dict[str, Any]] = []
        for repeat in range(CV_REPEATS):
            order = np.random.default_rng(repeat + 1).permutation(len(tuning))
            for fold in np.array_split(order, CV_FOLDS):
                out = set(fold.tolist())
                data, cut = fit_answer([tuning[i] for i in order if i not in out], c)
                model = Logistic.from_dict(data)
                for i in fold:
                    r = tuning[i]
                    sure = float(model.probability(np.asarray([r["answer_row"]]))[0])
                    held.append({"suite": r["suite"], "answerable": r["answerable"], "abstained": sure < cut})
        suites = sorted({h["suite"] for h in held})
        figures = {s: abstention([h for h in held if h["suite"] == s]) for s in suites}
        table[str(c)] = {s: {k: round(v, 4) for k, v in f.items()} for s, f in figures.items()}
        variance = 0.0
        for s in suites:
            p = figures[s]["abstain_unanswerable"]
            variance += p * (1 - p) / max(1, sum(not r["answerable"] for r in tuning if r["suite"] == s))
        table[str(c)]["objective"] = round(float(np.mean([f["abstain_unanswerable"] for f in figures.values()])), 4)
        table[str(c)]["standard_error"] = round(float(np.sqrt(variance) / len(suites)), 4)
    return max(ANSWER_C_GRID, key=lambda c: table[str(c)]["objective"]), table


def describe_answers(records: list[dict[str, Any]], ranker: Any) -> None:
    """Give every record its best sentence (``best``: its position, -1 when there is none), the answer
    model's row (``qa.reader.answer_features`` of that sentence) and its label: the best sentence
    holds the answer (0 for every unanswerable question). The ranker scores the whole of each row;
    the answer model reads its first ``SENTENCE_FEATURES`` (an experiment may append columns)."""
    from newsqa.qa.reader import SENTENCE_FEATURES, answer_features

    for r in records:
        scores = ranker.probability(np.asarray(r["rows"])) if r["rows"] else np.zeros(0)
        probabilities = sorted((float(p) for p in scores), reverse=True)
        best = int(np.argmax(scores)) if r["rows"] else -1
        best_row = r["rows"][best][: len(SENTENCE_FEATURES)] if r["rows"] else [0.0] * len(SENTENCE_FEATURES)
        r["best"] = best
        r["answer_row"] = answer_features(probabilities[:2], best_row, r["top_passage"], r["unknown"], r["prominence"])
        r["answer_label"] = float(r["answerable"] and best >= 0 and r["labels"][best] == 1.0)


def split_figures(records: list[dict[str, Any]], ranker: Any, threshold: float) -> dict[str, Any]:
    """Per suite and split: questions, candidates, the ranker's top-1 and abstention at ``threshold``
    (each record carries its ``confidence``)."""
    figures: dict[str, Any] = {}
    for suite in sorted({r["suite"] for r in records}):
        for split in ("tuning", "validation"):
            group = [r for r in records if r["suite"] == suite and r["split"] == split]
            figures[f"{suite} {split}"] = {
                "questions": len(group),
                "candidates": sum(len(r["rows"]) for r in group),
                "ranker_top1_holds": top1(group, ranker),
                **{k: round(v, 4) for k, v in abstention_at(group, threshold).items()},
                **calibration(group),
            }
    return figures


def main() -> int:
    from newsqa.qa.reader import SENTENCE_FEATURES, Logistic

    started = time.perf_counter()
    records = collect()
    tuning = [r for r in records if r["split"] == "tuning"]
    x = np.asarray([row for r in tuning for row in r["rows"]], dtype=np.float64)
    y = np.asarray([label for r in tuning for label in r["labels"]])
    ranker_data = fit_logistic(x, y, SENTENCE_FEATURES)
    ranker = Logistic.from_dict(ranker_data)
    describe_answers(records, ranker)
    answer_c, cross_validation = choose_c(tuning)
    answer_data = calibrated(answer_weights(tuning, answer_c), tuning, answer_c)
    answer = Logistic.from_dict(answer_data)
    # rounded down to the 4 decimals an answer's confidence is given (and compared) with: the cut is
    # a tuning question's confidence, and any rounding up would make that question abstain
    threshold = math.floor(suite_cut(tuning, answer) * 1e4) / 1e4
    for r in records:
        r["confidence"] = float(answer.probability(np.asarray([r["answer_row"]]))[0])
    figures = split_figures(records, ranker, threshold)
    run = {
        "command": "python -m newsqa.eval.fit_reader",
        "data": "tuning splits of the seeds and xquad suites (eval/README.md)",
        "tuning_candidates": len(y),
        "tuning_positives": int(y.sum()),
        "max_false_abstention": MAX_FALSE_ABSTENTION,
        "answer_c": answer_c,
        "answer_c_cross_validation": cross_validation,
        "figures": figures,
        "seconds": round(time.perf_counter() - started, 1),
    }
    model = {"ranker": ranker_data, "answer": answer_data, "threshold": threshold, "run": run}
    MODEL.parent.mkdir(exist_ok=True)
    MODEL.write_text(json.dumps(model, indent=1), encoding="utf-8")
    (HERE / "sweeps").mkdir(exist_ok=True)
    (HERE / "sweeps" / "reader.json").write_text(json.dumps(run, indent=1), encoding="utf-8")
    print(json.dumps({"threshold": model["threshold"], **run}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
