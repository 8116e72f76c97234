"""The reader's hand-written parts (question types, values, interviewer lines) and its fitted model file."""

import json

import numpy as np
import pytest

from newsqa.qa.reader import (
    ANSWER_FEATURES,
    MODEL,
    SENTENCE_FEATURES,
    has_value,
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
