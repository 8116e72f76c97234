"""The short-answer span model with the words right next to a value (an experiment).

    python -m newsqa.eval.experiments.span_window    # ~2 min: encodes every candidate's window

The span model's strongest feature is how close in meaning a value's whole clause is to the
question (``qa.short.value_rows``). Several values often share one clause ("… 118 tackles, 4 sacks
and 4 interceptions"), and then they all get the same similarity. This adds, for a window of
``WINDOWS`` tokens (a Latin word or one Chinese character) on each side of a value, (a) the first
encoder's similarity of the window to the question relative to the best window of the sentence
(``wsim``) and (b) how many of the question's words or their dictionary translations the window
holds (``wterms``), and compares, on the gold sentences of ``fit_short.collect``, the share of
sentences whose best span matches: grouped 5-fold cross-validation inside tuning at each ``C`` of
``fit_short.C_GRID`` (as ``fit_short.choose_c``), then validation for the record.
"""

from __future__ import annotations

import json
import re
import sys
import time
from typing import Any

import numpy as np

WINDOWS = (4, 6, 10)
TOKEN = re.compile(r"[\u3400-\u9fff]|[^\s\u3400-\u9fff]+")
"""A token of a window: one Chinese character, or a run of anything else that is not a space."""


def window(sentence: str, start: int, end: int, size: int) -> str:
    """The value with ``size`` tokens on each side. Example: window("a b c 5 d e f", 6, 7, 1) -> 'c 5 d'."""
    before = [m for m in TOKEN.finditer(sentence[:start])][-size:]
    after = [m for m in TOKEN.finditer(sentence, end)][:size]
    left = before[0].start() if before else start
    right = after[-1].end() if after else end
    return sentence[left:right]


def collect() -> list[dict[str, Any]]:
    """``fit_short.collect``'s records with each candidate's windows: for every size, the relative
    window similarity and the question terms in the window, appended to ``rows[size]``."""
    from newsqa.index.chunk import sentences
    from newsqa.index.embed import load_embedder
    from newsqa.qa.answer import content_terms, translated_terms
    from newsqa.qa.short import similarity_to, value_rows
    from newsqa.settings import get_settings

    from ..fit_short import value_questions
    from ..metrics import short_matches

    encoder = load_embedder(get_settings().embedder_names[0])
    records = []
    for q in value_questions():
        vector = encoder.encode_queries([q["question"]])[0]
        terms = {t.lower() for t in content_terms(q["question"]) | translated_terms(q["question"])}
        similarity = similarity_to(encoder, vector)

        for text in q["texts"]:
            for sentence in sentences(text):
                if not any(e in sentence.text for e in q["evidence"]):
                    continue
                if q["at"] and not any(sentence.start <= at < sentence.end for at in q["at"]):
                    continue
                found, rows = value_rows([sentence.text], q["kind"], q["question"], similarity)
                if not found:
                    continue
                by_size: dict[int, list[list[float]]] = {}
                for size in WINDOWS:
                    texts = [window(sentence.text, s, e, size) for _, s, e in found]
                    sims = similarity(texts)
                    counts = [sum(t in w.lower() for t in terms) for w in texts]
                    by_size[size] = [
                        [*row, float(sim - sims.max()), float(n)]
                        for row, sim, n in zip(rows, sims, counts, strict=True)
                    ]
                labels = [float(short_matches(sentence.text[s:e], q["evidence"])) for _, s, e in found]
                records.append(
                    {**{k: q[k] for k in ("suite", "split", "group")}, "rows": by_size, "base": rows, "labels": labels}
                )
    return records


def variant(records: list[dict[str, Any]], size: int, keep: tuple[int, ...]) -> list[dict[str, Any]]:
    """Records whose rows are the base features plus the extra columns ``keep`` (0 wsim, 1 wterms)."""
    out = []
    for r in records:
        base = len(r["base"][0])
        rows = [[*row[:base], *(row[base + k] for k in keep)] for row in r["rows"][size]]
        out.append({**r, "rows": rows})
    return out


def pairwise_fit(records: list[dict[str, Any]], names: tuple[str, ...], c: float) -> Any:
    """``fit_short.fit`` with feature names of any length."""
    from newsqa.qa.reader import Logistic

    from ..fit_reader import fit_logistic

    x, y = [], []
    for r in records:
        rows = np.asarray(r["rows"], dtype=np.float64)
        for i, good in enumerate(r["labels"]):
            for j, bad in enumerate(r["labels"]):
                if good and not bad:
                    x += [rows[i] - rows[j], rows[j] - rows[i]]
                    y += [1.0, 0.0]
    return Logistic.from_dict(fit_logistic(np.asarray(x), np.asarray(y), names, c))


def cross_validated(tuning: list[dict[str, Any]], names: tuple[str, ...]) -> dict[str, float]:
    """Held-out share of best spans that match, per C (grouped 5-fold inside tuning)."""
    from sklearn.model_selection import GroupKFold

    from ..fit_short import C_GRID, FOLDS, accuracy

    groups = [r["group"] for r in tuning]
    out = {}
    for c in C_GRID:
        hits = 0.0
        for train, test in GroupKFold(n_splits=FOLDS).split(tuning, groups=groups):
            model = pairwise_fit([tuning[i] for i in train], names, c)
            held_out = [tuning[i] for i in test]
            hits += accuracy(held_out, model) * len(held_out)
        out[str(c)] = round(hits / len(tuning), 4)
    return out


def main() -> int:
    from newsqa.qa.short import SPAN_FEATURES

    from ..fit_short import accuracy

    started = time.perf_counter()
    records = collect()
    tuning = [r for r in records if r["split"] == "tuning"]
    report: dict[str, Any] = {"tuning_records": len(tuning), "variants": {}}
    for size in WINDOWS:
        for label, keep in (("base", ()), ("+wsim", (0,)), ("+wterms", (1,)), ("+both", (0, 1))):
            if label == "base" and size != WINDOWS[0]:
                continue
            names = (*SPAN_FEATURES, *(("wsim", "wterms")[k] for k in keep))
            cv = cross_validated(variant(tuning, size, keep), names)
            c = max(cv, key=lambda k: (cv[k], -float(k)))
            model = pairwise_fit(variant(tuning, size, keep), names, float(c))
            validation = {
                suite: accuracy(
                    variant([r for r in records if r["suite"] == suite and r["split"] == "validation"], size, keep),
                    model,
                )
                for suite in ("seeds", "xquad")
            }
            key = label if label == "base" else f"window {size} {label}"
            report["variants"][key] = {"cv": cv, "c": float(c), "validation": validation}
            print(key, cv[c], validation, file=sys.stderr)
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
