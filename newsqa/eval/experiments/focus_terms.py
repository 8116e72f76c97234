"""Does the reading hold the words the question is *about*? Answer-model features (an experiment, not adopted).

    python -m newsqa.eval.experiments.focus_terms    # ~3 min

The seeds' near-topic unanswerable questions are answered with confidence ("How many downloads does
the Tencent Yuanbao app have?" 0.78 with a sentence about the Hunyuan launch): the entity words
(Tencent, Yuanbao) are rare in the corpus, so IDF-weighted coverage is high, while the attribute
asked (downloads) is nowhere. These features look at the question's words (each as itself or one of
its dictionary translations) against what the reader read:

- ``missing``: IDF-weighted share of the question's words that no candidate sentence holds;
- ``focus_best`` / ``focus_any``: coverage by the best sentence / by any candidate, each word weighted
  by its IDF times the share of the five read passages that lack it (words every read passage has,
  the topic's names, weigh nothing; the attribute asked weighs most);
- ``maxcov``: the highest IDF-weighted coverage of any candidate.

It prints each feature's AUC (the best quote holds the answer, and answerable against unanswerable),
then refits the answer model with each set added exactly as ``eval.fit_reader`` does (C by the same
repeated cross-validation, Platt scaling, the threshold by the same rule) and prints abstention and
false abstention per suite and split.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

VARIANTS: dict[str, tuple[str, ...]] = {
    "in use": (),
    "missing": ("missing",),
    "focus_best": ("focus_best",),
    "focus_any": ("focus_any",),
    "focus both": ("focus_best", "focus_any"),
    "maxcov": ("maxcov",),
    "all four": ("missing", "focus_best", "focus_any", "maxcov"),
}


def collect() -> list[dict[str, Any]]:
    """``eval.fit_reader.collect``'s records with the question's words (translations, IDF) and the read passages."""
    from newsqa.eval.fit_reader import reading_record
    from newsqa.eval.suites import in_process
    from newsqa.qa.answer import word_translations
    from newsqa.qa.pipeline import read

    records = []
    for suite, engine, q, history in in_process("the focus-terms experiment"):
        reading = read(engine, q["question"], history, engine.settings.top_k)
        idf = engine.snapshot.lexical.idf
        records.append(
            {
                **reading_record(suite, q, reading),
                "words": [(forms | {word}, idf(word)) for word, forms in word_translations(q["question"])],
                "passages": [h.text for h in reading.hits[:5]],
            }
        )
    return records


def features(record: dict[str, Any]) -> dict[str, float]:
    """The four features of one record whose ``best`` sentence is set (``eval.fit_reader.describe_answers``)."""
    from newsqa.index.normalize import lexical_tokens
    from newsqa.qa.answer import sentence_terms

    words = record["words"]
    total = sum(weight for _, weight in words) or 1.0
    sentences = [sentence_terms(t) for t in record["texts"]]
    union: frozenset[str] = frozenset().union(*sentences)
    passages = [frozenset(lexical_tokens(p)) for p in record["passages"]]
    focus = [
        (forms, weight * (1 - sum(bool(forms & p) for p in passages) / max(1, len(passages))))
        for forms, weight in words
    ]
    focus_total = sum(weight for _, weight in focus)
    best = sentences[record["best"]] if record["best"] >= 0 else frozenset()

    def share(weighted: list[tuple[frozenset[str], float]], tokens: frozenset[str], whole: float) -> float:
        return sum(weight for forms, weight in weighted if forms & tokens) / whole if whole > 0 else 1.0

    return {
        "missing": 1.0 - share(words, union, total),
        "focus_best": share(focus, best, focus_total),
        "focus_any": share(focus, union, focus_total),
        "maxcov": max((share(words, s, total) for s in sentences), default=0.0),
    }


def main() -> None:
    records = collect()
    compare_answer_models(records, VARIANTS, features)


def compare_answer_models(
    records: list[dict[str, Any]],
    variants: dict[str, tuple[str, ...]],
    extra: Callable[[dict[str, Any]], dict[str, float]] | None = None,
) -> None:
    """Describe ``records`` as ``eval.fit_reader`` does (ranker fitted on tuning, each record's best
    sentence and answer row), give each its ``extra`` features (a record may already carry them), print
    each feature's AUC per suite and split, then refit the answer model with each variant's features
    appended exactly as ``fit_reader`` fits it and print its CV objective and abstention / false
    abstention per suite and split. ``encoder_agreement`` uses it too."""
    from sklearn.metrics import roc_auc_score

    from newsqa.eval import fit_reader
    from newsqa.qa.reader import SENTENCE_FEATURES, Logistic

    tuning = [r for r in records if r["split"] == "tuning"]
    x = np.asarray([row for r in tuning for row in r["rows"]], dtype=np.float64)
    y = np.asarray([label for r in tuning for label in r["labels"]])
    fit_reader.describe_answers(records, Logistic.from_dict(fit_reader.fit_logistic(x, y, SENTENCE_FEATURES)))
    for r in records:
        r["extra"] = extra(r) if extra is not None else r["extra"]
        r["base_row"] = list(r["answer_row"])
    for suite in ("seeds", "xquad"):
        for split in ("tuning", "validation"):
            group = [r for r in records if r["suite"] == suite and r["split"] == split]
            holds = [r["answer_label"] for r in group]
            answerable = [r["answerable"] for r in group]
            aucs = {
                k: (
                    round(roc_auc_score(holds, [r["extra"][k] for r in group]), 3),
                    round(roc_auc_score(answerable, [r["extra"][k] for r in group]), 3),
                )
                for k in group[0]["extra"]
            }
            print(f"{suite} {split} AUC (best quote holds, answerable): {aucs}")
    for name, keys in variants.items():
        for r in records:
            r["answer_row"] = r["base_row"] + [r["extra"][k] for k in keys]
        c, table = fit_reader.choose_c(tuning)
        model = Logistic.from_dict(fit_reader.calibrated(fit_reader.answer_weights(tuning, c), tuning, c))
        cut = np.floor(fit_reader.suite_cut(tuning, model) * 1e4) / 1e4
        parts = []
        for suite in ("seeds", "xquad"):
            for split in ("tuning", "validation"):
                group = [r for r in records if r["suite"] == suite and r["split"] == split]
                sure = model.probability(np.asarray([r["answer_row"] for r in group]))
                unanswerable = [p < cut for p, r in zip(sure, group, strict=True) if not r["answerable"]]
                answerable = [p < cut for p, r in zip(sure, group, strict=True) if r["answerable"]]
                parts.append(f"{suite} {split} {np.mean(unanswerable):.3f}/{np.mean(answerable):.3f}")
        print(f"{name}: C {c}, CV objective {table[str(c)]['objective']}, cut {cut}; abstains/FA " + "; ".join(parts))


if __name__ == "__main__":
    main()
