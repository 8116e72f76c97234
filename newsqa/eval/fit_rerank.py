"""Fit the second stage of hybrid search (``qa.rerank``) on the tuning splits of both suites.

    python -m newsqa.eval.fit_rerank        # writes qa/models/rerank.json and eval/sweeps/rerank.json

1. For every answerable first-turn question of both suites (``eval.sweep.retrieval_questions``):
   the first stage's ``DEPTH`` best passages (``qa.retrieve.retrieve``, hybrid) and every quotable
   sentence of them described by ``qa.reader.SENTENCE_FEATURES`` (``qa.answer.score_sentences``),
   labelled 1 when it holds an evidence string / the gold answer and comes from a gold document.
2. The sentence model: scikit-learn ``LogisticRegression`` on the tuning sentences. It is
   **cross-fitted**: a tuning question's passages get the sentence probabilities of a model fitted
   on the other folds (5 folds; a seeds fact, or an XQuAD paragraph with its questions in every
   language, stays in one fold), so the passage model learns from probabilities as unseen as the
   ones it meets when answering.
3. The passage model on ``qa.rerank.PASSAGE_FEATURES``, labelled 1 for a relevant passage
   (``eval.metrics.relevant``, as ``qa eval`` scores retrieval): ``LogisticRegression`` with each
   ``C`` of ``C_GRID``, or scikit-learn ``HistGradientBoostingClassifier`` with each setting of
   ``TREE_GRID`` (kept as plain data, ``qa.trees``); the candidate with the best mean over the
   suites of MRR by grouped 5-fold cross-validation inside tuning is fitted.
4. Both refitted on all of tuning and written as plain JSON with this run's figures: first stage
   and re-ordered, tuning (out of fold) and validation (for the record: nothing is chosen there).

``qa.ask`` does not read this stage (``search`` does), so the reader does not depend on it;
``make fit`` runs it next to the reader's fit.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from .fit_reader import fit_logistic
from .metrics import holds_evidence, mean_by, relevant, retrieval_scores
from .runner import cross_lingual

HERE = Path(__file__).parent
MODEL = HERE.parent / "qa" / "models" / "rerank.json"
C_GRID = (0.01, 0.1, 1.0)
TREE_GRID: tuple[dict[str, Any], ...] = (
    {"max_iter": 100, "learning_rate": 0.05, "max_leaf_nodes": 8, "min_samples_leaf": 40},
    {"max_iter": 200, "learning_rate": 0.05, "max_leaf_nodes": 15, "min_samples_leaf": 20},
    {"max_iter": 300, "learning_rate": 0.03, "max_depth": 3, "min_samples_leaf": 50, "l2_regularization": 1.0},
)
"""Boosting settings tried for the passage model (next to the logistic ``C_GRID``), chosen by the
same grouped cross-validation; early stopping off, so that every fit uses all its rows."""
FOLDS = 5


def collect() -> list[dict[str, Any]]:
    """One record per question: suite, split, fold group, category, the first stage's hits and
    channels, and its passages' sentences (chunk id, feature row, label)."""
    from newsqa.qa.answer import score_sentences
    from newsqa.qa.rerank import DEPTH
    from newsqa.qa.retrieve import retrieve

    from .sweep import retrieval_questions

    records = []
    for suite, _, _, q in retrieval_questions():
        engine = suite.client.engine
        found = retrieve(engine, q["question"], DEPTH)
        evidence = q["evidence"] if suite.passage_gold else None
        scored = score_sentences(engine, q["question"], found.hits, len(found.hits))
        records.append(
            {
                "suite": suite.name,
                "split": q["split"],
                "group": suite.fold_group(q),
                "category": q["category"],
                "question": q["question"],
                "doc_ids": q["doc_ids"],
                "evidence": evidence,
                "found": found,
                "passage_labels": [float(relevant(h.to_dict(), q["doc_ids"], evidence)) for h in found.hits],
                "sentences": [(s.hit.chunk_id, s.features) for s in scored],
                "sentence_labels": [
                    float(holds_evidence(s.hit.doc_id, s.text, q["doc_ids"], q["evidence"])) for s in scored
                ],
            }
        )
    return records


