"""A conclusion two sentences ahead completes the evidence too (an experiment).

    python -m newsqa.eval.experiments.conclusion_ahead    # ~2 min

``qa.answer.compose`` quotes the sentence after the best one when it draws a conclusion
("Therefore, … Baidu will not do it", ``CONTINUES``), and the one before the best when the best
does. "Why did Baidu decline to build video models?" quotes "… such as Baidu, holds a more negative
attitude …"; the reason is the next sentence and the conclusion ("Therefore, no matter how popular
it is, Baidu will not do it.") the one after. This quotes, when the sentence two ahead of the best
(same passage) draws a conclusion, the best, the next and that one (``MAX_SENTENCES`` is 3, so no
other sentence is added), for every question (``any``) or only for a "why" question (``why``).
Scored as ``sweep quotes`` scores (the answered, answerable questions; the harmonic mean of quote
holds and citation precision per suite, its mean over the suites on tuning).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

VARIANTS = ("in use", "any", "why")


def compose_ahead(scored: list[Any], documents: Mapping[str, Any], only_why: bool, kind: str) -> tuple[Any, ...]:
    """``compose``, with the conclusion two ahead of the best sentence quoted with the one between."""
    from newsqa.qa.answer import CONTINUES, _neighbour, compose, quote

    if scored and (kind == "reason" or not only_why):
        best = scored[0]
        between, ahead = _neighbour(scored, best, 1), _neighbour(scored, best, 2)
        if (
            between is not None
            and ahead is not None
            and CONTINUES.search(ahead.text)
            and not CONTINUES.search(between.text)
        ):
            return quote([best, between, ahead], documents)
    return compose(scored, documents)


def main() -> None:
    from newsqa.eval.metrics import answer_scores, mean_by
    from newsqa.eval.suites import in_process
    from newsqa.qa.answer import abstain_threshold, compose
    from newsqa.qa.pipeline import read
    from newsqa.qa.reader import question_type

    scores: dict[tuple[str, str], list[dict[str, float]]] = defaultdict(list)
    changed: dict[str, list[str]] = defaultdict(list)
    for suite, engine, q, history in in_process("the conclusion-ahead experiment"):
        if not q["doc_ids"]:
            continue
        reading = read(engine, q["question"], history, engine.settings.top_k)
        if reading.confidence() < abstain_threshold(engine.settings.abstain_threshold):
            continue
        documents = engine.snapshot.documents
        kind = question_type(q["question"])
        composed = {
            "in use": compose(reading.scored, documents),
            "any": compose_ahead(reading.scored, documents, False, kind),
            "why": compose_ahead(reading.scored, documents, True, kind),
        }
        for name, (text, citations, dropped) in composed.items():
            answer = {"abstained": False, "citations": [c.to_dict() for c in citations], "dropped_citations": dropped}
            texts = {c.doc_id: documents[c.doc_id].text for c in citations}
            figures = answer_scores(answer, q["doc_ids"], q["evidence"], texts)
            scores[(name, f"{suite.name} {q['split']}")].append(figures)
            if text != composed["in use"][0]:
                changed[f"{name} {suite.name} {q['split']}"].append(q["question"])
    for name in VARIANTS:
        harmonic = {}
        for group in ("seeds tuning", "xquad tuning", "seeds validation", "xquad validation"):
            rows = scores[(name, group)]
            holds, precision = mean_by(rows, "quote_holds") or 0.0, mean_by(rows, "citation_precision") or 0.0
            harmonic[group] = 2 * holds * precision / (holds + precision) if holds + precision else 0.0
            print(
                f"{name} {group}: answered {len(rows)}, quote holds {holds:.4f}, precision {precision:.4f}, "
                f"harmonic {harmonic[group]:.4f}, answers changed {len(changed[f'{name} {group}'])}"
            )
        print(f"{name}: objective {(harmonic['seeds tuning'] + harmonic['xquad tuning']) / 2:.4f}")
    for key, questions in sorted(changed.items()):
        print(key, questions[:6])


if __name__ == "__main__":
    main()
