"""What the first-stage experiments share: the fused score as ``qa.retrieve`` fuses it, and the grid
they print (``sentence_channel``, ``document_context``, ``quotable_passages``)."""

from __future__ import annotations

from typing import Any

import numpy as np

Results = dict[tuple[str, float, str], list[dict[str, float]]]
"""Per (variant, grid value, "<suite> <split>"): each question's ``sweep.ranking_scores``."""


def fused(engine: Any, snap: Any, question: str, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The dense part (per-language z, centred, mean over encoders) and the weighted lexical part of
    the first stage's score for ``question``, with the constants in use; their sum is what ranks."""
    from newsqa.qa.retrieve import CENTRING, _weighted, combine_dense, dense_similarities, lexical_channels

    dense = combine_dense(snap, dense_similarities(engine, snap, question, mask), question, CENTRING)
    return dense, _weighted(lexical_channels(snap, question, mask))


def print_grid(results: Results, values: tuple[float, ...], name: str) -> None:
    """One line per variant and value: R@1 / R@5 / R@10 / MRR per suite and split, and the objective
    ``sweep fusion`` chooses by (the mean over the suites of tuning MRR)."""
    from ..metrics import mean_by

    groups = sorted({g for _, _, g in results})
    variants = list(dict.fromkeys(v for v, _, _ in results))
    print(f"variant | {name} | " + " | ".join(f"{g} R@1 / R@5 / R@10 / MRR" for g in groups) + " | objective")
    for variant in variants:
        for value in values:
            cells = []
            for g in groups:
                rows = results[(variant, value, g)]
                metrics = ("recall@1", "recall@5", "recall@10", "mrr")
                cells.append(" / ".join(f"{mean_by(rows, m) or 0.0:.3f}" for m in metrics))
            tuning = [mean_by(results[(variant, value, g)], "mrr") or 0.0 for g in groups if g.endswith("tuning")]
            print(f"{variant} | {value} | " + " | ".join(cells) + f" | {np.mean(tuning):.4f}", flush=True)
