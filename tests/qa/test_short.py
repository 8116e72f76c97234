"""Short answers: the value span inside the quote, golden in every language of the corpus."""

import pytest

from newsqa.qa.short import find_value


@pytest.mark.parametrize(
    ("sentence", "kind", "question", "expected"),
    [
        (
            "With a parameter volume of 13 billion, currently the largest open-source video model.",
            "quantity",
            "",
            "13 billion",
        ),
        (
            "Tencent Mixin's video generation large model can generate a five-second video.",
            "quantity",
            "",
            "five-second",
        ),
        (
            "The Panthers defense gave up just 308 points, ranking sixth, with 24 interceptions.",
            "quantity",
            "How many points did the defense give up?",
            "308 points",
        ),
        ("Im Juni 2024 veröffentlichte Kuaishou das aufsehenerregende „Keling AI“.", "time", "", "Juni 2024"),
        (
            "Selbst mit einem Zeitraum von 10 oder 20 Jahren könnten keine Erträge erzielt werden.",
            "quantity",
            "In welchem Zeitraum gibt es keine Erträge?",
            "10 oder 20 Jahren",
        ),
        (
            "全球視頻創作者規模已達到3.05億,視頻類內容觸達到用戶群體則高達43億。",
            "quantity",
            "视频创作者有多少?",
            "3.05億",
        ),
        ("王長虎:我們跟他聊了25分鐘。", "quantity", "", "25分鐘"),
        ("4月底,萬興“天幕”音視頻多媒體大模型宣布正式公測。", "time", "", "4月底"),
        ("腾讯混元于2024年12月3日上线视频生成能力。", "time", "", "2024年12月3日"),
        ("現在我們有信心在3-6個月之內就可以追趕上Sora目前的水平", "quantity", "", "3-6個月"),
        (  # the question's own number is not the answer
            "The Broncos defeated the Steelers 23–16 by scoring 11 points in the final three minutes of the game.",
            "quantity",
            "How many points did the Broncos score in the last three minutes?",
            "11 points",
        ),
        (  # an English question meets a Chinese quote through the dictionary ("worldwide" -> 全球)
            "全球視頻創作者規模已達到3.05億,視頻類內容觸達到用戶群體則高達43億。",
            "quantity",
            "How many creators are there worldwide?",
            "3.05億",
        ),
        (
            "On December 3rd, the Hunyuan large model officially launched video generation.",
            "time",
            "",
            "December 3rd",
        ),
    ],
)
def test_value_spans(sentence: str, kind: str, question: str, expected: str) -> None:
    span = find_value(sentence, kind, question)
    assert span is not None
    assert sentence[span[0] : span[1]] == expected


def test_no_value_no_short_answer() -> None:
    assert find_value("Tencent has not responded to the above information.", "quantity", "") is None
    assert find_value("Liu Wei left to start his own business.", "time", "") is None
    assert find_value("Any sentence at all.", "", "") is None
