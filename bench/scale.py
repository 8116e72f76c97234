"""One point of the scale curve, run in its own process so its memory is its own.

Builds a synthetic corpus of ``--size`` chunks from recombined seed sentences (in
every language of the corpus, 2-4 sentences of one language per chunk) straight into
a fresh store, then measures start-up (snapshot + lexical index), search and ask.
Vectors: each sentence is embedded once with every default encoder; a chunk's vector
is the normalised mean of its sentences' vectors, so building stays within minutes.
Lexical tokens are the concatenation of the sentences' tokens (the tokenizer splits
at sentence punctuation; the share of chunks where this differs from tokenizing the
whole text is measured and reported). Every chunk's sentences are written to the
sentence collection too, as a real build does, so ``ask`` scores real sentence vectors
(a re-split sentence that is not one seed sentence gets the chunk's vector; the share is
reported).

Usage: python -m bench.scale --size 10000 --home /tmp/scale-10k --out result.json
then the same with --measure in a new process (the embedded store belongs to one process,
and start-up and serving memory must not include the builder's).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from functools import partial
from pathlib import Path

import numpy as np

from newsqa.eval.suites import load_questions
from newsqa.index import build, embedders_for, open_store
from newsqa.index.chunk import sentences as split_sentences
from newsqa.index.normalize import lexical_tokens
from newsqa.index.records import ChunkRecord, DocumentRecord, SentenceRecord, chunk_id, sentence_id
from newsqa.index.store import read_all
from newsqa.settings import Settings

from .common import ROOT, rss_mb, summary, timed

CHUNKS_PER_DOC = 500


def seed_sentences(settings: Settings) -> tuple[list[SentenceRecord], dict[str, str], list[np.ndarray]]:
    """Every sentence of the seed index, its chunk language, and its vectors per embedder."""
    build([ROOT / "seeds"], settings)
    store = open_store(settings)
    got = read_all(store.sentences)
    chunks = {c.chunk_id: c for c in store.all_chunks()}
    sentences = [
        SentenceRecord.from_chroma(sid, t, m)
        for sid, t, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        if len(t) >= 12
    ]
    languages = {s.sentence_id: chunks[s.chunk_id].language for s in sentences}
    vectors = [e.encode_documents([s.text for s in sentences]) for e in embedders_for(settings)]
    return sentences, languages, vectors


def synthesise(size: int, home: Path, seed: int = 7) -> dict[str, float]:
    """Write ``size`` synthetic chunks into a new store under ``home``; returns build figures."""
    rng = random.Random(seed)
    settings = Settings(home=home)
    sentences, languages, vectors = seed_sentences(Settings(home=home / "seed-source"))
    tokens = [lexical_tokens(s.text) for s in sentences]
    by_language: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_language.setdefault(languages[s.sentence_id], []).append(i)
    pool = [lang for lang, idx in by_language.items() for _ in idx]
    sentence_vector = {s.text: np.concatenate([v[i] for v in vectors]) for i, s in enumerate(sentences)}
    store = open_store(settings, create=True)
    started = time.perf_counter()
    mismatched = checked = resplit = written = 0
    for doc_start in range(0, size, CHUNKS_PER_DOC):
        doc_id = f"synth-{doc_start // CHUNKS_PER_DOC:05d}"
        parts: list[str] = []
        chunks: list[ChunkRecord] = []
        chunk_vectors: list[list[np.ndarray]] = [[] for _ in vectors]
        sentence_records: list[SentenceRecord] = []
        sentence_vectors: list[np.ndarray] = []
        offset = 0
        for j in range(min(CHUNKS_PER_DOC, size - doc_start)):
            language = rng.choice(pool)
            picked = rng.sample(by_language[language], k=min(len(by_language[language]), rng.randint(2, 4)))
            joiner = "" if language.startswith("zh") else " "
            text = joiner.join(sentences[i].text for i in picked)
            chunk_tokens = [t for i in picked for t in tokens[i]]
            if checked < 200 and rng.random() < 0.05:
                checked += 1
                mismatched += Counter(lexical_tokens(text)) != Counter(chunk_tokens)
            cid = chunk_id(doc_id, "synthetic", j)
            spans = split_sentences(text, offset)
            chunks.append(
                ChunkRecord(
                    cid,
                    doc_id,
                    "synthetic",
                    doc_id,
                    language,
                    "bench",
                    offset,
                    offset + len(text),
                    text,
                    " ".join(chunk_tokens),
                    len(spans),
                )
            )
            for k, matrix in enumerate(vectors):
                mean = matrix[picked].mean(axis=0)
                chunk_vectors[k].append(mean / np.linalg.norm(mean))
            for n, span in enumerate(spans):
                vector = sentence_vector.get(span.text)
                resplit += vector is None
                written += 1
                sentence_records.append(
                    SentenceRecord(sentence_id(cid, n), cid, doc_id, "synthetic", span.start, span.end, span.text, n)
                )
                fallback = np.concatenate([v[-1] for v in chunk_vectors]) if vector is None else vector
                sentence_vectors.append(fallback)
            parts.append(text)
            offset += len(text) + 2
        with store.write_lock:
            for k in range(len(vectors)):
                store.add_chunks(k, chunks, np.asarray(chunk_vectors[k], dtype=np.float32))
            store.add_sentences(sentence_records, np.asarray(sentence_vectors, dtype=np.float32))
            store.commit_documents(
                [
                    DocumentRecord(
                        doc_id, doc_id, chunks[0].language, "synthetic", "bench", len(chunks), "\n\n".join(parts)
                    )
                ]
            )
    return {
        "build_s": round(time.perf_counter() - started, 1),
        "token_mismatch_share": round(mismatched / checked, 3) if checked else 0.0,
        "sentences": written,
        "resplit_sentence_share": round(resplit / written, 3) if written else 0.0,
    }


def measure(home: Path, questions: list[str]) -> dict[str, object]:
    """Start-up (store snapshot, lexical index and loading the encoders), memory, search and ask latency.

    Runs in a process of its own (``--measure``), so start-up pays for loading the models and
    memory is the serving process's, not the builder's.
    """
    from newsqa.qa import Engine, ask, search

    started = time.perf_counter()
    engine = Engine(Settings(home=home))
    engine.warm_up()
    startup_s = time.perf_counter() - started
    for q in questions[:5]:
        ask(q, engine=engine)
    search_ms: list[float] = []
    ask_ms: list[float] = []
    for q in questions:
        engine.clear_query_cache()
        search_ms += timed(partial(search, q, engine=engine), 1)
        engine.clear_query_cache()
        ask_ms += timed(partial(ask, q, engine=engine), 1)
    return {
        "chunks": len(engine.snapshot.chunks),
        "startup_s": round(startup_s, 1),
        "search_ms": summary(search_ms),
        "ask_ms": summary(ask_ms),
        **{f"serving_{k}": v for k, v in rss_mb().items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--measure", action="store_true", help="Measure an existing store (a fresh process).")
    args = parser.parse_args()
    if args.measure:
        questions = [q["question"] for q in load_questions()]
        args.out.write_text(json.dumps(measure(args.home, questions[:40])))
        return
    figures: dict[str, object] = {**synthesise(args.size, args.home)}
    figures.update({f"builder_{k}": v for k, v in rss_mb().items()})
    args.out.write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
