"""Find source files and URLs and read them into documents (text plus what the source says about itself).

Each format is read by ``formats`` (.txt, .md, .html, .pdf, .docx); URLs are fetched by
``fetch`` and feeds read by ``feeds``. Files or feed entries that are empty, binary,
undecodable or without text are skipped with a warning naming them; a path that does not
exist is an error. This module does not clean text; see ``clean``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import SourceError
from ..settings import DOC_ID_PATTERN, FetchSettings
from .feeds import feed_entries
from .fetch import Fetched, fetch
from .formats import SUPPORTED, Extracted, extract, kind_of
from .records import DocumentRecord, url_doc_id

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawDocument:
    """A read source: ``doc_id`` (a file's name without extension), its text and metadata."""

    doc_id: str
    text: str
    source: str
    """The file path, the URL it was fetched from, or ``api:<id>``."""
    encoding: str = "utf-8"
    title: str | None = None
    author: str = ""
    published: str = ""
    site: str = ""

    @classmethod
    def of(cls, doc_id: str, found: Extracted, source: str) -> RawDocument:
        return cls(doc_id, found.text, source, found.encoding, found.title, found.author, found.published, found.site)


@dataclass
class LoadResult:
    """Documents that loaded, (path or URL, reason) for each source skipped, and the ids of feed
    entries left alone because they are indexed and not updated since."""

    documents: list[RawDocument] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    feed: str | None = None
    """The feed URL when the documents came from one."""


def discover(paths: list[Path]) -> list[Path]:
    """Expand folders into their supported files, sorted. Missing paths raise SourceError."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise SourceError(f"{path} does not exist; give a URL, a folder or files ending in {SUPPORTED}.")
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and kind_of(p.name))
        else:
            found.append(path)
    return found


def load_paths(paths: list[Path]) -> LoadResult:
    """Load every supported file under ``paths``; unusable files are skipped with a warning."""
    result = LoadResult()
    for path in discover(paths):
        try:
            result.documents.append(load_file(path))
        except SourceError as err:
            log.warning("skipped %s: %s", path, err)
            result.skipped.append((str(path), str(err)))
    return result


def load_file(path: Path) -> RawDocument:
    """Read one file. Raises SourceError for unsupported, empty, binary, undecodable or textless files."""
    kind = kind_of(path.name)
    if kind is None:
        raise SourceError(f"unsupported file type {path.suffix or '(none)'!r}; use {SUPPORTED}")
    doc_id = path.stem
    if not DOC_ID_PATTERN.match(doc_id):
        raise SourceError(f"file name {path.stem!r} is not a valid document id (letters, digits, _ . -)")
    return RawDocument.of(doc_id, extract(path.read_bytes(), kind), str(path))


def load_url(url: str, settings: FetchSettings, indexed: Mapping[str, DocumentRecord] | None = None) -> LoadResult:
    """Fetch a page, a document or a feed. A feed yields the articles it links to, newest first, up to
    ``feed_max_entries``; an entry already indexed from the same URL is fetched again only when the feed
    says it was updated after it was indexed. Entries that fail are skipped with a warning naming them;
    a URL that cannot be fetched at all raises (UnsafeURLError or FetchError)."""
    fetched = fetch(url, settings)
    result = LoadResult()
    if not fetched.is_feed:
        result.documents.append(_from_fetched(url, fetched))
        return result
    result.feed = url
    by_source = {record.source: record for record in (indexed or {}).values()}
    for entry in feed_entries(fetched.data, fetched.final_url)[: settings.feed_max_entries]:
        known = by_source.get(entry.url)
        if known is not None and (not entry.updated or entry.updated <= known.indexed_at):
            result.unchanged.append(known.doc_id)
            continue
        try:
            page = fetch(entry.url, settings)
            if page.is_feed:
                raise SourceError("the entry links to another feed")
            result.documents.append(_from_fetched(entry.url, page, entry.title))
        except SourceError as err:
            log.warning("skipped %s: %s", entry.url, err)
            result.skipped.append((entry.url, str(err)))
    return result


def _from_fetched(url: str, fetched: Fetched, title: str | None = None) -> RawDocument:
    kind = kind_of("", fetched.content_type) or "text"
    found = extract(fetched.data, kind, url=fetched.final_url)
    raw = RawDocument.of(url_doc_id(url), found, url)
    return replace(raw, title=raw.title or title)
