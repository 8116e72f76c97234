"""Does the question's best sentence stand out among every sentence? Answer-model features (an experiment).

    python -m newsqa.eval.experiments.sentence_prominence    # ~4 min

The answer model reads ``prominence``: how many standard deviations each encoder's best *passage*
similarity lies above the mean of all passages. A question about an attribute the documents never
give ("How many downloads does the Tencent Yuanbao app have?") still finds a passage naming the
entity, so its best passage stands out; its best *sentence*, which would have to say the
attribute, may not. Over every quotable sentence of the corpus (``sentence_channel.sentence_table``),
for the question alone, per encoder:

- ``sentence_prominence``: (best sentence cosine − mean over all sentences) / their spread, the mean
  over both encoders;
- ``sentence_margin``: the best sentence cosine minus the fifth best, the mean over both encoders.

Compared as ``encoder_agreement`` compares (each feature's AUC, then the answer model refitted with
it exactly as ``eval.fit_reader`` fits it: CV objective, abstention and false abstention).
"""

from __future__ import annotations

from typing import Any

import numpy as np

VARIANTS: dict[str, tuple[str, ...]] = {
    "in use": (),
    "sentence_prominence": ("sentence_prominence",),
    "sentence_margin": ("sentence_margin",),
    "both": ("sentence_prominence", "sentence_margin"),
}


def standing(engine: Any, table: Any, question: str) -> dict[str, float]:
    """The two features of ``question`` over the sentences of ``table``."""
    _, vectors, dims = table
    prominence, margin, start = [], [], 0
    for i, dim in enumerate(dims[:2]):
        sims = np.sort(vectors[:, start : start + dim] @ engine.query_vector(i, question))[::-1]
        spread = float(sims.std()) or 1.0
        prominence.append((float(sims[0]) - float(sims.mean())) / spread)
        margin.append(float(sims[0] - sims[min(4, len(sims) - 1)]))
        start += dim
    return {"sentence_prominence": float(np.mean(prominence)), "sentence_margin": float(np.mean(margin))}


def main() -> None:
    from newsqa.eval.experiments.focus_terms import compare_answer_models
    from newsqa.eval.experiments.sentence_channel import sentence_table
    from newsqa.eval.experiments.sentence_context import with_columns

    tables: dict[int, Any] = {}

    def extra(suite: Any, engine: Any, q: dict[str, Any], reading: Any) -> dict[str, float]:
        if id(engine) not in tables:
            tables[id(engine)] = sentence_table(engine)
        return standing(engine, tables[id(engine)], q["question"])

    compare_answer_models(with_columns("the sentence-prominence experiment", extra, every=True), VARIANTS)


if __name__ == "__main__":
    main()
