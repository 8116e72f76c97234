"""The short answer: when a question asks for a quantity or a time, the value inside the quote.

Only spans found in the quoted sentence are returned, with offsets into the document, so the
short answer is as checkable as the quote. A value the question itself contains is never the
answer ("in the last three minutes" -> not "three"). Of several values, the one closest to the
question's words or their dictionary translations is taken, each word counting 1 / (1 + its
distance in tokens) ("How many points did the defense give up?" -> the number next to "points"),
then one with a unit ("4秒" before "0到1").

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

import re

from newsqa.index.normalize import lexical_tokens

from .answer import content_terms, translated_terms
from .gloss import reading
from .reader import question_type
from .types import Citation, ShortAnswer

_NUM = (
    r"(?:\d+(?:[.,]\d+)*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred|"
    r"eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwanzig|hundert)"
)
_UNIT = (
    r"(?:%|percent|per cent|prozent|billion|million|thousand|hundred|milliarden?|millionen?|tausend|"
    r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|times|sekunden?|minuten?|stunden?|tage?n?|wochen?|"
    r"monate?n?|jahre?n?|mal|points?|punkte?)"
)
_CJK_NUM = r"[\d.,]*[一二三四五六七八九十百千万萬亿億两兩零\d][\d.,一二三四五六七八九十百千万萬亿億两兩零]*"
_CJK_UNIT = r"(?:%|億|亿|萬|万|千|百|秒|分鐘|分钟|小時|小时|天|個月|个月|年|倍|人|次|分|多|以上|\+|级|級)*"
PATTERNS = {
    "quantity": re.compile(
        rf"(?:more than |over |about |around |nearly |at least |mehr als |über |etwa |fast )?"
        rf"\b{_NUM}(?:\s*(?:or|oder|to|bis|-|–)\s*{_NUM})?\b(?:[\s-]+{_UNIT}\b)*"
        rf"|{_CJK_NUM}(?:[到至~-]{_CJK_NUM})?{_CJK_UNIT}",
        re.IGNORECASE,
    ),
    "time": re.compile(
        r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
        r"januar|februar|märz|mai|juni|juli|oktober|dezember)(?:\s+\d{1,2}(?:st|nd|rd|th)?(?!\d))?(?:,?\s+\d{4})?"
        r"|\b\d{1,2}\.?\s+(?:january|february|march|april|may|june|july|august|september|october|november|"
        r"december|januar|februar|märz|mai|juni|juli|oktober|dezember)(?:\s+\d{4})?"
        r"|\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*日|底|初|中)?"
        r"|\b(?:1[0-9]|20)\d{2}\b|\d{4}-\d{2}-\d{2}",
        re.IGNORECASE,
    ),
}
UNIT = re.compile(rf"\b{_UNIT}\b|[%+億亿萬万千百秒鐘钟時时天月年倍人次]", re.IGNORECASE)
NEAR = 24
"""Characters around a value in which a question word counts as next to it."""


def find_value(sentence: str, kind: str, question: str) -> tuple[int, int] | None:
    """Offsets of the value ``question`` asks for inside ``sentence``, or None."""
    pattern = PATTERNS.get(kind)
    if pattern is None:
        return None
    spans = [m.span() for m in pattern.finditer(sentence) if m.group().strip(" ,.-")]
    asked = question.lower()
    spans = [s for s in spans if sentence[s[0] : s[1]].strip(" ,.-").lower() not in asked] or spans
    if not spans:
        return None
    terms = content_terms(question) | translated_terms(question)  # "seconds" meets 秒

    def nearness(span: tuple[int, int]) -> float:
        left = lexical_tokens(sentence[max(0, span[0] - NEAR) : span[0]])[::-1]
        right = lexical_tokens(sentence[span[1] : span[1] + NEAR])
        return sum(1.0 / (1 + i) for side in (left, right) for i, token in enumerate(side) if token in terms)

    def has_unit(span: tuple[int, int]) -> bool:
        return bool(UNIT.search(sentence[span[0] : span[1]]))

    best = max(spans, key=lambda s: (nearness(s), has_unit(s), s[1] - s[0], -s[0]))
    start, end = best
    text = sentence[start:end]
    return start + (len(text) - len(text.lstrip())), end - (len(text) - len(text.rstrip(" ,.-")))


def short_answer(question: str, citations: list[Citation], reader: str = "en") -> ShortAnswer | None:
    """The value the question asks for, found in the first quote, with offsets into its document, and
    for a reader of another language written in their script where it is language-neutral."""
    kind = question_type(question)
    if not citations or kind not in PATTERNS:
        return None
    first = citations[0]
    span = find_value(first.quote, kind, question)
    if span is None:
        return None
    start, end = span
    value = first.quote[start:end]
    spoken = reading(value, reader) if first.language.startswith("zh") else None
    return ShortAnswer(value, first.n, first.doc_id, first.start + start, first.start + end, spoken)
