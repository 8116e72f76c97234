"""The seed question set is well-formed, big enough, split by fact, and not copied from its evidence."""

from collections import Counter
from pathlib import Path

from newsqa.eval.metrics import abstention, percentile, retrieval_scores
from newsqa.eval.suites import SEED_CATEGORIES, load_questions
from newsqa.index.chunk import sentences
from newsqa.index.clean import clean_text
from newsqa.index.normalize import segment
from newsqa.index.words import STOPWORDS

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = load_questions()
TEXTS = {p.stem: clean_text(p.read_text(encoding="utf-8")).text for p in (ROOT / "seeds").glob("*.txt")}
ANSWERABLE = [q for q in QUESTIONS if q["doc_ids"]]
UNANSWERABLE = [q for q in QUESTIONS if not q["doc_ids"]]


def content_words(text: str) -> set[str]:
    """Words as written that carry meaning (no stopwords, no single Latin letters). Surface forms, not the
    lexical index's lemmas: the check is that a question is not copied, and "started" for "start" is
    rewording."""
    return {t for t in segment(text) if t not in STOPWORDS and (len(t) > 1 or not t.isascii())}


def evidence_sentences(q: dict) -> list[str]:
    """Every sentence of a gold document that overlaps an occurrence of an evidence string."""
    found = []
    for doc_id in q["doc_ids"]:
        text = TEXTS[doc_id]
        for evidence in q["evidence"]:
            at = text.find(evidence)
            while at >= 0:
                end = at + len(evidence)
                found.append(" ".join(s.text for s in sentences(text) if s.start < end and s.end > at))
                at = text.find(evidence, at + 1)
    return found


def test_counts_the_suite_promises() -> None:
    assert len(QUESTIONS) >= 150
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)
    assert len({q["fact"] for q in ANSWERABLE}) >= 80
    assert len(UNANSWERABLE) >= 30
    assert {q["language"] for q in UNANSWERABLE} >= {"en", "de", "zh-Hans", "zh-Hant"}
    counts = Counter(q["category"] for q in QUESTIONS)
    assert set(counts) <= set(SEED_CATEGORIES)
    assert {q["language"] for q in QUESTIONS} == {"en", "de", "zh-Hant", "zh-Hans"}
    follow_ups = [q for q in QUESTIONS if q["category"] == "followup" and "follow_up_of" in q]
    switches = [q for q in QUESTIONS if q["category"] == "switch"]
    assert len(follow_ups) >= 8 and len(switches) >= 6
    by_id = {q["id"]: q for q in QUESTIONS}
    assert any(q["language"] != by_id[q["follow_up_of"]]["language"] and q["doc_ids"] for q in switches)
    assert sum(not q["doc_ids"] for q in switches) >= 3  # greetings and unrelated questions


def test_splits_are_fixed_by_fact_and_balanced() -> None:
    by_id = {q["id"]: q for q in QUESTIONS}
    split_of_fact: dict[str, str] = {}
    for q in QUESTIONS:
        assert q["split"] in ("tuning", "validation")
        assert split_of_fact.setdefault(q["fact"], q["split"]) == q["split"], q["id"]
        if q["category"] == "followup" and "follow_up_of" in q:
            assert by_id[q["follow_up_of"]]["split"] == q["split"], q["id"]
    share = Counter(q["split"] for q in QUESTIONS)["validation"] / len(QUESTIONS)
    assert 0.4 <= share <= 0.6
    for category in SEED_CATEGORIES:
        assert {q["split"] for q in QUESTIONS if q["category"] == category} == {"tuning", "validation"}, category


def test_every_evidence_exists_in_a_gold_document() -> None:
    ids = {q["id"] for q in QUESTIONS}
    for q in QUESTIONS:
        assert all(d in TEXTS for d in q["doc_ids"]), q["id"]
        assert all(any(e in TEXTS[d] for d in q["doc_ids"]) for e in q["evidence"]), q["id"]
        if q["doc_ids"]:
            assert q["evidence"] and q["answer"], q["id"]
        else:
            assert not q["evidence"], q["id"]
        if "follow_up_of" in q:
            assert q["follow_up_of"] in ids


def test_questions_are_not_copied_from_their_evidence() -> None:
    """No question shares more than half of its content words with any of its evidence sentences."""
    copied = []
    for q in ANSWERABLE:
        words = content_words(q["question"])
        for sentence in evidence_sentences(q):
            share = len(words & content_words(sentence)) / len(words)
            if share > 0.5:
                copied.append((q["id"], round(share, 2), q["question"], sentence[:80]))
    assert not copied, copied


def test_overlap_check_catches_a_copied_question() -> None:
    q = {"doc_ids": ["002_62d86c8d79d6f6b6"], "evidence": ["Author: Huang Yu"]}
    copied = content_words("Author Huang Yu?")
    assert all(len(copied & content_words(s)) / len(copied) > 0.5 for s in evidence_sentences(q))


def test_metrics_on_a_worked_example() -> None:
    results = [{"doc_id": "a", "text": "nothing"}, {"doc_id": "b", "text": "the 13 billion model"}]
    scores = retrieval_scores(results, ["b"], ["13 billion"])
    assert scores["recall@1"] == 0.0 and scores["recall@5"] == 1.0 and scores["mrr"] == 0.5
    assert retrieval_scores(results, ["a"], None)["recall@1"] == 1.0
    rows = [
        {"answerable": False, "abstained": True},
        {"answerable": True, "abstained": True},
        {"answerable": False, "abstained": False},
        {"answerable": True, "abstained": False},
    ]
    result = abstention(rows)
    assert result["abstention_f1"] == 0.5
    assert result["abstain_unanswerable"] == 0.5 and result["false_abstention"] == 0.5
    assert percentile([1, 2, 3, 4], 50) == 2


def test_threshold_is_fitted_for_the_false_abstention_limit() -> None:
    from newsqa.eval.sweep import abstention_at, fit_threshold

    rows = [
        {"answerable": True, "confidence": 0.2},
        {"answerable": True, "confidence": 0.4},
        {"answerable": True, "confidence": 0.6},
        {"answerable": False, "confidence": 0.1},
        {"answerable": False, "confidence": 0.3},
    ]
    assert fit_threshold(rows, max_false=0.34) == 0.4
    assert fit_threshold(rows, max_false=0.0) == 0.2
    assert abstention_at(rows, 0.2)["abstain_unanswerable"] == 0.5
