"""Run the suites through ``qa``, score them by split, write the report, gate on validation.

``main`` is what ``qa eval`` calls. ``suite`` is ``seeds``, ``xquad`` or ``all``; ``mode`` is a
retrieval mode or ``all``. Every figure is computed separately for the ``tuning`` and the
``validation`` split (and both together); the gate compares validation figures against
``newsqa/eval/baseline.json`` and returns 1 on a drop beyond the tolerance.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import track
from rich.table import Table

from newsqa.qa.reader import question_type

from .metrics import (
    GATED,
    LOWER_IS_BETTER,
    METRICS,
    SUMMARY,
    abstention,
    answer_scores,
    mean_by,
    percentile,
    retrieval_scores,
)
from .report import write_reports
from .suites import SUITES, Suite, seeds_suite, xquad_suite

HERE = Path(__file__).parent
BASELINE = HERE / "baseline.json"
REPORT_DIR = Path("eval-report")
"""Where reports go by default: a folder in the working directory (never inside the installed package)."""
SPLITS = ("validation", "tuning", "all")
TOLERANCE = 0.03


def cross_lingual(category: str) -> bool:
    """A question whose language differs from its passage's. Example: 'en-zh' -> True, 'zh-zh' -> False."""
    parts = category.split("-")
    return len(parts) == 2 and parts[0] != parts[1] and category != "zhs-zht"


def run_question(suite: Suite, q: dict[str, Any], by_id: dict[str, dict[str, Any]], mode: str) -> dict[str, Any]:
    """Ask one question (after its previous turn, if it has one) and score it."""
    client = suite.client
    history: list[dict[str, str]] = []
    if "follow_up_of" in q:
        first = by_id[q["follow_up_of"]]
        previous = client.ask(first["question"], [], mode)
        history = [
            {"role": "user", "content": first["question"]},
            {"role": "assistant", "content": previous["answer"]},
        ]
    if suite.fresh_queries:
        client.forget_queries()
    started = time.perf_counter()
    answer = client.ask(q["question"], history, mode)
    ask_ms = (time.perf_counter() - started) * 1000
    if suite.fresh_queries:
        client.forget_queries()
    started = time.perf_counter()
    results = client.search(answer.get("query") or q["question"], 10, mode)
    search_ms = (time.perf_counter() - started) * 1000
    texts = {c["doc_id"]: client.text(c["doc_id"]) for c in answer["citations"]}
    row: dict[str, Any] = {
        "id": q["id"],
        "question": q["question"],
        "language": q["language"],
        "category": q["category"],
        "split": q["split"],
        "answerable": bool(q["doc_ids"]),
        "asks_value": question_type(q["question"]) in ("quantity", "time"),
        "abstained": answer["abstained"],
        "confidence": answer["confidence"],
        "answer": answer["answer"][:300],
        "search_ms": search_ms,
        "ask_ms": ask_ms,
        "top": [f"{r['doc_id']}:{r['text'][:50]}" for r in results[:3]],
    }
    if q["doc_ids"]:
        row.update(retrieval_scores(results, q["doc_ids"], q["evidence"] if suite.passage_gold else None))
    row.update(answer_scores(answer, q["doc_ids"], q["evidence"], texts))
    return row


def run_mode(suite: Suite, mode: str) -> list[dict[str, Any]]:
    """Score every question of a suite in one retrieval mode."""
    by_id = {q["id"]: q for q in suite.questions}
    return [
        run_question(suite, q, by_id, mode)
        for q in track(suite.questions, description=f"{suite.name} {mode}", transient=True)
    ]


