"""Variants of the second-stage passage ranker (``qa.rerank``), measured as ``eval.fit_rerank`` fits it.

    python -m newsqa.eval.experiments.passage_rerank [--depth 20]

Collects the first stage's ``--depth`` best passages of every answerable first-turn question once
(``eval.fit_rerank.collect``), then fits the re-ranker on each subset of ``qa.rerank.PASSAGE_FEATURES``
below (the passage model chosen by grouped cross-validation inside tuning, as the fit does) and
prints, per suite, tuning (out of fold) and validation R@1 / MRR (validation for the record:
decisions are taken on tuning).
"""

from __future__ import annotations

import argparse
import json

from newsqa.qa import rerank

SENTENCE_MODEL = ("sentence_best", "sentence_best_gap")
SENTENCES = tuple(f for f in rerank.PASSAGE_FEATURES if f.startswith("sentence_") and f not in SENTENCE_MODEL)
VARIANTS = {
    "all (in use)": rerank.PASSAGE_FEATURES,
    "without the sentence model's probability": tuple(f for f in rerank.PASSAGE_FEATURES if f not in SENTENCE_MODEL),
    "without any sentence feature": tuple(
        f for f in rerank.PASSAGE_FEATURES if f not in SENTENCE_MODEL and f not in SENTENCES
    ),
    "fused score and sentence features only": ("fused", *SENTENCES, *SENTENCE_MODEL),
}


def main() -> None:
    from newsqa.eval.fit_rerank import collect, fit

    parser = argparse.ArgumentParser()
    parser.add_argument("--depth", type=int, default=rerank.DEPTH)
    rerank.DEPTH = parser.parse_args().depth
    records = collect()
    for name, names in VARIANTS.items():
        run = fit(records, names)["run"]
        line = {"model": run["passage_model"]}
        for suite, figures in run["figures"].items():
            for split in ("tuning re-ordered (out of fold)", "validation first stage", "validation re-ordered"):
                line[f"{suite} {split}"] = {k: figures[split].get(k) for k in ("recall@1", "mrr")}
        print(f"{name}: {json.dumps(line)}", flush=True)


if __name__ == "__main__":
    main()
