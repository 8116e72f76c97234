"""The learned reader: features of a candidate answer sentence, and two fitted logistic models.

- the **sentence ranker** gives each sentence of the best passages the probability that it
  holds the answer (features: ``SENTENCE_FEATURES``);
- the **answer model** gives the question the probability that the best quote answers it
  (features: ``ANSWER_FEATURES``); below the fitted threshold the bot abstains.

Both are fitted by ``python -m newsqa.eval.fit_reader`` on the tuning splits of both suites and kept
as plain data (``qa/models/reader.json``: feature names, standardisation, weights, threshold,
and the run that fitted them). No pickle is ever loaded.

Example:
    >>> question_type("How long are the videos?"), question_type("王长虎什么时候创业的?")
    ('quantity', 'time')
    >>> has_value("It lasts 5 seconds.", "quantity"), has_value("It lasts.", "quantity")
    (True, False)
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
MODEL = Path(__file__).parent / "models" / "reader.json"
SENTENCE_FEATURES = (
    "similarity",
    "similarity_gap",
    "second_similarity",
    "second_similarity_gap",
    "passage_score",
    "passage_gap",
    "inverse_rank",
    "coverage",
    "bridge_coverage",
    "translation_coverage",
    "term_coverage",
    "type_expected",
    "type_match",
    "log_length",
    "short",
    "first_in_passage",
    "same_language",
    "focus_coverage",
)
ANSWER_FEATURES = (
    "best",
    "second",
    "margin",
    "top_passage_score",
    "unknown_terms",
    "best_similarity",
    "best_coverage",
    "best_translation_coverage",
    "value_missing",
    "best_second_similarity",
    "prominence",
    "second_prominence",
)

QUESTION_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "quantity",
        re.compile(
            r"\b(how (many|much|long|big|large|old|often)|what (share|size|percentage)"
            r"|wie (viele?|lange?|groß|hoch|alt|oft))\b|多少|几|多长|多大|多久|多高|比例|规模|規模",
            re.IGNORECASE,
        ),
    ),
    (
        "time",
        re.compile(r"\b(when|what year|which year|wann|seit wann)\b|什么时候|什麼時候|哪一?年|哪天|何时|何時", re.I),
    ),
    (
        "place",
        re.compile(r"\b(where|in which (country|city)|wo|wohin|in welchem land)\b|哪里|哪裡|在哪|何处|何處", re.I),
    ),
    ("person", re.compile(r"\b(who|whom|which company|wer|wem|welches unternehmen)\b|谁|誰|哪家|哪位", re.I)),
    ("reason", re.compile(r"\b(why|warum|weshalb|wieso)\b|为什么|為什麼|为何|為何", re.I)),
)
VALUE = {
    "quantity": re.compile(
        r"\d|[一二三四五六七八九十百千万萬亿億两兩]|\b(one|two|three|four|five|ten|hundred|million|billion)\b", re.I
    ),
    "time": re.compile(
        r"\d{4}|\d{1,2}\s*[月日]|[月年]底|\b(january|february|march|april|may|june|july|august|september|october|"
        r"november|december|januar|februar|märz|juni|juli|oktober|dezember|year|jahr|monday|today)\b|年|月",
        re.I,
    ),
    "place": re.compile(r"\b(in|at|nach|im)\s+[A-ZÄÖÜ]|[国國省市州]|新加坡|美国|美國|中国|中國|海外", re.U),
    "person": re.compile(
        r"[A-Z][a-z]+ [A-Z][a-z]+|[A-Z]{2,}|[\u4e00-\u9fff]{2,4}(科技|公司|集团|集團)|创始人|創始人|董事长|董事長"
    ),
    "reason": re.compile(
        r"\b(because|since|due to|therefore|so that|reason|weil|da |deshalb|daher|grund)\b"
        r"|因为|因為|由于|由於|所以|因此|原因",
        re.I,
    ),
}
INTERVIEWER = re.compile(r"^[^:：\s]{2,8}[:：].*[?？]$")


SUBORDINATE_WHEN = re.compile(
    r"\b(?:(?:what|which|who|whom|whose|where|why|how)\b(?!\s+(?:and|or)\s+when\b).*?\s(when)\b"
    r"|(?:was|welche[mnrs]?|wer|wen|wem|wo|warum|wie)\b(?!\s+(?:und|oder)\s+wann\b).*?\s(wann)\b)",
    re.IGNORECASE | re.DOTALL,
)
"""A 'when'/'wann' after the question word opens a subordinate clause ('What satellite was used when
Sky Digital launched?'): it does not ask for a time ('How and when …' still does)."""


def question_type(question: str) -> str:
    """What the question asks for: quantity, time, place, person, reason, or '' (anything).

    >>> question_type("What satellite was used when Sky Digital was launched?")
    ''
    >>> question_type("Who was the leader when the Franks came?"), question_type("How and when did it come?")
    ('person', 'time')
    """
    clause = SUBORDINATE_WHEN.search(question)
    if clause:
        question = question[: clause.start(clause.lastindex or 0)]
    for name, pattern in QUESTION_TYPES:
        if pattern.search(question):
            return name
    return ""


def has_value(sentence: str, kind: str) -> bool:
    """Whether the sentence holds the kind of value the question asks for."""
    pattern = VALUE.get(kind)
    return bool(pattern and pattern.search(sentence))


SENTENCE_FINAL = ("。", "！", "？", "；", ".", "!", "?", ";", "…", "”", "“", '"', "」", "』", "）", ")", ":", "：")


def is_fragment(sentence: str) -> bool:
    """A heading, title, caption or byline: no sentence-final punctuation. Example: '一、沒被勸退' -> True."""
    return not sentence.strip().endswith(SENTENCE_FINAL)


COMMA = re.compile(r"[,，、]")
NEXT_LINE = re.compile(r"\s*([^\n]*)")
HEAD_CHARS = 600
"""How far into a document a headline or standfirst may start."""
BYLINE_CHARS = 40
"""The longest line read as a byline, dateline or source line under a headline (one without a comma:
a cut-off sentence is not a byline)."""


def is_headline(document: str, start: int, end: int) -> bool:
    """A headline or standfirst: a line of its own near the top of the document that is followed by
    a byline, dateline or source line (a short line without sentence-final punctuation). It sums
    the article up but never answers a question about it.

    >>> text = "Liu Wei left to start a business.\\nWritten by Zhou Xinyu\\nHe started it in Singapore."
    >>> is_headline(text, 0, 33), is_headline(text, 55, len(text))
    (True, False)
    >>> is_headline("He left.\\nHe started it in Singapore.", 0, 8)  # the next line is a sentence
    False
    """
    if start > HEAD_CHARS or is_fragment(document[start:end]):
        return False
    line_start = document.rfind("\n", 0, start) + 1
    line_end = document.find("\n", end)
    line_end = len(document) if line_end < 0 else line_end
    if document[line_start:start].strip() or document[end:line_end].strip():
        return False
    found = NEXT_LINE.match(document, line_end)  # the next line that is not blank
    following = found.group(1).strip() if found else ""
    return 0 < len(following) <= BYLINE_CHARS and is_fragment(following) and not COMMA.search(following)


def is_question(sentence: str) -> bool:
    """A question or an interviewer's line ('騰訊科技:…?'): never an answer."""
    text = sentence.strip()
    return text.endswith(("?", "？")) or bool(INTERVIEWER.match(text))


MIN_SENTENCE_CHARS = 12


def can_answer(sentence: str, kind: str) -> bool:
    """Never quote a question (an interviewer's line) or a heading, title or caption; a byline only
    when the question asks for a person (it names the author)."""
    return not is_question(sentence) and (kind == "person" or not is_fragment(sentence))


def quotable(sentence: str, kind: str, document: str, start: int, end: int) -> bool:
    """Whether the reader may quote this sentence of ``document`` for a question of ``kind``: long
    enough, not a question, heading, caption or headline (``kind`` '' is the strictest).

    >>> quotable("騰訊科技：你們為什麼做視頻模型？", "", "", 0, 0), quotable("He founded it in 2023.", "", "", 0, 0)
    (False, True)
    """
    return len(sentence) >= MIN_SENTENCE_CHARS and can_answer(sentence, kind) and not is_headline(document, start, end)


@dataclass(frozen=True)
class Logistic:
    """A fitted logistic model: standardise with mean/scale, then sigmoid(w·z + b)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        return ((rows - self.mean) / self.scale) @ self.weights + self.bias

    def probability(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.log_odds(rows)))

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Logistic:
        def vec(key: str) -> np.ndarray:
            return np.asarray(data[key], dtype=np.float64)

        return cls(tuple(data["features"]), vec("mean"), vec("scale"), vec("weights"), float(data["bias"]))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Reader:
    """The two fitted models and the abstention threshold chosen on tuning data."""

    ranker: Logistic
    answer: Logistic
    threshold: float


@lru_cache(maxsize=1)
def load_reader(path: Path = MODEL) -> Reader | None:
    """The fitted reader; None when none was fitted or it was fitted on other features (refit it)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    reader = Reader(Logistic.from_dict(data["ranker"]), Logistic.from_dict(data["answer"]), float(data["threshold"]))
    if reader.ranker.features != SENTENCE_FEATURES or reader.answer.features != ANSWER_FEATURES:
        log.warning(
            "%s was fitted on other features; using hand-set scores until `python -m newsqa.eval.fit_reader`", path
        )
        return None
    return reader


def answer_features(
    probabilities: list[float],
    best_row: tuple[float, ...] | list[float],
    top_passage: float,
    unknown: float,
    prominence: tuple[float, ...] | list[float],
) -> list[float]:
    """The question-level features of ``ANSWER_FEATURES``: the ranked sentence probabilities, what
    the best sentence offers (its similarities, term coverage, and whether it lacks the value the
    question asks for), and how far the best passage of each embedder stands out from the corpus
    (``qa.retrieve.prominence`` of the question alone)."""
    best = probabilities[0] if probabilities else 0.0
    second = probabilities[1] if len(probabilities) > 1 else 0.0
    feature = dict(zip(SENTENCE_FEATURES, best_row, strict=True))
    missing = feature["type_expected"] * (1.0 - feature["type_match"])
    return [
        best,
        second,
        best - second,
        top_passage,
        unknown,
        feature["similarity"],
        feature["coverage"],
        feature["translation_coverage"],
        missing,
        feature["second_similarity"],
        *prominence[:2],
    ]


def log_length(text: str) -> float:
    """Natural log of the length in characters. Example: log_length('a' * 99) -> 4.605..."""
    return math.log(len(text) + 1)
