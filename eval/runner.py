"""Run the question set through ``qa`` (in-process or over HTTP), score it, write the report.

``main`` is what ``qa eval`` calls. With ``mode='all'`` the three retrieval modes
run side by side over the same questions in one run. With ``gate=True`` it
compares the headline metrics against ``eval/baseline.json`` and returns 1 when
one falls below its baseline by more than the tolerance.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Protocol

from rich.console import Console
from rich.progress import track
from rich.table import Table

from .metrics import METRICS, abstention, answer_scores, mean_by, percentile, retrieval_scores
from .report import write_reports

HERE = Path(__file__).parent
QUESTIONS = HERE / "questions.jsonl"
BASELINE = HERE / "baseline.json"
CATEGORIES = ("en-en", "de-de", "zh-zh", "en-zh", "de-zh", "zh-en", "zhs-zht", "unanswerable", "followup")
CROSS_LINGUAL = ("en-zh", "de-zh", "zh-en", "zhs-zht")
HEADLINE = ("recall@5", "crosslingual_recall@5", "abstention_f1", "offset_validity")
TOLERANCE = 0.03


class Client(Protocol):
    def search(self, query: str, top_k: int, mode: str) -> list[dict[str, Any]]: ...
    def ask(self, question: str, history: list[dict[str, str]], mode: str) -> dict[str, Any]: ...
    def text(self, doc_id: str) -> str: ...


class LocalClient:
    """Calls qa's public functions in this process."""

    def search(self, query: str, top_k: int, mode: str) -> list[dict[str, Any]]:
        from qa import get_engine, search

        get_engine().clear_query_cache()  # latency of a new question, not of a cached one
        return [h.to_dict() for h in search(query, top_k=top_k, mode=mode)]  # type: ignore[arg-type]

    def ask(self, question: str, history: list[dict[str, str]], mode: str) -> dict[str, Any]:
        from qa import ask, get_engine

        get_engine().clear_query_cache()
        return ask(question, history=history, mode=mode).to_dict()  # type: ignore[arg-type]

    def text(self, doc_id: str) -> str:
        from qa import get_engine

        return get_engine().document(doc_id).text


class HttpClient:
    """Calls a running server (only hybrid mode is exposed over HTTP)."""

    def __init__(self, url: str) -> None:
        import httpx

        self.http = httpx.Client(base_url=url.rstrip("/"), timeout=60)

    def search(self, query: str, top_k: int, mode: str) -> list[dict[str, Any]]:
        response = self.http.post("/search", json={"query": query, "top_k": top_k})
        response.raise_for_status()
        return list(response.json()["results"])

    def ask(self, question: str, history: list[dict[str, str]], mode: str) -> dict[str, Any]:
        response = self.http.post("/ask", json={"question": question, "history": history or None})
        response.raise_for_status()
        return dict(response.json())

    def text(self, doc_id: str) -> str:
        response = self.http.get(f"/documents/{doc_id}")
        response.raise_for_status()
        return str(response.json()["text"])


