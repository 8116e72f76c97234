"""Fit the short-answer span model on the tuning splits of both suites.

    python -m newsqa.eval.fit_short        # writes qa/models/short.json and eval/sweeps/short.json

For every answerable question that asks for a value (``qa.reader.question_type``: quantity or
time) it takes the **gold sentences**: the sentences of a gold document (split as the index splits
them) that hold an evidence string / the gold answer. Each candidate span of such a sentence
(``qa.short.candidates``) is described by ``qa.short.SPAN_FEATURES`` and labelled 1 when it
matches the gold the way ``qa eval`` scores a short answer (the span lies inside an evidence string
or holds one). Gold sentences rather than the quotes the bot makes: the model chooses a span in
whatever sentence it is given, and the gold sentences do not depend on retrieval. The clause
similarity comes from the configured first encoder, as in ``qa.ask``.

On the **tuning** questions only: scikit-learn ``LogisticRegression`` on the standardised feature
differences of a matching and a non-matching span of one sentence (pairwise, ``fit``), its ``C``
chosen from ``C_GRID`` by grouped 5-fold cross-validation (a paragraph's questions, in
every language, stay in one fold) for the most questions whose best span matches. The printed
validation figures are out of sample; ``qa eval`` gives the end-to-end figure (the short answer
taken from the bot's own quotes).

Then the **quote weight** (``qa.short.quote_weight``): an answer may quote two or three sentences,
and a value of a quote the reader ranks lower is less likely to be the one asked. Every value
question of both suites is asked as ``qa.ask`` asks it; on the tuning answers that are not
abstentions, each weight of ``QUOTE_WEIGHTS`` is tried with the new span model, and the one whose
short answers match the gold most often (both suites' questions pooled) is kept.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from .fit_reader import fit_logistic
from .metrics import short_matches

HERE = Path(__file__).parent
MODEL = HERE.parent / "qa" / "models" / "short.json"
SEEDS = HERE.parent.parent / "seeds"
C_GRID = (0.01, 0.1, 1.0, 10.0)
"""Inverse regularisation strengths tried (chosen by grouped cross-validation on tuning)."""
FOLDS = 5
QUOTE_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 100.0)
"""Weights tried for a value's quote score (``qa.short.span_scores``); 100 takes the best quote's values first."""


def seed_texts(folder: Path = SEEDS) -> dict[str, str]:
    """The seed articles' clean text by document id (what the index stores)."""
    from newsqa.index.clean import clean_text
    from newsqa.index.load import load_paths

    return {doc.doc_id: clean_text(doc.text).text for doc in load_paths([folder]).documents}


def value_questions() -> list[dict[str, Any]]:
    """Answerable value questions of both suites with their gold documents' texts: suite, split,
    group (the gold paragraph or document), question, kind, texts, evidence, and where the gold
    answer starts in its paragraph (XQuAD)."""
    from newsqa.qa.reader import question_type

    from .suites import load_questions
    from .xquad import load_pool

    pool = load_pool()
    paragraphs = {d.doc_id: d.text for d in pool.documents}
    seeds = seed_texts()
    out = []
    for suite, questions, texts in (("seeds", load_questions(), seeds), ("xquad", pool.questions, paragraphs)):
        for q in questions:
            kind = question_type(q["question"])
            if kind in ("quantity", "time") and q.get("doc_ids") and q.get("evidence"):
                out.append(
                    {
                        "suite": suite,
                        "split": q["split"],
                        "group": q.get("fact", q["id"]) if suite == "seeds" else q["doc_ids"][0],
                        "question": q["question"],
                        "kind": kind,
                        "texts": [texts[d] for d in q["doc_ids"] if d in texts],
                        "evidence": q["evidence"],
                        "at": q.get("evidence_at"),
                    }
                )
    return out


