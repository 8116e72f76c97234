"""The sentences around a candidate as features of the sentence ranker (an experiment, not adopted).

    python -m newsqa.eval.experiments.sentence_context    # ~2 min

On XQuAD tuning, when the ranker's best sentence misses, the sentence holding the answer is in the
same passage half of the time and right next to the best one a third of the time ("Politische
Geografen wie Friedrich Ratzel …" is chosen, "Ratzel glaubte, dass …" holds the answer). These
features describe a candidate by its neighbours in the passage (any stored sentence, quotable or
not): each encoder's similarity of the previous and of the next sentence to the question, whether
there is one, and the IDF-weighted coverage of the question's words (with their translations) by the
three sentences together. Scored by the ranker's top-1 and top-2 (a second quote is often shown),
out of fold (grouped 5-fold cross-validation inside tuning: a seeds fact or an XQuAD paragraph never
straddles folds; logistic regression at C 1, as ``eval.fit_reader``), and on validation for the record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

EXTRA = ("previous_first", "previous_second", "has_previous", "next_first", "next_second", "has_next", "window")
VARIANTS: dict[str, tuple[int, ...]] = {
    "in use": (),
    "previous": (0, 1, 2),
    "next": (3, 4, 5),
    "previous and next": (0, 1, 2, 3, 4, 5),
    "window coverage": (6,),
    "all": tuple(range(len(EXTRA))),
}


def with_columns(
    purpose: str, columns: Callable[[Any, Any, dict[str, Any], Any], Any], every: bool = False
) -> list[dict[str, Any]]:
    """Every question that has candidates (``every``: every question), as ``ask`` reads it
    (``eval.fit_reader.reading_record``), with ``columns(suite, engine, q, reading)`` as its
    ``extra``: one row of extra ranker columns per candidate sentence, as ``compare`` reads them, or
    the answer-model features ``focus_terms.compare_answer_models`` reads (the experiments beside
    this one use it too)."""
    from newsqa.eval.fit_reader import reading_record
    from newsqa.eval.suites import in_process
    from newsqa.qa.pipeline import read

    records = []
    for suite, engine, q, history in in_process(purpose):
        reading = read(engine, q["question"], history, engine.settings.top_k)
        if every or reading.scored:
            records.append({**reading_record(suite, q, reading), "extra": columns(suite, engine, q, reading)})
    return records


def neighbours(suite: Any, engine: Any, q: dict[str, Any], reading: Any) -> list[list[float]]:
    """``EXTRA`` of each candidate: its neighbours' similarities and the window's coverage."""
    from newsqa.qa.answer import sentence_terms, term_coverage, word_translations

    snap = engine.snapshot
    chunks = [snap.chunks[snap.positions[c]] for c in dict.fromkeys(s.hit.chunk_id for s in reading.scored)]
    stored = {(r.chunk_id, r.position): (r, v) for r, v in engine.chunk_sentences(chunks)}
    question = [engine.query_vector(i, q["question"]) for i in range(2)]
    first = engine.embedders[0].dim
    weighted = [(forms | {word}, snap.lexical.idf(word)) for word, forms in word_translations(q["question"])]
    extra = []
    for s in reading.scored:
        row: list[float] = []
        tokens = set(sentence_terms(s.text))
        for step in (-1, 1):
            found = stored.get((s.hit.chunk_id, s.position + step))
            if found is None:
                row += [0.0, 0.0, 0.0]
                continue
            record, vector = found
            row += [float(vector[:first] @ question[0]), float(vector[first:] @ question[1]), 1.0]
            tokens |= sentence_terms(record.text)
        extra.append([*row, term_coverage(weighted, frozenset(tokens))])
    return extra


def main() -> None:
    compare(with_columns("the sentence-context experiment", neighbours), VARIANTS)


def compare(records: list[dict[str, Any]], variants: dict[str, tuple[int, ...]]) -> None:
    """Print, for each variant (columns of each record's ``extra`` added to the ranker's rows), the
    ranker's top-1 and top-2 out of fold inside tuning and its top-1 on validation."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    tuning = [r for r in records if r["split"] == "tuning"]
    validation = [r for r in records if r["split"] == "validation"]

    def matrix(record: dict[str, Any], columns: tuple[int, ...]) -> np.ndarray:
        rows = np.asarray(record["rows"], dtype=np.float64)
        return np.hstack([rows, np.asarray(record["extra"])[:, list(columns)]]) if columns else rows

    def fit(group: list[dict[str, Any]], columns: tuple[int, ...]) -> Any:
        x = np.vstack([matrix(r, columns) for r in group])
        y = np.concatenate([r["labels"] for r in group])
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=1.0, max_iter=5000).fit((x - mean) / scale, y)
        return lambda r: model.decision_function((matrix(r, columns) - mean) / scale)

    def best_holds(score: Any, group: list[dict[str, Any]], k: int) -> dict[int, float]:
        return {id(r): max(r["labels"][i] for i in np.argsort(-score(r))[:k]) for r in group if r["answerable"]}

    def figures(hits: dict[int, float], group: list[dict[str, Any]]) -> str:
        return ", ".join(
            f"{s} {np.mean([hits[id(r)] for r in group if r['suite'] == s and id(r) in hits]):.4f}"
            for s in ("seeds", "xquad")
        )

    folds = list(GroupKFold(n_splits=5).split(tuning, groups=[r["group"] for r in tuning]))
    for name, columns in variants.items():
        first: dict[int, float] = {}
        second: dict[int, float] = {}
        for train, test in folds:
            score = fit([tuning[i] for i in train], columns)
            first.update(best_holds(score, [tuning[i] for i in test], 1))
            second.update(best_holds(score, [tuning[i] for i in test], 2))
        held = best_holds(fit(tuning, columns), validation, 1)
        print(
            f"{name}: tuning out of fold top-1 {figures(first, tuning)}; top-2 {figures(second, tuning)}; "
            f"validation top-1 {figures(held, validation)}"
        )


if __name__ == "__main__":
    main()
