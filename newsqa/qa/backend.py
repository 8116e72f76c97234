"""Where a question goes: this process's engine, or a running ``qa serve``.

The CLI and the MCP server both talk to a ``Backend``. ``connect`` picks one: the server named
by ``--url`` (or ``QA_URL``); else, when another process owns the embedded store and has said
where it listens (``server.json`` under the home directory, written by ``qa serve``), that
server; else the engine in this process, loaded on first use.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from newsqa.errors import QAError, StoreBusyError
from newsqa.settings import Settings

ANNOUNCEMENT = "server.json"


class RemoteError(QAError):
    """A running server could not be reached or refused the request."""


class Backend(Protocol):
    where: str
    """Where the answers come from, for one line of output."""

    def ask(
        self, question: str, history: list[dict[str, str]], top_k: int | None, gloss: bool = False
    ) -> dict[str, Any]: ...

    def search(
        self, query: str, top_k: int | None, languages: list[str] | None, doc_ids: list[str] | None
    ) -> list[dict[str, Any]]: ...

    def document(self, doc_id: str) -> dict[str, Any]: ...

    def documents(self) -> list[dict[str, Any]]: ...

    def ready(self) -> bool:
        """Whether the first question will be answered without loading models first."""
        ...


@dataclass
class Local:
    """The engine in this process (it opens the store and loads the encoders on first use)."""

    where: str = "this process"

    def ask(
        self, question: str, history: list[dict[str, str]], top_k: int | None, gloss: bool = False
    ) -> dict[str, Any]:
        from .pipeline import ask

        return ask(question, history=history, top_k=top_k, gloss=gloss).to_dict()

    def search(
        self, query: str, top_k: int | None, languages: list[str] | None, doc_ids: list[str] | None
    ) -> list[dict[str, Any]]:
        from .pipeline import search

        return [h.to_dict() for h in search(query, top_k, languages, doc_ids)]

    def document(self, doc_id: str) -> dict[str, Any]:
        from .engine import get_engine

        d = get_engine().document(doc_id)
        return {"doc_id": d.doc_id, "title": d.title, "language": d.language, "text": d.text}

    def documents(self) -> list[dict[str, Any]]:
        from .engine import get_engine

        docs = get_engine().snapshot.documents.values()
        return [
            {"doc_id": d.doc_id, "title": d.title, "language": d.language, "chunks": d.chunks}
            for d in sorted(docs, key=lambda d: d.doc_id)
        ]

    def ready(self) -> bool:
        from .engine import get_engine

        return get_engine.cache_info().currsize > 0


@dataclass
class Remote:
    """A running server's HTTP API; sends ``QA_API_KEY`` as the bearer key when it is set."""

    url: str
    key: str | None = None
    where: str = ""

    def __post_init__(self) -> None:
        self.url = self.url.rstrip("/")
        self.where = self.where or self.url

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        import httpx

        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        try:
            response = httpx.request(method, self.url + path, json=body, headers=headers, timeout=120)
        except httpx.HTTPError as error:
            raise RemoteError(
                f"cannot reach the server at {self.url} ({type(error).__name__}); is `qa serve` running?"
            ) from None
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail", response.text)
            except ValueError:
                detail = response.text
            raise RemoteError(f"the server answered {response.status_code}: {detail}")
        return response.json()

    def ask(
        self, question: str, history: list[dict[str, str]], top_k: int | None, gloss: bool = False
    ) -> dict[str, Any]:
        body = {"question": question, "top_k": top_k, "history": history or None, "gloss": gloss}
        return dict(self.call("POST", "/ask", body))

    def search(
        self, query: str, top_k: int | None, languages: list[str] | None, doc_ids: list[str] | None
    ) -> list[dict[str, Any]]:
        body = {"query": query, "top_k": top_k, "languages": languages, "doc_ids": doc_ids}
        return list(self.call("POST", "/search", body)["results"])

    def document(self, doc_id: str) -> dict[str, Any]:
        return dict(self.call("GET", f"/documents/{doc_id}"))

    def documents(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/documents"))

    def ready(self) -> bool:
        return True


def connect(url: str | None, settings: Settings) -> Backend:
    """The server at ``url``; else the running server that owns the embedded store; else this process."""
    key = settings.api_key.get_secret_value() if settings.api_key else None
    if url:
        return Remote(url, key)
    running = running_server(settings)
    if running:
        return Remote(running, key, where=f"the running server at {running}, which owns the index")
    return Local()


def running_server(settings: Settings) -> str | None:
    """The URL a live ``qa serve`` announced for this home, when it holds the embedded store."""
    if settings.chroma_url or not store_is_owned(settings.home):
        return None
    try:
        announced = json.loads((settings.home / ANNOUNCEMENT).read_text(encoding="utf-8"))
        os.kill(int(announced["pid"]), 0)  # still alive?
        return str(announced["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_is_owned(home: Path) -> bool:
    """Whether another process holds the embedded store's lock (this one taking it would fail)."""
    from newsqa.index.client import probe_embedded_store

    try:
        probe_embedded_store(home)
    except StoreBusyError:
        return True
    return False


def announce(settings: Settings, url: str) -> Path | None:
    """Record where this process serves the embedded store (``qa serve``); None with a Chroma server."""
    if settings.chroma_url:
        return None
    settings.home.mkdir(parents=True, exist_ok=True)
    path = settings.home / ANNOUNCEMENT
    path.write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")
    return path