def collect() -> list[dict[str, Any]]:
    """One record per (question, gold sentence): its candidate spans, feature rows and labels."""
    from newsqa.index.chunk import sentences
    from newsqa.index.embed import load_embedder
    from newsqa.qa.short import similarity_to, value_rows
    from newsqa.settings import get_settings

    encoder = load_embedder(get_settings().embedder_names[0])
    records = []
    for q in value_questions():
        similarity = similarity_to(encoder, encoder.encode_queries([q["question"]])[0])

        for text in q["texts"]:
            for sentence in sentences(text):
                if not any(e in sentence.text for e in q["evidence"]):
                    continue
                if q["at"] and not any(sentence.start <= at < sentence.end for at in q["at"]):
                    continue  # the gold answer's own sentence, not another that repeats its words
                found, rows = value_rows([sentence.text], q["kind"], q["question"], similarity)
                labels = [float(short_matches(sentence.text[s:e], q["evidence"])) for _, s, e in found]
                records.append(
                    {**{k: q[k] for k in ("suite", "split", "group", "question")}, "rows": rows, "labels": labels}
                )
    return records


def accuracy(records: list[dict[str, Any]], model: Any) -> float:
    """Share of (question, gold sentence) records whose best span matches the gold (0 when the
    sentence offers no span that does)."""
    hits = [
        r["labels"][int(np.argmax(model.probability(np.asarray(r["rows"]))))] if r["rows"] else 0.0 for r in records
    ]
    return round(float(np.mean(hits)), 4) if hits else 0.0


def hand_set_accuracy(records: list[dict[str, Any]]) -> float:
    """The same share for the hand-set order ``qa.short.find_value`` falls back on."""
    from newsqa.qa.short import hand_set

    hits = [r["labels"][hand_set(r["rows"])] if r["rows"] else 0.0 for r in records]
    return round(float(np.mean(hits)), 4) if hits else 0.0


def fit(records: list[dict[str, Any]], c: float) -> dict[str, Any]:
    """A pairwise model: logistic regression on the feature differences of a matching and a
    non-matching span of the same sentence (both orders), so that it learns which span to prefer;
    its score orders a sentence's spans (the bias and the means cancel within a sentence)."""
    from newsqa.qa.short import SPAN_FEATURES

    x, y = [], []
    for r in records:
        rows = np.asarray(r["rows"], dtype=np.float64)
        for i, good in enumerate(r["labels"]):
            for j, bad in enumerate(r["labels"]):
                if good and not bad:
                    x += [rows[i] - rows[j], rows[j] - rows[i]]
                    y += [1.0, 0.0]
    return fit_logistic(np.asarray(x), np.asarray(y), SPAN_FEATURES, c)


def choose_c(tuning: list[dict[str, Any]]) -> tuple[float, dict[str, float]]:
    """The ``C`` whose models, fitted on 4 folds, best choose spans on the fifth (groups kept whole)."""
    from sklearn.model_selection import GroupKFold

    from newsqa.qa.reader import Logistic

    groups = [r["group"] for r in tuning]
    scores: dict[str, float] = {}
    for c in C_GRID:
        hits = []
        for train, test in GroupKFold(n_splits=FOLDS).split(tuning, groups=groups):
            model = Logistic.from_dict(fit([tuning[i] for i in train], c))
            held_out = [tuning[i] for i in test]
            hits.append(accuracy(held_out, model) * len(held_out))
        scores[str(c)] = round(sum(hits) / len(tuning), 4)
    best = max(C_GRID, key=lambda c: (scores[str(c)], -c))
    return best, scores


