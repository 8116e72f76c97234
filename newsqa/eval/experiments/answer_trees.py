"""The answer model as boosted trees instead of a logistic regression (an experiment).

    python -m newsqa.eval.experiments.answer_trees [CACHE.json]    # ~3 min (collect) + ~2 min

The logistic answer model weighs each of ``qa.reader.ANSWER_FEATURES`` once, whatever the others
say, and cross-validation keeps it almost flat (C 0.0001). An off-topic question is one whose words
the corpus lacks *and* whose best passage does not stand out; a near-topic one has known words but
a best sentence that is no closer to the question than its neighbours: interactions a linear model
cannot express. This fits scikit-learn's ``HistGradientBoostingClassifier`` on the same rows and
labels (``eval.fit_reader.describe_answers``), for each setting of ``TREE_GRID``, and compares it
with the logistic model at the committed procedure's C under the committed procedure's measure:
``CV_REPEATS`` shuffles of ``CV_FOLDS``-fold cross-validation inside the tuning split, each fold's
threshold the highest cut with false abstention at most 0.05 in each suite of its training part,
held-out abstention on unanswerable questions (mean over suites) the objective. The best candidate
is then fitted on the whole tuning split, and its validation figures are printed for the record.

A cache path keeps the collected records (JSON), so a second run skips the three minutes of reading.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

TREE_GRID: tuple[dict[str, Any], ...] = tuple(
    {"max_depth": d, "max_iter": n, "learning_rate": 0.05, "min_samples_leaf": leaf, "l2_regularization": 1.0}
    for d in (2, 3)
    for n in (50, 150)
    for leaf in (20, 60)
)


def fitted(tuning: list[dict[str, Any]], spec: dict[str, Any]) -> Any:
    """The answer model of ``spec`` (``{"c": C}`` or ``{"trees": setting}``) fitted on ``tuning``."""
    from newsqa.eval import fit_reader
    from newsqa.eval.fit_rerank import fit_trees
    from newsqa.qa.reader import ANSWER_FEATURES, Logistic
    from newsqa.qa.trees import Trees

    if "c" in spec:
        return Logistic.from_dict(fit_reader.answer_weights(tuning, spec["c"]))
    x = np.asarray([r["answer_row"] for r in tuning], dtype=np.float64)
    y = np.asarray([r["answer_label"] for r in tuning])
    return Trees.from_dict(fit_trees(x, y, ANSWER_FEATURES, spec["trees"]))


def cross_validated(tuning: list[dict[str, Any]], spec: dict[str, Any]) -> dict[str, Any]:
    """Held-out abstention and false abstention per suite, as ``eval.fit_reader.choose_c`` measures them."""
    from newsqa.eval import fit_reader
    from newsqa.eval.metrics import abstention

    held: list[dict[str, Any]] = []
    for repeat in range(fit_reader.CV_REPEATS):
        order = np.random.default_rng(repeat + 1).permutation(len(tuning))
        for fold in np.array_split(order, fit_reader.CV_FOLDS):
            out = set(fold.tolist())
            train = [tuning[i] for i in order if i not in out]
            model = fitted(train, spec)
            cut = fit_reader.suite_cut(train, model)
            sure = model.probability(np.asarray([tuning[i]["answer_row"] for i in fold]))
            for i, p in zip(fold, sure, strict=True):
                held.append({"suite": tuning[i]["suite"], "answerable": tuning[i]["answerable"], "abstained": p < cut})
    figures: dict[str, Any] = {
        s: {k: round(v, 4) for k, v in abstention([h for h in held if h["suite"] == s]).items()}
        for s in ("seeds", "xquad")
    }
    figures["objective"] = round(float(np.mean([figures[s]["abstain_unanswerable"] for s in ("seeds", "xquad")])), 4)
    return figures


def main(argv: list[str]) -> int:
    from newsqa.eval import fit_reader
    from newsqa.qa.reader import SENTENCE_FEATURES, Logistic, load_reader

    cache = Path(argv[0]) if argv else None
    if cache is not None and cache.exists():
        records = json.loads(cache.read_text(encoding="utf-8"))
    else:
        records = fit_reader.collect()
        if cache is not None:
            cache.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    tuning = [r for r in records if r["split"] == "tuning"]
    x = np.asarray([row for r in tuning for row in r["rows"]], dtype=np.float64)
    y = np.asarray([label for r in tuning for label in r["labels"]])
    fit_reader.describe_answers(records, Logistic.from_dict(fit_reader.fit_logistic(x, y, SENTENCE_FEATURES)))
    committed = load_reader()
    c = float(json.loads(fit_reader.MODEL.read_text(encoding="utf-8"))["run"]["answer_c"]) if committed else 0.0001
    specs: list[dict[str, Any]] = [{"c": c}] + [{"trees": s} for s in TREE_GRID]
    table = []
    for spec in specs:
        figures = cross_validated(tuning, spec)
        table.append((spec, figures))
        print(json.dumps({"spec": spec, **figures}))
    best_spec = max(table, key=lambda t: t[1]["objective"])[0]
    for spec in ({"c": c}, best_spec):
        model = fitted(tuning, spec)
        cut = float(np.floor(fit_reader.suite_cut(tuning, model) * 1e4) / 1e4)
        for r in records:
            r["confidence"] = float(model.probability(np.asarray([r["answer_row"]]))[0])
        parts = []
        for suite in ("seeds", "xquad"):
            for split in ("tuning", "validation"):
                group = [r for r in records if r["suite"] == suite and r["split"] == split]
                f = fit_reader.abstention_at(group, cut)
                parts.append(f"{suite} {split} {f['abstain_unanswerable']:.3f}/{f['false_abstention']:.3f}")
        print(f"fitted on tuning {spec}: cut {cut}; abstains/FA " + "; ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
