"""HTTP routes: health, search, ask, documents."""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from newsqa.errors import SourceError
from newsqa.index import add_text
from newsqa.index.load import SUPPORTED_SUFFIXES, decode_bytes, html_to_text
from newsqa.qa.examples import example_questions
from newsqa.qa.pipeline import ask, search
from newsqa.settings import DOC_ID_PATTERN

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
    """Passages that best match the query, in any language of the corpus."""
    started = time.perf_counter()
    languages = [str(lang) for lang in body.languages] if body.languages else None
    hits = search(body.query, body.top_k, languages, body.doc_ids, engine=engine)
    return SearchResponse(query=body.query, results=hits, timing_ms=round((time.perf_counter() - started) * 1000, 2))


@reads.post("/ask", response_model=AskResponse)
def ask_route(body: AskRequest, engine: EngineDep) -> AskResponse:
    """An answer with a citation per sentence, or an abstention with related passages."""
    history = [t.model_dump() for t in body.history or []]
    return ask(body.question, history=history, top_k=body.top_k, engine=engine, gloss=body.gloss)


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
    """Every indexed document with its title, language, chunk count and content hash."""
    return [
        DocumentSummary(doc_id=d.doc_id, title=d.title, language=d.language, chunks=d.chunks, sha256=d.sha256)
        for d in sorted(engine.snapshot.documents.values(), key=lambda d: d.doc_id)
    ]


@reads.get("/documents/{doc_id}", response_model=DocumentOut)
def get_document(doc_id: str, engine: EngineDep) -> DocumentOut:
    """One document with the clean text that citation offsets index into."""
    d = engine.document(doc_id)
    return DocumentOut(
        doc_id=d.doc_id, title=d.title, language=d.language, chunks=d.chunks, sha256=d.sha256, text=d.text
    )


@writes.post("/documents", response_model=IngestResponse, status_code=201, openapi_extra=DOCUMENT_BODY)
async def post_document(request: Request, engine: EngineDep) -> IngestResponse:
    """Index one document: JSON {doc_id?, title?, text} or a multipart file upload (.txt, .md, .html)."""
    content_type = request.headers.get("content-type", "")
    title: str | None = None
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
        doc_id, title, text = body.doc_id, body.title, body.text
    elif content_type.startswith("multipart/form-data"):
        doc_id, title, text = await _read_upload(request)
    else:
        raise HTTPException(415, detail="send JSON (application/json) or a file upload (multipart/form-data)")
    doc_id = doc_id or f"doc-{hashlib.sha256(text.encode()).hexdigest()[:16]}"
    if not DOC_ID_PATTERN.match(doc_id):
        raise HTTPException(422, detail="doc_id may hold only letters, digits, '_', '.' and '-' (max 128)")
    doc = add_text(engine.store, engine.settings, doc_id, text, title, source=f"api:{doc_id}")
    engine.refresh()
    return IngestResponse(doc_id=doc_id, chunks=len(doc.chunks))


async def _read_upload(request: Request) -> tuple[str | None, str | None, str]:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise HTTPException(422, detail="the form needs a 'file' field holding the document")
    suffix = "." + upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
    if suffix not in SUPPORTED_SUFFIXES:
        raise HTTPException(415, detail=f"unsupported file type {suffix or '(none)'}; use .txt, .md or .html")
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, detail="the upload is larger than 5 MB")
    try:
        text, _encoding = decode_bytes(data)
    except SourceError as err:
        raise HTTPException(422, detail=f"the upload cannot be indexed: {err}") from None
    title = form.get("title")
    if suffix in (".html", ".htm"):
        text, html_title = html_to_text(text)
        title = title or html_title
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", upload.filename.rsplit(".", 1)[0]).lstrip("._")[:128]
    doc_id = form.get("doc_id") or stem or None
    return (str(doc_id) if doc_id else None), (str(title) if title else None), text


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
