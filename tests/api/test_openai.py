"""The OpenAI-compatible endpoint, driven by the official ``openai`` client against a real uvicorn,
plus the refusals in-process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from newsqa.qa import Engine
from newsqa.qa.api import create_app
from newsqa.qa.api.spawn import Service
from newsqa.settings import Settings
from tests.conftest import LIVE_KEY

QUESTION = "How many video creators are there worldwide?"


@pytest.fixture(scope="module")
def client(live: Service) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{live.url}/v1", api_key=LIVE_KEY, max_retries=0, timeout=60)


def check_citations(live: Service, citations: list[dict[str, Any]]) -> None:
    assert citations
    for c in citations:
        assert {"n", "doc_id", "quote", "start", "end", "title", "url"} <= set(c)
        text = httpx.get(c["url"], timeout=10).json()["text"]
        assert text[c["start"] : c["end"]] == c["quote"]


def test_models_are_listed(client: openai.OpenAI) -> None:
    assert {m.id for m in client.models.list()} == {"newsqa", "newsqa-sources"}


def test_plain_completion_carries_the_answer_and_its_citations(client: openai.OpenAI, live: Service) -> None:
    reply = client.chat.completions.create(model="newsqa", messages=[{"role": "user", "content": QUESTION}])
    content = reply.choices[0].message.content or ""
    assert reply.choices[0].finish_reason == "stop" and "[1]" in content
    extra = reply.model_extra or {}
    check_citations(live, extra["citations"])
    assert extra["newsqa"]["answer"] == content and not extra["newsqa"]["abstained"]
    assert reply.usage is not None and reply.usage.completion_tokens > 0


def test_streamed_completion_matches_the_plain_one(client: openai.OpenAI, live: Service) -> None:
    messages: Any = [{"role": "user", "content": QUESTION}]
    plain = client.chat.completions.create(model="newsqa-sources", messages=messages)
    chunks = list(
        client.chat.completions.create(
            model="newsqa-sources", messages=messages, stream=True, stream_options={"include_usage": True}
        )
    )
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content and "Sources:" in text
    last = next(c for c in chunks if c.choices and c.choices[0].finish_reason)
    assert last.choices[0].finish_reason == "stop"
    check_citations(live, (last.model_extra or {})["citations"])
    assert chunks[-1].usage is not None and not chunks[-1].choices
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) >= 2  # it came in pieces


def test_history_is_earlier_messages(client: openai.OpenAI) -> None:
    reply = client.chat.completions.create(
        model="newsqa",
        messages=[
            {"role": "system", "content": "Answer like a pirate."},
            {"role": "user", "content": "Who is Wang Changhu?"},
            {"role": "assistant", "content": "The founder of Aishi Technology."},
            {"role": "user", "content": "How long did he talk with Zhu Xiaohu?"},
        ],
    )
    assert (reply.model_extra or {})["newsqa"]["query"] == "Who is Wang Changhu? How long did he talk with Zhu Xiaohu?"


def test_errors_reach_the_client_as_openai_errors(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError, match="newsqa"):
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    with pytest.raises(openai.UnprocessableEntityError, match="last message"):
        client.chat.completions.create(model="newsqa", messages=[{"role": "assistant", "content": "hi"}])
    with pytest.raises(openai.APIError, match="no letters or digits"):  # found while streaming
        list(client.chat.completions.create(model="newsqa", messages=[{"role": "user", "content": "???"}], stream=True))


@pytest.fixture(scope="module")
def locked(seed_settings: Settings, engine: Engine) -> Iterator[TestClient]:
    settings = seed_settings.model_copy(update={"api_key": SecretStr("k"), "require_key_for_reads": True})
    with TestClient(create_app(settings, engine)) as c:
        yield c


def test_same_key_rules_and_refusals(locked: TestClient) -> None:
    ask = {"model": "newsqa", "messages": [{"role": "user", "content": QUESTION}]}
    refused = locked.post("/v1/chat/completions", json=ask)
    assert refused.status_code == 401 and refused.json()["error"]["type"] == "authentication_error"
    assert locked.get("/v1/models").status_code == 401
    key = {"Authorization": "Bearer k"}
    assert locked.get("/v1/models", headers=key).status_code == 200
    image = {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:,"}}]}
    for body, words in (
        ({**ask, "messages": [image]}, "only text"),
        ({**ask, "n": 2}, "n:"),
        ({**ask, "messages": []}, "messages"),
    ):
        response = locked.post("/v1/chat/completions", json=body, headers=key)
        assert response.status_code == 422 and words in response.json()["error"]["message"], response.json()
