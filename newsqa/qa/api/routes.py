"""HTTP routes: health, search, ask, documents."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from newsqa.errors import SourceError
from newsqa.index import add_document
from newsqa.index.formats import SUPPORTED, extract, kind_of
from newsqa.index.load import RawDocument, load_url
from newsqa.qa.engine import Engine
from newsqa.qa.examples import example_questions
from newsqa.qa.pipeline import ask, search
from newsqa.settings import DOC_ID_PATTERN, Settings

from .deps import EngineDep, load_engine, require_read_key, require_write_key
from .limits import MAX_UPLOAD_BYTES
from .schemas import (
    DOCUMENT_BODY,
    AskRequest,
    AskResponse,
    DeleteResponse,
    DocumentIn,
    DocumentOut,
    DocumentSummary,
    ExamplesResponse,
    FeedIngestResponse,
    HealthResponse,
    IngestResponse,
    SearchRequest,
    SearchResponse,
)

router = APIRouter()
reads = APIRouter(dependencies=[Depends(require_read_key)])
writes = APIRouter(dependencies=[Depends(require_write_key)])


@router.get("/health", response_model=HealthResponse)
def health(request: Request) -> HealthResponse:
    """Whether the store answers, with document and chunk counts."""
    engine = load_engine(request.app)
    settings = request.app.state.settings
    if engine is None:
        reason = request.app.state.engine_error or "the index is not loaded"
        return HealthResponse(status="degraded", documents=0, chunks=0, embedder=settings.embedders, reason=reason)
    try:
        engine.store.heartbeat()
        snap = engine.snapshot
    except Exception as err:
        return HealthResponse(status="degraded", documents=0, chunks=0, embedder=settings.embedders, reason=str(err))
    return HealthResponse(
        status="ok", documents=len(snap.documents), chunks=len(snap.chunks), embedder=settings.embedders
    )


@reads.post("/search", response_model=SearchResponse)
def search_route(body: SearchRequest, engine: EngineDep) -> SearchResponse:
    """Passages that best match the query, in any language of the corpus (filters: languages, doc_ids,
    sources, published_from, published_to)."""
    started = time.perf_counter()
    hits = search(body.query, body.top_k, engine=engine, where=body.where())
    return SearchResponse(query=body.query, results=hits, timing_ms=round((time.perf_counter() - started) * 1000, 2))


@reads.post("/ask", response_model=AskResponse)
def ask_route(body: AskRequest, engine: EngineDep) -> AskResponse:
    """An answer with a citation per sentence, or an abstention with related passages (same filters as
    /search)."""
    history = [t.model_dump() for t in body.history or []]
    return ask(body.question, history=history, top_k=body.top_k, engine=engine, gloss=body.gloss, where=body.where())


@reads.get("/examples", response_model=ExamplesResponse)
def examples(request: Request, engine: EngineDep) -> ExamplesResponse:
    """What is indexed (document count by language) and a few questions drawn from the documents."""
    docs = engine.snapshot.documents
    key = tuple(sorted((d.doc_id, d.sha256) for d in docs.values()))
    cached = getattr(request.app.state, "examples", None)
    if cached is None or cached[0] != key:
        request.app.state.examples = cached = (key, example_questions(docs.values()))
    languages = Counter(d.language for d in docs.values())
    return ExamplesResponse(documents=len(docs), languages=dict(languages), questions=cached[1])


@reads.get("/documents", response_model=list[DocumentSummary])
def list_documents(engine: EngineDep) -> list[DocumentSummary]:
    """Every indexed document with its metadata: title, language, chunks, content hash, source, author,
    publication date, site and when it was indexed."""
    return [DocumentSummary.of(d) for d in sorted(engine.snapshot.documents.values(), key=lambda d: d.doc_id)]


@reads.get("/documents/{doc_id}", response_model=DocumentOut)
def get_document(doc_id: str, engine: EngineDep) -> DocumentOut:
    """One document with its metadata and the clean text that citation offsets index into."""
    return DocumentOut.of(engine.document(doc_id))


Ingested = IngestResponse | FeedIngestResponse


@writes.post("/documents", response_model=Ingested, status_code=201, openapi_extra=DOCUMENT_BODY)
async def post_document(request: Request, response: Response, engine: EngineDep) -> Ingested:
    """Index one document: JSON {doc_id?, title?, text} or {url} (a page, PDF, DOCX or an RSS/Atom feed),
    or a multipart file upload (.txt, .md, .html, .pdf, .docx). An id that is taken answers 409 unless
    ``replace`` is true; fetching a URL again refreshes its document."""
    body = await _read_body(request)
    return await run_in_threadpool(_ingest, engine, request.app.state.settings, body, response, body.replace)


@writes.put("/documents/{doc_id}", response_model=IngestResponse, openapi_extra=DOCUMENT_BODY)
async def put_document(doc_id: str, request: Request, response: Response, engine: EngineDep) -> Ingested:
    """Add or replace the document ``doc_id`` atomically (readers see the old version or the new one)."""
    body = await _read_body(request)
    body.doc_id = doc_id
    return await run_in_threadpool(_ingest, engine, request.app.state.settings, body, response, True)


def _ingest(engine: Engine, settings: Settings, body: Ingest, response: Response, replace: bool) -> Ingested:
    """Index the request's text or URL; ``settings`` decide what may be fetched."""
    if body.url is not None:
        loaded = load_url(body.url, settings, engine.snapshot.documents)
        if loaded.feed is None:
            raw = loaded.documents[0]
            raw = dataclasses.replace(raw, doc_id=body.doc_id or raw.doc_id, title=body.title or raw.title)
            return _one(engine, response, raw, replace)
        if body.doc_id is not None:
            raise HTTPException(
                422,
                detail="a feed brings several documents, each with its own id; send it "
                "with POST /documents and no doc_id",
            )
        results = [_one(engine, response, raw, False) for raw in loaded.documents]  # same URL: a refresh
        response.status_code = 201 if any(r.status == "added" for r in results) else 200
        return FeedIngestResponse(
            feed=body.url,
            documents=results,
            unchanged=loaded.unchanged,
            skipped=[{"url": url, "reason": reason} for url, reason in loaded.skipped],
        )
    text = body.text or ""
    doc_id = body.doc_id or f"doc-{hashlib.sha256(text.encode()).hexdigest()[:16]}"
    raw = RawDocument(doc_id, text, f"api:{doc_id}", title=body.title, author=body.author, published=body.published)
    return _one(engine, response, raw, replace)


