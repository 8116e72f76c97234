"""The public question-answering calls: ``search`` and ``ask``.

Both use the process-wide engine unless one is passed (tests, the HTTP app).
"""

from __future__ import annotations

import logging
import time
import unicodedata
from dataclasses import dataclass

from newsqa.errors import InvalidInputError
from newsqa.settings import TOP_K_MAX

from .answer import (
    ABSTAIN,
    ANSWER_PASSAGES,
    ScoredSentence,
    abstain_threshold,
    compose,
    confidence,
    question_language,
    score_sentences,
    unknown_ratio,
)
from .context import contextual_query
from .engine import Engine, get_engine
from .gloss import with_glosses
from .rerank import find
from .retrieve import MODES, Mode, question_prominence, retrieve
from .short import short_answer, similarity_to
from .types import Answer, Hit, Turn, Where

log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 2000


def _check(text: str, top_k: int) -> str:
    """The question without control characters; InvalidInputError when it cannot be served."""
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()
    if not text:
        raise InvalidInputError("the question is empty")
    if not any(ch.isalnum() for ch in text):
        raise InvalidInputError("the question has no letters or digits in it")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidInputError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
    if not 1 <= top_k <= TOP_K_MAX:
        raise InvalidInputError(f"top_k must be between 1 and {TOP_K_MAX}")
    return text


def search(
    query: str,
    top_k: int | None = None,
    languages: list[str] | None = None,
    doc_ids: list[str] | None = None,
    mode: Mode = "hybrid",
    engine: Engine | None = None,
    where: Where | None = None,
) -> list[Hit]:
    """The ``top_k`` passages (default: the ``QA_TOP_K`` setting) that best match ``query``, in any
    language of the corpus."""
    if mode not in MODES:
        raise InvalidInputError(f"mode must be one of {', '.join(MODES)}")
    engine = engine or get_engine()
    top_k = engine.settings.top_k if top_k is None else top_k
    languages, doc_ids = _filters(engine, where, languages, doc_ids)
    return find(engine, _check(query, top_k), top_k, languages, doc_ids, mode).hits


def _filters(
    engine: Engine, where: Where | None, languages: list[str] | None, doc_ids: list[str] | None
) -> tuple[list[str] | None, list[str] | None]:
    """Languages and document ids to keep, from ``where`` (metadata filters) and the plain arguments."""
    if where is None:
        return languages, doc_ids
    allowed = where.allowed(engine.snapshot.documents)
    if doc_ids is not None:
        allowed = [d for d in doc_ids if allowed is None or d in allowed]
    return (where.languages or languages), allowed


@dataclass(frozen=True)
class Reading:
    """What ``ask`` reads before it decides: the search, the ranked sentences, and the question-level
    signals of the answer model."""

    query: str
    hits: list[Hit]
    scored: list[ScoredSentence]
    unknown: float
    prominence: tuple[float, ...]

    @property
    def top_passage(self) -> float:
        """The first passage's score (what the answer model reads, whichever passage the best sentence is in)."""
        return self.hits[0].score if self.hits else 0.0

    def confidence(self, scored: list[ScoredSentence] | None = None) -> float:
        """How sure an answer from this reading is (``qa.answer.confidence``), its sentences ranked
        as read or as ``scored`` (an experiment's other ranking of them)."""
        return confidence(self.scored if scored is None else scored, self.top_passage, self.unknown, self.prominence)


def read(
    engine: Engine,
    question: str,
    history: list[Turn],
    top_k: int,
    mode: Mode = "hybrid",
    languages: list[str] | None = None,
    doc_ids: list[str] | None = None,
) -> Reading:
    """Search with the turn the question needs (if any); score sentences and signals on the question
    alone, so history never lifts confidence. ``ask`` and the reader's fitting both read this way."""
    query = contextual_query(question, history)
    found = retrieve(engine, query, top_k, languages, doc_ids, mode)  # the first stage (see qa.rerank)
    standing = found.prominence
    if query != question and mode != "lexical":
        standing = question_prominence(engine, question, found.mask)
    scored = score_sentences(engine, question, found.hits)
    return Reading(query, found.hits, scored, unknown_ratio(engine, question), standing)


def ask(
    question: str,
    history: list[Turn] | list[dict[str, str]] | None = None,
    top_k: int | None = None,
    mode: Mode = "hybrid",
    engine: Engine | None = None,
    gloss: bool = False,
    where: Where | None = None,
) -> Answer:
    """Answer from the documents with a citation per sentence, or say they do not hold the answer.
    With ``gloss``, quotes in another language than the question carry word glosses; ``where`` limits the
    documents used (language, ids, source, publication dates)."""
    started = time.perf_counter()
    engine = engine or get_engine()
    top_k = engine.settings.top_k if top_k is None else top_k
    question = _check(question, top_k)
    turns = [t if isinstance(t, Turn) else Turn(str(t["role"]), str(t["content"])) for t in history or []]
    language = question_language(question)
    languages, doc_ids = _filters(engine, where, None, None)
    reading = read(engine, question, turns, top_k, mode, languages, doc_ids)
    query, hits, scored = reading.query, reading.hits, reading.scored
    sure = reading.confidence()
    answer = Answer(question=question, answer="", abstained=True, confidence=sure, language=language, query=query)
    if scored and sure >= abstain_threshold(engine.settings.abstain_threshold):
        answer.answer, answer.citations, answer.dropped_citations = compose(scored, engine.snapshot.documents)
        answer.abstained = not answer.citations
    if answer.abstained:
        answer.answer = ABSTAIN[language]
    cited = {c.chunk_id for c in answer.citations}
    answer.related = [h for h in hits if h.chunk_id not in cited]
    if engine.settings.llm_url and not answer.abstained:
        from .generate import generate

        answer = generate(engine.settings, answer, hits[:ANSWER_PASSAGES], scored)
    if not answer.abstained:
        similarity = similarity_to(engine.embedders[0], engine.query_vector(0, question))
        answer.short = short_answer(question, answer.citations, language, similarity)
    if gloss:
        answer.citations = [with_glosses(c, language) for c in answer.citations]
    answer.timing_ms = round((time.perf_counter() - started) * 1000, 2)
    return answer
