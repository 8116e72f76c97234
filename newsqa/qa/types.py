"""What ``search`` and ``ask`` return: plain dataclasses (pydantic only at the HTTP edge)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Where:
    """Which documents a search or an answer may use; fields left empty do not filter.

    ``sources`` match a document whose source starts with one of them or whose site is one of them;
    a date range keeps only documents whose publication date is known and inside it (inclusive).

    >>> from types import SimpleNamespace as D
    >>> docs = {"a": D(source="https://x.com/1", site="X", published="2024-12-03"),
    ...         "b": D(source="seeds/b.txt", site="", published="")}
    >>> Where(sources=["https://x.com/"]).allowed(docs), Where(published_to="2024-12-31").allowed(docs)
    (['a'], ['a'])
    >>> Where(languages=["en"]).allowed(docs) is None
    True
    """

    languages: list[str] | None = None
    doc_ids: list[str] | None = None
    sources: list[str] | None = None
    published_from: str | None = None
    published_to: str | None = None

    def allowed(self, documents: Mapping[str, Any]) -> list[str] | None:
        """The ids of the documents allowed, or None when no document-level filter is set."""
        if self.doc_ids is None and not self.sources and not self.published_from and not self.published_to:
            return None
        keep = []
        for doc_id, doc in documents.items():
            if self.doc_ids is not None and doc_id not in self.doc_ids:
                continue
            if self.sources and not any(doc.source.startswith(s) or doc.site == s for s in self.sources):
                continue
            if (self.published_from or self.published_to) and not doc.published:
                continue
            if self.published_from and doc.published < self.published_from:
                continue
            if self.published_to and doc.published > self.published_to:
                continue
            keep.append(doc_id)
        return keep


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
