"""The short-answer span model with wider value patterns and clauses (an experiment).

    python -m newsqa.eval.experiments.span_clauses    # ~2 min: encodes every candidate's clause per variant

The span model's strongest feature is how close in meaning the clause around a value is to the
question (``qa.short.value_rows``), and its candidates are what ``qa.short.PATTERNS`` finds. Among
the tuning value questions whose quote holds the gold but whose short answer misses, three kinds
of miss come from the clause or the value itself, not from the model:

- **a clause that is only a value**: "… in the AFC Championship Game, 20–18, by intercepting …"
  gives "20–18" the clause " 20–18", which says nothing, so "2-point" wins "What was the final
  score?"; an aside "(von 160.000 auf 227.000 Quadratmeilen)" is only values too. Variant
  ``bare``: such a clause takes in the clause before it (until it holds a word).
- **a bracketed aside ends a clause**: "其中 5,500,000 平方公里（2,100,000平方英里）被雨林覆盖" gives
  5,500,000 the clause "其中 5,500,000 平方公里" without "被雨林覆盖" (covered by rainforest).
  Variant ``asides``: a clause runs on over a bracketed aside (a value inside one keeps the aside).
- **values cut short**: "5½ 次擒杀" gives "5"; "还剩 4 分 51 秒" gives "4 分" and "51 秒".
  Variant ``values``: a vulgar fraction belongs to its number, and a Chinese minutes-and-seconds
  (or hours-and-minutes) time is one value.

Each variant is compared on the gold sentences of ``fit_short.collect`` as ``span_window`` does it:
the share of sentences whose best span matches, grouped 5-fold cross-validation inside tuning at
each ``C`` of ``fit_short.C_GRID``; validation is printed for the record only.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

WORD = re.compile(r"[^\W\d_]")
"""A letter of any script (a Chinese character is one)."""
OPENING, CLOSING = "(（", ")）"
FRACTION = r"[½¼¾⅓⅔⅛]"
COMPOSITE_TIME = r"\d+\s*(?:小时|小時|分钟|分鐘|分)\s*\d+\s*(?:分钟|分鐘|分|秒)"
"""A Chinese time of two parts, as one value: "4 分 51 秒", "1小时20分钟"."""


def bare_clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The value's clause; one that holds no word besides the value takes in the clause before it.

    >>> s = "They beat New England in the AFC Championship Game, 20–18, by intercepting a pass."
    >>> a, b = bare_clause(s, s.index("20"), s.index("20") + 5)
    >>> s[a:b]
    'They beat New England in the AFC Championship Game, 20–18'
    """
    from newsqa.qa.short import clause_end, clause_start

    left, right = clause_start(sentence, start), clause_end(sentence, end)
    while left > 0 and not WORD.search(sentence[left:start] + sentence[end:right]):
        left = clause_start(sentence, left - 1)
    return left, right


def aside_clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The value's clause, running on over bracketed asides (a value inside one keeps the aside).

    >>> s = "这一盆地达 7,000,000平方公里,其中 5,500,000 平方公里（2,100,000平方英里）被雨林覆盖。"
    >>> a, b = aside_clause(s, s.index("5,5"), s.index("5,5") + 9)
    >>> s[a:b]
    '其中 5,500,000 平方公里（2,100,000平方英里）被雨林覆盖'
    """
    from newsqa.qa.short import CLAUSE_END

    left = start
    while True:
        ends = [m for m in CLAUSE_END.finditer(sentence, 0, left)]
        if not ends:
            left = 0
            break
        mark = ends[-1]
        if mark.group() in CLOSING and (opening := _opening(sentence, mark.start())) is not None:
            left = opening
            continue
        left = mark.end()
        break
    right = end
    while True:
        after = CLAUSE_END.search(sentence, right)
        if after is None:
            right = len(sentence)
            break
        if after.group() in OPENING and (closing := _closing(sentence, after.start())) is not None:
            right = closing + 1
            continue
        right = after.start()
        break
    return left, right


def _closing(sentence: str, at: int) -> int | None:
    depth = 0
    for i in range(at, len(sentence)):
        depth += (sentence[i] in OPENING) - (sentence[i] in CLOSING)
        if depth == 0:
            return i
    return None


def _opening(sentence: str, at: int) -> int | None:
    depth = 0
    for i in range(at, -1, -1):
        depth += (sentence[i] in CLOSING) - (sentence[i] in OPENING)
        if depth == 0:
            return i
    return None


def both_clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """``aside_clause``, taking in the clause before it when it holds no word besides the value."""
    left, right = aside_clause(sentence, start, end)
    while left > 0 and not WORD.search(sentence[left:start] + sentence[end:right]):
        left = aside_clause(sentence, left - 1, left - 1)[0]
    return left, right


def value_patterns() -> dict[str, re.Pattern[str]]:
    """``qa.short.PATTERNS`` with fractions inside numbers and two-part Chinese times as one value.

    >>> from newsqa.qa import short
    >>> s = "戴维斯完成了 5½ 次擒杀，比赛还剩 4 分 51 秒。"
    >>> with patched(short, PATTERNS=value_patterns()):
    ...     [s[a:b] for a, b, _ in short.candidates(s, "quantity")]
    ['5½ 次', '4 分 51 秒']
    """
    from newsqa.qa import short

    number = short._NUM.replace(r"\d+(?:[.,]\d+)*", rf"\d+(?:[.,]\d+)*{FRACTION}?|{FRACTION}", 1)
    quantity = short.PATTERNS["quantity"].pattern.replace(short._NUM, number)
    return {**short.PATTERNS, "quantity": re.compile(f"{COMPOSITE_TIME}|{quantity}", re.IGNORECASE)}


@contextmanager
def patched(module: Any, **values: Any) -> Iterator[None]:
    """Set module attributes for the duration of a block."""
    old = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in old.items():
            setattr(module, name, value)


VARIANTS: dict[str, Callable[[], dict[str, Any]]] = {
    "in use": dict,
    "bare": lambda: {"clause": bare_clause},
    "asides": lambda: {"clause": aside_clause},
    "bare + asides": lambda: {"clause": both_clause},
    "values": lambda: {"PATTERNS": value_patterns()},
    "values + bare": lambda: {"PATTERNS": value_patterns(), "clause": bare_clause},
    "values + bare + asides": lambda: {"PATTERNS": value_patterns(), "clause": both_clause},
}


def main() -> int:
    from newsqa.qa import short

    from ..fit_short import accuracy, collect
    from .span_window import cross_validated, pairwise_fit

    started = time.perf_counter()
    report: dict[str, Any] = {"variants": {}}
    for name, change in VARIANTS.items():
        with patched(short, **change()):
            records = collect()
        tuning = [r for r in records if r["split"] == "tuning"]
        cv = cross_validated(tuning, short.SPAN_FEATURES)
        c = max(cv, key=lambda k: (cv[k], -float(k)))
        model = pairwise_fit(tuning, short.SPAN_FEATURES, float(c))
        validation = {
            suite: accuracy([r for r in records if r["suite"] == suite and r["split"] == "validation"], model)
            for suite in ("seeds", "xquad")
        }
        reachable = round(sum(max(r["labels"], default=0.0) for r in tuning) / len(tuning), 4)
        report["variants"][name] = {
            "tuning_records": len(tuning),
            "tuning_reachable": reachable,
            "cv": cv,
            "c": float(c),
            "validation": validation,
        }
        print(name, len(tuning), reachable, cv[c], validation, file=sys.stderr)
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
