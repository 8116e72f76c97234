"""The HTTP API in-process (httpx ASGI transport) and on a real uvicorn bound to 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from newsqa.qa import Engine
from newsqa.qa.api import create_app
from newsqa.qa.api.spawn import Service
from newsqa.settings import Settings

KEY = {"Authorization": "Bearer secret-key"}


@pytest.fixture(scope="module")
def client(seed_settings: Settings, engine: Engine) -> Iterator[TestClient]:
    settings = seed_settings.model_copy(update={"api_key": SecretStr("secret-key")})
    with TestClient(create_app(settings, engine)) as c:
        yield c


def test_health_and_documents(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["documents"] >= 5 and health["chunks"] > 100
    docs = client.get("/documents").json()
    assert {"doc_id", "title", "language", "chunks", "sha256"} <= set(docs[0])
    one = client.get("/documents/003_15764bb1734e4d25").json()
    assert "王長虎" in one["text"]
    missing = client.get("/documents/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]


def test_schema_documents_every_request_and_response(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    upload = spec["paths"]["/documents"]["post"]["requestBody"]["content"]
    assert {"text", "url", "replace"} <= set(upload["application/json"]["schema"]["properties"])
    assert upload["multipart/form-data"]["schema"]["properties"]["file"]["format"] == "binary"
    answer = spec["components"]["schemas"]["Answer"]["properties"]
    assert {"language", "short", "citations", "dropped_citations"} <= set(answer)
    assert client.post("/ask", json={"question": "Wer ist Liu Wei?"}).json()["language"] == "de"


def test_ask_cites_offsets_into_document_text(client: TestClient) -> None:
    body = client.post("/ask", json={"question": "How many video creators are there worldwide?"}).json()
    assert set(body) >= {"question", "answer", "abstained", "confidence", "citations", "related", "timing_ms"}
    assert body["citations"] and body["short"]["text"] in body["citations"][0]["quote"]
    for c in body["citations"]:
        text = client.get(f"/documents/{c['doc_id']}").json()["text"]
        assert text[c["start"] : c["end"]] == c["quote"]


@pytest.mark.parametrize(
    ("path", "payload", "status"),
    [
        ("/ask", {"question": "   "}, 422),
        ("/ask", {"question": "x" * 2001}, 422),
        ("/ask", {"question": "ok", "top_k": 0}, 422),
        ("/ask", {"question": "ok", "top_k": 51}, 422),
        ("/ask", {"question": 5}, 422),
        ("/search", {"query": ""}, 422),
        ("/search", {"query": "ok", "top_k": 10000}, 422),
        ("/search", {"query": "ok", "languages": ["fr"]}, 422),
        ("/ask", {"question": "ok", "history": [{"role": "system", "content": "x"}]}, 422),
    ],
)
def test_limits(client: TestClient, path: str, payload: dict[str, object], status: int) -> None:
    response = client.post(path, json=payload)
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_bad_bodies(client: TestClient) -> None:
    invalid = client.post("/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert invalid.status_code == 422 and "JSON" in invalid.json()["detail"]
    huge = client.post("/ask", content=b"x" * (1024 * 1024 + 10), headers={"content-type": "application/json"})
    assert huge.status_code == 413
    assert client.get("/health").json()["status"] == "ok"


def test_writes_need_the_key(seed_settings: Settings, engine: Engine, client: TestClient) -> None:
    with TestClient(create_app(seed_settings, engine)) as no_key:
        refused = no_key.post("/documents", json={"text": "hello"})
        assert refused.status_code == 403 and "QA_API_KEY" in refused.json()["detail"]
    wrong = client.post("/documents", json={"text": "hello"}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert client.delete("/documents/x").status_code == 401


def test_ingest_ask_delete_round_trip(client: TestClient) -> None:
    text = "Die Firma Zebracorp hat 2025 das Videomodell Quokkavision vorgestellt. Es erzeugt Clips von 90 Sekunden."
    made = client.post("/documents", json={"doc_id": "zebra-1", "title": "Zebracorp", "text": text}, headers=KEY)
    assert made.status_code == 201 and made.json()["chunks"] >= 1
    hits = client.post("/search", json={"query": "Quokkavision Zebracorp", "top_k": 3}).json()["results"]
    assert hits[0]["doc_id"] == "zebra-1"
    gone = client.delete("/documents/zebra-1", headers=KEY)
    assert gone.status_code == 200
    hits = client.post("/search", json={"query": "Quokkavision Zebracorp", "top_k": 3}).json()["results"]
    assert all(h["doc_id"] != "zebra-1" for h in hits)
    assert client.get("/documents/zebra-1").status_code == 404


@pytest.mark.parametrize("doc_id", ["../etc/passwd", "a/b", ".hidden", "x" * 200])
def test_unsafe_document_ids(client: TestClient, doc_id: str) -> None:
    response = client.post("/documents", json={"doc_id": doc_id, "text": "some text"}, headers=KEY)
    assert response.status_code == 422


def test_uploads(client: TestClient) -> None:
    bad_type = client.post("/documents", files={"file": ("a.odt", b"PK", "application/zip")}, headers=KEY)
    assert bad_type.status_code == 415 and ".docx" in bad_type.json()["detail"]
    bad_pdf = client.post("/documents", files={"file": ("a.pdf", b"%PDF", "application/pdf")}, headers=KEY)
    assert bad_pdf.status_code == 422 and "PDF" in bad_pdf.json()["detail"]
    binary = client.post("/documents", files={"file": ("a.txt", b"\x00\x01" * 10, "text/plain")}, headers=KEY)
    assert binary.status_code == 422
    ok = client.post(
        "/documents", files={"file": ("upload-1.md", b"# Note\n\nShort note.", "text/markdown")}, headers=KEY
    )
    assert ok.status_code == 201 and ok.json()["doc_id"] == "upload-1"
    assert client.delete("/documents/upload-1", headers=KEY).status_code == 200


def test_real_uvicorn(live: Service) -> None:
    url = live.url
    body = httpx.post(f"{url}/ask", json={"question": "Where did Liu Wei start his company?"}, timeout=30).json()
    assert body["citations"] and not body["abstained"]
    found = httpx.post(f"{url}/search", json={"query": "Where did Liu Wei start his company?"}, timeout=30).json()
    assert any("Singap" in r["text"] for r in found["results"])


def test_upload_over_5_mb_and_chunked_bodies(client: TestClient) -> None:
    big = client.post(
        "/documents", files={"file": ("big.txt", b"a" * (5 * 1024 * 1024 + 100_000), "text/plain")}, headers=KEY
    )
    assert big.status_code == 413 and "5 MB" in big.json()["detail"]

    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    streamed = client.post("/ask", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413 and "1 MB" in streamed.json()["detail"]
    small = client.post(
        "/ask",
        content=iter([b'{"question": "', b"Who is Liu Wei?", b'"}']),
        headers={"content-type": "application/json"},
    )
    assert small.status_code == 200


def test_conversation_inherits_only_when_needed(client: TestClient) -> None:
    history = [
        {"role": "user", "content": "Who is Wang Changhu?"},
        {"role": "assistant", "content": "The founder of Aishi Technology."},
    ]
    follow_up = client.post("/ask", json={"question": "How long did he talk with Zhu Xiaohu?", "history": history})
    assert follow_up.status_code == 200
    assert follow_up.json()["query"] == "Who is Wang Changhu? How long did he talk with Zhu Xiaohu?"
    for bare in ("Why?", "为什么?", "What about Zhu Xiaohu?"):  # retrieve nothing alone
        assert client.post("/ask", json={"question": bare, "history": history}).json()["query"] == (
            f"Who is Wang Changhu? {bare}"
        )
    for switch in ("What is the capital of France?", "万兴科技的董事长是谁?", "你好"):
        body = client.post("/ask", json={"question": switch, "history": history}).json()
        assert body["query"] == switch, switch
    alone = client.post("/ask", json={"question": "What is the capital of France?"}).json()
    switched = client.post("/ask", json={"question": "What is the capital of France?", "history": history}).json()
    assert switched["confidence"] == alone["confidence"]  # history never lifts confidence
