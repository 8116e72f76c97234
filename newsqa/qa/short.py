"""The short answer: when a question asks for a quantity or a time, the value inside the quote.

Only spans found in the quoted sentences are returned, with offsets into the document, so the
short answer is as checkable as the quote. A value the question itself contains is never the
answer ("in the last three minutes" -> not "three"). Every number, date and amount in the
answer's quotes is a candidate (``candidates``); a fitted model (``qa/models/short.json``, refitted by
``python -m newsqa.eval.fit_short`` on the tuning splits) scores each on ``SPAN_FEATURES`` and the
best is taken. Its strongest evidence is how close in meaning the clause around a value is to the
question (``clause``: it runs on over a bracketed aside, and one that is only the value takes in the
clause before it; the first encoder: "How many career sacks?" meets "曾以 136 次擒杀…", not "五次职业碗选手"),
then whether the value is of the kind asked, has a unit the question names ("How many seconds"
meets "17 seconds"), and is not the number the question gives or a bare year where a quantity is
asked. A value of a quote the reader ranked below the best gives way by a fitted weight
(``quote_weight``). Without a fitted model the value in the closest clause is taken, then one of
the kind asked.

Example:
    >>> find_value("Tencent's model can generate a five-second video.", "quantity", "How long?")
    (31, 42)
    >>> find_value("On December 3rd, the Hunyuan model launched video generation.", "time", "When?")
    (3, 15)
    >>> s = "They won 23–16 by scoring 11 points in the final three minutes."
    >>> s[slice(*find_value(s, "quantity", "How many points did they score in the last three minutes?"))]
    '11 points'

"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newsqa.index.embed import Embedder
from newsqa.index.normalize import lexical_tokens

from .answer import content_terms, translated_terms
from .gloss import reading
from .reader import Logistic, question_type
from .types import Citation, ShortAnswer

log = logging.getLogger(__name__)
MODEL = Path(__file__).parent / "models" / "short.json"
_FRACTION = r"[½¼¾⅓⅔⅛]"
_NUM = (
    rf"(?:\d+(?:[.,]\d+)*{_FRACTION}?|{_FRACTION}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|"
    r"hundreds|thousands|dozens|millions|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwanzig|hundert|"
    r"hunderte|hunderten|tausende|tausenden|dutzende)"
)
_UNIT = (
    r"(?:%|percent|per cent|prozent|billion|million|thousand|hundred|milliarden?|millionen?|tausend|"
    r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|times|sekunden?|minuten?|stunden?|tage?n?|wochen?|"
    r"monate?n?|jahre?n?|mal|points?|punkte?|"
    r"(?:(?:square|metric|cubic)\s+)?(?:kilomet(?:re|er)s?|km|met(?:re|er)s?|miles?|feet|foot|acres?|hectares?|tonnes?|tons?)|"
    r"(?:quadrat)?(?:kilometer[n]?|meter[n]?|meilen?)|km²|hektar|tonnen?|"
    r"dollars?|euros?|pounds?|yuan|people|persons?|inhabitants|residents|menschen|einwohner(?:n|innen)?|personen)"
)
"""Units and measures after a number, Latin script (the Chinese ones are ``_CJK_UNIT_ONE``)."""
_EDGE_BEFORE = r"(?<![A-Za-zÄÖÜäöüß0-9])"
_EDGE_AFTER = r"(?![A-Za-zÄÖÜäöüß0-9])"
"""Word edges that, unlike \\b, hold between a number and a Chinese character ("在2000年", "22,392平方公里")."""
_CJK_NUM = r"[\d.,]*[一二三四五六七八九十百千万萬亿億两兩零\d][\d.,一二三四五六七八九十百千万萬亿億两兩零半]*"
"""A Chinese or mixed number; 半 continues one ("一半以上", "两万半")."""
_SCIENTIFIC = rf"{_EDGE_BEFORE}\d+(?:[.,]\d+)?\s*[×x]\s*10(?:\^?-?\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)?{_EDGE_AFTER}"
"""A number in scientific notation as one value: "1.1 × 1011" (an exponent whose superscript was
lost in extraction), "3 × 10^8", "2,5 x 10⁶"."""
_TWO_PART_TIME = r"\d+\s*(?:小时|小時|分钟|分鐘|分)\s*\d+\s*(?:分钟|分鐘|分|秒)"
"""A Chinese time of two parts as one value: "4 分 51 秒", "1小时20分钟"."""
_CJK_UNIT_ONE = (
    r"(?:%|億|亿|萬|万|千|百|秒|分鐘|分钟|小時|小时|天|個月|个月|年|倍|人|次|分|多|以上|\+|级|級|個|个|位|名|家|种|種|支|"
    r"项|項|場|场|歲|岁|平方|公里|英里|公頃|公顷|公噸|公吨|噸|吨|米|碼|码|美元|英鎊|英镑|歐元|欧元|元)"
)
_CJK_UNIT = rf"{_CJK_UNIT_ONE}*"
PATTERNS = {
    "quantity": re.compile(
        rf"{_TWO_PART_TIME}|(?:more than |over |about |around |nearly |at least |mehr als |über |etwa |fast )?"
        rf"(?:{_SCIENTIFIC}|{_EDGE_BEFORE}{_NUM}(?:\s*(?:or|oder|to|bis|-|–|到|至|~)\s*{_NUM})?{_EDGE_AFTER})(?:[\s-]+{_UNIT}\b)*(?:\s?{_CJK_UNIT_ONE}+)?"
        rf"|{_CJK_NUM}(?:[到至~-]{_CJK_NUM})?{_CJK_UNIT}",
        re.IGNORECASE,
    ),
    "time": re.compile(
        r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
        r"januar|februar|märz|mai|juni|juli|oktober|dezember)(?:\s+\d{1,2}(?:st|nd|rd|th)?(?!\d))?(?:,?\s+\d{4})?"
        r"|\b\d{1,2}\.?\s+(?:january|february|march|april|may|june|july|august|september|october|november|"
        r"december|januar|februar|märz|mai|juni|juli|oktober|dezember)(?:\s+\d{4})?"
        r"|\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*日|底|初|中)?"
        r"|(?<![×x]\s)(?<![×x])\b(?:1[0-9]|20)\d{2}\b|\d{4}-\d{2}-\d{2}",  # not the "1011" of "1.1 × 1011"
        re.IGNORECASE,
    ),
}
UNIT = re.compile(rf"\b{_UNIT}\b|[%+億亿萬万千百秒鐘钟時时天月年倍人次]", re.IGNORECASE)
YEAR = re.compile(r"(?:1[5-9]|20)\d{2}\s*年?")
LONE_NUMERAL = re.compile(r"[一二三四五六七八九十两兩]")
DIGITS = re.compile(r"\d+")
CLAUSE_END = re.compile(r"[,，、;；:：()（）。!?！？]|\s[-–—]\s")
OPENING, CLOSING = "(（", ")）"
WORD = re.compile(r"[^\W\d_]")
"""A letter of any script (a Chinese character is one)."""
SPAN_FEATURES = (
    "similarity",
    "asked_kind",
    "in_question",
    "year_for_quantity",
    "digits",
    "lone_numeral",
    "has_unit",
    "inside",
)
Similarity = Callable[[list[str]], np.ndarray]
"""Cosine similarity of the question to each of some texts (the engine's first encoder)."""


def similarity_to(encoder: Embedder, vector: np.ndarray) -> Similarity:
    """The ``Similarity`` of the question whose query vector under ``encoder`` is ``vector``."""

    def similarity(texts: list[str]) -> np.ndarray:
        return np.asarray(encoder.encode_documents(texts) @ vector, dtype=np.float64)

    return similarity


def candidates(sentence: str, kind: str) -> list[tuple[int, int, bool]]:
    """Every value span in ``sentence`` (start, end, matched by the pattern of the kind asked), in
    order, trimmed of spaces and punctuation; a span the question's kind and the other kind both
    match is listed once."""
    found: dict[tuple[int, int], bool] = {}
    for name, pattern in PATTERNS.items():
        for m in pattern.finditer(sentence):
            text = m.group()
            if not text.strip(" ,.-"):
                continue
            start = m.start() + len(text) - len(text.lstrip())
            end = m.end() - (len(text) - len(text.rstrip(" ,.-")))
            found[(start, end)] = found.get((start, end), False) or name == kind
    return [(s, e, asked) for (s, e), asked in sorted(found.items())]


def value_rows(
    sentences: list[str], kind: str, question: str, similarity: Similarity | None = None
) -> tuple[list[tuple[int, int, int]], list[list[float]]]:
    """The candidate values of ``sentences`` as (sentence index, start, end), and their
    ``SPAN_FEATURES``: how much less similar to the question the clause around a value is than the
    most similar candidate's clause in any of the sentences (0 for that one; 0 for all without an
    encoder), whether the pattern of the kind asked found it, whether the question gives its number,
    whether it is a bare year where a quantity is asked, whether it is written in digits, whether it
    is a lone Chinese numeral (一 of 一半), whether it has a unit, and how many of the question's
    words or their translations it holds ("seconds" in "17 seconds"). A value the question itself
    contains is left out (unless every value is one)."""
    terms = content_terms(question) | translated_terms(question)  # "seconds" meets 秒
    numbers = set(DIGITS.findall(question))
    asked_text = question.lower()
    found: list[tuple[int, int, int]] = []
    clauses: list[str] = []
    rows: list[list[float]] = []
    for k, sentence in enumerate(sentences):
        spans = candidates(sentence, kind)
        spans = [s for s in spans if sentence[s[0] : s[1]].lower() not in asked_text] or spans
        for start, end, asked in spans:
            text = sentence[start:end]
            found.append((k, start, end))
            clauses.append(sentence[slice(*clause(sentence, start, end))])
            rows.append(
                [
                    0.0,
                    float(asked),
                    float(bool(set(DIGITS.findall(text)) & numbers) or text.lower() in asked_text),
                    float(bool(YEAR.fullmatch(text)) and kind == "quantity"),
                    float(any(c.isdigit() for c in text)),
                    float(bool(LONE_NUMERAL.fullmatch(text))),
                    float(bool(UNIT.search(text))),
                    sum(1.0 for token in lexical_tokens(text) if token in terms and not token.isdigit()),
                ]
            )
    if similarity and clauses:
        near = np.asarray(similarity(clauses), dtype=np.float64)
        for row, closeness in zip(rows, near - near.max(), strict=True):
            row[0] = float(closeness)
    return found, rows


def clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause around the value at ``start``:``end`` begins and ends (what the span model's
    similarity reads). A clause runs on over a bracketed aside (a value inside one keeps the
    aside), and one that holds no word besides the value takes in the clause before it.

    >>> s = "这一盆地达 7,000,000平方公里,其中 5,500,000 平方公里（2,100,000平方英里）被雨林覆盖。"
    >>> s[slice(*clause(s, s.index("5,5"), s.index("5,5") + 9))]
    '其中 5,500,000 平方公里（2,100,000平方英里）被雨林覆盖'
    >>> s = "They beat New England in the AFC Championship Game, 20–18, by intercepting a pass."
    >>> s[slice(*clause(s, s.index("20"), s.index("20") + 5))]
    'They beat New England in the AFC Championship Game, 20–18'
    """
    left, right = clause_start(sentence, start), clause_end(sentence, end)
    while left > 0 and not WORD.search(sentence[left:start] + sentence[end:right]):
        left = clause_start(sentence, left - 1)
    return left, right


def clause_start(sentence: str, start: int) -> int:
    """Where the clause holding ``start`` begins, before any bracketed aside it holds.
    Examples: clause_start("a, b 5 c", 5) -> 2; clause_start("a, b (x) 5", 9) -> 2."""
    while True:
        ends = list(CLAUSE_END.finditer(sentence, 0, start))
        if not ends:
            return 0
        mark = ends[-1]
        opening = _bracket(sentence, mark.start(), -1) if mark.group() in CLOSING else None
        if opening is None:
            return mark.end()
        start = opening


def clause_end(sentence: str, end: int) -> int:
    """Where the clause holding ``end`` ends, after any bracketed aside it holds.
    Examples: clause_end("a 5 b, c", 3) -> 5; clause_end("5 (x) b, c", 1) -> 7."""
    while True:
        found = CLAUSE_END.search(sentence, end)
        if found is None:
            return len(sentence)
        closing = _bracket(sentence, found.start(), 1) if found.group() in OPENING else None
        if closing is None:
            return found.start()
        end = closing + 1


def _bracket(sentence: str, at: int, step: int) -> int | None:
    """Where the bracket at ``at`` is matched, looking forward (step 1) or back (-1); None if nowhere."""
    depth = 0
    for i in range(at, len(sentence) if step > 0 else -1, step):
        depth += ((sentence[i] in OPENING) - (sentence[i] in CLOSING)) * step
        if depth == 0:
            return i
    return None


@lru_cache(maxsize=1)
def _fitted(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


@lru_cache(maxsize=4)
def load_span_model(path: Path = MODEL) -> Logistic | None:
    """The fitted span model; None when none was fitted or it was fitted on other features."""
    data = _fitted(path)
    if data is None:
        return None
    model = Logistic.from_dict(data["spans"])
    if model.features != SPAN_FEATURES:
        log.warning("%s was fitted on other features; refit with `python -m newsqa.eval.fit_short`", path)
        return None
    return model


def quote_weight(path: Path = MODEL) -> float:
    """How much a value loses for standing in a quote the reader ranks below the best: its log-odds
    fall by this weight times the log of its quote's score over the best quote's (fitted with the
    span model on the bot's own tuning answers; 0 when none was fitted)."""
    data = _fitted(path)
    return float(data.get("quote_weight", 0.0)) if data is not None and load_span_model(path) else 0.0


def find_value(
    sentence: str, kind: str, question: str, similarity: Similarity | None = None, model: Logistic | None = None
) -> tuple[int, int] | None:
    """Offsets of the value ``question`` asks for inside ``sentence``, or None."""
    best = best_value([sentence], kind, question, similarity, model)
    return best[1:] if best else None


def best_value(
    sentences: list[str],
    kind: str,
    question: str,
    similarity: Similarity | None = None,
    model: Logistic | None = None,
    shares: list[float] | None = None,
    weight: float | None = None,
) -> tuple[int, int, int] | None:
    """The value ``question`` asks for among those of ``sentences`` (the quotes of one answer), as
    (sentence index, start, end), or None. ``shares``: each quote's score over the best quote's;
    a value of a lesser quote loses ``weight`` (default: the fitted ``quote_weight``) times its log."""
    if kind not in PATTERNS:
        return None
    found, rows = value_rows(sentences, kind, question, similarity)
    if not found:
        return None
    model = model or load_span_model()
    if model is None:
        return found[hand_set(rows)]
    return found[int(np.argmax(span_scores(model, found, rows, shares, weight)))]


def span_scores(
    model: Logistic,
    found: list[tuple[int, int, int]],
    rows: list[list[float]],
    shares: list[float] | None = None,
    weight: float | None = None,
) -> np.ndarray:
    """The span model's log-odds of each candidate, lowered for a value of a lesser quote.

    >>> m = Logistic(("a",), np.zeros(1), np.ones(1), np.ones(1), 0.0)
    >>> span_scores(m, [(0, 0, 1), (1, 0, 1)], [[1.0], [1.5]], [1.0, 0.5], 1.0).round(3).tolist()
    [1.0, 0.807]
    """
    scores = model.log_odds(np.asarray(rows, dtype=np.float64))
    if shares:
        weight = quote_weight() if weight is None else weight
        scores = scores + weight * np.log(np.clip([shares[k] for k, _, _ in found], 1e-6, None))
    return scores


def hand_set(rows: list[list[float]]) -> int:
    """The span chosen without a fitted model: the most similar clause, then the kind asked, a unit
    that is the question's, any unit, the first."""

    def order(i: int) -> tuple[float, ...]:
        f = dict(zip(SPAN_FEATURES, rows[i], strict=True))
        return f["similarity"], f["asked_kind"], f["inside"], f["has_unit"], -i

    return max(range(len(rows)), key=order)


def short_answer(
    question: str, citations: list[Citation], reader: str = "en", similarity: Similarity | None = None
) -> ShortAnswer | None:
    """The value the question asks for, found in the quotes, with offsets into its document, and
    for a reader of another language written in their script where it is language-neutral."""
    kind = question_type(question)
    top = max((c.score for c in citations), default=0.0)
    shares = [c.score / top if top > 0 else 1.0 for c in citations]
    best = best_value([c.quote for c in citations], kind, question, similarity, shares=shares) if citations else None
    if best is None:
        return None
    k, start, end = best
    cited = citations[k]
    value = cited.quote[start:end]
    spoken = reading(value, reader) if cited.language.startswith("zh") else None
    return ShortAnswer(value, cited.n, cited.doc_id, cited.start + start, cited.start + end, spoken)
