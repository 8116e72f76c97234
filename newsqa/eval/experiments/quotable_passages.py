"""Passages the reader cannot quote from, held back in the first stage (an experiment).

    python -m newsqa.eval.experiments.quotable_passages    # ~3 min

On the seeds' tuning split, 25 of 83 answerable first-turn questions have no passage holding the
evidence among the first stage's five, and for 8 of them the first passage is an interviewer's
question of seed 003 ("騰訊科技:沒有過想等到某個影片大模型特別成熟的時候再開始專注地做應用層?"):
a question is close to a question under the encoders, and its label 騰訊 matches "Tencent". The
reader never quotes such a passage (``qa.reader.quotable``), so it takes one of the five places
``ask`` reads and answers nothing. This lowers each passage's fused first-stage score by
``penalty`` x the share of its sentences the reader may not quote (1 for a passage of interviewer
questions and headings only, 0 for one where every sentence may be quoted), or by ``penalty`` only
when no sentence may be quoted (``none quotable``). It reports the first stage's retrieval on both
splits; a point is chosen on the tuning splits' mean MRR, as ``sweep fusion`` chooses
(eval/README.md). (Session 9 skipped such passages in what ``ask`` reads, after the first stage,
with an older reader: tuning quote holds unchanged, eval/README.md.)
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

PENALTIES = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0)


def unquotable_share(engine: Any) -> np.ndarray:
    """Per chunk position, the share of its stored sentences the reader may not quote (0 for none)."""
    from newsqa.eval.experiments.sentence_channel import sentence_table

    n = len(engine.snapshot.chunks)
    every = np.bincount(sentence_table(engine, only_quotable=False)[0], minlength=n)
    quotable = np.bincount(sentence_table(engine, only_quotable=True)[0], minlength=n)
    return np.where(every > 0, 1.0 - quotable / np.maximum(every, 1), 0.0)


def main(argv: list[str]) -> int:
    from newsqa.index.lang import detect_language

    from ..sweep import ranking_scores, retrieval_questions
    from .first_stage import Results, fused, print_grid

    shares: dict[int, np.ndarray] = {}
    results: Results = {}
    for suite, snap, mask, q in retrieval_questions():
        engine = suite.client.engine
        if id(snap) not in shares:
            shares[id(snap)] = unquotable_share(engine)
            share = shares[id(snap)]
            print(f"{suite.name}: {int((share == 1).sum())} of {len(share)} chunks hold no quotable sentence")
        share = shares[id(snap)]
        question = q["question"]
        dense, lexical = fused(engine, snap, question, mask)
        first = dense + lexical
        language = detect_language(question)
        for variant, held in (("share", share), ("none quotable", (share == 1).astype(float))):
            for penalty in PENALTIES:
                results.setdefault((variant, penalty, f"{suite.name} {q['split']}"), []).append(
                    ranking_scores(suite, snap, q, first - penalty * held, language)
                )
    print_grid(results, PENALTIES, "penalty")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
