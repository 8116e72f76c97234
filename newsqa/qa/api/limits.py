"""Request size limits as pure ASGI middleware: 1 MB for JSON bodies, 5 MB (plus form
overhead) for multipart uploads. A declared Content-Length over the limit is refused
at once; a body sent without one (chunked) is counted as it arrives and refused as
soon as it passes the limit. Either way the answer is 413 with a plain ``detail``.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1024 * 1024
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
FORM_OVERHEAD = 64 * 1024


class BodyLimit:
    """Refuse request bodies larger than the limit for their content type."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        multipart = headers.get("content-type", "").startswith("multipart/")
        limit = MAX_UPLOAD_BYTES + FORM_OVERHEAD if multipart else MAX_BODY_BYTES
        what = "an upload over 5 MB" if multipart else "a request body over 1 MB"
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await _refuse(send, what)
            return
        body: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _refuse(send, what)
                return
            body.append(chunk)
            more = bool(message.get("more_body", False))
        replay: list[Message] = [{"type": "http.request", "body": b"".join(body), "more_body": False}]

        async def replayed() -> Message:
            return replay.pop() if replay else await receive()

        await self.app(scope, replayed, send)


async def _refuse(send: Send, what: str) -> None:
    payload: Any = json.dumps({"detail": f"{what} is not accepted"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": payload})
