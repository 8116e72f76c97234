"""Two evaluation runs compared question by question, with how sure the difference is.

    python -m newsqa.eval.compare BEFORE AFTER [--split validation|tuning] [--mode hybrid]

BEFORE and AFTER are report folders (or their ``report.json``) written by ``qa eval``. For every
suite both runs hold, and each figure of the headline that is a mean over questions (quote holds,
value short holds, the abstention rates, R@1, R@5, MRR, cross-lingual R@1), it pairs the questions
by id and prints the two means, their difference, how many questions went each way, and a 95%
paired bootstrap interval of the difference (resampling questions; seeded, so a rerun prints the
same). A difference whose interval holds 0 is marked "noise": on the seeds' 90-odd answerable
questions of a split, two questions are 0.02, well inside it. Decisions are still taken on tuning
by the rule written before the run; this says how much a figure could move by chance.

Example:
    >>> rows = [{"id": i, "answerable": True, "quote_holds": v} for i, v in (("a", 1.0), ("b", 0.0))]
    >>> after = [{**rows[0], "quote_holds": 1.0}, {**rows[1], "quote_holds": 1.0}]
    >>> d = paired(rows, after, FIGURES[0])
    >>> d.before, d.after, d.gained, d.lost, d.n
    (0.5, 1.0, 1, 0, 2)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .runner import cross_lingual

RESAMPLES = 2000
SEED = 0


@dataclass(frozen=True)
class Figure:
    """A headline figure as a mean of one value per question over the questions it counts."""

    key: str
    counts: Callable[[dict[str, Any]], bool]
    value: Callable[[dict[str, Any]], float | None]


def _metric(name: str) -> Callable[[dict[str, Any]], float | None]:
    return lambda row: row.get(name)


FIGURES = (
    Figure("quote_holds", lambda r: bool(r["answerable"]), _metric("quote_holds")),
    Figure("value_short_holds", lambda r: bool(r["answerable"] and r.get("asks_value")), _metric("short_holds")),
    Figure("abstain_unanswerable", lambda r: not r["answerable"], lambda r: float(r["abstained"])),
    Figure("false_abstention", lambda r: bool(r["answerable"]), lambda r: float(r["abstained"])),
    Figure("recall@1", lambda r: True, _metric("recall@1")),
    Figure("recall@5", lambda r: True, _metric("recall@5")),
    Figure("mrr", lambda r: True, _metric("mrr")),
    Figure("crosslingual_recall@1", lambda r: cross_lingual(r["category"]), _metric("recall@1")),
)
"""The headline figures a paired comparison can be made of (``eval.metrics.SUMMARY`` holds the rest)."""


@dataclass(frozen=True)
class Difference:
    """One figure of two runs over the questions both scored."""

    key: str
    n: int
    before: float
    after: float
    gained: int
    lost: int
    low: float
    high: float

    @property
    def noise(self) -> bool:
        """The interval of the difference holds 0."""
        return self.low <= 0.0 <= self.high


def paired(before: Sequence[dict[str, Any]], after: Sequence[dict[str, Any]], figure: Figure) -> Difference:
    """``figure`` of both runs over the questions (by id) that both count and score."""
    later = {row["id"]: row for row in after}
    pairs = []
    for row in before:
        other = later.get(row["id"])
        if other is None or not (figure.counts(row) and figure.counts(other)):
            continue
        a, b = figure.value(row), figure.value(other)
        if a is not None and b is not None:
            pairs.append((float(a), float(b)))
    if not pairs:
        return Difference(figure.key, 0, 0.0, 0.0, 0, 0, 0.0, 0.0)
    values = np.asarray(pairs)
    change = values[:, 1] - values[:, 0]
    draws = np.random.default_rng(SEED).integers(0, len(change), size=(RESAMPLES, len(change)))
    means = change[draws].mean(axis=1)
    return Difference(
        figure.key,
        len(change),
        round(float(values[:, 0].mean()), 4),
        round(float(values[:, 1].mean()), 4),
        int((change > 0).sum()),
        int((change < 0).sum()),
        round(float(np.percentile(means, 2.5)), 4),
        round(float(np.percentile(means, 97.5)), 4),
    )


def load(path: Path) -> dict[str, Any]:
    """A report's per-question rows (``report.json``, or the folder holding it)."""
    file = path / "report.json" if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SystemExit(f"no evaluation report at {file} (write one with: qa eval --out DIR)") from None
    except json.JSONDecodeError as error:
        raise SystemExit(f"{file} is not a report written by qa eval: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("questions"), dict):
        raise SystemExit(f"{file} holds no per-question rows (it was not written by qa eval)")
    return data["questions"]


def compare(before: dict[str, Any], after: dict[str, Any], split: str, mode: str) -> list[tuple[str, Difference]]:
    """Every figure of every suite both runs hold in ``mode``, over the questions of ``split``."""
    out: list[tuple[str, Difference]] = []
    for suite in sorted(set(before) & set(after)):
        if mode not in before[suite] or mode not in after[suite]:
            continue
        rows = [[r for r in run[suite][mode] if r["split"] == split] for run in (before, after)]
        out.extend((suite, paired(rows[0], rows[1], figure)) for figure in FIGURES)
    return out


def table(differences: list[tuple[str, Difference]]) -> str:
    """The comparison as a Markdown table."""
    lines = [
        "| suite | figure | questions | before | after | difference | better / worse | 95% interval | |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for suite, d in differences:
        gained, lost = (d.lost, d.gained) if d.key == "false_abstention" else (d.gained, d.lost)
        lines.append(
            f"| {suite} | {d.key} | {d.n} | {d.before:.3f} | {d.after:.3f} | {d.after - d.before:+.3f} "
            f"| {gained} / {lost} | {d.low:+.3f} … {d.high:+.3f} | {'noise' if d.noise else ''} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsqa.eval.compare", description=__doc__.split("\n")[0])
    parser.add_argument("before", type=Path, help="report folder (or report.json) of the earlier run")
    parser.add_argument("after", type=Path, help="report folder (or report.json) of the later run")
    parser.add_argument("--split", choices=("validation", "tuning"), default="validation")
    parser.add_argument("--mode", default="hybrid", help="hybrid, dense or lexical [hybrid]")
    args = parser.parse_args(argv)
    differences = compare(load(args.before), load(args.after), args.split, args.mode)
    if not differences:
        print(f"the two reports share no suite run in {args.mode} mode", file=sys.stderr)
        return 2
    print(f"{args.split} split, {args.mode} mode: {args.before} → {args.after}\n")
    print(table(differences))
    return 0


if __name__ == "__main__":
    sys.exit(main())
