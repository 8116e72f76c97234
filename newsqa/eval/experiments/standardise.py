"""Experiment: how to put each document language's dense similarities on one scale.

    python -m newsqa.eval.experiments.standardise            # every variant at the fitted weights
    python -m newsqa.eval.experiments.standardise --sweep z  # the fusion grid under one variant

Variants (each applied per embedder, after ``CENTRING`` x the centroid affinity is removed, exactly
as ``qa.retrieve.combine_dense`` does, then averaged over the embedders and the lexical channels
added at the constants in ``qa.retrieve``):

- ``z``: z-score within each document language (``qa.retrieve._standardise_by_language``, the rule in use);
- ``centre``: centre each language on its mean, one pooled spread;
- ``median``: centre each language on its median, one pooled spread;
- ``z_size``: ``z`` minus the expected maximum of as many standard normals as the language has
  passages (a correction for the biggest language's best passage standing further out);
- ``none``: one z-score over every language;
- ``mix25``, ``mix50``, ``mix75``: ``z`` and ``none`` mixed, 25/50/75 % ``z`` (session 15: English
  questions about the English articles lost to Chinese interviewer lines whose raw similarity was
  lower, because every English passage is about Tencent and the English mean is high).

It prints tuning and validation recall@1, recall@5 and MRR for both suites; decisions are taken on
the tuning columns (mean MRR of the two suites, the objective of ``eval.sweep``). ``--sweep`` runs
``eval.sweep.sweep_fusion`` with the variant in place of the rule in use and prints its best point (it
does not write ``eval/sweeps/fusion.json``). The figures of the session-11 run are in eval/README.md
("Tried and not adopted").
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import numpy as np

from newsqa.index.lang import detect_language
from newsqa.qa import retrieve

from .. import sweep
from ..metrics import mean_by

Standardise = Callable[[np.ndarray, np.ndarray], np.ndarray]
IN_USE: Standardise = retrieve._standardise_by_language
"""The rule in use, kept before any variant is put in its place."""


def _per_language(raw: np.ndarray, languages: np.ndarray, centre: str, scale: str) -> np.ndarray:
    z = np.full(raw.shape, retrieve.MISSING_Z)
    seen = ~np.isnan(raw)
    if not seen.any():
        return z
    out = raw.copy()
    overall = float(np.std(raw[seen])) or 1.0  # a language with fewer than three passages
    for language in set(languages[seen]):
        group = seen & (languages == language)
        values = raw[group]
        middle = float(np.median(values)) if centre == "median" else float(np.mean(values))
        spread = (float(np.std(values)) if len(values) >= 3 else overall) if scale == "own" else 1.0
        out[group] = (values - middle) / (spread or overall)
    if scale == "pooled":
        out[seen] /= float(np.std(out[seen])) or 1.0
    z[seen] = out[seen]
    return z


def _z_size(raw: np.ndarray, languages: np.ndarray) -> np.ndarray:
    z = _per_language(raw, languages, "mean", "own")
    seen = ~np.isnan(raw)
    groups = set(languages[seen])
    typical = max(int(seen.sum()) / max(len(groups), 1), 2.0)
    for language in groups:
        group = seen & (languages == language)
        z[group] -= np.sqrt(2 * np.log(max(int(group.sum()), 2))) - np.sqrt(2 * np.log(typical))
    return z


def _none(raw: np.ndarray, languages: np.ndarray) -> np.ndarray:
    return _per_language(raw, np.zeros(len(raw), dtype=int), "mean", "own")


def _mix(share: float) -> Standardise:
    return lambda raw, languages: share * IN_USE(raw, languages) + (1 - share) * _none(raw, languages)


VARIANTS: dict[str, Standardise] = {
    "z": IN_USE,
    "centre": lambda raw, languages: _per_language(raw, languages, "mean", "pooled"),
    "median": lambda raw, languages: _per_language(raw, languages, "median", "pooled"),
    "z_size": _z_size,
    "none": _none,
    "mix25": _mix(0.25),
    "mix50": _mix(0.5),
    "mix75": _mix(0.75),
}


def compare() -> dict[str, dict[str, float]]:
    """Every variant at every centring of the sweep grid, with the lexical weights of ``qa.retrieve``."""
    rows: dict[tuple[str, float, str, str], list[dict[str, float]]] = {}
    for suite, snap, mask, q in sweep.retrieval_questions():
        similarities = retrieve.dense_similarities(suite.client.engine, snap, q["question"], mask)
        lexical = retrieve.lexical_scores(snap, q["question"], mask)
        language = detect_language(q["question"])
        for centring in sweep.CENTRINGS:
            for name, standardise in VARIANTS.items():
                retrieve._standardise_by_language = standardise  # type: ignore[assignment]
                scores = retrieve.combine_dense(snap, similarities, q["question"], centring) + lexical
                key = (name, centring, suite.name, q["split"])
                rows.setdefault(key, []).append(sweep.ranking_scores(suite, snap, q, scores, language))
    return {
        f"{name} centring={centring} {suite} {split}": {
            m: round(mean_by(r, m) or 0.0, 4) for m in ("recall@1", "recall@5", "mrr")
        }
        for (name, centring, suite, split), r in sorted(rows.items())
    }


def main(argv: list[str]) -> int:
    if argv[1:2] == ["--sweep"] and len(argv) == 3 and argv[2] in VARIANTS:
        retrieve._standardise_by_language = VARIANTS[argv[2]]  # type: ignore[assignment]
        print("best:", json.dumps(sweep.sweep_fusion()["best"]))
    elif len(argv) == 1:
        print(json.dumps(compare(), indent=1))
    else:
        print(f"usage: python -m newsqa.eval.experiments.standardise [--sweep {'|'.join(VARIANTS)}]", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
