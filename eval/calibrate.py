"""Choose the abstention threshold that maximises abstention F1 on the question set.

Run ``qa eval`` with ``QA_ABSTAIN_THRESHOLD=0`` first (so every answer's confidence is
recorded), then ``python -m eval.calibrate``. One threshold for the whole set; it is
written into the settings default by hand, as a deliberate change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .metrics import abstention


def best_threshold(rows: list[dict[str, object]]) -> tuple[float, dict[str, float]]:
    """The confidence cut-off (abstain below it) with the highest abstention F1."""
    best: tuple[float, dict[str, float]] = (0.0, {"abstention_f1": -1.0})
    for cut in sorted({float(str(r["confidence"])) for r in rows}):
        scored = [{"category": r["category"], "abstained": float(str(r["confidence"])) < cut} for r in rows]
        result = abstention(scored)
        if result["abstention_f1"] > best[1]["abstention_f1"]:
            best = (cut, result)
    return best


def main() -> int:
    report = json.loads((Path(__file__).parent / "report.json").read_text(encoding="utf-8"))
    cut, result = best_threshold(report["questions"]["hybrid"])
    print(f"threshold {cut:.4f}: " + ", ".join(f"{k} {v:.3f}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
