"""The answer model's refit: Platt scaling makes a strongly regularised model's confidence a
probability without changing a single decision."""

import numpy as np

from newsqa.eval.fit_reader import answer_weights, calibrated
from newsqa.eval.metrics import calibration
from newsqa.qa.reader import ANSWER_FEATURES, Logistic


def rows(count: int, seed: int) -> list[dict]:
    """Answer rows whose label follows the first feature (log-odds 3 x feature), in two suites."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        features = rng.normal(size=len(ANSWER_FEATURES))
        label = float(rng.random() < 1 / (1 + np.exp(-3 * features[0])))
        out.append(
            {
                "suite": ("seeds", "xquad")[i % 2],
                "answerable": bool(label) or rng.random() < 0.3,
                "answer_row": features.tolist(),
                "answer_label": label,
            }
        )
    return out


def scored(model: Logistic, group: list[dict]) -> list[dict]:
    sure = model.probability(np.asarray([r["answer_row"] for r in group]))
    return [{**r, "confidence": float(p)} for r, p in zip(group, sure, strict=True)]


def test_platt_scaling_turns_a_crowded_score_into_a_probability_and_keeps_the_order() -> None:
    fitted, held_out = rows(600, 1), rows(600, 2)
    raw = answer_weights(fitted, 0.0003)
    scaled = calibrated(raw, fitted, 0.0003)
    before, after = scored(Logistic.from_dict(raw), held_out), scored(Logistic.from_dict(scaled), held_out)
    spread = [float(np.ptp([r["confidence"] for r in group])) for group in (before, after)]
    assert spread[0] < 0.2 < 0.8 < spread[1]  # crowded around the base rate, then spread out
    assert calibration(after)["calibration_error"] < 0.1 < 0.25 < calibration(before)["calibration_error"]
    assert calibration(after)["brier"] < calibration(before)["brier"]
    order = [np.argsort([r["confidence"] for r in group]).tolist() for group in (before, after)]
    assert order[0] == order[1]  # a monotone map: the same ranking, so the same decisions at a refitted cut
    assert scaled["platt"]["slope"] > 1
