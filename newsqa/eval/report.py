"""Write report.md, report.json and recall_by_category.png into a folder (default ./eval-report;
`make eval` refreshes the committed copy in newsqa/eval/).

The first table is the headline of every suite on its validation split: answer quality
(quote holds the evidence, abstention both ways) next to retrieval. Tuning-split figures
follow, labelled as what constants were fitted on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .metrics import METRICS, SUMMARY

LANGS = ("en", "de", "zh")
MISSES_SHOWN = 40


def write_reports(
    summaries: dict[str, Any], rows: dict[str, dict[str, list[dict[str, Any]]]], runs: dict[str, Any], folder: Path
) -> None:
    """All three report files, from one run."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.json").write_text(
        json.dumps({"runs": runs, "summaries": summaries, "questions": rows}, ensure_ascii=False, indent=0),
        encoding="utf-8",
    )
    (folder / "report.md").write_text(markdown(summaries, rows, runs), encoding="utf-8")
    chart(summaries, folder / "recall_by_category.png")


def _fmt(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value if value is not None else "–")


def headline(summaries: dict[str, Any], split: str) -> list[str]:
    """One row per suite and mode."""
    lines = [
        "| suite | mode | questions | " + " | ".join(m.label for m in SUMMARY) + " |",
        "|---|---|---|" + "---|" * len(SUMMARY),
    ]
    for suite, modes in summaries.items():
        for mode, splits in modes.items():
            s = splits[split]
            cells = " | ".join(_fmt(s.get(m.key)) for m in SUMMARY)
            lines.append(f"| {suite} | {mode} | {s['questions']} | {cells} |")
    return lines


def pair_matrix(summary: dict[str, Any]) -> list[str]:
    """Question language (rows) x passage language (columns): R@1 / R@5 / MRR / quote holds."""
    lines = ["| question \\ passage | " + " | ".join(LANGS) + " |", "|---|" + "---|" * len(LANGS)]
    for q in LANGS:
        cells = []
        for p in LANGS:
            b = summary["by_category"].get(f"{q}-{p}")
            metrics = ("recall@1", "recall@5", "mrr", "quote_holds")
            cells.append(" / ".join(_fmt(b.get(m)) for m in metrics) + f" (n={b['questions']})" if b else "–")
        lines.append(f"| {q} | " + " | ".join(cells) + " |")
    return lines


def markdown(summaries: dict[str, Any], rows: dict[str, dict[str, list[dict[str, Any]]]], runs: dict[str, Any]) -> str:
    """Headline, pair matrices, per-category tables, then the validation misses."""
    lines = [
        "# Evaluation report",
        "",
        "Produced by `qa eval --suite all --mode all` (suites and splits: eval/README.md).",
        "",
        "## Headline: validation split (nothing was fitted on it)",
        "",
        *headline(summaries, "validation"),
        "",
        "## Tuning split (constants are fitted here; not a result)",
        "",
        *headline(summaries, "tuning"),
        "",
        "## Runs",
        "",
    ]
    for suite, run in runs.items():
        lines.append(f"- {suite}: " + ", ".join(f"{k} {v}" for k, v in run.items()))
    for suite, modes in summaries.items():
        for mode, splits in modes.items():
            validation = splits["validation"]
            if any(f"{q}-{p}" in validation["by_category"] for q in LANGS for p in LANGS):
                lines += [
                    "",
                    f"## {suite} {mode}: question × passage language, validation (R@1 / R@5 / MRR / quote holds)",
                    "",
                    *pair_matrix(validation),
                ]
            lines += [
                "",
                f"## {suite} {mode}: by category, validation",
                "",
                "| category | n | " + " | ".join(METRICS) + " |",
                "|---|---|" + "---|" * len(METRICS),
            ]
            for name, b in validation["by_category"].items():
                lines.append(f"| {name} | {b['questions']} | " + " | ".join(_fmt(b.get(c)) for c in METRICS) + " |")
    for suite, modes in rows.items():
        if "hybrid" not in modes:
            continue
        misses = [r for r in modes["hybrid"] if r["split"] == "validation" and _missed(r)]
        lines += ["", f"## {suite} hybrid: validation misses ({len(misses)}, first {MISSES_SHOWN})", ""]
        for row in misses[:MISSES_SHOWN]:
            lines.append(
                f"- **{row['id']}** ({row['category']}) {row['question']} — {_missed(row)}; "
                f"confidence {row['confidence']:.2f}; top: " + " / ".join(row["top"])
            )
    return "\n".join(lines) + "\n"


def _missed(row: dict[str, Any]) -> str:
    """Why a row counts as a miss, or '' when it does not."""
    if row["abstained"] != (not row["answerable"]):
        return "abstained" if row["abstained"] else "answered"
    if row.get("recall@5") == 0.0:
        return "not in top 5"
    if row.get("quote_holds") == 0.0:
        return "quote lacks the evidence"
    return ""


def chart(summaries: dict[str, Any], path: Path) -> None:
    """Recall@5 and quote-holds by category, hybrid mode, validation split, one panel per suite."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    suites = [s for s in summaries if "hybrid" in summaries[s]]
    if not suites:
        return
    fig, axes = plt.subplots(len(suites), 1, figsize=(11, 3.6 * len(suites)), squeeze=False)
    for ax, suite in zip(axes[:, 0], suites, strict=True):
        by_category = summaries[suite]["hybrid"]["validation"]["by_category"]
        categories = [c for c in by_category if c != "unanswerable"]
        for i, metric in enumerate(("recall@5", "quote_holds")):
            values = [by_category[c].get(metric, 0.0) for c in categories]
            ax.bar([x + i * 0.4 for x in range(len(categories))], values, 0.4, label=metric)
        ax.set_xticks([x + 0.2 for x in range(len(categories))], categories, fontsize=8)
        ax.set_ylim(0, 1.05)
        ax.set_title(f"{suite}, hybrid, validation split")
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
