"""Pydantic models of the HTTP API (the only place pydantic models live); responses that carry an
answer or passages reuse the dataclasses of ``newsqa.qa.types``."""

from __future__ import annotations

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from newsqa.index.records import DocumentRecord
from newsqa.qa.pipeline import MAX_QUESTION_CHARS
from newsqa.qa.types import Answer, Hit, Where
from newsqa.settings import TOP_K_MAX


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only whitespace")
    return value


def _not_blank_if_given(value: str | None) -> str | None:
    return None if value is None else _not_blank(value)


class Filters(BaseModel):
    """Which documents may be used; fields left out do not filter."""

    languages: list[Literal["en", "de", "zh-Hant", "zh-Hans"]] | None = None
    doc_ids: list[str] | None = None
    sources: list[str] | None = Field(
        None, description="Source prefixes (a URL, site or folder: 'https://example.com/news/') or site names."
    )
    published_from: date | None = Field(None, description="Published on or after this date (YYYY-MM-DD).")
    published_to: date | None = Field(None, description="Published on or before this date (YYYY-MM-DD).")

    def where(self) -> Where:
        return Where(
            languages=[str(lang) for lang in self.languages] if self.languages else None,
            doc_ids=self.doc_ids,
            sources=self.sources,
            published_from=self.published_from.isoformat() if self.published_from else None,
            published_to=self.published_to.isoformat() if self.published_to else None,
        )


class SearchRequest(Filters):
    query: str = Field(..., max_length=MAX_QUESTION_CHARS, examples=["Where did Liu Wei start his company?"])
    top_k: int | None = Field(None, ge=1, le=TOP_K_MAX, description="Passages to return; default QA_TOP_K.")

    _check_query = field_validator("query")(_not_blank)


class HistoryTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(..., max_length=20_000)


class AskRequest(Filters):
    question: str = Field(..., max_length=MAX_QUESTION_CHARS, examples=["Who is Wang Changhu?"])
    top_k: int | None = Field(None, ge=1, le=TOP_K_MAX, description="Passages to read; default QA_TOP_K.")
    history: list[HistoryTurn] | None = Field(None, max_length=50)
    gloss: bool = Field(False, description="Word glosses for quotes not in the question's language.")

    _check_question = field_validator("question")(_not_blank)


class SearchResponse(BaseModel):
    query: str
    results: list[Hit]
    timing_ms: float


AskResponse = Answer
"""An answer is returned as the pipeline builds it: ``Answer``, ``Citation``, ``Hit`` and ``ShortAnswer``
(``newsqa.qa.types``) are the one definition of each shape, and FastAPI derives their schema."""


class HealthResponse(BaseModel):
    status: Literal["ok", "degraded"]
    documents: int
    chunks: int
    embedder: str
    reason: str | None = None


class Example(BaseModel):
    question: str
    doc_id: str
    language: str


class ExamplesResponse(BaseModel):
    documents: int
    languages: dict[str, int]
    questions: list[Example]


class DocumentSummary(BaseModel):
    doc_id: str
    title: str
    language: str
    chunks: int
    sha256: str = Field(..., description="Content hash of the clean text.")
    source: str = Field(..., description="The file path or URL it came from, or api:<id> when posted as text.")
    author: str = ""
    published: str = Field("", description="Publication date (YYYY-MM-DD) when the source names one.")
    site: str = ""
    indexed_at: str = Field("", description="When this version was indexed (ISO 8601, UTC).")

    @classmethod
    def of(cls, record: DocumentRecord) -> Self:
        fields = {name: getattr(record, name) for name in cls.model_fields if hasattr(record, name)}
        return cls(**fields)


class DocumentOut(DocumentSummary):
    text: str


class DocumentIn(BaseModel):
    """A document given as text, or a URL to fetch (a web page, PDF, DOCX, text or an RSS/Atom feed)."""

    doc_id: str | None = Field(None, max_length=128, description="Default: derived from the URL or the text.")
    title: str | None = Field(None, max_length=500)
    text: str | None = None
    url: str | None = Field(None, max_length=2000, examples=["https://example.com/news/article.html"])
    replace: bool = Field(False, description="Replace a document with the same id (otherwise: 409).")

    _check_text = field_validator("text")(_not_blank_if_given)

    @model_validator(mode="after")
    def _text_or_url(self) -> Self:
        if (self.text is None) == (self.url is None):
            raise ValueError("give either 'text' or 'url', not both and not neither")
        return self


class DocumentUpload(BaseModel):
    """The multipart form of ``POST /documents`` (the same document as a file)."""

    file: bytes = Field(
        ...,
        json_schema_extra={"format": "binary"},
        description="A .txt, .md, .html, .pdf or .docx file, 5 MB at most.",
    )
    doc_id: str | None = Field(None, max_length=128, description="Default: the file name without its extension.")
    title: str | None = Field(None, max_length=500, description="Default: the HTML title or the first line.")
    replace: bool = Field(False, description="Replace a document with the same id (otherwise: 409).")


DOCUMENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": DocumentIn.model_json_schema()},
            "multipart/form-data": {"schema": DocumentUpload.model_json_schema()},
        },
    }
}
"""Both request forms of ``POST /documents`` in the OpenAPI schema (the route reads the body itself,
choosing by content type)."""


class IngestResponse(BaseModel):
    doc_id: str
    chunks: int
    status: Literal["added", "replaced", "unchanged"]
    document: DocumentSummary


class FeedIngestResponse(BaseModel):
    """What a feed URL brought: its articles, those left alone (indexed, not updated), those skipped."""

    feed: str
    documents: list[IngestResponse]
    unchanged: list[str]
    skipped: list[dict[str, str]]


class DeleteResponse(BaseModel):
    doc_id: str
    deleted: bool


# The OpenAI-compatible chat endpoint (/v1). Fields OpenAI defines and the bot cannot use
# (temperature, max_tokens, tools, ...) are accepted and ignored; see the README's table.


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")
    include_usage: bool = False


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: str = Field(..., examples=["newsqa"], description="One of GET /v1/models.")
    messages: list[ChatMessage] = Field(..., min_length=1, max_length=51)
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: int = Field(1, ge=1, le=1, description="Only one choice is ever made.")
    top_k: int | None = Field(None, ge=1, le=TOP_K_MAX, description="Extension: passages to read.")
    gloss: bool = Field(False, description="Extension: word glosses for quotes not in the question's language.")


class ChatCitation(BaseModel):
    """One ``[n]`` of the reply: ``document text[start:end] == quote``; ``url`` opens the document."""

    n: int
    doc_id: str
    title: str
    language: str
    quote: str
    start: int
    end: int
    url: str


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class ChatChoice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    """An OpenAI chat completion plus the bot's extensions: ``citations`` (one per ``[n]`` marker)
    and ``newsqa`` (the full answer, as ``POST /ask`` returns it)."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[ChatChoice]
    usage: Usage
    citations: list[ChatCitation]
    newsqa: AskResponse


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "newsqa"
    description: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
