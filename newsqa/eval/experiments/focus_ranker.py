"""Coverage of the words that set a sentence apart, as features of the sentence ranker (an experiment).

    python -m newsqa.eval.experiments.focus_ranker    # ~3 min

The ranker's ``term_coverage`` weighs each question word by its IDF over the whole corpus, so the
topic's name (Liu Wei, a paragraph's subject) weighs most, and the lead sentence that names it wins
over the sentence that says what was asked: "\"Intelligent Emergence\" has learned … that Liu Wei …
resigned" is quoted for who wrote, who edited, and where he started his company. These features
weigh each word (as itself or a dictionary translation) by its IDF times the share of the
question's *candidates* that lack it, so a word that every candidate holds weighs nothing:

- ``focus_sentences``: that weighted coverage, the share taken over the candidate sentences;
- ``focus_passages``: the same with the share of the read passages that lack the word;
- ``focus_gap``: ``focus_sentences`` minus its best value among the question's candidates.

Scored as ``sentence_context`` scores: the ranker's top-1 and top-2 out of fold (grouped 5-fold
cross-validation inside tuning, logistic regression at C 1 as ``eval.fit_reader``), and on
validation for the record. ``focus_passages`` was adopted as the ranker's ``focus_coverage``
(session 24; eval/README.md): run now, "in use" already holds it.
"""

from __future__ import annotations

from typing import Any

EXTRA = ("focus_sentences", "focus_passages", "focus_gap")
VARIANTS: dict[str, tuple[int, ...]] = {
    "in use": (),
    "focus_sentences": (0,),
    "focus_passages": (1,),
    "focus_sentences + gap": (0, 2),
    "all three": (0, 1, 2),
}


def columns(suite: Any, engine: Any, q: dict[str, Any], reading: Any) -> list[list[float]]:
    """``EXTRA`` of each candidate sentence."""
    from newsqa.index.normalize import lexical_tokens
    from newsqa.qa.answer import ANSWER_PASSAGES, focus_weights, sentence_terms, term_coverage, word_translations

    idf = engine.snapshot.lexical.idf
    weighted = [(forms | {word}, idf(word)) for word, forms in word_translations(q["question"])]
    sentences = [sentence_terms(s.text) for s in reading.scored]
    passages = [frozenset(lexical_tokens(h.text)) for h in reading.hits[:ANSWER_PASSAGES]]
    by_sentences, by_passages = focus_weights(weighted, sentences), focus_weights(weighted, passages)
    first = [term_coverage(by_sentences, tokens) for tokens in sentences]
    best = max(first)
    return [[f, term_coverage(by_passages, tokens), f - best] for f, tokens in zip(first, sentences, strict=True)]


def main() -> None:
    from newsqa.eval.experiments.sentence_context import compare, with_columns

    compare(with_columns("the focus-ranker experiment", columns), VARIANTS)


if __name__ == "__main__":
    main()
