"""Write eval/report.md, eval/report.json and eval/recall_by_category.png."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .metrics import METRICS

COLUMNS = tuple(m for m in METRICS if m not in ("evidence_in_passage", "offset_validity"))


def write_reports(summaries: dict[str, Any], results: dict[str, list[dict[str, Any]]], folder: Path) -> None:
    """All three report files, from one run."""
    (folder / "report.json").write_text(
        json.dumps({"summaries": summaries, "questions": results}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    (folder / "report.md").write_text(markdown(summaries, results), encoding="utf-8")
    chart(summaries, folder / "recall_by_category.png")


def _fmt(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value if value is not None else "–")


def markdown(summaries: dict[str, Any], results: dict[str, list[dict[str, Any]]]) -> str:
    """Tables per mode, then the misses of each mode with what was retrieved instead."""
    lines = [
        "# Evaluation report",
        "",
        "Produced by `qa eval --mode all`; see eval/README in the main README.",
        "",
    ]
    lines += [
        "## Headline",
        "",
        "| metric | " + " | ".join(summaries) + " |",
        "|---|" + "---|" * len(summaries),
    ]
    for metric in (
        "recall@5",
        "crosslingual_recall@5",
        "abstention_f1",
        "offset_validity",
        "recall@1",
        "mrr",
        "ndcg@10",
        "doc_recall@5",
        "evidence_cited",
        "citation_precision",
        "abstention_precision",
        "abstention_recall",
        "search_ms_p50",
        "search_ms_p95",
        "ask_ms_p50",
        "ask_ms_p95",
    ):
        lines.append(f"| {metric} | " + " | ".join(_fmt(s.get(metric)) for s in summaries.values()) + " |")
    for mode, summary in summaries.items():
        for key, title in (("by_category", "category"), ("by_language", "question language")):
            lines += [
                "",
                f"## {mode}: by {title}",
                "",
                f"| {title} | n | " + " | ".join(COLUMNS) + " |",
                "|---|---|" + "---|" * len(COLUMNS),
            ]
            for name, block in summary[key].items():
                lines.append(
                    f"| {name} | {block['questions']} | " + " | ".join(_fmt(block.get(c)) for c in COLUMNS) + " |"
                )
    for mode, rows in results.items():
        lines += ["", f"## {mode}: misses", ""]
        for row in rows:
            missed = row.get("recall@5") == 0.0
            wrong_abstain = row["abstained"] != (row["category"] == "unanswerable")
            if missed or wrong_abstain:
                why = "not in top 5" if missed else ("abstained" if row["abstained"] else "answered")
                lines.append(
                    f"- **{row['id']}** ({row['category']}) {row['question']} — {why}; "
                    f"confidence {row['confidence']:.2f}; top: " + " / ".join(row["top"])
                )
    return "\n".join(lines) + "\n"


def chart(summaries: dict[str, Any], path: Path) -> None:
    """Bar chart of Recall@5 by category for each mode."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    categories = [c for c in next(iter(summaries.values()))["by_category"] if c != "unanswerable"]
    width = 0.8 / len(summaries)
    fig, ax = plt.subplots(figsize=(10, 4))
    for i, (mode, summary) in enumerate(summaries.items()):
        values = [summary["by_category"][c].get("recall@5", 0.0) for c in categories]
        ax.bar([x + i * width for x in range(len(categories))], values, width, label=mode)
    ax.set_xticks([x + width * (len(summaries) - 1) / 2 for x in range(len(categories))], categories)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("Recall@5 (evidence level)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
