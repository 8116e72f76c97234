"""Assembles the FastAPI app: routes, error handlers, the request size limit."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from newsqa.errors import (
    DocumentNotFoundError,
    IndexMismatchError,
    IndexMissingError,
    InvalidInputError,
    QAError,
    StoreBusyError,
    StoreUnavailableError,
)
from newsqa.qa.engine import Engine
from newsqa.settings import Settings, get_settings

from .deps import load_engine
from .limits import BodyLimit
from .page import mount_page
from .routes import router


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The HTTP app; loads the engine now unless one is given."""
    settings = settings or get_settings()
    app = FastAPI(title="News QA", version="0.1.0", description="Cited answers over multilingual news articles.")
    app.state.settings = settings
    app.state.engine = engine
    app.state.engine_error = None
    app.state.engine_tried = float("-inf")
    if engine is None:
        load_engine(app)
    app.include_router(router)
    mount_page(app)

    app.add_middleware(BodyLimit)

    @app.middleware("http")
    async def worker_header(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers["X-QA-Worker"] = str(os.getpid())
        return response

    @app.exception_handler(RequestValidationError)
    async def validation(_: Request, err: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _plain(err)}, status_code=422)

    @app.exception_handler(QAError)
    async def qa_error(_: Request, err: QAError) -> JSONResponse:
        status = 422
        if isinstance(err, DocumentNotFoundError):
            status = 404
        elif isinstance(err, StoreUnavailableError | StoreBusyError | IndexMissingError | IndexMismatchError):
            status = 503
        elif not isinstance(err, InvalidInputError):
            status = 500
        return JSONResponse({"detail": str(err)}, status_code=status)

    return app


def _plain(err: RequestValidationError) -> str:
    """One readable sentence per problem. Example: "top_k: Input should be less than or equal to 50"."""
    parts = []
    for problem in err.errors():
        where = ".".join(str(p) for p in problem.get("loc", ()) if p != "body") or "body"
        message = str(problem.get("msg", "invalid value"))
        if problem.get("type") == "json_invalid":
            return "the request body is not valid JSON"
        parts.append(f"{where}: {message}")
    return "; ".join(parts) or "the request is not valid"
