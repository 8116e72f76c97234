"""Example questions drawn from the indexed documents, for the page's empty screen.

Each is "who is" the name a document mentions most (Chinese: a person name by ``jieba.posseg``;
English and German: a capitalised pair of words seen at least twice), asked in the document's
own language, one per document, languages taken in turn.

Example:
    >>> from types import SimpleNamespace as D
    >>> doc = D(doc_id="a", language="en", text="Liu Wei left. Later Liu Wei founded Vidu in Singapore.")
    >>> example_questions([doc])
    [{'question': 'Who is Liu Wei?', 'doc_id': 'a', 'language': 'en'}]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from newsqa.index.words import STOPWORDS

TEMPLATES = {"en": "Who is {}?", "de": "Wer ist {}?", "zh-Hans": "{}是谁?", "zh-Hant": "{}是誰?"}
_PAIR = re.compile(r"\b(?=([A-Z][a-z]{1,15}) ([A-Z][a-z]{1,15})\b)")
READ = 6000  # characters of each document looked at


def example_questions(documents: Iterable[Any], limit: int = 4) -> list[dict[str, str]]:
    """Up to ``limit`` questions, one per document, alternating languages."""
    by_language: dict[str, list[dict[str, str]]] = {}
    for doc in sorted(documents, key=lambda d: d.doc_id):
        name = _main_name(doc.text[:READ], doc.language)
        if name and doc.language in TEMPLATES:
            question = TEMPLATES[doc.language].format(name)
            by_language.setdefault(doc.language, []).append(
                {"question": question, "doc_id": doc.doc_id, "language": doc.language}
            )
    picked: list[dict[str, str]] = []
    seen: set[str] = set()
    while len(picked) < limit and any(by_language.values()):
        for queue in by_language.values():
            if queue and len(picked) < limit:
                item = queue.pop(0)
                if item["question"] not in seen:
                    seen.add(item["question"])
                    picked.append(item)
    return picked


def _main_name(text: str, language: str) -> str | None:
    if language.startswith("zh"):
        from jieba import posseg

        names = Counter(p.word for p in posseg.cut(text) if p.flag == "nr" and len(p.word) >= 2)
    else:
        names = Counter(
            f"{a} {b}" for a, b in _PAIR.findall(text) if a.lower() not in STOPWORDS and b.lower() not in STOPWORDS
        )
    best = [(name, count) for name, count in names.most_common(3) if count >= 2]
    return best[0][0] if best else None
