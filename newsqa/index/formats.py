"""Turn a source's bytes into article text and metadata, one function per format.

Each format is read by a library made for it: web pages by trafilatura (the article
without navigation, comments or share widgets, plus title, author, date, site and
canonical URL), Markdown by markdown-it-py (headings kept as lines, no syntax left),
PDF by pypdf (the text layer; a scan without one is refused), DOCX by python-docx.
Cleaning what no library does (inline pinyin, repeats, chrome lines, mojibake) is
``clean``'s job, not this module's.

Example:
    >>> extract(b"# PixVerse\\n\\n**Wang Changhu** founded it.", "markdown").text
    'PixVerse\\nWang Changhu founded it.'
    >>> kind_of("report.PDF"), kind_of("x", "text/html; charset=utf-8"), kind_of("notes.odt")
    ('pdf', 'html', None)
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..errors import SourceError

SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
CONTENT_TYPES = {
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
BINARY_KINDS = frozenset({"pdf", "docx"})
SUPPORTED = ", ".join(sorted(SUFFIXES))
_TERMINAL = tuple('.!?。！？…:："”’」』')
_CJK_END = re.compile(r"[\u3000-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile(r"^[\u3000-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Extracted:
    """Article text (paragraphs separated by newlines) and what the source says about itself."""

    text: str
    title: str | None = None
    author: str = ""
    published: str = ""
    """ISO date (YYYY-MM-DD) when the source names one."""
    site: str = ""
    url: str = ""
    """The canonical URL a web page declares."""
    encoding: str = "utf-8"


def kind_of(name: str, content_type: str | None = None) -> str | None:
    """The format of a file name or a Content-Type header value, or None when unsupported."""
    if content_type:
        return CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return SUFFIXES.get(suffix)


def extract(data: bytes, kind: str, url: str | None = None) -> Extracted:
    """Read ``data`` as ``kind``. Raises SourceError for empty, binary, undecodable or textless input."""
    if kind == "pdf":
        return from_pdf(data)
    if kind == "docx":
        return from_docx(data)
    text, encoding = decode_bytes(data)
    if kind == "html":
        found = from_html(text, url)
    elif kind == "markdown":
        found = from_markdown(text)
    else:
        found = Extracted(text)
    return replace(found, encoding=encoding)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8, else the detected encoding. Example: b'caf\\xc3\\xa9' -> ('café', 'utf-8')."""
    from charset_normalizer import from_bytes

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
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if controls / max(len(text), 1) > 0.05:
        raise SourceError(f"decodes as {best.encoding} but looks binary")
    return text, best.encoding


def from_html(markup: str, url: str | None = None) -> Extracted:
    """The article of a web page (trafilatura); a page it finds no article in keeps all its visible text."""
    import trafilatura

    found = trafilatura.bare_extraction(
        markup, url=url, with_metadata=True, include_comments=False, include_tables=True, include_images=False
    )
    doc: dict[str, Any] = found.as_dict() if found is not None and hasattr(found, "as_dict") else {}
    text = doc.get("text") or trafilatura.html2txt(markup) or ""
    if not doc:
        meta = trafilatura.extract_metadata(markup, default_url=url)
        doc = meta.as_dict() if meta is not None else {}
    return Extracted(
        text=text,
        title=doc.get("title") or None,
        author=doc.get("author") or "",
        published=_iso_date(doc.get("date")),
        site=doc.get("sitename") or doc.get("hostname") or "",
        url=doc.get("url") or "",
    )


def from_markdown(source: str) -> Extracted:
    """Markdown rendered to plain text: one line per heading, paragraph, list item or table row."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    lines: list[str] = []
    title = None
    row: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            lines.append(" | ".join(row))
        elif token.type == "inline":
            text = _inline_text(token.children or [])
            if tokens[i - 1].type in ("th_open", "td_open"):
                row.append(text)
            elif text:
                lines.append(text)
                if title is None and tokens[i - 1].type == "heading_open":
                    title = text
        elif token.type in ("fence", "code_block"):
            lines.extend(line for line in token.content.splitlines() if line.strip())
    return Extracted("\n".join(lines), title=title)


def _inline_text(children: list[Any]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content if child.type != "html_inline" else "")
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts).strip()


def from_pdf(data: bytes) -> Extracted:
    """The text layer of a PDF, lines re-flowed into paragraphs; a PDF without text is refused."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SourceError("the PDF is encrypted; save an unprotected copy first")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except PdfReadError as err:
        raise SourceError(f"not a readable PDF ({err})") from None
    text = reflow("\n".join(pages))
    if not text.strip():
        raise SourceError(
            f"the PDF has no text layer ({len(pages)} page(s) of images, probably a scan); "
            "run OCR on it first (for example ocrmypdf) and index the result"
        )
    title = str(info.title).strip() if info is not None and info.title else None
    author = str(info.author).strip() if info is not None and info.author else ""
    created = info.creation_date if info is not None else None
    return Extracted(text, title=title or None, author=author, published=_iso_date(created))


def reflow(text: str) -> str:
    """Join PDF layout lines into paragraphs: a line nearly as wide as the widest (display width, CJK
    counting double) continues into the next unless it ends a sentence; a hyphen at a line end is dropped.

    >>> reflow("Tencent released a model with a\\nlarge number of parameters.\\nNext")
    'Tencent released a model with a large number of parameters.\\nNext'
    """
    lines = [line.strip() for line in text.splitlines()]
    width = max((_width(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if current:
            if current.endswith("-") and line[:1].islower():
                current = current[:-1] + line
            elif _CJK_END.search(current) and _CJK_START.search(line):
                current += line
            else:
                current += " " + line
        else:
            current = line
        if _width(line) < 0.7 * width or line.endswith(_TERMINAL):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def _width(line: str) -> int:
    """Display width: a wide (CJK) character counts twice. Example: 'ab視頻' -> 6."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def from_docx(data: bytes) -> Extracted:
    """Paragraphs and table rows of a Word document, in order, with its core properties."""
    from docx import Document
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several types for a broken package
        raise SourceError(f"not a readable DOCX file ({err})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(" | ".join(cell.text.strip() for cell in r.cells) for r in block.rows)
        elif block.text.strip():
            lines.append(block.text.strip())
    if not lines:
        raise SourceError("the DOCX file holds no text")
    props = document.core_properties
    return Extracted(
        "\n".join(lines),
        title=(props.title or "").strip() or None,
        author=props.author or "",
        published=_iso_date(props.created),
    )


def _iso_date(value: object) -> str:
    """YYYY-MM-DD from a datetime or a date-like string, else ''."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    match = re.match(r"(\d{4}-\d{2}-\d{2})", str(value or ""))
    return match.group(1) if match else ""