def load_questions(path: Path) -> list[dict[str, Any]]:
    """The question set, one JSON object per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_mode(client: Client, questions: list[dict[str, Any]], mode: str) -> list[dict[str, Any]]:
    """Score every question in one retrieval mode."""
    by_id = {q["id"]: q for q in questions}
    texts: dict[str, str] = {}
    rows = []
    for q in track(questions, description=f"eval {mode}", transient=True):
        history: list[dict[str, str]] = []
        query = q["question"]
        if "follow_up_of" in q:
            first = by_id[q["follow_up_of"]]
            previous = client.ask(first["question"], [], mode)
            history = [
                {"role": "user", "content": first["question"]},
                {"role": "assistant", "content": previous["answer"]},
            ]
            query = f"{first['question']} {q['question']}"
        started = time.perf_counter()
        results = client.search(query, 10, mode)
        search_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        answer = client.ask(q["question"], history, mode)
        ask_ms = (time.perf_counter() - started) * 1000
        for c in answer["citations"]:
            if c["doc_id"] not in texts:
                texts[c["doc_id"]] = client.text(c["doc_id"])
        row: dict[str, Any] = {
            "id": q["id"],
            "question": q["question"],
            "language": q["language"],
            "category": q["category"],
            "abstained": answer["abstained"],
            "confidence": answer["confidence"],
            "answer": answer["answer"],
            "search_ms": search_ms,
            "ask_ms": ask_ms,
            "top": [f"{r['doc_id'][:3]}:{r['text'][:60]}" for r in results[:3]],
        }
        if q["doc_ids"]:
            row.update(retrieval_scores(results, q["doc_ids"], q["evidence"]))
        row.update(answer_scores(answer, q["doc_ids"], q["evidence"], texts))
        rows.append(row)
    return rows


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Overall, per-category and per-language metrics of one mode."""

    def block(group: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {"questions": len(group)}
        for metric in METRICS:
            value = mean_by(group, metric)
            if value is not None:
                out[metric] = round(value, 4)
        return out

    summary = block(rows)
    summary.update({k: round(v, 4) for k, v in abstention(rows).items()})
    cross = [r for r in rows if r["category"] in CROSS_LINGUAL]
    summary["crosslingual_recall@5"] = round(mean_by(cross, "recall@5") or 0.0, 4)
    for name in ("search_ms", "ask_ms"):
        values = [r[name] for r in rows]
        summary[f"{name}_p50"] = round(percentile(values, 50), 2)
        summary[f"{name}_p95"] = round(percentile(values, 95), 2)
    summary["by_category"] = {c: block([r for r in rows if r["category"] == c]) for c in CATEGORIES}
    summary["by_language"] = {
        lang: block([r for r in rows if r["language"] == lang]) for lang in sorted({r["language"] for r in rows})
    }
    return summary


def check_gate(summary: dict[str, Any], console: Console) -> int:
    """1 when a headline metric is below the committed baseline by more than the tolerance."""
    baseline = json.loads(BASELINE.read_text())
    failed = 0
    for metric in HEADLINE:
        value, floor = summary.get(metric, 0.0), baseline[metric]
        ok = value >= floor - TOLERANCE
        failed += not ok
        console.print(f"gate {metric}: {value:.3f} (baseline {floor:.3f}) {'ok' if ok else 'BELOW'}")
    return 1 if failed else 0


def main(
    mode: str = "hybrid",
    url: str | None = None,
    questions: Path | None = None,
    gate: bool = False,
    console: Console | None = None,
    write: bool = True,
) -> int:
    """Run, print a table, write eval/report.{md,json} and the chart; return the exit code."""
    console = console or Console()
    modes = ["hybrid", "dense", "lexical"] if mode == "all" else [mode]
    if url and modes != ["hybrid"]:
        console.print("over HTTP only the hybrid mode is available; use --mode hybrid")
        return 2
    client: Client = HttpClient(url) if url else LocalClient()
    items = load_questions(questions or QUESTIONS)
    results = {m: run_mode(client, items, m) for m in modes}
    summaries = {m: summarise(rows) for m, rows in results.items()}
    table = Table(title="Evaluation")
    table.add_column("metric")
    for m in modes:
        table.add_column(m, justify="right")
    for metric in (
        *HEADLINE[:1],
        "recall@1",
        "recall@10",
        "mrr",
        "ndcg@10",
        "doc_recall@5",
        *HEADLINE[1:],
        "abstention_precision",
        "abstention_recall",
        "evidence_cited",
        "citation_precision",
        "ask_ms_p50",
        "ask_ms_p95",
    ):
        table.add_row(metric, *[f"{summaries[m].get(metric, 0):.3f}" for m in modes])
    for category in CATEGORIES:
        table.add_row(
            f"R@5 {category}",
            *[f"{summaries[m]['by_category'][category].get('recall@5', 0):.3f}" for m in modes],
        )
    console.print(table)
    if write:
        write_reports(summaries, results, HERE)
    return check_gate(summaries["hybrid"], console) if gate and "hybrid" in summaries else 0
