"""Known entities from the corpus, for the sentence ranker's "who" and "where" (an experiment).

    python -m newsqa.eval.experiments.corpus_entities    # ~4 min

Item 4 of issue 11 names three ways to tell whether a sentence holds the kind of thing asked for:
value patterns (in use: ``qa.reader.has_value``), ``jieba.posseg`` tags (measured in
``entity_tags``: no gain) and known entities from the corpus. This builds the last: a gazetteer
of the names the indexed documents repeat, read once per corpus,

- Chinese: words ``jieba.posseg`` (with its HMM, over every document's Han runs after
  simplification) tags as a person (nr, nrt, nrfg), an organisation (nt), another proper noun (nz)
  or a place (ns), of two or more characters, seen at least ``MIN_COUNT`` times;
- Latin script: runs of one to three capitalised words not at a sentence start (the first not a
  stopword), seen at least ``MIN_COUNT`` times;

and gives each candidate sentence of a "who" / "which company" question a column: the sentence
names a known entity that the question does not name (``named``); for a "where" question the same
with the Chinese place names and the Latin names only (``named`` too; other kinds get 0). A second
variant counts only what the pattern misses (``named_only``). Scored as ``sentence_context``
scores (the ranker's top-1 and top-2 out of fold inside tuning, logistic C 1; validation for the
record).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

MIN_COUNT = 2
PERSON_TAGS = frozenset({"nr", "nrt", "nrfg", "nt", "nz"})
PLACE_TAGS = frozenset({"ns"})
HAN = re.compile(r"[\u3400-\u9fff]+")
LATIN = re.compile(r"(?<=[a-zäöüß,;:] )((?:[A-ZÄÖÜ][\w\-]+)(?: [A-ZÄÖÜ][\w\-]+){0,2})")
VARIANTS: dict[str, tuple[int, ...]] = {"in use": (), "+ named": (0,), "+ named_only": (1,)}
GAZETTEERS: dict[int, dict[str, frozenset[str]]] = {}


def gazetteer(texts: list[str]) -> dict[str, frozenset[str]]:
    """The names ``texts`` repeat, by kind ('person': people and organisations, 'place'), folded.

    >>> g = gazetteer(["Er traf Liu Wei in Peking. Danach sprach Liu Wei mit 王长虎。王长虎在北京。"] * 2)
    >>> "liu wei" in g["person"], "王长虎" in g["person"]
    (True, True)
    """
    import jieba
    import jieba.posseg

    from newsqa.index.normalize import jieba_segmenter, to_simplified
    from newsqa.index.words import STOPWORDS

    jieba_segmenter()
    jieba.setLogLevel(logging.WARNING)
    person: Counter[str] = Counter()
    place: Counter[str] = Counter()
    latin: Counter[str] = Counter()
    for text in texts:
        for run in HAN.findall(to_simplified(text)):
            for word, flag in jieba.posseg.cut(run):
                if len(word) >= 2 and flag in PERSON_TAGS:
                    person[word] += 1
                elif len(word) >= 2 and flag in PLACE_TAGS:
                    place[word] += 1
        for name in LATIN.findall(text):
            if name.split()[0].lower() not in STOPWORDS:
                latin[name.lower()] += 1
    names = {n for n, c in latin.items() if c >= MIN_COUNT}
    return {
        "person": frozenset({n for n, c in person.items() if c >= MIN_COUNT} | names),
        "place": frozenset({n for n, c in place.items() if c >= MIN_COUNT} | names),
    }


def named(text: str, question: str, names: frozenset[str]) -> bool:
    """Whether ``text`` names a known entity that ``question`` does not."""
    from newsqa.index.normalize import to_simplified

    folded, asked = to_simplified(text).lower(), to_simplified(question).lower()
    return any(n in folded and n not in asked for n in names)


def columns(suite: Any, engine: Any, q: dict[str, Any], reading: Any) -> list[list[float]]:
    """``named`` and ``named_only`` of each candidate sentence."""
    from newsqa.qa.reader import has_value, question_type

    if id(engine) not in GAZETTEERS:
        GAZETTEERS[id(engine)] = gazetteer([d.text for d in engine.snapshot.documents.values()])
    kind = question_type(q["question"])
    names = GAZETTEERS[id(engine)].get(kind, frozenset())
    extra = []
    for span in reading.scored:
        found = bool(names) and named(span.text, q["question"], names)
        extra.append([float(found), float(found and not has_value(span.text, kind))])
    return extra


def main() -> None:
    from newsqa.eval.experiments.sentence_context import compare, with_columns

    records = with_columns("the corpus-entities experiment", columns)
    for key, g in GAZETTEERS.items():
        print(f"gazetteer {key}: {len(g['person'])} person/organisation names, {len(g['place'])} place names")
    compare(records, VARIANTS)


if __name__ == "__main__":
    main()
