"""The chat page end to end in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)
against a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from newsqa.qa.api.spawn import Service
from tests.conftest import LIVE_KEY

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
KEY = LIVE_KEY


@pytest.fixture(scope="module")
def server(live: Service) -> str:
    return live.url


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.goto(server)
    yield p
    context.close()
    assert not errors, errors


def ask(page: Page, question: str) -> None:
    before = page.locator(".turn.assistant").count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    expect(page.locator(".turn.assistant")).to_have_count(before + 1, timeout=60_000)


def test_cross_lingual_cited_answer_and_highlight(page: Page) -> None:
    expect(page.locator("#docs-view")).to_be_hidden()
    expect(page.locator("#reader")).to_be_hidden()
    ask(page, "Which company does Wu Taibing chair?")
    answer = page.locator(".turn.assistant").last
    expect(answer).not_to_have_class("turn assistant abstained")
    markers = answer.locator("button.marker")
    assert markers.count() >= 1
    expect(answer.locator(".sources .badge").first).to_have_text("zh-Hant")
    quote = answer.locator(".sources .quote").first.inner_text().strip("“”")
    markers.first.click()
    expect(page.locator("#highlight")).to_have_text(quote)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "cited-answer.png"))
    assert page.locator("#highlight").evaluate(
        "el => { const r = el.getBoundingClientRect(); "
        "const box = el.closest('#reader').getBoundingClientRect(); "
        "return r.top >= box.top - 1 && r.bottom <= box.bottom + 1; }"
    )


def test_shift_enter_is_a_new_line_and_follow_up_sends_history(page: Page) -> None:
    page.fill("#question", "Who is")
    page.press("#question", "Shift+Enter")
    assert page.locator(".turn").count() == 0
    assert "\n" in page.input_value("#question")
    ask(page, "Who is Liu Wei?")
    with page.expect_request("**/ask") as request_info:
        ask(page, "And where did he start his company?")
    body = json.loads(request_info.value.post_data or "{}")
    assert body["history"][0] == {"role": "user", "content": "Who is Liu Wei?"}
    expect(page.locator(".turn.assistant").last.locator("button.marker").first).to_be_visible()


def test_off_topic_question_shows_an_abstention_with_related_reading(page: Page) -> None:
    # how the page shows an abstention; which questions abstain is tested in tests/qa
    ask(page, "Wie wird das Wetter morgen in Berlin?")
    last = page.locator(".turn.assistant").last
    expect(last).to_have_class("turn assistant abstained")
    expect(last.locator(".abstain-label")).to_have_text("The documents do not say…")
    assert last.locator(".related li").count() >= 1


def test_markup_in_documents_renders_inert(page: Page, server: str) -> None:
    evil = 'Harmless title\n\n<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> Sora.'
    made = httpx.post(
        f"{server}/documents",
        json={"doc_id": "evil-1", "title": "<b>Evil</b>", "text": evil},
        headers={"Authorization": f"Bearer {KEY}"},
        timeout=60,
    )
    assert made.status_code == 201
    page.click("#show-docs")
    page.get_by_role("cell", name="<b>Evil</b>").click()
    expect(page.locator("#reader-text")).to_contain_text("<script>window.__pwned = 1</script>")
    expect(page.locator("#reader-title")).to_have_text("<b>Evil</b>")
    assert page.locator("#reader img, #reader script, #reader b").count() == 0
    assert page.evaluate("window.__pwned") is None
    httpx.delete(f"{server}/documents/evil-1", headers={"Authorization": f"Bearer {KEY}"}, timeout=60)


def test_errors_are_shown_in_plain_words(page: Page) -> None:
    page.route(
        "**/ask",
        lambda route: route.fulfill(
            status=503, content_type="application/json", body=json.dumps({"detail": "the Chroma store is down"})
        ),
    )
    page.fill("#question", "Who is Liu Wei?")
    page.press("#question", "Enter")
    expect(page.locator("#status")).to_contain_text("the Chroma store is down")
    expect(page.locator("#send")).to_be_enabled()


def test_phone_width_and_security_headers(browser: Browser, server: str) -> None:
    response = httpx.get(server, timeout=10)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "http" not in response.text.replace(server, "")  # nothing loaded from elsewhere
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(server)
    ask(page, "Where did Liu Wei start his company?")
    page.locator(".turn.assistant button.marker").first.click()
    expect(page.locator("#highlight")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    context.close()