def answered() -> list[dict[str, Any]]:
    """Each value question the bot answers, as ``qa.ask`` answers it: suite, split, the candidate
    values of its quotes with their feature rows, each quote's score share, and labels."""
    from newsqa.qa import ask
    from newsqa.qa.reader import question_type
    from newsqa.qa.short import similarity_to, value_rows

    from .suites import in_process

    records = []
    for suite, engine, q, history in in_process("fitting"):
        kind = question_type(q["question"])
        if not q["doc_ids"] or kind not in ("quantity", "time"):
            continue
        answer = ask(q["question"], history, engine=engine)
        if answer.abstained or not answer.citations:
            continue
        similarity = similarity_to(engine.embedders[0], engine.query_vector(0, q["question"]))

        quotes = [c.quote for c in answer.citations]
        found, rows = value_rows(quotes, kind, q["question"], similarity)
        top = max(c.score for c in answer.citations)
        records.append(
            {
                "suite": suite.name,
                "split": q["split"],
                "found": found,
                "rows": rows,
                "shares": [c.score / top if top > 0 else 1.0 for c in answer.citations],
                "labels": [float(short_matches(quotes[k][a:b], q["evidence"])) for k, a, b in found],
            }
        )
    return records


def quote_weight_figures(records: list[dict[str, Any]], model: Any) -> dict[str, dict[str, float]]:
    """For each weight of QUOTE_WEIGHTS, per suite and split, the share of answered value questions
    whose short answer matches the gold (0 for an answer without a candidate value)."""
    from newsqa.qa.short import span_scores

    out: dict[str, dict[str, float]] = {}
    for weight in QUOTE_WEIGHTS:
        point: dict[str, float] = {}
        for group in [*sorted({f"{r['suite']} {r['split']}" for r in records}), "tuning"]:
            part = [r for r in records if group in (f"{r['suite']} {r['split']}", r["split"])]
            hits = [
                r["labels"][int(np.argmax(span_scores(model, r["found"], r["rows"], r["shares"], weight)))]
                if r["rows"]
                else 0.0
                for r in part
            ]
            point[group] = round(float(np.mean(hits)), 4) if hits else 0.0
        out[str(weight)] = point
    return out


def main() -> int:
    from newsqa.qa.reader import Logistic

    started = time.perf_counter()
    records = collect()
    tuning = [r for r in records if r["split"] == "tuning"]
    c, cross_validation = choose_c(tuning)
    data = fit(tuning, c)
    model = Logistic.from_dict(data)
    figures: dict[str, Any] = {}
    for suite in ("seeds", "xquad"):
        for split in ("tuning", "validation"):
            part = [r for r in records if r["suite"] == suite and r["split"] == split]
            figures[f"{suite} {split}"] = {
                "gold_sentences": len(part),
                "reachable": round(float(np.mean([max(r["labels"], default=0.0) for r in part])), 4) if part else 0.0,
                "model": accuracy(part, model),
                "hand_set": hand_set_accuracy(part),
            }
    answers = answered()
    by_weight = quote_weight_figures(answers, model)
    weight = max(QUOTE_WEIGHTS, key=lambda w: (by_weight[str(w)]["tuning"], -w))
    run = {
        "command": "python -m newsqa.eval.fit_short",
        "data": "gold sentences of the value questions of the tuning splits of the seeds and xquad suites",
        "tuning_records": len(tuning),
        "tuning_candidates": sum(len(r["labels"]) for r in tuning),
        "c": c,
        "c_cross_validation": cross_validation,
        "figures": figures,
        "quote_weight": weight,
        "quote_weight_data": "the bot's answers to the value questions; chosen on tuning, suites pooled",
        "answered": {s: sum(1 for r in answers if f"{r['suite']} {r['split']}" == s) for s in sorted(figures)},
        "quote_weight_figures": by_weight,
        "seconds": round(time.perf_counter() - started, 1),
    }
    MODEL.parent.mkdir(exist_ok=True)
    MODEL.write_text(json.dumps({"spans": data, "quote_weight": weight, "run": run}, indent=1), encoding="utf-8")
    (HERE / "sweeps").mkdir(exist_ok=True)
    (HERE / "sweeps" / "short.json").write_text(json.dumps(run, indent=1), encoding="utf-8")
    print(json.dumps(run, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
