"""Two evaluation reports compared question by question (``python -m newsqa.eval.compare``)."""

import json
from pathlib import Path

import pytest

from newsqa.eval.compare import FIGURES, main, paired

QUOTE = FIGURES[0]


def row(i: int, holds: float, answerable: bool = True, abstained: bool = False) -> dict:
    return {
        "id": f"q{i}",
        "split": "validation",
        "category": "en-zh",
        "answerable": answerable,
        "abstained": abstained,
        "quote_holds": holds if answerable else None,
        "recall@1": holds if answerable else None,
    }


def test_the_same_run_differs_by_nothing() -> None:
    rows = [row(i, float(i % 2)) for i in range(40)]
    d = paired(rows, rows, QUOTE)
    assert (d.n, d.before, d.after, d.gained, d.lost, d.low, d.high) == (40, 0.5, 0.5, 0, 0, 0.0, 0.0)
    assert d.noise


def test_a_change_on_many_questions_is_not_noise_and_two_of_ninety_are() -> None:
    before = [row(i, 0.0) for i in range(90)]
    many = [row(i, 1.0 if i < 30 else 0.0) for i in range(90)]
    two = [row(i, 1.0 if i < 2 else 0.0) for i in range(90)]
    assert not paired(before, many, QUOTE).noise
    assert paired(before, many, QUOTE).low > 0.2
    assert paired(before, two, QUOTE).noise
    mixed = [row(i, 1.0 if i < 2 else 0.0) for i in range(90)]
    back = [row(i, 1.0 if 2 <= i < 4 else 0.0) for i in range(90)]
    d = paired(mixed, back, QUOTE)
    assert (d.gained, d.lost, d.after - d.before) == (2, 2, 0.0)


def test_only_questions_both_runs_scored_are_paired() -> None:
    before = [row(i, 1.0) for i in range(10)] + [row(10, 0.0, answerable=False)]
    after = [row(i, 0.0) for i in range(5)]
    d = paired(before, after, QUOTE)
    assert (d.n, d.before, d.after, d.lost) == (5, 1.0, 0.0, 5)
    abstains = next(f for f in FIGURES if f.key == "abstain_unanswerable")
    refused = paired(before, [*before[:10], row(10, 0.0, answerable=False, abstained=True)], abstains)
    assert (refused.n, refused.before, refused.after, refused.gained) == (1, 0.0, 1.0, 1)


def report(folder: Path, rows: list[dict]) -> Path:
    folder.mkdir()
    (folder / "report.json").write_text(json.dumps({"questions": {"seeds": {"hybrid": rows}}}), encoding="utf-8")
    return folder


def test_the_command_prints_a_table_and_refuses_what_is_not_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = report(tmp_path / "a", [row(i, 0.0) for i in range(20)])
    after = report(tmp_path / "b", [row(i, 1.0) for i in range(20)])
    assert main([str(before), str(after)]) == 0
    printed = capsys.readouterr().out
    assert "| seeds | quote_holds | 20 | 0.000 | 1.000 | +1.000 | 20 / 0 |" in printed
    with pytest.raises(SystemExit, match="no evaluation report"):
        main([str(tmp_path / "missing"), str(after)])
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit, match="not written by qa eval"):
        main([str(tmp_path / "bad.json"), str(after)])
    assert main([str(before), str(after), "--mode", "dense"]) == 2