def block(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean of every metric over a group of rows, and its size."""
    out: dict[str, Any] = {"questions": len(rows)}
    for metric in METRICS:
        value = mean_by(rows, metric)
        if value is not None:
            out[metric] = round(value, 4)
    return out


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Overall, cross-lingual, abstention, latency, per-category and per-language figures of one split."""
    summary = block(rows)
    summary.update({k: round(v, 4) for k, v in abstention(rows).items()})
    asking = [r for r in rows if r.get("asks_value")]
    summary["value_short_holds"] = round(mean_by(asking, "short_holds") or 0.0, 4)
    summary["value_questions"] = len([r for r in asking if r["answerable"]])
    cross = [r for r in rows if cross_lingual(r["category"])]
    for metric in ("recall@1", "recall@5", "quote_holds"):
        summary[f"crosslingual_{metric}"] = round(mean_by(cross, metric) or 0.0, 4)
    for name in ("search_ms", "ask_ms"):
        values = [r[name] for r in rows]
        summary[f"{name}_p50"] = round(percentile(values, 50), 2)
        summary[f"{name}_p95"] = round(percentile(values, 95), 2)
    categories = sorted({r["category"] for r in rows})
    summary["by_category"] = {c: block([r for r in rows if r["category"] == c]) for c in categories}
    pairs = [c for c in categories if c != "unanswerable" and "quote_holds" in summary["by_category"][c]]
    if pairs:
        worst = min(pairs, key=lambda c: summary["by_category"][c]["quote_holds"])
        summary["worst_pair_quote_holds"] = summary["by_category"][worst]["quote_holds"]
        summary["worst_pair"] = worst
    summary["by_language"] = {
        lang: block([r for r in rows if r["language"] == lang]) for lang in sorted({r["language"] for r in rows})
    }
    return summary


def summarise_splits(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """``summarise`` for the validation split, the tuning split and both."""
    return {split: summarise([r for r in rows if split == "all" or r["split"] == split]) for split in SPLITS}


def check_gate(suite: str, summary: dict[str, Any], console: Console) -> int:
    """Number of gated validation figures of ``suite`` worse than the committed baseline beyond the tolerance."""
    baseline = json.loads(BASELINE.read_text())[suite]
    failed = 0
    for metric in GATED:
        floor = baseline[metric]  # a gated figure missing from the baseline is an error, not a pass
        value = summary.get(metric, 0.0)
        ok = value <= floor + TOLERANCE if metric in LOWER_IS_BETTER else value >= floor - TOLERANCE
        failed += not ok
        console.print(f"gate {suite} {metric}: {value:.3f} (baseline {floor:.3f}) {'ok' if ok else 'WORSE'}")
    return failed


def print_table(results: dict[str, dict[str, Any]], console: Console) -> None:
    """One table: the headline figures per suite and mode, validation split."""
    table = Table(title="Evaluation (validation split)")
    table.add_column("metric")
    columns = [(s, m) for s, modes in results.items() for m in modes]
    for s, m in columns:
        table.add_column(f"{s} {m}", justify="right")
    for metric in SUMMARY:
        table.add_row(metric.key, *[f"{results[s][m]['validation'].get(metric.key, 0):.3f}" for s, m in columns])
    console.print(table)


def main(
    mode: str = "hybrid",
    url: str | None = None,
    questions: Path | None = None,
    gate: bool = False,
    console: Console | None = None,
    write: bool = True,
    suite: str = "seeds",
    out: Path = REPORT_DIR,
) -> int:
    """Run, print a table, write report.md, report.json and the chart into ``out``; return the exit code."""
    console = console or Console()
    modes = ["hybrid", "dense", "lexical"] if mode == "all" else [mode]
    names = list(SUITES) if suite == "all" else [suite]
    if url and (modes != ["hybrid"] or names != ["seeds"]):
        console.print("over HTTP only the seeds suite in hybrid mode is available: --suite seeds --mode hybrid")
        return 2
    summaries: dict[str, dict[str, Any]] = {}
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
    extra: dict[str, dict[str, Any]] = {}
    for name in names:
        chosen = seeds_suite(url, questions) if name == "seeds" else xquad_suite()
        started = time.perf_counter()
        rows[name] = {m: run_mode(chosen, m) for m in modes}
        extra[name] = {
            "questions": len(chosen.questions),
            "index_build_s": None if chosen.build_s is None else round(chosen.build_s, 1),
            "questions_s": round(time.perf_counter() - started, 1),
        }
        summaries[name] = {m: summarise_splits(r) for m, r in rows[name].items()}
        console.print(f"{name}: {extra[name]}")
    print_table(summaries, console)
    if write:
        write_reports(summaries, rows, extra, out)
        console.print(f"report written to {out}/report.md")
    if not gate:
        return 0
    if "hybrid" not in modes:
        console.print("the gate reads hybrid-mode figures; run with --mode hybrid or all")
        return 2
    failed = sum(check_gate(name, summaries[name]["hybrid"]["validation"], console) for name in names)
    return 1 if failed else 0
