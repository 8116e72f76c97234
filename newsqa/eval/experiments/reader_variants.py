"""Reader variants measured and not adopted (``eval/README.md``, "Tried and not adopted").

    python -m newsqa.eval.experiments.reader_variants    # ~3 min: reads every question once

Reads every question of both suites as ``eval.fit_reader`` does (``fit_reader.collect``), then:

1. **sentence ranker**: the ranker in use (logistic regression on ``qa.reader.SENTENCE_FEATURES``)
   against logistic regression with each feature's distance to the question's best value added
   ("relative") and scikit-learn's histogram gradient boosting on either. Scored by 5-fold
   cross-validation over the tuning questions (share of answerable questions whose top-ranked
   sentence holds the answer), then fitted on all tuning questions and shown on validation;
2. **answer model label**: the label in use (the ranker's best sentence holds the answer) against
   "the question is answerable", each with ``C`` chosen and the threshold fitted as ``fit_reader``
   does; AUC (answerable against unanswerable) and abstention per suite and split.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np

Scorer = Callable[[np.ndarray], np.ndarray]
RANKERS = ("lr", "lr relative", "boosting", "boosting relative")


def _features(rows: list[list[float]], relative: bool) -> np.ndarray:
    x = np.asarray(rows, dtype=np.float64)
    return np.hstack([x, x - x.max(axis=0)]) if relative else x


def _fit(records: list[dict[str, Any]], variant: str) -> Scorer:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    relative = variant.endswith("relative")
    x = np.vstack([_features(r["rows"], relative) for r in records])
    y = np.concatenate([r["labels"] for r in records])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    if variant.startswith("lr"):
        model: Any = LogisticRegression(max_iter=5000).fit((x - mean) / scale, y)
    else:
        model = HistGradientBoostingClassifier(
            max_iter=200,
            learning_rate=0.05,
            max_leaf_nodes=15,
            min_samples_leaf=40,
            l2_regularization=1.0,
            random_state=0,
        ).fit((x - mean) / scale, y)
    return lambda rows: model.predict_proba((_features(rows.tolist(), relative) - mean) / scale)[:, 1]


def _holds(record: dict[str, Any], scorer: Scorer) -> float:
    return float(record["labels"][int(np.argmax(scorer(np.asarray(record["rows"]))))])


def ranker_top1(answerable: list[dict[str, Any]], variant: str = "lr") -> tuple[dict[str, float], dict[str, float]]:
    """Top-1 of one ranker variant on answerable records (each with its candidate ``rows``): by suite,
    5-fold cross-validation inside tuning, then fitted on all tuning and shown on validation."""
    tuning = [r for r in answerable if r["split"] == "tuning"]
    order = np.random.default_rng(1).permutation(len(tuning))
    held: dict[str, list[float]] = {"seeds": [], "xquad": []}
    for fold in np.array_split(order, 5):
        out = set(fold.tolist())
        scorer = _fit([tuning[i] for i in order if i not in out], variant)
        for i in fold:
            held[tuning[i]["suite"]].append(_holds(tuning[i], scorer))
    scorer = _fit(tuning, variant)
    validation = [r for r in answerable if r["split"] == "validation"]
    shown = {s: round(float(np.mean([_holds(r, scorer) for r in validation if r["suite"] == s])), 4) for s in held}
    return {suite: round(float(np.mean(v)), 4) for suite, v in held.items()}, shown


def rankers(records: list[dict[str, Any]]) -> None:
    """Top-1 of each ranker variant: 5-fold CV inside tuning, then validation."""
    answerable = [r for r in records if r["answerable"] and r["rows"]]
    for variant in RANKERS:
        cv, shown = ranker_top1(answerable, variant)
        print(f"ranker {variant:18} CV tuning {cv} objective {np.mean(list(cv.values())):.4f} | validation {shown}")


def answer_labels(records: list[dict[str, Any]]) -> None:
    """The answer model fitted to 'best quote holds' (in use) and to 'answerable'."""
    from sklearn.metrics import roc_auc_score

    from newsqa.eval.fit_reader import choose_c, describe_answers, fit_answer, fit_logistic
    from newsqa.eval.sweep import abstention_at
    from newsqa.qa.reader import SENTENCE_FEATURES, Logistic

    tuning = [r for r in records if r["split"] == "tuning"]
    x = np.asarray([row for r in tuning for row in r["rows"]])
    y = np.asarray([label for r in tuning for label in r["labels"]])
    describe_answers(records, Logistic.from_dict(fit_logistic(x, y, SENTENCE_FEATURES)))
    for r in records:
        r["holds"] = r["answer_label"]
    for label in ("holds", "answerable"):
        for r in records:
            r["answer_label"] = float(r[label])
        c, _ = choose_c(tuning)
        data, cut = fit_answer(tuning, c)
        model = Logistic.from_dict(data)
        for r in records:
            r["confidence"] = float(model.probability(np.asarray([r["answer_row"]]))[0])
        print(f"answer label {label}: C {c}, threshold {cut:.4f}")
        for suite in ("seeds", "xquad"):
            for split in ("tuning", "validation"):
                group = [r for r in records if r["suite"] == suite and r["split"] == split]
                auc = roc_auc_score([r["answerable"] for r in group], [r["confidence"] for r in group])
                figures = {k: round(v, 3) for k, v in abstention_at(group, cut).items()}
                print(f"  {suite} {split}: AUC {auc:.3f} {figures}")


def main() -> int:
    from newsqa.eval.fit_reader import collect

    records = collect()
    rankers(records)
    answer_labels(records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
