"""Extractive answers with a citation after every sentence, or an abstention.

Steps: ``score_sentences`` describes every sentence of the best passages by the features of
``qa.reader`` (similarity to the question from the stored sentence vectors, the passage's score
and rank, coverage of the question's terms, of their pinyin bridges and of their dictionary
translations, and the IDF-weighted coverage of its words counting any translation, the same with
each word weighted down by the share of the read passages that hold it, whether it holds the kind
of value the question asks for) and ranks them with the fitted sentence model;
questions, headings, captions and headlines are never candidates. ``confidence`` is the fitted
probability that the best quote answers the question; ``compose`` quotes the best sentence (with
the one before it when it draws a conclusion, "Therefore, …", and the next one when that does; and
a close second), each followed by ``[n]``. Without a fitted model the hand-set score (similarity +
coverage) is used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newsqa.index import DocumentRecord
from newsqa.index.dictionary import translate
from newsqa.index.lang import detect_language
from newsqa.index.normalize import lexical_tokens, split_pinyin

from .engine import Engine, language_group
from .reader import (
    SENTENCE_FEATURES,
    Logistic,
    answer_features,
    has_value,
    load_reader,
    log_length,
    question_type,
    quotable,
)
from .retrieve import READ_EMBEDDERS
from .types import Citation, Hit

ANSWER_PASSAGES = 5
MAX_SENTENCES = 3
SECOND_RATIO = 0.6
"""Another sentence is quoted when its probability is at least this share of the best one's; fitted on
the tuning splits by ``python -m newsqa.eval.sweep quotes`` (eval/README.md, Tuned constants)."""
COVERAGE_WEIGHT = 0.25
UNKNOWN_WEIGHT = 0.3
LEGACY_THRESHOLD = 0.0465
SHORT_CHARS = 25
COVERAGE = SENTENCE_FEATURES.index("coverage")
CONTINUES = re.compile(
    r"^(therefore|so|thus|hence|that is why|this is why|deshalb|daher|darum|also|deswegen)\b"
    r"|^(因此|所以|因而|于是|於是|故)",
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
    """A candidate answer sentence inside a retrieved passage, its features and its score."""

    hit: Hit
    start: int
    end: int
    text: str
    similarity: float
    coverage: float
    position: int
    features: tuple[float, ...]
    score: float
    """The fitted probability that the sentence holds the answer (hand-set score without a model)."""


def question_language(question: str) -> str:
    """The language to answer in (English when unsure)."""
    language = detect_language(question)
    return language if language in ABSTAIN else "en"


def content_terms(text: str) -> set[str]:
    """Question terms that carry meaning: lexical tokens longer than one character."""
    return {t for t in lexical_tokens(text) if len(t) > 1 or not t.isascii()}


@lru_cache(maxsize=1024)
def word_translations(question: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each of the question's words (not its pinyin bridges) with its dictionary translations, looked
    up in the question's language; cached, since the reader and the short answer both need them."""
    language = detect_language(question)
    words = sorted(t for t in content_terms(question) if not t.startswith("py:"))
    return tuple((word, frozenset(translate([word], language))) for word in words)


def translated_terms(question: str) -> frozenset[str]:
    """Every dictionary translation of the question's words."""
    return frozenset().union(*(forms for _, forms in word_translations(question)))


def term_coverage(weighted: list[tuple[frozenset[str], float]], tokens: frozenset[str]) -> float:
    """The IDF-weighted share of the question's words a sentence holds, each as itself or as one of
    its translations: a word every passage has counts less than "Singapur" or 新加坡.

    >>> term_coverage([(frozenset({"singapur", "新加坡"}), 3.0), (frozenset({"tencent"}), 1.0)], frozenset({"新加坡"}))
    0.75
    """
    total = sum(weight for _, weight in weighted)
    return sum(weight for forms, weight in weighted if forms & tokens) / total if total else 0.0


def focus_weights(
    weighted: list[tuple[frozenset[str], float]], passages: list[frozenset[str]]
) -> list[tuple[frozenset[str], float]]:
    """Each question word's weight times the share of the read ``passages`` that lack it: the topic's
    name, which every passage read holds, weighs nothing; the word that sets one passage apart weighs most.

    >>> focused = focus_weights([(frozenset({"liu"}), 4.0), (frozenset({"singapur", "新加坡"}), 3.0)],
    ...                         [frozenset({"liu", "新加坡"}), frozenset({"liu"})])
    >>> [weight for _, weight in focused]
    [0.0, 1.5]
    """
    n = max(1, len(passages))
    return [(forms, weight * (1 - sum(bool(forms & p) for p in passages) / n)) for forms, weight in weighted]


