"""A floor under the second quote's probability, next to ``SECOND_RATIO`` (an experiment).

    python -m newsqa.eval.experiments.quotes_floor    # ~2 min

A second sentence is quoted when its probability is at least ``SECOND_RATIO`` (0.6) of the best
one's. When the best is itself unlikely, that lets in a sentence that is even less likely: "Why did
Baidu decline to build video models?" (best 0.029, second 0.021) gets a second quote from an unrelated interview
line. This adds an absolute floor: the second quote also needs a probability of at least ``floor``.
Since ``candidate < max(ratio × best, floor)`` is ``candidate < max(ratio, floor / best) × best``,
the answers are composed by ``qa.answer.compose`` with that effective ratio. Scored exactly as
``python -m newsqa.eval.sweep quotes`` scores ratios (the answered, answerable questions; the mean
over the suites of the tuning harmonic mean of quote holds and citation precision).
"""

from __future__ import annotations

from typing import Any

FLOORS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
RATIOS = (0.5, 0.6, 0.7)


def main() -> None:
    from newsqa.eval.metrics import answer_scores, mean_by
    from newsqa.eval.suites import in_process
    from newsqa.qa.answer import abstain_threshold, compose
    from newsqa.qa.pipeline import read

    scores: dict[tuple[float, float, str], list[dict[str, float]]] = {}
    for suite, engine, q, history in in_process("the quotes-floor experiment"):
        if not q["doc_ids"]:
            continue
        reading = read(engine, q["question"], history, engine.settings.top_k)
        sure = reading.confidence()
        if sure < abstain_threshold(engine.settings.abstain_threshold) or not reading.scored:
            continue
        best = max(reading.scored[0].score, 1e-9)
        for ratio in RATIOS:
            for floor in FLOORS:
                _, citations, dropped = compose(reading.scored, engine.snapshot.documents, max(ratio, floor / best))
                answer: dict[str, Any] = {
                    "abstained": False,
                    "citations": [c.to_dict() for c in citations],
                    "dropped_citations": dropped,
                }
                texts = {c.doc_id: engine.snapshot.documents[c.doc_id].text for c in citations}
                row = answer_scores(answer, q["doc_ids"], q["evidence"], texts)
                scores.setdefault((ratio, floor, f"{suite.name} {q['split']}"), []).append(row)
    for ratio in RATIOS:
        for floor in FLOORS:
            parts, harmonic = [], {}
            for group in ("seeds tuning", "xquad tuning", "seeds validation", "xquad validation"):
                rows = scores.get((ratio, floor, group), [])
                holds = mean_by(rows, "quote_holds") or 0.0
                precision = mean_by(rows, "citation_precision") or 0.0
                harmonic[group] = 2 * holds * precision / (holds + precision) if holds + precision else 0.0
                parts.append(f"{group} {holds:.3f}/{precision:.3f}")
            objective = (harmonic["seeds tuning"] + harmonic["xquad tuning"]) / 2
            print(f"ratio {ratio} floor {floor}: objective {objective:.4f}; holds/precision " + "; ".join(parts))


if __name__ == "__main__":
    main()
