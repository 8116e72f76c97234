"""BM25 over the normalized tokens of every committed chunk (bm25s).

Rebuilt from what Chroma stores (each chunk's tokens are computed once at index
time and kept in its metadata), so every process can derive it quickly; see
``index.normalize`` for how text becomes tokens.
"""

from __future__ import annotations

import math

import numpy as np

from newsqa.index import ChunkRecord
from newsqa.index.dictionary import is_chinese, translate
from newsqa.index.lang import detect_language
from newsqa.index.normalize import lexical_tokens


class LexicalIndex:
    """Scores every chunk of a snapshot for a query."""

    def __init__(self, chunks: list[ChunkRecord]) -> None:
        import bm25s

        self.size = len(chunks)
        self._retriever = bm25s.BM25()
        corpus = [(c.tokens.split() if c.tokens else lexical_tokens(c.text)) or ["\u2205"] for c in chunks]
        if corpus:
            self._retriever.index(corpus, show_progress=False)
        self._vocab: dict[str, int] = dict(self._retriever.vocab_dict or {}) if corpus else {}
        # Chunks holding each token id: bm25s keeps one sparse column of scores per token, and a
        # token scores above 0 in exactly the chunks that hold it.
        self._frequency = np.diff(self._retriever.scores["indptr"]) if corpus else np.zeros(0, dtype=np.int64)

    def idf(self, token: str) -> float:
        """BM25's inverse document frequency of a token over the chunks (highest for a token no chunk holds).

        >>> from newsqa.index import ChunkRecord
        >>> def chunk(text): return ChunkRecord("c", "d", "s", "t", "en", "", 0, len(text), text, text)
        >>> index = LexicalIndex([chunk("singapur tencent"), chunk("tencent video")])
        >>> index.idf("singapur") > index.idf("tencent")
        True
        """
        index = self._vocab.get(token)
        found = 0 if index is None else int(self._frequency[index])
        return math.log((self.size - found + 0.5) / (found + 0.5) + 1)

    @property
    def vocabulary(self) -> dict[str, int]:
        """Every token of the corpus, with its id."""
        return self._vocab

    def scores(self, query: str, mask: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
        """BM25 scores of each chunk for the query's words, its pinyin bridge tokens, and its words'
        dictionary translations into Latin script (English, German) and into Chinese (``index.dictionary``)."""
        every = lexical_tokens(query)
        tokens = [t for t in every if t in self._vocab]
        words = [self._vocab[t] for t in tokens if not t.startswith("py:")]
        bridges = [self._vocab[t] for t in tokens if t.startswith("py:")]
        plain = [t for t in every if not t.startswith("py:")]
        translated = [t for t in translate(plain, detect_language(query)) if t in self._vocab]
        english = [self._vocab[t] for t in translated if not is_chinese(t)]  # English and German words
        chinese = [self._vocab[t] for t in translated if is_chinese(t)]
        return tuple(self._score(ids, mask) for ids in (words, bridges, english, chinese))

    def _score(self, ids: list[int], mask: np.ndarray | None) -> np.ndarray:
        if not ids or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        scores = np.asarray(self._retriever.get_scores(ids), dtype=np.float32)
        return scores * mask if mask is not None else scores
