"""Find and decode source files (.txt, .md, .html).

Decoding tries UTF-8 first and falls back to charset detection
(charset-normalizer) for GB18030, Big5 and the like. Files that are empty,
binary or undecodable are skipped with a warning naming them; a path that does
not exist is an error. This module does not clean text; see ``clean``.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import SourceError
from ..settings import DOC_ID_PATTERN

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass(frozen=True)
class RawDocument:
    """A decoded source file; ``doc_id`` is the file name without extension."""

    doc_id: str
    text: str
    source: str
    encoding: str
    html_title: str | None = None


@dataclass
class LoadResult:
    """Documents that loaded, and (path, reason) for each file skipped."""

    documents: list[RawDocument] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def discover(paths: list[Path]) -> list[Path]:
    """Expand folders into their supported files, sorted. Missing paths raise SourceError."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise SourceError(f"{path} does not exist; give a folder or files ending in .txt, .md or .html.")
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and _supported(p))
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
    """Decode one file. Raises SourceError for unsupported, empty, binary or undecodable files."""
    if not _supported(path):
        raise SourceError(f"unsupported file type {path.suffix or '(none)'!r}")
    doc_id = path.stem
    if not DOC_ID_PATTERN.match(doc_id):
        raise SourceError(f"file name {path.stem!r} is not a valid document id (letters, digits, _ . -)")
    text, encoding = decode_bytes(path.read_bytes())
    title = None
    if path.suffix.lower() in (".html", ".htm"):
        text, title = html_to_text(text)
    return RawDocument(doc_id=doc_id, text=text, source=str(path), encoding=encoding, html_title=title)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8, else the detected encoding. Example: b'caf\\xc3\\xa9' -> ('café', 'utf-8')."""
    if not data.strip():
        raise SourceError("empty file")
    if b"\x00" in data[:8192]:
        raise SourceError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise SourceError("could not detect the text encoding")
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise SourceError(f"decodes as {best.encoding} but looks binary")
    return text, best.encoding


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    return controls / max(len(text), 1)


class _TextExtractor(HTMLParser):
    """Collects visible text, one line per block element; skips script and style."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, 1)

    def handle_endtag(self, tag: str) -> None:
        self._tag(tag, -1)

    def _tag(self, tag: str, step: int) -> None:
        """An opening (+1) or closing (-1) tag: skipped content, the title, or a block boundary."""
        if tag in ("script", "style", "noscript"):
            self._skip = max(0, self._skip + step)
        elif tag == "title":
            self._in_title = step > 0
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible text of an HTML page and its <title>. Example: '<p>a</p><p>b</p>' -> ('a\\n\\nb', None)."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [html.unescape(line).strip() for line in "".join(parser.parts).split("\n")]
    return "\n\n".join(line for line in lines if line), parser.title
