"""``qa mcp``: the index over the Model Context Protocol, with the official ``mcp`` SDK.

Tools (each with an input schema; results as structured content and as JSON text):
``search`` (passages), ``ask`` (an answer with citations), ``get_document`` (a document's text,
or a slice of it around a citation's offsets) and ``list_documents``. A question the bot cannot
serve, an unknown document or a bad argument is a tool error (``isError``) with a plain message,
never a crash. Stdio by default; streamable HTTP on 127.0.0.1 with ``--http``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from newsqa.errors import QAError
from newsqa.settings import TOP_K_MAX

from .backend import Backend
from .types import Citation, Hit, ShortAnswer

Language = Literal["en", "de", "zh-Hant", "zh-Hans"]
TopK = Annotated[int, Field(ge=1, le=TOP_K_MAX, description="How many passages to read or return.")]


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(..., max_length=20_000)


class Passages(BaseModel):
    query: str
    results: list[Hit]


class Reply(BaseModel):
    """An answer as ``ask`` returns it (``newsqa.qa.types``: the one definition of each shape)."""

    answer: str = Field(description="The answer, each sentence followed by its [n] marker.")
    abstained: bool = Field(description="True when the documents do not hold the answer.")
    confidence: float
    language: str
    short: ShortAnswer | None = Field(None, description="The value asked for (number, date) with offsets.")
    citations: list[Citation] = Field(description="One per [n]: the quote and its offsets into get_document.")
    related: list[Hit] = Field(description="Passages worth reading when the answer abstains.")


class Document(BaseModel):
    doc_id: str
    title: str
    language: str
    start: int
    end: int
    text: str = Field(description="The clean text (or the slice start:end) that citation offsets index into.")


class DocumentList(BaseModel):
    documents: list[dict[str, Any]]


def build(where: Backend) -> Any:
    """The MCP server with its four tools, answering from ``where``."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError

    server = MCPServer(
        "newsqa",
        instructions="Cited answers from indexed news articles in English, German and Chinese. "
        "Use `ask` for an answer with quotes, `search` for passages, `get_document` to read around a quote.",
    )

    def call(fn: Any) -> Any:
        try:
            return fn()
        except QAError as err:
            raise ToolError(str(err)) from None

    @server.tool()
    def search(
        query: Annotated[str, Field(min_length=1, max_length=2000, description="What to look for, any language.")],
        top_k: TopK = 5,
        languages: Annotated[list[Language] | None, Field(description="Only passages in these languages.")] = None,
    ) -> Passages:
        """Passages of the indexed articles that best match the query, in any language of the corpus."""
        hits = call(lambda: where.search(query, top_k, list(languages) if languages else None, None))
        return Passages.model_validate({"query": query, "results": hits})

    @server.tool()
    def ask(
        question: Annotated[str, Field(min_length=1, max_length=2000, description="The question, any language.")],
        history: Annotated[list[Turn] | None, Field(description="Earlier turns, oldest first.")] = None,
        top_k: TopK = 5,
        gloss: Annotated[bool, Field(description="Gloss quotes that are not in the question's language.")] = False,
    ) -> Reply:
        """Answer from the documents with a quoted citation per sentence, or say they do not hold the answer."""
        turns = [t.model_dump() for t in history or []]
        data = call(lambda: where.ask(question, turns, top_k, gloss))
        return Reply.model_validate(data)

    @server.tool()
    def get_document(
        doc_id: Annotated[str, Field(min_length=1, max_length=128, description="A doc_id from search or ask.")],
        start: Annotated[int, Field(ge=0, description="First character to return.")] = 0,
        end: Annotated[int | None, Field(ge=0, description="Character after the last one; default the end.")] = None,
    ) -> Document:
        """The clean text of one document (or a slice of it), which citation offsets index into."""
        d = call(lambda: where.document(doc_id))
        stop = len(d["text"]) if end is None else min(end, len(d["text"]))
        if start > stop:
            raise ToolError(f"start ({start}) is after end ({stop})")
        return Document(
            doc_id=d["doc_id"],
            title=d["title"],
            language=d.get("language", ""),
            start=start,
            end=stop,
            text=d["text"][start:stop],
        )

    @server.tool()
    def list_documents() -> DocumentList:
        """Every indexed document: doc_id, title, language, chunk count."""
        return DocumentList(documents=call(where.documents))

    return server


def serve_mcp(where: Backend, http: bool = False, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Run until the client hangs up (stdio) or the process is stopped (HTTP)."""
    server = build(where)
    if http:
        server.run("streamable-http", host=host, port=port)
    else:
        server.run("stdio")
