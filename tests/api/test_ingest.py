"""Ingest over HTTP: URLs, feeds, PDF and DOCX uploads, the network guard, 409 and atomic replace,
metadata and filters. A small index of its own (one English seed article), so the shared seed index
stays as it is."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from newsqa.index import build
from newsqa.qa import Engine
from newsqa.qa.api import create_app
from newsqa.settings import Settings
from tests import documents
from tests.conftest import SEEDS, Site

KEY = {"Authorization": "Bearer k"}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    home = tmp_path_factory.mktemp("ingest")
    (home / "docs").mkdir()
    shutil.copy(SEEDS / "001_665f79c899346b75.txt", home / "docs")
    made = Settings(home=home / "qa", api_key=SecretStr("k"), allow_private_urls=True)
    build([home / "docs"], made)
    return made


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Engine:
    return Engine(settings)


@pytest.fixture(scope="module")
def api(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """The API allowed to fetch from private addresses (the local site is on 127.0.0.1)."""
    with TestClient(create_app(settings, engine)) as client:
        yield client


@pytest.fixture(scope="module")
def guarded(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """The same index behind the default network guard."""
    with TestClient(create_app(settings.model_copy(update={"allow_private_urls": False}), engine)) as client:
        yield client


def test_an_id_that_exists_is_409_and_replacing_is_explicit(api: TestClient) -> None:
    first = {"doc_id": "note-1", "text": "Zebracorp released Quokkavision in March."}
    assert api.post("/documents", json=first, headers=KEY).json()["status"] == "added"
    taken = api.post("/documents", json={**first, "text": "Something else entirely."}, headers=KEY)
    assert taken.status_code == 409 and "PUT /documents" in taken.json()["detail"]
    assert api.get("/documents/note-1").json()["text"] == first["text"]  # nothing lost
    seed = api.post("/documents", json={"doc_id": "001_665f79c899346b75", "text": "overwrite"}, headers=KEY)
    assert seed.status_code == 409 and api.get("/documents/001_665f79c899346b75").json()["chunks"] > 5
    same = api.put("/documents/note-1", json={"text": first["text"]}, headers=KEY)
    assert same.status_code == 200 and same.json()["status"] == "unchanged"
    changed = api.post("/documents", json={**first, "text": "Quokkavision 2 came out in May.", "replace": True},
                       headers=KEY)  # fmt: skip
    assert changed.status_code == 200 and changed.json()["status"] == "replaced"
    assert api.get("/documents/note-1").json()["text"] == "Quokkavision 2 came out in May."
    new = api.put("/documents/note-2", json={"text": "A second note about Zebracorp."}, headers=KEY)
    assert new.status_code == 201 and new.json()["status"] == "added"
    assert api.put("/documents/note-2", json={"text": "x"}).status_code == 401
    both = api.post("/documents", json={"text": "a", "url": "https://example.com/"}, headers=KEY)
    assert both.status_code == 422 and "either" in both.json()["detail"]


def test_a_page_by_url_with_its_metadata_and_again_unchanged(api: TestClient, site: Site) -> None:
    made = api.post("/documents", json={"url": f"{site.url}/page.html"}, headers=KEY)
    assert made.status_code == 201, made.text
    doc = made.json()["document"]
    assert (doc["source"], doc["author"], doc["published"], doc["site"]) == (
        f"{site.url}/page.html", "Jane Reporter", "2024-12-03", "Tech Daily",
    )  # fmt: skip
    assert doc["indexed_at"] and len(doc["sha256"]) == 64
    text = api.get(f"/documents/{doc['doc_id']}").json()["text"]
    assert documents.PAGE_FACT in text and "Share on" not in text and "First comment" not in text
    again = api.post("/documents", json={"url": f"{site.url}/page.html"}, headers=KEY)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    listed = {d["doc_id"]: d for d in api.get("/documents").json()}
    assert listed[doc["doc_id"]]["author"] == "Jane Reporter" and listed["001_665f79c899346b75"]["source"]


def test_a_feed_by_url_brings_its_articles_once(api: TestClient, site: Site) -> None:
    made = api.post("/documents", json={"url": f"{site.url}/feed.xml"}, headers=KEY)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["feed"] == f"{site.url}/feed.xml" and len(body["documents"]) == 3
    hits = dict(site.hits)
    again = api.post("/documents", json={"url": f"{site.url}/feed.xml"}, headers=KEY).json()
    assert again["documents"] == [] and len(again["unchanged"]) == 3
    assert all(site.hits[f"/{n}.html"] == hits[f"/{n}.html"] for n in documents.ARTICLES)


def test_the_network_guard_over_http(guarded: TestClient, site: Site) -> None:
    refused = guarded.post("/documents", json={"url": f"{site.url}/page.html"}, headers=KEY)
    assert refused.status_code == 403 and "QA_ALLOW_PRIVATE_URLS" in refused.json()["detail"]
    metadata = guarded.post("/documents", json={"url": "http://169.254.169.254/latest/meta-data/"}, headers=KEY)
    assert metadata.status_code == 403 and "link-local" in metadata.json()["detail"]
    scheme = guarded.post("/documents", json={"url": "file:///etc/passwd"}, headers=KEY)
    assert scheme.status_code == 403 and "http" in scheme.json()["detail"]


def test_fetch_failures_are_plain_errors(api: TestClient, site: Site) -> None:
    missing = api.post("/documents", json={"url": f"{site.url}/missing.html"}, headers=KEY)
    assert missing.status_code == 502 and "404" in missing.json()["detail"]
    scan = api.post("/documents", json={"url": f"{site.url}/scan.pdf"}, headers=KEY)
    assert scan.status_code == 422 and "no text layer" in scan.json()["detail"]


def test_pdf_and_docx_uploads(api: TestClient) -> None:
    pdf = api.post("/documents", files={"file": ("profile.pdf", documents.pdf_bytes(), "application/pdf")}, headers=KEY)
    assert pdf.status_code == 201 and pdf.json()["document"]["title"] == "PixVerse profile"
    assert documents.PDF_FACT in api.get("/documents/profile").json()["text"]
    docx = api.post("/documents", files={"file": ("portrait.docx", documents.docx_bytes())}, headers=KEY)
    assert docx.status_code == 201 and docx.json()["document"]["author"] == "Redaktion"
    scan = api.post("/documents", files={"file": ("scan.pdf", documents.scanned_pdf_bytes())}, headers=KEY)
    assert scan.status_code == 422 and "OCR" in scan.json()["detail"]
    again = api.post("/documents", files={"file": ("profile.pdf", documents.pdf_bytes())}, headers=KEY)
    assert again.status_code == 409
    forced = api.post(
        "/documents", files={"file": ("profile.pdf", documents.pdf_bytes())}, data={"replace": "true"}, headers=KEY
    )
    assert forced.status_code == 200 and forced.json()["status"] == "unchanged"


def test_filters_on_source_language_and_dates(api: TestClient, site: Site) -> None:
    api.post("/documents", json={"url": f"{site.url}/feed.xml"}, headers=KEY)
    query = {"query": "video generation model", "top_k": 10}
    web = api.post("/search", json={**query, "sources": [f"{site.url}/"]}).json()["results"]
    assert web and all(h["doc_id"].startswith("127.0.0.1") for h in web)
    by_site = api.post("/search", json={**query, "sources": ["Tech Daily"]}).json()["results"]
    assert {h["doc_id"] for h in by_site} == {h["doc_id"] for h in web}
    german = api.post("/search", json={**query, "sources": ["Tech Daily"], "languages": ["de"]}).json()["results"]
    assert german and all(h["language"] == "de" for h in german)
    dated = api.post("/search", json={**query, "published_from": "2024-12-01", "published_to": "2024-12-31"})
    published = {d["doc_id"]: d["published"] for d in api.get("/documents").json()}
    in_range = {doc_id for doc_id, day in published.items() if "2024-12-01" <= day <= "2024-12-31"}
    assert dated.json()["results"] and {h["doc_id"] for h in dated.json()["results"]} <= in_range
    assert "001_665f79c899346b75" not in in_range  # no date known: a date filter leaves it out
    none = api.post("/search", json={**query, "published_to": "2000-01-01"}).json()["results"]
    assert none == []
    bad = api.post("/search", json={**query, "published_from": "yesterday"})
    assert bad.status_code == 422
    answer = api.post("/ask", json={"question": "Who launched the Kling video model?", "sources": ["Tech Daily"]})
    assert all(c["doc_id"].startswith("127.0.0.1") for c in answer.json()["citations"])
    nothing = api.post("/ask", json={"question": "Who launched Kling?", "published_to": "2000-01-01"}).json()
    assert nothing["abstained"] and nothing["citations"] == []


def test_replace_is_atomic_for_readers(api: TestClient) -> None:
    """Readers during repeated replacements see one version whole: never chunks of two versions at once."""
    versions = [
        "\n\n".join(f"Alpha report paragraph {i}: Zebracorp alpha model alpha figures number {i}." for i in range(12)),
        "\n\n".join(f"Beta report paragraph {i}: Zebracorp beta model beta figures number {i}." for i in range(9)),
    ]
    api.put("/documents/flip", json={"text": versions[0]}, headers=KEY)
    mixed: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            hits = api.post("/search", json={"query": "Zebracorp model figures", "doc_ids": ["flip"], "top_k": 8})
            kinds = {("alpha" if "alpha" in h["text"] else "beta") for h in hits.json()["results"]}
            doc = api.get("/documents/flip").json()
            if len(kinds) > 1 or doc["text"] not in versions:
                mixed.append(str(kinds))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        for turn in range(6):
            assert api.put("/documents/flip", json={"text": versions[(turn + 1) % 2]}, headers=KEY).status_code == 200
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert mixed == []


def test_sources_of_documents_that_were_posted_and_seed_files(api: TestClient) -> None:
    listed = {d["doc_id"]: d for d in api.get("/documents").json()}
    assert listed["note-2"]["source"] == "api:note-2"
    assert Path(listed["001_665f79c899346b75"]["source"]).name == "001_665f79c899346b75.txt"
