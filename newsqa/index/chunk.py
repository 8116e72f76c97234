"""Split clean text into sentences and pack them into token-bounded chunks.

Sentences end at ``. ? !`` followed by a space (not inside numbers such as
``3.05`` or ``00700.HK``, and not after an abbreviation or an initial: ``Nicholas E. Golovin``,
``i.e.``, ``St. Johns``, ``z. B.``, as the ``sentencex`` segmenter decides for English and German),
at ``。！？；`` (with any closing quote), and at line breaks. A chunk never crosses a paragraph
unless a paragraph is shorter than the minimum, in which case it joins the next one in the same
language while the total stays within the maximum. A sentence longer than the maximum is cut at the largest prefix that
fits. Offsets are character offsets into the clean text:
``text[chunk.start:chunk.end] == chunk.text`` always holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sentencex import get_sentence_boundaries

from .lang import detect_language
from .tokens import count_tokens

_CLOSERS = "\"'”’」』）)》】"
SENTENCE_END = re.compile(rf"[。！？；!?;][{_CLOSERS}]*|\.[{_CLOSERS}]*(?=\s|$)|\n")
PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")


@dataclass(frozen=True)
class Span:
    """A piece of the clean text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentence spans of ``text``, whitespace trimmed.

    >>> [s.text for s in sentences("Nicholas E. Golovin led it, i.e. the panel. Es kam z. B. an. 好。对")]
    ['Nicholas E. Golovin led it, i.e. the panel.', 'Es kam z. B. an.', '好。', '对']
    """
    spans: list[Span] = []
    cursor = 0
    latin_ends: set[int] | None = None
    for match in SENTENCE_END.finditer(text):
        if match.group().startswith("."):
            latin_ends = _latin_ends(text) if latin_ends is None else latin_ends
            if not any(end in latin_ends for end in range(match.start() + 1, match.end() + 1)):
                continue  # an abbreviation or an initial, not the end of a sentence
        _append_trimmed(spans, text, cursor, match.end(), offset)
        cursor = match.end()
    _append_trimmed(spans, text, cursor, len(text), offset)
    return spans


def _latin_ends(text: str) -> set[int]:
    """Where sentencex ends sentences in ``text`` (whitespace excluded), with German rules for German
    text and English rules for everything else."""
    rules = "de" if detect_language(text) == "de" else "en"
    return {b["start_index"] + len(b["text"].rstrip()) for b in get_sentence_boundaries(rules, text)}


def _append_trimmed(spans: list[Span], text: str, start: int, end: int, offset: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = offset + start + lead
    spans.append(Span(begin, begin + len(stripped), stripped))


def paragraphs(text: str) -> list[Span]:
    """Blocks separated by blank lines."""
    return [Span(m.start(), m.end(), m.group()) for m in PARAGRAPH.finditer(text)]


def _cut_long(sentence: Span, max_tokens: int) -> list[Span]:
    """Cut a sentence longer than max_tokens into the largest prefixes that fit."""
    pieces: list[Span] = []
    start = sentence.start
    rest = sentence.text
    while rest:
        low, high = 1, len(rest)
        while low < high:
            mid = (low + high + 1) // 2
            if count_tokens(rest[:mid]) <= max_tokens:
                low = mid
            else:
                high = mid - 1
        piece = rest[:low]
        pieces.append(Span(start, start + len(piece), piece))
        start += len(piece)
        rest = rest[low:]
        skipped = len(rest) - len(rest.lstrip())
        start += skipped
        rest = rest.lstrip()
    return pieces


def chunk_text(text: str, max_tokens: int = 256, min_tokens: int = 40) -> list[Span]:
    """Pack sentences into chunks of at most max_tokens cl100k tokens."""
    chunks: list[Span] = []
    current: list[Span] = []
    current_tokens = 0

    def flush() -> None:
        nonlocal current, current_tokens
        if current:
            start, end = current[0].start, current[-1].end
            chunks.append(Span(start, end, text[start:end]))
        current, current_tokens = [], 0

    previous_language = None
    for paragraph in paragraphs(text):
        language = detect_language(paragraph.text)
        if current and (current_tokens >= min_tokens or language != previous_language):
            flush()
        previous_language = language
        for sentence in sentences(paragraph.text, paragraph.start):
            tokens = count_tokens(sentence.text)
            pieces = [sentence] if tokens <= max_tokens else _cut_long(sentence, max_tokens)
            for piece in pieces:
                piece_tokens = tokens if piece is sentence else count_tokens(piece.text)
                if current and current_tokens + piece_tokens > max_tokens:
                    flush()
                current.append(piece)
                current_tokens += piece_tokens
    flush()
    return chunks
