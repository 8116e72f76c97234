"""The question set is well-formed and every evidence string exists in its documents."""

import json
from collections import Counter
from pathlib import Path

from eval.metrics import abstention, percentile, retrieval_scores
from eval.runner import CATEGORIES
from index.clean import clean_text

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [json.loads(line) for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
TEXTS = {p.stem: clean_text(p.read_text(encoding="utf-8")).text for p in (ROOT / "seeds").glob("*.txt")}


def test_ids_categories_and_counts() -> None:
    assert len(QUESTIONS) >= 80
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)
    counts = Counter(q["category"] for q in QUESTIONS)
    assert set(counts) <= set(CATEGORIES)
    assert all(counts[c] >= 8 for c in CATEGORIES)
    assert counts["unanswerable"] >= 10
    assert sum("follow_up_of" in q for q in QUESTIONS) >= 5
    assert {q["language"] for q in QUESTIONS} == {"en", "de", "zh-Hant", "zh-Hans"}


def test_every_evidence_exists_in_a_gold_document() -> None:
    ids = {q["id"] for q in QUESTIONS}
    for q in QUESTIONS:
        assert all(d in TEXTS for d in q["doc_ids"]), q["id"]
        assert all(any(e in TEXTS[d] for d in q["doc_ids"]) for e in q["evidence"]), q["id"]
        if q["category"] == "unanswerable":
            assert not q["doc_ids"] and not q["evidence"]
        else:
            assert q["doc_ids"] and q["evidence"] and q["answer"]
        if "follow_up_of" in q:
            assert q["follow_up_of"] in ids


def test_metrics_on_a_worked_example() -> None:
    results = [{"doc_id": "a", "text": "nothing"}, {"doc_id": "b", "text": "the 13 billion model"}]
    scores = retrieval_scores(results, ["b"], ["13 billion"])
    assert scores["recall@1"] == 0.0 and scores["recall@5"] == 1.0 and scores["mrr"] == 0.5
    rows = [
        {"category": "unanswerable", "abstained": True},
        {"category": "en-en", "abstained": True},
        {"category": "unanswerable", "abstained": False},
    ]
    assert abstention(rows)["abstention_f1"] == 0.5
    assert percentile([1, 2, 3, 4], 50) == 2


def test_calibration_picks_the_best_cut() -> None:
    from eval.calibrate import best_threshold

    rows = [
        {"category": "unanswerable", "confidence": 0.1},
        {"category": "en-en", "confidence": 0.5},
        {"category": "unanswerable", "confidence": 0.2},
        {"category": "en-en", "confidence": 0.3},
    ]
    cut, result = best_threshold(rows)
    assert cut == 0.3 and result["abstention_f1"] == 1.0
