"""Hybrid cross-lingual retrieval.

Steps: ``dense_similarities`` asks Chroma for the nearest chunks under each embedder
and ``combine_dense`` standardises each embedder's similarities within each document language (so
an encoder's taste for the question's own language does not decide which
language wins); ``lexical_scores`` adds BM25 over normalized tokens, including
the pinyin bridge tokens, scaled to at most ``WORD_WEIGHT`` (words) and
``BRIDGE_WEIGHT`` (pinyin name bridges) standard deviations, so a lexical hit
can lift a passage but a lexical miss (the usual case across languages) cannot
bury one; ``rank`` removes copies of a passage. ``retrieve`` also says how far each
embedder's best raw similarity stands out from the rest of the corpus (``prominence``), which the
answer model reads: a question about something the documents never mention has no passage that
stands out. In hybrid mode it also keeps each hit's channels (``CHANNELS``), which the second stage
of ``search`` (``qa.rerank``) reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from newsqa.index.lang import detect_language
from newsqa.index.normalize import fold

from .engine import Engine, Snapshot, language_group
from .types import Hit

Mode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "lexical")
WORD_WEIGHT = 0.5
BRIDGE_WEIGHT = 1.5
CENTRING = 0.5
TO_ENGLISH_WEIGHT = 1.0
TO_CHINESE_WEIGHT = 1.0
DENSE_CANDIDATES = 1000
MISSING_Z = -3.0


def dense_similarities(engine: Engine, snap: Snapshot, query: str, mask: np.ndarray) -> list[np.ndarray]:
    """Per embedder, the cosine similarity of every chunk Chroma returned (NaN for the others).

    Chroma's HNSW index is approximate (chroma-core/chroma issues 2025 and 3113: a stored vector not
    returned for its own query): when every chunk was asked for, a chunk of the snapshot it did not
    return is scored from its stored vector instead, so a passage is never lost to the index.
    """
    n = len(snap.chunks)
    out = []
    for i in range(len(engine.embedders)):
        vector = engine.query_vector(i, query)
        raw = np.full(n, np.nan)
        asked = min(n, DENSE_CANDIDATES)
        found = engine.store.query(engine.store.chunks[i], vector, asked)
        for chunk_id, similarity in found:
            pos = snap.positions.get(chunk_id)
            if pos is not None and mask[pos]:
                raw[pos] = similarity
        if asked == n:
            missed = [snap.chunks[p].chunk_id for p in np.flatnonzero(mask & np.isnan(raw))]
            for chunk_id, stored in engine.store.vectors_of(i, missed).items():
                raw[snap.positions[chunk_id]] = cosine(stored, vector)
        out.append(raw)
    return out


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity, as Chroma's cosine space computes it (1 - distance).

    >>> round(cosine(np.array([1.0, 0.0]), np.array([1.0, 1.0])), 4)
    0.7071
    """
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / norms if norms else 0.0


def dense_z(snap: Snapshot, similarities: list[np.ndarray], query: str, centring: float) -> list[np.ndarray]:
    """Per embedder, per-language z-scores after removing ``centring`` x each passage's affinity to
    the question language's centroid; chunks the embedder did not return get MISSING_Z."""
    group = language_group(detect_language(query))
    column = snap.groups.index(group) if group in snap.groups else None
    out = []
    for i, raw in enumerate(similarities):
        if column is not None and centring and i < len(snap.affinity):
            raw = raw - centring * snap.affinity[i][:, column]
        out.append(_standardise_by_language(raw, snap.languages))
    return out


def combine_dense(snap: Snapshot, similarities: list[np.ndarray], query: str, centring: float) -> np.ndarray:
    """Mean over embedders of ``dense_z``."""
    return np.mean(dense_z(snap, similarities, query, centring), axis=0)


READ_EMBEDDERS = 2
"""The reader reads this many embedders: their sentence similarities and prominence (0 for one not configured)."""


