"""Assembles the FastAPI app: routes, error handlers, the request size limit."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException

from newsqa import __version__
from newsqa.errors import (
    DocumentExistsError,
    DocumentNotFoundError,
    FetchError,
    IndexMismatchError,
    IndexMissingError,
    InvalidInputError,
    QAError,
    SourceError,
    StoreBusyError,
    StoreUnavailableError,
    UnsafeURLError,
)
from newsqa.qa.engine import Engine
from newsqa.settings import Settings, get_settings

from .deps import load_engine
from .limits import BodyLimit
from .openai_compat import v1
from .page import DOCS_CSP, FAVICON, mount_page
from .routes import router


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The HTTP app; loads the engine now unless one is given."""
    settings = settings or get_settings()
    app = FastAPIOffline(  # Swagger UI and ReDoc served from the package: /docs works offline
        title="News QA",
        version=__version__,
        description="Cited answers over multilingual news articles.",
        favicon_url=FAVICON,
        static_url="/static-docs",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.engine_error = None
    app.state.engine_tried = float("-inf")
    if engine is None:
        load_engine(app)
    app.include_router(router)
    app.include_router(v1)
    mount_page(app)

    app.add_middleware(BodyLimit)

    @app.middleware("http")
    async def worker_header(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers["X-QA-Worker"] = str(os.getpid())
        if request.url.path in ("/docs", "/redoc"):
            response.headers["Content-Security-Policy"] = DOCS_CSP  # ReDoc's footer logo is on a CDN
        return response

    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, err: RequestValidationError) -> JSONResponse:
        return error_response(request, 422, _plain(err))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException) -> Response:
        if err.status_code < 400:
            return Response(status_code=err.status_code, headers=err.headers)
        return error_response(request, err.status_code, str(err.detail), err.headers)

    @app.exception_handler(QAError)
    async def qa_error(request: Request, err: QAError) -> JSONResponse:
        status = 422
        if isinstance(err, DocumentNotFoundError):
            status = 404
        elif isinstance(err, DocumentExistsError):
            status = 409
        elif isinstance(err, UnsafeURLError):
            status = 403
        elif isinstance(err, FetchError):
            status = 502
        elif isinstance(err, SourceError):
            status = 422
        elif isinstance(err, StoreUnavailableError | StoreBusyError | IndexMissingError | IndexMismatchError):
            status = 503
        elif not isinstance(err, InvalidInputError):
            status = 500
        return error_response(request, status, str(err))

    return app


OPENAI_TYPES = {401: "authentication_error", 403: "permission_error", 404: "not_found_error", 429: "rate_limit_error"}


def error_response(
    request: Request, status: int, detail: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """``{"detail": ...}`` everywhere; under ``/v1`` also OpenAI's ``{"error": {"message", "type"}}``,
    which OpenAI clients read."""
    body: dict[str, object] = {"detail": detail}
    if request.url.path.startswith("/v1/"):
        kind = OPENAI_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
        body["error"] = {"message": detail, "type": kind, "param": None, "code": None}
    return JSONResponse(body, status_code=status, headers=headers)


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


GRACEFUL_SHUTDOWN_S = 20
"""On Ctrl-C or SIGTERM, how long ``qa serve`` lets requests in flight finish before it closes them."""


def run_server(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    """Serve the app with uvicorn (``qa serve``) until it is stopped. While it runs, the home
    directory says where, so that ``qa ask`` finds the server that owns the embedded store."""
    import uvicorn

    from newsqa.qa.backend import announce

    local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    announced = announce(settings, f"http://{local}:{port}")
    try:
        uvicorn.run(
            "newsqa.qa.api.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
        )
    finally:
        if announced:
            announced.unlink(missing_ok=True)
