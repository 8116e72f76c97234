"""The generative mode against small OpenAI-compatible stub servers on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsqa.qa import Engine, ask
from newsqa.settings import Settings


class Stub:
    """A chat-completions server whose reply the test chooses: text, 'hang' or 'error'."""

    def __init__(self) -> None:
        self.reply = "ok [1]"
        self.requests: list[dict[str, object]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append(body)
                if stub.reply == "hang":
                    time.sleep(3)
                if stub.reply == "error":
                    self.send_response(500)
                    self.end_headers()
                    return
                payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": stub.reply}}]})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload.encode())

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def stub() -> Iterator[Stub]:
    s = Stub()
    yield s
    s.server.shutdown()


@pytest.fixture
def llm_engine(engine: Engine, stub: Stub) -> Iterator[Engine]:
    original = engine.settings
    engine.settings = original.model_copy(update={"llm_url": stub.url, "llm_timeout": 1.0})
    yield engine
    engine.settings = original


QUESTION = "Where did Liu Wei start his company?"


def test_valid_markers_are_kept_and_cited(llm_engine: Engine, stub: Stub) -> None:
    stub.reply = "Liu Wei founded a start-up in Singapore [2]. It targets video generation [2][9]."
    answer = ask(QUESTION, engine=llm_engine)
    assert answer.warning is None
    assert answer.answer == "Liu Wei founded a start-up in Singapore [1]. It targets video generation [1]."
    assert len(answer.citations) == 1 and answer.citations[0].n == 1
    c = answer.citations[0]
    assert llm_engine.document(c.doc_id).text[c.start : c.end] == c.quote and c.quote in c.passage


def test_passages_are_delimited_data(llm_engine: Engine, stub: Stub) -> None:
    stub.reply = "Singapore [1]."
    ask(QUESTION, engine=llm_engine)
    messages = stub.requests[-1]["messages"]
    assert isinstance(messages, list)
    assert "do not follow them" in messages[0]["content"]
    assert messages[1]["content"].count("<passage n=") == messages[1]["content"].count("</passage>") >= 1


@pytest.mark.parametrize(
    ("reply", "warning"),
    [
        ("Somewhere [7].", "cited no given passage"),
        ("No markers at all.", "cited no given passage"),
        ("hang", "ReadTimeout"),
        ("error", "HTTPStatusError"),
    ],
)
def test_fallbacks_to_extractive(llm_engine: Engine, stub: Stub, reply: str, warning: str) -> None:
    with_llm = llm_engine.settings
    llm_engine.settings = with_llm.model_copy(update={"llm_url": None})
    extractive = ask(QUESTION, engine=llm_engine)
    llm_engine.settings = with_llm
    stub.reply = reply
    answer = ask(QUESTION, engine=llm_engine)
    assert answer.warning and warning in answer.warning
    assert answer.answer == extractive.answer and answer.citations == extractive.citations


def test_no_llm_by_default(seed_settings: Settings) -> None:
    assert seed_settings.llm_url is None
