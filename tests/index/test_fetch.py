"""Fetching URLs from a local web server: pages, documents and feeds, and the network guard both ways."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

from newsqa.errors import FetchError, UnsafeURLError
from newsqa.index import build
from newsqa.index import fetch as fetch_module
from newsqa.index.fetch import fetch
from newsqa.index.load import load_url
from newsqa.settings import FetchSettings, Settings
from tests import documents
from tests.conftest import Site

OPEN = FetchSettings(allow_private_urls=True)
GUARDED = FetchSettings(allow_private_urls=False)


def test_private_addresses_are_refused_by_default(site: Site) -> None:
    before = sum(site.hits.values())
    for url in (f"{site.url}/page.html", "http://localhost:9/", "http://[::1]:9/", "http://169.254.169.254/latest/"):
        with pytest.raises(UnsafeURLError, match="QA_ALLOW_PRIVATE_URLS"):
            fetch(url, GUARDED)
    assert sum(site.hits.values()) == before  # refused before any connection


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a", "gopher://x", "http:///nohost"])
def test_only_http_urls_with_a_host(url: str) -> None:
    with pytest.raises(UnsafeURLError):
        fetch(url, OPEN)


def test_allowed_when_configured(site: Site) -> None:
    got = fetch(f"{site.url}/page.html", OPEN)
    assert got.content_type == "text/html" and documents.PAGE_FACT.encode() in got.data


def test_every_redirect_is_checked_again(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """A public name that redirects into the private network is refused at the redirect."""
    real = fetch_module.resolve

    def resolve(url: httpx.URL, allow_private: bool) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
        if url.host == "public.example":  # pretend this name is public; it is served by the local site
            return ipaddress.ip_address("127.0.0.1")
        return real(url, allow_private)

    monkeypatch.setattr(fetch_module, "resolve", resolve)
    port = site.url.rsplit(":", 1)[1]
    with pytest.raises(UnsafeURLError, match=r"127\.0\.0\.1"):
        fetch(f"http://public.example:{port}/moved", GUARDED)
    assert site.hits["/moved"] >= 1 and fetch(f"{site.url}/moved", OPEN).final_url.endswith("/page.html")


def test_limits_type_status_and_size(site: Site) -> None:
    with pytest.raises(FetchError, match="application/octet-stream"):
        fetch(f"{site.url}/data.bin", OPEN)
    with pytest.raises(FetchError, match="404"):
        fetch(f"{site.url}/missing.html", OPEN)
    with pytest.raises(FetchError, match=r"(larger|more) than"):
        fetch(f"{site.url}/report.pdf", FetchSettings(allow_private_urls=True, fetch_max_bytes=1024))
    with pytest.raises(FetchError, match="resolve"):
        fetch("http://no-such-host.invalid/", OPEN)


def test_each_source_type_is_indexed_from_the_web(site: Site, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", allow_private_urls=True)
    urls = [f"{site.url}/{name}" for name in ("page.html", "report.pdf", "report.docx", "feed.xml", "scan.pdf")]
    report = build(urls, settings)
    assert len(report.embedded) == 6  # page, pdf, docx and the feed's three articles
    assert report.documents == 6
    assert [(url, "no text layer" in why) for url, why in report.skipped] == [(f"{site.url}/scan.pdf", True)]
    from newsqa.index import open_store

    docs = {d.source: d for d in open_store(settings).documents().values()}
    page = docs[f"{site.url}/page.html"]
    assert documents.PAGE_FACT in page.text and "Write a comment" not in page.text
    assert (page.author, page.published, page.site) == ("Jane Reporter", "2024-12-03", "Tech Daily")
    assert {docs[f"{site.url}/{n}.html"].language for n in documents.ARTICLES} == {"en", "de", "zh-Hant"}
    assert documents.DOCX_FACT in docs[f"{site.url}/report.docx"].text


def test_scanned_pdf_url_is_a_clear_error(site: Site) -> None:
    with pytest.raises(Exception, match="no text layer"):
        load_url(f"{site.url}/scan.pdf", OPEN)


def test_feed_is_incremental(site: Site, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", allow_private_urls=True)
    feed_url = f"{site.url}/feed.xml"
    first = build([feed_url], settings)
    assert len(first.embedded) == 3
    fetched = {path: site.hits[path] for path in ("/a1.html", "/a2.html", "/a3.html")}
    again = build([feed_url], settings)
    assert again.embedded == [] and len(again.unchanged) == 3
    assert {path: site.hits[path] for path in fetched} == fetched  # not fetched twice
    # The site updates one article after it was indexed and says so in its feed: only that one is fetched
    # again and replaced.
    later = format_datetime(datetime.now(UTC) + timedelta(minutes=5), usegmt=True)
    (site.folder / "a2.html").write_text(documents.news_page("Shengshu und Vidu", "Vidu 2.0 erschien im Januar."))
    (site.folder / "feed.xml").write_text(documents.feed(site.url, {"a2": later}))
    try:
        third = build([feed_url], settings)
    finally:
        documents.write_site(site.folder, site.url)
    assert len(third.embedded) == 1 and len(third.unchanged) == 2
    assert site.hits["/a2.html"] == fetched["/a2.html"] + 1 and site.hits["/a1.html"] == fetched["/a1.html"]
