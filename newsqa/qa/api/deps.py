"""Dependencies of the HTTP routes: the engine and the API-key checks."""

from __future__ import annotations

import secrets
import threading
import time
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from newsqa.errors import QAError
from newsqa.qa.engine import Engine

bearer = HTTPBearer(auto_error=False)


RETRY_EVERY_S = 2.0
_loading = threading.Lock()


def load_engine(app: Any) -> Engine | None:
    """The app's engine; if it could not be loaded yet (store down, no index), try again now and then."""
    if app.state.engine is not None:
        return app.state.engine
    with _loading:
        if app.state.engine is None and time.monotonic() - app.state.engine_tried >= RETRY_EVERY_S:
            app.state.engine_tried = time.monotonic()
            try:
                engine = Engine(app.state.settings)
                engine.warm_up()
                app.state.engine = engine
                app.state.engine_error = None
            except QAError as err:
                app.state.engine_error = str(err)
    return app.state.engine


def get_engine_dep(request: Request) -> Engine:
    """The engine, or 503 with the reason it is not available."""
    engine = load_engine(request.app)
    if engine is None:
        raise HTTPException(503, detail=request.app.state.engine_error or "the index is not loaded")
    return engine


EngineDep = Annotated[Engine, Depends(get_engine_dep)]


def _check_key(request: Request, credentials: HTTPAuthorizationCredentials | None, action: str) -> None:
    settings = request.app.state.settings
    if settings.api_key is None:
        raise HTTPException(
            403,
            detail=f"{action} is disabled: set QA_API_KEY on the server and send 'Authorization: Bearer <key>'",
        )
    expected = settings.api_key.get_secret_value().encode()
    given = credentials.credentials.encode() if credentials else b""
    if not secrets.compare_digest(given, expected):
        raise HTTPException(401, detail="missing or wrong API key; send 'Authorization: Bearer <QA_API_KEY>'")


def require_write_key(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Write endpoints always need the key."""
    _check_key(request, credentials, "writing")


def require_read_key(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Read endpoints need the key only when QA_REQUIRE_KEY_FOR_READS is set."""
    if request.app.state.settings.require_key_for_reads:
        _check_key(request, credentials, "reading")
