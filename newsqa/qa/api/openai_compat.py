"""The OpenAI-compatible routes: ``POST /v1/chat/completions`` and ``GET /v1/models``.

The last user message is the question, earlier user and assistant messages are the history
(system messages are ignored: the bot quotes, it does not follow instructions). The reply's
content is the answer with ``[n]`` markers; ``citations`` carries one entry per marker. With
``stream: true`` the reply comes as Server-Sent Events in OpenAI's chunk format, ending with
``[DONE]``: the role at once, then the answer sentence by sentence, then a last chunk with
``finish_reason`` and the citations.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from newsqa.errors import QAError
from newsqa.index.tokens import count_tokens
from newsqa.qa.pipeline import ask
from newsqa.qa.types import Answer, Turn

from .deps import EngineDep, require_read_key
from .schemas import (
    AssistantMessage,
    ChatChoice,
    ChatCitation,
    ChatCompletion,
    ChatMessage,
    ChatRequest,
    ModelCard,
    ModelList,
    Usage,
)

MODELS = {
    "newsqa": "Cited answers; the reply is the answer text with [n] markers, sources in `citations`.",
    "newsqa-sources": "The same, with a numbered list of the quoted sources appended to the reply text, "
    "for chat UIs that show only the text.",
}
STARTED = int(time.time())

v1 = APIRouter(prefix="/v1", dependencies=[Depends(require_read_key)], tags=["OpenAI-compatible"])


@v1.get("/models", response_model=ModelList)
def list_models() -> ModelList:
    """The models a chat client can pick: both answer from the indexed documents."""
    return ModelList(data=[ModelCard(id=name, created=STARTED, description=text) for name, text in MODELS.items()])


@v1.post("/chat/completions", response_model=ChatCompletion)
async def chat_completions(body: ChatRequest, request: Request, engine: EngineDep) -> Any:
    """Answer the last user message from the documents, OpenAI-style (plain or streamed)."""
    if body.model not in MODELS:
        raise HTTPException(404, detail=f"the model '{body.model}' does not exist; use one of {', '.join(MODELS)}")
    question, history = split_messages(body.messages)
    reply_id, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
    base = str(request.base_url).rstrip("/")

    def answer() -> Answer:
        return ask(question, history=history, top_k=body.top_k, engine=engine, gloss=body.gloss)

    if not body.stream:
        result = await run_in_threadpool(answer)
        content = reply_text(result, body.model)
        return ChatCompletion(
            id=reply_id,
            created=created,
            model=body.model,
            choices=[ChatChoice(message=AssistantMessage(content=content))],
            usage=usage(body.messages, content),
            citations=citations(result, base),
            newsqa=result,
        )
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    return EventSourceResponse(stream(answer, body, reply_id, created, base, include_usage), ping=10, send_timeout=30)


async def stream(
    answer: Any, body: ChatRequest, reply_id: str, created: int, base: str, include_usage: bool
) -> AsyncIterator[dict[str, str]]:
    """OpenAI chunks: the role at once (a chat UI shows the bot is writing), the answer piece by piece,
    then ``finish_reason`` with the citations; errors come as an ``error`` object, as OpenAI sends them."""

    def chunk(delta: dict[str, Any] | None, finish: str | None = None, **extra: Any) -> dict[str, str]:
        payload = {
            "id": reply_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": body.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}] if delta is not None else [],
            **extra,
        }
        return {"data": json.dumps(payload, ensure_ascii=False)}

    yield chunk({"role": "assistant", "content": ""})
    try:
        result: Answer = await run_in_threadpool(answer)
    except QAError as err:
        yield {"data": json.dumps({"error": {"message": str(err), "type": "invalid_request_error"}})}
        return
    content = reply_text(result, body.model)
    for piece in pieces(content):
        yield chunk({"content": piece})
    extras = {
        "citations": [c.model_dump() for c in citations(result, base)],
        "newsqa": result.to_dict(),
    }
    yield chunk({}, "stop", **extras)
    if include_usage:
        yield chunk(None, usage=usage(body.messages, content).model_dump())  # OpenAI's usage chunk has no choices
    yield {"data": "[DONE]"}


def split_messages(messages: list[ChatMessage]) -> tuple[str, list[Turn]]:
    """The question (the last message, which must be the user's) and the user/assistant turns before it."""
    texts = [(m.role, message_text(m)) for m in messages]
    role, question = texts[-1]
    if role != "user":
        raise HTTPException(422, detail="the last message must be the user's question (role 'user')")
    history = [Turn(r, t) for r, t in texts[:-1] if r in ("user", "assistant") and t.strip()]
    return question, history


def message_text(message: ChatMessage) -> str:
    """The text of a message; text parts are joined, other parts (images, audio) are refused."""
    if message.content is None or isinstance(message.content, str):
        return message.content or ""
    kinds = {p.type for p in message.content} - {"text"}
    if kinds:
        raise HTTPException(422, detail=f"only text content is supported, not {', '.join(sorted(kinds))}")
    return "\n".join(p.text or "" for p in message.content)


def reply_text(answer: Answer, model: str) -> str:
    """The answer with its ``[n]`` markers; for ``newsqa-sources`` the quoted sources are listed after it."""
    if model != "newsqa-sources":
        return answer.answer
    if answer.citations:
        lines = [f"[{c.n}] {c.title} ({c.doc_id}): “{c.quote}”" for c in answer.citations]
        return answer.answer + "\n\nSources:\n" + "\n".join(lines)
    related = [f"- {h.title} ({h.doc_id})" for h in answer.related[:3]]
    return answer.answer + ("\n\nRelated reading:\n" + "\n".join(related) if related else "")


def citations(answer: Answer, base: str) -> list[ChatCitation]:
    """One citation per ``[n]``, with a link to the document text the offsets index into."""
    return [
        ChatCitation(
            n=c.n,
            doc_id=c.doc_id,
            title=c.title,
            language=c.language,
            quote=c.quote,
            start=c.start,
            end=c.end,
            url=f"{base}/documents/{c.doc_id}",
        )
        for c in answer.citations
    ]


def pieces(content: str) -> list[str]:
    """The reply in streaming pieces: each cited sentence with its marker, then each line after it.

    >>> pieces("Er gründete es in Singapur. [1] Es wuchs. [2]\\n\\nSources:\\n[1] a")
    ['Er gründete es in Singapur. [1]', ' Es wuchs. [2]', '\\n\\nSources:', '\\n[1] a']
    """
    head, _, tail = content.partition("\n\n")
    parts = [p for p in re.split(r"(?<=\])(?= )", head) if p]
    if tail:
        lines = tail.split("\n")
        parts += ["\n\n" + lines[0], *("\n" + line for line in lines[1:])]
    return parts


def usage(messages: list[ChatMessage], content: str) -> Usage:
    """Token counts in cl100k tokens (the chunker's tokenizer), as OpenAI clients expect them."""
    prompt = sum(count_tokens(message_text(m)) for m in messages)
    completion = count_tokens(content)
    return Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)
