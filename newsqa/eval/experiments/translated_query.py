"""Experiment: the question translated word by word into each other corpus language, as a query for
the encoders (issue 11, part 3: "where it helps, as a translated query for the encoders").

    python -m newsqa.eval.experiments.translated_query [--show N]

For each answerable first-turn question of both suites: the question's content words are looked up
in CC-CEDICT and Ding (``index.dictionary``) and written out in the target language (first
translation of each word; a word the dictionaries lack, such as a name, is kept as it is). Each
embedder encodes the translation, and for the passages of that language its similarity is blended
into the question's own: ``(1 - a) * own + a * translated``. Everything else is what
``qa.retrieve.retrieve`` does at the fitted constants. The grid (blend ``a`` x which embedders)
is scored by mean tuning MRR over the two suites, like ``eval.sweep fusion``; validation is printed
for the record. Nothing here changes the product.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import numpy as np

from newsqa.index.dictionary import cedict, ding, is_chinese
from newsqa.index.lang import detect_language
from newsqa.index.normalize import lemma, segment
from newsqa.index.words import STOPWORDS
from newsqa.qa.engine import language_group
from newsqa.qa.retrieve import CENTRING, combine_dense, dense_similarities, lexical_scores

from ..metrics import mean_by
from ..sweep import ranking_scores, retrieval_questions

BLENDS = (0.0, 0.25, 0.5, 0.75, 1.0)


def translated(question: str, target: str) -> str:
    """The question's content words in ``target`` (``en``, ``de`` or ``zh``), word by word.

    >>> translated("Wo hat Liu Wei sein Startup gegründet?", "zh")
    'liu wei startup 建立'
    """
    zh_en, en_zh = cedict()
    de_en, en_de = ding()
    source = language_group(detect_language(question))
    out: list[str] = []
    for word in segment(question):
        if word in STOPWORDS or not word.strip() or not any(ch.isalnum() for ch in word):
            continue
        base = lemma(word)
        if source == "zh" or is_chinese(word):
            english = zh_en.get(word, ()) if len(word) > 1 else ()
        elif source == "de":
            english = de_en.get(base, ()) or de_en.get(word, ())
        else:
            english = (base,)
        if target == "en":
            found = english[:1]
        elif target == "de":
            found = tuple(de for en in english[:1] for de in en_de.get(en, ())[:1])
        else:
            found = tuple(zh for en in english for zh in en_zh.get(en, ()))[:1]
        out.append(found[0] if found else word)
    return " ".join(out)


def main(argv: list[str]) -> int:
    show = int(argv[argv.index("--show") + 1]) if "--show" in argv else 0
    started = time.time()
    prepared: list[tuple[Any, ...]] = []
    for suite, snap, mask, q in retrieval_questions():
        engine = suite.client.engine
        question = q["question"]
        own = dense_similarities(engine, snap, question, mask)
        source = language_group(detect_language(question))
        groups = np.array([language_group(x) for x in snap.languages], dtype=object)
        other = {}
        for target in snap.groups:
            if target != source:
                text = translated(question, target)
                other[target] = dense_similarities(engine, snap, text, mask)
                if show and len(prepared) < show:
                    print(f"{question!r} -> {target}: {text!r}")
        lexical = lexical_scores(snap, question, mask)
        prepared.append((suite, snap, q, own, other, groups, lexical, detect_language(question)))
    print(f"prepared {len(prepared)} questions in {time.time() - started:.0f} s", flush=True)
    grid = []
    for which in ((0,), (1,), (0, 1)):
        for blend in BLENDS:
            if blend == 0.0 and which != (0, 1):
                continue
            scores: dict[str, list[dict[str, float]]] = {}
            for suite, snap, q, own, other, groups, lexical, language in prepared:
                mixed = [raw.copy() for raw in own]
                for target, sims in other.items():
                    where = groups == target
                    for i in which:
                        if i < len(mixed):
                            mixed[i][where] = (1 - blend) * own[i][where] + blend * sims[i][where]
                combined = combine_dense(snap, mixed, q["question"], CENTRING) + lexical
                key = f"{suite.name} {q['split']}"
                scores.setdefault(key, []).append(ranking_scores(suite, snap, q, combined, language))
                a, _, b = q.get("category", "").partition("-")
                if a and b and language_group(a) != language_group(b):
                    scores.setdefault(key + " cross", []).append(scores[key][-1])
            point: dict[str, Any] = {"embedders": list(which), "blend": blend}
            for key, rows in sorted(scores.items()):
                for metric in ("recall@1", "recall@5", "mrr"):
                    point[f"{key} {metric}"] = round(mean_by(rows, metric) or 0.0, 4)
            point["objective"] = round((point["seeds tuning mrr"] + point["xquad tuning mrr"]) / 2, 4)
            grid.append(point)
            print(json.dumps(point), flush=True)
    best = max(grid, key=lambda p: p["objective"])
    print("best:", json.dumps(best))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
