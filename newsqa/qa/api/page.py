"""The chat page at ``/`` and its static files, served locally with a restrictive CSP."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = (  # Swagger UI and ReDoc: their own inline start-up script, nothing from another origin
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
FAVICON = "/static/favicon.svg"
router = APIRouter()


@router.get("/", include_in_schema=False)
def page() -> FileResponse:
    """The chat page."""
    return FileResponse(STATIC / "index.html", headers=SECURITY_HEADERS)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> FileResponse:
    """Browsers ask for /favicon.ico on every load; the same icon as the page's."""
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


def mount_page(app: FastAPI) -> None:
    """Serve the page and /static/* from the package."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
