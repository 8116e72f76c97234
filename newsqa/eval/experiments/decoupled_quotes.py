"""Quotes from the re-ranked passages, abstention from the first stage's (an experiment, not adopted).

    python -m newsqa.eval.experiments.decoupled_quotes    # ~4 min

``ask`` reading the re-ranked passages made the refitted answer model abstain far less (eval/README.md).
This keeps the committed reader and its decision as they are (the confidence of the first stage's
reading, ``qa.pipeline.read``) and only quotes from the sentences of the re-ranked passages
(``qa.rerank.find``), composed as ``qa.ask`` composes; for every answerable question it prints, per
suite and split, how often a quote holds the evidence and the citation precision, both ways.
"""

from __future__ import annotations

from typing import Any


def main() -> None:
    from newsqa.eval.metrics import answer_scores, mean_by
    from newsqa.eval.suites import in_process
    from newsqa.qa.answer import abstain_threshold, compose, score_sentences
    from newsqa.qa.pipeline import read
    from newsqa.qa.rerank import find

    rows: dict[tuple[str, str, str], list[dict[str, float]]] = {}
    for suite, engine, q, history in in_process("the decoupled-quotes experiment"):
        if not q["doc_ids"]:
            continue
        reading = read(engine, q["question"], history, engine.settings.top_k)
        answered = reading.confidence() >= abstain_threshold(None)
        reranked = find(engine, reading.query, engine.settings.top_k).hits
        for name, scored in (
            ("first stage", reading.scored),
            ("re-ranked", score_sentences(engine, q["question"], reranked)),
        ):
            answer: dict[str, Any] = {"abstained": True, "citations": [], "dropped_citations": 0}
            if answered and scored:
                _, citations, dropped = compose(scored, engine.snapshot.documents)
                answer = {
                    "abstained": False,
                    "citations": [c.to_dict() for c in citations],
                    "dropped_citations": dropped,
                }
            texts = {c["doc_id"]: engine.snapshot.documents[c["doc_id"]].text for c in answer["citations"]}
            rows.setdefault((suite.name, q["split"], name), []).append(
                answer_scores(answer, q["doc_ids"], q["evidence"], texts)
            )
    for (suite_name, split, name), part in sorted(rows.items()):
        holds, precision = mean_by(part, "quote_holds") or 0.0, mean_by(part, "citation_precision") or 0.0
        print(f"{suite_name} {split} {name}: questions {len(part)}, quote holds {holds:.4f}, precision {precision:.4f}")


if __name__ == "__main__":
    main()
