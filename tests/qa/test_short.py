"""Short answers: the value span inside the quote, golden in every language of the corpus."""

import numpy as np
import pytest

from newsqa.qa.reader import Logistic
from newsqa.qa.short import (
    MODEL,
    SPAN_FEATURES,
    best_value,
    candidates,
    clause,
    find_value,
    load_span_model,
    quote_weight,
    short_answer,
)
from newsqa.qa.types import Citation


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
        (  # a number next to Chinese characters is one number with its unit, not "22" and ",392"
            "平均年森林砍伐率(22,392平方公里或 8,646平方英里 /年)",
            "quantity",
            "每年多少平方英里?",
            "8,646平方英里",
        ),
        (  # the unit the question names, inside the span ("seconds" in "17 seconds")
            "They won 20–18 by intercepting a pass with 17 seconds left on the clock.",
            "quantity",
            "How many seconds were left?",
            "17 seconds",
        ),
        (  # a bare year is not the answer to "how many"
            "Zwischen 1991 und 2000 stieg die Waldfläche von 415.000 auf 587.000 Quadratkilometer an.",
            "quantity",
            "Wie viele Quadratkilometer waren es bis 2000?",
            "587.000 Quadratkilometer",  # the unit the question names, not the year it names
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


def test_candidates_are_every_value_with_its_unit_in_every_script() -> None:
    sentence = "2000年至2005年,有 九个 国家, 5,500,000 平方公里; about 10% in November 1347."
    found = [sentence[s:e] for s, e, _ in candidates(sentence, "quantity")]
    assert found == ["2000年", "2005年", "九个", "5,500,000 平方公里", "about 10%", "November 1347", "1347"]
    time = "In November 1347, 3 ships"
    assert [(time[s:e], asked) for s, e, asked in candidates(time, "time")] == [
        ("November 1347", True),  # the date pattern, the kind asked
        ("1347", False),  # a number: the quantity pattern also finds it
        ("3", False),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Forests hold about 1.1 × 1011 tonnes of carbon.", ["about 1.1 × 1011 tonnes"]),
        ("Wälder speichern etwa 1,1 × 1011 Tonnen Kohlenstoff.", ["etwa 1,1 × 1011 Tonnen"]),
        ("光速约为 3 × 10^8 米每秒", ["3 × 10^8 米"]),
        ("Es waren 2,5 x 10⁶ Besucher.", ["2,5 x 10⁶"]),
        ("其中一半以上在巴西。", ["一半以上"]),
        ("They won 23–16 with 11 points.", ["23–16", "11 points"]),
        ("戴维斯完成了 5½ 次擒杀，比赛还剩 4 分 51 秒。", ["5½ 次", "4 分 51 秒"]),  # a fraction; a two-part time
        ("von 415.000 auf 587.000 Quadratkilometer", ["415.000", "587.000 Quadratkilometer"]),
        (
            "5,500,000 square kilometres, lost by 30,000 to 50,000 people",
            ["5,500,000 square kilometres", "30,000 to 50,000 people"],
        ),
    ],
)
def test_scientific_notation_a_half_and_latin_measures_are_one_value(sentence: str, expected: list[str]) -> None:
    assert [sentence[s:e] for s, e, _ in candidates(sentence, "quantity")] == expected


