"""The reader's hand-written parts (question types, values, interviewer lines) and its fitted model file."""

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from newsqa.qa.answer import ScoredSentence, compose
from newsqa.qa.reader import (
    ANSWER_FEATURES,
    MODEL,
    SENTENCE_FEATURES,
    has_value,
    is_headline,
    is_question,
    load_reader,
    question_type,
)


# A golden table (one case per line); its shape repeats other parametrized tests by design.
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How long are the videos that Tencent Hunyuan generates?", "quantity"),
        ("Wie viele Videokreative gibt es weltweit?", "quantity"),
        ("腾讯混元一次能生成多长的视频?", "quantity"),
        ("When did it open for public testing?", "time"),
        ("萬興「天幕」是什麼時候開始公測的?", "time"),
        ("Wo hat Liu Wei sein Startup gegründet?", "place"),
        ("Who founded Aishi Technology?", "person"),
        ("Why did Baidu decline to build video models?", "reason"),
        ("百度CEO为什么不做类Sora的视频模型?", "reason"),
        ("What is PixVerse?", ""),
        # a 'when' after the question word opens a clause and asks for no time; 'wann' is the same
        ("What satellite was used when Sky Digital was launched?", ""),
        ("Who was the leader when the Franks entered the Euphrates valley?", "person"),
        ("How many videos did Aishi publish when it launched?", "quantity"),
        ("How and when did the first variant of y. pestis enter Europe?", "time"),
        ("Since when has Liu Wei been in Singapore?", "time"),
        ("Was sagte Liu Wei, wann er gründete?", ""),
        ("Wie und wann kam die erste Variante nach Europa?", "time"),
        ("Für wann kündigte Setanta Sports einen Abonnentenservice an?", "time"),
    ],
)
def test_question_types_in_every_language(question: str, kind: str) -> None:
    assert question_type(question) == kind


def test_values_and_non_answers() -> None:
    assert has_value("generate a five-second video", "quantity")
    assert has_value("全球視頻創作者規模已達到3.05億", "quantity")
    assert has_value("4月底,萬興“天幕”宣布正式公測", "time")
    assert not has_value("Tencent has not responded.", "time")
    assert has_value("Therefore, no matter how popular it is, Baidu will not do it.", "reason")
    assert is_question("騰訊科技:你們在最初創業的時候也見過朱嘯虎?")
    assert is_question("What did he say?")
    assert not is_question("王長虎:我們跟他聊了25分鐘。")


def test_the_fitted_model_is_plain_data_and_matches_the_features() -> None:
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    assert data["ranker"]["features"] == list(SENTENCE_FEATURES)
    assert data["answer"]["features"] == list(ANSWER_FEATURES)
    assert 0.0 < data["threshold"] < 1.0
    assert "tuning" in data["run"]["data"] and data["run"]["command"] == "python -m newsqa.eval.fit_reader"
    reader = load_reader()
    assert reader is not None
    probability = reader.ranker.probability(np.zeros((1, len(SENTENCE_FEATURES))))
    assert 0.0 < float(probability[0]) < 1.0


SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize(
    ("doc", "sentence", "headline"),
    [
        ("001_665f79c899346b75", "Tencent Hunyuan, left to start his own business.", True),
        ("001_665f79c899346b75", "Written by Zhou Xinyu", False),  # a byline: quotable for "who wrote it?"
        ("001_665f79c899346b75", "Liu Wei has started a business in Singapore", False),
        ("000_bca07adb2c8d4ead", "hat das Unternehmen verlassen, um ein eigenes Unternehmen zu gründen.", True),
        ("002_62d86c8d79d6f6b6", "The Tencent version of 'Sora' joins the text-to-video battlefield.", True),
        ("004_b0cce06f54e4c680", "“天幕”生成。", False),  # the lead sentence of an article without a headline
        ("004_b0cce06f54e4c680", "模落地。", False),  # followed by a cut-off line, not a byline
    ],
)
def test_headlines_in_every_language(doc: str, sentence: str, headline: bool) -> None:
    text = (SEEDS / f"{doc}.txt").read_text(encoding="utf-8")
    end = text.index(sentence) + len(sentence)
    start = text.rfind("\n", 0, end) + 1  # every case is a whole line or ends one
    assert is_headline(text, start, end) is headline


def _sentence(text: str, position: int, score: float, document: str) -> ScoredSentence:
    start = document.index(text)
    hit = SimpleNamespace(doc_id="d", chunk_id="d:0", text=document, title="t", language="en", score=1.0)
    return ScoredSentence(hit, start, start + len(text), text, 0.0, 0.0, position, (), score)  # type: ignore[arg-type]


def test_a_quote_that_draws_a_conclusion_brings_its_reason() -> None:
    document = "Li said the cycle is too long. Therefore, Baidu will not do it. Others disagree."
    scored = [
        _sentence("Therefore, Baidu will not do it.", 1, 0.9, document),
        _sentence("Li said the cycle is too long.", 0, 0.2, document),
        _sentence("Others disagree.", 2, 0.1, document),
    ]
    documents = {"d": SimpleNamespace(text=document)}
    answer, citations, dropped = compose(scored, documents)  # type: ignore[arg-type]
    assert answer == "Li said the cycle is too long. [1] Therefore, Baidu will not do it. [2]"
    assert [c.start for c in citations] == [0, 31] and dropped == 0


@pytest.mark.parametrize(("ratio", "quoted"), [(0.6, 2), (0.75, 1)])
def test_a_second_sentence_is_quoted_when_it_scores_near_the_best(ratio: float, quoted: int) -> None:
    document = "Liu Wei left Tencent. He founded a startup in Singapore. The weather was fine."
    scored = [
        _sentence("He founded a startup in Singapore.", 1, 0.50, document),
        _sentence("Liu Wei left Tencent.", 0, 0.35, document),  # 0.7 of the best
        _sentence("The weather was fine.", 2, 0.05, document),
    ]
    documents = {"d": SimpleNamespace(text=document)}
    _, citations, _ = compose(scored, documents, ratio)  # type: ignore[arg-type]
    assert [c.quote for c in citations] == [s.text for s in scored[:quoted]]
