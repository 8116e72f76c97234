"""The sentence ranker with the best clause's similarity to the question (an experiment).

    python -m newsqa.eval.experiments.clause_similarity    # ~5 min: reads every question once

The short-answer span model gained most from how close in meaning the clause around a value is to
the question (``qa.short``). A long sentence dilutes the clause that answers: "… , by intercepting
a pass … with 17 seconds left on the clock" is one clause of a long XQuAD sentence. This adds to
each candidate sentence of ``fit_reader.collect`` the first encoder's similarity of its most similar
clause (split as ``qa.short`` splits clauses; a one-clause sentence keeps its own similarity) and
that value's gap to the best candidate's, and compares the ranker's top-1 with and without them:
5-fold cross-validation inside tuning (``reader_variants.ranker_top1``), then validation.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence, as ``qa.short`` cuts them. Example: clauses("a b, c d") -> ['a b', ' c d']."""
    from newsqa.qa.short import CLAUSE_END

    parts, start = [], 0
    for found in CLAUSE_END.finditer(sentence):
        parts.append(sentence[start : found.start()])
        start = found.end()
    parts.append(sentence[start:])
    return [p for p in parts if len(p.strip()) >= 4] or [sentence]


def add_clause_features(records: list[dict[str, Any]]) -> float:
    """Append the best clause similarity and its gap to every candidate row; returns seconds spent
    encoding."""
    from newsqa.index.embed import load_embedder
    from newsqa.settings import get_settings

    encoder = load_embedder(get_settings().embedder_names[0])
    started = time.perf_counter()
    for r in records:
        if not r["rows"]:
            continue
        vector = encoder.encode_queries([r["question"]])[0]
        pieces = [clauses(t) for t in r["texts"]]
        flat = [c for p in pieces for c in p]
        sims = encoder.encode_documents(flat) @ vector
        best, at = [], 0
        for p in pieces:
            best.append(float(sims[at : at + len(p)].max()))
            at += len(p)
        top = max(best)
        for row, value in zip(r["rows"], best, strict=True):
            row += [value, value - top]
    return time.perf_counter() - started


def main() -> int:
    from newsqa.eval.fit_reader import collect

    from .reader_variants import ranker_top1

    records = collect()
    answerable = [r for r in records if r["answerable"] and r["rows"]]
    cv, shown = ranker_top1(answerable)
    print(f"in use       CV tuning {cv} objective {np.mean(list(cv.values())):.4f} | validation {shown}")
    seconds = add_clause_features(answerable)
    print(f"clause encoding: {seconds:.0f} s for {len(answerable)} questions")
    cv, shown = ranker_top1(answerable)
    print(f"with clauses CV tuning {cv} objective {np.mean(list(cv.values())):.4f} | validation {shown}")
    for r in answerable:
        r["rows"] = [row[:-1] for row in r["rows"]]
    cv, shown = ranker_top1(answerable)
    print(f"best clause only (no gap) CV tuning {cv} objective {np.mean(list(cv.values())):.4f} | validation {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
