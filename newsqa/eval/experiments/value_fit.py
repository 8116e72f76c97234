"""Does the best quote hold a value that fits what a value question asks? Answer-model features (an experiment).

    python -m newsqa.eval.experiments.value_fit    # ~4 min

Many of the seeds' unanswerable questions ask for a value about a known entity ("How many downloads
does the Tencent Yuanbao app have?", "腾讯元宝有多少日活用户?", "李彦宏今年多大了?"), and the best
quote names the entity and holds some number or date ("On December 3rd, … the Tencent Yuanbao APP"),
so the answer model's ``value_missing`` is 0 and the confidence is high (0.60–0.78). The short-answer
span model (``qa.short``) already judges how well a value answers: whether it is of the kind asked,
has the unit the question names, and how close its clause is to the question. These features carry
that judgement into the answer model, for a question that asks for a quantity or a time (0 for the
others), over the values of the reader's best sentence:

- ``span_fit``: the span model's best log-odds (``FLOOR`` when the sentence holds no value);
- ``value_clause``: the first encoder's cosine of the question to that value's clause, minus the
  cosine to the whole sentence (``-NO_VALUE_GAP`` without a value).

It prints each feature's AUC (the best quote holds the answer; answerable against unanswerable) per
suite and split, then refits the answer model with each set added exactly as ``eval.fit_reader``
does (``focus_terms.compare_answer_models``) and prints the CV objective and abstention / false
abstention per suite and split.
"""

from __future__ import annotations

from typing import Any

import numpy as np

FLOOR = -5.0
NO_VALUE_GAP = 0.3
VARIANTS: dict[str, tuple[str, ...]] = {
    "in use": (),
    "span_fit": ("span_fit",),
    "value_clause": ("value_clause",),
    "both": ("span_fit", "value_clause"),
}


def value_fit(engine: Any, question: str, reading: Any) -> dict[str, float]:
    """The two features of ``question`` against the reader's best sentence."""
    from newsqa.qa.reader import question_type
    from newsqa.qa.short import PATTERNS, clause, load_span_model, similarity_to, value_rows

    kind = question_type(question)
    if kind not in PATTERNS or not reading.scored:
        return {"span_fit": 0.0, "value_clause": 0.0}
    best = max(reading.scored, key=lambda s: s.score)
    similarity = similarity_to(engine.embedders[0], engine.query_vector(0, question))
    found, rows = value_rows([best.text], kind, question, similarity)
    model = load_span_model()
    if not found or model is None:
        return {"span_fit": FLOOR, "value_clause": -NO_VALUE_GAP}
    scores = model.log_odds(np.asarray(rows, dtype=np.float64))
    _, start, end = found[int(np.argmax(scores))]
    near = similarity([best.text[slice(*clause(best.text, start, end))], best.text])
    return {"span_fit": float(scores.max()), "value_clause": float(near[0] - near[1])}


def main() -> None:
    from newsqa.eval.experiments.focus_terms import compare_answer_models
    from newsqa.eval.experiments.sentence_context import with_columns

    def extra(suite: Any, engine: Any, q: dict[str, Any], reading: Any) -> dict[str, float]:
        return value_fit(engine, q["question"], reading)

    compare_answer_models(with_columns("the value-fit experiment", extra, every=True), VARIANTS)


if __name__ == "__main__":
    main()