def prominence(similarities: list[np.ndarray]) -> tuple[float, ...]:
    """Per embedder, how many standard deviations the best raw similarity lies above the mean of
    all the candidates it returned (raw: before any per-language standardisation).

    >>> prominence([np.array([0.9, 0.5, 0.5, 0.5, np.nan])])
    (1.7321, 0.0)
    """
    out = []
    for raw in similarities[:READ_EMBEDDERS]:
        seen = raw[~np.isnan(raw)]
        spread = float(np.std(seen)) if len(seen) >= 3 else 0.0
        out.append(round((float(seen.max()) - float(seen.mean())) / spread, 4) if spread > 0 else 0.0)
    return tuple(out + [0.0] * (READ_EMBEDDERS - len(out)))


def question_prominence(engine: Engine, question: str, mask: np.ndarray | None = None) -> tuple[float, ...]:
    """``prominence`` of a question on its own (a follow-up is searched with the turn before it, but
    its confidence must rest on the question alone)."""
    snap = engine.snapshot
    if not snap.chunks:
        return (0.0,) * READ_EMBEDDERS
    mask = np.ones(len(snap.chunks), dtype=bool) if mask is None else mask
    return prominence(dense_similarities(engine, snap, question, mask))


def _standardise_by_language(raw: np.ndarray, languages: np.ndarray) -> np.ndarray:
    """z-score within each language among the returned candidates. Example: [.9,.8,nan] -> [1,-1,-3]."""
    z = np.full(raw.shape, MISSING_Z)
    seen = ~np.isnan(raw)
    if not seen.any():
        return z
    overall_std = float(np.std(raw[seen])) or 1.0
    for language in set(languages[seen]):
        group = seen & (languages == language)
        values = raw[group]
        std = float(np.std(values)) if len(values) >= 3 else overall_std
        z[group] = (values - float(np.mean(values))) / (std or overall_std)
    return z


def lexical_channels(snap: Snapshot, query: str, mask: np.ndarray) -> tuple[np.ndarray, ...]:
    """BM25 of words, of pinyin bridges, and of dictionary translations into English and into
    Chinese, each scaled by its best score (0..1).

    Bridges only count on passages in the other script (a Chinese question's pinyin pairs
    lift English and German passages, not Chinese ones, which its words already match).
    """
    weights = mask.astype(np.float32)
    words, bridges, english, chinese = snap.lexical.scores(query, weights)
    chinese_query = detect_language(query).startswith("zh")
    bridges = bridges * (snap.chinese != chinese_query)
    return _scaled(words), _scaled(bridges), _scaled(english), _scaled(chinese)


def lexical_scores(snap: Snapshot, query: str, mask: np.ndarray) -> np.ndarray:
    """The lexical channels, weighted."""
    return _weighted(lexical_channels(snap, query, mask))


def _weighted(channels: tuple[np.ndarray, ...]) -> np.ndarray:
    words, bridges, english, chinese = channels
    return words * WORD_WEIGHT + bridges * BRIDGE_WEIGHT + english * TO_ENGLISH_WEIGHT + chinese * TO_CHINESE_WEIGHT


def _scaled(scores: np.ndarray) -> np.ndarray:
    best = float(scores.max()) if len(scores) else 0.0
    return scores / best if best > 0 else scores


CHANNELS = (
    "fused",
    "dense",
    "z_first",
    "z_second",
    "raw_first",
    "raw_second",
    "words",
    "bridges",
    "to_english",
    "to_chinese",
)
"""What hybrid retrieval knows of each hit: the fused score, the dense mean z-score, each of the first
two embedders' z-score and raw cosine (0 when it did not return the chunk), the four lexical channels."""


@dataclass(frozen=True)
class Retrieved:
    """The passages found for a query, and what the answer model reads about the search itself."""

    hits: list[Hit]
    prominence: tuple[float, ...]
    """``prominence`` of the dense similarities (zeros in lexical mode)."""
    mask: np.ndarray | None = None
    """The chunks the filters allowed (None: every chunk)."""
    channels: np.ndarray | None = None
    """Hybrid mode: one row of ``CHANNELS`` per hit (what ``qa.rerank`` reads); None otherwise."""