@pytest.mark.parametrize(
    ("sentence", "value", "expected"),
    [
        (  # a clause that is only the value takes in the clause before it
            "They beat the Patriots in the AFC Championship Game, 20–18, by intercepting a pass.",
            "20–18",
            "They beat the Patriots in the AFC Championship Game, 20–18",
        ),
        (  # a clause runs on over a bracketed aside
            "这一盆地达 7,000,000平方公里,其中 5,500,000 平方公里（2,100,000平方英里）被雨林覆盖。",
            "5,500,000 平方公里",
            "其中 5,500,000 平方公里（2,100,000平方英里）被雨林覆盖",
        ),
        (  # a value inside an aside is judged by the aside
            "Die Fläche stieg von 415.000 auf 587.000 Quadratkilometer (von 160.000 auf 227.000 Quadratmeilen) an.",
            "227.000 Quadratmeilen",
            "von 160.000 auf 227.000 Quadratmeilen",
        ),
        (  # ... and by the clause before it when the aside is only values
            "Die Fläche stieg auf 587.000 Quadratkilometer (227.000 Quadratmeilen) an.",
            "227.000 Quadratmeilen",
            "Die Fläche stieg auf 587.000 Quadratkilometer (227.000 Quadratmeilen",
        ),
        ("Es waren 22-mal, zwischen 1361 und 1528.", "22-mal", "Es waren 22-mal"),
    ],
)
def test_a_value_is_judged_by_a_clause_that_says_something(sentence: str, value: str, expected: str) -> None:
    start = sentence.index(value)
    assert sentence[slice(*clause(sentence, start, start + len(value)))] == expected


def test_the_clause_closest_in_meaning_to_the_question_decides() -> None:
    """Two counts in one sentence: the encoder's similarity of each value's clause to the question
    chooses, whichever way it points (the question's words are in neither clause)."""
    sentence = "他是五次职业碗选手，曾以 136 次擒杀成为 NFL 职业生涯中的活跃领袖。"
    question = "How many career sacks did Jared Allen have?"

    def prefers(part: str):
        return lambda texts: np.asarray([0.9 if part in t else 0.5 for t in texts])

    for part, expected in (("136", "136 次"), ("五次", "五次")):
        span = find_value(sentence, "quantity", question, prefers(part))
        assert span is not None and sentence[span[0] : span[1]] == expected


def test_the_committed_span_model_is_fitted_on_these_features() -> None:
    model = load_span_model(MODEL)
    assert model is not None, "refit with python -m newsqa.eval.fit_short"
    assert model.features == SPAN_FEATURES
    weight = dict(zip(SPAN_FEATURES, model.weights, strict=True))
    assert weight["similarity"] > 0 and weight["in_question"] < 0 and weight["year_for_quantity"] < 0


def test_the_short_answer_may_come_from_any_quote_with_offsets_into_its_document() -> None:
    """The first quote sets the scene, the second holds the count: the value is the second quote's,
    and its offsets point into the second quote's document."""
    first = "Tencent released its Hunyuan video model in 2024."
    second = "It generates a five-second video, at a resolution of 720p."
    document = f"Intro. {first} Then: {second}"
    citations = [
        Citation("d1", "t", "en", "d1-0", document.index(q), document.index(q) + len(q), n, q, q, 1.0)
        for n, q in ((1, first), (2, second))
    ]

    def similarity(texts: list[str]) -> np.ndarray:
        return np.asarray([0.8 if "video" in t and "generates" in t else 0.3 for t in texts])

    short = short_answer("How long are the videos it generates?", citations, "en", similarity)
    assert short is not None and (short.text, short.n) == ("five-second", 2)
    assert document[short.start : short.end] == "five-second"


@pytest.mark.parametrize(("weight", "chosen"), [(0.0, 1), (1.0, 0)])
def test_a_value_of_a_lesser_quote_gives_way_by_the_quote_weight(weight: float, chosen: int) -> None:
    """The second quote's clause is a little closer to the question, but the reader ranked that quote
    at half the best one's score: with a quote weight the best quote's value wins."""
    only_similarity = [1.0 if name == "similarity" else 0.0 for name in SPAN_FEATURES]
    n = len(SPAN_FEATURES)
    model = Logistic(SPAN_FEATURES, np.zeros(n), np.ones(n), np.asarray(only_similarity), 0.0)
    quotes = ["The clip lasts 5 seconds.", "A trailer lasts 9 seconds."]

    def similarity(texts: list[str]) -> np.ndarray:
        return np.asarray([0.5 if "clip" in t else 0.6 for t in texts])

    best = best_value(quotes, "quantity", "How long is the clip?", similarity, model, [1.0, 0.5], weight)
    assert best is not None and best[0] == chosen


def test_the_committed_quote_weight_is_a_fitted_number() -> None:
    assert 0.0 <= quote_weight(MODEL) < 1000.0