@lru_cache(maxsize=50_000)
def sentence_terms(text: str) -> frozenset[str]:
    """The lexical tokens of a passage sentence, cached: the same passages answer many questions."""
    return frozenset(lexical_tokens(text))


def score_sentences(
    engine: Engine, question: str, hits: list[Hit], passages: int = ANSWER_PASSAGES, model: Logistic | None = None
) -> list[ScoredSentence]:
    """Every sentence of the best ``passages`` hits, described by its features and ranked, best first,
    by ``model`` (default: the fitted reader's sentence ranker)."""
    read = hits[:passages]
    kind = question_type(question)
    by_chunk = {hit.chunk_id: hit for hit in read}
    snap = engine.snapshot
    chunks = [snap.chunks[snap.positions[cid]] for cid in by_chunk if cid in snap.positions]
    stored = engine.chunk_sentences(chunks)  # split once, at index time
    candidates = [
        (by_chunk[record.chunk_id], record, vector)
        for record, vector in stored
        if quotable(record.text, kind, snap.documents[record.doc_id].text, record.start, record.end)
    ]
    if not candidates:
        return []
    similarities = sentence_similarities(engine, question, np.stack([vector for _, _, vector in candidates]))
    terms = content_terms(question)
    words = {t for t in terms if not t.startswith("py:")}
    bridges = terms - words
    translated = translated_terms(question)
    idf = snap.lexical.idf
    weighted = [(forms | {word}, idf(word)) for word, forms in word_translations(question)]
    focused = focus_weights(weighted, [sentence_terms(hit.text) for hit in read])
    top_similarity, top_passage = similarities.max(axis=0), read[0].score
    asked_in = language_group(detect_language(question))
    rows: list[tuple[float, ...]] = []
    for (hit, span, _), similarity in zip(candidates, similarities, strict=True):
        tokens = sentence_terms(span.text)
        rows.append(
            (
                float(similarity[0]),
                float(similarity[0] - top_similarity[0]),
                float(similarity[1]),
                float(similarity[1] - top_similarity[1]),
                hit.score,
                hit.score - top_passage,
                1.0 / hit.rank,
                len(words & tokens) / len(words) if words else 0.0,
                len(bridges & tokens) / len(bridges) if bridges else 0.0,
                len(translated & tokens) / len(translated) if translated else 0.0,
                term_coverage(weighted, tokens),
                float(bool(kind)),
                float(has_value(span.text, kind)),
                log_length(span.text),
                float(len(span.text) < SHORT_CHARS),
                float(span.position == 0),
                float(language_group(hit.language) == asked_in),
                term_coverage(focused, tokens),
            )
        )
    reader = load_reader()
    model = model or (reader.ranker if reader is not None else None)
    if model is not None:
        scores = [float(p) for p in model.probability(np.asarray(rows, dtype=np.float64))]
    else:
        scores = [row[0] + COVERAGE_WEIGHT * row[COVERAGE] for row in rows]
    scored = [
        ScoredSentence(hit, span.start, span.end, span.text, row[0], row[COVERAGE], span.position, row, score)
        for (hit, span, _), row, score in zip(candidates, rows, scores, strict=True)
    ]
    scored.sort(key=lambda s: s.score, reverse=True)
    return scored


def sentence_similarities(engine: Engine, question: str, vectors: np.ndarray) -> np.ndarray:
    """Cosine similarity of the question to each sentence under the first two embedders (one column
    each; the second is 0 when only one embedder is configured). A stored sentence vector is every
    embedder's vector side by side, in the configured order."""
    out = np.zeros((len(vectors), READ_EMBEDDERS), dtype=np.float64)
    start = 0
    for i, embedder in enumerate(engine.embedders):
        if i < READ_EMBEDDERS:
            out[:, i] = vectors[:, start : start + embedder.dim] @ engine.query_vector(i, question)
        start += embedder.dim
    return out