def allowed_chunks(snap: Snapshot, languages: list[str] | None, doc_ids: list[str] | None) -> np.ndarray:
    """Which chunks of the snapshot the language and document filters let through."""
    mask = np.ones(len(snap.chunks), dtype=bool)
    if languages:
        mask &= np.isin(snap.languages, languages)
    if doc_ids is not None:  # an empty list allows nothing (a filter no document passes)
        mask &= np.isin(snap.doc_ids, doc_ids)
    return mask


def retrieve(
    engine: Engine,
    query: str,
    top_k: int,
    languages: list[str] | None = None,
    doc_ids: list[str] | None = None,
    mode: Mode = "hybrid",
) -> Retrieved:
    """The top_k passages for ``query``, without copies, best first, and the search's prominence."""
    snap = engine.snapshot
    if not snap.chunks:
        return Retrieved([], (0.0,) * READ_EMBEDDERS)
    mask = allowed_chunks(snap, languages, doc_ids)
    standing = (0.0,) * READ_EMBEDDERS
    columns: list[np.ndarray] = []
    if mode == "lexical":
        scores = lexical_scores(snap, query, mask)
        order = [int(i) for i in np.argsort(-scores) if mask[i] and scores[i] > 0]
    else:
        similarities = dense_similarities(engine, snap, query, mask)
        standing = prominence(similarities)
        zs = dense_z(snap, similarities, query, CENTRING)
        scores = np.mean(zs, axis=0)
        if mode == "hybrid":
            channels = lexical_channels(snap, query, mask)
            dense = scores
            scores = dense + _weighted(channels)
            blank = np.zeros_like(scores)
            z = [zs[i] if i < len(zs) else blank for i in range(READ_EMBEDDERS)]
            raw = [similarities[i] if i < len(zs) else blank for i in range(READ_EMBEDDERS)]
            columns = [scores, dense, *z, *raw, *channels]
        order = [int(i) for i in np.argsort(-scores) if mask[i] and scores[i] > MISSING_Z]
    hits = rank(snap, order, scores, top_k, detect_language(query))
    at = [snap.positions[h.chunk_id] for h in hits]
    rows = np.nan_to_num(np.stack([c[at] for c in columns], axis=1), nan=0.0) if columns and hits else None
    return Retrieved(hits, standing, mask, rows)


def rank(snap: Snapshot, order: list[int], scores: np.ndarray, top_k: int, query_language: str) -> list[Hit]:
    """Take the best positions, skipping copies of a passage already taken.

    A German and an English translation of one fact may both appear; when they are
    neighbours in the ranking, the question's language comes first.
    """
    chosen: list[int] = []
    seen: set[str] = set()
    for pos in order:
        key = " ".join(fold(snap.chunks[pos].text).split())
        if key in seen:
            continue
        seen.add(key)
        chosen.append(pos)
        if len(chosen) == top_k:
            break
    chosen = _question_language_first(snap, chosen, scores, query_language)
    return [
        Hit(
            rank=r + 1,
            score=round(float(scores[pos]), 4),
            doc_id=snap.chunks[pos].doc_id,
            title=snap.chunks[pos].title,
            language=snap.chunks[pos].language,
            chunk_id=snap.chunks[pos].chunk_id,
            text=snap.chunks[pos].text,
            start=snap.chunks[pos].start,
            end=snap.chunks[pos].end,
        )
        for r, pos in enumerate(chosen)
    ]


def _question_language_first(snap: Snapshot, chosen: list[int], scores: np.ndarray, query_language: str) -> list[int]:
    """Swap adjacent hits from different documents in de/en when the second is in the question's language."""
    result = list(chosen)
    for i in range(len(result) - 1):
        a, b = snap.chunks[result[i]], snap.chunks[result[i + 1]]
        close = abs(float(scores[result[i]]) - float(scores[result[i + 1]])) < 0.5
        if close and a.doc_id != b.doc_id and {a.language, b.language} == {"de", "en"} and b.language == query_language:
            result[i], result[i + 1] = result[i + 1], result[i]
    return result