def folds(records: list[dict[str, Any]]) -> list[np.ndarray]:
    """``FOLDS`` folds of record positions; a group never straddles two."""
    from sklearn.model_selection import GroupKFold

    splitter = GroupKFold(n_splits=FOLDS)
    return [test for _, test in splitter.split(records, groups=[r["group"] for r in records])]


def sentence_model(records: list[dict[str, Any]]) -> dict[str, Any]:
    from newsqa.qa.reader import SENTENCE_FEATURES

    x = np.asarray([row for r in records for _, row in r["sentences"]], dtype=np.float64)
    y = np.asarray([label for r in records for label in r["sentence_labels"]])
    return fit_logistic(x, y, SENTENCE_FEATURES)


def passage_rows(record: dict[str, Any], sentences: Any) -> np.ndarray:
    """The record's ``PASSAGE_FEATURES`` with its sentences scored by ``sentences``."""
    from newsqa.qa.rerank import describe

    pairs = record["sentences"]
    p = sentences.probability(np.asarray([row for _, row in pairs], dtype=np.float64)) if pairs else np.zeros(0)
    scored = [(c, row, float(v)) for (c, row), v in zip(pairs, p, strict=True)]
    return describe(record["question"], record["found"], scored)


def candidates() -> dict[str, dict[str, Any]]:
    """The passage models tried, by name: each ``C`` of ``C_GRID``, each setting of ``TREE_GRID``."""
    out: dict[str, dict[str, Any]] = {f"logistic C {c}": {"C": c} for c in C_GRID}
    for setting in TREE_GRID:
        out["trees " + " ".join(f"{k} {v}" for k, v in setting.items())] = {"trees": setting}
    return out


