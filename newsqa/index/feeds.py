"""RSS and Atom feeds (feedparser): the articles a feed links to, newest first.

Example:
    >>> rss = b'''<rss version="2.0"><channel><title>T</title>
    ... <item><title>A</title><link>https://example.com/a</link><pubDate>Tue, 03 Dec 2024 08:00:00 GMT</pubDate></item>
    ... </channel></rss>'''
    >>> feed_entries(rss, "https://example.com/feed.xml")
    [FeedEntry(url='https://example.com/a', title='A', updated='2024-12-03T08:00:00+00:00')]
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

from ..errors import SourceError


@dataclass(frozen=True)
class FeedEntry:
    """One linked article; ``updated`` is the entry's update (else publication) time, ISO 8601 UTC, or ''."""

    url: str
    title: str
    updated: str


def feed_entries(data: bytes, feed_url: str) -> list[FeedEntry]:
    """The entries of a feed with a link, newest first. Raises SourceError when ``data`` is not a feed."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        raise SourceError(f"{feed_url} is XML but not an RSS or Atom feed ({parsed.get('bozo_exception', '')})")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        url = urljoin(feed_url, link)
        if url in seen:
            continue
        seen.add(url)
        has_update = dict.__contains__(entry, "updated_parsed")  # .get() would warn about its fallback
        when = (entry["updated_parsed"] if has_update else None) or entry.get("published_parsed")
        stamp = datetime.fromtimestamp(calendar.timegm(when), UTC).isoformat() if when else ""
        entries.append(FeedEntry(url, str(entry.get("title", "")).strip(), stamp))
    return sorted(entries, key=lambda e: e.updated, reverse=True)
