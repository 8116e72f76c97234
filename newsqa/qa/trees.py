"""Boosted decision trees kept as plain data: what a fitted gradient-boosting classifier decides,
without the library or a pickle at run time.

The layout (written by ``eval.fit_rerank`` from a scikit-learn ``HistGradientBoostingClassifier``):
``{"kind": "trees", "features": [...], "baseline": b, "trees": [{"feature": [...], "threshold": [...],
"missing_left": [...], "left": [...], "right": [...], "leaf": [...], "value": [...]}, ...]}``, one
list entry per node, node 0 the root. A row goes left where its feature is at most the node's
threshold (a missing value, NaN, goes where ``missing_left`` says); its log-odds is ``baseline``
plus the value of the leaf it reaches in every tree; its probability the sigmoid of that, as the
classifier's ``predict_proba`` gives it.

Example (one tree, one split on the first feature):
    >>> t = Trees.from_dict({"kind": "trees", "features": ["a"], "baseline": 0.0, "trees": [
    ...     {"feature": [0, 0, 0], "threshold": [0.5, 0, 0], "missing_left": [1, 0, 0],
    ...      "left": [1, 0, 0], "right": [2, 0, 0], "leaf": [0, 1, 1], "value": [0, -1.0, 2.0]}]})
    >>> t.log_odds(np.asarray([[0.2], [0.9], [np.nan]])).tolist()
    [-1.0, 2.0, -1.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

KIND = "trees"


@dataclass(frozen=True)
class Trees:
    """A fitted boosted-trees classifier: sigmoid(baseline + the sum of its trees' leaf values).

    The trees' node arrays are stacked (one row per tree, padded with leaves), so a batch of rows
    walks every tree at once: one step per level of the deepest tree.
    """

    features: tuple[str, ...]
    baseline: float
    feature: np.ndarray
    threshold: np.ndarray
    missing_left: np.ndarray
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray
    value: np.ndarray

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.float64)
        trees = np.arange(len(self.leaf))[None, :]
        node = np.zeros((len(rows), len(self.leaf)), dtype=np.int64)
        while not (done := self.leaf[trees, node]).all():
            x = np.take_along_axis(rows, self.feature[trees, node], axis=1)
            go_left = np.where(np.isnan(x), self.missing_left[trees, node], x <= self.threshold[trees, node])
            step = np.where(go_left, self.left[trees, node], self.right[trees, node])
            node = np.where(done, node, step)
        return self.baseline + self.value[trees, node].sum(axis=1)

    def probability(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.log_odds(rows)))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Trees:
        trees = data["trees"]
        width = max(len(t["leaf"]) for t in trees)

        def stack(key: str, dtype: type, pad: float) -> np.ndarray:
            out: np.ndarray = np.full((len(trees), width), pad, dtype=dtype)
            for i, tree in enumerate(trees):
                out[i, : len(tree[key])] = tree[key]
            return out

        return cls(
            tuple(data["features"]),
            float(data["baseline"]),
            stack("feature", np.int64, 0),
            stack("threshold", np.float64, 0.0),
            stack("missing_left", bool, False),
            stack("left", np.int64, 0),
            stack("right", np.int64, 0),
            stack("leaf", bool, True),
            stack("value", np.float64, 0.0),
        )


def is_trees(data: dict[str, Any]) -> bool:
    """Whether a stored model is boosted trees (a logistic model has no ``kind``)."""
    return data.get("kind") == KIND