def passage_model(records: list[dict[str, Any]], spec: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The passage model of ``spec`` (a logistic ``C`` or a ``trees`` setting) fitted on ``records``, as plain data."""
    x = np.concatenate([r["rows"] for r in records])
    y = np.asarray([label for r in records for label in r["passage_labels"]])
    if "trees" in spec:
        return fit_trees(x, y, names, spec["trees"])
    return fit_logistic(x, y, names, spec["C"])


def fit_trees(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], setting: dict[str, Any]) -> dict[str, Any]:
    """A ``HistGradientBoostingClassifier`` with ``setting``, as the plain data ``qa.trees.Trees`` reads."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from newsqa.qa.trees import KIND

    model = HistGradientBoostingClassifier(**setting, early_stopping=False, random_state=0).fit(x, y)
    trees = []
    # scikit-learn keeps the fitted trees in private attributes (pinned 1.9.1; tests/qa/test_trees.py
    # checks the export against predict_proba, so a version that moves them fails there)
    for (predictor,) in model._predictors:  # one tree per iteration for a binary classifier
        nodes = predictor.nodes
        trees.append(
            {
                "feature": nodes["feature_idx"].tolist(),
                "threshold": [float(t) for t in nodes["num_threshold"]],
                "missing_left": nodes["missing_go_to_left"].astype(int).tolist(),
                "left": nodes["left"].tolist(),
                "right": nodes["right"].tolist(),
                "leaf": nodes["is_leaf"].astype(int).tolist(),
                "value": [round(float(v), 8) for v in nodes["value"]],
            }
        )
    baseline = float(np.ravel(model._baseline_prediction)[0])
    return {"kind": KIND, "features": list(names), "setting": setting, "baseline": baseline, "trees": trees}


def scores(records: list[dict[str, Any]], model: Any | None) -> dict[str, float]:
    """Retrieval figures of the first stage (``model`` None) or of the re-ordered passages; the
    ``crosslingual`` ones over questions whose language differs from the passage's."""
    rows = []
    for r in records:
        hits = [h.to_dict() for h in r["found"].hits]
        if model is not None and hits:
            hits = [hits[i] for i in np.argsort(-model.probability(r["rows"]), kind="stable")]
        row = retrieval_scores(hits, r["doc_ids"], r["evidence"])
        if cross_lingual(r["category"]):
            row["crosslingual_recall@1"] = row["recall@1"]
        rows.append(row)
    metrics = ("recall@1", "recall@5", "mrr", "crosslingual_recall@1")
    return {"questions": len(rows), **{m: round(v, 4) for m in metrics if (v := mean_by(rows, m)) is not None}}


def fit(records: list[dict[str, Any]], names: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Both models fitted on the tuning records (the passage model on the ``names`` columns of
    ``PASSAGE_FEATURES``, default all), and the figures: first stage and re-ordered, tuning out of
    fold and validation. ``eval.experiments.passage_rerank`` calls it with fewer features."""
    from newsqa.qa.reader import Logistic
    from newsqa.qa.rerank import PASSAGE_FEATURES, load_model

    names = names or PASSAGE_FEATURES
    columns = [PASSAGE_FEATURES.index(n) for n in names]
    tuning = [r for r in records if r["split"] == "tuning"]
    validation = [r for r in records if r["split"] == "validation"]
    parts = folds(tuning)
    for fold in parts:  # cross-fitted sentence probabilities for the tuning passages
        inside = set(fold.tolist())
        model = Logistic.from_dict(sentence_model([r for i, r in enumerate(tuning) if i not in inside]))
        for i in fold:
            tuning[i]["rows"] = passage_rows(tuning[i], model)[:, columns]
    sentences_data = sentence_model(tuning)
    sentences = Logistic.from_dict(sentences_data)
    for r in validation:
        r["rows"] = passage_rows(r, sentences)[:, columns]
    suites = sorted({r["suite"] for r in records})
    cross_validation: dict[str, Any] = {}
    tried = candidates()
    for name, spec in tried.items():
        held: list[tuple[dict[str, Any], Any]] = []
        for fold in parts:
            inside = set(fold.tolist())
            data = passage_model([r for i, r in enumerate(tuning) if i not in inside], spec, names)
            held.extend((tuning[i], load_model(data)) for i in fold)
        by_suite = {s: _mean([scores([r], m) for r, m in held if r["suite"] == s]) for s in suites}
        cross_validation[name] = {
            **by_suite,
            "objective": round(float(np.mean([by_suite[s]["mrr"] for s in suites])), 4),
        }
    chosen = max(tried, key=lambda name: cross_validation[name]["objective"])  # the first of equals
    passages_data = passage_model(tuning, tried[chosen], names)
    passages = load_model(passages_data)
    figures = {}
    for s in suites:
        mine_t = [r for r in tuning if r["suite"] == s]
        mine_v = [r for r in validation if r["suite"] == s]
        figures[s] = {
            "tuning first stage": scores(mine_t, None),
            "tuning re-ordered (out of fold)": cross_validation[chosen][s],
            "validation first stage": scores(mine_v, None),
            "validation re-ordered": scores(mine_v, passages),
        }
    run = {
        "command": "python -m newsqa.eval.fit_rerank",
        "data": "answerable first-turn questions of the tuning splits of the seeds and xquad suites",
        "tuning_questions": len(tuning),
        "tuning_sentences": sum(len(r["sentences"]) for r in tuning),
        "passage_model": chosen,
        "passage_model_cross_validation": cross_validation,
        "figures": figures,
    }
    return {"sentences": sentences_data, "passages": passages_data, "run": run}


def main() -> int:
    started = time.perf_counter()
    model = fit(collect())
    model["run"]["seconds"] = round(time.perf_counter() - started, 1)
    MODEL.write_text(json.dumps(model, indent=1), encoding="utf-8")
    (HERE / "sweeps").mkdir(exist_ok=True)
    (HERE / "sweeps" / "rerank.json").write_text(json.dumps(model["run"], indent=1), encoding="utf-8")
    print(json.dumps(model["run"], indent=1))
    return 0


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    """Question-weighted mean of per-question figure dicts (each for one question)."""
    keys = sorted({k for r in rows for k in r if k != "questions"})
    return {"questions": len(rows), **{k: round(mean_by(rows, k) or 0.0, 4) for k in keys}}


if __name__ == "__main__":
    sys.exit(main())
