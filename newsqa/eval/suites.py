"""The evaluation suites and the clients that put their questions to ``qa``.

- ``seeds``: the project's own articles (``seeds/``) and ``eval/questions.jsonl``; asked of
  the configured index, in-process or over HTTP (``--url``). Retrieval gold is a passage
  from a gold document that holds an evidence string.
- ``xquad``: the XQuAD mixed-language pool (``eval.xquad``), indexed into its own store
  under ``<QA_HOME>/eval-xquad`` (built incrementally; the build time is reported).
  Retrieval gold is the paragraph's document.

Both carry a fixed ``split`` per question (``tuning`` or ``validation``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

HERE = Path(__file__).parent
QUESTIONS = HERE / "questions.jsonl"
SUITES = ("seeds", "xquad")
SEED_CATEGORIES = (
    "en-en",
    "de-de",
    "zh-zh",
    "en-zh",
    "de-zh",
    "zh-en",
    "de-en",
    "zhs-zht",
    "unanswerable",
    "followup",
    "switch",
)
"""Seed question categories: ``<question language>-<passage language>`` (``zhs-zht``: Simplified question,
Traditional passage), ``followup`` (needs the previous turn), ``switch`` (follows a turn it must not inherit)."""


class Client(Protocol):
    def search(self, query: str, top_k: int, mode: str) -> list[dict[str, Any]]: ...
    def ask(self, question: str, history: list[dict[str, str]], mode: str) -> dict[str, Any]: ...
    def text(self, doc_id: str) -> str: ...
    def forget_queries(self) -> None: ...


class LocalClient:
    """Calls qa's public functions in this process, on the given engine (default: the process-wide one)."""

    def __init__(self, engine: Any = None) -> None:
        from newsqa.qa import get_engine

        self.engine = engine or get_engine()

    def search(self, query: str, top_k: int, mode: str) -> list[dict[str, Any]]:
        from newsqa.qa import search

        return [h.to_dict() for h in search(query, top_k=top_k, mode=mode, engine=self.engine)]  # type: ignore[arg-type]

    def ask(self, question: str, history: list[dict[str, str]], mode: str) -> dict[str, Any]:
        from newsqa.qa import ask

        return ask(question, history=history, mode=mode, engine=self.engine).to_dict()  # type: ignore[arg-type]

    def text(self, doc_id: str) -> str:
        return str(self.engine.document(doc_id).text)

    def forget_queries(self) -> None:
        self.engine.clear_query_cache()


class HttpClient:
    """Calls a running server (only hybrid mode is exposed over HTTP)."""

    def __init__(self, url: str) -> None:
        import httpx

        self.http = httpx.Client(base_url=url.rstrip("/"), timeout=60)

    def search(self, query: str, top_k: int, mode: str) -> list[dict[str, Any]]:
        response = self.http.post("/search", json={"query": query, "top_k": top_k})
        response.raise_for_status()
        return list(response.json()["results"])

    def ask(self, question: str, history: list[dict[str, str]], mode: str) -> dict[str, Any]:
        response = self.http.post("/ask", json={"question": question, "history": history or None})
        response.raise_for_status()
        return dict(response.json())

    def text(self, doc_id: str) -> str:
        response = self.http.get(f"/documents/{doc_id}")
        response.raise_for_status()
        return str(response.json()["text"])

    def forget_queries(self) -> None:
        """The server's cache cannot be cleared from outside; latency over HTTP is of the whole call."""


@dataclass
class Suite:
    """Questions, a client to ask them, and how to score retrieval."""

    name: str
    questions: list[dict[str, Any]]
    client: Client
    passage_gold: bool
    """Retrieval counts a passage when it holds an evidence string (seeds), or any passage of the gold document."""
    fresh_queries: bool
    """Forget cached query vectors before every call, so latency is that of a new question."""
    build_s: float | None = None

    def fold_group(self, q: dict[str, Any]) -> str:
        """The group a question keeps to in grouped cross-validation, so that no fold learns its answer
        from another question: its fact (seeds), its gold paragraph (XQuAD; an unanswerable one alone).

        >>> Suite("xquad", [], None, False, False).fold_group({"id": "q1", "doc_ids": ["xq03p2"]})
        'xquad:xq03p2'
        """
        return f"{self.name}:{q.get('fact') if self.passage_gold else (q['doc_ids'] or [q['id']])[0]}"


def load_questions(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    """A question file, one JSON object per line (default: the seed questions)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def seeds_suite(url: str | None = None, questions: Path | None = None) -> Suite:
    """The seed questions against the configured index (or the server at ``url``)."""
    client: Client = HttpClient(url) if url else LocalClient()
    return Suite("seeds", load_questions(questions or QUESTIONS), client, passage_gold=True, fresh_queries=True)


def xquad_suite() -> Suite:
    """The XQuAD pool, indexed (incrementally) into its own store under QA_HOME."""
    from newsqa.index import build
    from newsqa.qa import Engine
    from newsqa.settings import get_settings

    from .xquad import load_pool, write_documents

    base = get_settings()
    settings = base.model_copy(update={"home": base.home / "eval-xquad", "chroma_url": None})
    started = time.perf_counter()
    build(write_documents(settings.home / "paragraphs"), settings)
    build_s = time.perf_counter() - started
    client = LocalClient(Engine(settings))
    return Suite("xquad", load_pool().questions, client, passage_gold=False, fresh_queries=False, build_s=build_s)


def in_process(purpose: str) -> Iterator[tuple[Suite, Any, dict[str, Any], list[Any]]]:
    """Every question of both suites with its suite, the suite's in-process engine and the history
    ``qa eval`` gives it (the turn a follow-up follows): what the fitting scripts read."""
    from newsqa.qa.types import Turn

    for suite in (seeds_suite(), xquad_suite()):
        assert isinstance(suite.client, LocalClient), f"{purpose} runs in-process"
        by_id = {q["id"]: q for q in suite.questions}
        for q in suite.questions:
            history = [Turn("user", by_id[q["follow_up_of"]]["question"])] if "follow_up_of" in q else []
            yield suite, suite.client.engine, q, history
