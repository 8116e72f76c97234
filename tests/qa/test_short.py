"""Short answers: the value span inside the quote, golden in every language of the corpus."""

import pytest

from newsqa.qa.short import find_value


@pytest.mark.parametrize(
    ("sentence", "kind", "terms", "expected"),
    [
        (
            "With a parameter volume of 13 billion, currently the largest open-source video model.",
            "quantity",
            set(),
            "13 billion",
        ),
        (
            "Tencent Mixin's video generation large model can generate a five-second video.",
            "quantity",
            set(),
            "five-second",
        ),
        (
            "The Panthers defense gave up just 308 points, ranking sixth, with 24 interceptions.",
            "quantity",
            {"points"},
            "308 points",
        ),
        ("Im Juni 2024 veröffentlichte Kuaishou das aufsehenerregende „Keling AI“.", "time", set(), "Juni 2024"),
        (
            "Selbst mit einem Zeitraum von 10 oder 20 Jahren könnten keine Erträge erzielt werden.",
            "quantity",
            {"zeitraum"},
            "10 oder 20 Jahren",
        ),
        ("全球視頻創作者規模已達到3.05億,視頻類內容觸達到用戶群體則高達43億。", "quantity", {"创作者"}, "3.05億"),
        ("王長虎:我們跟他聊了25分鐘。", "quantity", set(), "25分鐘"),
        ("4月底,萬興“天幕”音視頻多媒體大模型宣布正式公測。", "time", set(), "4月底"),
        ("腾讯混元于2024年12月3日上线视频生成能力。", "time", set(), "2024年12月3日"),
        ("現在我們有信心在3-6個月之內就可以追趕上Sora目前的水平", "quantity", set(), "3-6個月"),
        (
            "On December 3rd, the Hunyuan large model officially launched video generation.",
            "time",
            set(),
            "December 3rd",
        ),
    ],
)
def test_value_spans(sentence: str, kind: str, terms: set[str], expected: str) -> None:
    span = find_value(sentence, kind, terms)
    assert span is not None
    assert sentence[span[0] : span[1]] == expected


def test_no_value_no_short_answer() -> None:
    assert find_value("Tencent has not responded to the above information.", "quantity", set()) is None
    assert find_value("Liu Wei left to start his own business.", "time", set()) is None
    assert find_value("Any sentence at all.", "", set()) is None
