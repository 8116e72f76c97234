"""The API docs (Swagger UI and ReDoc) load in Chromium with every request outside 127.0.0.1 blocked."""

from __future__ import annotations

import httpx
from playwright.sync_api import Browser, Route, expect

from newsqa.qa.api.spawn import Service


def offline_page(browser: Browser, base: str, blocked: list[str]):  # type: ignore[no-untyped-def]
    context = browser.new_context()

    def guard(route: Route) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context


def test_swagger_ui_lists_every_operation_offline(browser: Browser, live: Service) -> None:
    spec = httpx.get(f"{live.url}/openapi.json", timeout=10).json()
    operations = [(m, p) for p, item in spec["paths"].items() for m in item if m in ("get", "post", "put", "delete")]
    assert len(operations) >= 9  # health, search, ask, documents x4, v1 models and chat
    blocked: list[str] = []
    failed: list[str] = []
    context = offline_page(browser, live.url, blocked)
    page = context.new_page()
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(f"{live.url}/docs")
    expect(page.locator(".opblock")).to_have_count(len(operations), timeout=30_000)
    for method, path in operations:
        expect(page.locator(f".opblock-{method} [data-path='{path}']").first).to_be_attached()
    page.locator(".opblock-post:has([data-path='/documents'])").first.click()
    expect(page.get_by_text("multipart/form-data").first).to_be_attached()
    page.goto(f"{live.url}/redoc")
    expect(page.get_by_text("/v1/chat/completions").first).to_be_attached(timeout=30_000)
    context.close()
    assert not blocked, blocked  # nothing was asked of the network
    assert not failed, failed  # no asset (or favicon) missing
