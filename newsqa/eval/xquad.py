"""The XQuAD suite: a mixed-language pool of Wikipedia paragraphs, every question asked in
English, German and Chinese.

Data: ``eval/data/xquad/`` is the development half of XQuAD (Artetxe et al. 2019, CC BY-SA
4.0; see the README and licence beside it): 24 articles, 120 paragraphs, 612 questions,
aligned across the three languages by position and question id.

The pool (fixed, so every run and every reader sees the same one):

- **one language per paragraph**: the answerable paragraphs, in article then paragraph
  order, take ``zh, en, zh, de`` in turn, so about half the pool is Chinese and a quarter each
  English and German, and neighbouring paragraphs of one article differ in language;
- **held out**: the paragraphs of the articles in ``HELD_OUT`` are not indexed; their
  questions are the unanswerable ones;
- **splits by article**: even article positions are ``tuning``, odd ones ``validation``
  (held-out articles included, two in each). Anything fitted uses tuning only.

Every question becomes three items, one per question language; ``category`` is the pair
``<question language>-<paragraph language>`` (``unanswerable`` for held-out articles). Gold
for retrieval is the paragraph's document id; gold for answers is the answer span in the
paragraph's language.

Example:
    >>> pool = load_pool()
    >>> len(pool.documents), len(pool.questions)
    (100, 1836)
    >>> sorted({d.language for d in pool.documents})
    ['de', 'en', 'zh']
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "xquad"
LANGUAGES = ("en", "de", "zh")
QUESTION_TAG = {"en": "en", "de": "de", "zh": "zh-Hans"}
POOL_CYCLE = ("zh", "en", "zh", "de")
HELD_OUT = (1, 2, 12, 23)
"""Article positions whose paragraphs stay out of the index (Normans, Computational complexity
theory, American Broadcasting Company, French and Indian War: 61 questions)."""


@dataclass(frozen=True)
class Paragraph:
    """One indexed paragraph: its document id, language and text in that language."""

    doc_id: str
    language: str
    text: str
    article: int
    split: str


@dataclass(frozen=True)
class Pool:
    """The documents to index and the questions to ask."""

    documents: list[Paragraph]
    questions: list[dict[str, Any]]


def split_of(article: int) -> str:
    """The fixed split of an article position. Example: split_of(4) -> 'tuning'."""
    return "tuning" if article % 2 == 0 else "validation"


def _load(language: str) -> list[dict[str, Any]]:
    data = json.loads((DATA / f"xquad.{language}.json").read_text(encoding="utf-8"))
    return list(data["data"])


def _aligned() -> Iterator[tuple[int, int, dict[str, dict[str, Any]]]]:
    """(article, paragraph, {language: paragraph}) in the original order."""
    articles = {lang: _load(lang) for lang in LANGUAGES}
    for a, article in enumerate(articles["en"]):
        for p in range(len(article["paragraphs"])):
            yield a, p, {lang: articles[lang][a]["paragraphs"][p] for lang in LANGUAGES}


@lru_cache(maxsize=1)
def load_pool() -> Pool:
    """The fixed pool: documents in one language each, and every question in three languages."""
    documents: list[Paragraph] = []
    questions: list[dict[str, Any]] = []
    position = 0
    for a, p, versions in _aligned():
        held_out = a in HELD_OUT
        doc_id = f"xq{a:02d}p{p}"
        language = "" if held_out else POOL_CYCLE[position % len(POOL_CYCLE)]
        if not held_out:
            position += 1
            documents.append(Paragraph(doc_id, language, versions[language]["context"], a, split_of(a)))
        qas = {lang: {q["id"]: q for q in versions[lang]["qas"]} for lang in LANGUAGES}
        for qid, english in qas["en"].items():
            answers = [] if held_out else qas[language][qid]["answers"]
            gold = sorted({x["text"] for x in answers})
            for q_lang in LANGUAGES:
                asked = qas[q_lang][qid]
                questions.append(
                    {
                        "id": f"{qid}-{q_lang}",
                        "fact": qid,
                        "question": asked["question"],
                        "language": QUESTION_TAG[q_lang],
                        "category": "unanswerable" if held_out else f"{q_lang}-{language}",
                        "split": split_of(a),
                        "answer": asked["answers"][0]["text"],
                        "doc_ids": [] if held_out else [doc_id],
                        "evidence": gold,
                        "evidence_at": sorted({x["answer_start"] for x in answers}),
                        "english": english["question"],
                    }
                )
    return Pool(documents, questions)


def write_documents(folder: Path) -> list[Path]:
    """Write the pool as ``<doc_id>.txt`` files (what ``index.build`` reads); returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in load_pool().documents:
        path = folder / f"{doc.doc_id}.txt"
        if not path.exists() or path.read_text(encoding="utf-8") != doc.text:
            path.write_text(doc.text, encoding="utf-8")
        paths.append(path)
    return paths
