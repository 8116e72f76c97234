"""Cold-build throughput against the encoding floor, in one run.

Corpus: the XQuAD development articles in English, German and Chinese (one file per article,
its paragraphs separated by blank lines) written ``--copies`` times under different ids, plus
the seeds; the default 3 copies give 1,080 XQuAD paragraphs. The floor is encoding every chunk
once with each configured encoder, one encoder after the other, measured in the same process
right before the build (encoders are loaded first, outside both timings). The build is
``newsqa.index.build`` into an empty store: reading, cleaning, chunking, lexical tokens, every
vector it needs (sentences included) and every write.

Usage: python -m bench.ingest [--copies 3] [--out bench/ingest.json] [--report bench/report.md]
(``--report`` rewrites that report's "Cold build" section; ``make bench`` runs this too.)
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from newsqa.eval.xquad import DATA as XQUAD_DIR
from newsqa.index import build, embedders_for
from newsqa.index.load import load_paths
from newsqa.index.prepare import prepare
from newsqa.settings import Settings

from .common import ROOT, rss_mb


def write_corpus(folder: Path, copies: int) -> int:
    """XQuAD articles (x ``copies``) and the seeds as files under ``folder``; returns the paragraph count."""
    paragraphs = 0
    for language in ("en", "de", "zh"):
        data = json.loads((XQUAD_DIR / f"xquad.{language}.json").read_text(encoding="utf-8"))
        for number, article in enumerate(data["data"]):
            text = "\n\n".join(p["context"] for p in article["paragraphs"])
            for copy in range(copies):
                (folder / f"xquad-{language}-{number:02d}-{copy}.txt").write_text(text, encoding="utf-8")
                paragraphs += len(article["paragraphs"])
    for seed in sorted((ROOT / "seeds").iterdir()):
        text = seed.read_text(encoding="utf-8")
        (folder / seed.name).write_text(text, encoding="utf-8")
        paragraphs += sum(1 for part in text.split("\n") if part.strip())
    return paragraphs


def measure(copies: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="qa-ingest-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        paragraphs = write_corpus(corpus, copies)
        settings = Settings(home=Path(tmp) / "home")
        started = time.perf_counter()
        embedders = embedders_for(settings)
        load_s = time.perf_counter() - started
        docs = [
            prepare(raw, settings.chunk_max_tokens, settings.chunk_min_tokens) for raw in load_paths([corpus]).documents
        ]
        texts = [c.text for d in docs for c in d.chunks]
        sentences = sum(len(d.sentences) for d in docs)
        floor: dict[str, float] = {}
        for embedder in embedders:
            embedder.encode_documents(texts[:8])  # warm
            started = time.perf_counter()
            embedder.encode_documents(texts)
            floor[embedder.name] = round(time.perf_counter() - started, 2)
        floor_s = sum(floor.values())
        started = time.perf_counter()
        report = build([corpus], settings)
        build_s = time.perf_counter() - started
        characters = sum(len(t) for t in texts)
        return {
            "corpus": {
                "documents": len(docs),
                "paragraphs": paragraphs,
                "chunks": len(texts),
                "sentences": sentences,
                "characters": characters,
                "copies": copies,
            },
            "encoder_load_s": round(load_s, 2),
            "floor_s": {**floor, "total": round(floor_s, 2)},
            "build_s": round(build_s, 2),
            "ratio_to_floor": round(build_s / floor_s, 2),
            "chunks_per_s": round(len(texts) / build_s, 1),
            "characters_per_s": round(characters / build_s),
            "floor_chunks_per_s": round(len(texts) / floor_s, 1),
            "embedded_documents": len(report.embedded),
            "inside_build_s": {
                "chunk_encoding": round(report.floor_seconds, 2),
                "sentence_encoding": round(report.sentence_seconds, 2),
                "writes_overlapped": round(report.write_seconds, 2),
            },
            "memory": rss_mb(),
        }


HEADING = "## Cold build against the encoding floor"


def section(r: dict[str, Any]) -> str:
    """The report section for one measurement."""
    c, floor = r["corpus"], r["floor_s"]
    encoders = " + ".join(f"{name} {seconds} s" for name, seconds in floor.items() if name != "total")
    return "\n".join(
        [
            HEADING,
            "",
            f"Corpus: {c['documents']} documents, {c['paragraphs']:,} paragraphs (XQuAD dev en/de/zh x{c['copies']} "
            f"plus the seeds), {c['chunks']:,} chunks, {c['sentences']:,} sentences, {c['characters']:,} characters.",
            f"Floor (each chunk encoded once by each encoder, same run): {encoders} = {floor['total']} s "
            f"({r['floor_chunks_per_s']} chunks/s). Encoders loaded first in {r['encoder_load_s']} s, outside both.",
            "",
            "| cold build s | chunks/s | characters/s | ratio to floor |",
            "|---|---|---|---|",
            f"| {r['build_s']} | {r['chunks_per_s']} | {r['characters_per_s']:,} | {r['ratio_to_floor']} |",
            "",
            *(
                [
                    "Inside the build: chunk encoding {chunk_encoding} s, sentence encoding {sentence_encoding} s, "
                    "store writes {writes_overlapped} s (on their own thread, overlapping the encoders).".format(
                        **r["inside_build_s"]
                    ),
                    "",
                ]
                if "inside_build_s" in r
                else []
            ),
        ]
    )


def update_report(report: Path, r: dict[str, Any]) -> None:
    """Replace (or add) the cold-build section of ``report``."""
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    if HEADING in text:
        head, rest = text.split(HEADING, 1)
        tail = rest[rest.index("\n## ") + 1 :] if "\n## " in rest else ""
        text = head + section(r) + "\n" + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section(r)
    report.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--report", type=Path, default=None)
    args = parser.parse_args()
    result = measure(args.copies)
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.report:
        update_report(args.report, result)


if __name__ == "__main__":
    main()