def _one(engine: Engine, response: Response, raw: RawDocument, replace: bool) -> IngestResponse:
    if not DOC_ID_PATTERN.match(raw.doc_id):
        raise HTTPException(422, detail="doc_id may hold only letters, digits, '_', '.' and '-' (max 128)")
    status, chunks = add_document(engine.store, engine.settings, raw, replace=replace)
    engine.refresh()
    response.status_code = 201 if status == "added" else 200
    record = engine.document(raw.doc_id)
    return IngestResponse(doc_id=raw.doc_id, chunks=chunks, status=status, document=DocumentSummary.of(record))


@dataclasses.dataclass
class Ingest:
    """An ingest request, from JSON or a multipart form: text (or file contents already read) or a URL."""

    doc_id: str | None
    title: str | None
    text: str | None
    url: str | None
    replace: bool
    author: str = ""
    published: str = ""


async def _read_body(request: Request) -> Ingest:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        try:
            payload: Any = await request.json()
        except ValueError:
            raise HTTPException(400, detail="the request body is not valid JSON") from None
        try:
            body = DocumentIn.model_validate(payload)
        except ValidationError as err:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in err.errors())
            raise HTTPException(422, detail=problems) from None
        return Ingest(body.doc_id, body.title, body.text, body.url, body.replace)
    if content_type.startswith("multipart/form-data"):
        return await _read_upload(request)
    raise HTTPException(415, detail="send JSON (application/json) or a file upload (multipart/form-data)")


async def _read_upload(request: Request) -> Ingest:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise HTTPException(422, detail="the form needs a 'file' field holding the document")
    kind = kind_of(upload.filename)
    if kind is None:
        raise HTTPException(415, detail=f"unsupported file type {upload.filename!r}; use {SUPPORTED}")
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, detail="the upload is larger than 5 MB")
    try:
        found = await run_in_threadpool(extract, data, kind)
    except SourceError as err:
        raise HTTPException(422, detail=f"the upload cannot be indexed: {err}") from None
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", upload.filename.rsplit(".", 1)[0]).lstrip("._")[:128]
    doc_id = str(form.get("doc_id") or "") or stem or None
    title = str(form.get("title") or "") or found.title
    replace = str(form.get("replace", "")).lower() in ("1", "true", "yes", "on")
    return Ingest(doc_id, title, found.text, None, replace, found.author, found.published)


@writes.delete("/documents/{doc_id}", response_model=DeleteResponse)
def delete_document(doc_id: str, engine: EngineDep) -> DeleteResponse:
    """Remove a document and all its chunks."""
    engine.document(doc_id)
    with engine.store.write_lock:
        engine.store.delete_document(doc_id)
    engine.refresh()
    return DeleteResponse(doc_id=doc_id, deleted=True)


router.include_router(reads)
router.include_router(writes)
