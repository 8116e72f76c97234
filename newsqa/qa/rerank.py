"""The second stage of hybrid search: a fitted passage model re-orders the first stage's best passages.

The first stage (``qa.retrieve``) fuses dense and lexical scores of whole passages over the whole
corpus and cannot look inside one. This stage reads the sentences of the ``DEPTH`` best passages (the
stored sentence vectors, as the reader does) and describes each passage by ``PASSAGE_FEATURES``: the
first stage's channels (``qa.retrieve.CHANNELS``), its gap to the best and its rank, whether it is in
the question's language, and what its best quotable sentence says: each encoder's similarity to the
question and its gap to the best candidate's, the best IDF-weighted coverage of the question's words
with their translations, whether a sentence holds the kind of value asked, and the best probability
of a sentence model of its own, fitted with it on the first stage's sentences (the reader's ranker is
fitted on what ``ask`` reads).

Both models are fitted by ``python -m newsqa.eval.fit_rerank`` on the tuning splits of both suites
and kept as plain JSON (``qa/models/rerank.json``); the passage model is a logistic model or boosted
trees (``qa.trees``), whichever the fit's cross-validation prefers. Without it (or in dense and
lexical mode) the first stage's order stands. A re-ordered hit's ``score`` is the passage model's probability.

``search`` uses it; ``ask`` reads the first stage: with the reader refitted on re-ordered passages
the answer model abstained less on the tuning splits (``eval/README.md``, "Tried and not adopted").

Example:
    >>> PASSAGE_FEATURES[:3], len(PASSAGE_FEATURES)
    (('fused', 'dense', 'z_first'), 22)
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsqa.index.lang import detect_language

from .answer import score_sentences
from .engine import Engine, language_group
from .reader import SENTENCE_FEATURES, Logistic
from .retrieve import CHANNELS, Mode, Retrieved, retrieve
from .trees import Trees, is_trees

log = logging.getLogger(__name__)
MODEL = Path(__file__).parent / "models" / "rerank.json"
DEPTH = 10
"""How many first-stage passages are read and re-ordered (10 and 20 gave the same tuning figures)."""
PASSAGE_FEATURES = (
    *CHANNELS,
    "fused_gap",
    "inverse_rank",
    "same_language",
    "sentence_first",
    "sentence_second",
    "sentence_first_gap",
    "sentence_second_gap",
    "sentence_coverage",
    "sentence_coverage_gap",
    "sentence_type",
    "sentence_best",
    "sentence_best_gap",
)
NO_SENTENCE = -1.0
"""The similarity of a passage with no quotable sentence."""
_READ = tuple(SENTENCE_FEATURES.index(f) for f in ("similarity", "second_similarity", "term_coverage", "type_match"))


@dataclass(frozen=True)
class Reranker:
    """The sentence model whose best probability a passage gets, and the passage model."""

    sentences: Logistic
    passages: Logistic | Trees


def load_model(data: dict[str, object]) -> Logistic | Trees:
    """A stored passage model: boosted trees (``qa.trees``) or a logistic model."""
    return Trees.from_dict(data) if is_trees(data) else Logistic.from_dict(data)


@lru_cache(maxsize=1)
def load_reranker(path: Path = MODEL) -> Reranker | None:
    """The fitted re-ranker; None when none was fitted or it was fitted on other features (refit it)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    model = Reranker(Logistic.from_dict(data["sentences"]), load_model(data["passages"]))
    if model.sentences.features != SENTENCE_FEATURES or model.passages.features != PASSAGE_FEATURES:
        log.warning(
            "%s was fitted on other features; the first stage's order is kept (python -m "
            "newsqa.eval.fit_rerank refits it)",
            path,
        )
        return None
    return model


def passage_rows(engine: Engine, query: str, found: Retrieved, sentences: Logistic) -> np.ndarray:
    """One row of ``PASSAGE_FEATURES`` per hit of a hybrid search (``found.channels`` is set), its
    sentences scored by the ``sentences`` model."""
    scored = score_sentences(engine, query, found.hits, len(found.hits), sentences)
    return describe(query, found, [(s.hit.chunk_id, s.features, s.score) for s in scored])


def describe(query: str, found: Retrieved, sentences: list[tuple[str, tuple[float, ...], float]]) -> np.ndarray:
    """``PASSAGE_FEATURES`` of each hit from the first stage's channels and its sentences
    (chunk id, ``SENTENCE_FEATURES`` row, sentence-model probability)."""
    assert found.channels is not None, "passage features need a hybrid search"
    best = {h.chunk_id: [NO_SENTENCE, NO_SENTENCE, 0.0, 0.0, 0.0] for h in found.hits}
    for chunk_id, features, probability in sentences:
        mine = best[chunk_id]
        for k, value in enumerate([*(features[i] for i in _READ), probability]):
            mine[k] = max(mine[k], value)
    top = np.max(np.asarray(list(best.values())), axis=0)
    asked_in = language_group(detect_language(query))
    rows = []
    for r, (hit, channels) in enumerate(zip(found.hits, found.channels, strict=True)):
        first, second, coverage, kind, probability = best[hit.chunk_id]
        rows.append(
            [
                *channels,
                channels[0] - found.channels[0][0],
                1.0 / (r + 1),
                float(language_group(hit.language) == asked_in),
                first,
                second,
                first - top[0],
                second - top[1],
                coverage,
                coverage - top[2],
                kind,
                probability,
                probability - top[4],
            ]
        )
    return np.asarray(rows, dtype=np.float64)


def rerank(engine: Engine, query: str, found: Retrieved, top_k: int, model: Reranker | None = None) -> Retrieved:
    """The ``top_k`` best of ``found`` by the passage model (ties keep the first stage's order)."""
    model = model or load_reranker()
    if model is None or found.channels is None or len(found.hits) < 2:
        return replace(
            found, hits=found.hits[:top_k], channels=None if found.channels is None else found.channels[:top_k]
        )
    probability = model.passages.probability(passage_rows(engine, query, found, model.sentences))
    order = np.argsort(-probability, kind="stable")[:top_k]
    hits = [replace(found.hits[i], rank=r + 1, score=round(float(probability[i]), 4)) for r, i in enumerate(order)]
    return replace(found, hits=hits, channels=found.channels[order])


def find(
    engine: Engine,
    query: str,
    top_k: int,
    languages: list[str] | None = None,
    doc_ids: list[str] | None = None,
    mode: Mode = "hybrid",
) -> Retrieved:
    """The ``top_k`` passages for ``query``: hybrid search reads ``DEPTH`` first-stage passages and
    re-orders them; dense and lexical search keep the first stage."""
    depth = max(top_k, DEPTH) if mode == "hybrid" else top_k
    return rerank(engine, query, retrieve(engine, query, depth, languages, doc_ids, mode), top_k)
