"""The chat page end to end in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)
against a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from newsqa.qa.api.spawn import Service
from tests.conftest import LIVE_KEY, Site

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
    missing: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    p.goto(server)
    yield p
    context.close()
    assert not errors, errors
    assert not missing, missing  # no favicon (or other) 404 on load


def ask(page: Page, question: str) -> None:
    done = page.locator(".turn.assistant:not(.pending)")
    before = done.count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    expect(done).to_have_count(before + 1, timeout=60_000)


def in_view(page: Page, selector: str, within: str) -> bool:
    return bool(
        page.locator(selector).evaluate(
            "(el, within) => { const r = el.getBoundingClientRect(); "
            "const box = document.querySelector(within).getBoundingClientRect(); "
            "return r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.height > 0; }",
            within,
        )
    )


def test_cross_lingual_cited_answer_glosses_and_highlight(page: Page) -> None:
    expect(page.locator("#docs-view")).to_be_hidden()
    expect(page.locator("#reader")).to_be_hidden()
    ask(page, "Who is Wu Taibing?")
    answer = page.locator(".turn.assistant").last
    expect(answer).not_to_have_class("turn assistant abstained")
    markers = answer.locator("button.marker")
    assert markers.count() >= 1
    badges = answer.locator("ol.sources .badge").all_inner_texts()
    assert "zh-Hant" in badges, badges  # the answer cites the Chinese article (Wu Taibing is only in it)
    n = badges.index("zh-Hant")  # the reader may also quote another article, and rank it first
    quote = answer.locator("ol.sources .quote").nth(n).inner_text().strip("“”")
    word = answer.locator(".sources .gloss").first  # a Chinese quote for an English question is glossed
    assert word.get_attribute("data-gloss")
    word.click()  # a tap pins the gloss
    expect(word).to_have_class("gloss open")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "glossed-answer.png"))
    markers.nth(n).click()
    expect(page.locator("#highlight")).to_have_text(quote)
    page.screenshot(path=str(ARTIFACTS / "cited-answer.png"))
    assert in_view(page, "#highlight", "#reader")
    assert in_view(page, "#reader-close", "#reader") and in_view(page, "#reader-title", "#reader")
    page.click("#show-docs")
    page.locator("#documents tbody tr").first.click()  # another document opens at its top
    expect(page.locator("#highlight")).to_have_count(0)
    assert page.locator("#reader").evaluate("el => el.scrollTop") == 0


def test_empty_screen_shows_what_is_indexed_and_examples(page: Page) -> None:
    expect(page.locator("#indexed")).to_contain_text("5 documents indexed", timeout=60_000)  # cold jieba
    examples = page.locator("#examples .example")
    expect(examples.first).to_be_visible()
    assert examples.count() >= 3
    first = examples.first.inner_text()
    examples.first.click()
    expect(page.locator(".turn.user").first).to_have_text(first)
    expect(page.locator(".turn.assistant:not(.pending)")).to_have_count(1, timeout=60_000)
    expect(page.locator("#empty")).to_be_hidden()


def test_answers_stream_and_follow_ups_send_history(page: Page) -> None:
    page.fill("#question", "Who is")
    page.press("#question", "Shift+Enter")
    assert page.locator(".turn").count() == 0
    assert "\n" in page.input_value("#question")
    ask(page, "Who is Liu Wei?")
    with page.expect_response("**/v1/chat/completions") as response_info:
        ask(page, "And where did he start his company?")
    response = response_info.value
    assert response.headers["content-type"].startswith("text/event-stream")
    body = json.loads(response.request.post_data or "{}")
    assert body["stream"] is True and body["gloss"] is True
    assert body["messages"][0] == {"role": "user", "content": "Who is Liu Wei?"}
    assert body["messages"][-1] == {"role": "user", "content": "And where did he start his company?"}
    expect(page.locator(".turn.assistant").last.locator("button.marker").first).to_be_visible()
    expect(page.locator(".turn.assistant").last.locator(".read-with")).to_contain_text("Who is Liu Wei?")
    expect(page.locator(".turn.assistant").first.locator(".read-with")).to_have_count(0)


def test_conversations_are_kept_in_the_browser(page: Page, server: str) -> None:
    ask(page, "Who is Wang Changhu?")
    page.click("#reset")
    expect(page.locator(".turn")).to_have_count(0)
    page.reload()
    page.click("#show-history")
    page.get_by_role("button", name="Who is Wang Changhu?").click()
    expect(page.locator(".turn.user")).to_have_text(["Who is Wang Changhu?"])
    expect(page.locator(".turn.assistant button.marker").first).to_be_visible()
    assert page.evaluate("JSON.parse(localStorage.getItem('newsqa.conversations')).length") == 1


def test_off_topic_question_shows_an_abstention_with_related_reading(page: Page) -> None:
    # how the page shows an abstention; which questions abstain is tested in tests/qa
    ask(page, "Wie wird das Wetter morgen in Berlin?")
    last = page.locator(".turn.assistant").last
    expect(last).to_have_class("turn assistant abstained")
    expect(last.locator(".abstain-label")).to_have_text("The documents do not say…")
    assert last.locator(".related li").count() >= 1


def test_api_key_stays_in_the_tab_and_unlocks_upload(page: Page, server: str, tmp_path: Path) -> None:
    page.click("#show-docs")
    expect(page.locator("#upload-form")).to_be_hidden()
    page.click("#show-key")
    page.fill("#api-key", KEY)
    page.press("#api-key", "Enter")
    expect(page.locator("#show-key")).to_have_text("Key ✓")
    assert page.evaluate("sessionStorage.getItem('newsqa.key')") == KEY
    assert KEY not in json.dumps(page.evaluate("Object.assign({}, localStorage)"))
    note = tmp_path / "page-upload-1.md"
    note.write_text("# Quokkavision\n\nZebracorp released the Quokkavision video model in 2025.", encoding="utf-8")
    expect(page.locator("#upload-form")).to_be_visible()
    page.set_input_files("#upload-file", str(note))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#status")).to_contain_text("Indexed Quokkavision (page-upload-1", timeout=60_000)
    expect(page.locator("#documents tbody")).to_contain_text("Quokkavision", timeout=30_000)
    page.set_input_files("#upload-file", str(note))  # the same name again: refused, nothing lost
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#status")).to_contain_text("already indexed", timeout=60_000)
    page.check("#upload-replace")
    page.set_input_files("#upload-file", str(note))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#status")).to_contain_text("Already up to date: Quokkavision", timeout=60_000)
    httpx.delete(f"{server}/documents/page-upload-1", headers={"Authorization": f"Bearer {KEY}"}, timeout=60)


def test_documents_from_the_web_with_their_metadata(page: Page, server: str, site: Site) -> None:
    page.click("#show-key")
    page.fill("#api-key", KEY)
    page.press("#api-key", "Enter")
    page.click("#show-docs")
    page.fill("#url-input", f"{site.url}/page.html")
    page.click("#url-form button[type=submit]")
    expect(page.locator("#status")).to_contain_text("Indexed Tencent launches Hunyuan video", timeout=60_000)
    row = page.locator("#documents tbody tr", has_text="Tencent launches Hunyuan video")
    expect(row).to_contain_text("Tech Daily")
    expect(row).to_contain_text("2024-12-03")
    page.fill("#url-input", f"{site.url}/feed.xml")
    page.click("#url-form button[type=submit]")
    expect(page.locator("#status")).to_contain_text("Feed read: 3 new or updated", timeout=120_000)
    expect(page.locator("#documents tbody")).to_contain_text("智譜清影")
    page.screenshot(path=str(ARTIFACTS / "documents-from-the-web.png"), full_page=True)
    page.fill("#url-input", "ftp://example.com/article.txt")  # refused before any lookup; no network
    page.click("#url-form button[type=submit]")
    expect(page.locator("#status")).to_contain_text("only http and https", timeout=30_000)
    for doc in httpx.get(f"{server}/documents", timeout=60).json():
        if doc["source"].startswith(site.url):
            httpx.delete(f"{server}/documents/{doc['doc_id']}", headers={"Authorization": f"Bearer {KEY}"}, timeout=60)


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


def test_a_failure_keeps_the_question_and_offers_retry(page: Page) -> None:
    def down(route: Route) -> None:
        route.fulfill(status=503, content_type="application/json", body=json.dumps({"detail": "the store is down"}))

    page.route("**/v1/chat/completions", down)
    page.fill("#question", "Who is Liu Wei?")
    page.press("#question", "Enter")
    expect(page.locator("#status")).to_contain_text("the store is down")
    expect(page.locator("#send")).to_be_enabled()
    assert page.input_value("#question") == "Who is Liu Wei?"  # nothing is lost
    expect(page.locator("#retry")).to_be_visible()
    page.unroute("**/v1/chat/completions")
    page.click("#retry")
    expect(page.locator(".turn.assistant:not(.pending) button.marker").first).to_be_visible(timeout=60_000)
    expect(page.locator("#retry")).to_be_hidden()


def test_phone_layout_and_security_headers(browser: Browser, server: str) -> None:
    response = httpx.get(server, timeout=10)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "http" not in response.text.replace(server, "")  # nothing loaded from elsewhere
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server)
    ask(page, "Where did Liu Wei start his company?")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone.png"))
    height = page.locator("#chat-view").evaluate("el => el.getBoundingClientRect().height")
    assert height >= 0.75 * 844, height  # the conversation uses the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    page.locator(".turn.assistant button.marker").first.tap()
    expect(page.locator("#highlight")).to_be_visible()
    assert in_view(page, "#reader-close", "#reader")
    page.screenshot(path=str(ARTIFACTS / "phone-reader.png"))
    page.tap("#reader-close")
    expect(page.locator("#reader")).to_be_hidden()
    context.close()
