"""Extractive answers with a citation after every sentence, or an abstention.

Steps: ``contextual_query`` folds a short follow-up into the previous question;
``score_sentences`` rates every sentence of the best passages by its similarity
to the question (first embedder, precomputed sentence vectors in Chroma) plus
how many of the question's terms it contains; ``compose`` keeps the best one to
three sentences, each followed by ``[n]``; ``confidence`` decides whether to
answer or to say the documents do not hold the answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from index.chunk import sentences
from index.lang import detect_language
from index.normalize import lexical_tokens, split_pinyin
from index.store import DocumentRecord

from .engine import Engine
from .types import Citation, Hit, Turn

ANSWER_PASSAGES = 3
MAX_SENTENCES = 3
SENTENCE_MARGIN = 0.06
COVERAGE_WEIGHT = 0.25
UNKNOWN_WEIGHT = 0.3
SENTENCE_CANDIDATES = 200
MIN_SENTENCE_CHARS = 12
FOLLOW_UP = re.compile(
    r"\b(he|she|it|they|him|her|his|its|their|them|this|that|there|er|sie|es|ihn|ihm|sein|seine|ihr|ihre|"
    r"dort|dies|diese|dieser)\b|他|她|它|其|該|该|這|这|那",
    re.IGNORECASE,
)
ABSTAIN = {
    "en": "The documents do not say; I found nothing that answers this question.",
    "de": "Die Dokumente enthalten dazu keine Angabe; ich habe nichts gefunden, das diese Frage beantwortet.",
    "zh-Hans": "文档中没有提到这一点，我没有找到能回答这个问题的内容。",
    "zh-Hant": "文件中沒有提到這一點，我沒有找到能回答這個問題的內容。",
}


@dataclass(frozen=True)
class ScoredSentence:
    """A candidate answer sentence inside a retrieved passage."""

    hit: Hit
    start: int
    end: int
    text: str
    similarity: float
    coverage: float

    @property
    def score(self) -> float:
        return self.similarity + COVERAGE_WEIGHT * self.coverage


def question_language(question: str) -> str:
    """The language to answer in (English when unsure)."""
    language = detect_language(question)
    return language if language in ABSTAIN else "en"


def contextual_query(question: str, history: list[Turn] | None) -> str:
    """Prefix a follow-up with the previous user question so retrieval keeps its subject.

    Example: ('And where did he start his company?', [user: 'Who is Liu Wei?'])
    -> 'Who is Liu Wei? And where did he start his company?'
    """
    previous = [t.content for t in history or [] if t.role == "user" and t.content.strip()]
    if not previous:
        return question
    short = len(question.split()) <= 6 or (len(question) <= 16 and not question.isascii())
    if short or FOLLOW_UP.search(question):
        return f"{previous[-1]} {question}"
    return question


def content_terms(text: str) -> set[str]:
    """Question terms that carry meaning: lexical tokens longer than one character."""
    return {t for t in lexical_tokens(text) if len(t) > 1 or not t.isascii()}


@lru_cache(maxsize=50_000)
def sentence_terms(text: str) -> frozenset[str]:
    """The lexical tokens of a passage sentence, cached: the same passages answer many questions."""
    return frozenset(lexical_tokens(text))


def score_sentences(engine: Engine, query: str, hits: list[Hit]) -> list[ScoredSentence]:
    """Every sentence of the best passages, rated against the question."""
    vector = engine.query_vector(0, query)
    found = engine.store.query(engine.store.sentences, vector, SENTENCE_CANDIDATES)
    similarity = dict(found)
    floor = (min(similarity.values()) if similarity else 0.0) - 0.05
    terms = content_terms(query)
    scored: list[ScoredSentence] = []
    for hit in hits[:ANSWER_PASSAGES]:
        for j, span in enumerate(sentences(hit.text, hit.start)):
            if len(span.text) < MIN_SENTENCE_CHARS:
                continue
            overlap = len(terms & sentence_terms(span.text)) / len(terms) if terms else 0.0
            sid = f"{hit.chunk_id}:{j:03d}"
            scored.append(ScoredSentence(hit, span.start, span.end, span.text, similarity.get(sid, floor), overlap))
    scored.sort(key=lambda s: s.score, reverse=True)
    return scored


def unknown_ratio(engine: Engine, query: str) -> float:
    """Share of the question's terms that occur nowhere in the corpus (off-topic signal).

    Words that read as pinyin (Taibing, Aishi) are left out: the bridge tokens match them.
    """
    terms = {t for t in content_terms(query) if not t.startswith("py:") and not (t.isascii() and split_pinyin(t))}
    if not terms:
        return 0.0
    vocabulary = engine.snapshot.lexical.vocabulary
    return sum(t not in vocabulary for t in terms) / len(terms)


def confidence(best: ScoredSentence | None, unknown: float) -> float:
    """How sure the answer is, 0..1: best sentence score minus a penalty for unknown terms."""
    if best is None:
        return 0.0
    return round(max(0.0, min(1.0, best.score - UNKNOWN_WEIGHT * unknown)), 4)


def compose(scored: list[ScoredSentence], documents: Mapping[str, DocumentRecord]) -> tuple[str, list[Citation], int]:
    """The best sentences, each followed by its marker, their citations, and how many were dropped."""
    if not scored:
        return "", [], 0
    chosen = [s for s in scored[: MAX_SENTENCES * 2] if s.score >= scored[0].score - SENTENCE_MARGIN]
    picked: list[ScoredSentence] = []
    for candidate in chosen:
        if all(candidate.text != p.text for p in picked):
            picked.append(candidate)
        if len(picked) == MAX_SENTENCES:
            break
    parts: list[str] = []
    citations: list[Citation] = []
    dropped = 0
    for s in picked:
        doc = documents.get(s.hit.doc_id)
        text = doc.text if doc else ""
        if text[s.start : s.end] != s.text or s.text not in s.hit.text:
            dropped += 1  # never cite a passage that does not hold the quote
            continue
        parts.append(f"{s.text} [{len(citations) + 1}]")
        citations.append(cite(len(citations) + 1, s))
    return " ".join(parts), citations, dropped


def cite(n: int, s: ScoredSentence) -> Citation:
    """Citation ``n`` for a scored sentence: its quote, passage and offsets."""
    return Citation(
        n=n,
        doc_id=s.hit.doc_id,
        title=s.hit.title,
        language=s.hit.language,
        chunk_id=s.hit.chunk_id,
        quote=s.text,
        passage=s.hit.text,
        start=s.start,
        end=s.end,
        score=round(s.score, 4),
    )
