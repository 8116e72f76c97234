"""Part-of-speech tags for "who" and "where" in Chinese sentences, for the sentence ranker (an experiment).

    python -m newsqa.eval.experiments.entity_tags    # ~3 min

The ranker's ``type_match`` says whether a sentence holds the kind of thing the question asks for
(``qa.reader.has_value``). For a person or a place it is a pattern: two capitalised words, a
company suffix (科技, 公司), a place character (国, 市, 州) or a few place names. A Chinese sentence
that names 王长虎 or 圣克拉拉 matches none of them. This measures jieba's part-of-speech tags
(``jieba.posseg``, dictionary only: without its HMM a sentence takes ~0.15 ms, with it ~50 ms)
on the Chinese words of a sentence (after simplification), as a second column beside
``type_match``:

- ``tagged``: ``type_match``, or, for a person question, a person name (nr, nrt, nrfg), an
  organisation (nt) or another proper noun (nz); for a place question, a place name (ns);
- ``tagged_only``: the same, 0 where the pattern already matches (what the tags add).

Scored as ``sentence_context`` scores: the ranker's top-1 and top-2 out of fold (grouped 5-fold
cross-validation inside tuning, logistic regression at C 1 as ``eval.fit_reader``), and on
validation for the record.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

TAGS = {"person": frozenset({"nr", "nrt", "nrfg", "nt", "nz"}), "place": frozenset({"ns"})}
HAN = re.compile(r"[\u3400-\u9fff]+")
VARIANTS: dict[str, tuple[int, ...]] = {"in use": (), "+ tagged": (0,), "+ tagged_only": (1,)}


@lru_cache(maxsize=65536)
def chinese_tags(text: str) -> frozenset[str]:
    """The part-of-speech tags of the Chinese words of ``text``.

    >>> sorted(chinese_tags("王長虎在新加坡創業") & {"nr", "ns"})
    ['nr', 'ns']
    """
    import jieba
    import jieba.posseg

    from newsqa.index.normalize import jieba_segmenter, to_simplified

    jieba_segmenter()
    jieba.setLogLevel(logging.WARNING)
    return frozenset(flag for run in HAN.findall(to_simplified(text)) for _, flag in jieba.posseg.cut(run, HMM=False))


def tagged(text: str, kind: str) -> bool:
    """Whether a Chinese word of ``text`` is tagged as the kind of thing asked for."""
    return kind in TAGS and bool(HAN.search(text)) and bool(chinese_tags(text) & TAGS[kind])


def columns(suite: Any, engine: Any, q: dict[str, Any], reading: Any) -> list[list[float]]:
    """``tagged`` and ``tagged_only`` of each candidate sentence."""
    from newsqa.qa.reader import has_value, question_type

    kind = question_type(q["question"])
    extra = []
    for span in reading.scored:
        pattern, tags = has_value(span.text, kind), tagged(span.text, kind)
        extra.append([float(pattern or tags), float(tags and not pattern)])
    return extra


def main() -> None:
    from newsqa.eval.experiments.sentence_context import compare, with_columns

    compare(with_columns("the entity-tags experiment", columns), VARIANTS)


if __name__ == "__main__":
    main()
