"""Scoring of one question's results, and aggregation by group. Pure functions.

Every metric can fail: an abstention on an answerable question scores 0 on ``quote_holds``,
a citation dropped for bad offsets counts against ``offset_validity``, and an answer that
cites nothing scores 0 there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

METRICS = (
    "recall@1",
    "recall@5",
    "recall@10",
    "mrr",
    "ndcg@10",
    "doc_recall@5",
    "quote_holds",
    "short_holds",
    "passage_holds",  # a cited passage holds the evidence, even when its quote does not: a reader miss
    "citation_precision",
    "offset_validity",
)
"""Per-question metrics, in the order reports show them."""


@dataclass(frozen=True)
class Summary:
    """A figure of a suite's summary: its key, its label in reports, whether the gate checks it,
    and whether a rise is the regression."""

    key: str
    label: str
    gated: bool = False
    lower_is_better: bool = False


SUMMARY = (
    Summary("quote_holds", "quote holds evidence", gated=True),
    Summary("value_short_holds", "short answer matches (value questions)", gated=True),
    Summary("abstain_unanswerable", "abstains when unanswerable", gated=True),
    Summary("false_abstention", "false abstention", gated=True, lower_is_better=True),
    Summary("recall@1", "R@1", gated=True),
    Summary("recall@5", "R@5", gated=True),
    Summary("mrr", "MRR"),
    Summary("crosslingual_recall@1", "cross-lingual R@1", gated=True),
    Summary("worst_pair_quote_holds", "worst pair quote holds"),
    Summary("offset_validity", "offset validity", gated=True),
    Summary("ask_ms_p50", "ask p50 ms"),
    Summary("ask_ms_p95", "ask p95 ms"),
)
"""The one table of summary figures, in the order the console table and the report's headline show them."""
GATED = tuple(m.key for m in SUMMARY if m.gated)
"""The figures the gate compares with the committed baseline (validation split)."""
LOWER_IS_BETTER = frozenset(m.key for m in SUMMARY if m.lower_is_better)


def relevant(item: dict[str, Any], doc_ids: Sequence[str], evidence: Sequence[str] | None, field: str = "text") -> bool:
    """A result from a gold document that contains one of the evidence strings (any, when ``evidence`` is None)."""
    return item["doc_id"] in doc_ids and (evidence is None or any(e in item[field] for e in evidence))


def holds_evidence(doc_id: str, text: str, doc_ids: Sequence[str], evidence: Sequence[str]) -> bool:
    """A sentence of a gold document holding an evidence string: a reader's positive label.

    >>> holds_evidence("a", "in Singapore.", ["a"], ["Singapore"]), holds_evidence("b", "x", ["a"], ["x"])
    (True, False)
    """
    return doc_id in doc_ids and any(e in text for e in evidence)


def retrieval_scores(
    results: list[dict[str, Any]], doc_ids: Sequence[str], evidence: Sequence[str] | None
) -> dict[str, float]:
    """Recall@1/5/10, reciprocal rank, nDCG@10 (binary gains) and document-level Recall@5.

    With ``evidence=None`` a passage is relevant when it comes from a gold document.
    """
    gains = [1.0 if relevant(r, doc_ids, evidence) else 0.0 for r in results[:10]]
    first = next((i for i, g in enumerate(gains) if g), None)
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1 / math.log2(i + 2) for i in range(max(1, int(sum(gains)))))
    return {
        "recall@1": float(first is not None and first < 1),
        "recall@5": float(first is not None and first < 5),
        "recall@10": float(first is not None),
        "mrr": 1.0 / (first + 1) if first is not None else 0.0,
        "ndcg@10": dcg / ideal,
        "doc_recall@5": float(any(r["doc_id"] in doc_ids for r in results[:5])),
    }


def short_matches(short: str, evidence: Sequence[str]) -> bool:
    """A short answer matches when it lies inside an evidence string or holds one.

    >>> short_matches("11 points", ["11"]), short_matches("3000", ["3000 万英镑"]), short_matches("", ["5"])
    (True, True, False)
    """
    short = short.strip()
    return bool(short) and any(short in e or e in short for e in evidence)


def answer_scores(
    answer: dict[str, Any], doc_ids: Sequence[str], evidence: Sequence[str], texts: dict[str, str]
) -> dict[str, float]:
    """Does a cited quote hold the evidence; does the short answer match it; citation precision; offset validity.

    The short answer matches when it lies inside an evidence string or holds one (0 when there is none).

    Offset validity is scored on every answer that did not abstain: valid citations over
    citations made plus citations dropped, and 0 for an answer citing nothing.
    """
    citations = answer["citations"]
    good = [c for c in citations if relevant(c, doc_ids, evidence, "quote")]
    scores: dict[str, float] = {}
    if not answer["abstained"]:
        valid = [c for c in citations if texts.get(c["doc_id"], "")[c["start"] : c["end"]] == c["quote"]]
        made = len(citations) + int(answer.get("dropped_citations", 0))
        scores["offset_validity"] = len(valid) / made if made else 0.0
    if doc_ids:
        short = (answer.get("short") or {}).get("text", "").strip()
        scores["short_holds"] = float(short_matches(short, evidence))
        scores["quote_holds"] = float(bool(good))
        scores["passage_holds"] = float(any(relevant(c, doc_ids, evidence, "passage") for c in citations))
        if citations:
            scores["citation_precision"] = len(good) / len(citations)
    return scores


def abstention(rows: Iterable[dict[str, Any]]) -> dict[str, float]:
    """How often unanswerable questions abstain, how often answerable ones wrongly do, and F1.

    Example: one of two unanswerable abstains, one of two answerable abstains
    -> abstain_unanswerable 0.5, false_abstention 0.5, abstention_f1 0.5.
    """
    tp = fp = fn = tn = 0
    for row in rows:
        should, did = not row["answerable"], row["abstained"]
        tp += should and did
        fp += did and not should
        fn += should and not did
        tn += not should and not did
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out = {"abstention_precision": precision, "abstain_unanswerable": recall, "abstention_f1": f1}
    if fp + tn:
        out["false_abstention"] = fp / (fp + tn)
    return out


def calibration(records: list[dict[str, Any]], bins: int = 10) -> dict[str, float]:
    """How far each record's ``confidence`` is from its ``answer_label`` (the best quote answers the
    question): the Brier score, and the expected calibration error (the gap between the mean
    confidence and the share that answer, within ``bins`` equal-width bins, weighted by their size).

    >>> calibration([{"confidence": 0.8, "answer_label": 1.0}, {"confidence": 0.8, "answer_label": 0.0}])
    {'brier': 0.34, 'calibration_error': 0.3}
    """
    if not records:
        return {"brier": 0.0, "calibration_error": 0.0}
    sure = np.asarray([r["confidence"] for r in records], dtype=np.float64)
    label = np.asarray([r["answer_label"] for r in records], dtype=np.float64)
    which = np.minimum((sure * bins).astype(int), bins - 1)
    gap = sum(abs(sure[which == b].mean() - label[which == b].mean()) * (which == b).sum() for b in set(which.tolist()))
    brier = float(np.mean((sure - label) ** 2))
    return {"brier": round(brier, 4), "calibration_error": round(float(gap) / len(sure), 4)}


def mean_by(rows: Sequence[dict[str, Any]], metric: str) -> float | None:
    """Mean of a metric over the rows that have it."""
    values = [r[metric] for r in rows if metric in r]
    return sum(values) / len(values) if values else None


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile. Example: percentile([1, 2, 3, 4], 50) -> 2."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]