def unknown_ratio(engine: Engine, query: str) -> float:
    """Share of the question's words that occur nowhere in the corpus, neither as themselves nor as
    one of their dictionary translations (off-topic signal; "Singapore" is known when only 新加坡 is).

    Words that read as pinyin (Taibing, Aishi) are left out: the bridge tokens match them.
    """
    vocabulary = engine.snapshot.lexical.vocabulary
    words = [(w, forms) for w, forms in word_translations(query) if not (w.isascii() and split_pinyin(w))]
    if not words:
        return 0.0
    return sum(w not in vocabulary and not any(f in vocabulary for f in forms) for w, forms in words) / len(words)


def confidence(
    scored: list[ScoredSentence], top_passage: float, unknown: float, prominence: tuple[float, ...]
) -> float:
    """How sure the answer is, 0..1: the fitted probability that the best quote answers the question.
    ``top_passage`` is the first passage's score (as ``eval.fit_reader`` reads it), whichever passage
    the best sentence comes from."""
    if not scored:
        return 0.0
    best = scored[0]
    reader = load_reader()
    if reader is None:
        return round(max(0.0, min(1.0, best.score - UNKNOWN_WEIGHT * unknown)), 4)
    row = answer_features([s.score for s in scored[:2]], best.features, top_passage, unknown, prominence)
    return round(float(reader.answer.probability(np.asarray([row], dtype=np.float64))[0]), 4)


def abstain_threshold(configured: float | None) -> float:
    """The configured threshold, else the one fitted with the reader (FAR <= 0.05 on tuning data)."""
    if configured is not None:
        return configured
    reader = load_reader()
    return reader.threshold if reader is not None else LEGACY_THRESHOLD


def compose(
    scored: list[ScoredSentence], documents: Mapping[str, DocumentRecord], second_ratio: float = SECOND_RATIO
) -> tuple[str, list[Citation], int]:
    """The best sentences, each followed by its marker, their citations, and how many were dropped.
    Another sentence is quoted when its score is at least ``second_ratio`` times the best one's."""
    if not scored:
        return "", [], 0
    best = scored[0]
    picked = [best]
    preceding, following = _neighbour(scored, best, -1), _neighbour(scored, best, 1)
    if preceding is not None and CONTINUES.search(best.text):
        picked.insert(0, preceding)  # "Therefore, Baidu will not do it" needs the reason before it
    if following is not None and CONTINUES.search(following.text):
        picked.append(following)  # "Therefore, ... Baidu will not do it" completes the evidence
    for candidate in scored[1:]:
        if len(picked) >= MAX_SENTENCES or candidate.score < second_ratio * best.score:
            break
        if all(candidate.text != p.text for p in picked):
            picked.append(candidate)
            break
    return quote(picked, documents)


def quote(picked: list[ScoredSentence], documents: Mapping[str, DocumentRecord]) -> tuple[str, list[Citation], int]:
    """The sentences, each followed by its marker, their citations, and how many were dropped because
    their offsets no longer hold them."""
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
        citations.append(cite(len(citations) + 1, s, section_of(text, s.start)))
    return " ".join(parts), citations, dropped


def _neighbour(scored: list[ScoredSentence], sentence: ScoredSentence, step: int) -> ScoredSentence | None:
    """The candidate ``step`` sentences after ``sentence`` in the same passage (before it when negative)."""
    chunk, position = sentence.hit.chunk_id, sentence.position + step
    return next((s for s in scored if s.hit.chunk_id == chunk and s.position == position), None)


HEADING = re.compile(r"^[ \t]*(?:#{1,6}\s+|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、)]\s*)(\S.{1,78})$", re.MULTILINE)


def section_of(text: str, start: int) -> str | None:
    """The numbered or marked heading the quote at ``start`` falls under, if the document has them.

    >>> section_of("Title\\n\\n一、沒被勸退\\n\\n他說。\\n\\n二、做出 Sora\\n\\n後來。", 14)
    '一、沒被勸退'
    """
    found = None
    for match in HEADING.finditer(text, 0, start):
        found = match.group(0).strip()
    return found


def cite(n: int, s: ScoredSentence, section: str | None = None) -> Citation:
    """Citation ``n`` for a scored sentence: its quote, passage, offsets and section."""
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
        section=section,
    )
