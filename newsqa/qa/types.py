"""What ``search`` and ``ask`` return: plain dataclasses (pydantic only at the HTTP edge)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Located:
    """Where a passage or a quote sits: a chunk of a document, and offsets into the document text."""

    doc_id: str
    title: str
    language: str
    chunk_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Hit(Located):
    """A retrieved passage; ``document text[start:end] == text``."""

    rank: int
    score: float
    text: str


@dataclass(frozen=True)
class Gloss:
    """A dictionary gloss of one word of a quote: ``document text[start:end] == text``; ``meaning``
    is written in ``language``; ``reading`` is the pinyin of a Chinese word."""

    text: str
    start: int
    end: int
    meaning: str
    language: str
    reading: str | None = None


@dataclass(frozen=True)
class Citation(Located):
    """One ``[n]`` of an answer: ``document text[start:end] == quote`` and ``quote in passage``."""

    n: int
    quote: str
    passage: str
    score: float
    section: str | None = None
    """The heading the quote falls under, when the document has numbered or marked headings."""
    glosses: list[Gloss] | None = None
    """With ``gloss`` asked for and the quote in another language than the question: its words glossed."""


@dataclass(frozen=True)
class ShortAnswer:
    """The value a question asks for, as a span of cited quote ``n``: ``document text[start:end] == text``."""

    text: str
    n: int
    doc_id: str
    start: int
    end: int
    reading: str | None = None
    """A Chinese number or date written for the question's language ("1.5亿" -> "150,000,000")."""


@dataclass(frozen=True)
class Turn:
    """One message of a conversation."""

    role: str
    content: str


@dataclass
class Answer:
    """An answer whose every sentence ends with a citation marker, or an abstention."""

    question: str
    answer: str
    abstained: bool
    confidence: float
    citations: list[Citation] = field(default_factory=list)
    related: list[Hit] = field(default_factory=list)
    language: str = "en"
    warning: str | None = None
    timing_ms: float = 0.0
    query: str = ""
    """What was searched: the question, or the question joined to the turn it needed."""
    dropped_citations: int = 0
    """Citations removed because their offsets did not hold the quote (counted as failures in eval)."""
    short: ShortAnswer | None = None
    """For a question asking for a quantity or a time: the value inside the first quote."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
