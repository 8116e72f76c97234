"""The re-ranker's trees with the language pair as features (an experiment, not adopted).

    python -m newsqa.eval.experiments.language_pairs    # ~3 min

Adds to every passage row of ``eval.fit_rerank`` nine indicators, one per (question language,
passage language) pair of en / de / zh, so the trees can learn a correction per pair, and compares
the chosen boosting setting (``TREE_GRID[0]``) with and without them: grouped 5-fold
cross-validation inside tuning (mean MRR over the suites, the fit's objective), then validation
for the record.
"""

from __future__ import annotations

from typing import Any

import numpy as np

GROUPS = ("en", "de", "zh")


def _group(language: str) -> str:
    from newsqa.qa.engine import language_group

    group = language_group(language)
    return "zh" if group.startswith("zh") else group


def _figures(records: list[dict[str, Any]], key: str) -> dict[str, Any]:
    from newsqa.eval.fit_rerank import TREE_GRID, _mean, fit_trees, folds, scores
    from newsqa.qa.rerank import load_model

    for r in records:
        r["rows"] = r[key]
    tuning = [r for r in records if r["split"] == "tuning"]
    validation = [r for r in records if r["split"] == "validation"]
    names = tuple(f"f{i}" for i in range(records[0]["rows"].shape[1]))

    def train(part: list[dict[str, Any]]) -> Any:
        x = np.concatenate([r["rows"] for r in part])
        y = np.asarray([label for r in part for label in r["passage_labels"]])
        return load_model(fit_trees(x, y, names, TREE_GRID[0]))

    held: list[tuple[dict[str, Any], Any]] = []
    for fold in folds(tuning):
        inside = set(fold.tolist())
        model = train([r for i, r in enumerate(tuning) if i not in inside])
        held.extend((tuning[i], model) for i in fold)
    final = train(tuning)
    out: dict[str, Any] = {}
    for suite in ("seeds", "xquad"):
        out[f"{suite} tuning (out of fold)"] = _mean([scores([r], m) for r, m in held if r["suite"] == suite])
        out[f"{suite} validation"] = scores([r for r in validation if r["suite"] == suite], final)
    tuned = [out[f"{suite} tuning (out of fold)"]["mrr"] for suite in ("seeds", "xquad")]
    out["objective"] = round(float(np.mean(tuned)), 4)
    return out


def main() -> None:
    from newsqa.eval.fit_rerank import collect, fit
    from newsqa.index.lang import detect_language

    records = collect()
    fit(records)  # gives every record its passage rows (tuning ones cross-fitted)
    for r in records:
        asked = _group(detect_language(r["question"]))
        pairs = [
            [float(asked == q and _group(h.language) == p) for q in GROUPS for p in GROUPS] for h in r["found"].hits
        ]
        r["base"], r["pairs"] = r["rows"], np.hstack([r["rows"], np.asarray(pairs)])
    for key in ("base", "pairs"):
        print(key, _figures(records, key), flush=True)


if __name__ == "__main__":
    main()
