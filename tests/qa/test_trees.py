"""Boosted trees kept as plain data decide exactly as the scikit-learn classifier they were exported from."""

import json

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from newsqa.eval.fit_rerank import TREE_GRID, fit_trees
from newsqa.qa.rerank import load_model
from newsqa.qa.trees import Trees


def data(n: int = 600) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(n, 4))
    y = ((x[:, 0] + 0.5 * x[:, 1] ** 2 - x[:, 2] * x[:, 3] + rng.normal(scale=0.3, size=n)) > 0.4).astype(float)
    return x, y


def test_exported_trees_give_the_classifier_s_probabilities() -> None:
    x, y = data()
    names = ("a", "b", "c", "d")
    for setting in TREE_GRID:
        stored = json.loads(json.dumps(fit_trees(x, y, names, setting)))  # what the JSON file keeps
        trees = load_model(stored)
        assert isinstance(trees, Trees) and trees.features == names
        reference = HistGradientBoostingClassifier(**setting, early_stopping=False, random_state=0).fit(x, y)
        probe = np.vstack([x[:50], np.random.default_rng(4).normal(scale=3.0, size=(50, 4))])
        assert np.allclose(trees.probability(probe), reference.predict_proba(probe)[:, 1], atol=1e-6)
        assert len(trees.leaf) == setting["max_iter"]


def test_a_logistic_model_is_still_read_as_one() -> None:
    model = load_model({"features": ["a"], "mean": [0.0], "scale": [1.0], "weights": [2.0], "bias": 0.0})
    assert not isinstance(model, Trees)
    assert model.probability(np.asarray([[0.0]])).tolist() == [0.5]
