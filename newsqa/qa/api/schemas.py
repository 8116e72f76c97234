"""Pydantic models of the HTTP API (the only place pydantic models live)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from newsqa.qa.pipeline import MAX_QUESTION_CHARS


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only whitespace")
    return value


class SearchRequest(BaseModel):
    query: str = Field(..., max_length=MAX_QUESTION_CHARS, examples=["Where did Liu Wei start his company?"])
    top_k: int = Field(5, ge=1, le=50)
    languages: list[Literal["en", "de", "zh-Hant", "zh-Hans"]] | None = None
    doc_ids: list[str] | None = None

    _check_query = field_validator("query")(_not_blank)


class HistoryTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(..., max_length=20_000)


class AskRequest(BaseModel):
    question: str = Field(..., max_length=MAX_QUESTION_CHARS, examples=["Who is Wang Changhu?"])
    top_k: int = Field(5, ge=1, le=50)
    history: list[HistoryTurn] | None = Field(None, max_length=50)

    _check_question = field_validator("question")(_not_blank)


class HitOut(BaseModel):
    rank: int
    score: float
    doc_id: str
    title: str
    language: str
    chunk_id: str
    text: str
    start: int
    end: int


class CitationOut(BaseModel):
    n: int
    doc_id: str
    title: str
    language: str
    chunk_id: str
    quote: str
    passage: str
    start: int
    end: int
    score: float


class ShortOut(BaseModel):
    text: str
    n: int
    doc_id: str
    start: int
    end: int


class SearchResponse(BaseModel):
    query: str
    results: list[HitOut]
    timing_ms: float


class AskResponse(BaseModel):
    question: str
    answer: str
    abstained: bool
    confidence: float
    citations: list[CitationOut]
    related: list[HitOut]
    timing_ms: float
    warning: str | None = None
    query: str = ""
    dropped_citations: int = 0
    short: ShortOut | None = None


class HealthResponse(BaseModel):
    status: Literal["ok", "degraded"]
    documents: int
    chunks: int
    embedder: str
    reason: str | None = None


class DocumentSummary(BaseModel):
    doc_id: str
    title: str
    language: str
    chunks: int
    sha256: str


class DocumentOut(DocumentSummary):
    text: str


class DocumentIn(BaseModel):
    doc_id: str | None = Field(None, max_length=128)
    title: str | None = Field(None, max_length=500)
    text: str

    _check_text = field_validator("text")(_not_blank)


class IngestResponse(BaseModel):
    doc_id: str
    chunks: int


class DeleteResponse(BaseModel):
    doc_id: str
    deleted: bool
